//! The values of `timezone`, `log_timezone` and `timezone_abbreviations`, judged as the
//! server's check hooks judge them.
//!
//! The names come from `server/data/pg_settings/timezones.tsv`, which the generator there
//! made by offering every file of each real server's time-zone directory to that server.
//! How a value is read follows `check_timezone` and `check_log_timezone` (variable.c) and
//! `pg_tzset` (pgtz.c): `timezone` alone first takes `INTERVAL '…'` and a plain number of
//! hours east of UTC; then the name is looked up in the tz directory, each path component
//! without regard to case; a name starting with `:` is only looked up; anything else is
//! tried as a POSIX `TZ` spec (`EST5EDT`, `UTC+3`, `<+03>-3`), which needs an offset, so a
//! name without a digit that the directory lacks is refused. Shapes we cannot judge exactly
//! are never reported as refused.

use std::collections::HashMap;
use std::sync::OnceLock;

static SOURCE: &str = include_str!("../../../data/pg_settings/timezones.tsv");

/// The longest name the server looks up (TZ_STRLEN_MAX in pgtz.h); longer ones are refused.
const LONGEST_NAME: usize = 255;

/// The offset limit of a POSIX spec (the tz code's getsecs: under a week), in seconds; the
/// server turns a number of hours into such a spec, so it bounds both.
const OFFSET_LIMIT_SECONDS: f64 = 168.0 * 3600.0;

/// How `timezone` or `log_timezone` reads a value.
#[derive(Clone, Debug, PartialEq)]
pub enum ZoneValue {
    /// A zone of the tz database, with the spelling its file has.
    Zone(&'static str),
    /// A name only builds that read the system's tz database know (`localtime`,
    /// `posix/Europe/Berlin`): accepted by Debian's packages, refused by bundled ones.
    SystemZone,
    /// A plain number: hours east of UTC (`timezone` only).
    Hours(f64),
    /// A POSIX `TZ` spec, or another shape with an offset that we do not judge further.
    Posix,
    /// `INTERVAL '…'`, which `timezone` alone accepts: a fixed offset east of UTC.
    Interval,
    /// A value the server refuses.
    Refused(Refusal),
}

/// Why the server refuses a time-zone value.
#[derive(Clone, Debug, PartialEq)]
pub enum Refusal {
    /// Neither a zone of its tz database nor a POSIX spec: with the closest zone name.
    UnknownName { suggestion: Option<&'static str> },
    /// A zone of the system's `right/` folder, which counts leap seconds; with the same
    /// zone without them.
    LeapSeconds { plain: &'static str },
    /// An offset of a week or more, in hours.
    OffsetOutOfRange { hours: f64 },
    /// `INTERVAL` not followed by exactly one quoted string.
    IntervalShape,
    /// An interval with days, weeks, months or years, which a zone offset may not have.
    IntervalWithDays,
}

/// One name of the list and where it is accepted.
struct Known {
    spelling: &'static str,
    /// Bit `major - 13` set for each major that accepts it.
    majors: u32,
    /// Only builds reading the system's tz database accept it.
    system_only: bool,
}

/// A folder of the system's tz database that repeats the zones under a prefix.
struct Mirror {
    prefix: &'static str,
    /// The zones it does not repeat, lowercased.
    lacking: Vec<String>,
}

struct Lists {
    /// Zones by lowercased name.
    zones: HashMap<String, Known>,
    /// Abbreviation set files, as spelled (the server opens them with their case).
    sets: Vec<Known>,
    mirrors: Vec<Mirror>,
}

fn lists() -> &'static Lists {
    static LISTS: OnceLock<Lists> = OnceLock::new();
    LISTS.get_or_init(|| parse(SOURCE))
}

fn major_bits(list: &str) -> u32 {
    list.split(',').filter_map(|m| m.trim().parse::<u32>().ok()).fold(0, |bits, major| {
        bits | major.checked_sub(13).and_then(|shift| 1u32.checked_shl(shift)).unwrap_or(0)
    })
}

fn parse(source: &'static str) -> Lists {
    let mut lists = Lists { zones: HashMap::new(), sets: Vec::new(), mirrors: Vec::new() };
    let mut every = 0;
    for line in source.lines() {
        if let Some(list) = line.strip_prefix("# majors: ") {
            every = major_bits(list);
        } else if let Some(rest) = line.strip_prefix("# mirror ") {
            let Some((_, mirrors)) = rest.split_once(": ") else { continue };
            for mirror in mirrors.split(", ") {
                let (prefix, lacking) = mirror.split_once(" except ").unwrap_or((mirror, ""));
                let lacking = lacking.split('|').map(str::to_ascii_lowercase).collect();
                lists.mirrors.push(Mirror { prefix, lacking });
            }
        } else if !line.starts_with('#') && !line.is_empty() {
            let mut fields = line.split('\t');
            let (kind, spelling) = (fields.next().unwrap_or(""), fields.next().unwrap_or(""));
            let majors = fields.next().filter(|m| !m.is_empty()).map_or(every, major_bits);
            let system_only = fields.next() == Some("system");
            let known = Known { spelling, majors, system_only };
            match kind {
                "zone" => {
                    lists.zones.insert(spelling.to_ascii_lowercase(), known);
                }
                "set" => lists.sets.push(known),
                _ => {}
            }
        }
    }
    lists
}

fn accepted_in(known: &Known, major: u32) -> bool {
    major
        .checked_sub(13)
        .and_then(|shift| 1u32.checked_shl(shift))
        .is_some_and(|bit| known.majors & bit != 0)
}

/// The zone names `major` accepts with every build, as their files spell them, sorted.
pub fn zone_names(major: u32) -> Vec<&'static str> {
    let mut names: Vec<&'static str> = lists()
        .zones
        .values()
        .filter(|known| !known.system_only && accepted_in(known, major))
        .map(|known| known.spelling)
        .collect();
    names.sort_unstable();
    names
}

/// The `timezone_abbreviations` sets `major` ships, sorted.
pub fn abbreviation_sets(major: u32) -> Vec<&'static str> {
    let mut names: Vec<&'static str> = lists()
        .sets
        .iter()
        .filter(|known| accepted_in(known, major))
        .map(|known| known.spelling)
        .collect();
    names.sort_unstable();
    names
}

