//! Completion in `postgresql.conf`: parameter names (with type and default) at the start of
//! a line, the values of booleans and enums after the name, and units after a number, all
//! from the catalog of the major the file is for.

use std::sync::OnceLock;

use regex::Regex;

use crate::completion::{Completion, CompletionKind};
use crate::finding::Edit;
use crate::knowledge::pg_settings::summaries::summary;
use crate::knowledge::pg_settings::timezones;
use crate::knowledge::pg_settings::value::{MEMORY_UNITS, TIME_UNITS};
use crate::knowledge::pg_settings::{self, Setting, UnitKind, VarType};
use crate::settings::Settings;
use crate::span::Span;
use crate::syntax::pgconf::Directive;

#[cfg(test)]
mod tests;

/// What the text before the cursor on its line can be followed by.
enum Place {
    /// A name is being typed: the part typed so far.
    Name(Span),
    /// A value of `name` is being typed: the part typed so far, after any opening quote.
    Value { name: String, word: Span },
    /// A unit after the number of a value of `name`: the letters typed so far.
    Unit { name: String, word: Span },
}

pub fn complete(text: &str, offset: usize, settings: &Settings) -> Vec<Completion> {
    let Some(place) = place(text, offset) else {
        return Vec::new();
    };
    let catalog = pg_settings::for_major(settings.postgres_version);

    match place {
        Place::Name(word) => {
            let typed = word.of(text).to_ascii_lowercase();
            let mut items: Vec<Completion> = catalog
                .settings()
                .iter()
                .filter(|setting| {
                    setting.listed && setting.name.to_ascii_lowercase().contains(&typed)
                })
                .map(|setting| name_item(setting, word))
                .collect();
            for directive in [Directive::Include, Directive::IncludeIfExists, Directive::IncludeDir]
            {
                if directive.name().contains(&typed) {
                    items.push(Completion {
                        label: directive.name().to_string(),
                        kind: CompletionKind::Keyword,
                        detail: Some("directive: read another file here".to_string()),
                        documentation: None,
                        edit: Edit { span: word, new_text: format!("{} = ''", directive.name()) },
                    });
                }
            }
            items
        }
        Place::Value { name, word } => match catalog.get(&name) {
            Some(setting) => value_items(setting, catalog.major, word),
            None => Vec::new(),
        },
        Place::Unit { name, word } => match catalog.get(&name).and_then(|s| s.unit) {
            Some(unit) => unit_items(unit.kind, word),
            None => Vec::new(),
        },
    }
}

/// Reads the line up to the cursor: `name`, `name = val`, `name = 'val`, `name = 128M`.
fn place(text: &str, offset: usize) -> Option<Place> {
    if offset > text.len() || !text.is_char_boundary(offset) {
        return None;
    }
    let line_start = text[..offset].rfind('\n').map_or(0, |newline| newline + 1);
    let before = &text[line_start..offset];
    if before.contains('#') {
        return None;
    }

    static SHAPES: OnceLock<[Regex; 3]> = OnceLock::new();
    let [name_shape, unit_shape, value_shape] = SHAPES.get_or_init(|| {
        [
            r"^[ \t]*(?P<word>[A-Za-z_][A-Za-z0-9_.]*)?$",
            concat!(
                r"^[ \t]*(?P<name>[A-Za-z_][A-Za-z0-9_.]*)[ \t]*(=[ \t]*|[ \t])",
                r"'?[-+]?[0-9.]+[ \t]*(?P<word>[A-Za-z]*)$"
            ),
            concat!(
                r"^[ \t]*(?P<name>[A-Za-z_][A-Za-z0-9_.]*)([ \t]*=[ \t]*|[ \t]+)",
                r"'?(?P<word>[A-Za-z0-9_.+/-]*)$"
            ),
        ]
        .map(|shape| Regex::new(shape).expect("completion shape"))
    });

    // A completion replaces the whole word under the cursor, also the part after it, so
    // that accepting `shared_buffers` inside `shared_bu|ffers` does not leave `ffers` behind.
    let after = &text[offset..];
    let after = &after[..after.find('\n').unwrap_or(after.len())];
    let word_span = |captures: &regex::Captures, continues: fn(char) -> bool| {
        let rest = after.find(|c: char| !continues(c)).unwrap_or(after.len());
        let start = captures.name("word").map_or(offset, |word| line_start + word.start());
        Span::new(start, offset + rest)
    };
    let in_name = |c: char| c.is_ascii_alphanumeric() || c == '_' || c == '.';
    if let Some(captures) = name_shape.captures(before) {
        return Some(Place::Name(word_span(&captures, in_name)));
    }
    if let Some(captures) = unit_shape.captures(before) {
        // Inside a number (`12|8`) no unit belongs at the cursor.
        if after.starts_with(|c: char| c.is_ascii_digit() || c == '.') {
            return None;
        }
        let name = captures["name"].to_string();
        return Some(Place::Unit { name, word: word_span(&captures, |c| c.is_ascii_alphabetic()) });
    }
    let captures = value_shape.captures(before)?;
    let name = captures["name"].to_string();
    // Values run on through the characters zone names and enum values have.
    let in_value = |c: char| c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '-' | '+' | '/');
    Some(Place::Value { name, word: word_span(&captures, in_value) })
}

