//! Decoding a quoted scalar again, byte by byte, to learn which source bytes wrote each
//! decoded byte. The formats' parsers give only the decoded value; the callers keep
//! these maps only when they decode to exactly that value.

use crate::span::Span;
use crate::syntax::conninfo::{Quoting, SourceMap};

/// The escape rules of a double-quoted string.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Dialect {
    /// RFC 8259: `\" \\ \/ \b \f \n \r \t \uXXXX`, surrogate pairs as two `\u`.
    Json,
    /// YAML 1.2 double quotes: JSON's, and `\0 \a \v \e \N \_ \L \P \xXX \UXXXXXXXX`, an
    /// escaped space or tab.
    Yaml,
    /// TOML basic strings: `\b \t \n \f \r \" \\ \e \xHH \uXXXX \UXXXXXXXX`.
    Toml,
}

/// Decodes `source`, a one-line double-quoted string with its quotes, that starts at
/// byte `base` of its file. `None` when it is not one (no closing quote, a line break,
/// an escape the dialect does not have).
pub fn double_quoted(source: &str, base: usize, dialect: Dialect) -> Option<(String, SourceMap)> {
    let inner = source.strip_prefix('"')?.strip_suffix('"')?;
    if inner.contains(['\n', '\r']) {
        return None;
    }

    let mut value = String::new();
    let mut map = SourceMap::new(Quoting::Backslash, base + 1);
    let mut at = 0;
    while at < inner.len() {
        let rest = inner.get(at..)?;
        let (decoded, consumed) = if let Some(escape) = rest.strip_prefix('\\') {
            let (ch, len) = escape_char(escape, dialect)?;
            (ch, len + 1)
        } else {
            let ch = rest.chars().next()?;
            (ch, ch.len_utf8())
        };
        value.push(decoded);
        map.push(decoded.len_utf8(), Span::new(base + 1 + at, base + 1 + at + consumed));
        at += consumed;
    }
    Some((value, map))
}

/// The character an escape stands for (`escape` starts after the backslash) and how
/// many bytes of `escape` it takes.
fn escape_char(escape: &str, dialect: Dialect) -> Option<(char, usize)> {
    let letter = escape.chars().next()?;
    let simple = match letter {
        '"' | '\\' => Some(letter),
        '/' if dialect != Dialect::Toml => Some('/'),
        'b' => Some('\u{8}'),
        'f' => Some('\u{c}'),
        'n' => Some('\n'),
        'r' => Some('\r'),
        't' => Some('\t'),
        'e' if dialect != Dialect::Json => Some('\u{1b}'),
        '0' if dialect == Dialect::Yaml => Some('\0'),
        'a' if dialect == Dialect::Yaml => Some('\u{7}'),
        'v' if dialect == Dialect::Yaml => Some('\u{b}'),
        ' ' if dialect == Dialect::Yaml => Some(' '),
        '\t' if dialect == Dialect::Yaml => Some('\t'),
        'N' if dialect == Dialect::Yaml => Some('\u{85}'),
        '_' if dialect == Dialect::Yaml => Some('\u{a0}'),
        'L' if dialect == Dialect::Yaml => Some('\u{2028}'),
        'P' if dialect == Dialect::Yaml => Some('\u{2029}'),
        _ => None,
    };
    if let Some(ch) = simple {
        return Some((ch, letter.len_utf8()));
    }

    let digits = match letter {
        'x' if dialect != Dialect::Json => 2,
        'u' => 4,
        'U' if dialect != Dialect::Json => 8,
        _ => return None,
    };
    let code = hex(escape.get(1..1 + digits)?)?;
    if dialect == Dialect::Json && (0xD800..0xDC00).contains(&code) {
        // A high surrogate pairs with the `\uXXXX` low surrogate right after it.
        let low =
            hex(escape.get(1 + digits..).and_then(|rest| rest.strip_prefix("\\u"))?.get(..4)?)?;
        if !(0xDC00..0xE000).contains(&low) {
            return None;
        }
        let combined = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00);
        return Some((char::from_u32(combined)?, 1 + digits + 6));
    }
    Some((char::from_u32(code)?, 1 + digits))
}

/// The value of a string of hex digits, which must all be hex digits.
fn hex(digits: &str) -> Option<u32> {
    if !digits.bytes().all(|byte| byte.is_ascii_hexdigit()) {
        return None;
    }
    u32::from_str_radix(digits, 16).ok()
}

/// Decodes `source`, a one-line YAML single-quoted string with its quotes (`''` is a
/// quote), that starts at byte `base`.
pub fn yaml_single_quoted(source: &str, base: usize) -> Option<(String, SourceMap)> {
    let inner = source.strip_prefix('\'')?.strip_suffix('\'')?;
    if inner.contains(['\n', '\r']) {
        return None;
    }

    let mut value = String::new();
    let mut map = SourceMap::new(Quoting::Single, base + 1);
    let mut at = 0;
    for (offset, ch) in inner.char_indices() {
        if offset < at {
            continue;
        }
        let consumed = if ch == '\'' { 2 } else { ch.len_utf8() };
        if ch == '\'' && inner.get(offset + 1..offset + 2) != Some("'") {
            return None;
        }
        value.push(ch);
        map.push(ch.len_utf8(), Span::new(base + 1 + offset, base + 1 + offset + consumed));
        at = offset + consumed;
    }
    Some((value, map))
}

/// Maps `source`, text between `open` and `close` bytes of quoting (none for a plain
/// scalar, one `'` for a TOML literal string) that stands for itself, starting at byte
/// `base`; `None` when it spans lines.
pub fn literal(
    source: &str,
    base: usize,
    quote: &str,
    quoting: Quoting,
) -> Option<(String, SourceMap)> {
    let inner = source.strip_prefix(quote)?.strip_suffix(quote)?;
    if inner.contains(['\n', '\r']) {
        return None;
    }
    let start = base + quote.len();
    let mut map = SourceMap::new(quoting, start);
    for at in 0..inner.len() {
        map.push(1, Span::new(start + at, start + at + 1));
    }
    Some((inner.to_string(), map))
}
