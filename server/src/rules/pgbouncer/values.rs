//! Value checks for `[pgbouncer]` settings: numbers as C's `strtol`/`strtod` read them,
//! enum words, and comments that PgBouncer takes as part of a value.

use super::{Context, INLINE_COMMENT, INVALID_VALUE, MAIN};
use crate::finding::{Edit, Finding, Fix, Severity};
use crate::knowledge::pgbouncer::{Setting, Unit, ValueType};
use crate::span::Span;
use crate::syntax::pgbouncer::Entry;

/// An integer as C's `strtol(value, &end, 0)` reads a whole string: optional sign, then
/// `0x` hex, leading-`0` octal or decimal digits, nothing after.
pub(crate) fn parse_c_long(value: &str) -> Option<i64> {
    let value = value.trim_start();
    let (negative, digits) = match value.as_bytes().first() {
        Some(b'-') => (true, &value[1..]),
        Some(b'+') => (false, &value[1..]),
        _ => (false, value),
    };
    let (radix, digits) =
        if let Some(hex) = digits.strip_prefix("0x").or_else(|| digits.strip_prefix("0X")) {
            (16, hex)
        } else if digits.len() > 1 && digits.starts_with('0') {
            (8, &digits[1..])
        } else {
            (10, digits)
        };
    if digits.is_empty() || !digits.chars().all(|ch| ch.is_digit(radix)) {
        return None;
    }
    let magnitude = i64::from_str_radix(digits, radix).ok()?;
    Some(if negative { -magnitude } else { magnitude })
}

/// Seconds as PgBouncer's time parser reads them: a non-negative decimal number with an
/// optional fraction and exponent, nothing after.
pub(crate) fn parse_seconds(value: &str) -> Option<f64> {
    let value = value.trim_start();
    let body = value.strip_prefix('+').unwrap_or(value);
    let (mantissa, exponent) = match body.find(['e', 'E']) {
        Some(at) => (&body[..at], Some(&body[at + 1..])),
        None => (body, None),
    };
    if !is_decimal(mantissa) {
        return None;
    }
    if let Some(exponent) = exponent {
        let digits = exponent.strip_prefix(['+', '-']).unwrap_or(exponent);
        if digits.is_empty() || !digits.chars().all(|ch| ch.is_ascii_digit()) {
            return None;
        }
    }
    body.parse::<f64>().ok().filter(|seconds| *seconds >= 0.0 && seconds.is_finite())
}

fn is_decimal(text: &str) -> bool {
    let (whole, fraction) = text.split_once('.').unwrap_or((text, ""));
    let digits = |part: &str| part.chars().all(|ch| ch.is_ascii_digit());
    (!whole.is_empty() || !fraction.is_empty()) && digits(whole) && digits(fraction)
}

/// A number PgBouncer accepts for an integer or a time.
pub(crate) fn parse_number(value: &str) -> Option<f64> {
    parse_c_long(value).map(|number| number as f64).or_else(|| parse_seconds(value))
}

/// A number for a message: whole numbers without a fraction.
pub(crate) fn format_number(number: f64) -> String {
    if number.fract() == 0.0 && number.abs() < 1e15 {
        format!("{}", number as i64)
    } else {
        format!("{number}")
    }
}

/// Where a comment starts inside a value: a `;` or `#` after whitespace.
fn inline_comment_start(value: &str) -> Option<usize> {
    let bytes = value.as_bytes();
    (1..bytes.len())
        .find(|&at| matches!(bytes[at], b';' | b'#') && matches!(bytes[at - 1], b' ' | b'\t'))
}

/// The fix that moves a comment out of a value onto its own line above the entry.
fn move_comment_fix(context: &Context, entry: &Entry, comment_at: usize) -> Option<Fix> {
    let value = entry.value.of(context.text);
    let kept = value[..comment_at].trim_end();
    let comment = &value[comment_at..];
    let line_start = context.text[..entry.span.start].rfind('\n').map_or(0, |at| at + 1);
    let indent = &context.text[line_start..entry.span.start];
    if !indent.chars().all(|ch| ch == ' ' || ch == '\t') {
        return None;
    }
    Some(Fix::new(
        "Move the comment to its own line",
        vec![
            Edit { span: Span::empty(line_start), new_text: format!("{indent}{comment}\n") },
            Edit { span: entry.value, new_text: kept.to_string() },
        ],
    ))
}

