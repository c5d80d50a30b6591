//! Rules for libpq connection strings: TLS that does not verify, missing keepalives,
//! keywords and values libpq refuses, passwords in the string and URI user information
//! that other parsers split differently.
//!
//! [`check`] reads a conninfo file (one string per line). [`check_connection_string`]
//! checks one string found inside another file, such as a `.env` value, through a
//! [`SourceMap`] so that findings and fixes land on the file's own bytes.

pub mod consumer;
pub mod convert;
mod dialect;
mod django_reading;
mod foreign_form;
mod hostaddr;
mod hosts;
mod keepalives;
mod options;
mod tls;
mod uri;

#[cfg(test)]
mod differential;
#[cfg(test)]
pub(crate) mod tests;

use std::net::IpAddr;
use std::sync::OnceLock;

use regex::Regex;

pub use consumer::{Consumer, Surroundings, Why};
pub use foreign_form::{npgsql_rewrite, npgsql_rewrite_fix};

use crate::finding::{Edit, Finding, Rule, Severity};
use crate::knowledge::drivers::{django, manifests, Driver};
use crate::knowledge::libpq::{self, Catalog};
use crate::settings::Settings;
use crate::span::Span;
use crate::syntax::conninfo::{
    self, ConnInfo, EnvVar, Environment, Form, Origin, Setting, SourceMap,
};
use crate::syntax::npgsql;

pub static SYNTAX_ERROR: Rule = Rule {
    name: "conn-syntax-error",
    url: "https://www.postgresql.org/docs/current/libpq-connect.html#LIBPQ-CONNSTRING",
};
pub static UNKNOWN_PARAMETER: Rule = Rule {
    name: "conn-unknown-parameter",
    url: "https://www.postgresql.org/docs/current/libpq-connect.html#LIBPQ-PARAMKEYWORDS",
};
pub static INVALID_SSLMODE: Rule = Rule {
    name: "conn-invalid-sslmode",
    url: "https://www.postgresql.org/docs/current/libpq-connect.html#LIBPQ-CONNECT-SSLMODE",
};
pub static INVALID_VALUE: Rule = Rule {
    name: "conn-invalid-value",
    url: "https://www.postgresql.org/docs/current/libpq-connect.html#LIBPQ-PARAMKEYWORDS",
};
pub static SSLMODE_DISABLE: Rule = Rule {
    name: "conn-sslmode-disable",
    url: "https://www.postgresql.org/docs/current/libpq-ssl.html#LIBPQ-SSL-PROTECTION",
};
pub static SSLMODE_FALLBACK: Rule = Rule {
    name: "conn-sslmode-plaintext-fallback",
    url: "https://www.postgresql.org/docs/current/libpq-ssl.html#LIBPQ-SSL-PROTECTION",
};
pub static SSLMODE_REQUIRE: Rule = Rule {
    name: "conn-sslmode-require",
    url: "https://www.postgresql.org/docs/current/libpq-ssl.html#LIBPQ-SSL-PROTECTION",
};
pub static SSLMODE_REQUIRE_VERIFIES_CA: Rule = Rule {
    name: "conn-sslmode-require-verifies-ca",
    url: "https://www.postgresql.org/docs/current/libpq-ssl.html#LIBQ-SSL-CERTIFICATES",
};
pub static SSLMODE_VERIFY_CA: Rule = Rule {
    name: "conn-sslmode-verify-ca",
    url: "https://www.postgresql.org/docs/current/libpq-ssl.html#LIBPQ-SSL-PROTECTION",
};
pub static VERIFY_WITHOUT_ROOTCERT: Rule = Rule {
    name: "conn-verify-without-sslrootcert",
    url: "https://www.postgresql.org/docs/current/libpq-ssl.html#LIBQ-SSL-CERTIFICATES",
};
pub static SSLROOTCERT_SYSTEM_WEAK: Rule = Rule {
    name: "conn-sslrootcert-system-weak-sslmode",
    url: "https://www.postgresql.org/docs/current/libpq-connect.html#LIBPQ-CONNECT-SSLROOTCERT",
};
pub static KEEPALIVES_MISSING: Rule = Rule {
    name: "conn-keepalives-missing",
    url: "https://www.postgresql.org/docs/current/libpq-connect.html#LIBPQ-CONNECT-KEEPALIVES-IDLE",
};
pub static PASSWORD_IN_STRING: Rule = Rule {
    name: "conn-password-in-string",
    url: "https://www.postgresql.org/docs/current/libpq-pgpass.html",
};
pub static UNENCODED_USERINFO_CHAR: Rule = Rule {
    name: "conn-unencoded-userinfo-char",
    url: "https://www.postgresql.org/docs/current/libpq-connect.html#LIBPQ-CONNSTRING-URIS",
};
pub static URI_KEYWORD_AFTER_SPACE: Rule = Rule {
    name: "conn-uri-keyword-after-space",
    url: "https://www.postgresql.org/docs/current/libpq-connect.html#LIBPQ-CONNSTRING-URIS",
};
pub static URI_SOCKET_PATH_IN_PATH: Rule = Rule {
    name: "conn-uri-socket-path-in-path",
    url: "https://www.postgresql.org/docs/current/libpq-connect.html#LIBPQ-CONNSTRING-URIS",
};

pub static INVALID_PORT: Rule = Rule {
    name: "conn-invalid-port",
    url: "https://www.postgresql.org/docs/current/libpq-connect.html#LIBPQ-CONNECT-PORT",
};
pub static HOST_LIST_MISMATCH: Rule = Rule {
    name: "conn-host-list-mismatch",
    url: "https://www.postgresql.org/docs/current/libpq-connect.html#LIBPQ-MULTIPLE-HOSTS",
};
pub static SSLNEGOTIATION_DIRECT_WEAK: Rule = Rule {
    name: "conn-sslnegotiation-direct-weak-sslmode",
    url: "https://www.postgresql.org/docs/current/libpq-connect.html#LIBPQ-CONNECT-SSLNEGOTIATION",
};
pub static SSLROOTCERT_MISSING: Rule = Rule {
    name: "conn-sslrootcert-missing",
    url: "https://www.postgresql.org/docs/current/libpq-ssl.html#LIBQ-SSL-CERTIFICATES",
};
pub static CHANNEL_BINDING_WITHOUT_TLS: Rule = Rule {
    name: "conn-channel-binding-without-tls",
    url: "https://www.postgresql.org/docs/current/libpq-connect.html#LIBPQ-CONNECT-CHANNEL-BINDING",
};
pub static MULTI_HOST_WITHOUT_TARGET: Rule = Rule {
    name: "conn-multi-host-without-target-session-attrs",
    url: "https://www.postgresql.org/docs/current/libpq-connect.html#LIBPQ-CONNECT-TARGET-SESSION-ATTRS",
};
pub static EMPTY_HOST: Rule = Rule {
    name: "conn-empty-host",
    url: "https://www.postgresql.org/docs/current/libpq-connect.html#LIBPQ-CONNECT-HOST",
};

