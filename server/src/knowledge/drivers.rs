//! The programs besides libpq that read PostgreSQL connection strings, and the facts about
//! each that change what a string means: its URL grammar, how it reads `sslmode` and what it
//! does without one, whether it takes several hosts, and whether it can bind channels.
//!
//! Each fact was read in the driver's own source (the file is named beside it); where a fact
//! could not be settled there, [`Driver::unsure`] says so and the hover repeats it.
//! [`manifests`] finds which of them a workspace depends on.

pub mod django;
pub mod manifests;

/// A program that reads connection strings.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Driver {
    /// libpq itself and what sits on it: psql, pg_dump, psycopg 2 and 3.
    Libpq,
    /// SQLAlchemy with psycopg2 or psycopg: SQLAlchemy parses the URL, then hands its query
    /// parameters to the DBAPI as keyword arguments, which libpq checks
    /// (`lib/sqlalchemy/dialects/postgresql/psycopg2.py`).
    SqlAlchemyPsycopg,
    /// SQLAlchemy with asyncpg: the query parameters become keyword arguments of
    /// `asyncpg.connect()`, which has `ssl` but no `sslmode`
    /// (`lib/sqlalchemy/dialects/postgresql/asyncpg.py`, `create_connect_args`).
    SqlAlchemyAsyncpg,
    /// SQLAlchemy with pg8000, a pure-Python driver.
    SqlAlchemyPg8000,
    /// asyncpg reading a DSN itself (`asyncpg/connect_utils.py`, `_parse_connect_dsn_and_args`).
    Asyncpg,
    /// The PostgreSQL JDBC driver (`pgjdbc/src/main/java/org/postgresql/Driver.java`,
    /// `parseURL`; `PGProperty.java`; `jdbc/SslMode.java`).
    Pgjdbc,
    /// node-postgres, the `pg` package (`packages/pg-connection-string/index.js`,
    /// `packages/pg/lib/connection-parameters.js`).
    NodePostgres,
    /// Prisma's query engine (`quaint/src/connector/postgres/url.rs` in prisma-engines).
    Prisma,
    /// postgres.js, the `postgres` package.
    PostgresJs,
    /// Go's lib/pq (`connector.go`, `ssl.go`).
    GoLibPq,
    /// Go's pgx (`pgconn/config.go`).
    Pgx,
    /// Npgsql, for .NET (`src/Npgsql/NpgsqlConnectionStringBuilder.cs`).
    Npgsql,
    /// django-environ's `env.db()` (`environ/environ.py`, `Env.db_url_config`): Python's
    /// `urlparse` splits the URL, Django's own settings among the query keys are kept, and
    /// every other key lands in Django's `OPTIONS`, which the postgresql backend hands to
    /// psycopg and so to libpq (see [`django`]).
    DjangoEnviron,
    /// dj-database-url's `parse()` and `config()` (`dj_database_url/__init__.py`): Python's
    /// `urlsplit` splits the URL and every query key lands in `OPTIONS`, `currentSchema`
    /// excepted.
    DjDatabaseUrl,
}

/// Whether a driver does something, as far as its source shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Support {
    Yes,
    No,
    /// Not settled by what was read: rules stay silent, hovers say so.
    Unknown,
}

impl Driver {
    pub const ALL: [Driver; 14] = [
        Driver::Libpq,
        Driver::SqlAlchemyPsycopg,
        Driver::SqlAlchemyAsyncpg,
        Driver::SqlAlchemyPg8000,
        Driver::Asyncpg,
        Driver::Pgjdbc,
        Driver::NodePostgres,
        Driver::Prisma,
        Driver::PostgresJs,
        Driver::GoLibPq,
        Driver::Pgx,
        Driver::Npgsql,
        Driver::DjangoEnviron,
        Driver::DjDatabaseUrl,
    ];

