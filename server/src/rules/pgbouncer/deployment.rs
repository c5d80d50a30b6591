//! Rules about how the pooler meets its clients and its servers: TLS and trust beyond
//! loopback, the CA that verifies servers, features that transaction pooling drops, startup
//! parameters that drivers send, the admin console, duplicate keys and `auth_query`'s
//! credentials. PgBouncer starts with all of these; they break or weaken production later.

use super::{
    Context, ADMIN_USERS, AUTH_QUERY_CREDENTIALS, CLIENT_TLS_DISABLED, DUPLICATE_KEY, MAIN,
    PREPARED_STATEMENTS, RESET_QUERY_IGNORED, SERVER_TLS_CA_FILE, SETTINGS_RESET,
    STARTUP_PARAMETERS,
};
use crate::finding::{Edit, Finding, Fix, Severity, Tag};
use crate::knowledge::sslmode::SslMode;
use crate::span::Span;
use crate::syntax::pgbouncer::{self as syntax, Entry, Item};

/// The parameter pgjdbc (and tools built on it) sends at every connection.
const JDBC_STARTUP_PARAMETER: &str = "extra_float_digits";

/// The `max_prepared_statements` the fix sets: PgBouncer 1.24's default.
const PREPARED_STATEMENTS_FIX: &str = "200";

/// True when every address in `listen_addr` is a loopback one (or none is, and PgBouncer
/// listens on its Unix socket only).
pub(super) fn listens_on_loopback_only(context: &Context) -> bool {
    let addresses = context.effective("listen_addr").unwrap_or("");
    addresses
        .split(',')
        .map(str::trim)
        .filter(|address| !address.is_empty())
        .all(|address| address == "localhost" || address == "::1" || address.starts_with("127."))
}

fn is_set(context: &Context, name: &str) -> bool {
    context.effective(name).is_some_and(|value| !value.trim().is_empty())
}

fn mode_of(context: &Context, name: &str) -> Option<SslMode> {
    SslMode::from_name(&context.effective(name)?.to_ascii_lowercase())
}

/// Verifying servers without `server_tls_ca_file` checks them against the system's CA
/// bundle, which managed databases' private CAs are not in.
pub(super) fn server_tls_ca_file(context: &Context, findings: &mut Vec<Finding>) {
    let Some(entry) = context.main_entry("server_tls_sslmode") else {
        return;
    };
    let verifies =
        mode_of(context, "server_tls_sslmode").is_some_and(SslMode::verifies_certificate);
    if !verifies || is_set(context, "server_tls_ca_file") {
        return;
    }
    findings.push(Finding::new(
        &SERVER_TLS_CA_FILE,
        Severity::Information,
        entry.value,
        "Without `server_tls_ca_file` PgBouncer checks the server's certificate against the \
        system's CA bundle; managed databases (RDS, Cloud SQL) and self-signed servers use \
        their own CA, and every connection fails. Set `server_tls_ca_file` to that CA's bundle.",
    ));
}

/// Clients that reach PgBouncer over the network without TLS send passwords and data in
/// plain text.
pub(super) fn client_tls_disabled(context: &Context, findings: &mut Vec<Finding>) {
    if listens_on_loopback_only(context) {
        return;
    }
    if mode_of(context, "client_tls_sslmode").is_some_and(|mode| mode != SslMode::Disable) {
        return;
    }
    let span = context
        .main_entry("client_tls_sslmode")
        .or_else(|| context.main_entry("listen_addr"))
        .map(|entry| entry.value);
    let Some(span) = span else {
        return;
    };
    findings.push(Finding::new(
        &CLIENT_TLS_DISABLED,
        Severity::Warning,
        span,
        "PgBouncer listens beyond loopback but accepts no TLS from clients, so their passwords \
        and query results cross the network in plain text; set `client_tls_sslmode = require` \
        with `client_tls_key_file` and `client_tls_cert_file`.",
    ));
}

/// The pool mode of the `[pgbouncer]` section, lowercased.
fn main_pool_mode(context: &Context) -> String {
    context.effective("pool_mode").unwrap_or("session").to_ascii_lowercase()
}

