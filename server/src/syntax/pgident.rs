//! Lossless parser for `pg_ident.conf`, the user name maps of `ident`, `peer`, `cert`, GSSAPI,
//! SSPI and OAuth logins.
//!
//! The server reads this file with the very tokenizer it uses for `pg_hba.conf` (quotes,
//! comments, comma lists, continuation lines from 14 on, `@file` splicing), so this module
//! calls [`crate::syntax::pghba::parse_for`] and only decides what the fields mean:
//!
//! * `MAPNAME SYSTEM-USERNAME PG-USERNAME`, each field a single value. Fields after the
//!   third are ignored by the server.
//! * A system user name starting with `/` is a regular expression (POSIX advanced
//!   syntax); `\1` in the PostgreSQL user name is then replaced by its first capture.
//! * From PostgreSQL 16 on, the PostgreSQL user name may also be the keyword `all`, a
//!   `+group` (members of the role) or a `/regex`; before 16 these are plain role names.
//! * From PostgreSQL 16 on, a line of exactly two fields whose first is `include`,
//!   `include_if_exists` or `include_dir` splices in other files, as in `pg_hba.conf`.

use crate::span::Span;
use crate::syntax::pghba::{self, Field, IncludeKind, Record, Token};

pub use crate::syntax::pghba::NEWEST_MAJOR;

/// The first major whose pg_ident.conf knows `include*`, and `all`, `+group` and `/regex`
/// in the PostgreSQL user column.
pub const KEYWORDS_SINCE: u32 = 16;

/// A parsed `pg_ident.conf`: one line per record that holds a token, in file order.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct IdentFile {
    pub lines: Vec<Line>,
    /// Every comment in the file, including those on comment-only lines.
    pub comments: Vec<Span>,
}

/// One logical line and what the server makes of it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Line {
    pub record: Record,
    pub content: Content,
}

/// What a line is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Content {
    /// An `include*` directive (PostgreSQL 16 and later) and the file or directory it names.
    Include { kind: IncludeKind, argument: Token },
    /// A map line with all three fields (it may still hold lists, which the server refuses).
    Mapping(Mapping),
    /// Fewer than three fields: the server refuses the line.
    Incomplete,
}

/// The three fields of a map line, and whatever follows them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Mapping {
    pub map: Field,
    pub system_user: Field,
    pub pg_user: Field,
    /// Fields after the third, which the server ignores.
    pub extra: Vec<Field>,
}

impl Mapping {
    /// The map's name as the server compares it with `map=` (exactly, case included).
    pub fn name(&self) -> &str {
        &self.map.first().text
    }
}

/// What the system user name field asks for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SystemUser<'t> {
    /// The name must be exactly this.
    Name(&'t str),
    /// The name must match this regular expression (the text after the `/`).
    Regex(&'t str),
}

impl<'t> SystemUser<'t> {
    /// The server tests only the first character, quoted or not, in every major.
    pub fn of(token: &'t Token) -> SystemUser<'t> {
        match token.text.strip_prefix('/') {
            Some(pattern) => SystemUser::Regex(pattern),
            None => SystemUser::Name(&token.text),
        }
    }
}

/// What the PostgreSQL user name field asks for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PgUser<'t> {
    /// One role, possibly with `\1` to be replaced by the system user's first capture.
    Name(&'t str),
    /// Unquoted `all` (16+): any role.
    All,
    /// Unquoted `+role` (16+): any member of the role.
    Group(&'t str),
    /// `/regex` (16+): any role the expression matches.
    Regex(&'t str),
}

impl<'t> PgUser<'t> {
    pub fn of(token: &'t Token, major: u32) -> PgUser<'t> {
        if major < KEYWORDS_SINCE {
            return PgUser::Name(&token.text);
        }
        if token.is_keyword("all") {
            return PgUser::All;
        }
        if let Some(pattern) = token.text.strip_prefix('/') {
            return PgUser::Regex(pattern);
        }
        match token.text.strip_prefix('+') {
            Some(role) if !token.quoted => PgUser::Group(role),
            _ => PgUser::Name(&token.text),
        }
    }

    /// The form a major before 16 reads literally though a newer one gives it meaning.
    pub fn newer_form(token: &Token) -> Option<&'static str> {
        match PgUser::of(token, NEWEST_MAJOR) {
            PgUser::All => Some("all"),
            PgUser::Group(_) => Some("+group"),
            PgUser::Regex(_) => Some("/regex"),
            PgUser::Name(_) => None,
        }
    }
}

/// Parses `text` as the newest PostgreSQL reads it.
pub fn parse(text: &str) -> IdentFile {
    parse_for(text, NEWEST_MAJOR)
}

/// Parses `text` as PostgreSQL major `major` reads it.
pub fn parse_for(text: &str, major: u32) -> IdentFile {
    let hba = pghba::parse_for(text, major);
    let lines = hba
        .records
        .into_iter()
        .map(|record| {
            let content = content_of(&record, major);
            Line { record, content }
        })
        .collect();
    IdentFile { lines, comments: hba.comments }
}

fn content_of(record: &Record, major: u32) -> Content {
    if major >= KEYWORDS_SINCE {
        if let Some((kind, argument)) = record.include() {
            return Content::Include { kind, argument: argument.clone() };
        }
    }

    match record.fields.as_slice() {
        [map, system_user, pg_user, extra @ ..] => Content::Mapping(Mapping {
            map: map.clone(),
            system_user: system_user.clone(),
            pg_user: pg_user.clone(),
            extra: extra.to_vec(),
        }),
        _ => Content::Incomplete,
    }
}

impl IdentFile {
    /// The map lines, in file order.
    pub fn mappings(&self) -> impl Iterator<Item = &Mapping> {
        self.lines.iter().filter_map(|line| match &line.content {
            Content::Mapping(mapping) => Some(mapping),
            _ => None,
        })
    }
}

/// Whether a POSIX advanced regular expression has a capture group, that is an opening
/// parenthesis that is neither escaped, nor inside a bracket expression, nor the start of
/// a non-capturing `(?:` or a lookaround `(?=`, `(?!`, `(?<=`, `(?<!`.
pub fn has_capture_group(pattern: &str) -> bool {
    let bytes = pattern.as_bytes();
    let mut at = 0;
    let mut in_bracket = false;
    while at < bytes.len() {
        match bytes[at] {
            b'\\' => at += 1,
            b'[' if !in_bracket => {
                in_bracket = true;
                // A `]` right after `[` or `[^` is a member, not the end.
                if bytes.get(at + 1) == Some(&b'^') {
                    at += 1;
                }
                if bytes.get(at + 1) == Some(&b']') {
                    at += 1;
                }
            }
            // A class `[:alpha:]`, collating element `[.x.]` or equivalence `[=x=]` inside a
            // bracket expression holds a `]` of its own.
            b'[' if in_bracket && matches!(bytes.get(at + 1), Some(b':' | b'.' | b'=')) => {
                let close = [bytes[at + 1], b']'];
                let rest = &bytes[at + 2..];
                let end = rest.windows(2).position(|pair| pair == close);
                at += end.map_or(rest.len(), |end| end + 3);
            }
            b']' if in_bracket => in_bracket = false,
            b'(' if !in_bracket && bytes.get(at + 1) != Some(&b'?') => return true,
            _ => {}
        }
        at += 1;
    }
    false
}

#[cfg(test)]
mod tests;