pub static POSTGRES_SCHEME_SQLALCHEMY: Rule = Rule {
    name: "conn-postgres-scheme-sqlalchemy",
    url: "https://docs.sqlalchemy.org/en/20/core/engines.html#postgresql",
};
pub static ASYNCPG_SSLMODE: Rule = Rule {
    name: "conn-asyncpg-sslmode",
    url: "https://docs.sqlalchemy.org/en/20/dialects/postgresql.html#module-sqlalchemy.dialects.postgresql.asyncpg",
};
pub static ASYNCPG_SERVER_SETTING: Rule = Rule {
    name: "conn-asyncpg-server-setting",
    url: "https://magicstack.github.io/asyncpg/current/api/index.html#connection",
};
pub static JDBC_USERINFO: Rule = Rule {
    name: "conn-jdbc-userinfo",
    url: "https://jdbc.postgresql.org/documentation/use/#connecting-to-the-database",
};
pub static JDBC_SCHEME: Rule = Rule {
    name: "conn-jdbc-scheme",
    url: "https://jdbc.postgresql.org/documentation/use/#connecting-to-the-database",
};
pub static JDBC_SEMICOLON_PARAMETERS: Rule = Rule {
    name: "conn-jdbc-semicolon-parameters",
    url: "https://jdbc.postgresql.org/documentation/use/#connecting-to-the-database",
};
pub static JDBC_NONVALIDATING_FACTORY: Rule = Rule {
    name: "conn-jdbc-nonvalidating-factory",
    url: "https://jdbc.postgresql.org/documentation/ssl/#configuring-the-client",
};
pub static SUPABASE_POOLER_USER: Rule = Rule {
    name: "conn-supabase-pooler-user",
    url: "https://supabase.com/docs/guides/database/connecting-to-postgres#shared-pooler",
};
pub static MULTI_HOST_UNSUPPORTED: Rule = Rule {
    name: "conn-multi-host-unsupported-driver",
    url: "https://node-postgres.com/features/connecting#connection-uri",
};
pub static CLIENT_SPECIFIC_PARAMS: Rule = Rule {
    name: "conn-client-specific-params",
    url: "https://www.prisma.io/docs/orm/overview/databases/postgresql#arguments",
};
pub static CHANNEL_BINDING_DRIVER_SUPPORT: Rule = Rule {
    name: "conn-channel-binding-driver-support",
    url: "https://www.postgresql.org/docs/current/libpq-connect.html#LIBPQ-CONNECT-CHANNEL-BINDING",
};
pub static NODE_NO_TLS: Rule =
    Rule { name: "conn-node-no-tls", url: "https://node-postgres.com/features/ssl" };
pub static NODE_SSLMODE_VERIFIES: Rule = Rule {
    name: "conn-node-sslmode-means-verify-full",
    url: "https://node-postgres.com/features/ssl",
};
pub static NODE_SSLMODE_NO_VERIFY: Rule =
    Rule { name: "conn-node-sslmode-no-verify", url: "https://node-postgres.com/features/ssl" };
pub static PRISMA_SSLMODE_UNSUPPORTED: Rule = Rule {
    name: "conn-prisma-sslmode-unsupported",
    url:
        "https://www.prisma.io/docs/orm/overview/databases/postgresql#configuring-an-ssl-connection",
};
pub static PRISMA_ACCEPTS_INVALID_CERTS: Rule = Rule {
    name: "conn-prisma-accepts-invalid-certs",
    url:
        "https://www.prisma.io/docs/orm/overview/databases/postgresql#configuring-an-ssl-connection",
};
pub static NPGSQL_LIBPQ_FORM: Rule = Rule {
    name: "conn-npgsql-libpq-form",
    url: "https://www.npgsql.org/doc/connection-string-parameters.html",
};
pub static DJANGO_ENVIRON_STRING_BOOLEAN: Rule = Rule {
    name: "conn-django-environ-string-boolean",
    url: "https://docs.djangoproject.com/en/stable/ref/settings/#atomic-requests",
};
pub static DJANGO_SCHEME_UNKNOWN: Rule = Rule {
    name: "conn-django-scheme-unknown",
    url: "https://github.com/jazzband/dj-database-url#url-schema",
};
pub static NPGSQL_TRUST_SERVER_CERTIFICATE: Rule = Rule {
    name: "conn-npgsql-trust-server-certificate",
    url: "https://www.npgsql.org/doc/security.html#encryption-ssltls",
};