/// `server_reset_query` runs only when a session ends, which transaction and statement
/// pooling never report to the server.
pub(super) fn reset_query_ignored(context: &Context, findings: &mut Vec<Finding>) {
    let Some(entry) = context.main_entry("server_reset_query") else {
        return;
    };
    let mode = main_pool_mode(context);
    let always = context.number("server_reset_query_always").is_some_and(|value| value != 0.0);
    if mode == "session" || always || entry.value.is_empty() {
        return;
    }
    findings.push(
        Finding::new(
            &RESET_QUERY_IGNORED,
            Severity::Hint,
            entry.value,
            format!(
                "With `pool_mode = {mode}` PgBouncer never runs `server_reset_query` (it runs \
                only when a client's session ends); remove it, or set \
                `server_reset_query_always = 1` if session state must be reset."
            ),
        )
        .with_tag(Tag::Unnecessary),
    );
}

/// The spans of every `pool_mode = transaction`: the setting's and the entries'.
fn transaction_pool_modes(context: &Context) -> Vec<Span> {
    let mut spans: Vec<Span> = context
        .main_entry("pool_mode")
        .filter(|entry| entry.value.of(context.text).eq_ignore_ascii_case("transaction"))
        .map(|entry| entry.value)
        .into_iter()
        .collect();

    for section in ["databases", "users"] {
        for entry in context.file.entries_in(section) {
            let pairs = syntax::parse_pairs(context.text, entry.value);
            if let Some(pair) = pairs.get(context.text, "pool_mode") {
                if pair.value_text.eq_ignore_ascii_case("transaction") {
                    spans.push(pair.value);
                }
            }
        }
    }
    spans
}

/// Protocol-level prepared statements break under transaction pooling unless PgBouncer
/// tracks them (1.21 on, with `max_prepared_statements` above 0).
pub(super) fn prepared_statements(context: &Context, findings: &mut Vec<Finding>) {
    let spans = transaction_pool_modes(context);
    if spans.is_empty() {
        return;
    }
    let has_setting = context.catalog.setting("max_prepared_statements").is_some();
    if has_setting && context.number("max_prepared_statements").is_none_or(|value| value > 0.0) {
        return;
    }

    for span in spans {
        let finding = if has_setting {
            let finding = Finding::new(
                &PREPARED_STATEMENTS,
                Severity::Warning,
                span,
                "Transaction pooling with `max_prepared_statements = 0`: a client's next \
                transaction may run on another server connection, where its prepared \
                statements do not exist (\"prepared statement does not exist\"). Set \
                `max_prepared_statements` so that PgBouncer tracks them.",
            );
            match context.set_main("max_prepared_statements", PREPARED_STATEMENTS_FIX) {
                Some(edit) => finding.with_fix(Fix::new(
                    format!("Set max_prepared_statements = {PREPARED_STATEMENTS_FIX}"),
                    vec![edit],
                )),
                None => finding,
            }
        } else {
            Finding::new(
                &PREPARED_STATEMENTS,
                Severity::Warning,
                span,
                format!(
                    "PgBouncer {} cannot keep prepared statements across transaction pooling \
                    (tracking arrived in 1.21): a client's next transaction may run on another \
                    server connection without them. Turn off server-side prepares in the \
                    clients, or upgrade.",
                    context.catalog.release_name()
                ),
            )
        };
        findings.push(finding);
    }
}

