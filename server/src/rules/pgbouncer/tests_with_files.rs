//! Snapshots of the findings that need the files around a `pgbouncer.ini`: `%include`
//! followed (settings counted, sections carried across, missing files, cycles, errors
//! inside), and the files that `auth_file`, `auth_hba_file` and the TLS settings name.

use super::tests::render;
use super::*;
use crate::files::{Files, MemoryFiles};
use expect_test::{expect, Expect};
use std::path::Path;

const INI: &str = "/etc/pgbouncer/pgbouncer.ini";

/// Settings that keep the rules this module is not about quiet.
const QUIET: &str = "listen_addr = 127.0.0.1\nadmin_users = admin\nserver_idle_timeout = 55\n\
    ignore_startup_parameters = extra_float_digits\n";

/// Keepalives set, so that tests of other rules stay quiet about them.
const KEEPALIVES: &str =
    "tcp_keepalive = 1\ntcp_keepidle = 60\ntcp_keepintvl = 10\ntcp_keepcnt = 6\n";

/// The findings of the file at [`INI`] in `files`, judged with the others.
fn findings(files: &MemoryFiles) -> (String, Vec<Finding>) {
    let text = files.read(Path::new(INI)).expect("the ini is among the files");
    let mut findings = check_with_files(Path::new(INI), &text, &Settings::default(), files);
    findings.sort_by_key(|finding| (finding.span.start, finding.span.end, finding.severity));
    (text, findings)
}

#[track_caller]
fn check_files(files: MemoryFiles, expect: Expect) {
    let (text, findings) = findings(&files);
    expect.assert_eq(&render(&text, &findings));
}

/// Only the findings of `rule`.
#[track_caller]
fn check_files_rule(rule: &str, files: MemoryFiles, expect: Expect) {
    let (text, mut findings) = findings(&files);
    findings.retain(|finding| finding.rule.name == rule);
    expect.assert_eq(&render(&text, &findings));
}

fn ini(body: &str) -> MemoryFiles {
    MemoryFiles::default().with(INI, format!("[pgbouncer]\n{QUIET}{body}"))
}

