//! Secrets found by their look, in any kind of file, and the scrubbing of text that is
//! about to be shown.
//!
//! The parsers know where a password is when the text is well formed. This module is the
//! second line, for text they read otherwise or not at all: a misspelt `passwrod=`, a
//! connection string in a `postgresql.conf` value or on a broken `.env` line, a password
//! with an unencoded `/`. It errs on the side of hiding too much.

use std::borrow::Cow;
use std::sync::OnceLock;

use regex::Regex;

use crate::finding::Finding;
use crate::span::Span;
use crate::symbols::Symbol;

/// What stands in for a secret in anything shown.
pub const MASK: &str = "****";

/// Words that secrets are written with but that tell nothing about them: the prefix of a
/// SCRAM verifier or an MD5 hash. A run that lies within one of them is not scrubbed.
const PUBLIC_WORDS: [&str; 2] = ["SCRAM-SHA-256$4096:", "md5"];

/// Settings whose names look like secrets but whose values are not.
const NOT_SECRETS: [&str; 3] =
    ["password_encryption", "passwordcheck.min_password_length", "auth_type"];

/// The spans of every value that looks like a secret: the password of a URI's userinfo,
/// and the value after a key named like a password, secret or token (misspellings
/// included), written `key=value` or `key: value`.
pub fn secret_spans(text: &str) -> Vec<Span> {
    let mut spans = uri_passwords(text);
    spans.extend(secret_values(text));
    spans.sort();
    spans
}

/// `scheme://user:password@host`: from the first `:` after `://` to the last `@` of the
/// token, so that a password holding an unencoded `@` or `/` is covered whole.
fn uri_passwords(text: &str) -> Vec<Span> {
    static SCHEME: OnceLock<Regex> = OnceLock::new();
    let scheme = SCHEME.get_or_init(|| Regex::new(r"(?i)[a-z][a-z0-9+.\-]*://").expect("regex"));

    let mut spans = Vec::new();
    for found in scheme.find_iter(text) {
        let rest = &text[found.end()..];
        let token_len = rest.find(|ch: char| ch.is_whitespace() || "'\"`".contains(ch));
        let token = &rest[..token_len.unwrap_or(rest.len())];
        let (Some(colon), Some(at)) = (token.find(':'), token.rfind('@')) else {
            continue;
        };
        if colon < at {
            spans.push(Span::new(found.end() + colon + 1, found.end() + at));
        }
    }
    spans
}