/// True when `major` accepts `value` for `timezone_abbreviations` (a set file's exact name).
pub fn is_abbreviation_set(major: u32, value: &str) -> bool {
    abbreviation_sets(major).contains(&value)
}

/// How the server of `major` reads `value` for `timezone` (`hours_allowed`, which also takes
/// a number of hours and `INTERVAL '…'`) or `log_timezone`.
pub fn judge_zone(major: u32, value: &str, hours_allowed: bool) -> ZoneValue {
    if hours_allowed {
        let starts_interval =
            value.get(..8).is_some_and(|head| head.eq_ignore_ascii_case("interval"));
        if starts_interval {
            return judge_interval(value.get(8..).unwrap_or_default());
        }
        if let Some(hours) = plain_decimal(value) {
            // The server turns hours into whole seconds west of UTC, truncating.
            return if (hours * 3600.0).trunc().abs() < OFFSET_LIMIT_SECONDS {
                ZoneValue::Hours(hours)
            } else {
                ZoneValue::Refused(Refusal::OffsetOutOfRange { hours })
            };
        }
    }
    if value.len() > LONGEST_NAME {
        return ZoneValue::Refused(Refusal::UnknownName { suggestion: None });
    }

    // A leading colon is skipped by the file lookup and stops the POSIX reading.
    let (name, colon) = match value.strip_prefix(':') {
        Some(rest) => (rest, true),
        None => (value, false),
    };
    if let Some(found) = lookup(major, name) {
        return found;
    }
    if colon || (!name.bytes().any(|b| b.is_ascii_digit()) && !name.contains('<')) {
        return ZoneValue::Refused(refusal(major, name));
    }
    if let Some(hours) = simple_posix_hours(name) {
        if f64::from(hours) * 3600.0 >= OFFSET_LIMIT_SECONDS {
            return ZoneValue::Refused(Refusal::OffsetOutOfRange { hours: f64::from(hours) });
        }
    }
    // FIXME: Other shapes with a digit (`ABC3DEF,M3.2.0,M11.1.0`, `<+0330>-3:30`, a number
    // for log_timezone, `Etc/GMT+15`) are POSIX specs the tz code's tzparse judges in
    // detail; we accept them all rather than guess, so a malformed one goes unreported.
    ZoneValue::Posix
}

