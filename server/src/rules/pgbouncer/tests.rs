//! Snapshots of every pgbouncer.ini rule firing and not firing, fixes applied, the
//! real-world cases, Debian's shipped file, and a no-panic sweep.

use super::*;
use crate::finding::{Edit, Finding, Severity};
use crate::line_index::{Encoding, LineIndex};
use expect_test::{expect, Expect};

/// Applies a fix's edits (which never overlap) to the text.
fn apply(text: &str, edits: &[Edit]) -> String {
    let mut edits = edits.to_vec();
    edits.sort_by_key(|edit| std::cmp::Reverse(edit.span.start));
    let mut result = text.to_string();
    for edit in edits {
        result.replace_range(edit.span.start..edit.span.end, &edit.new_text);
    }
    result
}

fn count_errors(findings: &[Finding]) -> usize {
    findings.iter().filter(|finding| finding.severity == Severity::Error).count()
}

/// Every fix must remove its finding and add no error.
#[track_caller]
fn assert_fixes_hold(text: &str, settings: &Settings, findings: &[Finding]) {
    for finding in findings {
        for fix in &finding.fixes {
            let fixed = apply(text, &fix.edits);
            let after = check(&fixed, settings);
            let same_rule = |list: &[Finding]| {
                list.iter().filter(|other| other.rule.name == finding.rule.name).count()
            };
            assert!(
                same_rule(&after) < same_rule(findings),
                "fix {:?} left its {} finding:\n{fixed}",
                fix.title,
                finding.rule.name
            );
            assert!(
                count_errors(&after)
                    <= count_errors(findings) - usize::from(finding.severity == Severity::Error),
                "fix {:?} introduced an error:\n{fixed}\n{after:#?}",
                fix.title
            );
        }
    }
}

pub(super) fn render(text: &str, findings: &[Finding]) -> String {
    let index = LineIndex::new(text);
    let position = |offset| {
        let at = index.line_col(offset, Encoding::Utf8);
        format!("{}:{}", at.line + 1, at.col + 1)
    };
    let lines: Vec<String> = findings
        .iter()
        .map(|finding| {
            let mut line = format!(
                "{}-{} {} {}: {}",
                position(finding.span.start),
                position(finding.span.end),
                finding.severity.as_str(),
                finding.rule.name,
                finding.message
            );
            for fix in &finding.fixes {
                let edits: Vec<String> =
                    fix.edits.iter().map(|edit| format!("{:?}", edit.new_text)).collect();
                line.push_str(&format!(" [fix: {} => {}]", fix.title, edits.join(" + ")));
            }
            line
        })
        .collect();
    lines.join("\n")
}

#[track_caller]
fn check_with(text: &str, settings: &Settings, expect: Expect) {
    let mut findings = super::check(text, settings);
    findings.sort_by_key(|finding| (finding.span.start, finding.span.end, finding.severity));
    assert_fixes_hold(text, settings, &findings);
    expect.assert_eq(&render(text, &findings));
}

#[track_caller]
fn check(text: &str, settings: &Settings) -> Vec<Finding> {
    super::check(text, settings)
}

/// Findings of one rule only, so that each test shows what it is about.
#[track_caller]
fn check_rule(rule: &str, text: &str, expect: Expect) {
    check_rule_with(rule, text, &Settings::default(), expect);
}

#[track_caller]
fn check_rule_with(rule: &str, text: &str, settings: &Settings, expect: Expect) {
    let mut findings = super::check(text, settings);
    assert_fixes_hold(text, settings, &findings);
    findings.retain(|finding| finding.rule.name == rule);
    findings.sort_by_key(|finding| (finding.span.start, finding.span.end));
    expect.assert_eq(&render(text, &findings));
}

/// The text after applying the first fix of the first finding of `rule`.
#[track_caller]
fn check_fix(rule: &str, text: &str, expect: Expect) {
    let findings = super::check(text, &Settings::default());
    let finding =
        findings.iter().find(|finding| finding.rule.name == rule).expect("the rule fires");
    expect.assert_eq(&apply(text, &finding.fixes[0].edits));
}

fn release(version: (u32, u32)) -> Settings {
    Settings { pgbouncer_version: Some(version), ..Settings::default() }
}

/// Keepalives set, so that tests of other rules stay quiet about them.
const KEEPALIVES: &str =
    "tcp_keepalive = 1\ntcp_keepidle = 60\ntcp_keepintvl = 10\ntcp_keepcnt = 6\n";

fn main_with(lines: &str) -> String {
    format!("[pgbouncer]\n{KEEPALIVES}{lines}")
}

#[test]
fn every_rule_is_listed() {
    let names: Vec<&str> = RULES.iter().map(|rule| rule.name).collect();
    expect!["pgb-syntax pgb-missing-main-section pgb-unknown-section pgb-unknown-setting pgb-invalid-value pgb-inline-comment pgb-tcp-keepalive pgb-server-idle-timeout pgb-client-idle-timeout pgb-server-tls-sslmode pgb-client-tls-client-cert pgb-auth-trust pgb-auth-plain pgb-entry-syntax pgb-entry-unknown-key pgb-db-password pgb-db-port pgb-db-reserved-name pgb-client-tls-setup pgb-auth-hba-file pgb-server-tls-ca-file pgb-client-tls-disabled pgb-reset-query-ignored pgb-prepared-statements pgb-ignore-startup-parameters pgb-admin-users pgb-duplicate-key pgb-auth-query-credentials pgb-include-missing pgb-include-cycle pgb-file-missing pgb-auth-user-secret pgb-scram-passthrough pgb-settings-reset pgb-tls-key-cert-swapped pgb-hba-unsupported-type pgb-hba-unsupported-name pgb-hba-bad-address pgb-hba-host-bits pgb-hba-unsupported-method pgb-hba-unsupported-option pgb-hba-method-mismatch"]
        .assert_eq(&names.join(" "));
}

#[test]
fn clean_file_has_no_findings() {
    let text = format!(
        "[databases]\nappdb = host=db.internal port=5432 dbname=app\n\n{}\
         server_idle_timeout = 55\nserver_tls_sslmode = verify-full\nauth_type = scram-sha-256\n\
         auth_file = /etc/pgbouncer/userlist.txt\nserver_tls_ca_file = /etc/pgbouncer/rds-ca.pem\n\
         admin_users = ops\nignore_startup_parameters = extra_float_digits\n",
        main_with("")
    );
    check_with(&text, &Settings::default(), expect![""]);
}

