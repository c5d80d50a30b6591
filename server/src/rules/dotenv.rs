//! Rules for `.env` files: the file's own syntax, keys set twice, and every value that
//! is a connection string, checked with the connection string rules together with the
//! `PG*` variables the same file sets (a loader exports them all before the program
//! connects, so libpq sees them as its fallbacks).

pub(crate) mod provenance;
#[cfg(test)]
mod tests;

use std::collections::HashSet;

use crate::finding::{Edit, Finding, Fix, Rule, Severity, Tag};
use crate::knowledge::drivers::manifests::{self, Workspace};
use crate::knowledge::drivers::Driver;
use crate::knowledge::libpq;
use crate::rules::conninfo::{self, Surroundings};
use crate::settings::Settings;
use crate::span::Span;
use crate::syntax::conninfo::{EnvVar, Environment, Quoting};
use crate::syntax::dotenv::{self, DotEnv};
use provenance::Origin;

const ENV_FILE_DOCS: &str =
    "https://docs.docker.com/compose/how-tos/environment-variables/variable-interpolation/";

pub static SYNTAX_ERROR: Rule = Rule { name: "env-syntax-error", url: ENV_FILE_DOCS };
pub static DUPLICATE_KEY: Rule = Rule { name: "env-duplicate-key", url: ENV_FILE_DOCS };

pub static RULES: &[&Rule] = &[&SYNTAX_ERROR, &DUPLICATE_KEY];

/// The findings of a `.env` file on its own: a plain URL is read as libpq reads it unless its
/// key names a driver. [`check_with_files`] also reads the workspace's manifests.
pub fn check(text: &str, settings: &Settings) -> Vec<Finding> {
    check_in(text, settings, None)
}

/// The findings of a `.env` file whose workspace depends on `workspace`'s drivers.
fn check_in(text: &str, settings: &Settings, workspace: Option<&Workspace>) -> Vec<Finding> {
    let file = dotenv::parse(text);
    let mut findings = Vec::new();

    for error in &file.errors {
        findings.push(Finding::new(
            &SYNTAX_ERROR,
            Severity::Error,
            error.span,
            error.message.clone(),
        ));
    }
    check_duplicates(text, &file, &mut findings);

    // Values come with their `${VAR}` references expanded (see `syntax::dotenv`), so a
    // string built from other variables is checked as what it expands to.
    // FIXME: a fix whose edit would cut into a reference is dropped; it should edit the
    // referenced variable's own assignment instead.
    let env = environment(text, &file);
    for entry in file.entries.iter().filter(|entry| !entry.unclosed) {
        let surroundings = Surroundings { key: Some(&entry.key), workspace };
        findings.extend(conninfo::check_connection_string_in(
            &entry.value,
            &entry.map,
            &env,
            settings,
            &surroundings,
        ));
    }
    findings.extend(conninfo::check_environment(&env, settings));

    // A PG* variable shared by several strings is reported once.
    let mut seen = HashSet::new();
    findings.retain(|finding| seen.insert((finding.rule.name, finding.span)));
    let interpolations = provenance::same_file_interpolations(text, &file);
    let secrets = secret_spans(text, settings);
    provenance::explain(text, &mut findings, &interpolations, &secrets, Origin::SameFile);
    for finding in &mut findings {
        finding.message = one_line_quotes(&finding.message);
    }
    findings
}

/// `message` with every quoted value that spans lines (a multi-line `.env` value) cut to
/// its first line and `…`, so that a message never pours the lines below into the editor.
fn one_line_quotes(message: &str) -> String {
    if !message.contains('\n') {
        return message.to_string();
    }
    let mut out = String::with_capacity(message.len());
    for (index, piece) in message.split('`').enumerate() {
        if index > 0 {
            out.push('`');
        }
        match piece.split_once('\n') {
            Some((first, _)) if index % 2 == 1 => {
                out.push_str(first.trim_end_matches('\r'));
                out.push('…');
            }
            _ => out.push_str(&piece.replace('\n', " ")),
        }
    }
    out
}

/// The `PG*` variables of the file that libpq reads, with where their values sit.
pub fn environment(text: &str, file: &DotEnv) -> Environment {
    let catalog = libpq::catalog_for(None);
    let vars = file
        .entries
        .iter()
        .filter(|entry| catalog.by_envvar(&entry.key).is_some())
        .map(|entry| EnvVar {
            name: entry.key.clone(),
            value: entry.value.clone(),
            span: entry.map.span(Span::new(0, entry.value.len())),
            quoting: entry.quoting,
            line_end: line_content_end(text, entry.span.end),
        })
        .collect();
    Environment { vars }
}

/// The end of the line holding `offset`, before any `\r\n` or `\n`.
fn line_content_end(text: &str, offset: usize) -> usize {
    let end = text[offset..].find('\n').map_or(text.len(), |at| offset + at);
    if end > offset && text.as_bytes()[end - 1] == b'\r' {
        end - 1
    } else {
        end
    }
}

