//! Inlay hints in postgresql.conf: the size or duration a unit-less number stands for, in
//! the unit a reader would write (`shared_buffers = 16384` is 128MB of 8kB pages,
//! `checkpoint_timeout = 300` is 5min).

use crate::inlay_hints::InlayHint;
use crate::knowledge::pg_settings::value::{self, Parsed};
use crate::knowledge::pg_settings::{self, Lookup};
use crate::settings::Settings;
use crate::syntax::pgconf::{self, ValueKind};

#[cfg(test)]
mod tests;

pub fn inlay_hints(text: &str, settings: &Settings) -> Vec<InlayHint> {
    let catalog = pg_settings::for_major(settings.postgres_version);
    let file = pgconf::parse(text);
    let mut hints = Vec::new();

    for entry in file.entries.iter().filter(|e| e.directive.is_none()) {
        let setting = match catalog.lookup(entry.name_text(text)) {
            Lookup::Known(setting) | Lookup::OldName(setting) => setting,
            Lookup::Unknown => continue,
        };
        let Some(unit) = setting.unit else {
            continue;
        };
        // Only a bare number needs explaining: with a unit, the file already says it.
        let bare = entry.value.text.trim();
        let plain_number = matches!(entry.value.kind, ValueKind::Integer | ValueKind::Real)
            || (entry.value.kind == ValueKind::Quoted
                && !bare.is_empty()
                && bare.bytes().all(|b| b.is_ascii_digit() || b == b'.'));
        if !plain_number || bare.bytes().any(|b| b.is_ascii_alphabetic()) {
            continue;
        }
        let amount = match value::check(setting, &entry.value.text) {
            Ok(Parsed::Integer(number)) => number as f64,
            Ok(Parsed::Real(number)) => number,
            _ => continue,
        };
        if amount <= 0.0 {
            continue;
        }
        let shown = value::format_with_unit(amount, unit);
        let label = match shown.strip_prefix('~') {
            Some(rounded) => format!("≈ {rounded}"),
            None => format!("= {shown}"),
        };
        hints.push(InlayHint { offset: entry.value.span.end, label });
    }
    hints
}
