//! libpq connection strings, in both of libpq's forms, read the way libpq reads them.
//!
//! A string that starts with `postgresql://` or `postgres://` is a URI; anything else is a
//! list of `keyword=value` pairs. The rules below follow libpq's own parser step by step
//! (its quirks included: the user information ends at the FIRST `@`, a value may be
//! empty only when quoted, `ssl=true` in a URI means `sslmode=require`), so that what we
//! report is what psql and every libpq-based driver will do with the string.
//!
//! The parser never fails. Where libpq would refuse the whole string, the reason is kept
//! in [`ConnInfo::errors`] and parsing goes on, so later settings can still be checked.

pub mod source_map;

pub use source_map::{Quoting, SourceMap};

use crate::span::Span;

/// The URI prefixes libpq recognizes; anything else is read as `keyword=value` pairs.
pub const URI_PREFIXES: [&str; 2] = ["postgresql://", "postgres://"];

/// Which of libpq's two syntaxes a string is written in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Form {
    Uri,
    KeyValue,
}

/// Where in the string a setting was written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Origin {
    /// A `keyword=value` pair.
    KeyValue,
    /// The user name before `:` or `@` in a URI.
    UriUser,
    /// The password between `:` and `@` in a URI.
    UriPassword,
    /// The host list of a URI (`host1:port1,host2`).
    UriHost,
    /// The ports of a URI's host list.
    UriPort,
    /// The path of a URI.
    UriDbname,
    /// A `keyword=value` parameter after `?` in a URI.
    UriQuery,
}

/// One value libpq stores under a keyword. Later settings of a keyword win.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Setting {
    /// The keyword libpq stores the value under, after its aliases (`ssl=true` and
    /// `requiressl` both store `sslmode`).
    pub keyword: String,
    /// The keyword as written (decoded); for URI parts, the part's keyword.
    pub written_keyword: String,
    /// The keyword as written; for URI parts, the same as `value_span`.
    pub key_span: Span,
    /// The value libpq stores: unquoted, unescaped, percent-decoded, aliases applied.
    pub value: String,
    /// The value as written, quotes included.
    pub value_span: Span,
    /// The whole `keyword=value` text; for URI parts, the value.
    pub span: Span,
    pub origin: Origin,
    /// True when the keyword was one of libpq's backward-compatible aliases.
    pub alias: bool,
}

/// One entry of a URI's host list.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HostEntry {
    /// The host without IPv6 brackets, as written (not decoded).
    pub host_span: Span,
    /// The port after `:`, if one was written.
    pub port_span: Option<Span>,
    /// True for a bracketed IPv6 address.
    pub bracketed: bool,
}

/// Why libpq would reject a string, with the span of the offending text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SyntaxError {
    pub span: Span,
    pub message: String,
}

/// A parsed connection string.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConnInfo {
    pub form: Form,
    /// The whole string.
    pub span: Span,
    /// A URI's scheme and `://`.
    pub scheme_span: Option<Span>,
    /// A URI's `user[:password]` before the `@` libpq splits at.
    pub userinfo_span: Option<Span>,
    /// A URI's host list as written, entry by entry.
    pub hosts: Vec<HostEntry>,
    /// A URI's path after `/`, up to `?`.
    pub path_span: Option<Span>,
    /// A URI's text after `?` (possibly empty), when there is a `?`.
    pub query_span: Option<Span>,
    pub settings: Vec<Setting>,
    pub errors: Vec<SyntaxError>,
    /// The libpq major whose reading this is (it matters for blanks in a URI).
    pub libpq_major: u32,
}

impl ConnInfo {
    /// The setting libpq ends up using for `keyword`: the last one written.
    pub fn get(&self, keyword: &str) -> Option<&Setting> {
        self.settings.iter().rev().find(|setting| setting.keyword == keyword)
    }

