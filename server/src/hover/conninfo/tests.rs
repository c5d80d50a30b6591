//! Hover snapshots: modes, keywords, breakdowns, and that no password ever shows.

use super::*;

#[track_caller]
fn check(text: &str, at: &str, expect: expect_test::Expect) {
    let offset = text.find(at).expect("the marker is in the text");
    let found = hover(text, offset, &Settings::default());
    let rendered = match found {
        Some(found) => format!("@{}..{}\n{}", found.span.start, found.span.end, found.markdown),
        None => "no hover".to_string(),
    };
    expect.assert_eq(&rendered);
}

#[test]
fn on_an_sslmode_value() {
    check(
        "host=db sslmode=require",
        "require",
        expect_test::expect![[r#"
            @16..23
            **sslmode=require**

            Always encrypts, but accepts any certificate, so it cannot tell the real server from an impostor.

            Protects against eavesdropping, not against a man in the middle who presents his own certificate."#]],
    );
    check(
        "host=db sslmode=verify",
        "verify",
        expect_test::expect![[r#"
        @16..22
        `sslmode=verify` is not a mode libpq accepts; it refuses to connect. The modes are disable, allow, prefer, require, verify-ca, verify-full."#]],
    );
}

#[test]
fn on_a_keyword() {
    check(
        "host=db keepalives_idle=60",
        "keepalives_idle",
        expect_test::expect![[r#"
        @8..23
        **keepalives_idle**

        The seconds of silence after which TCP sends the first keepalive probe. Keep it below the idle timeout of any NAT gateway or load balancer on the path, or the middlebox silently drops the idle connection."#]],
    );
    check(
        "postgresql://db/app?application_name=x",
        "application_name",
        expect_test::expect![[r#"
            @20..36
            **application_name**

            A name for this client that the server shows in `pg_stat_activity` and can log, which helps tell connections apart.

            Environment variable: `PGAPPNAME`."#]],
    );
    check(
        "host=db sslcompression=0",
        "sslcompression",
        expect_test::expect![[r#"
        @8..22
        **sslcompression**

        A libpq connection keyword.

        Environment variable: `PGSSLCOMPRESSION`. Default: `0`."#]],
    );
    check(
        "host=db nosuch=1",
        "nosuch",
        expect_test::expect![[r#"
        @8..14
        **`nosuch`**: not a keyword libpq knows; it refuses the string."#]],
    );
}

#[test]
fn breakdown_of_a_uri_hides_the_password() {
    let text = "postgresql://app:hunter2@db1.example.com:5432,[::1]/appdb?sslmode=require";
    for offset in 0..=text.len() {
        if let Some(found) = hover(text, offset, &Settings::default()) {
            assert!(!found.markdown.contains("hunter2"), "{}", found.markdown);
        }
    }
    check(
        text,
        "app:",
        expect_test::expect![[r#"
            @0..73
            **libpq connection URI** (`postgresql://`)

            Read by libpq (psql, psycopg) (it is in a conninfo file).

            - user: `app`
            - password: `****`
            - host 1: `db1.example.com`, port `5432`
            - host 2: `::1`
            - dbname: `appdb`
            - sslmode: `require`

            Effective sslmode: `require` (set in the string). Always encrypts, but accepts any certificate, so it cannot tell the real server from an impostor. Protects against eavesdropping, not against a man in the middle who presents his own certificate."#]],
    );
}

#[test]
fn breakdown_of_an_unencoded_at_sign_hides_the_password_fragment() {
    let text = "postgresql://app:p@ssw0rd@db.example.com/appdb";
    for offset in 0..=text.len() {
        if let Some(found) = hover(text, offset, &Settings::default()) {
            assert!(!found.markdown.contains("ssw0rd"), "{}", found.markdown);
        }
    }
    check(
        text,
        "db.",
        expect_test::expect![[r#"
            @0..46
            **libpq connection URI** (`postgresql://`)

            Read by libpq (psql, psycopg) (it is in a conninfo file).

            - user: `app`
            - password: `****`
            - host 1: `****@db.example.com`
            - dbname: `appdb`

            Effective sslmode: `prefer` (libpq's default). Tries TLS first and silently falls back to plain text if the server does not offer it. The certificate is not checked. Protects only against a passive eavesdropper, and only while nobody strips TLS: an active attacker can force plain text or pose as the server."#]],
    );
}

#[test]
fn breakdown_of_key_value_text() {
    let text = "host=/var/run/postgresql dbname=app password='x y' requiressl=1";
    check(
        text,
        "/var",
        expect_test::expect![[r#"
            @0..63
            **libpq connection string** (`keyword=value`)

            Read by libpq (psql, psycopg) (it is in a conninfo file).

            - host: `/var/run/postgresql`
            - dbname: `app`
            - password: `****`
            - sslmode: `require` (written `requiressl`)

            Effective sslmode: `require` (set in the string). Always encrypts, but accepts any certificate, so it cannot tell the real server from an impostor. Protects against eavesdropping, not against a man in the middle who presents his own certificate."#]],
    );
    check(
        "postgresql:///app",
        "app",
        expect_test::expect![[r#"
            @0..17
            **libpq connection URI** (`postgresql://`)

            Read by libpq (psql, psycopg) (it is in a conninfo file).

            - dbname: `app`
            - host: the default Unix socket

            Effective sslmode: `prefer` (libpq's default). Tries TLS first and silently falls back to plain text if the server does not offer it. The certificate is not checked. Protects only against a passive eavesdropper, and only while nobody strips TLS: an active attacker can force plain text or pose as the server."#]],
    );
}

#[test]
fn comments_and_blank_lines_have_no_hover() {
    check("# host=db\n", "host", expect_test::expect!["no hover"]);
}
