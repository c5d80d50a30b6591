//! Go-to-definition snapshots: `%include` targets and file settings resolved from the
//! directory of the `pgbouncer.ini`, absolute names as they are; nothing for missing files
//! or settings that name no file.

use super::*;
use crate::files::MemoryFiles;
use expect_test::{expect, Expect};

#[track_caller]
fn check(text: &str, marker: &str, expect: Expect) {
    let files = MemoryFiles::default()
        .with("/etc/pgbouncer/conf.d/databases.ini", "")
        .with("/etc/pgbouncer/userlist.txt", "")
        .with("/etc/ssl/certs/db-ca.pem", "");
    let offset = text.find(marker).expect("marker") + 1;
    let path = Path::new("/etc/pgbouncer/pgbouncer.ini");
    let shown = match definition(path, text, offset, &files) {
        Some(link) => format!("{} -> {}", link.span.of(text), link.target.display()),
        None => "(none)".to_string(),
    };
    expect.assert_eq(&shown);
}

#[test]
fn includes_open_the_file_they_name() {
    check(
        "%include conf.d/databases.ini\n",
        "databases",
        expect!["conf.d/databases.ini -> /etc/pgbouncer/conf.d/databases.ini"],
    );
    check(
        "%include ./conf.d/../conf.d/databases.ini\n",
        "conf",
        expect!["./conf.d/../conf.d/databases.ini -> /etc/pgbouncer/conf.d/databases.ini"],
    );
    check("%include conf.d/missing.ini\n", "missing", expect!["(none)"]);
    check("%include conf.d/databases.ini\n", "%incl", expect!["(none)"]);
}

#[test]
fn file_settings_open_their_file() {
    check(
        "[pgbouncer]\nauth_file = userlist.txt\n",
        "userlist",
        expect!["userlist.txt -> /etc/pgbouncer/userlist.txt"],
    );
    check(
        "[pgbouncer]\nserver_tls_ca_file = /etc/ssl/certs/db-ca.pem\n",
        "certs",
        expect!["/etc/ssl/certs/db-ca.pem -> /etc/ssl/certs/db-ca.pem"],
    );
    check("[pgbouncer]\nlogfile = userlist.txt\n", "userlist", expect!["(none)"]);
    check("[databases]\nauth_file = userlist.txt\n", "userlist", expect!["(none)"]);
}
