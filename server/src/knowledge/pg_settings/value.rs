//! Whether the server accepts a value for a parameter, decided the way guc.c decides it.
//!
//! - Booleans: `on`, `off`, `true`, `false`, `yes`, `no`, `1`, `0`, case-insensitively, and
//!   any prefix of them that is not ambiguous (`t`, `fa`, `of`; not `o`). No spaces.
//! - Integers: what C's `strtol` reads with base 0 (so `0x10` is hex and `010` is octal),
//!   falling back to `strtod` when a `.` or an exponent follows (so `1e3` and `1.5` work and
//!   are rounded, half to even), then optional spaces and a unit, then the 32-bit range and
//!   the parameter's limits.
//! - Reals: what `strtod` reads (hex floats and `inf` included, `nan` refused), then the
//!   same unit rule and the limits.
//! - Units: only for parameters that have one, case-sensitive, at most three letters:
//!   `B kB MB GB TB` for memory and `us ms s min h d` for time. A fractional value is
//!   rounded to a whole number of the next smaller unit before it is converted.
//! - Enums: one of the listed values or a hidden spelling, case-insensitively.
//!
//! What this cannot see: the check hooks some parameters run on top (for example that
//! max_connections plus the worker settings fit the server's limit).

use super::{BaseUnit, Setting, UnitKind, VarType};

/// The units the server accepts for a memory parameter, largest first, with their size in
/// bytes.
pub const MEMORY_UNITS: [(&str, u64); 5] =
    [("TB", 1 << 40), ("GB", 1 << 30), ("MB", 1 << 20), ("kB", 1 << 10), ("B", 1)];

/// The units the server accepts for a time parameter, largest first, with their length in
/// microseconds.
pub const TIME_UNITS: [(&str, u64); 6] = [
    ("d", 86_400_000_000),
    ("h", 3_600_000_000),
    ("min", 60_000_000),
    ("s", 1_000_000),
    ("ms", 1000),
    ("us", 1),
];

/// A value the server accepts, as it understands it.
#[derive(Clone, Debug, PartialEq)]
pub enum Parsed {
    Bool(bool),
    /// In the parameter's base unit.
    Integer(i64),
    /// In the parameter's base unit.
    Real(f64),
    /// The listed value a spelling stands for.
    Enum(String),
    String,
}

/// Why the server refuses a value.
#[derive(Clone, Debug, PartialEq)]
pub enum ValueError {
    NotBoolean,
    /// Nothing that reads as a number (or `nan`, or a real that overflows).
    NotANumber,
    /// A number followed by text, for a parameter that has no unit.
    UnitNotAccepted,
    /// A unit the server does not know; `suggestion` is the one the user probably meant.
    BadUnit {
        unit: String,
        suggestion: Option<&'static str>,
    },
    /// Beyond what a 32-bit integer holds, after conversion to the base unit; `negative`
    /// when below its lowest value rather than above its highest.
    IntegerOverflow {
        negative: bool,
    },
    /// Outside the parameter's limits; `value` is in the base unit.
    OutOfRange {
        value: f64,
    },
    /// Not one of the enum's values; `suggestion` is a close one.
    BadEnum {
        suggestion: Option<String>,
    },
}

/// Checks `value` (the text the server receives, quotes already removed) for `setting`.
pub fn check(setting: &Setting, value: &str) -> Result<Parsed, ValueError> {
    match setting.vartype {
        VarType::Bool => parse_bool(value).map(Parsed::Bool).ok_or(ValueError::NotBoolean),
        VarType::Integer => {
            let number = parse_int(value, setting.unit)?;
            check_range(setting, number as f64)?;
            Ok(Parsed::Integer(number))
        }
        VarType::Real => {
            let number = parse_real(value, setting.unit)?;
            check_range(setting, number)?;
            Ok(Parsed::Real(number))
        }
        VarType::Enum => parse_enum(setting, value)
            .map(Parsed::Enum)
            .ok_or_else(|| ValueError::BadEnum { suggestion: suggest_enum(setting, value) }),
        VarType::String => Ok(Parsed::String),
    }
}