#[test]
fn syntax() {
    check_rule(
        "pgb-syntax",
        "listen_port = 6432\n[pgbouncer]\n\"dq\" = 1\n[databases]\n'my db' = host=x\n%include \n",
        expect![[r#"
            1:1-1:12 error pgb-syntax: `listen_port` comes before the first section header, and PgBouncer refuses a setting outside a section; move it under `[pgbouncer]` or the section it belongs to.
            3:1-3:9 error pgb-syntax: PgBouncer does not accept double-quoted keys; quote a key with single quotes (PgBouncer 1.25 and later) or use only letters, digits and `_.-*`.
            6:1-6:9 error pgb-syntax: PgBouncer expects `key = value` here; a key is made of ASCII letters, digits and `_.-*`, and comments must start their own line with `;` or `#`."#]],
    );
    check_rule_with(
        "pgb-syntax",
        "[databases]\n'my db' = host=x\n[pgbouncer]\n",
        &release((1, 18)),
        expect!["2:1-2:8 error pgb-syntax: PgBouncer 1.18 refuses quoted keys (they arrived in 1.25); use a name of letters, digits and `_.-*` here."],
    );
}

#[test]
fn missing_main_section() {
    check_rule(
        "pgb-missing-main-section",
        "[databases]\ndb = host=x",
        expect![[
            r#"1:1-1:12 error pgb-missing-main-section: This file has no `[pgbouncer]` section, and PgBouncer refuses to start without one; add it, even if empty. [fix: Add an empty [pgbouncer] section => "\n[pgbouncer]\n"]"#
        ]],
    );
    check_rule("pgb-missing-main-section", "[databases]\n%include other.ini\n", expect![]);
    check_rule(
        "pgb-missing-main-section",
        "; only comments\n",
        expect![[
            r#"1:1-1:1 error pgb-missing-main-section: This file has no `[pgbouncer]` section, and PgBouncer refuses to start without one; add it, even if empty. [fix: Add an empty [pgbouncer] section => "[pgbouncer]\n"]"#
        ]],
    );
}

#[test]
fn unknown_section() {
    check_rule(
        "pgb-unknown-section",
        "[pgbouncr]\n[peers]\n[whatever]\n",
        expect![[r#"
        1:2-1:10 error pgb-unknown-section: PgBouncer knows no `[pgbouncr]` section and refuses to start; the sections are [pgbouncer], [databases], [users], [peers]. [fix: Change to [pgbouncer] => "pgbouncer"]
        3:2-3:10 error pgb-unknown-section: PgBouncer knows no `[whatever]` section and refuses to start; the sections are [pgbouncer], [databases], [users], [peers]."#]],
    );
    check_rule_with("pgb-unknown-section", "[pgbouncer]\n[peers]\n", &release((1, 18)), expect!["2:2-2:7 error pgb-unknown-section: PgBouncer 1.18 knows no `[peers]` section (it arrived in 1.19) and refuses to start; set the target release if you run a newer PgBouncer."]);
}

#[test]
fn unknown_setting() {
    check_rule(
        "pgb-unknown-setting",
        "[pgbouncer]\nlisten_prot = 6432\nListen_Backlog = 128\nno_such_thing = 1\n",
        expect![[r#"
            2:1-2:12 error pgb-unknown-setting: PgBouncer knows no setting `listen_prot` and refuses to start; did you mean `listen_port`? [fix: Change to listen_port => "listen_port"]
            3:1-3:15 error pgb-unknown-setting: PgBouncer knows no setting `Listen_Backlog` and refuses to start; did you mean `listen_backlog`? [fix: Change to listen_backlog => "listen_backlog"]
            4:1-4:14 error pgb-unknown-setting: PgBouncer knows no setting `no_such_thing` and refuses to start; remove it."#]],
    );
    check_rule_with(
        "pgb-unknown-setting",
        "[pgbouncer]\nmax_prepared_statements = 100\n",
        &release((1, 18)),
        expect!["2:1-2:24 error pgb-unknown-setting: `max_prepared_statements` arrived in PgBouncer 1.21; 1.18 refuses to start on it. Remove it or set the target release to the one you run."],
    );
    check_rule("pgb-unknown-setting", "[pgbouncer]\nmax_prepared_statements = 100\n", expect![]);
}

#[test]
fn invalid_values() {
    check_rule(
        "pgb-invalid-value",
        "[pgbouncer]\nlisten_backlog = 128 ; comment\nserver_idle_timeout = 10min\n\
         tcp_keepalive = yes\ntcp_user_timeout = 5s\nauth_type = scram\npool_mode = Transaction\n\
         server_tls_sslmode = Verify-Full\ntcp_keepidle = 0x3c\nserver_lifetime = 1e2\n\
         max_client_conn =\nlisten_port = 64 32\n",
        expect![[r#"
            2:18-2:31 error pgb-invalid-value: PgBouncer reads `;` and `#` as a comment only at the start of a line, so this comment is part of the value of `listen_backlog` and PgBouncer refuses to start; put the comment on its own line. [fix: Move the comment to its own line => "; comment\n" + "128"]
            3:23-3:28 error pgb-invalid-value: PgBouncer takes `server_idle_timeout` as a bare number of seconds and refuses a unit suffix; write 600. [fix: Change to 600 => "600"]
            4:17-4:20 error pgb-invalid-value: PgBouncer takes `tcp_keepalive` as an integer and refuses `yes`; write 1. [fix: Change to 1 => "1"]
            5:20-5:22 error pgb-invalid-value: PgBouncer takes `tcp_user_timeout` as a bare number of milliseconds and refuses a unit suffix; write 5000. [fix: Change to 5000 => "5000"]
            6:13-6:18 error pgb-invalid-value: PgBouncer refuses `scram` for `auth_type`; did you mean `scram-sha-256`? It takes one of any, trust, plain, md5, cert, hba, ldap, pam, scram-sha-256. [fix: Change to scram-sha-256 => "scram-sha-256"]
            11:1-11:16 error pgb-invalid-value: `max_client_conn` needs a value (an integer); PgBouncer refuses an empty one.
            12:15-12:20 error pgb-invalid-value: PgBouncer refuses this value: `listen_port` takes an integer."#]],
    );
}

#[test]
fn inline_comment() {
    check_rule(
        "pgb-inline-comment",
        "[pgbouncer]\n  logfile = /var/log/pgbouncer.log ; main log\nauth_query = SELECT 1;\n",
        expect![[
            r#"2:36-2:46 warning pgb-inline-comment: PgBouncer reads `;` and `#` as a comment only at the start of a line, so this text becomes part of the value of `logfile`; put the comment on its own line. [fix: Move the comment to its own line => "  ; main log\n" + "/var/log/pgbouncer.log"]"#
        ]],
    );
    check_fix(
        "pgb-inline-comment",
        "[pgbouncer]\n  logfile = /var/log/pgbouncer.log ; main log\n",
        expect![[r#"
            [pgbouncer]
              ; main log
              logfile = /var/log/pgbouncer.log
        "#]],
    );
}

#[test]
fn tcp_keepalive_hint() {
    check_rule(
        "pgb-tcp-keepalive",
        "[pgbouncer]\nlisten_port = 6432\n",
        expect![[
            r#"1:1-1:12 hint pgb-tcp-keepalive: `tcp_keepidle`, `tcp_keepintvl` and `tcp_keepcnt` are left to the system, so PgBouncer's first keepalive probe waits two hours (Linux's default), far past the 240 s after which a NAT gateway or load balancer drops an idle connection; set explicit keepalive timings. [fix: Turn on TCP keepalives with short timings => "\ntcp_keepalive = 1\ntcp_keepcnt = 6\ntcp_keepidle = 60\ntcp_keepintvl = 10"]"#
        ]],
    );
    check_rule(
        "pgb-tcp-keepalive",
        "[pgbouncer]\ntcp_keepalive = 0\ntcp_keepidle = 60\n",
        expect![[
            r#"2:17-2:18 hint pgb-tcp-keepalive: TCP keepalives are off, so a connection that a NAT gateway, load balancer or firewall dropped after 240 s of silence looks alive to PgBouncer until it is used and fails; turn them on with short timings. [fix: Turn on TCP keepalives with short timings => "1" + "\ntcp_keepcnt = 6\ntcp_keepintvl = 10"]"#
        ]],
    );
    check_rule(
        "pgb-tcp-keepalive",
        "[pgbouncer]\ntcp_keepidle = 60\n",
        expect![[
            r#"1:1-1:12 hint pgb-tcp-keepalive: `tcp_keepintvl` and `tcp_keepcnt` are left to the system, so once probes start Linux spaces them 75 s apart and gives up only after 9, taking over 11 minutes to notice a dead peer; set explicit keepalive timings. [fix: Turn on TCP keepalives with short timings => "\ntcp_keepalive = 1\ntcp_keepcnt = 6\ntcp_keepintvl = 10"]"#
        ]],
    );
    check_rule("pgb-tcp-keepalive", &main_with(""), expect![]);
    check_rule("pgb-tcp-keepalive", "[databases]\n", expect![]);
}

#[test]
fn tcp_keepalive_fix_adds_only_missing_and_edits_in_place() {
    check_fix(
        "pgb-tcp-keepalive",
        "[pgbouncer]\nlisten_port = 6432\n\n[users]\n",
        expect![[r#"
            [pgbouncer]
            listen_port = 6432
            tcp_keepalive = 1
            tcp_keepcnt = 6
            tcp_keepidle = 60
            tcp_keepintvl = 10

            [users]
        "#]],
    );
    check_fix(
        "pgb-tcp-keepalive",
        "[pgbouncer]\ntcp_keepidle = 30\ntcp_keepalive = 0\n",
        expect![[r#"
            [pgbouncer]
            tcp_keepidle = 30
            tcp_keepalive = 1
            tcp_keepcnt = 6
            tcp_keepintvl = 10
        "#]],
    );
}

#[test]
fn server_idle_timeout() {
    let databases = "[databases]\ndb = host=x\n";
    check_rule(
        "pgb-server-idle-timeout",
        &format!("{databases}[pgbouncer]\nlisten_port = 6432\n"),
        expect![[
            r#"3:1-3:12 warning pgb-server-idle-timeout: PgBouncer keeps idle server connections for 600 s by default, and no keepalive probe leaves within 240 s, so a NAT gateway or load balancer may silently drop pooled connections and the next client gets a dead one; close them sooner or send keepalives sooner. [fix: Set server_idle_timeout = 55 => "\nserver_idle_timeout = 55"]"#
        ]],
    );
    check_rule(
        "pgb-server-idle-timeout",
        &format!("{databases}[pgbouncer]\nserver_idle_timeout = 0\ntcp_keepalive = 1\n"),
        expect![[
            r#"4:23-4:24 warning pgb-server-idle-timeout: PgBouncer never closes idle server connections, and no keepalive probe leaves within 240 s, so a NAT gateway or load balancer may silently drop pooled connections and the next client gets a dead one; close them sooner or send keepalives sooner. [fix: Set server_idle_timeout = 55 => "55"]"#
        ]],
    );
    check_rule(
        "pgb-server-idle-timeout",
        "[pgbouncer]\nserver_idle_timeout = 900\ntcp_keepidle = 300\n",
        expect![[
            r#"2:23-2:26 warning pgb-server-idle-timeout: PgBouncer keeps idle server connections for 900 s, and no keepalive probe leaves within 240 s, so a NAT gateway or load balancer may silently drop pooled connections and the next client gets a dead one; close them sooner or send keepalives sooner. [fix: Set server_idle_timeout = 55 => "55"]"#
        ]],
    );
    // Quiet: closes in time, or keepalives beat the middlebox, or no server at all.
    check_rule(
        "pgb-server-idle-timeout",
        &format!("{databases}[pgbouncer]\nserver_idle_timeout = 55\n"),
        expect![],
    );
    check_rule(
        "pgb-server-idle-timeout",
        &format!("{databases}{}", main_with("server_idle_timeout = 900\n")),
        expect![],
    );
    check_rule("pgb-server-idle-timeout", "[pgbouncer]\nlisten_port = 6432\n", expect![]);
    let wide = Settings { middlebox_idle_timeout: 3600, ..Settings::default() };
    check_rule_with(
        "pgb-server-idle-timeout",
        &format!("{databases}[pgbouncer]\nlisten_port = 6432\n"),
        &wide,
        expect![],
    );
    check_fix(
        "pgb-server-idle-timeout",
        &format!("{databases}[pgbouncer]\nlisten_port = 6432\n"),
        expect![[r#"
            [databases]
            db = host=x
            [pgbouncer]
            listen_port = 6432
            server_idle_timeout = 55
        "#]],
    );
}

#[test]
fn client_idle_timeout() {
    check_rule(
        "pgb-client-idle-timeout",
        "[pgbouncer]\nclient_idle_timeout = 300\n",
        expect!["2:23-2:26 warning pgb-client-idle-timeout: Idle clients are closed only after 300 s, but a NAT gateway or load balancer in front of PgBouncer drops them silently after 240 s, so this timeout never gets to act; set it below 240 s or turn on short keepalives."],
    );
    check_rule("pgb-client-idle-timeout", "[pgbouncer]\nclient_idle_timeout = 120\n", expect![]);
    check_rule("pgb-client-idle-timeout", "[pgbouncer]\nclient_idle_timeout = 0\n", expect![]);
    check_rule("pgb-client-idle-timeout", &main_with("client_idle_timeout = 300\n"), expect![]);
}

#[test]
fn server_tls_sslmode() {
    let modes = ["disable", "allow", "prefer", "require", "verify-ca", "verify-full", "Require"];
    let mut lines = Vec::new();
    for mode in modes {
        let text = format!("[pgbouncer]\nserver_tls_sslmode = {mode}\n");
        let mut findings = super::check(&text, &Settings::default());
        assert_fixes_hold(&text, &Settings::default(), &findings);
        findings.retain(|finding| finding.rule.name == "pgb-server-tls-sslmode");
        lines.push(format!("{mode}: {}", render(&text, &findings)));
    }
    expect![[r#"
        disable: 2:22-2:29 warning pgb-server-tls-sslmode: `server_tls_sslmode = disable` turns TLS off: PgBouncer connects to PostgreSQL this way, so passwords and query results cross the network in plain text. Use `verify-full` (with `server_tls_ca_file` for a private CA). [fix: Verify the server's certificate and host name => "verify-full"]
        allow: 2:22-2:27 warning pgb-server-tls-sslmode: `server_tls_sslmode = allow` uses TLS only when the server insists: PgBouncer connects to PostgreSQL this way, so anyone on the path can strip TLS and read or change the traffic. Use `verify-full` (with `server_tls_ca_file` for a private CA). [fix: Verify the server's certificate and host name => "verify-full"]
        prefer: 2:22-2:28 warning pgb-server-tls-sslmode: `server_tls_sslmode = prefer` falls back to plain text whenever TLS is not offered: PgBouncer connects to PostgreSQL this way, so anyone on the path can strip TLS and read or change the traffic. Use `verify-full` (with `server_tls_ca_file` for a private CA). [fix: Verify the server's certificate and host name => "verify-full"]
        require: 2:22-2:29 warning pgb-server-tls-sslmode: `server_tls_sslmode = require` encrypts: PgBouncer connects to PostgreSQL this way, but accepts any certificate, so an impostor between PgBouncer and PostgreSQL can read everything. Use `verify-full` (with `server_tls_ca_file` for a private CA). [fix: Verify the server's certificate and host name => "verify-full"]
        verify-ca: 2:22-2:31 information pgb-server-tls-sslmode: `server_tls_sslmode = verify-ca` verifies the certificate's CA: PgBouncer connects to PostgreSQL this way, and checks the CA but not the host name, so any server holding a certificate from that CA can pose as this one. Use `verify-full` (with `server_tls_ca_file` for a private CA). [fix: Verify the server's certificate and host name => "verify-full"]
        verify-full: 
        Require: 2:22-2:29 warning pgb-server-tls-sslmode: `server_tls_sslmode = require` encrypts: PgBouncer connects to PostgreSQL this way, but accepts any certificate, so an impostor between PgBouncer and PostgreSQL can read everything. Use `verify-full` (with `server_tls_ca_file` for a private CA). [fix: Verify the server's certificate and host name => "verify-full"]"#]].assert_eq(&lines.join("\n"));
}

#[test]
fn server_tls_sslmode_default_per_release() {
    let text = "[databases]\ndb = host=x\n[pgbouncer]\nlisten_port = 6432\n";
    check_rule_with(
        "pgb-server-tls-sslmode",
        text,
        &release((1, 18)),
        expect![[
            r#"3:1-3:12 warning pgb-server-tls-sslmode: `server_tls_sslmode` is not set, so PgBouncer 1.18 connects to PostgreSQL with `disable`, so passwords and query results cross the network in plain text. Set `server_tls_sslmode = verify-full`. [fix: Verify the server's certificate and host name => "\nserver_tls_sslmode = verify-full"]"#
        ]],
    );
    check_rule_with(
        "pgb-server-tls-sslmode",
        text,
        &release((1, 20)),
        expect![[
            r#"3:1-3:12 warning pgb-server-tls-sslmode: `server_tls_sslmode` is not set, so PgBouncer 1.20 connects to PostgreSQL with `prefer`, so anyone on the path can strip TLS and read or change the traffic. Set `server_tls_sslmode = verify-full`. [fix: Verify the server's certificate and host name => "\nserver_tls_sslmode = verify-full"]"#
        ]],
    );
    check_rule("pgb-server-tls-sslmode", "[pgbouncer]\nlisten_port = 6432\n", expect![]);
}

#[test]
fn client_tls_client_cert() {
    check_rule(
        "pgb-client-tls-client-cert",
        "[pgbouncer]\nclient_tls_sslmode = verify-ca\n",
        expect![[
            r#"2:22-2:31 information pgb-client-tls-client-cert: On the client side this mode makes PgBouncer demand a certificate signed by `client_tls_ca_file` from every client; if you only want clients to use TLS and check PgBouncer's certificate, `require` is enough (clients then use verify-full). [fix: Accept clients without a certificate (require) => "require"]"#
        ]],
    );
    check_rule(
        "pgb-client-tls-client-cert",
        "[pgbouncer]\nclient_tls_sslmode = require\n",
        expect![],
    );
}

#[test]
fn auth_types() {
    check_rule(
        "pgb-auth-trust",
        "[pgbouncer]\nauth_type = trust\n",
        expect![[
            r#"2:13-2:18 warning pgb-auth-trust: `auth_type = trust` lets any client log in as any user listed in `auth_file` without a password; use `scram-sha-256`. [fix: Use scram-sha-256 => "scram-sha-256"]"#
        ]],
    );
    check_rule(
        "pgb-auth-trust",
        "[pgbouncer]\nauth_type = any\n",
        expect![[
            r#"2:13-2:16 warning pgb-auth-trust: `auth_type = any` lets any client in without a password and under any user name; use `scram-sha-256`. [fix: Use scram-sha-256 => "scram-sha-256"]"#
        ]],
    );
    check_rule(
        "pgb-auth-plain",
        "[pgbouncer]\nauth_type = plain\n",
        expect![[
            r#"2:13-2:18 warning pgb-auth-plain: `auth_type = plain` has clients send their passwords in clear text, readable by anyone on the path unless TLS is enforced; use `scram-sha-256`. [fix: Use scram-sha-256 => "scram-sha-256"]"#
        ]],
    );
    check_rule("pgb-auth-trust", "[pgbouncer]\nauth_type = scram-sha-256\n", expect![]);
    check_rule("pgb-auth-plain", "[pgbouncer]\nauth_type = md5\n", expect![]);
}

#[test]
fn entry_syntax() {
    check_rule(
        "pgb-entry-syntax",
        "[databases]\na = host=x password='s3cret\nb = host\nc = host=x dbname=\n\
         d = host=x connect_query='SELECT 1'\n[pgbouncer]\n",
        expect![[r#"
            2:21-2:28 error pgb-entry-syntax: This value opens a single quote that is never closed, so PgBouncer rejects the whole entry; write a literal quote as `''` inside a quoted value. [fix: Quote the value and double its quote characters => "'''s3cret'"]
            3:5-3:9 error pgb-entry-syntax: PgBouncer expects `=` and a value after this key.
            4:18-4:19 error pgb-entry-syntax: PgBouncer rejects an empty value here; leave the key out instead."#]],
    );
    check_fix(
        "pgb-entry-syntax",
        "[databases]\na = host=x password='s3cret port=5432\n[pgbouncer]\n",
        expect![[r#"
            [databases]
            a = host=x password='''s3cret' port=5432
            [pgbouncer]
        "#]],
    );
}

#[test]
fn entry_unknown_key() {
    check_rule(
        "pgb-entry-unknown-key",
        "[databases]\na = host=x prot=5432 sslmode=require\n\
         [users]\nu = pool_mode=session max_db_connections=3\n\
         [peers]\n1 = host=x dbname=y\n[pgbouncer]\n",
        expect![[r#"
            2:12-2:16 error pgb-entry-unknown-key: PgBouncer knows no key `prot` in `[databases]` entries and refuses to start; did you mean `port`? [fix: Change to port => "port"]
            2:22-2:29 error pgb-entry-unknown-key: PgBouncer knows no key `sslmode` in `[databases]` entries and refuses to start: TLS to PostgreSQL is set for all databases with `server_tls_sslmode` and `server_tls_ca_file` in `[pgbouncer]`.
            4:23-4:41 error pgb-entry-unknown-key: PgBouncer knows no key `max_db_connections` in `[users]` entries and refuses to start; did you mean `max_user_connections`? [fix: Change to max_user_connections => "max_user_connections"]
            6:12-6:18 error pgb-entry-unknown-key: PgBouncer knows no key `dbname` in `[peers]` entries and refuses to start; remove it."#]],
    );
    check_rule_with(
        "pgb-entry-unknown-key",
        "[databases]\na = host=x auth_query='SELECT 1'\n[pgbouncer]\n",
        &release((1, 18)),
        expect!["2:12-2:22 error pgb-entry-unknown-key: `auth_query` in `[databases]` entries arrived in PgBouncer 1.22; 1.18 refuses to start on it. Remove it or set the target release to the one you run."],
    );
}

#[test]
fn db_password() {
    check_rule(
        "pgb-db-password",
        "[databases]\na = host=x password=hunter2\n\
         b = host=x password=md5d41d8cd98f00b204e9800998ecf8427e\n\
         [users]\n[pgbouncer]\n",
        expect!["2:21-2:28 warning pgb-db-password: This entry holds a password in plain text, readable by anyone who can read pgbouncer.ini, its backups or PgBouncer's log (which prints entries it cannot parse); leave `password=` out so PgBouncer takes the user's password from `auth_file`."],
    );
}

#[test]
fn db_port() {
    check_rule(
        "pgb-db-port",
        "[databases]\na = port=5432\nb = port=70000\nc = port=0\nd = port=abc\ne = port=5432x\n\
         [pgbouncer]\n",
        expect![[r#"
            3:10-3:15 warning pgb-db-port: A TCP port is at most 65535; PgBouncer accepts this one but connects to a different port than the one written. Use the port PostgreSQL listens on.
            4:10-4:11 error pgb-db-port: PgBouncer refuses port 0; use the port PostgreSQL listens on (5432 by default).
            5:10-5:13 error pgb-db-port: A port must be a number, and PgBouncer refuses this one; use the port PostgreSQL listens on (5432 by default).
            6:10-6:15 warning pgb-db-port: PgBouncer reads only the leading digits of this port and ignores the rest; write the port as a plain number."#]],
    );
}

#[test]
fn db_reserved_name_and_pool_mode() {
    check_rule("pgb-db-reserved-name", "[databases]\npgbouncer = host=x\n[pgbouncer]\n", expect!["2:1-2:10 error pgb-db-reserved-name: `pgbouncer` is the name of PgBouncer's admin console, and PgBouncer refuses a database entry of that name; pick another name."]);
    check_rule(
        "pgb-invalid-value",
        "[databases]\na = pool_mode=Transaction\nb = pool_mode=transactoin\n[pgbouncer]\n",
        expect![[
            r#"3:15-3:26 error pgb-invalid-value: PgBouncer refuses this pool mode; it takes one of session, transaction, statement. [fix: Change to transaction => "transaction"]"#
        ]],
    );
}

#[test]
fn socket_options_the_kernel_refuses() {
    check_rule(
        "pgb-invalid-value",
        "[pgbouncer]\ntcp_keepidle = 32768\ntcp_keepintvl = -3\ntcp_keepcnt = 128\n\
         tcp_user_timeout = 2147483648\n",
        expect![[r#"
            2:16-2:21 error pgb-invalid-value: Linux refuses `tcp_keepidle` = 32768 on a socket (it takes 1 to 32767), so PgBouncer cannot set up its listening socket and exits; use a value in range.
            3:17-3:19 error pgb-invalid-value: Linux refuses `tcp_keepintvl` = -3 on a socket (it takes 1 to 32767), so PgBouncer cannot set up its listening socket and exits; use a value in range.
            4:15-4:18 error pgb-invalid-value: Linux refuses `tcp_keepcnt` = 128 on a socket (it takes 1 to 127), so PgBouncer cannot set up its listening socket and exits; use a value in range.
            5:20-5:30 error pgb-invalid-value: Linux refuses this `tcp_user_timeout` (it takes 0 to 2147483647 milliseconds), so PgBouncer cannot set up its listening socket and exits; use a value in range."#]],
    );
    // In range, zero (left to the system), a negative count (skipped), or keepalives off.
    check_rule(
        "pgb-invalid-value",
        "[pgbouncer]\ntcp_keepidle = 32767\ntcp_keepintvl = 0\ntcp_keepcnt = -1\n",
        expect![],
    );
    check_rule(
        "pgb-invalid-value",
        "[pgbouncer]\ntcp_keepalive = 0\ntcp_keepidle = -5\n",
        expect![],
    );
}

#[test]
fn client_tls_setup() {
    check_rule(
        "pgb-client-tls-setup",
        "[pgbouncer]\nclient_tls_sslmode = require\nclient_tls_cert_file = c.crt\n",
        expect!["2:22-2:29 error pgb-client-tls-setup: PgBouncer refuses to start with `client_tls_sslmode = require` unless it has its own key and certificate to offer clients; set `client_tls_key_file`."],
    );
    check_rule(
        "pgb-client-tls-setup",
        "[pgbouncer]\nclient_tls_sslmode = verify-full\nclient_tls_key_file = k\n\
         client_tls_cert_file = c\n",
        expect!["2:22-2:33 error pgb-client-tls-setup: `client_tls_sslmode = verify-full` checks client certificates against `client_tls_ca_file`, and PgBouncer refuses to start without it; set it to the CA that signs your clients' certificates."],
    );
    check_rule(
        "pgb-client-tls-setup",
        "[pgbouncer]\nauth_type = cert\n",
        expect![[r#"
            2:13-2:17 error pgb-client-tls-setup: `auth_type = cert` logs clients in by their certificate, so PgBouncer refuses to start unless `client_tls_sslmode = verify-full` makes clients present one.
            2:13-2:17 error pgb-client-tls-setup: `auth_type = cert` needs `client_tls_ca_file`, the CA that signs client certificates; PgBouncer refuses to start without it."#]],
    );
    check_rule(
        "pgb-client-tls-setup",
        "[pgbouncer]\nclient_tls_sslmode = verify-ca\nclient_tls_key_file = k\n\
         client_tls_cert_file = c\n",
        expect![],
    );
}

#[test]
fn auth_hba_file() {
    check_rule("pgb-auth-hba-file", "[pgbouncer]\nauth_type = hba\n", expect!["2:13-2:16 error pgb-auth-hba-file: `auth_type = hba` takes its rules from `auth_hba_file`, which is not set, so PgBouncer logs an error at start and has no rule to let any client in; set `auth_hba_file`."]);
    check_rule(
        "pgb-auth-hba-file",
        "[pgbouncer]\nauth_type = hba\nauth_hba_file = /etc/pgbouncer/hba.conf\n",
        expect![],
    );
}

#[test]
fn prepared_statements_per_release() {
    let text = case("034-pgb-transaction-pool-prepared-statements");
    for version in [(1, 18), (1, 21), (1, 24)] {
        let findings = check(&text, &release(version));
        let ours: Vec<&Finding> =
            findings.iter().filter(|f| f.rule.name == "pgb-prepared-statements").collect();
        let rendered = render(&text, &ours.into_iter().cloned().collect::<Vec<_>>());
        let expected = match version {
            (1, 18) => expect!["5:13-5:24 warning pgb-prepared-statements: PgBouncer 1.18 cannot keep prepared statements across transaction pooling (tracking arrived in 1.21): a client's next transaction may run on another server connection without them. Turn off server-side prepares in the clients, or upgrade."],
            (1, 21) => expect![[r#"5:13-5:24 warning pgb-prepared-statements: Transaction pooling with `max_prepared_statements = 0`: a client's next transaction may run on another server connection, where its prepared statements do not exist ("prepared statement does not exist"). Set `max_prepared_statements` so that PgBouncer tracks them. [fix: Set max_prepared_statements = 200 => "\nmax_prepared_statements = 200"]"#]],
            _ => expect![],
        };
        expected.assert_eq(&rendered);
    }
    check_rule_with(
        "pgb-prepared-statements",
        "[databases]\na = host=x pool_mode=transaction\n[pgbouncer]\nmax_prepared_statements = 0\n",
        &release((1, 24)),
        expect![[
            r#"2:22-2:33 warning pgb-prepared-statements: Transaction pooling with `max_prepared_statements = 0`: a client's next transaction may run on another server connection, where its prepared statements do not exist ("prepared statement does not exist"). Set `max_prepared_statements` so that PgBouncer tracks them. [fix: Set max_prepared_statements = 200 => "200"]"#
        ]],
    );
    check_rule("pgb-prepared-statements", "[pgbouncer]\npool_mode = session\n", expect![]);
}

#[test]
fn deployment_rules() {
    check_rule(
        "pgb-server-tls-ca-file",
        "[pgbouncer]\nserver_tls_sslmode = verify-ca\n",
        expect!["2:22-2:31 information pgb-server-tls-ca-file: Without `server_tls_ca_file` PgBouncer checks the server's certificate against the system's CA bundle; managed databases (RDS, Cloud SQL) and self-signed servers use their own CA, and every connection fails. Set `server_tls_ca_file` to that CA's bundle."],
    );
    check_rule(
        "pgb-server-tls-ca-file",
        "[pgbouncer]\nserver_tls_sslmode = verify-full\nserver_tls_ca_file = ca.pem\n",
        expect![],
    );
    check_rule(
        "pgb-client-tls-disabled",
        "[pgbouncer]\nlisten_addr = *\n",
        expect!["2:15-2:16 warning pgb-client-tls-disabled: PgBouncer listens beyond loopback but accepts no TLS from clients, so their passwords and query results cross the network in plain text; set `client_tls_sslmode = require` with `client_tls_key_file` and `client_tls_cert_file`."],
    );
    check_rule("pgb-client-tls-disabled", "[pgbouncer]\nlisten_addr = 127.0.0.1, ::1\n", expect![]);
    check_rule(
        "pgb-auth-trust",
        "[pgbouncer]\nlisten_addr = 0.0.0.0\nauth_type = any\n",
        expect![[
            r#"3:13-3:16 error pgb-auth-trust: `auth_type = any` lets any client from anywhere `listen_addr` reaches in without a password and under any user name; use `scram-sha-256`. [fix: Use scram-sha-256 => "scram-sha-256"]"#
        ]],
    );
    check_rule(
        "pgb-reset-query-ignored",
        "[pgbouncer]\npool_mode = transaction\nserver_reset_query = DISCARD ALL\n",
        expect!["3:22-3:33 hint pgb-reset-query-ignored: With `pool_mode = transaction` PgBouncer never runs `server_reset_query` (it runs only when a client's session ends); remove it, or set `server_reset_query_always = 1` if session state must be reset."],
    );
    check_rule(
        "pgb-reset-query-ignored",
        "[pgbouncer]\npool_mode = transaction\nserver_reset_query = DISCARD ALL\n\
         server_reset_query_always = 1\n",
        expect![],
    );
    check_rule(
        "pgb-ignore-startup-parameters",
        "[databases]\na = host=x\n[pgbouncer]\nignore_startup_parameters = search_path\n",
        expect![[
            r#"4:29-4:40 information pgb-ignore-startup-parameters: JDBC drivers and many GUI tools send `extra_float_digits` when they connect, and PgBouncer rejects them ("unsupported startup parameter") unless `ignore_startup_parameters` lists it; add it if such clients use this pooler. [fix: Ignore extra_float_digits => ", extra_float_digits"]"#
        ]],
    );
    check_fix(
        "pgb-ignore-startup-parameters",
        "[databases]\na = host=x\n[pgbouncer]\nignore_startup_parameters = search_path\n",
        expect![[r#"
            [databases]
            a = host=x
            [pgbouncer]
            ignore_startup_parameters = search_path, extra_float_digits
        "#]],
    );
    check_rule("pgb-admin-users", "[pgbouncer]\nadmin_users =\n", expect!["2:1-2:12 information pgb-admin-users: `admin_users` is empty, so no database user may run `RELOAD`, `PAUSE` or `SHOW POOLS` on the admin console (only the OS user PgBouncer runs as, over its Unix socket); name the operators who need it."]);
    check_rule("pgb-admin-users", "[pgbouncer]\nadmin_users = ops\n", expect![]);
    check_rule(
        "pgb-auth-query-credentials",
        "[pgbouncer]\nauth_query = SELECT 1\nauth_file = u.txt\n",
        expect!["2:14-2:22 warning pgb-auth-query-credentials: `auth_query` runs only as `auth_user`, which is set neither here nor in any `[databases]` entry, so PgBouncer never looks a user up; set `auth_user` to a dedicated lookup role."],
    );
    check_rule(
        "pgb-auth-query-credentials",
        "[pgbouncer]\nauth_user = lookup\n",
        expect!["2:13-2:19 warning pgb-auth-query-credentials: PgBouncer logs in as `auth_user` (`lookup`) to look users up, with the password it finds for that user in `auth_file`, and `auth_file` is not set; add an `auth_file` that holds only the lookup role's secret."],
    );
    check_rule(
        "pgb-auth-query-credentials",
        "[pgbouncer]\nauth_user = lookup\nauth_file = u.txt\n",
        expect![],
    );
}

#[test]
fn server_idle_timeout_zero() {
    check_rule(
        "pgb-server-idle-timeout",
        "[databases]\na = host=x\n[pgbouncer]\nserver_idle_timeout = 0\n",
        expect![[
            r#"4:23-4:24 warning pgb-server-idle-timeout: PgBouncer never closes idle server connections, and no keepalive probe leaves within 240 s, so a NAT gateway or load balancer may silently drop pooled connections and the next client gets a dead one; close them sooner or send keepalives sooner. [fix: Set server_idle_timeout = 55 => "55"]"#
        ]],
    );
    check_rule(
        "pgb-server-idle-timeout",
        &format!("[databases]\na = host=x\n{}server_idle_timeout = 0\n", main_with("")),
        expect![],
    );
}

fn line_of(text: &str, offset: usize) -> usize {
    text[..offset].matches('\n').count() + 1
}

#[test]
fn duplicate_keys() {
    check_rule(
        "pgb-duplicate-key",
        "[databases]\na = host=x\na = host=y\n[pgbouncer]\nlisten_port = 1\nlisten_port = 2\n",
        expect![[r#"
            2:1-2:2 hint pgb-duplicate-key: This entry `a` is set again further down in `[databases]`, and PgBouncer keeps the later one; remove this line. [fix: Remove the earlier line => ""]
            5:1-5:12 hint pgb-duplicate-key: This setting `listen_port` is set again further down in `[pgbouncer]`, and PgBouncer keeps the later one; remove this line. [fix: Remove the earlier line => ""]"#]],
    );
    let text = "[pgbouncer]\nlisten_port = 1\nlisten_port = 2\n";
    let findings = check(text, &Settings::default());
    let duplicate = findings.iter().find(|f| f.rule.name == "pgb-duplicate-key").expect("fires");
    assert_eq!(duplicate.tags, vec![crate::finding::Tag::Unnecessary]);
    assert_eq!(duplicate.related[0].span.of(text), "listen_port");
    assert_eq!(line_of(text, duplicate.related[0].span.start), 3);
    check_fix(
        "pgb-duplicate-key",
        "[pgbouncer]\nlisten_port = 1\nlisten_port = 2\n",
        expect![[r#"
            [pgbouncer]
            listen_port = 2
        "#]],
    );
}

/// Debian's shipped file: no error, only the keepalive hint.
#[test]
fn debian_shipped_file() {
    let text = include_str!("../../../../tests/fixtures/pgbouncer/pgbouncer.ini");
    check_with(
        text,
        &Settings::default(),
        expect![[r#"
            39:1-39:12 information pgb-admin-users: `admin_users` is empty, so no database user may run `RELOAD`, `PAUSE` or `SHOW POOLS` on the admin console (only the OS user PgBouncer runs as, over its Unix socket); name the operators who need it.
            39:1-39:12 hint pgb-tcp-keepalive: `tcp_keepidle`, `tcp_keepintvl` and `tcp_keepcnt` are left to the system, so PgBouncer's first keepalive probe waits two hours (Linux's default), far past the 240 s after which a NAT gateway or load balancer drops an idle connection; set explicit keepalive timings. [fix: Turn on TCP keepalives with short timings => "\ntcp_keepalive = 1\ntcp_keepcnt = 6\ntcp_keepidle = 60\ntcp_keepintvl = 10"]"#]],
    );
    check_with(
        text,
        &release((1, 18)),
        expect![[r#"
            39:1-39:12 information pgb-admin-users: `admin_users` is empty, so no database user may run `RELOAD`, `PAUSE` or `SHOW POOLS` on the admin console (only the OS user PgBouncer runs as, over its Unix socket); name the operators who need it.
            39:1-39:12 hint pgb-tcp-keepalive: `tcp_keepidle`, `tcp_keepintvl` and `tcp_keepcnt` are left to the system, so PgBouncer's first keepalive probe waits two hours (Linux's default), far past the 240 s after which a NAT gateway or load balancer drops an idle connection; set explicit keepalive timings. [fix: Turn on TCP keepalives with short timings => "\ntcp_keepalive = 1\ntcp_keepcnt = 6\ntcp_keepidle = 60\ntcp_keepintvl = 10"]"#]],
    );
}

/// Each real-world case's input, with what we say today.
fn case(name: &str) -> String {
    let path = format!("{}/../tests/cases/{name}/pgbouncer.ini", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&path).unwrap_or_else(|error| panic!("{path}: {error}"))
}

#[test]
fn case_028_server_tls_disabled_managed_db() {
    check_with(
        &case("028-pgb-server-tls-disabled-managed-db"),
        &Settings::default(),
        expect![[r#"
            4:1-4:12 warning pgb-server-idle-timeout: PgBouncer keeps idle server connections for 600 s by default, and no keepalive probe leaves within 240 s, so a NAT gateway or load balancer may silently drop pooled connections and the next client gets a dead one; close them sooner or send keepalives sooner. [fix: Set server_idle_timeout = 55 => "\nserver_idle_timeout = 55"]
            4:1-4:12 information pgb-ignore-startup-parameters: JDBC drivers and many GUI tools send `extra_float_digits` when they connect, and PgBouncer rejects them ("unsupported startup parameter") unless `ignore_startup_parameters` lists it; add it if such clients use this pooler. [fix: Ignore extra_float_digits => "\nignore_startup_parameters = extra_float_digits"]
            4:1-4:12 information pgb-admin-users: `admin_users` is empty, so no database user may run `RELOAD`, `PAUSE` or `SHOW POOLS` on the admin console (only the OS user PgBouncer runs as, over its Unix socket); name the operators who need it.
            4:1-4:12 hint pgb-tcp-keepalive: `tcp_keepidle`, `tcp_keepintvl` and `tcp_keepcnt` are left to the system, so PgBouncer's first keepalive probe waits two hours (Linux's default), far past the 240 s after which a NAT gateway or load balancer drops an idle connection; set explicit keepalive timings. [fix: Turn on TCP keepalives with short timings => "\ntcp_keepalive = 1\ntcp_keepcnt = 6\ntcp_keepidle = 60\ntcp_keepintvl = 10"]
            5:15-5:22 warning pgb-client-tls-disabled: PgBouncer listens beyond loopback but accepts no TLS from clients, so their passwords and query results cross the network in plain text; set `client_tls_sslmode = require` with `client_tls_key_file` and `client_tls_cert_file`.
            9:22-9:29 warning pgb-server-tls-sslmode: `server_tls_sslmode = disable` turns TLS off: PgBouncer connects to PostgreSQL this way, so passwords and query results cross the network in plain text. Use `verify-full` (with `server_tls_ca_file` for a private CA). [fix: Verify the server's certificate and host name => "verify-full"]"#]],
    );
}

#[test]
fn case_029_client_tls_verify_ca_direction() {
    check_with(
        &case("029-pgb-client-tls-verify-ca-direction"),
        &Settings::default(),
        expect![[r#"
            1:1-1:12 information pgb-admin-users: `admin_users` is empty, so no database user may run `RELOAD`, `PAUSE` or `SHOW POOLS` on the admin console (only the OS user PgBouncer runs as, over its Unix socket); name the operators who need it.
            1:1-1:12 hint pgb-tcp-keepalive: `tcp_keepidle`, `tcp_keepintvl` and `tcp_keepcnt` are left to the system, so PgBouncer's first keepalive probe waits two hours (Linux's default), far past the 240 s after which a NAT gateway or load balancer drops an idle connection; set explicit keepalive timings. [fix: Turn on TCP keepalives with short timings => "\ntcp_keepalive = 1\ntcp_keepcnt = 6\ntcp_keepidle = 60\ntcp_keepintvl = 10"]
            3:22-3:31 information pgb-client-tls-client-cert: On the client side this mode makes PgBouncer demand a certificate signed by `client_tls_ca_file` from every client; if you only want clients to use TLS and check PgBouncer's certificate, `require` is enough (clients then use verify-full). [fix: Accept clients without a certificate (require) => "require"]"#]],
    );
}

#[test]
fn case_031_tls_key_cert_swapped() {
    // The names tell; `tests_with_files` tells the same from the files' contents.
    check_with(
        &case("031-pgb-tls-key-cert-swapped"),
        &Settings::default(),
        expect![[r#"
            1:1-1:12 information pgb-admin-users: `admin_users` is empty, so no database user may run `RELOAD`, `PAUSE` or `SHOW POOLS` on the admin console (only the OS user PgBouncer runs as, over its Unix socket); name the operators who need it.
            1:1-1:12 hint pgb-tcp-keepalive: `tcp_keepidle`, `tcp_keepintvl` and `tcp_keepcnt` are left to the system, so PgBouncer's first keepalive probe waits two hours (Linux's default), far past the 240 s after which a NAT gateway or load balancer drops an idle connection; set explicit keepalive timings. [fix: Turn on TCP keepalives with short timings => "\ntcp_keepalive = 1\ntcp_keepcnt = 6\ntcp_keepidle = 60\ntcp_keepintvl = 10"]
            3:13-3:18 warning pgb-auth-trust: `auth_type = trust` lets any client log in as any user listed in `auth_file` without a password; use `scram-sha-256`. [fix: Use scram-sha-256 => "scram-sha-256"]
            5:22-5:29 warning pgb-server-tls-sslmode: `server_tls_sslmode = require` encrypts: PgBouncer connects to PostgreSQL this way, but accepts any certificate, so an impostor between PgBouncer and PostgreSQL can read everything. Use `verify-full` (with `server_tls_ca_file` for a private CA). [fix: Verify the server's certificate and host name => "verify-full"]
            6:23-6:42 error pgb-tls-key-cert-swapped: By their names, `server_tls_key_file` holds a certificate and `server_tls_cert_file` a private key: the two look swapped, and every TLS connection PgBouncer opens to PostgreSQL fails; swap their values. [fix: Swap the values of server_tls_key_file and server_tls_cert_file => "/etc/ssl/server.key" + "/etc/ssl/server.crt"]
            9:23-9:42 error pgb-tls-key-cert-swapped: By their names, `client_tls_key_file` holds a certificate and `client_tls_cert_file` a private key: the two look swapped, and PgBouncer cannot set up TLS for clients and refuses to start; swap their values. [fix: Swap the values of client_tls_key_file and client_tls_cert_file => "/etc/ssl/client.key" + "/etc/ssl/client.crt"]"#]],
    );
}

#[test]
fn case_032_scram_secret_server_login() {
    // userlist.txt's SCRAM secret is asserted in `rules::userlist::tests`.
    check_with(
        &case("032-pgb-scram-secret-server-login"),
        &Settings::default(),
        expect![[r#"
            4:1-4:12 warning pgb-server-idle-timeout: PgBouncer keeps idle server connections for 600 s by default, and no keepalive probe leaves within 240 s, so a NAT gateway or load balancer may silently drop pooled connections and the next client gets a dead one; close them sooner or send keepalives sooner. [fix: Set server_idle_timeout = 55 => "\nserver_idle_timeout = 55"]
            4:1-4:12 information pgb-ignore-startup-parameters: JDBC drivers and many GUI tools send `extra_float_digits` when they connect, and PgBouncer rejects them ("unsupported startup parameter") unless `ignore_startup_parameters` lists it; add it if such clients use this pooler. [fix: Ignore extra_float_digits => "\nignore_startup_parameters = extra_float_digits"]
            4:1-4:12 information pgb-admin-users: `admin_users` is empty, so no database user may run `RELOAD`, `PAUSE` or `SHOW POOLS` on the admin console (only the OS user PgBouncer runs as, over its Unix socket); name the operators who need it.
            4:1-4:12 hint pgb-tcp-keepalive: `tcp_keepidle`, `tcp_keepintvl` and `tcp_keepcnt` are left to the system, so PgBouncer's first keepalive probe waits two hours (Linux's default), far past the 240 s after which a NAT gateway or load balancer drops an idle connection; set explicit keepalive timings. [fix: Turn on TCP keepalives with short timings => "\ntcp_keepalive = 1\ntcp_keepcnt = 6\ntcp_keepidle = 60\ntcp_keepintvl = 10"]"#]],
    );
}

#[test]
fn case_034_transaction_pool_prepared_statements() {
    check_with(
        &case("034-pgb-transaction-pool-prepared-statements"),
        &Settings::default(),
        expect![[r#"
            4:1-4:12 warning pgb-server-idle-timeout: PgBouncer keeps idle server connections for 600 s by default, and no keepalive probe leaves within 240 s, so a NAT gateway or load balancer may silently drop pooled connections and the next client gets a dead one; close them sooner or send keepalives sooner. [fix: Set server_idle_timeout = 55 => "\nserver_idle_timeout = 55"]
            4:1-4:12 information pgb-ignore-startup-parameters: JDBC drivers and many GUI tools send `extra_float_digits` when they connect, and PgBouncer rejects them ("unsupported startup parameter") unless `ignore_startup_parameters` lists it; add it if such clients use this pooler. [fix: Ignore extra_float_digits => "\nignore_startup_parameters = extra_float_digits"]
            4:1-4:12 information pgb-admin-users: `admin_users` is empty, so no database user may run `RELOAD`, `PAUSE` or `SHOW POOLS` on the admin console (only the OS user PgBouncer runs as, over its Unix socket); name the operators who need it.
            4:1-4:12 hint pgb-tcp-keepalive: `tcp_keepidle`, `tcp_keepintvl` and `tcp_keepcnt` are left to the system, so PgBouncer's first keepalive probe waits two hours (Linux's default), far past the 240 s after which a NAT gateway or load balancer drops an idle connection; set explicit keepalive timings. [fix: Turn on TCP keepalives with short timings => "\ntcp_keepalive = 1\ntcp_keepcnt = 6\ntcp_keepidle = 60\ntcp_keepintvl = 10"]"#]],
    );
}

#[test]
fn case_035_unsupported_startup_parameter() {
    check_with(
        &case("035-pgb-unsupported-startup-parameter"),
        &Settings::default(),
        expect![[r#"
            4:1-4:12 warning pgb-server-idle-timeout: PgBouncer keeps idle server connections for 600 s by default, and no keepalive probe leaves within 240 s, so a NAT gateway or load balancer may silently drop pooled connections and the next client gets a dead one; close them sooner or send keepalives sooner. [fix: Set server_idle_timeout = 55 => "\nserver_idle_timeout = 55"]
            4:1-4:12 information pgb-ignore-startup-parameters: JDBC drivers and many GUI tools send `extra_float_digits` when they connect, and PgBouncer rejects them ("unsupported startup parameter") unless `ignore_startup_parameters` lists it; add it if such clients use this pooler. [fix: Ignore extra_float_digits => "\nignore_startup_parameters = extra_float_digits"]
            4:1-4:12 information pgb-admin-users: `admin_users` is empty, so no database user may run `RELOAD`, `PAUSE` or `SHOW POOLS` on the admin console (only the OS user PgBouncer runs as, over its Unix socket); name the operators who need it.
            4:1-4:12 hint pgb-tcp-keepalive: `tcp_keepidle`, `tcp_keepintvl` and `tcp_keepcnt` are left to the system, so PgBouncer's first keepalive probe waits two hours (Linux's default), far past the 240 s after which a NAT gateway or load balancer drops an idle connection; set explicit keepalive timings. [fix: Turn on TCP keepalives with short timings => "\ntcp_keepalive = 1\ntcp_keepcnt = 6\ntcp_keepidle = 60\ntcp_keepintvl = 10"]"#]],
    );
}

#[test]
fn case_037_auth_query_without_auth_file() {
    check_with(
        &case("037-pgb-auth-query-without-auth-file"),
        &Settings::default(),
        expect![[r#"
            4:1-4:12 warning pgb-server-idle-timeout: PgBouncer keeps idle server connections for 600 s by default, and no keepalive probe leaves within 240 s, so a NAT gateway or load balancer may silently drop pooled connections and the next client gets a dead one; close them sooner or send keepalives sooner. [fix: Set server_idle_timeout = 55 => "\nserver_idle_timeout = 55"]
            4:1-4:12 information pgb-ignore-startup-parameters: JDBC drivers and many GUI tools send `extra_float_digits` when they connect, and PgBouncer rejects them ("unsupported startup parameter") unless `ignore_startup_parameters` lists it; add it if such clients use this pooler. [fix: Ignore extra_float_digits => "\nignore_startup_parameters = extra_float_digits"]
            4:1-4:12 information pgb-admin-users: `admin_users` is empty, so no database user may run `RELOAD`, `PAUSE` or `SHOW POOLS` on the admin console (only the OS user PgBouncer runs as, over its Unix socket); name the operators who need it.
            4:1-4:12 hint pgb-tcp-keepalive: `tcp_keepidle`, `tcp_keepintvl` and `tcp_keepcnt` are left to the system, so PgBouncer's first keepalive probe waits two hours (Linux's default), far past the 240 s after which a NAT gateway or load balancer drops an idle connection; set explicit keepalive timings. [fix: Turn on TCP keepalives with short timings => "\ntcp_keepalive = 1\ntcp_keepcnt = 6\ntcp_keepidle = 60\ntcp_keepintvl = 10"]
            8:14-8:57 warning pgb-auth-query-credentials: PgBouncer logs in as `auth_user` (`app_user`) to look users up, with the password it finds for that user in `auth_file`, and `auth_file` is not set; add an `auth_file` that holds only the lookup role's secret."#]],
    );
}

#[test]
fn case_038_quotes_in_passwords() {
    // userlist.txt's line 2 is asserted in `rules::userlist::tests`.
    check_with(
        &case("038-pgb-quotes-in-passwords"),
        &Settings::default(),
        expect![[r#"
            2:52-2:59 error pgb-entry-syntax: This value opens a single quote that is never closed, so PgBouncer rejects the whole entry; write a literal quote as `''` inside a quoted value. [fix: Quote the value and double its quote characters => "'''s3cret'"]
            4:1-4:12 warning pgb-server-idle-timeout: PgBouncer keeps idle server connections for 600 s by default, and no keepalive probe leaves within 240 s, so a NAT gateway or load balancer may silently drop pooled connections and the next client gets a dead one; close them sooner or send keepalives sooner. [fix: Set server_idle_timeout = 55 => "\nserver_idle_timeout = 55"]
            4:1-4:12 warning pgb-server-tls-sslmode: `server_tls_sslmode` is not set, so PgBouncer 1.25 connects to PostgreSQL with `prefer`, so anyone on the path can strip TLS and read or change the traffic. Set `server_tls_sslmode = verify-full`. [fix: Verify the server's certificate and host name => "\nserver_tls_sslmode = verify-full"]
            4:1-4:12 information pgb-ignore-startup-parameters: JDBC drivers and many GUI tools send `extra_float_digits` when they connect, and PgBouncer rejects them ("unsupported startup parameter") unless `ignore_startup_parameters` lists it; add it if such clients use this pooler. [fix: Ignore extra_float_digits => "\nignore_startup_parameters = extra_float_digits"]
            4:1-4:12 information pgb-admin-users: `admin_users` is empty, so no database user may run `RELOAD`, `PAUSE` or `SHOW POOLS` on the admin console (only the OS user PgBouncer runs as, over its Unix socket); name the operators who need it.
            4:1-4:12 hint pgb-tcp-keepalive: `tcp_keepidle`, `tcp_keepintvl` and `tcp_keepcnt` are left to the system, so PgBouncer's first keepalive probe waits two hours (Linux's default), far past the 240 s after which a NAT gateway or load balancer drops an idle connection; set explicit keepalive timings. [fix: Turn on TCP keepalives with short timings => "\ntcp_keepalive = 1\ntcp_keepcnt = 6\ntcp_keepidle = 60\ntcp_keepintvl = 10"]
            6:13-6:18 warning pgb-auth-plain: `auth_type = plain` has clients send their passwords in clear text, readable by anyone on the path unless TLS is enforced; use `scram-sha-256`. [fix: Use scram-sha-256 => "scram-sha-256"]"#]],
    );
}

/// A deterministic xorshift generator, so that failures reproduce.
pub(super) struct Rng(pub u64);

impl Rng {
    pub fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    pub fn below(&mut self, bound: usize) -> usize {
        (self.next() % bound as u64) as usize
    }
}

#[test]
fn no_panic_on_mutated_input() {
    let seeds = [
        include_str!("../../../../tests/fixtures/pgbouncer/pgbouncer.ini").to_string(),
        case("038-pgb-quotes-in-passwords"),
        case("031-pgb-tls-key-cert-swapped"),
        "[databases]\n'q''x' = host='a''b' port=7 password='\n[pgbouncer]\n%include x\n"
            .to_string(),
    ];
    let alphabet: &[&str] = &[
        "[",
        "]",
        "=",
        "'",
        "\"",
        ";",
        "#",
        " ",
        "\t",
        "\n",
        "\r\n",
        "%include ",
        "*",
        "é",
        "€",
        "\u{0}",
        "0x",
        "tcp_keepalive",
        "password=",
        "port=",
        "[pgbouncer]",
        "[databases]",
    ];
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    let settings = [Settings::default(), release((1, 17)), release((1, 25))];

    for round in 0..400 {
        let seed = &seeds[round % seeds.len()];
        let mut text: Vec<char> = seed.chars().collect();
        for _ in 0..1 + rng.below(8) {
            let at = rng.below(text.len() + 1);
            match rng.below(3) {
                0 if at < text.len() => {
                    text.remove(at);
                }
                _ => {
                    let piece = alphabet[rng.below(alphabet.len())];
                    for (offset, ch) in piece.chars().enumerate() {
                        text.insert(at + offset, ch);
                    }
                }
            }
        }
        let text: String = text.into_iter().collect();
        let settings = &settings[round % settings.len()];
        let findings = super::check(&text, settings);
        for finding in &findings {
            assert!(finding.span.end <= text.len());
            for fix in &finding.fixes {
                let _ = apply(&text, &fix.edits);
            }
        }
        // Every offset of the short inputs; a sample of the long one, whose parse at each
        // of its ten thousand offsets would dominate the test suite's time.
        let step = if text.len() < 1000 { 1 } else { 37 };
        for offset in (0..=text.len()).step_by(step) {
            let _ = crate::hover::pgbouncer::hover(&text, offset, settings);
            let _ = crate::completion::pgbouncer::complete(&text, offset, settings);
        }
        let _ = crate::symbols::pgbouncer::symbols(&text, settings);
    }
}

/// A `listen_addr` entry with a `:` must be an IPv6 address (a zone allowed): PgBouncer
/// 1.18 starts with `::1` and `::1%lo` and refuses `[::1]` and `::1x`.
#[test]
fn listen_addresses_that_do_not_resolve() {
    let run = |addresses: &str, expect: Expect| {
        let text = format!("[pgbouncer]\n{KEEPALIVES}listen_addr = {addresses}\n");
        check_rule("pgb-invalid-value", &text, expect);
    };
    run("127.0.0.1, ::1x", expect!["6:26-6:30 error pgb-invalid-value: `::1x` is neither an IPv6 address nor a name PgBouncer can resolve (a host name has no `:`), so it refuses to start. Write the address without brackets or port, as `::1`."]);
    run("[::1]", expect!["6:15-6:20 error pgb-invalid-value: `[::1]` is neither an IPv6 address nor a name PgBouncer can resolve (a host name has no `:`), so it refuses to start. Write the address without brackets or port, as `::1`."]);
    run("::1,::1%lo,db.internal", expect![[r#""#]]);
}
