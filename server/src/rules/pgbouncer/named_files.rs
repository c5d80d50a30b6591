//! The files that `[pgbouncer]` settings name, opened through [`Files`] and judged as
//! PgBouncer 1.18 treats them (tried on the real binary):
//! - `auth_file` missing: PgBouncer starts, logs an error, and has no password to check
//!   any client against, so it is an error; when it exists, its load errors count here
//!   and `auth_user` needs a line in it;
//! - `auth_hba_file` missing while `auth_type = hba`: it starts with no rule that lets
//!   anyone in, an error; when it exists, the lines PgBouncer cannot read count here (see
//!   [`auth_hba`]);
//! - `client_tls_*_file` missing while client TLS is on: it refuses to start, an error;
//! - `server_tls_*_file` missing while server TLS is on: it starts, and every TLS
//!   connection to PostgreSQL fails, a warning.
//!
//! PgBouncer opens these names as written, so a relative one is relative to its working
//! directory; like `%include`, we assume that to be the analysed file's directory. An
//! absolute name is judged only on what looks like the machine the file is for (see
//! [`judged`]).

use std::path::Path;

use super::auth_hba;
use super::includes::{judged, line_number, resolve, shown};
use super::{Context, AUTH_USER_SECRET, FILE_MISSING, SCRAM_PASSTHROUGH};
use crate::files::{normalize, Files};
use crate::finding::{Finding, Severity};
use crate::knowledge::sslmode::SslMode;
use crate::span::Span;
use crate::syntax::pgbouncer as ini;
use crate::syntax::userlist::{self, SecretKind};

/// The auth types for which PgBouncer reads no password from `auth_file` (`pam` checks
/// passwords with PAM; `any` and `trust` let clients in without one).
const NO_PASSWORD_AUTH: &[&str] = &["pam", "any", "trust"];

/// The auth types under which clients never go through SCRAM with PgBouncer, so it
/// cannot reuse a SCRAM secret to log in to the server.
const NO_SCRAM_AUTH: &[&str] = &["plain", "trust", "any"];

/// The files settings name that must exist, as PgBouncer uses them: the setting, the TLS
/// mode setting that turns its use on, and the severity when the file is missing.
const TLS_FILES: &[(&str, &str, Severity)] = &[
    ("client_tls_key_file", "client_tls_sslmode", Severity::Error),
    ("client_tls_cert_file", "client_tls_sslmode", Severity::Error),
    ("client_tls_ca_file", "client_tls_sslmode", Severity::Error),
    ("server_tls_key_file", "server_tls_sslmode", Severity::Warning),
    ("server_tls_cert_file", "server_tls_sslmode", Severity::Warning),
    ("server_tls_ca_file", "server_tls_sslmode", Severity::Warning),
];

/// The settings whose value names a file that must exist (for go-to-definition too).
pub(crate) const FILE_SETTINGS: &[&str] = &[
    "auth_file",
    "auth_hba_file",
    "auth_ident_file",
    "client_tls_key_file",
    "client_tls_cert_file",
    "client_tls_ca_file",
    "server_tls_key_file",
    "server_tls_cert_file",
    "server_tls_ca_file",
];

pub(super) fn check(context: &Context, path: &Path, files: &dyn Files, out: &mut Vec<Finding>) {
    let base = path.parent();
    auth_file(context, base, files, out);
    auth_hba_file(context, base, files, out);
    tls_files(context, base, files, out);
    super::tls_pairs::by_files(context, base, files, out);
}

/// A named file as the analysed file shows it: where to report, and the path.
struct Named {
    span: Span,
    path: std::path::PathBuf,
    shown: String,
}

/// The file the effective value of `name` names, and where in the analysed file to
/// report on it: its value when set here, else the `%include` that sets it; `None` when
/// it names none, or one we cannot judge (see [`judged`]).
fn named(context: &Context, base: Option<&Path>, files: &dyn Files, name: &str) -> Option<Named> {
    let step = context.merged.winner(name)?;
    let value = context.merged.value(context.tree, step)?.trim();
    if value.is_empty() {
        return None;
    }
    let span = match context.main_entry(name) {
        Some(entry) => entry.value,
        None => context.tree.sources[step.source].via?,
    };
    let path = resolve(base, value);
    if !judged(base, value, &path, files) {
        return None;
    }
    Some(Named { span, shown: shown(base, &path), path })
}

