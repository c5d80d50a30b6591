//! `map=` options of `pg_hba.conf` against the maps `pg_ident.conf` defines: a name no map
//! has makes every login through that rule fail; a map no rule names does nothing.
//!
//! The pg_ident.conf a pg_hba.conf is judged with is the one the server would read: the
//! `ident_file` of the `postgresql.conf` beside it when that names it (an absolute path,
//! or one relative to an absolute `data_directory`, since the server resolves relative
//! paths from its data directory), else the `pg_ident.conf` beside it. When none is found,
//! nothing is said.
//!
//! Maps defined in files that pg_ident.conf includes (16+) count as defined. When an
//! included file cannot be read, or pg_hba.conf includes other files, the check that
//! would need them says nothing.
//!
//! FIXME: `map=` options in files that pg_hba.conf includes are not read, so a pg_ident.conf
//! beside such a pg_hba.conf is not judged for unused maps at all.

use std::path::{Path, PathBuf};

use crate::files::Files;
use crate::finding::{Finding, Rule, Severity, Tag};
use crate::knowledge::hba::{AuthMethod, AuthOption};
use crate::settings::Settings;
use crate::span::Span;
use crate::syntax::pghba::IncludeKind;
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

/// How deep `include*` lines are followed, as a guard against a file that includes itself.
const INCLUDE_DEPTH: usize = 10;

/// The names of every map `text` (the pg_ident.conf at `path`) and the files it includes
/// define, or `None` when an included file cannot be read.
pub fn defined_maps(path: &Path, text: &str, major: u32, files: &dyn Files) -> Option<Vec<String>> {
    let mut names = Vec::new();
    collect_maps(path, text, major, files, INCLUDE_DEPTH, &mut names)?;
    Some(names)
}

fn collect_maps(
    path: &Path,
    text: &str,
    major: u32,
    files: &dyn Files,
    depth: usize,
    names: &mut Vec<String>,
) -> Option<()> {
    let directory = path.parent().and_then(Path::to_str);
    for line in pgident::parse_for(text, major).lines {
        match line.content {
            pgident::Content::Mapping(mapping) => names.push(mapping.name().to_string()),
            pgident::Content::Incomplete => {}
            pgident::Content::Include { kind, argument } => {
                let target = lexically_normal(&pghba::resolve_include(&argument.text, directory));
                let included: Vec<PathBuf> = match kind {
                    IncludeKind::IncludeDir => {
                        let mut inside = files.list(&target)?;
                        inside.retain(|file| file.extension().is_some_and(|ext| ext == "conf"));
                        inside
                    }
                    IncludeKind::IncludeIfExists if !files.exists(&target) => Vec::new(),
                    IncludeKind::Include | IncludeKind::IncludeIfExists => vec![target],
                };
                for file in included {
                    let text = files.read(&file)?;
                    collect_maps(&file, &text, major, files, depth.checked_sub(1)?, names)?;
                }
            }
        }
    }
    Some(())
}

/// `path` with `.` and `..` resolved without asking the file system, as the server's
/// `canonicalize_path` does.
fn lexically_normal(path: &str) -> PathBuf {
    use std::path::Component;

    let mut normal = PathBuf::new();
    for component in Path::new(path).components() {
        match component {
            Component::CurDir => {}
            Component::ParentDir => {
                normal.pop();
            }
            other => normal.push(other),
        }
    }
    normal
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

    for option in map_options(hba, major) {
        if defined.contains(&option.name) {
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
