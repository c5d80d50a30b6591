//! Rules for `pgbouncer.ini`: what PgBouncer refuses to load, and settings that load but
//! break production (keepalives, idle timeouts behind NAT, unverified TLS, weak auth,
//! passwords in the file).
//!
//! Severities of the load errors match PgBouncer 1.18 as Debian ships it: it refuses to
//! start on an unknown section, an unknown setting, an unknown entry key, a bad value and a
//! syntax error alike (see the notes in [`crate::knowledge::pgbouncer`]), so each is an error.
//!
//! Rules about server connections (idle timeout, TLS to the server) speak about PgBouncer's
//! defaults only when the file defines a server to connect to (a `[databases]` entry or an
//! `%include` that may hold one): a file without databases opens no server connection.

use crate::finding::{Edit, Finding, Fix, Rule, Severity};
use crate::knowledge::pgbouncer::{self as catalog, Catalog};
use crate::knowledge::sslmode::SslMode;
use crate::settings::Settings;
use crate::span::Span;
use crate::syntax::pgbouncer::{Entry, IniFile, Item};

mod auth_hba;
mod deployment;
mod entries;
mod fragment;
mod includes;
mod merged;
mod named_files;
mod startup;
mod tls_pairs;
mod values;

pub(crate) use includes::{expand, resolve, Tree};
use merged::Merged;
pub(crate) use named_files::FILE_SETTINGS;

pub static SYNTAX: Rule =
    Rule { name: "pgb-syntax", url: "https://www.pgbouncer.org/config.html#description" };
pub static MISSING_MAIN_SECTION: Rule = Rule {
    name: "pgb-missing-main-section",
    url: "https://www.pgbouncer.org/config.html#generic-settings",
};
pub static UNKNOWN_SECTION: Rule =
    Rule { name: "pgb-unknown-section", url: "https://www.pgbouncer.org/config.html" };
pub static UNKNOWN_SETTING: Rule = Rule {
    name: "pgb-unknown-setting",
    url: "https://www.pgbouncer.org/config.html#generic-settings",
};
pub static INVALID_VALUE: Rule = Rule {
    name: "pgb-invalid-value",
    url: "https://www.pgbouncer.org/config.html#generic-settings",
};
pub static INLINE_COMMENT: Rule =
    Rule { name: "pgb-inline-comment", url: "https://www.pgbouncer.org/config.html#description" };
pub static TCP_KEEPALIVE: Rule =
    Rule { name: "pgb-tcp-keepalive", url: "https://www.pgbouncer.org/config.html#tcp_keepalive" };
pub static SERVER_IDLE_TIMEOUT: Rule = Rule {
    name: "pgb-server-idle-timeout",
    url: "https://www.pgbouncer.org/config.html#server_idle_timeout",
};
pub static CLIENT_IDLE_TIMEOUT: Rule = Rule {
    name: "pgb-client-idle-timeout",
    url: "https://www.pgbouncer.org/config.html#client_idle_timeout",
};
pub static SERVER_TLS_SSLMODE: Rule = Rule {
    name: "pgb-server-tls-sslmode",
    url: "https://www.pgbouncer.org/config.html#server_tls_sslmode",
};
pub static CLIENT_TLS_CLIENT_CERT: Rule = Rule {
    name: "pgb-client-tls-client-cert",
    url: "https://www.pgbouncer.org/config.html#client_tls_sslmode",
};
pub static AUTH_TRUST: Rule =
    Rule { name: "pgb-auth-trust", url: "https://www.pgbouncer.org/config.html#auth_type" };
pub static AUTH_PLAIN: Rule =
    Rule { name: "pgb-auth-plain", url: "https://www.pgbouncer.org/config.html#auth_type" };
pub static ENTRY_SYNTAX: Rule = Rule {
    name: "pgb-entry-syntax",
    url: "https://www.pgbouncer.org/config.html#section-databases",
};
pub static ENTRY_UNKNOWN_KEY: Rule = Rule {
    name: "pgb-entry-unknown-key",
    url: "https://www.pgbouncer.org/config.html#section-databases",
};
pub static DB_PASSWORD: Rule =
    Rule { name: "pgb-db-password", url: "https://www.pgbouncer.org/config.html#password" };
pub static DB_PORT: Rule =
    Rule { name: "pgb-db-port", url: "https://www.pgbouncer.org/config.html#port" };
pub static DB_RESERVED_NAME: Rule = Rule {
    name: "pgb-db-reserved-name",
    url: "https://www.pgbouncer.org/config.html#section-databases",
};

pub static CLIENT_TLS_SETUP: Rule = Rule {
    name: "pgb-client-tls-setup",
    url: "https://www.pgbouncer.org/config.html#client_tls_sslmode",
};
pub static AUTH_HBA_FILE: Rule =
    Rule { name: "pgb-auth-hba-file", url: "https://www.pgbouncer.org/config.html#auth_hba_file" };
