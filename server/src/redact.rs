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

/// Endings of names whose values say where a secret comes from or how it is kept, not
/// the secret: `ssl_passphrase_command`, `passfile`, `auth_file`, `sslpassword_type`, and
/// Kubernetes' references to a Secret (`secretKeyRef`, `secretRef`, `secretName`).
const NOT_SECRET_ENDINGS: [&str; 8] =
    ["command", "file", "_encryption", "_length", "_type", "keyref", "secretref", "secretname"];

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
    if NOT_SECRETS.contains(&name.as_str())
        || NOT_SECRET_ENDINGS.iter().any(|ending| name.ends_with(ending))
    {
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

/// A secret of the analysed text: where it stands in its source, so that a message's
/// excerpt can be told apart from our own words.
#[derive(Clone, Copy, Debug)]
pub struct Secret<'a> {
    /// The text the secret was found in (the analysed file, or a file it includes).
    pub source: &'a str,
    pub span: Span,
}

impl<'a> Secret<'a> {
    /// The secret at `span` of `source`; `None` when the span is not on char boundaries.
    pub fn new(source: &'a str, span: Span) -> Option<Secret<'a>> {
        source.get(span.start..span.end).map(|_| Secret { source, span })
    }

    /// The secret's own characters.
    pub fn text(&self) -> &'a str {
        &self.source[self.span.start..self.span.end]
    }

    /// True for a secret that could be mistaken for our own words: four characters or
    /// fewer, or letters and hyphens only (`the`, `require`, `verify-full`). Such a secret
    /// is masked only where the message quotes the source around it.
    fn is_wordlike(&self) -> bool {
        let text = self.text();
        text.chars().count() <= 4 || text.chars().all(|ch| ch.is_alphabetic() || ch == '-')
    }
}

/// The secrets at `spans` of `source`, skipping spans off char boundaries.
pub fn secrets_of<'a>(source: &'a str, spans: &[Span]) -> Vec<Secret<'a>> {
    spans.iter().filter_map(|span| Secret::new(source, *span)).collect()
}

