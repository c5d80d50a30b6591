//! Whether a file is a fragment that a `pgbouncer.ini` beside it (or one folder up)
//! includes with `%include`.
//!
//! Such a file is read by PgBouncer inside the section where the `%include` stands, so the
//! rules that judge a file as a whole config (a setting before any section header, no
//! `[pgbouncer]` section) do not apply to it on its own. Looking only in the file's folder
//! and its parent keeps this cheap.
// FIXME: Judge the fragment in the section of the `%include` that reads it (with
// `syntax::pgbouncer::parse_in`), so that its settings are checked against that section's
// catalog, instead of only silencing the whole-file rules: a fragment of `[pgbouncer]`
// settings (`common.ini` in `examples/mistakes/pooler-files/`) is still judged without the
// including file's other settings, e.g. warned of TLS that the including file turns on.

use std::path::Path;

use crate::files::normalize;
use crate::files::Files;

/// Whether a `pgbouncer.ini` in the folder of `path` or the folder above it, other than
/// `path` itself, has an `%include` line that names `path`.
pub fn included_by_neighbour(path: &Path, files: &dyn Files) -> bool {
    let target = normalize(path);
    let folders = path.parent().into_iter().chain(path.parent().and_then(Path::parent));
    folders.map(|folder| folder.join("pgbouncer.ini")).any(|config| {
        let config = normalize(&config);
        if config == target {
            return false;
        }
        let Some(text) = files.read(&config) else {
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
