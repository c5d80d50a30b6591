//! Rules for connection strings embedded in files of general formats: YAML (compose
//! files, Kubernetes manifests, Helm values), JSON (`appsettings.json`), TOML, Java
//! `.properties` and shell scripts. Each string value that is a connection string is
//! checked in place with the connection string rules, together with the `PG*` variables
//! the same file sets beside it (a compose `environment:`, a Kubernetes `env:` list, a
//! script's `export`s); strings that are not connection strings produce nothing.
//!
//! The only finding of the file's own is a syntax error, once per file, where the file
//! stops parsing. A Helm template (a YAML file with `{{ }}` that does not parse) is not
//! YAML until rendered: its lines are scanned instead and it never gets a syntax error.

mod compose;
mod fix_guard;
mod shell_break;
mod shell_expansion;
#[cfg(test)]
mod tests;

use std::collections::HashSet;
use std::path::Path;

use crate::files::Files;
use crate::finding::{Finding, Fix, Rule, Severity};
use crate::knowledge::drivers::manifests::{self, Workspace};
use crate::knowledge::libpq;
use crate::rules::conninfo::{self, Flavor, Surroundings, PASSWORD_IN_STRING};
use crate::rules::dotenv::provenance::{self, ABSENCE_RULES};
use crate::settings::Settings;
use crate::span::Span;
use crate::syntax::conninfo::{EnvVar, Environment, Form};
use crate::syntax::embedded::{self, Document, EmbeddedString, Format};

pub static YAML_SYNTAX_ERROR: Rule = Rule {
    name: "yaml-syntax-error",
    url: "https://yaml.org/spec/1.2.2/#chapter-9-document-stream-productions",
};
pub static JSON_SYNTAX_ERROR: Rule =
    Rule { name: "json-syntax-error", url: "https://www.rfc-editor.org/rfc/rfc8259#section-2" };
pub static TOML_SYNTAX_ERROR: Rule =
    Rule { name: "toml-syntax-error", url: "https://toml.io/en/v1.0.0#spec" };

pub static RULES: &[&Rule] = &[
    &YAML_SYNTAX_ERROR,
    &JSON_SYNTAX_ERROR,
    &TOML_SYNTAX_ERROR,
    &shell_break::SHELL_UNQUOTED_METACHARACTER,
    &shell_expansion::SHELL_EXPANSION_IN_PASSWORD,
];

/// The strings of `text`, read as `format`. A YAML file that does not parse but holds
/// template actions is a template (Helm's `templates/*.yaml`): its lines are scanned.
pub fn document(format: Format, text: &str) -> Document {
    let document = embedded::parse(format, text, false);
    if format == Format::Yaml && document.error.is_some() && text.contains("{{") {
        return embedded::parse(format, text, true);
    }
    document
}

pub fn check(format: Format, text: &str, settings: &Settings) -> Vec<Finding> {
    check_document(format, text, &document(format, text), settings, None)
}

/// The findings of `document`, the strings of `text`.
fn check_document(
    format: Format,
    text: &str,
    document: &Document,
    settings: &Settings,
    workspace: Option<&Workspace>,
) -> Vec<Finding> {
    let mut findings = Vec::new();

    if let (Some(error), Some(rule)) = (&document.error, syntax_rule(format)) {
        findings.push(Finding::new(rule, Severity::Error, error.span, error.message.clone()));
    }

    let recheck = |text: &str, document: &Document, index: usize| {
        let string = &document.strings[index];
        let env = environment_for(document, string);
        check_string(format, text, string, &env, settings, workspace)
    };
    for (index, string) in document.strings.iter().enumerate() {
        let mut found = recheck(text, document, index);
        let target = fix_guard::Target { format, text, document, index };
        let cut = cut_connection_string(format, text, string, settings, workspace);
        for finding in &mut found {
            if cut.is_some() {
                // Written before the break, a fix would still leave the value cut short.
                finding.fixes.clear();
            }
            fix_guard::keep_safe_fixes(&target, finding, &recheck);
            finding.message = shown_line_breaks(format, string, &finding.message);
        }
        findings.extend(found);
        findings.extend(cut.map(|cut| shell_break::finding(text, &string.key, &cut)));
    }
    if format == Format::Shell {
        findings.extend(conninfo::check_environment(&environment(document), settings));
    } else {
        findings.extend(environment_blocks(document, settings));
    }

    let mut seen = HashSet::new();
    findings.retain(|finding| seen.insert((finding.rule.name, finding.span)));
    findings
}

