//! Rules that read more than one file: a `pg_hba.conf` against the `postgresql.conf` and
//! `pg_ident.conf` beside it, a connection string against the PgBouncer it points at.
//! Each kind's own file-reading checks (includes, certificates) live with its rules and
//! are dispatched from here too.
//!
//! Sibling files are found the way the common layouts keep them: Debian's
//! `/etc/postgresql/<major>/main/` holds `postgresql.conf` and `pg_hba.conf` together, and a
//! project keeps its `.env` beside the `pgbouncer.ini` it runs.
//!
//! FIXME: Honour `hba_file` and `config_file` settings and an explicit workspace setting
//! that names the governing postgresql.conf, instead of only the sibling.

pub mod ident;
pub mod oauth;

use std::path::Path;

use crate::files::Files;
use crate::finding::{Finding, Rule, Severity};
use crate::kind::FileKind;
use crate::knowledge::pg_settings::value::parse_bool;
use crate::rules::conninfo;
use crate::rules::pgconf::{self as pgconf_rules, Deciding};
use crate::rules::pghba as pghba_rules;
use crate::settings::Settings;
use crate::span::Span;
use crate::syntax::{dotenv, pgbouncer, pgconf, pghba};

pub static HOSTSSL_WITHOUT_SSL: Rule = Rule {
    name: "multi-hostssl-without-ssl",
    url: "https://www.postgresql.org/docs/current/auth-pg-hba-conf.html",
};
pub static CHANNEL_BINDING_VIA_PGBOUNCER: Rule = Rule {
    name: "multi-channel-binding-via-pgbouncer",
    url: "https://www.postgresql.org/docs/current/libpq-connect.html#LIBPQ-CONNECT-CHANNEL-BINDING",
};

pub static RULES: &[&Rule] = &[
    &HOSTSSL_WITHOUT_SSL,
    &CHANNEL_BINDING_VIA_PGBOUNCER,
    &ident::MAP_UNDEFINED,
    &ident::MAP_UNUSED,
    &oauth::OAUTH_VALIDATOR,
];

/// PgBouncer's port when `listen_port` is not set.
const PGBOUNCER_DEFAULT_PORT: u16 = 6432;

/// libpq's port when a connection string names none.
const LIBPQ_DEFAULT_PORT: u16 = 5432;

/// The findings for `text`, the file at `path`, that need the files around it.
pub fn check(
    kind: FileKind,
    path: &Path,
    text: &str,
    settings: &Settings,
    files: &dyn Files,
) -> Vec<Finding> {
    // A pg_hba.conf that the pgbouncer.ini beside it names as its `auth_hba_file` is
    // PgBouncer's, read with PgBouncer's grammar and nothing of PostgreSQL's.
    if kind == FileKind::PgHba {
        if let Some(found) = super::pgbouncer::check_as_auth_hba_file(path, text, settings, files) {
            return found;
        }
    }

    let mut findings = match kind {
        FileKind::PgConf => super::pgconf::check_with_files(path, text, settings, files),
        FileKind::PgHba => super::pghba::check_with_files(path, text, settings, files),
        FileKind::PgIdent => super::pgident::check_with_files(path, text, settings, files),
        FileKind::PgBouncer => super::pgbouncer::check_with_files(path, text, settings, files),
        FileKind::DotEnv => super::dotenv::check_with_files(path, text, settings, files),
        FileKind::ConnInfo | FileKind::UserList => Vec::new(),
        _ => match crate::analysis::embedded_format(kind) {
            Some(format) => super::embedded::check_with_files(format, path, text, settings, files),
            None => Vec::new(),
        },
    };

    let sibling = |name: &str| {
        let sibling = path.parent()?.join(name);
        Some((sibling.clone(), files.read(&sibling)?))
    };
    match kind {
        FileKind::PgHba => {
            if let Some((conf_path, conf)) = sibling("postgresql.conf") {
                let auto_conf = sibling("postgresql.auto.conf").map(|(_, text)| text);
                let switched_off =
                    ssl_switched_off(&conf_path, &conf, auto_conf.as_deref(), settings, files);
                if let Some(off) = switched_off {
                    hostssl_without_ssl(text, &off, &mut findings);
                    no_hostssl_fix_while_ssl_is_off(&off, &mut findings);
                }
                let major = settings.postgres_version;
                oauth::check(text, &conf, auto_conf.as_deref(), major, &mut findings);
            }
            ident::undefined_maps(path, text, settings, files, &mut findings);
        }
        FileKind::PgIdent => ident::unused_maps(path, text, settings, files, &mut findings),
        FileKind::DotEnv => {
            if let Some((_, ini)) = sibling("pgbouncer.ini") {
                channel_binding_via_pgbouncer(text, &ini, settings, &mut findings);
            }
        }
        _ => {}
    }
    findings
}

