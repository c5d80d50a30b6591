//! Hovers on `.env` files: inside a value that is a connection string, the connection
//! string hovers (with the file's `PG*` variables as libpq's fallbacks); on a `PG*`
//! variable, the libpq keyword it stands for; on `PGSSLMODE`'s value, the mode.

use crate::hover::conninfo::{hover_connection_string, keyword_markdown, sslmode_markdown};
use crate::hover::Hover;
use crate::knowledge::libpq;
use crate::rules::conninfo::recognize;
use crate::rules::dotenv::environment;
use crate::settings::Settings;
use crate::syntax::dotenv;

pub fn hover(text: &str, offset: usize, settings: &Settings) -> Option<Hover> {
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
    let recognized = recognize(&entry.value, settings)?;
    let decoded = entry.map.decoded_offset(offset).unwrap_or(0);
    let env = environment(text, &file);
    hover_connection_string(&entry.value, &recognized.info, decoded, &entry.map, &env, settings)
}
