//! The checks of the hba lines PgBouncer keeps: what matters on a pooler (`trust` and
//! clear-text `password` over the network), and methods that cannot work on the line's
//! connections, which PgBouncer loads and then refuses every client with
//! (`login_as_unix_peer` and `login_via_cert` in `src/client.c`).

use super::networks::loopback_only;
use super::{Kept, LineFinding};
use crate::finding::Severity;
use crate::rules::pgbouncer::HBA_METHOD_MISMATCH;
use crate::rules::pghba::{PASSWORD_CLEARTEXT, TRUST_REMOTE};

/// The security checks of a line PgBouncer keeps.
pub(super) fn security(kept: &Kept, line: usize) -> Option<LineFinding> {
    if kept.kind == "local" || loopback_only(kept.network) {
        return None;
    }
    let from = &kept.address_text;
    let (rule, message) = match kept.method.as_str() {
        "trust" => (
            &TRUST_REMOTE,
            format!(
                "`trust` lets anyone who reaches PgBouncer from `{from}` in as any user the \
                 line names, with no password, and PgBouncer then logs them in to \
                 PostgreSQL; use `scram-sha-256`."
            ),
        ),
        "password" if kept.kind != "hostssl" => (
            &PASSWORD_CLEARTEXT,
            format!(
                "`password` has clients from `{from}` send their password to PgBouncer in \
                 clear text, readable on the network unless the line is `hostssl`; use \
                 `scram-sha-256`."
            ),
        ),
        _ => return None,
    };
    let span = kept.method_span;
    Some(LineFinding { line, span, rule, severity: Severity::Warning, message, fix: None })
}

/// A method that cannot succeed on the line's connections: PgBouncer checks `peer` only on
/// Unix sockets and `cert` only over TLS, and a line that matches is the last one tried,
/// so every client it matches is refused.
pub(super) fn method_mismatch(kept: &Kept, line: usize) -> Option<LineFinding> {
    let (what, fix) = match (kept.method.as_str(), kept.kind) {
        ("peer", "host" | "hostssl" | "hostnossl") => (
            format!(
                "`peer` on a `{}` line: PgBouncer can tell who a client is only on its Unix \
                 socket",
                kept.kind
            ),
            "use `local` for `peer`, or `scram-sha-256` here",
        ),
        ("cert", "local" | "hostnossl") => (
            format!(
                "`cert` on a `{}` line: PgBouncer checks certificates only on TLS \
                 connections, which this line never sees",
                kept.kind
            ),
            "use `hostssl` for `cert`",
        ),
        _ => return None,
    };
    let message = format!(
        "{what}, so every client this line matches is refused, and the lines below are never \
         tried for it; {fix}."
    );
    let span = kept.method_span;
    let severity = Severity::Warning;
    Some(LineFinding { line, span, rule: &HBA_METHOD_MISMATCH, severity, message, fix: None })
}