fn check_range(setting: &Setting, number: f64) -> Result<(), ValueError> {
    let below = setting.min.is_some_and(|min| number < min);
    let above = setting.max.is_some_and(|max| number > max);
    if below || above {
        Err(ValueError::OutOfRange { value: number })
    } else {
        Ok(())
    }
}

/// The server's boolean reading: a case-insensitive prefix of `true`, `false`, `yes`,
/// `no`, at least two letters of `on` or `off`, or exactly `1` or `0`.
pub fn parse_bool(value: &str) -> Option<bool> {
    let lower = value.to_ascii_lowercase();
    let is_prefix_of = |word: &str| !lower.is_empty() && word.starts_with(lower.as_str());
    match lower.as_bytes().first()? {
        b't' if is_prefix_of("true") => Some(true),
        b'f' if is_prefix_of("false") => Some(false),
        b'y' if is_prefix_of("yes") => Some(true),
        b'n' if is_prefix_of("no") => Some(false),
        b'o' if lower.len() >= 2 && is_prefix_of("on") => Some(true),
        b'o' if lower.len() >= 2 && is_prefix_of("off") => Some(false),
        b'1' if lower.len() == 1 => Some(true),
        b'0' if lower.len() == 1 => Some(false),
        _ => None,
    }
}

/// The listed value that `value` names: through a spelling the server shows as another
/// value (`hot_standby` is `replica`, wal_compression's `on` is `pglz`), or directly.
pub fn parse_enum(setting: &Setting, value: &str) -> Option<String> {
    if let Some((_, meaning)) =
        setting.aliases.iter().find(|(alias, _)| alias.eq_ignore_ascii_case(value))
    {
        return Some(meaning.clone());
    }
    setting.enum_values.iter().find(|listed| listed.eq_ignore_ascii_case(value)).cloned()
}

fn suggest_enum(setting: &Setting, value: &str) -> Option<String> {
    if !crate::suggest::worth_suggesting(value.trim()) {
        return None;
    }
    let lower = value.trim().to_ascii_lowercase();
    if let Some(listed) = parse_enum(setting, &lower) {
        return Some(listed);
    }
    crate::suggest::closest(&lower, setting.enum_values.iter().map(String::as_str))
        .map(str::to_string)
}

/// An integer setting's value in its base unit, as guc.c's parse_int reads it.
pub fn parse_int(value: &str, unit: Option<BaseUnit>) -> Result<i64, ValueError> {
    let number = read_number(value, true)?;
    let converted = apply_unit(number.value, &value[number.end..], unit)?;

    let rounded = converted.round_ties_even();
    if rounded > f64::from(i32::MAX) || rounded < f64::from(i32::MIN) {
        return Err(ValueError::IntegerOverflow { negative: rounded < 0.0 });
    }
    Ok(rounded as i64)
}

/// A real setting's value in its base unit, as guc.c's parse_real reads it.
pub fn parse_real(value: &str, unit: Option<BaseUnit>) -> Result<f64, ValueError> {
    let number = read_number(value, false)?;
    apply_unit(number.value, &value[number.end..], unit)
}

/// Where the number of a numeric value ends, for fixes that rewrite the unit.
pub fn number_end(value: &str, integer: bool) -> Option<usize> {
    read_number(value, integer).ok().map(|number| number.end)
}

struct Number {
    value: f64,
    /// Byte offset just past the number, at an ASCII character or the end.
    end: usize,
}

fn read_number(value: &str, integer: bool) -> Result<Number, ValueError> {
    let bytes = value.as_bytes();
    let mut read = if integer {
        let long = strtol(bytes);
        let retry_as_real = matches!(bytes.get(long.end), Some(b'.' | b'e' | b'E'));
        if retry_as_real || long.out_of_range {
            strtod(bytes)
        } else {
            long
        }
    } else {
        strtod(bytes)
    };

    if read.end == 0 || read.out_of_range || read.value.is_nan() {
        return Err(ValueError::NotANumber);
    }
    read.end += count_space(&bytes[read.end..]);
    Ok(Number { value: read.value, end: read.end })
}