    /// The value libpq ends up using for `keyword`, if the string sets it.
    pub fn value(&self, keyword: &str) -> Option<&str> {
        self.get(keyword).map(|setting| setting.value.as_str())
    }
}

/// An environment variable that libpq would read, as a `.env` file sets it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EnvVar {
    pub name: String,
    pub value: String,
    /// The value's text in the file, inside any quotes.
    pub span: Span,
    pub quoting: Quoting,
    /// Where a new line may be inserted after the assignment (the end of its line).
    pub line_end: usize,
}

/// The variables a connection string's libpq falls back to for keywords the string
/// does not set (`PGSSLMODE`, `PGSSLROOTCERT`, `PGHOST`...). The last assignment wins.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Environment {
    pub vars: Vec<EnvVar>,
}

impl Environment {
    pub fn get(&self, name: &str) -> Option<&EnvVar> {
        self.vars.iter().rev().find(|var| var.name == name)
    }
}

/// The length of the URI prefix `text` starts with, 0 for a `keyword=value` string.
pub fn uri_prefix_len(text: &str) -> usize {
    URI_PREFIXES.iter().find(|prefix| text.starts_with(*prefix)).map_or(0, |prefix| prefix.len())
}

/// The first libpq major whose URI decoder drops blanks at the ends of a part and
/// refuses blanks inside one.
///
/// FIXME: the recorded oracle covers libpq 15 (keeps blanks) and 18 (refuses them);
/// that 17 is the first to refuse comes from user reports and wants a libpq 17 run.
pub const URI_BLANKS_REFUSED_SINCE: u32 = 17;

/// The major to read strings as when none is given: the newest behaviour.
pub const NEWEST: u32 = u32::MAX;

/// Parses a connection string as the newest libpq would.
pub fn parse(text: &str) -> ConnInfo {
    parse_for(text, NEWEST)
}

/// Parses a connection string as libpq `libpq_major` would.
pub fn parse_for(text: &str, libpq_major: u32) -> ConnInfo {
    match uri_prefix_len(text) {
        0 => parse_key_value(text),
        prefix_len => parse_uri(text, prefix_len, libpq_major),
    }
}

/// libpq's notion of white space (C `isspace` in the C locale).
fn is_space(byte: u8) -> bool {
    matches!(byte, b' ' | b'\t' | b'\n' | b'\r' | 0x0b | 0x0c)
}

/// Parses `keyword=value` pairs: blanks around `=` are free, a value ends at a blank
/// unless single-quoted, and a backslash takes the next character literally.
pub fn parse_key_value(text: &str) -> ConnInfo {
    let bytes = text.as_bytes();
    let mut info = ConnInfo {
        form: Form::KeyValue,
        span: Span::new(0, text.len()),
        scheme_span: None,
        userinfo_span: None,
        hosts: Vec::new(),
        path_span: None,
        query_span: None,
        settings: Vec::new(),
        errors: Vec::new(),
        libpq_major: NEWEST,
    };

    let mut at = 0;
    while at < bytes.len() {
        if is_space(bytes[at]) {
            at += 1;
            continue;
        }

        // The keyword runs to `=` or to a blank, after which only blanks may precede `=`.
        let key_start = at;
        let mut key_end = None;
        while at < bytes.len() && bytes[at] != b'=' {
            if is_space(bytes[at]) {
                key_end = Some(at);
                while at < bytes.len() && is_space(bytes[at]) {
                    at += 1;
                }
                break;
            }
            at += 1;
        }
        let key_end = key_end.unwrap_or(at);
        let key_span = Span::new(key_start, key_end);
        if at >= bytes.len() || bytes[at] != b'=' {
            info.errors.push(SyntaxError {
                span: key_span,
                message: format!(
                    "`{}` has no `=` after it: libpq expects `keyword=value` pairs \
                     and rejects the whole string",
                    key_span.of(text)
                ),
            });
            continue;
        }
        at += 1;

        // Blanks after `=` are skipped, so `host= port=5432` gives host the text
        // `port=5432`, as libpq does.
        while at < bytes.len() && is_space(bytes[at]) {
            at += 1;
        }
        let value_start = at;
        let mut value = Vec::new();
        if bytes.get(at) == Some(&b'\'') {
            at += 1;
            let mut closed = false;
            while at < bytes.len() {
                match bytes[at] {
                    b'\\' => {
                        at += 1;
                        if at < bytes.len() {
                            value.push(bytes[at]);
                            at += 1;
                        }
                    }
                    b'\'' => {
                        at += 1;
                        closed = true;
                        break;
                    }
                    byte => {
                        value.push(byte);
                        at += 1;
                    }
                }
            }
            if !closed {
                info.errors.push(SyntaxError {
                    span: Span::new(value_start, at),
                    message: "This quoted value never ends: libpq needs a closing `'` \
                              and rejects the whole string"
                        .to_string(),
                });
            }
        } else {
            while at < bytes.len() && !is_space(bytes[at]) {
                if bytes[at] == b'\\' {
                    at += 1;
                    if at < bytes.len() {
                        value.push(bytes[at]);
                        at += 1;
                    }
                } else {
                    value.push(bytes[at]);
                    at += 1;
                }
            }
        }
        let value_span = Span::new(value_start, at);

        let written_keyword = key_span.of(text).to_string();
        let value = String::from_utf8_lossy(&value).into_owned();
        push_setting(&mut info, written_keyword, key_span, value, value_span, Origin::KeyValue);
    }
    info
}