/// `hostssl` lines while the server beside them has TLS switched off: they match nothing,
/// so every client they were meant for falls through to later lines or is refused.
/// `off` is the line of the sibling postgresql.conf's tree that switches TLS off.
fn hostssl_without_ssl(hba: &str, off: &Deciding, out: &mut Vec<Finding>) {
    for record in &pghba::parse(hba).records {
        let conn_type = record.fields[0].first();
        if conn_type.quoted || !conn_type.text.eq_ignore_ascii_case("hostssl") {
            continue;
        }
        let message = format!(
            "The postgresql.conf beside this file switches TLS off (`{}` {}), so no \
             connection is ever TLS and this `hostssl` line never matches: its clients fall \
             through to later lines or get \"no pg_hba.conf entry\". Turn `ssl` on with a \
             certificate and key, or write `host` if plain text is truly meant.",
            off.written,
            off.place()
        );
        out.push(Finding::new(&HOSTSSL_WITHOUT_SSL, Severity::Warning, conn_type.span, message));
    }
}

/// The plain-text findings of pg_hba.conf offer "Change to `hostssl`"; while the sibling
/// postgresql.conf switches TLS off, that edit would lock the line's clients out (the line
/// could never match again), so the fix is withheld and the message says to turn TLS on
/// first.
fn no_hostssl_fix_while_ssl_is_off(off: &Deciding, findings: &mut [Finding]) {
    let plain_text_rules = [&pghba_rules::HOST_PLAINTEXT, &pghba_rules::HOSTNOSSL_REMOTE];
    for finding in findings.iter_mut() {
        if !plain_text_rules.iter().any(|rule| std::ptr::eq(*rule, finding.rule)) {
            continue;
        }
        finding.fixes.retain(|fix| !fix.edits.iter().any(|edit| edit.new_text == "hostssl"));
        finding.message.push_str(&format!(
            " The postgresql.conf beside this file switches TLS off (`{}` {}), so turn `ssl` \
             on with a certificate and key first: a `hostssl` line would match nothing until \
             then.",
            off.written,
            off.place()
        ));
    }
}

/// The line that switches TLS off, when it certainly is off: the last `ssl` line of
/// postgresql.auto.conf (`ALTER SYSTEM`, read after everything else), or else the line
/// deciding `ssl` in `conf` and the files it includes (read as the server reads them),
/// sets it off.
fn ssl_switched_off(
    conf_path: &Path,
    conf: &str,
    auto_conf: Option<&str>,
    settings: &Settings,
    files: &dyn Files,
) -> Option<Deciding> {
    let deciding = match auto_conf.and_then(altered_ssl) {
        Some(altered) => altered,
        None => pgconf_rules::deciding_line(conf_path, conf, "ssl", settings, files)?,
    };
    (parse_bool(&deciding.value) == Some(false)).then_some(deciding)
}

/// The last line of postgresql.auto.conf that sets `ssl`.
fn altered_ssl(auto_conf: &str) -> Option<Deciding> {
    let file = pgconf::parse(auto_conf);
    let entry = file.entries.iter().rev().find(|entry| {
        entry.directive.is_none() && entry.name_text(auto_conf).eq_ignore_ascii_case("ssl")
    })?;
    let written = format!("{} = {}", entry.name_text(auto_conf), entry.value.span.of(auto_conf));
    Some(Deciding {
        value: entry.value.text.clone(),
        written,
        included: Some("postgresql.auto.conf".to_string()),
        line: crate::line_index::line_number(auto_conf, entry.line.start),
    })
}

