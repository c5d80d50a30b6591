//! The checks libpq makes of its options when it connects, before (or while) it opens the
//! first socket: integers and ports, lists of hosts, ports and addresses that must pair up,
//! TLS protocol versions, `require_auth` lists, and `sslnegotiation=direct` with a weak
//! `sslmode`. A string that fails one of them never reaches the server, whatever else it
//! says. The differential test (`differential.rs`) holds these against the real libpq.

use super::{
    fix, Ctx, Effective, WithFixes, HOST_LIST_MISMATCH, INVALID_PORT, INVALID_VALUE,
    SSLNEGOTIATION_DIRECT_WEAK,
};
use crate::finding::{Finding, Severity};
use crate::knowledge::sslmode::SslMode;
use crate::span::Span;
use crate::syntax::conninfo::Origin;

/// The first libpq major that knows `sslnegotiation`.
const SSLNEGOTIATION_SINCE: u32 = 17;

/// An integer as libpq reads one (C `strtol` in base 10): blanks around it, an optional
/// sign, at least one digit, nothing else, and within a C `int`.
pub(crate) fn libpq_integer(value: &str) -> Option<i64> {
    let is_space = |ch: char| matches!(ch, ' ' | '\t' | '\n' | '\r' | '\x0b' | '\x0c');
    let trimmed = value.trim_matches(is_space);
    let digits = trimmed.strip_prefix(['+', '-']).unwrap_or(trimmed);
    if digits.is_empty() || !digits.bytes().all(|byte| byte.is_ascii_digit()) {
        return None;
    }
    let number: i64 = trimmed.parse().ok()?;
    i32::try_from(number).is_ok().then_some(number)
}

/// Enumerated keywords whose values follow rules of their own (any case, lists), checked
/// here rather than by the plain look-up of `tls::check_values`.
pub(super) const CHECKED_THERE: [&str; 3] =
    ["ssl_min_protocol_version", "ssl_max_protocol_version", "require_auth"];

/// The limits Linux puts on the keepalive socket options libpq sets: outside them the
/// `setsockopt` call fails and libpq gives up on the host.
const KEEPALIVE_LIMITS: [(&str, i64); 3] =
    [("keepalives_idle", 32767), ("keepalives_interval", 32767), ("keepalives_count", 127)];

/// The keywords whose value libpq reads as an integer.
const INTEGER_KEYWORDS: [&str; 6] = [
    "connect_timeout",
    "keepalives",
    "keepalives_idle",
    "keepalives_interval",
    "keepalives_count",
    "tcp_user_timeout",
];

pub(super) fn check(ctx: &Ctx, findings: &mut Vec<Finding>) {
    check_integers(ctx, findings);
    check_ports(ctx, findings);
    check_host_lists(ctx, findings);
    check_protocol_versions(ctx, findings);
    check_require_auth(ctx, findings);
    check_sslnegotiation(ctx, findings);
}

fn invalid(ctx: &Ctx, found: &Effective, message: String) -> Finding {
    Finding::new(&INVALID_VALUE, Severity::Error, ctx.value_span(found), message)
}

/// Integer options, and the keepalive ones within what the operating system takes.
fn check_integers(ctx: &Ctx, findings: &mut Vec<Finding>) {
    // With keepalives off libpq never reads the other keepalive settings.
    let keepalives_off = ctx
        .effective("keepalives")
        .and_then(|found| libpq_integer(found.value))
        .is_some_and(|number| number == 0);
    for keyword in INTEGER_KEYWORDS {
        if keepalives_off && keyword.starts_with("keepalives_") {
            continue;
        }
        let Some(found) = ctx.effective(keyword) else {
            continue;
        };
        let shown = found.value.trim();
        match libpq_integer(found.value) {
            None => {
                let wanted = match keyword {
                    "keepalives" => "1 or 0",
                    "tcp_user_timeout" => "a number of milliseconds",
                    _ => "a number of seconds",
                };
                let message = format!(
                    "libpq gives up on the connection because `{keyword}={shown}` is not a \
                     whole number; write {wanted}."
                );
                findings.push(invalid(ctx, &found, message));
            }
            Some(number) => {
                let limit = KEEPALIVE_LIMITS.iter().find(|(name, _)| *name == keyword);
                if let Some((_, max)) = limit.filter(|(_, max)| number < 1 || number > *max) {
                    let message = format!(
                        "`{keyword}={shown}` is outside the 1 to {max} the operating system \
                         (Linux) accepts, so setting it fails and libpq gives up on the \
                         host."
                    );
                    findings.push(invalid(ctx, &found, message));
                }
            }
        }
    }
}