/// JDBC drivers send `extra_float_digits`, which PgBouncer refuses unless told to ignore it.
pub(super) fn startup_parameters(context: &Context, findings: &mut Vec<Finding>) {
    let entry = context.main_entry("ignore_startup_parameters");
    let listed = entry.is_some_and(|entry| {
        entry
            .value
            .of(context.text)
            .split(',')
            .any(|name| name.trim().eq_ignore_ascii_case(JDBC_STARTUP_PARAMETER))
    });
    if listed || !context.has_servers() || context.set_elsewhere("ignore_startup_parameters") {
        return;
    }
    let (span, edit) = match entry {
        Some(entry) if !entry.value.is_empty() => (
            entry.value,
            Edit { span: Span::empty(entry.value.end), new_text: ", extra_float_digits".into() },
        ),
        _ => {
            let Some(edit) = context.set_main("ignore_startup_parameters", JDBC_STARTUP_PARAMETER)
            else {
                return;
            };
            let Some(span) = entry.map(|entry| entry.key).or_else(|| context.main_header()) else {
                return;
            };
            (span, edit)
        }
    };
    findings.push(
        Finding::new(
            &STARTUP_PARAMETERS,
            Severity::Information,
            span,
            "JDBC drivers and many GUI tools send `extra_float_digits` when they connect, and \
            PgBouncer rejects them (\"unsupported startup parameter\") unless \
            `ignore_startup_parameters` lists it; add it if such clients use this pooler.",
        )
        .with_fix(Fix::new("Ignore extra_float_digits", vec![edit])),
    );
}

/// Without `admin_users` no database user can run the admin console's commands.
pub(super) fn admin_users(context: &Context, findings: &mut Vec<Finding>) {
    if is_set(context, "admin_users") {
        return;
    }
    let span = context.main_entry("admin_users").map(|entry| entry.key).or_else(|| {
        context.main_header().filter(|_| context.file.entries_in(MAIN).next().is_some())
    });
    let Some(span) = span else {
        return;
    };
    findings.push(Finding::new(
        &ADMIN_USERS,
        Severity::Information,
        span,
        "`admin_users` is empty, so no database user may run `RELOAD`, `PAUSE` or `SHOW POOLS` \
        on the admin console (only the OS user PgBouncer runs as, over its Unix socket); name \
        the operators who need it.",
    ));
}

/// A key set twice in a section: PgBouncer keeps the later one, so the earlier is dead.
pub(super) fn duplicate_keys(context: &Context, findings: &mut Vec<Finding>) {
    let entries: Vec<&Entry> = context.file.entries().collect();

    for (at, entry) in entries.iter().enumerate() {
        let Some(section) = entry.section.as_deref() else {
            continue;
        };
        let later = entries[at + 1..]
            .iter()
            .find(|later| later.section.as_deref() == Some(section) && later.name == entry.name);
        let Some(later) = later else {
            continue;
        };
        let what = if section == MAIN { "setting" } else { "entry" };
        let mut finding = Finding::new(
            &DUPLICATE_KEY,
            Severity::Hint,
            entry.key,
            format!(
                "This {what} `{}` is set again further down in `[{section}]`, and PgBouncer \
                keeps the later one; remove this line.",
                entry.name
            ),
        )
        .with_tag(Tag::Unnecessary)
        .with_related(later.key, "the line PgBouncer uses");
        if let Some(line) = whole_line(context.text, entry.span) {
            finding = finding.with_fix(Fix::replace("Remove the earlier line", line, ""));
        }
        findings.push(finding);
    }
}

/// A `[pgbouncer]` setting of this file that a file included further down sets again:
/// PgBouncer reads the include later and keeps its value, so this line is dead.
pub(super) fn overridden_by_include(context: &Context, findings: &mut Vec<Finding>) {
    let entries: Vec<&Entry> = context.file.entries_in(MAIN).collect();

    for (at, entry) in entries.iter().enumerate() {
        let Some(winner) = context.merged.winner(&entry.name) else {
            continue;
        };
        let set_again_here = entries[at + 1..].iter().any(|later| later.name == entry.name);
        if winner.source == context.source || set_again_here {
            continue;
        }
        let source = &context.tree.sources[winner.source];
        let line = context
            .merged
            .entry(context.tree, winner)
            .map_or(1, |later| super::includes::line_number(&source.text, later.key.start));
        let mut finding = Finding::new(
            &DUPLICATE_KEY,
            Severity::Hint,
            entry.key,
            format!(
                "`{}` is set again in `{}` line {line}, which an `%include` below brings in, \
                and PgBouncer keeps that value; remove this line or the other.",
                entry.name, source.shown
            ),
        )
        .with_tag(Tag::Unnecessary);
        if let Some(via) = source.via {
            finding = finding.with_related(via, "the include that sets it again");
        }
        findings.push(finding);
    }
}