/// The start of the line after the one holding `offset`.
fn next_line_start(text: &str, offset: usize) -> usize {
    text[offset..].find('\n').map_or(text.len(), |at| offset + at + 1)
}

/// Keys assigned more than once: loaders keep the last value, so the earlier lines
/// mislead whoever reads the file.
fn check_duplicates(text: &str, file: &DotEnv, findings: &mut Vec<Finding>) {
    for (index, entry) in file.entries.iter().enumerate() {
        let Some(later) = file.entries[index + 1..].iter().find(|other| other.key == entry.key)
        else {
            continue;
        };
        let message = format!(
            "`{}` is assigned again further down; loaders keep the later value, so this \
             line has no effect.",
            entry.key
        );
        let removal = Edit {
            span: Span::new(entry.span.start, next_line_start(text, entry.span.end)),
            new_text: String::new(),
        };
        findings.push(
            Finding::new(&DUPLICATE_KEY, Severity::Hint, entry.key_span, message)
                .with_tag(Tag::Unnecessary)
                .with_related(later.key_span, "the value that wins")
                .with_fix(Fix::new("Remove the earlier assignment", vec![removal])),
        );
    }
}

/// Words in a variable's name that mark its whole value as a secret.
const SECRET_NAME_WORDS: [&str; 4] = ["PASSWORD", "PASSWD", "SECRET", "TOKEN"];

/// The spans of secrets in a `.env` file: the values of variables named like secrets
/// (`PGPASSWORD`, `DB_PASSWORD`, `API_TOKEN`), and the passwords inside connection strings.
pub fn secret_spans(text: &str, settings: &Settings) -> Vec<Span> {
    let file = dotenv::parse(text);
    let mut secrets = Vec::new();

    for entry in &file.entries {
        let name = entry.key.to_ascii_uppercase();
        if SECRET_NAME_WORDS.iter().any(|word| name.contains(word)) {
            secrets.push(entry.value_span);
        } else if let Some(recognized) = conninfo::recognize(&entry.value, settings) {
            let spans = conninfo::secret_spans_of(&entry.value, &recognized.info);
            secrets.extend(spans.into_iter().map(|span| entry.map.span(span)));
        }
    }
    secrets
}

/// Refactorings of the `.env` value at byte `offset`, when it is a connection string libpq
/// reads: rewriting it in libpq's other form (URI to `keyword=value` and back, exactly),
/// and moving its password out of the string into a `PGPASSWORD=` line below it.
///
/// The move necessarily writes the password into its new place: it is the one fix that
/// carries a secret, on purpose, so it must not be put through the guard that drops such
/// fixes. The conversions edit around the password and never repeat it when both forms
/// write it alike; neither ever cuts into (or inlines) a `${VAR}` reference.
pub fn conversions(text: &str, offset: usize, settings: &Settings) -> Vec<Fix> {
    conversions_in(text, offset, settings, None)
}

/// [`conversions`] with the workspace's drivers known: a rewrite is offered only where the
/// driver that reads the string reads its result (`keyword=value` text is libpq's, pgx's
/// and lib/pq's alone; `PGPASSWORD` is not read by Prisma or pgjdbc).
pub fn conversions_in(
    text: &str,
    offset: usize,
    settings: &Settings,
    workspace: Option<&Workspace>,
) -> Vec<Fix> {
    let file = dotenv::parse(text);
    let Some(entry) = file.entries.iter().find(|entry| entry.value_span.touches(offset)) else {
        return Vec::new();
    };
    let surroundings = Surroundings { key: Some(&entry.key), workspace };
    let Some(recognized) = conninfo::recognize_in(&entry.value, settings, &surroundings) else {
        return Vec::new();
    };
    if recognized.flavor != conninfo::Flavor::Libpq || !recognized.info.errors.is_empty() {
        return Vec::new();
    }
    let consumer = &recognized.consumer;
    let reads = |test: fn(Driver) -> bool| !consumer.known() || test(consumer.driver);
    if consumer.is(Driver::Npgsql) {
        return conninfo::npgsql_rewrite_fix(&recognized.info, &entry.map).into_iter().collect();
    }

    let mut fixes = Vec::new();
    let info = &recognized.info;
    let to_keywords = info.form == crate::syntax::conninfo::Form::Uri;
    let readable = if to_keywords {
        reads(Driver::reads_keyword_form)
    } else {
        reads(Driver::reads_libpq_forms)
    };
    if readable {
        let conversion = conninfo::convert::conversion_fix(&entry.value, info, &entry.map);
        fixes.extend(conversion.and_then(|fix| quoted_if_blank(fix, text, entry)));
    }
    if file.get("PGPASSWORD").is_none() && reads(Driver::reads_pgpassword) {
        fixes.extend(move_password(text, entry, info));
    }
    fixes
}

