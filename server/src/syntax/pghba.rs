//! Lossless parser for `pg_hba.conf`, reading the file the way the server's tokenizer does.
//!
//! The server's reading, which this module follows step by step:
//!
//! * A record is one line. From PostgreSQL 14 on, a line whose text (after its line break
//!   and any trailing `\r` are stripped) ends in a backslash goes on with the next line: the
//!   backslash and the line break vanish before tokenizing, so a continuation works inside
//!   a quoted name or a comment too. An empty continuation line ends the record.
//! * Fields are separated by spaces, tabs or `\r`. A comma ends a token and keeps the field
//!   open: `a,b` and `a, b` are one field of two values, while `a ,b` is two fields.
//! * An unquoted `#` starts a comment that runs to the end of the record, even in the middle
//!   of a token (`md5#x` is the token `md5`).
//! * Double quotes group text with blanks, commas and `#`; `""` inside quotes is one quote.
//!   A token counts as quoted only when it starts with a quote: `"all"` is a plain name while
//!   `a"ll"` is still the keyword `all`.
//! * `@file` (unquoted `@` first) names a file whose tokens are spliced in.
//!
//! What each field means (connection type, database, user, address, mask, method, options)
//! is decided by [`Record::columns`], again as the server decides it: the mask column
//! exists only after an IP address without `/len`. Nothing here fails: problems the
//! server would report are left to the rules, and the few things only the tokenizer sees
//! (an unterminated quote) are kept on the record.

pub mod address;

use crate::span::Span;

pub use address::{Address, AddressSpec, IpRange};

/// The newest PostgreSQL major this parser knows; the default when none is configured.
pub const NEWEST_MAJOR: u32 = 18;

/// A parsed `pg_hba.conf`: every record that holds at least one token or a syntax note,
/// in file order. Blank and comment-only lines have no record.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HbaFile {
    pub records: Vec<Record>,
    /// Every comment in the file, including those on comment-only lines.
    pub comments: Vec<Span>,
}

/// One logical line: its fields, in order, as the server tokenizes it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Record {
    /// From the first byte of the first token to the end of the last token.
    pub span: Span,
    /// Zero-based number of the physical line the record starts on.
    pub line: usize,
    pub fields: Vec<Field>,
    /// The comment ending the record, if any.
    pub comment: Option<Span>,
    /// Each backslash and line break that joined this record to its next line.
    pub continuations: Vec<Span>,
    /// The token whose opening quote is never closed; the server reads it to the end of
    /// the record without complaint, swallowing the fields after it.
    pub unterminated_quote: Option<Span>,
}

/// A field: one or more comma-separated tokens.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Field {
    pub span: Span,
    pub tokens: Vec<Token>,
}

/// One value, with quotes removed and continuations joined.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Token {
    /// The raw text, quotes included.
    pub span: Span,
    /// The value the server sees.
    pub text: String,
    /// True when the token starts with a double quote, which strips keywords of their
    /// meaning and `@` of its inclusion.
    pub quoted: bool,
}

impl Token {
    /// True when the token is the unquoted keyword `keyword`.
    pub fn is_keyword(&self, keyword: &str) -> bool {
        !self.quoted && self.text == keyword
    }

    /// The file an unquoted `@name` includes.
    pub fn included_file(&self) -> Option<&str> {
        match self.text.strip_prefix('@') {
            Some(name) if !self.quoted && !name.is_empty() => Some(name),
            _ => None,
        }
    }

    /// The pattern of an unquoted `/regex` in the database or user column, which the
    /// server reads as a regular expression from PostgreSQL 16 on.
    pub fn regex(&self, major: u32) -> Option<&str> {
        match self.text.strip_prefix('/') {
            Some(pattern) if !self.quoted && major >= 16 => Some(pattern),
            _ => None,
        }
    }
}

impl Field {
    /// The only token of a single-valued field.
    pub fn single(&self) -> Option<&Token> {
        match self.tokens.as_slice() {
            [token] => Some(token),
            _ => None,
        }
    }

    /// The first token; every field has one.
    pub fn first(&self) -> &Token {
        &self.tokens[0]
    }
}

/// The `include` directives of PostgreSQL 16 and later.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum IncludeKind {
    Include,
    IncludeIfExists,
    IncludeDir,
}

impl IncludeKind {
    pub const ALL: [IncludeKind; 3] =
        [IncludeKind::Include, IncludeKind::IncludeIfExists, IncludeKind::IncludeDir];

