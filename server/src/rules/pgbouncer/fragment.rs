//! Whether a file is a fragment that a `pgbouncer.ini` beside it (or one folder up)
//! includes with `%include`.
//!
//! Such a file is read by PgBouncer inside the section where the `%include` stands, so it
//! is judged as part of the including file's tree: its lines in that section, against the
//! settings the whole tree makes, and none of the rules that judge a file as a whole
//! config (a setting before any section header, no `[pgbouncer]` section, TLS or
//! keepalives missing). Looking only in the file's folder and its parent keeps this cheap.

use std::path::{Path, PathBuf};

use crate::files::Files;
use crate::files::{absolute, normalize};

/// The `pgbouncer.ini` in the folder of `path` or the folder above it, other than `path`
/// itself, that has an `%include` line naming `path`.
pub fn including_neighbour(path: &Path, files: &dyn Files) -> Option<PathBuf> {
    let target = absolute(path);
    crate::files::neighbour_configs(path, "pgbouncer.ini").into_iter().find(|config| {
        let Some(text) = files.read(config) else {
            return false;
        };
        let base = config.parent().unwrap_or(Path::new(""));
        text.lines().filter_map(included_name).any(|name| normalize(&base.join(name)) == target)
    })
}

/// The file name of an `%include` line, if `line` is one.
fn included_name(line: &str) -> Option<&str> {
    let rest = line.trim_start().strip_prefix("%include")?;
    if !rest.starts_with([' ', '\t']) {
        return None;
    }
    let name = rest.trim();
    (!name.is_empty()).then_some(name)
}
