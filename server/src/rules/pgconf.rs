//! Rules for `postgresql.conf`: lines the server cannot read, names and values it refuses
//! (each of which stops it from starting), names of another major, included files that are
//! missing or loop, and settings that work but hurt in production (TLS off, keepalives left
//! to the OS behind NAT and load balancers, MD5 passwords, old TLS, passwords in the log).
//!
//! A file is judged as the server reads it: with the files it includes ([`includes`]), the
//! last line naming a parameter winning, and only that line's value checked when an earlier
//! one spells the name the same way (the server skips the earlier ones).

use std::collections::{HashMap, HashSet};
use std::path::Path;

use crate::files::Files;
use crate::finding::{Edit, Finding, Fix, Rule, Severity, Tag};
use crate::knowledge::pg_settings::history;
use crate::knowledge::pg_settings::value::{self, Parsed, ValueError};
use crate::knowledge::pg_settings::{
    self, BaseUnit, Catalog, Context as Changes, Lookup, Setting, UnitKind, VarType,
};
use crate::settings::Settings;
use crate::span::Span;
use crate::syntax::pgconf::{self, CommentedEntry, Entry, SyntaxError, ValueKind};

use includes::{line_number, Occurrence, Tree};

mod conninfo;
mod includes;
mod timezone;
pub mod version;

#[cfg(test)]
mod differential;
#[cfg(test)]
pub(crate) mod ssl_layouts;
#[cfg(test)]
mod tests;

pub static SYNTAX_ERROR: Rule = Rule {
    name: "conf-syntax-error",
    url: "https://www.postgresql.org/docs/current/config-setting.html\
          #CONFIG-SETTING-CONFIGURATION-FILE",
};

pub static UNKNOWN_PARAMETER: Rule = Rule {
    name: "conf-unknown-parameter",
    url: "https://www.postgresql.org/docs/current/config-setting.html\
          #CONFIG-SETTING-CONFIGURATION-FILE",
};

pub static INVALID_UNIT: Rule = Rule {
    name: "conf-invalid-unit",
    url: "https://www.postgresql.org/docs/current/config-setting.html\
          #CONFIG-SETTING-NAMES-VALUES",
};

pub static INVALID_VALUE: Rule = Rule {
    name: "conf-invalid-value",
    url: "https://www.postgresql.org/docs/current/config-setting.html\
          #CONFIG-SETTING-NAMES-VALUES",
};

pub static KEEPALIVES_UNSET: Rule = Rule {
    name: "conf-keepalives-unset",
    url: "https://www.postgresql.org/docs/current/runtime-config-connection.html\
          #RUNTIME-CONFIG-TCP-SETTINGS",
};

pub static KEEPALIVES_IDLE_TOO_LONG: Rule = Rule {
    name: "conf-keepalives-idle-too-long",
    url: "https://www.postgresql.org/docs/current/runtime-config-connection.html\
          #GUC-TCP-KEEPALIVES-IDLE",
};

pub static SSL_OFF: Rule = Rule {
    name: "conf-ssl-off",
    url: "https://www.postgresql.org/docs/current/runtime-config-connection.html#GUC-SSL",
};

pub static PARAMETER_REMOVED: Rule =
    Rule { name: "conf-parameter-removed", url: "https://www.postgresql.org/docs/release/" };

pub static PARAMETER_TOO_NEW: Rule =
    Rule { name: "conf-parameter-too-new", url: "https://www.postgresql.org/docs/release/" };

pub static READ_ONLY_PARAMETER: Rule = Rule {
    name: "conf-read-only-parameter",
    url: "https://www.postgresql.org/docs/current/runtime-config-preset.html",
};

pub static DUPLICATE_SETTING: Rule = Rule {
    name: "conf-duplicate-setting",
    url: "https://www.postgresql.org/docs/current/config-setting.html\
          #CONFIG-SETTING-CONFIGURATION-FILE",
};

pub static INCLUDE_MISSING: Rule = Rule {
    name: "conf-include-missing",
    url: "https://www.postgresql.org/docs/current/config-setting.html#CONFIG-INCLUDES",
};

pub static INCLUDE_CYCLE: Rule = Rule {
    name: "conf-include-cycle",
    url: "https://www.postgresql.org/docs/current/config-setting.html#CONFIG-INCLUDES",
};

pub static PASSWORD_ENCRYPTION_MD5: Rule = Rule {
    name: "conf-password-encryption-md5",
    url: "https://www.postgresql.org/docs/current/runtime-config-connection.html\
          #GUC-PASSWORD-ENCRYPTION",
};

pub static SSL_MIN_PROTOCOL_OLD: Rule = Rule {
    name: "conf-ssl-min-protocol-old",
    url: "https://www.postgresql.org/docs/current/runtime-config-connection.html\
          #GUC-SSL-MIN-PROTOCOL-VERSION",
};

pub static LOG_STATEMENT_PASSWORDS: Rule = Rule {
    name: "conf-log-statement-passwords",
    url: "https://www.postgresql.org/docs/current/runtime-config-logging.html\
          #GUC-LOG-STATEMENT",
};

pub static LISTEN_ALL_ADDRESSES: Rule = Rule {
    name: "conf-listen-all-addresses",
    url: "https://www.postgresql.org/docs/current/runtime-config-connection.html\
          #GUC-LISTEN-ADDRESSES",
};

