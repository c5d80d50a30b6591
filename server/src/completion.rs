//! Completion: what may be typed at the cursor, one module per file kind.

use crate::finding::Edit;

pub mod dotenv;
pub mod pgbouncer;
pub mod pgconf;
pub mod pghba;
pub mod pgident;

/// What a completion item stands for, which editors show as an icon.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CompletionKind {
    /// A setting or parameter name.
    Parameter,
    /// A value of a setting: an enum member, a boolean.
    Value,
    /// A keyword of the file's grammar: a connection type, a method, `all`.
    Keyword,
    /// A unit after a number.
    Unit,
    /// A section header.
    Section,
}

/// One completion item: the label shown, and the edit that inserts it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Completion {
    pub label: String,
    pub kind: CompletionKind,
    /// A short line beside the label, such as the type and default.
    pub detail: Option<String>,
    /// Markdown shown when the item is selected.
    pub documentation: Option<String>,
    /// Replaces the word being typed (an empty span at the cursor when there is none).
    pub edit: Edit,
}
