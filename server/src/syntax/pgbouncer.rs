//! The lossless parser of `pgbouncer.ini`, following how PgBouncer itself reads the file
//! (libusual's `cfparser.c` for the ini layer and `loader.c` for the entries of
//! `[databases]`, `[users]` and `[peers]`).
//!
//! The ini layer, as PgBouncer reads it:
//! - whitespace at the start of a line (and blank lines) is skipped;
//! - a line whose first other character is `;` or `#` is a comment. Nowhere else is either
//!   character special: `port = 6432 ; main` has the value `6432 ; main`;
//! - `%include FILE` (the keyword, a space or tab, then the rest of the line) reads FILE;
//! - `[name]` starts a section; the header ends at `]`, and the rest of that line is read
//!   as if it began a new line;
//! - `key = value`: the key is ASCII letters, digits and `_.-*`, or (PgBouncer 1.25 on) any
//!   text in single quotes; spaces or tabs may surround `=`; the value is the rest of the
//!   line without trailing whitespace. There is no value quoting in this layer.
//!
//! The values of `[databases]`, `[users]` and `[peers]` entries are lists of `key=value`
//! pairs separated by spaces (tabs are not separators), parsed by [`parse_pairs`]: a value
//! may be in single quotes, with `''` for a quote; an unquoted value runs to the next space.
//!
//! PgBouncer stops at the first syntax error; this parser records it and goes on with the
//! next line, so that one typo does not hide the rest of the file from the rules.

use crate::span::Span;

/// A problem that makes PgBouncer refuse the file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SyntaxError {
    pub span: Span,
    pub message: String,
}

/// A `[name]` header. `name` excludes the brackets.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SectionHeader {
    pub span: Span,
    pub name: Span,
    pub name_text: String,
}

/// A `key = value` line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Entry {
    /// From the key's first byte to the value's last.
    pub span: Span,
    /// The key as written, quotes included.
    pub key: Span,
    /// The key without its quotes.
    pub name: String,
    pub quoted_key: bool,
    pub equals: Span,
    /// The value without surrounding whitespace; empty (at the end of `=`'s line) when none.
    pub value: Span,
    /// The name of the section the entry belongs to; `None` before the first header.
    pub section: Option<String>,
}

/// A `%include FILE` line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Include {
    pub span: Span,
    pub keyword: Span,
    pub path: Span,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Item {
    Comment(Span),
    Section(SectionHeader),
    Entry(Entry),
    Include(Include),
}

/// A parsed `pgbouncer.ini`: its items in file order and the syntax errors beside them.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct IniFile {
    pub items: Vec<Item>,
    pub errors: Vec<SyntaxError>,
}

impl IniFile {
    pub fn sections(&self) -> impl Iterator<Item = &SectionHeader> {
        self.items.iter().filter_map(|item| match item {
            Item::Section(header) => Some(header),
            _ => None,
        })
    }

    pub fn entries(&self) -> impl Iterator<Item = &Entry> {
        self.items.iter().filter_map(|item| match item {
            Item::Entry(entry) => Some(entry),
            _ => None,
        })
    }

    pub fn includes(&self) -> impl Iterator<Item = &Include> {
        self.items.iter().filter_map(|item| match item {
            Item::Include(include) => Some(include),
            _ => None,
        })
    }

    /// The entries of every section called `section`, in file order.
    pub fn entries_in<'a>(&'a self, section: &'a str) -> impl Iterator<Item = &'a Entry> {
        self.entries().filter(move |entry| entry.section.as_deref() == Some(section))
    }

    /// The entry PgBouncer uses for a key of a section: the last one, as later lines win.
    pub fn last_entry<'a>(&'a self, section: &'a str, key: &str) -> Option<&'a Entry> {
        self.entries_in(section).filter(|entry| entry.name == key).last()
    }

    /// The first header of a section, where an inserted setting goes.
    pub fn section_header(&self, name: &str) -> Option<&SectionHeader> {
        self.sections().find(|header| header.name_text == name)
    }

