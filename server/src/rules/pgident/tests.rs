//! Snapshots of every rule firing and not firing, fixes applied, and the stock sample.

use expect_test::{expect, Expect};

use super::*;
use crate::files::MemoryFiles;
use crate::line_index::{Encoding, LineIndex};

fn settings(major: u32) -> Settings {
    Settings { postgres_version: Some(major), ..Settings::default() }
}

/// Findings rendered one a line: `line:col-line:col severity rule: message [fix: …]`.
fn render(text: &str, findings: &[Finding]) -> String {
    let index = LineIndex::new(text);
    let position = |offset| {
        let at = index.line_col(offset, Encoding::Utf8);
        format!("{}:{}", at.line + 1, at.col + 1)
    };
    let mut out = String::new();
    for finding in findings {
        out.push_str(&format!(
            "{}-{} {} {}: {}",
            position(finding.span.start),
            position(finding.span.end),
            finding.severity.as_str(),
            finding.rule.name,
            finding.message
        ));
        for tag in &finding.tags {
            out.push_str(&format!(" [{tag:?}]"));
        }
        for related in &finding.related {
            out.push_str(&format!(" [related {}]", position(related.span.start)));
        }
        for fix in &finding.fixes {
            let edits: Vec<String> =
                fix.edits.iter().map(|edit| format!("{:?}", edit.new_text)).collect();
            out.push_str(&format!(" [fix: {} => {}]", fix.title, edits.join(", ")));
        }
        out.push('\n');
    }
    out
}

#[track_caller]
fn check_for(major: u32, text: &str, expect: Expect) {
    let mut findings = super::check(text, &settings(major));
    findings.sort_by_key(|finding| (finding.span.start, finding.span.end, finding.severity));
    expect.assert_eq(&render(text, &findings));
    assert_fixes_work(text, major);
}

#[track_caller]
fn check(text: &str, expect: Expect) {
    check_for(18, text, expect);
}

fn apply(text: &str, fix: &Fix) -> String {
    let mut edits = fix.edits.clone();
    edits.sort_by_key(|edit| std::cmp::Reverse(edit.span.start));
    let mut out = text.to_string();
    for edit in edits {
        out.replace_range(edit.span.start..edit.span.end, &edit.new_text);
    }
    out
}

/// Every fix removes its finding and adds no error.
#[track_caller]
fn assert_fixes_work(text: &str, major: u32) {
    let before = super::check(text, &settings(major));
    let errors_before = before.iter().filter(|f| f.severity == Severity::Error).count();
    for finding in &before {
        for fix in &finding.fixes {
            let fixed = apply(text, fix);
            let after = super::check(&fixed, &settings(major));
            let same = after.iter().filter(|f| f.rule == finding.rule).count();
            let was = before.iter().filter(|f| f.rule == finding.rule).count();
            assert!(same < was, "fix {:?} left its finding in:\n{fixed}", fix.title);
            let errors_after = after.iter().filter(|f| f.severity == Severity::Error).count();
            assert!(errors_after <= errors_before, "fix {:?} added an error:\n{fixed}", fix.title);
        }
    }
}

