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
//! FIXME: `${VAR}` and `$VAR` expansion (which python-dotenv and Compose do in unquoted
//! and double-quoted values) is not applied yet; values are taken literally.

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

        let (value, value_span, quoting, map, next) = match bytes.get(at) {
            Some(b'\'') => single_quoted(text, at, &mut file.errors),
            Some(b'"') => double_quoted(text, at, &mut file.errors),
            _ => unquoted(text, at, &mut file.comments),
        };
        at = next;

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
        });
    }
    file
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
    let inner_end = close.unwrap_or(bytes.len());
    if close.is_none() {
        errors.push(SyntaxError {
            span: Span::new(start, inner_end),
            message: "This quoted value never ends: add the closing `'`".to_string(),
        });
    }
    let mut map = SourceMap::new(Quoting::Single, inner);
    for at in inner..inner_end {
        map.push(1, Span::new(at, at + 1));
    }
    let next = close.map_or(bytes.len(), |close| close + 1);
    (text[inner..inner_end].to_string(), Span::new(start, next), Quoting::Single, map, next)
}

/// A double-quoted value, with its escapes decoded.
fn double_quoted(text: &str, start: usize, errors: &mut Vec<SyntaxError>) -> Value {
    let inner = start + 1;
    let mut map = SourceMap::new(Quoting::Double, inner);
    let mut value = String::new();
    let mut chars = text[inner..].char_indices().peekable();
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

    let inner_end = close.unwrap_or(text.len());
    if close.is_none() {
        errors.push(SyntaxError {
            span: Span::new(start, inner_end),
            message: "This quoted value never ends: add the closing `\"`".to_string(),
        });
    }
    let next = close.map_or(text.len(), |close| close + 1);
    (value, Span::new(start, next), Quoting::Double, map, next)
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
                A="open\nB='x' trailing\n" Double value@13..34
                error @0..10: This line is not a `KEY=VALUE` assignment, so loaders skip it or stop with an error
                error @13..34: This quoted value never ends: add the closing `"`"#]],
        );
        check(
            "B='x' trailing\n",
            expect_test::expect![[r#"
                B="x" Single value@2..5
                error @6..14: Text after the closing quote is dropped or refused, depending on the loader; move it inside the quotes"#]],
        );
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