pub static SERVER_TLS_CA_FILE: Rule = Rule {
    name: "pgb-server-tls-ca-file",
    url: "https://www.pgbouncer.org/config.html#server_tls_ca_file",
};
pub static CLIENT_TLS_DISABLED: Rule = Rule {
    name: "pgb-client-tls-disabled",
    url: "https://www.pgbouncer.org/config.html#client_tls_sslmode",
};
pub static RESET_QUERY_IGNORED: Rule = Rule {
    name: "pgb-reset-query-ignored",
    url: "https://www.pgbouncer.org/config.html#server_reset_query",
};
pub static PREPARED_STATEMENTS: Rule = Rule {
    name: "pgb-prepared-statements",
    url: "https://www.pgbouncer.org/config.html#max_prepared_statements",
};
pub static STARTUP_PARAMETERS: Rule = Rule {
    name: "pgb-ignore-startup-parameters",
    url: "https://www.pgbouncer.org/config.html#ignore_startup_parameters",
};
pub static ADMIN_USERS: Rule =
    Rule { name: "pgb-admin-users", url: "https://www.pgbouncer.org/config.html#admin_users" };
pub static DUPLICATE_KEY: Rule =
    Rule { name: "pgb-duplicate-key", url: "https://www.pgbouncer.org/config.html#description" };
pub static AUTH_QUERY_CREDENTIALS: Rule = Rule {
    name: "pgb-auth-query-credentials",
    url: "https://www.pgbouncer.org/config.html#auth_query",
};

pub static INCLUDE_MISSING: Rule = Rule {
    name: "pgb-include-missing",
    url: "https://www.pgbouncer.org/config.html#include-directive",
};
pub static INCLUDE_CYCLE: Rule = Rule {
    name: "pgb-include-cycle",
    url: "https://www.pgbouncer.org/config.html#include-directive",
};
pub static FILE_MISSING: Rule =
    Rule { name: "pgb-file-missing", url: "https://www.pgbouncer.org/config.html#auth_file" };
pub static AUTH_USER_SECRET: Rule =
    Rule { name: "pgb-auth-user-secret", url: "https://www.pgbouncer.org/config.html#auth_user" };
pub static SCRAM_PASSTHROUGH: Rule = Rule {
    name: "pgb-scram-passthrough",
    url: "https://www.pgbouncer.org/config.html#authentication-file-format",
};

pub static SETTINGS_RESET: Rule =
    Rule { name: "pgb-settings-reset", url: "https://www.pgbouncer.org/config.html#description" };

pub static TLS_KEY_CERT_SWAPPED: Rule = Rule {
    name: "pgb-tls-key-cert-swapped",
    url: "https://www.pgbouncer.org/config.html#tls-settings",
};

pub static HBA_UNSUPPORTED_TYPE: Rule = Rule {
    name: "pgb-hba-unsupported-type",
    url: "https://www.pgbouncer.org/config.html#hba-file-format",
};
pub static HBA_UNSUPPORTED_NAME: Rule = Rule {
    name: "pgb-hba-unsupported-name",
    url: "https://www.pgbouncer.org/config.html#hba-file-format",
};
pub static HBA_BAD_ADDRESS: Rule = Rule {
    name: "pgb-hba-bad-address",
    url: "https://www.pgbouncer.org/config.html#hba-file-format",
};
pub static HBA_HOST_BITS: Rule = Rule {
    name: "pgb-hba-host-bits",
    url: "https://www.pgbouncer.org/config.html#hba-file-format",
};
pub static HBA_UNSUPPORTED_METHOD: Rule = Rule {
    name: "pgb-hba-unsupported-method",
    url: "https://www.pgbouncer.org/config.html#hba-file-format",
};
pub static HBA_UNSUPPORTED_OPTION: Rule = Rule {
    name: "pgb-hba-unsupported-option",
    url: "https://www.pgbouncer.org/config.html#hba-file-format",
};
pub static HBA_METHOD_MISMATCH: Rule = Rule {
    name: "pgb-hba-method-mismatch",
    url: "https://www.pgbouncer.org/config.html#hba-file-format",
};

