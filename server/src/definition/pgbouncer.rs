//! Links from `pgbouncer.ini` to the files it names: the target of an `%include`, and the
//! files of `[pgbouncer]` settings that must exist (`auth_file`, `auth_hba_file`,
//! `auth_ident_file`, the TLS keys, certificates and CAs). Relative names are resolved as
//! the rules resolve them: from PgBouncer's working directory, assumed to be this file's.

use std::path::Path;

use crate::definition::FileLink;
use crate::files::Files;
use crate::rules::pgbouncer::{resolve, FILE_SETTINGS};
use crate::span::Span;
use crate::syntax::pgbouncer::{self as syntax, Item};

#[cfg(test)]
mod tests;

/// The file named at byte `offset` of `text`, the file at `path`, resolved as PgBouncer
/// resolves it; `None` when nothing is named there or the file does not exist.
pub fn definition(path: &Path, text: &str, offset: usize, files: &dyn Files) -> Option<FileLink> {
    let file = syntax::parse(text);
    let span: Span = file.items.iter().find_map(|item| match item {
        Item::Include(include) if include.path.touches(offset) => Some(include.path),
        Item::Entry(entry)
            if entry.value.touches(offset)
                && entry.section.as_deref() == Some("pgbouncer")
                && FILE_SETTINGS.contains(&entry.name.as_str()) =>
        {
            Some(entry.value)
        }
        _ => None,
    })?;
    let name = span.of(text).trim();
    if name.is_empty() {
        return None;
    }
    let target = resolve(path.parent(), name);
    files.exists(&target).then_some(FileLink { span, target, target_line: None })
}