/// Where an unquoted metacharacter cuts short the shell assignment `string`, when the
/// value before it, or the whole run as written, is a connection string.
fn cut_connection_string(
    format: Format,
    text: &str,
    string: &EmbeddedString,
    settings: &Settings,
    workspace: Option<&Workspace>,
) -> Option<shell_break::Break> {
    if format != Format::Shell {
        return None;
    }
    let cut = shell_break::break_of(text, string)?;
    let surroundings = Surroundings { key: Some(driver_key(string)), workspace };
    let run = text.get(cut.run.start..cut.run.end).unwrap_or_default();
    let is_connection = |value: &str| is_connection_string(string, value, settings, &surroundings);
    (is_connection(&string.value) || is_connection(run)).then_some(cut)
}

/// The rule of a format's syntax errors; `.properties` files and the assignment lines of
/// scripts have none (any text is one).
fn syntax_rule(format: Format) -> Option<&'static Rule> {
    match format {
        Format::Yaml => Some(&YAML_SYNTAX_ERROR),
        Format::Json => Some(&JSON_SYNTAX_ERROR),
        Format::Toml => Some(&TOML_SYNTAX_ERROR),
        Format::Properties | Format::Shell => None,
    }
}

/// The key that names the string's driver: the whole dotted path when it names one
/// (`spring.datasource.url` in YAML, whose own key is only `url`), else the key itself, so
/// that a YAML tree and a `.properties` line are read alike.
fn driver_key(string: &EmbeddedString) -> &str {
    if conninfo::consumer::from_key(&string.path).is_some() {
        &string.path
    } else {
        &string.key
    }
}

/// The one place a string found in these files is handed to the connection string rules.
/// `string.key` (`DATABASE_URL`, `spring.datasource.url`) says where it is stored and,
/// with the drivers the `workspace` depends on, which driver reads it.
fn check_string(
    format: Format,
    text: &str,
    string: &EmbeddedString,
    env: &Environment,
    settings: &Settings,
    workspace: Option<&Workspace>,
) -> Vec<Finding> {
    let surroundings = Surroundings { key: Some(driver_key(string)), workspace };
    let value = masked_template_actions(&string.value);
    if !is_connection_string(string, &value, settings, &surroundings) {
        return Vec::new();
    }
    let mut findings =
        conninfo::check_connection_string_in(&value, &string.map, env, settings, &surroundings);
    // A reference still in the decoded (and interpolated) string is filled in by a tool
    // we cannot see before the string is read: what it says as written means nothing. In
    // a script only what the shell expands is one (`$` inside single quotes is a `$`).
    let mut references = reference_ranges(&string.value);
    if format == Format::Shell {
        let expanded = |range: &std::ops::Range<usize>| {
            !string.map.editable(string.map.span(Span::new(range.start, range.end)))
        };
        references.retain(expanded);
        let password = findings.iter().find(|finding| finding.rule.name == PASSWORD_IN_STRING.name);
        let spans: Vec<Span> = references
            .iter()
            .map(|range| string.map.span(Span::new(range.start, range.end)))
            .collect();
        if let Some(found) =
            password.and_then(|found| shell_expansion::check(text, found.span, &spans))
        {
            findings.push(found);
        }
    }
    let about_reference = |span: Span| {
        let written = text.get(span.start..span.end);
        let start = string.map.decoded_offset(span.start);
        let end = string.map.decoded_offset(span.end);
        match (start, end) {
            (Some(start), Some(end)) => references
                .iter()
                .any(|reference| reference.start < end.max(start + 1) && start < reference.end),
            _ => is_reference(written),
        }
    };
    findings.retain(|finding| {
        ABSENCE_RULES.contains(&finding.rule.name)
            || finding.rule.name == shell_expansion::SHELL_EXPANSION_IN_PASSWORD.name
            || !about_reference(finding.span)
    });
    // A password slot written as a reference names where the password is kept, even when
    // interpolation from a `.env` filled it in: this file holds no password.
    findings.retain(|finding| {
        finding.rule.name != PASSWORD_IN_STRING.name
            || !is_reference(text.get(finding.span.start..finding.span.end))
    });
    findings
}

