//! Explanations of what is under the cursor, one module per file kind, in Markdown.

use crate::span::Span;

pub mod conninfo;
pub mod dotenv;
pub mod embedded;
pub mod pgbouncer;
pub mod pgconf;
pub mod pghba;
pub mod pgident;
pub mod userlist;

/// What a hover shows and the span of text it explains.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Hover {
    pub span: Span,
    pub markdown: String,
}