pub static RULES: &[&Rule] = &[
    &SYNTAX,
    &MISSING_MAIN_SECTION,
    &UNKNOWN_SECTION,
    &UNKNOWN_SETTING,
    &INVALID_VALUE,
    &INLINE_COMMENT,
    &TCP_KEEPALIVE,
    &SERVER_IDLE_TIMEOUT,
    &CLIENT_IDLE_TIMEOUT,
    &SERVER_TLS_SSLMODE,
    &CLIENT_TLS_CLIENT_CERT,
    &AUTH_TRUST,
    &AUTH_PLAIN,
    &ENTRY_SYNTAX,
    &ENTRY_UNKNOWN_KEY,
    &DB_PASSWORD,
    &DB_PORT,
    &DB_RESERVED_NAME,
    &CLIENT_TLS_SETUP,
    &AUTH_HBA_FILE,
    &SERVER_TLS_CA_FILE,
    &CLIENT_TLS_DISABLED,
    &RESET_QUERY_IGNORED,
    &PREPARED_STATEMENTS,
    &STARTUP_PARAMETERS,
    &ADMIN_USERS,
    &DUPLICATE_KEY,
    &AUTH_QUERY_CREDENTIALS,
    &INCLUDE_MISSING,
    &INCLUDE_CYCLE,
    &FILE_MISSING,
    &AUTH_USER_SECRET,
    &SCRAM_PASSTHROUGH,
    &SETTINGS_RESET,
    &TLS_KEY_CERT_SWAPPED,
    &HBA_UNSUPPORTED_TYPE,
    &HBA_UNSUPPORTED_NAME,
    &HBA_BAD_ADDRESS,
    &HBA_HOST_BITS,
    &HBA_UNSUPPORTED_METHOD,
    &HBA_UNSUPPORTED_OPTION,
    &HBA_METHOD_MISMATCH,
];

/// The section PgBouncer's own settings live in.
const MAIN: &str = "pgbouncer";

/// Linux's `net.ipv4.tcp_keepalive_time`: the idle seconds before the first probe when
/// PgBouncer leaves `tcp_keepidle` to the system.
const LINUX_KEEPALIVE_TIME: f64 = 7200.0;

/// What the keepalive fix writes for each setting it adds or corrects.
const KEEPALIVE_FIX: [(&str, &str); 4] =
    [("tcp_keepalive", "1"), ("tcp_keepcnt", "6"), ("tcp_keepidle", "60"), ("tcp_keepintvl", "10")];

/// The server_idle_timeout the fix sets when the middlebox allows it.
const SERVER_IDLE_TIMEOUT_FIX: u32 = 55;

/// One file of the tree with what every rule needs to look things up. Rules about one
/// file's lines read `text` and `file`; rules about the setup as a whole read the values
/// PgBouncer runs with, which [`Merged`] works out from every file of the tree.
pub(crate) struct Context<'a> {
    pub text: &'a str,
    pub file: &'a IniFile,
    pub catalog: &'static Catalog,
    pub settings: &'a Settings,
    /// Which file of the tree this is (0: the file analysed).
    source: usize,
    tree: &'a Tree,
    merged: &'a Merged,
}

impl<'a> Context<'a> {
    /// The context of file `source` of `tree`.
    fn of(tree: &'a Tree, source: usize, merged: &'a Merged, settings: &'a Settings) -> Self {
        let file = &tree.sources[source];
        Context {
            text: &file.text,
            file: &file.file,
            catalog: catalog::catalog(settings.pgbouncer_version),
            settings,
            source,
            tree,
            merged,
        }
    }

    /// The entry of a `[pgbouncer]` setting that PgBouncer uses (the last one read, unless
    /// a later `[pgbouncer]` header reset it), when it is in this file.
    pub fn main_entry(&self, name: &str) -> Option<&'a Entry> {
        let step = self.merged.winner(name)?;
        (step.source == self.source).then(|| self.merged.entry(self.tree, step)).flatten()
    }

    /// True when the value PgBouncer uses for `name` is set in another file of the tree,
    /// whose own lines are then the place to judge it.
    pub fn set_elsewhere(&self, name: &str) -> bool {
        self.merged.winner(name).is_some_and(|step| step.source != self.source)
    }

    /// The value PgBouncer runs with: the tree's, else the release's default.
    pub fn effective(&self, name: &str) -> Option<&'a str> {
        match self.merged.winner(name) {
            Some(step) => self.merged.value(self.tree, step),
            None => self.catalog.setting(name).and_then(|setting| setting.default),
        }
    }

    /// A numeric setting's effective value; `None` when it does not parse.
    pub fn number(&self, name: &str) -> Option<f64> {
        values::parse_number(self.effective(name)?)
    }

    /// True when PgBouncer may open server connections: some `[databases]` entry in the
    /// tree, or an include we cannot see into.
    pub fn has_servers(&self) -> bool {
        self.merged.has_databases || self.tree.unseen
    }

    /// True when every server PgBouncer connects to is on this machine: each `[databases]`
    /// entry of the tree names a loopback host or a Unix socket (no `host` means the
    /// socket), and no unseen `%include` could add others. TLS to such a server protects
    /// nothing.
    pub fn servers_all_local(&self) -> bool {
        self.merged.has_databases && self.merged.databases_local && !self.tree.unseen
    }

    /// The seconds of idleness after which PgBouncer's first keepalive probe leaves, or
    /// `None` when keepalives are off.
    pub fn keepalive_idle(&self) -> Option<f64> {
        if self.number("tcp_keepalive") == Some(0.0) {
            return None;
        }
        match self.number("tcp_keepidle") {
            Some(idle) if idle > 0.0 => Some(idle),
            _ => Some(LINUX_KEEPALIVE_TIME),
        }
    }

    /// An edit that makes `name = value` true in `[pgbouncer]`: the value replaced in
    /// place, or a new line after the section's last entry.
    pub fn set_main(&self, name: &str, value: &str) -> Option<Edit> {
        if let Some(entry) = self.main_entry(name) {
            return Some(Edit { span: entry.value, new_text: value.to_string() });
        }
        let end = self.file.section_end(MAIN)?;
        Some(Edit { span: Span::empty(end), new_text: format!("\n{name} = {value}") })
    }

    /// Where a finding about an unset `[pgbouncer]` setting points: the section header.
    pub fn main_header(&self) -> Option<Span> {
        self.file.section_header(MAIN).map(|header| header.span)
    }

    fn release(&self) -> String {
        self.catalog.release_name()
    }
}

