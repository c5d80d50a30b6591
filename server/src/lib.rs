//! pgconf-lsp: finds the PostgreSQL, pg_hba, PgBouncer and connection-string mistakes that
//! take production down.
//!
//! The crate is layered; see ARCHITECTURE.md. `syntax` parses text losslessly into spans,
//! `knowledge` holds the facts (catalogs generated from the real software), `rules` turns a
//! parsed file plus knowledge into [`finding::Finding`]s, `hover` explains what is under the
//! cursor, and `analysis` is the one entry point the adapters (`cli`, `lsp`) call. Nothing
//! below the adapters knows LSP types or does I/O.

pub mod analysis;
pub mod cli;
pub mod completion;
pub mod definition;
pub mod disk;
pub mod files;
pub mod finding;
pub mod formatting;
pub mod hover;
pub mod inlay_hints;
pub mod kind;
pub mod knowledge;
pub mod line_index;
pub mod lsp;
pub mod redact;
pub mod rules;
pub mod settings;
pub mod span;
pub mod suggest;
pub mod symbols;
pub mod syntax;