pub static RULES: &[&Rule] = &[
    &SYNTAX_ERROR,
    &UNKNOWN_PARAMETER,
    &INVALID_SSLMODE,
    &INVALID_VALUE,
    &SSLMODE_DISABLE,
    &SSLMODE_FALLBACK,
    &SSLMODE_REQUIRE,
    &SSLMODE_REQUIRE_VERIFIES_CA,
    &SSLMODE_VERIFY_CA,
    &VERIFY_WITHOUT_ROOTCERT,
    &SSLROOTCERT_SYSTEM_WEAK,
    &KEEPALIVES_MISSING,
    &PASSWORD_IN_STRING,
    &UNENCODED_USERINFO_CHAR,
    &URI_KEYWORD_AFTER_SPACE,
    &URI_SOCKET_PATH_IN_PATH,
    &INVALID_PORT,
    &HOST_LIST_MISMATCH,
    &SSLNEGOTIATION_DIRECT_WEAK,
    &SSLROOTCERT_MISSING,
    &CHANNEL_BINDING_WITHOUT_TLS,
    &MULTI_HOST_WITHOUT_TARGET,
    &EMPTY_HOST,
    &POSTGRES_SCHEME_SQLALCHEMY,
    &ASYNCPG_SSLMODE,
    &ASYNCPG_SERVER_SETTING,
    &JDBC_USERINFO,
    &JDBC_SCHEME,
    &JDBC_SEMICOLON_PARAMETERS,
    &JDBC_NONVALIDATING_FACTORY,
    &SUPABASE_POOLER_USER,
    &MULTI_HOST_UNSUPPORTED,
    &CLIENT_SPECIFIC_PARAMS,
    &CHANNEL_BINDING_DRIVER_SUPPORT,
    &NODE_NO_TLS,
    &NODE_SSLMODE_VERIFIES,
    &NODE_SSLMODE_NO_VERIFY,
    &PRISMA_SSLMODE_UNSUPPORTED,
    &PRISMA_ACCEPTS_INVALID_CERTS,
    &NPGSQL_TRUST_SERVER_CERTIFICATE,
    &NPGSQL_LIBPQ_FORM,
    &DJANGO_ENVIRON_STRING_BOOLEAN,
    &DJANGO_SCHEME_UNKNOWN,
];

/// Who reads a string, which decides the rules that apply to it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Flavor {
    /// libpq itself: `postgresql://`, `postgres://` or `keyword=value`.
    Libpq,
    /// A URL of libpq's shape whose parser hands its settings to libpq: SQLAlchemy's
    /// `postgresql+psycopg2://` and `postgresql+psycopg://`, Django's `pgsql://`.
    LibpqDialect,
    /// A URL of libpq's shape read by a driver with its own parser
    /// (`postgresql+asyncpg://`): only the URL-level rules apply. (Django's `pgsql://`,
    /// `psql://` and `postgis://` are a [`Flavor::LibpqDialect`]: their query keys reach
    /// libpq.)
    ForeignDialect,
    /// Npgsql's `Host=…;SSL Mode=…` (see [`crate::syntax::npgsql`]): only Npgsql's rules.
    Npgsql,
}

/// A value recognized as a connection string.
#[derive(Clone, Debug)]
pub struct Recognized {
    pub info: ConnInfo,
    pub flavor: Flavor,
    /// The driver assumed to read it, and why.
    pub consumer: Consumer,
}

/// The libpq keywords whose presence marks a `keyword=value` text as a connection
/// string rather than some other setting that happens to contain `=`.
const MARKER_KEYWORDS: [&str; 4] = ["host", "hostaddr", "dbname", "service"];

fn dialect_scheme() -> &'static Regex {
    static SCHEME: OnceLock<Regex> = OnceLock::new();
    SCHEME.get_or_init(|| {
        Regex::new(r"^(?:postgres|postgresql|postgis)(?:\+([A-Za-z0-9_]+))?://")
            .expect("the scheme pattern is valid")
    })
}

/// Reads `text` as a connection string if it is one: a libpq URI, a SQLAlchemy or
/// django-environ URL of the same shape, a JDBC URL, or `keyword=value` text naming a host
/// or database. Knows nothing of where the text is stored: see [`recognize_in`].
pub fn recognize(text: &str, settings: &Settings) -> Option<Recognized> {
    recognize_in(text, settings, &Surroundings::default())
}

/// [`recognize`], with what is known about where the string is stored, which decides the
/// driver assumed to read a plain URL (see [`consumer`]).
pub fn recognize_in(
    text: &str,
    settings: &Settings,
    surroundings: &Surroundings,
) -> Option<Recognized> {
    let mut recognized = recognize_shape(text, settings, surroundings)?;
    django_reading::as_passed_on(text, &mut recognized.info, &recognized.consumer);
    Some(recognized)
}