/// A second `[pgbouncer]` header (here or in an included file) first resets every setting
/// to its default, so whatever the section set before it is silently lost.
pub(super) fn settings_reset(context: &Context, findings: &mut Vec<Finding>) {
    for reset in &context.merged.resets {
        let source = &context.tree.sources[reset.header.source];
        let Some(Item::Section(header)) = source.file.items.get(reset.header.item) else {
            continue;
        };
        let (span, lead) = match source.via {
            None => (header.span, "This".to_string()),
            Some(via) => (
                via,
                format!(
                    "In `{}` line {}: this",
                    source.shown,
                    super::includes::line_number(&source.text, header.span.start)
                ),
            ),
        };
        let mut names: Vec<String> =
            reset.names.iter().take(4).map(|name| format!("`{name}`")).collect();
        if reset.names.len() > 4 {
            names.push(format!("{} more", reset.names.len() - 4));
        }
        findings.push(Finding::new(
            &SETTINGS_RESET,
            Severity::Warning,
            span,
            format!(
                "{lead} second `[pgbouncer]` header makes PgBouncer reset every setting to \
                its default first, so what was set above it ({}) is lost; keep a single \
                `[pgbouncer]` section.",
                names.join(", ")
            ),
        ));
    }
}

/// The line holding `span`, with its line end, when nothing else shares the line.
fn whole_line(text: &str, span: Span) -> Option<Span> {
    let start = text[..span.start].rfind('\n').map_or(0, |at| at + 1);
    let end = text[span.end..].find('\n').map_or(text.len(), |at| span.end + at + 1);
    let before = &text[start..span.start];
    let after = &text[span.end..end];
    let blank = |part: &str| part.chars().all(char::is_whitespace);
    (blank(before) && blank(after)).then(|| Span::new(start, end))
}

/// `auth_query` runs as `auth_user`, whose password PgBouncer takes from `auth_file`.
pub(super) fn auth_query_credentials(context: &Context, findings: &mut Vec<Finding>) {
    let query = context.main_entry("auth_query");
    let main_user = context.main_entry("auth_user").filter(|entry| !entry.value.is_empty());
    let entry_users: Vec<(String, Span)> = context
        .file
        .entries_in("databases")
        .filter_map(|entry| {
            let pairs = syntax::parse_pairs(context.text, entry.value);
            let pair = pairs.get(context.text, "auth_user")?;
            Some((pair.value_text.clone(), pair.value))
        })
        .collect();
    let any_user = main_user.is_some() || !entry_users.is_empty();

    if let Some(query) = query.filter(|_| !any_user) {
        findings.push(Finding::new(
            &AUTH_QUERY_CREDENTIALS,
            Severity::Warning,
            query.value,
            "`auth_query` runs only as `auth_user`, which is set neither here nor in any \
            `[databases]` entry, so PgBouncer never looks a user up; set `auth_user` to a \
            dedicated lookup role.",
        ));
        return;
    }

    // Whether `auth_file` holds `auth_user`'s secret is checked where the file can be
    // read (`named_files`); here only that it is set.
    if !any_user || is_set(context, "auth_file") {
        return;
    }
    let user = main_user
        .map(|entry| entry.value.of(context.text).to_string())
        .or_else(|| entry_users.first().map(|(name, _)| name.clone()))
        .unwrap_or_default();
    let span = query
        .map(|entry| entry.value)
        .or(main_user.map(|entry| entry.value))
        .or_else(|| entry_users.first().map(|(_, span)| *span));
    let Some(span) = span else {
        return;
    };
    findings.push(Finding::new(
        &AUTH_QUERY_CREDENTIALS,
        Severity::Warning,
        span,
        format!(
            "PgBouncer logs in as `auth_user` (`{user}`) to look users up, with the password \
            it finds for that user in `auth_file`, and `auth_file` is not set; add an \
            `auth_file` that holds only the lookup role's secret."
        ),
    ));
}
