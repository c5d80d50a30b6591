//! Go to definition: from a name of another file (an `include`, an `auth_file`, a
//! certificate) to that file, and from a `map=` option to the map's first line.

use std::path::PathBuf;

use crate::span::Span;

pub mod pgbouncer;
pub mod pgconf;
pub mod pghba;
pub mod pgident;

/// A reference to another file: where it is written, and the file it resolves to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FileLink {
    pub span: Span,
    pub target: PathBuf,
    /// The zero-based line of the target the link lands on; `None` for the file itself.
    pub target_line: Option<usize>,
}
