//! The one entry point the adapters call: findings and hovers for a file of a known kind.

use std::path::Path;

use crate::completion::{self, Completion};
use crate::definition::{self, FileLink};
use crate::files::Files;
use crate::finding::{Edit, Finding, Fix};
use crate::formatting;
use crate::hover::{self, Hover};
use crate::inlay_hints::{self, InlayHint};
use crate::kind::FileKind;
use crate::redact;
use crate::rules;
use crate::settings::Settings;
use crate::span::Span;
use crate::symbols::{self, Symbol};
use crate::syntax::embedded::Format;

/// Every finding in `text`, ordered by position, then by severity.
pub fn analyze(kind: FileKind, text: &str, settings: &Settings) -> Vec<Finding> {
    let mut findings = match kind {
        FileKind::PgConf => rules::pgconf::check(text, settings),
        FileKind::PgHba => rules::pghba::check(text, settings),
        FileKind::PgIdent => rules::pgident::check(text, settings),
        FileKind::PgBouncer => rules::pgbouncer::check(text, settings),
        FileKind::DotEnv => rules::dotenv::check(text, settings),
        FileKind::ConnInfo => rules::conninfo::check(text, settings),
        FileKind::UserList => rules::userlist::check(text, settings),
        FileKind::Yaml
        | FileKind::Json
        | FileKind::Toml
        | FileKind::Properties
        | FileKind::Shell => match embedded_format(kind) {
            Some(format) => rules::embedded::check(format, text, settings),
            None => Vec::new(),
        },
    };
    findings.sort_by_key(|finding| (finding.span.start, finding.span.end, finding.severity));

    redact::guard_findings(&mut findings, &secrets(kind, text));
    findings
}

/// Every finding in `text`, the file at `path`, including those that need the files
/// around it, which `files` provides.
pub fn analyze_file(
    kind: FileKind,
    path: &Path,
    text: &str,
    settings: &Settings,
    files: &dyn Files,
) -> Vec<Finding> {
    // A server-side file is judged for the major its path or a PG_VERSION beside it names.
    let settings = &settings_for_file(kind, path, settings, files);

    // A postgresql.conf, a pg_hba.conf and a pgbouncer.ini are judged with the files they
    // include (and a postgresql.conf for the major its path names), and a `.env` with the
    // drivers its workspace's manifests name, so all of their findings come from the check
    // that sees the files.
    let mut findings = match kind {
        FileKind::PgConf | FileKind::PgHba | FileKind::PgBouncer | FileKind::DotEnv => Vec::new(),
        // A compose file's strings are checked as interpolated from the `.env` beside it,
        // so all of an embedding file's findings come from the check that sees the files.
        kind if kind.is_embedding() => Vec::new(),
        _ => analyze(kind, text, settings),
    };
    findings.extend(rules::multi::check(kind, path, text, settings, files));
    findings.sort_by_key(|finding| (finding.span.start, finding.span.end, finding.severity));
    redact::guard_findings(&mut findings, &secrets(kind, text));
    findings
}

/// The settings for a file at `path`: `settings`, with what the path says about the
/// target version where the settings leave it open (a postgresql.conf, pg_hba.conf or
/// pg_ident.conf under `/etc/postgresql/15/main/`, or beside a `PG_VERSION` file). Every
/// file the server itself reads gets the same major, so the three never disagree.
pub fn settings_for_file(
    kind: FileKind,
    path: &Path,
    settings: &Settings,
    files: &dyn Files,
) -> Settings {
    match kind {
        FileKind::PgConf | FileKind::PgHba | FileKind::PgIdent => {
            rules::pgconf::version::settings_for_file(path, settings, files)
        }
        _ => settings.clone(),
    }
}