/// Each entry of `port`: empty (the default) or a number from 1 to 65535.
fn check_ports(ctx: &Ctx, findings: &mut Vec<Finding>) {
    let Some(found) = ctx.effective("port") else {
        return;
    };
    let mut offset = 0;
    for (index, entry) in found.value.split(',').enumerate() {
        let entry_span = Span::new(offset, offset + entry.len());
        offset += entry.len() + 1;
        if entry.is_empty() {
            continue;
        }
        let problem = match libpq_integer(entry) {
            None => "is not a number",
            Some(number) if !(1..=65535).contains(&number) => "is outside 1 to 65535",
            Some(_) => continue,
        };
        let message = format!(
            "The port `{}` {problem}, so libpq refuses to connect; TCP ports run from 1 \
             to 65535 (PostgreSQL's default is 5432).",
            entry.trim()
        );
        let span = port_entry_span(ctx, &found, index, entry_span);
        findings.push(Finding::new(&INVALID_PORT, Severity::Error, span, message));
    }
}

/// The file span of the `index`th port: its own `:port` in a URI's host list, else its
/// part of the value when the value is written literally, else the whole value.
fn port_entry_span(ctx: &Ctx, found: &Effective, index: usize, within: Span) -> Span {
    if let super::Source::String(setting) = found.source {
        if setting.origin == Origin::UriPort {
            let port = ctx.info.hosts.get(index).and_then(|entry| entry.port_span);
            return port.map_or(ctx.value_span(found), |span| ctx.src(span));
        }
        let written = setting.value_span.of(ctx.text);
        if written == setting.value {
            return ctx.src(within.shifted(setting.value_span.start));
        }
    }
    ctx.value_span(found)
}

/// Counts of a comma-separated list as libpq counts them.
fn count(value: &str) -> usize {
    value.split(',').count()
}

/// `hostaddr`, `host` and `port` lists that do not pair up.
fn check_host_lists(ctx: &Ctx, findings: &mut Vec<Finding>) {
    let host = ctx.effective("host").filter(|found| !found.value.is_empty());
    let hostaddr = ctx.effective("hostaddr").filter(|found| !found.value.is_empty());
    let port = ctx.effective("port").filter(|found| !found.value.is_empty());

    let hosts = match (hostaddr, host) {
        (Some(addrs), Some(names)) if count(names.value) != count(addrs.value) => {
            let plural = |n: usize, one: &str, many: &str| {
                format!("{n} {}", if n == 1 { one } else { many })
            };
            let message = format!(
                "`host` lists {} but `hostaddr` {}; libpq needs one name per address (or no \
                 `host`) and refuses to connect.",
                plural(count(names.value), "name", "names"),
                plural(count(addrs.value), "address", "addresses")
            );
            findings.push(Finding::new(
                &HOST_LIST_MISMATCH,
                Severity::Error,
                ctx.value_span(&names),
                message,
            ));
            return;
        }
        (Some(addrs), _) => count(addrs.value),
        (None, Some(names)) => count(names.value),
        (None, None) => 1,
    };
    if let Some(port) = port {
        let ports = count(port.value);
        if ports != 1 && ports != hosts {
            let message = format!(
                "{ports} ports for {hosts} host{}: libpq takes either one port for every \
                 host or one per host, and refuses anything else.",
                if hosts == 1 { "" } else { "s" }
            );
            findings.push(Finding::new(
                &HOST_LIST_MISMATCH,
                Severity::Error,
                ctx.value_span(&port),
                message,
            ));
        }
    }
}

/// The TLS and the wire protocol version ranges (see [`check_version_range`]).
fn check_protocol_versions(ctx: &Ctx, findings: &mut Vec<Finding>) {
    let tls = "The TLS protocol range is empty: the minimum version is above the maximum \
               (libpq's default minimum is TLSv1.2), so libpq refuses to connect.";
    check_version_range(
        ctx,
        ["ssl_min_protocol_version", "ssl_max_protocol_version"],
        tls,
        findings,
    );
    let wire = "The protocol version range is empty: `min_protocol_version` is above \
                `max_protocol_version`, so libpq refuses to connect.";
    check_version_range(ctx, ["min_protocol_version", "max_protocol_version"], wire, findings);
}

