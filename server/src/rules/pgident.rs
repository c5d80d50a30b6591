//! Rules for `pg_ident.conf`: lines the server refuses when it loads the file (which makes
//! every login through the maps fail until fixed), backreferences that cannot be filled,
//! forms a major reads differently than a newer one, and lines that repeat another.
//!
//! The checks that need other files (the `pg_hba.conf` beside this one, included files)
//! live in `rules/multi/ident.rs` and [`check_with_files`].

pub mod includes;
pub mod regex;

use std::path::Path;

use crate::files::Files;
use crate::finding::{Edit, Finding, Fix, Rule, Severity, Tag};
use crate::settings::Settings;
use crate::span::Span;
use crate::syntax::pghba::{Field, IncludeKind, Record};
use crate::syntax::pgident::{self as syntax, Content, Mapping, PgUser, SystemUser};

/// The manual's page on user name maps.
pub const IDENT_URL: &str = "https://www.postgresql.org/docs/current/auth-username-maps.html";

pub static SYNTAX: Rule = Rule {
    name: "ident-syntax",
    url: "https://www.postgresql.org/docs/current/auth-username-maps.html",
};
pub static INVALID_REGEX: Rule = Rule {
    name: "ident-invalid-regex",
    url: "https://www.postgresql.org/docs/current/functions-matching.html#POSIX-SYNTAX-DETAILS",
};
pub static BACKREFERENCE: Rule = Rule {
    name: "ident-backreference-without-group",
    url: "https://www.postgresql.org/docs/current/auth-username-maps.html",
};
pub static NEWER_FORM: Rule = Rule {
    name: "ident-needs-newer-major",
    url: "https://www.postgresql.org/docs/16/auth-username-maps.html",
};
pub static IGNORED_FIELDS: Rule = Rule {
    name: "ident-ignored-fields",
    url: "https://www.postgresql.org/docs/current/auth-username-maps.html",
};
pub static DUPLICATE_LINE: Rule = Rule {
    name: "ident-duplicate-line",
    url: "https://www.postgresql.org/docs/current/auth-username-maps.html",
};
pub static MISSING_INCLUDE: Rule = Rule {
    name: "ident-missing-include",
    url: "https://www.postgresql.org/docs/current/auth-username-maps.html",
};
pub static INCLUDE_CYCLE: Rule = Rule {
    name: "ident-include-cycle",
    url: "https://www.postgresql.org/docs/current/auth-username-maps.html",
};

pub static RULES: &[&Rule] = &[
    &SYNTAX,
    &INVALID_REGEX,
    &BACKREFERENCE,
    &NEWER_FORM,
    &IGNORED_FIELDS,
    &DUPLICATE_LINE,
    &MISSING_INCLUDE,
    &INCLUDE_CYCLE,
];

pub fn check(text: &str, settings: &Settings) -> Vec<Finding> {
    let major = crate::knowledge::hba::major(settings);
    let file = syntax::parse_for(text, major);
    let mut findings = Vec::new();

    for line in &file.lines {
        match &line.content {
            Content::Include { .. } => {}
            Content::Incomplete => incomplete(&line.record, major, &mut findings),
            Content::Mapping(mapping) => {
                lists(mapping, &mut findings);
                regexes(mapping, major, &mut findings);
                backreference(mapping, &mut findings);
                newer_forms(mapping, major, &mut findings);
                ignored_fields(text, mapping, &mut findings);
            }
        }
    }
    duplicates(text, &file, &mut findings);
    findings
}

/// The findings that need the files around `path`: missing or looping includes and
/// `@file` lists, and the errors of the included files ([`includes::check`]).
pub fn check_with_files(
    path: &Path,
    text: &str,
    settings: &Settings,
    files: &dyn Files,
) -> Vec<Finding> {
    includes::check(path, text, settings, files)
}