fn apply_unit(number: f64, rest: &str, unit: Option<BaseUnit>) -> Result<f64, ValueError> {
    if rest.is_empty() {
        return Ok(number);
    }
    let Some(base) = unit else {
        return Err(ValueError::UnitNotAccepted);
    };
    convert_to_base_unit(number, rest, base).ok_or_else(|| ValueError::BadUnit {
        unit: rest.trim_end().to_string(),
        suggestion: suggest_unit(rest.trim(), base.kind),
    })
}

/// `number` written in the unit at the start of `unit_text`, in `base` units; `None` when
/// the unit is unknown or followed by anything but spaces.
fn convert_to_base_unit(number: f64, unit_text: &str, base: BaseUnit) -> Option<f64> {
    let bytes = unit_text.as_bytes();
    let unit_len = bytes.iter().take(3).take_while(|&&b| !is_c_space(b)).count();
    if unit_len + count_space(&bytes[unit_len..]) != bytes.len() {
        return None;
    }
    let unit = unit_text.get(..unit_len)?;

    let table: &[(&str, u64)] = match base.kind {
        UnitKind::Memory => &MEMORY_UNITS,
        UnitKind::Time => &TIME_UNITS,
    };
    let index = table.iter().position(|(name, _)| *name == unit)?;
    let converted = number * multiplier(table[index].1, base.size);
    match table.get(index + 1) {
        Some(&(_, smaller)) => {
            let step = multiplier(smaller, base.size);
            Some((converted / step).round_ties_even() * step)
        }
        None => Some(converted),
    }
}

/// The factor from a unit to the base unit, computed as guc.c's tables write it: a whole
/// number, or one divided by a whole number.
fn multiplier(unit_size: u64, base_size: u64) -> f64 {
    if unit_size >= base_size {
        (unit_size / base_size) as f64
    } else {
        1.0 / (base_size / unit_size) as f64
    }
}

/// The unit someone who wrote `unit` most likely meant, when it is one the server accepts.
pub fn suggest_unit(unit: &str, kind: UnitKind) -> Option<&'static str> {
    let lower = unit.to_ascii_lowercase();
    let table: &[(&'static str, u64)] = match kind {
        UnitKind::Memory => &MEMORY_UNITS,
        UnitKind::Time => &TIME_UNITS,
    };
    if let Some((name, _)) = table.iter().find(|(name, _)| name.to_ascii_lowercase() == lower) {
        return Some(name);
    }
    let guess = match kind {
        UnitKind::Memory => match lower.as_str() {
            "k" | "kib" | "kilobyte" | "kilobytes" => "kB",
            "m" | "mib" | "megabyte" | "megabytes" => "MB",
            "g" | "gib" | "gigabyte" | "gigabytes" => "GB",
            "t" | "tib" | "terabyte" | "terabytes" => "TB",
            "byte" | "bytes" => "B",
            _ => return None,
        },
        UnitKind::Time => match lower.as_str() {
            "usec" | "usecs" | "microsecond" | "microseconds" => "us",
            "msec" | "msecs" | "millisecond" | "milliseconds" => "ms",
            "sec" | "secs" | "second" | "seconds" => "s",
            "m" | "mins" | "minute" | "minutes" => "min",
            "hr" | "hrs" | "hour" | "hours" => "h",
            "day" | "days" => "d",
            _ => return None,
        },
    };
    Some(guess)
}

/// A number in a base unit written in the largest unit that represents it exactly, as the
/// server shows settings: `16384` of `8kB` is `128MB`; when no unit gives a short exact
/// number it is rounded and marked with `~`. Zero and negative values (which usually mean
/// "off" or "default") are shown bare.
pub fn format_with_unit(number: f64, unit: BaseUnit) -> String {
    if number <= 0.0 {
        return format_number(number);
    }
    let table: &[(&str, u64)] = match unit.kind {
        UnitKind::Memory => &MEMORY_UNITS,
        UnitKind::Time => &TIME_UNITS,
    };
    let total = number * unit.size as f64;
    for (name, size) in table {
        let count = total / *size as f64;
        if count >= 1.0 && count.fract() == 0.0 && count < 100_000.0 {
            return format!("{}{name}", format_number(count));
        }
    }

    // No unit gives a short exact number (limits such as 2147483647 kB): round it.
    for (name, size) in table {
        let count = total / *size as f64;
        if count >= 1.0 {
            let rounded = (count * 10.0).round() / 10.0;
            return format!("~{}{name}", format_number(rounded));
        }
    }
    format!("{}{}", format_number(number), unit.name)
}

