//! Inlay hints: what a bare number means, shown beside it.

pub mod pgconf;

/// A label shown after the text at `offset`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InlayHint {
    pub offset: usize,
    pub label: String,
}