pub static RULES: &[&Rule] = &[
    &SYNTAX_ERROR,
    &UNKNOWN_PARAMETER,
    &PARAMETER_REMOVED,
    &PARAMETER_TOO_NEW,
    &READ_ONLY_PARAMETER,
    &INVALID_UNIT,
    &INVALID_VALUE,
    &DUPLICATE_SETTING,
    &INCLUDE_MISSING,
    &INCLUDE_CYCLE,
    &KEEPALIVES_UNSET,
    &KEEPALIVES_IDLE_TOO_LONG,
    &SSL_OFF,
    &PASSWORD_ENCRYPTION_MD5,
    &SSL_MIN_PROTOCOL_OLD,
    &LOG_STATEMENT_PASSWORDS,
    &LISTEN_ALL_ADDRESSES,
];

/// The keepalive settings and the values our fix gives them: the first probe after a
/// minute of silence, then every 10 s, giving up after 6 misses, so a dead peer is noticed
/// within two minutes and no middlebox sees a connection idle for long.
const KEEPALIVES: [(&str, u32); 3] =
    [("tcp_keepalives_idle", 60), ("tcp_keepalives_interval", 10), ("tcp_keepalives_count", 6)];

/// What every rule looks at.
struct Context<'a> {
    /// The analysed file (source 0) and the files it includes.
    tree: Tree,
    /// For each line of `tree.order`, the parameter it sets, lowercased and with old names
    /// resolved, so that `sort_mem` and `Work_Mem` both read `work_mem`.
    canonical: Vec<String>,
    /// For each line of `tree.order`, the next line setting the same parameter.
    next_same: Vec<Option<usize>>,
    /// For each line of `tree.order`, whether the server applies its value: it skips a line
    /// when a later one spells the same name byte for byte (guc-file.l compares with
    /// strcmp).
    applied: Vec<bool>,
    catalog: &'static Catalog,
    /// The major the file is for; older than the catalog when we have none that old.
    requested_major: u32,
    settings: &'a Settings,
}

/// A finding about a line of `source`, which is moved onto the analysed file's include
/// line when `source` is an included file.
struct Found {
    source: usize,
    finding: Finding,
}

impl Context<'_> {
    /// The analysed file's text.
    fn text(&self) -> &str {
        &self.tree.sources[0].text
    }

    /// The line that decides a parameter's value: the last one naming it, in any file of the
    /// tree, as in the server.
    fn effective(&self, name: &str) -> Option<Occurrence> {
        let wanted = canonical(self.catalog, name);
        let position = self.canonical.iter().rposition(|name| *name == wanted)?;
        Some(self.tree.order[position])
    }

    /// The deciding line, when it is in the analysed file.
    fn effective_here(&self, name: &str) -> Option<&Entry> {
        self.effective(name).filter(|o| o.source == 0).map(|o| self.tree.entry(o))
    }

    /// The deciding line wherever it is, with the text of its file.
    fn effective_anywhere(&self, name: &str) -> Option<(Occurrence, &Entry, &str)> {
        let occurrence = self.effective(name)?;
        Some((occurrence, self.tree.entry(occurrence), self.tree.text(occurrence)))
    }

    fn effective_integer(&self, name: &str) -> Option<(i64, Occurrence)> {
        let occurrence = self.effective(name)?;
        let setting = self.catalog.get(name)?;
        match value::check(setting, &self.tree.entry(occurrence).value.text) {
            Ok(Parsed::Integer(number)) => Some((number, occurrence)),
            _ => None,
        }
    }

    /// "`conf.d/a.conf` line 3" for a line of an included file.
    fn place(&self, occurrence: Occurrence) -> String {
        let source = &self.tree.sources[occurrence.source];
        let line = line_number(&source.text, self.tree.entry(occurrence).line.start);
        format!("`{}` line {line}", source.shown)
    }
}

/// The findings of `text` on its own: no included file is read, and the major is the
/// settings' (the newest we know when they name none).
pub fn check(text: &str, settings: &Settings) -> Vec<Finding> {
    analyze(includes::expand(text, None, None), settings)
}

/// Every finding of the file at `path`: those [`check`] gives, judged with the files it
/// includes and for the major its path or a `PG_VERSION` beside it names when the settings
/// name none (see [`version::settings_for_file`]), plus what is wrong with the includes.
///
/// A fragment that a postgresql.conf beside it or one folder up includes
/// (`conf.d/10-net.conf`) is not judged as a whole config: the rules about settings the file
/// leaves out (`conf-keepalives-unset`) stay silent, since the including file may set them.
///
/// FIXME: judging the fragment inside the including file's tree, as PgBouncer fragments are
/// (`rules/pgbouncer.rs`, `check_as_fragment`), would also let later files override it.
pub fn check_with_files(
    path: &Path,
    text: &str,
    settings: &Settings,
    files: &dyn Files,
) -> Vec<Finding> {
    let settings = version::settings_for_file(path, settings, files);
    let mut findings = analyze(includes::expand(text, Some(path), Some(files)), &settings);
    if included_by_neighbour(path, files) {
        findings.retain(|finding| finding.rule.name != KEEPALIVES_UNSET.name);
    }
    findings
}