/// What the server makes of `INTERVAL` followed by `rest`: it wants one quoted string and
/// nothing after it, read as an interval with no day or month part and under a week.
fn judge_interval(rest: &str) -> ZoneValue {
    let unquoted = rest
        .trim_start_matches(|c: char| c.is_ascii_whitespace())
        .strip_prefix('\'')
        .and_then(|quoted| quoted.strip_suffix('\''))
        .filter(|content| !content.contains('\''));
    let Some(content) = unquoted else {
        return ZoneValue::Refused(Refusal::IntervalShape);
    };
    match interval_parts(content) {
        Some(IntervalParts { whole_days: true, .. }) => {
            ZoneValue::Refused(Refusal::IntervalWithDays)
        }
        Some(IntervalParts { seconds, .. }) if seconds.abs() >= OFFSET_LIMIT_SECONDS => {
            ZoneValue::Refused(Refusal::OffsetOutOfRange { hours: seconds / 3600.0 })
        }
        // FIXME: Interval text of other shapes (ISO `P1D`, `-08:00`, `1:30`, abbreviations
        // such as `3 hrs`, repeated units) follows interval_in's whole grammar, which we do
        // not reproduce; it passes unjudged, so `interval 'abc'` goes unreported.
        _ => ZoneValue::Interval,
    }
}

/// What an interval of plain `<number> <unit>` pairs holds, each unit at most once.
struct IntervalParts {
    /// A day, week, month or year part of a whole, nonzero number.
    whole_days: bool,
    /// The hours, minutes and seconds, in seconds.
    seconds: f64,
}

/// The parts of `content` when it is only pairs such as `3 hours 30 minutes`, `1 day`.
fn interval_parts(content: &str) -> Option<IntervalParts> {
    let words: Vec<&str> = content.split_ascii_whitespace().collect();
    if words.is_empty() || !words.len().is_multiple_of(2) {
        return None;
    }
    let mut parts = IntervalParts { whole_days: false, seconds: 0.0 };
    let mut seen: Vec<&str> = Vec::new();
    for pair in words.chunks(2) {
        let number = plain_decimal(pair[0])?;
        let unit = pair[1].to_ascii_lowercase();
        let unit = unit.strip_suffix('s').unwrap_or(&unit);
        let (key, seconds) = match unit {
            "hour" => ("hour", 3600.0),
            "minute" => ("minute", 60.0),
            "second" => ("second", 1.0),
            // A fraction of these spreads into smaller units; only whole ones are judged.
            "day" | "week" | "month" | "mon" | "year" => {
                if number.fract() != 0.0 {
                    return None;
                }
                parts.whole_days |= number != 0.0;
                ("day", 0.0)
            }
            _ => return None,
        };
        if seen.contains(&key) {
            return None;
        }
        seen.push(key);
        parts.seconds += number * seconds;
    }
    Some(parts)
}

/// The zone `name` is for `major`, if the tz directory (or a mirror of it) has it.
fn lookup(major: u32, name: &str) -> Option<ZoneValue> {
    let lists = lists();
    let lowered = name.to_ascii_lowercase();
    if let Some(known) = lists.zones.get(&lowered) {
        if known.system_only {
            return Some(ZoneValue::SystemZone);
        }
        if accepted_in(known, major) {
            return Some(ZoneValue::Zone(known.spelling));
        }
        return None;
    }
    for mirror in &lists.mirrors {
        let Some(rest) = strip_prefix_ignore_case(&lowered, mirror.prefix) else { continue };
        let repeated = lists.zones.get(rest).is_some_and(|known| accepted_in(known, major));
        if repeated && !mirror.lacking.iter().any(|lacking| lacking == rest) {
            return Some(ZoneValue::SystemZone);
        }
    }
    None
}

