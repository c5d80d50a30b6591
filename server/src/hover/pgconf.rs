//! Hovers for `postgresql.conf`: what a parameter is, its type, unit, default, limits or
//! values, when a change takes effect, and a link to its documentation, for the major the
//! file is checked against. Works on settings and on the commented-out settings of the
//! sample file alike.

use crate::hover::Hover;
use crate::knowledge::pg_settings::history::{self, History};
use crate::knowledge::pg_settings::summaries::summary;
use crate::knowledge::pg_settings::timezones::{self, ZoneValue};
use crate::knowledge::pg_settings::value::{self, Parsed};
use crate::knowledge::pg_settings::{self, Catalog, Lookup, Setting, UnitKind, VarType};
use crate::rules::pgconf::range_words;
use crate::settings::Settings;
use crate::span::Span;
use crate::syntax::pgconf::{self, Directive};

#[cfg(test)]
mod tests;

pub fn hover(text: &str, offset: usize, settings: &Settings) -> Option<Hover> {
    let file = pgconf::parse(text);
    let catalog = pg_settings::for_major(settings.postgres_version);
    let which_major = major_note(settings, catalog);
    let which_major = which_major.as_str();

    if let Some(entry) =
        file.entries.iter().find(|e| e.name.touches(offset) || e.value.span.touches(offset))
    {
        if let Some(directive) = entry.directive {
            return Some(Hover { span: entry.name, markdown: directive_markdown(directive) });
        }
        let name = entry.name.of(text);
        let on_value = !entry.name.touches(offset);
        let value_text = on_value.then_some(entry.value.text.as_str());
        let span = if on_value { entry.value.span } else { entry.name };
        return Some(Hover {
            span,
            markdown: parameter_markdown(catalog, which_major, name, value_text),
        });
    }

    let commented = pgconf::commented_entries(text, &file);
    if let Some(entry) = commented.iter().find(|c| c.name.touches(offset)) {
        let name = entry.name.of(text);
        let mut markdown = parameter_markdown(catalog, which_major, name, None);
        markdown.push_str("\n\nThis line is a comment: the server uses the default.");
        return Some(Hover { span: entry.name, markdown });
    }

    let error_name = file
        .errors
        .iter()
        .filter_map(|error| error.name)
        .find(|name: &Span| name.touches(offset))?;
    Some(Hover {
        span: error_name,
        markdown: parameter_markdown(catalog, which_major, error_name.of(text), None),
    })
}

fn directive_markdown(directive: Directive) -> String {
    let what = match directive {
        Directive::Include => {
            "Reads another configuration file here, as if its lines stood in place of this \
             one; a relative path is relative to this file's directory. A missing file is an \
             error."
        }
        Directive::IncludeIfExists => {
            "Reads another configuration file here if it exists, and skips it silently if it \
             does not."
        }
        Directive::IncludeDir => {
            "Reads every file ending in `.conf` in a directory, in file-name order; files \
             starting with `.` are skipped."
        }
    };
    format!(
        "**{}** (directive)\n\n{what} Settings read later override earlier ones.\n\n\
         [Documentation](https://www.postgresql.org/docs/current/config-setting.html\
         #CONFIG-INCLUDES)",
        directive.name()
    )
}

/// Which major the hover speaks of, and why that one.
fn major_note(settings: &Settings, catalog: &Catalog) -> String {
    let major = catalog.major;
    match settings.postgres_version {
        Some(requested) if requested == major => format!("PostgreSQL {major}."),
        Some(requested) => format!(
            "PostgreSQL {major}, the nearest major we have data for ({requested} was asked for)."
        ),
        None => format!(
            "PostgreSQL {major}, assumed: the newest we know, since neither the postgresVersion \
             setting nor the file's path (such as /etc/postgresql/{major}/main/) names a major."
        ),
    }
}

fn parameter_markdown(
    catalog: &Catalog,
    which_major: &str,
    name: &str,
    value: Option<&str>,
) -> String {
    let setting = match catalog.lookup(name) {
        Lookup::Known(setting) => setting,
        Lookup::OldName(setting) => {
            let mut markdown = format!(
                "**{name}**: an old name the server still accepts for `{}`.\n\n",
                setting.name
            );
            markdown.push_str(&facts(catalog, which_major, setting, value));
            return markdown;
        }
        Lookup::Unknown => return unknown_markdown(catalog, which_major, name),
    };
    facts(catalog, which_major, setting, value)
}

fn unknown_markdown(catalog: &Catalog, which_major: &str, name: &str) -> String {
    let mut markdown = if name.contains('.') {
        format!(
            "**{name}**: a setting for an extension or custom module; the server accepts any \
             dotted name as a placeholder until a library claims it."
        )
    } else {
        format!("**{name}**: not a parameter of PostgreSQL {}.", catalog.major)
    };
    let history = history::history(name, catalog, catalog.major);
    match history {
        Some(History::Removed { removed_in, fact }) => {
            markdown.push_str(&format!(" It was removed in PostgreSQL {removed_in}"));
            match fact.and_then(|fact| fact.successor) {
                Some((successor, _)) => markdown.push_str(&format!("; use `{successor}`.")),
                None => markdown.push('.'),
            }
        }
        Some(History::NotYet { arrived_in }) => {
            markdown.push_str(&format!(" It arrived in PostgreSQL {arrived_in}."));
        }
        None => {
            if let Some(suggestion) = catalog.suggest(name) {
                markdown.push_str(&format!(" Did you mean `{suggestion}`?"));
            }
        }
    }
    markdown.push_str(&format!("\n\n{which_major}"));
    markdown
}

