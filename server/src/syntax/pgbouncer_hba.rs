//! The tokens of PgBouncer's `auth_hba_file`, cut as PgBouncer's own reader cuts them
//! (`next_token` in `src/hba.c`), which is not PostgreSQL's tokenizer:
//!
//! - each line stands alone: no `\` continuation, no `include` directives;
//! - a token ends at white space, `,`, `#` or `"`, so `a"b"` is two tokens and `#` starts a
//!   comment even in the middle of a word;
//! - a quoted token runs to the next lone `"`, with `""` standing for one quote; a quote
//!   left open ends the line's tokens there (PgBouncer cannot read past it);
//! - keywords are compared case-sensitively, later, by the rules: `HOST` is no type.
//!
//! The parser never fails: every line becomes its tokens with byte spans into the text.

use crate::span::Span;

/// What a token is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TokenKind {
    /// A bare word: a keyword, a name, an address, a method, an option.
    Word,
    /// A double-quoted name; its text is the name with `""` read as `"`.
    Quoted,
    /// A `,` between the names of a list.
    Comma,
    /// A quote left open: PgBouncer stops reading the line here.
    Unterminated,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Token {
    pub kind: TokenKind,
    /// The token's bytes in the file, quotes included.
    pub span: Span,
    /// What PgBouncer reads: the word, or the quoted name without its quotes.
    pub text: String,
}

/// One line of the file, without its line break.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Line {
    /// 1-based, as PgBouncer counts in its log.
    pub number: usize,
    pub span: Span,
    pub tokens: Vec<Token>,
}

/// Every line of `text`, blank and comment lines included (with no tokens).
pub fn parse(text: &str) -> Vec<Line> {
    let mut lines = Vec::new();
    let mut start = 0;

    for (index, raw) in text.split_inclusive('\n').enumerate() {
        let content = raw.strip_suffix('\n').unwrap_or(raw);
        let span = Span::new(start, start + content.len());
        lines.push(Line { number: index + 1, span, tokens: tokens(text, span) });
        start += raw.len();
    }
    lines
}

/// The white space of C's `isspace` in the C locale.
fn is_space(byte: u8) -> bool {
    matches!(byte, b' ' | b'\t' | b'\n' | b'\x0b' | b'\x0c' | b'\r')
}

/// The tokens of the line at `span`. PgBouncer reads the line as a C string, so a NUL
/// byte ends it.
fn tokens(text: &str, span: Span) -> Vec<Token> {
    let bytes = text.as_bytes();
    let end = bytes[span.start..span.end]
        .iter()
        .position(|&byte| byte == 0)
        .map_or(span.end, |at| span.start + at);
    let mut tokens = Vec::new();
    let mut pos = span.start;

    loop {
        while pos < end && is_space(bytes[pos]) {
            pos += 1;
        }
        if pos >= end || bytes[pos] == b'#' {
            return tokens;
        }

        let start = pos;
        let token = match bytes[pos] {
            b',' => {
                pos += 1;
                Token { kind: TokenKind::Comma, span: Span::new(start, pos), text: ",".into() }
            }
            b'"' => match closing_quote(bytes, start + 1, end) {
                Some(close) => {
                    pos = close + 1;
                    let inner = &text[start + 1..close];
                    let span = Span::new(start, pos);
                    Token { kind: TokenKind::Quoted, span, text: inner.replace("\"\"", "\"") }
                }
                None => {
                    let span = Span::new(start, end);
                    tokens.push(Token { kind: TokenKind::Unterminated, span, text: String::new() });
                    return tokens;
                }
            },
            _ => {
                pos += 1;
                while pos < end
                    && !matches!(bytes[pos], b',' | b'#' | b'"')
                    && !is_space(bytes[pos])
                {
                    pos += 1;
                }
                let text = text[start..pos].to_string();
                Token { kind: TokenKind::Word, span: Span::new(start, pos), text }
            }
        };
        tokens.push(token);
    }
}

/// The offset of the quote that closes a quoted token whose text starts at `from`: the
/// first `"` not doubled.
fn closing_quote(bytes: &[u8], from: usize, end: usize) -> Option<usize> {
    let mut at = from;
    while at < end {
        if bytes[at] == b'"' {
            if at + 1 < end && bytes[at + 1] == b'"' {
                at += 2;
                continue;
            }
            return Some(at);
        }
        at += 1;
    }
    None
}

#[cfg(test)]
mod tests;
