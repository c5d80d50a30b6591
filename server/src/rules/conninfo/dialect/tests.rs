//! Snapshots of each driver's reading, rule by rule, firing and not: the driver comes from
//! the scheme, the key or manifests held in [`MemoryFiles`].

use crate::files::MemoryFiles;
use crate::knowledge::drivers::manifests;
use crate::rules::conninfo::tests::{assert_fixes_work, render};
use crate::rules::conninfo::{check_connection_string_in, Surroundings};
use crate::settings::Settings;
use crate::syntax::conninfo::{Environment, SourceMap};

/// The findings of `text` stored under `key` in a workspace with `manifest` (path, text).
#[track_caller]
fn check_as(
    manifest: Option<(&str, &str)>,
    key: Option<&str>,
    text: &str,
    expect: expect_test::Expect,
) {
    let files = match manifest {
        Some((path, manifest)) => MemoryFiles::default().with(path, manifest),
        None => MemoryFiles::default(),
    };
    let workspace = manifests::discover(std::path::Path::new("/w"), &files);
    let settings = Settings::default();
    let run = |text: &str| {
        let surroundings = Surroundings { key, workspace: Some(&workspace) };
        let map = SourceMap::identity(0, text.len());
        check_connection_string_in(text, &map, &Environment::default(), &settings, &surroundings)
    };
    let findings = run(text);
    expect.assert_eq(&render(text, &findings));
    assert_fixes_work(text, &run);
    for finding in &findings {
        assert!(!finding.message.contains("s3cret"), "a message echoes the password");
        for fix in &finding.fixes {
            assert!(!fix.title.contains("s3cret"), "a fix title echoes the password");
            let carries = fix.edits.iter().any(|edit| edit.new_text.contains("s3cret"));
            assert!(!carries, "a fix writes the password");
        }
    }
}

