//! Lossless parser for `postgresql.conf` and the files it includes.
//!
//! The grammar is the one the server's own scanner (guc-file.l) reads, so that we call a
//! file broken exactly when the server does:
//!
//! - one setting a line: a name, an optional `=`, a value, and nothing else but a `#`
//!   comment; blank and comment-only lines are fine;
//! - a name is an identifier (`[A-Za-z_\x80-\xff][A-Za-z_0-9\x80-\xff]*`) or two of them
//!   joined by a dot (an extension's setting); names compare case-insensitively;
//! - a value is an identifier, an unquoted string (an identifier that may also contain
//!   `-._:/`), an integer (decimal or `0x` hex, optionally signed, with letters glued on as a
//!   unit), a real (`1.5`, `.5`, `1.5e3`), or a single-quoted string in which `''` and
//!   backslash escapes stand for characters;
//! - only space, tab and carriage return separate tokens; any other character is an error.
//!
//! Tokens are found the way flex finds them: the longest match wins, ties go to the rule
//! listed first (identifier, qualified identifier, string, unquoted string, integer, real,
//! `=`). That is why `10.0.0.5` is the real `10.0` followed by stray tokens, and `5993 KB`
//! is the integer `5993` followed by a stray identifier: both are syntax errors on the line.
//!
//! `include`, `include_if_exists` and `include_dir` lines are recognised as directives;
//! following them is left to the caller.

use crate::span::Span;

#[cfg(test)]
mod tests;

/// The token classes of the server's scanner, plus the trivia it throws away.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TokenKind {
    Identifier,
    QualifiedIdentifier,
    QuotedString,
    UnquotedString,
    Integer,
    Real,
    Equals,
    /// A byte no rule matches: the server reports a syntax error near it.
    Error,
    Whitespace,
    Comment,
    Newline,
}

impl TokenKind {
    pub fn is_trivia(self) -> bool {
        matches!(self, TokenKind::Whitespace | TokenKind::Comment)
    }

    /// True for the tokens the server accepts as a setting's value.
    pub fn is_value(self) -> bool {
        matches!(
            self,
            TokenKind::Identifier
                | TokenKind::QuotedString
                | TokenKind::UnquotedString
                | TokenKind::Integer
                | TokenKind::Real
        )
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Token {
    pub kind: TokenKind,
    pub span: Span,
}

/// What a value looked like in the file, which decides how it may be edited.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ValueKind {
    Quoted,
    Identifier,
    UnquotedString,
    Integer,
    Real,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Value {
    pub kind: ValueKind,
    /// The value's token, quotes included.
    pub span: Span,
    /// The text the server hands to the parameter: quotes removed, escapes resolved.
    pub text: String,
}

/// The three lines that read other files instead of setting a parameter.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Directive {
    Include,
    IncludeIfExists,
    IncludeDir,
}

impl Directive {
    pub fn from_name(name: &str) -> Option<Directive> {
        if name.eq_ignore_ascii_case("include") {
            Some(Directive::Include)
        } else if name.eq_ignore_ascii_case("include_if_exists") {
            Some(Directive::IncludeIfExists)
        } else if name.eq_ignore_ascii_case("include_dir") {
            Some(Directive::IncludeDir)
        } else {
            None
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Directive::Include => "include",
            Directive::IncludeIfExists => "include_if_exists",
            Directive::IncludeDir => "include_dir",
        }
    }
}

/// One well-formed `name [=] value` line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Entry {
    pub name: Span,
    pub equals: Option<Span>,
    pub value: Value,
    /// The trailing `# ...` comment, if any.
    pub comment: Option<Span>,
    /// The line from its first byte to its end, newline excluded.
    pub line: Span,
    /// Set when the name is one of the include directives.
    pub directive: Option<Directive>,
}

impl Entry {
    pub fn name_text<'a>(&self, text: &'a str) -> &'a str {
        self.name.of(text)
    }

    /// True when the name has an extension prefix such as `pg_stat_statements.`.
    pub fn is_qualified(&self, text: &str) -> bool {
        self.name.of(text).contains('.')
    }
}

/// A line the server rejects. `span` is the token it names ("near token ...") or, when the
/// line ended too early, the empty span at the end of the line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SyntaxError {
    pub span: Span,
    pub message: String,
    /// The line the error is on, newline excluded.
    pub line: Span,
    /// The name, when the line started with one.
    pub name: Option<Span>,
    /// The first value-like token after the name, when there was one.
    pub value_start: Option<Span>,
    /// The last token on the line before any comment.
    pub last_token: Option<Span>,
}

