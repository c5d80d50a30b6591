//! Which drivers a workspace depends on, read from its dependency manifests: `package.json`,
//! `requirements*.txt`, `pyproject.toml`, `go.mod`, `pom.xml`, `build.gradle(.kts)`, and
//! .NET's `*.csproj` and `Directory.Packages.props`.
//!
//! These manifests are the only workspace files the server reads for connection strings: a
//! plain `postgres://` URL is read by whatever driver the project uses, and they name it.
//! They are looked for from a file's folder upward, up to a folder holding `.git` or
//! [`MAX_LEVELS`] folders up, the nearest first.

use std::path::{Path, PathBuf};

use super::Driver;
use crate::files::Files;

/// How many folders above the file's own are searched when no `.git` stops the walk.
pub const MAX_LEVELS: usize = 4;

/// One dependency on a driver, and where it is declared.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Dependency {
    pub driver: Driver,
    /// The package as the manifest names it (`pg`, `github.com/lib/pq`).
    pub package: String,
    /// The manifest's file name (`package.json`), for messages.
    pub manifest: String,
    pub path: PathBuf,
    /// The version requirement as written, when there is one.
    pub requirement: Option<String>,
}

/// What the manifests around a file say.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Workspace {
    /// Driver dependencies, nearest manifest first, in each manifest's order.
    pub dependencies: Vec<Dependency>,
    /// The SQLAlchemy dependency, when there is one: it decides how a plain URL is read by
    /// Python code, whatever DBAPI sits under it.
    pub sqlalchemy: Option<Dependency>,
}

impl Workspace {
    /// True when nothing was found.
    pub fn is_empty(&self) -> bool {
        self.dependencies.is_empty() && self.sqlalchemy.is_none()
    }

    /// True when the workspace depends on SQLAlchemy and does not pin a release older than
    /// 1.4, the first that refuses `postgres://` (its 1.4 changelog removes the alias).
    pub fn sqlalchemy_refuses_postgres_scheme(&self) -> bool {
        self.sqlalchemy
            .as_ref()
            .is_some_and(|dep| !dep.requirement.as_deref().is_some_and(pins_before_1_4))
    }
}

/// The manifests from `folder` upward.
pub fn discover(folder: &Path, files: &dyn Files) -> Workspace {
    let mut workspace = Workspace::default();
    let mut current = Some(folder);
    for _ in 0..=MAX_LEVELS {
        let Some(dir) = current else {
            break;
        };
        read_folder(dir, files, &mut workspace);
        // `.git` is a folder in a clone and a file in a worktree.
        let git = dir.join(".git");
        if files.exists(&git) || files.list(&git).is_some() {
            break;
        }
        current = dir.parent();
    }
    workspace
}

/// The manifests of one folder.
fn read_folder(dir: &Path, files: &dyn Files, workspace: &mut Workspace) {
    let mut names: Vec<String> =
        ["package.json", "pyproject.toml", "go.mod", "pom.xml", "build.gradle", "build.gradle.kts"]
            .iter()
            .map(|name| name.to_string())
            .collect();
    let mut listed: Vec<String> = files
        .list(dir)
        .unwrap_or_default()
        .iter()
        .filter_map(|path| path.file_name()?.to_str().map(str::to_string))
        .filter(|name| {
            (name.starts_with("requirements") && name.ends_with(".txt"))
                || name.ends_with(".csproj")
        })
        .collect();
    listed.sort();
    names.extend(listed);
    names.push("Directory.Packages.props".to_string());

    for name in names {
        let path = dir.join(&name);
        let Some(text) = files.read(&path) else {
            continue;
        };
        let found = match name.as_str() {
            "package.json" => package_json(&text),
            "go.mod" => go_mod(&text),
            "pom.xml" | "build.gradle" | "build.gradle.kts" => java(&text),
            _ if name.ends_with(".csproj") || name.ends_with(".props") => dotnet(&text),
            _ => python(&text),
        };
        for (package, driver, requirement) in found {
            let dependency = Dependency {
                driver: driver.unwrap_or(Driver::SqlAlchemyPsycopg),
                package,
                manifest: name.clone(),
                path: path.clone(),
                requirement,
            };
            if driver.is_none() {
                // SQLAlchemy's own requirement decides the release, not a wrapper's.
                let wrapped = |dep: &Dependency| !dep.package.eq_ignore_ascii_case("sqlalchemy");
                if workspace.sqlalchemy.as_ref().is_none_or(wrapped) && !wrapped(&dependency) {
                    workspace.sqlalchemy = Some(dependency);
                } else {
                    workspace.sqlalchemy.get_or_insert(dependency);
                }
            } else if !workspace.dependencies.iter().any(|known| known.driver == dependency.driver)
            {
                workspace.dependencies.push(dependency);
            }
        }
    }
}

