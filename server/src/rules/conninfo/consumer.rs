//! Who reads a connection string, and why we think so: the scheme (`postgresql+asyncpg://`,
//! `jdbc:postgresql:`), the shape (Npgsql's `Host=…;`), the key the string is stored under
//! (`SQLALCHEMY_DATABASE_URI`, `spring.datasource.url`, `ConnectionStrings__Default`), or
//! for a plain `postgres://` URL the drivers the workspace's manifests depend on.

use crate::knowledge::drivers::manifests::{Dependency, Workspace};
use crate::knowledge::drivers::{django, Driver};

/// What is known about a string beyond its own text. [`Default`] knows nothing, which
/// is what [`super::check_connection_string`] assumes.
#[derive(Clone, Copy, Debug, Default)]
pub struct Surroundings<'a> {
    /// The key the string is stored under: an environment variable, a YAML or JSON path
    /// joined with `.`, a `.properties` key.
    pub key: Option<&'a str>,
    /// The drivers the workspace depends on (see [`crate::knowledge::drivers::manifests`]).
    pub workspace: Option<&'a Workspace>,
}

/// Why a driver is assumed to read the string.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Why {
    /// The scheme or shape names it; the text is what is shown (`postgresql+asyncpg://`).
    Scheme(String),
    /// The key the string is stored under.
    Key(String),
    /// Where the string is says so; the text is the clause shown (`it is in a conninfo
    /// file`).
    Place(String),
    /// The `connectionDriver` setting names it.
    Setting,
    /// A manifest depends on it.
    Manifest { manifest: String, package: String },
    /// Nothing says: libpq's reading is assumed, and rules that need to know stay silent.
    Unknown,
}

/// The driver assumed to read a string.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Consumer {
    pub driver: Driver,
    pub why: Why,
    /// Other drivers the workspace depends on, which may read the string too.
    pub others: Vec<Driver>,
    /// True when the workspace's SQLAlchemy refuses `postgres://` (1.4 and newer).
    pub sqlalchemy_refuses_postgres: bool,
    /// True when the workspace depends on SQLAlchemy at all.
    pub sqlalchemy_in_workspace: bool,
    /// The workspace's driver when its only drivers read none of libpq's forms (pgjdbc,
    /// Npgsql): a plain URL then works only if code rewrites it before connecting.
    pub needs_rewrite_for: Option<Dependency>,
    /// A driver that may read the string instead of [`Consumer::driver`], when the scheme
    /// fits both and nothing tells which (`pgsql://` is django-environ's and
    /// dj-database-url's): rules then hold only what both readings agree on.
    pub alternative: Option<Driver>,
}

impl Consumer {
    /// Nothing known: libpq's reading.
    pub fn unknown() -> Consumer {
        Consumer::named(Driver::Libpq, Why::Unknown)
    }

    pub fn named(driver: Driver, why: Why) -> Consumer {
        Consumer {
            driver,
            why,
            others: Vec::new(),
            sqlalchemy_refuses_postgres: false,
            sqlalchemy_in_workspace: false,
            needs_rewrite_for: None,
            alternative: None,
        }
    }

    /// True when something names the driver.
    pub fn known(&self) -> bool {
        self.why != Why::Unknown
    }

    /// True when `driver` is known to read the string.
    pub fn is(&self, driver: Driver) -> bool {
        self.known() && self.driver == driver
    }

    /// Why the driver is assumed, as a clause for messages and hovers.
    pub fn reason(&self) -> String {
        match &self.why {
            Why::Scheme(scheme) => format!("the string starts with `{scheme}`"),
            Why::Key(key) => format!("it is stored under `{key}`"),
            Why::Place(place) => place.clone(),
            Why::Setting => "the `connectionDriver` setting names it".to_string(),
            Why::Manifest { manifest, package } => format!("{manifest} depends on `{package}`"),
            Why::Unknown => "no scheme, key or manifest names another driver".to_string(),
        }
    }

    /// The one-line summary for the hover: which driver, why, and which others may read it.
    pub fn summary(&self) -> String {
        let mut line = if self.known() {
            format!("Read by {} ({}).", self.driver.name(), self.reason())
        } else {
            format!("Read as libpq reads it ({}).", self.reason())
        };
        if let Some(alternative) = self.alternative {
            line.push_str(&format!(
                " The scheme fits {} too, and nothing in the workspace says which reads it.",
                alternative.name()
            ));
        }
        if !self.others.is_empty() {
            let names: Vec<&str> = self.others.iter().map(|driver| driver.name()).collect();
            line.push_str(&format!(" The workspace also depends on {}.", names.join(", ")));
        }
        line
    }
}

