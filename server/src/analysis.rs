//! The one entry point the adapters call: findings and hovers for a file of a known kind.

use crate::finding::Finding;
use crate::hover::{self, Hover};
use crate::kind::FileKind;
use crate::rules;
use crate::settings::Settings;
use crate::span::Span;

/// Every finding in `text`, ordered by position, then by severity.
pub fn analyze(kind: FileKind, text: &str, settings: &Settings) -> Vec<Finding> {
    let mut findings = match kind {
        FileKind::PgConf => rules::pgconf::check(text, settings),
        FileKind::PgHba => rules::pghba::check(text, settings),
        FileKind::PgBouncer => rules::pgbouncer::check(text, settings),
        FileKind::DotEnv => rules::dotenv::check(text, settings),
        FileKind::ConnInfo => rules::conninfo::check(text, settings),
    };
    findings.sort_by_key(|finding| (finding.span.start, finding.span.end, finding.severity));
    findings
}

/// The explanation of what lies at byte `offset`, if anything there has one.
pub fn hover(kind: FileKind, text: &str, offset: usize, settings: &Settings) -> Option<Hover> {
    match kind {
        FileKind::PgConf => hover::pgconf::hover(text, offset, settings),
        FileKind::PgHba => hover::pghba::hover(text, offset, settings),
        FileKind::PgBouncer => hover::pgbouncer::hover(text, offset, settings),
        FileKind::DotEnv => hover::dotenv::hover(text, offset, settings),
        FileKind::ConnInfo => hover::conninfo::hover(text, offset, settings),
    }
}

/// The spans of secrets (passwords, auth secrets) in `text`, which adapters must never
/// print: the CLI masks them in the source lines it quotes.
pub fn secret_spans(kind: FileKind, text: &str) -> Vec<Span> {
    match kind {
        FileKind::PgHba => rules::pghba::secret_spans(text),
        // FIXME: wire in the password spans of connection strings and of pgbouncer
        // [databases] entries once their parsers exist.
        _ => Vec::new(),
    }
}
