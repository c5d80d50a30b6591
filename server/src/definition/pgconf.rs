//! Links from postgresql.conf to the files it names: the target of an `include`,
//! `include_if_exists` or `include_dir` (relative to this file's directory, as the server
//! resolves it), and the absolute paths of the parameters that name files (`hba_file`,
//! `ssl_cert_file` ...).

use std::path::{Path, PathBuf};

use crate::definition::FileLink;
use crate::files::Files;
use crate::syntax::pgconf::{self, Directive};

#[cfg(test)]
mod tests;

/// The file named at byte `offset` of `text`, the file at `path`, resolved as the
/// server resolves it; `None` when nothing is named there or the file does not exist.
pub fn definition(path: &Path, text: &str, offset: usize, files: &dyn Files) -> Option<FileLink> {
    let file = pgconf::parse(text);
    let entry = file.entries.iter().find(|entry| entry.value.span.touches(offset))?;
    let named = Path::new(&entry.value.text);
    if entry.value.text.is_empty() {
        return None;
    }

    let target: PathBuf = match entry.directive {
        Some(directive) => {
            let target = if named.is_absolute() {
                named.to_path_buf()
            } else {
                path.parent().unwrap_or(Path::new("")).join(named)
            };
            let found = match directive {
                Directive::IncludeDir => files.list(&target).is_some(),
                Directive::Include | Directive::IncludeIfExists => files.exists(&target),
            };
            found.then_some(target)?
        }
        None => {
            // Relative paths of these parameters are relative to the data directory, which
            // the file does not tell; only absolute ones are followed.
            // FIXME: Resolve relative paths against the data directory when a PG_VERSION
            // beside the file shows that this is it.
            let names_a_file = entry.name_text(text).to_ascii_lowercase().ends_with("_file");
            (names_a_file && named.is_absolute() && files.exists(named))
                .then(|| named.to_path_buf())?
        }
    };
    Some(FileLink { span: entry.value.span, target, target_line: None })
}
