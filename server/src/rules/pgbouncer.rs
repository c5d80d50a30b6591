//! Rules for pgbouncer files.

use crate::finding::{Finding, Rule};
use crate::settings::Settings;

pub static RULES: &[&Rule] = &[];

pub fn check(_text: &str, _settings: &Settings) -> Vec<Finding> {
    Vec::new()
}
