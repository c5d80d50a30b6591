//! Completion in pgconf files.

use crate::completion::Completion;
use crate::settings::Settings;

pub fn complete(_text: &str, _offset: usize, _settings: &Settings) -> Vec<Completion> {
    Vec::new()
}