/// A dependency found in a manifest: the package, its driver (`None` for SQLAlchemy,
/// which is no driver itself), and the requirement as written.
type Found = (String, Option<Driver>, Option<String>);

/// The npm packages that are drivers, and wrappers that always read the URL with one:
/// pg-promise depends on `pg` and hands it the connection string. (knex, TypeORM and
/// Sequelize need `pg` installed beside them, which names the driver already.)
fn npm_driver(package: &str) -> Option<Driver> {
    match package {
        "pg" | "pg-promise" => Some(Driver::NodePostgres),
        "prisma" | "@prisma/client" => Some(Driver::Prisma),
        "postgres" => Some(Driver::PostgresJs),
        _ => None,
    }
}

/// `dependencies` and `devDependencies` of a `package.json` (Prisma's CLI usually sits in
/// the latter).
fn package_json(text: &str) -> Vec<Found> {
    let Ok(json) = serde_json::from_str::<serde_json::Value>(text) else {
        return Vec::new();
    };
    let mut found = Vec::new();
    for section in ["dependencies", "devDependencies"] {
        let Some(deps) = json.get(section).and_then(|deps| deps.as_object()) else {
            continue;
        };
        for (package, version) in deps {
            if let Some(driver) = npm_driver(package) {
                let requirement = version.as_str().map(str::to_string);
                found.push((package.clone(), Some(driver), requirement));
            }
        }
    }
    // Prisma reads the URL when it is there, even beside `pg` (its adapter's dependency).
    found.sort_by_key(|(_, driver, _)| *driver != Some(Driver::Prisma));
    found
}

/// The Python distributions that matter, normalized as PEP 503 does (lower case, `_` and `.`
/// as `-`). Flask-SQLAlchemy, SQLModel and Alembic hand their URL to SQLAlchemy's
/// `create_engine`, so they count as SQLAlchemy (Flask-SQLAlchemy 3 requires SQLAlchemy 2).
/// django-environ and dj-database-url are the URL parsers of Django projects.
fn python_driver(name: &str) -> Option<Option<Driver>> {
    match name {
        "sqlalchemy" | "flask-sqlalchemy" | "sqlmodel" | "alembic" => Some(None),
        "django-environ" => Some(Some(Driver::DjangoEnviron)),
        "dj-database-url" => Some(Some(Driver::DjDatabaseUrl)),
        "asyncpg" => Some(Some(Driver::Asyncpg)),
        "psycopg" | "psycopg2" | "psycopg2-binary" | "psycopg-binary" | "psycopg-c" => {
            Some(Some(Driver::Libpq))
        }
        _ => None,
    }
}

/// Requirements in `requirements*.txt` lines, PEP 621 dependency strings (one a line or
/// several in an inline array) and Poetry's `name = "spec"` tables of a `pyproject.toml`:
/// each line's leading name and each quoted string's.
fn python(text: &str) -> Vec<Found> {
    let mut found = Vec::new();
    for line in text.lines() {
        let line = line.split('#').next().unwrap_or("").trim();
        let mut candidates = vec![line.trim_start_matches(['"', '\''])];
        candidates.extend(line.split('"').skip(1).step_by(2));
        for candidate in candidates {
            if let Some(dependency) = python_requirement(candidate) {
                if !found.contains(&dependency) {
                    found.push(dependency);
                }
            }
        }
    }
    found
}