const NODE: Option<(&str, &str)> = Some(("/w/package.json", r#"{"dependencies": {"pg": "8"}}"#));
const PRISMA: Option<(&str, &str)> =
    Some(("/w/package.json", r#"{"dependencies": {"@prisma/client": "5"}}"#));
const SQLALCHEMY: Option<(&str, &str)> = Some(("/w/requirements.txt", "sqlalchemy\n"));
const ASYNCPG: Option<(&str, &str)> = Some(("/w/requirements.txt", "asyncpg==0.29\n"));
const PGX: Option<(&str, &str)> = Some(("/w/go.mod", "require github.com/jackc/pgx/v5 v5.5.0\n"));

#[test]
fn sqlalchemy_scheme() {
    // Named by the scheme: a warning.
    check_as(
        None,
        None,
        "postgres+psycopg2://db.example.com/app?sslmode=verify-full&sslrootcert=system",
        expect_test::expect![[r#"
        1:1-1:9 warning conn-postgres-scheme-sqlalchemy: SQLAlchemy 1.4 and newer refuse the `postgres` scheme (`create_engine` cannot load a `postgres` dialect), and SQLAlchemy with psycopg (libpq) reads this URL because the string starts with `postgres+psycopg2://`. Write `postgresql`; if the platform sets the variable, replace the prefix in code. [fix: Use the `postgresql` scheme => postgresql]
        1:21-1:35 hint conn-keepalives-missing: No `keepalives_idle`: the operating system waits about two hours before the first keepalive probe, while NAT gateways and load balancers drop idle connections after minutes (240 s assumed) without telling either end. Add `keepalives_idle` below 240 s. [fix: Send TCP keepalives after 60 s of silence => &keepalives=1&keepalives_idle=60&keepalives_interval=10&keepalives_count=6]"#]],
    );
    // `postgresql://` is what SQLAlchemy wants.
    check_as(SQLALCHEMY, None, "postgresql://db.example.com/app?sslmode=verify-full&\
          sslrootcert=system", expect_test::expect!["1:14-1:28 hint conn-keepalives-missing: No `keepalives_idle`: the operating system waits about two hours before the first keepalive probe, while NAT gateways and load balancers drop idle connections after minutes (240 s assumed) without telling either end. Add `keepalives_idle` below 240 s. [fix: Send TCP keepalives after 60 s of silence => &keepalives=1&keepalives_idle=60&keepalives_interval=10&keepalives_count=6]"]);
    // node-postgres takes `postgres://`: nothing about the scheme.
    check_as(
        Some(("/w/package.json", r#"{"dependencies": {"pg": "8"}}"#)),
        None,
        "postgres://db.example.com/app?sslmode=verify-full",
        expect_test::expect![[r#""#]],
    );
}

#[test]
fn asyncpg_under_sqlalchemy() {
    check_as(None, None, "postgresql+asyncpg://db.example.com/app?sslmode=verify-full", expect_test::expect!["1:41-1:48 error conn-asyncpg-sslmode: SQLAlchemy's asyncpg dialect passes `sslmode` to `asyncpg.connect()`, which has no such argument, so connecting fails with a TypeError. Write `ssl=` with the same mode. [fix: Use `ssl=verify-full` => ssl=verify-full]"]);
    check_as(
        None,
        None,
        "postgresql+asyncpg://db.example.com/app?ssl=verify-full",
        expect_test::expect![[r#""#]],
    );
}

#[test]
fn asyncpg_direct_reads_tls_like_libpq_but_no_keepalives() {
    check_as(ASYNCPG, None, "postgresql://db.example.com/app?sslmode=require", expect_test::expect!["1:41-1:48 warning conn-sslmode-require: `sslmode=require` encrypts but accepts any certificate, so a man in the middle can pose as the server and read everything. Use `verify-full` to check the certificate and host name. [fix: Use `sslmode=verify-full` => verify-full]"]);
}

#[test]
fn asyncpg_sends_unknown_parameters_to_the_server() {
    let text = "postgresql://db.example.com/app?sslmode=verify-full&sslrootcert=ca.pem\
                &application_name=web&keepalives_idle=60&schema=app&options=-c%20x%3Dy";
    check_as(
        ASYNCPG,
        None,
        text,
        expect_test::expect![[r#"
        1:93-1:108 error conn-asyncpg-server-setting: asyncpg sends query parameters it does not read itself to the server as settings, and the server has no `keepalives_idle`, so it refuses the connection (requirements.txt depends on `asyncpg`). Drop it, or name a real server setting.
        1:112-1:118 error conn-asyncpg-server-setting: asyncpg sends query parameters it does not read itself to the server as settings, and the server has no `schema`, so it refuses the connection (requirements.txt depends on `asyncpg`). Drop it, or name a real server setting."#]],
    );
}

#[test]
fn jdbc_urls() {
    check_as(
        None,
        None,
        "jdbc:postgresql://app:s3cret@db.example.com:5432/app?sslmode=verify-full",
        expect_test::expect![[r#"
        1:23-1:29 warning conn-password-in-string: This connection string carries a password in clear text, so anyone who can read this file, a log line or the process list learns it. Keep it in `~/.pgpass`, `PGPASSWORD` or a secret store instead.
        1:19-1:29 error conn-jdbc-userinfo: pgjdbc does not take `user:password@` in the URL: it reads it as part of the host name and cannot connect. Pass `?user=…&password=…`, or the framework's own settings (SPRING_DATASOURCE_USERNAME and _PASSWORD). [fix: Move the user and password into the query => db.example.com:5432/app?user=app&password= | &]"#]],
    );
    check_as(None, None, "jdbc:postgresql://app@db.example.com/app?ssl=true", expect_test::expect!["1:19-1:22 error conn-jdbc-userinfo: pgjdbc does not take `user:password@` in the URL: it reads it as part of the host name and cannot connect. Pass `?user=…&password=…`, or the framework's own settings (SPRING_DATASOURCE_USERNAME and _PASSWORD). [fix: Move the user and password into the query => db.example.com/app?user=app&]"]);
    check_as(None, None, "jdbc:postgresql://db.example.com/app?ssl=true&\
          sslfactory=org.postgresql.ssl.NonValidatingFactory", expect_test::expect!["1:58-1:97 warning conn-jdbc-nonvalidating-factory: `NonValidatingFactory` accepts any certificate, so a man in the middle can pose as the server whatever `sslmode` says. Drop it and use `sslmode=verify-full` with `sslrootcert`."]);
    check_as(
        None,
        None,
        "jdbc:postgresql://db.example.com/app?sslmode=require&channel_binding=require",
        expect_test::expect![[r#"
        1:54-1:69 information conn-channel-binding-driver-support: the PostgreSQL JDBC driver (pgjdbc) names this setting `channelBinding`, so `channel_binding=require` here protects nothing (the string starts with `jdbc:postgresql:`). Authenticate the server with `sslmode=verify-full` instead.
        1:46-1:53 warning conn-sslmode-require: Under `sslmode=require` pgjdbc encrypts but accepts any certificate, so a man in the middle can pose as the server. Use `sslmode=verify-full`. [fix: Use `sslmode=verify-full` => verify-full]"#]],
    );
    check_as(
        None,
        None,
        "jdbc:postgresql://db1.example.com,db2.example.com/app?ssl=true&user=app",
        expect_test::expect![[r#""#]],
    );
    check_as(None, Some("spring.datasource.url"), "postgresql://db.example.com/app", expect_test::expect!["1:1-1:14 error conn-jdbc-scheme: pgjdbc reads only `jdbc:postgresql://host:port/db` URLs, and it reads this one (it is stored under `spring.datasource.url`): with this scheme no driver accepts it. Write `jdbc:postgresql://`. [fix: Use the `jdbc:postgresql://` scheme => jdbc:postgresql://]"]);
}

#[test]
fn node_postgres() {
    check_as(NODE, None, "postgresql://db.example.com/app", expect_test::expect!["1:14-1:28 warning conn-node-no-tls: node-postgres uses no TLS unless the URL or the code asks for it (package.json depends on `pg`): the password and every query cross the network in plain text. Add `sslmode=verify-full` (or pass `ssl` in code). [fix: Add `sslmode=verify-full` => ?sslmode=verify-full]"]);
    check_as(NODE, None, "postgresql://db.example.com/app?sslmode=require", expect_test::expect!["1:41-1:48 information conn-node-sslmode-means-verify-full: node-postgres reads `sslmode=require` as `verify-full`: it checks the certificate and the host name, so a server with a self-signed certificate is refused, while libpq tools given this URL check nothing. Say `verify-full` to mean what happens. [fix: Use `sslmode=verify-full` => verify-full]"]);
    check_as(NODE, None, "postgresql://db.example.com/app?sslmode=no-verify", expect_test::expect!["1:41-1:50 warning conn-node-sslmode-no-verify: `sslmode=no-verify` makes node-postgres accept any certificate, so a man in the middle can pose as the server. Use `sslmode=verify-full` with the server's CA. [fix: Use `sslmode=verify-full` => verify-full]"]);
    check_as(NODE, None, "postgresql://db.example.com/app?sslmode=require&\
          uselibpqcompat=true", expect_test::expect!["1:41-1:48 warning conn-sslmode-require: Under `sslmode=require` node-postgres (with `uselibpqcompat=true`) encrypts but accepts any certificate, so a man in the middle can pose as the server. Use `sslmode=verify-full`. [fix: Use `sslmode=verify-full` => verify-full]"]);
    check_as(NODE, None, "postgresql://db.example.com/app?ssl=true", expect_test::expect![""]);
    check_as(NODE, None, "postgresql://localhost/app", expect_test::expect![[r#""#]]);
}

#[test]
fn prisma() {
    check_as(PRISMA, None, "postgresql://db.example.com/app?sslmode=verify-full", expect_test::expect!["1:41-1:52 warning conn-prisma-sslmode-unsupported: Prisma knows only `disable`, `prefer` and `require`, and silently reads `sslmode=verify-full` as `prefer`: plain-text fallback and no certificate check. Use `sslmode=require&sslaccept=strict`, which checks the certificate and host. [fix: Use `sslmode=require&sslaccept=strict` => require | &sslaccept=strict]"]);
    check_as(PRISMA, None, "postgresql://db.example.com/app?sslmode=require", expect_test::expect!["1:41-1:48 warning conn-prisma-accepts-invalid-certs: Under `sslmode=require` Prisma accepts any certificate unless `sslaccept=strict`, so a man in the middle can pose as the server. Add `sslaccept=strict`. [fix: Add `sslaccept=strict` => &sslaccept=strict]"]);
    check_as(
        PRISMA,
        None,
        "postgresql://db.example.com/app?sslmode=require&sslaccept=strict&schema=app",
        expect_test::expect![[r#"
        1:49-1:58 information conn-client-specific-params: Prisma reads `sslaccept` itself, but psql, pg_dump and libpq-based drivers refuse this URL and some other drivers send `sslaccept` to the server, which refuses it. Give other tools their own variable without it.
        1:66-1:72 information conn-client-specific-params: Prisma reads `schema` itself, but psql, pg_dump and libpq-based drivers refuse this URL and some other drivers send `schema` to the server, which refuses it. Give other tools their own variable without it."#]],
    );
    check_as(
        PRISMA,
        None,
        "postgresql://db1.example.com:5432,db2.example.com:5432/app?\
          sslmode=require&sslaccept=strict",
        expect_test::expect![[r#"
        1:76-1:85 information conn-client-specific-params: Prisma reads `sslaccept` itself, but psql, pg_dump and libpq-based drivers refuse this URL and some other drivers send `sslaccept` to the server, which refuses it. Give other tools their own variable without it.
        1:14-1:55 warning conn-multi-host-unsupported-driver: Prisma cannot parse a host list (package.json depends on `@prisma/client`): the URL parser refuses it as an invalid URL and no failover happens. Use one endpoint (a cluster DNS name, a proxy or PgBouncer) or a driver that takes several hosts."#]],
    );
}

#[test]
fn supabase_pooler_user() {
    let pooler = "postgresql://postgres:s3cret@aws-0-eu-west-1.pooler.supabase.com:5432/postgres?\
        sslmode=verify-full&sslrootcert=system";
    check_as(
        None,
        None,
        pooler,
        expect_test::expect![[r#"
        1:23-1:29 warning conn-password-in-string: This connection string carries a password in clear text, so anyone who can read this file, a log line or the process list learns it. Keep it in `~/.pgpass`, `PGPASSWORD` or a secret store instead.
        1:14-1:22 error conn-supabase-pooler-user: Supabase's shared pooler finds the project from the user name, which must be `postgres.<project-ref>`: with plain `postgres` every login fails with "Tenant or user not found". Copy the user (and the pooler host) from the project's Connect panel.
        1:30-1:65 hint conn-keepalives-missing: No `keepalives_idle`: the operating system waits about two hours before the first keepalive probe, while NAT gateways and load balancers drop idle connections after minutes (240 s assumed) without telling either end. Add `keepalives_idle` below 240 s. [fix: Send TCP keepalives after 60 s of silence => &keepalives=1&keepalives_idle=60&keepalives_interval=10&keepalives_count=6]"#]],
    );
    let with_ref =
        "postgresql://postgres.abcdefghijkl@aws-0-eu-west-1.pooler.supabase.com:6543/postgres?\
        sslmode=verify-full&sslrootcert=system";
    check_as(None, None, with_ref, expect_test::expect!["1:36-1:71 hint conn-keepalives-missing: No `keepalives_idle`: the operating system waits about two hours before the first keepalive probe, while NAT gateways and load balancers drop idle connections after minutes (240 s assumed) without telling either end. Add `keepalives_idle` below 240 s. [fix: Send TCP keepalives after 60 s of silence => &keepalives=1&keepalives_idle=60&keepalives_interval=10&keepalives_count=6]"]);
    let direct = "postgresql://postgres@db.abcdefghijkl.supabase.co/postgres?\
        sslmode=verify-full&sslrootcert=system";
    check_as(None, None, direct, expect_test::expect!["1:23-1:50 hint conn-keepalives-missing: No `keepalives_idle`: the operating system waits about two hours before the first keepalive probe, while NAT gateways and load balancers drop idle connections after minutes (240 s assumed) without telling either end. Add `keepalives_idle` below 240 s. [fix: Send TCP keepalives after 60 s of silence => &keepalives=1&keepalives_idle=60&keepalives_interval=10&keepalives_count=6]"]);
}

#[test]
fn go_drivers_use_the_system_roots() {
    check_as(
        PGX,
        None,
        "postgresql://db.example.com/app?sslmode=verify-full",
        expect_test::expect![[r#""#]],
    );
}

#[test]
fn other_providers_strings_are_not_npgsql() {
    let sql_server = "Server=tcp:db.example.com,1433;Initial Catalog=app;Encrypt=True;\
                      TrustServerCertificate=True;Password=s3cret";
    check_as(None, Some("ConnectionStrings__Default"), sql_server, expect_test::expect![[r#""#]]);
    // Npgsql's shape, nothing PostgreSQL-specific, and a key that names no driver.
    let mysql = "Server=db.example.com;Database=app;SslMode=Required";
    check_as(None, Some("ConnectionStrings__Default"), mysql, expect_test::expect![[r#""#]]);
}

#[test]
fn modes_the_drivers_refuse() {
    let jdbc = "jdbc:postgresql://db.example.com/app?sslmode=verify";
    check_as(None, None, jdbc, expect_test::expect!["1:46-1:52 error conn-invalid-sslmode: pgjdbc refuses to connect with the TLS mode `verify`: it takes disable, allow, prefer, require, verify-ca and verify-full (in its own spelling). Use `verify-full`. [fix: Use `verify-full` => verify-full]"]);
    let npgsql = "Host=db.example.com;Port=5432;SSL Mode=Strict";
    check_as(None, None, npgsql, expect_test::expect!["1:40-1:46 error conn-invalid-sslmode: Npgsql refuses to connect with the TLS mode `Strict`: it takes disable, allow, prefer, require, verify-ca and verify-full (in its own spelling). Use `VerifyFull`. [fix: Use `VerifyFull` => VerifyFull]"]);
}

#[test]
fn npgsql_strings() {
    check_as(
        None,
        None,
        "Host=db.example.com;Username=app;Password=s3cret;\
          SSL Mode=Require;Trust Server Certificate=true",
        expect_test::expect![[r#"
        1:43-1:49 warning conn-password-in-string: This connection string carries a password in clear text, so anyone who can read this file, a log line or the process list learns it. Keep it in `~/.pgpass`, `PGPASSWORD` or a secret store instead.
        1:92-1:96 warning conn-npgsql-trust-server-certificate: `Trust Server Certificate=true` made Npgsql before 8.0 accept any certificate (a man in the middle can pose as the server), and does nothing since. Remove it and use `SSL Mode=VerifyFull`.
        1:59-1:66 warning conn-sslmode-require: Under `SSL Mode=Require` Npgsql encrypts but accepts any certificate, so a man in the middle can pose as the server. Use `SSL Mode=VerifyFull`. [fix: Use `SSL Mode=VerifyFull` => VerifyFull]"#]],
    );
    check_as(None, Some("ConnectionStrings__Postgres"), "Server=db.example.com;Database=app", expect_test::expect!["1:8-1:22 warning conn-sslmode-plaintext-fallback: Npgsql's `SSL Mode` is `Prefer` here (its default): it falls back to plain text when TLS is not offered and checks no certificate. Use `SSL Mode=VerifyFull`. [fix: Add `SSL Mode=VerifyFull` => ;SSL Mode=VerifyFull]"]);
    check_as(
        None,
        None,
        "Server=db.example.com;Database=app;SslMode=VerifyFull",
        expect_test::expect![[r#""#]],
    );
    check_as(
        None,
        None,
        "Host=localhost;Database=app;SSL Mode=Disable",
        expect_test::expect![[r#""#]],
    );
    check_as(None, None, "Host=db.example.com;SSL Mode=Disable;", expect_test::expect!["1:30-1:37 error conn-sslmode-disable: With `SSL Mode=Disable` Npgsql sends everything, the password exchange included, in plain text. Use `SSL Mode=VerifyFull`. [fix: Use `SSL Mode=VerifyFull` => VerifyFull]"]);
}

/// The hover at the first `at` in `text`, read by the driver the manifest or key names.
#[track_caller]
fn hover_as(
    manifest: Option<(&str, &str)>,
    key: Option<&str>,
    text: &str,
    at: &str,
    expect: expect_test::Expect,
) {
    let files = match manifest {
        Some((path, manifest)) => MemoryFiles::default().with(path, manifest),
        None => MemoryFiles::default(),
    };
    let workspace = manifests::discover(std::path::Path::new("/w"), &files);
    let settings = Settings::default();
    let surroundings = Surroundings { key, workspace: Some(&workspace) };
    let recognized = crate::rules::conninfo::recognize_in(text, &settings, &surroundings)
        .expect("a connection string");
    let offset = text.find(at).expect("the marker is in the text");
    let hover = crate::hover::conninfo::hover_connection_string_for(
        text,
        &recognized.info,
        offset,
        &SourceMap::identity(0, text.len()),
        &Environment::default(),
        &settings,
        &recognized.consumer,
    )
    .expect("a hover");
    assert!(!hover.markdown.contains("s3cret"), "a hover shows the password");
    expect.assert_eq(&hover.markdown);
}

#[test]
fn hovers_per_dialect() {
    hover_as(
        None,
        Some("SPRING_DATASOURCE_URL"),
        "jdbc:postgresql://db.example.com:5432/app?ssl=true&user=app&password=s3cret",
        "db.",
        expect_test::expect![[r#"
            **connection URL** (`jdbc:postgresql://`)

            Read by the PostgreSQL JDBC driver (pgjdbc) (the string starts with `jdbc:postgresql:`).

            - host 1: `db.example.com`, port `5432`
            - dbname: `app`
            - ssl: `true`
            - user: `app`
            - password: `****`

            **As the PostgreSQL JDBC driver (pgjdbc) reads it:** pgjdbc reads `sslmode` as libpq does (default `prefer`), but `ssl=true` without `sslmode` means `verify-full`, and `sslfactory=org.postgresql.ssl.NonValidatingFactory` turns every check off."#]],
    );
    hover_as(
        None,
        Some("ConnectionStrings__Default"),
        "Host=db.example.com;Port=5432;Password=s3cret;SSL Mode=VerifyCA",
        "VerifyCA",
        expect_test::expect![[r#"
            **As Npgsql reads it:** Npgsql's `SSL Mode` takes libpq's modes (`Disable` … `VerifyFull`, default `Prefer`). `Trust Server Certificate=true` skipped the certificate check before Npgsql 8 and does nothing since.

            **sslmode=verify-ca**

            Always encrypts and checks that the server's certificate is signed by a trusted root, but not that it was issued for this host name.

            Protects against eavesdropping and impostors without a certificate from your CA, but any server holding such a certificate can pose as this one."#]],
    );
    hover_as(
        PRISMA,
        None,
        "postgresql://db.example.com/app?sslmode=require&sslaccept=strict",
        "db.",
        expect_test::expect![[r#"
            **connection URL** (`postgresql://`)

            Read by Prisma (package.json depends on `@prisma/client`).

            - host 1: `db.example.com`
            - dbname: `app`
            - sslmode: `require`
            - sslaccept: `strict`

            **As Prisma reads it:** Prisma knows only `sslmode=disable`, `prefer` (its default) and `require`; any other value, `verify-full` included, silently means `prefer`. Under `require` it accepts any certificate unless `sslaccept=strict`.

            Prisma 7 with a driver adapter (`@prisma/adapter-pg`) reads the URL with node-postgres instead; this reading is the Rust engine's."#]],
    );
    hover_as(
        None,
        None,
        "postgresql+asyncpg://db.example.com/app?ssl=require",
        "db.",
        expect_test::expect![[r#"
            **connection URL** (`postgresql+asyncpg://`)

            Read by SQLAlchemy with asyncpg (the string starts with `postgresql+asyncpg://`).

            - host 1: `db.example.com`
            - dbname: `app`
            - ssl: `require`

            **As SQLAlchemy with asyncpg reads it:** SQLAlchemy passes each query parameter to `asyncpg.connect()` as a keyword argument: TLS is `ssl=` (`disable` … `verify-full`, as libpq's modes), and `sslmode=` makes the call fail."#]],
    );
    hover_as(
        None,
        None,
        "Host=db.example.com;Port=5432;Trust Server Certificate=true",
        "Trust",
        expect_test::expect![
            "**`Trust Server Certificate`**: a setting of Npgsql, not a libpq keyword."
        ],
    );
    // Several drivers: the one assumed, and the others named.
    let both = r#"{"dependencies": {"pg": "8", "@prisma/client": "5", "postgres": "3"}}"#;
    hover_as(
        Some(("/w/package.json", both)),
        None,
        "postgresql://db.example.com/app",
        "db.",
        expect_test::expect![[r#"
            **connection URL** (`postgresql://`)

            Read by Prisma (package.json depends on `@prisma/client`). The workspace also depends on node-postgres (`pg`), postgres.js.

            - host 1: `db.example.com`
            - dbname: `app`

            **As Prisma reads it:** Prisma knows only `sslmode=disable`, `prefer` (its default) and `require`; any other value, `verify-full` included, silently means `prefer`. Under `require` it accepts any certificate unless `sslaccept=strict`.

            Prisma 7 with a driver adapter (`@prisma/adapter-pg`) reads the URL with node-postgres instead; this reading is the Rust engine's."#]],
    );
    hover_as(
        Some(("/w/go.mod", "require github.com/lib/pq v1.10.9\n")),
        None,
        "postgresql://db.example.com/app",
        "db.",
        expect_test::expect![[r#"
            **connection URL** (`postgresql://`)

            Read by Go's lib/pq (go.mod depends on `github.com/lib/pq`).

            - host 1: `db.example.com`
            - dbname: `app`

            Effective sslmode: `require` (the driver's default). Always encrypts, but accepts any certificate, so it cannot tell the real server from an impostor. Protects against eavesdropping, not against a man in the middle who presents his own certificate.

            **As Go's lib/pq reads it:** lib/pq reads the modes as libpq does, but without `sslmode` it uses `require` (up to v1.12): encrypted, no certificate check, no plain-text fallback."#]],
    );
}

#[test]
fn no_driver_panics_on_mutated_strings() {
    let seeds = [
        "jdbc:postgresql://u:p@h.example.com:5432/d?ssl=true&sslfactory=x.NonValidatingFactory",
        "postgres+asyncpg://u@h1,h2/d?sslmode=require&channel_binding=require&x=1",
        "postgresql://postgres:p@aws-0-x.pooler.supabase.com:6543/d?pgbouncer=true&sslaccept=y",
        "Host=h.example.com;Port=5432;Password='p''w';SSL Mode=Require;Trust Server Certificate=1",
        "postgresql://é@h/d?sslmode=no-verify&uselibpqcompat=true&ssl=1",
        "pgsql://u:p@h1:5432,h2/d?conn_max_age=60&currentSchema=s&atomic_requests=false&ssl=true",
        "psql://u@/var/run/postgresql:6432/d?sslmode=disable&sslmode=require",
        "postgis://u@/%2Fvar%2Frun%2Fpostgresql/d?CONN_HEALTH_CHECKS=off",
    ];
    let manifests: [Option<(&str, &str)>; 8] =
        [None, NODE, PRISMA, SQLALCHEMY, ASYNCPG, PGX, ENVIRON, DJ_DATABASE_URL];
    let settings = Settings::default();
    let keys = [None, Some("SPRING_DATASOURCE_URL"), Some("ConnectionStrings__Pg")];
    let mut texts = crate::rules::conninfo::tests::mutations(&seeds, 300);
    texts.extend(crate::rules::conninfo::tests::TRICKY.iter().map(|text| text.to_string()));
    for manifest in manifests {
        let files = match manifest {
            Some((path, manifest)) => MemoryFiles::default().with(path, manifest),
            None => MemoryFiles::default(),
        };
        let workspace = manifests::discover(std::path::Path::new("/w"), &files);
        for key in keys {
            let surroundings = Surroundings { key, workspace: Some(&workspace) };
            for text in &texts {
                let map = SourceMap::identity(0, text.len());
                let env = Environment::default();
                let findings =
                    check_connection_string_in(text, &map, &env, &settings, &surroundings);
                for finding in findings {
                    assert!(text.get(finding.span.start..finding.span.end).is_some(), "{text}");
                }
            }
        }
    }
}

#[test]
fn the_setting_overrides_keys_and_manifests_for_plain_strings() {
    use crate::knowledge::drivers::Driver;
    let files = MemoryFiles::default().with("/w/go.mod", "require github.com/jackc/pgx/v5 v5\n");
    let workspace = manifests::discover(std::path::Path::new("/w"), &files);
    let settings =
        Settings { connection_driver: Some(Driver::NodePostgres), ..Settings::default() };
    let surroundings =
        Surroundings { key: Some("SQLALCHEMY_DATABASE_URI"), workspace: Some(&workspace) };
    let run = |text: &str| {
        let map = SourceMap::identity(0, text.len());
        check_connection_string_in(text, &map, &Environment::default(), &settings, &surroundings)
    };
    let text = "postgresql://db.example.com/app?sslmode=require";
    expect_test::expect!["1:41-1:48 information conn-node-sslmode-means-verify-full: node-postgres reads `sslmode=require` as `verify-full`: it checks the certificate and the host name, so a server with a self-signed certificate is refused, while libpq tools given this URL check nothing. Say `verify-full` to mean what happens. [fix: Use `sslmode=verify-full` => verify-full]"].assert_eq(&render(text, &run(text)));
    // A scheme that names its driver still wins.
    let text = "jdbc:postgresql://db.example.com/app?sslmode=require";
    expect_test::expect!["1:46-1:53 warning conn-sslmode-require: Under `sslmode=require` pgjdbc encrypts but accepts any certificate, so a man in the middle can pose as the server. Use `sslmode=verify-full`. [fix: Use `sslmode=verify-full` => verify-full]"].assert_eq(&render(text, &run(text)));
}

#[test]
fn flask_sqlalchemy_reads_the_url_as_sqlalchemy() {
    let flask = Some(("/w/requirements.txt", "Flask-SQLAlchemy==3.1\npsycopg[binary]\n"));
    check_as(
        flask,
        None,
        "postgres://db.example.com/app?sslmode=verify-full&sslrootcert=system",
        expect_test::expect![[r#"
            1:1-1:9 warning conn-postgres-scheme-sqlalchemy: SQLAlchemy 1.4 and newer refuse the `postgres` scheme (`create_engine` cannot load a `postgres` dialect), and SQLAlchemy with psycopg (libpq) reads this URL because requirements.txt depends on `Flask-SQLAlchemy`. Write `postgresql`; if the platform sets the variable, replace the prefix in code. [fix: Use the `postgresql` scheme => postgresql]
            1:12-1:26 hint conn-keepalives-missing: No `keepalives_idle`: the operating system waits about two hours before the first keepalive probe, while NAT gateways and load balancers drop idle connections after minutes (240 s assumed) without telling either end. Add `keepalives_idle` below 240 s. [fix: Send TCP keepalives after 60 s of silence => &keepalives=1&keepalives_idle=60&keepalives_interval=10&keepalives_count=6]"#]],
    );
    // psycopg alone takes `postgres://`.
    let psycopg = Some(("/w/requirements.txt", "psycopg[binary]\n"));
    check_as(
        psycopg,
        None,
        "postgres://db.example.com/app?sslmode=verify-full&sslrootcert=system&keepalives_idle=60",
        expect_test::expect![[r#""#]],
    );
}

const POSTGRES_JS: Option<(&str, &str)> =
    Some(("/w/package.json", r#"{"dependencies":{"postgres":"^3.4"}}"#));

#[test]
fn postgres_js_accepts_any_certificate_under_require() {
    let cases = [
        "postgres://u@db.example.com/app?sslmode=require",
        "postgres://u@db.example.com/app?sslmode=allow",
        "postgres://u@db.example.com/app?ssl=prefer",
        "postgres://u@db.example.com/app?sslmode=disable",
        "postgres://u@db.example.com/app",
    ];
    let expected = [
        expect_test::expect!["1:41-1:48 warning conn-sslmode-require: Under `sslmode=require` postgres.js encrypts but accepts any certificate, so a man in the middle can pose as the server. Use `sslmode=verify-full`. [fix: Use `sslmode=verify-full` => verify-full]"],
        expect_test::expect!["1:41-1:46 warning conn-sslmode-require: Under `sslmode=allow` postgres.js insists on TLS but accepts any certificate, so a man in the middle can pose as the server. Use `sslmode=verify-full`. [fix: Use `sslmode=verify-full` => verify-full]"],
        expect_test::expect!["1:37-1:43 warning conn-sslmode-plaintext-fallback: postgres.js uses `sslmode=prefer` here: it falls back to plain text when TLS is not offered and never checks the certificate. Use `sslmode=verify-full`. [fix: Use `sslmode=verify-full` => verify-full]"],
        expect_test::expect!["1:41-1:48 error conn-sslmode-disable: With `sslmode=disable` postgres.js sends everything, the password exchange included, in plain text. Use `sslmode=verify-full`. [fix: Use `sslmode=verify-full` => verify-full]"],
        expect_test::expect!["1:14-1:28 warning conn-sslmode-plaintext-fallback: postgres.js uses no TLS unless the URL or the code asks for it (package.json depends on `postgres`): the password and every query cross the network in plain text. Add `sslmode=verify-full` (or pass `ssl` in code). [fix: Add `sslmode=verify-full` => ?sslmode=verify-full]"],
    ];
    for (text, expect) in cases.into_iter().zip(expected) {
        check_as(POSTGRES_JS, None, text, expect);
    }
}

#[test]
fn postgres_js_verifies_under_verify_modes() {
    for text in [
        "postgres://u@db.example.com/app?sslmode=verify-full",
        "postgres://u@db.example.com/app?sslmode=verify-ca",
        "postgres://u@db.example.com/app?ssl=true",
        "postgres://u@localhost/app",
    ] {
        check_as(POSTGRES_JS, None, text, expect_test::expect![""]);
    }
}

#[test]
fn prisma_disable_is_fixed_with_its_own_verifying_pair() {
    check_as(
        PRISMA,
        None,
        "postgresql://db.example.com/app?sslmode=disable",
        expect_test::expect!["1:41-1:48 error conn-sslmode-disable: With `sslmode=disable` Prisma sends everything, the password exchange included, in plain text. Use `sslmode=require&sslaccept=strict`, which checks the certificate and host. [fix: Use `sslmode=require&sslaccept=strict` => require | &sslaccept=strict]"],
    );
    check_as(
        PRISMA,
        None,
        "postgresql://db.example.com/app?sslmode=require&sslaccept=strict",
        expect_test::expect!["1:49-1:58 information conn-client-specific-params: Prisma reads `sslaccept` itself, but psql, pg_dump and libpq-based drivers refuse this URL and some other drivers send `sslaccept` to the server, which refuses it. Give other tools their own variable without it."],
    );
}

#[test]
fn libpq_rules_name_the_go_driver_they_describe() {
    let lib_pq = Some(("/w/go.mod", "require github.com/lib/pq v1.10.9\n"));
    check_as(
        lib_pq,
        None,
        "postgres://db.example.com/app?sslmode=prefer",
        expect_test::expect!["1:39-1:45 warning conn-sslmode-plaintext-fallback: `sslmode=prefer` lets lib/pq silently fall back to plain text and never checks the server's certificate, so an attacker on the path can read the traffic or pose as the server. Use `verify-full`. [fix: Use `sslmode=verify-full` => verify-full]"],
    );
    check_as(
        PGX,
        None,
        "postgres://db.example.com/app?sslmode=allow",
        expect_test::expect!["1:39-1:44 warning conn-sslmode-plaintext-fallback: `sslmode=allow` lets pgx silently fall back to plain text and never checks the server's certificate, so an attacker on the path can read the traffic or pose as the server. Use `verify-full`. [fix: Use `sslmode=verify-full` => verify-full]"],
    );
}

const ENVIRON: Option<(&str, &str)> =
    Some(("/w/requirements.txt", "Django>=5.0\ndjango-environ==0.11.2\npsycopg[binary]\n"));
const DJ_DATABASE_URL: Option<(&str, &str)> =
    Some(("/w/requirements.txt", "Django>=5.0\ndj-database-url==2.1.0\npsycopg2-binary\n"));

#[test]
fn django_environ_keeps_django_settings_and_passes_the_rest_to_libpq() {
    let url = "postgres://app@db.example.com/app?conn_max_age=600&ATOMIC_REQUESTS=True&\
               sslmode=verify-full&keepalives_idle=60&isolation_level=1";
    // Without a manifest libpq reads it: Django's settings are unknown keywords.
    check_as(
        None,
        Some("DATABASE_URL"),
        url,
        expect_test::expect![[r#"
        1:1-1:9 information conn-postgres-scheme-sqlalchemy: SQLAlchemy 1.4 and newer refuse the `postgres` scheme and want `postgresql`; libpq, psycopg and node-postgres take both. Write `postgresql` if SQLAlchemy may read this URL. [fix: Use the `postgresql` scheme => postgresql]
        1:35-1:47 error conn-unknown-parameter: libpq does not know the keyword `conn_max_age` and refuses the whole URI.
        1:52-1:67 error conn-unknown-parameter: libpq does not know the keyword `ATOMIC_REQUESTS` and refuses the whole URI.
        1:112-1:127 error conn-unknown-parameter: libpq does not know the keyword `isolation_level` and refuses the whole URI.
        1:81-1:92 hint conn-verify-without-sslrootcert: With `sslmode=verify-full` and no `sslrootcert` (nor `PGSSLROOTCERT`), libpq trusts only `~/.postgresql/root.crt` and refuses to connect when it is missing. Name the server's CA file, or `sslrootcert=system` (libpq 16+) for a publicly trusted certificate."#]],
    );
    // With django-environ: its settings and the backend's are kept, the rest are libpq's.
    check_as(ENVIRON, Some("DATABASE_URL"), url, expect_test::expect!["1:81-1:92 hint conn-verify-without-sslrootcert: With `sslmode=verify-full` and no `sslrootcert` (nor `PGSSLROOTCERT`), libpq trusts only `~/.postgresql/root.crt` and refuses to connect when it is missing. Name the server's CA file, or `sslrootcert=system` (libpq 16+) for a publicly trusted certificate."]);
    // A misspelled key reaches libpq, which refuses it; either spelling is offered.
    check_as(
        ENVIRON,
        None,
        "postgresql://app@db.example.com/app?conn_max_agee=600&sslmod=verify-full",
        expect_test::expect![[r#"
            1:37-1:50 error conn-unknown-parameter: libpq does not know the keyword `conn_max_agee`, and django-environ (`env.db()`) passes it to libpq through Django's `OPTIONS` (requirements.txt depends on `django-environ`), so connecting fails. Did you mean `conn_max_age`? [fix: Change to `conn_max_age` => conn_max_age]
            1:55-1:61 error conn-unknown-parameter: libpq does not know the keyword `sslmod`, and django-environ (`env.db()`) passes it to libpq through Django's `OPTIONS` (requirements.txt depends on `django-environ`), so connecting fails. Did you mean `sslmode`? [fix: Change to `sslmode` => sslmode]
            1:18-1:32 warning conn-sslmode-plaintext-fallback: No `sslmode` is set, so libpq uses `prefer`: it silently falls back to plain text when TLS is not offered and never checks the certificate, so anyone on the path can read or impersonate. Add `sslmode=verify-full`. [fix: Add `sslmode=verify-full` => &sslmode=verify-full]
            1:18-1:32 hint conn-keepalives-missing: No `keepalives_idle`: the operating system waits about two hours before the first keepalive probe, while NAT gateways and load balancers drop idle connections after minutes (240 s assumed) without telling either end. Add `keepalives_idle` below 240 s. [fix: Send TCP keepalives after 60 s of silence => &keepalives=1&keepalives_idle=60&keepalives_interval=10&keepalives_count=6]"#]],
    );
    // `ssl=true` is libpq's URI alias only when libpq parses the URI.
    check_as(
        ENVIRON,
        None,
        "postgres://app@db.example.com/app?ssl=true",
        expect_test::expect![[r#"
            1:35-1:38 error conn-unknown-parameter: libpq takes `ssl=true` only in a URI it parses itself, and django-environ (`env.db()`) hands `ssl` to libpq as a keyword (requirements.txt depends on `django-environ`), which it refuses, so connecting fails; write `sslmode=verify-full`. [fix: Use `sslmode=verify-full` => sslmode=verify-full]
            1:16-1:30 warning conn-sslmode-plaintext-fallback: No `sslmode` is set, so libpq uses `prefer`: it silently falls back to plain text when TLS is not offered and never checks the certificate, so anyone on the path can read or impersonate. Add `sslmode=verify-full`. [fix: Add `sslmode=verify-full` => &sslmode=verify-full]
            1:16-1:30 hint conn-keepalives-missing: No `keepalives_idle`: the operating system waits about two hours before the first keepalive probe, while NAT gateways and load balancers drop idle connections after minutes (240 s assumed) without telling either end. Add `keepalives_idle` below 240 s. [fix: Send TCP keepalives after 60 s of silence => &keepalives=1&keepalives_idle=60&keepalives_interval=10&keepalives_count=6]"#]],
    );
    // libpq's TLS and keepalive rules apply, naming the driver.
    check_as(
        ENVIRON,
        None,
        "postgres://app:s3cret@db.example.com/app?sslmode=require",
        expect_test::expect![[r#"
            1:16-1:22 warning conn-password-in-string: This connection string carries a password in clear text, so anyone who can read this file, a log line or the process list learns it. Keep it in `~/.pgpass`, `PGPASSWORD` or a secret store instead.
            1:50-1:57 warning conn-sslmode-require: `sslmode=require` encrypts but accepts any certificate, so a man in the middle can pose as the server and read everything. Use `verify-full` to check the certificate and host name. [fix: Use `sslmode=verify-full` => verify-full]
            1:23-1:37 hint conn-keepalives-missing: No `keepalives_idle`: the operating system waits about two hours before the first keepalive probe, while NAT gateways and load balancers drop idle connections after minutes (240 s assumed) without telling either end. Add `keepalives_idle` below 240 s. [fix: Send TCP keepalives after 60 s of silence => &keepalives=1&keepalives_idle=60&keepalives_interval=10&keepalives_count=6]"#]],
    );
}

#[test]
fn dj_database_url_passes_every_key_but_current_schema_to_libpq() {
    check_as(
        DJ_DATABASE_URL,
        Some("DATABASE_URL"),
        "postgres://app@db.example.com/app?conn_max_age=600&currentSchema=s1&\
         sslmode=verify-full&keepalives_idle=60&prepare_threshold=5",
        expect_test::expect![[r#"
            1:35-1:47 error conn-unknown-parameter: `conn_max_age` is a Django setting that dj-database-url does not take from the URL: it passes it to libpq in `OPTIONS` (requirements.txt depends on `dj-database-url`), so connecting fails. Pass `conn_max_age=` to `dj_database_url.config()` instead.
            1:77-1:88 hint conn-verify-without-sslrootcert: With `sslmode=verify-full` and no `sslrootcert` (nor `PGSSLROOTCERT`), libpq trusts only `~/.postgresql/root.crt` and refuses to connect when it is missing. Name the server's CA file, or `sslrootcert=system` (libpq 16+) for a publicly trusted certificate."#]],
    );
    check_as(
        DJ_DATABASE_URL,
        None,
        "postgres://app@db.example.com/app?sslmode=verify-full&keepalives_idel=60",
        expect_test::expect![[r#"
            1:55-1:70 error conn-unknown-parameter: libpq does not know the keyword `keepalives_idel`, and dj-database-url passes it to libpq through Django's `OPTIONS` (requirements.txt depends on `dj-database-url`), so connecting fails. Did you mean `keepalives_idle`? [fix: Change to `keepalives_idle` => keepalives_idle]
            1:43-1:54 hint conn-verify-without-sslrootcert: With `sslmode=verify-full` and no `sslrootcert` (nor `PGSSLROOTCERT`), libpq trusts only `~/.postgresql/root.crt` and refuses to connect when it is missing. Name the server's CA file, or `sslrootcert=system` (libpq 16+) for a publicly trusted certificate.
            1:16-1:30 hint conn-keepalives-missing: No `keepalives_idle`: the operating system waits about two hours before the first keepalive probe, while NAT gateways and load balancers drop idle connections after minutes (240 s assumed) without telling either end. Add `keepalives_idle` below 240 s. [fix: Send TCP keepalives after 60 s of silence => &keepalives=1&keepalives_idle=60&keepalives_interval=10&keepalives_count=6]"#]],
    );
    // A port before a `,` makes `parse()` fail; one port after the last host is fine.
    check_as(
        DJ_DATABASE_URL,
        None,
        "postgres://app@h1.example.com:5432,h2.example.com:5433/app?sslmode=verify-full&\
         keepalives_idle=60&target_session_attrs=read-write",
        expect_test::expect![[r#"
            1:16-1:55 error conn-multi-host-unsupported-driver: dj-database-url cannot parse a port before a `,` (requirements.txt depends on `dj-database-url`): Python's `urlsplit` fails to read the port and `parse()` raises a ParseError. Give one port for all hosts after the last one (`h1,h2:5432`) or use django-environ, which splits host lists.
            1:68-1:79 hint conn-verify-without-sslrootcert: With `sslmode=verify-full` and no `sslrootcert` (nor `PGSSLROOTCERT`), libpq trusts only `~/.postgresql/root.crt` and refuses to connect when it is missing. Name the server's CA file, or `sslrootcert=system` (libpq 16+) for a publicly trusted certificate."#]],
    );
    check_as(
        DJ_DATABASE_URL,
        None,
        "postgres://app@h1.example.com,h2.example.com:5433/app?sslmode=verify-full&\
         keepalives_idle=60&target_session_attrs=read-write",
        expect_test::expect!["1:63-1:74 hint conn-verify-without-sslrootcert: With `sslmode=verify-full` and no `sslrootcert` (nor `PGSSLROOTCERT`), libpq trusts only `~/.postgresql/root.crt` and refuses to connect when it is missing. Name the server's CA file, or `sslrootcert=system` (libpq 16+) for a publicly trusted certificate."],
    );
}

#[test]
fn django_only_schemes() {
    // `psql://` is only django-environ's.
    check_as(
        None,
        None,
        "psql://app@db.example.com/app?conn_max_age=60&sslmode=verify-full&keepalives_idle=60",
        expect_test::expect!["1:55-1:66 hint conn-verify-without-sslrootcert: With `sslmode=verify-full` and no `sslrootcert` (nor `PGSSLROOTCERT`), libpq trusts only `~/.postgresql/root.crt` and refuses to connect when it is missing. Name the server's CA file, or `sslrootcert=system` (libpq 16+) for a publicly trusted certificate."],
    );
    // `pgsql://` fits both helpers: keys either keeps are quiet, others reach libpq.
    check_as(
        None,
        None,
        "pgsql://app@db.example.com/app?currentSchema=s1&conn_max_age=60&sslmode=prefer&\
         application_nme=web",
        expect_test::expect![[r#"
            1:80-1:95 error conn-unknown-parameter: libpq does not know the keyword `application_nme`, and django-environ (`env.db()`) passes it to libpq through Django's `OPTIONS` (the string starts with `pgsql://`), so connecting fails. Did you mean `application_name`? [fix: Change to `application_name` => application_name]
            1:73-1:79 warning conn-sslmode-plaintext-fallback: `sslmode=prefer` lets libpq silently fall back to plain text and never checks the server's certificate, so an attacker on the path can read the traffic or pose as the server. Use `verify-full`. [fix: Use `sslmode=verify-full` => verify-full]
            1:13-1:27 hint conn-keepalives-missing: No `keepalives_idle`: the operating system waits about two hours before the first keepalive probe, while NAT gateways and load balancers drop idle connections after minutes (240 s assumed) without telling either end. Add `keepalives_idle` below 240 s. [fix: Send TCP keepalives after 60 s of silence => &keepalives=1&keepalives_idle=60&keepalives_interval=10&keepalives_count=6]"#]],
    );
    // The manifest decides between them.
    check_as(
        DJ_DATABASE_URL,
        None,
        "pgsql://app@db.example.com/app?conn_max_age=60&sslmode=verify-full&keepalives_idle=60",
        expect_test::expect![[r#"
            1:32-1:44 error conn-unknown-parameter: `conn_max_age` is a Django setting that dj-database-url does not take from the URL: it passes it to libpq in `OPTIONS` (requirements.txt depends on `dj-database-url`), so connecting fails. Pass `conn_max_age=` to `dj_database_url.config()` instead.
            1:56-1:67 hint conn-verify-without-sslrootcert: With `sslmode=verify-full` and no `sslrootcert` (nor `PGSSLROOTCERT`), libpq trusts only `~/.postgresql/root.crt` and refuses to connect when it is missing. Name the server's CA file, or `sslrootcert=system` (libpq 16+) for a publicly trusted certificate."#]],
    );
    // GeoDjango's `postgis://`, with a host list django-environ splits for libpq.
    check_as(
        ENVIRON,
        None,
        "postgis://app@h1.example.com:5432,h2.example.com:5433/geo?sslmode=verify-full&\
         keepalives_idle=60",
        expect_test::expect![[r#"
            1:67-1:78 hint conn-verify-without-sslrootcert: With `sslmode=verify-full` and no `sslrootcert` (nor `PGSSLROOTCERT`), libpq trusts only `~/.postgresql/root.crt` and refuses to connect when it is missing. Name the server's CA file, or `sslrootcert=system` (libpq 16+) for a publicly trusted certificate.
            1:15-1:54 hint conn-multi-host-without-target-session-attrs: Several hosts and no `target_session_attrs`: libpq takes the first server that accepts the connection, which after a failover may be a read-only standby. Add `target_session_attrs=read-write` (or `prefer-standby` for reads). [fix: Add `target_session_attrs=read-write` => &target_session_attrs=read-write]"#]],
    );
}

#[test]
fn django_socket_directories() {
    let url = "postgis://app@/var/run/postgresql:6432/appdb";
    check_as(None, None, url, expect_test::expect!["1:16-1:45 error conn-uri-socket-path-in-path: With nothing between `@` and `/`, Django's URL helpers take this whole socket path as the database name. dj-database-url reads the directory percent-encoded in the host position (`%2Fvar%2Frun%2Fpostgresql`), django-environ only at the start of the path (`/%2Fvar%2Frun%2Fpostgresql/db`). [fix: Move the socket directory into the host => %2Fvar%2Frun%2Fpostgresql:6432/appdb] [fix: Move the socket directory where django-environ reads it => :6432/%2Fvar%2Frun%2Fpostgresql/appdb]"]);
    check_as(ENVIRON, None, url, expect_test::expect!["1:16-1:45 error conn-uri-socket-path-in-path: With nothing between `@` and `/`, django-environ (requirements.txt depends on `django-environ`) takes this whole socket path as the database name. It reads a socket directory from a path that starts percent-encoded (`/%2Fvar%2Frun%2Fpostgresql/db`). [fix: Move the socket directory where django-environ reads it => :6432/%2Fvar%2Frun%2Fpostgresql/appdb]"]);
    check_as(DJ_DATABASE_URL, None, url, expect_test::expect!["1:16-1:45 error conn-uri-socket-path-in-path: With nothing between `@` and `/`, libpq uses the default socket and takes this whole socket path as the database name. Write the directory percent-encoded in the host position (`%2Fvar%2Frun%2Fpostgresql`). [fix: Move the socket directory into the host => %2Fvar%2Frun%2Fpostgresql:6432/appdb]"]);
    // django-environ's own forms are fine.
    check_as(ENVIRON, None, "postgres:////var/run/postgresql/appdb", expect_test::expect![[r#""#]]);
    check_as(
        ENVIRON,
        None,
        "postgres://app@/%2Fvar%2Frun%2Fpostgresql/appdb",
        expect_test::expect![[r#""#]],
    );
}

#[test]
fn django_hovers() {
    let url = "postgres://app:s3cret@db.example.com/app?conn_max_age=600&sslmode=require&ssl=true";
    hover_as(
        ENVIRON,
        Some("DATABASE_URL"),
        url,
        "db.",
        expect_test::expect![[r#"
            **connection URL** (`postgres://`)

            Read by django-environ (`env.db()`) (requirements.txt depends on `django-environ`).

            - user: `app`
            - password: `****`
            - host 1: `db.example.com`
            - dbname: `app`
            - conn_max_age: `600` (kept by django-environ (`env.db()`), not passed to libpq)
            - sslmode: `require`
            - ssl: `true`

            Effective sslmode: `require` (set in the string). Always encrypts, but accepts any certificate, so it cannot tell the real server from an impostor. Protects against eavesdropping, not against a man in the middle who presents his own certificate.

            **As django-environ (`env.db()`) reads it:** django-environ keeps Django's own settings among the query keys (`conn_max_age`, `atomic_requests`, `autocommit`, `disable_server_side_cursors`, `conn_health_checks`, in any case) and puts every other key, `sslmode` included, into `OPTIONS`, which psycopg hands to libpq: TLS is libpq's (default `prefer`), and libpq refuses an unknown key when connecting. `ssl=true` is not libpq's URI alias here but an unknown key.

            django-environ does not decode a host written percent-encoded (`%2Fvar%2Frun%2Fpostgresql`), so libpq looks it up as a host name; it takes a socket directory from the path instead (`postgres:////var/run/postgresql/db`). Of a repeated query key it keeps the first, where libpq would keep the last."#]],
    );
    hover_as(ENVIRON, None, url, "conn_max_age", expect_test::expect!["django-environ (`env.db()`) reads `conn_max_age` as Django's `CONN_MAX_AGE` setting; it never reaches libpq."]);
    hover_as(
        ENVIRON,
        None,
        url,
        "ssl=true",
        expect_test::expect!["**`ssl`**: not a keyword libpq knows; it refuses the string."],
    );
    hover_as(
        None,
        None,
        "pgsql://app@db.example.com/app?currentSchema=s1",
        "db.",
        expect_test::expect![[r#"
            **connection URL** (`pgsql://`)

            Read by django-environ (`env.db()`) (the string starts with `pgsql://`). The scheme fits dj-database-url too, and nothing in the workspace says which reads it.

            - user: `app`
            - host 1: `db.example.com`
            - dbname: `app`
            - currentSchema: `s1` (kept by dj-database-url, not passed to libpq)

            Effective sslmode: `prefer` (libpq's default). Tries TLS first and silently falls back to plain text if the server does not offer it. The certificate is not checked. Protects only against a passive eavesdropper, and only while nobody strips TLS: an active attacker can force plain text or pose as the server.

            **As django-environ (`env.db()`) reads it:** django-environ keeps Django's own settings among the query keys (`conn_max_age`, `atomic_requests`, `autocommit`, `disable_server_side_cursors`, `conn_health_checks`, in any case) and puts every other key, `sslmode` included, into `OPTIONS`, which psycopg hands to libpq: TLS is libpq's (default `prefer`), and libpq refuses an unknown key when connecting. `ssl=true` is not libpq's URI alias here but an unknown key.

            django-environ does not decode a host written percent-encoded (`%2Fvar%2Frun%2Fpostgresql`), so libpq looks it up as a host name; it takes a socket directory from the path instead (`postgres:////var/run/postgresql/db`). Of a repeated query key it keeps the first, where libpq would keep the last."#]],
    );
    hover_as(
        DJ_DATABASE_URL,
        None,
        "pgsql://app@db.example.com/app?currentSchema=s1",
        "currentSchema",
        expect_test::expect!["dj-database-url turns `currentSchema` into libpq's `options=-c search_path=…`, so the value becomes the session's schema search path."],
    );
}

#[test]
fn the_setting_names_a_django_helper() {
    let settings = Settings {
        connection_driver: crate::knowledge::drivers::Driver::from_setting_name("dj-database-url"),
        ..Settings::default()
    };
    let text = "pgsql://app@db.example.com/app?conn_max_age=60&sslmode=verify-full&\
                keepalives_idle=60";
    let map = SourceMap::identity(0, text.len());
    let findings = crate::rules::conninfo::check_connection_string(
        text,
        &map,
        &Environment::default(),
        &settings,
    );
    expect_test::expect![[r#"
        1:32-1:44 error conn-unknown-parameter: `conn_max_age` is a Django setting that dj-database-url does not take from the URL: it passes it to libpq in `OPTIONS` (the `connectionDriver` setting names it), so connecting fails. Pass `conn_max_age=` to `dj_database_url.config()` instead.
        1:56-1:67 hint conn-verify-without-sslrootcert: With `sslmode=verify-full` and no `sslrootcert` (nor `PGSSLROOTCERT`), libpq trusts only `~/.postgresql/root.crt` and refuses to connect when it is missing. Name the server's CA file, or `sslrootcert=system` (libpq 16+) for a publicly trusted certificate."#]].assert_eq(&render(text, &findings));
}

#[test]
fn django_environ_reads_false_as_a_true_string() {
    check_as(
        ENVIRON,
        None,
        "postgres://app@db.example.com/app?atomic_requests=false&CONN_HEALTH_CHECKS=off&\
         autocommit=False&disable_server_side_cursors=0&sslmode=verify-full&keepalives_idle=60",
        expect_test::expect![[r#"
            1:51-1:56 warning conn-django-environ-string-boolean: django-environ (requirements.txt depends on `django-environ`) turns only Python literals into values, so `false` stays a non-empty string, which Django reads as true: `ATOMIC_REQUESTS` is switched on. Write `False` (or `0`). [fix: Write `False` => False]
            1:76-1:79 warning conn-django-environ-string-boolean: django-environ (requirements.txt depends on `django-environ`) turns only Python literals into values, so `off` stays a non-empty string, which Django reads as true: `CONN_HEALTH_CHECKS` is switched on. Write `False` (or `0`). [fix: Write `False` => False]
            1:135-1:146 hint conn-verify-without-sslrootcert: With `sslmode=verify-full` and no `sslrootcert` (nor `PGSSLROOTCERT`), libpq trusts only `~/.postgresql/root.crt` and refuses to connect when it is missing. Name the server's CA file, or `sslrootcert=system` (libpq 16+) for a publicly trusted certificate."#]],
    );
    // dj-database-url casts `false` itself, but passes the key to libpq.
    check_as(
        DJ_DATABASE_URL,
        None,
        "postgres://app@db.example.com/app?atomic_requests=false&sslmode=verify-full&\
         keepalives_idle=60",
        expect_test::expect![[r#"
            1:35-1:50 error conn-unknown-parameter: `atomic_requests` is a Django setting that dj-database-url does not take from the URL: it passes it to libpq in `OPTIONS` (requirements.txt depends on `dj-database-url`), so connecting fails. Set `ATOMIC_REQUESTS` in the `DATABASES` entry instead.
            1:65-1:76 hint conn-verify-without-sslrootcert: With `sslmode=verify-full` and no `sslrootcert` (nor `PGSSLROOTCERT`), libpq trusts only `~/.postgresql/root.crt` and refuses to connect when it is missing. Name the server's CA file, or `sslrootcert=system` (libpq 16+) for a publicly trusted certificate."#]],
    );
}

#[test]
fn django_environ_keeps_the_first_of_a_repeated_key() {
    check_as(
        ENVIRON,
        None,
        "postgres://app@db.example.com/app?sslmode=disable&sslmode=verify-full&keepalives_idle=60",
        expect_test::expect!["1:43-1:50 error conn-sslmode-disable: `sslmode=disable` sends everything, the password exchange included, in plain text across the network. Use `verify-full` to encrypt and to check the server's certificate. [fix: Use `sslmode=verify-full` => verify-full]"],
    );
}

#[test]
fn django_helpers_win_over_sqlalchemy_in_the_workspace() {
    let both =
        Some(("/w/requirements.txt", "django-environ==0.11.2\nSQLAlchemy>=2.0\npsycopg[binary]\n"));
    check_as(
        both,
        Some("DATABASE_URL"),
        "postgres://app@db.example.com/app?conn_max_age=60&sslmode=verify-full&\
         sslrootcert=system&keepalives_idle=60",
        expect_test::expect!["1:1-1:9 information conn-postgres-scheme-sqlalchemy: SQLAlchemy 1.4 and newer refuse the `postgres` scheme and want `postgresql`; libpq, psycopg and node-postgres take both. Write `postgresql` if SQLAlchemy may read this URL. [fix: Use the `postgresql` scheme => postgresql]"],
    );
    // A SQLAlchemy key still names SQLAlchemy, which hands the keys to libpq as they are.
    check_as(
        both,
        Some("SQLALCHEMY_DATABASE_URI"),
        "postgresql://app@db.example.com/app?conn_max_age=60&sslmode=verify-full&\
         sslrootcert=system&keepalives_idle=60",
        expect_test::expect!["1:37-1:49 error conn-unknown-parameter: libpq does not know the keyword `conn_max_age` and refuses the whole URI."],
    );
}

#[test]
fn dj_database_url_refuses_the_psql_scheme() {
    check_as(
        DJ_DATABASE_URL,
        None,
        "psql://app@db.example.com/app?sslmode=verify-full&sslrootcert=system&keepalives_idle=60",
        expect_test::expect!["1:1-1:8 error conn-django-scheme-unknown: dj-database-url registers no backend for `psql://` (only django-environ takes it), and it reads this URL (requirements.txt depends on `dj-database-url`), so `parse()` raises UnknownSchemeError and Django does not start. Write `postgres://`. [fix: Use the `postgres://` scheme => postgres://]"],
    );
    // django-environ takes it.
    check_as(
        ENVIRON,
        None,
        "psql://app@db.example.com/app?sslmode=verify-full&sslrootcert=system&keepalives_idle=60",
        expect_test::expect![[r#""#]],
    );
}

/// In .NET's `ConnectionStrings` a `Host` key marks Npgsql's pairs, whatever their case,
/// while `Server=` may be SQL Server's; Npgsql's port must be a TCP port.
#[test]
fn dotnet_connection_strings_with_a_host_key_are_npgsql() {
    let key = Some("ConnectionStrings.Lower");
    check_as(
        None,
        key,
        "host=db.example.com;database=app;username=app;sslmode=require",
        expect_test::expect!["1:55-1:62 warning conn-sslmode-require: Under `SSL Mode=Require` Npgsql encrypts but accepts any certificate, so a man in the middle can pose as the server. Use `SSL Mode=VerifyFull`. [fix: Use `SSL Mode=VerifyFull` => VerifyFull]"],
    );
    check_as(
        None,
        key,
        "Host=db.example.com;Database=app;Username=app",
        expect_test::expect!["1:6-1:20 warning conn-sslmode-plaintext-fallback: Npgsql's `SSL Mode` is `Prefer` here (its default): it falls back to plain text when TLS is not offered and checks no certificate. Use `SSL Mode=VerifyFull`. [fix: Add `SSL Mode=VerifyFull` => ;SSL Mode=VerifyFull]"],
    );
    check_as(
        None,
        key,
        "Host=db.example.com;SSL Mode=VerifyFull;Port=abc",
        expect_test::expect!["1:46-1:49 error conn-invalid-port: Npgsql cannot use `Port=abc`: it takes a TCP port, a whole number from 1 to 65535, and opening a connection with this string fails."],
    );
    check_as(None, key, "Server=db.example.com;Database=app", expect_test::expect![[r#""#]]);
}

/// pgjdbc rejects a URL whose port is not a number, and reads settings only after `?`.
#[test]
fn jdbc_ports_and_settings_after_semicolons() {
    check_as(
        None,
        None,
        "jdbc:postgresql://db.example.com:abc/app?sslmode=verify-full",
        expect_test::expect!["1:34-1:37 error conn-invalid-port: pgjdbc reads the port as a number from 1 to 65535, so with `abc` it rejects the whole URL and Java's DriverManager finds no driver for it. Write the port's number."],
    );
    check_as(
        None,
        None,
        "jdbc:postgresql://db.example.com/app;ApplicationName=web;connectTimeout=5",
        expect_test::expect![[r#"
            1:37-1:74 error conn-jdbc-semicolon-parameters: pgjdbc takes settings only after `?`, joined by `&`: here the database name becomes `app;ApplicationName=web;connectTimeout=5`, which does not exist, and these settings are ignored. Write `app?…&…`. [fix: Write the settings after `?` => ?ApplicationName=web&connectTimeout=5]
            1:19-1:33 warning conn-sslmode-plaintext-fallback: pgjdbc uses `sslmode=prefer` here: it falls back to plain text when TLS is not offered and never checks the certificate. Use `sslmode=verify-full`."#]],
    );
    check_as(
        None,
        None,
        "jdbc:postgresql://db.example.com:5432/app?sslmode=verify-full",
        expect_test::expect![[r#""#]],
    );
}