/// The line of a postgresql.conf, or of a file it includes, that decides a parameter: for
/// the rules of other files (pg_hba.conf's `hostssl` lines against `ssl`).
#[derive(Debug, PartialEq, Eq)]
pub struct Deciding {
    /// The value as the line writes it, unquoted.
    pub value: String,
    /// The line's setting as written, `name = value`, for messages.
    pub written: String,
    /// The included file the line is in, as shown in messages (relative to the
    /// postgresql.conf's directory when inside it); `None` for the postgresql.conf itself.
    pub included: Option<String>,
    /// The 1-based line in its file.
    pub line: usize,
}

impl Deciding {
    /// Where the line is, for messages: "on line 2", "in `conf.d/02-bad.conf` line 1".
    pub fn place(&self) -> String {
        match &self.included {
            None => format!("on line {}", self.line),
            Some(file) => format!("in `{file}` line {}", self.line),
        }
    }
}

/// The line that decides `name` for the postgresql.conf `text` at `path`, read with every
/// file it includes as the server reads them; `None` when no line sets it, or when the tree
/// could not be read whole (an include missing, empty or looping), since the part left
/// unread might decide.
pub fn deciding_line(
    path: &Path,
    text: &str,
    name: &str,
    settings: &Settings,
    files: &dyn Files,
) -> Option<Deciding> {
    let tree = includes::expand(text, Some(path), Some(files));
    if !tree.findings.is_empty() {
        return None;
    }

    let catalog = pg_settings::for_major(settings.postgres_version);
    let wanted = canonical(catalog, name);
    let occurrence =
        *tree.order.iter().rev().find(|&&o| canonical(catalog, tree.name(o)) == wanted)?;

    let entry = tree.entry(occurrence);
    let source = &tree.sources[occurrence.source];
    let line = line_number(&source.text, entry.line.start);
    let included = (occurrence.source != 0).then(|| source.shown.clone());
    let written = format!("{} = {}", tree.name(occurrence), entry.value.span.of(&source.text));
    Some(Deciding { value: entry.value.text.clone(), written, included, line })
}

/// Whether a postgresql.conf beside `path` or one folder up includes it.
fn included_by_neighbour(path: &Path, files: &dyn Files) -> bool {
    let target = crate::files::absolute(path);
    crate::files::neighbour_configs(path, "postgresql.conf").iter().any(|config| {
        let Some(text) = files.read(config) else {
            return false;
        };
        let tree = includes::expand(&text, Some(config), Some(files));
        tree.sources[1..].iter().any(|source| source.path.as_ref() == Some(&target))
    })
}

/// The parameter `name` sets, lowercased and with old names resolved.
fn canonical(catalog: &Catalog, name: &str) -> String {
    match catalog.lookup(name) {
        Lookup::Known(setting) | Lookup::OldName(setting) => setting.name.to_ascii_lowercase(),
        Lookup::Unknown => name.to_ascii_lowercase(),
    }
}

fn analyze(tree: Tree, settings: &Settings) -> Vec<Finding> {
    let catalog = pg_settings::for_major(settings.postgres_version);
    let requested_major = settings.postgres_version.unwrap_or(catalog.major);

    let canonical: Vec<String> =
        tree.order.iter().map(|&o| self::canonical(catalog, tree.name(o))).collect();
    let mut next_same = vec![None; tree.order.len()];
    let mut applied = vec![true; tree.order.len()];
    let mut last_by_canonical: HashMap<&str, usize> = HashMap::new();
    let mut seen_spellings: HashSet<&str> = HashSet::new();
    for position in (0..tree.order.len()).rev() {
        next_same[position] = last_by_canonical.insert(&canonical[position], position);
        applied[position] = seen_spellings.insert(tree.name(tree.order[position]));
    }
    drop(last_by_canonical);
    drop(seen_spellings);

    let mut context =
        Context { tree, canonical, next_same, applied, catalog, requested_major, settings };
    let mut findings = std::mem::take(&mut context.tree.findings);

    let mut found = Vec::new();
    syntax_errors(&context, &mut found);
    names_and_values(&context, &mut found);
    findings.extend(found.into_iter().filter_map(|found| moved_here(&context, found)));

    duplicates(&context, &mut findings);
    keepalives_unset(&context, &mut findings);
    keepalives_idle_too_long(&context, &mut findings);
    ssl_off(&context, &mut findings);
    password_encryption_md5(&context, &mut findings);
    ssl_min_protocol_old(&context, &mut findings);
    ssl_protocol_range(&context, &mut findings);
    log_statement_passwords(&context, &mut findings);
    listen_all_addresses(&context, &mut findings);
    // The connection strings of included files: their errors stop replication, so they
    // are carried to the include line as the other errors of included files are.
    for (index, source) in context.tree.sources.iter().enumerate() {
        for finding in conninfo::check(&source.text, &source.file, settings) {
            if index == 0 || finding.severity == Severity::Error {
                findings.extend(carried_here(&context, Found { source: index, finding }));
            }
        }
    }
    findings
}

/// A finding about an included file becomes an error on the include line that brings the
/// file in (only errors: they stop the server, so they matter to this file too).
fn moved_here(context: &Context, found: Found) -> Option<Finding> {
    if found.source != 0 && found.finding.severity != Severity::Error {
        return None;
    }
    carried_here(context, found)
}