/// A line of one or two fields. Before 16 this is also what an `include` line is.
fn incomplete(record: &Record, major: u32, findings: &mut Vec<Finding>) {
    let first = record.fields[0].first();
    let message = if major < syntax::KEYWORDS_SINCE && is_include_word(&first.text) {
        format!(
            "PostgreSQL {major} has no `{}` in pg_ident.conf (it came in 16): it reads this as \
            a map line with a field missing and refuses the whole file, so every login through \
            its maps fails. Copy the included lines here instead.",
            first.text
        )
    } else {
        "A map line needs three fields, `MAPNAME SYSTEM-USERNAME PG-USERNAME`: the server \
        refuses the whole file, so every login through its maps fails. Add the missing field."
            .to_string()
    };
    let last = record.fields.last().map_or(record.span, |field| field.span);
    findings.push(Finding::new(&SYNTAX, Severity::Error, last, message));
}

fn is_include_word(word: &str) -> bool {
    IncludeKind::from_name(word).is_some()
}

/// A comma list in one of the three fields, which the server refuses.
fn lists(mapping: &Mapping, findings: &mut Vec<Finding>) {
    for field in [&mapping.map, &mapping.system_user, &mapping.pg_user] {
        if field.tokens.len() < 2 {
            continue;
        }
        findings.push(Finding::new(
            &SYNTAX,
            Severity::Error,
            field.span,
            "A pg_ident.conf field holds one value, not a comma list: the server refuses the \
            whole file, so every login through its maps fails. Write one line per value (or \
            quote the name if the comma belongs to it).",
        ));
    }
}

/// Regular expressions the server cannot compile, which make it refuse the file.
fn regexes(mapping: &Mapping, major: u32, findings: &mut Vec<Finding>) {
    let system_user = mapping.system_user.first();
    let pg_user = mapping.pg_user.first();
    let patterns = [
        match SystemUser::of(system_user) {
            SystemUser::Regex(pattern) => Some((system_user, pattern)),
            SystemUser::Name(_) => None,
        },
        match PgUser::of(pg_user, major) {
            PgUser::Regex(pattern) => Some((pg_user, pattern)),
            _ => None,
        },
    ];

    // A field split at a comma is already refused as a list; its pieces are no regex.
    let single = [mapping.system_user.tokens.len() == 1, mapping.pg_user.tokens.len() == 1];
    let patterns =
        patterns.into_iter().zip(single).filter_map(|(found, single)| found.filter(|_| single));
    for (token, pattern) in patterns {
        let Some(problem) = regex::surely_invalid(pattern) else {
            continue;
        };
        findings.push(Finding::new(
            &INVALID_REGEX,
            Severity::Error,
            token.span,
            format!(
                "This regular expression does not compile ({problem}): the server refuses the \
                whole file, so every login through its maps fails. A name starting with `/` \
                is a regular expression; fix it, or drop the `/` for a plain name."
            ),
        ));
    }
}

/// `\1` in the PostgreSQL user name that no capture can fill.
fn backreference(mapping: &Mapping, findings: &mut Vec<Finding>) {
    let pg_user = mapping.pg_user.first();
    if !pg_user.text.contains("\\1") {
        return;
    }

    let message = match SystemUser::of(mapping.system_user.first()) {
        SystemUser::Name(_) => {
            "`\\1` is replaced only when the system user name is a regular expression (starting \
            with `/`); here the server looks for a role literally named with `\\1`, which does \
            not exist. Write the role name, or make the system user a `/regex` with a `(group)`."
        }
        SystemUser::Regex(pattern) if !syntax::has_capture_group(pattern) => {
            "`\\1` stands for the first parenthesised group of the system user's regular \
            expression, and it has none: every login through this line fails. Put the part to \
            keep in parentheses, as in `/^(.*)@example\\.com$`."
        }
        SystemUser::Regex(_) => return,
    };
    findings.push(Finding::new(&BACKREFERENCE, Severity::Warning, pg_user.span, message));
}

