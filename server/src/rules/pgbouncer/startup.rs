//! What PgBouncer checks after the file has loaded, and refuses to start on: the client-side
//! TLS setup, socket options the kernel rejects, and an `hba` auth type without its file.
//!
//! Each check follows PgBouncer's own (`sbuf_tls_setup` in `src/sbuf.c`, `tune_socket` in
//! `src/util.c` with libusual's `socket_set_keepalive`, `load_config` in `src/main.c`), and
//! the differential test runs each against the real binary.

use super::{values, Context, AUTH_HBA_FILE, CLIENT_TLS_SETUP, INVALID_VALUE};
use crate::finding::{Finding, Severity};
use crate::knowledge::sslmode::SslMode;
use crate::span::Span;

/// Linux's upper bounds for the keepalive socket options (`MAX_TCP_KEEPIDLE`,
/// `MAX_TCP_KEEPINTVL`, `MAX_TCP_KEEPCNT`); the kernel refuses larger values.
const KEEPALIVE_LIMITS: [(&str, i64); 3] =
    [("tcp_keepidle", 32767), ("tcp_keepintvl", 32767), ("tcp_keepcnt", 127)];

/// Keepalive and user-timeout values that Linux refuses when PgBouncer sets them on its
/// listening socket, which makes PgBouncer exit with nowhere to listen.
pub(super) fn socket_options(context: &Context, findings: &mut Vec<Finding>) {
    let keepalive_on = context.number("tcp_keepalive") != Some(0.0);

    for (name, max) in KEEPALIVE_LIMITS {
        let Some(entry) = context.main_entry(name) else {
            continue;
        };
        let Some(value) = values::parse_c_long(entry.value.of(context.text)) else {
            continue;
        };
        // PgBouncer leaves a zero to the system, and skips a negative count.
        let refused = match name {
            "tcp_keepcnt" => value > max,
            _ => value != 0 && !(1..=max).contains(&value),
        };
        if !keepalive_on || !refused {
            continue;
        }
        findings.push(Finding::new(
            &INVALID_VALUE,
            Severity::Error,
            entry.value,
            format!(
                "Linux refuses `{name}` = {value} on a socket (it takes 1 to {max}), so \
                PgBouncer cannot set up its listening socket and exits; use a value in range."
            ),
        ));
    }

    let Some(entry) = context.main_entry("tcp_user_timeout") else {
        return;
    };
    let Some(value) = values::parse_c_long(entry.value.of(context.text)) else {
        return;
    };
    if (0..=i64::from(i32::MAX)).contains(&value) {
        return;
    }
    findings.push(Finding::new(
        &INVALID_VALUE,
        Severity::Error,
        entry.value,
        "Linux refuses this `tcp_user_timeout` (it takes 0 to 2147483647 milliseconds), so \
        PgBouncer cannot set up its listening socket and exits; use a value in range.",
    ));
}

/// Where a finding about a setting goes: its value when it is set, else the section header.
fn value_or_header(context: &Context, name: &str) -> Option<Span> {
    context.main_entry(name).map(|entry| entry.value).or_else(|| context.main_header())
}

fn is_set(context: &Context, name: &str) -> bool {
    context.effective(name).is_some_and(|value| !value.trim().is_empty())
}

/// The client-side TLS settings PgBouncer requires together before it starts.
pub(super) fn client_tls_setup(context: &Context, findings: &mut Vec<Finding>) {
    let mode = context
        .effective("client_tls_sslmode")
        .and_then(|value| SslMode::from_name(&value.to_ascii_lowercase()))
        .unwrap_or(SslMode::Disable);
    let cert_auth =
        context.effective("auth_type").is_some_and(|value| value.eq_ignore_ascii_case("cert"));
    let mut report = |name: &str, message: String| {
        if let Some(span) = value_or_header(context, name) {
            findings.push(Finding::new(&CLIENT_TLS_SETUP, Severity::Error, span, message));
        }
    };

    if mode != SslMode::Disable {
        let missing: Vec<&str> = ["client_tls_key_file", "client_tls_cert_file"]
            .into_iter()
            .filter(|name| !is_set(context, name))
            .collect();
        if !missing.is_empty() {
            report(
                "client_tls_sslmode",
                format!(
                    "PgBouncer refuses to start with `client_tls_sslmode = {}` unless it has \
                    its own key and certificate to offer clients; set {}.",
                    mode.name(),
                    missing
                        .iter()
                        .map(|name| format!("`{name}`"))
                        .collect::<Vec<_>>()
                        .join(" and ")
                ),
            );
        }
    }

    if cert_auth {
        if mode != SslMode::VerifyFull {
            report(
                "auth_type",
                "`auth_type = cert` logs clients in by their certificate, so PgBouncer refuses \
                to start unless `client_tls_sslmode = verify-full` makes clients present one."
                    .to_string(),
            );
        }
        if !is_set(context, "client_tls_ca_file") {
            report(
                "auth_type",
                "`auth_type = cert` needs `client_tls_ca_file`, the CA that signs client \
                certificates; PgBouncer refuses to start without it."
                    .to_string(),
            );
        }
    } else if mode == SslMode::VerifyFull && !is_set(context, "client_tls_ca_file") {
        report(
            "client_tls_sslmode",
            "`client_tls_sslmode = verify-full` checks client certificates against \
            `client_tls_ca_file`, and PgBouncer refuses to start without it; set it to the CA \
            that signs your clients' certificates."
                .to_string(),
        );
    }
}

/// `auth_type = hba` reads its rules from `auth_hba_file`; without one PgBouncer starts but
/// has no rule that lets anybody in.
pub(super) fn auth_hba_file(context: &Context, findings: &mut Vec<Finding>) {
    let hba = context.effective("auth_type").is_some_and(|value| value.eq_ignore_ascii_case("hba"));
    if !hba || is_set(context, "auth_hba_file") {
        return;
    }
    let Some(entry) = context.main_entry("auth_type") else {
        return;
    };
    findings.push(Finding::new(
        &AUTH_HBA_FILE,
        Severity::Error,
        entry.value,
        "`auth_type = hba` takes its rules from `auth_hba_file`, which is not set, so PgBouncer \
        logs an error at start and has no rule to let any client in; set `auth_hba_file`.",
    ));
}
