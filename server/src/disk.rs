//! [`Files`] over the file system, with the editor's unsaved buffers laid over it. One of
//! the few modules that do I/O; only the adapters create it.

use std::collections::HashMap;
use std::fs;
use std::path::{Path, PathBuf};

use crate::files::Files;

/// Files on disk, except those in `overlay`, whose text is the editor's.
#[derive(Default)]
pub struct DiskFiles {
    overlay: HashMap<PathBuf, String>,
}

impl DiskFiles {
    pub fn with_overlay(overlay: HashMap<PathBuf, String>) -> DiskFiles {
        DiskFiles { overlay }
    }
}

/// Files larger than this are not read: no configuration file is this big, and a rule
/// must not stall on a device or a log file that a path happens to name.
const LARGEST_FILE: u64 = 16 * 1024 * 1024;

impl Files for DiskFiles {
    fn read(&self, path: &Path) -> Option<String> {
        if let Some(text) = self.overlay.get(path) {
            return Some(text.clone());
        }
        let metadata = fs::metadata(path).ok()?;
        if !metadata.is_file() || metadata.len() > LARGEST_FILE {
            return None;
        }
        let bytes = fs::read(path).ok()?;
        Some(String::from_utf8_lossy(&bytes).into_owned())
    }

    fn exists(&self, path: &Path) -> bool {
        self.overlay.contains_key(path) || path.exists()
    }

    /// The regular files in `dir` (symbolic links followed), and the editor's unsaved
    /// buffers there that are not on disk yet.
    fn list(&self, dir: &Path) -> Option<Vec<PathBuf>> {
        let mut listed: Vec<PathBuf> = fs::read_dir(dir)
            .ok()?
            .filter_map(Result::ok)
            .map(|entry| entry.path())
            .filter(|path| path.is_file())
            .collect();
        for path in self.overlay.keys() {
            if path.parent() == Some(dir) && !listed.contains(path) {
                listed.push(path.clone());
            }
        }
        Some(listed)
    }
}