/// A minimum and a maximum version: each a known version (any case) or empty, and the
/// minimum not above the maximum. libpq's own default minimum counts.
fn check_version_range(
    ctx: &Ctx,
    keywords: [&str; 2],
    empty_range: &str,
    findings: &mut Vec<Finding>,
) {
    let mut versions = Vec::new();
    for keyword in keywords {
        let Some(accepted) = ctx.catalog.accepted_values(keyword) else {
            continue;
        };
        let found = ctx.effective(keyword);
        let value = match found {
            Some(found) => found.value,
            None => ctx.catalog.get(keyword).and_then(|known| known.default).unwrap_or(""),
        };
        // `latest` (the wire protocol's) is the newest version libpq knows, not above it.
        let newest = accepted.iter().rposition(|known| !known.eq_ignore_ascii_case("latest"));
        let rank = match accepted.iter().position(|known| known.eq_ignore_ascii_case(value)) {
            Some(_) if value.eq_ignore_ascii_case("latest") => newest,
            rank => rank,
        };
        match (found, rank) {
            (Some(found), None) if !value.is_empty() => {
                let suggestion = crate::suggest::closest(value, accepted.iter().copied());
                let hint =
                    suggestion.map_or(String::new(), |name| format!(" Did you mean `{name}`?"));
                let message = format!(
                    "libpq refuses to connect with `{keyword}={value}`: it knows {}.{hint}",
                    accepted.join(", ")
                );
                let edit = suggestion.and_then(|name| ctx.replace_value(&found, name));
                findings.push(
                    invalid(ctx, &found, message).with_fixes(
                        edit.zip(suggestion)
                            .map(|(edit, name)| fix(&format!("Use `{keyword}={name}`"), edit)),
                    ),
                );
                return;
            }
            _ => versions.push((found, rank)),
        }
    }
    if let [(min_found, Some(min)), (max_found, Some(max))] = versions[..] {
        if min > max {
            let found = max_found.or(min_found);
            if let Some(found) = found {
                findings.push(invalid(ctx, &found, empty_range.to_string()));
            }
        }
    }
}

/// `require_auth`: methods libpq knows, all negated with `!` or none, no repeats.
fn check_require_auth(ctx: &Ctx, findings: &mut Vec<Finding>) {
    let (Some(found), Some(accepted)) =
        (ctx.effective("require_auth"), ctx.catalog.accepted_values("require_auth"))
    else {
        return;
    };
    if found.value.is_empty() {
        return;
    }
    let mut seen: Vec<&str> = Vec::new();
    let mut negated = None;
    for part in found.value.split(',') {
        let (is_negated, method) = match part.strip_prefix('!') {
            Some(method) => (true, method),
            None => (false, part),
        };
        let problem = if negated.is_some_and(|first| first != is_negated) {
            "mixes methods with and without `!`".to_string()
        } else if !accepted.contains(&method) {
            let hint = crate::suggest::closest(method, accepted.iter().copied())
                .map_or(String::new(), |name| format!(" (did you mean `{name}`?)"));
            format!("names `{method}`, which libpq does not know{hint}")
        } else if seen.contains(&method) {
            format!("names `{method}` twice")
        } else {
            negated = Some(is_negated);
            seen.push(method);
            continue;
        };
        let message = format!(
            "`require_auth` {problem}, so libpq refuses to connect. It takes a comma-separated \
             list of {}, either all or none of them negated with `!`.",
            accepted.join(", ")
        );
        findings.push(invalid(ctx, &found, message));
        return;
    }
}

/// `sslnegotiation=direct` starts TLS at once, so libpq insists on a mode that requires it.
fn check_sslnegotiation(ctx: &Ctx, findings: &mut Vec<Finding>) {
    if ctx.catalog.major < SSLNEGOTIATION_SINCE {
        return;
    }
    let Some(negotiation) = ctx.effective("sslnegotiation").filter(|found| found.value == "direct")
    else {
        return;
    };
    let sslmode = ctx.effective("sslmode");
    let system_roots = ctx.effective("sslrootcert").is_some_and(|found| found.value == "system");
    let mode = match sslmode {
        Some(found) => match SslMode::from_name(found.value) {
            Some(mode) => mode,
            None => return,
        },
        None if system_roots => SslMode::VerifyFull,
        None => SslMode::Prefer,
    };
    if matches!(mode, SslMode::Require | SslMode::VerifyCa | SslMode::VerifyFull) {
        return;
    }
    let message = format!(
        "`sslnegotiation=direct` skips the plain-text start, so libpq refuses it with \
         `sslmode={}`{}: set `sslmode=verify-full` (or at least `require`).",
        mode.name(),
        if sslmode.is_none() { " (the default)" } else { "" }
    );
    let edit = match sslmode {
        Some(found) => ctx.replace_value(&found, "verify-full"),
        None => ctx.add_settings(&[("sslmode", "verify-full".to_string())]),
    };
    findings.push(
        Finding::new(
            &SSLNEGOTIATION_DIRECT_WEAK,
            Severity::Error,
            ctx.value_span(&negotiation),
            message,
        )
        .with_fixes(edit.map(|edit| fix("Use `sslmode=verify-full`", edit))),
    );
}

#[cfg(test)]
mod tests {
    use super::libpq_integer;

    #[test]
    fn integers_as_strtol_reads_them() {
        assert_eq!(libpq_integer(" 42 "), Some(42));
        assert_eq!(libpq_integer("+7"), Some(7));
        assert_eq!(libpq_integer("-3"), Some(-3));
        assert_eq!(libpq_integer("2147483647"), Some(2147483647));
        assert_eq!(libpq_integer("2147483648"), None);
        assert_eq!(libpq_integer(""), None);
        assert_eq!(libpq_integer("5s"), None);
        assert_eq!(libpq_integer("+"), None);
        assert_eq!(libpq_integer("1 2"), None);
    }
}
