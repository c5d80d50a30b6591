//! The TLS rules: which `sslmode` a connection ends up with (from the string, the
//! environment or libpq's default) and what that leaves open.

use super::{
    fix, Ctx, Effective, Source, WithFixes, CHANNEL_BINDING_WITHOUT_TLS, INVALID_SSLMODE,
    INVALID_VALUE, SSLMODE_DISABLE, SSLMODE_FALLBACK, SSLMODE_REQUIRE, SSLMODE_REQUIRE_VERIFIES_CA,
    SSLMODE_VERIFY_CA, SSLROOTCERT_MISSING, SSLROOTCERT_SYSTEM_WEAK, VERIFY_WITHOUT_ROOTCERT,
};
use crate::finding::{Finding, Severity};
use crate::knowledge::drivers::Driver;
use crate::knowledge::sslmode::SslMode;

/// The first libpq major that accepts `sslrootcert=system` (and refuses it with any mode
/// but `verify-full`).
const SSLROOTCERT_SYSTEM_SINCE: u32 = 16;

/// Values that libpq refuses for keywords taking one of a fixed set of spellings.
pub(super) fn check_values(ctx: &Ctx, findings: &mut Vec<Finding>) {
    for (keyword, accepted) in &ctx.catalog.values {
        if super::options::CHECKED_THERE.contains(keyword) {
            continue;
        }
        let Some(effective) = ctx.effective(keyword) else {
            continue;
        };
        if accepted.contains(&effective.value) {
            continue;
        }

        let written = effective.value;
        let list = accepted.join(", ");
        let suggestion = crate::suggest::closest(written, accepted.iter().copied()).or_else(|| {
            // `verify` and friends: a prefix of a mode means its strongest form.
            accepted
                .iter()
                .rev()
                .find(|value| !written.is_empty() && value.starts_with(written))
                .copied()
        });
        let (rule, replacement) = if *keyword == "sslmode" {
            (&INVALID_SSLMODE, Some(suggestion.unwrap_or("verify-full")))
        } else {
            (&INVALID_VALUE, suggestion)
        };
        let hint = suggestion.map_or(String::new(), |value| format!(" Did you mean `{value}`?"));
        let message = format!(
            "libpq refuses to connect with `{keyword}={written}`: it accepts only {list}.{hint}"
        );
        let edit = replacement.and_then(|value| ctx.replace_value(&effective, value));
        let title = replacement.map(|value| format!("Use `{keyword}={value}`"));
        findings.push(
            Finding::new(rule, Severity::Error, ctx.value_span(&effective), message)
                .with_fixes(edit.zip(title).map(|(edit, title)| fix(&title, edit))),
        );
    }
}

