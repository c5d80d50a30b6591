//! The one entry point the adapters call: findings and hovers for a file of a known kind.

use std::path::Path;

use crate::completion::{self, Completion};
use crate::definition::{self, FileLink};
use crate::files::Files;
use crate::finding::{Edit, Finding};
use crate::formatting;
use crate::hover::{self, Hover};
use crate::inlay_hints::{self, InlayHint};
use crate::kind::FileKind;
use crate::rules;
use crate::settings::Settings;
use crate::span::Span;
use crate::symbols::{self, Symbol};

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

    drop_fixes_that_carry_secrets(&mut findings, text, &secret_spans(kind, text));
    findings
}

/// Every finding in `text`, the file at `path`, including those that need the files
/// around it, which `files` provides.
pub fn analyze_file(
    kind: FileKind,
    path: &Path,
    text: &str,
    settings: &Settings,
    files: &dyn Files,
) -> Vec<Finding> {
    // A postgresql.conf is judged with the files it includes and for the major its path
    // names, so all of its findings come from the check that sees the files.
    let mut findings = match kind {
        FileKind::PgConf => Vec::new(),
        _ => analyze(kind, text, settings),
    };
    findings.extend(rules::multi::check(kind, path, text, settings, files));
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

/// What may be typed at byte `offset`.
pub fn completions(
    kind: FileKind,
    text: &str,
    offset: usize,
    settings: &Settings,
) -> Vec<Completion> {
    match kind {
        FileKind::PgConf => completion::pgconf::complete(text, offset, settings),
        FileKind::PgHba => completion::pghba::complete(text, offset, settings),
        FileKind::PgBouncer => completion::pgbouncer::complete(text, offset, settings),
        FileKind::DotEnv => completion::dotenv::complete(text, offset, settings),
        FileKind::ConnInfo => Vec::new(),
    }
}

/// The outline of the file.
pub fn symbols(kind: FileKind, text: &str, settings: &Settings) -> Vec<Symbol> {
    match kind {
        FileKind::PgConf => symbols::pgconf::symbols(text, settings),
        FileKind::PgHba => symbols::pghba::symbols(text, settings),
        FileKind::PgBouncer => symbols::pgbouncer::symbols(text, settings),
        FileKind::DotEnv | FileKind::ConnInfo => Vec::new(),
    }
}

/// The edits that format the file, or the lines overlapping `range`; `None` when the kind
/// has no formatter.
pub fn format(kind: FileKind, text: &str, range: Option<Span>) -> Option<Vec<Edit>> {
    match kind {
        FileKind::PgHba => Some(formatting::pghba::format(text, range)),
        _ => None,
    }
}

/// Labels that explain bare values, such as the size a unit-less number stands for.
pub fn inlay_hints(kind: FileKind, text: &str, settings: &Settings) -> Vec<InlayHint> {
    match kind {
        FileKind::PgConf => inlay_hints::pgconf::inlay_hints(text, settings),
        _ => Vec::new(),
    }
}

/// The file named at byte `offset` of `text`, the file at `path`.
pub fn definition(
    kind: FileKind,
    path: &Path,
    text: &str,
    offset: usize,
    files: &dyn Files,
) -> Option<FileLink> {
    match kind {
        FileKind::PgConf => definition::pgconf::definition(path, text, offset, files),
        FileKind::PgHba => definition::pghba::definition(path, text, offset, files),
        FileKind::PgBouncer => definition::pgbouncer::definition(path, text, offset, files),
        FileKind::DotEnv | FileKind::ConnInfo => None,
    }
}

/// Removes every fix whose new text repeats a piece of a secret from `text`: any four
/// characters in a row of it, or all of a shorter one. Fixes are meant to edit around a
/// secret (percent-encoding one character, say), never to rewrite it, so that no output
/// carries one; this is the guard that keeps the promise when a fix does not.
fn drop_fixes_that_carry_secrets(findings: &mut [Finding], text: &str, secrets: &[Span]) {
    let pieces: Vec<String> = secrets
        .iter()
        .filter_map(|span| text.get(span.start..span.end))
        .filter(|secret| secret.chars().count() >= 3)
        .flat_map(secret_pieces)
        .collect();
    if pieces.is_empty() {
        return;
    }

    for finding in findings {
        finding.fixes.retain(|fix| {
            let carries = fix
                .edits
                .iter()
                .any(|edit| pieces.iter().any(|piece| edit.new_text.contains(piece.as_str())));
            if carries {
                tracing::debug!(rule = finding.rule.name, "dropped a fix that carries a secret");
            }
            !carries
        });
    }
}

/// Every run of four characters in `secret`, or the whole of a shorter one.
fn secret_pieces(secret: &str) -> Vec<String> {
    let chars: Vec<char> = secret.chars().collect();
    chars.windows(chars.len().min(4)).map(|window| window.iter().collect()).collect()
}

/// The spans of secrets (passwords, auth secrets) in `text`, which adapters must never
/// print: the CLI masks them in the source lines it quotes.
pub fn secret_spans(kind: FileKind, text: &str) -> Vec<Span> {
    let settings = Settings::default();
    match kind {
        FileKind::PgHba => rules::pghba::secret_spans(text),
        FileKind::PgBouncer => rules::pgbouncer::secret_spans(text),
        FileKind::DotEnv => rules::dotenv::secret_spans(text, &settings),
        FileKind::ConnInfo => rules::conninfo::secret_spans(text, &settings),
        // postgresql.conf holds no passwords: roles' passwords live in the catalog.
        FileKind::PgConf => Vec::new(),
    }
}