/// `message` with the control characters a value of `string` brought into it written
/// as escapes (`\\n`), since an editor shows a raw line break in a message as nothing or
/// as a replacement character; a message about a value that ends with a line break also
/// says how the format drops it.
fn shown_line_breaks(format: Format, string: &EmbeddedString, message: &str) -> String {
    if !message.contains(|ch: char| ch.is_control()) {
        return message.to_string();
    }
    let mut shown = String::with_capacity(message.len() + 8);
    for ch in message.chars() {
        match ch {
            '\n' => shown.push_str("\\n"),
            '\r' => shown.push_str("\\r"),
            '\t' => shown.push_str("\\t"),
            ch if ch.is_control() => shown.push_str(&ch.escape_unicode().to_string()),
            ch => shown.push(ch),
        }
    }
    if string.value.ends_with('\n') {
        shown.push_str(match format {
            Format::Yaml => {
                " The value ends with the line break that a `|` or `>` block scalar keeps: \
                 write `|-` or `>-` to strip it."
            }
            Format::Toml => {
                " The value ends with a line break: put the closing `\"\"\"` right after \
                 the last character."
            }
            _ => " The value ends with a line break: remove it.",
        });
    }
    shown
}

/// `value` with the inside of each `{{ ... }}` template action written as `_`s, byte
/// for byte: the action is filled in before the string is read, so its blanks and
/// punctuation must not make the rest of the string unreadable. The length is kept so
/// that the string's map still applies; findings on the action are dropped after.
pub(crate) fn masked_template_actions(value: &str) -> String {
    if !value.contains("{{") {
        return value.to_string();
    }
    let mut masked = value.as_bytes().to_vec();
    for range in reference_ranges(value) {
        if value[range.clone()].starts_with("{{") {
            let inner = range.start + 2..range.end.saturating_sub(2).max(range.start + 2);
            masked[inner].fill(b'_');
        }
    }
    // Only whole characters were replaced, each byte by an ASCII one.
    String::from_utf8(masked).unwrap_or_else(|_| value.to_string())
}

/// The byte ranges of the `${...}`, `$(...)` and `$NAME` references and of the `{{ ... }}`
/// template actions (Helm, Go templates, Jinja) in `value`.
fn reference_ranges(value: &str) -> Vec<std::ops::Range<usize>> {
    let bytes = value.as_bytes();
    let mut ranges = Vec::new();
    let mut at = 0;
    while at < bytes.len() {
        if bytes[at..].starts_with(b"{{") {
            let end = value[at..].find("}}").map_or(bytes.len(), |close| at + close + 2);
            ranges.push(at..end);
            at = end;
            continue;
        }
        if bytes[at] != b'$' {
            at += 1;
            continue;
        }
        let end = if bytes.get(at + 1) == Some(&b'{') {
            value[at..].find('}').map_or(bytes.len(), |close| at + close + 1)
        } else if bytes.get(at + 1) == Some(&b'(') {
            command_substitution_end(bytes, at)
        } else {
            let name = bytes[at + 1..]
                .iter()
                .take_while(|byte| byte.is_ascii_alphanumeric() || **byte == b'_')
                .count();
            at + 1 + name
        };
        if end > at + 1 {
            ranges.push(at..end);
        }
        at = end.max(at + 1);
    }
    ranges
}