/// The explanation of what lies at byte `offset`, if anything there has one.
pub fn hover(kind: FileKind, text: &str, offset: usize, settings: &Settings) -> Option<Hover> {
    let mut hover = match kind {
        FileKind::PgConf => hover::pgconf::hover(text, offset, settings),
        FileKind::PgHba => hover::pghba::hover(text, offset, settings),
        FileKind::PgIdent => hover::pgident::hover(text, offset, settings),
        FileKind::PgBouncer => hover::pgbouncer::hover(text, offset, settings),
        FileKind::DotEnv => hover::dotenv::hover(text, offset, settings),
        FileKind::ConnInfo => hover::conninfo::hover(text, offset, settings),
        FileKind::UserList => hover::userlist::hover(text, offset, settings),
        _ => hover::embedded::hover(embedded_format(kind)?, text, offset, settings),
    }?;
    hover.markdown = redact::scrub(&hover.markdown, &secrets(kind, text)).into_owned();
    Some(hover)
}

/// Like [`hover`], for the file at `path` with the files around it: the hovers of names of
/// other files (pg_hba.conf's `include` and `@name`) then say what those files hold, and a
/// `.env` file's hover says which driver its workspace's manifests name for a plain URL.
pub fn hover_file(
    kind: FileKind,
    path: &Path,
    text: &str,
    offset: usize,
    settings: &Settings,
    files: &dyn Files,
) -> Option<Hover> {
    let mut hover = match kind {
        FileKind::PgHba => hover::pghba::hover_in(text, offset, settings, Some((path, files))),
        FileKind::DotEnv => hover::dotenv::hover_with_files(path, text, offset, settings, files),
        _ => match embedded_format(kind) {
            Some(format) => {
                hover::embedded::hover_with_files(format, path, text, offset, settings, files)
            }
            None => return self::hover(kind, text, offset, settings),
        },
    }?;
    hover.markdown = redact::scrub(&hover.markdown, &secrets(kind, text)).into_owned();
    Some(hover)
}

/// What may be typed at byte `offset`.
pub fn completions(
    kind: FileKind,
    text: &str,
    offset: usize,
    settings: &Settings,
) -> Vec<Completion> {
    match kind {
        FileKind::PgConf => completion::pgconf::complete(text, offset, settings),
        FileKind::PgHba => completion::pghba::complete(text, offset, settings),
        FileKind::PgBouncer => completion::pgbouncer::complete(text, offset, settings),
        FileKind::DotEnv => completion::dotenv::complete(text, offset, settings),
        _ => Vec::new(),
    }
}

/// What may be typed at byte `offset` of `text`, the file at `path`: [`completions`], and
/// what comes from the files around it (the map names of pg_ident.conf after `map=`).
pub fn completions_in_file(
    kind: FileKind,
    path: &Path,
    text: &str,
    offset: usize,
    settings: &Settings,
    files: &dyn Files,
) -> Vec<Completion> {
    let mut items = completions(kind, text, offset, settings);
    if kind == FileKind::PgHba {
        items.extend(completion::pgident::map_names(path, text, offset, files));
    }
    items
}

/// Rewrites offered at byte `offset` that fix nothing but change the form: a connection
/// string between its URI and `key=value` forms, a password moved out of a string.
///
/// Unlike the fixes of findings these are not passed through the secret guard: moving a
/// password to its own line must carry it there. They only ever go to the editor, which
/// holds the text already; `check` never prints them.
pub fn refactors(kind: FileKind, text: &str, offset: usize, settings: &Settings) -> Vec<Fix> {
    match kind {
        FileKind::DotEnv => rules::dotenv::conversions(text, offset, settings),
        FileKind::ConnInfo => rules::conninfo::conversions(text, offset, settings),
        _ => match embedded_format(kind) {
            Some(format) => rules::embedded::conversions(format, text, offset, settings),
            None => Vec::new(),
        },
    }
}

/// [`refactors`] for the file at `path`: the workspace's manifests around it name the driver
/// that reads a plain URL, and a rewrite that driver cannot read is not offered.
pub fn refactors_in_file(
    kind: FileKind,
    path: &Path,
    text: &str,
    offset: usize,
    settings: &Settings,
    files: &dyn Files,
) -> Vec<Fix> {
    let folder = path.parent().unwrap_or(Path::new(""));
    let workspace = crate::knowledge::drivers::manifests::discover(folder, files);
    match kind {
        FileKind::DotEnv => rules::dotenv::conversions_in(text, offset, settings, Some(&workspace)),
        _ => match embedded_format(kind) {
            Some(format) => {
                rules::embedded::conversions_in(format, text, offset, settings, Some(&workspace))
            }
            None => refactors(kind, text, offset, settings),
        },
    }
}