fn type_words(setting: &Setting) -> String {
    let kind = match setting.vartype {
        VarType::Bool => "boolean".to_string(),
        VarType::Integer => "integer".to_string(),
        VarType::Real => "real number".to_string(),
        VarType::String => "string".to_string(),
        VarType::Enum => "one of a fixed set of values".to_string(),
    };
    match setting.unit {
        Some(unit) => {
            let kind_of_unit = match unit.kind {
                UnitKind::Memory => "memory: B, kB, MB, GB, TB",
                UnitKind::Time => "time: us, ms, s, min, h, d",
            };
            format!("{kind}, in units of {} ({kind_of_unit})", unit.name)
        }
        None => kind,
    }
}

fn facts(catalog: &Catalog, which_major: &str, setting: &Setting, value: Option<&str>) -> String {
    let mut markdown = format!("**{}**: {}\n\n", setting.name, type_words(setting));

    // Every parameter of every catalog has a summary (a test in `summaries` sees to it);
    // a custom placeholder such as `myapp.flag` has none.
    if let Some(summary) = summary(&setting.name) {
        markdown.push_str(summary);
        markdown.push_str("\n\n");
    }

    let default = setting.default_display();
    let default = if default.is_empty() { "(empty)".to_string() } else { format!("`{default}`") };
    markdown.push_str(&format!("- Default: {default}\n"));
    if matches!(setting.vartype, VarType::Integer | VarType::Real) {
        let range = range_words(setting);
        if let Some(range) = range.strip_prefix("Allowed: ") {
            markdown.push_str(&format!("- Range: {}\n", range.trim_end_matches('.')));
        }
    }
    if setting.vartype == VarType::Enum {
        markdown.push_str(&format!(
            "- Values: {}\n",
            setting.enum_values.iter().map(|v| format!("`{v}`")).collect::<Vec<_>>().join(", ")
        ));
    }
    if setting.vartype == VarType::Bool {
        markdown.push_str("- Values: `on`/`off` (also `true`/`false`, `yes`/`no`, `1`/`0`)\n");
    }
    markdown.push_str(&format!(
        "- Changes: {}; context `{}`\n",
        setting.context.explain(),
        setting.context.name()
    ));
    markdown.push_str(&format!("- Category: {}\n", setting.category));

    let meaning = value.and_then(|v| {
        value_meaning(setting, v).or_else(|| time_zone_meaning(catalog.major, setting, v))
    });
    if let Some(meaning) = meaning {
        markdown.push_str(&format!("\nThis value: {meaning}\n"));
    }

    markdown.push_str(&format!("\n{which_major} [Documentation]({})", catalog.docs_url(setting)));
    markdown
}

/// What a valid numeric or enum value amounts to, such as `2GB` = 262144 × 8kB.
fn value_meaning(setting: &Setting, value: &str) -> Option<String> {
    match value::check(setting, value).ok()? {
        Parsed::Integer(number) => {
            let unit = setting.unit?;
            Some(format!(
                "{number} × {} = `{}`",
                unit.name,
                value::format_with_unit(number as f64, unit)
            ))
        }
        Parsed::Real(number) => {
            let unit = setting.unit?;
            Some(format!("{number} {}", unit.name))
        }
        Parsed::Enum(listed) if !listed.eq_ignore_ascii_case(value) => {
            Some(format!("the same as `{listed}`"))
        }
        Parsed::Bool(on) => Some(if on { "on" } else { "off" }.to_string()),
        _ => None,
    }
}

/// What a value of `timezone`, `log_timezone` or `timezone_abbreviations` is, when the
/// server of `major` accepts it (a refused one has its diagnostic).
fn time_zone_meaning(major: u32, setting: &Setting, value: &str) -> Option<String> {
    let hours_allowed = match setting.name.to_ascii_lowercase().as_str() {
        "timezone" => true,
        "log_timezone" => false,
        "timezone_abbreviations" => {
            return timezones::is_abbreviation_set(major, value)
                .then(|| format!("the abbreviation set file `share/timezonesets/{value}`"));
        }
        _ => return None,
    };
    let meaning = match timezones::judge_zone(major, value, hours_allowed) {
        ZoneValue::Zone(spelling) if spelling == value => {
            format!("the zone `{spelling}` of the tz database")
        }
        ZoneValue::Zone(spelling) => {
            format!("the zone `{spelling}` of the tz database (the server finds names in any case)")
        }
        ZoneValue::SystemZone => "a name only the system's tz database has: builds that read \
                                  it (Debian's) accept it, builds with their own tz data refuse \
                                  it"
        .to_string(),
        ZoneValue::Hours(hours) => {
            let side = if hours < 0.0 { "west" } else { "east" };
            let hours = hours.abs();
            format!("a fixed offset of {hours} hours {side} of UTC, without daylight saving")
        }
        ZoneValue::Posix => "a POSIX time-zone spec: a name, then the offset in hours west of \
                             UTC (POSIX counts west as positive: `UTC+3` is three hours behind \
                             UTC), then any daylight-saving name and rules"
            .to_string(),
        ZoneValue::Interval => "an SQL interval: a fixed offset east of UTC".to_string(),
        ZoneValue::Refused(_) => return None,
    };
    Some(meaning)
}
