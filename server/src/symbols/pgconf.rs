//! The outline of postgresql.conf: the settings grouped by their category (as pg_settings
//! files them: Connections and Authentication, Resource Usage ...), groups in the order
//! they first appear, and the include directives in a group of their own.

use crate::knowledge::pg_settings::{self, Lookup};
use crate::settings::Settings;
use crate::symbols::{Symbol, SymbolKind};
use crate::syntax::pgconf;

#[cfg(test)]
mod tests;

const INCLUDES: &str = "Includes";
const UNKNOWN: &str = "Unknown parameters";
const CUSTOM: &str = "Customized Options";

pub fn symbols(text: &str, settings: &Settings) -> Vec<Symbol> {
    let catalog = pg_settings::for_major(settings.postgres_version);
    let file = pgconf::parse(text);
    let mut groups: Vec<(String, Vec<Symbol>)> = Vec::new();

    for entry in &file.entries {
        let name = entry.name_text(text);
        let group = match (entry.directive, catalog.lookup(name)) {
            (Some(_), _) => INCLUDES.to_string(),
            (None, Lookup::Known(setting) | Lookup::OldName(setting)) => {
                setting.category.split(" / ").next().unwrap_or(&setting.category).to_string()
            }
            (None, Lookup::Unknown) if name.contains('.') => CUSTOM.to_string(),
            (None, Lookup::Unknown) => UNKNOWN.to_string(),
        };
        let symbol = Symbol {
            name: name.to_string(),
            detail: Some(shown_value(name, entry.value.span.of(text))),
            kind: SymbolKind::Setting,
            span: entry.line,
            selection: entry.name,
            children: Vec::new(),
        };
        match groups.iter_mut().find(|(existing, _)| *existing == group) {
            Some((_, children)) => children.push(symbol),
            None => groups.push((group, vec![symbol])),
        }
    }

    groups
        .into_iter()
        .map(|(group, children)| {
            let span =
                children.iter().map(|c| c.span).reduce(|a, b| a.cover(b)).unwrap_or_default();
            let selection = children.first().map_or(span, |c| c.selection);
            Symbol {
                name: group,
                detail: None,
                kind: SymbolKind::Section,
                span,
                selection,
                children,
            }
        })
        .collect()
}

/// The value as written, except where it may hold a password (a connection string for the
/// primary, a passphrase command).
fn shown_value(name: &str, written: &str) -> String {
    let lower = name.to_ascii_lowercase();
    if lower.contains("conninfo") || lower.contains("passphrase") || lower.contains("password") {
        "****".to_string()
    } else {
        written.to_string()
    }
}
