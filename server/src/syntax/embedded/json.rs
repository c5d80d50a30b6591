//! JSON files (and JSONC, as `appsettings.json` and VS Code settings allow comments and
//! trailing commas): every string value with its path, through `jsonc-parser`'s syntax
//! tree. `appsettings.json`'s `ConnectionStrings.Default` is one such path.

use jsonc_parser::ast::{ObjectPropName, Value};
use jsonc_parser::{CollectOptions, ParseOptions};

use super::escapes::{self, Dialect};
use super::{error_span, exact_or_whole, Document, EmbeddedString, SyntaxError};
use crate::span::Span;

/// Reads every string value of a JSON document; one that does not parse yields its
/// error and no strings.
pub fn parse(text: &str) -> Document {
    let mut document = Document::default();
    let parsed = jsonc_parser::parse_to_ast(text, &CollectOptions::default(), &jsonc_options());
    match parsed {
        Ok(result) => {
            if let Some(value) = &result.value {
                walk(text, value, "", "", &mut document.strings);
            }
        }
        Err(error) => {
            let range = error.range();
            document.error = Some(SyntaxError {
                span: error_span(text, range.start, range.end),
                message: format!(
                    "This JSON does not parse: {} (line {}, column {}), so the program that \
                     reads it fails before it connects.",
                    error.kind(),
                    error.line_display(),
                    error.column_display()
                ),
            });
        }
    }
    document
}

/// JSON with comments and trailing commas, as `appsettings.json` (System.Text.Json with
/// its comment and trailing-comma options) and VS Code's JSONC allow; nothing looser, so
/// a missing comma or an unquoted name is the error the program that reads it reports.
fn jsonc_options() -> ParseOptions {
    ParseOptions {
        allow_comments: true,
        allow_trailing_commas: true,
        allow_loose_object_property_names: false,
        allow_missing_commas: false,
        allow_single_quoted_strings: false,
        allow_hexadecimal_numbers: false,
        allow_unary_plus_numbers: false,
        allow_bare_decimal_point_numbers: false,
        allow_non_finite_numbers: false,
        allow_extended_string_escapes: false,
    }
}

/// Collects the strings of `value`, which sits at `path` under `key`.
fn walk(text: &str, value: &Value, path: &str, key: &str, out: &mut Vec<EmbeddedString>) {
    match value {
        Value::StringLit(string) => {
            let span = Span::new(string.range.start, string.range.end);
            let map = exact_or_whole(text, span, &string.value, |written, base| {
                escapes::double_quoted(written, base, Dialect::Json)
            });
            out.push(EmbeddedString {
                key: key.to_string(),
                path: path.to_string(),
                is_variable: false,
                value: string.value.to_string(),
                span,
                map,
            });
        }
        Value::Object(object) => {
            for property in &object.properties {
                let name = match &property.name {
                    ObjectPropName::String(name) => name.value.as_ref(),
                    ObjectPropName::Word(word) => word.value,
                };
                let child =
                    if path.is_empty() { name.to_string() } else { format!("{path}.{name}") };
                walk(text, &property.value, &child, name, out);
            }
        }
        Value::Array(array) => {
            for (index, element) in array.elements.iter().enumerate() {
                walk(text, element, &format!("{path}[{index}]"), key, out);
            }
        }
        _ => {}
    }
}