/// `text` with every run that stands in a secret replaced by [`MASK`].
///
/// A run counts only as a whole token: bounded on both sides by characters that are not
/// letters, digits or `_`, never inside a longer word, so that masking neither garbles a
/// word nor tells the secret by where the stars fall. It counts when it is all of the
/// secret, or four characters or more that make half of it or eight characters, so that
/// a password `s3cret` hides `'s3cr'` but leaves the word "secret" alone. A word-like
/// secret (see [`Secret::is_wordlike`]) is masked only where the token around it, longer
/// than the run, is also found in the secret's source with the run inside the secret:
/// a password `the` leaves "a man in the middle" alone and hides `u:****@db`.
pub fn scrub<'a>(text: &'a str, secrets: &[Secret<'_>]) -> Cow<'a, str> {
    if secrets.is_empty() {
        return Cow::Borrowed(text);
    }

    let mut scrubbed = String::with_capacity(text.len());
    let mut changed = false;
    let mut at = 0;
    while at < text.len() {
        let starts_token = !text[..at].chars().next_back().is_some_and(is_word_char);
        let covered = if starts_token {
            secrets.iter().map(|secret| shared_run(text, at, secret)).max().unwrap_or(0)
        } else {
            0
        };
        match covered {
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

fn is_word_char(ch: char) -> bool {
    ch.is_alphanumeric() || ch == '_'
}

/// The byte length of the longest run of `text` from `at` (a token's start) that stands in
/// `secret` and counts (see [`scrub`]); else 0.
fn shared_run(text: &str, at: usize, secret: &Secret<'_>) -> usize {
    let rest = &text[at..];
    let secret_text = secret.text();
    let mut ends = Vec::new();
    for (offset, ch) in rest.char_indices() {
        let end = offset + ch.len_utf8();
        if !secret_text.contains(&rest[..end]) {
            break;
        }
        ends.push(end);
    }

    ends.iter()
        .rev()
        .copied()
        .find(|&end| {
            let run = &rest[..end];
            if rest[end..].chars().next().is_some_and(is_word_char) {
                return false;
            }
            let lower = run.to_ascii_lowercase();
            let public = PUBLIC_WORDS.iter().any(|word| word.to_ascii_lowercase().contains(&lower));
            if public && run != secret_text {
                return false;
            }
            let chars = run.chars().count();
            let most_of_it = chars * 2 >= secret_text.chars().count() || chars >= 8;
            let whole = run == secret_text;
            let counts = whole || (chars >= 4 && most_of_it);
            // A secret that reads like a word, or a piece of the secret made of letters
            // only, may be our own words ("a secret store" for a password `store12`):
            // masking them would garble the message and tell part of the secret by where
            // the stars fall. They are masked only where the message quotes the user's
            // text: inside backticks, or with the source around them.
            let letters_only = run.chars().all(char::is_alphabetic);
            let shown = if secret.is_wordlike() {
                quotes_the_source(text, at, end, secret)
            } else if !whole && letters_only {
                in_backticks(text, at) || quotes_the_source(text, at, end, secret)
            } else {
                true
            };
            counts && shown
        })
        .unwrap_or(0)
}

/// True when the byte `at` of a message stands inside a backtick quote, where messages
/// show the user's own text.
fn in_backticks(text: &str, at: usize) -> bool {
    text[..at].matches('`').count() % 2 == 1
}

/// True when the token of `text` around the run `at..at + len` (bounded by blanks, quotes
/// and backticks) stands in the secret's source with the run on the secret and reaches
/// beyond the secret: the message quotes the user's text there, not our own words.
fn quotes_the_source(text: &str, at: usize, len: usize, secret: &Secret<'_>) -> bool {
    let is_bound = |ch: char| ch.is_whitespace() || "`'\"".contains(ch);
    let token_start = text[..at]
        .char_indices()
        .rev()
        .find(|&(_, ch)| is_bound(ch))
        .map_or(0, |(bound, ch)| bound + ch.len_utf8());
    let token_end = text[at + len..].find(is_bound).map_or(text.len(), |bound| at + len + bound);
    let token = &text[token_start..token_end];
    let trimmed = token.trim_matches(|ch: char| ",.;:()[]".contains(ch));
    let trimmed_start = token_start
        + (token.len() - token.trim_start_matches(|ch: char| ",.;:()[]".contains(ch)).len());

    [(token, token_start), (trimmed, trimmed_start)].iter().any(|&(context, context_start)| {
        if at < context_start || at + len > context_start + context.len() {
            return false;
        }
        let run_offset = at - context_start;
        secret.source.match_indices(context).any(|(found, _)| {
            let run_start = found + run_offset;
            let run_on_secret =
                secret.span.start <= run_start && run_start + len <= secret.span.end;
            let reaches_beyond =
                found < secret.span.start || found + context.len() > secret.span.end;
            run_on_secret && reaches_beyond
        })
    })
}

/// Makes findings safe to show: messages, fix titles and related notes are scrubbed, and
/// a fix whose new text repeats a piece of a secret is dropped. Fixes are meant to edit
/// around a secret (percent-encoding one character, say), never to rewrite it; this is
/// the guard that keeps the promise when one does not.
pub fn guard_findings(findings: &mut [Finding], secrets: &[Secret<'_>]) {
    if secrets.is_empty() {
        return;
    }

    for finding in findings {
        finding.message = scrub(&finding.message, secrets).into_owned();
        for related in &mut finding.related {
            related.message = scrub(&related.message, secrets).into_owned();
        }
        finding.fixes.retain(|fix| {
            // A word-like secret (`verify-full`) is carried only where the new text quotes
            // the source around it; else `sslmode=verify-full` would be withheld.
            let carries = fix.edits.iter().any(|edit| {
                secrets.iter().any(|secret| {
                    if secret.is_wordlike() {
                        matches!(scrub(&edit.new_text, &[*secret]), Cow::Owned(_))
                    } else {
                        carries_a_piece(&edit.new_text, secret.text())
                    }
                })
            });
            if carries {
                tracing::debug!(rule = finding.rule.name, "dropped a fix that carries a secret");
            }
            !carries
        });
        for fix in &mut finding.fixes {
            fix.title = scrub(&fix.title, secrets).into_owned();
        }
    }
}

/// Scrubs the names and details of an outline.
pub fn guard_symbols(symbols: &mut [Symbol], secrets: &[Secret<'_>]) {
    for symbol in symbols {
        symbol.name = scrub(&symbol.name, secrets).into_owned();
        symbol.detail = symbol.detail.as_deref().map(|detail| scrub(detail, secrets).into_owned());
        guard_symbols(&mut symbol.children, secrets);
    }
}

/// True when `text` holds all of a secret of three characters or more, eight of its
/// characters in a row, or four that stand as a word and make half of it. Unlike
/// [`scrub`] it looks inside words too: a fix's new text is written into the document,
/// and one that might rewrite a secret is better withheld.
fn carries_a_piece(text: &str, secret: &str) -> bool {
    let secret_chars = secret.chars().count();
    if secret_chars < 3 {
        return false;
    }

    text.char_indices().any(|(at, _)| {
        let rest = &text[at..];
        let starts_word = !text[..at].chars().next_back().is_some_and(char::is_alphanumeric);
        let ends = rest.char_indices().map(|(offset, ch)| offset + ch.len_utf8());
        let mut runs = ends.take_while(|&end| secret.contains(&rest[..end]));
        runs.any(|end| {
            let run = &rest[..end];
            let lower = run.to_ascii_lowercase();
            if PUBLIC_WORDS.iter().any(|word| word.to_ascii_lowercase().contains(&lower)) {
                return false;
            }
            let chars = run.chars().count();
            let ends_word = !rest[end..].chars().next().is_some_and(char::is_alphanumeric);
            let most_of_it = chars * 2 >= secret_chars;
            run == secret || chars >= 8 || (chars >= 4 && most_of_it && starts_word && ends_word)
        })
    })
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

    /// The secrets of `source` found by their look.
    fn found(source: &str) -> Vec<Secret<'_>> {
        secrets_of(source, &secret_spans(source))
    }

    /// A password that starts with one of our words leaves that word alone in our own
    /// sentences, so that neither the message is garbled nor the secret's start told.
    #[test]
    fn pieces_that_are_our_own_words_stay() {
        for password in ["store12", "clear5", "secret5"] {
            let source = format!("A=postgresql://u:{password}@h/db\n");
            let secrets = found(&source);
            let message = "carries a password in clear text; keep it in a secret store";
            assert_eq!(scrub(message, &secrets), message, "{password}");
            let quoted = format!("`u:{password}@h` and `{password}`");
            assert_eq!(scrub(&quoted, &secrets), "`u:****@h` and `****`", "{password}");
        }
        let k8s = "env:\n  - name: PGPASSWORD\n    valueFrom:\n      secretKeyRef: \
                   {name: db, key: password}\n";
        assert!(found(k8s).is_empty(), "{:?}", found(k8s));
    }

    #[test]
    fn scrubs_pieces_of_secrets() {
        let source = "C=\"host=h password='HUN''TER9C'\"\nD=host=h password=abcd9\n\
                      E=host=h password=s3cret\n";
        let secrets = found(source);
        let message = "`'TER9C'` has no `=` after it; abcd9 and abc stay apart; a secret store";
        assert_eq!(
            scrub(message, &secrets),
            "`****` has no `=` after it; **** and abc stay apart; a secret store"
        );
        assert_eq!(scrub("the password s3cre, or s3cret", &secrets), "the password ****, or ****");
        assert_eq!(scrub("xs3cret and s3cretx stay", &secrets), "xs3cret and s3cretx stay");
        let verifier = "P=password=SCRAM-SHA-256$4096:c2FsdA==$a2V5:c2VydmVy\n";
        let message = "a malformed SCRAM-SHA-256 secret";
        assert_eq!(scrub(message, &found(verifier)), message);
        let plain = "P=password=s3cret-plain\n";
        assert_eq!(scrub("a plain-text password", &found(plain)), "a plain-text password");
        assert!(matches!(scrub("nothing here", &secrets), Cow::Borrowed(_)));
        let short = found("U=postgresql://u:the@h/db\n");
        assert_eq!(scrub("\u{a0}u:the@h/db\u{a0}the", &short), "\u{a0}u:****@h/db\u{a0}the");
    }

    /// A password that is also a word of our messages is masked where a message quotes the
    /// user's text around it, and nowhere else: no word is cut, and where the stars fall
    /// does not tell the password.
    #[test]
    fn word_like_passwords_are_masked_only_in_quotes_of_the_source() {
        let report: Vec<String> = ["the", "require", "a", "verify-full", "host"]
            .iter()
            .map(|password| {
                let source = format!("DATABASE_URL=postgresql://u:{password}@db.example.com/app\n");
                let secrets = found(&source);
                let message = format!(
                    "`u:{password}@db.example.com` sends the {password} without telling either \
                     end; a man in the middle reads `sslmode=require` or `sslmode=verify-full` \
                     for a host"
                );
                format!("{password}: {}", scrub(&message, &secrets))
            })
            .collect();
        expect_test::expect![[r#"
            the: `u:****@db.example.com` sends the the without telling either end; a man in the middle reads `sslmode=require` or `sslmode=verify-full` for a host
            require: `u:****@db.example.com` sends the require without telling either end; a man in the middle reads `sslmode=require` or `sslmode=verify-full` for a host
            a: `u:****@db.example.com` sends the a without telling either end; a man in the middle reads `sslmode=require` or `sslmode=verify-full` for a host
            verify-full: `u:****@db.example.com` sends the verify-full without telling either end; a man in the middle reads `sslmode=require` or `sslmode=verify-full` for a host
            host: `u:****@db.example.com` sends the host without telling either end; a man in the middle reads `sslmode=require` or `sslmode=verify-full` for a host"#]].assert_eq(&report.join("\n"));
    }

    #[test]
    fn commands_and_files_named_after_secrets_are_not_secrets() {
        let lines = [
            "ssl_passphrase_command = '/usr/local/bin/get-passphrase %p'",
            "passfile=/home/u/.pgpass",
            "auth_file = /etc/pgbouncer/userlist.txt",
            "sslpassword=s3cret-key",
        ];
        let masked: Vec<String> = lines.iter().map(|line| masked(line)).collect();
        expect_test::expect![[r#"
            ssl_passphrase_command = '/usr/local/bin/get-passphrase %p'
            passfile=/home/u/.pgpass
            auth_file = /etc/pgbouncer/userlist.txt
            sslpassword=****"#]]
        .assert_eq(&masked.join("\n"));
    }
}
