//! `hostaddr` entries libpq cannot read as a numeric address. libpq parses each entry
//! with `getaddrinfo` and `AI_NUMERICHOST` when it connects; an entry that fails is
//! skipped ("could not parse network address"), so a string whose only address fails
//! never connects.

use std::net::Ipv6Addr;

use super::{Ctx, INVALID_VALUE};
use crate::finding::{Finding, Severity};
use crate::span::Span;

/// An error when the one address is unreadable: libpq refuses to connect.
///
/// FIXME: An unreadable entry of a list only makes libpq skip that host; it deserves a
/// warning of a rule outside the differential test's refusal rules, which does not exist
/// yet, so lists are not judged.
pub(super) fn check(ctx: &Ctx, findings: &mut Vec<Finding>) {
    let Some(found) = ctx.effective("hostaddr") else {
        return;
    };
    let entries: Vec<&str> = found.value.split(',').collect();
    if entries.len() != 1 {
        return;
    }
    let mut offset = 0;
    for entry in &entries {
        let entry_span = Span::new(offset, offset + entry.len());
        offset += entry.len() + 1;
        if entry.is_empty() || is_numeric_address(entry) {
            continue;
        }
        let shown: String = entry.chars().take(60).collect();
        let message = format!(
            "`hostaddr` takes numeric IP addresses only, and `{shown}` is not one, so libpq \
             refuses to connect. Put a name in `host` and an address (such as 10.0.0.5) in \
             `hostaddr`."
        );
        let span = entry_span_in_file(ctx, &found, entry_span);
        findings.push(Finding::new(&INVALID_VALUE, Severity::Error, span, message));
    }
}

/// The file span of one entry when the value is written literally, else the whole value.
fn entry_span_in_file(ctx: &Ctx, found: &super::Effective, within: Span) -> Span {
    if let super::Source::String(setting) = found.source {
        if setting.value_span.of(ctx.text) == setting.value {
            return ctx.src(within.shifted(setting.value_span.start));
        }
    }
    ctx.value_span(found)
}

/// Whether glibc's numeric `getaddrinfo` reads `entry`: an IPv6 address (with an optional
/// `%zone`) or an IPv4 address in any of `inet_aton`'s forms (1 to 4 parts, each decimal,
/// octal with a leading 0, or hexadecimal with 0x).
fn is_numeric_address(entry: &str) -> bool {
    if entry.contains(':') {
        let address = entry.split_once('%').map_or(entry, |(address, _)| address);
        return address.parse::<Ipv6Addr>().is_ok();
    }
    inet_aton(entry).is_some()
}

/// The IPv4 address `text` in `inet_aton`'s forms, with nothing after it.
fn inet_aton(text: &str) -> Option<u32> {
    let parts: Vec<&str> = text.split('.').collect();
    if parts.len() > 4 {
        return None;
    }
    let numbers: Vec<u64> = parts.iter().map(|part| aton_part(part)).collect::<Option<_>>()?;
    let (last, leading) = numbers.split_last()?;
    if leading.iter().any(|&number| number > 255) {
        return None;
    }
    let last_bits = 8 * (4 - leading.len() as u32);
    if last_bits < 64 && *last >= 1u64 << last_bits {
        return None;
    }
    let high = leading.iter().fold(0u64, |acc, &number| (acc << 8) | number);
    u32::try_from((high << last_bits) | last).ok()
}

/// One part of an `inet_aton` address: decimal, octal after a leading 0, hexadecimal
/// after 0x.
fn aton_part(part: &str) -> Option<u64> {
    let (digits, radix) =
        if let Some(hex) = part.strip_prefix("0x").or_else(|| part.strip_prefix("0X")) {
            (hex, 16)
        } else if part.len() > 1 && part.starts_with('0') {
            (&part[1..], 8)
        } else {
            (part, 10)
        };
    if part.is_empty() || !digits.chars().all(|ch| ch.is_digit(radix)) {
        return None;
    }
    if digits.is_empty() {
        // A bare `0x` is no number to glibc.
        return (radix != 16).then_some(0);
    }
    u64::from_str_radix(digits, radix).ok().filter(|&number| number <= u64::from(u32::MAX))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What glibc's numeric getaddrinfo says of these (checked with python's
    /// `socket.getaddrinfo(..., flags=AI_NUMERICHOST)`).
    #[test]
    fn numeric_addresses_as_glibc_reads_them() {
        let verdicts: Vec<String> = [
            "10.0.0.5",
            "127.1",
            "0x7f.1",
            "010.0.0.1",
            "10.0.0.300",
            "09.1.1.1",
            "not-an-ip",
            "::1",
            "fe80::1%eth0",
            "[::1]",
            "10.0.0.5 ",
            "4294967295",
            "4294967296",
            "1.2.3.4.5",
            "0x",
            "",
        ]
        .iter()
        .map(|entry| format!("{entry:?} {}", is_numeric_address(entry)))
        .collect();
        expect_test::expect![[r#"
            "10.0.0.5" true
            "127.1" true
            "0x7f.1" true
            "010.0.0.1" true
            "10.0.0.300" false
            "09.1.1.1" false
            "not-an-ip" false
            "::1" true
            "fe80::1%eth0" true
            "[::1]" false
            "10.0.0.5 " false
            "4294967295" true
            "4294967296" false
            "1.2.3.4.5" false
            "0x" false
            "" false"#]]
        .assert_eq(&verdicts.join("\n"));
    }
}