/// Values after keys that name a secret.
fn secret_values(text: &str) -> Vec<Span> {
    static KEY: OnceLock<Regex> = OnceLock::new();
    let key = KEY.get_or_init(|| {
        Regex::new(r#"(?:^|[\s?&;,'"({\[])([A-Za-z_][A-Za-z0-9_.\-]*)[ \t]*[=:][ \t]*"#)
            .expect("regex")
    });

    let mut spans = Vec::new();
    for captures in key.captures_iter(text) {
        let (Some(name), Some(whole)) = (captures.get(1), captures.get(0)) else {
            continue;
        };
        if !names_a_secret(name.as_str()) {
            continue;
        }
        let start = whole.end();
        let end = start + value_len(&text[start..]);
        if end > start {
            spans.push(Span::new(start, end));
        }
    }
    spans
}

/// True for names like `password`, `PGPASSWORD`, `db_passwd`, `radiussecrets`,
/// `api_token` and near misses such as `passwrod` or `pasword`.
fn names_a_secret(name: &str) -> bool {
    let name = name.to_ascii_lowercase();
    if NOT_SECRETS.contains(&name.as_str()) {
        return false;
    }
    let words = ["pass", "pwd", "secret", "token"];
    words.iter().any(|word| name.contains(word))
        || name
            .split(['_', '.', '-'])
            .any(|part| strsim::levenshtein(part, "password") <= 2 && part.len() >= 6)
}

/// The length of a value at the start of `rest`: a quoted one up to its closing quote
/// (doubled or backslash-escaped quotes inside), else up to a blank, `&`, `;` or the
/// line's end.
fn value_len(rest: &str) -> usize {
    let mut chars = rest.char_indices().peekable();
    let Some(&(_, first)) = chars.peek() else {
        return 0;
    };

    if first == '\'' || first == '"' {
        chars.next();
        while let Some((at, ch)) = chars.next() {
            if ch == '\\' {
                chars.next();
            } else if ch == first {
                if chars.peek().is_some_and(|&(_, next)| next == first) {
                    chars.next();
                } else {
                    return at + ch.len_utf8();
                }
            } else if ch == '\n' {
                return at;
            }
        }
        return rest.len();
    }

    rest.find(|ch: char| ch.is_whitespace() || ch == '&' || ch == ';').unwrap_or(rest.len())
}

/// `text` with every run that also stands in a secret replaced by [`MASK`]. A run counts
/// when it is all of the secret, eight characters or more, or four or more that stand
/// apart as a word of their own and make at least half of the secret, so that a password
/// `s3cret` hides `'s3cr'` but leaves the word "secret" alone, and `s3cret-plain` leaves
/// "plain-text".
pub fn scrub<'a>(text: &'a str, secrets: &[&str]) -> Cow<'a, str> {
    let secrets: Vec<&str> = secrets.iter().copied().filter(|s| s.chars().count() >= 3).collect();
    if secrets.is_empty() {
        return Cow::Borrowed(text);
    }

    let mut scrubbed = String::with_capacity(text.len());
    let mut changed = false;
    let mut at = 0;
    while at < text.len() {
        let starts_word = !text[..at].chars().next_back().is_some_and(char::is_alphanumeric);
        let covered = secrets.iter().map(|secret| shared_run(text, at, starts_word, secret)).max();
        match covered.unwrap_or(0) {
            0 => {
                let len = text[at..].chars().next().map_or(1, char::len_utf8);
                scrubbed.push_str(&text[at..at + len]);
                at += len;
            }
            len => {
                scrubbed.push_str(MASK);
                changed = true;
                at += len;
            }
        }
    }
    if changed {
        Cow::Owned(scrubbed)
    } else {
        Cow::Borrowed(text)
    }
}

/// The byte length of the longest run of `text` from `at` that stands in `secret` and
/// counts (see [`scrub`]); else 0.
fn shared_run(text: &str, at: usize, starts_word: bool, secret: &str) -> usize {
    let rest = &text[at..];
    let mut ends = Vec::new();
    for (offset, ch) in rest.char_indices() {
        let end = offset + ch.len_utf8();
        if !secret.contains(&rest[..end]) {
            break;
        }
        ends.push(end);
    }

    ends.iter()
        .rev()
        .copied()
        .find(|&end| {
            let run = &rest[..end];
            let lower = run.to_ascii_lowercase();
            if PUBLIC_WORDS.iter().any(|word| word.to_ascii_lowercase().contains(&lower)) {
                return false;
            }
            let chars = run.chars().count();
            let ends_word = !rest[end..].chars().next().is_some_and(char::is_alphanumeric);
            let most_of_it = chars * 2 >= secret.chars().count();
            run == secret || chars >= 8 || (chars >= 4 && most_of_it && starts_word && ends_word)
        })
        .unwrap_or(0)
}

