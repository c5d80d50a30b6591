//! `.env` files as people write them and as the common loaders (python-dotenv, Docker
//! Compose, node's dotenv) agree on reading them.
//!
//! `KEY=VALUE` lines, an optional `export ` before the key, `#` comments and blank lines.
//! A value is unquoted (to the end of the line; a `#` after a blank starts a comment),
//! single-quoted (literal, may span lines) or double-quoted (may span lines; `\n`, `\r`,
//! `\t`, `\"`, `\\` and `\$` are escapes). Every entry keeps a [`SourceMap`] from its
//! decoded value back to the file, so findings inside an embedded connection string land
//! on the right bytes.
//!
//! `${VAR}`, `${VAR:-default}`, `${VAR-default}` and `$VAR` in unquoted and double-quoted
//! values are expanded from the assignments above them in the same file, as python-dotenv,
//! Docker Compose and dotenv-expand do; single-quoted values and `\$` stay literal. A
//! reference to a variable the file does not set is kept as written (its value comes from
//! the environment, which we cannot see). The bytes an expansion brings in map to the
//! reference, so findings about them land on `${VAR}`, and edits leave references whole.

use crate::span::Span;
use crate::syntax::conninfo::{Quoting, SourceMap};

/// One `KEY=VALUE` assignment.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Entry {
    /// The `export` keyword, when the line starts with it.
    pub export_span: Option<Span>,
    pub key: String,
    pub key_span: Span,
    /// The value after unquoting and unescaping.
    pub value: String,
    /// The value as written, quotes included.
    pub value_span: Span,
    pub quoting: Quoting,
    /// From offsets of `value` to offsets of the file.
    pub map: SourceMap,
    /// The whole assignment, from `export` or the key to the end of the value.
    pub span: Span,
    /// The `${VAR}`/`$VAR` references in the value, resolved or not.
    pub references: Vec<Reference>,
    /// The value opens a quote that the file never closes: loaders disagree on what it
    /// holds, so `value` is only the rest of its line and rules should not judge it.
    pub unclosed: bool,
}

/// One `${VAR}` or `$VAR` in a value.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Reference {
    pub name: String,
    /// The whole reference in the file, `${` to `}`.
    pub span: Span,
    /// The line of the assignment it took its value from; `None` when the file does not
    /// set the variable above the reference (and no default applied).
    pub resolved_from: Option<Span>,
}

/// Text a loader would refuse or misread.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SyntaxError {
    pub span: Span,
    pub message: String,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct DotEnv {
    pub entries: Vec<Entry>,
    pub comments: Vec<Span>,
    pub errors: Vec<SyntaxError>,
}

impl DotEnv {
    /// The entry a loader ends up with for `key`: the last one.
    pub fn get(&self, key: &str) -> Option<&Entry> {
        self.entries.iter().rev().find(|entry| entry.key == key)
    }
}

fn is_blank(byte: u8) -> bool {
    matches!(byte, b' ' | b'\t' | b'\r')
}

fn is_key_byte(byte: u8) -> bool {
    byte.is_ascii_alphanumeric() || matches!(byte, b'_' | b'.' | b'-')
}

/// The end of the line `at` is on, before its `\n`.
fn line_end(bytes: &[u8], at: usize) -> usize {
    (at..bytes.len()).find(|&i| bytes[i] == b'\n').unwrap_or(bytes.len())
}

