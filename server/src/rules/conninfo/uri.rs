//! Rules about how a URI is written: characters in the user information that libpq and
//! other URL parsers split differently, `keyword=value` text pasted after a space, and a
//! socket directory written where the database name goes.

use super::UNENCODED_USERINFO_CHAR;
use super::{fix, Ctx, WithFixes, URI_KEYWORD_AFTER_SPACE, URI_SOCKET_PATH_IN_PATH};
use crate::finding::{Edit, Finding, Severity};
use crate::knowledge::drivers::Driver;
use crate::span::Span;
use crate::syntax::conninfo::{self, Form, Origin};

/// Bytes that never need encoding in any part of a URI.
fn is_unreserved(byte: u8) -> bool {
    byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'.' | b'_' | b'~')
}

/// Percent-encodes every byte of `text` that is not unreserved.
pub(crate) fn encode_component(text: &str) -> String {
    let mut encoded = String::with_capacity(text.len());
    for &byte in text.as_bytes() {
        if is_unreserved(byte) {
            encoded.push(byte as char);
        } else {
            encoded.push_str(&format!("%{byte:02X}"));
        }
    }
    encoded
}

/// What is wrong with a character of the user information.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Problem {
    /// `@`: libpq splits at the first one.
    AtSign,
    /// `/`: libpq stops looking for user information there.
    Slash,
    /// `?`, `#`, `[`, `]`: libpq accepts them, other URL parsers cut the URL there.
    Reserved,
    /// `%` without two hex digits: libpq refuses the URI.
    BadEscape,
    /// `%XX` escapes that decode to bytes that are not UTF-8: a literal `%` was meant.
    StrayEscape,
    /// A blank: libpq 17 and newer refuse it, older ones keep it.
    Blank,
}

/// The span of the user information as the writer meant it: up to the LAST `@` before
/// the host, where libpq stops at the first.
fn intended_userinfo(ctx: &Ctx) -> Option<Span> {
    let start = ctx.info.scheme_span?.end;
    let bytes = ctx.text.as_bytes().get(start..)?;
    let first_slash = bytes.iter().position(|&b| b == b'/').unwrap_or(bytes.len());
    let last_at_before = |end: usize| bytes[..end].iter().rposition(|&b| b == b'@');

    let mut at = last_at_before(first_slash);
    if let Some(found) = at {
        // `host?application_name=a@b`: an `@` after `?...=` belongs to the query.
        if let Some(question) = bytes[..found].iter().position(|&b| b == b'?') {
            if bytes[question..found].contains(&b'=') {
                at = last_at_before(question);
            }
        }
    } else if ctx.info.userinfo_span.is_none() {
        // `user:pa/ss@host`: libpq read `user` as the host and `pa` as a port.
        let odd_port =
            ctx.info.hosts.first().and_then(|entry| entry.port_span).is_some_and(|port| {
                !port.is_empty() && !port.of(ctx.text).bytes().all(|b| b.is_ascii_digit())
            });
        if odd_port {
            let query = bytes.iter().position(|&b| b == b'?').unwrap_or(bytes.len());
            at = bytes[..query].iter().position(|&b| b == b'@');
        }
    }
    at.map(|found| Span::new(start, start + found))
}

/// The problems of one part (user name or password) of the user information.
fn problems(part: &str, blanks_refused: bool) -> Vec<Problem> {
    let mut found = Vec::new();
    for byte in part.bytes() {
        match byte {
            b' ' if blanks_refused => found.push(Problem::Blank),
            b'@' => found.push(Problem::AtSign),
            b'/' => found.push(Problem::Slash),
            b'?' | b'#' | b'[' | b']' => found.push(Problem::Reserved),
            _ => {}
        }
    }
    let (decoded, error) = conninfo::percent_decode(part, Span::new(0, part.len()));
    if error.is_some() {
        found.push(Problem::BadEscape);
    } else if std::str::from_utf8(&decoded).is_err() {
        found.push(Problem::StrayEscape);
    }
    found.sort();
    found.dedup();
    found
}

/// What rewrites a part so that every parser reads it alike: valid escapes kept when they
/// decode to text, every other `%` and reserved byte percent-encoded. Each replacement is
/// one character (its span within `part`) and its escape, so that a fix built from them
/// never repeats the rest of a password.
fn encoding_replacements(part: &str, keep_escapes: bool) -> Vec<(Span, String)> {
    let bytes = part.as_bytes();
    let mut replacements = Vec::new();
    let mut at = 0;
    while at < bytes.len() {
        let byte = bytes[at];
        let is_escape = byte == b'%'
            && bytes.get(at + 1).is_some_and(u8::is_ascii_hexdigit)
            && bytes.get(at + 2).is_some_and(u8::is_ascii_hexdigit);
        if keep_escapes && is_escape {
            at += 3;
            continue;
        }
        if !is_unreserved(byte) {
            // A character beyond ASCII is encoded whole, byte by byte.
            let len = part[at..].chars().next().map_or(1, char::len_utf8);
            let escaped: String =
                bytes[at..at + len].iter().map(|byte| format!("%{byte:02X}")).collect();
            replacements.push((Span::new(at, at + len), escaped));
            at += len;
            continue;
        }
        at += 1;
    }
    replacements
}