/// The `sslmode` rules for connections that reach the network.
pub(super) fn check(ctx: &Ctx, findings: &mut Vec<Finding>) {
    let sslmode = ctx.effective("sslmode");
    let rootcert = ctx.effective("sslrootcert");
    let system_roots = ctx.catalog.major >= SSLROOTCERT_SYSTEM_SINCE
        && rootcert.is_some_and(|found| found.value == "system");

    // The configured major, not the catalog it rounds up to: 16 reads like 18 there.
    let configured = super::parse_major(ctx.settings);
    if let Some(found) = rootcert.filter(|found| found.value == "system") {
        if configured < SSLROOTCERT_SYSTEM_SINCE {
            let message = format!(
                "libpq {configured} does not know `sslrootcert=system` (16 and newer do): it \
                 looks for a file named `system`, so `verify-ca` and `verify-full` fail and \
                 weaker modes check nothing. Name the CA bundle's file instead, such as \
                 `/etc/ssl/certs/ca-certificates.crt`."
            );
            findings.push(Finding::new(
                &INVALID_VALUE,
                Severity::Error,
                ctx.value_span(&found),
                message,
            ));
        }
    }
    if let (Some(binding), Some(mode)) = (ctx.effective("channel_binding"), sslmode) {
        if binding.value == "require" && mode.value == "disable" {
            let message = "`channel_binding=require` needs TLS, which `sslmode=disable` turns \
                           off, so every login fails. Use `sslmode=verify-full` (or drop \
                           the channel binding requirement).";
            findings.push(
                Finding::new(
                    &CHANNEL_BINDING_WITHOUT_TLS,
                    Severity::Error,
                    ctx.value_span(&binding),
                    message,
                )
                .with_fixes(verify_full_fix(ctx, &mode)),
            );
        }
    }

    let mode = match sslmode {
        Some(found) => match SslMode::from_name(found.value) {
            Some(mode) => Some(mode),
            // Reported by `check_values`; nothing else is meaningful.
            None => return,
        },
        // libpq strengthens its default to verify-full for sslrootcert=system.
        None if system_roots => Some(SslMode::VerifyFull),
        None => None,
    };

    if let (Some(found), Some(mode), true) = (sslmode, mode, system_roots) {
        if mode != SslMode::VerifyFull {
            let message = format!(
                "libpq refuses `sslrootcert=system` with `sslmode={}`: trusting every public \
                 CA is only safe when the host name is checked too. Use `verify-full`.",
                mode.name()
            );
            findings.push(
                Finding::new(
                    &SSLROOTCERT_SYSTEM_WEAK,
                    Severity::Error,
                    ctx.value_span(&found),
                    message,
                )
                .with_fixes(verify_full_fix(ctx, &found)),
            );
            return;
        }
    }

    let network = ctx.network_hosts();
    let Some(first_remote) = network.first() else {
        // Unix sockets and loopback never cross a network: the mode does not matter.
        return;
    };

    let driver_default = ctx.consumer.driver.default_sslmode().filter(|_| ctx.consumer.known());
    match (mode, sslmode) {
        (None, _) if driver_default == Some("require") => {
            let message = format!(
                "No `sslmode` is set, so {} uses its default `require` ({}): it encrypts but \
                 accepts any certificate, so a man in the middle can pose as the server. Add \
                 `sslmode=verify-full`.",
                ctx.consumer.driver.name(),
                ctx.consumer.reason()
            );
            let edit = ctx.add_settings(&[("sslmode", "verify-full".to_string())]);
            findings.push(
                Finding::new(&SSLMODE_REQUIRE, Severity::Warning, first_remote.span, message)
                    .with_fixes(edit.map(|edit| fix("Add `sslmode=verify-full`", edit))),
            );
        }
        (None, _) => {
            let message = format!(
                "No `sslmode` is set, so {} uses `prefer`: it silently falls back to plain \
                 text when TLS is not offered and never checks the certificate, so anyone on \
                 the path can read or impersonate. Add `sslmode=verify-full`.",
                reader(ctx)
            );
            let edit = ctx.add_settings(&[("sslmode", "verify-full".to_string())]);
            findings.push(
                Finding::new(&SSLMODE_FALLBACK, Severity::Warning, first_remote.span, message)
                    .with_fixes(edit.map(|edit| fix("Add `sslmode=verify-full`", edit))),
            );
        }
        (Some(SslMode::Disable), Some(found)) => {
            let message = "`sslmode=disable` sends everything, the password exchange \
                           included, in plain text across the network. Use `verify-full` \
                           to encrypt and to check the server's certificate.";
            push(ctx, findings, &SSLMODE_DISABLE, Severity::Error, &found, message);
        }
        (Some(mode @ (SslMode::Allow | SslMode::Prefer)), Some(found)) => {
            let message = format!(
                "`sslmode={}` lets {} silently fall back to plain text and never checks the \
                 server's certificate, so an attacker on the path can read the traffic or pose \
                 as the server. Use `verify-full`.",
                mode.name(),
                reader(ctx)
            );
            push(ctx, findings, &SSLMODE_FALLBACK, Severity::Warning, &found, &message);
        }
        (Some(SslMode::Require), Some(found)) => {
            if rootcert.is_some() {
                let message = format!(
                    "A root certificate is configured, so where that file exists {} checks \
                     the server's certificate under `sslmode=require` as `verify-ca` would, \
                     but never the host name. Say `verify-full` to check both.",
                    reader(ctx)
                );
                push(
                    ctx,
                    findings,
                    &SSLMODE_REQUIRE_VERIFIES_CA,
                    Severity::Information,
                    &found,
                    &message,
                );
            } else if ctx.effective("channel_binding").is_some_and(|cb| cb.value == "require") {
                let message = "`sslmode=require` accepts any certificate. \
                               `channel_binding=require` makes a SCRAM login fail when a \
                               man in the middle relays it, but `verify-full` also proves \
                               the server to every other authentication method.";
                push(ctx, findings, &SSLMODE_REQUIRE, Severity::Information, &found, message);
            } else {
                let message = "`sslmode=require` encrypts but accepts any certificate, so a \
                               man in the middle can pose as the server and read everything. \
                               Use `verify-full` to check the certificate and host name.";
                push(ctx, findings, &SSLMODE_REQUIRE, Severity::Warning, &found, message);
            }
        }
        (Some(SslMode::VerifyCa), Some(found)) => {
            let message = "`sslmode=verify-ca` checks that the certificate comes from a \
                           trusted CA but not that it was issued for this host, so any \
                           server holding a certificate from that CA can pose as this one. \
                           Use `verify-full`.";
            push(ctx, findings, &SSLMODE_VERIFY_CA, Severity::Information, &found, message);
        }
        _ => {}
    }

    // Go's drivers fall back to the system's CA store, not to `~/.postgresql/root.crt`.
    let go = matches!(ctx.consumer.driver, Driver::GoLibPq | Driver::Pgx);
    if let (Some(SslMode::VerifyCa | SslMode::VerifyFull), Some(found), None, false) =
        (mode, sslmode, rootcert, go)
    {
        let message = format!(
            "With `sslmode={}` and no `sslrootcert` (nor `PGSSLROOTCERT`), libpq trusts only \
             `~/.postgresql/root.crt` and refuses to connect when it is missing. Name the \
             server's CA file, or `sslrootcert=system` (libpq 16+) for a publicly trusted \
             certificate.",
            found.value
        );
        findings.push(Finding::new(
            &VERIFY_WITHOUT_ROOTCERT,
            Severity::Hint,
            ctx.value_span(&found),
            message,
        ));
    }
}