/// `channel_binding=require` towards the PgBouncer beside the `.env`: PgBouncer never
/// offers SCRAM-SHA-256-PLUS to its clients, so libpq refuses every such connection.
fn channel_binding_via_pgbouncer(
    env: &str,
    ini: &str,
    settings: &Settings,
    out: &mut Vec<Finding>,
) {
    let port = pgbouncer_port(ini);

    for entry in dotenv::parse(env).entries.iter().filter(|entry| !entry.unclosed) {
        let Some(recognized) = conninfo::recognize(&entry.value, settings) else {
            continue;
        };
        let info = &recognized.info;
        let Some(binding) = info.get("channel_binding").filter(|s| s.value == "require") else {
            continue;
        };
        let string_port = info.value("port").and_then(|port| port.split(',').next()?.parse().ok());
        if string_port.unwrap_or(LIBPQ_DEFAULT_PORT) != port {
            continue;
        }

        let message = format!(
            "This string connects to port {port}, where the pgbouncer.ini beside this file \
             listens, and PgBouncer does not support channel binding: with \
             `channel_binding=require` libpq refuses every connection. Use \
             `channel_binding=prefer` (or drop it) and authenticate PgBouncer with \
             `sslmode=verify-full` and `sslrootcert` instead."
        );
        let span = entry.map.span(Span::new(binding.value_span.start, binding.value_span.end));
        out.push(Finding::new(&CHANNEL_BINDING_VIA_PGBOUNCER, Severity::Warning, span, message));
    }
}

/// The port PgBouncer listens on, as its `[pgbouncer]` section says.
fn pgbouncer_port(ini: &str) -> u16 {
    let file = pgbouncer::parse(ini);
    file.last_entry("pgbouncer", "listen_port")
        .and_then(|entry| entry.value.of(ini).trim().parse().ok())
        .unwrap_or(PGBOUNCER_DEFAULT_PORT)
}

#[cfg(test)]
mod tests {
    use expect_test::{expect, Expect};

    use super::*;
    use crate::files::MemoryFiles;

    #[track_caller]
    fn check_in(files: MemoryFiles, path: &str, kind: FileKind, expect: Expect) {
        let text = files.read(Path::new(path)).expect("the checked file");
        let findings = check(kind, Path::new(path), &text, &Settings::default(), &files);
        // Each kind's check with files returns all of its findings; these tests are about
        // the cross-file ones.
        let lines: Vec<String> = findings
            .iter()
            .filter(|finding| finding.rule.name.starts_with("multi-"))
            .map(|finding| {
                let line = text[..finding.span.start].matches('\n').count() + 1;
                let what = finding.span.of(&text);
                format!("{line} `{what}` {}: {}", finding.rule.name, finding.message)
            })
            .collect();
        expect.assert_eq(&lines.join("\n"));
    }

    const CASE_022_HBA: &str =
        include_str!("../../../tests/cases/022-multi-hostssl-with-ssl-off/pg_hba.conf");
    const CASE_022_CONF: &str =
        include_str!("../../../tests/cases/022-multi-hostssl-with-ssl-off/postgresql.conf");

