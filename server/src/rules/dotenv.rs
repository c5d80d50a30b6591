//! Rules for `.env` files: the file's own syntax, keys set twice, and every value that
//! is a connection string, checked with the connection string rules together with the
//! `PG*` variables the same file sets (a loader exports them all before the program
//! connects, so libpq sees them as its fallbacks).

#[cfg(test)]
mod tests;

use std::collections::HashSet;

use crate::finding::{Edit, Finding, Fix, Rule, Severity, Tag};
use crate::knowledge::libpq;
use crate::rules::conninfo;
use crate::settings::Settings;
use crate::span::Span;
use crate::syntax::conninfo::{EnvVar, Environment};
use crate::syntax::dotenv::{self, DotEnv};

const ENV_FILE_DOCS: &str =
    "https://docs.docker.com/compose/how-tos/environment-variables/variable-interpolation/";

pub static SYNTAX_ERROR: Rule = Rule { name: "env-syntax-error", url: ENV_FILE_DOCS };
pub static DUPLICATE_KEY: Rule = Rule { name: "env-duplicate-key", url: ENV_FILE_DOCS };

pub static RULES: &[&Rule] = &[&SYNTAX_ERROR, &DUPLICATE_KEY];

pub fn check(text: &str, settings: &Settings) -> Vec<Finding> {
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

    // FIXME: `${VAR}` references are not expanded yet, so a connection string built
    // from other variables is checked as written.
    let env = environment(text, &file);
    for entry in &file.entries {
        findings.extend(conninfo::check_connection_string(
            &entry.value,
            &entry.map,
            &env,
            settings,
        ));
    }
    findings.extend(conninfo::check_environment(&env, settings));

    // A PG* variable shared by several strings is reported once.
    let mut seen = HashSet::new();
    findings.retain(|finding| seen.insert((finding.rule.name, finding.span)));
    findings
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

/// The findings that need the files around this one (includes, certificates, sibling
/// configs); `path` is this file's.
pub fn check_with_files(
    path: &std::path::Path,
    text: &str,
    settings: &Settings,
    files: &dyn crate::files::Files,
) -> Vec<Finding> {
    let _ = (path, text, settings, files);
    Vec::new()
}