/// The findings of a text seen alone: an `%include` in it is not followed.
pub fn check(text: &str, settings: &Settings) -> Vec<Finding> {
    analyze(&expand(text, None, None), settings)
}

/// Every finding of the tree rooted at the file analysed: its own, and the errors of the
/// files it includes, on the `%include` line that brings each in.
fn analyze(tree: &Tree, settings: &Settings) -> Vec<Finding> {
    let merged = Merged::new(tree);
    let mut findings = tree.findings.clone();

    for (index, source) in tree.sources.iter().enumerate() {
        let context = Context::of(tree, index, &merged, settings);
        let mut found = Vec::new();
        lines(&context, &mut found);
        if index == 0 {
            findings.extend(found);
            setup(&context, &mut findings);
        } else {
            findings.extend(found.into_iter().filter_map(|finding| moved_here(source, finding)));
        }
    }

    // A file included twice brings its errors to the same line twice: say each once.
    let mut seen = std::collections::HashSet::new();
    findings.retain(|finding| seen.insert((finding.span, finding.message.clone())));
    findings
}

/// The checks of one file's own lines, run on every file of the tree.
fn lines(context: &Context, findings: &mut Vec<Finding>) {
    syntax_errors(context, findings);
    unknown_sections(context, findings);
    unknown_settings(context, findings);
    values::invalid_values(context, findings);
    values::inline_comments(context, findings);
    startup::socket_options(context, findings);
    entries::check_entries(context, findings);
    deployment::duplicate_keys(context, findings);
}

/// The checks of the setup as a whole, reported in the file analysed.
fn setup(context: &Context, findings: &mut Vec<Finding>) {
    missing_main_section(context, findings);
    startup::client_tls_setup(context, findings);
    startup::auth_hba_file(context, findings);
    tcp_keepalive(context, findings);
    server_idle_timeout(context, findings);
    client_idle_timeout(context, findings);
    server_tls_sslmode(context, findings);
    client_tls_client_cert(context, findings);
    auth_type(context, findings);
    deployment::server_tls_ca_file(context, findings);
    deployment::client_tls_disabled(context, findings);
    deployment::reset_query_ignored(context, findings);
    deployment::prepared_statements(context, findings);
    deployment::startup_parameters(context, findings);
    deployment::admin_users(context, findings);
    deployment::overridden_by_include(context, findings);
    deployment::settings_reset(context, findings);
    tls_pairs::by_name(context, findings);
    deployment::auth_query_credentials(context, findings);
}

/// A finding in an included file becomes an error on the `%include` line that brings the
/// file in (only errors: they stop PgBouncer, so they matter to this file too).
fn moved_here(source: &includes::Source, finding: Finding) -> Option<Finding> {
    let via = source.via?;
    if finding.severity != Severity::Error {
        return None;
    }
    let line = includes::line_number(&source.text, finding.span.start);
    let message = format!("In `{}` line {line}: {}", source.shown, finding.message);
    Some(Finding::new(finding.rule, Severity::Error, via, message))
}

fn syntax_errors(context: &Context, findings: &mut Vec<Finding>) {
    for error in &context.file.errors {
        findings.push(Finding::new(&SYNTAX, Severity::Error, error.span, error.message.clone()));
    }

    for entry in context.file.entries() {
        if entry.section.is_none() {
            findings.push(Finding::new(
                &SYNTAX,
                Severity::Error,
                entry.key,
                format!(
                    "`{}` comes before the first section header, and PgBouncer refuses a \
                    setting outside a section; move it under `[pgbouncer]` or the section it \
                    belongs to.",
                    entry.name
                ),
            ));
        }
        if entry.quoted_key && context.catalog.release < (1, 25) {
            findings.push(Finding::new(
                &SYNTAX,
                Severity::Error,
                entry.key,
                format!(
                    "PgBouncer {} refuses quoted keys (they arrived in 1.25); use a name of \
                    letters, digits and `_.-*` here.",
                    context.release()
                ),
            ));
        }
    }
}

