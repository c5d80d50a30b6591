//! Where a value brought in by interpolation comes from. A connection string written with
//! `${SSLMODE}` is checked as what the reference expands to (from the same `.env`, or from
//! the `.env` beside a compose file), so a finding on the reference says which value it
//! judged and on which line that value is set; a reader looking only at `${SSLMODE}`
//! would otherwise not see what is wrong.
//!
//! A password slot that holds only a reference is not a password in clear text: the file
//! names where the password lives. When the same `.env` sets that variable in clear text,
//! it is one, and the finding says on which line.

use crate::finding::Finding;
use crate::rules::conninfo::PASSWORD_IN_STRING;
use crate::span::Span;
use crate::syntax::dotenv::DotEnv;

/// Rules about what a string leaves out, which hold whatever a reference they land on
/// expands to (they land on the host, which may be written `${DB_HOST}`): they neither
/// depend on the value brought in nor say anything about it.
pub(crate) const ABSENCE_RULES: [&str; 4] = [
    "conn-sslmode-plaintext-fallback",
    "conn-keepalives-missing",
    "conn-verify-without-sslrootcert",
    "conn-multi-host-without-target-session-attrs",
];

/// Words in a variable's name that mark its value as a secret, never to be shown.
const SECRET_NAME_WORDS: [&str; 4] = ["PASSWORD", "PASSWD", "SECRET", "TOKEN"];

/// Values longer than this are not repeated in a message.
const LONGEST_SHOWN_VALUE: usize = 60;

/// One reference that interpolation replaced with a variable's value.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Interpolation {
    /// The reference as written in the file being checked (`${SSLMODE}`).
    pub reference: Span,
    /// The variable it names.
    pub name: String,
    /// What it expanded to.
    pub value: String,
    /// The 1-based line of the `.env` assignment the value comes from.
    pub line: usize,
}

/// Where the `.env` that set a value is, as a message says it: the same file, or the
/// `.env` beside a compose file.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Origin {
    SameFile,
    SiblingDotEnv,
}

impl Origin {
    fn place(self, line: usize) -> String {
        match self {
            Origin::SameFile => format!("on line {line}"),
            Origin::SiblingDotEnv => format!("in `.env` line {line}"),
        }
    }
}

/// The references of `file`'s values that took their value from an assignment of the
/// same file, with that value and its line.
pub(crate) fn same_file_interpolations(text: &str, file: &DotEnv) -> Vec<Interpolation> {
    let mut interpolations = Vec::new();
    for entry in &file.entries {
        for reference in &entry.references {
            let Some(from) = reference.resolved_from else {
                continue;
            };
            let Some(source) = file.entries.iter().find(|other| other.span == from) else {
                continue;
            };
            interpolations.push(Interpolation {
                reference: reference.span,
                name: reference.name.clone(),
                value: source.value.clone(),
                line: line_of(text, from.start),
            });
        }
    }
    interpolations
}

/// The 1-based line of byte `offset` of `text`.
pub(crate) fn line_of(text: &str, offset: usize) -> usize {
    let before = text.get(..offset.min(text.len())).unwrap_or(text);
    before.bytes().filter(|byte| *byte == b'\n').count() + 1
}

/// True when the password slot `span` of `text` holds nothing but a reference whose value
/// is not set in clear text here: one no interpolation resolved, or one that resolved to
/// another reference.
pub(crate) fn is_unresolved_reference(
    text: &str,
    span: Span,
    interpolations: &[Interpolation],
) -> bool {
    let Some(written) = text.get(span.start..span.end) else {
        return false;
    };
    if !crate::rules::embedded::is_reference(Some(written)) {
        return false;
    }
    let within = |interpolation: &&Interpolation| {
        span.start <= interpolation.reference.start && interpolation.reference.end <= span.end
    };
    interpolations
        .iter()
        .filter(within)
        .all(|interpolation| crate::rules::embedded::is_reference(Some(&interpolation.value)))
}

/// Drops the password findings on references that do not hold a password in clear text
/// and, on every other finding about a value interpolation brought in, says where that
/// value is set: `` `${SSLMODE}` is `disable` in `.env` line 3 ``. Secrets are named, never
/// shown: `secrets` are the spans of the file that hold them.
pub(crate) fn explain(
    text: &str,
    findings: &mut Vec<Finding>,
    interpolations: &[Interpolation],
    secrets: &[Span],
    origin: Origin,
) {
    findings.retain(|finding| {
        finding.rule.name != PASSWORD_IN_STRING.name
            || !is_unresolved_reference(text, finding.span, interpolations)
    });

    for finding in findings.iter_mut() {
        if ABSENCE_RULES.contains(&finding.rule.name) {
            continue;
        }
        let notes: Vec<String> = interpolations
            .iter()
            .filter(|interpolation| overlaps(finding.span, interpolation.reference))
            .filter_map(|interpolation| {
                let written =
                    text.get(interpolation.reference.start..interpolation.reference.end)?;
                let place = origin.place(interpolation.line);
                let secret = finding.rule.name == PASSWORD_IN_STRING.name
                    || is_secret_name(&interpolation.name)
                    || secrets.iter().any(|secret| overlaps(*secret, interpolation.reference));
                let shown = interpolation.value.len() <= LONGEST_SHOWN_VALUE
                    && !interpolation.value.contains(|ch: char| ch.is_control() || ch == '`');
                Some(if secret {
                    format!("`{written}` is set in clear text {place}.")
                } else if shown {
                    let set = if origin == Origin::SameFile { ", set" } else { "" };
                    format!("`{written}` is `{}`{set} {place}.", interpolation.value)
                } else {
                    format!("`{written}` is set {place}.")
                })
            })
            .collect();
        for note in notes {
            finding.message.push(' ');
            finding.message.push_str(&note);
        }
    }
}

fn is_secret_name(name: &str) -> bool {
    let name = name.to_ascii_uppercase();
    SECRET_NAME_WORDS.iter().any(|word| name.contains(word))
}

/// True when the spans share a byte, or an empty `a` sits inside `b`.
fn overlaps(a: Span, b: Span) -> bool {
    a.start < b.end && b.start < a.end.max(a.start + 1)
}
