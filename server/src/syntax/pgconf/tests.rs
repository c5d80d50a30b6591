//! Parser snapshots: token classes, well-formed lines, broken lines, commented settings.

use super::*;
use expect_test::{expect, Expect};

fn position(text: &str, offset: usize) -> String {
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let column = offset - before.rfind('\n').map_or(0, |at| at + 1) + 1;
    format!("{line}:{column}")
}

/// Renders entries and errors of `text`, one a line.
#[track_caller]
fn check(text: &str, expect: Expect) {
    let file = parse(text);
    let mut lines = Vec::new();
    for entry in &file.entries {
        let mut line = format!(
            "{} {} = {:?} {:?}",
            position(text, entry.name.start),
            entry.name.of(text),
            entry.value.kind,
            entry.value.text,
        );
        if let Some(directive) = entry.directive {
            line.push_str(&format!(" directive={}", directive.name()));
        }
        if let Some(comment) = entry.comment {
            line.push_str(&format!(" comment={:?}", comment.of(text)));
        }
        lines.push(line);
    }
    for error in &file.errors {
        lines.push(format!("{} error: {}", position(text, error.span.start), error.message));
    }
    expect.assert_eq(&lines.join("\n"));
}

#[track_caller]
fn check_tokens(text: &str, expect: Expect) {
    let rendered: Vec<String> = lex(text)
        .iter()
        .filter(|t| !t.kind.is_trivia() && t.kind != TokenKind::Newline)
        .map(|t| format!("{:?}({})", t.kind, t.span.of(text)))
        .collect();
    expect.assert_eq(&rendered.join(" "));
}

#[test]
fn token_classes_follow_longest_match() {
    check_tokens(
        "10.0.0.5 5993KB 0x1F 0x1FMB 0xZ a.b a.b.c local-host:5 1e2 1.5e3 . -.5 +5 '' 'a''b' 'x",
        expect!["Real(10.0) Real(.0) Real(.5) Integer(5993KB) Integer(0x1F) Integer(0x1FMB) Integer(0xZ) QualifiedIdentifier(a.b) UnquotedString(a.b.c) UnquotedString(local-host:5) Integer(1e) Integer(2) Real(1.5e3) Real(.) Real(-.5) Integer(+5) QuotedString('') QuotedString('a''b') Error(') Identifier(x)"],
    );
}

#[test]
fn quoted_strings_end_at_the_longest_closing_quote() {
    check_tokens(
        r"'a'' b' 'it\'s' 'a\\' 'x\",
        expect![[
            r#"QuotedString('a'' b') QuotedString('it\'s') QuotedString('a\\') Error(') Identifier(x) Error(\)"#
        ]],
    );
    check_tokens("'a'' x", expect!["QuotedString('a') Error(') Identifier(x)"]);
}

#[test]
fn well_formed_lines() {
    check(
        "port 5432\nPORT = '5432' # the port\nshared_buffers=128MB\n\
         log_line_prefix = '%m [%p] '\nsearch_path = '\"$user\", public'\n\
         random_page_cost = .5\ntimezone = Europe/Berlin\npg_stat_statements.max = 10000\n\
         escapes = 'a\\tb\\101\\'c''d'\n  indented\t=\t1\r\nlast = on",
        expect![[r##"
            1:1 port = Integer "5432"
            2:1 PORT = Quoted "5432" comment="# the port"
            3:1 shared_buffers = Integer "128MB"
            4:1 log_line_prefix = Quoted "%m [%p] "
            5:1 search_path = Quoted "\"$user\", public"
            6:1 random_page_cost = Real ".5"
            7:1 timezone = UnquotedString "Europe/Berlin"
            8:1 pg_stat_statements.max = Integer "10000"
            9:1 escapes = Quoted "a\tbA'c'd"
            10:3 indented = Integer "1"
            11:1 last = Identifier "on""##]],
    );
}

#[test]
fn directives_are_recognised_case_insensitively() {
    check(
        "include 'a.conf'\nINCLUDE_IF_EXISTS = 'b.conf'\ninclude_dir 'conf.d'\nx.include = 1\n",
        expect![[r#"
            1:1 include = Quoted "a.conf" directive=include
            2:1 INCLUDE_IF_EXISTS = Quoted "b.conf" directive=include_if_exists
            3:1 include_dir = Quoted "conf.d" directive=include_dir
            4:1 x.include = Integer "1""#]],
    );
}

#[test]
fn broken_lines_are_reported_where_the_server_reports_them() {
    check(
        "listen_addresses = 10.0.0.5\neffective_cache_size = 5993 KB\nport =\n= 5432\n\
         datestyle = iso, mdy\nlisten_addresses = *\nsearch_path = \"$user\", public\n\
         log_line_prefix = 'unterminated\na.b.c = 1\nport = 5432 # ok\nport = 5432\x0b\n\
         port = 5432;\nport\n",
        expect![[r##"
            10:1 port = Integer "5432" comment="# ok"
            1:24 error: unexpected `.0` after the value: a line holds one value, and a value with spaces, commas or other punctuation must be single-quoted
            2:29 error: unexpected `KB` after the value: a line holds one value, and a value with spaces, commas or other punctuation must be single-quoted
            3:7 error: the line ends before the parameter has a value
            4:1 error: expected a parameter name here, found `=`
            5:16 error: unexpected `,` after the value: a line holds one value, and a value with spaces, commas or other punctuation must be single-quoted
            6:20 error: expected a value here, found `*`
            7:15 error: expected a value here, found `"` (PostgreSQL quotes values with single quotes)
            8:19 error: expected a value here, found an unterminated quote `'`
            9:1 error: expected a parameter name here, found `a.b.c`
            11:12 error: unexpected `` after the value: a line holds one value, and a value with spaces, commas or other punctuation must be single-quoted
            12:12 error: unexpected `;` after the value: a line holds one value, and a value with spaces, commas or other punctuation must be single-quoted
            13:5 error: the line ends before the parameter has a value"##]],
    );
}

#[test]
fn commented_settings_are_found_with_their_replaceable_span() {
    let text = "#tcp_keepalives_idle = 0\t\t# TCP_KEEPIDLE, in seconds;\n\
                # just words here\n#port 5432\n#include_dir = 'conf.d'\n";
    let file = parse(text);
    let rendered: Vec<String> = commented_entries(text, &file)
        .iter()
        .map(|c| {
            format!("{} value={:?} setting={:?}", c.name.of(text), c.value.text, c.setting.of(text))
        })
        .collect();
    expect![[r##"tcp_keepalives_idle value="0" setting="#tcp_keepalives_idle = 0""##]]
        .assert_eq(&rendered.join("\n"));
}

#[test]
fn every_byte_is_in_exactly_one_token() {
    let text = "a = 'é''x' # ü\n\u{1F600} = 1\n\t= ' \\\n";
    let tokens = lex(text);
    let mut at = 0;
    for token in &tokens {
        assert_eq!(token.span.start, at);
        assert!(text.is_char_boundary(token.span.start));
        assert!(text.is_char_boundary(token.span.end));
        at = token.span.end;
    }
    assert_eq!(at, text.len());
}