/// Stores a setting, applying the alias libpq applies to every keyword it stores:
/// `requiressl=1` means `sslmode=require` and any other `requiressl` means `prefer`.
fn push_setting(
    info: &mut ConnInfo,
    written_keyword: String,
    key_span: Span,
    value: String,
    value_span: Span,
    origin: Origin,
) {
    let (keyword, value, alias) = if written_keyword == "requiressl" {
        let mode = if value.starts_with('1') { "require" } else { "prefer" };
        ("sslmode".to_string(), mode.to_string(), true)
    } else {
        (written_keyword.clone(), value, false)
    };
    let span = match origin {
        Origin::KeyValue | Origin::UriQuery => key_span.cover(value_span),
        _ => value_span,
    };
    info.settings.push(Setting {
        keyword,
        written_keyword,
        key_span,
        value,
        value_span,
        span,
        origin,
        alias,
    });
}

/// Percent-decodes `span` of `text` as libpq does: `%` must be followed by two hex
/// digits and may not encode a zero byte. On error the raw text is returned beside it.
pub fn percent_decode(text: &str, span: Span) -> (Vec<u8>, Option<SyntaxError>) {
    let bytes = &text.as_bytes()[span.start..span.end];
    let mut decoded = Vec::with_capacity(bytes.len());
    let mut at = 0;
    while at < bytes.len() {
        if bytes[at] != b'%' {
            decoded.push(bytes[at]);
            at += 1;
            continue;
        }
        let digits = bytes.get(at + 1..at + 3);
        let value = digits.and_then(|pair| {
            let pair = std::str::from_utf8(pair).ok()?;
            u8::from_str_radix(pair, 16)
                .ok()
                .filter(|_| pair.bytes().all(|byte| byte.is_ascii_hexdigit()))
        });
        match value {
            Some(0) => {
                let error = SyntaxError {
                    span: Span::new(span.start + at, span.start + at + 3),
                    message: "`%00` would put a zero byte into the value, which libpq \
                              forbids; it rejects the whole string"
                        .to_string(),
                };
                return (bytes.to_vec(), Some(error));
            }
            Some(byte) => {
                decoded.push(byte);
                at += 3;
            }
            None => {
                let end = (span.start + at + 3).min(span.end);
                let error = SyntaxError {
                    span: Span::new(span.start + at, floor_boundary(text, end)),
                    message: "A `%` must start a two-digit hex escape such as `%40`; \
                              write a literal percent sign as `%25`. libpq rejects the \
                              whole string"
                        .to_string(),
                };
                return (bytes.to_vec(), Some(error));
            }
        }
    }
    (decoded, None)
}

