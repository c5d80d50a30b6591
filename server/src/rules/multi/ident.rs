//! `map=` options of `pg_hba.conf` against the maps `pg_ident.conf` defines: a name no map
//! has makes every login through that rule fail; a map no rule names does nothing.
//!
//! The pg_ident.conf a pg_hba.conf is judged with is the one the server would read: the
//! `ident_file` of the `postgresql.conf` beside it when that names it (an absolute path,
//! or one relative to an absolute `data_directory`, since the server resolves relative
//! paths from its data directory), else the `pg_ident.conf` beside it. When none is found,
//! nothing is said.
//!
//! Maps defined in files that pg_ident.conf includes count as defined, and `map=` options
//! in files that pg_hba.conf includes are judged too (both trees walked as the server walks
//! them, [`includes`]). When an included pg_ident.conf file cannot be read, nothing is said.
//!
//! FIXME: Unused maps are judged only against a pg_hba.conf that includes no other file;
//! walking its include tree (as [`undefined_maps`] does) would lift that.

use std::path::{Path, PathBuf};

use crate::files::Files;
use crate::finding::{Finding, Rule, Severity, Tag};
use crate::knowledge::hba::{AuthMethod, AuthOption};
use crate::rules::pghba::includes;
use crate::settings::Settings;
use crate::span::Span;
use crate::syntax::pghba::Record;
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
    let records = pghba::parse_for(hba, major).records;
    records.iter().flat_map(|record| record_map_options(record, hba, major)).collect()
}

/// The `map=` options of one record of `text` on a method that takes one.
fn record_map_options(record: &Record, text: &str, major: u32) -> Vec<MapOption> {
    let map_option = AuthOption::find("map", major);
    let mut options = Vec::new();
    if record.include().is_some() {
        return options;
    }

    let columns = record.columns();
    let method = columns.method.and_then(|field| field.single());
    let method = method.and_then(|token| AuthMethod::from_name(&token.text));
    let takes_map = match (method, map_option) {
        (Some(method), Some(option)) => option.allowed_with(method, major),
        _ => false,
    };
    if !takes_map {
        return options;
    }
    for token in columns.options {
        let Some(name) = token.text.strip_prefix("map=") else {
            continue;
        };
        let raw = text.get(token.span.start..token.span.end).unwrap_or_default();
        let span = if raw.starts_with("map=") && raw.len() == token.text.len() {
            Span::new(token.span.start + "map=".len(), token.span.end)
        } else {
            token.span
        };
        options.push(MapOption { name: name.to_string(), span });
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

/// One map line of a pg_ident.conf or of a file it includes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MapDefinition {
    pub name: String,
    /// The file that holds the line.
    pub path: PathBuf,
    /// Its 0-based line in that file.
    pub line: usize,
}

/// Every map line of `text` (the pg_ident.conf at `path`) and of the files it includes, in
/// the order the server reads them, or `None` when an included file cannot be read (the
/// server then refuses the whole file, which its own findings say).
pub fn map_definitions(
    path: &Path,
    text: &str,
    major: u32,
    files: &dyn Files,
) -> Option<Vec<MapDefinition>> {
    let tree = includes::expand(text, Some(path), Some(files), major);
    if !tree.problems.is_empty() {
        return None;
    }

    let mut definitions = Vec::new();
    for &(source, index) in &tree.order {
        let from = &tree.sources[source];
        let record = &from.records[index];
        let [map, _, _, ..] = record.fields.as_slice() else {
            continue;
        };
        let path = if source == 0 { path.to_path_buf() } else { from.path.clone()? };
        definitions.push(MapDefinition { name: map.first().text.clone(), path, line: record.line });
    }
    Some(definitions)
}

/// The names of every map `text` (the pg_ident.conf at `path`) and the files it includes
/// define, or `None` when an included file cannot be read.
pub fn defined_maps(path: &Path, text: &str, major: u32, files: &dyn Files) -> Option<Vec<String>> {
    let definitions = map_definitions(path, text, major, files)?;
    Some(definitions.into_iter().map(|definition| definition.name).collect())
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
    let Some(defined) = defined_maps(&ident_path, &ident, major, files) else {
        return;
    };
    let shown = ident_path
        .file_name()
        .map_or_else(|| "pg_ident.conf".to_string(), |name| name.to_string_lossy().into_owned());

    // The records of the files pg_hba.conf includes count too; a wrong name there is
    // shown on the include line that brings the file in.
    let tree = includes::expand(hba, Some(path), Some(files), major);
    for &(source, index) in &tree.order {
        let from = &tree.sources[source];
        let record = &from.records[index];
        for option in record_map_options(record, &from.text, major) {
            if defined.contains(&option.name) {
                continue;
            }
            let mut message = format!(
                "The {shown} this server reads defines no map `{}` (map names are \
                case-sensitive), so every login through this rule fails. Add its lines to \
                {shown} or fix the name.",
                option.name.replace('`', "'")
            );
            let span = match from.via {
                None => option.span,
                Some(via) => {
                    let line = includes::line_number(&from.text, option.span.start);
                    message = format!("In `{}` line {line}: {message}", from.shown);
                    via
                }
            };
            out.push(Finding::new(&MAP_UNDEFINED, Severity::Warning, span, message));
        }
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