/// The string's form and reader, with the settings as libpq's own parser reads them.
fn recognize_shape(
    text: &str,
    settings: &Settings,
    surroundings: &Surroundings,
) -> Option<Recognized> {
    let major = parse_major(settings);
    if conninfo::uri_prefix_len(text) > 0 {
        return Some(Recognized {
            info: conninfo::parse_for(text, major),
            flavor: Flavor::Libpq,
            consumer: consumer::for_plain(surroundings, settings.connection_driver),
        });
    }
    if let Some(rest) = text.strip_prefix(JDBC_PREFIX) {
        if rest.starts_with("//") {
            let scheme = Why::Scheme(JDBC_PREFIX.to_string());
            return Some(Recognized {
                info: conninfo::parse_uri(text, JDBC_PREFIX.len() + 2, major),
                flavor: Flavor::ForeignDialect,
                consumer: Consumer::named(Driver::Pgjdbc, scheme),
            });
        }
    }
    if let Some(prefix) = misspelled_jdbc_prefix(text) {
        return Some(Recognized {
            info: conninfo::parse_uri(text, prefix.len(), major),
            flavor: Flavor::ForeignDialect,
            consumer: Consumer::named(Driver::Pgjdbc, Why::Scheme(prefix.to_string())),
        });
    }
    if let Some(scheme) = django_scheme(text) {
        let consumer =
            consumer::for_django_scheme(&scheme, surroundings, settings.connection_driver);
        return Some(Recognized {
            info: conninfo::parse_uri(text, scheme.len() + "://".len(), major),
            flavor: Flavor::LibpqDialect,
            consumer,
        });
    }
    if let Some(captures) = dialect_scheme().captures(text) {
        let prefix_len = captures.get(0).map_or(0, |whole| whole.end());
        let driver = captures.get(1).map(|driver| driver.as_str());
        let postgres_family = text.starts_with("postgres");
        let libpq_based =
            postgres_family && matches!(driver, Some("psycopg2" | "psycopg" | "psycopg2cffi"));
        let known = match driver {
            _ if !postgres_family => None,
            Some("psycopg2" | "psycopg" | "psycopg2cffi") => Some(Driver::SqlAlchemyPsycopg),
            Some("asyncpg") => Some(Driver::SqlAlchemyAsyncpg),
            Some("pg8000") => Some(Driver::SqlAlchemyPg8000),
            _ => None,
        };
        let consumer = match known {
            Some(driver) => {
                let mut consumer = Consumer::named(driver, Why::Scheme(text[..prefix_len].into()));
                let workspace = surroundings.workspace;
                consumer.sqlalchemy_refuses_postgres = !workspace.is_some_and(|workspace| {
                    workspace.sqlalchemy.as_ref().is_some_and(|dep| {
                        dep.requirement.as_deref().is_some_and(manifests::pins_before_1_4)
                    })
                });
                consumer.sqlalchemy_in_workspace = true;
                consumer
            }
            None => Consumer::unknown(),
        };
        return Some(Recognized {
            info: conninfo::parse_uri(text, prefix_len, major),
            flavor: if libpq_based { Flavor::LibpqDialect } else { Flavor::ForeignDialect },
            consumer,
        });
    }
    let npgsql_key = surroundings.key.filter(|key| consumer::names_npgsql(key));
    let npgsql_manifest = surroundings
        .key
        .filter(|key| consumer::is_dotnet_connection_key(key))
        .and(surroundings.workspace)
        .and_then(|workspace| {
            workspace.dependencies.iter().find(|dep| dep.driver == Driver::Npgsql)
        });
    // In .NET's `ConnectionStrings` a `Host` key is Npgsql's: SQL Server and MySQL say
    // `Server` or `Data Source`.
    let dotnet_key = surroundings.key.filter(|key| consumer::is_dotnet_connection_key(key));
    let dotnet_host = dotnet_key.filter(|_| writes_host_key(text));
    let shape = crate::syntax::npgsql::shape(text);
    let npgsql = match shape {
        npgsql::Shape::Npgsql => true,
        npgsql::Shape::Plausible => {
            npgsql_key.is_some() || npgsql_manifest.is_some() || dotnet_host.is_some()
        }
        npgsql::Shape::No => false,
    };
    if npgsql {
        let why = match (npgsql_key.or(dotnet_host), npgsql_manifest) {
            (Some(key), _) => Why::Key(key.to_string()),
            (None, Some(dep)) if shape == npgsql::Shape::Plausible => {
                Why::Manifest { manifest: dep.manifest.clone(), package: dep.package.clone() }
            }
            _ => Why::Scheme("Host=…;".to_string()),
        };
        return Some(Recognized {
            info: crate::syntax::npgsql::parse(text),
            flavor: Flavor::Npgsql,
            consumer: Consumer::named(Driver::Npgsql, why),
        });
    }
    let info = conninfo::parse_key_value(text);
    let marked =
        info.settings.iter().any(|setting| MARKER_KEYWORDS.contains(&setting.keyword.as_str()));
    marked.then(|| Recognized {
        info,
        flavor: Flavor::Libpq,
        consumer: consumer::for_plain(surroundings, settings.connection_driver),
    })
}

/// True when `text`, read as Npgsql's pairs, names its host with the key `Host`.
fn writes_host_key(text: &str) -> bool {
    npgsql::parse(text)
        .settings
        .iter()
        .any(|setting| npgsql::normalized_key(&setting.written_keyword) == "host")
}

/// The scheme, in lower case, of a URL that only Django's URL helpers read: `psql://`,
/// `pgsql://` or `postgis://` (Python's `urlsplit` lowers the scheme's case).
fn django_scheme(text: &str) -> Option<String> {
    let (scheme, _) = text.split_once("://")?;
    let scheme = scheme.to_ascii_lowercase();
    let plain = crate::knowledge::drivers::django::schemes(Driver::DjangoEnviron);
    let only_django = plain.contains(&scheme.as_str()) && !scheme.starts_with("postgres");
    only_django.then_some(scheme)
}

/// A JDBC prefix that means PostgreSQL but that pgjdbc does not register
/// (`jdbc:postgres://`, `jdbc:pgsql://`): only a JDBC URL is written so, and no driver
/// takes it.
fn misspelled_jdbc_prefix(text: &str) -> Option<&'static str> {
    ["jdbc:postgres://", "jdbc:pgsql://", "jdbc:pg://"].into_iter().find(|prefix| {
        text.get(..prefix.len()).is_some_and(|head| head.eq_ignore_ascii_case(prefix))
    })
}

/// The scheme of pgjdbc's URLs (`Driver.parseURL` refuses any other).
pub const JDBC_PREFIX: &str = "jdbc:postgresql:";

/// The libpq major whose parsing rules apply: the configured one, else the newest.
pub fn parse_major(settings: &Settings) -> u32 {
    settings.postgres_version.unwrap_or(conninfo::NEWEST)
}

/// Checks a conninfo file: each line that is not blank or a `#` comment is one
/// connection string, read as libpq reads it.
pub fn check(text: &str, settings: &Settings) -> Vec<Finding> {
    let mut findings = Vec::new();
    let mut line_start = 0;
    for line in text.split_inclusive('\n') {
        let content = line.strip_suffix('\n').unwrap_or(line);
        let content = content.strip_suffix('\r').unwrap_or(content);
        let trimmed = content.trim();
        if !trimmed.is_empty() && !trimmed.starts_with('#') {
            let map = SourceMap::identity(line_start, content.len());
            let recognized = file_line(content, settings);
            findings.extend(check_recognized(
                content,
                &recognized,
                &map,
                &Environment::default(),
                settings,
            ));
        }
        line_start += line.len();
    }
    findings
}

/// One line of a conninfo file as its reader sees it: an Npgsql `Host=…;` string where its
/// shape says so (a line of such a file is a connection string, so a plausible shape is
/// enough), else libpq's.
fn file_line(content: &str, settings: &Settings) -> Recognized {
    if npgsql::shape(content) != npgsql::Shape::No {
        return Recognized {
            info: npgsql::parse(content),
            flavor: Flavor::Npgsql,
            consumer: Consumer::named(Driver::Npgsql, Why::Scheme("Host=…;".to_string())),
        };
    }
    let mut info = conninfo::parse_for(content, parse_major(settings));
    let consumer = file_reader(settings);
    django_reading::as_passed_on(content, &mut info, &consumer);
    Recognized { info, flavor: Flavor::Libpq, consumer }
}