/// Makes findings safe to show: messages, fix titles and related notes are scrubbed, and
/// a fix whose new text repeats a piece of a secret is dropped. Fixes are meant to edit
/// around a secret (percent-encoding one character, say), never to rewrite it; this is
/// the guard that keeps the promise when one does not.
pub fn guard_findings(findings: &mut [Finding], secrets: &[&str]) {
    let secrets: Vec<&str> = secrets.iter().copied().filter(|s| s.chars().count() >= 3).collect();
    if secrets.is_empty() {
        return;
    }

    for finding in findings {
        finding.message = scrub(&finding.message, &secrets).into_owned();
        for related in &mut finding.related {
            related.message = scrub(&related.message, &secrets).into_owned();
        }
        finding.fixes.retain(|fix| {
            let carries = fix
                .edits
                .iter()
                .any(|edit| secrets.iter().any(|secret| shares_a_run(&edit.new_text, secret)));
            if carries {
                tracing::debug!(rule = finding.rule.name, "dropped a fix that carries a secret");
            }
            !carries
        });
        for fix in &mut finding.fixes {
            fix.title = scrub(&fix.title, &secrets).into_owned();
        }
    }
}

/// Scrubs the names and details of an outline.
pub fn guard_symbols(symbols: &mut [Symbol], secrets: &[&str]) {
    for symbol in symbols {
        symbol.name = scrub(&symbol.name, secrets).into_owned();
        symbol.detail = symbol.detail.as_deref().map(|detail| scrub(detail, secrets).into_owned());
        guard_symbols(&mut symbol.children, secrets);
    }
}

/// True when `text` holds four characters in a row of `secret`, or all of a shorter one.
fn shares_a_run(text: &str, secret: &str) -> bool {
    matches!(scrub(text, &[secret]), Cow::Owned(_))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn masked(text: &str) -> String {
        let mut out = text.to_string();
        for span in secret_spans(text).iter().rev() {
            out.replace_range(span.start..span.end, MASK);
        }
        out
    }

    #[test]
    fn finds_secrets_by_their_look() {
        let cases = [
            "primary_conninfo = 'host=h password=HUNTER5A sslmode=disable'",
            "C=\"host=h password='HUN''TER9C' dbname=x\"",
            "E=postgresql://u:HUN/TER9E@h.example.com/db",
            "J=host=h passwrod=HUNTER2J",
            "K=postgresql://u@h/db?pasword=HUNTER2K&sslmode=require",
            "e = host=h passwd=HUNTER3E",
            "auth_password = HUNTER3G",
            "host all all 0.0.0.0/0 radius radiussecret=HUNTER4D",
            "DATABASE_URL: postgresql://u:HUNTER6B@h/db",
            "password_encryption = scram-sha-256",
            "sslmode=verify-full host=db.example.com",
        ];
        let lines: Vec<String> = cases.iter().map(|case| masked(case)).collect();
        expect_test::expect![[r#"
            primary_conninfo = 'host=h password=**** sslmode=disable'
            C="host=h password=**** dbname=x"
            E=postgresql://u:****@h.example.com/db
            J=host=h passwrod=****
            K=postgresql://u@h/db?pasword=****&sslmode=require
            e = host=h passwd=****
            auth_password = ****
            host all all 0.0.0.0/0 radius radiussecret=****
            DATABASE_URL: postgresql://u:****@h/db
            password_encryption = scram-sha-256
            sslmode=verify-full host=db.example.com"#]]
        .assert_eq(&lines.join("\n"));
    }

    #[test]
    fn scrubs_pieces_of_secrets() {
        let secrets = ["'HUN''TER9C'", "abc", "s3cret"];
        let message = "`'TER9C'` has no `=` after it; abc and ab stay apart; a secret store";
        assert_eq!(
            scrub(message, &secrets),
            "`****` has no `=` after it; **** and ab stay apart; a secret store"
        );
        assert_eq!(scrub("the password s3cre, or s3cret", &secrets), "the password ****, or ****");
        let verifier = ["SCRAM-SHA-256$4096:c2FsdA==$a2V5:c2VydmVy"];
        let message = "a malformed SCRAM-SHA-256 secret";
        assert_eq!(scrub(message, &verifier), message);
        assert_eq!(scrub("a plain-text password", &["s3cret-plain"]), "a plain-text password");
        assert!(matches!(scrub("nothing here", &secrets), Cow::Borrowed(_)));
    }
}