/// Parses a `.env` file.
pub fn parse(text: &str) -> DotEnv {
    let bytes = text.as_bytes();
    let mut file = DotEnv::default();
    let mut at = 0;

    while at < bytes.len() {
        while at < bytes.len() && is_blank(bytes[at]) {
            at += 1;
        }
        if at >= bytes.len() {
            break;
        }
        if bytes[at] == b'\n' {
            at += 1;
            continue;
        }
        if bytes[at] == b'#' {
            let end = line_end(bytes, at);
            file.comments.push(Span::new(at, end));
            at = end;
            continue;
        }

        let entry_start = at;
        let mut export_span = None;
        if text[at..].starts_with("export") && bytes.get(at + 6).is_some_and(|&b| is_blank(b)) {
            export_span = Some(Span::new(at, at + 6));
            at += 6;
            while at < bytes.len() && is_blank(bytes[at]) {
                at += 1;
            }
        }

        let key_start = at;
        while at < bytes.len() && is_key_byte(bytes[at]) {
            at += 1;
        }
        let key_span = Span::new(key_start, at);
        while at < bytes.len() && is_blank(bytes[at]) {
            at += 1;
        }
        if key_span.is_empty() || bytes.get(at) != Some(&b'=') {
            let end = line_end(bytes, entry_start);
            file.errors.push(SyntaxError {
                span: Span::new(entry_start, trim_end(bytes, entry_start, end)),
                message: "This line is not a `KEY=VALUE` assignment, so loaders skip it \
                          or stop with an error"
                    .to_string(),
            });
            at = end;
            continue;
        }
        at += 1;
        while at < bytes.len() && matches!(bytes[at], b' ' | b'\t') {
            at += 1;
        }

        // The quoted readers report nothing but a quote never closed.
        let errors_before = file.errors.len();
        let (value, value_span, quoting, map, next) = match bytes.get(at) {
            Some(b'\'') => single_quoted(text, at, &mut file.errors),
            Some(b'"') => double_quoted(text, at, &mut file.errors),
            _ => unquoted(text, at, &mut file.comments),
        };
        at = next;
        let unclosed = file.errors.len() > errors_before;

        // After a closing quote only blanks and a comment may follow.
        if quoting != Quoting::None {
            while at < bytes.len() && is_blank(bytes[at]) {
                at += 1;
            }
            let end = line_end(bytes, at);
            if bytes.get(at) == Some(&b'#') {
                file.comments.push(Span::new(at, end));
            } else if at < end {
                file.errors.push(SyntaxError {
                    span: Span::new(at, trim_end(bytes, at, end)),
                    message: "Text after the closing quote is dropped or refused, \
                              depending on the loader; move it inside the quotes"
                        .to_string(),
                });
            }
            at = end;
        }

        file.entries.push(Entry {
            export_span,
            key: key_span.of(text).to_string(),
            key_span,
            value,
            value_span,
            quoting,
            map,
            span: Span::new(entry_start, value_span.end),
            references: Vec::new(),
            unclosed,
        });
        let index = file.entries.len() - 1;
        expand(&mut file.entries, index);
    }
    file
}

fn is_name_start(byte: u8) -> bool {
    byte.is_ascii_alphabetic() || byte == b'_'
}

fn is_name_byte(byte: u8) -> bool {
    byte.is_ascii_alphanumeric() || byte == b'_'
}

/// A reference starting at decoded offset `at` (on a `$`): (name, default, decoded end).
fn reference_at(value: &str, at: usize) -> Option<(String, Option<String>, usize)> {
    let bytes = value.as_bytes();
    if bytes.get(at + 1) == Some(&b'{') {
        let name_start = at + 2;
        let mut end = name_start;
        while end < bytes.len() && is_name_byte(bytes[end]) {
            end += 1;
        }
        if end == name_start || !is_name_start(bytes[name_start]) {
            return None;
        }
        let name = value[name_start..end].to_string();
        if bytes.get(end) == Some(&b'}') {
            return Some((name, None, end + 1));
        }
        let default_start = if value[end..].starts_with(":-") {
            end + 2
        } else if bytes.get(end) == Some(&b'-') {
            end + 1
        } else {
            return None;
        };
        let close = value[default_start..].find('}')? + default_start;
        return Some((name, Some(value[default_start..close].to_string()), close + 1));
    }
    let name_start = at + 1;
    if !bytes.get(name_start).is_some_and(|&byte| is_name_start(byte)) {
        return None;
    }
    let mut end = name_start;
    while end < bytes.len() && is_name_byte(bytes[end]) {
        end += 1;
    }
    Some((value[name_start..end].to_string(), None, end))
}

/// Expands the references in entry `index` from the entries above it.
fn expand(entries: &mut [Entry], index: usize) {
    let (above, rest) = entries.split_at_mut(index);
    let entry = &mut rest[0];
    if entry.quoting == Quoting::Single || !entry.value.contains('$') {
        return;
    }

    let value = entry.value.clone();
    let old_map = entry.map.clone();
    let mut expanded = String::with_capacity(value.len());
    let mut map = SourceMap::new(entry.quoting, old_map.offset(0));
    let mut references = Vec::new();
    let mut at = 0;
    while at < value.len() {
        // A `$` written as `\$` is literal: its source is two bytes.
        let literal_dollar = old_map.span(Span::new(at, at + 1)).len() != 1;
        let found = (value.as_bytes()[at] == b'$' && !literal_dollar)
            .then(|| reference_at(&value, at))
            .flatten();
        let Some((name, default, end)) = found else {
            let len = value[at..].chars().next().map_or(1, char::len_utf8);
            for byte in at..at + len {
                map.push(1, old_map.span(Span::new(byte, byte + 1)));
            }
            expanded.push_str(&value[at..at + len]);
            at += len;
            continue;
        };

        let source = old_map.span(Span::new(at, end));
        let assigned = above.iter().rev().find(|other| other.key == name);
        let replacement = match (assigned, default) {
            (Some(other), Some(default)) if other.value.is_empty() => Some(default),
            (Some(other), _) => Some(other.value.clone()),
            (None, Some(default)) => Some(default),
            (None, None) => None,
        };
        match replacement {
            Some(replacement) => {
                map.push_opaque(replacement.len(), source);
                expanded.push_str(&replacement);
            }
            None => {
                for byte in at..end {
                    map.push(1, old_map.span(Span::new(byte, byte + 1)));
                }
                expanded.push_str(&value[at..end]);
            }
        }
        references.push(Reference {
            name,
            span: source,
            resolved_from: assigned.map(|other| other.span),
        });
        at = end;
    }
    entry.value = expanded;
    entry.map = map;
    entry.references = references;
}