/// The largest char boundary of `text` not after `offset`.
fn floor_boundary(text: &str, mut offset: usize) -> usize {
    while offset > 0 && !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

/// Decodes a URI part, keeping libpq's error beside the tree. Newer libpq drops
/// blanks at the part's ends and refuses blanks inside it.
fn decode_part(info: &mut ConnInfo, text: &str, span: Span) -> String {
    let span = if info.libpq_major >= URI_BLANKS_REFUSED_SINCE {
        let trimmed = trim_blanks(text, span, true, true);
        check_inner_blanks(info, text, trimmed);
        trimmed
    } else {
        span
    };
    decode_raw(info, text, span)
}

/// `span` without the blanks (` ` only) at its start and/or end.
fn trim_blanks(text: &str, span: Span, start: bool, end: bool) -> Span {
    let raw = span.of(text);
    let mut trimmed = span;
    if start {
        trimmed.start += raw.len() - raw.trim_start_matches(' ').len();
    }
    if end {
        trimmed.end -= raw.len() - raw.trim_end_matches(' ').len();
    }
    if trimmed.end < trimmed.start {
        trimmed.end = trimmed.start;
    }
    trimmed
}

/// Newer libpq's refusal of a blank inside a URI part.
fn check_inner_blanks(info: &mut ConnInfo, text: &str, span: Span) {
    if span.of(text).contains(' ') {
        info.errors.push(SyntaxError {
            span,
            message: format!(
                "A blank inside this part of the URI makes libpq {URI_BLANKS_REFUSED_SINCE} \
                 and newer refuse it; write it as `%20`"
            ),
        });
    }
}

/// Decodes the host (or port) parts of a host list. libpq decodes the comma-joined
/// list as one text, so only the list's own ends may carry blanks.
fn decode_list(info: &mut ConnInfo, text: &str, parts: &[Span]) -> Vec<String> {
    let newer = info.libpq_major >= URI_BLANKS_REFUSED_SINCE;
    let last = parts.len().saturating_sub(1);
    parts
        .iter()
        .enumerate()
        .map(|(index, &span)| {
            let span = if newer {
                let trimmed = trim_blanks(text, span, index == 0, index == last);
                check_inner_blanks(info, text, trimmed);
                trimmed
            } else {
                span
            };
            decode_raw(info, text, span)
        })
        .collect()
}

/// Percent-decodes a span, keeping libpq's error beside the tree.
fn decode_raw(info: &mut ConnInfo, text: &str, span: Span) -> String {
    let (decoded, error) = percent_decode(text, span);
    if let Some(error) = error {
        info.errors.push(error);
    }
    String::from_utf8_lossy(&decoded).into_owned()
}

/// Parses a URI whose scheme and `://` take the first `prefix_len` bytes.
///
/// `[user[:password]@][host][:port][,host[:port]...][/dbname][?keyword=value&...]`,
/// where the user information ends at the first `@` before any `/`, and each part may
/// be percent-encoded. Dialects with other schemes (`postgresql+psycopg2://`) reuse it.
pub fn parse_uri(text: &str, prefix_len: usize, libpq_major: u32) -> ConnInfo {
    let bytes = text.as_bytes();
    let prefix_len = prefix_len.min(text.len());
    let mut info = ConnInfo {
        form: Form::Uri,
        span: Span::new(0, text.len()),
        scheme_span: Some(Span::new(0, prefix_len)),
        userinfo_span: None,
        hosts: Vec::new(),
        path_span: None,
        query_span: None,
        settings: Vec::new(),
        errors: Vec::new(),
        libpq_major,
    };

    // User information: libpq looks for an `@` before the first `/` and takes the FIRST
    // one; the user ends at the first `:`.
    let start = prefix_len;
    let mut at = start;
    while at < bytes.len() && bytes[at] != b'@' && bytes[at] != b'/' {
        at += 1;
    }
    if bytes.get(at) == Some(&b'@') {
        let at_sign = at;
        info.userinfo_span = Some(Span::new(start, at_sign));
        let user_end = (start..at_sign).find(|&i| bytes[i] == b':').unwrap_or(at_sign);
        let user_span = Span::new(start, user_end);
        if !user_span.is_empty() {
            let user = decode_part(&mut info, text, user_span);
            push_setting(&mut info, "user".into(), user_span, user, user_span, Origin::UriUser);
        }
        if user_end < at_sign {
            let password_span = Span::new(user_end + 1, at_sign);
            if !password_span.is_empty() {
                let password = decode_part(&mut info, text, password_span);
                push_setting(
                    &mut info,
                    "password".into(),
                    password_span,
                    password,
                    password_span,
                    Origin::UriPassword,
                );
            }
        }
        at = at_sign + 1;
    } else {
        at = start;
    }

    // The host list: entries separated by `,`, each a name or a bracketed IPv6 address
    // with an optional `:port`.
    let is_host_end = |byte: u8| matches!(byte, b':' | b'/' | b'?' | b',');
    let list_start = at;
    let mut terminator;
    loop {
        let entry_start = at;
        let mut bracketed = false;
        let host_span;
        if bytes.get(at) == Some(&b'[') {
            bracketed = true;
            let inner = at + 1;
            let close = (inner..bytes.len()).find(|&i| bytes[i] == b']');
            match close {
                None => {
                    info.errors.push(SyntaxError {
                        span: Span::new(at, bytes.len()),
                        message: "This IPv6 address has no closing `]`; libpq rejects \
                                  the whole string"
                            .to_string(),
                    });
                    host_span = Span::new(inner, bytes.len());
                    at = bytes.len();
                }
                Some(close) => {
                    host_span = Span::new(inner, close);
                    if host_span.is_empty() {
                        info.errors.push(SyntaxError {
                            span: Span::new(at, close + 1),
                            message: "`[]` holds no IPv6 address; libpq rejects the \
                                      whole string"
                                .to_string(),
                        });
                    }
                    at = close + 1;
                    if at < bytes.len() && !is_host_end(bytes[at]) {
                        let bad_end = floor_boundary(text, (at + 1).min(bytes.len()));
                        let bad_end = if bad_end == at {
                            text[at..].chars().next().map_or(at, |ch| at + ch.len_utf8())
                        } else {
                            bad_end
                        };
                        info.errors.push(SyntaxError {
                            span: Span::new(at, bad_end),
                            message: "After an IPv6 address in brackets libpq expects \
                                      `:port`, `,`, `/` or `?`; it rejects the whole \
                                      string"
                                .to_string(),
                        });
                        while at < bytes.len() && !is_host_end(bytes[at]) {
                            at += 1;
                        }
                    }
                }
            }
        } else {
            while at < bytes.len() && !is_host_end(bytes[at]) {
                at += 1;
            }
            host_span = Span::new(entry_start, at);
        }

        terminator = bytes.get(at).copied();
        let mut port_span = None;
        if terminator == Some(b':') {
            at += 1;
            let port_start = at;
            while at < bytes.len() && !matches!(bytes[at], b'/' | b'?' | b',') {
                at += 1;
            }
            port_span = Some(Span::new(port_start, at));
            terminator = bytes.get(at).copied();
        }
        info.hosts.push(HostEntry { host_span, port_span, bracketed });
        if terminator != Some(b',') {
            break;
        }
        at += 1;
    }
    let list_span = Span::new(list_start, at);

    // libpq joins the hosts (and the ports) with commas and stores them only when the
    // joined text is not empty; an absent host means the default socket.
    let hosts_written = info.hosts.len() > 1 || info.hosts.iter().any(|h| !h.host_span.is_empty());
    if hosts_written {
        let spans: Vec<Span> = info.hosts.iter().map(|entry| entry.host_span).collect();
        let parts = decode_list(&mut info, text, &spans);
        push_setting(
            &mut info,
            "host".into(),
            list_span,
            parts.join(","),
            list_span,
            Origin::UriHost,
        );
    }
    let ports_written = info.hosts.len() > 1 || info.hosts.iter().any(|h| h.port_span.is_some());
    if ports_written {
        // An absent port is an empty part of the joined list.
        let spans: Vec<Span> = info
            .hosts
            .iter()
            .map(|entry| entry.port_span.unwrap_or(Span::empty(entry.host_span.end)))
            .collect();
        let parts = decode_list(&mut info, text, &spans);
        let joined = parts.join(",");
        if !joined.is_empty() {
            push_setting(&mut info, "port".into(), list_span, joined, list_span, Origin::UriPort);
        }
    }

    // The path names the database, up to `?`.
    if terminator == Some(b'/') {
        at += 1;
        let path_start = at;
        while at < bytes.len() && bytes[at] != b'?' {
            at += 1;
        }
        let path_span = Span::new(path_start, at);
        info.path_span = Some(path_span);
        if !path_span.is_empty() {
            let dbname = decode_part(&mut info, text, path_span);
            push_setting(
                &mut info,
                "dbname".into(),
                path_span,
                dbname,
                path_span,
                Origin::UriDbname,
            );
        }
        terminator = bytes.get(at).copied();
    }

    if terminator == Some(b'?') {
        at += 1;
        info.query_span = Some(Span::new(at, bytes.len()));
        parse_query(&mut info, text, at);
    }
    info
}

/// Parses `keyword=value&...` after a URI's `?`. Each pair needs exactly one `=`;
/// libpq maps `ssl=true`, the JDBC spelling, to `sslmode=require`.
fn parse_query(info: &mut ConnInfo, text: &str, mut at: usize) {
    let bytes = text.as_bytes();
    while at < bytes.len() {
        let pair_start = at;
        let mut equals = None;
        let mut extra_equals = None;
        while at < bytes.len() && bytes[at] != b'&' {
            if bytes[at] == b'=' {
                if equals.is_none() {
                    equals = Some(at);
                } else if extra_equals.is_none() {
                    extra_equals = Some(at);
                }
            }
            at += 1;
        }
        let pair_span = Span::new(pair_start, at);
        if at < bytes.len() {
            at += 1;
        }

        let Some(equals) = equals else {
            info.errors.push(SyntaxError {
                span: if pair_span.is_empty() {
                    Span::new(pair_start, (pair_start + 1).min(bytes.len()))
                } else {
                    pair_span
                },
                message: "A URI parameter needs the form `keyword=value`; libpq rejects \
                          the whole string"
                    .to_string(),
            });
            continue;
        };
        if let Some(extra) = extra_equals {
            info.errors.push(SyntaxError {
                span: Span::new(extra, extra + 1),
                message: "A second `=` in a URI parameter is not allowed; write it as \
                          `%3D`. libpq rejects the whole string"
                    .to_string(),
            });
        }

        let key_span = Span::new(pair_start, equals);
        let value_span = Span::new(equals + 1, pair_span.end);
        let keyword = decode_part(info, text, key_span);
        let value = decode_part(info, text, value_span);
        if keyword == "ssl" && value == "true" {
            info.settings.push(Setting {
                keyword: "sslmode".into(),
                written_keyword: keyword,
                key_span,
                value: "require".into(),
                value_span,
                span: pair_span,
                origin: Origin::UriQuery,
                alias: true,
            });
        } else {
            push_setting(info, keyword, key_span, value, value_span, Origin::UriQuery);
        }
    }
}

#[cfg(test)]
mod tests;