fn effective_lower(context: &Context, name: &str) -> String {
    context.effective(name).unwrap_or("").trim().to_ascii_lowercase()
}

fn missing_message(name: &str, shown: &str, consequence: &str) -> String {
    format!(
        "`{name}` names `{shown}`, which does not exist (a relative path is read from \
         PgBouncer's working directory, assumed to be this file's); {consequence}"
    )
}

fn auth_file(context: &Context, base: Option<&Path>, files: &dyn Files, out: &mut Vec<Finding>) {
    let auth_type = effective_lower(context, "auth_type");
    if NO_PASSWORD_AUTH.contains(&auth_type.as_str())
        && context.merged.winner("auth_user").is_none()
    {
        return;
    }
    let Some(named) = named(context, base, files, "auth_file") else {
        return;
    };
    if !files.exists(&named.path) {
        out.push(Finding::new(
            &FILE_MISSING,
            Severity::Error,
            named.span,
            missing_message(
                "auth_file",
                &named.shown,
                "PgBouncer starts but logs an error, and no client can log in with a \
                 password; create it or fix the path.",
            ),
        ));
        return;
    }
    // A file that exists but cannot be read here (PgBouncer's own, readable by its user
    // only) is left alone.
    let Some(text) = files.read(&named.path) else {
        return;
    };

    for finding in crate::rules::userlist::check(&text, context.settings) {
        if finding.severity != Severity::Error {
            continue;
        }
        let line = line_number(&text, finding.span.start);
        let message = format!("In `{}` line {line}: {}", named.shown, finding.message);
        out.push(Finding::new(finding.rule, Severity::Error, named.span, message));
    }

    let list = userlist::parse(&text);
    auth_user_secret(context, &list, &named, out);
    scram_passthrough(context, &list, &named, &auth_type, out);
}

/// `auth_user` logs in with the secret `auth_file` holds for it, to run `auth_query`.
fn auth_user_secret(
    context: &Context,
    list: &userlist::UserList,
    named: &Named,
    out: &mut Vec<Finding>,
) {
    let main_user = context.main_entry("auth_user").map(|entry| (entry.value, context.text));
    let entry_users = context.file.entries_in("databases").filter_map(|entry| {
        let pairs = ini::parse_pairs(context.text, entry.value);
        pairs.get(context.text, "auth_user").map(|pair| (pair.value, context.text))
    });
    let mut reported = Vec::new();

    for (span, text) in main_user.into_iter().chain(entry_users) {
        let user = span.of(text).trim_matches('\'');
        if user.is_empty() || reported.contains(&user) {
            continue;
        }
        if list.users().any(|line| line.user.value == user) {
            continue;
        }
        reported.push(user);
        out.push(Finding::new(
            &AUTH_USER_SECRET,
            Severity::Warning,
            span,
            format!(
                "`auth_user` `{user}` has no line in `{}`, so PgBouncer has no password to log \
                 in with and run `auth_query` (unless the server trusts it), and no user can \
                 be looked up; add the lookup role's secret there.",
                named.shown
            ),
        ));
    }
}

/// SCRAM secrets in `auth_file` serve for the server login only after the client itself
/// went through SCRAM; these auth types never do that.
fn scram_passthrough(
    context: &Context,
    list: &userlist::UserList,
    named: &Named,
    auth_type: &str,
    out: &mut Vec<Finding>,
) {
    if !NO_SCRAM_AUTH.contains(&auth_type) || !context.has_servers() {
        return;
    }
    let users: Vec<&str> = list
        .users()
        .filter(|line| matches!(SecretKind::of(&line.secret.value), SecretKind::Scram { .. }))
        .map(|line| line.user.value.as_str())
        .collect();
    if users.is_empty() {
        return;
    }
    let span = context.main_entry("auth_type").map_or(named.span, |entry| entry.value);
    let listed: Vec<String> = users.iter().take(3).map(|user| format!("`{user}`")).collect();
    out.push(Finding::new(
        &SCRAM_PASSTHROUGH,
        Severity::Error,
        span,
        format!(
            "With `auth_type = {auth_type}` clients never log in to PgBouncer with SCRAM, so it \
             cannot reuse the SCRAM secrets of `{}` ({}) to log in to PostgreSQL, and those \
             users' connections fail; use `scram-sha-256`, or give their `[databases]` entries \
             a password.",
            named.shown,
            listed.join(", ")
        ),
    ));
}