fn format_number(number: f64) -> String {
    if number.fract() == 0.0 && number.abs() < 1e15 {
        format!("{}", number as i64)
    } else {
        format!("{number}")
    }
}

fn is_c_space(byte: u8) -> bool {
    matches!(byte, b' ' | b'\t' | b'\n' | 0x0b | 0x0c | b'\r')
}

fn count_space(bytes: &[u8]) -> usize {
    bytes.iter().take_while(|&&b| is_c_space(b)).count()
}

/// What C's strtol or strtod read: the value, the offset just past it (0 when nothing was
/// read), and whether it overflowed.
struct CRead {
    value: f64,
    end: usize,
    out_of_range: bool,
}

const NOTHING: CRead = CRead { value: 0.0, end: 0, out_of_range: false };

/// C's `strtol(text, &end, 0)` on a 64-bit `long`.
fn strtol(bytes: &[u8]) -> CRead {
    let mut at = count_space(bytes);
    let negative = bytes.get(at) == Some(&b'-');
    if matches!(bytes.get(at), Some(b'-' | b'+')) {
        at += 1;
    }

    let (radix, digits_at) = if bytes.get(at) == Some(&b'0')
        && matches!(bytes.get(at + 1), Some(b'x' | b'X'))
        && bytes.get(at + 2).is_some_and(u8::is_ascii_hexdigit)
    {
        (16, at + 2)
    } else if bytes.get(at) == Some(&b'0') {
        (8, at)
    } else {
        (10, at)
    };

    let mut value: i128 = 0;
    let mut out_of_range = false;
    let mut end = digits_at;
    while let Some(digit) = bytes.get(end).and_then(|&b| (b as char).to_digit(radix)) {
        value = value * i128::from(radix) + i128::from(digit);
        if value > i128::from(i64::MAX) + 1 {
            out_of_range = true;
            value = i128::from(i64::MAX) + 1;
        }
        end += 1;
    }
    if end == digits_at {
        return NOTHING;
    }
    let signed = if negative { -value } else { value };
    if signed > i128::from(i64::MAX) {
        out_of_range = true;
    }
    CRead { value: signed as f64, end, out_of_range }
}

/// C's `strtod` in the C locale: decimal and hex floats, `inf`, `infinity` and `nan`.
fn strtod(bytes: &[u8]) -> CRead {
    let mut at = count_space(bytes);
    let negative = bytes.get(at) == Some(&b'-');
    if matches!(bytes.get(at), Some(b'-' | b'+')) {
        at += 1;
    }
    let sign = if negative { -1.0 } else { 1.0 };
    let rest = &bytes[at..];
    let starts_with =
        |word: &[u8]| rest.len() >= word.len() && rest[..word.len()].eq_ignore_ascii_case(word);

    if starts_with(b"infinity") || starts_with(b"inf") {
        let len = if starts_with(b"infinity") { 8 } else { 3 };
        return CRead { value: sign * f64::INFINITY, end: at + len, out_of_range: false };
    }
    if starts_with(b"nan") {
        let mut end = at + 3;
        if bytes.get(end) == Some(&b'(') {
            let inner = bytes[end + 1..]
                .iter()
                .take_while(|b| b.is_ascii_alphanumeric() || **b == b'_')
                .count();
            if bytes.get(end + 1 + inner) == Some(&b')') {
                end += inner + 2;
            }
        }
        return CRead { value: f64::NAN, end, out_of_range: false };
    }

    if rest.len() >= 2 && rest[0] == b'0' && matches!(rest[1], b'x' | b'X') {
        if let Some(read) = hex_float(bytes, at + 2, sign) {
            return read;
        }
    }
    decimal_float(bytes, at, sign)
}