/// Reserved characters in the user information. Returns the span of the user
/// information when it reported something, so libpq's own errors there are not repeated.
pub(super) fn check_userinfo(ctx: &Ctx, findings: &mut Vec<Finding>) -> Option<Span> {
    if ctx.info.form != Form::Uri {
        return None;
    }
    let userinfo = intended_userinfo(ctx)?;
    let text = userinfo.of(ctx.text);
    let colon = text.find(':');
    let user = Span::new(userinfo.start, colon.map_or(userinfo.end, |at| userinfo.start + at));
    let password = colon.map(|at| Span::new(userinfo.start + at + 1, userinfo.end));

    let mut reported = false;
    for (span, what) in [(Some(user), "user name"), (password, "password")] {
        let Some(span) = span.filter(|span| !span.is_empty()) else {
            continue;
        };
        let part = span.of(ctx.text);
        let blanks_refused = ctx.info.libpq_major >= conninfo::URI_BLANKS_REFUSED_SINCE;
        let found = problems(part, blanks_refused);
        if found.is_empty() {
            continue;
        }
        reported = true;

        let mut reasons = Vec::new();
        for problem in &found {
            reasons.push(match problem {
                Problem::AtSign => {
                    "libpq ends the user information at the first `@`, so the rest becomes \
                     part of the host name"
                }
                Problem::Slash => {
                    "libpq stops looking for user information at the first `/`, so it \
                     reads the user name as a host and the password as a port"
                }
                Problem::Reserved => {
                    "libpq accepts `?`, `#`, `[` and `]` there, but most other URL parsers \
                     cut the URL at them, so other tools fail on it"
                }
                Problem::BadEscape => {
                    "a `%` without two hex digits after it makes libpq refuse the URI"
                }
                Problem::StrayEscape => {
                    "`%` followed by two hex digits is decoded as an escape, so what is \
                     sent is not what is written"
                }
                Problem::Blank => "libpq 17 and newer refuse a blank there",
            });
        }
        let message = format!(
            "The {what} must be percent-encoded in a URI: {}. Encode it (`@` as `%40`, `%` \
             as `%25`).",
            reasons.join("; ")
        );
        let keep_escapes = !found
            .iter()
            .any(|problem| matches!(problem, Problem::BadEscape | Problem::StrayEscape));
        let edits: Option<Vec<Edit>> = encoding_replacements(part, keep_escapes)
            .into_iter()
            .map(|(within, escaped)| ctx.edit(within.shifted(span.start), &escaped))
            .collect();
        let title = format!("Percent-encode the {what}");
        findings.push(
            Finding::new(&UNENCODED_USERINFO_CHAR, Severity::Error, ctx.src(span), message)
                .with_fixes(edits.map(|edits| crate::finding::Fix::new(title, edits))),
        );
    }
    reported.then_some(userinfo)
}

/// `keyword=value` text after a space in a URI's path, which libpq makes part of the
/// database name (libpq 17 and newer refuse the URI instead). Returns the path's span
/// when it reported something.
pub(super) fn check_keyword_after_space(ctx: &Ctx, findings: &mut Vec<Finding>) -> Option<Span> {
    let dbname = ctx.info.settings.iter().find(|s| s.origin == Origin::UriDbname)?;
    let path = dbname.value_span;
    let raw = path.of(ctx.text);
    let bytes = raw.as_bytes();
    let tail_start = (0..bytes.len()).find(|&at| {
        let after_blank = at > 0 && matches!(bytes[at - 1], b' ' | b'\t');
        after_blank && looks_like_pair(&raw[at..])
    });
    let tail_start = tail_start?;
    let blank_start = raw[..tail_start].trim_end().len();
    let tail = Span::new(path.start + tail_start, path.end);

    let pairs = conninfo::parse_key_value(tail.of(ctx.text));
    let joined: Vec<String> = pairs
        .settings
        .iter()
        .map(|s| format!("{}={}", s.written_keyword, encode_component(&s.value)))
        .collect();
    let moved = Span::new(path.start + blank_start, path.end);
    let edits = match ctx.info.query_span {
        None => vec![ctx.edit(moved, &format!("?{}", joined.join("&")))],
        Some(query) => {
            let separator = if query.is_empty() || ctx.text.ends_with('&') { "" } else { "&" };
            vec![
                ctx.edit(moved, ""),
                ctx.edit(Span::empty(ctx.text.len()), &format!("{separator}{}", joined.join("&"))),
            ]
        }
    };
    let edits: Option<Vec<_>> = edits.into_iter().collect();

    let message = "Everything between `/` and `?` is the database name, so the \
                   `keyword=value` text after the blank sets nothing: older libpq makes it \
                   part of the name, libpq 17 and newer refuse the URI. Move it after `?`, \
                   joined by `&`.";
    let mut finding =
        Finding::new(&URI_KEYWORD_AFTER_SPACE, Severity::Error, ctx.src(tail), message);
    if let Some(edits) = edits {
        finding =
            finding.with_fix(crate::finding::Fix::new("Move the settings into the query", edits));
    }
    findings.push(finding);
    Some(path)
}

