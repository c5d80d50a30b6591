//! `map=` against pg_ident.conf: undefined maps, unused maps, and which pg_ident.conf
//! counts.

use expect_test::{expect, Expect};

use super::*;
use crate::files::MemoryFiles;
use crate::kind::FileKind;

#[track_caller]
fn check_in(files: &MemoryFiles, path: &str, kind: FileKind, expect: Expect) {
    let text = files.read(Path::new(path)).expect("the checked file");
    let settings = Settings::default();
    let findings = crate::rules::multi::check(kind, Path::new(path), &text, &settings, files);
    let lines: Vec<String> = findings
        .iter()
        .filter(|finding| finding.rule.name.starts_with("multi-ident"))
        .map(|finding| {
            let line = text[..finding.span.start].matches('\n').count() + 1;
            let what = finding.span.of(&text);
            format!("{line} `{what}` {}: {}", finding.rule.name, finding.message)
        })
        .collect();
    expect.assert_eq(&lines.join("\n"));
}

const HBA: &str = "local all postgres peer map=admins\n\
                   local all all peer map=Admins\n\
                   hostssl all all 10.0.0.0/8 cert map=sso clientcert=verify-full\n\
                   host all all 10.0.0.0/8 scram-sha-256 map=nothing\n";
const IDENT: &str = "admins alice postgres\nadmins bob postgres\nsso /^(.*)@corp$ \\1\n\
                     legacy carol carol\n";

#[test]
fn undefined_maps_warn_on_the_value() {
    let files = MemoryFiles::default()
        .with("/etc/pg/pg_hba.conf", HBA)
        .with("/etc/pg/pg_ident.conf", IDENT);
    check_in(&files, "/etc/pg/pg_hba.conf", FileKind::PgHba, expect!["2 `Admins` multi-ident-map-undefined: The pg_ident.conf this server reads defines no map `Admins` (map names are case-sensitive), so every login through this rule fails. Add its lines to pg_ident.conf or fix the name."]);
}

#[test]
fn unused_maps_are_hinted_once() {
    let files = MemoryFiles::default()
        .with("/etc/pg/pg_hba.conf", HBA)
        .with("/etc/pg/pg_ident.conf", IDENT);
    check_in(&files, "/etc/pg/pg_ident.conf", FileKind::PgIdent, expect!["4 `legacy` multi-ident-map-unused: No rule of the pg_hba.conf beside this file has `map=legacy`, so this map is never used. Name it in a rule's options, or remove its lines."]);
}

#[test]
fn nothing_is_said_without_the_other_file() {
    let alone = MemoryFiles::default().with("/etc/pg/pg_hba.conf", HBA);
    check_in(&alone, "/etc/pg/pg_hba.conf", FileKind::PgHba, expect![[r#""#]]);
    let ident_alone = MemoryFiles::default().with("/etc/pg/pg_ident.conf", IDENT);
    check_in(&ident_alone, "/etc/pg/pg_ident.conf", FileKind::PgIdent, expect![[r#""#]]);
    // A pg_hba.conf that includes others may use the maps there.
    let including = MemoryFiles::default()
        .with("/etc/pg/pg_hba.conf", format!("{HBA}include_dir hba.d\n"))
        .with("/etc/pg/pg_ident.conf", IDENT);
    check_in(&including, "/etc/pg/pg_ident.conf", FileKind::PgIdent, expect![[r#""#]]);
}

#[test]
fn maps_of_included_files_count() {
    let ident = "include_dir ident.d\ninclude_if_exists missing.conf\n";
    let files = MemoryFiles::default()
        .with("/etc/pg/pg_hba.conf", HBA)
        .with("/etc/pg/pg_ident.conf", ident)
        .with("/etc/pg/ident.d/a.conf", "admins alice postgres\ninclude ../more.map\n")
        .with("/etc/pg/more.map", "sso a b\n")
        .with("/etc/pg/ident.d/b.txt", "Admins a b\n");
    check_in(&files, "/etc/pg/pg_hba.conf", FileKind::PgHba, expect!["2 `Admins` multi-ident-map-undefined: The pg_ident.conf this server reads defines no map `Admins` (map names are case-sensitive), so every login through this rule fails. Add its lines to pg_ident.conf or fix the name."]);

    // An included file that cannot be read leaves the answer open.
    let broken = MemoryFiles::default()
        .with("/etc/pg/pg_hba.conf", HBA)
        .with("/etc/pg/pg_ident.conf", "include gone.conf\n");
    check_in(&broken, "/etc/pg/pg_hba.conf", FileKind::PgHba, expect![[r#""#]]);
}

#[test]
fn ident_file_of_the_sibling_postgresql_conf_decides() {
    let absolute = MemoryFiles::default()
        .with("/etc/pg/pg_hba.conf", HBA)
        .with("/etc/pg/postgresql.conf", "ident_file = '/srv/maps/ident.conf'\n")
        .with("/etc/pg/pg_ident.conf", IDENT)
        .with("/srv/maps/ident.conf", "nothing a b\n");
    check_in(
        &absolute,
        "/etc/pg/pg_hba.conf",
        FileKind::PgHba,
        expect![[r#"
        1 `admins` multi-ident-map-undefined: The ident.conf this server reads defines no map `admins` (map names are case-sensitive), so every login through this rule fails. Add its lines to ident.conf or fix the name.
        2 `Admins` multi-ident-map-undefined: The ident.conf this server reads defines no map `Admins` (map names are case-sensitive), so every login through this rule fails. Add its lines to ident.conf or fix the name.
        3 `sso` multi-ident-map-undefined: The ident.conf this server reads defines no map `sso` (map names are case-sensitive), so every login through this rule fails. Add its lines to ident.conf or fix the name."#]],
    );
    // The sibling is not the file the server reads, so its maps are not judged unused.
    check_in(&absolute, "/etc/pg/pg_ident.conf", FileKind::PgIdent, expect![[r#""#]]);

    let relative = MemoryFiles::default()
        .with("/etc/pg/pg_hba.conf", HBA)
        .with(
            "/etc/pg/postgresql.conf",
            "data_directory = '/var/lib/pg'\nident_file = 'maps.conf'\n",
        )
        .with("/var/lib/pg/maps.conf", IDENT);
    check_in(&relative, "/etc/pg/pg_hba.conf", FileKind::PgHba, expect!["2 `Admins` multi-ident-map-undefined: The maps.conf this server reads defines no map `Admins` (map names are case-sensitive), so every login through this rule fails. Add its lines to maps.conf or fix the name."]);
}

#[test]
fn map_options_of_included_hba_files_and_maps_of_included_ident_files_count() {
    let files = MemoryFiles::default()
        .with("pg_hba.conf", "local all all peer map=sso\ninclude hba.d/remote.conf\n")
        .with(
            "hba.d/remote.conf",
            "hostssl all all 10.2.0.0/16 cert map=sso\nhostssl all all 10.3.0.0/16 cert map=nosuch\n",
        )
        .with("pg_ident.conf", "include_dir ident.d\n")
        .with("ident.d/sso.conf", "sso /^(.*)@corp$ \\1\n");
    // A bare relative name: the includes are in the current folder.
    check_in(&files, "pg_hba.conf", FileKind::PgHba, expect!["2 `include hba.d/remote.conf` multi-ident-map-undefined: In `hba.d/remote.conf` line 2: The pg_ident.conf this server reads defines no map `nosuch` (map names are case-sensitive), so every login through this rule fails. Add its lines to pg_ident.conf or fix the name."]);
}