/// The reader of a URL whose scheme only Django's URL helpers take (`psql://`, `pgsql://`,
/// `postgis://`, without the `postgres://` URL's `+driver`): the helper the setting names,
/// else the one the workspace depends on, else the scheme's own. `psql` is only
/// django-environ's; the others fit both helpers, and without a manifest django-environ is
/// assumed with dj-database-url as [`Consumer::alternative`].
/// A workspace whose only helper does not take the scheme (dj-database-url and `psql://`)
/// names that helper, so that `conn-django-scheme-unknown` can say `parse()` fails.
pub fn for_django_scheme(
    scheme: &str,
    surroundings: &Surroundings,
    setting: Option<Driver>,
) -> Consumer {
    let takes = |driver: Driver| django::schemes(driver).contains(&scheme);
    let helpers = [Driver::DjangoEnviron, Driver::DjDatabaseUrl];
    if let Some(driver) = setting.filter(|&driver| helpers.contains(&driver)) {
        return Consumer::named(driver, Why::Setting);
    }
    let dependency = surroundings.workspace.and_then(|workspace| {
        workspace.dependencies.iter().find(|dep| helpers.contains(&dep.driver) && takes(dep.driver))
    });
    let refusing = surroundings.workspace.and_then(|workspace| {
        workspace.dependencies.iter().find(|dep| helpers.contains(&dep.driver))
    });
    if let Some(dep) = dependency.or(refusing) {
        let why = Why::Manifest { manifest: dep.manifest.clone(), package: dep.package.clone() };
        return Consumer::named(dep.driver, why);
    }
    let mut consumer = Consumer::named(Driver::DjangoEnviron, Why::Scheme(format!("{scheme}://")));
    if takes(Driver::DjDatabaseUrl) {
        consumer.alternative = Some(Driver::DjDatabaseUrl);
    }
    consumer
}

/// Who keeps the query key `key` for itself instead of passing it to libpq, when a Django
/// URL helper reads the string: under an undecided reading (see
/// [`Consumer::alternative`]), a key either helper keeps.
pub fn django_keeper(consumer: &Consumer, key: &str) -> Option<django::Keeper> {
    let driver = consumer.driver;
    django::keeper(driver, key).or_else(|| django::keeper(consumer.alternative?, key))
}

/// The driver a key name points to, for a string of libpq's shape (a `postgres://` URL or
/// `keyword=value` text). Keys are compared in upper case with `.`, `:`, `-` and `__` read
/// as `_`, so `spring.datasource.url` and `SPRING_DATASOURCE_URL` are one key.
///
/// .NET's `ConnectionStrings` section (`ConnectionStrings__Default`, or
/// `ConnectionStrings.Default` in `appsettings.json`) is what `GetConnectionString` hands
/// to the provider: SQL Server and MySQL strings live there too, but a PostgreSQL string
/// there goes to Npgsql.
pub fn from_key(key: &str) -> Option<Driver> {
    let normalized = normalized_key(key);
    if normalized.contains("SQLALCHEMY") {
        return Some(Driver::SqlAlchemyPsycopg);
    }
    if normalized.starts_with("SPRING_DATASOURCE") || normalized.contains("JDBC") {
        return Some(Driver::Pgjdbc);
    }
    if is_dotnet_connection_key(key) {
        return Some(Driver::Npgsql);
    }
    None
}

/// True when `key` is in .NET's `ConnectionStrings` section.
pub fn is_dotnet_connection_key(key: &str) -> bool {
    normalized_key(key).starts_with("CONNECTIONSTRINGS_")
}

/// A key in upper case with `.`, `:`, `-` and `__` read as `_`.
fn normalized_key(key: &str) -> String {
    key.to_ascii_uppercase().replace(['.', ':', '-'], "_").replace("__", "_")
}