pub(super) fn invalid_values(context: &Context, findings: &mut Vec<Finding>) {
    for entry in context.file.entries_in(MAIN) {
        let Some(setting) = context.catalog.setting(&entry.name) else {
            continue;
        };
        if let Some(finding) = check_value(context, entry, setting) {
            findings.push(finding);
        } else if setting.name == "listen_addr" {
            findings.extend(unresolvable_listen_addr(context, entry));
        }
    }
}

/// A `listen_addr` entry with a `:` that is no IPv6 address: PgBouncer hands each entry to
/// `getaddrinfo` at start, which cannot resolve it (no host name has a `:`), and it refuses
/// to start. Names without a `:` may resolve where it runs, so they are not judged. Checked
/// with PgBouncer 1.18: `::1` and `::1%lo` start, `[::1]` and `::1x` do not.
fn unresolvable_listen_addr(context: &Context, entry: &Entry) -> Option<Finding> {
    let value = entry.value.of(context.text);
    let mut offset = 0;
    for item in value.split(',') {
        let trimmed = item.trim();
        let start = entry.value.start + offset + (item.len() - item.trim_start().len());
        offset += item.len() + 1;
        // A zone (`fe80::1%eth0`) is getaddrinfo's too.
        let address = trimmed.split('%').next().unwrap_or(trimmed);
        if trimmed.contains(':') && address.parse::<std::net::Ipv6Addr>().is_err() {
            let span = Span::new(start, start + trimmed.len());
            let message = format!(
                "`{trimmed}` is neither an IPv6 address nor a name PgBouncer can resolve (a host \
                 name has no `:`), so it refuses to start. Write the address without brackets \
                 or port, as `::1`."
            );
            return Some(Finding::new(&INVALID_VALUE, Severity::Error, span, message));
        }
    }
    None
}

fn check_value(context: &Context, entry: &Entry, setting: &Setting) -> Option<Finding> {
    let value = entry.value.of(context.text);
    let name = setting.name;
    let ok = match setting.value_type {
        ValueType::Int | ValueType::UInt => parse_c_long(value).is_some(),
        ValueType::Time => parse_seconds(value).is_some(),
        ValueType::Enum => setting.allowed.iter().any(|word| word.eq_ignore_ascii_case(value)),
        ValueType::String => true,
    };
    if ok {
        return None;
    }
    let span = if entry.value.is_empty() { entry.key } else { entry.value };

    if value.is_empty() {
        return Some(Finding::new(
            &INVALID_VALUE,
            Severity::Error,
            span,
            format!(
                "`{name}` needs a value ({}); PgBouncer refuses an empty one.",
                expected(setting)
            ),
        ));
    }
    if let Some(comment_at) = inline_comment_start(value) {
        let mut finding = Finding::new(
            &INVALID_VALUE,
            Severity::Error,
            span,
            format!(
                "PgBouncer reads `;` and `#` as a comment only at the start of a line, so this \
                comment is part of the value of `{name}` and PgBouncer refuses to start; put \
                the comment on its own line."
            ),
        );
        if let Some(fix) = move_comment_fix(context, entry, comment_at) {
            finding = finding.with_fix(fix);
        }
        return Some(finding);
    }

    let (message, replacement) = match setting.value_type {
        ValueType::Int | ValueType::UInt => int_problem(setting, value),
        ValueType::Time => time_problem(setting, value),
        _ => enum_problem(setting, value),
    };
    let mut finding = Finding::new(&INVALID_VALUE, Severity::Error, span, message);
    if let Some(replacement) = replacement {
        finding = finding.with_fix(Fix::replace(
            format!("Change to {replacement}"),
            entry.value,
            replacement,
        ));
    }
    Some(finding)
}

fn expected(setting: &Setting) -> String {
    match setting.value_type {
        ValueType::Enum => format!("one of {}", setting.allowed.join(", ")),
        ValueType::Time => "a number of seconds".to_string(),
        ValueType::Int | ValueType::UInt => match setting.unit {
            Some(unit) => format!("an integer number of {}", unit.name()),
            None => "an integer".to_string(),
        },
        ValueType::String => "text".to_string(),
    }
}