/// `end` moved left past trailing blanks, not before `start`.
fn trim_end(bytes: &[u8], start: usize, mut end: usize) -> usize {
    while end > start && is_blank(bytes[end - 1]) {
        end -= 1;
    }
    end
}

type Value = (String, Span, Quoting, SourceMap, usize);

/// An unquoted value: to the end of the line, less a `#` comment after a blank and
/// trailing blanks.
fn unquoted(text: &str, start: usize, comments: &mut Vec<Span>) -> Value {
    let bytes = text.as_bytes();
    let end = line_end(bytes, start);
    let comment = (start..end)
        .find(|&i| bytes[i] == b'#' && (i == start || matches!(bytes[i - 1], b' ' | b'\t')));
    if let Some(comment) = comment {
        comments.push(Span::new(comment, end));
    }
    let value_end = trim_end(bytes, start, comment.unwrap_or(end));
    let span = Span::new(start, value_end);
    (span.of(text).to_string(), span, Quoting::None, SourceMap::identity(start, span.len()), end)
}

/// A single-quoted value: every byte literal up to the next `'`.
fn single_quoted(text: &str, start: usize, errors: &mut Vec<SyntaxError>) -> Value {
    let bytes = text.as_bytes();
    let inner = start + 1;
    let close = (inner..bytes.len()).find(|&i| bytes[i] == b'\'');
    let inner_end = close.unwrap_or_else(|| trim_end(bytes, inner, line_end(bytes, inner)));
    if close.is_none() {
        errors.push(unclosed_quote(start, '\''));
    }
    let mut map = SourceMap::new(Quoting::Single, inner);
    for at in inner..inner_end {
        map.push(1, Span::new(at, at + 1));
    }
    let next = close.map_or(inner_end, |close| close + 1);
    (text[inner..inner_end].to_string(), Span::new(start, next), Quoting::Single, map, next)
}

/// A double-quoted value, with its escapes decoded.
fn double_quoted(text: &str, start: usize, errors: &mut Vec<SyntaxError>) -> Value {
    let (value, map, close) = decode_double_quoted(text, start, text.len());
    if let Some(close) = close {
        return (value, Span::new(start, close + 1), Quoting::Double, map, close + 1);
    }
    errors.push(unclosed_quote(start, '"'));

    // Never closed: the value is its own line only, so that the lines after it stay
    // entries of their own.
    let bytes = text.as_bytes();
    let end = trim_end(bytes, start + 1, line_end(bytes, start + 1));
    let (value, map, _) = decode_double_quoted(text, start, end);
    (value, Span::new(start, end), Quoting::Double, map, end)
}

/// The value of the double quote at `start`, read up to its closing quote (returned) or
/// to `limit`.
fn decode_double_quoted(
    text: &str,
    start: usize,
    limit: usize,
) -> (String, SourceMap, Option<usize>) {
    let inner = start + 1;
    let mut map = SourceMap::new(Quoting::Double, inner);
    let mut value = String::new();
    let mut chars = text[inner..limit].char_indices().peekable();
    let mut close = None;

    while let Some((offset, ch)) = chars.next() {
        let at = inner + offset;
        match ch {
            '"' => {
                close = Some(at);
                break;
            }
            '\\' => {
                let escaped = chars.peek().copied();
                let decoded = match escaped {
                    Some((_, 'n')) => Some('\n'),
                    Some((_, 'r')) => Some('\r'),
                    Some((_, 't')) => Some('\t'),
                    Some((_, other @ ('"' | '\\' | '$'))) => Some(other),
                    _ => None,
                };
                if let Some(decoded) = decoded {
                    chars.next();
                    value.push(decoded);
                    map.push(decoded.len_utf8(), Span::new(at, at + 2));
                } else {
                    value.push('\\');
                    map.push(1, Span::new(at, at + 1));
                }
            }
            other => {
                value.push(other);
                let len = other.len_utf8();
                for byte in 0..len {
                    map.push(1, Span::new(at + byte, at + byte + 1));
                }
            }
        }
    }
    (value, map, close)
}

