//! `.env` snapshots: syntax, duplicates, connection strings inside values (quoted ones
//! included, so that spans and fixes land on the file's bytes), and the real-world cases
//! under `tests/cases/`.

use super::*;
use crate::rules::conninfo::tests::{assert_fixes_work, mutations, render};

#[track_caller]
fn check(text: &str, expect: expect_test::Expect) {
    let settings = Settings::default();
    let findings = super::check(text, &settings);
    expect.assert_eq(&render(text, &findings));
    assert_fixes_work(text, &|text| super::check(text, &settings));
    for finding in &findings {
        assert!(!finding.message.contains("s3cret"), "a message echoes the password");
    }
}

#[test]
fn syntax_errors_and_duplicates() {
    check(
        "A=1\nnot an assignment\nA=2\nB='open\n",
        expect_test::expect![[r#"
            2:1-2:18 error env-syntax-error: This line is not a `KEY=VALUE` assignment, so loaders skip it or stop with an error
            4:3-5:1 error env-syntax-error: This quoted value never ends: add the closing `'`
            1:1-1:2 hint env-duplicate-key: `A` is assigned again further down; loaders keep the later value, so this line has no effect. [fix: Remove the earlier assignment => ]"#]],
    );
}

#[test]
fn connection_string_in_double_quotes_maps_to_the_file() {
    check(
        "URL=\"postgresql://u:p\\\"w@db.example.com/app?sslmode=require&keepalives_idle=60\"\n",
        expect_test::expect![[r#"
            1:21-1:25 warning conn-password-in-string: This connection string carries a password in clear text, so anyone who can read this file, a log line or the process list learns it. Keep it in `~/.pgpass`, `PGPASSWORD` or a secret store instead.
            1:53-1:60 warning conn-sslmode-require: `sslmode=require` encrypts but accepts any certificate, so a man in the middle can pose as the server and read everything. Use `verify-full` to check the certificate and host name. [fix: Use `sslmode=verify-full` => verify-full]"#]],
    );
}

#[test]
fn key_value_string_in_single_quotes() {
    check(
        "export DSN='host=db.example.com dbname=app sslmode=prefer'\n",
        expect_test::expect![[r#"
            1:52-1:58 warning conn-sslmode-plaintext-fallback: `sslmode=prefer` lets libpq silently fall back to plain text and never checks the server's certificate, so an attacker on the path can read the traffic or pose as the server. Use `verify-full`. [fix: Use `sslmode=verify-full` => verify-full]
            1:18-1:32 hint conn-keepalives-missing: No `keepalives_idle`: the operating system waits about two hours before the first keepalive probe, while NAT gateways and load balancers drop idle connections after minutes (240 s assumed) without telling either end. Add `keepalives_idle` below 240 s. [fix: Send TCP keepalives after 60 s of silence =>  keepalives=1 keepalives_idle=60 keepalives_interval=10 keepalives_count=6]"#]],
    );
}

#[test]
fn environment_only_connection() {
    check(
        "PGHOST=db.example.com\nPGSSLMODE=disable\n",
        expect_test::expect!["2:11-2:18 error conn-sslmode-disable: `sslmode=disable` sends everything, the password exchange included, in plain text across the network. Use `verify-full` to encrypt and to check the server's certificate. [fix: Set `PGSSLMODE=verify-full` => verify-full]"],
    );
    check(
        "PGHOST=db.example.com\n",
        expect_test::expect![[r#"
        1:8-1:22 warning conn-sslmode-plaintext-fallback: No `sslmode` is set, so libpq uses `prefer`: it silently falls back to plain text when TLS is not offered and never checks the certificate, so anyone on the path can read or impersonate. Add `sslmode=verify-full`. [fix: Add `sslmode=verify-full` => 
        PGSSLMODE=verify-full]"#]],
    );
    check("PGSSLMODE=verify\n", expect_test::expect!["1:11-1:17 error conn-invalid-sslmode: libpq refuses to connect with `sslmode=verify`: it accepts only disable, allow, prefer, require, verify-ca, verify-full. Did you mean `verify-full`? [fix: Use `sslmode=verify-full` => verify-full]"]);
}

#[test]
fn a_shared_variable_is_reported_once() {
    check(
        "PGSSLMODE=require\nA=postgresql://a.example.com/x?keepalives_idle=60\n\
         B=postgresql://b.example.com/y?keepalives_idle=60\n",
        expect_test::expect!["1:11-1:18 warning conn-sslmode-require: `sslmode=require` encrypts but accepts any certificate, so a man in the middle can pose as the server and read everything. Use `verify-full` to check the certificate and host name. [fix: Set `PGSSLMODE=verify-full` => verify-full]"],
    );
}

#[test]
fn references_are_checked_as_the_string_they_expand_to() {
    // The finding about the bad mode lands on `${DB_SSLMODE}`, the one about the missing
    // keepalives on `${DB_HOST}`, the password on `${DB_PASSWORD}`.
    check(
        "DB_USER=app\nDB_PASSWORD=s3cret\nDB_HOST=db.example.com\nDB_SSLMODE=verify_full\n\
         DATABASE_URL=postgres://${DB_USER}:${DB_PASSWORD}@${DB_HOST}/app?sslmode=${DB_SSLMODE}\n",
        expect_test::expect![[r#"
            5:36-5:50 warning conn-password-in-string: This connection string carries a password in clear text, so anyone who can read this file, a log line or the process list learns it. Keep it in `~/.pgpass`, `PGPASSWORD` or a secret store instead.
            5:74-5:87 error conn-invalid-sslmode: libpq refuses to connect with `sslmode=verify_full`: it accepts only disable, allow, prefer, require, verify-ca, verify-full. Did you mean `verify-full`?
            5:51-5:61 hint conn-keepalives-missing: No `keepalives_idle`: the operating system waits about two hours before the first keepalive probe, while NAT gateways and load balancers drop idle connections after minutes (240 s assumed) without telling either end. Add `keepalives_idle` below 240 s. [fix: Send TCP keepalives after 60 s of silence => &keepalives=1&keepalives_idle=60&keepalives_interval=10&keepalives_count=6]"#]],
    );
    // An unknown variable stays as written; a port that expands to nonsense is refused.
    check(
        "DB_PORT=5432x\nURL=postgresql://$DB_HOST:${DB_PORT}/app?sslmode=verify-full&keepalives_idle=60\n",
        expect_test::expect![[r#"
            2:27-2:37 error conn-invalid-port: The port `5432x` is not a number, so libpq refuses to connect; TCP ports run from 1 to 65535 (PostgreSQL's default is 5432).
            2:50-2:61 hint conn-verify-without-sslrootcert: With `sslmode=verify-full` and no `sslrootcert` (nor `PGSSLROOTCERT`), libpq trusts only `~/.postgresql/root.crt` and refuses to connect when it is missing. Name the server's CA file, or `sslrootcert=system` (libpq 16+) for a publicly trusted certificate."#]],
    );
}

#[test]
fn values_that_are_not_connection_strings() {
    check("NAME=app\nURL=https://example.com/?a=b\nOPTS=a=b c=d\n", expect_test::expect![[""]]);
}

#[test]
fn never_panics() {
    let settings = Settings::default();
    let seeds = [
        "URL=\"postgresql://u:p\\\"w@db.example.com/app?sslmode=require\"\nPGSSLMODE=prefer\n",
        "export DSN='host=db dbname=app'\n# c\nA=1 # x\nA=\"x\\ny\"",
        "PGHOST=db.example.com\nPGSSLROOTCERT=system\nB='x' y\n",
        "U=app\nP=s3cret\nURL=postgres://${U}:${P}@${H:-db}:$PORT/app?sslrootcert=c.pem\n",
    ];
    let files = crate::files::MemoryFiles::default();
    let path = std::path::Path::new("/project/.env");
    for text in mutations(&seeds, 1500) {
        let _ = super::check(&text, &settings);
        let _ = super::check_with_files(path, &text, &settings, &files);
        for offset in 0..=text.len() {
            let _ = crate::hover::dotenv::hover(&text, offset, &settings);
            let _ = crate::completion::dotenv::complete(&text, offset, &settings);
            let _ = super::conversions(&text, offset, &settings);
        }
    }
}

#[test]
fn case_041_env_at_sign_in_password() {
    // The `@` in the password is reported as conn-unencoded-userinfo-char with a fix that encodes
    // it as `%40`. libpq's own reading (host `ssw0rd@db...`) also draws the TLS and keepalive
    // findings.
    check(
        include_str!("../../../../tests/cases/041-env-at-sign-in-password/.env"),
        expect_test::expect![[r#"
            1:36-1:44 error conn-unencoded-userinfo-char: The password must be percent-encoded in a URI: libpq ends the user information at the first `@`, so the rest becomes part of the host name. Encode it (`@` as `%40`, `%` as `%25`). [fix: Percent-encode the password => %40]
            1:36-1:37 warning conn-password-in-string: This connection string carries a password in clear text, so anyone who can read this file, a log line or the process list learns it. Keep it in `~/.pgpass`, `PGPASSWORD` or a secret store instead.
            1:38-1:59 warning conn-sslmode-plaintext-fallback: No `sslmode` is set, so libpq uses `prefer`: it silently falls back to plain text when TLS is not offered and never checks the certificate, so anyone on the path can read or impersonate. Add `sslmode=verify-full`. [fix: Add `sslmode=verify-full` => ?sslmode=verify-full]
            1:38-1:59 hint conn-keepalives-missing: No `keepalives_idle`: the operating system waits about two hours before the first keepalive probe, while NAT gateways and load balancers drop idle connections after minutes (240 s assumed) without telling either end. Add `keepalives_idle` below 240 s. [fix: Send TCP keepalives after 60 s of silence => ?keepalives=1&keepalives_idle=60&keepalives_interval=10&keepalives_count=6]"#]],
    );
}

#[test]
fn case_043_env_reserved_chars_in_password() {
    // `[` and `?` in the password: libpq accepts them, other URL parsers do not; reported as
    // conn-unencoded-userinfo-char with the encoded password as fix.
    check(
        include_str!("../../../../tests/cases/043-env-reserved-chars-in-password/.env"),
        expect_test::expect![[r#"
            1:35-1:43 error conn-unencoded-userinfo-char: The password must be percent-encoded in a URI: libpq accepts `?`, `#`, `[` and `]` there, but most other URL parsers cut the URL at them, so other tools fail on it. Encode it (`@` as `%40`, `%` as `%25`). [fix: Percent-encode the password => %5B | %3F]
            1:35-1:43 warning conn-password-in-string: This connection string carries a password in clear text, so anyone who can read this file, a log line or the process list learns it. Keep it in `~/.pgpass`, `PGPASSWORD` or a secret store instead.
            1:44-1:58 warning conn-sslmode-plaintext-fallback: No `sslmode` is set, so libpq uses `prefer`: it silently falls back to plain text when TLS is not offered and never checks the certificate, so anyone on the path can read or impersonate. Add `sslmode=verify-full`. [fix: Add `sslmode=verify-full` => ?sslmode=verify-full]
            1:44-1:58 hint conn-keepalives-missing: No `keepalives_idle`: the operating system waits about two hours before the first keepalive probe, while NAT gateways and load balancers drop idle connections after minutes (240 s assumed) without telling either end. Add `keepalives_idle` below 240 s. [fix: Send TCP keepalives after 60 s of silence => ?keepalives=1&keepalives_idle=60&keepalives_interval=10&keepalives_count=6]"#]],
    );
}

#[test]
fn case_044_env_percent_in_password() {
    // FIXME: SQLAlchemy dialects (`postgresql+psycopg2://`) get their own rules in a later issue;
    // libpq's rules apply because psycopg2 hands the settings to libpq.
    check(
        include_str!("../../../../tests/cases/044-env-percent-in-password/.env"),
        expect_test::expect![[r#"
            1:45-1:53 error conn-unencoded-userinfo-char: The password must be percent-encoded in a URI: `%` followed by two hex digits is decoded as an escape, so what is sent is not what is written. Encode it (`@` as `%40`, `%` as `%25`). [fix: Percent-encode the password => %25]
            1:45-1:53 warning conn-password-in-string: This connection string carries a password in clear text, so anyone who can read this file, a log line or the process list learns it. Keep it in `~/.pgpass`, `PGPASSWORD` or a secret store instead.
            1:54-1:68 warning conn-sslmode-plaintext-fallback: No `sslmode` is set, so libpq uses `prefer`: it silently falls back to plain text when TLS is not offered and never checks the certificate, so anyone on the path can read or impersonate. Add `sslmode=verify-full`. [fix: Add `sslmode=verify-full` => ?sslmode=verify-full]
            1:54-1:68 hint conn-keepalives-missing: No `keepalives_idle`: the operating system waits about two hours before the first keepalive probe, while NAT gateways and load balancers drop idle connections after minutes (240 s assumed) without telling either end. Add `keepalives_idle` below 240 s. [fix: Send TCP keepalives after 60 s of silence => ?keepalives=1&keepalives_idle=60&keepalives_interval=10&keepalives_count=6]"#]],
    );
}

#[test]
fn case_046_env_postgres_scheme_sqlalchemy() {
    // FIXME: the `postgres://` scheme is refused by SQLAlchemy 1.4+; that needs to know the
    // consumer (a later issue). For libpq the URL is fine, so we say nothing about the scheme.
    check(
        include_str!("../../../../tests/cases/046-env-postgres-scheme-sqlalchemy/.env"),
        expect_test::expect![[r#"
            1:34-1:40 warning conn-password-in-string: This connection string carries a password in clear text, so anyone who can read this file, a log line or the process list learns it. Keep it in `~/.pgpass`, `PGPASSWORD` or a secret store instead.
            1:41-1:55 warning conn-sslmode-plaintext-fallback: No `sslmode` is set, so libpq uses `prefer`: it silently falls back to plain text when TLS is not offered and never checks the certificate, so anyone on the path can read or impersonate. Add `sslmode=verify-full`. [fix: Add `sslmode=verify-full` => ?sslmode=verify-full]
            1:41-1:55 hint conn-keepalives-missing: No `keepalives_idle`: the operating system waits about two hours before the first keepalive probe, while NAT gateways and load balancers drop idle connections after minutes (240 s assumed) without telling either end. Add `keepalives_idle` below 240 s. [fix: Send TCP keepalives after 60 s of silence => ?keepalives=1&keepalives_idle=60&keepalives_interval=10&keepalives_count=6]"#]],
    );
}

#[test]
fn case_047_env_asyncpg_sslmode() {
    // FIXME: asyncpg takes `ssl=`, not `sslmode=` (SQLAlchemy passes query parameters as keyword
    // arguments); the asyncpg dialect's rules come in a later issue. Until then we must not suggest
    // `sslmode=verify-full` here, and do not.
    check(
        include_str!("../../../../tests/cases/047-env-asyncpg-sslmode/.env"),
        expect_test::expect!["1:44-1:50 warning conn-password-in-string: This connection string carries a password in clear text, so anyone who can read this file, a log line or the process list learns it. Keep it in `~/.pgpass`, `PGPASSWORD` or a secret store instead."],
    );
}

#[test]
fn case_049_env_verify_full_without_root_cert() {
    // PGSSLMODE=verify-full in the same file is the URL's effective sslmode: no fallback warning, a
    // hint that no root certificate is named.
    check(
        include_str!("../../../../tests/cases/049-env-verify-full-without-root-cert/.env"),
        expect_test::expect![[r#"
            2:36-2:42 warning conn-password-in-string: This connection string carries a password in clear text, so anyone who can read this file, a log line or the process list learns it. Keep it in `~/.pgpass`, `PGPASSWORD` or a secret store instead.
            1:11-1:22 hint conn-verify-without-sslrootcert: With `sslmode=verify-full` and no `sslrootcert` (nor `PGSSLROOTCERT`), libpq trusts only `~/.postgresql/root.crt` and refuses to connect when it is missing. Name the server's CA file, or `sslrootcert=system` (libpq 16+) for a publicly trusted certificate.
            2:43-2:57 hint conn-keepalives-missing: No `keepalives_idle`: the operating system waits about two hours before the first keepalive probe, while NAT gateways and load balancers drop idle connections after minutes (240 s assumed) without telling either end. Add `keepalives_idle` below 240 s. [fix: Send TCP keepalives after 60 s of silence => ?keepalives=1&keepalives_idle=60&keepalives_interval=10&keepalives_count=6]"#]],
    );
}

#[test]
fn case_050_env_invalid_sslmode_value() {
    // `sslmode=verify` is refused by libpq: conn-invalid-sslmode with `verify-full` as fix.
    check(
        include_str!("../../../../tests/cases/050-env-invalid-sslmode-value/.env"),
        expect_test::expect![[r#"
            1:36-1:42 warning conn-password-in-string: This connection string carries a password in clear text, so anyone who can read this file, a log line or the process list learns it. Keep it in `~/.pgpass`, `PGPASSWORD` or a secret store instead.
            1:77-1:83 error conn-invalid-sslmode: libpq refuses to connect with `sslmode=verify`: it accepts only disable, allow, prefer, require, verify-ca, verify-full. Did you mean `verify-full`? [fix: Use `sslmode=verify-full` => verify-full]
            1:43-1:57 hint conn-keepalives-missing: No `keepalives_idle`: the operating system waits about two hours before the first keepalive probe, while NAT gateways and load balancers drop idle connections after minutes (240 s assumed) without telling either end. Add `keepalives_idle` below 240 s. [fix: Send TCP keepalives after 60 s of silence => &keepalives=1&keepalives_idle=60&keepalives_interval=10&keepalives_count=6]"#]],
    );
}

#[test]
fn case_052_env_unix_socket_path_in_url() {
    // FIXME: `postgis://` is django-environ's scheme; its dialect rules come later. The socket-path
    // rule applies to any URL of libpq's shape.
    check(
        include_str!("../../../../tests/cases/052-env-unix-socket-path-in-url/.env"),
        expect_test::expect![[r#"
            1:41-1:70 error conn-uri-socket-path-in-path: With nothing between `@` and `/`, libpq uses the default socket and takes this whole socket path as the database name. Write the directory percent-encoded in the host position (`%2Fvar%2Frun%2Fpostgresql`). [fix: Move the socket directory into the host => %2Fvar%2Frun%2Fpostgresql:6432/appdb]
            1:33-1:39 warning conn-password-in-string: This connection string carries a password in clear text, so anyone who can read this file, a log line or the process list learns it. Keep it in `~/.pgpass`, `PGPASSWORD` or a secret store instead."#]],
    );
}

#[test]
fn case_053_env_keyword_after_uri_space() {
    // ` sslmode=require` after a space is part of the database name: conn-uri-keyword-after-space
    // with a fix that moves it after `?`; the URL then really has no sslmode, which is also
    // reported.
    check(
        include_str!("../../../../tests/cases/053-env-keyword-after-uri-space/.env"),
        expect_test::expect![[r#"
            1:70-1:85 error conn-uri-keyword-after-space: Everything between `/` and `?` is the database name, so the `keyword=value` text after the blank sets nothing: older libpq makes it part of the name, libpq 17 and newer refuse the URI. Move it after `?`, joined by `&`. [fix: Move the settings into the query => ?sslmode=require]
            1:37-1:43 warning conn-password-in-string: This connection string carries a password in clear text, so anyone who can read this file, a log line or the process list learns it. Keep it in `~/.pgpass`, `PGPASSWORD` or a secret store instead.
            1:44-1:58 warning conn-sslmode-plaintext-fallback: No `sslmode` is set, so libpq uses `prefer`: it silently falls back to plain text when TLS is not offered and never checks the certificate, so anyone on the path can read or impersonate. Add `sslmode=verify-full`. [fix: Add `sslmode=verify-full` => ?sslmode=verify-full]
            1:44-1:58 hint conn-keepalives-missing: No `keepalives_idle`: the operating system waits about two hours before the first keepalive probe, while NAT gateways and load balancers drop idle connections after minutes (240 s assumed) without telling either end. Add `keepalives_idle` below 240 s. [fix: Send TCP keepalives after 60 s of silence => ?keepalives=1&keepalives_idle=60&keepalives_interval=10&keepalives_count=6]"#]],
    );
}

#[test]
fn case_055_env_jdbc_url_with_userinfo() {
    // FIXME: JDBC URLs (`jdbc:postgresql://`) are not recognized yet; pgjdbc refuses
    // `user:password@` in the URL (a later issue should report it).
    check(
        include_str!("../../../../tests/cases/055-env-jdbc-url-with-userinfo/.env"),
        expect_test::expect![[""]],
    );
}

#[test]
fn case_056_env_supabase_pooler_username() {
    // FIXME: Supabase's shared pooler needs the user as `<role>.<project-ref>`; provider knowledge
    // comes later. `pgbouncer=true` is a Prisma parameter that libpq refuses, which we do report.
    check(
        include_str!("../../../../tests/cases/056-env-supabase-pooler-username/.env"),
        expect_test::expect![[r#"
            1:34-1:40 warning conn-password-in-string: This connection string carries a password in clear text, so anyone who can read this file, a log line or the process list learns it. Keep it in `~/.pgpass`, `PGPASSWORD` or a secret store instead.
            1:91-1:100 error conn-unknown-parameter: `pgbouncer` is a Prisma setting, not a libpq keyword: psql, pg_dump and libpq-based drivers refuse this URL. Keep a separate URL for them.
            1:41-1:76 warning conn-sslmode-plaintext-fallback: No `sslmode` is set, so libpq uses `prefer`: it silently falls back to plain text when TLS is not offered and never checks the certificate, so anyone on the path can read or impersonate. Add `sslmode=verify-full`. [fix: Add `sslmode=verify-full` => &sslmode=verify-full]
            1:41-1:76 hint conn-keepalives-missing: No `keepalives_idle`: the operating system waits about two hours before the first keepalive probe, while NAT gateways and load balancers drop idle connections after minutes (240 s assumed) without telling either end. Add `keepalives_idle` below 240 s. [fix: Send TCP keepalives after 60 s of silence => &keepalives=1&keepalives_idle=60&keepalives_interval=10&keepalives_count=6]"#]],
    );
}

#[test]
fn case_058_env_require_with_root_cert_acts_as_verify_ca() {
    // PGSSLROOTCERT in the file makes sslmode=require verify the CA: conn-sslmode-require-verifies-
    // ca (information), fix `verify-full`.
    check(
        include_str!(
            "../../../../tests/cases/058-env-require-with-root-cert-acts-as-verify-ca/.env"
        ),
        expect_test::expect![[r#"
            2:36-2:42 warning conn-password-in-string: This connection string carries a password in clear text, so anyone who can read this file, a log line or the process list learns it. Keep it in `~/.pgpass`, `PGPASSWORD` or a secret store instead.
            2:77-2:84 information conn-sslmode-require-verifies-ca: A root certificate is configured, so libpq checks the server's certificate under `sslmode=require` as `verify-ca` would, but never the host name. Say `verify-full` to check both. [fix: Use `sslmode=verify-full` => verify-full]
            2:43-2:57 hint conn-keepalives-missing: No `keepalives_idle`: the operating system waits about two hours before the first keepalive probe, while NAT gateways and load balancers drop idle connections after minutes (240 s assumed) without telling either end. Add `keepalives_idle` below 240 s. [fix: Send TCP keepalives after 60 s of silence => &keepalives=1&keepalives_idle=60&keepalives_interval=10&keepalives_count=6]"#]],
    );
}

#[test]
fn case_059_env_multi_host_uri_node() {
    // FIXME: multi-host URLs fail in node-postgres; that needs to know the consumer (a later
    // issue). For libpq the URL is valid and we say nothing about it.
    check(
        include_str!("../../../../tests/cases/059-env-multi-host-uri-node/.env"),
        expect_test::expect![[r#"
            1:36-1:42 warning conn-password-in-string: This connection string carries a password in clear text, so anyone who can read this file, a log line or the process list learns it. Keep it in `~/.pgpass`, `PGPASSWORD` or a secret store instead.
            1:43-1:58 warning conn-sslmode-plaintext-fallback: No `sslmode` is set, so libpq uses `prefer`: it silently falls back to plain text when TLS is not offered and never checks the certificate, so anyone on the path can read or impersonate. Add `sslmode=verify-full`. [fix: Add `sslmode=verify-full` => &sslmode=verify-full]
            1:43-1:58 hint conn-keepalives-missing: No `keepalives_idle`: the operating system waits about two hours before the first keepalive probe, while NAT gateways and load balancers drop idle connections after minutes (240 s assumed) without telling either end. Add `keepalives_idle` below 240 s. [fix: Send TCP keepalives after 60 s of silence => &keepalives=1&keepalives_idle=60&keepalives_interval=10&keepalives_count=6]"#]],
    );
}

#[test]
fn case_061_env_prisma_only_url_params() {
    // FIXME: when only Prisma reads the URL these parameters are fine; knowing the consumer is a
    // later issue. libpq-based tools do refuse them, which is what we report.
    check(
        include_str!("../../../../tests/cases/061-env-prisma-only-url-params/.env"),
        expect_test::expect![[r#"
            1:37-1:43 warning conn-password-in-string: This connection string carries a password in clear text, so anyone who can read this file, a log line or the process list learns it. Keep it in `~/.pgpass`, `PGPASSWORD` or a secret store instead.
            1:70-1:76 error conn-unknown-parameter: `schema` is a Prisma setting, not a libpq keyword: psql, pg_dump and libpq-based drivers refuse this URL. Keep a separate URL for them.
            1:81-1:97 error conn-unknown-parameter: `connection_limit` is a Prisma setting, not a libpq keyword: psql, pg_dump and libpq-based drivers refuse this URL. Keep a separate URL for them.
            1:100-1:109 error conn-unknown-parameter: `pgbouncer` is a Prisma setting, not a libpq keyword: psql, pg_dump and libpq-based drivers refuse this URL. Keep a separate URL for them.
            1:44-1:58 warning conn-sslmode-plaintext-fallback: No `sslmode` is set, so libpq uses `prefer`: it silently falls back to plain text when TLS is not offered and never checks the certificate, so anyone on the path can read or impersonate. Add `sslmode=verify-full`. [fix: Add `sslmode=verify-full` => &sslmode=verify-full]
            1:44-1:58 hint conn-keepalives-missing: No `keepalives_idle`: the operating system waits about two hours before the first keepalive probe, while NAT gateways and load balancers drop idle connections after minutes (240 s assumed) without telling either end. Add `keepalives_idle` below 240 s. [fix: Send TCP keepalives after 60 s of silence => &keepalives=1&keepalives_idle=60&keepalives_interval=10&keepalives_count=6]"#]],
    );
}

#[test]
fn case_062_env_channel_binding_unsupported_client() {
    // FIXME: drivers without SCRAM-SHA-256-PLUS cannot honour `channel_binding=require`; driver
    // knowledge comes later.
    check(
        include_str!("../../../../tests/cases/062-env-channel-binding-unsupported-client/.env"),
        expect_test::expect![[r#"
            1:36-1:42 warning conn-password-in-string: This connection string carries a password in clear text, so anyone who can read this file, a log line or the process list learns it. Keep it in `~/.pgpass`, `PGPASSWORD` or a secret store instead.
            1:99-1:106 information conn-sslmode-require: `sslmode=require` accepts any certificate. `channel_binding=require` makes a SCRAM login fail when a man in the middle relays it, but `verify-full` also proves the server to every other authentication method. [fix: Use `sslmode=verify-full` => verify-full]
            1:43-1:84 hint conn-keepalives-missing: No `keepalives_idle`: the operating system waits about two hours before the first keepalive probe, while NAT gateways and load balancers drop idle connections after minutes (240 s assumed) without telling either end. Add `keepalives_idle` below 240 s. [fix: Send TCP keepalives after 60 s of silence => &keepalives=1&keepalives_idle=60&keepalives_interval=10&keepalives_count=6]"#]],
    );
}

#[track_caller]
fn check_hover(text: &str, at: &str, expect: expect_test::Expect) {
    let offset = text.find(at).expect("the marker is in the text");
    let found = crate::hover::dotenv::hover(text, offset, &Settings::default());
    let rendered = match found {
        Some(found) => {
            assert!(!found.markdown.contains("s3cret"), "a hover shows the password");
            format!("@{}..{}\n{}", found.span.start, found.span.end, found.markdown)
        }
        None => "no hover".to_string(),
    };
    expect.assert_eq(&rendered);
}

#[test]
fn hovers_in_env_files() {
    let text =
        "PGSSLMODE=verify-full\nDATABASE_URL=\"postgresql://app:s3cret@db.example.com/app\"\n";
    check_hover(
        text,
        "PGSSLMODE",
        expect_test::expect![[r#"
        @0..9
        **PGSSLMODE** gives libpq's `sslmode` to every connection that does not set it.

        **sslmode**

        Whether and how TLS is used: from `disable` (never) over `prefer` (the default, silently falls back to plain text) and `require` (encrypts without checking who answers) to `verify-full` (encrypts and checks the certificate and host name).

        Environment variable: `PGSSLMODE`. Default: `prefer`."#]],
    );
    check_hover(
        text,
        "verify-full",
        expect_test::expect![[r#"
        @10..21
        **sslmode=verify-full**

        Always encrypts, checks the certificate against a trusted root, and checks that it was issued for the host name being dialled.

        Protects against eavesdropping and against impostors: the recommended mode whenever the network is not fully trusted."#]],
    );
    check_hover(
        text,
        "db.example",
        expect_test::expect![[r#"
        @36..78
        **libpq connection URI** (`postgresql://`)

        - user: `app`
        - password: `****`
        - host 1: `db.example.com`
        - dbname: `app`

        Effective sslmode: `verify-full` (from `PGSSLMODE` in this file). Always encrypts, checks the certificate against a trusted root, and checks that it was issued for the host name being dialled. Protects against eavesdropping and against impostors: the recommended mode whenever the network is not fully trusted."#]],
    );
    check_hover(text, "DATABASE_URL", expect_test::expect!["no hover"]);
    check_hover(
        "DSN='host=db sslmode=allow'\n",
        "allow",
        expect_test::expect![[r#"
            @21..26
            **sslmode=allow**

            Tries plain text first and uses TLS only if the server insists.

            Protects only against a passive eavesdropper, and only while nobody strips TLS: an active attacker can force plain text or pose as the server."#]],
    );
}

/// Renders the refactorings offered at `at` (the first occurrence of it), each applied.
#[track_caller]
fn check_conversions(text: &str, at: &str, expect: expect_test::Expect) {
    let offset = text.find(at).expect("the marker is in the text");
    let fixes = super::conversions(text, offset, &Settings::default());
    let rendered: Vec<String> = fixes
        .iter()
        .map(|fix| format!("{}:\n{}", fix.title, crate::rules::conninfo::tests::apply(text, fix)))
        .collect();
    expect.assert_eq(&rendered.join("\n"));
}

#[test]
fn conversions_and_moving_the_password() {
    check_conversions(
        "DATABASE_URL=\"postgresql://app:s3cret@db.example.com:5433/app?sslmode=verify-full\"\n\
         OTHER=1\n",
        "db.example",
        expect_test::expect![[r#"
            Rewrite as keyword=value pairs:
            DATABASE_URL="user=app password=s3cret host=db.example.com port=5433 dbname=app sslmode=verify-full"
            OTHER=1

            Move the password to a PGPASSWORD line:
            DATABASE_URL="postgresql://app@db.example.com:5433/app?sslmode=verify-full"
            PGPASSWORD=s3cret
            OTHER=1
        "#]],
    );
    check_conversions(
        "DSN='host=db.example.com dbname=app password=s3cret sslmode=verify-full'\n",
        "dbname",
        expect_test::expect![[r#"
            Rewrite as a postgresql:// URI:
            DSN='postgresql://db.example.com/app?password=s3cret&sslmode=verify-full'

            Move the password to a PGPASSWORD line:
            DSN='host=db.example.com dbname=app sslmode=verify-full'
            PGPASSWORD=s3cret
        "#]],
    );
    check_conversions(
        "URL=postgresql://db/app?password=a%20b&sslmode=require\n",
        "db",
        expect_test::expect![[r#"
            Move the password to a PGPASSWORD line:
            URL=postgresql://db/app?sslmode=require
            PGPASSWORD='a b'
        "#]],
    );
    // The reference stays whole, so the conversion keeps it; the move would inline it.
    check_conversions(
        "PASS=s3cret\nURL=postgresql://app:${PASS}@db/app\n",
        "@db",
        expect_test::expect![""],
    );
    // Already a PGPASSWORD: only the conversion.
    check_conversions(
        "PGPASSWORD=x\nURL=postgresql://app:s3cret@db/app\n",
        "@db",
        expect_test::expect![""],
    );
}

#[test]
fn root_certificates_that_do_not_exist() {
    use crate::files::MemoryFiles;
    let text = "A=postgresql://db.example.com/app?sslmode=verify-full&sslrootcert=certs/ca.pem\n\
                B=postgresql://db.example.com/app?sslmode=verify-full&sslrootcert=certs/gone.pem\n\
                C=postgresql://db.example.com/app?sslmode=require&sslrootcert=/etc/ssl/gone.pem\n\
                D=postgresql://db.example.com/app?sslmode=verify-full&sslrootcert=system\n\
                PGSSLROOTCERT=/etc/ssl/missing.pem\n\
                E=host=db.example.com sslmode=verify-ca\n";
    let files = MemoryFiles::default().with("/project/certs/ca.pem", "pem");
    let path = std::path::Path::new("/project/.env");
    let findings = super::check_with_files(path, text, &Settings::default(), &files);
    expect_test::expect![[r#"
        2:67-2:81 warning conn-sslrootcert-missing: The root certificate file `certs/gone.pem` does not exist here (looked for beside this file; libpq takes a relative path from the working directory of the program that connects, and does not expand `~`), so libpq refuses to connect: it has nothing to check the server's certificate against.
        3:63-3:80 warning conn-sslrootcert-missing: The root certificate file `/etc/ssl/gone.pem` does not exist here, so under this `sslmode` libpq quietly checks no certificate at all, although a CA was named to check it against.
        5:15-5:35 warning conn-sslrootcert-missing: The root certificate file `/etc/ssl/missing.pem` does not exist here, so libpq refuses to connect: it has nothing to check the server's certificate against."#]].assert_eq(&render(text, &findings));
}