/// Refactorings of the connection string on the line at byte `offset` of a conninfo
/// file: today, rewriting it in libpq's other form (URI to `keyword=value` and back),
/// exactly, so that libpq reads the same settings. Empty when the line is not a string
/// libpq accepts.
pub fn conversions(text: &str, offset: usize, settings: &Settings) -> Vec<crate::finding::Fix> {
    let mut line_start = 0;
    for line in text.split_inclusive('\n') {
        let content = line.trim_end_matches(['\n', '\r']);
        if (line_start..=line_start + content.len()).contains(&offset) {
            if content.trim().is_empty() || content.trim_start().starts_with('#') {
                return Vec::new();
            }
            let info = conninfo::parse_for(content, parse_major(settings));
            let map = SourceMap::identity(line_start, content.len());
            return convert::conversion_fix(content, &info, &map).into_iter().collect();
        }
        line_start += line.len();
    }
    Vec::new()
}

/// The reader of a conninfo file's strings: the driver the `connectionDriver` setting
/// names, else libpq (psql's `-d`, `PGSERVICEFILE`-style use).
pub fn file_reader(settings: &Settings) -> Consumer {
    match settings.connection_driver {
        Some(driver) => consumer::for_plain(&Surroundings::default(), Some(driver)),
        None => Consumer::named(Driver::Libpq, Why::Place("it is in a conninfo file".to_string())),
    }
}

/// Checks one connection string found inside another file. `text` is the decoded
/// string, `map` leads from it back to the file, and `env` holds the `PG*` variables
/// the same file sets, which libpq uses for keywords the string leaves out. Returns
/// nothing when `text` is not a connection string (see [`recognize`]).
///
/// It knows nothing of where the string is stored, so a plain URL is read as libpq reads
/// it and the rules that need to know the driver stay quiet; callers that know the key or
/// the workspace call [`check_connection_string_in`].
pub fn check_connection_string(
    text: &str,
    map: &SourceMap,
    env: &Environment,
    settings: &Settings,
) -> Vec<Finding> {
    check_connection_string_in(text, map, env, settings, &Surroundings::default())
}

/// [`check_connection_string`] for callers that know where the string is stored: the key
/// (`DATABASE_URL`, `spring.datasource.url`, `ConnectionStrings__Default`) and the
/// workspace's drivers ([`crate::knowledge::drivers::manifests::discover`] from the file's
/// folder). They decide which driver's reading applies to a plain `postgres://` URL, and
/// the findings say which driver was assumed and why.
pub fn check_connection_string_in(
    text: &str,
    map: &SourceMap,
    env: &Environment,
    settings: &Settings,
    surroundings: &Surroundings,
) -> Vec<Finding> {
    match recognize_in(text, settings, surroundings) {
        Some(recognized) => check_recognized(text, &recognized, map, env, settings),
        None => Vec::new(),
    }
}

/// Checks the `PG*` variables of a file on their own: values libpq refuses and, when
/// they name a server (`PGHOST`, `PGHOSTADDR`), the TLS mode of a connection made from
/// the environment alone. Findings land on the variables' values.
pub fn check_environment(env: &Environment, settings: &Settings) -> Vec<Finding> {
    let info = conninfo::parse_key_value("");
    let host_var = env.get("PGHOST").or_else(|| env.get("PGHOSTADDR"));
    let consumer = Consumer::unknown();
    let ctx = Ctx {
        text: "",
        info: &info,
        map: &SourceMap::identity(0, 0),
        env,
        catalog: libpq::catalog(settings),
        settings,
        env_only: host_var.map(|var| var.line_end),
        consumer: &consumer,
    };

    let mut findings = Vec::new();
    tls::check_values(&ctx, &mut findings);
    options::check(&ctx, &mut findings);
    hostaddr::check(&ctx, &mut findings);
    if host_var.is_some() {
        tls::check(&ctx, &mut findings);
    }
    findings
}

/// Runs every rule that applies to a string of this flavor, read as libpq reads it.
pub fn check_parsed(
    text: &str,
    info: &ConnInfo,
    flavor: Flavor,
    map: &SourceMap,
    env: &Environment,
    settings: &Settings,
) -> Vec<Finding> {
    let recognized = Recognized { info: info.clone(), flavor, consumer: Consumer::unknown() };
    check_recognized(text, &recognized, map, env, settings)
}

/// Runs every rule that applies to a recognized string, for the driver assumed to read it.
pub fn check_recognized(
    text: &str,
    recognized: &Recognized,
    map: &SourceMap,
    env: &Environment,
    settings: &Settings,
) -> Vec<Finding> {
    let Recognized { info, flavor, consumer } = recognized;
    let flavor = *flavor;
    let ctx = Ctx {
        text,
        info,
        map,
        env,
        catalog: libpq::catalog(settings),
        settings,
        env_only: None,
        consumer,
    };
    let driver = consumer.driver;
    let mut findings = Vec::new();

    // pgjdbc has no user information and reads no libpq URI syntax: its own rules cover it.
    let mut explained = Vec::new();
    if driver.reads_libpq_forms() {
        explained.extend(uri::check_userinfo(&ctx, &mut findings));
        explained.extend(uri::check_keyword_after_space(&ctx, &mut findings));
        uri::check_socket_path_in_path(&ctx, &mut findings);
    }
    check_password(&ctx, &mut findings);
    if flavor == Flavor::Npgsql {
        dialect::check_npgsql(&ctx, &mut findings);
        return findings;
    }
    if driver == Driver::Npgsql && consumer.known() {
        // Npgsql cannot parse the string at all: nothing else it says matters yet.
        foreign_form::check_npgsql(&ctx, &mut findings);
        return findings;
    }
    if flavor == Flavor::Libpq {
        foreign_form::check_manifest_only(&ctx, &mut findings);
    }
    dialect::check(&ctx, flavor, &mut findings);
    if flavor == Flavor::ForeignDialect {
        // FIXME: pg8000 and asyncpg under SQLAlchemy read query parameters their own way;
        // beyond the rules above, their readings are not checked yet.
        return findings;
    }

    // SQLAlchemy parses its URLs itself and consumes some query parameters, so libpq's
    // syntax errors and unknown keywords are only reported where libpq reads the string
    // directly; other drivers have parsers of their own.
    let mut refused = false;
    if flavor == Flavor::Libpq && driver.refuses_like_libpq() {
        refused = check_syntax(&ctx, &explained, &mut findings);
        check_unknown_parameters(&ctx, &mut findings);
    } else if driver.passes_query_to_libpq() && consumer.known() {
        // Python's urllib split the URL, so libpq's URI grammar is not the judge, but every
        // query key the helper does not keep reaches libpq as a keyword.
        check_unknown_parameters(&ctx, &mut findings);
    }
    if driver.tls_like_libpq() {
        tls::check_values(&ctx, &mut findings);
        options::check(&ctx, &mut findings);
        hostaddr::check(&ctx, &mut findings);
    }
    if !refused {
        // Where libpq refuses the string, what it would connect to is guesswork.
        if driver.tls_like_libpq() {
            tls::check(&ctx, &mut findings);
        }
        if driver.reads_libpq_keepalives() {
            keepalives::check(&ctx, &mut findings);
        }
        if driver.libpq_judges_keywords() {
            hosts::check(&ctx, &mut findings);
        }
    }
    findings
}

