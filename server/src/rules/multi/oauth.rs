//! `oauth` lines of pg_hba.conf against the `oauth_validator_libraries` of the postgresql.conf
//! beside it. PostgreSQL 18 checks each `oauth` line when it loads pg_hba.conf
//! (`check_oauth_validator` in `auth-oauth.c`) and refuses the file, and so refuses to
//! start, when:
//!
//! - `oauth_validator_libraries` is empty;
//! - it lists several libraries and the line names none with `validator=`;
//! - `validator=` names a library the list does not hold.
//!
//! Each verdict was checked with a real 18. The list is judged only when the postgresql.conf
//! settles it: set there with no include that could set it again, or set by `ALTER SYSTEM`
//! in postgresql.auto.conf, which the server reads last.

use crate::finding::{Finding, Rule, Severity};
use crate::knowledge::hba::AuthMethod;
use crate::syntax::{pgconf, pghba};

pub static OAUTH_VALIDATOR: Rule = Rule {
    name: "multi-oauth-validator",
    url: "https://www.postgresql.org/docs/current/runtime-config-connection.html#GUC-OAUTH-VALIDATOR-LIBRARIES",
};

/// The first major with the `oauth` method.
const OAUTH_SINCE: u32 = 18;

/// The libraries the server will have, when the files settle them, and where they are set.
struct Libraries {
    names: Vec<String>,
    /// Where the value comes from, as a clause for messages.
    set_where: String,
}

/// The findings on `hba`'s `oauth` lines, for a server of major `major` whose
/// postgresql.conf (and postgresql.auto.conf) are `conf` and `auto_conf`.
pub fn check(
    hba: &str,
    conf: &str,
    auto_conf: Option<&str>,
    major: Option<u32>,
    out: &mut Vec<Finding>,
) {
    if major.is_some_and(|major| major < OAUTH_SINCE) {
        return;
    }
    let Some(libraries) = libraries(conf, auto_conf) else {
        return;
    };

    let where_set = &libraries.set_where;
    for record in &pghba::parse(hba).records {
        let columns = record.columns();
        let Some(method) = columns.method.and_then(|field| field.single()) else {
            continue;
        };
        if method.quoted || AuthMethod::from_name(&method.text) != Some(AuthMethod::OAuth) {
            continue;
        }
        let validator = columns.options.iter().find_map(|option| {
            let (name, value) = option.text.split_once('=')?;
            (name == "validator").then_some((*option, value))
        });

        let problem = match (&validator, libraries.names.len()) {
            (_, 0) => Some((
                method.span,
                format!(
                    "An `oauth` line needs a validator library, and {where_set}, so \
                     PostgreSQL refuses this pg_hba.conf and does not start. List the library \
                     in `oauth_validator_libraries`."
                ),
            )),
            (None, 1) => None,
            (None, count) => Some((
                method.span,
                format!(
                    "{where_set} with {count} libraries and this line names none with \
                     `validator=`, so PostgreSQL refuses this pg_hba.conf and does \
                     not start. Add `validator=` with one of them."
                ),
            )),
            (Some((option, value)), _) => {
                let listed = libraries.names.iter().any(|name| name.eq_ignore_ascii_case(value));
                (!listed).then(|| {
                    (
                        option.span,
                        format!(
                            "`validator={value}` names a library that \
                             `oauth_validator_libraries` does not list ({}), so PostgreSQL \
                             refuses this pg_hba.conf and does not start. Name a listed \
                             library or add this one to the list.",
                            libraries.names.join(", ")
                        ),
                    )
                })
            }
        };
        if let Some((span, message)) = problem {
            out.push(Finding::new(&OAUTH_VALIDATOR, Severity::Error, span, message));
        }
    }
}

/// The value of `oauth_validator_libraries` the server starts with, when the files settle it.
fn libraries(conf: &str, auto_conf: Option<&str>) -> Option<Libraries> {
    if let Some((value, line)) = auto_conf.and_then(last_setting) {
        return Some(set_on("postgresql.auto.conf", &value, line));
    }
    let file = pgconf::parse(conf);
    let last = file.entries.iter().rposition(|entry| is_the_setting(conf, entry));
    if file.entries[last.unwrap_or(0)..].iter().any(|entry| entry.directive.is_some()) {
        // An include after the last setting (or anywhere, without one) may set it again.
        return None;
    }
    let Some((value, line)) = last_setting(conf) else {
        let set_where =
            "the postgresql.conf beside this file leaves `oauth_validator_libraries` empty";
        return Some(Libraries { names: Vec::new(), set_where: set_where.to_string() });
    };
    Some(set_on("postgresql.conf", &value, line))
}

/// The libraries `value` lists, set in `file` on `line`.
fn set_on(file: &str, value: &str, line: usize) -> Libraries {
    let names = split_list(value);
    let set_where = if names.is_empty() {
        format!("{file} sets `oauth_validator_libraries` to nothing on line {line}")
    } else {
        format!("{file} sets `oauth_validator_libraries` on line {line}")
    };
    Libraries { names, set_where }
}

fn is_the_setting(text: &str, entry: &pgconf::Entry) -> bool {
    entry.directive.is_none()
        && entry.name_text(text).eq_ignore_ascii_case("oauth_validator_libraries")
}

/// The last `oauth_validator_libraries` of a file and its 1-based line.
fn last_setting(text: &str) -> Option<(String, usize)> {
    let file = pgconf::parse(text);
    let entry = file.entries.iter().rev().find(|entry| is_the_setting(text, entry))?;
    let line = text[..entry.name.start].matches('\n').count() + 1;
    Some((entry.value.text.clone(), line))
}

/// The names of a comma-separated list, trimmed, without empty entries.
fn split_list(value: &str) -> Vec<String> {
    value
        .split(',')
        .map(|name| name.trim().trim_matches('"').to_string())
        .filter(|name| !name.is_empty())
        .collect()
}
