//! Hovers on `.env` files: inside a value that is a connection string, the connection
//! string hovers (with the file's `PG*` variables as libpq's fallbacks); on a `PG*`
//! variable, the libpq keyword it stands for; on `PGSSLMODE`'s value, the mode.

use std::path::Path;

use crate::files::Files;
use crate::hover::conninfo::{hover_connection_string_for, keyword_markdown, sslmode_markdown};
use crate::hover::Hover;
use crate::knowledge::drivers::manifests::{self, Workspace};
use crate::knowledge::libpq;
use crate::rules::conninfo::{recognize_in, Surroundings};
use crate::rules::dotenv::environment;
use crate::settings::Settings;
use crate::syntax::dotenv;

/// The hover at `offset` of a `.env` file on its own (no manifests: a plain URL is read as
/// libpq reads it unless its key names a driver).
pub fn hover(text: &str, offset: usize, settings: &Settings) -> Option<Hover> {
    hover_in(text, offset, settings, None)
}

/// The hover at `offset` of the `.env` file at `path`, whose workspace's manifests name the
/// driver that reads a plain URL.
pub fn hover_with_files(
    path: &Path,
    text: &str,
    offset: usize,
    settings: &Settings,
    files: &dyn Files,
) -> Option<Hover> {
    let workspace = manifests::discover(path.parent().unwrap_or(Path::new("")), files);
    hover_in(text, offset, settings, Some(&workspace))
}

fn hover_in(
    text: &str,
    offset: usize,
    settings: &Settings,
    workspace: Option<&Workspace>,
) -> Option<Hover> {
    let file = dotenv::parse(text);
    let entry = file
        .entries
        .iter()
        .find(|entry| entry.key_span.touches(offset) || entry.value_span.touches(offset))?;
    let catalog = libpq::catalog(settings);
    let keyword = catalog.by_envvar(&entry.key);

    if entry.key_span.touches(offset) {
        let keyword = keyword?;
        let markdown = format!(
            "**{}** gives libpq's `{}` to every connection that does not set it.\n\n{}",
            entry.key,
            keyword.name,
            keyword_markdown(keyword.name, catalog)
        );
        return Some(Hover { span: entry.key_span, markdown });
    }

    if keyword.is_some_and(|keyword| keyword.name == "sslmode") {
        return Some(Hover { span: entry.value_span, markdown: sslmode_markdown(&entry.value) });
    }
    let surroundings = Surroundings { key: Some(&entry.key), workspace };
    let recognized = recognize_in(&entry.value, settings, &surroundings)?;
    let decoded = entry.map.decoded_offset(offset).unwrap_or(0);
    let env = environment(text, &file);
    hover_connection_string_for(
        &entry.value,
        &recognized.info,
        decoded,
        &entry.map,
        &env,
        settings,
        &recognized.consumer,
    )
}
