//! initdb's `pg_hba.conf.sample` (which Debian ships under `/usr/share/postgresql/<major>/`
//! for `pg_createcluster`) is a template: `@authmethodhost@` and its siblings are replaced
//! when a cluster is created. A template is checked as the file it becomes.
//!
//! A pg_hba.conf the server reads that still holds a placeholder is broken: the server takes
//! the unquoted `@...` token for an `@file` that does not exist and refuses the whole file
//! (PostgreSQL 15: "could not open secondary authentication file", then "could not load
//! pg_hba.conf"). Such a file is also checked as filled, so that the other rules judge the
//! lines it means, and each placeholder is an error of its own.

use std::path::Path;

use crate::finding::{Finding, Fix, Rule, Severity};
use crate::span::Span;
use crate::syntax::pghba::HbaFile;

pub static UNFILLED_PLACEHOLDER: Rule =
    Rule { name: "hba-template-placeholder", url: super::facts::HBA_URL };

/// One placeholder of the template.
pub struct Placeholder {
    pub token: &'static str,
    /// What stands in its place when checking. The methods are the ones Debian's
    /// `pg_createcluster` writes (`peer` for the socket, `scram-sha-256` for TCP); the
    /// others are removed, as initdb removes them.
    filled_with: &'static str,
    /// What initdb puts there, for messages and hovers.
    pub stands_for: &'static str,
    /// What the quick fix writes in its place in a file the server reads.
    fix_with: &'static str,
}

const PLACEHOLDERS: [Placeholder; 4] = [
    Placeholder {
        token: "@remove-line-for-nolocal@",
        filled_with: "",
        stands_for: "initdb removes it, or the whole line on a server without Unix-domain \
                     sockets",
        fix_with: "",
    },
    Placeholder {
        token: "@authcomment@",
        filled_with: "#",
        stands_for: "initdb writes a comment there, a warning when it set up `trust`",
        fix_with: "",
    },
    Placeholder {
        token: "@authmethodhost@",
        filled_with: "scram-sha-256",
        stands_for: "initdb writes the authentication method for TCP connections there",
        fix_with: "scram-sha-256",
    },
    Placeholder {
        token: "@authmethodlocal@",
        filled_with: "peer",
        stands_for: "initdb writes the authentication method for Unix-socket connections \
                     there",
        fix_with: "peer",
    },
];

/// Whether the file at `path` is a template rather than a file the server reads: its name
/// ends in `.sample`, as `pg_hba.conf.sample` does.
pub fn is_template(path: &Path) -> bool {
    path.file_name().and_then(|name| name.to_str()).is_some_and(|name| name.ends_with(".sample"))
}

/// The text with every placeholder filled in, padded with spaces to the placeholder's
/// length so that every offset still points at the same byte; `None` when `text` holds
/// none.
pub fn fill(text: &str) -> Option<String> {
    if !PLACEHOLDERS.iter().any(|placeholder| text.contains(placeholder.token)) {
        return None;
    }

    let mut filled = text.to_string();
    for placeholder in &PLACEHOLDERS {
        let padded =
            format!("{:<width$}", placeholder.filled_with, width = placeholder.token.len());
        filled = filled.replace(placeholder.token, &padded);
    }
    Some(filled)
}

/// Every placeholder the server would read in `file` (the raw text `text`): those inside an
/// unquoted token; one in a comment or inside quotes is not an `@file` to the server.
pub fn placeholders_read(text: &str, file: &HbaFile) -> Vec<(Span, &'static Placeholder)> {
    let mut found = Vec::new();
    let tokens = file.records.iter().flat_map(|record| &record.fields).flat_map(|f| &f.tokens);
    for token in tokens.filter(|token| !token.quoted) {
        found.extend(placeholders_in(text, token.span));
    }
    found
}

/// The placeholders within `span` of `text`.
pub fn placeholders_in(text: &str, span: Span) -> Vec<(Span, &'static Placeholder)> {
    let Some(raw) = text.get(span.start..span.end) else {
        return Vec::new();
    };
    let mut found = Vec::new();
    for placeholder in &PLACEHOLDERS {
        for (at, _) in raw.match_indices(placeholder.token) {
            let start = span.start + at;
            found.push((Span::new(start, start + placeholder.token.len()), placeholder));
        }
    }
    found.sort_by_key(|(span, _)| span.start);
    found
}

/// An error on each placeholder the server would read in `text`, a file it reads.
///
/// FIXME: a placeholder in a file that this one includes (PostgreSQL 16's `include`) is
/// reported as a missing `@file` on the include line, not as an unfilled placeholder.
pub fn check_unfilled(text: &str, file: &HbaFile, findings: &mut Vec<Finding>) {
    for (span, placeholder) in placeholders_read(text, file) {
        let message = format!(
            "`{}` is a placeholder of initdb's pg_hba.conf template (Debian's \
             pg_hba.conf.sample) that was never filled in ({}). The server reads it as an \
             `@file` that does not exist and refuses the whole pg_hba.conf; fill it in as \
             initdb would.",
            placeholder.token, placeholder.stands_for
        );
        let title = match placeholder.fix_with {
            "" => "Remove the placeholder".to_string(),
            method => format!("Replace with `{method}`"),
        };
        let fix = Fix::replace(title, span, placeholder.fix_with);
        findings.push(
            Finding::new(&UNFILLED_PLACEHOLDER, Severity::Error, span, message).with_fix(fix),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fills_placeholders_keeping_offsets() {
        let template = "@authcomment@\n@remove-line-for-nolocal@local all all @authmethodlocal@\n";
        let filled = fill(template).expect("a template");

        assert_eq!(filled.len(), template.len());
        let lines: Vec<&str> = filled.lines().map(str::trim_end).collect();
        assert_eq!(lines, ["#", "                         local all all peer"]);
        assert_eq!(fill("local all all peer\n"), None);
    }

    #[test]
    fn templates_are_known_by_their_name() {
        let names = ["/usr/share/postgresql/15/pg_hba.conf.sample", "pg_hba.conf.sample"];
        assert!(names.iter().all(|name| is_template(Path::new(name))));
        let names = ["/etc/postgresql/15/main/pg_hba.conf", "sample/pg_hba.conf", "x.samples"];
        assert!(!names.iter().any(|name| is_template(Path::new(name))));
    }

    #[test]
    fn placeholders_in_comments_and_quotes_are_not_read() {
        let text = "host all all 127.0.0.1/32 @authmethodhost@ # @authmethodlocal@\n\
                    local all \"@authmethodlocal@\" peer\n\
                    @remove-line-for-nolocal@local all all @authmethodlocal@\n";
        let file = crate::syntax::pghba::parse(text);
        let read: Vec<&str> =
            placeholders_read(text, &file).iter().map(|(span, _)| span.of(text)).collect();
        assert_eq!(read, ["@authmethodhost@", "@remove-line-for-nolocal@", "@authmethodlocal@"]);
    }
}