/// A finding about the line that decides a setting for this file, wherever that line is:
/// kept as it is in the analysed file, and put on the include line that brings the file in
/// otherwise, with its severity and the place of the deciding line in the message. Its
/// fixes are dropped, since they edit the other file.
fn carried_here(context: &Context, found: Found) -> Option<Finding> {
    if found.source == 0 {
        return Some(found.finding);
    }
    let source = &context.tree.sources[found.source];
    let via = source.via?;
    let line = line_number(&source.text, found.finding.span.start);
    let message = format!("In `{}` line {line}: {}", source.shown, found.finding.message);
    Some(Finding::new(found.finding.rule, found.finding.severity, via, message))
}

fn syntax_errors(context: &Context, found: &mut Vec<Found>) {
    for (index, source) in context.tree.sources.iter().enumerate() {
        for error in &source.file.errors {
            let message = format!(
                "Syntax error: {}. The server refuses to start with this file (on reload it \
                 ignores the whole file).",
                error.message
            );
            let mut finding = Finding::new(&SYNTAX_ERROR, Severity::Error, error.span, message);
            if let Some(fix) = quote_fix(context.catalog, &source.text, error) {
                finding = finding.with_fix(fix);
            }
            found.push(Found { source: index, finding });
        }
    }
}

/// For a value that runs past its first token, such as `10.0.0.5` or `5993 KB`: the
/// single value the user most likely meant, when the server accepts it.
fn quote_fix(catalog: &Catalog, text: &str, error: &SyntaxError) -> Option<Fix> {
    let name = error.name?.of(text);
    let start = error.value_start?.start;
    let end = error.last_token?.end;
    let region = Span::new(start, end);
    let original = region.of(text);
    if original.contains(['\'', '\\']) {
        return None;
    }

    let setting = match catalog.lookup(name) {
        Lookup::Known(setting) | Lookup::OldName(setting) => Some(setting),
        Lookup::Unknown => None,
    };
    let accepted = |candidate: &str| setting.is_none_or(|s| value::check(s, candidate).is_ok());

    let joined: String = original.split_whitespace().collect();
    let joined_is_one_token = matches!(
        pgconf::parse(&format!("x = {joined}")).entries.as_slice(),
        [entry] if entry.value.span.end == joined.len() + 4
    );
    let candidates = [
        (joined_is_one_token && joined != original).then(|| joined.clone()),
        Some(format!("'{original}'")),
        setting.and_then(|s| unit_fixed(s, original)).map(|fixed| format!("'{fixed}'")),
    ];
    let chosen = candidates.into_iter().flatten().find(|candidate| {
        let decoded = candidate.trim_matches('\'');
        accepted(decoded)
    })?;
    Some(Fix::replace(format!("Write the value as {chosen}"), region, chosen))
}

/// `value` with its unit replaced by the one the user probably meant, if that gives a value
/// the server accepts.
fn unit_fixed(setting: &Setting, value: &str) -> Option<String> {
    let Err(ValueError::BadUnit { suggestion: Some(unit), .. }) = value::check(setting, value)
    else {
        return None;
    };
    let number_end = value::number_end(value, setting.vartype == VarType::Integer)?;
    let fixed = format!("{}{unit}", value.get(..number_end)?.trim());
    value::check(setting, &fixed).ok().map(|_| fixed)
}

fn names_and_values(context: &Context, found: &mut Vec<Found>) {
    for (position, &occurrence) in context.tree.order.iter().enumerate() {
        let entry = context.tree.entry(occurrence);
        let text = context.tree.text(occurrence);
        let finding = match context.catalog.lookup(entry.name_text(text)) {
            Lookup::Known(setting) | Lookup::OldName(setting) => {
                if !context.applied[position] {
                    continue;
                }
                if setting.context == Changes::Internal {
                    Some(read_only(text, entry, setting))
                } else {
                    check_value(text, entry, setting)
                        .or_else(|| timezone::check(text, entry, setting, context.catalog.major))
                }
            }
            Lookup::Unknown => unknown_parameter(context, text, entry),
        };
        if let Some(finding) = finding {
            found.push(Found { source: occurrence.source, finding });
        }
    }
}

fn read_only(text: &str, entry: &Entry, setting: &Setting) -> Finding {
    let message = format!(
        "{} is fixed when PostgreSQL is built or the cluster is created, and only reports \
         it; the server refuses to start when a file sets it. Remove this line.",
        setting.name
    );
    Finding::new(&READ_ONLY_PARAMETER, Severity::Error, entry.name, message).with_fix(Fix::replace(
        "Remove this line",
        whole_line(text, entry.line),
        "",
    ))
}

