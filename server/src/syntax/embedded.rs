//! Strings inside files of general formats (YAML, JSON, TOML, Java `.properties`, shell
//! scripts) that may be connection strings: each string scalar with the key it is stored
//! under, its decoded value and a [`SourceMap`] from that value back to the file, so that
//! findings about a connection string land on the characters that wrote it.
//!
//! The formats' own parsers are well-kept crates (`saphyr-parser`, `jsonc-parser`, `toml`);
//! they give each scalar's span and decoded value. The map from the value back to its
//! bytes is rebuilt here by decoding the scalar's source again ([`escapes`]) and is kept
//! only when it decodes to exactly the crate's value; where that cannot be done (folded
//! and multi-line scalars), every byte of the value maps to the whole scalar and the map
//! forbids edits, so findings land on the whole scalar and carry no fix.

mod escapes;
pub mod json;
pub mod properties;
pub mod shell;
#[cfg(test)]
mod tests;
pub mod toml;
pub mod yaml;

use crate::span::Span;
use crate::syntax::conninfo::{Quoting, SourceMap};

/// The general formats a connection string may be embedded in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Format {
    Yaml,
    Json,
    Toml,
    Properties,
    Shell,
}

/// One string value of the file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EmbeddedString {
    /// The key the string is stored under: an environment variable's name (a compose
    /// `environment:` entry, a Kubernetes env entry's `name`, a shell assignment), a
    /// property's name (`spring.datasource.url`) or the last key of its path.
    pub key: String,
    /// Where the string sits in the document: `services.app.environment.DATABASE_URL`,
    /// `ConnectionStrings.Default`, `spec.containers[0].env[DATABASE_URL]`.
    pub path: String,
    /// True when `key` is an environment variable the string is assigned to, so that
    /// the `PG*` ones are libpq's fallbacks for the strings beside them.
    pub is_variable: bool,
    /// The value after unquoting and unescaping.
    pub value: String,
    /// The value as written, quotes included.
    pub span: Span,
    /// From offsets of `value` to offsets of the file.
    pub map: SourceMap,
}

/// Where a file stops being valid in its format.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SyntaxError {
    pub span: Span,
    pub message: String,
}

/// The strings of one file, and its syntax error if it has one.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Document {
    pub strings: Vec<EmbeddedString>,
    pub error: Option<SyntaxError>,
}

/// Reads the strings of `text`, a file of `format`; `templated` says the file is a
/// template that is not valid in its format until rendered (a Helm chart's
/// `templates/*.yaml`), which is scanned line by line instead.
pub fn parse(format: Format, text: &str, templated: bool) -> Document {
    match format {
        Format::Yaml if templated => yaml::scan_template(text),
        Format::Yaml => yaml::parse(text),
        Format::Json => json::parse(text),
        Format::Toml => toml::parse(text),
        Format::Properties => properties::parse(text),
        Format::Shell => shell::parse(text),
    }
}

/// The map of a value whose bytes cannot be told apart in its source: each maps to the
/// whole scalar, which no edit may touch.
pub(crate) fn whole_scalar_map(value_len: usize, span: Span) -> SourceMap {
    let mut map = SourceMap::new(Quoting::None, span.start);
    map.push_opaque(value_len, span);
    map.seal();
    map
}

/// The map of `value` decoded from `span` of `text` by `decode`, when decoding again
/// gives exactly `value`; otherwise the whole-scalar map.
pub(crate) fn exact_or_whole(
    text: &str,
    span: Span,
    value: &str,
    decode: impl FnOnce(&str, usize) -> Option<(String, SourceMap)>,
) -> SourceMap {
    let decoded = text.get(span.start..span.end).and_then(|source| decode(source, span.start));
    match decoded {
        Some((decoded, map)) if decoded == value => map,
        _ => whole_scalar_map(value.len(), span),
    }
}

/// The span of a syntax error from `start` to `end` (clamped to `text`), widened to the
/// character at `start` when empty, so that editors have something to underline.
pub(crate) fn error_span(text: &str, start: usize, end: usize) -> Span {
    let mut start = start.min(text.len());
    while !text.is_char_boundary(start) {
        start -= 1;
    }
    let mut end = end.clamp(start, text.len());
    while !text.is_char_boundary(end) {
        end += 1;
    }
    if end == start {
        let next = text[start..].chars().next().filter(|ch| *ch != '\n' && *ch != '\r');
        end = start + next.map_or(0, char::len_utf8);
    }
    Span::new(start, end)
}

/// A byte offset for each char index of `text`, and the text's length at the end, for
/// parsers that count positions in characters.
pub(crate) fn char_to_byte_offsets(text: &str) -> Vec<usize> {
    let mut offsets: Vec<usize> = text.char_indices().map(|(at, _)| at).collect();
    offsets.push(text.len());
    offsets
}