/// The driver named in messages: libpq's TLS rules also describe asyncpg, lib/pq and pgx,
/// which implement the modes themselves, and a message must name the one assumed.
fn reader(ctx: &Ctx) -> &'static str {
    match ctx.consumer.driver {
        _ if !ctx.consumer.known() => "libpq",
        Driver::Asyncpg => "asyncpg",
        Driver::GoLibPq => "lib/pq",
        Driver::Pgx => "pgx",
        _ => "libpq",
    }
}

/// A finding on an `sslmode` value whose fix sets `verify-full`.
fn push(
    ctx: &Ctx,
    findings: &mut Vec<Finding>,
    rule: &'static crate::finding::Rule,
    severity: Severity,
    found: &Effective,
    message: &str,
) {
    findings.push(
        Finding::new(rule, severity, ctx.value_span(found), message)
            .with_fixes(verify_full_fix(ctx, found)),
    );
}

fn verify_full_fix(ctx: &Ctx, found: &Effective) -> Option<crate::finding::Fix> {
    let title = match found.source {
        Source::String(_) => "Use `sslmode=verify-full`",
        Source::Env(_) => "Set `PGSSLMODE=verify-full`",
    };
    ctx.replace_value(found, "verify-full").map(|edit| fix(title, edit))
}

/// An `sslrootcert` file that does not exist: libpq refuses to connect under `verify-ca`
/// and `verify-full`, and under weaker modes quietly checks nothing (where naming a CA
/// also makes `require` verify it, so its absence silently drops that check).
pub(super) fn check_rootcert_file(
    ctx: &Ctx,
    base: &std::path::Path,
    files: &dyn crate::files::Files,
    findings: &mut Vec<Finding>,
) {
    let Some(found) = ctx.effective("sslrootcert") else {
        return;
    };
    let configured = super::parse_major(ctx.settings);
    let value = found.value;
    // `system` is libpq's (16+) and lib/pq's name for the system's CA store; node-postgres
    // has no such name and reads a file called `system`.
    let system_store = value == "system"
        && ctx.consumer.driver != Driver::NodePostgres
        && configured >= SSLROOTCERT_SYSTEM_SINCE;
    if value.is_empty() || system_store {
        return;
    }
    let path = std::path::Path::new(value);
    let relative = path.is_relative();
    let resolved = if relative { base.join(path) } else { path.to_path_buf() };
    if files.exists(&resolved) {
        return;
    }

    let mode = ctx.effective("sslmode").and_then(|mode| SslMode::from_name(mode.value));
    let Some(consequence) = missing_rootcert_consequence(ctx.consumer, mode) else {
        return;
    };
    let looked = if relative {
        " (looked for beside this file; drivers take a relative path from the working \
         directory of the program that connects, and do not expand `~`)"
    } else {
        ""
    };
    // A warning, not an error: the path is looked up where the check runs, and a path that
    // only exists inside the container or host that connects is no mistake.
    let message =
        format!("The root certificate file `{value}` does not exist here{looked}, {consequence}.");
    findings.push(Finding::new(
        &SSLROOTCERT_MISSING,
        Severity::Warning,
        ctx.value_span(&found),
        message,
    ));
}