    #[test]
    fn case_022_hostssl_lines_while_ssl_is_off() {
        let files = MemoryFiles::default()
            .with("/etc/postgresql/15/main/pg_hba.conf", CASE_022_HBA)
            .with("/etc/postgresql/15/main/postgresql.conf", CASE_022_CONF);
        check_in(
            files,
            "/etc/postgresql/15/main/pg_hba.conf",
            FileKind::PgHba,
            expect![[r#"
                2 `hostssl` multi-hostssl-without-ssl: The postgresql.conf beside this file switches TLS off (`ssl = off` on line 2), so no connection is ever TLS and this `hostssl` line never matches: its clients fall through to later lines or get "no pg_hba.conf entry". Turn `ssl` on with a certificate and key, or write `host` if plain text is truly meant.
                3 `hostssl` multi-hostssl-without-ssl: The postgresql.conf beside this file switches TLS off (`ssl = off` on line 2), so no connection is ever TLS and this `hostssl` line never matches: its clients fall through to later lines or get "no pg_hba.conf entry". Turn `ssl` on with a certificate and key, or write `host` if plain text is truly meant."#]],
        );
    }

    #[test]
    fn hostssl_depends_on_the_line_that_decides_ssl() {
        let hba = "hostssl all all 10.0.0.0/8 scram-sha-256\n";
        let on = MemoryFiles::default()
            .with("/d/pg_hba.conf", hba)
            .with("/d/postgresql.conf", "ssl = on\n");
        check_in(on, "/d/pg_hba.conf", FileKind::PgHba, expect![[r#""#]]);

        // A directory that cannot be read might turn TLS on: nothing is said.
        let unread = MemoryFiles::default()
            .with("/d/pg_hba.conf", hba)
            .with("/d/postgresql.conf", "ssl = off\ninclude_dir 'conf.d'\n");
        check_in(unread, "/d/pg_hba.conf", FileKind::PgHba, expect![[r#""#]]);

        let altered = MemoryFiles::default()
            .with("/d/pg_hba.conf", hba)
            .with("/d/postgresql.conf", "ssl = off\n")
            .with("/d/postgresql.auto.conf", "ssl = 'on'\n");
        check_in(altered, "/d/pg_hba.conf", FileKind::PgHba, expect![[r#""#]]);

        // ALTER SYSTEM decides over postgresql.conf (PostgreSQL 15's `postgres -C ssl` says
        // `off` for this pair).
        let altered_off = MemoryFiles::default()
            .with("/d/pg_hba.conf", hba)
            .with("/d/postgresql.conf", "ssl = on\n")
            .with("/d/postgresql.auto.conf", "# Do not edit this file manually!\nssl = 'off'\n");
        check_in(
            altered_off,
            "/d/pg_hba.conf",
            FileKind::PgHba,
            expect![[
                r#"1 `hostssl` multi-hostssl-without-ssl: The postgresql.conf beside this file switches TLS off (`ssl = 'off'` in `postgresql.auto.conf` line 2), so no connection is ever TLS and this `hostssl` line never matches: its clients fall through to later lines or get "no pg_hba.conf entry". Turn `ssl` on with a certificate and key, or write `host` if plain text is truly meant."#
            ]],
        );

        let alone = MemoryFiles::default().with("/d/pg_hba.conf", hba);
        check_in(alone, "/d/pg_hba.conf", FileKind::PgHba, expect![[r#""#]]);
    }

    /// The `hostssl` lines beside each layout's postgresql.conf are reported exactly when
    /// PostgreSQL 15 said `ssl` is off, naming the line that decides wherever it is.
    #[test]
    fn hostssl_lines_judged_by_the_whole_include_tree() {
        use crate::rules::pgconf::ssl_layouts::{DIR, LAYOUTS};

        let hba_path = format!("{DIR}/pg_hba.conf");
        let mut rendered = Vec::new();
        for layout in LAYOUTS {
            let files =
                layout.files().with(&hba_path, "hostssl all all 10.0.0.0/8 scram-sha-256\n");
            let text = files.read(Path::new(&hba_path)).expect("the hba file");
            let findings =
                check(FileKind::PgHba, Path::new(&hba_path), &text, &Settings::default(), &files);
            let messages: Vec<&str> = findings
                .iter()
                .filter(|finding| finding.rule.name == HOSTSSL_WITHOUT_SSL.name)
                .map(|finding| finding.message.as_str())
                .collect();
            assert_eq!(!messages.is_empty(), layout.server_says == "off", "{}", layout.name);
            let said =
                if messages.is_empty() { "nothing".to_string() } else { messages.join("; ") };
            rendered.push(format!("{} ({}): {said}", layout.name, layout.server_says));
        }
        expect![[r#"
            a drop-in file switches off what postgresql.conf switched on (off): The postgresql.conf beside this file switches TLS off (`ssl = off` in `conf.d/02-bad.conf` line 1), so no connection is ever TLS and this `hostssl` line never matches: its clients fall through to later lines or get "no pg_hba.conf entry". Turn `ssl` on with a certificate and key, or write `host` if plain text is truly meant.
            a drop-in file switches on what postgresql.conf switched off (on): nothing
            a line after the include overrides the included file (on): nothing
            a nested include decides, in another spelling; hidden and non-.conf files are not read (off): The postgresql.conf beside this file switches TLS off (`SSL = false` in `sub/b.conf` line 1), so no connection is ever TLS and this `hostssl` line never matches: its clients fall through to later lines or get "no pg_hba.conf entry". Turn `ssl` on with a certificate and key, or write `host` if plain text is truly meant."#]].assert_eq(&rendered.join("\n"));
    }

    /// The findings and fixes of pg_hba.conf's plain-text rules, for the hostssl fix tests.
    #[track_caller]
    fn plain_text_fixes(files: &MemoryFiles, expect: Expect) {
        let path = Path::new("/d/pg_hba.conf");
        let text = files.read(path).expect("the checked file");
        let findings = check(FileKind::PgHba, path, &text, &Settings::default(), files);
        let lines: Vec<String> = findings
            .iter()
            .filter(|finding| finding.rule.name.starts_with("hba-host"))
            .map(|finding| {
                let fixes: Vec<&str> = finding.fixes.iter().map(|fix| fix.title.as_str()).collect();
                format!("{}: {} [fixes: {}]", finding.rule.name, finding.message, fixes.join(", "))
            })
            .collect();
        expect.assert_eq(&lines.join("\n"));
    }

    #[test]
    fn hostssl_fix_is_withheld_while_ssl_is_off() {
        let hba = "host app app 10.20.0.0/16 scram-sha-256\n\
                   hostnossl r r 10.30.0.0/24 scram-sha-256\n";
        let off = MemoryFiles::default()
            .with("/d/pg_hba.conf", hba)
            .with("/d/postgresql.conf", "port = 5432\nssl = off\n");
        plain_text_fixes(
            &off,
            expect![[r#"
                hba-host-plaintext: `host` also accepts connections without TLS from 10.20.0.0/16, so passwords and data can cross the network in plain text. Use `hostssl` to require TLS. The postgresql.conf beside this file switches TLS off (`ssl = off` on line 2), so turn `ssl` on with a certificate and key first: a `hostssl` line would match nothing until then. [fixes: ]
                hba-hostnossl-remote: `hostnossl` accepts only connections without TLS from 10.30.0.0/24, so passwords and data can cross the network in plain text. Use `hostssl` to require TLS. The postgresql.conf beside this file switches TLS off (`ssl = off` on line 2), so turn `ssl` on with a certificate and key first: a `hostssl` line would match nothing until then. [fixes: ]"#]],
        );

        let on = MemoryFiles::default()
            .with("/d/pg_hba.conf", hba)
            .with("/d/postgresql.conf", "ssl = on\n");
        plain_text_fixes(
            &on,
            expect![[r#"
            hba-host-plaintext: `host` also accepts connections without TLS from 10.20.0.0/16, so passwords and data can cross the network in plain text. Use `hostssl` to require TLS. [fixes: Change to `hostssl`]
            hba-hostnossl-remote: `hostnossl` accepts only connections without TLS from 10.30.0.0/24, so passwords and data can cross the network in plain text. Use `hostssl` to require TLS. [fixes: Change to `hostssl`]"#]],
        );
    }

    const CASE_040_ENV: &str =
        include_str!("../../../tests/cases/040-multi-channel-binding-through-pgbouncer/.env");
    const CASE_040_INI: &str = include_str!(
        "../../../tests/cases/040-multi-channel-binding-through-pgbouncer/pgbouncer.ini"
    );

    #[test]
    fn case_040_channel_binding_through_pgbouncer() {
        let files = MemoryFiles::default()
            .with("/app/.env", CASE_040_ENV)
            .with("/app/pgbouncer.ini", CASE_040_INI);
        check_in(files, "/app/.env", FileKind::DotEnv, expect!["1 `require` multi-channel-binding-via-pgbouncer: This string connects to port 6432, where the pgbouncer.ini beside this file listens, and PgBouncer does not support channel binding: with `channel_binding=require` libpq refuses every connection. Use `channel_binding=prefer` (or drop it) and authenticate PgBouncer with `sslmode=verify-full` and `sslrootcert` instead."]);
    }

    #[test]
    fn channel_binding_to_another_port_is_not_pgbouncer() {
        let env = "DATABASE_URL=postgresql://app@db.example.com:5432/app?channel_binding=require\n";
        let files = MemoryFiles::default()
            .with("/app/.env", env)
            .with("/app/pgbouncer.ini", "[pgbouncer]\nlisten_port = 6432\n");
        check_in(files, "/app/.env", FileKind::DotEnv, expect![[r#""#]]);
    }

    #[test]
    fn oauth_lines_need_a_validator_library() {
        let hba = "hostssl all all 0.0.0.0/0 oauth issuer=https://idp.example.com scope=openid\n\
                   hostssl all all ::/0 oauth issuer=https://idp.example.com scope=openid \
                   validator=other\n";
        let run = |conf: &str, auto: Option<&str>, expect: Expect| {
            let mut files = MemoryFiles::default()
                .with("/etc/postgresql/18/main/pg_hba.conf", hba)
                .with("/etc/postgresql/18/main/postgresql.conf", conf);
            if let Some(auto) = auto {
                files = files.with("/etc/postgresql/18/main/postgresql.auto.conf", auto);
            }
            let path = "/etc/postgresql/18/main/pg_hba.conf";
            let text = files.read(Path::new(path)).expect("the hba file");
            let settings = crate::analysis::settings_for_file(
                FileKind::PgHba,
                Path::new(path),
                &Settings::default(),
                &files,
            );
            let findings = check(FileKind::PgHba, Path::new(path), &text, &settings, &files);
            let lines: Vec<String> = findings
                .iter()
                .filter(|finding| finding.rule.name == "multi-oauth-validator")
                .map(|finding| format!("`{}`: {}", finding.span.of(&text), finding.message))
                .collect();
            expect.assert_eq(&lines.join("\n"));
        };

        run(
            "port = 5432\n",
            None,
            expect![[r#"
            `oauth`: An `oauth` line needs a validator library, and the postgresql.conf beside this file leaves `oauth_validator_libraries` empty, so PostgreSQL refuses this pg_hba.conf and does not start. List the library in `oauth_validator_libraries`.
            `oauth`: An `oauth` line needs a validator library, and the postgresql.conf beside this file leaves `oauth_validator_libraries` empty, so PostgreSQL refuses this pg_hba.conf and does not start. List the library in `oauth_validator_libraries`."#]],
        );
        run("oauth_validator_libraries = 'corp_validator'\n", None, expect!["`validator=other`: `validator=other` names a library that `oauth_validator_libraries` does not list (corp_validator), so PostgreSQL refuses this pg_hba.conf and does not start. Name a listed library or add this one to the list."]);
        run("oauth_validator_libraries = 'a, other'\n", None, expect!["`oauth`: postgresql.conf sets `oauth_validator_libraries` on line 1 with 2 libraries and this line names none with `validator=`, so PostgreSQL refuses this pg_hba.conf and does not start. Add `validator=` with one of them."]);
        run(
            "oauth_validator_libraries = 'a'\n",
            Some("oauth_validator_libraries = ''\n"),
            expect![[r#"
                `oauth`: An `oauth` line needs a validator library, and postgresql.auto.conf sets `oauth_validator_libraries` to nothing on line 1, so PostgreSQL refuses this pg_hba.conf and does not start. List the library in `oauth_validator_libraries`.
                `oauth`: An `oauth` line needs a validator library, and postgresql.auto.conf sets `oauth_validator_libraries` to nothing on line 1, so PostgreSQL refuses this pg_hba.conf and does not start. List the library in `oauth_validator_libraries`."#]],
        );
        // An include may set it: nothing is said.
        run("include_dir = 'conf.d'\n", None, expect![[r#""#]]);
    }
}