/// The findings about one connection string that need the file system: today, an
/// `sslrootcert` (or `PGSSLROOTCERT`) naming a file that does not exist, said of the driver
/// [`recognize_in`] found. `base` is the folder relative paths are taken from (drivers take
/// them from the working directory of the program that connects, which the messages say).
pub fn check_files(
    text: &str,
    recognized: &Recognized,
    map: &SourceMap,
    env: &Environment,
    settings: &Settings,
    base: &std::path::Path,
    files: &dyn crate::files::Files,
) -> Vec<Finding> {
    let ctx = Ctx {
        text,
        info: &recognized.info,
        map,
        env,
        catalog: libpq::catalog(settings),
        settings,
        env_only: None,
        consumer: &recognized.consumer,
    };
    let mut findings = Vec::new();
    tls::check_rootcert_file(&ctx, base, files, &mut findings);
    findings
}

/// A connection made from the `PG*` variables alone, as [`check_files`] takes it.
pub fn environment_only() -> Recognized {
    let info = conninfo::parse_key_value("");
    Recognized { info, flavor: Flavor::Libpq, consumer: Consumer::unknown() }
}

/// Where libpq gets the value of a keyword from.
#[derive(Clone, Copy, Debug)]
pub(crate) enum Source<'a> {
    /// The string itself.
    String(&'a Setting),
    /// An environment variable the file sets.
    Env(&'a EnvVar),
}

/// The value libpq ends up with for a keyword, and where it comes from.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Effective<'a> {
    pub value: &'a str,
    pub source: Source<'a>,
}

/// A host the connection reaches over the network, with the span that names it.
#[derive(Clone, Debug)]
pub(crate) struct NetworkHost {
    pub span: Span,
}

/// Everything a rule needs to look at one string.
pub(crate) struct Ctx<'a> {
    /// The decoded connection string.
    pub text: &'a str,
    pub info: &'a ConnInfo,
    pub map: &'a SourceMap,
    pub env: &'a Environment,
    pub catalog: &'static Catalog,
    pub settings: &'a Settings,
    /// For a connection made from the environment alone: where new variables go.
    pub env_only: Option<usize>,
    /// The driver assumed to read the string.
    pub consumer: &'a Consumer,
}

impl<'a> Ctx<'a> {
    /// A span of the decoded string, in the file.
    pub fn src(&self, span: Span) -> Span {
        self.map.span(span)
    }

    /// An edit replacing a span of the decoded string, written in the file's quoting;
    /// `None` when the quoting cannot carry the new text.
    pub fn edit(&self, span: Span, new_text: &str) -> Option<Edit> {
        let source = self.src(span);
        if !self.map.editable(source) {
            // The text lives in another variable that a `${VAR}` reference brings in.
            return None;
        }
        Some(Edit { span: source, new_text: self.map.encode(new_text)? })
    }

    /// The value libpq uses for `keyword`: the string's last setting, else the
    /// environment variable the file sets for it.
    pub fn effective(&self, keyword: &str) -> Option<Effective<'a>> {
        if let Some(setting) = self.info.get(keyword) {
            return Some(Effective { value: &setting.value, source: Source::String(setting) });
        }
        let envvar = libpq::catalog_for(None).get(keyword).and_then(|known| known.envvar)?;
        let var = self.env.get(envvar)?;
        Some(Effective { value: &var.value, source: Source::Env(var) })
    }

    /// The file span of an effective value.
    pub fn value_span(&self, effective: &Effective) -> Span {
        match effective.source {
            Source::String(setting) => self.src(setting.value_span),
            Source::Env(var) => var.span,
        }
    }

    /// An edit that gives `keyword` the value `value` where it is set now: the
    /// string's setting (a whole alias such as `ssl=true` is rewritten) or the variable.
    pub fn replace_value(&self, effective: &Effective, value: &str) -> Option<Edit> {
        match effective.source {
            Source::String(setting) if setting.alias => {
                let pair = match setting.origin {
                    Origin::UriQuery => format!("sslmode={value}"),
                    _ => format!("{}={}", setting.keyword, value),
                };
                self.edit(setting.span, &pair)
            }
            Source::String(setting) => self.edit(setting.value_span, value),
            Source::Env(var) => {
                Some(Edit { span: var.span, new_text: encode_for(var.quoting, value)? })
            }
        }
    }

    /// An edit that adds settings the string does not have yet, in the string's own
    /// syntax: `&`-joined after `?` in a URI, space-separated in `keyword=value` text,
    /// or new `PG*` lines for a connection made from the environment alone.
    pub fn add_settings(&self, pairs: &[(&str, String)]) -> Option<Edit> {
        if let Some(line_end) = self.env_only {
            let mut lines = String::new();
            for (keyword, value) in pairs {
                let envvar = self.catalog.get(keyword)?.envvar?;
                lines.push_str(&format!("\n{envvar}={value}"));
            }
            return Some(Edit { span: Span::empty(line_end), new_text: lines });
        }

        match self.info.form {
            Form::Uri => {
                let joined: Vec<String> = pairs
                    .iter()
                    .map(|(keyword, value)| format!("{keyword}={}", uri::encode_component(value)))
                    .collect();
                let separator = match self.info.query_span {
                    None => "?",
                    Some(query) if query.is_empty() || self.text.ends_with('&') => "",
                    Some(_) => "&",
                };
                let insertion = Span::empty(self.text.len());
                self.edit(insertion, &format!("{separator}{}", joined.join("&")))
            }
            Form::KeyValue => {
                let joined: Vec<String> = pairs
                    .iter()
                    .map(|(keyword, value)| format!("{keyword}={}", quote_key_value(value)))
                    .collect();
                let end = self.text.trim_end_matches([' ', '\t', '\n', '\r', '\x0b', '\x0c']).len();
                if self.text[..end].ends_with('\\') {
                    // A trailing backslash would escape the blank we add.
                    return None;
                }
                let separator = if end == 0 { "" } else { " " };
                self.edit(Span::empty(end), &format!("{separator}{}", joined.join(" ")))
            }
        }
    }

    /// The hosts this connection reaches over TCP beyond the local machine.
    pub fn network_hosts(&self) -> Vec<NetworkHost> {
        let host = self.effective("host");
        let hostaddr = self.effective("hostaddr");
        let hosts: Vec<&str> = host.map_or(vec![""], |found| found.value.split(',').collect());
        let addrs: Vec<&str> =
            hostaddr.map_or(Vec::new(), |found| found.value.split(',').collect());

        let mut network = Vec::new();
        for index in 0..hosts.len().max(addrs.len()) {
            let addr = addrs.get(index).copied().filter(|addr| !addr.is_empty());
            let dialled = addr.or(hosts.get(index).copied()).unwrap_or("");
            if is_local(dialled) {
                continue;
            }
            let span = match (addr, hostaddr, host) {
                (Some(_), Some(found), _) => self.value_span(&found),
                (_, _, Some(found)) => self.host_span(&found, index),
                _ => self.src(self.info.span),
            };
            network.push(NetworkHost { span });
        }
        network
    }

    /// The span of the `index`th host of a host list.
    fn host_span(&self, host: &Effective, index: usize) -> Span {
        match host.source {
            Source::String(setting) if setting.origin == Origin::UriHost => {
                match self.info.hosts.get(index) {
                    Some(entry) => self.src(entry.host_span),
                    None => self.src(setting.value_span),
                }
            }
            _ => self.value_span(host),
        }
    }
}