/// One requirement (`SQLAlchemy[asyncio]>=2.0`, `asyncpg = "^0.29"`) if it names a driver.
fn python_requirement(text: &str) -> Option<Found> {
    let name_len = text
        .find(|c: char| !(c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.')))
        .unwrap_or(text.len());
    let (name, rest) = text.split_at(name_len);
    let follows = rest.trim_start().chars().next();
    if !matches!(follows, None | Some('[' | '<' | '>' | '=' | '~' | '!' | ';' | '"' | '\'')) {
        return None;
    }
    let normalized = name.to_ascii_lowercase().replace(['_', '.'], "-");
    let driver = python_driver(&normalized)?;
    let mut requirement = rest.trim();
    if let Some(poetry) = requirement.strip_prefix('=').filter(|spec| !spec.starts_with('=')) {
        // Poetry: `name = "^1.3"`.
        requirement = poetry.trim();
    }
    let requirement = requirement.trim_matches([',', '"', '\'', ' ']);
    // A wrapper's version says nothing about SQLAlchemy's, so it is not kept.
    let wrapper = driver.is_none() && normalized != "sqlalchemy";
    let requirement = (!requirement.is_empty() && !wrapper).then(|| requirement.to_string());
    Some((name.to_string(), driver, requirement))
}

/// The Go modules of a `go.mod` (its `require` lines, single or in a block).
fn go_mod(text: &str) -> Vec<Found> {
    let mut found = Vec::new();
    for line in text.lines() {
        let line = line.trim().trim_start_matches("require").trim();
        let mut words = line.split_whitespace();
        let Some(module) = words.next() else {
            continue;
        };
        let driver = if module == "github.com/lib/pq" {
            Driver::GoLibPq
        } else if module == "github.com/jackc/pgx" || module.starts_with("github.com/jackc/pgx/v") {
            Driver::Pgx
        } else {
            continue;
        };
        found.push((module.to_string(), Some(driver), words.next().map(str::to_string)));
    }
    found
}

/// pgjdbc in a Maven or Gradle build: `org.postgresql:postgresql`.
fn java(text: &str) -> Vec<Found> {
    let compact: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    let maven = compact.contains("<groupId>org.postgresql</groupId><artifactId>postgresql<");
    let gradle = text.contains("org.postgresql:postgresql");
    if maven || gradle {
        vec![("org.postgresql:postgresql".to_string(), Some(Driver::Pgjdbc), None)]
    } else {
        Vec::new()
    }
}

/// Npgsql in a .NET project: a `PackageReference` (or, with central package management, a
/// `PackageVersion`) of `Npgsql` or of a package built on it, such as
/// `Npgsql.EntityFrameworkCore.PostgreSQL`. NuGet ids are case-insensitive.
fn dotnet(text: &str) -> Vec<Found> {
    let mut found: Vec<Found> = Vec::new();
    for element in text.split('<').skip(1) {
        let lower = element.to_ascii_lowercase();
        if !(lower.starts_with("packagereference") || lower.starts_with("packageversion")) {
            continue;
        }
        let Some(package) = attribute(element, "Include") else {
            continue;
        };
        let id = package.to_ascii_lowercase();
        if id != "npgsql" && !id.starts_with("npgsql.") {
            continue;
        }
        if found.iter().all(|(known, _, _)| !known.eq_ignore_ascii_case(package)) {
            let version = attribute(element, "Version").map(str::to_string);
            found.push((package.to_string(), Some(Driver::Npgsql), version));
        }
    }
    found
}

/// The value of the XML attribute `name` in an element's text (`Include="Npgsql"`).
fn attribute<'a>(element: &'a str, name: &str) -> Option<&'a str> {
    let tag = element.split('>').next()?;
    let at = tag.find(&format!("{name}="))? + name.len() + 1;
    let quote = tag[at..].chars().next().filter(|c| matches!(c, '"' | '\''))?;
    let rest = &tag[at + 1..];
    rest.find(quote).map(|end| &rest[..end])
}