fn missing_main_section(context: &Context, findings: &mut Vec<Finding>) {
    let file = &context.file;
    // An empty file too: PgBouncer refuses to start on one.
    if context.merged.has_main || context.tree.unseen {
        return;
    }
    let span = file
        .items
        .iter()
        .find_map(|item| match item {
            Item::Section(header) => Some(header.span),
            Item::Entry(entry) => Some(entry.key),
            _ => None,
        })
        .unwrap_or_default();
    let end = context.text.len();
    let separator = if context.text.ends_with('\n') || end == 0 { "" } else { "\n" };
    findings.push(
        Finding::new(
            &MISSING_MAIN_SECTION,
            Severity::Error,
            span,
            "This file has no `[pgbouncer]` section, and PgBouncer refuses to start without \
            one; add it, even if empty.",
        )
        .with_fix(Fix::replace(
            "Add an empty [pgbouncer] section",
            Span::empty(end),
            format!("{separator}[pgbouncer]\n"),
        )),
    );
}

fn unknown_sections(context: &Context, findings: &mut Vec<Finding>) {
    for header in context.file.sections() {
        let name = header.name_text.as_str();
        if context.catalog.has_section(name) {
            continue;
        }
        let newer = catalog::releases()
            .iter()
            .find(|later| later.release > context.catalog.release && later.has_section(name));
        let message = match newer {
            Some(later) => format!(
                "PgBouncer {} knows no `[{name}]` section (it arrived in {}) and refuses to \
                start; set the target release if you run a newer PgBouncer.",
                context.release(),
                later.release_name()
            ),
            None => format!(
                "PgBouncer knows no `[{name}]` section and refuses to start; the sections are \
                {}.",
                context
                    .catalog
                    .sections
                    .iter()
                    .map(|s| format!("[{s}]"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        };
        let mut finding = Finding::new(&UNKNOWN_SECTION, Severity::Error, header.name, message);
        let suggestion = crate::suggest::closest(name, context.catalog.sections.iter().copied());
        if let Some(suggestion) = suggestion.filter(|_| newer.is_none()) {
            finding = finding.with_fix(Fix::replace(
                format!("Change to [{suggestion}]"),
                header.name,
                suggestion,
            ));
        }
        findings.push(finding);
    }
}

fn unknown_settings(context: &Context, findings: &mut Vec<Finding>) {
    for entry in context.file.entries_in(MAIN) {
        let name = entry.name.as_str();
        if context.catalog.setting(name).is_some() {
            continue;
        }
        let names = context.catalog.settings.iter().map(|setting| setting.name);
        let added = catalog::setting_added_in(context.catalog, name);
        let suggestion = crate::suggest::closest(name, names).filter(|_| added.is_none());
        let message = if let Some(added) = added {
            format!(
                "`{name}` arrived in PgBouncer {}.{}; {} refuses to start on it. Remove it or \
                set the target release to the one you run.",
                added.0,
                added.1,
                context.release()
            )
        } else if let Some(last) = catalog::setting_removed_after(context.catalog, name) {
            format!(
                "PgBouncer {} no longer knows `{name}` (the last release with it was {}.{}) \
                and refuses to start; remove it.",
                context.release(),
                last.0,
                last.1
            )
        } else if let Some(suggestion) = suggestion {
            format!(
                "PgBouncer knows no setting `{name}` and refuses to start; did you mean \
                `{suggestion}`?"
            )
        } else {
            format!("PgBouncer knows no setting `{name}` and refuses to start; remove it.")
        };
        let mut finding = Finding::new(&UNKNOWN_SETTING, Severity::Error, entry.key, message);
        if let Some(suggestion) = suggestion {
            finding = finding.with_fix(Fix::replace(
                format!("Change to {suggestion}"),
                entry.key,
                suggestion,
            ));
        }
        findings.push(finding);
    }
}

fn tcp_keepalive(context: &Context, findings: &mut Vec<Finding>) {
    let Some(header) = context.main_header() else {
        return;
    };
    let keepalive_entry = context.main_entry("tcp_keepalive");
    let disabled = context.number("tcp_keepalive") == Some(0.0);
    let missing: Vec<&str> = ["tcp_keepidle", "tcp_keepintvl", "tcp_keepcnt"]
        .into_iter()
        .filter(|name| !context.number(name).is_some_and(|value| value > 0.0))
        .collect();
    if !disabled && missing.is_empty() {
        return;
    }
    // An included file that sets some of them is where they are judged.
    if KEEPALIVE_FIX.iter().any(|(name, _)| context.set_elsewhere(name)) {
        return;
    }

    let middlebox = context.settings.middlebox_idle_timeout;
    let (span, message) = match keepalive_entry {
        Some(entry) if disabled => (
            entry.value,
            format!(
                "TCP keepalives are off, so a connection that a NAT gateway, load balancer or \
                firewall dropped after {middlebox} s of silence looks alive to PgBouncer \
                until it is used and fails; turn them on with short timings."
            ),
        ),
        _ if missing.contains(&"tcp_keepidle") => (
            header,
            format!(
                "{} left to the system, so PgBouncer's first keepalive probe waits two hours \
                (Linux's default), far past the {middlebox} s after which a NAT gateway or \
                load balancer drops an idle connection; set explicit keepalive timings.",
                list_names(&missing)
            ),
        ),
        _ => (
            header,
            format!(
                "{} left to the system, so once probes start Linux spaces them 75 s apart and \
                gives up only after 9, taking over 11 minutes to notice a dead peer; set \
                explicit keepalive timings.",
                list_names(&missing)
            ),
        ),
    };

    let mut edits: Vec<Edit> = Vec::new();
    let mut appended = String::new();
    for (name, value) in KEEPALIVE_FIX {
        let entry = context.main_entry(name);
        let fine = match name {
            "tcp_keepalive" => entry.is_some() && !disabled,
            _ => context.number(name).is_some_and(|current| current > 0.0) && entry.is_some(),
        };
        if fine {
            continue;
        }
        match entry {
            Some(entry) => edits.push(Edit { span: entry.value, new_text: value.to_string() }),
            None => appended.push_str(&format!("\n{name} = {value}")),
        }
    }
    if let Some(end) = context.file.section_end(MAIN) {
        if !appended.is_empty() {
            add_insertion(&mut edits, end, appended);
        }
    }

    findings.push(
        Finding::new(&TCP_KEEPALIVE, Severity::Hint, span, message)
            .with_fix(Fix::new("Turn on TCP keepalives with short timings", edits)),
    );
}

/// Adds an insertion at `offset`, merged into a replacement that ends there so that no two
/// edits touch.
fn add_insertion(edits: &mut Vec<Edit>, offset: usize, text: String) {
    if let Some(edit) = edits.iter_mut().find(|edit| edit.span.end == offset) {
        edit.new_text.push_str(&text);
    } else {
        edits.push(Edit { span: Span::empty(offset), new_text: text });
    }
}

fn list_names(names: &[&str]) -> String {
    let quoted: Vec<String> = names.iter().map(|name| format!("`{name}`")).collect();
    match quoted.len() {
        0 => String::new(),
        1 => format!("{} is", quoted[0]),
        _ => {
            let (last, rest) = quoted.split_last().unwrap_or((&quoted[0], &[]));
            format!("{} and {last} are", rest.join(", "))
        }
    }
}

/// True when keepalives reach the middlebox before it gives up on a silent connection.
fn keepalives_beat_middlebox(context: &Context) -> bool {
    let middlebox = f64::from(context.settings.middlebox_idle_timeout);
    context.keepalive_idle().is_some_and(|idle| idle < middlebox)
}

fn server_idle_timeout(context: &Context, findings: &mut Vec<Finding>) {
    let entry = context.main_entry("server_idle_timeout");
    if entry.is_none() && (!context.has_servers() || context.set_elsewhere("server_idle_timeout")) {
        return;
    }
    let middlebox = context.settings.middlebox_idle_timeout;
    let Some(timeout) = context.number("server_idle_timeout") else {
        return;
    };
    let closes_in_time = timeout > 0.0 && timeout < f64::from(middlebox);
    if closes_in_time || keepalives_beat_middlebox(context) {
        return;
    }
    let Some(span) = entry.map(|entry| entry.value).or_else(|| context.main_header()) else {
        return;
    };

    let how_long = if timeout == 0.0 {
        "never closes idle server connections".to_string()
    } else if entry.is_some() {
        format!("keeps idle server connections for {} s", values::format_number(timeout))
    } else {
        format!("keeps idle server connections for {} s by default", values::format_number(timeout))
    };
    let message = format!(
        "PgBouncer {how_long}, and no keepalive probe leaves within {middlebox} s, so a NAT \
        gateway or load balancer may silently drop pooled connections and the next client \
        gets a dead one; close them sooner or send keepalives sooner."
    );
    let target = if SERVER_IDLE_TIMEOUT_FIX < middlebox {
        SERVER_IDLE_TIMEOUT_FIX
    } else {
        (middlebox / 2).max(1)
    };
    let mut finding = Finding::new(&SERVER_IDLE_TIMEOUT, Severity::Warning, span, message);
    if let Some(edit) = context.set_main("server_idle_timeout", &target.to_string()) {
        finding =
            finding.with_fix(Fix::new(format!("Set server_idle_timeout = {target}"), vec![edit]));
    }
    findings.push(finding);
}

fn client_idle_timeout(context: &Context, findings: &mut Vec<Finding>) {
    let Some(entry) = context.main_entry("client_idle_timeout") else {
        return;
    };
    let middlebox = context.settings.middlebox_idle_timeout;
    let Some(timeout) = values::parse_number(entry.value.of(context.text)) else {
        return;
    };
    if timeout == 0.0 || timeout < f64::from(middlebox) || keepalives_beat_middlebox(context) {
        return;
    }
    findings.push(Finding::new(
        &CLIENT_IDLE_TIMEOUT,
        Severity::Warning,
        entry.value,
        format!(
            "Idle clients are closed only after {} s, but a NAT gateway or load balancer in \
            front of PgBouncer drops them silently after {middlebox} s, so this timeout never \
            gets to act; set it below {middlebox} s or turn on short keepalives.",
            values::format_number(timeout)
        ),
    ));
}

fn server_tls_sslmode(context: &Context, findings: &mut Vec<Finding>) {
    let entry = context.main_entry("server_tls_sslmode");
    let unset_here =
        entry.is_none() && (!context.has_servers() || context.set_elsewhere("server_tls_sslmode"));
    if unset_here || context.servers_all_local() {
        return;
    }
    let Some(value) = context.effective("server_tls_sslmode") else {
        return;
    };
    let Some(mode) = SslMode::from_name(&value.to_ascii_lowercase()) else {
        return;
    };
    if mode == SslMode::VerifyFull {
        return;
    }

    let risk = match mode {
        SslMode::Disable => "so passwords and query results cross the network in plain text",
        SslMode::Allow | SslMode::Prefer => {
            "so anyone on the path can strip TLS and read or change the traffic"
        }
        SslMode::Require => {
            "but accepts any certificate, so an impostor between PgBouncer and PostgreSQL \
            can read everything"
        }
        _ => {
            "and checks the CA but not the host name, so any server holding a certificate from \
            that CA can pose as this one"
        }
    };
    let (span, severity, message) = match entry {
        Some(entry) => {
            let severity = match mode {
                SslMode::VerifyCa => Severity::Information,
                _ => Severity::Warning,
            };
            let message = format!(
                "`server_tls_sslmode = {}` {}: PgBouncer connects to PostgreSQL this way, \
                {risk}. Use `verify-full` (with `server_tls_ca_file` for a private CA).",
                mode.name(),
                short_behaviour(mode)
            );
            (entry.value, severity, message)
        }
        None => {
            let Some(header) = context.main_header() else {
                return;
            };
            let message = format!(
                "`server_tls_sslmode` is not set, so PgBouncer {} connects to PostgreSQL with \
                `{}`, {risk}. Set `server_tls_sslmode = verify-full`.",
                context.release(),
                mode.name()
            );
            let severity = match mode {
                SslMode::VerifyCa => Severity::Information,
                _ => Severity::Warning,
            };
            (header, severity, message)
        }
    };
    let mut finding = Finding::new(&SERVER_TLS_SSLMODE, severity, span, message);
    if let Some(edit) = context.set_main("server_tls_sslmode", "verify-full") {
        finding =
            finding.with_fix(Fix::new("Verify the server's certificate and host name", vec![edit]));
    }
    findings.push(finding);
}

/// A few words on a mode, to lead the message.
fn short_behaviour(mode: SslMode) -> &'static str {
    match mode {
        SslMode::Disable => "turns TLS off",
        SslMode::Allow => "uses TLS only when the server insists",
        SslMode::Prefer => "falls back to plain text whenever TLS is not offered",
        SslMode::Require => "encrypts",
        SslMode::VerifyCa => "verifies the certificate's CA",
        SslMode::VerifyFull => "verifies the certificate and host name",
    }
}

fn client_tls_client_cert(context: &Context, findings: &mut Vec<Finding>) {
    let Some(entry) = context.main_entry("client_tls_sslmode") else {
        return;
    };
    let mode = SslMode::from_name(&entry.value.of(context.text).to_ascii_lowercase());
    if !mode.is_some_and(SslMode::verifies_certificate) {
        return;
    }
    findings.push(
        Finding::new(
            &CLIENT_TLS_CLIENT_CERT,
            Severity::Information,
            entry.value,
            "On the client side this mode makes PgBouncer demand a certificate signed by \
            `client_tls_ca_file` from every client; if you only want clients to use TLS and \
            check PgBouncer's certificate, `require` is enough (clients then use verify-full).",
        )
        .with_fix(Fix::replace(
            "Accept clients without a certificate (require)",
            entry.value,
            "require",
        )),
    );
}

fn auth_type(context: &Context, findings: &mut Vec<Finding>) {
    let Some(entry) = context.main_entry("auth_type") else {
        return;
    };
    let value = entry.value.of(context.text).to_ascii_lowercase();
    let local = deployment::listens_on_loopback_only(context);
    let reach = if local { "" } else { " from anywhere `listen_addr` reaches" };
    let (rule, message) = match value.as_str() {
        "trust" => (
            &AUTH_TRUST,
            format!(
                "`auth_type = trust` lets any client{reach} log in as any user listed in \
                `auth_file` without a password; use `scram-sha-256`."
            ),
        ),
        "any" => (
            &AUTH_TRUST,
            format!(
                "`auth_type = any` lets any client{reach} in without a password and under any \
                user name; use `scram-sha-256`."
            ),
        ),
        "plain" => (
            &AUTH_PLAIN,
            "`auth_type = plain` has clients send their passwords in clear text, readable by \
            anyone on the path unless TLS is enforced; use `scram-sha-256`."
                .to_string(),
        ),
        _ => return,
    };
    // Trust beyond loopback is an open door; on loopback only local processes get in.
    let severity = if rule == &AUTH_TRUST && !local { Severity::Error } else { Severity::Warning };
    findings.push(Finding::new(rule, severity, entry.value, message).with_fix(Fix::replace(
        "Use scram-sha-256",
        entry.value,
        "scram-sha-256",
    )));
}

#[cfg(test)]
mod differential;
#[cfg(test)]
mod differential_hba;
#[cfg(test)]
mod tests;
#[cfg(test)]
mod tests_auth_hba;
#[cfg(test)]
mod tests_with_files;

/// The passwords in `[databases]` entries, which no output may show. When an entry does
/// not parse, everything after its `password=` counts as secret, since PgBouncer's own
/// reading of it is unknown.
pub fn secret_spans(text: &str) -> Vec<Span> {
    let file = crate::syntax::pgbouncer::parse(text);
    let mut secrets = Vec::new();

    for entry in file.entries_in("databases") {
        let pairs = crate::syntax::pgbouncer::parse_pairs(text, entry.value);
        secrets.extend(
            pairs
                .pairs
                .iter()
                .filter(|pair| pair.key.of(text) == "password")
                .map(|pair| pair.value),
        );

        let value = entry.value.of(text);
        if !pairs.errors.is_empty() {
            if let Some(at) = value.find("password=") {
                let start = entry.value.start + at + "password=".len();
                secrets.push(Span::new(start, entry.value.end));
            }
        }
    }
    secrets
}

/// The findings of a file that the `pgbouncer.ini` beside it names as its `auth_hba_file`
/// (with `auth_type = hba`), read as PgBouncer reads it, since PostgreSQL does not read it;
/// `None` when no `pgbouncer.ini` beside it names it.
pub fn check_as_auth_hba_file(
    path: &std::path::Path,
    text: &str,
    settings: &Settings,
    files: &dyn crate::files::Files,
) -> Option<Vec<Finding>> {
    named_files::as_auth_hba_file(path, text, settings, files)
}

/// Every finding of the file at `path`, judged with the files around it: the files it
/// includes, and those its settings name (`auth_file`, `auth_hba_file`, certificates).
/// This replaces [`check`] for a file whose path is known.
pub fn check_with_files(
    path: &std::path::Path,
    text: &str,
    settings: &Settings,
    files: &dyn crate::files::Files,
) -> Vec<Finding> {
    // A fragment a pgbouncer.ini beside it includes is read inside that file's section.
    let including = fragment::including_neighbour(path, files);
    if let Some(config) = &including {
        if let Some(findings) = check_as_fragment(config, path, text, settings, files) {
            return findings;
        }
    }

    let tree = expand(text, Some(path), Some(files));
    let mut findings = analyze(&tree, settings);
    if including.is_some() {
        // Judged alone after all: at least the rules about a whole file stay silent.
        let sectionless: Vec<Span> = crate::syntax::pgbouncer::parse(text)
            .entries()
            .filter(|entry| entry.section.is_none())
            .map(|entry| entry.key)
            .collect();
        findings.retain(|finding| {
            let whole_file = finding.rule.name == MISSING_MAIN_SECTION.name;
            let before_sections =
                finding.rule.name == SYNTAX.name && sectionless.contains(&finding.span);
            !whole_file && !before_sections
        });
    }
    let merged = Merged::new(&tree);
    let context = Context::of(&tree, 0, &merged, settings);
    named_files::check(&context, path, files, &mut findings);
    findings
}

/// The findings of the fragment at `path`, judged where the tree of `config` reads it: its
/// own lines, in the section the `%include` leaves open, with the settings of the whole
/// tree. `None` when that tree does not reach the fragment, or reads another text of it
/// than `text` (the file changed since it was saved), so that it is judged alone instead.
fn check_as_fragment(
    config: &std::path::Path,
    path: &std::path::Path,
    text: &str,
    settings: &Settings,
    files: &dyn crate::files::Files,
) -> Option<Vec<Finding>> {
    let config_text = files.read(config)?;
    let tree = expand(&config_text, Some(config), Some(files));
    let target = crate::files::absolute(path);
    let index = tree.sources.iter().position(|source| source.path.as_ref() == Some(&target))?;
    if tree.sources[index].text != text {
        return None;
    }
    let merged = Merged::new(&tree);
    let context = Context::of(&tree, index, &merged, settings);
    let mut findings = Vec::new();
    lines(&context, &mut findings);
    Some(findings)
}