fn unknown_parameter(context: &Context, text: &str, entry: &Entry) -> Option<Finding> {
    let name = entry.name_text(text);
    let major = context.catalog.major;
    if let Some(found) = history::history(name, context.catalog, context.requested_major) {
        return Some(version::not_in_this_major(context, text, entry, found));
    }
    let suggestion = context.catalog.suggest(name);

    let (severity, mut message) = if let Some((prefix, _)) = name.split_once('.') {
        // Any dotted name is accepted as a placeholder for an extension's setting; only a
        // prefix that belongs to a library we know tells us it is a typo.
        if !context.catalog.has_prefix(prefix) {
            return None;
        }
        (
            Severity::Warning,
            format!(
                "`{name}` is not a setting of {prefix} in PostgreSQL {major}: once the library \
                 is loaded the server drops it with a warning, so it has no effect."
            ),
        )
    } else {
        (
            Severity::Error,
            format!(
                "`{name}` is not a PostgreSQL {major} parameter; an unknown name stops the \
                 server from starting (and a reload ignores the whole file)."
            ),
        )
    };
    // Renaming to a name set elsewhere would silently override that setting.
    let already_set = suggestion.is_some_and(|suggestion| context.effective(suggestion).is_some());
    match suggestion {
        Some(suggestion) if already_set => message.push_str(&format!(
            " Did you mean `{suggestion}`? It is set elsewhere already, so this line is \
             probably left over: remove it rather than rename it."
        )),
        Some(suggestion) => message.push_str(&format!(" Did you mean `{suggestion}`?")),
        None => {}
    }

    let mut finding = Finding::new(&UNKNOWN_PARAMETER, severity, entry.name, message);
    if let Some(suggestion) = suggestion.filter(|_| !already_set) {
        finding = finding.with_fix(Fix::replace(
            format!("Rename to {suggestion}"),
            entry.name,
            suggestion,
        ));
    }
    Some(finding.with_fix(Fix::replace("Remove this line", whole_line(text, entry.line), "")))
}

/// The line with its newline, for deleting it.
pub(super) fn whole_line(text: &str, line: Span) -> Span {
    let end = if text.as_bytes().get(line.end) == Some(&b'\n') { line.end + 1 } else { line.end };
    Span::new(line.start, end)
}

/// A value the parameter's type refuses; the values of the time-zone parameters, which are
/// strings to the catalog, are judged by `timezone::check`.
fn check_value(file_text: &str, entry: &Entry, setting: &Setting) -> Option<Finding> {
    let text = &entry.value.text;
    let error = value::check(setting, text).err()?;
    let name = &setting.name;
    let span = entry.value.span;
    let shown = entry.value.span.of(file_text);

    // A library's own setting is checked only when the library defines it (at preload or
    // `LOAD`): a bad value then draws a warning and the default stays, the server runs.
    let (severity, outcome) = if setting.is_extension() {
        (
            Severity::Warning,
            "The server warns and keeps the default once the library is loaded, so this line \
             has no effect.",
        )
    } else {
        (Severity::Error, "The server refuses to start with this value.")
    };

    let finding = match error {
        ValueError::BadUnit { unit, suggestion } => {
            let unit_kind = setting.unit.map_or(UnitKind::Memory, |u| u.kind);
            let valid = match unit_kind {
                UnitKind::Memory => "B, kB, MB, GB, TB",
                UnitKind::Time => "us, ms, s, min, h, d",
            };
            let kind = match unit_kind {
                UnitKind::Memory => "memory",
                UnitKind::Time => "time",
            };
            let mut message = format!(
                "`{unit}` is not a {kind} unit PostgreSQL accepts for {name}: units are \
                 case-sensitive and must be one of {valid}. {outcome}"
            );
            let fixed = unit_fixed(setting, text);
            if let (Some(unit), Some(_)) = (suggestion, &fixed) {
                message.push_str(&format!(" Did you mean `{unit}`?"));
            }
            let mut finding = Finding::new(&INVALID_UNIT, severity, span, message);
            if let Some(fixed) = fixed {
                let new_text = requote(entry, &fixed);
                finding =
                    finding.with_fix(Fix::replace(format!("Change to {new_text}"), span, new_text));
            }
            finding
        }
        other => {
            let message = value_message(setting, shown, &other, outcome);
            let mut finding = Finding::new(&INVALID_VALUE, severity, span, message);
            if let ValueError::BadEnum { suggestion: Some(listed) } = &other {
                finding = finding.with_fix(Fix::replace(
                    format!("Change to {listed}"),
                    span,
                    listed.clone(),
                ));
            }
            finding
        }
    };
    Some(finding)
}

/// A fixed value, quoted again when the original was quoted or needs quotes now.
pub(super) fn requote(entry: &Entry, fixed: &str) -> String {
    let plain_token = matches!(
        pgconf::parse(&format!("x = {fixed}")).entries.as_slice(),
        [e] if e.value.span.end == fixed.len() + 4 && e.value.kind != ValueKind::Quoted
    );
    if entry.value.kind == ValueKind::Quoted || !plain_token {
        format!("'{}'", fixed.replace('\'', "''"))
    } else {
        fixed.to_string()
    }
}