/// A number followed by a unit word, and the multiplier to the unit PgBouncer expects.
fn with_unit_suffix(value: &str, unit: Unit) -> Option<f64> {
    let split = value.find(|ch: char| !(ch.is_ascii_digit() || ch == '.'))?;
    let number: f64 = value[..split].parse().ok()?;
    let seconds = match value[split..].trim().to_ascii_lowercase().as_str() {
        "ms" => 0.001,
        "s" | "sec" | "secs" | "second" | "seconds" => 1.0,
        "m" | "min" | "mins" | "minute" | "minutes" => 60.0,
        "h" | "hour" | "hours" => 3600.0,
        "d" | "day" | "days" => 86400.0,
        _ => return None,
    };
    Some(match unit {
        Unit::Seconds => number * seconds,
        Unit::Milliseconds => number * seconds * 1000.0,
    })
}

fn int_problem(setting: &Setting, value: &str) -> (String, Option<String>) {
    let name = setting.name;
    let flag = match value.to_ascii_lowercase().as_str() {
        "on" | "yes" | "true" => Some("1"),
        "off" | "no" | "false" => Some("0"),
        _ => None,
    };
    if let Some(flag) = flag {
        return (
            format!("PgBouncer takes `{name}` as an integer and refuses `{value}`; write {flag}."),
            Some(flag.to_string()),
        );
    }
    if let Some(unit) = setting.unit {
        if let Some(converted) = with_unit_suffix(value, unit).filter(|n| n.fract() == 0.0) {
            let converted = format_number(converted);
            return (
                format!(
                    "PgBouncer takes `{name}` as a bare number of {} and refuses a unit suffix; \
                    write {converted}.",
                    unit.name()
                ),
                Some(converted),
            );
        }
    }
    (format!("PgBouncer refuses this value: `{name}` takes {}.", expected(setting)), None)
}

fn time_problem(setting: &Setting, value: &str) -> (String, Option<String>) {
    let name = setting.name;
    if let Some(seconds) = with_unit_suffix(value, Unit::Seconds) {
        let converted = format_number(seconds);
        return (
            format!(
                "PgBouncer takes `{name}` as a bare number of seconds and refuses a unit \
                suffix; write {converted}."
            ),
            Some(converted),
        );
    }
    (
        format!(
            "PgBouncer refuses this value: `{name}` takes a non-negative number of seconds \
            (fractions allowed)."
        ),
        None,
    )
}

fn enum_problem(setting: &Setting, value: &str) -> (String, Option<String>) {
    let name = setting.name;
    let lower = value.to_ascii_lowercase();
    let suggestion = crate::suggest::closest(&lower, setting.allowed.iter().copied());
    let message = match suggestion {
        Some(suggestion) => format!(
            "PgBouncer refuses `{value}` for `{name}`; did you mean `{suggestion}`? It takes {}.",
            expected(setting)
        ),
        None => {
            format!("PgBouncer refuses `{value}` for `{name}`: it takes {}.", expected(setting))
        }
    };
    (message, suggestion.map(str::to_string))
}

pub(super) fn inline_comments(context: &Context, findings: &mut Vec<Finding>) {
    for entry in context.file.entries_in(MAIN) {
        let is_string = context
            .catalog
            .setting(&entry.name)
            .is_some_and(|setting| setting.value_type == ValueType::String);
        if !is_string {
            continue;
        }
        let Some(comment_at) = inline_comment_start(entry.value.of(context.text)) else {
            continue;
        };
        let start = entry.value.start + comment_at;
        let mut finding = Finding::new(
            &INLINE_COMMENT,
            Severity::Warning,
            Span::new(start, entry.value.end),
            format!(
                "PgBouncer reads `;` and `#` as a comment only at the start of a line, so this \
                text becomes part of the value of `{}`; put the comment on its own line.",
                entry.name
            ),
        );
        if let Some(fix) = move_comment_fix(context, entry, comment_at) {
            finding = finding.with_fix(fix);
        }
        findings.push(finding);
    }
}
