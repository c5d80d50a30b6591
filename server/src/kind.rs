//! The kinds of file pgconf-lsp reads, and how a file's name or an editor's language id
//! picks one.

use std::path::Path;

/// Files with a readable extension that tools generate: never read.
const LOCKFILES: [&str; 3] = ["package-lock.json", "npm-shrinkwrap.json", "pnpm-lock.yaml"];

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum FileKind {
    /// `postgresql.conf` and its includes.
    PgConf,
    /// `pg_hba.conf`.
    PgHba,
    /// `pg_ident.conf`: the user name maps that `map=` options of `pg_hba.conf` name.
    PgIdent,
    /// `pgbouncer.ini`.
    PgBouncer,
    /// `.env` files: `KEY=VALUE` lines whose values may be connection strings.
    DotEnv,
    /// One libpq connection string per line, for `check --kind conninfo -`.
    ConnInfo,
    /// PgBouncer's `auth_file`, `userlist.txt`.
    UserList,
    /// YAML (docker-compose files, Kubernetes manifests, Helm values): string scalars
    /// that are connection strings.
    Yaml,
    /// JSON (`appsettings.json` and the like): string values that are connection strings.
    Json,
    /// TOML: string values that are connection strings.
    Toml,
    /// Java `.properties`: values that are connection strings.
    Properties,
    /// Shell scripts: `export NAME=value` and `NAME=value` lines whose values are
    /// connection strings.
    Shell,
}

impl FileKind {
    pub const ALL: [FileKind; 12] = [
        FileKind::PgConf,
        FileKind::PgHba,
        FileKind::PgIdent,
        FileKind::PgBouncer,
        FileKind::DotEnv,
        FileKind::ConnInfo,
        FileKind::UserList,
        FileKind::Yaml,
        FileKind::Json,
        FileKind::Toml,
        FileKind::Properties,
        FileKind::Shell,
    ];

    /// The name used by `--kind` and, for all but `conninfo`, by editors as the language id.
    pub fn name(self) -> &'static str {
        match self {
            FileKind::PgConf => "pgconf",
            FileKind::PgHba => "pghba",
            FileKind::PgIdent => "pgident",
            FileKind::PgBouncer => "pgbouncer",
            FileKind::DotEnv => "dotenv",
            FileKind::ConnInfo => "conninfo",
            FileKind::UserList => "userlist",
            FileKind::Yaml => "yaml",
            FileKind::Json => "json",
            FileKind::Toml => "toml",
            FileKind::Properties => "properties",
            FileKind::Shell => "shell",
        }
    }

    /// True for the kinds whose files are in a general format that only sometimes holds a
    /// connection string (YAML, JSON, TOML, `.properties`, shell).
    pub fn is_embedding(self) -> bool {
        matches!(
            self,
            FileKind::Yaml
                | FileKind::Json
                | FileKind::Toml
                | FileKind::Properties
                | FileKind::Shell
        )
    }

    pub fn from_name(name: &str) -> Option<FileKind> {
        FileKind::ALL.into_iter().find(|kind| kind.name() == name)
    }

    /// The kind an editor's language id names. `conninfo` is not a language id: an
    /// editor never opens a file of bare connection strings. The general formats go by
    /// the ids editors give them (VS Code's `jsonc`, `shellscript`, `java-properties`).
    pub fn from_language_id(language_id: &str) -> Option<FileKind> {
        match language_id {
            "jsonc" => Some(FileKind::Json),
            "shellscript" | "sh" | "bash" => Some(FileKind::Shell),
            "java-properties" | "jproperties" => Some(FileKind::Properties),
            _ => FileKind::from_name(language_id).filter(|kind| *kind != FileKind::ConnInfo),
        }
    }

    /// The kind a file's name says it is, or `None` for files we do not read.
    pub fn from_path(path: &Path) -> Option<FileKind> {
        let name = path.file_name()?.to_str()?;

        if name == "pgbouncer.ini" {
            Some(FileKind::PgBouncer)
        } else if name.starts_with("userlist") && name.ends_with(".txt") {
            Some(FileKind::UserList)
        } else if name.starts_with("pg_hba") && name.ends_with(".conf") {
            Some(FileKind::PgHba)
        } else if name.starts_with("pg_ident") && name.ends_with(".conf") {
            Some(FileKind::PgIdent)
        } else if name.starts_with("postgresql") && name.ends_with(".conf") {
            Some(FileKind::PgConf)
        } else if name == ".env" || name.starts_with(".env.") || name.ends_with(".env") {
            Some(FileKind::DotEnv)
        } else if LOCKFILES.contains(&name) {
            // Generated, often huge, and never where a connection string is configured.
            None
        } else if name.ends_with(".yml") || name.ends_with(".yaml") {
            Some(FileKind::Yaml)
        } else if name.ends_with(".json") {
            Some(FileKind::Json)
        } else if name.ends_with(".toml") {
            Some(FileKind::Toml)
        } else if name.ends_with(".properties") {
            Some(FileKind::Properties)
        } else if name.ends_with(".sh") || name.ends_with(".bash") {
            Some(FileKind::Shell)
        } else {
            None
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_from_file_names() {
        let names = [
            "postgresql.conf",
            "postgresql.auto.conf",
            "postgresql-replica.conf",
            "pg_hba.conf",
            "pg_hba_prod.conf",
            "pgbouncer.ini",
            "userlist.txt",
            "userlist-prod.txt",
            ".env",
            ".env.production",
            "prod.env",
            "pg_ident.conf",
            "pg_ident_ldap.conf",
            "environment",
            "my.conf",
            "docker-compose.yml",
            "values.yaml",
            "appsettings.Production.json",
            "package-lock.json",
            "pnpm-lock.yaml",
            "pyproject.toml",
            "application.properties",
            "deploy.sh",
        ];
        let kinds: Vec<String> = names
            .iter()
            .map(|name| {
                let kind = FileKind::from_path(Path::new(name)).map(FileKind::name);
                format!("{name}: {}", kind.unwrap_or("-"))
            })
            .collect();
        expect_test::expect![[r#"
            postgresql.conf: pgconf
            postgresql.auto.conf: pgconf
            postgresql-replica.conf: pgconf
            pg_hba.conf: pghba
            pg_hba_prod.conf: pghba
            pgbouncer.ini: pgbouncer
            userlist.txt: userlist
            userlist-prod.txt: userlist
            .env: dotenv
            .env.production: dotenv
            prod.env: dotenv
            pg_ident.conf: pgident
            pg_ident_ldap.conf: pgident
            environment: -
            my.conf: -
            docker-compose.yml: yaml
            values.yaml: yaml
            appsettings.Production.json: json
            package-lock.json: -
            pnpm-lock.yaml: -
            pyproject.toml: toml
            application.properties: properties
            deploy.sh: shell"#]]
        .assert_eq(&kinds.join("\n"));
    }

    #[test]
    fn language_id_never_names_conninfo() {
        assert_eq!(FileKind::from_language_id("pghba"), Some(FileKind::PgHba));
        assert_eq!(FileKind::from_language_id("pgident"), Some(FileKind::PgIdent));
        assert_eq!(FileKind::from_language_id("conninfo"), None);
        assert_eq!(FileKind::from_language_id("ini"), None);
        assert_eq!(FileKind::from_language_id("jsonc"), Some(FileKind::Json));
        assert_eq!(FileKind::from_language_id("shellscript"), Some(FileKind::Shell));
        assert_eq!(FileKind::from_language_id("java-properties"), Some(FileKind::Properties));
        assert_eq!(FileKind::from_language_id("yaml"), Some(FileKind::Yaml));
    }
}