    /// The name the `connectionDriver` setting and `--connection-driver` take.
    pub fn setting_name(self) -> &'static str {
        match self {
            Driver::Libpq => "libpq",
            Driver::SqlAlchemyPsycopg => "sqlalchemy-psycopg",
            Driver::SqlAlchemyAsyncpg => "sqlalchemy-asyncpg",
            Driver::SqlAlchemyPg8000 => "sqlalchemy-pg8000",
            Driver::Asyncpg => "asyncpg",
            Driver::Pgjdbc => "pgjdbc",
            Driver::NodePostgres => "node-postgres",
            Driver::Prisma => "prisma",
            Driver::PostgresJs => "postgres-js",
            Driver::GoLibPq => "lib-pq",
            Driver::Pgx => "pgx",
            Driver::Npgsql => "npgsql",
            Driver::DjangoEnviron => "django-environ",
            Driver::DjDatabaseUrl => "dj-database-url",
        }
    }

    /// The driver a setting names.
    pub fn from_setting_name(name: &str) -> Option<Driver> {
        Driver::ALL.into_iter().find(|driver| driver.setting_name() == name)
    }

    /// The name shown in findings and hovers.
    pub fn name(self) -> &'static str {
        match self {
            Driver::Libpq => "libpq (psql, psycopg)",
            Driver::SqlAlchemyPsycopg => "SQLAlchemy with psycopg (libpq)",
            Driver::SqlAlchemyAsyncpg => "SQLAlchemy with asyncpg",
            Driver::SqlAlchemyPg8000 => "SQLAlchemy with pg8000",
            Driver::Asyncpg => "asyncpg",
            Driver::Pgjdbc => "the PostgreSQL JDBC driver (pgjdbc)",
            Driver::NodePostgres => "node-postgres (`pg`)",
            Driver::Prisma => "Prisma",
            Driver::PostgresJs => "postgres.js",
            Driver::GoLibPq => "Go's lib/pq",
            Driver::Pgx => "Go's pgx",
            Driver::Npgsql => "Npgsql",
            Driver::DjangoEnviron => "django-environ (`env.db()`)",
            Driver::DjDatabaseUrl => "dj-database-url",
        }
    }

    /// True when the driver reads libpq's own forms, a `postgres://` URL or `keyword=value`
    /// text. pgjdbc takes only `jdbc:postgresql:` URLs (`Driver.parseURL`) and Npgsql only
    /// `Key=Value;` pairs (it has no URI parser: npgsql/npgsql#2090 is still open), so a
    /// manifest naming either does not make it the reader of a plain URL.
    pub fn reads_libpq_forms(self) -> bool {
        !matches!(self, Driver::Pgjdbc | Driver::Npgsql)
    }

    /// True when the driver takes a password from `PGPASSWORD` when the string has none, so
    /// that moving it there keeps the login working: libpq and what sits on it (SQLAlchemy
    /// with psycopg, Django's backends), and the drivers that copy libpq's environment
    /// defaults: asyncpg (`connect_utils.py`), node-postgres (`lib/defaults.js`,
    /// `connection-parameters.js`), pgx (`pgconn/defaults.go`) and lib/pq (`conn.go`,
    /// `parseEnviron`). Prisma and pgjdbc read no libpq variables; for the others it was not
    /// checked, so the move is not offered.
    pub fn reads_pgpassword(self) -> bool {
        matches!(
            self,
            Driver::Libpq
                | Driver::SqlAlchemyPsycopg
                | Driver::Asyncpg
                | Driver::SqlAlchemyAsyncpg
                | Driver::NodePostgres
                | Driver::Pgx
                | Driver::GoLibPq
                | Driver::DjangoEnviron
                | Driver::DjDatabaseUrl
        )
    }

    /// True when the driver reads libpq's `keyword=value` form as well as URLs: libpq
    /// itself, pgx (`pgconn/config.go`, `parseKeywordValueSettings`) and lib/pq
    /// (`conn.go`, `parseOpts`). The others parse URLs only.
    pub fn reads_keyword_form(self) -> bool {
        matches!(self, Driver::Libpq | Driver::Pgx | Driver::GoLibPq)
    }

    /// True when libpq itself parses the string's settings and refuses what it does not
    /// know, so libpq's keyword and value rules apply as they are.
    pub fn refuses_like_libpq(self) -> bool {
        matches!(self, Driver::Libpq | Driver::SqlAlchemyPsycopg)
    }

    /// True when a Python URL parser reads the string and hands the query keys it does not
    /// keep for itself to libpq as keywords: Django's URL helpers put them in `OPTIONS`,
    /// which Django's postgresql backend passes to `psycopg.connect()`. libpq then refuses
    /// a key it does not know when connecting ("invalid connection option"), but the URL's
    /// own syntax is Python's, not libpq's.
    pub fn passes_query_to_libpq(self) -> bool {
        matches!(self, Driver::DjangoEnviron | Driver::DjDatabaseUrl)
    }

    /// True when libpq ends up judging the string's keywords, whoever parsed the URL.
    pub fn libpq_judges_keywords(self) -> bool {
        self.refuses_like_libpq() || self.passes_query_to_libpq()
    }

    /// True when libpq's TLS rules describe the driver's behaviour: the same modes with
    /// the same meaning and the same `prefer` default. pgx implements libpq's modes itself
    /// (`pgconn/config.go`, `configTLS`), asyncpg too (`connect_utils.py`, `prefer` when
    /// TCP is used); lib/pq too, but with its own default (see [`Driver::default_sslmode`]).
    /// Django's URL helpers pass `sslmode` and the other TLS keywords on to libpq.
    pub fn tls_like_libpq(self) -> bool {
        matches!(
            self,
            Driver::Libpq
                | Driver::SqlAlchemyPsycopg
                | Driver::Asyncpg
                | Driver::GoLibPq
                | Driver::Pgx
                | Driver::DjangoEnviron
                | Driver::DjDatabaseUrl
        )
    }

    /// True when the libpq keepalive keywords reach the socket: only libpq reads them. Go's
    /// dialer sends keepalives by default, node-postgres and pgjdbc take them from code or
    /// their own properties. Django's URL helpers pass the keywords on to libpq.
    pub fn reads_libpq_keepalives(self) -> bool {
        matches!(
            self,
            Driver::Libpq
                | Driver::SqlAlchemyPsycopg
                | Driver::DjangoEnviron
                | Driver::DjDatabaseUrl
        )
    }

    /// The `sslmode` the driver uses when the string sets none, when it differs from
    /// libpq's `prefer`. lib/pq up to v1.12 defaults to `require` (the comment on
    /// `Config.SSLMode` in `connector.go`); its changelog announces `prefer` for the release
    /// after 1.12.
    ///
    /// FIXME: the release after lib/pq 1.12 defaults to `prefer`; the go.mod version should
    /// decide once that release is out.
    pub fn default_sslmode(self) -> Option<&'static str> {
        match self {
            Driver::GoLibPq => Some("require"),
            _ => None,
        }
    }

    /// Whether a comma-separated host list works. node-postgres hands the string to the
    /// WHATWG `URL` parser, which refuses a port followed by `,` ("Invalid URL"); Prisma
    /// parses it with the `url` crate, which refuses it the same way. libpq, pgx, asyncpg,
    /// pgjdbc (`Driver.parseURL` splits at `,`), Npgsql and lib/pq from v1.11 take lists.
    /// django-environ splits a host list itself ("postgres cluster dsn" in
    /// `db_url_config`) and hands libpq the hosts and ports joined by `,`. dj-database-url
    /// leaves it to `urlsplit`, whose `port` raises "Port could not be cast to integer
    /// value" when a port comes before a `,` (`h1:5432,h2`), so `parse()` fails; a list
    /// with at most one port, at the end (`h1,h2:5433`), reaches libpq whole.
    pub fn multi_host(self) -> Support {
        match self {
            Driver::NodePostgres | Driver::Prisma | Driver::DjDatabaseUrl => Support::No,
            Driver::Libpq
            | Driver::SqlAlchemyPsycopg
            | Driver::SqlAlchemyAsyncpg
            | Driver::Asyncpg
            | Driver::Pgjdbc
            | Driver::Pgx
            | Driver::Npgsql
            | Driver::DjangoEnviron => Support::Yes,
            Driver::SqlAlchemyPg8000 | Driver::PostgresJs | Driver::GoLibPq => Support::Unknown,
        }
    }

    /// Whether `channel_binding=require` in the string makes the driver insist on
    /// SCRAM-SHA-256-PLUS. asyncpg hard-codes no channel binding (`protocol/scram.pyx`);
    /// node-postgres binds only when code sets `enableChannelBinding` (`lib/client.js`) and
    /// ignores the URL parameter; pgjdbc's property is `channelBinding`, so the libpq
    /// spelling is ignored (`PGProperty.java`). pgx (`pgconn/config.go`), Prisma (quaint,
    /// through tokio-postgres) and Npgsql (`Channel Binding`) implement it. Django's URL
    /// helpers pass it on to libpq.
    pub fn channel_binding(self) -> Support {
        match self {
            Driver::Libpq | Driver::SqlAlchemyPsycopg | Driver::Pgx | Driver::Prisma => {
                Support::Yes
            }
            Driver::DjangoEnviron | Driver::DjDatabaseUrl => Support::Yes,
            Driver::Npgsql => Support::Yes,
            Driver::Asyncpg | Driver::SqlAlchemyAsyncpg | Driver::NodePostgres | Driver::Pgjdbc => {
                Support::No
            }
            Driver::SqlAlchemyPg8000 | Driver::PostgresJs | Driver::GoLibPq => Support::Unknown,
        }
    }

    /// How the driver reads `sslmode` (or its own TLS setting), for the hover, where it
    /// differs from libpq.
    pub fn tls_meaning(self) -> Option<&'static str> {
        Some(match self {
            Driver::Libpq | Driver::SqlAlchemyPsycopg | Driver::Pgx => return None,
            Driver::SqlAlchemyAsyncpg => {
                "SQLAlchemy passes each query parameter to `asyncpg.connect()` as a keyword \
                 argument: TLS is `ssl=` (`disable` … `verify-full`, as libpq's modes), and \
                 `sslmode=` makes the call fail."
            }
            Driver::SqlAlchemyPg8000 => {
                "pg8000 reads neither `sslmode` nor libpq's other keywords; TLS comes from \
                 its `ssl_context` argument. What SQLAlchemy does with query parameters for \
                 pg8000 was not checked."
            }
            Driver::Asyncpg => {
                "asyncpg reads `sslmode` in a DSN as libpq does (default `prefer` over TCP), \
                 and turns every query parameter it does not know into a server setting."
            }
            Driver::Pgjdbc => {
                "pgjdbc reads `sslmode` as libpq does (default `prefer`), but `ssl=true` \
                 without `sslmode` means `verify-full`, and \
                 `sslfactory=org.postgresql.ssl.NonValidatingFactory` turns every check off."
            }
            Driver::NodePostgres => {
                "node-postgres uses no TLS at all unless asked. `sslmode=prefer`, `require` \
                 and `verify-ca` all verify the certificate and host name like `verify-full` \
                 (unless `uselibpqcompat=true`), and only `sslmode=no-verify` skips the check."
            }
            Driver::Prisma => {
                "Prisma knows only `sslmode=disable`, `prefer` (its default) and `require`; \
                 any other value, `verify-full` included, silently means `prefer`. Under \
                 `require` it accepts any certificate unless `sslaccept=strict`."
            }
            Driver::PostgresJs => {
                "postgres.js uses no TLS unless asked. Under `sslmode=require`, `allow` and \
                 `prefer` it accepts any certificate (`prefer` also falls back to plain \
                 text); under `verify-ca` and `verify-full` Node checks the certificate and \
                 the host name against its own CA store, not `sslrootcert`."
            }
            Driver::GoLibPq => {
                "lib/pq reads the modes as libpq does, but without `sslmode` it uses `require` \
                 (up to v1.12): encrypted, no certificate check, no plain-text fallback."
            }
            Driver::Npgsql => {
                "Npgsql's `SSL Mode` takes libpq's modes (`Disable` … `VerifyFull`, default \
                 `Prefer`). `Trust Server Certificate=true` skipped the certificate check \
                 before Npgsql 8 and does nothing since."
            }
            Driver::DjangoEnviron => {
                "django-environ keeps Django's own settings among the query keys \
                 (`conn_max_age`, `atomic_requests`, `autocommit`, \
                 `disable_server_side_cursors`, `conn_health_checks`, in any case) and puts \
                 every other key, `sslmode` included, into `OPTIONS`, which psycopg hands to \
                 libpq: TLS is libpq's (default `prefer`), and libpq refuses an unknown key \
                 when connecting. `ssl=true` is not libpq's URI alias here but an unknown key."
            }
            Driver::DjDatabaseUrl => {
                "dj-database-url puts every query key into `OPTIONS`, which psycopg hands to \
                 libpq, except `currentSchema` (it becomes `options=-c search_path=…`): TLS is \
                 libpq's (default `prefer`), `ssl_require=True` in code adds \
                 `sslmode=require`, and Django settings such as `conn_max_age` belong in the \
                 call's arguments, not in the URL, where libpq refuses them when connecting."
            }
        })
    }

    /// What could not be settled in the driver's source, for the hover.
    pub fn unsure(self) -> Option<&'static str> {
        match self {
            Driver::PostgresJs | Driver::SqlAlchemyPg8000 => Some(
                "pgconf-lsp does not know this driver's reading of libpq's keywords in detail; \
                 it checks only what every URL parser agrees on.",
            ),
            Driver::DjangoEnviron => Some(
                "django-environ does not decode a host written percent-encoded \
                 (`%2Fvar%2Frun%2Fpostgresql`), so libpq looks it up as a host name; it takes \
                 a socket directory from the path instead (`postgres:////var/run/postgresql/db`). \
                 Of a repeated query key it keeps the first, where libpq would keep the last.",
            ),
            Driver::Prisma => Some(
                "Prisma 7 with a driver adapter (`@prisma/adapter-pg`) reads the URL with \
                 node-postgres instead; this reading is the Rust engine's.",
            ),
            _ => None,
        }
    }
}
