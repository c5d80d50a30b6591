//! Inlay hints in postgresql.conf: the size or duration a unit-less number stands for.

use crate::inlay_hints::InlayHint;
use crate::settings::Settings;

pub fn inlay_hints(_text: &str, _settings: &Settings) -> Vec<InlayHint> {
    Vec::new()
}