#[test]
fn good_maps_are_clean() {
    let text = "# MAPNAME       SYSTEM-USERNAME         PG-USERNAME\n\
                sso             /^(.*)@example\\.com$    \\1\n\
                sso             \"/^(.*)@ops\\.example\\.com$\" \"\\1\"\n\
                ops             alice                   postgres\n\
                ops             bob                     +admins\n\
                dev             /^dev_                  /^app_\n\
                any             root                    all\n\
                include_if_exists ident.d/local.conf\n";
    check(text, expect![[r#""#]]);
}

#[test]
fn missing_fields_and_lists_are_errors() {
    check(
        "sso alice\nops\nops alice,bob postgres\nops alice \"a,b\"\nm a, b c\n",
        expect![[r#"
            1:5-1:10 error ident-syntax: A map line needs three fields, `MAPNAME SYSTEM-USERNAME PG-USERNAME`: the server refuses the whole file, so every login through its maps fails. Add the missing field.
            2:1-2:4 error ident-syntax: A map line needs three fields, `MAPNAME SYSTEM-USERNAME PG-USERNAME`: the server refuses the whole file, so every login through its maps fails. Add the missing field.
            3:5-3:14 error ident-syntax: A pg_ident.conf field holds one value, not a comma list: the server refuses the whole file, so every login through its maps fails. Write one line per value (or quote the name if the comma belongs to it).
            5:3-5:7 error ident-syntax: A pg_ident.conf field holds one value, not a comma list: the server refuses the whole file, so every login through its maps fails. Write one line per value (or quote the name if the comma belongs to it).
        "#]],
    );
}

#[test]
fn include_before_16_is_a_short_map_line() {
    let text = "include ident.d/extra.conf\ninclude_dir ident.d\nops alice postgres\n";
    check_for(
        15,
        text,
        expect![[r#"
        1:9-1:27 error ident-syntax: PostgreSQL 15 has no `include` in pg_ident.conf (it came in 16): it reads this as a map line with a field missing and refuses the whole file, so every login through its maps fails. Copy the included lines here instead.
        2:13-2:20 error ident-syntax: PostgreSQL 15 has no `include_dir` in pg_ident.conf (it came in 16): it reads this as a map line with a field missing and refuses the whole file, so every login through its maps fails. Copy the included lines here instead.
    "#]],
    );
    check_for(16, text, expect![[r#""#]]);
}

#[test]
fn regexes_that_cannot_compile_are_errors() {
    check(
        "m /^(.*@example\\.com$ \\1\nm /[a-z x\nm /*x x\nm x /^app_(\nm \"/(\" x\nm /^(a)$ \\1\n",
        expect![[r#"
            1:3-1:22 error ident-invalid-regex: This regular expression does not compile (a `(` is never closed): the server refuses the whole file, so every login through its maps fails. A name starting with `/` is a regular expression; fix it, or drop the `/` for a plain name.
            2:3-2:8 error ident-invalid-regex: This regular expression does not compile (a `[` is never closed): the server refuses the whole file, so every login through its maps fails. A name starting with `/` is a regular expression; fix it, or drop the `/` for a plain name.
            3:3-3:6 error ident-invalid-regex: This regular expression does not compile (a quantifier has nothing to repeat): the server refuses the whole file, so every login through its maps fails. A name starting with `/` is a regular expression; fix it, or drop the `/` for a plain name.
            4:5-4:12 error ident-invalid-regex: This regular expression does not compile (a `(` is never closed): the server refuses the whole file, so every login through its maps fails. A name starting with `/` is a regular expression; fix it, or drop the `/` for a plain name.
            5:3-5:7 error ident-invalid-regex: This regular expression does not compile (a `(` is never closed): the server refuses the whole file, so every login through its maps fails. A name starting with `/` is a regular expression; fix it, or drop the `/` for a plain name.
        "#]],
    );
    // Before 16 a `/` in the PostgreSQL user column is a plain name.
    check_for(
        15,
        "m x /^app_(\n",
        expect![[r#"
        1:5-1:12 warning ident-needs-newer-major: PostgreSQL 15 reads `/regex` in this column as a role literally named `/^app_(`, so logins through this line fail; the special meaning came in 16. Name the role (one line per role) or upgrade.
    "#]],
    );
}

#[test]
fn backreferences_need_a_regex_with_a_group() {
    check(
        "m alice \\1\nm /^alice$ \\1\nm /^(alice)$ \\1\nm /^(?:a)(b)$ x\\1y\nm a b\n",
        expect![[r#"
            1:9-1:11 warning ident-backreference-without-group: `\1` is replaced only when the system user name is a regular expression (starting with `/`); here the server looks for a role literally named with `\1`, which does not exist. Write the role name, or make the system user a `/regex` with a `(group)`.
            2:12-2:14 warning ident-backreference-without-group: `\1` stands for the first parenthesised group of the system user's regular expression, and it has none: every login through this line fails. Put the part to keep in parentheses, as in `/^(.*)@example\.com$`.
        "#]],
    );
}

#[test]
fn keywords_of_16_are_names_before_it() {
    let text = "m alice all\nm bob +admins\nm carol /^app_\nm dave \"all\"\nm eve dave\n";
    check_for(
        15,
        text,
        expect![[r#"
        1:9-1:12 warning ident-needs-newer-major: PostgreSQL 15 reads `all` in this column as a role literally named `all`, so logins through this line fail; the special meaning came in 16. Name the role (one line per role) or upgrade.
        2:7-2:14 warning ident-needs-newer-major: PostgreSQL 15 reads `+group` in this column as a role literally named `+admins`, so logins through this line fail; the special meaning came in 16. Name the role (one line per role) or upgrade.
        3:9-3:15 warning ident-needs-newer-major: PostgreSQL 15 reads `/regex` in this column as a role literally named `/^app_`, so logins through this line fail; the special meaning came in 16. Name the role (one line per role) or upgrade.
    "#]],
    );
    check_for(16, text, expect![[r#""#]]);
}

#[test]
fn fields_after_the_third_are_ignored() {
    check(
        "ops alice postgres admin # two roles?\nops bob postgres\n",
        expect![[r#"
        1:20-1:25 warning ident-ignored-fields: The server reads only three fields and ignores this text, so it does not do what it seems to: a second role needs a line of its own. Remove it or make it a `#` comment. [Unnecessary] [fix: Remove the ignored fields => ""]
    "#]],
    );
}

#[test]
fn identical_lines_are_hinted_once_each() {
    check(
        "ops alice postgres\nops bob postgres\nops alice postgres # again\nops \"alice\" postgres\n\
         OPS alice postgres\nops alice postgres\n",
        expect![[r#"
            3:1-3:19 hint ident-duplicate-line: This line repeats line 1 of map `ops` and adds nothing; remove it. [Unnecessary] [related 1:1] [fix: Remove the repeated line => ""]
            6:1-6:19 hint ident-duplicate-line: This line repeats line 1 of map `ops` and adds nothing; remove it. [Unnecessary] [related 1:1] [fix: Remove the repeated line => ""]
        "#]],
    );
}

#[test]
fn stock_sample_is_clean() {
    let sample = std::fs::read_to_string("/usr/share/postgresql/15/pg_ident.conf.sample");
    let sample = sample.expect("Debian's PostgreSQL 15 ships pg_ident.conf.sample");
    for major in [13, 15, 16, 18] {
        assert_eq!(render(&sample, &super::check(&sample, &settings(major))), "");
    }
}

#[test]
fn missing_includes_are_errors_when_the_directory_is_known() {
    let text = "include extra.conf\ninclude_if_exists optional.conf\ninclude_dir ident.d\n\
                include_dir conf.d\ninclude /abs/other.conf\n";
    let files = MemoryFiles::default()
        .with("/etc/pg/pg_ident.conf", text)
        .with("/etc/pg/conf.d/a.conf", "m a b\n");
    let findings =
        check_with_files(Path::new("/etc/pg/pg_ident.conf"), text, &settings(16), &files);
    expect![[r#"
        1:1-1:19 error ident-missing-include: `extra.conf` does not exist, so the server refuses the whole file. Create it, or use `include_if_exists` for a file that may be absent.
        3:13-3:20 error ident-missing-include: The directory `ident.d` cannot be read, so the server refuses the file. Create it (it may stay empty) or remove this line.
        5:1-5:24 error ident-missing-include: `/abs/other.conf` does not exist, so the server refuses the whole file. Create it, or use `include_if_exists` for a file that may be absent.
    "#]].assert_eq(&render(text, &findings));

    let before_16 =
        check_with_files(Path::new("/etc/pg/pg_ident.conf"), text, &settings(15), &files);
    assert!(before_16.is_empty());
}

#[test]
fn included_files_are_checked_and_their_errors_shown_on_the_include_line() {
    let text = "a alice alice\ninclude sub.conf\ninclude_dir d\ninclude pg_ident.conf\n\
                m3 alice @file\ninclude_if_exists absent.conf\n";
    let files = MemoryFiles::default()
        .with("pg_ident.conf", text)
        .with("sub.conf", "b /^(x bob\nb alice,bob bob\nb bob bob # a hint stays there\n")
        .with("d/1.conf", "c carol\n")
        .with("d/.hidden.conf", "h\n")
        .with("d/2.txt", "t\n");
    // A bare relative name has the current folder as its directory, not `/`.
    let findings = check_with_files(Path::new("pg_ident.conf"), text, &settings(18), &files);
    expect![[r#"
        4:1-4:22 error ident-include-cycle: This include leads back to a file being read (pg_ident.conf → pg_ident.conf); the server reads the files again and again until 10 levels deep, then refuses the file. Remove the include that leads back.
        5:10-5:15 error ident-missing-include: `@file` names `file`, which does not exist: the server cannot read the names and refuses the whole file. Create it, or write the names here.
        2:1-2:17 error ident-invalid-regex: In `sub.conf` line 1: This regular expression does not compile (a `(` is never closed): the server refuses the whole file, so every login through its maps fails. A name starting with `/` is a regular expression; fix it, or drop the `/` for a plain name.
        2:1-2:17 error ident-syntax: In `sub.conf` line 2: A pg_ident.conf field holds one value, not a comma list: the server refuses the whole file, so every login through its maps fails. Write one line per value (or quote the name if the comma belongs to it).
        3:1-3:14 error ident-syntax: In `d/1.conf` line 1: A map line needs three fields, `MAPNAME SYSTEM-USERNAME PG-USERNAME`: the server refuses the whole file, so every login through its maps fails. Add the missing field.
    "#]]
    .assert_eq(&render(text, &findings));
}

#[test]
fn a_clean_include_tree_has_no_findings() {
    let text = "include sub.conf\ninclude_dir d\n";
    let files = MemoryFiles::default()
        .with("/etc/pg/pg_ident.conf", text)
        .with("/etc/pg/sub.conf", "b bob bob\n")
        .with("/etc/pg/d/1.conf", "c carol carol\n");
    let findings =
        check_with_files(Path::new("/etc/pg/pg_ident.conf"), text, &settings(18), &files);
    assert_eq!(render(text, &findings), "");
}

#[test]
fn regexes_the_server_refuses_in_every_corner() {
    check(
        "m1 /(?<name>a) bob\nm2 /(?P<n>a) bob\nm3 /\\1 bob\nm4 /(a)\\2 bob\n\
         m5 /[[:foo:]] bob\nm6 /[a-\\d] bob\nm7 /[z-a] bob\nm8 /a{1,2}{3} bob\nm9 /^(?x) bob\n\
         m10 /^a{2,3}$ bob\nm11 \"/a{1,2}{3}\" bob\nm12 /a*{2} bob\n",
        expect![[r#"
            1:4-1:15 error ident-invalid-regex: This regular expression does not compile (it uses a `(?` form that does not exist here): the server refuses the whole file, so every login through its maps fails. A name starting with `/` is a regular expression; fix it, or drop the `/` for a plain name.
            2:4-2:13 error ident-invalid-regex: This regular expression does not compile (it uses a `(?` form that does not exist here): the server refuses the whole file, so every login through its maps fails. A name starting with `/` is a regular expression; fix it, or drop the `/` for a plain name.
            3:4-3:7 error ident-invalid-regex: This regular expression does not compile (a backreference names a group that does not exist): the server refuses the whole file, so every login through its maps fails. A name starting with `/` is a regular expression; fix it, or drop the `/` for a plain name.
            4:4-4:10 error ident-invalid-regex: This regular expression does not compile (a backreference names a group that does not exist): the server refuses the whole file, so every login through its maps fails. A name starting with `/` is a regular expression; fix it, or drop the `/` for a plain name.
            5:4-5:14 error ident-invalid-regex: This regular expression does not compile (it names a character class that does not exist): the server refuses the whole file, so every login through its maps fails. A name starting with `/` is a regular expression; fix it, or drop the `/` for a plain name.
            6:4-6:11 error ident-invalid-regex: This regular expression does not compile (a range in brackets ends in a class escape): the server refuses the whole file, so every login through its maps fails. A name starting with `/` is a regular expression; fix it, or drop the `/` for a plain name.
            7:4-7:10 error ident-invalid-regex: This regular expression does not compile (a range in brackets ends before it starts): the server refuses the whole file, so every login through its maps fails. A name starting with `/` is a regular expression; fix it, or drop the `/` for a plain name.
            8:4-8:14 error ident-syntax: A pg_ident.conf field holds one value, not a comma list: the server refuses the whole file, so every login through its maps fails. Write one line per value (or quote the name if the comma belongs to it).
            9:4-9:10 error ident-invalid-regex: This regular expression does not compile (it uses a `(?` form that does not exist here): the server refuses the whole file, so every login through its maps fails. A name starting with `/` is a regular expression; fix it, or drop the `/` for a plain name.
            10:5-10:14 error ident-syntax: A pg_ident.conf field holds one value, not a comma list: the server refuses the whole file, so every login through its maps fails. Write one line per value (or quote the name if the comma belongs to it).
            11:5-11:17 error ident-invalid-regex: This regular expression does not compile (a quantifier follows another): the server refuses the whole file, so every login through its maps fails. A name starting with `/` is a regular expression; fix it, or drop the `/` for a plain name.
            12:5-12:11 error ident-invalid-regex: This regular expression does not compile (a quantifier follows another): the server refuses the whole file, so every login through its maps fails. A name starting with `/` is a regular expression; fix it, or drop the `/` for a plain name.
        "#]],
    );
}

#[test]
fn regexes_the_server_compiles_are_accepted() {
    check(
        "m1 /(?:a)(?=b)(?!c)(?<=d)(?<!e) bob\nm2 /^(a)\\1$ bob\nm3 /[[:alpha:][:digit:]] bob\n\
         m4 /[a-z0-9-] bob\nm5 /[a-z-] bob\nm6 \"/a{1,2}?\" bob\nm7 /(?x)^a$ bob\nm8 /[\\d-] bob\n",
        expect![""],
    );
}