/// Where the `$(...)` starting at byte `at` of `bytes` ends: after the `)` that closes it,
/// counting the parentheses inside, or at the end of the text.
fn command_substitution_end(bytes: &[u8], at: usize) -> usize {
    let mut depth = 0usize;
    for (offset, byte) in bytes.iter().enumerate().skip(at + 1) {
        match byte {
            b'(' => depth += 1,
            b')' if depth == 1 => return offset + 1,
            b')' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    bytes.len()
}

/// Words in a key that say its value is meant as a connection string.
const CONNECTION_KEY_WORDS: [&str; 6] = ["url", "uri", "dsn", "conn", "database", "db"];

/// True when `string` is a connection string worth checking: a libpq URI, or
/// `keyword=value` text that libpq reads without error or that is stored under a key
/// naming a connection (so that a command line such as `psql "host=db"` in a YAML list
/// is not mistaken for a broken connection string).
fn is_connection_string(
    string: &EmbeddedString,
    value: &str,
    settings: &Settings,
    surroundings: &Surroundings,
) -> bool {
    let Some(recognized) = conninfo::recognize_in(value, settings, surroundings) else {
        return false;
    };
    if recognized.info.form == Form::Uri || recognized.info.errors.is_empty() {
        return true;
    }
    let key = string.key.to_ascii_lowercase();
    CONNECTION_KEY_WORDS.iter().any(|word| key.contains(word))
}

/// True for text that is a whole `${VAR}`, `$VAR`, `$(command)` or `{{ action }}`: a
/// value filled in later by a tool (compose, Spring, the shell, Helm), about which
/// nothing can be said.
pub(crate) fn is_reference(text: Option<&str>) -> bool {
    let Some(text) = text else {
        return false;
    };
    let braced = text.starts_with("${") && text.ends_with('}');
    let command = text.starts_with("$(") && text.ends_with(')');
    let template = text.starts_with("{{") && text.ends_with("}}");
    let bare = text.len() > 1
        && text.starts_with('$')
        && text[1..].bytes().all(|byte| byte.is_ascii_alphanumeric() || byte == b'_');
    braced || command || bare || template
}

/// The `PG*` variables the file sets as variables (compose `environment:`, Kubernetes
/// `env:`, shell assignments), which libpq reads as its fallbacks.
pub fn environment(document: &Document) -> Environment {
    environment_where(document, |_| true)
}

/// The `PG*` variables set beside `string`: in the same compose `environment:` or
/// Kubernetes `env:` list (another service's or container's are not its own), or
/// anywhere in a script.
pub fn environment_for(document: &Document, string: &EmbeddedString) -> Environment {
    let scope = scope_of(&string.path);
    environment_where(document, |var| scope_of(&var.path) == scope)
}

/// A connection made from the `PG*` variables of each compose `environment:` or Kubernetes
/// `env:` block alone, checked block by block. Fixes that change a value stay; those that
/// add variables are dropped, since they write `PGSSLMODE=…` lines, which only a script
/// reads.
///
/// FIXME: adding a variable would take the block's own syntax (`KEY: value` in a map,
/// `- name: KEY` / `value: …` in a Kubernetes list); until then those findings take no fix.
fn environment_blocks(document: &Document, settings: &Settings) -> Vec<Finding> {
    let mut scopes: Vec<&str> = Vec::new();
    for string in document.strings.iter().filter(|string| string.is_variable) {
        let scope = scope_of(&string.path);
        if string.key.starts_with("PG") && !scopes.contains(&scope) {
            scopes.push(scope);
        }
    }

    let mut findings = Vec::new();
    for scope in scopes {
        let env = environment_where(document, |var| scope_of(&var.path) == scope);
        for mut finding in conninfo::check_environment(&env, settings) {
            finding.fixes.retain(|fix| fix.edits.iter().all(|edit| !edit.span.is_empty()));
            findings.push(finding);
        }
    }
    findings
}

/// The path of the collection a string sits in: its path without the last key or index.
fn scope_of(path: &str) -> &str {
    let cut = path.rfind(['.', '[']).unwrap_or(0);
    &path[..cut]
}

fn environment_where(document: &Document, keep: impl Fn(&EmbeddedString) -> bool) -> Environment {
    let catalog = libpq::catalog_for(None);
    let vars = document
        .strings
        .iter()
        .filter(|string| string.is_variable && catalog.by_envvar(&string.key).is_some())
        .filter(|string| keep(string))
        .map(|string| EnvVar {
            name: string.key.clone(),
            value: string.value.clone(),
            span: string.map.span(Span::new(0, string.value.len())),
            quoting: string.map.quoting(),
            line_end: string.span.end,
        })
        .collect();
    Environment { vars }
}

/// Words in a key that mark its whole value as a secret.
const SECRET_KEY_WORDS: [&str; 4] = ["PASSWORD", "PASSWD", "SECRET", "TOKEN"];

/// The spans of secrets: values stored under keys named like secrets
/// (`POSTGRES_PASSWORD`, `spring.datasource.password`) and the passwords inside
/// connection strings.
pub fn secret_spans(format: Format, text: &str, settings: &Settings) -> Vec<Span> {
    let document = document(format, text);
    let mut secrets = Vec::new();
    for string in &document.strings {
        let key = string.key.to_ascii_uppercase();
        if SECRET_KEY_WORDS.iter().any(|word| key.contains(word)) && !string.value.is_empty() {
            secrets.push(string.map.span(Span::new(0, string.value.len())));
        } else if let Some(recognized) = conninfo::recognize(&string.value, settings) {
            let spans = conninfo::secret_spans_of(&string.value, &recognized.info);
            secrets.extend(spans.into_iter().map(|span| string.map.span(span)));
        }
    }
    secrets.sort();
    secrets.dedup();
    secrets
}

/// The string whose value is at byte `offset`, if it is a connection string.
pub fn string_at(format: Format, text: &str, offset: usize) -> Option<(Document, usize)> {
    let document = document(format, text);
    let index = document.strings.iter().position(|string| string.span.touches(offset))?;
    Some((document, index))
}

/// Refactorings of the connection string at byte `offset`: rewriting it in libpq's other
/// form (URI to `keyword=value` and back), exactly, written in the scalar's own quoting.
///
/// FIXME: moving the password out of the string (as `.env` files offer) needs each
/// format's way of adding a variable beside it.
pub fn conversions(format: Format, text: &str, offset: usize, settings: &Settings) -> Vec<Fix> {
    conversions_in(format, text, offset, settings, None)
}

/// [`conversions`] with the workspace's drivers known: the rewrite is offered only where
/// the driver that reads the string reads its result.
pub fn conversions_in(
    format: Format,
    text: &str,
    offset: usize,
    settings: &Settings,
    workspace: Option<&Workspace>,
) -> Vec<Fix> {
    let Some((document, index)) = string_at(format, text, offset) else {
        return Vec::new();
    };
    let string = &document.strings[index];
    let surroundings = Surroundings { key: Some(driver_key(string)), workspace };
    let Some(recognized) = conninfo::recognize_in(&string.value, settings, &surroundings) else {
        return Vec::new();
    };
    if recognized.flavor != Flavor::Libpq || !recognized.info.errors.is_empty() {
        return Vec::new();
    }
    let consumer = &recognized.consumer;
    if consumer.is(crate::knowledge::drivers::Driver::Npgsql) {
        return conninfo::npgsql_rewrite_fix(&recognized.info, &string.map)
            .filter(|fix| fix_guard::reread_fixed(format, text, &document, fix).is_some())
            .into_iter()
            .collect();
    }
    let reader = |test: fn(crate::knowledge::drivers::Driver) -> bool| {
        !consumer.known() || test(consumer.driver)
    };
    let readable = match recognized.info.form {
        crate::syntax::conninfo::Form::Uri => reader(|driver| driver.reads_keyword_form()),
        crate::syntax::conninfo::Form::KeyValue => reader(|driver| driver.reads_libpq_forms()),
    };
    if !readable {
        return Vec::new();
    }
    conninfo::convert::conversion_fix(&string.value, &recognized.info, &string.map)
        .filter(|fix| fix_guard::reread_fixed(format, text, &document, fix).is_some())
        .into_iter()
        .collect()
}

/// Every finding of the file at `path`, including those that need the files around it:
/// an `sslrootcert` naming a file that does not exist (taken relative to this file's
/// folder), and in a compose file the strings as compose interpolates them from the
/// `.env` beside it (`postgres://${DB_USER}@${DB_HOST}/app` is checked as what it
/// expands to; findings about the expansion land on the reference).
///
/// The analysis calls this instead of [`check`] for files on disk, since the strings it
/// checks may differ from the file's text.
pub fn check_with_files(
    format: Format,
    path: &Path,
    text: &str,
    settings: &Settings,
    files: &dyn Files,
) -> Vec<Finding> {
    let mut document = document(format, text);
    let mut interpolations = Vec::new();
    if format == Format::Yaml && compose::is_compose_file(path) {
        let dotenv = path.parent().and_then(|folder| files.read(&folder.join(".env")));
        if let Some(dotenv) = dotenv {
            interpolations = compose::interpolate(&mut document, &dotenv);
        }
    }
    let base = path.parent().unwrap_or(Path::new(""));
    let workspace = manifests::discover(base, files);
    let mut findings = check_document(format, text, &document, settings, Some(&workspace));
    let secrets = secret_spans(format, text, settings);
    let origin = provenance::Origin::SiblingDotEnv;
    provenance::explain(text, &mut findings, &interpolations, &secrets, origin);

    for string in &document.strings {
        let env = environment_for(&document, string);
        let surroundings =
            Surroundings { key: Some(driver_key(string)), workspace: Some(&workspace) };
        let value = masked_template_actions(&string.value);
        if !is_connection_string(string, &value, settings, &surroundings) {
            continue;
        }
        let Some(recognized) = conninfo::recognize_in(&value, settings, &surroundings) else {
            continue;
        };
        if recognized.flavor == Flavor::ForeignDialect {
            continue;
        }
        findings.extend(conninfo::check_files(
            &value,
            &recognized,
            &string.map,
            &env,
            settings,
            base,
            files,
        ));
    }
    let mut seen = HashSet::new();
    findings.retain(|finding| seen.insert((finding.rule.name, finding.span)));
    findings
}