/// What is wrong with `shown` for `setting`, ending with `refuses`: what the server does
/// with such a line.
fn value_message(setting: &Setting, shown: &str, error: &ValueError, refuses: &str) -> String {
    let name = &setting.name;
    match error {
        ValueError::NotBoolean => format!(
            "{name} is a boolean; `{shown}` is not one of on/off, true/false, yes/no, 1/0. \
             {refuses}"
        ),
        ValueError::NotANumber => {
            let kind = if setting.vartype == VarType::Integer { "an integer" } else { "a number" };
            format!("{name} takes {kind}{}; `{shown}` is not one. {refuses}", unit_words(setting))
        }
        ValueError::UnitNotAccepted => format!(
            "{name} takes a plain number without a unit; `{shown}` has text after the number. \
             {refuses}"
        ),
        ValueError::IntegerOverflow { negative } => format!(
            "`{shown}` is too {}: converted to {name}'s unit it falls outside the 32-bit \
             integer range. {} {refuses}",
            if *negative { "far below zero" } else { "large" },
            range_words(setting)
        ),
        ValueError::OutOfRange { value: number } => {
            let amount = match setting.unit {
                Some(unit) => format!(
                    "{} × {}{}",
                    format_plain(*number),
                    unit.name,
                    friendly_suffix(*number, unit)
                ),
                None => format_plain(*number),
            };
            let amounts = if amount == shown.trim_matches('\'') {
                String::new()
            } else {
                format!(" (it amounts to {amount})")
            };
            format!(
                "`{shown}`{amounts} is outside the range {name} allows. {} {refuses}",
                range_words(setting)
            )
        }
        ValueError::BadEnum { suggestion } => {
            let mut message = format!(
                "`{shown}` is not a value of {name}; valid values: {}. {refuses}",
                setting.enum_values.join(", ")
            );
            if let Some(listed) = suggestion {
                message.push_str(&format!(" Did you mean `{listed}`?"));
            }
            message
        }
        ValueError::BadUnit { .. } => String::new(),
    }
}

fn unit_words(setting: &Setting) -> String {
    match setting.unit {
        Some(unit) => format!(" (in {}, or with a unit)", unit.name),
        None => String::new(),
    }
}

fn format_plain(number: f64) -> String {
    if number.fract() == 0.0 && number.abs() < 1e15 {
        format!("{}", number as i64)
    } else {
        format!("{number}")
    }
}

fn friendly_suffix(number: f64, unit: BaseUnit) -> String {
    let friendly = value::format_with_unit(number, unit);
    if number > 0.0 && friendly != format!("{}{}", format_plain(number), unit.name) {
        format!(" ({friendly})")
    } else {
        String::new()
    }
}

/// "Allowed: 16 .. 1073741823 (128kB .. 8TB)." for a parameter's limits.
pub fn range_words(setting: &Setting) -> String {
    let (Some(min), Some(max)) = (setting.min, setting.max) else {
        return String::new();
    };
    match setting.unit {
        Some(unit) => format!(
            "Allowed: {} .. {} × {} ({} .. {}).",
            setting.min_text,
            setting.max_text,
            unit.name,
            value::format_with_unit(min, unit),
            value::format_with_unit(max, unit)
        ),
        None => format!("Allowed: {} .. {}.", setting.min_text, setting.max_text),
    }
}

fn keepalives_unset(context: &Context, findings: &mut Vec<Finding>) {
    // Listening on the loopback interface or Unix sockets only: no middlebox in between.
    let local_only = context.effective("listen_addresses").is_some_and(|occurrence| {
        context
            .tree
            .entry(occurrence)
            .value
            .text
            .split(',')
            .map(str::trim)
            .all(|address| matches!(address, "" | "localhost" | "127.0.0.1" | "::1"))
    });
    if local_only {
        return;
    }

    // (name, target, the deciding line when it is here, the place when it is elsewhere)
    let mut missing: Vec<(&str, u32, Option<&Entry>, Option<String>)> = Vec::new();
    for (name, target) in KEEPALIVES {
        match context.effective(name) {
            None => missing.push((name, target, None, None)),
            Some(occurrence) => {
                if context.effective_integer(name).is_some_and(|(n, _)| n == 0) {
                    let (here, elsewhere) = if occurrence.source == 0 {
                        (Some(context.tree.entry(occurrence)), None)
                    } else {
                        (None, Some(context.place(occurrence)))
                    };
                    missing.push((name, target, here, elsewhere));
                }
            }
        }
    }
    // With the idle time set, the first probe leaves in time (whether it is soon enough is
    // `keepalives_idle_too_long`'s matter); the system's interval and count then only
    // decide how soon a dead peer is noticed.
    if !missing.iter().any(|(name, ..)| *name == "tcp_keepalives_idle") {
        return;
    }

    let text = context.text();
    let file = &context.tree.sources[0].file;
    let commented = pgconf::commented_entries(text, file);
    let find_commented = |name: &str| -> Option<&CommentedEntry> {
        commented.iter().rev().find(|c| c.name.of(text).eq_ignore_ascii_case(name))
    };

    let span = missing
        .iter()
        .find_map(|(_, _, entry, _)| entry.map(|e| e.value.span))
        .or_else(|| missing.iter().find_map(|(name, ..)| find_commented(name).map(|c| c.name)))
        .unwrap_or(Span::empty(0));

    let described: Vec<String> = missing
        .iter()
        .map(|(name, _, here, elsewhere)| match (here, elsewhere) {
            (Some(_), _) => format!("{name} is 0"),
            (None, Some(place)) => format!("{name} is 0 in {place}"),
            (None, None) => format!("{name} is not set"),
        })
        .collect();
    let message = format!(
        "TCP keepalives are left to the operating system ({}), which on Linux sends the first \
         probe only after 2 hours of silence. A NAT gateway, load balancer or firewall that \
         drops idle connections sooner will cut idle sessions without either side noticing; \
         set idle 60, interval 10 and count 6.",
        described.join(", ")
    );

    // Lines set elsewhere are overridden by lines appended here, after every include.
    let mut edits = Vec::new();
    let mut appended = String::new();
    for (name, target, here, elsewhere) in &missing {
        if let Some(entry) = here {
            edits.push(Edit { span: entry.value.span, new_text: target.to_string() });
        } else if let (Some(commented), None) = (find_commented(name), elsewhere) {
            edits.push(Edit { span: commented.setting, new_text: format!("{name} = {target}") });
        } else {
            appended.push_str(&format!("{name} = {target}\n"));
        }
    }
    if !appended.is_empty() {
        let separator = if text.is_empty() || text.ends_with('\n') { "" } else { "\n" };
        edits.push(Edit {
            span: Span::empty(text.len()),
            new_text: format!("{separator}{appended}"),
        });
    }
    edits.sort_by_key(|edit| edit.span.start);

    findings.push(Finding::new(&KEEPALIVES_UNSET, Severity::Hint, span, message).with_fix(
        Fix::new(
            "Set tcp_keepalives_idle = 60, tcp_keepalives_interval = 10, tcp_keepalives_count = 6",
            edits,
        ),
    ));
}