fn lookup_spelling(major: u32, name: &str) -> Option<&'static str> {
    match lookup(major, name) {
        Some(ZoneValue::Zone(spelling)) => Some(spelling),
        _ => None,
    }
}

fn strip_prefix_ignore_case<'t>(text: &'t str, prefix: &str) -> Option<&'t str> {
    let head = text.get(..prefix.len())?;
    head.eq_ignore_ascii_case(prefix).then(|| text.get(prefix.len()..)).flatten()
}

fn refusal(major: u32, name: &str) -> Refusal {
    let leap_free =
        strip_prefix_ignore_case(name, "right/").and_then(|rest| match lookup(major, rest) {
            Some(ZoneValue::Zone(plain)) => Some(plain),
            _ => None,
        });
    if let Some(plain) = leap_free {
        return Refusal::LeapSeconds { plain };
    }
    // ISO 8601 writes UTC as `Z`; no tz database has that name, and no near name means it.
    if name.eq_ignore_ascii_case("z") {
        return Refusal::UnknownName { suggestion: lookup_spelling(major, "UTC") };
    }
    let names = zone_names(major);
    let suggestion = crate::suggest::closest(name, names.iter().copied());
    Refusal::UnknownName { suggestion }
}

/// The number `text` is when all of it is a plain decimal, as strtod reads one: sign,
/// digits with at most one point, an exponent. Hex, `inf` and blanks are left to the name
/// path, where they are judged (or not) with the other shapes.
fn plain_decimal(text: &str) -> Option<f64> {
    let unsigned = text.strip_prefix(['+', '-']).unwrap_or(text);
    let (mantissa, exponent) = match unsigned.find(['e', 'E']) {
        Some(at) => (unsigned.get(..at)?, Some(unsigned.get(at + 1..)?)),
        None => (unsigned, None),
    };
    let digits = mantissa.bytes().filter(u8::is_ascii_digit).count();
    let points = mantissa.bytes().filter(|&b| b == b'.').count();
    if digits == 0 || points > 1 || digits + points != mantissa.len() {
        return None;
    }
    if let Some(exponent) = exponent {
        let digits = exponent.strip_prefix(['+', '-']).unwrap_or(exponent);
        if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
    }
    text.parse().ok()
}

