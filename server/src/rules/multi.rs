//! Rules that read more than one file: a `pg_hba.conf` against the `postgresql.conf` beside
//! it, a connection string against the PgBouncer it points at.

use std::path::Path;

use crate::files::Files;
use crate::finding::{Finding, Rule};
use crate::kind::FileKind;
use crate::settings::Settings;

pub static RULES: &[&Rule] = &[];

/// The findings for `text`, the file at `path`, that need the files around it.
pub fn check(
    kind: FileKind,
    path: &Path,
    text: &str,
    settings: &Settings,
    files: &dyn Files,
) -> Vec<Finding> {
    match kind {
        FileKind::PgConf => super::pgconf::check_with_files(path, text, settings, files),
        FileKind::PgHba => super::pghba::check_with_files(path, text, settings, files),
        FileKind::PgBouncer => super::pgbouncer::check_with_files(path, text, settings, files),
        FileKind::DotEnv => super::dotenv::check_with_files(path, text, settings, files),
        FileKind::ConnInfo => Vec::new(),
    }
}
