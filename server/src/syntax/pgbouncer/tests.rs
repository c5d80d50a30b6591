//! Snapshots of how the parser reads `pgbouncer.ini` and entry values.

use super::*;
use expect_test::{expect, Expect};

/// Renders every item and error with its span and the text under it.
#[track_caller]
fn check(text: &str, expect: Expect) {
    let file = parse(text);
    let mut lines = Vec::new();
    let at = |span: Span| format!("{}..{} {:?}", span.start, span.end, span.of(text));

    for item in &file.items {
        lines.push(match item {
            Item::Comment(span) => format!("comment {}", at(*span)),
            Item::Section(header) => {
                format!("section {} name={:?}", at(header.span), header.name_text)
            }
            Item::Include(include) => format!("include path={}", at(include.path)),
            Item::Entry(entry) => format!(
                "entry [{}] key={} name={:?}{} value={}",
                entry.section.as_deref().unwrap_or("-"),
                at(entry.key),
                entry.name,
                if entry.quoted_key { " quoted" } else { "" },
                at(entry.value)
            ),
        });
    }
    for error in &file.errors {
        lines.push(format!("error {}: {}", at(error.span), error.message));
    }
    expect.assert_eq(&lines.join("\n"));
}

#[track_caller]
fn check_pairs(value: &str, expect: Expect) {
    let result = parse_pairs(value, Span::new(0, value.len()));
    let mut lines: Vec<String> = result
        .pairs
        .iter()
        .map(|pair| {
            format!(
                "{:?} = {:?} -> {:?}{}",
                pair.key.of(value),
                pair.value.of(value),
                pair.value_text,
                if pair.quoted { " quoted" } else { "" }
            )
        })
        .collect();
    for error in &result.errors {
        let span = error.span;
        lines.push(format!("error {}..{}: {}", span.start, span.end, error.message));
    }
    expect.assert_eq(&lines.join("\n"));
}

#[test]
fn sections_entries_comments() {
    check(
        "; top\n[databases]\n  # indented\nappdb = host=db port=5432\n\n[pgbouncer]\r\n\
         listen_port=6432\r\nlogfile = /var/log/x.log ; not a comment  \n",
        expect![[r##"
            comment 0..5 "; top"
            section 6..17 "[databases]" name="databases"
            comment 20..30 "# indented"
            entry [databases] key=31..36 "appdb" name="appdb" value=39..56 "host=db port=5432"
            section 58..69 "[pgbouncer]" name="pgbouncer"
            entry [pgbouncer] key=71..82 "listen_port" name="listen_port" value=83..87 "6432"
            entry [pgbouncer] key=89..96 "logfile" name="logfile" value=99..129 "/var/log/x.log ; not a comment""##]],
    );
}

#[test]
fn fallback_entry_include_and_empty_value() {
    check(
        "[databases]\n* = host=fallback\n%include /etc/pgbouncer/extra.ini  \n[users]\nu1 =\n",
        expect![[r#"
            section 0..11 "[databases]" name="databases"
            entry [databases] key=12..13 "*" name="*" value=16..29 "host=fallback"
            include path=39..63 "/etc/pgbouncer/extra.ini"
            section 66..73 "[users]" name="users"
            entry [users] key=74..76 "u1" name="u1" value=78..78 """#]],
    );
}

#[test]
fn header_rest_of_line_is_read_as_a_new_line() {
    check(
        "[pgbouncer] ; note\n[databases] db = host=x\n[pgbouncer] junk\n",
        expect![[r#"
            section 0..11 "[pgbouncer]" name="pgbouncer"
            comment 12..18 "; note"
            section 19..30 "[databases]" name="databases"
            entry [databases] key=31..33 "db" name="db" value=36..42 "host=x"
            section 43..54 "[pgbouncer]" name="pgbouncer"
            error 55..59 "junk": This line has a key but no `=`: PgBouncer expects `key = value`."#]],
    );
}

#[test]
fn keys_quoted_and_broken() {
    check(
        "[databases]\n'my db' = host=x\n\"dq\" = host=x\ndb\u{e9} = host=x\n'open = x\n\
         entry before\n[unclosed\n",
        expect![[r#"
            section 0..11 "[databases]" name="databases"
            entry [databases] key=12..19 "'my db'" name="my db" quoted value=22..28 "host=x"
            section 80..89 "[unclosed" name="unclosed"
            error 29..42 "\"dq\" = host=x": PgBouncer does not accept double-quoted keys; quote a key with single quotes (PgBouncer 1.25 and later) or use only letters, digits and `_.-*`.
            error 43..56 "dbé = host=x": PgBouncer expects `key = value` here; a key is made of ASCII letters, digits and `_.-*`, and comments must start their own line with `;` or `#`.
            error 57..66 "'open = x": This quoted key has no closing `'` on its line.
            error 67..79 "entry before": PgBouncer expects `key = value` here; a key is made of ASCII letters, digits and `_.-*`, and comments must start their own line with `;` or `#`.
            error 80..89 "[unclosed": This section header has no closing `]`."#]],
    );
}

#[test]
fn entries_before_any_section_have_none() {
    check("x = 1\n", expect![[r#"entry [-] key=0..1 "x" name="x" value=4..5 "1""#]]);
}

#[test]
fn pairs_plain_and_quoted() {
    check_pairs(
        "host=db.internal  port = 5432 password='it''s secret' connect_query='SELECT 1'",
        expect![[r#"
            "host" = "db.internal" -> "db.internal"
            "port" = "5432" -> "5432"
            "password" = "'it''s secret'" -> "it's secret" quoted
            "connect_query" = "'SELECT 1'" -> "SELECT 1" quoted"#]],
    );
    check_pairs("host=a\tport=1", expect![[r#""host" = "a\tport=1" -> "a\tport=1""#]]);
}

#[test]
fn pairs_errors() {
    check_pairs(
        "host=x password='s3cret",
        expect![[r#"
            "host" = "x" -> "x"
            error 16..23: This value opens a single quote that is never closed, so PgBouncer rejects the whole entry; write a literal quote as `''` inside a quoted value."#]],
    );
    check_pairs("host", expect!["error 0..4: PgBouncer expects `=` and a value after this key."]);
    check_pairs(
        "=x",
        expect!["error 0..1: PgBouncer expects `key=value` here, and found no key before `=`."],
    );
    check_pairs(
        "host=",
        expect!["error 4..5: PgBouncer rejects an empty value here; leave the key out instead."],
    );
    check_pairs(
        "password='a'host=x",
        expect![[r#"
            "password" = "'a'" -> "a" quoted
            error 12..13: PgBouncer swallows the character right after a closing quote; put a space between a quoted value and the next key."#]],
    );
}

#[test]
fn quote_value_round_trips() {
    for value in ["plain", "'s3cret", "with space", "a''b"] {
        let quoted = quote_value(value);
        let parsed = parse_pairs(&format!("k={quoted}"), Span::new(0, quoted.len() + 2));
        assert_eq!(parsed.pairs[0].value_text, value);
    }
}