/// True when `text` starts with `keyword=`.
fn looks_like_pair(text: &str) -> bool {
    let keyword_len = text.bytes().take_while(|&b| b.is_ascii_alphanumeric() || b == b'_').count();
    keyword_len > 0
        && text.as_bytes()[0].is_ascii_alphabetic()
        && text.as_bytes().get(keyword_len) == Some(&b'=')
}

/// A socket directory written after an empty host (`@/var/run/postgresql:6432/db`):
/// libpq connects to the default socket and takes the whole path as the database name.
pub(super) fn check_socket_path_in_path(ctx: &Ctx, findings: &mut Vec<Finding>) {
    let info = ctx.info;
    let no_host = info.hosts.len() == 1 && info.hosts[0].host_span.is_empty();
    let (true, Some(path)) = (no_host && info.hosts[0].port_span.is_none(), info.path_span) else {
        return;
    };
    let raw = path.of(ctx.text);
    let Some(last_slash) = raw.rfind('/') else {
        return;
    };
    let directory = &raw[..last_slash];
    if directory.is_empty() || directory.contains(' ') {
        return;
    }
    let database = &raw[last_slash + 1..];
    let (directory, port) = match directory.rsplit_once(':') {
        Some((dir, port)) if !port.is_empty() && port.bytes().all(|b| b.is_ascii_digit()) => {
            (dir, Some(port))
        }
        _ => (directory, None),
    };
    let consumer = ctx.consumer;
    let environ = consumer.known() && consumer.driver == Driver::DjangoEnviron;
    if environ
        && (raw.starts_with('/')
            || raw.get(..3).is_some_and(|head| head.eq_ignore_ascii_case("%2F")))
    {
        // django-environ's own socket form: a path that decodes to `/dir/db`.
        return;
    }
    let directory = directory.trim_start_matches('/');
    let encoded = format!("%2F{}", encode_component(directory));
    let port_part = port.map_or(String::new(), |port| format!(":{port}"));
    let replaced = Span::new(info.hosts[0].host_span.start, path.end);
    let in_host = ctx
        .edit(replaced, &format!("{encoded}{port_part}/{database}"))
        .map(|edit| fix("Move the socket directory into the host", edit));
    // django-environ decodes no host but takes a path that decodes to `/dir/db` as the
    // socket directory and the database (`db_url_config`).
    let in_path = ctx
        .edit(replaced, &format!("{port_part}/{encoded}/{database}"))
        .map(|edit| fix("Move the socket directory where django-environ reads it", edit));

    let (message, fixes) = match (environ, consumer.alternative) {
        (false, _) => (
            "With nothing between `@` and `/`, libpq uses the default socket and takes this \
             whole socket path as the database name. Write the directory percent-encoded in \
             the host position (`%2Fvar%2Frun%2Fpostgresql`)."
                .to_string(),
            vec![in_host],
        ),
        (true, None) => (
            format!(
                "With nothing between `@` and `/`, django-environ ({}) takes this whole socket \
                 path as the database name. It reads a socket directory from a path that \
                 starts percent-encoded (`/%2Fvar%2Frun%2Fpostgresql/db`).",
                consumer.reason()
            ),
            vec![in_path],
        ),
        (true, Some(_)) => (
            "With nothing between `@` and `/`, Django's URL helpers take this whole socket \
             path as the database name. dj-database-url reads the directory percent-encoded in \
             the host position (`%2Fvar%2Frun%2Fpostgresql`), django-environ only at the start \
             of the path (`/%2Fvar%2Frun%2Fpostgresql/db`)."
                .to_string(),
            vec![in_host, in_path],
        ),
    };
    let mut finding =
        Finding::new(&URI_SOCKET_PATH_IN_PATH, Severity::Error, ctx.src(path), message);
    for one in fixes.into_iter().flatten() {
        finding = finding.with_fix(one);
    }
    findings.push(finding);
}
