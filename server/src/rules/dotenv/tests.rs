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
            4:3-4:4 error env-syntax-error: This quote is never closed, so loaders disagree on the value: Docker Compose refuses the file, python-dotenv skips the line and node's dotenv keeps the quote in the value. Add the closing `'`.
            1:1-1:2 hint env-duplicate-key: `A` is assigned again further down; loaders keep the later value, so this line has no effect. [fix: Remove the earlier assignment => ]"#]],
    );
}

/// A quote never closed: the error sits on the quote, the lines below stay entries of their
/// own, and the connection-string rules leave the unclosed value alone.
#[test]
fn an_unclosed_quote_does_not_swallow_the_lines_below() {
    check(
        "R='postgresql://u@db.example.com/app?sslmode=require\n\
         DATABASE_PASSWORD=x\n\
         S=\"host=db.example.com sslmode=verify keepalives_idle=60\n\
         PGSSLMODE=verify\n",
        expect_test::expect![[r#"
            1:3-1:4 error env-syntax-error: This quote is never closed, so loaders disagree on the value: Docker Compose refuses the file, python-dotenv skips the line and node's dotenv keeps the quote in the value. Add the closing `'`.
            3:3-3:4 error env-syntax-error: This quote is never closed, so loaders disagree on the value: Docker Compose refuses the file, python-dotenv skips the line and node's dotenv keeps the quote in the value. Add the closing `"`.
            4:11-4:17 error conn-invalid-sslmode: libpq refuses to connect with `sslmode=verify`: it accepts only disable, allow, prefer, require, verify-ca, verify-full. Did you mean `verify-full`? [fix: Use `sslmode=verify-full` => verify-full]"#]],
    );
}

