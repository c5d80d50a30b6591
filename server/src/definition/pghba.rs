//! Links from pg_hba.conf to the files it names: the target of an `include`,
//! `include_if_exists` or `include_dir` record, and the file of an `@name` list, each
//! resolved as the server resolves it (a relative name against this file's directory).

use std::path::Path;

use crate::definition::FileLink;
use crate::files::Files;
use crate::rules::pghba::resolve_from;
use crate::syntax::pghba::{parse, IncludeKind};

#[cfg(test)]
mod tests;

/// The file named at byte `offset` of `text`, the file at `path`; `None` when nothing is
/// named there or the file does not exist.
pub fn definition(path: &Path, text: &str, offset: usize, files: &dyn Files) -> Option<FileLink> {
    let file = parse(text);
    let record = file.records.iter().find(|record| record.span.touches(offset))?;

    if let Some((kind, name)) = record.include() {
        if !name.span.touches(offset) || name.text.is_empty() {
            return None;
        }
        let target = resolve_from(&name.text, Some(path), None);
        let found = match kind {
            IncludeKind::IncludeDir => files.list(&target).is_some(),
            IncludeKind::Include | IncludeKind::IncludeIfExists => files.exists(&target),
        };
        return found.then_some(FileLink { span: name.span, target, target_line: None });
    }

    let token = record
        .fields
        .iter()
        .flat_map(|field| &field.tokens)
        .find(|token| token.span.touches(offset))?;
    let target = resolve_from(token.included_file()?, Some(path), None);
    files.exists(&target).then_some(FileLink { span: token.span, target, target_line: None })
}
