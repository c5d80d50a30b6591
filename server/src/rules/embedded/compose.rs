//! Docker Compose's interpolation: `${VAR}`, `${VAR:-default}`, `${VAR-default}` and `$VAR`
//! in a compose file take their values from the `.env` beside it (and from the shell,
//! which we cannot see), and `$$` stands for `$`. The bytes an expansion brings in map to
//! the reference, which edits leave whole. Each reference filled in from the `.env` is
//! recorded, so that findings on it can say where its value is set.

use std::path::Path;

use crate::rules::dotenv::provenance::{line_of, Interpolation};
use crate::span::Span;
use crate::syntax::conninfo::SourceMap;
use crate::syntax::dotenv::{self, DotEnv, Entry};
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

/// Replaces every string of `document` that holds a reference the `.env` text `dotenv`
/// resolves (or `$$`) with what Compose makes of it; returns the references the `.env`
/// filled in.
pub fn interpolate(document: &mut Document, dotenv: &str) -> Vec<Interpolation> {
    let vars = dotenv::parse(dotenv);
    let mut interpolations = Vec::new();
    for string in &mut document.strings {
        if let Some(expanded) = interpolated(string, &vars, dotenv, &mut interpolations) {
            *string = expanded;
        }
    }
    interpolations
}

/// The string as Compose interpolates it, or `None` when that changes nothing; the
/// references the `.env` text `dotenv` (read as `vars`) filled in go to `interpolations`.
fn interpolated(
    string: &EmbeddedString,
    vars: &DotEnv,
    dotenv: &str,
    interpolations: &mut Vec<Interpolation>,
) -> Option<EmbeddedString> {
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
        if let Some((end, expansion, source)) = reference_at(written, at, vars) {
            let reference = string.map.span(Span::new(at, end));
            if let Some(entry) = source {
                interpolations.push(Interpolation {
                    reference,
                    name: entry.key.clone(),
                    value: expansion.clone(),
                    line: line_of(dotenv, entry.span.start),
                });
            }
            value.push_str(&expansion);
            map.push_opaque(expansion.len(), reference);
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

/// The reference at byte `at` of `text`: where it ends, what it expands to and the
/// `.env` entry that value comes from (none when its own default applied), when `vars`
/// (or its default) gives it a value; references left to the shell's environment stay as
/// written.
fn reference_at<'a>(
    text: &str,
    at: usize,
    vars: &'a DotEnv,
) -> Option<(usize, String, Option<&'a Entry>)> {
    let rest = text.get(at..)?.strip_prefix('$')?;
    let is_name = |byte: u8| byte.is_ascii_alphanumeric() || byte == b'_';

    if let Some(braced) = rest.strip_prefix('{') {
        let close = braced.find('}')?;
        let inner = &braced[..close];
        let end = at + 2 + close + 1;
        let name_len = inner.bytes().take_while(|byte| is_name(*byte)).count();
        let (name, operator) = inner.split_at(name_len);
        let entry = vars.get(name);
        let set = entry.filter(|entry| !entry.value.is_empty());
        let (expansion, source) = if let Some(default) = operator.strip_prefix(":-") {
            set.map_or((default.to_string(), None), |entry| (entry.value.clone(), Some(entry)))
        } else if let Some(default) = operator.strip_prefix('-') {
            entry.map_or((default.to_string(), None), |entry| (entry.value.clone(), Some(entry)))
        } else if operator.is_empty() || operator.starts_with('?') || operator.starts_with(":?") {
            (entry?.value.clone(), entry)
        } else {
            return None;
        };
        return Some((end, expansion, source));
    }

    let name_len = rest.bytes().take_while(|byte| is_name(*byte)).count();
    let name = &rest[..name_len];
    let entry = vars.get(name).filter(|_| name_len > 0)?;
    Some((at + 1 + name_len, entry.value.clone(), Some(entry)))
}
