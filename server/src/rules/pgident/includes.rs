//! The files a `pg_ident.conf` reads: `@file` name lists and, from PostgreSQL 16 on, the
//! `include`, `include_if_exists` and `include_dir` lines.
//!
//! The server reads pg_ident.conf with the tokenizer and include logic of `pg_hba.conf`
//! (relative names against the including file, `include_dir` reading sorted, non-hidden
//! `.conf` files, nesting limited to ten levels), so this module walks the tree with
//! [`crate::rules::pghba::includes`] and only judges what it finds as map lines: an error
//! in an included file makes the server refuse the whole pg_ident.conf, so it is reported
//! on the include line that brings the file in.

use std::path::Path;

use crate::files::Files;
use crate::finding::{Finding, Rule, Severity};
use crate::rules::pghba;
use crate::rules::pghba::includes::{self, Tree};
use crate::settings::Settings;

use super::{INCLUDE_CYCLE, MISSING_INCLUDE};

/// The findings that need the files around `path`: what is wrong with the files it names,
/// and the errors inside the files it includes, moved to the include line.
pub fn check(path: &Path, text: &str, settings: &Settings, files: &dyn Files) -> Vec<Finding> {
    let major = crate::knowledge::hba::major(settings);
    let tree = includes::expand(text, Some(path), Some(files), major);
    let mut findings = Vec::new();

    for (source, problem) in &tree.problems {
        let problem = with_ident_rule(problem);
        findings.extend(moved_here(&tree, *source, problem));
    }

    for (source, included) in tree.sources.iter().enumerate().skip(1) {
        for finding in super::check(&included.text, settings) {
            findings.extend(moved_here(&tree, source, finding));
        }
    }
    findings
}

/// The same problem under the pg_ident.conf rule of its kind.
fn with_ident_rule(problem: &Finding) -> Finding {
    let rule: &'static Rule =
        if problem.rule == &pghba::INCLUDE_CYCLE { &INCLUDE_CYCLE } else { &MISSING_INCLUDE };
    Finding::new(rule, problem.severity, problem.span, problem.message.clone())
}

/// A finding on a span of `source`, as it shows in the analysed file: as it is for the
/// analysed file; for an included file only an error (it makes the server refuse the whole
/// file), on the include line that brings the file in.
fn moved_here(tree: &Tree, source: usize, finding: Finding) -> Option<Finding> {
    let from = &tree.sources[source];
    let Some(via) = from.via else {
        return Some(finding);
    };
    if finding.severity != Severity::Error {
        return None;
    }
    let line = includes::line_number(&from.text, finding.span.start);
    let message = format!("In `{}` line {line}: {}", from.shown, finding.message);
    Some(Finding::new(finding.rule, Severity::Error, via, message))
}
