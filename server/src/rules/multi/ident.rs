//! `map=` options of `pg_hba.conf` against the maps `pg_ident.conf` defines: a name no map
//! has makes every login through that rule fail; a map no rule names does nothing.
//!
//! The pg_ident.conf a pg_hba.conf is judged with is the one the server would read: the
//! `ident_file` of the `postgresql.conf` beside it when that names it (an absolute path,
//! or one relative to an absolute `data_directory`, since the server resolves relative
//! paths from its data directory), else the `pg_ident.conf` beside it. When none is found,
//! nothing is said.
//!
//! FIXME: Maps in files that pg_ident.conf includes (16+), and `map=` options in files that
//! pg_hba.conf includes, are not read: a map defined or used only there is not seen.

use std::path::{Path, PathBuf};

use crate::files::Files;
use crate::finding::{Finding, Rule, Severity, Tag};
use crate::knowledge::hba::{AuthMethod, AuthOption};
use crate::settings::Settings;
use crate::span::Span;
use crate::syntax::{pgconf, pghba, pgident};

pub static MAP_UNDEFINED: Rule = Rule {
    name: "multi-ident-map-undefined",
    url: "https://www.postgresql.org/docs/current/auth-username-maps.html",
};
pub static MAP_UNUSED: Rule = Rule {
    name: "multi-ident-map-unused",
    url: "https://www.postgresql.org/docs/current/auth-username-maps.html",
};

/// A `map=NAME` option on a pg_hba.conf rule whose method takes a map.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MapOption {
    pub name: String,
    /// The span of `NAME` (of the whole option when it is written in an unusual form).
    pub span: Span,
}

/// Every `map=` option of `hba` on a method that takes one, as major `major` reads it.
pub fn map_options(hba: &str, major: u32) -> Vec<MapOption> {
    let map_option = AuthOption::find("map", major);
    let mut options = Vec::new();

    for record in &pghba::parse_for(hba, major).records {
        if record.include().is_some() {
            continue;
        }
        let columns = record.columns();
        let method = columns.method.and_then(|field| field.single());
        let method = method.and_then(|token| AuthMethod::from_name(&token.text));
        let takes_map = match (method, map_option) {
            (Some(method), Some(option)) => option.allowed_with(method, major),
            _ => false,
        };
        if !takes_map {
            continue;
        }
        for token in columns.options {
            let Some(name) = token.text.strip_prefix("map=") else {
                continue;
            };
            let raw = token.span.of(hba);
            let span = if raw.starts_with("map=") && raw.len() == token.text.len() {
                Span::new(token.span.start + "map=".len(), token.span.end)
            } else {
                token.span
            };
            options.push(MapOption { name: name.to_string(), span });
        }
    }
    options
}

/// The pg_ident.conf the server beside `hba_path` reads, and its text.
pub fn governing_ident_file(hba_path: &Path, files: &dyn Files) -> Option<(PathBuf, String)> {
    let directory = hba_path.parent()?;
    let named =
        files.read(&directory.join("postgresql.conf")).and_then(|conf| ident_file_setting(&conf));
    let path = named.unwrap_or_else(|| directory.join("pg_ident.conf"));
    let text = files.read(&path)?;
    Some((path, text))
}

/// Where `ident_file` in `conf` points, when it says so unambiguously.
fn ident_file_setting(conf: &str) -> Option<PathBuf> {
    let file = pgconf::parse(conf);
    let last = |name: &str| {
        file.entries
            .iter()
            .rev()
            .find(|entry| {
                entry.directive.is_none() && entry.name_text(conf).eq_ignore_ascii_case(name)
            })
            .map(|entry| PathBuf::from(&entry.value.text))
    };
    let ident_file = last("ident_file").filter(|path| !path.as_os_str().is_empty())?;
    if ident_file.is_absolute() {
        return Some(ident_file);
    }
    let data_directory = last("data_directory").filter(|path| path.is_absolute())?;
    Some(data_directory.join(ident_file))
}

/// Warnings on `map=` values of `hba` (the file at `path`) that the governing
/// pg_ident.conf does not define.
pub fn undefined_maps(
    path: &Path,
    hba: &str,
    settings: &Settings,
    files: &dyn Files,
    out: &mut Vec<Finding>,
) {
    let Some((ident_path, ident)) = governing_ident_file(path, files) else {
        return;
    };
    let major = crate::knowledge::hba::major(settings);
    let ident_file = pgident::parse_for(&ident, major);
    let shown = ident_path
        .file_name()
        .map_or_else(|| "pg_ident.conf".to_string(), |name| name.to_string_lossy().into_owned());

    for option in map_options(hba, major) {
        if ident_file.first_of(&option.name).is_some() {
            continue;
        }
        let message = format!(
            "The {shown} this server reads defines no map `{}` (map names are case-sensitive), \
            so every login through this rule fails. Add its lines to {shown} or fix the name.",
            option.name.replace('`', "'")
        );
        out.push(Finding::new(&MAP_UNDEFINED, Severity::Warning, option.span, message));
    }
}

/// Hints on maps of `ident` (the file at `path`) that no rule of the pg_hba.conf beside
/// it names. Said only when that pg_hba.conf exists and includes no other file.
pub fn unused_maps(
    path: &Path,
    ident: &str,
    settings: &Settings,
    files: &dyn Files,
    out: &mut Vec<Finding>,
) {
    let Some(hba_path) = path.parent().map(|directory| directory.join("pg_hba.conf")) else {
        return;
    };
    let Some(hba) = files.read(&hba_path) else {
        return;
    };
    // The governing pg_ident.conf of that pg_hba.conf must be this very file.
    if governing_ident_file(&hba_path, files).is_none_or(|(governing, _)| governing != path) {
        return;
    }
    let major = crate::knowledge::hba::major(settings);
    let hba_file = pghba::parse_for(&hba, major);
    let includes = hba_file.records.iter().any(|record| record.include().is_some());
    let splices = hba_file
        .records
        .iter()
        .flat_map(|record| &record.fields)
        .any(|field| field.tokens.iter().any(|token| token.included_file().is_some()));
    if includes || splices {
        return;
    }

    let used: Vec<String> =
        map_options(&hba, major).into_iter().map(|option| option.name).collect();
    let mut reported: Vec<&str> = Vec::new();
    let ident_file = pgident::parse_for(ident, major);
    for mapping in ident_file.mappings() {
        let name = mapping.name();
        if used.iter().any(|used| used == name) || reported.contains(&name) {
            continue;
        }
        reported.push(name);
        out.push(
            Finding::new(
                &MAP_UNUSED,
                Severity::Hint,
                mapping.map.span,
                format!(
                    "No rule of the pg_hba.conf beside this file has `map={}`, so this map is \
                    never used. Name it in a rule's options, or remove its lines.",
                    name.replace('`', "'")
                ),
            )
            .with_tag(Tag::Unnecessary),
        );
    }
}

#[cfg(test)]
mod tests;