    pub fn name(self) -> &'static str {
        match self {
            IncludeKind::Include => "include",
            IncludeKind::IncludeIfExists => "include_if_exists",
            IncludeKind::IncludeDir => "include_dir",
        }
    }

    pub fn from_name(name: &str) -> Option<IncludeKind> {
        IncludeKind::ALL.into_iter().find(|kind| kind.name() == name)
    }
}

/// Where the server looks for a file named by `include*` or `@name`: an absolute name as
/// written, a relative one in the directory of the file that names it (`directory`; when
/// unknown, the text `$DIR` stands for it). `@name` files are read the same way.
pub fn resolve_include(name: &str, directory: Option<&str>) -> String {
    if name.starts_with('/') {
        return name.to_string();
    }
    let name = name.trim_start_matches("./");
    // A bare relative file name has the empty path as its parent: the current folder.
    let directory = match directory {
        Some("") => return name.to_string(),
        Some(directory) => directory,
        None => "$DIR",
    };
    let directory = directory.trim_end_matches('/');
    format!("{directory}/{name}")
}

/// The meaning of each field of an authentication record.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Columns<'r> {
    pub conn_type: &'r Field,
    pub database: Option<&'r Field>,
    pub user: Option<&'r Field>,
    /// Absent on `local` records.
    pub address: Option<&'r Field>,
    /// Present only after an IP address written without `/len`: the server then takes the
    /// next field as a netmask, whatever it holds.
    pub mask: Option<&'r Field>,
    pub method: Option<&'r Field>,
    /// Every token after the method, each meant as `name=value`.
    pub options: Vec<&'r Token>,
}

impl Record {
    /// The directive and its argument when the record is an `include*` line.
    // FIXME: The server takes the first token of each of exactly two fields, so
    // `include a.conf,b.conf` includes `a.conf`; we ask for one token in each.
    pub fn include(&self) -> Option<(IncludeKind, &Token)> {
        let kind = IncludeKind::from_name(&self.fields.first()?.single()?.text)?;
        match self.fields.as_slice() {
            [_, argument] => Some((kind, argument.single()?)),
            _ => None,
        }
    }

    /// The fields read as an authentication record, as far as they go.
    pub fn columns(&self) -> Columns<'_> {
        let mut fields = self.fields.iter();
        let conn_type = fields.next().expect("a record has at least one field");
        let database = fields.next();
        let user = fields.next();
        let is_local = conn_type.first().text == "local";

        let mut address = None;
        let mut mask = None;
        if !is_local && user.is_some() {
            address = fields.next();
            if let Some(address_field) = address {
                let spec = address_field.single().map(AddressSpec::parse);
                if let Some(AddressSpec::Ip(Address { prefix: None, .. })) = spec {
                    mask = fields.next();
                }
            }
        }
        let method = fields.next();
        let options = fields.flat_map(|field| field.tokens.iter()).collect();

        Columns { conn_type, database, user, address, mask, method, options }
    }
}

/// Parses `text` as the newest PostgreSQL reads it.
pub fn parse(text: &str) -> HbaFile {
    parse_for(text, NEWEST_MAJOR)
}

/// Parses `text` as PostgreSQL major `major` reads it (line continuation from 14 on).
pub fn parse_for(text: &str, major: u32) -> HbaFile {
    let mut file = HbaFile { records: Vec::new(), comments: Vec::new() };
    let mut line_number = 0;
    let mut offset = 0;

    // One buffer for every line: a large file would otherwise allocate one per line.
    let mut logical = LogicalLine { bytes: Vec::new(), continuations: Vec::new() };
    while offset < text.len() {
        let (next_offset, physical_lines) = read_logical_line(text, offset, major, &mut logical);
        if let Some(record) = tokenize_line(&logical, line_number, &mut file.comments) {
            file.records.push(record);
        }
        line_number += physical_lines;
        offset = next_offset;
    }
    file
}

/// A record's text after continuations are joined: each byte with its offset in the file.
struct LogicalLine {
    bytes: Vec<(u8, usize)>,
    continuations: Vec<Span>,
}

