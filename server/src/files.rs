//! Access to the files around the one being analysed: the sibling `postgresql.conf` of a
//! `pg_hba.conf`, an included file, the `pgbouncer.ini` an `.env` points at.
//!
//! Rules never touch the disk. They ask a [`Files`], which the adapters implement over the
//! file system and the editor's unsaved buffers ([`crate::disk::DiskFiles`]), and tests
//! implement over a map ([`MemoryFiles`]).

use std::collections::BTreeMap;
use std::path::{Component, Path, PathBuf};

/// `path` with `.` and `..` resolved without asking the file system (as the servers'
/// own `canonicalize_path` does), so that an include cycle is seen however its names are
/// spelled and two spellings of one file compare equal.
pub fn normalize(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for component in path.components() {
        match component {
            Component::CurDir => {}
            Component::ParentDir => {
                if !out.pop() {
                    out.push("..");
                }
            }
            other => out.push(other),
        }
    }
    out
}

/// The files named `config_name` that may include `path` as a fragment: in its folder and
/// the folder above (`conf.d/10.conf` under the `postgresql.conf` that includes `conf.d`),
/// `path` itself left out. Each kind decides from its own include walker whether one
/// really includes it; looking no further keeps that cheap.
pub fn neighbour_configs(path: &Path, config_name: &str) -> Vec<PathBuf> {
    let path = &absolute(path);
    let target = normalize(path);
    let folders = path.parent().into_iter().chain(path.parent().and_then(Path::parent));
    folders
        .map(|folder| normalize(&folder.join(config_name)))
        .filter(|config| *config != target)
        .collect()
}

/// `path` made absolute against the current folder (an empty path is the current folder),
/// normalized: a file typed as `extra.ini` from its own folder is the same file a
/// neighbour's `%include inc/extra.ini` names.
pub fn absolute(path: &Path) -> PathBuf {
    let path = if path.as_os_str().is_empty() { Path::new(".") } else { path };
    normalize(&std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf()))
}

pub trait Files {
    /// The text of a file, or `None` when it does not exist or cannot be read as text.
    fn read(&self, path: &Path) -> Option<String>;

    fn exists(&self, path: &Path) -> bool;

    /// The files directly inside directory `dir` (not its subdirectories), in no particular
    /// order, or `None` when it is not a directory that can be read. For `include_dir`.
    fn list(&self, dir: &Path) -> Option<Vec<PathBuf>>;
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

    fn list(&self, _dir: &Path) -> Option<Vec<PathBuf>> {
        None
    }
}

/// Files held in memory, for tests. A directory exists when a file is in it, or when it
/// was added with [`MemoryFiles::with_dir`].
#[derive(Default)]
pub struct MemoryFiles {
    files: BTreeMap<PathBuf, String>,
    dirs: Vec<PathBuf>,
}

impl MemoryFiles {
    pub fn with(mut self, path: impl Into<PathBuf>, text: impl Into<String>) -> MemoryFiles {
        self.files.insert(path.into(), text.into());
        self
    }

    /// An empty directory.
    pub fn with_dir(mut self, path: impl Into<PathBuf>) -> MemoryFiles {
        self.dirs.push(path.into());
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

    fn list(&self, dir: &Path) -> Option<Vec<PathBuf>> {
        let inside: Vec<PathBuf> =
            self.files.keys().filter(|path| path.parent() == Some(dir)).cloned().collect();
        (!inside.is_empty() || self.dirs.iter().any(|known| known == dir)).then_some(inside)
    }
}
