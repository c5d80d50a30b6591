//! The check every fix of an embedded connection string passes before it is offered: a
//! fix is written in the file's format (YAML, TOML, a shell word), whose rules the
//! connection string rules do not know, so each one is applied to the file and the
//! result read again. A fix that lands outside its scalar, breaks the file, changes
//! another string or leaves its finding in place is withheld.

use crate::finding::{Edit, Finding, Fix};
use crate::span::Span;
use crate::syntax::embedded::{Document, EmbeddedString, Format};

/// True when `edit` lies within the bytes that write the value of `string` (inside its
/// quotes): an edit may fix the string itself or a `PG*` variable beside it.
fn holds(string: &EmbeddedString, edit: &Edit) -> bool {
    let content = string.map.span(Span::new(0, string.value.len()));
    content.start <= edit.span.start && edit.span.end <= content.end
}

/// One finding of the string at `index` of `document`, read from `text` as `format`.
pub(super) struct Target<'a> {
    pub format: Format,
    pub text: &'a str,
    pub document: &'a Document,
    pub index: usize,
}

/// Keeps only the fixes of `finding` that are safe in the file; `recheck` gives the
/// findings of a string of another version of the file (the one with the fix applied).
pub(super) fn keep_safe_fixes(
    target: &Target,
    finding: &mut Finding,
    recheck: &dyn Fn(&str, &Document, usize) -> Vec<Finding>,
) {
    if finding.fixes.is_empty() {
        return;
    }
    let rule = finding.rule.name;
    let before = count_of(rule, &recheck(target.text, target.document, target.index));
    finding.fixes.retain(|fix| is_safe(target, fix, rule, before, recheck));
}

fn count_of(rule: &str, findings: &[Finding]) -> usize {
    findings.iter().filter(|finding| finding.rule.name == rule).count()
}

/// True when `fix` edits only the bytes of string values, the file still reads as it did
/// (no new syntax error, the same strings at the same places, one of them changed) and
/// the string then draws fewer findings of `rule` than the `before` it had.
fn is_safe(
    target: &Target,
    fix: &Fix,
    rule: &str,
    before: usize,
    recheck: &dyn Fn(&str, &Document, usize) -> Vec<Finding>,
) -> bool {
    let Some((fixed, reread)) = reread_fixed(target.format, target.text, target.document, fix)
    else {
        return false;
    };
    count_of(rule, &recheck(&fixed, &reread, target.index)) < before
}

/// The file with `fix` applied and read again, when the fix edits only string values and
/// the file still reads as it did: no new syntax error, the same strings at the same
/// places, one of them changed.
pub(super) fn reread_fixed(
    format: Format,
    text: &str,
    document: &Document,
    fix: &Fix,
) -> Option<(String, Document)> {
    let strings = &document.strings;
    if fix.edits.is_empty() || !fix.edits.iter().all(|edit| strings.iter().any(|s| holds(s, edit)))
    {
        return None;
    }
    let fixed = apply(text, fix)?;

    let reread = super::document(format, &fixed);
    if reread.error.is_some() && document.error.is_none() {
        return None;
    }
    if reread.strings.len() != strings.len() {
        return None;
    }
    let same_places = strings
        .iter()
        .zip(&reread.strings)
        .all(|(old, new)| moved(fix, old.span.start) == new.span.start && old.key == new.key);
    let changed = strings.iter().zip(&reread.strings).any(|(old, new)| old.value != new.value);
    if !same_places || !changed {
        return None;
    }

    Some((fixed, reread))
}

/// Where source offset `offset` is once `fix` is applied: shifted by the edits wholly
/// before it.
fn moved(fix: &Fix, offset: usize) -> usize {
    let before =
        fix.edits.iter().filter(|edit| edit.span.start < offset && edit.span.end <= offset);
    let grown: usize = before.clone().map(|edit| edit.new_text.len()).sum();
    let removed: usize = before.map(|edit| edit.span.end - edit.span.start).sum();
    (offset + grown).saturating_sub(removed)
}

/// `text` with the edits of `fix` applied, or `None` when they overlap or do not fall
/// on character boundaries.
pub(crate) fn apply(text: &str, fix: &Fix) -> Option<String> {
    let mut edits: Vec<_> = fix.edits.iter().collect();
    edits.sort_by_key(|edit| (edit.span.start, edit.span.end));
    let overlapping = edits.windows(2).any(|pair| pair[0].span.end > pair[1].span.start);
    if overlapping {
        return None;
    }
    let mut fixed = text.to_string();
    for edit in edits.iter().rev() {
        let range = edit.span.start..edit.span.end;
        if !text.is_char_boundary(range.start) || text.get(range.clone()).is_none() {
            return None;
        }
        fixed.replace_range(range, &edit.new_text);
    }
    Some(fixed)
}