/// Reads one record's physical lines starting at `start` into `line`. Returns the offset
/// after them and how many physical lines they took.
fn read_logical_line(
    text: &str,
    start: usize,
    major: u32,
    line: &mut LogicalLine,
) -> (usize, usize) {
    let bytes = text.as_bytes();
    line.bytes.clear();
    line.continuations.clear();
    let mut offset = start;
    let mut physical_lines = 0;
    // Length of the joined text where the last continuation was cut: a backslash must
    // come after it to continue again, as the server checks.
    let mut last_cut = 0;

    loop {
        let line_end = text[offset..].find('\n').map_or(text.len(), |at| offset + at);
        let next = (line_end + 1).min(text.len());
        physical_lines += 1;

        // The server strips every trailing `\r` and `\n` of the line.
        let mut content_end = line_end;
        while content_end > offset && bytes[content_end - 1] == b'\r' {
            content_end -= 1;
        }
        line.bytes.extend((offset..content_end).map(|at| (bytes[at], at)));

        let continues = major >= 14
            && line.bytes.len() > last_cut
            && line.bytes.last().is_some_and(|&(byte, _)| byte == b'\\')
            && line_end < text.len();
        if !continues {
            return (next, physical_lines);
        }
        if let Some((_, backslash_at)) = line.bytes.pop() {
            line.continuations.push(Span::new(backslash_at, next));
        }
        last_cut = line.bytes.len();
        offset = next;
    }
}

/// Blanks as the server's tokenizer knows them.
fn is_blank(byte: u8) -> bool {
    matches!(byte, b' ' | b'\t' | b'\r')
}

/// A token as the tokenizer returns it, before fields are assembled.
struct RawToken {
    token: Token,
    comma_after: bool,
}

fn tokenize_line(
    line: &LogicalLine,
    line_number: usize,
    comments: &mut Vec<Span>,
) -> Option<Record> {
    let mut fields: Vec<Field> = Vec::new();
    let mut comment = None;
    let mut unterminated_quote = None;
    let mut position = 0;

    loop {
        let mut tokens = Vec::new();
        while let Some(raw) = next_token(line, &mut position, &mut comment, &mut unterminated_quote)
        {
            let comma_after = raw.comma_after;
            tokens.push(raw.token);
            if !comma_after {
                break;
            }
        }
        if tokens.is_empty() {
            break;
        }
        let span = tokens[0].span.cover(tokens[tokens.len() - 1].span);
        fields.push(Field { span, tokens });
    }

    if let Some(span) = comment {
        comments.push(span);
    }
    let first = fields.first()?;
    let last = fields.last()?;
    Some(Record {
        span: first.span.cover(last.span),
        line: line_number,
        fields,
        comment,
        continuations: line.continuations.clone(),
        unterminated_quote,
    })
}

/// The server's `next_token`: skips blanks and commas, then reads one token up to an
/// unquoted blank or comma, or the end of the record. `None` when the record has no more.
fn next_token(
    line: &LogicalLine,
    position: &mut usize,
    comment: &mut Option<Span>,
    unterminated_quote: &mut Option<Span>,
) -> Option<RawToken> {
    let bytes = &line.bytes;
    while *position < bytes.len() && (is_blank(bytes[*position].0) || bytes[*position].0 == b',') {
        *position += 1;
    }

    let start = *position;
    let mut value = Vec::new();
    let mut in_quote = false;
    let mut was_quote = false;
    let mut saw_quote = false;
    let mut initial_quote = false;
    let mut comma_after = false;
    // Index of the token's last byte: a comma or comment that ends it is not part of it.
    let mut last = None;

    while *position < bytes.len() && (!is_blank(bytes[*position].0) || in_quote) {
        let byte = bytes[*position].0;
        if byte == b'#' && !in_quote {
            let end = bytes.last().map_or(bytes[*position].1, |&(_, at)| at + 1);
            *comment = Some(Span::new(bytes[*position].1, end));
            *position = bytes.len();
            break;
        }
        *position += 1;
        if byte == b',' && !in_quote {
            comma_after = true;
            break;
        }
        last = Some(*position - 1);
        if byte != b'"' || was_quote {
            value.push(byte);
        }
        was_quote = in_quote && byte == b'"' && !was_quote;
        if byte == b'"' {
            in_quote = !in_quote;
            saw_quote = true;
            if value.is_empty() {
                initial_quote = true;
            }
        }
    }

    if !saw_quote && value.is_empty() {
        return None;
    }
    let last = last?;
    let span = Span::new(bytes[start].1, bytes[last].1 + 1);
    if in_quote {
        *unterminated_quote = Some(span);
    }
    Some(RawToken {
        token: Token {
            span,
            text: String::from_utf8(value)
                .unwrap_or_else(|error| String::from_utf8_lossy(error.as_bytes()).into_owned()),
            quoted: initial_quote,
        },
        comma_after,
    })
}

#[cfg(test)]
mod tests;
