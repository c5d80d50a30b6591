//! Rules for `postgresql.conf`: lines the server cannot read, names and values it refuses
//! (each of which stops it from starting), and settings that work but hurt in production
//! (TLS off, keepalives left to the OS behind NAT and load balancers).

use crate::finding::{Edit, Finding, Fix, Rule, Severity};
use crate::knowledge::pg_settings::value::{self, Parsed, ValueError};
use crate::knowledge::pg_settings::{self, BaseUnit, Catalog, Lookup, Setting, UnitKind, VarType};
use crate::settings::Settings;
use crate::span::Span;
use crate::syntax::pgconf::{self, CommentedEntry, ConfFile, Entry, SyntaxError, ValueKind};

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

pub static RULES: &[&Rule] = &[
    &SYNTAX_ERROR,
    &UNKNOWN_PARAMETER,
    &INVALID_UNIT,
    &INVALID_VALUE,
    &KEEPALIVES_UNSET,
    &KEEPALIVES_IDLE_TOO_LONG,
    &SSL_OFF,
];

/// The keepalive settings and the values our fix gives them: the first probe after a
/// minute of silence, then every 10 s, giving up after 6 misses, so a dead peer is noticed
/// within two minutes and no middlebox sees a connection idle for long.
const KEEPALIVES: [(&str, u32); 3] =
    [("tcp_keepalives_idle", 60), ("tcp_keepalives_interval", 10), ("tcp_keepalives_count", 6)];

/// What every rule looks at.
struct Context<'a> {
    text: &'a str,
    file: ConfFile,
    catalog: &'static Catalog,
    settings: &'a Settings,
}

impl Context<'_> {
    /// Lines that set a parameter (not include directives).
    fn settings_entries(&self) -> impl Iterator<Item = &Entry> {
        self.file.entries.iter().filter(|e| e.directive.is_none())
    }

    /// The line that decides a parameter's value: the last one naming it, as in the server.
    fn effective(&self, name: &str) -> Option<&Entry> {
        self.settings_entries()
            .filter(|entry| entry.name_text(self.text).eq_ignore_ascii_case(name))
            .last()
    }

    fn effective_integer(&self, name: &str) -> Option<(i64, &Entry)> {
        let entry = self.effective(name)?;
        let setting = self.catalog.get(name)?;
        match value::check(setting, &entry.value.text) {
            Ok(Parsed::Integer(number)) => Some((number, entry)),
            _ => None,
        }
    }
}

pub fn check(text: &str, settings: &Settings) -> Vec<Finding> {
    let context = Context {
        text,
        file: pgconf::parse(text),
        catalog: pg_settings::for_major(settings.postgres_version),
        settings,
    };

    let mut findings = Vec::new();
    syntax_errors(&context, &mut findings);
    names_and_values(&context, &mut findings);
    keepalives_unset(&context, &mut findings);
    keepalives_idle_too_long(&context, &mut findings);
    ssl_off(&context, &mut findings);
    findings
}

fn syntax_errors(context: &Context, findings: &mut Vec<Finding>) {
    for error in &context.file.errors {
        let message = format!(
            "Syntax error: {}. The server refuses to start with this file (on reload it \
             ignores the whole file).",
            error.message
        );
        let mut finding = Finding::new(&SYNTAX_ERROR, Severity::Error, error.span, message);
        if let Some(fix) = quote_fix(context, error) {
            finding = finding.with_fix(fix);
        }
        findings.push(finding);
    }
}

