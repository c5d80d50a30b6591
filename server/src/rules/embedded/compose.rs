//! Docker Compose's interpolation: `${VAR}`, `${VAR:-default}`, `${VAR-default}` and `$VAR`
//! in a compose file take their values from the `.env` beside it (and from the shell,
//! which we cannot see), and `$$` stands for `$`. The bytes an expansion brings in map to
//! the reference, which edits leave whole.

use std::path::Path;

use crate::span::Span;
use crate::syntax::conninfo::SourceMap;
use crate::syntax::dotenv::DotEnv;
use crate::syntax::embedded::{Document, EmbeddedString};

/// True for the file names Compose looks for and their common variants
/// (`compose.yaml`, `docker-compose.yml`, `docker-compose.prod.yml`).
pub fn is_compose_file(path: &Path) -> bool {
    let Some(name) = path.file_name().and_then(|name| name.to_str()) else {
        return false;
    };
    let yaml = name.ends_with(".yml") || name.ends_with(".yaml");
    yaml && (name.starts_with("compose") || name.starts_with("docker-compose"))
}

/// Replaces every string of `document` that holds a reference `vars` resolves (or `$$`)
/// with what Compose makes of it.
pub fn interpolate(document: &mut Document, vars: &DotEnv) {
    for string in &mut document.strings {
        if let Some(expanded) = interpolated(string, vars) {
            *string = expanded;
        }
    }
}

/// The string as Compose interpolates it, or `None` when that changes nothing.
fn interpolated(string: &EmbeddedString, vars: &DotEnv) -> Option<EmbeddedString> {
    if !string.value.contains('$') {
        return None;
    }
    let written = string.value.as_str();
    let mut value = String::new();
    let mut map = SourceMap::new(string.map.quoting(), string.map.offset(0));
    let mut changed = false;
    let mut at = 0;

    while at < written.len() {
        if written[at..].starts_with("$$") {
            value.push('$');
            map.push(1, string.map.span(Span::new(at, at + 2)));
            changed = true;
            at += 2;
            continue;
        }
        if let Some((end, expansion)) = reference_at(written, at, vars) {
            value.push_str(&expansion);
            map.push_opaque(expansion.len(), string.map.span(Span::new(at, end)));
            changed = true;
            at = end;
            continue;
        }

        let ch = written[at..].chars().next()?;
        value.push(ch);
        for byte in at..at + ch.len_utf8() {
            let source = string.map.span(Span::new(byte, byte + 1));
            if string.map.editable(source) {
                map.push(1, source);
            } else {
                map.push_opaque(1, source);
            }
        }
        at += ch.len_utf8();
    }
    changed.then(|| EmbeddedString { value, map, ..string.clone() })
}

/// The reference at byte `at` of `text` and what it expands to, when `vars` (or its own
/// default) gives it a value; references left to the shell's environment stay as written.
fn reference_at(text: &str, at: usize, vars: &DotEnv) -> Option<(usize, String)> {
    let rest = text.get(at..)?.strip_prefix('$')?;
    let is_name = |byte: u8| byte.is_ascii_alphanumeric() || byte == b'_';

    if let Some(braced) = rest.strip_prefix('{') {
        let close = braced.find('}')?;
        let inner = &braced[..close];
        let end = at + 2 + close + 1;
        let name_len = inner.bytes().take_while(|byte| is_name(*byte)).count();
        let (name, operator) = inner.split_at(name_len);
        let value = vars.get(name).map(|entry| entry.value.as_str());
        let expansion = if let Some(default) = operator.strip_prefix(":-") {
            value.filter(|value| !value.is_empty()).unwrap_or(default).to_string()
        } else if let Some(default) = operator.strip_prefix('-') {
            value.unwrap_or(default).to_string()
        } else if operator.is_empty() || operator.starts_with('?') || operator.starts_with(":?") {
            value?.to_string()
        } else {
            return None;
        };
        return Some((end, expansion));
    }

    let name_len = rest.bytes().take_while(|byte| is_name(*byte)).count();
    let name = &rest[..name_len];
    let value = vars.get(name).filter(|_| name_len > 0)?;
    Some((at + 1 + name_len, value.value.clone()))
}
