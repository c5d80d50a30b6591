//! Go-to-definition snapshots: include records and `@name` lists resolved against this
//! file's directory, directories, absolute names; nothing for missing files.

use super::*;
use crate::files::MemoryFiles;
use expect_test::{expect, Expect};

#[track_caller]
fn check(text: &str, marker: &str, expect: Expect) {
    let files = MemoryFiles::default()
        .with("/etc/postgresql/16/main/hba.d/10-app.conf", "")
        .with("/etc/postgresql/16/main/extra.conf", "")
        .with("/etc/postgresql/16/main/admins.txt", "alice\n")
        .with("/srv/lists/dbs", "app\n");
    let offset = text.find(marker).expect("marker") + 1;
    let path = Path::new("/etc/postgresql/16/main/pg_hba.conf");
    let shown = match definition(path, text, offset, &files) {
        Some(link) => format!("{} -> {}", link.span.of(text), link.target.display()),
        None => "(none)".to_string(),
    };
    expect.assert_eq(&shown);
}

#[test]
fn includes_open_the_file_they_name() {
    check(
        "include extra.conf\n",
        "extra",
        expect!["extra.conf -> /etc/postgresql/16/main/extra.conf"],
    );
    check(
        "include_if_exists \"./extra.conf\"\n",
        "extra",
        expect![[r#""./extra.conf" -> /etc/postgresql/16/main/extra.conf"#]],
    );
    check("include_dir hba.d\n", "hba", expect!["hba.d -> /etc/postgresql/16/main/hba.d"]);
    check(
        "include /etc/postgresql/16/main/extra.conf\n",
        "/etc",
        expect!["/etc/postgresql/16/main/extra.conf -> /etc/postgresql/16/main/extra.conf"],
    );
}

#[test]
fn at_names_open_their_list() {
    check(
        "hostssl all @admins.txt 10.0.0.0/8 cert\n",
        "admins",
        expect!["@admins.txt -> /etc/postgresql/16/main/admins.txt"],
    );
    check(
        "hostssl app,@/srv/lists/dbs all 10.0.0.0/8 cert\n",
        "/srv",
        expect!["@/srv/lists/dbs -> /srv/lists/dbs"],
    );
}

#[test]
fn nothing_for_missing_files_or_other_tokens() {
    check("include missing.conf\n", "missing", expect!["(none)"]);
    check("include_dir missing.d\n", "missing", expect!["(none)"]);
    check("include extra.conf\n", "include", expect!["(none)"]);
    check("local all @nobody.txt peer\n", "nobody", expect!["(none)"]);
    check("local all \"@admins.txt\" peer\n", "admins", expect!["(none)"]);
    check("local all all peer\n", "peer", expect!["(none)"]);
}