/// True when a key marks a `Key=Value;` string as Npgsql's rather than another .NET
/// provider's: `ConnectionStrings__…` together with a PostgreSQL word (`Postgres`, `Pg`,
/// `Npgsql`, `Supabase`, `Neon`), or such a word alone.
pub fn names_npgsql(key: &str) -> bool {
    let upper = key.to_ascii_uppercase();
    upper.split(|c: char| !c.is_ascii_alphanumeric()).any(|part| {
        part.starts_with("PG")
            || ["POSTGRES", "NPGSQL", "SUPABASE", "NEON"].iter().any(|word| part.contains(word))
    })
}

/// The driver of a plain `postgres://` URL or libpq `keyword=value` text: the setting's, else
/// the key's, else the workspace's, else libpq's (unknown).
pub fn for_plain(surroundings: &Surroundings, setting: Option<Driver>) -> Consumer {
    if let Some(driver) = setting {
        let mut consumer = Consumer::named(driver, Why::Setting);
        let workspace = surroundings.workspace;
        consumer.sqlalchemy_in_workspace = workspace.is_some_and(|w| w.sqlalchemy.is_some());
        consumer.sqlalchemy_refuses_postgres = workspace
            .is_none_or(|w| w.sqlalchemy.is_none() || w.sqlalchemy_refuses_postgres_scheme());
        return consumer;
    }
    let from_workspace = surroundings.workspace.map(assume_from_workspace);
    if let Some(key) = surroundings.key {
        if let Some(driver) = from_key(key) {
            let mut consumer = Consumer::named(driver, Why::Key(key.to_string()));
            if let Some(workspace) = from_workspace {
                consumer.sqlalchemy_refuses_postgres = workspace.sqlalchemy_refuses_postgres;
                consumer.sqlalchemy_in_workspace = workspace.sqlalchemy_in_workspace;
            }
            if driver == Driver::SqlAlchemyPsycopg {
                // A SQLAlchemy key with no SQLAlchemy manifest: assume a current release.
                consumer.sqlalchemy_refuses_postgres = consumer.sqlalchemy_refuses_postgres
                    || surroundings.workspace.is_none_or(|w| w.sqlalchemy.is_none());
            }
            return consumer;
        }
    }
    from_workspace.unwrap_or_else(Consumer::unknown)
}

/// The driver a workspace's manifests point to for a plain URL. Django's URL helpers win
/// (django-environ or dj-database-url, the nearest first): `DATABASE_URL` is what both read
/// by default, psycopg under them is only the DBAPI, and a Django project that also lists
/// SQLAlchemy uses it beside the ORM, with URLs of its own (a SQLAlchemy key still names
/// SQLAlchemy, see [`from_key`]). Then SQLAlchemy in Python code (it parses the URL
/// whatever the DBAPI), Prisma over `pg` (its adapter depends on `pg`), and otherwise the
/// nearest manifest's first driver. pgjdbc and Npgsql read none of libpq's forms, so they
/// never read a plain URL; when they are all the workspace has, the reader stays unknown
/// and [`Consumer::needs_rewrite_for`] names them.
fn assume_from_workspace(workspace: &Workspace) -> Consumer {
    let readers: Vec<_> =
        workspace.dependencies.iter().filter(|dep| dep.driver.reads_libpq_forms()).collect();
    let django = readers.iter().copied().find(|dep| dep.driver.passes_query_to_libpq());
    let chosen = match (django, &workspace.sqlalchemy) {
        (Some(django), _) => Some(django),
        (None, Some(sqlalchemy)) => Some(sqlalchemy),
        (None, None) => readers.first().copied(),
    };
    let Some(chosen) = chosen else {
        let mut consumer = Consumer::unknown();
        consumer.needs_rewrite_for = workspace.dependencies.first().cloned();
        return consumer;
    };
    let why = Why::Manifest { manifest: chosen.manifest.clone(), package: chosen.package.clone() };
    let mut consumer = Consumer::named(chosen.driver, why);
    consumer.others = readers
        .iter()
        .map(|dep| dep.driver)
        .filter(|&driver| driver != chosen.driver)
        // psycopg under SQLAlchemy or Django reads nothing of the URL itself.
        .filter(|&driver| !(chosen.driver.libpq_judges_keywords() && driver == Driver::Libpq))
        .collect();
    consumer.sqlalchemy_refuses_postgres = workspace.sqlalchemy_refuses_postgres_scheme();
    consumer.sqlalchemy_in_workspace = workspace.sqlalchemy.is_some();
    consumer
}