/// For a value that runs past its first token, such as `10.0.0.5` or `5993 KB`: the
/// single value the user most likely meant, when the server accepts it.
fn quote_fix(context: &Context, error: &SyntaxError) -> Option<Fix> {
    let name = error.name?.of(context.text);
    let start = error.value_start?.start;
    let end = error.last_token?.end;
    let region = Span::new(start, end);
    let original = region.of(context.text);
    if original.contains(['\'', '\\']) {
        return None;
    }

    let setting = match context.catalog.lookup(name) {
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

fn names_and_values(context: &Context, findings: &mut Vec<Finding>) {
    for entry in context.settings_entries() {
        let name = entry.name_text(context.text);
        match context.catalog.lookup(name) {
            Lookup::Known(setting) | Lookup::OldName(setting) => {
                if let Some(finding) = check_value(context, entry, setting) {
                    findings.push(finding);
                }
            }
            Lookup::Unknown => {
                if let Some(finding) = unknown_parameter(context, entry) {
                    findings.push(finding);
                }
            }
        }
    }
}

fn unknown_parameter(context: &Context, entry: &Entry) -> Option<Finding> {
    let name = entry.name_text(context.text);
    let major = context.catalog.major;
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
    if let Some(suggestion) = suggestion {
        message.push_str(&format!(" Did you mean `{suggestion}`?"));
    }

    let mut finding = Finding::new(&UNKNOWN_PARAMETER, severity, entry.name, message);
    if let Some(suggestion) = suggestion {
        finding = finding.with_fix(Fix::replace(
            format!("Rename to {suggestion}"),
            entry.name,
            suggestion,
        ));
    }
    Some(finding.with_fix(Fix::replace(
        "Remove this line",
        whole_line(context.text, entry.line),
        "",
    )))
}

/// The line with its newline, for deleting it.
fn whole_line(text: &str, line: Span) -> Span {
    let end = if text.as_bytes().get(line.end) == Some(&b'\n') { line.end + 1 } else { line.end };
    Span::new(line.start, end)
}

fn check_value(context: &Context, entry: &Entry, setting: &Setting) -> Option<Finding> {
    let text = &entry.value.text;
    let error = value::check(setting, text).err()?;
    let name = &setting.name;
    let span = entry.value.span;
    let shown = entry.value.span.of(context.text);

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
                 case-sensitive and must be one of {valid}. The server refuses to start with \
                 this value."
            );
            let fixed = unit_fixed(setting, text);
            if let (Some(unit), Some(_)) = (suggestion, &fixed) {
                message.push_str(&format!(" Did you mean `{unit}`?"));
            }
            let mut finding = Finding::new(&INVALID_UNIT, Severity::Error, span, message);
            if let Some(fixed) = fixed {
                let new_text = requote(entry, &fixed);
                finding =
                    finding.with_fix(Fix::replace(format!("Change to {new_text}"), span, new_text));
            }
            finding
        }
        other => {
            let message = value_message(setting, shown, &other);
            let mut finding = Finding::new(&INVALID_VALUE, Severity::Error, span, message);
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
fn requote(entry: &Entry, fixed: &str) -> String {
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

fn value_message(setting: &Setting, shown: &str, error: &ValueError) -> String {
    let name = &setting.name;
    let refuses = "The server refuses to start with this value.";
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
        ValueError::IntegerOverflow => format!(
            "`{shown}` is too large: converted to {name}'s unit it exceeds the 32-bit integer \
             range. {} {refuses}",
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
    let local_only = context.effective("listen_addresses").is_some_and(|entry| {
        entry
            .value
            .text
            .split(',')
            .map(str::trim)
            .all(|address| matches!(address, "" | "localhost" | "127.0.0.1" | "::1"))
    });
    if local_only {
        return;
    }

    let mut missing: Vec<(&str, u32, Option<&Entry>)> = Vec::new();
    for (name, target) in KEEPALIVES {
        match context.effective(name) {
            None => missing.push((name, target, None)),
            Some(entry) => {
                if context.effective_integer(name).is_some_and(|(n, _)| n == 0) {
                    missing.push((name, target, Some(entry)));
                }
            }
        }
    }
    if missing.is_empty() {
        return;
    }

    let commented = pgconf::commented_entries(context.text, &context.file);
    let find_commented = |name: &str| -> Option<&CommentedEntry> {
        commented.iter().rev().find(|c| c.name.of(context.text).eq_ignore_ascii_case(name))
    };

    let span = missing
        .iter()
        .find_map(|(_, _, entry)| entry.map(|e| e.value.span))
        .or_else(|| missing.iter().find_map(|(name, _, _)| find_commented(name).map(|c| c.name)))
        .unwrap_or(Span::empty(0));

    let described: Vec<String> = missing
        .iter()
        .map(|(name, _, entry)| match entry {
            Some(_) => format!("{name} is 0"),
            None => format!("{name} is not set"),
        })
        .collect();
    let message = format!(
        "TCP keepalives are left to the operating system ({}), which on Linux sends the first \
         probe only after 2 hours of silence. A NAT gateway, load balancer or firewall that \
         drops idle connections sooner will cut idle sessions without either side noticing; \
         set idle 60, interval 10 and count 6.",
        described.join(", ")
    );

    let mut edits = Vec::new();
    let mut appended = String::new();
    for (name, target, entry) in &missing {
        if let Some(entry) = entry {
            edits.push(Edit { span: entry.value.span, new_text: target.to_string() });
        } else if let Some(commented) = find_commented(name) {
            edits.push(Edit { span: commented.setting, new_text: format!("{name} = {target}") });
        } else {
            appended.push_str(&format!("{name} = {target}\n"));
        }
    }
    if !appended.is_empty() {
        let text = context.text;
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
    let Some((idle, entry)) = context.effective_integer("tcp_keepalives_idle") else {
        return;
    };
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
    findings.push(finding);
}

fn ssl_off(context: &Context, findings: &mut Vec<Finding>) {
    let Some(entry) = context.effective("ssl") else {
        return;
    };
    if value::parse_bool(&entry.value.text) != Some(false) {
        return;
    }
    findings.push(Finding::new(
        &SSL_OFF,
        Severity::Warning,
        entry.value.span,
        "TLS is switched off: clients can only connect in plain text, so passwords and data \
         cross the network readable, and `hostssl` lines in pg_hba.conf never match. Turn it on \
         with a certificate and key (ssl_cert_file, ssl_key_file).",
    ));
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
