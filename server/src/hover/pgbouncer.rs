//! Hovers for pgbouncer files.

use crate::hover::Hover;
use crate::settings::Settings;

pub fn hover(_text: &str, _offset: usize, _settings: &Settings) -> Option<Hover> {
    None
}
