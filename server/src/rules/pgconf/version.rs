//! Which major a file is for, and what to say of a name that major does not have.
//!
//! The major comes from the settings (`postgresVersion`) when they name one; else from the
//! file's path as the packages lay clusters out (`/etc/postgresql/15/main/` on Debian and
//! Ubuntu, `/var/lib/pgsql/15/data/` on Red Hat and its kin); else from the `PG_VERSION`
//! file that every data directory holds, when the file sits in one; else the newest we know.

use std::path::Path;

use crate::files::Files;
use crate::finding::{Finding, Fix, Severity};
use crate::knowledge::pg_settings::history::{self, History};
use crate::settings::Settings;
use crate::syntax::pgconf::Entry;

use super::{requote, whole_line, Context, PARAMETER_REMOVED, PARAMETER_TOO_NEW};

/// `settings` with the PostgreSQL major filled in from the file's surroundings when the
/// settings name none. Adapters call this before hover, completion and inlay hints too, so
/// that every answer is for the same major.
pub fn settings_for_file(path: &Path, settings: &Settings, files: &dyn Files) -> Settings {
    let mut settings = settings.clone();
    if settings.postgres_version.is_none() {
        settings.postgres_version = major_from_path(path).or_else(|| {
            let pg_version = path.parent()?.join("PG_VERSION");
            parse_major(files.read(&pg_version)?.trim())
        });
    }
    settings
}

/// The major in a path such as `/etc/postgresql/15/main/postgresql.conf` or
/// `/var/lib/pgsql/15/data/postgresql.conf`: the folder right after `postgresql` or `pgsql`.
pub fn major_from_path(path: &Path) -> Option<u32> {
    let parts: Vec<String> =
        path.components().map(|c| c.as_os_str().to_string_lossy().into_owned()).collect();
    parts.windows(2).find_map(|pair| {
        matches!(pair[0].as_str(), "postgresql" | "pgsql").then(|| parse_major(&pair[1])).flatten()
    })
}

/// `15` from `15`, `9` from `9.6`; majors before 9 and after 99 are not PostgreSQL's.
fn parse_major(text: &str) -> Option<u32> {
    let major = text.split('.').next()?;
    if major.is_empty() || !major.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let major: u32 = major.parse().ok()?;
    (9..100).contains(&major).then_some(major)
}

/// The finding for a name the target major lacks but another major has.
pub(super) fn not_in_this_major(
    context: &Context,
    text: &str,
    entry: &Entry,
    history: History,
) -> Finding {
    let name = entry.name_text(text);
    let target = context.requested_major;
    let remove = Fix::replace("Remove this line", whole_line(text, entry.line), "");

    match history {
        History::NotYet { arrived_in } => {
            let message = format!(
                "`{name}` arrived in PostgreSQL {arrived_in}, but this file is for {target}: \
                 the server refuses to start with a name it does not know. Remove the line, \
                 or set the PostgreSQL version if the file is for a newer server."
            );
            Finding::new(&PARAMETER_TOO_NEW, Severity::Error, entry.name, message).with_fix(remove)
        }
        History::Removed { removed_in, fact } => {
            let successor = fact.and_then(|fact| fact.successor);
            let mut message = format!(
                "`{name}` was removed in PostgreSQL {removed_in}, and this file is for \
                 {target}: the server refuses to start with a name it does not know."
            );
            match (successor, fact.and_then(|fact| fact.instead)) {
                (Some((successor, _)), _) => {
                    message.push_str(&format!(" Its successor is `{successor}`."));
                }
                (None, Some(instead)) => {
                    let mut chars = instead.chars();
                    let first = chars.next().map(|c| c.to_ascii_uppercase()).unwrap_or(' ');
                    message.push_str(&format!(" {first}{}.", chars.as_str()));
                }
                (None, None) => {}
            }

            let mut finding =
                Finding::new(&PARAMETER_REMOVED, Severity::Error, entry.name, message);
            if let Some((successor, conversion)) = successor {
                if let Some(value) = history::convert(conversion, &entry.value.text) {
                    let value_text = if value == entry.value.text {
                        entry.value.span.of(text).to_string()
                    } else {
                        requote(entry, &value)
                    };
                    finding = finding.with_fix(Fix::new(
                        format!("Replace with {successor} = {value_text}"),
                        vec![
                            crate::finding::Edit { span: entry.name, new_text: successor.into() },
                            crate::finding::Edit { span: entry.value.span, new_text: value_text },
                        ],
                    ));
                }
            }
            finding.with_fix(remove)
        }
    }
}