/// The fix, as one edit that double-quotes the value, when it gives an unquoted value
/// blanks: a shell that sources the file, and several loaders, would cut the value at the
/// first one. `None` when that cannot be done safely: the value holds what double quotes
/// would change (`"`, `\\`, `$`), or a password, which a whole-value edit would repeat.
fn quoted_if_blank(fix: Fix, text: &str, entry: &dotenv::Entry) -> Option<Fix> {
    let adds_blank = fix.edits.iter().any(|edit| edit.new_text.contains(char::is_whitespace));
    if entry.quoting != Quoting::None || !adds_blank {
        return Some(fix);
    }

    let span = entry.value_span;
    let mut edits = fix.edits.clone();
    edits.sort_by_key(|edit| std::cmp::Reverse(edit.span.start));
    let mut value = text.get(span.start..span.end)?.to_string();
    for edit in &edits {
        let (start, end) = (edit.span.start.checked_sub(span.start)?, edit.span.end - span.start);
        value.replace_range(start..end.min(value.len()), &edit.new_text);
    }

    let recognized = conninfo::recognize(&entry.value, &Settings::default())?;
    let has_password = !conninfo::secret_spans_of(&entry.value, &recognized.info).is_empty();
    if has_password || value.contains(['"', '\\', '$']) {
        return None;
    }
    Some(Fix::replace(fix.title, span, format!("\"{value}\"")))
}

/// Removes the password from the string and sets `PGPASSWORD` to it on a new line.
fn move_password(
    text: &str,
    entry: &dotenv::Entry,
    info: &crate::syntax::conninfo::ConnInfo,
) -> Option<Fix> {
    use crate::syntax::conninfo::Origin;

    let setting = info.get("password").filter(|setting| !setting.value.is_empty())?;
    // Every password setting goes, or an earlier one would take over.
    let mut removed = Vec::new();
    for written in info.settings.iter().filter(|other| other.keyword == "password") {
        let span = match written.origin {
            // `:secret` before the `@`.
            Origin::UriPassword => Span::new(written.value_span.start - 1, written.value_span.end),
            Origin::UriQuery => {
                // The `&` or `?` before the pair goes with it, unless the pair comes first.
                let before = written.span.start.saturating_sub(1);
                if entry.value.as_bytes().get(before) == Some(&b'&') {
                    Span::new(before, written.span.end)
                } else if entry.value.as_bytes().get(written.span.end) == Some(&b'&') {
                    Span::new(written.span.start, written.span.end + 1)
                } else {
                    written.span
                }
            }
            Origin::KeyValue => {
                let blanks = entry.value[..written.span.start].trim_end().len();
                Span::new(blanks, written.span.end)
            }
            _ => return None,
        };
        let source = entry.map.span(span);
        if !entry.map.editable(source) {
            return None;
        }
        removed.push(Edit { span: source, new_text: String::new() });
    }

    let newline = if text.contains("\r\n") { "\r\n" } else { "\n" };
    let line = format!("{newline}PGPASSWORD={}", env_value(&setting.value)?);
    removed
        .push(Edit { span: Span::empty(line_content_end(text, entry.span.end)), new_text: line });
    Some(Fix::new("Move the password to a PGPASSWORD line", removed))
}

/// A value written for a `.env` line: bare when that is safe, else quoted.
fn env_value(value: &str) -> Option<String> {
    if value.contains(['\n', '\r']) {
        return None;
    }
    let bare = !value.is_empty() && !value.contains([' ', '\t', '#', '\'', '"', '$', '\\', '`']);
    if bare {
        return Some(value.to_string());
    }
    if !value.contains('\'') {
        return Some(format!("'{value}'"));
    }
    let escaped = value.replace('\\', "\\\\").replace('"', "\\\"").replace('$', "\\$");
    Some(format!("\"{escaped}\""))
}

/// Every finding of the file at `path`, with the files around it: the workspace's manifests,
/// which name the driver that reads a plain URL, and the certificates the strings name.
pub fn check_with_files(
    path: &std::path::Path,
    text: &str,
    settings: &Settings,
    files: &dyn crate::files::Files,
) -> Vec<Finding> {
    let base = path.parent().unwrap_or(std::path::Path::new(""));
    let workspace = manifests::discover(base, files);
    let mut findings = check_in(text, settings, Some(&workspace));

    let file = dotenv::parse(text);
    let env = environment(text, &file);
    for entry in file.entries.iter().filter(|entry| !entry.unclosed) {
        let surroundings = Surroundings { key: Some(&entry.key), workspace: Some(&workspace) };
        let Some(recognized) = conninfo::recognize_in(&entry.value, settings, &surroundings) else {
            continue;
        };
        if recognized.flavor == conninfo::Flavor::ForeignDialect {
            continue;
        }
        findings.extend(conninfo::check_files(
            &entry.value,
            &recognized,
            &entry.map,
            &env,
            settings,
            base,
            files,
        ));
    }

    // A PGSSLROOTCERT that no string overrides (or no string at all) is checked too.
    if env.get("PGSSLROOTCERT").is_some() {
        let recognized = conninfo::environment_only();
        let map = crate::syntax::conninfo::SourceMap::identity(0, 0);
        findings.extend(conninfo::check_files("", &recognized, &map, &env, settings, base, files));
    }
    let mut seen = HashSet::new();
    findings.retain(|finding| seen.insert((finding.rule.name, finding.span)));
    findings
}