/// A parsed file: every token, the well-formed lines, and the broken ones.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ConfFile {
    pub tokens: Vec<Token>,
    pub entries: Vec<Entry>,
    pub errors: Vec<SyntaxError>,
}

/// A setting written inside a comment, such as the sample file's
/// `#tcp_keepalives_idle = 0   # TCP_KEEPIDLE, in seconds;`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CommentedEntry {
    /// The whole comment token, `#` included.
    pub comment: Span,
    pub name: Span,
    pub value: Value,
    /// From the `#` to the end of the value: what to replace to uncomment and set it.
    pub setting: Span,
}

/// Splits `text` into tokens the way the server's scanner does. Never fails: a byte no rule
/// matches becomes an [`TokenKind::Error`] token of one byte (always ASCII, because every
/// byte of a multi-byte character counts as a letter).
pub fn lex(text: &str) -> Vec<Token> {
    let bytes = text.as_bytes();
    let mut tokens = Vec::new();
    let mut at = 0;

    while at < bytes.len() {
        let (kind, len) = next_token(bytes, at);
        tokens.push(Token { kind, span: Span::new(at, at + len) });
        at += len;
    }
    tokens
}

fn next_token(bytes: &[u8], at: usize) -> (TokenKind, usize) {
    let byte = bytes[at];
    if byte == b'\n' {
        return (TokenKind::Newline, 1);
    }
    if matches!(byte, b' ' | b'\t' | b'\r') {
        let len = bytes[at..].iter().take_while(|b| matches!(b, b' ' | b'\t' | b'\r')).count();
        return (TokenKind::Whitespace, len);
    }
    if byte == b'#' {
        let len = bytes[at..].iter().take_while(|&&b| b != b'\n').count();
        return (TokenKind::Comment, len);
    }

    // Longest match; on a tie the rule listed first in guc-file.l wins, which is the order
    // of this array.
    let candidates = [
        (TokenKind::Identifier, identifier_len(bytes, at)),
        (TokenKind::QualifiedIdentifier, qualified_len(bytes, at)),
        (TokenKind::QuotedString, quoted_len(bytes, at)),
        (TokenKind::UnquotedString, unquoted_len(bytes, at)),
        (TokenKind::Integer, integer_len(bytes, at)),
        (TokenKind::Real, real_len(bytes, at)),
        (TokenKind::Equals, usize::from(byte == b'=')),
    ];
    let mut best = (TokenKind::Error, 0);
    for (kind, len) in candidates {
        if len > best.1 {
            best = (kind, len);
        }
    }
    if best.1 == 0 {
        (TokenKind::Error, 1)
    } else {
        best
    }
}

fn is_letter(byte: u8) -> bool {
    byte.is_ascii_alphabetic() || byte == b'_' || byte >= 0x80
}

fn is_letter_or_digit(byte: u8) -> bool {
    is_letter(byte) || byte.is_ascii_digit()
}

fn count_from(bytes: &[u8], at: usize, accept: impl Fn(u8) -> bool) -> usize {
    bytes.get(at..).unwrap_or_default().iter().take_while(|&&b| accept(b)).count()
}

fn identifier_len(bytes: &[u8], at: usize) -> usize {
    if !is_letter(bytes[at]) {
        return 0;
    }
    1 + count_from(bytes, at + 1, is_letter_or_digit)
}

fn qualified_len(bytes: &[u8], at: usize) -> usize {
    let first = identifier_len(bytes, at);
    if first == 0 || bytes.get(at + first) != Some(&b'.') {
        return 0;
    }
    let second_at = at + first + 1;
    if second_at >= bytes.len() {
        return 0;
    }
    let second = identifier_len(bytes, second_at);
    if second == 0 {
        0
    } else {
        first + 1 + second
    }
}

fn unquoted_len(bytes: &[u8], at: usize) -> usize {
    if !is_letter(bytes[at]) {
        return 0;
    }
    1 + count_from(bytes, at + 1, |b| {
        is_letter_or_digit(b) || matches!(b, b'-' | b'.' | b'_' | b':' | b'/')
    })
}

/// `'([^'\\\n]|\\.|'')*'`, longest match: a `''` pair may either close the string at its
/// first quote or stand for one quote, and the longer reading that still closes wins.
fn quoted_len(bytes: &[u8], at: usize) -> usize {
    if bytes[at] != b'\'' {
        return 0;
    }
    let mut last_end = 0;
    let mut i = at + 1;
    while i < bytes.len() {
        match bytes[i] {
            b'\'' => {
                last_end = i + 1 - at;
                if bytes.get(i + 1) == Some(&b'\'') {
                    i += 2;
                } else {
                    break;
                }
            }
            b'\\' => match bytes.get(i + 1) {
                Some(&next) if next != b'\n' => i += 2,
                _ => break,
            },
            b'\n' => break,
            _ => i += 1,
        }
    }
    last_end
}

