//! Shell scripts: only the lines that assign variables, `export NAME=value`,
//! `readonly NAME=value`, `local NAME=value`, `declare -x NAME=value` and `NAME=value`
//! (several on a line, as before a command), with the shell's quoting: single quotes
//! are literal, double quotes let a backslash escape `$`, `` ` ``, `"`, `\` and a line
//! break, and outside quotes a backslash escapes any character. Every other line is
//! ignored.
//!
//! `$NAME`, `${...}`, `$(...)` and backquotes are kept as written (their value is only
//! known when the script runs) and edits leave them whole.

use super::{Document, EmbeddedString};
use crate::span::Span;
use crate::syntax::conninfo::{Quoting, SourceMap};

/// Words that may come before the assignments of a line, each followed by options such
/// as `declare -x` or `export -n`.
const DECLARATION_WORDS: [&str; 5] = ["export", "readonly", "local", "declare", "typeset"];

/// Reads every variable assignment; every text is a valid script as far as we read it.
pub fn parse(text: &str) -> Document {
    let mut document = Document::default();
    let bytes = text.as_bytes();
    let mut at = 0;
    while at < bytes.len() {
        at = line(text, at, &mut document.strings);
        // On to the next line, past whatever else this one holds.
        while at < bytes.len() && bytes[at] != b'\n' {
            at += 1;
        }
        at += 1;
    }
    document
}

/// Reads the assignments at the start of the line at `at`; returns where it stopped.
fn line(text: &str, mut at: usize, out: &mut Vec<EmbeddedString>) -> usize {
    let bytes = text.as_bytes();
    at = skip_blanks(bytes, at);
    for word in DECLARATION_WORDS {
        let after = at + word.len();
        if text.get(at..after) == Some(word) && bytes.get(after).is_some_and(|b| is_blank(*b)) {
            at = skip_blanks(bytes, after);
            at = skip_options(bytes, at);
            break;
        }
    }

    loop {
        let name_end = at + bytes[at..].iter().take_while(|b| is_name_byte(**b)).count();
        let starts_well = bytes.get(at).is_some_and(|b| !b.is_ascii_digit());
        if name_end == at || !starts_well || bytes.get(name_end) != Some(&b'=') {
            return at;
        }
        let name = text[at..name_end].to_string();
        let (value, map, end) = word(text, name_end + 1);
        out.push(EmbeddedString {
            key: name.clone(),
            path: name,
            is_variable: true,
            value,
            span: Span::new(name_end + 1, end),
            map,
        });
        at = skip_blanks(bytes, end);
    }
}

/// Past the `-x`, `-rx` words after a declaration word.
fn skip_options(bytes: &[u8], mut at: usize) -> usize {
    while bytes.get(at) == Some(&b'-') {
        while at < bytes.len() && !is_blank(bytes[at]) && bytes[at] != b'\n' {
            at += 1;
        }
        at = skip_blanks(bytes, at);
    }
    at
}

fn is_blank(byte: u8) -> bool {
    matches!(byte, b' ' | b'\t')
}

fn is_name_byte(byte: u8) -> bool {
    byte.is_ascii_alphanumeric() || byte == b'_'
}

fn skip_blanks(bytes: &[u8], mut at: usize) -> usize {
    while at < bytes.len() && is_blank(bytes[at]) {
        at += 1;
    }
    at
}

/// One decoded piece of a word: its length, its source, how it was quoted, and whether
/// it is an expansion whose value the script only knows when it runs.
struct Piece {
    len: usize,
    source: Span,
    quoting: Quoting,
    expansion: bool,
}

/// The word starting at `start`: its value, its map and where it ends.
fn word(text: &str, start: usize) -> (String, SourceMap, usize) {
    let bytes = text.as_bytes();
    let mut value = String::new();
    let mut pieces = Vec::new();
    let mut at = start;
    let mut quote: Option<u8> = None;

    while at < bytes.len() {
        let byte = bytes[at];
        let quoting = match quote {
            Some(b'\'') => Quoting::Single,
            Some(_) => Quoting::Double,
            None => Quoting::ShellWord,
        };
        if quote.is_none() && (is_blank(byte) || b"\n;&|<>()".contains(&byte)) {
            break;
        }
        if quote == Some(byte) {
            quote = None;
            at += 1;
            continue;
        }
        if quote.is_none() && (byte == b'\'' || byte == b'"') {
            quote = Some(byte);
            at += 1;
            continue;
        }
        if quote != Some(b'\'') && (byte == b'$' || byte == b'`') {
            let end = expansion_end(bytes, at);
            let written = text.get(at..end).unwrap_or_default();
            value.push_str(written);
            let source = Span::new(at, end);
            pieces.push(Piece { len: written.len(), source, quoting, expansion: true });
            at = end;
            continue;
        }

        let escapes = match quote {
            None => byte == b'\\' && at + 1 < bytes.len(),
            Some(b'"') => {
                byte == b'\\' && bytes.get(at + 1).is_some_and(|b| b"$`\"\\\n".contains(b))
            }
            Some(_) => false,
        };
        let from = if escapes { at + 1 } else { at };
        let Some(ch) = text.get(from..).and_then(|rest| rest.chars().next()) else {
            break;
        };
        let end = from + ch.len_utf8();
        if !(escapes && ch == '\n') {
            value.push(ch);
            let len = ch.len_utf8();
            pieces.push(Piece { len, source: Span::new(at, end), quoting, expansion: false });
        }
        at = end;
    }

    (value, word_map(&pieces, start, at), at)
}

/// Where an expansion starting at `at` (`$`, or a backquote) ends.
fn expansion_end(bytes: &[u8], at: usize) -> usize {
    let closing = match (bytes[at], bytes.get(at + 1)) {
        (b'`', _) => Some((b'`', b'`')),
        (_, Some(b'{')) => Some((b'{', b'}')),
        (_, Some(b'(')) => Some((b'(', b')')),
        _ => None,
    };
    let Some((open, close)) = closing else {
        let name = bytes[at + 1..].iter().take_while(|b| is_name_byte(**b)).count();
        return at
            + 1
            + name.max(usize::from(bytes.get(at + 1).is_some_and(|b| b"?#@*!$-".contains(b))));
    };

    let mut depth = 0;
    let mut end = if open == b'`' { at + 1 } else { at + 2 };
    if open != b'`' {
        depth = 1;
    }
    while end < bytes.len() {
        let byte = bytes[end];
        end += 1;
        if open == b'`' && byte == b'`' {
            return end;
        }
        if open != b'`' && byte == open {
            depth += 1;
        } else if open != b'`' && byte == close {
            depth -= 1;
            if depth == 0 {
                return end;
            }
        }
    }
    bytes.len()
}

/// The map of a word's pieces. A word quoted one way throughout, or bare throughout, is
/// written back that way (a bare word with backslashes before its metacharacters); one
/// that mixes quotings takes no edits.
fn word_map(pieces: &[Piece], start: usize, end: usize) -> SourceMap {
    let quoting = pieces.first().map_or(Quoting::ShellWord, |piece| piece.quoting);
    let uniform = pieces.iter().all(|piece| piece.quoting == quoting);
    let mut map = SourceMap::new(quoting, start);
    for piece in pieces {
        if piece.expansion {
            map.push_opaque(piece.len, piece.source);
        } else {
            map.push(piece.len, piece.source);
        }
    }
    if !uniform {
        // Not even an insertion at its end: what it adds would be read unquoted.
        map.mark_opaque(Span::new(start, end));
        map.seal();
    }
    map
}