/// `text` in a `.env` value's quoting.
fn encode_for(quoting: conninfo::Quoting, text: &str) -> Option<String> {
    SourceMap::new(quoting, 0).encode(text)
}

/// A value written for `keyword=value` text: quoted when it holds blanks or quotes.
fn quote_key_value(value: &str) -> String {
    if !value.is_empty() && !value.contains([' ', '\t', '\'', '\\']) {
        return value.to_string();
    }
    let escaped = value.replace('\\', "\\\\").replace('\'', "\\'");
    format!("'{escaped}'")
}

/// True when a host reaches no network: a Unix socket directory (or an abstract socket
/// `@name`), the default socket (empty), `localhost`, or a loopback address.
pub fn is_local(host: &str) -> bool {
    let host = host.trim();
    if host.is_empty() || host.starts_with('/') || host.starts_with('@') {
        return true;
    }
    if host.eq_ignore_ascii_case("localhost") {
        return true;
    }
    let bare = host.trim_start_matches('[').trim_end_matches(']');
    bare.parse::<IpAddr>().is_ok_and(|addr| addr.is_loopback())
}

/// libpq's refusals of the string's syntax. Errors inside text that a more specific
/// rule already explained (`explained`) are not repeated. Returns true when it reported
/// any.
fn check_syntax(ctx: &Ctx, explained: &[Span], findings: &mut Vec<Finding>) -> bool {
    let mut reported = false;
    for error in &ctx.info.errors {
        let inside = |span: &Span| span.start <= error.span.start && error.span.end <= span.end;
        if explained.iter().any(inside) {
            continue;
        }
        reported = true;
        findings.push(Finding::new(
            &SYNTAX_ERROR,
            Severity::Error,
            ctx.src(error.span),
            error.message.clone(),
        ));
    }
    reported
}

