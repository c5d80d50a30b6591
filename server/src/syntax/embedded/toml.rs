//! TOML files: every string value with its dotted path, through the `toml` crate's
//! spanned document tree.

use toml::de::{DeTable, DeValue};
use toml::Spanned;

use super::escapes::{self, Dialect};
use super::{error_span, exact_or_whole, Document, EmbeddedString, SyntaxError};
use crate::span::Span;
use crate::syntax::conninfo::Quoting;

/// Reads every string value of a TOML document; one that does not parse yields its error
/// and no strings.
pub fn parse(text: &str) -> Document {
    let mut document = Document::default();
    match DeTable::parse(text) {
        Ok(table) => table_strings(text, table.get_ref(), "", &mut document.strings),
        Err(error) => {
            let range = error.span().unwrap_or(0..0);
            let reason = error.message().lines().next().unwrap_or("invalid TOML").to_string();
            document.error = Some(SyntaxError {
                span: error_span(text, range.start, range.end),
                message: format!(
                    "This TOML does not parse ({}), so the program that reads it fails \
                     before it connects.",
                    reason.trim_end_matches('.')
                ),
            });
        }
    }
    document
}

fn table_strings(text: &str, table: &DeTable, path: &str, out: &mut Vec<EmbeddedString>) {
    for (key, value) in table.iter() {
        let key = key.get_ref().as_ref();
        let child = if path.is_empty() { key.to_string() } else { format!("{path}.{key}") };
        value_strings(text, value, &child, key, out);
    }
}

fn value_strings(
    text: &str,
    value: &Spanned<DeValue>,
    path: &str,
    key: &str,
    out: &mut Vec<EmbeddedString>,
) {
    match value.get_ref() {
        DeValue::String(string) => {
            let range = value.span();
            let span = Span::new(range.start.min(text.len()), range.end.min(text.len()));
            let map = exact_or_whole(text, span, string, |written, base| {
                if written.starts_with("\"\"\"") || written.starts_with("'''") {
                    // Multi-line strings trim and join their lines.
                    None
                } else if written.starts_with('\'') {
                    escapes::literal(written, base, "'", Quoting::Single)
                } else {
                    escapes::double_quoted(written, base, Dialect::Toml)
                }
            });
            out.push(EmbeddedString {
                key: key.to_string(),
                path: path.to_string(),
                is_variable: false,
                value: string.to_string(),
                span,
                map,
            });
        }
        DeValue::Table(table) => table_strings(text, table, path, out),
        DeValue::Array(array) => {
            for (index, element) in array.iter().enumerate() {
                value_strings(text, element, &format!("{path}[{index}]"), key, out);
            }
        }
        _ => {}
    }
}