    /// The end of the last line that belongs to the first `[name]` section (its header or
    /// its last entry), where new settings are appended.
    pub fn section_end(&self, name: &str) -> Option<usize> {
        let header_at = self
            .items
            .iter()
            .position(|item| matches!(item, Item::Section(header) if header.name_text == name))?;
        let mut end = match &self.items[header_at] {
            Item::Section(header) => header.span.end,
            _ => return None,
        };

        for item in &self.items[header_at + 1..] {
            match item {
                Item::Section(_) => break,
                Item::Entry(entry) => end = entry.span.end,
                _ => {}
            }
        }
        Some(end)
    }
}

/// True for the bytes C's `isspace` accepts.
fn is_space(byte: u8) -> bool {
    matches!(byte, b' ' | b'\t' | b'\n' | b'\r' | 0x0b | 0x0c)
}

fn is_blank(byte: u8) -> bool {
    byte == b' ' || byte == b'\t'
}

fn is_key_byte(byte: u8) -> bool {
    byte.is_ascii_alphanumeric() || matches!(byte, b'_' | b'.' | b'-' | b'*')
}

/// `end` moved back over trailing whitespace, not before `start`.
fn trim_end(bytes: &[u8], start: usize, mut end: usize) -> usize {
    while end > start && is_space(bytes[end - 1]) {
        end -= 1;
    }
    end
}

/// Parses a whole file. Never fails.
pub fn parse(text: &str) -> IniFile {
    parse_in(text, None)
}

/// Parses a file that PgBouncer reads while `section` is open: an `%include`d file
/// continues the section of the line that includes it, so its first entries belong there.
pub fn parse_in(text: &str, section: Option<&str>) -> IniFile {
    let mut file = IniFile::default();
    let mut section: Option<String> = section.map(str::to_string);
    let mut line_start = 0;

    while line_start < text.len() {
        let line_end = text[line_start..].find('\n').map_or(text.len(), |at| line_start + at);
        parse_line(text, line_start, line_end, &mut section, &mut file);
        line_start = line_end + 1;
    }
    file
}

/// Parses the part of a line from `start`, which may follow a section header's `]`.
fn parse_line(
    text: &str,
    start: usize,
    end: usize,
    section: &mut Option<String>,
    file: &mut IniFile,
) {
    let bytes = text.as_bytes();
    let mut pos = start;
    while pos < end && is_space(bytes[pos]) {
        pos += 1;
    }
    if pos >= end {
        return;
    }
    let content_end = trim_end(bytes, pos, end);
    let rest = &text[pos..content_end];

    if rest.starts_with("%include") && rest.len() > 8 && is_blank(bytes[pos + 8]) {
        let keyword = Span::new(pos, pos + 8);
        let mut path_start = pos + 8;
        while path_start < content_end && is_blank(bytes[path_start]) {
            path_start += 1;
        }
        let path = Span::new(path_start, content_end);
        file.items.push(Item::Include(Include {
            span: Span::new(pos, content_end),
            keyword,
            path,
        }));
        return;
    }

    if rest.starts_with('#') || rest.starts_with(';') {
        file.items.push(Item::Comment(Span::new(pos, content_end)));
        return;
    }

    if rest.starts_with('[') {
        parse_section(text, pos, end, content_end, section, file);
        return;
    }

    parse_entry(text, pos, content_end, section, file);
}

fn parse_section(
    text: &str,
    pos: usize,
    end: usize,
    content_end: usize,
    section: &mut Option<String>,
    file: &mut IniFile,
) {
    let name_start = pos + 1;
    match text[name_start..content_end].find(']') {
        Some(at) => {
            let name = Span::new(name_start, name_start + at);
            let name_text = name.of(text).to_string();
            *section = Some(name_text.clone());
            file.items.push(Item::Section(SectionHeader {
                span: Span::new(pos, name.end + 1),
                name,
                name_text,
            }));
            parse_line(text, name.end + 1, end, section, file);
        }
        None => {
            let name = Span::new(name_start, content_end);
            let name_text = name.of(text).to_string();
            *section = Some(name_text.clone());
            file.items.push(Item::Section(SectionHeader {
                span: Span::new(pos, content_end),
                name,
                name_text,
            }));
            file.errors.push(SyntaxError {
                span: Span::new(pos, content_end),
                message: "This section header has no closing `]`.".to_string(),
            });
        }
    }
}

