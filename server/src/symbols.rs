//! Document symbols: the outline of a file, one module per file kind.

use crate::span::Span;

pub mod pgbouncer;
pub mod pgconf;
pub mod pghba;
pub mod pgident;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SymbolKind {
    /// A group: an ini section, a category of parameters.
    Section,
    /// A setting: `name = value`.
    Setting,
    /// A pg_hba.conf record.
    Rule,
    /// A `[databases]` or `[users]` entry.
    Entry,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Symbol {
    pub name: String,
    /// A short line beside the name, such as the value.
    pub detail: Option<String>,
    pub kind: SymbolKind,
    /// The whole construct.
    pub span: Span,
    /// The part to highlight when the symbol is selected, such as its name.
    pub selection: Span,
    pub children: Vec<Symbol>,
}
