//! Access to the files around the one being analysed: the sibling `postgresql.conf` of a
//! `pg_hba.conf`, an included file, the `pgbouncer.ini` an `.env` points at.
//!
//! Rules never touch the disk. They ask a [`Files`], which the adapters implement over the
//! file system and the editor's unsaved buffers ([`crate::disk::DiskFiles`]), and tests
//! implement over a map ([`MemoryFiles`]).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

pub trait Files {
    /// The text of a file, or `None` when it does not exist or cannot be read as text.
    fn read(&self, path: &Path) -> Option<String>;

    fn exists(&self, path: &Path) -> bool;
}

/// No files at all: analysis of a text with no surroundings, such as standard input.
pub struct NoFiles;

impl Files for NoFiles {
    fn read(&self, _path: &Path) -> Option<String> {
        None
    }

    fn exists(&self, _path: &Path) -> bool {
        false
    }
}

/// Files held in memory, for tests.
#[derive(Default)]
pub struct MemoryFiles {
    files: BTreeMap<PathBuf, String>,
}

impl MemoryFiles {
    pub fn with(mut self, path: impl Into<PathBuf>, text: impl Into<String>) -> MemoryFiles {
        self.files.insert(path.into(), text.into());
        self
    }
}

impl Files for MemoryFiles {
    fn read(&self, path: &Path) -> Option<String> {
        self.files.get(path).cloned()
    }

    fn exists(&self, path: &Path) -> bool {
        self.files.contains_key(path)
    }
}