/// The error on the opening `quote` at `start` of a value the file never closes.
///
/// Loaders part ways here: Docker Compose refuses the file, python-dotenv warns and skips
/// the line, node's dotenv keeps the quote as part of a one-line value.
fn unclosed_quote(start: usize, quote: char) -> SyntaxError {
    SyntaxError {
        span: Span::new(start, start + 1),
        message: format!(
            "This quote is never closed, so loaders disagree on the value: Docker Compose \
             refuses the file, python-dotenv skips the line and node's dotenv keeps the quote \
             in the value. Add the closing `{quote}`."
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn render(text: &str) -> String {
        let file = parse(text);
        let mut out = Vec::new();
        for entry in &file.entries {
            out.push(format!(
                "{}{}={:?} {:?} value@{}..{}",
                if entry.export_span.is_some() { "export " } else { "" },
                entry.key,
                entry.value,
                entry.quoting,
                entry.value_span.start,
                entry.value_span.end
            ));
        }
        for comment in &file.comments {
            out.push(format!("comment {:?}", comment.of(text)));
        }
        for error in &file.errors {
            out.push(format!("error @{}..{}: {}", error.span.start, error.span.end, error.message));
        }
        out.join("\n")
    }

    #[track_caller]
    fn check(text: &str, expect: expect_test::Expect) {
        expect.assert_eq(&render(text));
    }

    #[test]
    fn the_usual_forms() {
        check(
            "# db\nexport A=1\nB = two words # note\nC='x # y'\n\
             D=\"a\\\"b\\nc\"  # d\nE=\nF=a#b\r\n",
            expect_test::expect![[r##"
                export A="1" None value@14..15
                B="two words" None value@20..29
                C="x # y" Single value@39..46
                D="a\"b\nc" Double value@49..58
                E="" None value@66..66
                F="a#b" None value@69..72
                comment "# db"
                comment "# note"
                comment "# d""##]],
        );
    }

    #[test]
    fn quoted_values_span_lines() {
        check(
            "KEY=\"line one\nline two\"\nNEXT='a\nb'\n",
            expect_test::expect![[r#"
                KEY="line one\nline two" Double value@4..23
                NEXT="a\nb" Single value@29..34"#]],
        );
    }

    #[test]
    fn errors_beside_the_tree() {
        check(
            "just words\nA=\"open\nB='x' trailing\n",
            expect_test::expect![[r#"
                A="open" Double value@13..18
                B="x" Single value@21..24
                error @0..10: This line is not a `KEY=VALUE` assignment, so loaders skip it or stop with an error
                error @13..14: This quote is never closed, so loaders disagree on the value: Docker Compose refuses the file, python-dotenv skips the line and node's dotenv keeps the quote in the value. Add the closing `"`.
                error @25..33: Text after the closing quote is dropped or refused, depending on the loader; move it inside the quotes"#]],
        );
        check(
            "B='x' trailing\n",
            expect_test::expect![[r#"
                B="x" Single value@2..5
                error @6..14: Text after the closing quote is dropped or refused, depending on the loader; move it inside the quotes"#]],
        );
    }

    #[test]
    fn references_expand_from_the_lines_above() {
        let text = "USER=app\nPASS=s3cret\nURL=postgres://${USER}:${PASS}@$HOST/${DB:-app}\n\
                    Q='${USER}'\nE=\"\\$USER $USER\"\n";
        check(
            text,
            expect_test::expect![[r#"
                USER="app" None value@5..8
                PASS="s3cret" None value@14..20
                URL="postgres://app:s3cret@$HOST/app" None value@25..68
                Q="${USER}" Single value@71..80
                E="$USER app" Double value@83..97"#]],
        );
        let file = parse(text);
        let url = &file.entries[2];
        let references: Vec<String> = url
            .references
            .iter()
            .map(|reference| {
                let from = reference.resolved_from.map(|span| span.of(text));
                format!("{} {:?} from {from:?}", reference.name, reference.span.of(text))
            })
            .collect();
        expect_test::expect![[r#"
            USER "${USER}" from Some("USER=app")
            PASS "${PASS}" from Some("PASS=s3cret")
            HOST "$HOST" from None
            DB "${DB:-app}" from None"#]]
        .assert_eq(&references.join("\n"));

        // The password's bytes map to its reference, which edits leave alone.
        let password = Span::new(15, 21);
        assert_eq!(&url.value[15..21], "s3cret");
        assert_eq!(url.map.span(password).of(text), "${PASS}");
        assert!(!url.map.editable(url.map.span(password)));
        assert!(url.map.editable(url.map.span(Span::new(0, 5))));
    }

    #[test]
    fn source_map_points_into_the_quotes() {
        let text = "URL=\"a\\\"b\"";
        let file = parse(text);
        let entry = &file.entries[0];
        assert_eq!(entry.value, "a\"b");
        let quote = entry.map.span(Span::new(1, 2));
        assert_eq!(quote.of(text), "\\\"");
        assert_eq!(entry.map.span(Span::new(0, 3)).of(text), "a\\\"b");
    }
}
