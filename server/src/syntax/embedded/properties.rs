//! Java `.properties` files as `java.util.Properties.load` reads them: `key=value`,
//! `key: value` and `key value` lines, `#` and `!` comments, a backslash at the end of a
//! line continuing the entry on the next (whose leading blanks are dropped), and the
//! escapes `\t \n \r \f \uXXXX` (a backslash before any other character stands for that
//! character). Spring's `spring.datasource.url` and Quarkus' `quarkus.datasource.*.url`
//! live in such files.

use super::{Document, EmbeddedString};
use crate::span::Span;
use crate::syntax::conninfo::{Quoting, SourceMap};

/// One character of a logical line and the source bytes that wrote it.
type Written = (char, Span);

/// Reads every `key=value` entry; every text is a valid properties file.
pub fn parse(text: &str) -> Document {
    let mut document = Document::default();
    let mut logical: Vec<Written> = Vec::new();
    let mut continuing = false;
    let mut line_start = 0;

    for line in text.split_inclusive('\n') {
        let content = line.trim_end_matches(['\n', '\r']);
        let start = line_start;
        line_start += line.len();

        let blanks = content.len() - content.trim_start_matches([' ', '\t', '\u{c}']).len();
        let body = &content[blanks..];
        if !continuing && (body.is_empty() || body.starts_with(['#', '!'])) {
            continue;
        }
        let trailing = body.len() - body.trim_end_matches('\\').len();
        let continues = trailing % 2 == 1;
        let kept = if continues { &body[..body.len() - 1] } else { body };
        let base = start + blanks;
        logical.extend(
            kept.char_indices()
                .map(|(at, ch)| (ch, Span::new(base + at, base + at + ch.len_utf8()))),
        );

        continuing = continues;
        if !continuing {
            document.strings.extend(entry(&logical));
            logical.clear();
        }
    }
    if !logical.is_empty() {
        document.strings.extend(entry(&logical));
    }
    document
}

/// The entry of one logical line.
fn entry(line: &[Written]) -> Option<EmbeddedString> {
    let is_blank = |ch: char| matches!(ch, ' ' | '\t' | '\u{c}');

    // The key ends at the first `=`, `:` or blank that no backslash escapes.
    let mut at = 0;
    while at < line.len() {
        match line[at].0 {
            '\\' => at += 2,
            ch if ch == '=' || ch == ':' || is_blank(ch) => break,
            _ => at += 1,
        }
    }
    let key_end = at.min(line.len());
    let (key, _) = decode(&line[..key_end]);

    let mut value_start = key_end;
    while value_start < line.len() && is_blank(line[value_start].0) {
        value_start += 1;
    }
    if value_start < line.len() && matches!(line[value_start].0, '=' | ':') {
        value_start += 1;
        while value_start < line.len() && is_blank(line[value_start].0) {
            value_start += 1;
        }
    }

    let written = &line[value_start..];
    let (value, map) = decode(written);
    let span = match (written.first(), written.last()) {
        (Some(first), Some(last)) => Span::new(first.1.start, last.1.end),
        _ => Span::empty(line.last().map_or(0, |last| last.1.end)),
    };
    Some(EmbeddedString { path: key.clone(), key, is_variable: false, value, span, map })
}

/// Decodes the escapes of a key or value, with the map of the value back to its bytes.
fn decode(written: &[Written]) -> (String, SourceMap) {
    let start = written.first().map_or(0, |first| first.1.start);
    let mut value = String::new();
    let mut map = SourceMap::new(Quoting::Backslash, start);
    let mut at = 0;
    while at < written.len() {
        let (ch, span) = written[at];
        if ch != '\\' || at + 1 >= written.len() {
            value.push(ch);
            map.push(ch.len_utf8(), span);
            at += 1;
            continue;
        }

        let (escaped, escaped_span) = written[at + 1];
        let (decoded, taken) = match escaped {
            't' => ('\t', 2),
            'n' => ('\n', 2),
            'r' => ('\r', 2),
            'f' => ('\u{c}', 2),
            'u' => match unicode_escape(&written[at + 2..]) {
                Some(decoded) => (decoded, 6),
                None => ('u', 2),
            },
            other => (other, 2),
        };
        let end = written.get(at + taken - 1).map_or(escaped_span.end, |last| last.1.end);
        value.push(decoded);
        map.push(decoded.len_utf8(), Span::new(span.start, end));
        at += taken;
    }
    (value, map)
}

/// The character of the four hex digits after `\u`, if they are there.
fn unicode_escape(digits: &[Written]) -> Option<char> {
    let hex: String = digits.get(..4)?.iter().map(|(ch, _)| *ch).collect();
    if !hex.chars().all(|ch| ch.is_ascii_hexdigit()) {
        return None;
    }
    char::from_u32(u32::from_str_radix(&hex, 16).ok()?)
}