/// A closed value over several lines is judged, but a message quotes its first line only.
#[test]
fn a_multi_line_value_is_quoted_by_its_first_line() {
    check(
        "A=\"postgresql://db.example.com/app?keepalives_idle=60&sslmode=bogus\nmore\"\n",
        expect_test::expect!["1:63-2:5 error conn-invalid-sslmode: libpq refuses to connect with `sslmode=bogus…`: it accepts only disable, allow, prefer, require, verify-ca, verify-full. [fix: Use `sslmode=verify-full` => verify-full]"],
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
            5:36-5:50 warning conn-password-in-string: This connection string carries a password in clear text, so anyone who can read this file, a log line or the process list learns it. Keep it in `~/.pgpass`, `PGPASSWORD` or a secret store instead. `${DB_PASSWORD}` is set in clear text on line 2.
            5:14-5:22 information conn-postgres-scheme-sqlalchemy: SQLAlchemy 1.4 and newer refuse the `postgres` scheme and want `postgresql`; libpq, psycopg and node-postgres take both. Write `postgresql` if SQLAlchemy may read this URL. [fix: Use the `postgresql` scheme => postgresql]
            5:74-5:87 error conn-invalid-sslmode: libpq refuses to connect with `sslmode=verify_full`: it accepts only disable, allow, prefer, require, verify-ca, verify-full. Did you mean `verify-full`? `${DB_SSLMODE}` is `verify_full`, set on line 4.
            5:51-5:61 hint conn-keepalives-missing: No `keepalives_idle`: the operating system waits about two hours before the first keepalive probe, while NAT gateways and load balancers drop idle connections after minutes (240 s assumed) without telling either end. Add `keepalives_idle` below 240 s. [fix: Send TCP keepalives after 60 s of silence => &keepalives=1&keepalives_idle=60&keepalives_interval=10&keepalives_count=6]"#]],
    );
    // An unknown variable stays as written; a port that expands to nonsense is refused.
    check(
        "DB_PORT=5432x\nURL=postgresql://$DB_HOST:${DB_PORT}/app?sslmode=verify-full&keepalives_idle=60\n",
        expect_test::expect![[r#"
            2:27-2:37 error conn-invalid-port: The port `5432x` is not a number, so libpq refuses to connect; TCP ports run from 1 to 65535 (PostgreSQL's default is 5432). `${DB_PORT}` is `5432x`, set on line 1.
            2:50-2:61 hint conn-verify-without-sslrootcert: With `sslmode=verify-full` and no `sslrootcert` (nor `PGSSLROOTCERT`), libpq trusts only `~/.postgresql/root.crt` and refuses to connect when it is missing. Name the server's CA file, or `sslrootcert=system` (libpq 16+) for a publicly trusted certificate."#]],
    );
}

/// A password slot holding only a reference the file does not set (or sets to another
/// reference) names where the password is kept: no clear-text password. One the file sets
/// in clear text is one, and the finding says on which line.
#[test]
fn a_password_reference_is_clear_text_only_when_the_file_sets_it() {
    check(
        concat!(
            "DB_PASS=s3cret\n",
            "VAULT_PASS=${FROM_VAULT}\n",
            "A=postgresql://app:${DB_PASS}@db.example.com/app",
            "?sslmode=verify-full&sslrootcert=system&keepalives_idle=60\n",
            "B=postgresql://app:${UNSET_PASS}@db.example.com/app",
            "?sslmode=verify-full&sslrootcert=system&keepalives_idle=60\n",
            "C=postgresql://app:${VAULT_PASS}@db.example.com/app",
            "?sslmode=verify-full&sslrootcert=system&keepalives_idle=60\n",
            "D=postgresql://app:$UNSET_PASS@db.example.com/app",
            "?sslmode=verify-full&sslrootcert=system&keepalives_idle=60\n",
            "E=postgresql://app:x${UNSET_PASS}@db.example.com/app",
            "?sslmode=verify-full&sslrootcert=system&keepalives_idle=60\n",
        ),
        expect_test::expect![[r#"
            3:20-3:30 warning conn-password-in-string: This connection string carries a password in clear text, so anyone who can read this file, a log line or the process list learns it. Keep it in `~/.pgpass`, `PGPASSWORD` or a secret store instead. `${DB_PASS}` is set in clear text on line 1.
            7:20-7:34 warning conn-password-in-string: This connection string carries a password in clear text, so anyone who can read this file, a log line or the process list learns it. Keep it in `~/.pgpass`, `PGPASSWORD` or a secret store instead."#]],
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
            1:15-1:23 information conn-postgres-scheme-sqlalchemy: SQLAlchemy 1.4 and newer refuse the `postgres` scheme and want `postgresql`; libpq, psycopg and node-postgres take both. Write `postgresql` if SQLAlchemy may read this URL. [fix: Use the `postgresql` scheme => postgresql]
            1:44-1:58 warning conn-sslmode-plaintext-fallback: No `sslmode` is set, so libpq uses `prefer`: it silently falls back to plain text when TLS is not offered and never checks the certificate, so anyone on the path can read or impersonate. Add `sslmode=verify-full`. [fix: Add `sslmode=verify-full` => ?sslmode=verify-full]
            1:44-1:58 hint conn-keepalives-missing: No `keepalives_idle`: the operating system waits about two hours before the first keepalive probe, while NAT gateways and load balancers drop idle connections after minutes (240 s assumed) without telling either end. Add `keepalives_idle` below 240 s. [fix: Send TCP keepalives after 60 s of silence => ?keepalives=1&keepalives_idle=60&keepalives_interval=10&keepalives_count=6]"#]],
    );
}

#[test]
fn case_044_env_percent_in_password() {
    // `postgresql+psycopg2://` is SQLAlchemy with psycopg2, which hands the settings to libpq, so
    // libpq's TLS and encoding rules apply.
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
    // Nothing says who reads the URL: `postgres://` is fine for libpq but refused by SQLAlchemy
    // 1.4+, so conn-postgres-scheme-sqlalchemy is information here (a warning when the workspace
    // depends on SQLAlchemy: `case_046_with_sqlalchemy_in_the_workspace`).
    check(
        include_str!("../../../../tests/cases/046-env-postgres-scheme-sqlalchemy/.env"),
        expect_test::expect![[r#"
            1:34-1:40 warning conn-password-in-string: This connection string carries a password in clear text, so anyone who can read this file, a log line or the process list learns it. Keep it in `~/.pgpass`, `PGPASSWORD` or a secret store instead.
            1:14-1:22 information conn-postgres-scheme-sqlalchemy: SQLAlchemy 1.4 and newer refuse the `postgres` scheme and want `postgresql`; libpq, psycopg and node-postgres take both. Write `postgresql` if SQLAlchemy may read this URL. [fix: Use the `postgresql` scheme => postgresql]
            1:41-1:55 warning conn-sslmode-plaintext-fallback: No `sslmode` is set, so libpq uses `prefer`: it silently falls back to plain text when TLS is not offered and never checks the certificate, so anyone on the path can read or impersonate. Add `sslmode=verify-full`. [fix: Add `sslmode=verify-full` => ?sslmode=verify-full]
            1:41-1:55 hint conn-keepalives-missing: No `keepalives_idle`: the operating system waits about two hours before the first keepalive probe, while NAT gateways and load balancers drop idle connections after minutes (240 s assumed) without telling either end. Add `keepalives_idle` below 240 s. [fix: Send TCP keepalives after 60 s of silence => ?keepalives=1&keepalives_idle=60&keepalives_interval=10&keepalives_count=6]"#]],
    );
}

#[test]
fn case_047_env_asyncpg_sslmode() {
    // SQLAlchemy passes query parameters to `asyncpg.connect()`, which takes `ssl=`, not
    // `sslmode=`: conn-asyncpg-sslmode (error) with `ssl=require` as fix. No libpq sslmode advice.
    check(
        include_str!("../../../../tests/cases/047-env-asyncpg-sslmode/.env"),
        expect_test::expect![[r#"
            1:44-1:50 warning conn-password-in-string: This connection string carries a password in clear text, so anyone who can read this file, a log line or the process list learns it. Keep it in `~/.pgpass`, `PGPASSWORD` or a secret store instead.
            1:77-1:84 error conn-asyncpg-sslmode: SQLAlchemy's asyncpg dialect passes `sslmode` to `asyncpg.connect()`, which has no such argument, so connecting fails with a TypeError. Write `ssl=` with the same mode. [fix: Use `ssl=require` => ssl=require]"#]],
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
    // `postgis://` is Django's scheme, read by django-environ or dj-database-url (no manifest
    // says which): the socket path is still the database name, and each helper's own fix
    // is offered, since only dj-database-url decodes a `%2F` host.
    check(
        include_str!("../../../../tests/cases/052-env-unix-socket-path-in-url/.env"),
        expect_test::expect![[r#"
            1:41-1:70 error conn-uri-socket-path-in-path: With nothing between `@` and `/`, Django's URL helpers take this whole socket path as the database name. dj-database-url reads the directory percent-encoded in the host position (`%2Fvar%2Frun%2Fpostgresql`), django-environ only at the start of the path (`/%2Fvar%2Frun%2Fpostgresql/db`). [fix: Move the socket directory into the host => %2Fvar%2Frun%2Fpostgresql:6432/appdb] [fix: Move the socket directory where django-environ reads it => :6432/%2Fvar%2Frun%2Fpostgresql/appdb]
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
    // pgjdbc has no user information: conn-jdbc-userinfo (error), whose fix moves user and
    // password into the query without writing the password anywhere; pgjdbc's default `prefer`.
    check(
        include_str!("../../../../tests/cases/055-env-jdbc-url-with-userinfo/.env"),
        expect_test::expect![[r#"
            1:50-1:56 warning conn-password-in-string: This connection string carries a password in clear text, so anyone who can read this file, a log line or the process list learns it. Keep it in `~/.pgpass`, `PGPASSWORD` or a secret store instead.
            1:41-1:56 error conn-jdbc-userinfo: pgjdbc does not take `user:password@` in the URL: it reads it as part of the host name and cannot connect. Pass `?user=…&password=…`, or the framework's own settings (SPRING_DATASOURCE_USERNAME and _PASSWORD). [fix: Move the user and password into the query => db.example.com:5432/appdb?user=app_user&password= | ]
            1:57-1:71 warning conn-sslmode-plaintext-fallback: pgjdbc uses `sslmode=prefer` here: it falls back to plain text when TLS is not offered and never checks the certificate. Use `sslmode=verify-full`. [fix: Add `sslmode=verify-full` => ?sslmode=verify-full]"#]],
    );
}

#[test]
fn case_056_env_supabase_pooler_username() {
    // Supabase's shared pooler needs the user as `<role>.<project-ref>`: conn-supabase-pooler-user
    // (error, no fix: the project ref cannot be guessed). `pgbouncer=true` is Prisma's, noted as
    // client-specific since nothing says libpq reads the URL.
    check(
        include_str!("../../../../tests/cases/056-env-supabase-pooler-username/.env"),
        expect_test::expect![[r#"
            1:34-1:40 warning conn-password-in-string: This connection string carries a password in clear text, so anyone who can read this file, a log line or the process list learns it. Keep it in `~/.pgpass`, `PGPASSWORD` or a secret store instead.
            1:25-1:33 error conn-supabase-pooler-user: Supabase's shared pooler finds the project from the user name, which must be `postgres.<project-ref>`: with plain `postgres` every login fails with "Tenant or user not found". Copy the user (and the pooler host) from the project's Connect panel.
            1:14-1:22 information conn-postgres-scheme-sqlalchemy: SQLAlchemy 1.4 and newer refuse the `postgres` scheme and want `postgresql`; libpq, psycopg and node-postgres take both. Write `postgresql` if SQLAlchemy may read this URL. [fix: Use the `postgresql` scheme => postgresql]
            1:91-1:100 information conn-client-specific-params: `pgbouncer` is a Prisma setting: Prisma reads it, but psql, pg_dump and libpq-based drivers refuse this URL and some other drivers send it to the server. Give other tools their own variable without it.
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
            2:77-2:84 information conn-sslmode-require-verifies-ca: A root certificate is configured, so where that file exists libpq checks the server's certificate under `sslmode=require` as `verify-ca` would, but never the host name. Say `verify-full` to check both. [fix: Use `sslmode=verify-full` => verify-full]
            2:43-2:57 hint conn-keepalives-missing: No `keepalives_idle`: the operating system waits about two hours before the first keepalive probe, while NAT gateways and load balancers drop idle connections after minutes (240 s assumed) without telling either end. Add `keepalives_idle` below 240 s. [fix: Send TCP keepalives after 60 s of silence => &keepalives=1&keepalives_idle=60&keepalives_interval=10&keepalives_count=6]"#]],
    );
}

#[test]
fn case_059_env_multi_host_uri_node() {
    // Nothing says node-postgres reads the URL, and for libpq it is valid: nothing about the
    // host list here (`case_059_with_node_postgres_in_the_workspace` has the warning).
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
    // Prisma's own parameters where nothing says who reads the URL: conn-client-specific-params
    // (information) on each. An error only where libpq is known to read it
    // (`case_061_with_psycopg_in_the_workspace`).
    check(
        include_str!("../../../../tests/cases/061-env-prisma-only-url-params/.env"),
        expect_test::expect![[r#"
            1:37-1:43 warning conn-password-in-string: This connection string carries a password in clear text, so anyone who can read this file, a log line or the process list learns it. Keep it in `~/.pgpass`, `PGPASSWORD` or a secret store instead.
            1:70-1:76 information conn-client-specific-params: `schema` is a Prisma setting: Prisma reads it, but psql, pg_dump and libpq-based drivers refuse this URL and some other drivers send it to the server. Give other tools their own variable without it.
            1:81-1:97 information conn-client-specific-params: `connection_limit` is a Prisma setting: Prisma reads it, but psql, pg_dump and libpq-based drivers refuse this URL and some other drivers send it to the server. Give other tools their own variable without it.
            1:100-1:109 information conn-client-specific-params: `pgbouncer` is a Prisma setting: Prisma reads it, but psql, pg_dump and libpq-based drivers refuse this URL and some other drivers send it to the server. Give other tools their own variable without it.
            1:44-1:58 warning conn-sslmode-plaintext-fallback: No `sslmode` is set, so libpq uses `prefer`: it silently falls back to plain text when TLS is not offered and never checks the certificate, so anyone on the path can read or impersonate. Add `sslmode=verify-full`. [fix: Add `sslmode=verify-full` => &sslmode=verify-full]
            1:44-1:58 hint conn-keepalives-missing: No `keepalives_idle`: the operating system waits about two hours before the first keepalive probe, while NAT gateways and load balancers drop idle connections after minutes (240 s assumed) without telling either end. Add `keepalives_idle` below 240 s. [fix: Send TCP keepalives after 60 s of silence => &keepalives=1&keepalives_idle=60&keepalives_interval=10&keepalives_count=6]"#]],
    );
}

#[test]
fn case_062_env_channel_binding_unsupported_client() {
    // Drivers without SCRAM-SHA-256-PLUS cannot honour `channel_binding=require`; with no driver
    // known, conn-channel-binding-driver-support says so (information), beside the libpq note.
    check(
        include_str!("../../../../tests/cases/062-env-channel-binding-unsupported-client/.env"),
        expect_test::expect![[r#"
            1:36-1:42 warning conn-password-in-string: This connection string carries a password in clear text, so anyone who can read this file, a log line or the process list learns it. Keep it in `~/.pgpass`, `PGPASSWORD` or a secret store instead.
            1:107-1:122 information conn-channel-binding-driver-support: Only clients that implement SCRAM-SHA-256-PLUS honour `channel_binding=require` (libpq 13 and newer, pgx, Npgsql, Prisma); asyncpg, node-postgres and pgjdbc ignore it or fail. For those, authenticate the server with `sslmode=verify-full` instead.
            1:99-1:106 information conn-sslmode-require: `sslmode=require` accepts any certificate. `channel_binding=require` makes a SCRAM login fail when a man in the middle relays it, but `verify-full` also proves the server to every other authentication method. [fix: Use `sslmode=verify-full` => verify-full]
            1:43-1:84 hint conn-keepalives-missing: No `keepalives_idle`: the operating system waits about two hours before the first keepalive probe, while NAT gateways and load balancers drop idle connections after minutes (240 s assumed) without telling either end. Add `keepalives_idle` below 240 s. [fix: Send TCP keepalives after 60 s of silence => &keepalives=1&keepalives_idle=60&keepalives_interval=10&keepalives_count=6]"#]],
    );
}

/// The findings of `.env` text at `/app/.env` beside the manifests in `files`.
#[track_caller]
fn check_in_workspace(files: crate::files::MemoryFiles, text: &str, expect: expect_test::Expect) {
    let files = files.with("/app/.env", text);
    let path = std::path::Path::new("/app/.env");
    let settings = Settings::default();
    let run = |text: &str| super::check_with_files(path, text, &settings, &files);
    let findings = run(text);
    expect.assert_eq(&render(text, &findings));
    assert_fixes_work(text, &run);
    for finding in &findings {
        assert!(!finding.message.contains("s3cret"), "a message echoes the password");
    }
}

fn manifest(path: &str, text: &str) -> crate::files::MemoryFiles {
    crate::files::MemoryFiles::default().with(path, text).with_dir("/app/.git")
}

#[test]
fn case_046_with_sqlalchemy_in_the_workspace() {
    let env = include_str!("../../../../tests/cases/046-env-postgres-scheme-sqlalchemy/.env");
    check_in_workspace(
        manifest("/app/requirements.txt", "flask-sqlalchemy\nSQLAlchemy>=2.0\npsycopg2-binary\n"),
        env,
        expect_test::expect![[r#"
            1:34-1:40 warning conn-password-in-string: This connection string carries a password in clear text, so anyone who can read this file, a log line or the process list learns it. Keep it in `~/.pgpass`, `PGPASSWORD` or a secret store instead.
            1:14-1:22 warning conn-postgres-scheme-sqlalchemy: SQLAlchemy 1.4 and newer refuse the `postgres` scheme (`create_engine` cannot load a `postgres` dialect), and SQLAlchemy with psycopg (libpq) reads this URL because requirements.txt depends on `SQLAlchemy`. Write `postgresql`; if the platform sets the variable, replace the prefix in code. [fix: Use the `postgresql` scheme => postgresql]
            1:41-1:55 warning conn-sslmode-plaintext-fallback: No `sslmode` is set, so libpq uses `prefer`: it silently falls back to plain text when TLS is not offered and never checks the certificate, so anyone on the path can read or impersonate. Add `sslmode=verify-full`. [fix: Add `sslmode=verify-full` => ?sslmode=verify-full]
            1:41-1:55 hint conn-keepalives-missing: No `keepalives_idle`: the operating system waits about two hours before the first keepalive probe, while NAT gateways and load balancers drop idle connections after minutes (240 s assumed) without telling either end. Add `keepalives_idle` below 240 s. [fix: Send TCP keepalives after 60 s of silence => ?keepalives=1&keepalives_idle=60&keepalives_interval=10&keepalives_count=6]"#]],
    );
    // SQLAlchemy pinned below 1.4 still takes `postgres://`.
    check_in_workspace(
        manifest("/app/requirements.txt", "SQLAlchemy==1.3.24\npsycopg2\n"),
        env,
        expect_test::expect![[r#"
            1:34-1:40 warning conn-password-in-string: This connection string carries a password in clear text, so anyone who can read this file, a log line or the process list learns it. Keep it in `~/.pgpass`, `PGPASSWORD` or a secret store instead.
            1:41-1:55 warning conn-sslmode-plaintext-fallback: No `sslmode` is set, so libpq uses `prefer`: it silently falls back to plain text when TLS is not offered and never checks the certificate, so anyone on the path can read or impersonate. Add `sslmode=verify-full`. [fix: Add `sslmode=verify-full` => ?sslmode=verify-full]
            1:41-1:55 hint conn-keepalives-missing: No `keepalives_idle`: the operating system waits about two hours before the first keepalive probe, while NAT gateways and load balancers drop idle connections after minutes (240 s assumed) without telling either end. Add `keepalives_idle` below 240 s. [fix: Send TCP keepalives after 60 s of silence => ?keepalives=1&keepalives_idle=60&keepalives_interval=10&keepalives_count=6]"#]],
    );
    // A Node project: nothing about SQLAlchemy.
    check_in_workspace(
        manifest("/app/package.json", r#"{"dependencies": {"pg": "^8.11.0"}}"#),
        "DATABASE_URL=postgres://db.example.com/app?sslmode=verify-full\n",
        expect_test::expect![[r#""#]],
    );
}

#[test]
fn case_059_with_node_postgres_in_the_workspace() {
    check_in_workspace(
        manifest("/app/package.json", r#"{"dependencies": {"pg": "^8.11.0"}}"#),
        include_str!("../../../../tests/cases/059-env-multi-host-uri-node/.env"),
        expect_test::expect![[r#"
            1:36-1:42 warning conn-password-in-string: This connection string carries a password in clear text, so anyone who can read this file, a log line or the process list learns it. Keep it in `~/.pgpass`, `PGPASSWORD` or a secret store instead.
            1:43-1:84 warning conn-multi-host-unsupported-driver: node-postgres (`pg`) cannot parse a host list (package.json depends on `pg`): the URL parser refuses it as an invalid URL and no failover happens. Use one endpoint (a cluster DNS name, a proxy or PgBouncer) or a driver that takes several hosts.
            1:43-1:58 warning conn-node-no-tls: node-postgres uses no TLS unless the URL or the code asks for it (package.json depends on `pg`): the password and every query cross the network in plain text. Add `sslmode=verify-full` (or pass `ssl` in code). [fix: Add `sslmode=verify-full` => &sslmode=verify-full]"#]],
    );
    // pgx takes host lists.
    check_in_workspace(
        manifest("/app/go.mod", "module app\n\nrequire github.com/jackc/pgx/v5 v5.5.0\n"),
        include_str!("../../../../tests/cases/059-env-multi-host-uri-node/.env"),
        expect_test::expect![[r#"
            1:36-1:42 warning conn-password-in-string: This connection string carries a password in clear text, so anyone who can read this file, a log line or the process list learns it. Keep it in `~/.pgpass`, `PGPASSWORD` or a secret store instead.
            1:43-1:58 warning conn-sslmode-plaintext-fallback: No `sslmode` is set, so pgx uses `prefer`: it silently falls back to plain text when TLS is not offered and never checks the certificate, so anyone on the path can read or impersonate. Add `sslmode=verify-full`. [fix: Add `sslmode=verify-full` => &sslmode=verify-full]"#]],
    );
}

#[test]
fn case_061_with_prisma_or_psycopg_in_the_workspace() {
    let env = include_str!("../../../../tests/cases/061-env-prisma-only-url-params/.env");
    check_in_workspace(
        manifest("/app/package.json", r#"{"dependencies": {"@prisma/client": "5.0.0"}}"#),
        env,
        expect_test::expect![[r#"
            1:37-1:43 warning conn-password-in-string: This connection string carries a password in clear text, so anyone who can read this file, a log line or the process list learns it. Keep it in `~/.pgpass`, `PGPASSWORD` or a secret store instead.
            1:70-1:76 information conn-client-specific-params: Prisma reads `schema` itself, but psql, pg_dump and libpq-based drivers refuse this URL and some other drivers send `schema` to the server, which refuses it. Give other tools their own variable without it.
            1:81-1:97 information conn-client-specific-params: Prisma reads `connection_limit` itself, but psql, pg_dump and libpq-based drivers refuse this URL and some other drivers send `connection_limit` to the server, which refuses it. Give other tools their own variable without it.
            1:100-1:109 information conn-client-specific-params: Prisma reads `pgbouncer` itself, but psql, pg_dump and libpq-based drivers refuse this URL and some other drivers send `pgbouncer` to the server, which refuses it. Give other tools their own variable without it.
            1:44-1:58 warning conn-sslmode-plaintext-fallback: Prisma uses `sslmode=prefer` here: it falls back to plain text when TLS is not offered and checks no certificate. Use `sslmode=require&sslaccept=strict`. [fix: Use `sslmode=require&sslaccept=strict` => &sslmode=require&sslaccept=strict]"#]],
    );
    check_in_workspace(
        manifest("/app/pyproject.toml", "[project]\ndependencies = [\"psycopg[binary]>=3.1\"]\n"),
        env,
        expect_test::expect![[r#"
            1:37-1:43 warning conn-password-in-string: This connection string carries a password in clear text, so anyone who can read this file, a log line or the process list learns it. Keep it in `~/.pgpass`, `PGPASSWORD` or a secret store instead.
            1:70-1:76 error conn-unknown-parameter: `schema` is a Prisma setting, not a libpq keyword, and libpq (psql, psycopg) reads this string (pyproject.toml depends on `psycopg`), so it refuses the whole URI. Keep a separate URL for Prisma.
            1:81-1:97 error conn-unknown-parameter: `connection_limit` is a Prisma setting, not a libpq keyword, and libpq (psql, psycopg) reads this string (pyproject.toml depends on `psycopg`), so it refuses the whole URI. Keep a separate URL for Prisma.
            1:100-1:109 error conn-unknown-parameter: `pgbouncer` is a Prisma setting, not a libpq keyword, and libpq (psql, psycopg) reads this string (pyproject.toml depends on `psycopg`), so it refuses the whole URI. Keep a separate URL for Prisma.
            1:44-1:58 warning conn-sslmode-plaintext-fallback: No `sslmode` is set, so libpq uses `prefer`: it silently falls back to plain text when TLS is not offered and never checks the certificate, so anyone on the path can read or impersonate. Add `sslmode=verify-full`. [fix: Add `sslmode=verify-full` => &sslmode=verify-full]
            1:44-1:58 hint conn-keepalives-missing: No `keepalives_idle`: the operating system waits about two hours before the first keepalive probe, while NAT gateways and load balancers drop idle connections after minutes (240 s assumed) without telling either end. Add `keepalives_idle` below 240 s. [fix: Send TCP keepalives after 60 s of silence => &keepalives=1&keepalives_idle=60&keepalives_interval=10&keepalives_count=6]"#]],
    );
}

#[test]
fn case_062_with_known_drivers() {
    let env =
        include_str!("../../../../tests/cases/062-env-channel-binding-unsupported-client/.env");
    // node-postgres ignores the URL's `channel_binding`.
    check_in_workspace(
        manifest("/app/package.json", r#"{"dependencies": {"pg": "8"}}"#),
        env,
        expect_test::expect![[r#"
            1:36-1:42 warning conn-password-in-string: This connection string carries a password in clear text, so anyone who can read this file, a log line or the process list learns it. Keep it in `~/.pgpass`, `PGPASSWORD` or a secret store instead.
            1:107-1:122 information conn-channel-binding-driver-support: node-postgres (`pg`) binds channels only when code sets `enableChannelBinding`, so `channel_binding=require` here protects nothing (package.json depends on `pg`). Authenticate the server with `sslmode=verify-full` instead.
            1:99-1:106 information conn-node-sslmode-means-verify-full: node-postgres reads `sslmode=require` as `verify-full`: it checks the certificate and the host name, so a server with a self-signed certificate is refused, while libpq tools given this URL check nothing. Say `verify-full` to mean what happens. [fix: Use `sslmode=verify-full` => verify-full]"#]],
    );
    // pgx implements it: only the libpq-style note on `sslmode=require`.
    check_in_workspace(
        manifest("/app/go.mod", "module app\nrequire github.com/jackc/pgx/v5 v5.5.0\n"),
        env,
        expect_test::expect![[r#"
            1:36-1:42 warning conn-password-in-string: This connection string carries a password in clear text, so anyone who can read this file, a log line or the process list learns it. Keep it in `~/.pgpass`, `PGPASSWORD` or a secret store instead.
            1:99-1:106 information conn-sslmode-require: `sslmode=require` accepts any certificate. `channel_binding=require` makes a SCRAM login fail when a man in the middle relays it, but `verify-full` also proves the server to every other authentication method. [fix: Use `sslmode=verify-full` => verify-full]"#]],
    );
}

#[test]
fn keys_name_their_drivers() {
    check(
        "SQLALCHEMY_DATABASE_URI=postgres://db.example.com/app?sslmode=verify-full\n\
         SPRING_DATASOURCE_URL=postgresql://db.example.com/app\n",
        expect_test::expect![[r#"
            1:25-1:33 warning conn-postgres-scheme-sqlalchemy: SQLAlchemy 1.4 and newer refuse the `postgres` scheme (`create_engine` cannot load a `postgres` dialect), and SQLAlchemy with psycopg (libpq) reads this URL because it is stored under `SQLALCHEMY_DATABASE_URI`. Write `postgresql`; if the platform sets the variable, replace the prefix in code. [fix: Use the `postgresql` scheme => postgresql]
            1:63-1:74 hint conn-verify-without-sslrootcert: With `sslmode=verify-full` and no `sslrootcert` (nor `PGSSLROOTCERT`), libpq trusts only `~/.postgresql/root.crt` and refuses to connect when it is missing. Name the server's CA file, or `sslrootcert=system` (libpq 16+) for a publicly trusted certificate.
            1:36-1:50 hint conn-keepalives-missing: No `keepalives_idle`: the operating system waits about two hours before the first keepalive probe, while NAT gateways and load balancers drop idle connections after minutes (240 s assumed) without telling either end. Add `keepalives_idle` below 240 s. [fix: Send TCP keepalives after 60 s of silence => &keepalives=1&keepalives_idle=60&keepalives_interval=10&keepalives_count=6]
            2:23-2:36 error conn-jdbc-scheme: pgjdbc reads only `jdbc:postgresql://host:port/db` URLs, and it reads this one (it is stored under `SPRING_DATASOURCE_URL`): with this scheme no driver accepts it. Write `jdbc:postgresql://`. [fix: Use the `jdbc:postgresql://` scheme => jdbc:postgresql://]"#]],
    );
}

#[test]
fn go_lib_pq_defaults_to_require() {
    check_in_workspace(
        manifest("/app/go.mod", "module app\nrequire github.com/lib/pq v1.10.9\n"),
        "DATABASE_URL=postgres://db.example.com/app\n\
         OTHER=postgres://db.example.com/app?sslmode=verify-full\n",
        expect_test::expect!["1:25-1:39 warning conn-sslmode-require: No `sslmode` is set, so Go's lib/pq uses its default `require` (go.mod depends on `github.com/lib/pq`): it encrypts but accepts any certificate, so a man in the middle can pose as the server. Add `sslmode=verify-full`. [fix: Add `sslmode=verify-full` => ?sslmode=verify-full]"],
    );
}

#[test]
fn hovers_name_the_driver_and_why() {
    let files = manifest("/app/package.json", r#"{"dependencies": {"pg": "8"}}"#);
    let text = "DATABASE_URL=postgresql://app:s3cret@db.example.com/app?sslmode=require\n";
    let path = std::path::Path::new("/app/.env");
    let settings = Settings::default();
    let show = |at: &str| {
        let offset = text.find(at).expect("the marker is in the text");
        let found = crate::hover::dotenv::hover_with_files(path, text, offset, &settings, &files);
        let found = found.expect("a hover");
        assert!(!found.markdown.contains("s3cret"), "a hover shows the password");
        found.markdown
    };
    expect_test::expect![[r#"
        **connection URL** (`postgresql://`)

        Read by node-postgres (`pg`) (package.json depends on `pg`).

        - user: `app`
        - password: `****`
        - host 1: `db.example.com`
        - dbname: `app`
        - sslmode: `require`

        **As node-postgres (`pg`) reads it:** node-postgres uses no TLS at all unless asked. `sslmode=prefer`, `require` and `verify-ca` all verify the certificate and host name like `verify-full` (unless `uselibpqcompat=true`), and only `sslmode=no-verify` skips the check."#]].assert_eq(&show("db.example"));
    expect_test::expect![[r#"
        **As node-postgres (`pg`) reads it:** node-postgres uses no TLS at all unless asked. `sslmode=prefer`, `require` and `verify-ca` all verify the certificate and host name like `verify-full` (unless `uselibpqcompat=true`), and only `sslmode=no-verify` skips the check.

        **sslmode=require**

        Always encrypts, but accepts any certificate, so it cannot tell the real server from an impostor.

        Protects against eavesdropping, not against a man in the middle who presents his own certificate."#]].assert_eq(&show("require"));
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

            Read as libpq reads it (no scheme, key or manifest names another driver).

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
    let mut findings = super::check_with_files(path, text, &Settings::default(), &files);
    findings.retain(|finding| finding.rule.name == "conn-sslrootcert-missing");
    expect_test::expect![[r#"
        2:67-2:81 warning conn-sslrootcert-missing: The root certificate file `certs/gone.pem` does not exist here (looked for beside this file; drivers take a relative path from the working directory of the program that connects, and do not expand `~`), so libpq refuses to connect: it has nothing to check the server's certificate against.
        3:63-3:80 warning conn-sslrootcert-missing: The root certificate file `/etc/ssl/gone.pem` does not exist here, so under this `sslmode` libpq quietly checks no certificate at all, although a CA was named to check it against.
        5:15-5:35 warning conn-sslrootcert-missing: The root certificate file `/etc/ssl/missing.pem` does not exist here, so libpq refuses to connect: it has nothing to check the server's certificate against."#]].assert_eq(&render(text, &findings));
}

#[test]
fn root_certificates_that_do_not_exist_under_other_drivers() {
    use crate::files::MemoryFiles;
    let text = "A=postgresql://db.example.com/app?sslmode=require&sslrootcert=gone.pem\n\
                B=postgresql://db.example.com/app?sslmode=disable&sslrootcert=gone.pem\n\
                C=postgresql://db.example.com/app?sslmode=verify-full&sslrootcert=system\n";
    let run = |manifest: &str, body: &str| {
        let files = MemoryFiles::default().with_dir("/p/.git").with(manifest, body);
        let path = std::path::Path::new("/p/.env");
        let mut findings = super::check_with_files(path, text, &Settings::default(), &files);
        findings.retain(|finding| finding.rule.name == "conn-sslrootcert-missing");
        render(text, &findings)
    };
    expect_test::expect![[r#"
        1:63-1:71 warning conn-sslrootcert-missing: The root certificate file `gone.pem` does not exist here (looked for beside this file; drivers take a relative path from the working directory of the program that connects, and do not expand `~`), and node-postgres (`pg`) reads the file while it parses the string, so it throws before it connects, whatever the `sslmode` (node-postgres (`pg`) is assumed: package.json depends on `pg`).
        2:63-2:71 warning conn-sslrootcert-missing: The root certificate file `gone.pem` does not exist here (looked for beside this file; drivers take a relative path from the working directory of the program that connects, and do not expand `~`), and node-postgres (`pg`) reads the file while it parses the string, so it throws before it connects, whatever the `sslmode` (node-postgres (`pg`) is assumed: package.json depends on `pg`).
        3:67-3:73 warning conn-sslrootcert-missing: The root certificate file `system` does not exist here (looked for beside this file; drivers take a relative path from the working directory of the program that connects, and do not expand `~`), and node-postgres (`pg`) reads the file while it parses the string, so it throws before it connects, whatever the `sslmode` (node-postgres (`pg`) is assumed: package.json depends on `pg`)."#]]
        .assert_eq(&run("/p/package.json", r#"{"dependencies": {"pg": "8"}}"#));
    expect_test::expect!["1:63-1:71 warning conn-sslrootcert-missing: The root certificate file `gone.pem` does not exist here (looked for beside this file; drivers take a relative path from the working directory of the program that connects, and do not expand `~`), and Go's pgx reads the file whenever it sets up TLS, so every connection fails (Go's pgx is assumed: go.mod depends on `github.com/jackc/pgx/v5`)."]
        .assert_eq(&run("/p/go.mod", "require github.com/jackc/pgx/v5 v5.5.0\n"));
    expect_test::expect!["1:63-1:71 warning conn-sslrootcert-missing: The root certificate file `gone.pem` does not exist here (looked for beside this file; drivers take a relative path from the working directory of the program that connects, and do not expand `~`), so asyncpg has no CA to check the server against; how it fails was not checked (asyncpg is assumed: requirements.txt depends on `asyncpg`)."]
        .assert_eq(&run("/p/requirements.txt", "asyncpg\n"));
}

/// A conversion carries the password into the new text (it is the user's own, going to the
/// document that holds it), but its title, which editors show and may log, never does.
#[test]
fn conversion_titles_never_hold_the_password() {
    let text = "B=\"host=db.example.com password=PwKvB2 sslmode=disable\"\n";
    let titles: Vec<String> = (0..text.len())
        .flat_map(|offset| super::conversions(text, offset, &Settings::default()))
        .map(|fix| fix.title)
        .collect();
    assert!(titles.iter().all(|title| !title.contains("PwKvB2")), "{titles:?}");
    let mut distinct = titles.clone();
    distinct.sort();
    distinct.dedup();
    expect_test::expect![[r#"
        [
            "Move the password to a PGPASSWORD line",
            "Rewrite as a postgresql:// URI",
        ]
    "#]]
    .assert_debug_eq(&distinct);
}

/// A rewrite is offered only where the driver that reads the string reads its result:
/// Prisma reads neither libpq's `keyword=value` text nor `PGPASSWORD`, node-postgres reads
/// `PGPASSWORD` but parses URLs only.
#[test]
fn rewrites_follow_the_driver_that_reads_the_string() {
    use crate::files::MemoryFiles;
    use crate::knowledge::drivers::manifests;
    let text = "DATABASE_URL=postgresql://app:PwKvB2@db.example.com/app?sslmode=verify-full\n";
    let titles_with = |manifest: Option<&str>| {
        let files = match manifest {
            Some(body) => MemoryFiles::default().with("/p/package.json", body),
            None => MemoryFiles::default(),
        };
        let workspace = manifests::discover(std::path::Path::new("/p"), &files);
        let fixes = super::conversions_in(text, 20, &Settings::default(), Some(&workspace));
        let titles: Vec<String> = fixes.into_iter().map(|fix| fix.title).collect();
        titles.join(", ")
    };
    let report = [
        format!("none: {}", titles_with(None)),
        format!("prisma: {}", titles_with(Some(r#"{"dependencies": {"prisma": "5"}}"#))),
        format!("pg: {}", titles_with(Some(r#"{"dependencies": {"pg": "8"}}"#))),
    ];
    expect_test::expect![[r#"
        none: Move the password to a PGPASSWORD line
        prisma: 
        pg: Move the password to a PGPASSWORD line"#]]
    .assert_eq(&report.join("\n"));
}