/// `all`, `+group` and `/regex` in the PostgreSQL user column before 16, where they are
/// plain role names that no role has.
fn newer_forms(mapping: &Mapping, major: u32, findings: &mut Vec<Finding>) {
    let pg_user = mapping.pg_user.first();
    if major >= syntax::KEYWORDS_SINCE {
        return;
    }
    let Some(form) = PgUser::newer_form(pg_user) else {
        return;
    };
    findings.push(Finding::new(
        &NEWER_FORM,
        Severity::Warning,
        pg_user.span,
        format!(
            "PostgreSQL {major} reads `{form}` in this column as a role literally named `{}`, \
            so logins through this line fail; the special meaning came in 16. Name the role \
            (one line per role) or upgrade.",
            pg_user.text
        ),
    ));
}

/// Fields after the third, which the server ignores without a word.
fn ignored_fields(text: &str, mapping: &Mapping, findings: &mut Vec<Finding>) {
    let (Some(first), Some(last)) = (mapping.extra.first(), mapping.extra.last()) else {
        return;
    };
    let span = first.span.cover(last.span);
    let removal = Span::new(mapping.pg_user.span.end, span.end);
    let mut finding = Finding::new(
        &IGNORED_FIELDS,
        Severity::Warning,
        span,
        "The server reads only three fields and ignores this text, so it does not do what it \
        seems to: a second role needs a line of its own. Remove it or make it a `#` comment.",
    )
    .with_tag(Tag::Unnecessary);
    if text.get(removal.start..removal.end).is_some() {
        finding = finding.with_fix(Fix::replace("Remove the ignored fields", removal, ""));
    }
    findings.push(finding);
}

/// The key under which two map lines are the same line: their values and quoting.
fn line_key(mapping: &Mapping) -> Vec<(&str, bool)> {
    let fields: [&Field; 3] = [&mapping.map, &mapping.system_user, &mapping.pg_user];
    fields
        .iter()
        .flat_map(|field| field.tokens.iter())
        .map(|token| (token.text.as_str(), token.quoted))
        .collect()
}

/// A map line identical to an earlier one adds nothing.
fn duplicates(text: &str, file: &syntax::IdentFile, findings: &mut Vec<Finding>) {
    let lines: Vec<(&Record, &Mapping)> = file
        .lines
        .iter()
        .filter_map(|line| match &line.content {
            Content::Mapping(mapping) => Some((&line.record, mapping)),
            _ => None,
        })
        .collect();

    for (at, (record, mapping)) in lines.iter().enumerate() {
        let key = line_key(mapping);
        let Some((earlier, _)) = lines[..at].iter().find(|(_, other)| line_key(other) == key)
        else {
            continue;
        };
        let mut finding = Finding::new(
            &DUPLICATE_LINE,
            Severity::Hint,
            record.span,
            format!(
                "This line repeats line {} of map `{}` and adds nothing; remove it.",
                earlier.line + 1,
                mapping.name()
            ),
        )
        .with_tag(Tag::Unnecessary)
        .with_related(earlier.span, "the same line, earlier");
        if let Some(span) = whole_lines(text, record) {
            finding = finding.with_fix(Fix::new(
                "Remove the repeated line",
                vec![Edit { span, new_text: String::new() }],
            ));
        }
        findings.push(finding);
    }
}

/// The physical lines a record covers, with the line break after them.
fn whole_lines(text: &str, record: &Record) -> Option<Span> {
    let end = record.comment.map_or(record.span.end, |comment| comment.end.max(record.span.end));
    let start = text.get(..record.span.start)?.rfind('\n').map_or(0, |at| at + 1);
    let end = text.get(end..)?.find('\n').map_or(text.len(), |at| end + at + 1);
    Some(Span::new(start, end))
}

#[cfg(test)]
mod tests;

#[cfg(test)]
mod differential;