#[test]
fn included_settings_count() {
    let files = ini("%include keepalives.ini\n")
        .with("/etc/pgbouncer/keepalives.ini", KEEPALIVES)
        .with("/etc/pgbouncer/databases.ini", "[databases]\napp = host=10.0.0.5\n");
    check_files(files, expect![[""]]);

    // Seen alone, the include is not followed, and the keepalives count as unset.
    let alone =
        check(&format!("[pgbouncer]\n{QUIET}%include keepalives.ini\n"), &Settings::default());
    let names: Vec<&str> = alone.iter().map(|finding| finding.rule.name).collect();
    expect![[r#"
        [
            "pgb-tcp-keepalive",
            "pgb-server-tls-sslmode",
        ]
    "#]]
    .assert_debug_eq(&names);
}

#[test]
fn included_tls_mode_decides() {
    // The include sets the TLS mode and opens `[databases]`: nothing is unset here.
    let tls = "server_tls_sslmode = verify-full\nserver_tls_ca_file = /etc/pgbouncer/ca.pem\n\
        [databases]\napp = host=10.0.0.5 dbname=app\n";
    let files = ini(&format!("{KEEPALIVES}%include tls.ini\n"))
        .with("/etc/pgbouncer/tls.ini", tls)
        .with("/etc/pgbouncer/ca.pem", "ca");
    check_files(files, expect![[""]]);
}

#[test]
fn second_main_header_in_one_file() {
    let text = format!(
        "[pgbouncer]\n{KEEPALIVES}\n[databases]\napp = host=127.0.0.1\n\n[pgbouncer]\n{QUIET}"
    );
    let findings: Vec<Finding> = check(&text, &Settings::default())
        .into_iter()
        .filter(|finding| finding.rule.name == "pgb-settings-reset")
        .collect();
    expect!["10:1-10:12 warning pgb-settings-reset: This second `[pgbouncer]` header makes PgBouncer reset every setting to its default first, so what was set above it (`tcp_keepalive`, `tcp_keepidle`, `tcp_keepintvl`, `tcp_keepcnt`) is lost; keep a single `[pgbouncer]` section."].assert_eq(&render(&text, &findings));
}

#[test]
fn include_missing() {
    check_files(ini(&format!("{KEEPALIVES}%include missing.ini\n")), expect!["10:10-10:21 error pgb-include-missing: `missing.ini` does not exist (read relative to PgBouncer's working directory, assumed to be this file's), and PgBouncer refuses to start when an `%include` is missing; create it or fix the path."]);

    // Nested names are opened from PgBouncer's working directory, not the including file's.
    let files = ini(&format!("{KEEPALIVES}%include conf.d/a.ini\n"))
        .with("/etc/pgbouncer/conf.d/a.ini", "%include conf.d/b.ini\n%include b.ini\n")
        .with("/etc/pgbouncer/conf.d/b.ini", "listen_backlog = 64\n");
    check_files(files, expect!["10:10-10:22 error pgb-include-missing: In `conf.d/a.ini` line 2: `b.ini` does not exist (read relative to PgBouncer's working directory, assumed to be this file's), and PgBouncer refuses to start when an `%include` is missing; create it or fix the path."]);
}

#[test]
fn include_cycle() {
    check_files(ini(&format!("{KEEPALIVES}%include pgbouncer.ini\n")), expect!["10:10-10:23 error pgb-include-cycle: This `%include` forms a cycle (pgbouncer.ini → pgbouncer.ini), so PgBouncer reads the same files over and over until it gives up 10 levels deep and refuses to start; remove the include that leads back."]);

    let files = ini(&format!("{KEEPALIVES}%include a.ini\n"))
        .with("/etc/pgbouncer/a.ini", "%include ./b.ini\n")
        .with("/etc/pgbouncer/b.ini", "%include /etc/pgbouncer/a.ini\n");
    check_files(files, expect!["10:10-10:15 error pgb-include-cycle: In `b.ini` line 1: this `%include` forms a cycle (a.ini → b.ini → a.ini), so PgBouncer reads the same files over and over until it gives up 10 levels deep and refuses to start; remove the include that leads back."]);
}

#[test]
fn include_too_deep() {
    let mut files = ini(&format!("{KEEPALIVES}%include 1.ini\n"));
    for level in 1..=11 {
        files = files
            .with(format!("/etc/pgbouncer/{level}.ini"), format!("%include {}.ini\n", level + 1));
    }
    check_files(files, expect!["10:10-10:15 error pgb-include-cycle: In `10.ini` line 1: this `%include` is nested 10 files deep, and PgBouncer refuses to start past that depth; include the file from higher up."]);
}

#[test]
fn include_trees_that_double_stay_bounded() {
    // Each level includes the next twice: PgBouncer would read 2^10 files.
    let mut files = ini(&format!("{KEEPALIVES}%include 1.ini\n"));
    for level in 1..=10 {
        let next = level + 1;
        files = files.with(
            format!("/etc/pgbouncer/{level}.ini"),
            format!("%include {next}.ini\n%include {next}.ini\n"),
        );
    }
    files = files.with("/etc/pgbouncer/11.ini", "listen_backlog = 64\n");
    check_files(
        files,
        expect![[r#"
        1:1-1:12 warning pgb-server-tls-sslmode: `server_tls_sslmode` is not set, so PgBouncer 1.25 connects to PostgreSQL with `prefer`, so anyone on the path can strip TLS and read or change the traffic. Set `server_tls_sslmode = verify-full`. [fix: Verify the server's certificate and host name => "\nserver_tls_sslmode = verify-full"]
        10:10-10:15 error pgb-include-cycle: In `10.ini` line 1: this `%include` is nested 10 files deep, and PgBouncer refuses to start past that depth; include the file from higher up.
        10:10-10:15 error pgb-include-cycle: In `10.ini` line 2: this `%include` is nested 10 files deep, and PgBouncer refuses to start past that depth; include the file from higher up."#]],
    );
}

#[test]
fn errors_in_included_files_surface_on_the_include() {
    let files = ini(&format!("{KEEPALIVES}%include extra.ini\n")).with(
        "/etc/pgbouncer/extra.ini",
        "listen_backlog = many\nno_such_setting = 1\nlisten_port = 6432 ; inline\n",
    );
    check_files(
        files,
        expect![[r#"
        10:10-10:19 error pgb-unknown-setting: In `extra.ini` line 2: PgBouncer knows no setting `no_such_setting` and refuses to start; remove it.
        10:10-10:19 error pgb-invalid-value: In `extra.ini` line 1: PgBouncer refuses this value: `listen_backlog` takes an integer.
        10:10-10:19 error pgb-invalid-value: In `extra.ini` line 3: PgBouncer reads `;` and `#` as a comment only at the start of a line, so this comment is part of the value of `listen_port` and PgBouncer refuses to start; put the comment on its own line."#]],
    );
}

#[test]
fn sections_continue_across_includes() {
    // The included file opens `[databases]`, so the line after the include is an entry.
    let files = ini(&format!("{KEEPALIVES}server_tls_sslmode = verify-full\n%include db.ini\napp = host=10.0.0.5 dbname=app\n"))
        .with("/etc/pgbouncer/db.ini", "[databases]\n");
    check_files(files, expect!["10:22-10:33 information pgb-server-tls-ca-file: Without `server_tls_ca_file` PgBouncer checks the server's certificate against the system's CA bundle; managed databases (RDS, Cloud SQL) and self-signed servers use their own CA, and every connection fails. Set `server_tls_ca_file` to that CA's bundle."]);

    // The included file has no header: its settings belong to `[pgbouncer]`.
    let files = ini("%include more.ini\n").with("/etc/pgbouncer/more.ini", KEEPALIVES);
    check_files(files, expect![[""]]);
}

#[test]
fn second_main_header_resets_settings() {
    // PgBouncer resets every setting at a `[pgbouncer]` header, so the keepalives are gone.
    let files = ini(&format!("{KEEPALIVES}%include more.ini\n"))
        .with("/etc/pgbouncer/more.ini", format!("[pgbouncer]\n{QUIET}"));
    check_files_rule(
        "pgb-tcp-keepalive",
        files,
        expect![[
            r#"1:1-1:12 hint pgb-tcp-keepalive: `tcp_keepidle`, `tcp_keepintvl` and `tcp_keepcnt` are left to the system, so PgBouncer's first keepalive probe waits two hours (Linux's default), far past the 240 s after which a NAT gateway or load balancer drops an idle connection; set explicit keepalive timings. [fix: Turn on TCP keepalives with short timings => "\ntcp_keepalive = 1\ntcp_keepcnt = 6\ntcp_keepidle = 60\ntcp_keepintvl = 10"]"#
        ]],
    );
}

#[test]
fn duplicates_across_files() {
    let files = ini(&format!("{KEEPALIVES}listen_port = 6432\n%include port.ini\n"))
        .with("/etc/pgbouncer/port.ini", "listen_port = 6433\n");
    check_files(files, expect!["10:1-10:12 hint pgb-duplicate-key: `listen_port` is set again in `port.ini` line 1, which an `%include` below brings in, and PgBouncer keeps that value; remove this line or the other."]);

    // The include comes first: this file's line wins, and nothing is dead here.
    let files = MemoryFiles::default()
        .with(
            INI,
            format!("[pgbouncer]\n%include port.ini\n{QUIET}{KEEPALIVES}listen_port = 6432\n"),
        )
        .with("/etc/pgbouncer/port.ini", "listen_port = 6433\n");
    check_files(files, expect![[""]]);
}

const USERLIST: &str = "\"admin\" \"md5a3556571e93b0d20722ba62be61e8c2d\"\n";

#[test]
fn auth_file_missing_and_present() {
    let body = format!("{KEEPALIVES}auth_file = userlist.txt\n");
    check_files(ini(&body), expect!["10:13-10:25 error pgb-file-missing: `auth_file` names `userlist.txt`, which does not exist (a relative path is read from PgBouncer's working directory, assumed to be this file's); PgBouncer starts but logs an error, and no client can log in with a password; create it or fix the path."]);
    check_files(ini(&body).with("/etc/pgbouncer/userlist.txt", USERLIST), expect![[""]]);

    // No password is read from it under `auth_type = trust`.
    let trust = format!(
        "{KEEPALIVES}auth_type = trust\nlisten_addr = 127.0.0.1\nauth_file = nowhere.txt\n"
    );
    check_files_rule("pgb-file-missing", ini(&trust), expect![[""]]);
}

#[test]
fn auth_file_errors_surface_on_auth_file() {
    let files = ini(&format!("{KEEPALIVES}auth_file = /etc/pgbouncer/userlist.txt\n")).with(
        "/etc/pgbouncer/userlist.txt",
        "\"admin\" \"md5a3556571e93b0d20722ba62be61e8c2d\"\n\"broken\n",
    );
    check_files(
        files,
        expect![[
            r#"10:13-10:40 error pgb-userlist-syntax: In `userlist.txt` line 2: This user name has no closing `"` on its line; PgBouncer reads on into the next lines for one, which garbles this entry and the ones after it."#
        ]],
    );
}

#[test]
fn auth_file_set_in_an_include() {
    let files = ini(&format!("{KEEPALIVES}%include auth.ini\n"))
        .with("/etc/pgbouncer/auth.ini", "auth_file = missing.txt\n");
    check_files(files, expect!["10:10-10:18 error pgb-file-missing: `auth_file` names `missing.txt`, which does not exist (a relative path is read from PgBouncer's working directory, assumed to be this file's); PgBouncer starts but logs an error, and no client can log in with a password; create it or fix the path."]);
}

#[test]
fn auth_user_secret() {
    let body = format!(
        "{KEEPALIVES}auth_file = userlist.txt\nauth_user = pgbouncer_auth\n\
         auth_query = SELECT usename, passwd FROM pgbouncer.get_auth($1)\n"
    );
    check_files(ini(&body).with("/etc/pgbouncer/userlist.txt", USERLIST), expect!["11:13-11:27 warning pgb-auth-user-secret: `auth_user` `pgbouncer_auth` has no line in `userlist.txt`, so PgBouncer has no password to log in with and run `auth_query` (unless the server trusts it), and no user can be looked up; add the lookup role's secret there."]);

    let with_user =
        format!("{USERLIST}\"pgbouncer_auth\" \"md5a3556571e93b0d20722ba62be61e8c2d\"\n");
    check_files_rule(
        "pgb-auth-user-secret",
        ini(&body).with("/etc/pgbouncer/userlist.txt", with_user),
        expect![[""]],
    );
}

fn case_files(name: &str, auth_type: &str) -> MemoryFiles {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/cases").join(name);
    let read = |file: &str| std::fs::read_to_string(dir.join(file)).expect("the case's file");
    let text = read("pgbouncer.ini").replace("auth_type = scram-sha-256", auth_type);
    MemoryFiles::default().with(INI, text).with("/etc/pgbouncer/userlist.txt", read("userlist.txt"))
}

#[test]
fn case_032_scram_secret_server_login() {
    // With SCRAM from the clients the secret may pass through: nothing more than the
    // userlist's own warning (asserted in `rules::userlist::tests`).
    let files = case_files("032-pgb-scram-secret-server-login", "auth_type = scram-sha-256");
    check_files_rule("pgb-scram-passthrough", files, expect![[""]]);

    // Clients that never use SCRAM leave PgBouncer nothing to log in to the server with.
    let files = case_files("032-pgb-scram-secret-server-login", "auth_type = plain");
    check_files_rule("pgb-scram-passthrough", files, expect!["6:13-6:18 error pgb-scram-passthrough: With `auth_type = plain` clients never log in to PgBouncer with SCRAM, so it cannot reuse the SCRAM secrets of `userlist.txt` (`app_user`) to log in to PostgreSQL, and those users' connections fail; use `scram-sha-256`, or give their `[databases]` entries a password."]);
}

#[test]
fn auth_hba_file_missing() {
    let body = format!(
        "{KEEPALIVES}auth_type = hba\nauth_hba_file = hba.conf\nauth_file = userlist.txt\n"
    );
    let files = ini(&body).with("/etc/pgbouncer/userlist.txt", USERLIST);
    check_files(files, expect!["11:17-11:25 error pgb-file-missing: `auth_hba_file` names `hba.conf`, which does not exist (a relative path is read from PgBouncer's working directory, assumed to be this file's); PgBouncer starts but logs an error and has no rule that lets any client in; create it or fix the path."]);

    let files = ini(&body)
        .with("/etc/pgbouncer/userlist.txt", USERLIST)
        .with("/etc/pgbouncer/hba.conf", "host all all 0.0.0.0/0 scram-sha-256\n");
    check_files_rule("pgb-file-missing", files, expect![[""]]);
}

#[test]
fn tls_files_missing() {
    let body = format!(
        "{KEEPALIVES}client_tls_sslmode = require\nclient_tls_key_file = /etc/pgbouncer/tls.key\n\
         client_tls_cert_file = /etc/pgbouncer/tls.crt\nserver_tls_sslmode = verify-full\n\
         server_tls_ca_file = root.crt\n"
    );
    check_files_rule(
        "pgb-file-missing",
        ini(&body),
        expect![[r#"
        11:23-11:45 error pgb-file-missing: `client_tls_key_file` names `tls.key`, which does not exist (a relative path is read from PgBouncer's working directory, assumed to be this file's); PgBouncer cannot set up TLS for clients and refuses to start; fix the path.
        12:24-12:46 error pgb-file-missing: `client_tls_cert_file` names `tls.crt`, which does not exist (a relative path is read from PgBouncer's working directory, assumed to be this file's); PgBouncer cannot set up TLS for clients and refuses to start; fix the path.
        14:22-14:30 warning pgb-file-missing: `server_tls_ca_file` names `root.crt`, which does not exist (a relative path is read from PgBouncer's working directory, assumed to be this file's); PgBouncer starts, but every TLS connection it opens to PostgreSQL fails; fix the path."#]],
    );

    let files = ini(&body)
        .with("/etc/pgbouncer/tls.key", "key")
        .with("/etc/pgbouncer/tls.crt", "cert")
        .with("/etc/pgbouncer/root.crt", "ca");
    check_files_rule("pgb-file-missing", files, expect![[""]]);

    // Files of a TLS side that is off are never opened.
    let off = format!("{KEEPALIVES}client_tls_sslmode = disable\nclient_tls_ca_file = none.crt\n");
    check_files_rule("pgb-file-missing", ini(&off), expect![[""]]);
}

#[test]
fn tls_key_and_certificate_swapped_by_content() {
    let body = format!(
        "{KEEPALIVES}client_tls_sslmode = require\nclient_tls_key_file = tls/a.pem\n\
         client_tls_cert_file = tls/b.pem\n"
    );
    let key = "-----BEGIN PRIVATE KEY-----\nMIIE\n-----END PRIVATE KEY-----\n";
    let certificate = "-----BEGIN CERTIFICATE-----\nMIIC\n-----END CERTIFICATE-----\n";
    let files = ini(&body)
        .with("/etc/pgbouncer/tls/a.pem", certificate)
        .with("/etc/pgbouncer/tls/b.pem", key);
    check_files_rule(
        "pgb-tls-key-cert-swapped",
        files,
        expect![[
            r#"11:23-11:32 error pgb-tls-key-cert-swapped: By their contents, `client_tls_key_file` holds a certificate and `client_tls_cert_file` a private key: the two look swapped, and PgBouncer cannot set up TLS for clients and refuses to start; swap their values. [fix: Swap the values of client_tls_key_file and client_tls_cert_file => "tls/b.pem" + "tls/a.pem"]"#
        ]],
    );

    let files = ini(&body)
        .with("/etc/pgbouncer/tls/a.pem", key)
        .with("/etc/pgbouncer/tls/b.pem", certificate);
    check_files_rule("pgb-tls-key-cert-swapped", files, expect![[""]]);
}

/// Included files and userlists mutated at random offsets, with includes that point back,
/// never make the check panic.
#[test]
fn no_panic_on_mutated_trees() {
    let root = "[databases]\n%include db.ini\n[pgbouncer]\n%include main.ini\n\
        auth_file = userlist.txt\nauth_user = a\n";
    let seeds = [
        "app = host=10.0.0.5 port=5432\n[pgbouncer]\n%include main.ini\n",
        "listen_port = 6432\n%include db.ini\nauth_type = hba\nauth_hba_file = hba.conf\n",
        "\"a\" \"SCRAM-SHA-256$4096:c2FsdA==$a2V5:a2V5\"\n\"b\" \"md5x\n",
    ];
    let pieces = ["[", "]", "=", "'", "\"", "\n", "%include ", "main.ini", "db.ini", "é", "\u{0}"];
    let mut rng = super::tests::Rng(0x2545_f491_4f6c_dd1d);

    for _ in 0..300 {
        let mut texts: Vec<Vec<char>> = seeds.iter().map(|seed| seed.chars().collect()).collect();
        for text in &mut texts {
            for _ in 0..1 + rng.below(4) {
                let at = rng.below(text.len() + 1);
                if rng.below(2) == 0 && at < text.len() {
                    text.remove(at);
                } else {
                    let piece = pieces[rng.below(pieces.len())];
                    for (offset, ch) in piece.chars().enumerate() {
                        text.insert(at + offset, ch);
                    }
                }
            }
        }
        let [db, main, users] = [0, 1, 2].map(|index| texts[index].iter().collect::<String>());
        let files = MemoryFiles::default()
            .with(INI, root)
            .with("/etc/pgbouncer/db.ini", db)
            .with("/etc/pgbouncer/main.ini", main)
            .with("/etc/pgbouncer/userlist.txt", users);
        let _ = findings(&files);
    }
}

/// A fragment that a pgbouncer.ini beside it (or one folder up) includes is read inside
/// that file's section, so the whole-file rules stay silent; a file nobody includes, or
/// one included by another name, still gets them.
#[test]
fn a_fragment_included_by_a_neighbour_is_not_judged_as_a_whole_config() {
    let fragment = "app = host=10.0.0.5 port=5432 dbname=app\n";
    let files = MemoryFiles::default()
        .with("/pool/pgbouncer.ini", "[databases]\n%include databases.ini\n%include ./d/more.ini\n")
        .with("/pool/databases.ini", fragment)
        .with("/pool/d/more.ini", fragment)
        .with("/pool/other.ini", fragment);
    let report: Vec<String> = ["/pool/databases.ini", "/pool/d/more.ini", "/pool/other.ini"]
        .iter()
        .map(|path| {
            let findings =
                check_with_files(Path::new(path), fragment, &Settings::default(), &files);
            let rules: Vec<&str> = findings.iter().map(|finding| finding.rule.name).collect();
            format!("{path}: {rules:?}")
        })
        .collect();
    expect![[r#"
        /pool/databases.ini: []
        /pool/d/more.ini: []
        /pool/other.ini: ["pgb-syntax", "pgb-missing-main-section"]"#]]
    .assert_eq(&report.join("\n"));
}

/// A fragment is judged where the tree reads it: its lines in the including file's
/// section (a bad value is still reported, in the fragment), and none of the rules about a
/// whole setup, which the including file answers (here it turns client TLS on).
#[test]
fn a_fragment_is_judged_in_the_section_that_includes_it() {
    let main = format!(
        "[pgbouncer]\n{QUIET}{KEEPALIVES}client_tls_sslmode = require\n\
         client_tls_key_file = /etc/pgbouncer/server.key\n\
         client_tls_cert_file = /etc/pgbouncer/server.crt\n%include common.ini\n"
    );
    let fragment = "listen_addr = 10.0.0.2\nlisten_port = many\n";
    let files = MemoryFiles::default()
        .with("/pool/pgbouncer.ini", main.as_str())
        .with("/pool/common.ini", fragment);
    let findings =
        check_with_files(Path::new("/pool/common.ini"), fragment, &Settings::default(), &files);
    expect!["2:15-2:19 error pgb-invalid-value: PgBouncer refuses this value: `listen_port` takes an integer."].assert_eq(&render(fragment, &findings));

    // An unsaved edit the tree on disk does not hold: judged alone, without the rules
    // about a whole file.
    let edited = "listen_addr = 10.0.0.3\n";
    let findings =
        check_with_files(Path::new("/pool/common.ini"), edited, &Settings::default(), &files);
    let rules: Vec<&str> = findings.iter().map(|finding| finding.rule.name).collect();
    expect!["[]"].assert_eq(&format!("{rules:?}"));
}