fn name_item(setting: &Setting, word: Span) -> Completion {
    let mut documentation = String::new();
    if let Some(summary) = summary(&setting.name) {
        documentation.push_str(summary);
        documentation.push_str("\n\n");
    }
    documentation.push_str(&format!("Changes: {}.", setting.context.explain()));
    Completion {
        label: setting.name.clone(),
        kind: CompletionKind::Parameter,
        detail: Some(detail(setting)),
        documentation: Some(documentation),
        edit: Edit { span: word, new_text: setting.name.clone() },
    }
}

/// `integer (8kB), default 128MB`, `enum, default replica`.
fn detail(setting: &Setting) -> String {
    let kind = match setting.unit {
        Some(unit) => format!("{} ({})", setting.vartype.name(), unit.name),
        None => setting.vartype.name().to_string(),
    };
    let default = setting.default_display();
    if default.is_empty() {
        format!("{kind}, default empty")
    } else {
        format!("{kind}, default {default}")
    }
}

/// The values to offer: a boolean's, an enum's, and the zone names and abbreviation sets of
/// the time-zone parameters (`major`'s lists).
fn value_items(setting: &Setting, major: u32, word: Span) -> Vec<Completion> {
    let owned = |names: Vec<&str>| names.into_iter().map(str::to_string).collect();
    let values: Vec<String> = match setting.name.to_ascii_lowercase().as_str() {
        "timezone" | "log_timezone" => owned(timezones::zone_names(major)),
        "timezone_abbreviations" => owned(timezones::abbreviation_sets(major)),
        _ => match setting.vartype {
            VarType::Bool => vec!["on".to_string(), "off".to_string()],
            VarType::Enum => {
                setting.enum_values.iter().filter(|v| !v.is_empty()).cloned().collect()
            }
            _ => Vec::new(),
        },
    };
    let default = setting.boot_value.to_ascii_lowercase();
    values
        .into_iter()
        .map(|value| Completion {
            detail: (value.to_ascii_lowercase() == default).then(|| "default".to_string()),
            kind: CompletionKind::Value,
            documentation: None,
            edit: Edit { span: word, new_text: value.clone() },
            label: value,
        })
        .collect()
}

fn unit_items(kind: UnitKind, word: Span) -> Vec<Completion> {
    let (units, words): (Vec<&str>, &[&str]) = match kind {
        UnitKind::Memory => (
            MEMORY_UNITS.iter().rev().map(|(unit, _)| *unit).collect(),
            &["bytes", "kilobytes (1024 B)", "megabytes", "gigabytes", "terabytes"],
        ),
        UnitKind::Time => (
            TIME_UNITS.iter().rev().map(|(unit, _)| *unit).collect(),
            &["microseconds", "milliseconds", "seconds", "minutes", "hours", "days"],
        ),
    };
    units
        .into_iter()
        .zip(words)
        .map(|(unit, meaning)| Completion {
            label: unit.to_string(),
            kind: CompletionKind::Unit,
            detail: Some(meaning.to_string()),
            documentation: None,
            edit: Edit { span: word, new_text: unit.to_string() },
        })
        .collect()
}