/// True when a PEP 440 or Poetry requirement keeps SQLAlchemy below 1.4: `==1.3.24`,
/// `~=1.3`, `<1.4`, `<=1.3.24`, `^1.3`.
pub fn pins_before_1_4(requirement: &str) -> bool {
    requirement.split(',').any(|clause| {
        let clause = clause.trim();
        let version_at = clause.find(|c: char| c.is_ascii_digit()).unwrap_or(clause.len());
        let (operator, version) = clause.split_at(version_at);
        let mut parts = version.split('.').map(|part| part.parse::<u32>().ok());
        let major = parts.next().flatten();
        let minor = parts.next().flatten().unwrap_or(0);
        let Some(major) = major else {
            return false;
        };
        let release = (major, minor);
        match operator.trim() {
            "<" => release <= (1, 4),
            "==" | "===" | "~=" | "^" | "~" | "<=" | "" => release < (1, 4),
            _ => false,
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::files::MemoryFiles;

    fn render(workspace: &Workspace) -> String {
        let mut lines: Vec<String> = workspace
            .dependencies
            .iter()
            .map(|dep| {
                format!(
                    "{:?} {} in {} ({})",
                    dep.driver,
                    dep.package,
                    dep.path.display(),
                    dep.requirement.as_deref().unwrap_or("-")
                )
            })
            .collect();
        if let Some(dep) = &workspace.sqlalchemy {
            let requirement = dep.requirement.as_deref().unwrap_or("-");
            lines.push(format!("SQLAlchemy in {} ({requirement})", dep.path.display()));
        }
        lines.join("\n")
    }

    #[test]
    fn every_manifest_kind() {
        let files = MemoryFiles::default()
            .with(
                "/w/app/package.json",
                r#"{"dependencies": {"pg": "^8.11.0", "express": "4"},
                    "devDependencies": {"prisma": "5.0.0"}}"#,
            )
            .with("/w/app/requirements-dev.txt", "# tools\nSQLAlchemy[asyncio]>=2.0\nasyncpg\n")
            .with(
                "/w/pyproject.toml",
                "[project]\ndependencies = [\"psycopg[binary]>=3.1\", \"x\"]\n",
            )
            .with("/w/app/pyproject.toml", "[tool.poetry.dependencies]\nsqlalchemy = \"^1.3\"\n")
            .with("/w/go.mod", "module x\n\nrequire (\n\tgithub.com/jackc/pgx/v5 v5.5.0\n)\n")
            .with(
                "/w/pom.xml",
                "<dependency>\n <groupId>org.postgresql</groupId>\n \
                 <artifactId>postgresql</artifactId>\n</dependency>",
            )
            .with(
                "/w/Api.csproj",
                "<Project>\n  <ItemGroup>\n    <PackageReference \
                 Include=\"Npgsql.EntityFrameworkCore.PostgreSQL\" Version=\"8.0.4\" />\n\
                 \x20   <PackageReference Include=\"Serilog\" />\n  </ItemGroup>\n</Project>",
            )
            .with_dir("/w/.git")
            .with("/package.json", r#"{"dependencies": {"postgres": "3"}}"#);
        let workspace = discover(Path::new("/w/app"), &files);
        expect_test::expect![[r#"
            Prisma prisma in /w/app/package.json (5.0.0)
            NodePostgres pg in /w/app/package.json (^8.11.0)
            Asyncpg asyncpg in /w/app/requirements-dev.txt (-)
            Libpq psycopg in /w/pyproject.toml ([binary]>=3.1)
            Pgx github.com/jackc/pgx/v5 in /w/go.mod (v5.5.0)
            Pgjdbc org.postgresql:postgresql in /w/pom.xml (-)
            Npgsql Npgsql.EntityFrameworkCore.PostgreSQL in /w/Api.csproj (8.0.4)
            SQLAlchemy in /w/app/pyproject.toml (^1.3)"#]]
        .assert_eq(&render(&workspace));
        // Poetry pins `^1.3` in the nearer folder: SQLAlchemy still takes `postgres://`.
        assert!(!workspace.sqlalchemy_refuses_postgres_scheme());
    }

    #[test]
    fn wrappers_count_as_their_driver() {
        let flask = MemoryFiles::default()
            .with("/f/requirements.txt", "Flask-SQLAlchemy==3.1\npsycopg[binary]\n")
            .with("/f/package.json", r#"{"dependencies": {"pg-promise": "11"}}"#);
        let workspace = discover(Path::new("/f"), &flask);
        expect_test::expect![[r#"
            NodePostgres pg-promise in /f/package.json (11)
            Libpq psycopg in /f/requirements.txt ([binary])
            SQLAlchemy in /f/requirements.txt (-)"#]]
        .assert_eq(&render(&workspace));
        assert!(workspace.sqlalchemy_refuses_postgres_scheme());

        // SQLAlchemy's own pin decides, wherever the wrapper is listed.
        let pinned = MemoryFiles::default()
            .with("/p/requirements.txt", "alembic==1.0\nsqlmodel\nSQLAlchemy==1.3.24\n");
        let workspace = discover(Path::new("/p"), &pinned);
        expect_test::expect!["SQLAlchemy in /p/requirements.txt (==1.3.24)"]
            .assert_eq(&render(&workspace));
        assert!(!workspace.sqlalchemy_refuses_postgres_scheme());
    }

    #[test]
    fn django_url_helpers() {
        let files = MemoryFiles::default()
            .with(
                "/d/requirements.txt",
                "Django>=5.0
django-environ==0.11.2
psycopg[binary]
",
            )
            .with(
                "/d/pyproject.toml",
                "[tool.poetry.dependencies]
dj_database_url = \"^2.1\"\n",
            );
        expect_test::expect![[r#"
            DjDatabaseUrl dj_database_url in /d/pyproject.toml (^2.1)
            DjangoEnviron django-environ in /d/requirements.txt (==0.11.2)
            Libpq psycopg in /d/requirements.txt ([binary])"#]]
        .assert_eq(&render(&discover(Path::new("/d"), &files)));
    }

    #[test]
    fn the_walk_stops_at_the_repository_root_or_after_a_few_levels() {
        let files = MemoryFiles::default()
            .with("/a/package.json", r#"{"dependencies": {"pg": "8"}}"#)
            .with_dir("/a/b/.git");
        assert!(discover(Path::new("/a/b/c"), &files).is_empty());
        let deep = MemoryFiles::default().with("/package.json", r#"{"dependencies": {"pg": "8"}}"#);
        assert!(discover(Path::new("/1/2/3/4/5/6"), &deep).is_empty());
        assert!(!discover(Path::new("/1/2/3"), &deep).is_empty());
    }

    #[test]
    fn sqlalchemy_releases() {
        let verdicts: Vec<String> =
            ["==1.3.24", "~=1.3", "<1.4", "<=1.3.9", "^1.3", ">=1.3", ">=1.4,<2", "2.0.1", "<2"]
                .iter()
                .map(|req| format!("{req} {}", pins_before_1_4(req)))
                .collect();
        expect_test::expect![[r#"
            ==1.3.24 true
            ~=1.3 true
            <1.4 true
            <=1.3.9 true
            ^1.3 true
            >=1.3 false
            >=1.4,<2 false
            2.0.1 false
            <2 false"#]]
        .assert_eq(&verdicts.join("\n"));
    }

    #[test]
    fn broken_manifests_are_ignored() {
        let files = MemoryFiles::default()
            .with("/p/package.json", "{not json")
            .with("/p/go.mod", "require")
            .with("/p/requirements.txt", "\"\n[\n==\n")
            .with("/p/App.csproj", "<PackageReference Include=\"Npgsql")
            .with("/p/Directory.Packages.props", "<PackageVersion Include='Npgsqlx' />");
        assert!(discover(Path::new("/p"), &files).is_empty());
    }
}
