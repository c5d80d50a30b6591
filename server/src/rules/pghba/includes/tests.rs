//! Snapshots of `pg_hba.conf` judged with the files it names: includes followed in order,
//! `@file` lists expanded, missing files, cycles and depth, rule order across files, and a
//! no-panic property test over mutated trees.

use std::path::Path;

use expect_test::{expect, Expect};

use crate::files::MemoryFiles;
use crate::finding::{Finding, Severity};
use crate::rules::pghba::tests::{apply, render, Xorshift};
use crate::rules::pghba::{check_with_files, NO_REPLICATION_RULE, RULES};
use crate::settings::Settings;

const DIR: &str = "/etc/postgresql/16/main";
const HBA: &str = "/etc/postgresql/16/main/pg_hba.conf";

fn settings(major: u32) -> Settings {
    Settings { postgres_version: Some(major), ..Settings::default() }
}

/// The files of a test: `pg_hba.conf` (`text`) plus `others`, paths relative to [`DIR`].
fn files(text: &str, others: &[(&str, &str)]) -> MemoryFiles {
    let mut files = MemoryFiles::default().with(HBA, text);
    for (path, text) in others {
        files = files.with(format!("{DIR}/{path}"), *text);
    }
    files
}

/// The findings of `text` with `others` around it, but for the replication note, which
/// short files all get.
#[track_caller]
fn check_in(major: u32, text: &str, others: &[(&str, &str)], expect: Expect) {
    let files = files(text, others);
    let settings = settings(major);
    let mut findings = check_with_files(Path::new(HBA), text, &settings, &files);
    findings.retain(|finding| finding.rule != &NO_REPLICATION_RULE);
    findings.sort_by_key(|finding| (finding.span.start, finding.span.end, finding.severity));
    expect.assert_eq(&render(text, &findings));
    assert_fixes_work(text, &files, &settings);
}

#[track_caller]
fn check(text: &str, others: &[(&str, &str)], expect: Expect) {
    check_in(16, text, others, expect);
}

/// Every fix, applied alone, removes one finding of its rule and adds no error.
#[track_caller]
fn assert_fixes_work(text: &str, files: &MemoryFiles, settings: &Settings) {
    let path = Path::new(HBA);
    let before = check_with_files(path, text, settings, files);
    let count = |findings: &[Finding], rule: &str, errors_only: bool| {
        findings
            .iter()
            .filter(|f| f.rule.name == rule && (!errors_only || f.severity == Severity::Error))
            .count()
    };
    for finding in &before {
        for fix in &finding.fixes {
            let fixed = apply(text, fix);
            let after = check_with_files(path, &fixed, settings, files);
            assert!(
                count(&after, finding.rule.name, false) < count(&before, finding.rule.name, false),
                "fix {:?} left {} in place:\n{fixed}",
                fix.title,
                finding.rule.name
            );
            for rule in RULES {
                assert!(
                    count(&after, rule.name, true) <= count(&before, rule.name, true),
                    "fix {:?} added a {} error:\n{fixed}",
                    fix.title,
                    rule.name
                );
            }
        }
    }
}

