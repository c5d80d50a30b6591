//! `timezone`, `log_timezone` and `timezone_abbreviations`: values the server refuses
//! because its tz database has no such zone or its share folder no such abbreviation set.
//! The reading itself lives in `knowledge::pg_settings::timezones`; this module words the
//! finding. It is part of `conf-invalid-value`, whose other values are checked by type.

use crate::finding::{Finding, Fix, Severity};
use crate::knowledge::pg_settings::timezones::{self, Refusal, ZoneValue};
use crate::knowledge::pg_settings::Setting;
use crate::syntax::pgconf::Entry;

use super::{requote, INVALID_VALUE};

/// What the server does with a refused value of these parameters (they are all core ones).
const REFUSES: &str = "The server refuses to start with this value.";

/// How many edits (case aside) a suggested zone may be from the value to be offered as a
/// one-click fix: a zone decides every local time the server shows, so a merely similar
/// name (`Europe/Rome` for `Europe/Nowhere`) is only named, never applied for the user.
const FIXABLE_EDITS: usize = 2;

/// The finding for a value of `setting` that `major` refuses, if it is one of the three
/// time-zone parameters.
pub(super) fn check(
    file_text: &str,
    entry: &Entry,
    setting: &Setting,
    major: u32,
) -> Option<Finding> {
    let value = &entry.value.text;
    let shown = entry.value.span.of(file_text);
    let (message, replacement) = match setting.name.to_ascii_lowercase().as_str() {
        "timezone" => zone_refusal(major, value, shown, &setting.name, true)?,
        "log_timezone" => zone_refusal(major, value, shown, &setting.name, false)?,
        "timezone_abbreviations" => abbreviations_refusal(major, value, shown)?,
        _ => return None,
    };
    let span = entry.value.span;
    let mut finding = Finding::new(&INVALID_VALUE, Severity::Error, span, message);
    if let Some(replacement) = replacement {
        let new_text = requote(entry, replacement);
        finding = finding.with_fix(Fix::replace(format!("Change to {new_text}"), span, new_text));
    }
    Some(finding)
}

/// The message and the replacement to offer for a zone value the server refuses.
fn zone_refusal(
    major: u32,
    value: &str,
    shown: &str,
    name: &str,
    hours_allowed: bool,
) -> Option<(String, Option<&'static str>)> {
    let ZoneValue::Refused(refusal) = timezones::judge_zone(major, value, hours_allowed) else {
        return None;
    };
    let found = match refusal {
        Refusal::UnknownName { suggestion } => {
            let mut message = format!(
                "`{shown}` is not a time zone PostgreSQL {major} knows for {name}: its tz \
                 database has no such name (case does not matter), and it is no POSIX spec \
                 with an offset such as `UTC+3`. {REFUSES}"
            );
            if let Some(zone) = suggestion {
                message.push_str(&format!(" Did you mean `{zone}`?"));
            }
            // ISO 8601's `Z` is UTC, though no spelling is near.
            let near = |zone: &&str| {
                let (written, known) = (value.to_ascii_lowercase(), zone.to_ascii_lowercase());
                written == "z" || strsim::levenshtein(&written, &known) <= FIXABLE_EDITS
            };
            (message, suggestion.filter(near))
        }
        Refusal::LeapSeconds { plain } => (
            format!(
                "`{shown}` is a zone that counts leap seconds, which PostgreSQL does not \
                 support. {REFUSES} Use `{plain}`, the same zone without them."
            ),
            Some(plain),
        ),
        Refusal::IntervalShape => (
            format!(
                "`{shown}` is not an interval the server reads for {name}: after INTERVAL it \
                 wants one quoted string and nothing more, as in `INTERVAL '-08:00'`. \
                 {REFUSES}"
            ),
            None,
        ),
        Refusal::IntervalWithDays => (
            format!(
                "`{shown}` has days, weeks, months or years in it; a time-zone interval may \
                 hold only hours, minutes and seconds. {REFUSES}"
            ),
            None,
        ),
        Refusal::OffsetOutOfRange { hours } => (
            format!(
                "`{shown}` sets an offset of {hours} hours from UTC; PostgreSQL accepts \
                 offsets under 168 hours (a week), and real zones lie within 15. {REFUSES}"
            ),
            None,
        ),
    };
    Some(found)
}

/// The message and the replacement to offer for an abbreviation set the server lacks.
fn abbreviations_refusal(
    major: u32,
    value: &str,
    shown: &str,
) -> Option<(String, Option<&'static str>)> {
    if timezones::is_abbreviation_set(major, value) {
        return None;
    }
    let sets = timezones::abbreviation_sets(major);
    let suggestion = crate::suggest::closest(value, sets.iter().copied());
    let mut message = format!(
        "`{shown}` is not an abbreviation set PostgreSQL {major} ships: timezone_abbreviations \
         names a file of share/timezonesets, with its case, and the sets are {}. {REFUSES}",
        sets.join(", ")
    );
    if let Some(set) = suggestion {
        message.push_str(&format!(" Did you mean `{set}`?"));
    }
    Some((message, suggestion))
}
