//! Rules for PgBouncer's `auth_file` (`userlist.txt`): lines PgBouncer cannot read or reads
//! differently than written, secrets in plain text, hashes that are not what they look like,
//! and SCRAM secrets that cannot log in to PostgreSQL unless they are PostgreSQL's own.
//!
//! No message, fix title or fix text repeats a secret: findings point at the secret's span,
//! and the only fix that touches a secret inserts quote characters around its pieces.

use crate::finding::{Edit, Finding, Fix, Rule, Severity, Tag};
use crate::settings::Settings;
use crate::span::Span;
use crate::syntax::userlist::{self as syntax, SecretKind, UserLine};

pub static SYNTAX: Rule = Rule {
    name: "pgb-userlist-syntax",
    url: "https://www.pgbouncer.org/config.html#authentication-file-format",
};
pub static UNESCAPED_QUOTE: Rule = Rule {
    name: "pgb-userlist-unescaped-quote",
    url: "https://www.pgbouncer.org/config.html#authentication-file-format",
};
pub static PLAIN_PASSWORD: Rule = Rule {
    name: "pgb-userlist-plain-password",
    url: "https://www.pgbouncer.org/config.html#authentication-file-format",
};
pub static MALFORMED_SECRET: Rule = Rule {
    name: "pgb-userlist-malformed-secret",
    url: "https://www.pgbouncer.org/config.html#authentication-file-format",
};
pub static SCRAM_SECRET: Rule = Rule {
    name: "pgb-userlist-scram-secret",
    url: "https://www.pgbouncer.org/config.html#auth_file",
};
pub static DUPLICATE_USER: Rule = Rule {
    name: "pgb-userlist-duplicate-user",
    url: "https://www.pgbouncer.org/config.html#authentication-file-format",
};

pub static RULES: &[&Rule] = &[
    &SYNTAX,
    &UNESCAPED_QUOTE,
    &PLAIN_PASSWORD,
    &MALFORMED_SECRET,
    &SCRAM_SECRET,
    &DUPLICATE_USER,
];

pub fn check(text: &str, _settings: &Settings) -> Vec<Finding> {
    let list = syntax::parse(text);
    let mut findings = Vec::new();

    syntax_errors(text, &list, &mut findings);
    for user in list.users() {
        ignored_text(text, user, &mut findings);
        secret_kind(user, &mut findings);
    }
    duplicate_users(&list, &mut findings);
    findings
}

fn syntax_errors(text: &str, list: &syntax::UserList, findings: &mut Vec<Finding>) {
    for error in &list.errors {
        let mut finding = Finding::new(&SYNTAX, Severity::Error, error.span, error.message.clone());
        if error.span.of(text) == "#" {
            finding = finding.with_fix(Fix::replace("Start the comment with ;", error.span, ";"));
        }
        findings.push(finding);
    }
}

/// Text between the fields or after the secret, which PgBouncer skips: after the secret it
/// is almost always the rest of a secret cut short by an unescaped `"`.
fn ignored_text(text: &str, user: &UserLine, findings: &mut Vec<Finding>) {
    if let Some(between) = user.between {
        findings.push(Finding::new(
            &SYNTAX,
            Severity::Warning,
            between,
            "PgBouncer skips this text between the user name and the secret; remove it.",
        ));
    }

    let Some(trailing) = user.trailing else {
        return;
    };
    let last_quote = trailing.of(text).rfind('"').map(|at| trailing.start + at);
    let Some(last_quote) = last_quote else {
        findings.push(
            Finding::new(
                &SYNTAX,
                Severity::Warning,
                trailing,
                "PgBouncer ignores the rest of the line after the secret; remove this text or \
                start a comment line with `;`.",
            )
            .with_tag(Tag::Unnecessary),
        );
        return;
    };

    // The secret the line means runs to its last quote; each lone quote inside gets doubled.
    let meant = Span::new(user.secret.inner.start, last_quote);
    let bytes = text.as_bytes();
    let mut edits = Vec::new();
    let mut pos = meant.start;
    while pos < meant.end {
        if bytes[pos] == b'"' {
            if pos + 1 < meant.end && bytes[pos + 1] == b'"' {
                pos += 2;
                continue;
            }
            edits.push(Edit { span: Span::empty(pos), new_text: "\"".to_string() });
        }
        pos += 1;
    }
    findings.push(
        Finding::new(
            &UNESCAPED_QUOTE,
            Severity::Error,
            Span::new(user.secret.span.end - 1, user.secret.span.end),
            "This `\"` ends the secret early: PgBouncer reads only the part before it and \
            ignores the rest of the line, so the password it checks is not the one written. \
            Write a `\"` inside a secret as `\"\"`.",
        )
        .with_fix(Fix::new("Double the quote characters inside the secret", edits)),
    );
}

