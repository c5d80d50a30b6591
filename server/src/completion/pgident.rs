//! Completion of map names after `map=` in `pg_hba.conf`, from the pg_ident.conf the
//! server reads (see [`crate::rules::multi::ident::governing_ident_file`]), its includes
//! too. The rest of pg_hba.conf's completion needs no other file and lives in
//! `completion/pghba.rs`.

use std::path::Path;

use crate::completion::{Completion, CompletionKind};
use crate::files::Files;
use crate::finding::Edit;
use crate::rules::multi::ident::{defined_maps, governing_ident_file};
use crate::span::Span;
use crate::syntax::pghba::NEWEST_MAJOR;

/// The map names that may follow the `map=` the cursor at byte `offset` of `text` (the
/// pg_hba.conf at `path`) is in; nothing elsewhere.
pub fn map_names(path: &Path, text: &str, offset: usize, files: &dyn Files) -> Vec<Completion> {
    let Some(before) = text.get(..offset) else {
        return Vec::new();
    };
    let line = &before[before.rfind('\n').map_or(0, |at| at + 1)..];
    if line.contains(['#', '"']) {
        return Vec::new();
    }
    let word_start = line.rfind([' ', '\t', ',']).map_or(0, |at| at + 1);
    let Some(typed) = line[word_start..].strip_prefix("map=") else {
        return Vec::new();
    };
    let Some((ident_path, ident)) = governing_ident_file(path, files) else {
        return Vec::new();
    };
    let Some(names) = defined_maps(&ident_path, &ident, NEWEST_MAJOR, files) else {
        return Vec::new();
    };

    let value_span = Span::new(offset - typed.len(), offset);
    let mut seen: Vec<&str> = Vec::new();
    let mut items = Vec::new();
    for name in &names {
        if seen.contains(&name.as_str()) || !name.starts_with(typed) || name.contains(' ') {
            continue;
        }
        seen.push(name);
        items.push(Completion {
            label: name.clone(),
            kind: CompletionKind::Value,
            detail: Some("pg_ident.conf map".to_string()),
            documentation: None,
            edit: Edit { span: value_span, new_text: name.clone() },
        });
    }
    items
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::files::MemoryFiles;

    #[test]
    fn offers_the_maps_of_the_governing_pg_ident_conf() {
        let files = MemoryFiles::default()
            .with("/d/pg_ident.conf", "admins a b\nsso /^(.*)$ \\1\nadmins c d\nask e f\n");
        let path = Path::new("/d/pg_hba.conf");
        let labels = |text: &str| -> Vec<String> {
            let items = map_names(path, text, text.len(), &files);
            items.iter().map(|item| format!("{}@{}", item.label, item.edit.span.start)).collect()
        };

        assert_eq!(labels("local all all peer map="), ["admins@23", "sso@23", "ask@23"]);
        assert_eq!(labels("local all all peer map=a"), ["admins@23", "ask@23"]);
        assert!(labels("local all all peer ma").is_empty());
        assert!(labels("local all all peer # map=").is_empty());
        let alone = MemoryFiles::default();
        assert!(map_names(path, "local all all peer map=", 23, &alone).is_empty());
    }

    #[test]
    fn offers_the_maps_of_files_pg_ident_conf_includes() {
        let files = MemoryFiles::default()
            .with("pg_ident.conf", "admins a b\ninclude_dir ident.d\n")
            .with("ident.d/sso.conf", "sso /^(.*)$ \\1\n");
        let text = "local all all peer map=";
        let items = map_names(Path::new("pg_hba.conf"), text, text.len(), &files);
        let labels: Vec<&str> = items.iter().map(|item| item.label.as_str()).collect();
        assert_eq!(labels, ["admins", "sso"]);
    }
}
