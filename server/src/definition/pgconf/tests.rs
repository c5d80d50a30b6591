//! Go-to-definition snapshots: includes resolved against this file's directory, directories,
//! absolute file parameters; nothing for missing files.

use super::*;
use crate::files::MemoryFiles;
use expect_test::{expect, Expect};

#[track_caller]
fn check(text: &str, marker: &str, expect: Expect) {
    let files = MemoryFiles::default()
        .with("/etc/postgresql/15/main/conf.d/01.conf", "")
        .with("/etc/postgresql/15/main/extra.conf", "")
        .with("/etc/ssl/certs/db.pem", "");
    let offset = text.find(marker).expect("marker") + 1;
    let path = Path::new("/etc/postgresql/15/main/postgresql.conf");
    let shown = match definition(path, text, offset, &files) {
        Some(link) => format!("{} -> {}", link.span.of(text), link.target.display()),
        None => "(none)".to_string(),
    };
    expect.assert_eq(&shown);
}

#[test]
fn includes_open_the_file_they_name() {
    check(
        "include = 'extra.conf'\n",
        "extra",
        expect!["'extra.conf' -> /etc/postgresql/15/main/extra.conf"],
    );
    check(
        "include_if_exists 'extra.conf'\n",
        "'extra",
        expect!["'extra.conf' -> /etc/postgresql/15/main/extra.conf"],
    );
    check(
        "include_dir = 'conf.d'\n",
        "conf",
        expect!["'conf.d' -> /etc/postgresql/15/main/conf.d"],
    );
    check(
        "include = '/etc/postgresql/15/main/extra.conf'\n",
        "/etc",
        expect!["'/etc/postgresql/15/main/extra.conf' -> /etc/postgresql/15/main/extra.conf"],
    );
}

#[test]
fn nothing_for_missing_files_or_plain_values() {
    check("include = 'missing.conf'\n", "missing", expect!["(none)"]);
    check("include_dir = 'missing.d'\n", "missing", expect!["(none)"]);
    check("port = 5432\n", "5432", expect!["(none)"]);
    check("include = 'extra.conf'\n", "include", expect!["(none)"]);
}

#[test]
fn absolute_paths_of_file_parameters() {
    check(
        "ssl_cert_file = '/etc/ssl/certs/db.pem'\n",
        "/etc",
        expect!["'/etc/ssl/certs/db.pem' -> /etc/ssl/certs/db.pem"],
    );
    check("ssl_cert_file = 'server.crt'\n", "server", expect!["(none)"]);
}