/// Keywords libpq does not know, which make it refuse the whole string. Where a Django URL
/// helper reads the string, libpq sees the query keys the helper does not keep (as
/// [`django_reading::as_passed_on`] leaves them) and refuses an unknown one when connecting.
fn check_unknown_parameters(ctx: &Ctx, findings: &mut Vec<Finding>) {
    let through_django = ctx.consumer.driver.passes_query_to_libpq();
    let mut names: Vec<&str> = ctx.catalog.keywords.iter().map(|keyword| keyword.name).collect();
    if through_django {
        names.extend(django_setting_names(ctx.consumer));
    }
    for setting in &ctx.info.settings {
        let written = matches!(setting.origin, Origin::KeyValue | Origin::UriQuery);
        if !written || setting.alias || ctx.catalog.get(&setting.keyword).is_some() {
            continue;
        }
        if through_django && consumer::django_keeper(ctx.consumer, &setting.keyword).is_some() {
            continue;
        }
        let keyword = &setting.written_keyword;
        let refuses = match ctx.info.form {
            _ if through_django => "connecting fails",
            Form::Uri => "refuses the whole URI",
            Form::KeyValue => "refuses the whole string",
        };
        let major = ctx.catalog.major;
        let span = ctx.src(setting.key_span);

        let finding = if keyword == "ssl" {
            let message = if through_django {
                format!(
                    "libpq takes `ssl=true` only in a URI it parses itself, and {} hands `ssl` \
                     to libpq as a keyword ({}), which it refuses, so connecting fails; write \
                     `sslmode=verify-full`.",
                    ctx.consumer.driver.name(),
                    ctx.consumer.reason()
                )
            } else if ctx.info.form == Form::KeyValue {
                "libpq has no `ssl` keyword (only a URI takes `ssl=true`, as \
                 `sslmode=require`), so it refuses the whole string; write \
                 `sslmode=verify-full`."
                    .to_string()
            } else {
                "libpq understands `ssl` only as `ssl=true` (meaning `sslmode=require`) and \
                 refuses the URI for any other value; write `sslmode=verify-full`."
                    .to_string()
            };
            Finding::new(&UNKNOWN_PARAMETER, Severity::Error, span, message).with_fixes(
                ctx.edit(setting.span, "sslmode=verify-full")
                    .map(|edit| fix("Use `sslmode=verify-full`", edit)),
            )
        } else if keyword.is_empty() {
            let message = format!(
                "This parameter has no name before its `=`, and libpq {refuses}; remove it or \
                 name the keyword."
            );
            Finding::new(&UNKNOWN_PARAMETER, Severity::Error, ctx.src(setting.span), message)
        } else if let Some(newer) = libpq::first_major_with(keyword).filter(|&m| m > major) {
            let message = format!(
                "libpq {major} does not know `{keyword}` (libpq {newer} does) and {refuses}; \
                 drop it or make sure every client uses a newer libpq."
            );
            Finding::new(&UNKNOWN_PARAMETER, Severity::Error, span, message)
        } else if dialect::PRISMA_PARAMETERS.contains(&keyword.as_str()) {
            // Unless libpq is known to read the string, `dialect` notes these instead.
            if !ctx.consumer.known() && ctx.info.form == Form::Uri {
                continue;
            }
            let message = format!(
                "`{keyword}` is a Prisma setting, not a libpq keyword, and {} reads this \
                 string ({}), so it {refuses}. Keep a separate URL for Prisma.",
                ctx.consumer.driver.name(),
                ctx.consumer.reason()
            );
            Finding::new(&UNKNOWN_PARAMETER, Severity::Error, span, message)
        } else if through_django && django::is_environ_setting(keyword) {
            // Only dj-database-url gets here: django-environ keeps these keys.
            let lower = keyword.to_ascii_lowercase();
            let instead = if django::DJ_DATABASE_URL_ARGUMENTS.contains(&lower.as_str()) {
                format!("Pass `{lower}=` to `dj_database_url.config()` instead")
            } else {
                format!("Set `{}` in the `DATABASES` entry instead", keyword.to_ascii_uppercase())
            };
            let message = format!(
                "`{keyword}` is a Django setting that dj-database-url does not take from the \
                 URL: it passes it to libpq in `OPTIONS` ({}), so connecting fails. {instead}.",
                ctx.consumer.reason()
            );
            Finding::new(&UNKNOWN_PARAMETER, Severity::Error, span, message)
        } else {
            let suggestion = crate::suggest::closest(keyword, names.iter().copied());
            let hint = suggestion.map_or(String::new(), |name| format!(" Did you mean `{name}`?"));
            let message = if through_django {
                format!(
                    "libpq does not know the keyword `{keyword}`, and {} passes it to libpq \
                     through Django's `OPTIONS` ({}), so connecting fails.{hint}",
                    ctx.consumer.driver.name(),
                    ctx.consumer.reason()
                )
            } else {
                format!("libpq does not know the keyword `{keyword}` and {refuses}.{hint}")
            };
            let edit = suggestion.and_then(|name| ctx.edit(setting.key_span, name));
            Finding::new(&UNKNOWN_PARAMETER, Severity::Error, span, message).with_fixes(
                edit.map(|edit| fix(&format!("Change to `{}`", suggestion.unwrap_or("")), edit)),
            )
        };
        findings.push(finding);
    }
}

/// The query keys a Django URL helper keeps, in the spelling people write them, so that a
/// misspelled `conn_max_agee` is offered `conn_max_age`.
fn django_setting_names(consumer: &Consumer) -> Vec<&'static str> {
    let helpers = [Some(consumer.driver), consumer.alternative];
    let mut names = Vec::new();
    for helper in helpers.into_iter().flatten() {
        match helper {
            Driver::DjangoEnviron => names.extend(django::ENVIRON_SETTINGS),
            Driver::DjDatabaseUrl => names.push(django::DJ_DATABASE_URL_SCHEMA),
            _ => {}
        }
    }
    names
}

/// Secrets written into the string, where logs, shells and process lists can see them.
fn check_password(ctx: &Ctx, findings: &mut Vec<Finding>) {
    for setting in &ctx.info.settings {
        if setting.value.is_empty() || !libpq::is_secret(&setting.keyword) {
            continue;
        }
        let message = format!(
            "This connection string carries a {} in clear text, so anyone who can read \
             this file, a log line or the process list learns it. Keep it in \
             `~/.pgpass`, `PGPASSWORD` or a secret store instead.",
            if setting.keyword == "password" { "password" } else { "secret" }
        );
        findings.push(Finding::new(
            &PASSWORD_IN_STRING,
            Severity::Warning,
            ctx.src(setting.value_span),
            message,
        ));
    }
}

/// A one-edit fix.
pub(crate) fn fix(title: &str, edit: Edit) -> crate::finding::Fix {
    crate::finding::Fix::new(title, vec![edit])
}

/// Adding optional fixes to a finding.
pub(crate) trait WithFixes {
    fn with_fixes(self, fixes: Option<crate::finding::Fix>) -> Self;
}

impl WithFixes for Finding {
    fn with_fixes(self, fixes: Option<crate::finding::Fix>) -> Finding {
        match fixes {
            Some(one) => self.with_fix(one),
            None => self,
        }
    }
}

/// The spans of `info` (offsets into the string it was parsed from) that hold a password:
/// the `password` setting, a URI's userinfo after its `:`, and in a host name that still
/// holds an `@`, the text before it, which is the tail of a password with an unencoded `@`.
pub fn secret_spans_of(text: &str, info: &ConnInfo) -> Vec<Span> {
    let mut secrets: Vec<Span> = info
        .settings
        .iter()
        .filter(|setting| libpq::is_secret(&setting.keyword))
        .map(|setting| setting.value_span)
        .collect();

    if let Some(userinfo) = info.userinfo_span {
        if let Some(colon) = userinfo.of(text).find(':') {
            secrets.push(Span::new(userinfo.start + colon + 1, userinfo.end));
        }
    }
    for host in &info.hosts {
        if let Some(at) = host.host_span.of(text).rfind('@') {
            secrets.push(Span::new(host.host_span.start, host.host_span.start + at));
        }
    }
    secrets
}

/// The password spans of a conninfo file, one connection string per line.
pub fn secret_spans(text: &str, settings: &Settings) -> Vec<Span> {
    let mut secrets = Vec::new();
    let mut line_start = 0;
    for line in text.split_inclusive('\n') {
        let content = line.trim_end_matches(['\n', '\r']);
        let info = conninfo::parse_for(content, parse_major(settings));
        let spans = secret_spans_of(content, &info);
        secrets.extend(spans.into_iter().map(|span| span.shifted(line_start)));
        line_start += line.len();
    }
    secrets
}