fn sign_len(bytes: &[u8], at: usize) -> usize {
    usize::from(matches!(bytes.get(at), Some(b'-' | b'+')))
}

fn integer_len(bytes: &[u8], at: usize) -> usize {
    let sign = sign_len(bytes, at);
    let start = at + sign;

    let decimal = count_from(bytes, start, |b| b.is_ascii_digit());
    let mut best = 0;
    if decimal > 0 {
        best = decimal + count_from(bytes, start + decimal, |b| b.is_ascii_alphabetic());
    }
    if bytes.get(start) == Some(&b'0') && bytes.get(start + 1) == Some(&b'x') {
        let hex = count_from(bytes, start + 2, |b| b.is_ascii_hexdigit());
        if hex > 0 {
            let len = 2 + hex + count_from(bytes, start + 2 + hex, |b| b.is_ascii_alphabetic());
            best = best.max(len);
        }
    }
    if best == 0 {
        0
    } else {
        sign + best
    }
}

fn real_len(bytes: &[u8], at: usize) -> usize {
    let sign = sign_len(bytes, at);
    let mut i = at + sign;
    i += count_from(bytes, i, |b| b.is_ascii_digit());
    if bytes.get(i) != Some(&b'.') {
        return 0;
    }
    i += 1;
    i += count_from(bytes, i, |b| b.is_ascii_digit());

    if matches!(bytes.get(i), Some(b'e' | b'E')) {
        let exponent_sign = sign_len(bytes, i + 1);
        let digits = count_from(bytes, i + 1 + exponent_sign, |b| b.is_ascii_digit());
        if digits > 0 {
            i += 1 + exponent_sign + digits;
        }
    }
    i - at
}