/// The whole hours of a spec of the simplest shape, three letters or more (or none, as in a
/// bare `168` for log_timezone) and an offset in hours (`UTC+3`, `ABC168`), whose limit we
/// know exactly.
fn simple_posix_hours(name: &str) -> Option<u32> {
    let letters = name.bytes().take_while(u8::is_ascii_alphabetic).count();
    let rest = name.get(letters..)?;
    let digits = rest.strip_prefix(['+', '-']).unwrap_or(rest);
    let plain =
        !digits.is_empty() && digits.len() <= 6 && digits.bytes().all(|b| b.is_ascii_digit());
    if letters == 1 || letters == 2 || !plain {
        return None;
    }
    digits.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use expect_test::expect;

    fn judged(major: u32, values: &[&str], hours_allowed: bool) -> String {
        values
            .iter()
            .map(|value| format!("{value:?}: {:?}", judge_zone(major, value, hours_allowed)))
            .collect::<Vec<_>>()
            .join("\n")
    }

    #[test]
    fn zone_values_of_every_shape() {
        let values = [
            "Europe/Berlin",
            "europe/BERLIN",
            "Europe/Nowhere",
            "Europe/Berln",
            "UTC",
            "GMT",
            "Z",
            "EST5EDT",
            "UTC+3",
            "<+03>-3",
            "-08:00",
            "8",
            "-5.5",
            "168",
            "1e3",
            "localtime",
            "posix/Europe/Berlin",
            "right/Europe/Berlin",
            ":Europe/Berlin",
            ":UTC+3",
            "ABC168",
            "interval '1 hour'",
            "",
        ];
        expect![[r#"
            "Europe/Berlin": Zone("Europe/Berlin")
            "europe/BERLIN": Zone("Europe/Berlin")
            "Europe/Nowhere": Refused(UnknownName { suggestion: Some("Europe/Rome") })
            "Europe/Berln": Refused(UnknownName { suggestion: Some("Europe/Berlin") })
            "UTC": Zone("UTC")
            "GMT": Zone("GMT")
            "Z": Refused(UnknownName { suggestion: Some("UTC") })
            "EST5EDT": Zone("EST5EDT")
            "UTC+3": Posix
            "<+03>-3": Posix
            "-08:00": Posix
            "8": Hours(8.0)
            "-5.5": Hours(-5.5)
            "168": Refused(OffsetOutOfRange { hours: 168.0 })
            "1e3": Refused(OffsetOutOfRange { hours: 1000.0 })
            "localtime": SystemZone
            "posix/Europe/Berlin": SystemZone
            "right/Europe/Berlin": Refused(LeapSeconds { plain: "Europe/Berlin" })
            ":Europe/Berlin": Zone("Europe/Berlin")
            ":UTC+3": Refused(UnknownName { suggestion: Some("UTC") })
            "ABC168": Refused(OffsetOutOfRange { hours: 168.0 })
            "interval '1 hour'": Interval
            "": Refused(UnknownName { suggestion: None })"#]]
        .assert_eq(&judged(15, &values, true));
    }

    #[test]
    fn log_timezone_takes_no_hours() {
        expect![[r#"
            "8": Posix
            "168": Refused(OffsetOutOfRange { hours: 168.0 })
            "interval '1 hour'": Posix
            "inf": Refused(UnknownName { suggestion: None })"#]]
        .assert_eq(&judged(18, &["8", "168", "interval '1 hour'", "inf"], false));
    }

    #[test]
    fn system_names_are_known_for_debians_15_only_as_system_names() {
        expect![[r#"
            "localtime": SystemZone
            "posix/Asia/Tokyo": SystemZone
            "posixrules": SystemZone"#]]
        .assert_eq(&judged(17, &["localtime", "posix/Asia/Tokyo", "posixrules"], true));
    }

    #[test]
    fn abbreviation_sets_are_exact_file_names() {
        let sets = abbreviation_sets(16);
        let verdicts: Vec<String> = ["Default", "default", "India", "Africa.txt", ""]
            .iter()
            .map(|value| format!("{value:?}: {}", is_abbreviation_set(16, value)))
            .collect();
        expect![[r#"
            ["Australia", "Default", "India"]
            "Default": true
            "default": false
            "India": true
            "Africa.txt": false
            "": false"#]]
        .assert_eq(&format!("{sets:?}\n{}", verdicts.join("\n")));
    }

    #[test]
    fn every_major_has_the_zone_list() {
        let counts: Vec<String> =
            (13..=18).map(|m| format!("{m}: {}", zone_names(m).len())).collect();
        expect!["13: 598, 14: 598, 15: 598, 16: 598, 17: 598, 18: 598"]
            .assert_eq(&counts.join(", "));
    }

    #[test]
    fn no_panic_on_odd_values() {
        let mut state = 0x9E37_79B9_7F4A_7C15u64;
        let pieces =
            ["é", "/", ":", "<", ">", "+", "-", "1", "e", ".", "UTC", "interval", "'", " "];
        for _ in 0..500 {
            let mut value = String::new();
            for _ in 0..(state % 9) {
                state ^= state << 13;
                state ^= state >> 7;
                state ^= state << 17;
                value.push_str(pieces[(state % pieces.len() as u64) as usize]);
            }
            for major in [12, 18] {
                let _ = judge_zone(major, &value, true);
                let _ = judge_zone(major, &value, false);
            }
        }
    }
}
