//! Go to definition: from a name of another file (an `include`, an `auth_file`, a
//! certificate) to that file.

use std::path::PathBuf;

use crate::span::Span;

pub mod pgbouncer;
pub mod pgconf;
pub mod pghba;

/// A reference to another file: where it is written, and the file it resolves to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FileLink {
    pub span: Span,
    pub target: PathBuf,
}
