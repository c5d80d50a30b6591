//! Links from a `map=NAME` option of `pg_hba.conf` to the first line of that map in the
//! pg_ident.conf the server reads (see [`crate::rules::multi::ident::governing_ident_file`]).
//!
//! Kept apart from `definition/pghba.rs`, which links the files pg_hba.conf includes:
//! [`crate::analysis::definition`] asks this module first and falls back to that one.

use std::path::Path;

use crate::definition::FileLink;
use crate::files::Files;
use crate::rules::multi::ident::{governing_ident_file, map_definitions, map_options};
use crate::syntax::pghba::NEWEST_MAJOR;

/// The first line of the map named by the `map=` value at byte `offset` of `text`, the
/// pg_hba.conf at `path`; `None` when the offset is not on a `map=` value or no such map
/// is defined.
pub fn map_definition(
    path: &Path,
    text: &str,
    offset: usize,
    files: &dyn Files,
) -> Option<FileLink> {
    let option =
        map_options(text, NEWEST_MAJOR).into_iter().find(|option| option.span.touches(offset))?;
    let (ident_path, ident) = governing_ident_file(path, files)?;
    let definitions = map_definitions(&ident_path, &ident, NEWEST_MAJOR, files)?;
    let definition = definitions.into_iter().find(|definition| definition.name == option.name)?;
    Some(FileLink {
        span: option.span,
        target: definition.path,
        target_line: Some(definition.line),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::files::MemoryFiles;

    #[test]
    fn map_value_links_to_the_first_line_of_the_map() {
        let hba = "local all all peer map=admins\nlocal all all peer map=nope\nhost all all \
                   10.0.0.0/8 md5 map=admins\n";
        let files = MemoryFiles::default()
            .with("/etc/pg/pg_hba.conf", hba)
            .with("/etc/pg/pg_ident.conf", "# MAP SYSTEM PG\nother a b\nadmins alice postgres\n");
        let path = Path::new("/etc/pg/pg_hba.conf");
        let at = |needle: &str| hba.find(needle).expect("the needle");

        let link = map_definition(path, hba, at("admins") + 2, &files).expect("a link");
        assert_eq!(link.span.of(hba), "admins");
        assert_eq!(link.target, Path::new("/etc/pg/pg_ident.conf"));
        assert_eq!(link.target_line, Some(2));

        assert_eq!(map_definition(path, hba, at("nope"), &files), None, "undefined map");
        assert_eq!(map_definition(path, hba, at("peer"), &files), None, "not on a map value");
        // `md5` takes no map, so the server never looks it up.
        assert_eq!(map_definition(path, hba, hba.rfind("admins").unwrap(), &files), None);
        let alone = MemoryFiles::default().with("/etc/pg/pg_hba.conf", hba);
        assert_eq!(map_definition(path, hba, at("admins"), &alone), None, "no pg_ident.conf");
    }

    #[test]
    fn map_value_links_into_a_file_pg_ident_conf_includes() {
        let hba = "hostssl all all 10.0.0.0/8 cert map=sso
";
        let files = MemoryFiles::default()
            .with("pg_hba.conf", hba)
            .with(
                "pg_ident.conf",
                "admins alice postgres
include sub.conf
",
            )
            .with("sub.conf", "# SSO\n\nsso /^(.*)@corp$ \\1\n");
        let link = map_definition(Path::new("pg_hba.conf"), hba, hba.len() - 2, &files);
        let link = link.expect("a link into the included file");
        assert_eq!(link.target, Path::new("sub.conf"));
        assert_eq!(link.target_line, Some(2));
    }
}
