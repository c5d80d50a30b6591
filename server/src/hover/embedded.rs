//! Hovers on connection strings embedded in YAML, JSON, TOML, `.properties` and shell
//! files: the connection string hovers, with the `PG*` variables the file sets beside
//! the string as libpq's fallbacks.

use crate::hover::conninfo::{hover_connection_string, sslmode_markdown};
use crate::hover::Hover;
use crate::knowledge::libpq;
use crate::rules::conninfo::recognize;
use crate::rules::embedded::{environment, string_at};
use crate::settings::Settings;
use crate::syntax::embedded::Format;

pub fn hover(format: Format, text: &str, offset: usize, settings: &Settings) -> Option<Hover> {
    let (document, index) = string_at(format, text, offset)?;
    let string = &document.strings[index];

    let catalog = libpq::catalog(settings);
    let keyword = catalog.by_envvar(&string.key).filter(|_| string.is_variable);
    if keyword.is_some_and(|keyword| keyword.name == "sslmode") {
        return Some(Hover { span: string.span, markdown: sslmode_markdown(&string.value) });
    }

    let recognized = recognize(&string.value, settings)?;
    let decoded = string.map.decoded_offset(offset).unwrap_or(0);
    let env = environment(&document);
    hover_connection_string(&string.value, &recognized.info, decoded, &string.map, &env, settings)
}