fn digits_from(bytes: &[u8], at: usize, accept: fn(&u8) -> bool) -> usize {
    bytes.get(at..).unwrap_or_default().iter().take_while(|b| accept(b)).count()
}

fn exponent_len(bytes: &[u8], at: usize, marker: &[u8]) -> (usize, i64) {
    if !bytes.get(at).is_some_and(|b| marker.contains(b)) {
        return (0, 0);
    }
    let mut i = at + 1;
    let negative = bytes.get(i) == Some(&b'-');
    if matches!(bytes.get(i), Some(b'-' | b'+')) {
        i += 1;
    }
    let digits = digits_from(bytes, i, u8::is_ascii_digit);
    if digits == 0 {
        return (0, 0);
    }
    let mut exponent: i64 = 0;
    for &b in &bytes[i..i + digits] {
        exponent = (exponent * 10 + i64::from(b - b'0')).min(100_000);
    }
    (i + digits - at, if negative { -exponent } else { exponent })
}

fn decimal_float(bytes: &[u8], at: usize, sign: f64) -> CRead {
    let whole = digits_from(bytes, at, u8::is_ascii_digit);
    let mut end = at + whole;
    let mut fraction = 0;
    if bytes.get(end) == Some(&b'.') {
        fraction = digits_from(bytes, end + 1, u8::is_ascii_digit);
        if whole + fraction > 0 {
            end += 1 + fraction;
        }
    }
    if whole + fraction == 0 {
        return NOTHING;
    }
    let (exponent_length, exponent) = exponent_len(bytes, end, b"eE");

    let whole_text = std::str::from_utf8(&bytes[at..at + whole]).unwrap_or("0");
    let fraction_start = at + whole + 1;
    let fraction_text = bytes
        .get(fraction_start..fraction_start + fraction)
        .and_then(|b| std::str::from_utf8(b).ok())
        .unwrap_or("");
    let normalized = format!(
        "{}.{}e{exponent}",
        if whole == 0 { "0" } else { whole_text },
        if fraction == 0 { "0" } else { fraction_text }
    );
    let magnitude: f64 = normalized.parse().unwrap_or(0.0);
    let nonzero = bytes[at..end].iter().any(|b| (b'1'..=b'9').contains(b));
    let out_of_range = magnitude.is_infinite() || (nonzero && magnitude < f64::MIN_POSITIVE);
    CRead { value: sign * magnitude, end: end + exponent_length, out_of_range }
}

fn hex_float(bytes: &[u8], at: usize, sign: f64) -> Option<CRead> {
    let whole = digits_from(bytes, at, u8::is_ascii_hexdigit);
    let mut end = at + whole;
    let mut fraction = 0;
    if bytes.get(end) == Some(&b'.') {
        fraction = digits_from(bytes, end + 1, u8::is_ascii_hexdigit);
        if whole + fraction > 0 {
            end += 1 + fraction;
        }
    }
    if whole + fraction == 0 {
        return None;
    }

    let mut mantissa = 0.0f64;
    for &b in &bytes[at..at + whole] {
        mantissa = mantissa * 16.0 + f64::from((b as char).to_digit(16).unwrap_or(0));
    }
    let mut scale = 1.0 / 16.0;
    for &b in bytes.get(at + whole + 1..at + whole + 1 + fraction).unwrap_or_default() {
        mantissa += f64::from((b as char).to_digit(16).unwrap_or(0)) * scale;
        scale /= 16.0;
    }
    let (exponent_length, exponent) = exponent_len(bytes, end, b"pP");
    let magnitude = mantissa * 2f64.powi(exponent.clamp(-2000, 2000) as i32);
    let out_of_range =
        magnitude.is_infinite() || (mantissa != 0.0 && magnitude < f64::MIN_POSITIVE);
    Some(CRead { value: sign * magnitude, end: end + exponent_length, out_of_range })
}