/// The outline of the file.
pub fn symbols(kind: FileKind, text: &str, settings: &Settings) -> Vec<Symbol> {
    let mut symbols = match kind {
        FileKind::PgConf => symbols::pgconf::symbols(text, settings),
        FileKind::PgHba => symbols::pghba::symbols(text, settings),
        FileKind::PgIdent => symbols::pgident::symbols(text, settings),
        FileKind::PgBouncer => symbols::pgbouncer::symbols(text, settings),
        _ => Vec::new(),
    };
    redact::guard_symbols(&mut symbols, &secrets(kind, text));
    symbols
}

/// The edits that format the file, or the lines overlapping `range`; `None` when the kind
/// has no formatter.
pub fn format(kind: FileKind, text: &str, range: Option<Span>) -> Option<Vec<Edit>> {
    match kind {
        FileKind::PgHba => Some(formatting::pghba::format(text, range)),
        _ => None,
    }
}

/// Labels that explain bare values, such as the size a unit-less number stands for.
pub fn inlay_hints(kind: FileKind, text: &str, settings: &Settings) -> Vec<InlayHint> {
    match kind {
        FileKind::PgConf => inlay_hints::pgconf::inlay_hints(text, settings),
        _ => Vec::new(),
    }
}

/// The file named at byte `offset` of `text`, the file at `path`.
pub fn definition(
    kind: FileKind,
    path: &Path,
    text: &str,
    offset: usize,
    files: &dyn Files,
) -> Option<FileLink> {
    match kind {
        FileKind::PgConf => definition::pgconf::definition(path, text, offset, files),
        FileKind::PgHba => definition::pgident::map_definition(path, text, offset, files)
            .or_else(|| definition::pghba::definition(path, text, offset, files)),
        FileKind::PgBouncer => definition::pgbouncer::definition(path, text, offset, files),
        _ => None,
    }
}

/// The spans of secrets (passwords, auth secrets) in `text`, which adapters must never
/// show: what the parsers know to be secret, and whatever looks like a secret to
/// [`redact::secret_spans`].
pub fn secret_spans(kind: FileKind, text: &str) -> Vec<Span> {
    let settings = Settings::default();
    let mut spans = match kind {
        FileKind::PgHba => rules::pghba::secret_spans(text),
        FileKind::PgBouncer => rules::pgbouncer::secret_spans(text),
        FileKind::UserList => rules::userlist::secret_spans(text),
        FileKind::DotEnv => rules::dotenv::secret_spans(text, &settings),
        FileKind::ConnInfo => rules::conninfo::secret_spans(text, &settings),
        FileKind::PgConf | FileKind::PgIdent => Vec::new(),
        _ => match embedded_format(kind) {
            Some(format) => rules::embedded::secret_spans(format, text, &settings),
            None => Vec::new(),
        },
    };
    spans.extend(redact::secret_spans(text));
    // A `${DB_PASSWORD}` names where a secret comes from; it is not one.
    spans.retain(|span| !rules::embedded::is_reference(text.get(span.start..span.end)));
    spans.sort();
    spans.dedup();
    spans
}

/// The general format a kind's files are written in, for the kinds whose connection
/// strings are embedded in YAML, JSON, TOML, `.properties` or shell.
pub fn embedded_format(kind: FileKind) -> Option<Format> {
    match kind {
        FileKind::Yaml => Some(Format::Yaml),
        FileKind::Json => Some(Format::Json),
        FileKind::Toml => Some(Format::Toml),
        FileKind::Properties => Some(Format::Properties),
        FileKind::Shell => Some(Format::Shell),
        _ => None,
    }
}