/// Resolves a quoted value the way the server does: strips the quotes, turns `''` into
/// `'`, and `\b \f \n \r \t`, `\` with one to three octal digits, and `\` before any other
/// character into that character.
pub fn unescape(quoted: &str) -> String {
    let bytes = quoted.as_bytes();
    let inner = bytes.get(1..bytes.len().saturating_sub(1)).unwrap_or_default();
    let mut out = Vec::with_capacity(inner.len());
    let mut i = 0;

    while i < inner.len() {
        let byte = inner[i];
        if byte == b'\\' && i + 1 < inner.len() {
            i += 1;
            let escaped = inner[i];
            match escaped {
                b'b' => out.push(0x08),
                b'f' => out.push(0x0c),
                b'n' => out.push(b'\n'),
                b'r' => out.push(b'\r'),
                b't' => out.push(b'\t'),
                b'0'..=b'7' => {
                    let mut value: u32 = 0;
                    let mut digits = 0;
                    while digits < 3 && i < inner.len() && (b'0'..=b'7').contains(&inner[i]) {
                        value = value * 8 + u32::from(inner[i] - b'0');
                        i += 1;
                        digits += 1;
                    }
                    i -= 1;
                    out.push(value as u8);
                }
                other => out.push(other),
            }
        } else if byte == b'\'' && inner.get(i + 1) == Some(&b'\'') {
            out.push(b'\'');
            i += 1;
        } else {
            out.push(byte);
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Parses a whole file. Never fails: broken lines become [`SyntaxError`]s and the rest of
/// the file is still read, as the server does before it gives up on the file.
pub fn parse(text: &str) -> ConfFile {
    let tokens = lex(text);
    let mut file = ConfFile { tokens, ..ConfFile::default() };

    let mut line_start_index = 0;
    let mut index = 0;
    while index <= file.tokens.len() {
        let at_end = index == file.tokens.len();
        if at_end || file.tokens[index].kind == TokenKind::Newline {
            let line_tokens = &file.tokens[line_start_index..index];
            let line_start = line_tokens
                .first()
                .map_or_else(|| line_end_offset(&file.tokens, index, text), |t| t.span.start);
            let line_end = line_end_offset(&file.tokens, index, text);
            let line = Span::new(line_start, line_end);
            match parse_line(text, line_tokens, line) {
                LineResult::Empty => {}
                LineResult::Entry(entry) => file.entries.push(entry),
                LineResult::Error(error) => file.errors.push(error),
            }
            line_start_index = index + 1;
        }
        index += 1;
    }
    file
}

fn line_end_offset(tokens: &[Token], index: usize, text: &str) -> usize {
    tokens.get(index).map_or(text.len(), |t| t.span.start)
}

enum LineResult {
    Empty,
    Entry(Entry),
    Error(SyntaxError),
}

fn parse_line(text: &str, tokens: &[Token], line: Span) -> LineResult {
    let significant: Vec<Token> = tokens.iter().copied().filter(|t| !t.kind.is_trivia()).collect();
    let comment = tokens.iter().find(|t| t.kind == TokenKind::Comment).map(|t| t.span);
    let Some(first) = significant.first().copied() else {
        return LineResult::Empty;
    };

    let last_token = significant.last().map(|t| t.span);
    let error = |span: Span, name: Option<Span>, value_start: Option<Span>, message: String| {
        LineResult::Error(SyntaxError { span, message, line, name, value_start, last_token })
    };

    if !matches!(first.kind, TokenKind::Identifier | TokenKind::QualifiedIdentifier) {
        return error(first.span, None, None, near_token(text, first.span, "a parameter name"));
    }

    let mut next = 1;
    let equals = significant.get(next).filter(|t| t.kind == TokenKind::Equals).map(|t| t.span);
    if equals.is_some() {
        next += 1;
    }

    let Some(value_token) = significant.get(next).copied() else {
        let end = Span::empty(tokens.last().map_or(line.end, |t| t.span.end));
        let end = comment.map_or(end, |c| Span::empty(c.start));
        return error(
            end,
            Some(first.span),
            None,
            "the line ends before the parameter has a value".to_string(),
        );
    };
    if !value_token.kind.is_value() {
        return error(
            value_token.span,
            Some(first.span),
            Some(value_token.span),
            near_token(text, value_token.span, "a value"),
        );
    }

    if let Some(extra) = significant.get(next + 1) {
        return error(
            extra.span,
            Some(first.span),
            Some(value_token.span),
            format!(
                "unexpected `{}` after the value: a line holds one value, and a value with \
                 spaces, commas or other punctuation must be single-quoted",
                extra.span.of(text)
            ),
        );
    }

    let value_text = value_token.span.of(text);
    let (kind, decoded) = match value_token.kind {
        TokenKind::QuotedString => (ValueKind::Quoted, unescape(value_text)),
        TokenKind::Identifier => (ValueKind::Identifier, value_text.to_string()),
        TokenKind::UnquotedString => (ValueKind::UnquotedString, value_text.to_string()),
        TokenKind::Integer => (ValueKind::Integer, value_text.to_string()),
        _ => (ValueKind::Real, value_text.to_string()),
    };
    let name_text = first.span.of(text);
    LineResult::Entry(Entry {
        name: first.span,
        equals,
        value: Value { kind, span: value_token.span, text: decoded },
        comment,
        line,
        directive: if first.kind == TokenKind::Identifier {
            Directive::from_name(name_text)
        } else {
            None
        },
    })
}

fn near_token(text: &str, span: Span, expected: &str) -> String {
    let token = span.of(text);
    let shown = match token {
        "'" => "an unterminated quote `'`".to_string(),
        "\"" => "`\"` (PostgreSQL quotes values with single quotes)".to_string(),
        _ => format!("`{}`", token.escape_debug()),
    };
    format!("expected {expected} here, found {shown}")
}

/// Settings written inside comments, as the sample file has them for every parameter. A
/// comment counts when a name follows the `#` directly (prose comments start with a space)
/// and its text reads as a well-formed `name = value` line.
pub fn commented_entries(text: &str, file: &ConfFile) -> Vec<CommentedEntry> {
    let mut found = Vec::new();
    for token in file.tokens.iter().filter(|t| t.kind == TokenKind::Comment) {
        let body_start = token.span.start + 1;
        let body = Span::new(body_start, token.span.end).of(text);

        // The sample's style is `#name = value`: prose comments start with a space.
        if !body.bytes().next().is_some_and(is_letter) {
            continue;
        }
        let inner = parse(body);
        let [entry] = inner.entries.as_slice() else {
            continue;
        };
        if !inner.errors.is_empty() || entry.directive.is_some() || entry.equals.is_none() {
            continue;
        }
        found.push(CommentedEntry {
            comment: token.span,
            name: entry.name.shifted(body_start),
            value: Value { span: entry.value.span.shifted(body_start), ..entry.value.clone() },
            setting: Span::new(token.span.start, entry.value.span.end + body_start),
        });
    }
    found
}