fn keepalives_idle_too_long(context: &Context, findings: &mut Vec<Finding>) {
    let Some((idle, occurrence)) = context.effective_integer("tcp_keepalives_idle") else {
        return;
    };
    let entry = context.tree.entry(occurrence);
    let timeout = i64::from(context.settings.middlebox_idle_timeout);
    if idle <= 0 || idle < timeout {
        return;
    }

    let message = format!(
        "The first keepalive probe goes out only after {idle} s of silence, but middleboxes on \
         the path (NAT gateways, load balancers, firewalls) are assumed to drop connections \
         idle for {timeout} s (setting middlebox_idle_timeout). Idle sessions will be cut \
         without either side noticing; keep tcp_keepalives_idle below {timeout} s."
    );
    let target = if timeout > 60 { 60 } else { timeout / 2 };
    let mut finding =
        Finding::new(&KEEPALIVES_IDLE_TOO_LONG, Severity::Warning, entry.value.span, message);
    if target > 0 {
        finding = finding.with_fix(Fix::replace(
            format!("Change to {target}"),
            entry.value.span,
            target.to_string(),
        ));
    }
    findings.extend(carried_here(context, Found { source: occurrence.source, finding }));
}

fn ssl_off(context: &Context, findings: &mut Vec<Finding>) {
    let Some((occurrence, entry, _)) = context.effective_anywhere("ssl") else {
        return;
    };
    if value::parse_bool(&entry.value.text) != Some(false) {
        return;
    }
    let finding = Finding::new(
        &SSL_OFF,
        Severity::Warning,
        entry.value.span,
        "TLS is switched off: clients can only connect in plain text, so passwords and data \
         cross the network readable, and `hostssl` lines in pg_hba.conf never match. Turn it on \
         with a certificate and key (ssl_cert_file, ssl_key_file).",
    );
    findings.extend(carried_here(context, Found { source: occurrence.source, finding }));
}

/// The listed enum value the deciding line sets, wherever that line is: the rules that use
/// it are about what the server does, which an included file decides as well as this one.
fn effective_enum<'a>(context: &'a Context, name: &str) -> Option<(String, Occurrence, &'a Entry)> {
    let (occurrence, entry, _) = context.effective_anywhere(name)?;
    let setting = context.catalog.get(name)?;
    value::parse_enum(setting, &entry.value.text).map(|listed| (listed, occurrence, entry))
}

/// Every line here that sets `name` and is not overridden later: earlier duplicates are
/// reported as dead, not for their value.
fn duplicates(context: &Context, findings: &mut Vec<Finding>) {
    let text = context.text();
    for (position, &occurrence) in context.tree.order.iter().enumerate() {
        if occurrence.source != 0 {
            continue;
        }
        let name = context.tree.name(occurrence);
        let known = !matches!(context.catalog.lookup(name), Lookup::Unknown);
        if !known && !name.contains('.') {
            continue;
        }
        let Some(later) = context.next_same[position].map(|index| context.tree.order[index]) else {
            continue;
        };

        let entry = context.tree.entry(occurrence);
        let later_entry = context.tree.entry(later);
        let (where_later, related_span) = if later.source == 0 {
            (format!("on line {}", line_number(text, later_entry.line.start)), later_entry.name)
        } else {
            let via = context.tree.sources[later.source].via.unwrap_or(later_entry.name);
            (format!("in {}", context.place(later)), via)
        };
        let later_name = context.tree.name(later);
        let message = format!(
            "`{name}` is set again {where_later}, and the last setting wins: this line has no \
             effect. Remove it, or the later one, so that the file says what it does."
        );
        let span = Span::new(entry.name.start, entry.value.span.end);
        findings.push(
            Finding::new(&DUPLICATE_SETTING, Severity::Hint, span, message)
                .with_tag(Tag::Unnecessary)
                .with_related(related_span, format!("`{later_name}` set again here"))
                .with_fix(Fix::replace("Remove this line", whole_line(text, entry.line), "")),
        );
    }
}