fn auth_hba_file(
    context: &Context,
    base: Option<&Path>,
    files: &dyn Files,
    out: &mut Vec<Finding>,
) {
    if effective_lower(context, "auth_type") != "hba" {
        return;
    }
    let Some(named) = named(context, base, files, "auth_hba_file") else {
        return;
    };
    if !files.exists(&named.path) {
        out.push(Finding::new(
            &FILE_MISSING,
            Severity::Error,
            named.span,
            missing_message(
                "auth_hba_file",
                &named.shown,
                "PgBouncer starts but logs an error and has no rule that lets any client in; \
                 create it or fix the path.",
            ),
        ));
        return;
    }
    // A file that exists but cannot be read here (readable by PgBouncer's user only) is
    // left alone.
    let Some(text) = files.read(&named.path) else {
        return;
    };

    let reader = auth_hba::Reader {
        release: context.catalog.release,
        files,
        ident_maps: ident_maps(context, base, files),
    };
    for finding in reader.check(&named.path, &text) {
        let message = format!("In `{}` line {}: {}", named.shown, finding.line, finding.message);
        out.push(Finding::new(finding.rule, finding.severity, named.span, message));
    }
}

/// The findings of the file at `path` read as PgBouncer reads its `auth_hba_file`, when the
/// `pgbouncer.ini` beside it names it so (with `auth_type = hba`); `None` otherwise.
pub(super) fn as_auth_hba_file(
    path: &Path,
    text: &str,
    settings: &crate::settings::Settings,
    files: &dyn Files,
) -> Option<Vec<Finding>> {
    let ini_path = path.parent()?.join("pgbouncer.ini");
    let ini = files.read(&ini_path)?;
    let tree = super::expand(&ini, Some(&ini_path), Some(files));
    let merged = super::Merged::new(&tree);
    let context = Context::of(&tree, 0, &merged, settings);
    if effective_lower(&context, "auth_type") != "hba" {
        return None;
    }
    let value = context.effective("auth_hba_file")?.trim();
    let named = resolve(ini_path.parent(), value);
    if value.is_empty() || normalize(&named) != normalize(path) {
        return None;
    }

    let reader = auth_hba::Reader {
        release: context.catalog.release,
        files,
        ident_maps: ident_maps(&context, ini_path.parent(), files),
    };
    let findings = reader.check(path, text).into_iter().map(|finding| {
        let found = Finding::new(finding.rule, finding.severity, finding.span, finding.message);
        match finding.fix {
            Some(fix) => found.with_fix(fix),
            None => found,
        }
    });
    Some(findings.collect())
}

/// The maps of the `auth_ident_file` PgBouncer reads, for the `map=` options of the hba
/// file.
fn ident_maps(context: &Context, base: Option<&Path>, files: &dyn Files) -> auth_hba::IdentMaps {
    if effective_lower(context, "auth_ident_file").is_empty() {
        return auth_hba::IdentMaps::Unset;
    }
    let Some(named) = named(context, base, files, "auth_ident_file") else {
        return auth_hba::IdentMaps::Unknown;
    };
    if !files.exists(&named.path) {
        return auth_hba::IdentMaps::Known(Vec::new());
    }
    files
        .read(&named.path)
        .map_or(auth_hba::IdentMaps::Unknown, |text| auth_hba::IdentMaps::read(&text))
}

fn tls_files(context: &Context, base: Option<&Path>, files: &dyn Files, out: &mut Vec<Finding>) {
    for &(name, mode_setting, severity) in TLS_FILES {
        let mode = SslMode::from_name(&effective_lower(context, mode_setting));
        if mode.is_none_or(|mode| mode == SslMode::Disable) {
            continue;
        }
        let Some(named) = named(context, base, files, name) else {
            continue;
        };
        if files.exists(&named.path) {
            continue;
        }
        let consequence = if severity == Severity::Error {
            "PgBouncer cannot set up TLS for clients and refuses to start; fix the path."
        } else {
            "PgBouncer starts, but every TLS connection it opens to PostgreSQL fails; fix the \
             path."
        };
        out.push(Finding::new(
            &FILE_MISSING,
            severity,
            named.span,
            missing_message(name, &named.shown, consequence),
        ));
    }
}