fn parse_entry(
    text: &str,
    pos: usize,
    content_end: usize,
    section: &Option<String>,
    file: &mut IniFile,
) {
    let bytes = text.as_bytes();
    let (key, name, quoted_key, mut cursor) = if bytes[pos] == b'\'' {
        match text[pos + 1..content_end].find('\'') {
            Some(at) if at > 0 => {
                let key = Span::new(pos, pos + 1 + at + 1);
                let name = text[pos + 1..pos + 1 + at].to_string();
                (key, name, true, key.end)
            }
            Some(_) => {
                file.errors.push(SyntaxError {
                    span: Span::new(pos, pos + 2),
                    message: "A quoted key cannot be empty.".to_string(),
                });
                return;
            }
            None => {
                file.errors.push(SyntaxError {
                    span: Span::new(pos, content_end),
                    message: "This quoted key has no closing `'` on its line.".to_string(),
                });
                return;
            }
        }
    } else {
        let mut key_end = pos;
        while key_end < content_end && is_key_byte(bytes[key_end]) {
            key_end += 1;
        }
        let key = Span::new(pos, key_end);
        (key, key.of(text).to_string(), false, key_end)
    };

    while cursor < content_end && is_blank(bytes[cursor]) {
        cursor += 1;
    }
    if cursor >= content_end || bytes[cursor] != b'=' {
        file.errors.push(not_an_entry(text, pos, key, cursor, content_end));
        return;
    }
    let equals = Span::new(cursor, cursor + 1);

    let mut value_start = equals.end;
    while value_start < content_end && is_blank(bytes[value_start]) {
        value_start += 1;
    }
    let value = Span::new(value_start, content_end.max(value_start));
    file.items.push(Item::Entry(Entry {
        span: Span::new(key.start, value.end),
        key,
        name,
        quoted_key,
        equals,
        value,
        section: section.clone(),
    }));
}

/// The error for a line that is no comment, header, include or `key = value`.
fn not_an_entry(text: &str, pos: usize, key: Span, cursor: usize, end: usize) -> SyntaxError {
    let bytes = text.as_bytes();
    let message = if key.is_empty() && bytes[pos] == b'"' {
        "PgBouncer does not accept double-quoted keys; quote a key with single quotes \
        (PgBouncer 1.25 and later) or use only letters, digits and `_.-*`."
    } else if key.is_empty() || (cursor < end && !is_blank(bytes[cursor])) {
        "PgBouncer expects `key = value` here; a key is made of ASCII letters, digits and \
        `_.-*`, and comments must start their own line with `;` or `#`."
    } else {
        "This line has a key but no `=`: PgBouncer expects `key = value`."
    };
    SyntaxError { span: Span::new(pos, end), message: message.to_string() }
}

/// One `key=value` pair of a `[databases]`, `[users]` or `[peers]` entry.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Pair {
    pub key: Span,
    pub equals: Span,
    /// The value as written, quotes included.
    pub value: Span,
    /// The value PgBouncer uses: without quotes and with `''` turned into `'`.
    pub value_text: String,
    pub quoted: bool,
}

/// The pairs of an entry's value and the errors PgBouncer would stop at.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Pairs {
    pub pairs: Vec<Pair>,
    pub errors: Vec<SyntaxError>,
}

impl Pairs {
    /// The last pair with this key: PgBouncer lets later pairs win.
    pub fn get(&self, text: &str, key: &str) -> Option<&Pair> {
        self.pairs.iter().rev().find(|pair| pair.key.of(text) == key)
    }
}

