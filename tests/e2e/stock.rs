//! `check` on the stock configuration files that Debian's `postgresql-15` and `pgbouncer`
//! packages install (`tests/run` installs them when missing). They must give no error, and
//! the findings they should have, such as keepalives left at their defaults, are asserted.

use std::path::Path;
use std::process::Command;

use expect_test::{expect, Expect};

/// Runs `check` on a file installed by a Debian package and compares the findings, one
/// `line code` per line, with `expect`.
#[track_caller]
fn check_stock(path: &str, kind: &str, package: &str, expect: Expect) {
    assert!(
        Path::new(path).exists(),
        "{path} is missing: install Debian's {package} package (tests/run does)"
    );
    let output = Command::new(env!("CARGO_BIN_EXE_pgconf-lsp"))
        .args(["check", "--kind", kind, "--format", "json", path])
        .output()
        .expect("the binary runs");
    let findings: serde_json::Value = serde_json::from_slice(&output.stdout).expect("JSON");

    let lines: Vec<String> = findings
        .as_array()
        .expect("an array")
        .iter()
        .map(|finding| {
            format!(
                "{} {} {}",
                finding["range"]["start"]["line"].as_u64().unwrap_or(0) + 1,
                finding["severity"].as_str().unwrap_or("?"),
                finding["code"].as_str().unwrap_or("?"),
            )
        })
        .collect();
    assert!(!lines.iter().any(|line| line.contains(" error ")), "errors in {path}");
    expect.assert_eq(&lines.join("\n"));
}

#[test]
fn debian_postgresql_conf_sample() {
    check_stock(
        "/usr/share/postgresql/15/postgresql.conf.sample",
        "pgconf",
        "postgresql-15",
        expect!["80 hint conf-keepalives-unset"],
    );
}

#[test]
fn debian_pg_hba_conf_sample() {
    check_stock(
        "/usr/share/postgresql/15/pg_hba.conf.sample",
        "pghba",
        "postgresql-15",
        expect![[r#""#]],
    );
}

#[test]
fn debian_pg_ident_conf_sample() {
    check_stock(
        "/usr/share/postgresql/15/pg_ident.conf.sample",
        "pgident",
        "postgresql-15",
        expect![[r#""#]],
    );
}

#[test]
fn debian_pgbouncer_ini() {
    check_stock(
        "/etc/pgbouncer/pgbouncer.ini",
        "pgbouncer",
        "pgbouncer",
        expect![[r#"
            39 information pgb-admin-users
            39 hint pgb-tcp-keepalive"#]],
    );
}

#[test]
fn pgbouncer_example_ini() {
    let path = "/usr/share/doc/pgbouncer/examples/pgbouncer.ini";
    check_stock(
        path,
        "pgbouncer",
        "pgbouncer",
        expect![[r#"
        39 information pgb-admin-users
        39 hint pgb-tcp-keepalive"#]],
    );
}

#[test]
fn debian_userlist_txt() {
    check_stock("/etc/pgbouncer/userlist.txt", "userlist", "pgbouncer", expect![[r#""#]]);
}

#[test]
fn pgbouncer_example_userlist_txt() {
    let path = "/usr/share/doc/pgbouncer/examples/userlist.txt";
    check_stock(
        path,
        "userlist",
        "pgbouncer",
        expect![[r#"
        1 warning pgb-userlist-plain-password
        2 warning pgb-userlist-plain-password
        3 warning pgb-userlist-plain-password"#]],
    );
}