#[test]
fn included_rules_take_their_place_in_rule_order() {
    // The included line is read where the include stands, so it shadows the line after.
    check(
        "local all all peer\n\
         include extra.conf\n\
         hostssl all alice 10.1.0.0/16 scram-sha-256\n",
        &[("extra.conf", "# Office network\nhostssl all all 10.0.0.0/8 scram-sha-256\n")],
        expect![[r#"
            3:1-3:44 warning hba-unreachable-rule: This line can never be used: line 2 of `extra.conf` matches every connection it would match, and the server stops at the first matching line. Move it above, or remove it. [Unnecessary] [related 2:1: line 2 of `extra.conf` matches these connections first] [fix: Remove the unreachable line => ""]
        "#]],
    );
    // An include after the line cannot shadow it, and a shadowed line inside the included
    // file is that file's own business.
    check(
        "hostssl all alice 10.1.0.0/16 scram-sha-256\n\
         include extra.conf\n",
        &[(
            "extra.conf",
            "hostssl all all 10.0.0.0/8 scram-sha-256\nhostssl all bob 10.0.0.0/8 scram-sha-256\n",
        )],
        expect![""],
    );
}

#[test]
fn policies_see_the_included_lines() {
    // The plain-text line that sidesteps the certificate is in the included file; the IPv6
    // twin of the loopback line is there too, so no hint asks for it.
    check(
        "hostssl billing billing 10.9.0.0/16 cert\n\
         host app app 127.0.0.1/32 scram-sha-256\n\
         include extra.conf\n",
        &[(
            "extra.conf",
            "host billing billing 10.9.0.0/16 scram-sha-256\nhost app app ::1/128 scram-sha-256\n",
        )],
        expect![[r#"
            1:37-1:41 warning hba-bypassable-ssl-rule: Clients can sidestep this certificate check: line 1 of `extra.conf` admits the same clients without TLS, with `scram-sha-256` instead of a certificate. Turn plain-text clients away (`hostnossl … reject` above line 1 of `extra.conf`), or drop the certificate line. [related 3:1: line 1 of `extra.conf` admits the same clients without TLS]
        "#]],
    );
}

#[test]
fn missing_files_and_include_if_exists() {
    check(
        "include missing.conf\n\
         include_if_exists optional.conf\n\
         include_dir missing.d\n\
         local all all peer\n",
        &[],
        expect![[r#"
            1:1-1:21 error hba-include-missing: `missing.conf` does not exist, so the server refuses the whole file. Create it, or use `include_if_exists` for a file that may be absent.
            3:13-3:22 error hba-include-missing: The directory `missing.d` cannot be read, so the server refuses the file. Create it (it may stay empty) or remove this line.
        "#]],
    );
    check(
        "include_if_exists optional.conf\nlocal all all peer\n",
        &[("optional.conf", "host all all 10.0.0.0/8 trust\n")],
        expect![[r#"
            1:1-1:32 error hba-trust-remote: In `optional.conf` line 1: `trust` lets anyone who can reach the server from 10.0.0.0/8 log in as any role, superusers included, without a password. Use `scram-sha-256` (or `cert`).
        "#]],
    );
}

/// `include` of a folder: PostgreSQL 18 logs that it cannot read a folder as a file and
/// starts without the folder's lines, so the finding is a warning, not "does not exist".
#[test]
fn include_of_a_folder_warns_that_its_lines_do_not_apply() {
    check(
        "local all all peer\ninclude hba.d\ninclude_if_exists hba.d\ninclude_dir hba.d\n",
        &[("hba.d/10-app.conf", "host all all 10.0.0.0/8 scram-sha-256\n")],
        expect![[r#"
            2:1-2:14 warning hba-include-missing: `hba.d` is a folder, which `include` cannot read as a file: the server only logs that and none of the lines in the folder apply. Use `include_dir` to read the folder's `.conf` files.
            3:1-3:24 warning hba-include-missing: `hba.d` is a folder, which `include` cannot read as a file: the server only logs that and none of the lines in the folder apply. Use `include_dir` to read the folder's `.conf` files.
        "#]],
    );
}

#[test]
/// An empty file name is no error, an empty directory name is.
fn empty_names() {
    check(
        "include \"\"\ninclude_dir \"\"\nlocal all all peer\n",
        &[],
        expect![[r#"
            2:13-2:15 error hba-include-missing: `include_dir` names no directory; the server refuses the file.
        "#]],
    );
}

#[test]
fn include_dir_reads_conf_files_in_name_order() {
    // `b.conf` comes after `a.conf` whatever the listing order; hidden files, other
    // extensions and a bare `.conf` are skipped. The line of `b.conf` is shadowed by the
    // one of `a.conf`; the line after the directive by both.
    let root = "include_dir conf.d\nhostssl all all 10.0.0.0/8 scram-sha-256\n";
    check(
        root,
        &[
            ("conf.d/b.conf", "hostssl all all 10.0.0.0/9 scram-sha-256\n"),
            ("conf.d/a.conf", "hostssl all all 10.0.0.0/8 scram-sha-256\n"),
            ("conf.d/.hidden.conf", "bogus\n"),
            ("conf.d/notes.txt", "bogus\n"),
            ("conf.d/.conf", "bogus\n"),
        ],
        expect![[r#"
            2:1-2:41 warning hba-unreachable-rule: This line can never be used: line 1 of `conf.d/a.conf` matches every connection it would match, and the server stops at the first matching line. Move it above, or remove it. [Unnecessary] [related 1:1: line 1 of `conf.d/a.conf` matches these connections first] [fix: Remove the unreachable line => ""]
        "#]],
    );
    // An empty directory is fine.
    let files = MemoryFiles::default().with(HBA, root).with_dir(format!("{DIR}/conf.d"));
    let findings = check_with_files(Path::new(HBA), root, &settings(16), &files);
    assert!(findings.iter().all(|finding| finding.severity != Severity::Error), "{findings:?}");
}

#[test]
fn errors_of_included_files_show_on_the_include_line() {
    check(
        "include_dir conf.d\nlocal all all peer\n",
        &[
            ("conf.d/10-app.conf", "# app\nhost all all 10.0.0.0/8 scram-sha-256 bogus=1\n"),
            ("conf.d/20-ops.conf", "hots all all 10.0.0.0/8 scram-sha-256\nhost all all ::1 md5\n"),
        ],
        expect![[r#"
            1:1-1:19 error hba-invalid-option: In `conf.d/10-app.conf` line 2: `bogus` is not an authentication option; the server refuses the file.
            1:1-1:19 error hba-unknown-connection-type: In `conf.d/20-ops.conf` line 1: `hots` is not a connection type, so the server refuses to load the file. Did you mean `host`?
            1:1-1:19 error hba-address-missing-mask: In `conf.d/20-ops.conf` line 2: `::1` has no `/len` prefix length, so the server reads the next field, `md5`, as a netmask and refuses to load the file. Write `::1/128` for this one host.
        "#]],
    );
}

#[test]
fn cycles_and_depth() {
    check(
        "local all all peer\ninclude pg_hba.conf\n",
        &[],
        expect![[r#"
            2:1-2:20 error hba-include-cycle: This include leads back to a file being read (pg_hba.conf → pg_hba.conf); the server reads the files again and again until 10 levels deep, then refuses the file. Remove the include that leads back.
        "#]],
    );
    check(
        "include a.conf\n",
        &[("a.conf", "include b.conf\n"), ("b.conf", "local all all peer\ninclude a.conf\n")],
        expect![[r#"
            1:1-1:15 error hba-include-cycle: In `b.conf` line 2: This include leads back to a file being read (a.conf → b.conf → a.conf); the server reads the files again and again until 10 levels deep, then refuses the file. Remove the include that leads back.
        "#]],
    );
    // Eleven files deep: the tenth file's include is the one the server refuses.
    let chain: Vec<(String, String)> = (1..=11)
        .map(|level| (format!("{level}.conf"), format!("include {}.conf\n", level + 1)))
        .collect();
    let others: Vec<(&str, &str)> =
        chain.iter().map(|(path, text)| (path.as_str(), text.as_str())).collect();
    check(
        "include 1.conf\n",
        &others,
        expect![[r#"
            1:1-1:15 error hba-include-cycle: In `10.conf` line 1: Files are nested more than 10 levels deep here; the server refuses the file.
        "#]],
    );
}

#[test]
fn includes_before_16_are_not_followed() {
    check_in(
        15,
        "include extra.conf\nlocal all all peer\n",
        &[("extra.conf", "bogus\n")],
        expect![[r#"
            1:1-1:8 error hba-include: `include` needs PostgreSQL 16 or later; PostgreSQL 15 reads it as an unknown connection type and refuses the whole file.
        "#]],
    );
}

#[test]
fn at_files_are_expanded_into_the_list() {
    // Names separated by blanks, commas and lines, with a comment; `"all"` quoted in the
    // file stays a plain name, so it does not cover `bob`.
    let users = "# the app's roles\nalice, carol\n\"all\"\n";
    check(
        "hostssl all @users.txt 10.0.0.0/8 scram-sha-256\n\
         hostssl all alice 10.0.0.0/8 scram-sha-256\n\
         hostssl all bob 10.0.0.0/8 scram-sha-256\n",
        &[("users.txt", users)],
        expect![[r#"
            2:1-2:43 warning hba-unreachable-rule: This line can never be used: line 1 matches every connection it would match, and the server stops at the first matching line. Move it above, or remove it. [Unnecessary] [related 1:1: line 1 matches these connections first] [fix: Remove the unreachable line => ""]
        "#]],
    );
    // Nested `@`, relative to the file that names it.
    check(
        "hostssl all @lists/users 10.0.0.0/8 scram-sha-256\n\
         hostssl all dave 10.0.0.0/8 scram-sha-256\n",
        &[("lists/users", "alice @more\n"), ("lists/more", "dave\n")],
        expect![[r#"
            2:1-2:42 warning hba-unreachable-rule: This line can never be used: line 1 matches every connection it would match, and the server stops at the first matching line. Move it above, or remove it. [Unnecessary] [related 1:1: line 1 matches these connections first] [fix: Remove the unreachable line => ""]
        "#]],
    );
    // The keyword `all` in the file is the keyword.
    check(
        "hostssl @dbs all 10.0.0.0/8 scram-sha-256\nhostssl app all 10.0.0.0/8 scram-sha-256\n",
        &[("dbs", "all\n")],
        expect![[r#"
            2:1-2:41 warning hba-unreachable-rule: This line can never be used: line 1 matches every connection it would match, and the server stops at the first matching line. Move it above, or remove it. [Unnecessary] [related 1:1: line 1 matches these connections first] [fix: Remove the unreachable line => ""]
        "#]],
    );
}

#[test]
fn include_records_inside_at_files_from_16() {
    let root = "hostssl all @users 10.0.0.0/8 scram-sha-256\n\
                hostssl all bob 10.0.0.0/8 scram-sha-256\n\
                hostssl all @others 10.0.0.0/8 scram-sha-256\n";
    let others = [
        ("users", "alice\ninclude more\n"),
        ("more", "bob\n"),
        ("others", "include_if_exists absent\ninclude gone\n"),
    ];
    check(
        root,
        &others,
        expect![[r#"
            2:1-2:41 warning hba-unreachable-rule: This line can never be used: line 1 matches every connection it would match, and the server stops at the first matching line. Move it above, or remove it. [Unnecessary] [related 1:1: line 1 matches these connections first] [fix: Remove the unreachable line => ""]
            3:13-3:20 error hba-include-missing: `include gone` names `gone`, which does not exist: the server cannot read the names and refuses the whole file. Create it, or write the names here.
        "#]],
    );
    // Before 16, `include` and `more` are two more names.
    check_in(15, root, &others, expect![""]);
}

#[test]
fn at_files_missing_empty_or_looping() {
    check_in(
        15,
        "local all @missing.txt peer\nlocal all all peer\n",
        &[],
        expect![[r#"
            1:11-1:23 error hba-include-missing: `@missing.txt` names `missing.txt`, which does not exist: the server cannot read the names and refuses the whole file. Create it, or write the names here.
        "#]],
    );
    // An empty file leaves no token, so the field disappears and the next ones move left.
    check(
        "local @empty all peer\n",
        &[("empty", "# nobody yet\n")],
        expect![[r#"
            1:18-1:22 error hba-missing-field: The line ends before its authentication method; the server refuses to load the file.
        "#]],
    );
    check_in(
        15,
        "local all @a peer\n",
        &[("a", "@b\n"), ("b", "x @a\n")],
        expect![[r#"
            1:11-1:13 error hba-include-cycle: `@a` leads back to itself through `@` files, and PostgreSQL before 16 has no nesting limit: it opens them until it runs out of file handles, and a reload then shuts the whole server down. Remove the `@` that leads back.
        "#]],
    );
    // A value from a file gets no fix: it would rewrite the `@name`.
    check(
        "host all all @address scram-sha-256\n",
        &[("address", "10.0.0.1/8\n")],
        expect![[r#"
            1:1-1:5 warning hba-host-plaintext: `host` also accepts connections without TLS from 10.0.0.0/8, so passwords and data can cross the network in plain text. Use `hostssl` to require TLS. [fix: Change to `hostssl` => "hostssl"]
            1:14-1:22 warning hba-cidr-host-bits: `10.0.0.1` has bits set beyond the mask, which the server ignores: this line matches all of 10.0.0.0/8 (16777216 addresses), not just 10.0.0.1.
        "#]],
    );
}

#[test]
fn at_files_inside_included_files_are_relative_to_them() {
    check(
        "include conf.d/app.conf\nhostssl all alice 10.0.0.0/8 scram-sha-256\n",
        &[
            ("conf.d/app.conf", "hostssl all @roles 10.0.0.0/8 scram-sha-256\n"),
            ("conf.d/roles", "alice\n"),
            ("roles", "someone-else\n"),
        ],
        expect![[r#"
            2:1-2:43 warning hba-unreachable-rule: This line can never be used: line 1 of `conf.d/app.conf` matches every connection it would match, and the server stops at the first matching line. Move it above, or remove it. [Unnecessary] [related 1:1: line 1 of `conf.d/app.conf` matches these connections first] [fix: Remove the unreachable line => ""]
        "#]],
    );
}

#[test]
fn secrets_of_included_files_stay_hidden() {
    let findings = check_with_files(
        Path::new(HBA),
        "include ldap.conf\n",
        &settings(16),
        &files(
            "include ldap.conf\n",
            &[("ldap.conf", "host all all 10.0.0.0/8 ldap ldapbindpasswd=Sup3rS3cret bogus\n")],
        ),
    );
    assert!(!findings.is_empty());
    for finding in findings {
        assert!(!finding.message.contains("Sup3rS3cret"), "{}", finding.message);
    }
}

#[test]
fn never_panics_on_mutated_trees() {
    let seeds = [
        ("include a.conf\nhost all @u 10.0.0.0/8 md5\n", "host all all 10.0.0.0/8 trust\n"),
        ("include_dir d\nlocal @u all peer\n", "@u,x\n\"all\" # c\n"),
        ("include_if_exists a.conf\nlocal all all peer\n", "include a.conf\n@a.conf\n"),
    ];
    let alphabet: &[&str] =
        &[" ", "\n", "\"", ",", "#", "@", "@u", "@a.conf", "include ", "a.conf", "d", "all", "\\"];
    let mut rng = Xorshift(0x5851_f42d_4c95_7f2d);
    for round in 0..150 {
        let (root, other) = seeds[round % seeds.len()];
        let mut texts = [root.to_string(), other.to_string()];
        for _ in 0..(rng.next() % 6) {
            let text = &mut texts[(rng.next() % 2) as usize];
            let boundaries: Vec<usize> =
                (0..=text.len()).filter(|&at| text.is_char_boundary(at)).collect();
            let at = boundaries[(rng.next() as usize) % boundaries.len()];
            if rng.next().is_multiple_of(2) {
                text.insert_str(at, alphabet[(rng.next() as usize) % alphabet.len()]);
            } else {
                text.truncate(at);
            }
        }
        let [root, other] = &texts;
        let files = files(root, &[("a.conf", other), ("u", other), ("d/x.conf", other)]);
        for major in [15, 16, 18] {
            for finding in check_with_files(Path::new(HBA), root, &settings(major), &files) {
                assert!(root.get(finding.span.start..finding.span.end).is_some());
            }
        }
    }
}

/// A file that the pg_hba.conf one folder up includes is no whole pg_hba.conf: the rules
/// about lines it lacks stay silent, its own lines are still judged; a file nobody
/// includes gets them all.
#[test]
fn a_fragment_included_by_a_neighbour_is_not_judged_as_a_whole_file() {
    let fragment = concat!(
        "host all app 10.0.0.0/8 md5\n",
        "local all all peer\n",
        "host all all 127.0.0.1/32 scram-sha-256\n",
    );
    let files =
        files("include_dir hba.d\n", &[("hba.d/10-app.conf", fragment), ("other.conf", fragment)]);
    let rules_of = |path: &str| {
        let findings = check_with_files(Path::new(path), fragment, &settings(16), &files);
        let rules: Vec<&str> = findings.iter().map(|finding| finding.rule.name).collect();
        format!("{path}: {rules:?}")
    };
    let report =
        [rules_of(&format!("{DIR}/hba.d/10-app.conf")), rules_of(&format!("{DIR}/other.conf"))];
    expect![[r#"
        /etc/postgresql/16/main/hba.d/10-app.conf: ["hba-host-plaintext", "hba-md5"]
        /etc/postgresql/16/main/other.conf: ["hba-host-plaintext", "hba-md5", "hba-missing-ipv6-loopback", "hba-no-replication-rule"]"#]].assert_eq(&report.join("\n"));
}
