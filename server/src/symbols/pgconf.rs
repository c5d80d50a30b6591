//! The outline of pgconf files.

use crate::settings::Settings;
use crate::symbols::Symbol;

pub fn symbols(_text: &str, _settings: &Settings) -> Vec<Symbol> {
    Vec::new()
}