/// What the driver reading the string does when its `sslrootcert` file is missing, as a
/// clause; None where it never reads the file.
///
/// libpq (`fe-secure-openssl.c`) fails under the verifying modes and otherwise checks no
/// certificate. node-postgres reads the file while it parses the string
/// (`pg-connection-string`, `readFileSync`), under every mode. lib/pq (`ssl.go`,
/// `sslCertificateAuthority`) and pgx (`pgconn/config.go`, `configTLS`) read it whenever
/// they set up TLS, that is under every mode but `disable`.
fn missing_rootcert_consequence(
    consumer: &super::Consumer,
    mode: Option<SslMode>,
) -> Option<String> {
    let verifying = matches!(mode, Some(SslMode::VerifyCa | SslMode::VerifyFull));
    let driver = consumer.driver;
    let reader = if consumer.known() { driver.name() } else { "libpq" };
    let clause = match driver {
        Driver::Libpq | Driver::SqlAlchemyPsycopg if verifying => format!(
            "so {reader} refuses to connect: it has nothing to check the server's certificate \
             against"
        ),
        Driver::Libpq | Driver::SqlAlchemyPsycopg => format!(
            "so under this `sslmode` {reader} quietly checks no certificate at all, although a \
             CA was named to check it against"
        ),
        Driver::NodePostgres => format!(
            "and {reader} reads the file while it parses the string, so it throws before it \
             connects, whatever the `sslmode`"
        ),
        Driver::GoLibPq | Driver::Pgx if mode == Some(SslMode::Disable) => return None,
        Driver::GoLibPq | Driver::Pgx => format!(
            "and {reader} reads the file whenever it sets up TLS, so every connection fails"
        ),
        _ if mode == Some(SslMode::Disable) => return None,
        _ => format!(
            "so {reader} has no CA to check the server against; how it fails was not checked"
        ),
    };
    if !consumer.known() || driver == Driver::Libpq {
        return Some(clause);
    }
    Some(format!("{clause} ({reader} is assumed: {})", consumer.reason()))
}