fn password_encryption_md5(context: &Context, findings: &mut Vec<Finding>) {
    let Some((listed, occurrence, entry)) = effective_enum(context, "password_encryption") else {
        return;
    };
    if listed != "md5" {
        return;
    }
    let message = "Passwords set or changed from now on are stored as MD5 hashes: a stolen \
                   hash (from a backup, pg_authid, a log) is as good as the password, and MD5 is \
                   fast to brute-force. Use scram-sha-256 (the default since 14; clients need \
                   libpq 10 or later), then reset each role's password.";
    let finding =
        Finding::new(&PASSWORD_ENCRYPTION_MD5, Severity::Warning, entry.value.span, message)
            .with_fix(Fix::replace(
                "Change to scram-sha-256",
                entry.value.span,
                requote(entry, "scram-sha-256"),
            ));
    findings.extend(carried_here(context, Found { source: occurrence.source, finding }));
}

fn ssl_min_protocol_old(context: &Context, findings: &mut Vec<Finding>) {
    let Some((listed, occurrence, entry)) = effective_enum(context, "ssl_min_protocol_version")
    else {
        return;
    };
    if !matches!(listed.as_str(), "TLSv1" | "TLSv1.1") {
        return;
    }
    let message = format!(
        "{listed} is allowed: TLS 1.0 and 1.1 are deprecated (RFC 8996) and have known \
         weaknesses, and every supported client library speaks TLS 1.2. Require TLSv1.2 (the \
         default since 13)."
    );
    let finding = Finding::new(&SSL_MIN_PROTOCOL_OLD, Severity::Warning, entry.value.span, message)
        .with_fix(Fix::replace("Change to TLSv1.2", entry.value.span, requote(entry, "TLSv1.2")));
    findings.extend(carried_here(context, Found { source: occurrence.source, finding }));
}

/// An empty TLS version range: with TLS on, the server refuses to start when
/// `ssl_min_protocol_version` is above `ssl_max_protocol_version` (checked with a real 15;
/// `be-secure-openssl.c` compares them when it sets up TLS). An empty maximum means none.
fn ssl_protocol_range(context: &Context, findings: &mut Vec<Finding>) {
    const ORDER: [&str; 4] = ["TLSv1", "TLSv1.1", "TLSv1.2", "TLSv1.3"];
    let ssl_on = context
        .effective_anywhere("ssl")
        .is_some_and(|(_, entry, _)| value::parse_bool(&entry.value.text) == Some(true));
    let Some((max, occurrence, entry)) = effective_enum(context, "ssl_max_protocol_version") else {
        return;
    };
    let min = effective_enum(context, "ssl_min_protocol_version")
        .map_or("TLSv1.2".to_string(), |(listed, _, _)| listed);
    let rank = |name: &str| ORDER.iter().position(|known| known.eq_ignore_ascii_case(name));
    let (Some(min_rank), Some(max_rank)) = (rank(&min), rank(&max)) else {
        return;
    };
    if !ssl_on || min_rank <= max_rank {
        return;
    }
    let message = format!(
        "ssl_max_protocol_version = {max} is below ssl_min_protocol_version ({min}), so no \
         TLS version is left and the server refuses to start. Raise the maximum or leave it \
         empty."
    );
    let finding = Finding::new(&INVALID_VALUE, Severity::Error, entry.value.span, message);
    findings.extend(carried_here(context, Found { source: occurrence.source, finding }));
}

fn log_statement_passwords(context: &Context, findings: &mut Vec<Finding>) {
    let Some((listed, occurrence, entry)) = effective_enum(context, "log_statement") else {
        return;
    };
    // `mod` logs everything `ddl` does, and more.
    if !matches!(listed.as_str(), "all" | "ddl" | "mod") {
        return;
    }
    let message = format!(
        "log_statement = {listed} writes every DDL statement to the server log as typed, so \
         `CREATE ROLE ... PASSWORD '...'` and `ALTER ROLE ... PASSWORD` put passwords there in \
         plain text for anyone who reads the logs. Prefer none (or pgaudit), and set passwords \
         with psql's \\password, which sends only a hash."
    );
    let finding =
        Finding::new(&LOG_STATEMENT_PASSWORDS, Severity::Warning, entry.value.span, message);
    findings.extend(carried_here(context, Found { source: occurrence.source, finding }));
}

/// Judged only when the deciding line is here: it is a nudge, not a fault, and images and
/// config management commonly set it in a drop-in file that says so when opened itself.
fn listen_all_addresses(context: &Context, findings: &mut Vec<Finding>) {
    let Some(entry) = context.effective_here("listen_addresses") else {
        return;
    };
    let everywhere =
        entry.value.text.split(',').map(str::trim).any(|a| matches!(a, "*" | "0.0.0.0" | "::"));
    if !everywhere {
        return;
    }
    findings.push(Finding::new(
        &LISTEN_ALL_ADDRESSES,
        Severity::Information,
        entry.value.span,
        "The server accepts connections on every network interface, so pg_hba.conf and the \
         firewall are all that keep others out. Name only the addresses clients use when you \
         can.",
    ));
}