fn secret_kind(user: &UserLine, findings: &mut Vec<Finding>) {
    let span = user.secret.inner;
    let name = &user.user.value;
    match SecretKind::of(&user.secret.value) {
        SecretKind::Plain => findings.push(Finding::new(
            &PLAIN_PASSWORD,
            Severity::Warning,
            span,
            format!(
                "The secret of `{name}` is a plain-text password, readable by anyone who can \
                read this file or its backups; store the SCRAM secret from PostgreSQL's \
                `pg_authid.rolpassword` instead."
            ),
        )),
        SecretKind::MalformedMd5 => findings.push(Finding::new(
            &MALFORMED_SECRET,
            Severity::Error,
            span,
            "This looks like an MD5 hash but is not `md5` and 32 lowercase hex digits, so \
            PgBouncer takes it as a plain-text password and every login with the real password \
            fails; copy the hash again from `pg_authid`.",
        )),
        SecretKind::MalformedScram(problem) => findings.push(Finding::new(
            &MALFORMED_SECRET,
            Severity::Error,
            span,
            format!(
                "This looks like a SCRAM secret but {problem}, so PgBouncer takes it as a \
                plain-text password and every login fails; copy it again from `pg_authid`."
            ),
        )),
        SecretKind::Scram { .. } => findings.push(Finding::new(
            &SCRAM_SECRET,
            Severity::Warning,
            span,
            "PgBouncer can log in to PostgreSQL with a SCRAM secret only if it is the very one \
            in the server's `pg_authid` (same salt and iterations) and the client itself logged \
            in with SCRAM; a secret generated elsewhere checks clients but fails at the server. \
            Copy `rolpassword` from `pg_authid`, or give the `[databases]` entry a password.",
        )),
        SecretKind::Empty | SecretKind::Md5 => {}
    }
}

/// A later line for the same user replaces the earlier one's secret.
fn duplicate_users(list: &syntax::UserList, findings: &mut Vec<Finding>) {
    let users: Vec<&UserLine> = list.users().collect();

    for (at, user) in users.iter().enumerate() {
        let Some(later) = users[at + 1..].iter().find(|later| later.user.value == user.user.value)
        else {
            continue;
        };
        findings.push(
            Finding::new(
                &DUPLICATE_USER,
                Severity::Hint,
                user.user.span,
                format!(
                    "`{}` appears again further down, and PgBouncer keeps only the later \
                    secret; remove this line.",
                    user.user.value
                ),
            )
            .with_tag(Tag::Unnecessary)
            .with_related(later.user.span, "the line PgBouncer uses"),
        );
    }
}

/// The secrets in the file, which no output may show: each secret from its opening quote's
/// next byte to the end of its line (a secret cut short by a stray quote goes on there), and
/// every line that does not parse, whole.
pub fn secret_spans(text: &str) -> Vec<Span> {
    let list = syntax::parse(text);
    let mut secrets: Vec<Span> =
        list.users().map(|user| Span::new(user.secret.inner.start, user.span.end)).collect();
    secrets.extend(list.broken_lines.iter().copied());
    secrets
}

#[cfg(test)]
mod tests;
