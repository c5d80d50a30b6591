//! Completion in `pgbouncer.ini`: section names after `[`, `[pgbouncer]` setting names (with
//! type and default) and their enum values, and the keys (and pool modes) of `[databases]`,
//! `[users]` and `[peers]` entries, all for the target release.
//!
//! FIXME: PgBouncer's flags are plain integers in its sources (`CF_INT`), so the catalog
//! cannot tell `tcp_keepalive` (0 or 1) from `tcp_keepcnt`; once the generator marks flags,
//! offer `0` and `1` for them here.

use crate::completion::{Completion, CompletionKind};
use crate::finding::Edit;
use crate::knowledge::pgbouncer::{self as catalog, Catalog, EntrySection, Setting};
use crate::settings::Settings;
use crate::span::Span;
use crate::syntax::pgbouncer::{self as syntax, Item};

pub fn complete(text: &str, offset: usize, settings: &Settings) -> Vec<Completion> {
    let Some(offset) = (offset <= text.len() && text.is_char_boundary(offset)).then_some(offset)
    else {
        return Vec::new();
    };
    let catalog = catalog::catalog(settings.pgbouncer_version);
    let line_start = text[..offset].rfind('\n').map_or(0, |at| at + 1);
    let line_end = text[offset..].find('\n').map_or(text.len(), |at| offset + at);
    let before = &text[line_start..offset];
    let indent = before.len() - before.trim_start().len();
    let typed = &before[indent..];

    if typed.starts_with(';') || typed.starts_with('#') {
        return Vec::new();
    }
    if let Some(name) = typed.strip_prefix('[') {
        if name.contains(']') {
            return Vec::new();
        }
        let close = text[offset..line_end].find(']').map_or(offset, |at| offset + at);
        return sections(catalog, Span::new(offset - name.len(), close));
    }

    let section = section_at(text, line_start);
    let word = word_at(text, offset, line_start, line_end);
    match typed.find('=') {
        None => match section.as_deref() {
            Some("pgbouncer") => setting_names(catalog, word),
            _ => Vec::new(),
        },
        Some(equals) => {
            let key = typed[..equals].trim();
            match section.as_deref().map(|name| (name, EntrySection::from_section_name(name))) {
                Some(("pgbouncer", _)) => setting_values(catalog, key, word),
                Some((_, Some(entry_section))) => {
                    entry_pairs(catalog, entry_section, &typed[equals + 1..], word)
                }
                _ => Vec::new(),
            }
        }
    }
}

/// The section the line starting at `line_start` belongs to.
fn section_at(text: &str, line_start: usize) -> Option<String> {
    let file = syntax::parse(&text[..line_start]);
    file.items.iter().rev().find_map(|item| match item {
        Item::Section(header) => Some(header.name_text.clone()),
        _ => None,
    })
}

/// The span of the name being typed around `offset`: key characters on both sides.
fn word_at(text: &str, offset: usize, line_start: usize, line_end: usize) -> Span {
    let is_word = |ch: char| ch.is_ascii_alphanumeric() || matches!(ch, '_' | '.' | '-' | '*');
    let start = text[line_start..offset]
        .char_indices()
        .rev()
        .take_while(|&(_, ch)| is_word(ch))
        .last()
        .map_or(offset, |(at, _)| line_start + at);
    let end =
        text[offset..line_end].find(|ch: char| !is_word(ch)).map_or(line_end, |at| offset + at);
    Span::new(start, end)
}

fn item(label: &str, kind: CompletionKind, span: Span, insert: String) -> Completion {
    Completion {
        label: label.to_string(),
        kind,
        detail: None,
        documentation: None,
        edit: Edit { span, new_text: insert },
    }
}

fn sections(catalog: &Catalog, span: Span) -> Vec<Completion> {
    catalog
        .sections
        .iter()
        .map(|name| {
            let mut completion = item(name, CompletionKind::Section, span, name.to_string());
            completion.documentation = Some(format!(
                "[PgBouncer manual]({})",
                catalog::doc_url(&format!("section-{name}"))
            ));
            completion
        })
        .collect()
}

/// A setting's type and default, for the detail line.
fn setting_detail(catalog: &Catalog, setting: &Setting) -> String {
    let default = match setting.default {
        Some("") | None => "not set".to_string(),
        Some(default) => default.to_string(),
    };
    let unit = setting.unit.map_or(String::new(), |unit| format!(" ({})", unit.name()));
    format!("{}{unit}, default in {}: {default}", setting.value_type.name(), catalog.release_name())
}

fn setting_names(catalog: &Catalog, word: Span) -> Vec<Completion> {
    catalog
        .settings
        .iter()
        .map(|setting| {
            let mut completion =
                item(setting.name, CompletionKind::Parameter, word, setting.name.to_string());
            completion.detail = Some(setting_detail(catalog, setting));
            let meaning = catalog::setting_meaning(setting.name).unwrap_or("");
            completion.documentation =
                Some(format!("{meaning}\n\n[PgBouncer manual]({})", setting.url()).trim().into());
            completion
        })
        .collect()
}

fn setting_values(catalog: &Catalog, key: &str, word: Span) -> Vec<Completion> {
    let Some(setting) = catalog.setting(key) else {
        return Vec::new();
    };
    setting
        .allowed
        .iter()
        .map(|value| {
            let mut completion = item(value, CompletionKind::Value, word, value.to_string());
            if setting.default == Some(*value) {
                completion.detail = Some(format!("default in {}", catalog.release_name()));
            }
            completion
        })
        .collect()
}

/// Inside an entry's value: the keys the section accepts, or the pool modes after
/// `pool_mode=`.
fn entry_pairs(
    catalog: &Catalog,
    section: EntrySection,
    value_before: &str,
    word: Span,
) -> Vec<Completion> {
    let last = value_before.rsplit(' ').next().unwrap_or("");
    if let Some((key, _)) = last.split_once('=') {
        if key != "pool_mode" {
            return Vec::new();
        }
        return setting_values(catalog, "pool_mode", word);
    }
    catalog
        .entry_keys_of(section)
        .map(|key| {
            let mut completion =
                item(key.name, CompletionKind::Parameter, word, format!("{}=", key.name));
            completion.documentation = Some(
                format!(
                    "{}\n\n[PgBouncer manual]({})",
                    catalog::database_key_meaning(key.name).unwrap_or(""),
                    catalog::doc_url(key.anchor)
                )
                .trim()
                .to_string(),
            );
            completion
        })
        .collect()
}

#[cfg(test)]
mod tests;
