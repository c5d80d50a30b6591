//! Parser snapshots: each line rendered as what it is and its fields' values, per major.

use expect_test::{expect, Expect};

use super::*;

#[track_caller]
fn check(text: &str, major: u32, expect: Expect) {
    let file = parse_for(text, major);
    let mut out = String::new();
    for line in &file.lines {
        out.push_str(&format!("line {}: ", line.record.line + 1));
        match &line.content {
            Content::Include { kind, argument } => {
                out.push_str(&format!("{} {:?}", kind.name(), argument.text));
            }
            Content::Incomplete => out.push_str("incomplete"),
            Content::Mapping(mapping) => {
                let system = SystemUser::of(mapping.system_user.first());
                let pg_user = PgUser::of(mapping.pg_user.first(), major);
                out.push_str(&format!("map {:?} {system:?} {pg_user:?}", mapping.name()));
                if !mapping.extra.is_empty() {
                    out.push_str(&format!(" +{} ignored", mapping.extra.len()));
                }
            }
        }
        out.push('\n');
    }
    out.push_str(&format!("comments: {}\n", file.comments.len()));
    expect.assert_eq(&out);
}

#[test]
fn reads_map_lines_regexes_and_keywords_from_16_on() {
    let text = "# MAP SYSTEM PG\n\
                sso /^(.*)@example\\.com$ \\1 # corporate\n\
                ops alice all\n\
                ops bob +admins\n\
                ops \"+carol\" \"all\"\n\
                ops \"/^d.*$\" /^app_\n\
                short alice\n\
                include ident.d/extra.conf\n\
                include_dir ident.d\n\
                include a b\n\
                m x y z\n";
    check(
        text,
        18,
        expect![[r#"
            line 2: map "sso" Regex("^(.*)@example\\.com$") Name("\\1")
            line 3: map "ops" Name("alice") All
            line 4: map "ops" Name("bob") Group("admins")
            line 5: map "ops" Name("+carol") Name("all")
            line 6: map "ops" Regex("^d.*$") Regex("^app_")
            line 7: incomplete
            line 8: include "ident.d/extra.conf"
            line 9: include_dir "ident.d"
            line 10: map "include" Name("a") Name("b")
            line 11: map "m" Name("x") Name("y") +1 ignored
            comments: 2
        "#]],
    );
    check(
        text,
        15,
        expect![[r#"
            line 2: map "sso" Regex("^(.*)@example\\.com$") Name("\\1")
            line 3: map "ops" Name("alice") Name("all")
            line 4: map "ops" Name("bob") Name("+admins")
            line 5: map "ops" Name("+carol") Name("all")
            line 6: map "ops" Regex("^d.*$") Name("/^app_")
            line 7: incomplete
            line 8: incomplete
            line 9: incomplete
            line 10: map "include" Name("a") Name("b")
            line 11: map "m" Name("x") Name("y") +1 ignored
            comments: 2
        "#]],
    );
}

#[test]
fn capture_groups_are_unescaped_unbracketed_capturing_parentheses() {
    let cases =
        ["^(.*)$", "^\\(x\\)$", "^[(]x$", "^(?:a)b$", "[[:alpha:](]x", "[]()]", "a(?=b)(c)", ""];
    let rendered: Vec<String> =
        cases.iter().map(|case| format!("{case}: {}", has_capture_group(case))).collect();
    expect![[r#"
        ^(.*)$: true
        ^\(x\)$: false
        ^[(]x$: false
        ^(?:a)b$: false
        [[:alpha:](]x: false
        []()]: false
        a(?=b)(c): true
        : false"#]]
    .assert_eq(&rendered.join("\n"));
}

#[test]
fn never_panics_on_mutated_input() {
    let base = "sso /^(.*)@x\\.com$ \\1\nops \"a b\" +g # c\ninclude_dir d\nm a,b c\\\n d\n";
    let pieces = ["\"", "#", ",", "\\", "\n", "/", "+", "é", "(", "[", "{2", " ", "\r"];
    let mut rng = 0x2545_f491_4f6c_dd1du64;
    for _ in 0..3000 {
        rng ^= rng << 13;
        rng ^= rng >> 7;
        rng ^= rng << 17;
        let mut text = base.to_string();
        let mut at = (rng % (text.len() as u64 + 1)) as usize;
        while !text.is_char_boundary(at) {
            at -= 1;
        }
        text.insert_str(at, pieces[(rng >> 32) as usize % pieces.len()]);
        for major in [13, 15, 16, 18] {
            let file = parse_for(&text, major);
            for mapping in file.mappings() {
                let _ = has_capture_group(&mapping.system_user.first().text);
                let _ = mapping.system_user.span.of(&text);
            }
            let settings = crate::settings::Settings {
                postgres_version: Some(major),
                ..crate::settings::Settings::default()
            };
            let _ = crate::rules::pgident::check(&text, &settings);
            for offset in (0..=text.len()).step_by(7) {
                let _ = crate::hover::pgident::hover(&text, offset, &settings);
            }
            let _ = crate::symbols::pgident::symbols(&text, &settings);
            let _ = crate::rules::multi::ident::map_options(&text, major);
            let files = crate::files::MemoryFiles::default()
                .with("/d/pg_hba.conf", text.clone())
                .with("/d/pg_ident.conf", text.clone());
            let path = std::path::Path::new("/d/pg_ident.conf");
            let _ = crate::rules::multi::ident::defined_maps(path, &text, major, &files);
        }
    }
}

#[test]
fn continuation_lines_join_from_14_on() {
    let text = "ops alice \\\n    postgres\n";
    check(
        text,
        13,
        expect![[r#"
        line 1: map "ops" Name("alice") Name("\\")
        line 2: incomplete
        comments: 0
    "#]],
    );
    check(
        text,
        14,
        expect![[r#"
        line 1: map "ops" Name("alice") Name("postgres")
        comments: 0
    "#]],
    );
}