/// Every secret in `text`, with where it stands.
fn secrets(kind: FileKind, text: &str) -> Vec<redact::Secret<'_>> {
    redact::secrets_of(text, &secret_spans(kind, text))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::files::MemoryFiles;

    const ENV: &str = "DATABASE_URL=postgresql://app:s3cret@db.example.com/app?sslmode=require\n";

    fn node_workspace() -> MemoryFiles {
        MemoryFiles::default()
            .with("/app/package.json", r#"{"dependencies": {"pg": "8"}}"#)
            .with("/app/.env", ENV)
    }

    /// A `.env` file's findings come once each, from the check that reads the manifests.
    #[test]
    fn env_findings_with_files_follow_the_manifests_once() {
        let settings = Settings::default();
        let path = Path::new("/app/.env");
        let findings = analyze_file(FileKind::DotEnv, path, ENV, &settings, &node_workspace());
        let rules: Vec<&str> = findings.iter().map(|finding| finding.rule.name).collect();
        expect_test::expect![[
            r#"["conn-password-in-string", "conn-node-sslmode-means-verify-full"]"#
        ]]
        .assert_eq(&format!("{rules:?}"));

        // Without files, libpq's reading.
        let alone: Vec<&str> =
            analyze(FileKind::DotEnv, ENV, &settings).iter().map(|f| f.rule.name).collect();
        expect_test::expect![[
            r#"["conn-password-in-string", "conn-keepalives-missing", "conn-sslmode-require"]"#
        ]]
        .assert_eq(&format!("{alone:?}"));
    }

    #[test]
    fn env_hover_with_files_names_the_driver_and_hides_the_password() {
        let settings = Settings::default();
        let offset = ENV.find("db.example").unwrap_or_default();
        let path = Path::new("/app/.env");
        let hover = hover_file(FileKind::DotEnv, path, ENV, offset, &settings, &node_workspace());
        let markdown = hover.map(|hover| hover.markdown).unwrap_or_default();
        assert!(markdown.contains("Read by node-postgres"), "{markdown}");
        assert!(!markdown.contains("s3cret"), "{markdown}");
    }

    /// A command that fetches a passphrase is not a secret: its hover is shown whole.
    #[test]
    fn passphrase_command_hover_is_not_scrubbed() {
        let text = "ssl_passphrase_command = '/usr/local/bin/get-passphrase %p'\n";
        let settings = Settings::default();
        let hover = hover(FileKind::PgConf, text, 3, &settings).expect("a hover");
        let first_line = hover.markdown.lines().next().unwrap_or_default().to_string();
        assert!(!hover.markdown.contains("****"), "{}", hover.markdown);
        expect_test::expect!["**ssl_passphrase_command**: string"].assert_eq(&first_line);
    }

    /// Every file the server reads is judged for the major a `PG_VERSION` beside it names,
    /// pg_hba.conf too, and a file elsewhere for the newest major.
    #[test]
    fn server_files_get_the_major_of_the_pg_version_beside_them() {
        let files = MemoryFiles::default().with("/srv/15/PG_VERSION", "15\n");
        let settings = Settings::default();
        let rules_of = |kind: FileKind, path: &str, text: &str| -> Vec<&'static str> {
            let findings = analyze_file(kind, Path::new(path), text, &settings, &files);
            findings.iter().map(|finding| finding.rule.name).collect()
        };
        let report = |dir: &str| {
            let hba = rules_of(FileKind::PgHba, &format!("{dir}/pg_hba.conf"), HBA);
            let ident = rules_of(FileKind::PgIdent, &format!("{dir}/pg_ident.conf"), IDENT);
            let conf = rules_of(FileKind::PgConf, &format!("{dir}/postgresql.conf"), CONF);
            format!("{dir}: {hba:?} {ident:?} {conf:?}")
        };
        const HBA: &str = "local all all peer\ninclude_dir hba.d\n";
        const IDENT: &str = "m alice all\n";
        const CONF: &str = "reserved_connections = 3\n";

        expect_test::expect![[r#"
            /srv/15: ["hba-no-replication-rule", "hba-include"] ["ident-needs-newer-major"] ["conf-keepalives-unset", "conf-parameter-too-new"]
            /srv/other: ["hba-no-replication-rule", "hba-include-missing"] [] ["conf-keepalives-unset"]"#]]
        .assert_eq(&[report("/srv/15"), report("/srv/other")].join("\n"));
    }
}
