//! Snapshots of hovers on settings, TLS modes, sections and entries.

use super::*;
use expect_test::{expect, Expect};

/// Hovers at the `|` in `marked`, which is removed before parsing.
#[track_caller]
fn check_at(marked: &str, settings: &Settings, expect: Expect) {
    let offset = marked.find('|').expect("a | marks the cursor");
    let text = marked.replacen('|', "", 1);
    let rendered = match hover(&text, offset, settings) {
        Some(hover) => format!("{:?}\n{}", hover.span.of(&text), hover.markdown),
        None => "no hover".to_string(),
    };
    expect.assert_eq(&rendered);
}

#[track_caller]
fn check(marked: &str, expect: Expect) {
    check_at(marked, &Settings::default(), expect);
}

#[test]
fn setting_with_meaning_and_facts() {
    check(
        "[pgbouncer]\nserver_idle_ti|meout = 600\n",
        expect![[r#"
        "server_idle_timeout"
        **server_idle_timeout**

        Seconds an unused server connection may wait in the pool before PgBouncer closes it. Below a middlebox's idle timeout, pooled connections are closed before the network can silently drop them.

        - Type: time (seconds)
        - Default in PgBouncer 1.25: `600`
        - Unit: seconds

        [PgBouncer manual](https://www.pgbouncer.org/config.html#server_idle_timeout)"#]],
    );
    check_at(
        "[pgbouncer]\nserver_tls_ss|lmode = disable\n",
        &Settings { pgbouncer_version: Some((1, 18)), ..Settings::default() },
        expect![[r#"
            "server_tls_sslmode"
            **server_tls_sslmode**

            How PgBouncer protects its own connections to PostgreSQL: whether it uses TLS and whether it checks the server's certificate and host name. Only `verify-full` stops an impostor on the network.

            - Type: enum
            - Default in PgBouncer 1.18: `disable`
            - Values: `disable`, `allow`, `prefer`, `require`, `verify-ca`, `verify-full`

            [PgBouncer manual](https://www.pgbouncer.org/config.html#server_tls_sslmode)"#]],
    );
    check(
        "[pgbouncer]\nlisten_p|ort = 6432\n",
        expect![[r#"
        "listen_port"
        **listen_port**

        The TCP port, and the Unix socket's number, PgBouncer listens on.

        - Type: integer
        - Default in PgBouncer 1.25: `6432`
        - Changes need a restart, not just a reload

        [PgBouncer manual](https://www.pgbouncer.org/config.html#listen_port)"#]],
    );
    check(
        "[pgbouncer]\nstats_per|iod = 60\n",
        expect![[r#"
        "stats_period"
        **stats_period**

        - Type: integer
        - Default in PgBouncer 1.25: `60`
        - Unit: seconds

        [PgBouncer manual](https://www.pgbouncer.org/config.html#stats_period)"#]],
    );
}

#[test]
fn sslmode_values() {
    check(
        "[pgbouncer]\nserver_tls_sslmode = re|quire\n",
        expect![[r#"
        "require"
        **require** (PgBouncer → PostgreSQL)

        Always encrypts, but accepts any certificate, so it cannot tell the real server from an impostor. Protects against eavesdropping, not against a man in the middle who presents his own certificate.

        [PgBouncer manual](https://www.pgbouncer.org/config.html#server_tls_sslmode)"#]],
    );
    check(
        "[pgbouncer]\nclient_tls_sslmode = verify-|ca\n",
        expect![[r#"
        "verify-ca"
        **verify-ca** (clients → PgBouncer)

        PgBouncer accepts only TLS clients that present a certificate signed by `client_tls_ca_file`.

        [PgBouncer manual](https://www.pgbouncer.org/config.html#client_tls_sslmode)"#]],
    );
    check(
        "[pgbouncer]\nauth_type = tr|ust\n",
        expect![[r#"
        "auth_type = trust"
        **auth_type**

        How PgBouncer authenticates clients: `scram-sha-256` (recommended), `md5`, `cert`, `hba` (rules from `auth_hba_file`), `plain` (clear-text passwords), or `trust`/`any` (no password at all).

        - Type: enum
        - Default in PgBouncer 1.25: `md5`
        - Values: `any`, `trust`, `plain`, `md5`, `cert`, `hba`, `ldap`, `pam`, `scram-sha-256`

        [PgBouncer manual](https://www.pgbouncer.org/config.html#auth_type)"#]],
    );
}

#[test]
fn sections_and_include() {
    check(
        "[data|bases]\n",
        expect![[r#"
        "[databases]"
        **[databases]**

        One line per database clients may ask for: `name = key=value …` says where and how PgBouncer connects for it; `*` is the fallback for names not listed.

        [PgBouncer manual](https://www.pgbouncer.org/config.html#section-databases)"#]],
    );
    check("[unkn|own]\n", expect!["no hover"]);
    check(
        "%incl|ude /etc/pgbouncer/more.ini\n",
        expect![[r#"
            "%include /etc/pgbouncer/more.ini"
            **%include**

            PgBouncer reads the named file here, as if its lines stood in place of this one, with the section open here still open in it. A missing file, or includes nested more than 10 deep, stop PgBouncer from starting.

            A relative path is opened from PgBouncer's working directory (not from the directory of the file that names it); pgconf-lsp assumes the directory of the `pgbouncer.ini` it checks, and go-to-definition opens the file so resolved.

            [PgBouncer manual](https://www.pgbouncer.org/config.html#include-directive)"#]],
    );
}

#[test]
fn database_entries() {
    check(
        "[databases]\nap|pdb = host=db port=5432 user=app password='it''s secret' dbname=app\n",
        expect![[r#"
            "appdb = host=db port=5432 user=app password='it''s secret' dbname=app"
            **appdb** — database entry

            | key | value |
            |---|---|
            | host | `db` |
            | port | `5432` |
            | user | `app` |
            | password | `****` |
            | dbname | `app` |"#]],
    );
    check(
        "[databases]\n* = host=fall|back\n",
        expect![[r#"
        "* = host=fallback"
        **\*** — the fallback for any database not listed

        | key | value |
        |---|---|
        | host | `fallback` |"#]],
    );
    check(
        "[databases]\nappdb = host=db po|rt=5432\n",
        expect![[r#"
        "port"
        **port** in `[databases]` entries

        The server's port (5432 by default).

        [PgBouncer manual](https://www.pgbouncer.org/config.html#port)"#]],
    );
    check(
        "[users]\nal|ice = pool_mode=transaction\n",
        expect![[r#"
        "alice = pool_mode=transaction"
        **alice** — user entry

        | key | value |
        |---|---|
        | pool_mode | `transaction` |"#]],
    );
    check("[databases]\nappdb = ho|sst=db\n", expect!["no hover"]);
}

#[test]
fn nothing_on_comments_and_unknown_settings() {
    check("; a comm|ent\n[pgbouncer]\n", expect!["no hover"]);
    check("[pgbouncer]\nno_such|_key = 1\n", expect!["no hover"]);
}