/// Parses the `key=value` list under `span` of `text`, as PgBouncer does when it loads an
/// entry. Spans are into `text`. Parsing stops at the first error, as PgBouncer's does.
pub fn parse_pairs(text: &str, span: Span) -> Pairs {
    let bytes = text.as_bytes();
    let end = span.end;
    let mut result = Pairs::default();
    let skip_spaces = |mut at: usize| {
        while at < end && bytes[at] == b' ' {
            at += 1;
        }
        at
    };
    let mut pos = skip_spaces(span.start);

    while pos < end {
        let key_start = pos;
        while pos < end && bytes[pos] != b'=' && bytes[pos] != b' ' {
            pos += 1;
        }
        let key = Span::new(key_start, pos);
        pos = skip_spaces(pos);
        if pos >= end || bytes[pos] != b'=' || key.is_empty() {
            let message = if key.is_empty() {
                "PgBouncer expects `key=value` here, and found no key before `=`."
            } else {
                "PgBouncer expects `=` and a value after this key."
            };
            let error_span = if key.is_empty() {
                Span::new(key_start, pos.max(key_start + 1).min(end))
            } else {
                key
            };
            result.errors.push(SyntaxError { span: error_span, message: message.to_string() });
            return result;
        }
        let equals = Span::new(pos, pos + 1);
        pos = skip_spaces(pos + 1);

        let (value, value_text, quoted) = if pos < end && bytes[pos] == b'\'' {
            match unquote(text, pos + 1, end) {
                Some((close, value_text)) => (Span::new(pos, close + 1), value_text, true),
                None => {
                    result.errors.push(SyntaxError {
                        span: Span::new(pos, end),
                        message: "This value opens a single quote that is never closed, so \
                            PgBouncer rejects the whole entry; write a literal quote as `''` \
                            inside a quoted value."
                            .to_string(),
                    });
                    return result;
                }
            }
        } else {
            let value_start = pos;
            while pos < end && bytes[pos] != b' ' {
                pos += 1;
            }
            let value = Span::new(value_start, pos);
            (value, value.of(text).to_string(), false)
        };

        if value_text.is_empty() {
            result.errors.push(SyntaxError {
                span: if value.is_empty() { equals } else { value },
                message: "PgBouncer rejects an empty value here; leave the key out instead."
                    .to_string(),
            });
            return result;
        }
        result.pairs.push(Pair { key, equals, value, value_text, quoted });

        pos = value.end;
        if quoted && pos < end && bytes[pos] != b' ' {
            result.errors.push(SyntaxError {
                span: Span::new(pos, pos + 1),
                message: "PgBouncer swallows the character right after a closing quote; \
                    put a space between a quoted value and the next key."
                    .to_string(),
            });
            return result;
        }
        pos = skip_spaces(pos);
    }
    result
}

/// The position of the closing quote of a value whose first byte after the opening quote is
/// at `start`, and the value with `''` turned into `'`.
fn unquote(text: &str, start: usize, end: usize) -> Option<(usize, String)> {
    let bytes = text.as_bytes();
    let mut value = String::new();
    let mut pos = start;
    let mut run_start = start;

    while pos < end {
        if bytes[pos] == b'\'' {
            value.push_str(&text[run_start..pos]);
            if pos + 1 < end && bytes[pos + 1] == b'\'' {
                value.push('\'');
                pos += 2;
                run_start = pos;
                continue;
            }
            return Some((pos, value));
        }
        pos += 1;
    }
    None
}

/// The text for a value that PgBouncer reads back as `value`: bare when it has no space or
/// quote, otherwise in single quotes with each quote doubled.
pub fn quote_value(value: &str) -> String {
    if !value.is_empty() && !value.contains([' ', '\'']) {
        return value.to_string();
    }
    format!("'{}'", value.replace('\'', "''"))
}

#[cfg(test)]
mod tests;
