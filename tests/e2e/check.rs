//! `pgconf-lsp check` on files, folders and standard input, run as CI runs it.

use std::collections::BTreeSet;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use expect_test::expect;
use serde_json::Value;

/// The repository's root, where `examples/` lives.
fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// Runs `pgconf-lsp` with `args` in the repository root, feeding `stdin`.
fn run(args: &[&str], stdin: &str) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_pgconf-lsp"))
        .args(args)
        .current_dir(repo())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the binary starts");
    child.stdin.take().expect("piped stdin").write_all(stdin.as_bytes()).expect("write stdin");
    child.wait_with_output().expect("the binary finishes")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

fn status(output: &Output) -> i32 {
    output.status.code().unwrap_or(-1)
}

#[test]
fn examples_in_human_format() {
    let output = run(&["check", "examples"], "");
    assert_eq!(status(&output), 1, "the examples hold errors");
    expect![[r#"
        examples/app/.env:5:31: warning[conn-password-in-string]: This connection string carries a password in clear text, so anyone who can read this file, a log line or the process list learns it. Keep it in `~/.pgpass`, `PGPASSWORD` or a secret store instead.
          |
        5 | DATABASE_URL=postgresql://app:****@db.internal.example.com:5432/app?sslmode=disable
          |                               ^^^^

        examples/app/.env:5:36: hint[conn-keepalives-missing]: No `keepalives_idle`: the operating system waits about two hours before the first keepalive probe, while NAT gateways and load balancers drop idle connections after minutes (240 s assumed) without telling either end. Add `keepalives_idle` below 240 s.
          |
        5 | DATABASE_URL=postgresql://app:****@db.internal.example.com:5432/app?sslmode=disable
          |                                    ^^^^^^^^^^^^^^^^^^^^^^^
          = fix: Send TCP keepalives after 60 s of silence

        examples/app/.env:5:77: error[conn-sslmode-disable]: `sslmode=disable` sends everything, the password exchange included, in plain text across the network. Use `verify-full` to encrypt and to check the server's certificate.
          |
        5 | DATABASE_URL=postgresql://app:****@db.internal.example.com:5432/app?sslmode=disable
          |                                                                             ^^^^^^^
          = fix: Use `sslmode=verify-full`

        examples/app/.env:8:28: hint[conn-keepalives-missing]: No `keepalives_idle`: the operating system waits about two hours before the first keepalive probe, while NAT gateways and load balancers drop idle connections after minutes (240 s assumed) without telling either end. Add `keepalives_idle` below 240 s.
          |
        8 | REPLICA_URL=postgres://app@replica.example.com/app?sslmode=require
          |                            ^^^^^^^^^^^^^^^^^^^
          = fix: Send TCP keepalives after 60 s of silence

        examples/app/.env:8:60: warning[conn-sslmode-require]: `sslmode=require` encrypts but accepts any certificate, so a man in the middle can pose as the server and read everything. Use `verify-full` to check the certificate and host name.
          |
        8 | REPLICA_URL=postgres://app@replica.example.com/app?sslmode=require
          |                                                            ^^^^^^^
          = fix: Use `sslmode=verify-full`

        examples/app/.env:11:32: warning[conn-sslmode-plaintext-fallback]: No `sslmode` is set, so libpq uses `prefer`: it silently falls back to plain text when TLS is not offered and never checks the certificate, so anyone on the path can read or impersonate. Add `sslmode=verify-full`.
           |
        11 | WORKER_URL=postgresql://worker@db.internal.example.com/app
           |                                ^^^^^^^^^^^^^^^^^^^^^^^
           = fix: Add `sslmode=verify-full`

        examples/app/.env:11:32: hint[conn-keepalives-missing]: No `keepalives_idle`: the operating system waits about two hours before the first keepalive probe, while NAT gateways and load balancers drop idle connections after minutes (240 s assumed) without telling either end. Add `keepalives_idle` below 240 s.
           |
        11 | WORKER_URL=postgresql://worker@db.internal.example.com/app
           |                                ^^^^^^^^^^^^^^^^^^^^^^^
           = fix: Send TCP keepalives after 60 s of silence

        examples/app/.env:14:21: hint[conn-keepalives-missing]: No `keepalives_idle`: the operating system waits about two hours before the first keepalive probe, while NAT gateways and load balancers drop idle connections after minutes (240 s assumed) without telling either end. Add `keepalives_idle` below 240 s.
           |
        14 | REPORTING_DSN="host=reports.example.com dbname=reports user=report password=**** sslmode=prefer"
           |                     ^^^^^^^^^^^^^^^^^^^
           = fix: Send TCP keepalives after 60 s of silence

        examples/app/.env:14:77: warning[conn-password-in-string]: This connection string carries a password in clear text, so anyone who can read this file, a log line or the process list learns it. Keep it in `~/.pgpass`, `PGPASSWORD` or a secret store instead.
           |
        14 | REPORTING_DSN="host=reports.example.com dbname=reports user=report password=**** sslmode=prefer"
           |                                                                             ^^^^

        examples/app/.env:14:90: warning[conn-sslmode-plaintext-fallback]: `sslmode=prefer` lets libpq silently fall back to plain text and never checks the server's certificate, so an attacker on the path can read the traffic or pose as the server. Use `verify-full`.
           |
        14 | REPORTING_DSN="host=reports.example.com dbname=reports user=report password=**** sslmode=prefer"
           |                                                                                          ^^^^^^
           = fix: Use `sslmode=verify-full`

        examples/app/.env:17:32: hint[conn-keepalives-missing]: No `keepalives_idle`: the operating system waits about two hours before the first keepalive probe, while NAT gateways and load balancers drop idle connections after minutes (240 s assumed) without telling either end. Add `keepalives_idle` below 240 s.
           |
        17 | ANALYTICS_URL=postgresql://etl@warehouse.example.com/dw?sslmode=verify-ca&sslrootcert=/etc/ssl/certs/corp-ca.pem
           |                                ^^^^^^^^^^^^^^^^^^^^^
           = fix: Send TCP keepalives after 60 s of silence

        examples/app/.env:17:65: information[conn-sslmode-verify-ca]: `sslmode=verify-ca` checks that the certificate comes from a trusted CA but not that it was issued for this host, so any server holding a certificate from that CA can pose as this one. Use `verify-full`.
           |
        17 | ANALYTICS_URL=postgresql://etl@warehouse.example.com/dw?sslmode=verify-ca&sslrootcert=/etc/ssl/certs/corp-ca.pem
           |                                                                 ^^^^^^^^^
           = fix: Use `sslmode=verify-full`

        examples/app/.env:20:30: warning[conn-sslmode-plaintext-fallback]: No `sslmode` is set, so libpq uses `prefer`: it silently falls back to plain text when TLS is not offered and never checks the certificate, so anyone on the path can read or impersonate. Add `sslmode=verify-full`.
           |
        20 | AUDIT_URL=postgresql://audit@db.internal.example.com/audit?sslmod=verify-full
           |                              ^^^^^^^^^^^^^^^^^^^^^^^
           = fix: Add `sslmode=verify-full`

        examples/app/.env:20:30: hint[conn-keepalives-missing]: No `keepalives_idle`: the operating system waits about two hours before the first keepalive probe, while NAT gateways and load balancers drop idle connections after minutes (240 s assumed) without telling either end. Add `keepalives_idle` below 240 s.
           |
        20 | AUDIT_URL=postgresql://audit@db.internal.example.com/audit?sslmod=verify-full
           |                              ^^^^^^^^^^^^^^^^^^^^^^^
           = fix: Send TCP keepalives after 60 s of silence

        examples/app/.env:20:60: error[conn-unknown-parameter]: libpq does not know the keyword `sslmod` and refuses the whole URI. Did you mean `sslmode`?
           |
        20 | AUDIT_URL=postgresql://audit@db.internal.example.com/audit?sslmod=verify-full
           |                                                            ^^^^^^
           = fix: Change to `sslmode`

        examples/app/.env:23:34: hint[conn-keepalives-missing]: No `keepalives_idle`: the operating system waits about two hours before the first keepalive probe, while NAT gateways and load balancers drop idle connections after minutes (240 s assumed) without telling either end. Add `keepalives_idle` below 240 s.
           |
        23 | BILLING_URL=postgresql://billing@billing.example.com/billing?sslmode=verify-full
           |                                  ^^^^^^^^^^^^^^^^^^^
           = fix: Send TCP keepalives after 60 s of silence

        examples/app/.env:23:70: hint[conn-verify-without-sslrootcert]: With `sslmode=verify-full` and no `sslrootcert` (nor `PGSSLROOTCERT`), libpq trusts only `~/.postgresql/root.crt` and refuses to connect when it is missing. Name the server's CA file, or `sslrootcert=system` (libpq 16+) for a publicly trusted certificate.
           |
        23 | BILLING_URL=postgresql://billing@billing.example.com/billing?sslmode=verify-full
           |                                                                      ^^^^^^^^^^^

        examples/db/pg_hba.conf:12:1: warning[hba-host-plaintext]: `host` also accepts connections without TLS from 10.20.0.0/16, so passwords and data can cross the network in plain text. Use `hostssl` to require TLS.
           |
        12 | host    app             app             10.20.0.0/16            scram-sha-256
           | ^^^^
           = fix: Change to `hostssl`

        examples/db/pg_hba.conf:15:1: warning[hba-hostnossl-remote]: `hostnossl` accepts only connections without TLS from 10.30.0.0/24, so passwords and data can cross the network in plain text. Use `hostssl` to require TLS.
           |
        15 | hostnossl reports       report          10.30.0.0/24            scram-sha-256
           | ^^^^^^^^^
           = fix: Change to `hostssl`

        examples/db/pg_hba.conf:18:65: hint[hba-md5]: Prefer `scram-sha-256`: MD5 hashes are weak and replayable once stolen. PostgreSQL 18 deprecates MD5 passwords. `md5` already accepts SCRAM logins for roles with SCRAM passwords; switch once no role still has an MD5-hashed password, or those roles are locked out.
           |
        18 | hostssl legacy          legacy          10.40.0.0/24            md5
           |                                                                 ^^^
           = fix: Change to `scram-sha-256`

        examples/db/pg_hba.conf:21:1: warning[hba-host-plaintext]: `host` also accepts connections without TLS from 10.50.0.7/32, so passwords and data can cross the network in plain text. Use `hostssl` to require TLS.
           |
        21 | host    jobs            batch           10.50.0.7/32            password
           | ^^^^
           = fix: Change to `hostssl`

        examples/db/pg_hba.conf:21:65: warning[hba-password-cleartext]: `password` makes clients send their password as it is, and this line also accepts connections without TLS, so anyone on the path can read it. Use `scram-sha-256`.
           |
        21 | host    jobs            batch           10.50.0.7/32            password
           |                                                                 ^^^^^^^^
           = fix: Change to `scram-sha-256`

        examples/db/pg_hba.conf:24:1: warning[hba-host-plaintext]: `host` also accepts connections without TLS from 192.168.100.0/24, so passwords and data can cross the network in plain text. Use `hostssl` to require TLS.
           |
        24 | host    all             all             192.168.100.0/24        trust
           | ^^^^
           = fix: Change to `hostssl`

        examples/db/pg_hba.conf:24:65: error[hba-trust-remote]: `trust` lets anyone who can reach the server from 192.168.100.0/24 log in as any role, superusers included, without a password. Use `scram-sha-256` (or `cert`).
           |
        24 | host    all             all             192.168.100.0/24        trust
           |                                                                 ^^^^^
           = fix: Change to `scram-sha-256`

        examples/db/pg_hba.conf:27:41: error[hba-invalid-address]: `10.60.0.0/33` has an invalid prefix length: it must be a number from 0 to 32. The server refuses to load the file.
           |
        27 | hostssl all             all             10.60.0.0/33            scram-sha-256
           |                                         ^^^^^^^^^^^^

        examples/db/pg_hba.conf:28:1: error[hba-unknown-connection-type]: `hosts` is not a connection type, so the server refuses to load the file. Did you mean `host`?
           |
        28 | hosts   all             all             10.70.0.0/24            scram-sha-256
           | ^^^^^
           = fix: Change to `host`

        examples/db/pg_hba.conf:29:65: error[hba-unknown-method]: `scram-sha265` is not an authentication method, so the server refuses to load the file. Did you mean `scram-sha-256`?
           |
        29 | hostssl all             all             10.80.0.0/24            scram-sha265
           |                                                                 ^^^^^^^^^^^^
           = fix: Change to `scram-sha-256`

        examples/pooler/pgbouncer.ini:5:82: warning[pgb-db-password]: This entry holds a password in plain text, readable by anyone who can read pgbouncer.ini, its backups or PgBouncer's log (which prints entries it cannot parse); leave `password=` out so PgBouncer takes the user's password from `auth_file`.
          |
        5 | reports = host=reports.example.com port=5432 dbname=reports user=report password=****
          |                                                                                  ^^^^

        examples/pooler/pgbouncer.ini:11:13: warning[pgb-auth-trust]: `auth_type = trust` lets any client log in as any user listed in `auth_file` without a password; use `scram-sha-256`.
           |
        11 | auth_type = trust
           |             ^^^^^
           = fix: Use scram-sha-256

        examples/pooler/pgbouncer.ini:18:23: warning[pgb-server-idle-timeout]: PgBouncer keeps idle server connections for 600 s, and no keepalive probe leaves within 240 s, so a NAT gateway or load balancer may silently drop pooled connections and the next client gets a dead one; close them sooner or send keepalives sooner.
           |
        18 | server_idle_timeout = 600
           |                       ^^^
           = fix: Set server_idle_timeout = 55

        examples/pooler/pgbouncer.ini:19:23: warning[pgb-client-idle-timeout]: Idle clients are closed only after 900 s, but a NAT gateway or load balancer in front of PgBouncer drops them silently after 240 s, so this timeout never gets to act; set it below 240 s or turn on short keepalives.
           |
        19 | client_idle_timeout = 900
           |                       ^^^

        examples/pooler/pgbouncer.ini:22:17: hint[pgb-tcp-keepalive]: TCP keepalives are off, so a connection that a NAT gateway, load balancer or firewall dropped after 240 s of silence looks alive to PgBouncer until it is used and fails; turn them on with short timings.
           |
        22 | tcp_keepalive = 0
           |                 ^
           = fix: Turn on TCP keepalives with short timings

        examples/pooler/pgbouncer.ini:25:22: warning[pgb-server-tls-sslmode]: `server_tls_sslmode = require` encrypts: PgBouncer connects to PostgreSQL this way, but accepts any certificate, so an impostor between PgBouncer and PostgreSQL can read everything. Use `verify-full` (with `server_tls_ca_file` for a private CA).
           |
        25 | server_tls_sslmode = require
           |                      ^^^^^^^
           = fix: Verify the server's certificate and host name

        checked in 4 files: 6 errors, 16 warnings, 1 information, 10 hints
    "#]].assert_eq(&text(&output.stdout));
}

/// Every rule pgconf-lsp has fires at least once on the shipped examples.
#[test]
fn examples_in_json_show_every_rule() {
    let output = run(&["check", "--format", "json", "examples"], "");
    let findings: Value = serde_json::from_slice(&output.stdout).expect("one JSON array");
    let seen: BTreeSet<&str> = findings
        .as_array()
        .expect("an array")
        .iter()
        .filter_map(|finding| finding["code"].as_str())
        .collect();
    let missing: Vec<&str> = pgconf_lsp::rules::all()
        .iter()
        .map(|rule| rule.name)
        .filter(|name| !seen.contains(name))
        .collect();
    assert_eq!(missing, Vec::<&str>::new(), "rules the examples never show");

    let first = &findings[0];
    let keys: Vec<&String> = first.as_object().expect("an object").keys().collect();
    expect![[r#"["code", "fixes", "message", "path", "range", "severity"]"#]]
        .assert_eq(&format!("{keys:?}"));
}

#[test]
fn standard_input_as_connection_strings() {
    let url = "postgresql://app@db.example.com/app?sslmode=disable\n";
    let output = run(&["check", "--kind", "conninfo", "--format", "json", "-"], url);
    assert_eq!(status(&output), 1);
    expect![[r#"
        [
          {
            "code": "conn-keepalives-missing",
            "fixes": [
              {
                "edits": [
                  {
                    "newText": "&keepalives=1&keepalives_idle=60&keepalives_interval=10&keepalives_count=6",
                    "range": {
                      "end": {
                        "character": 51,
                        "line": 0
                      },
                      "start": {
                        "character": 51,
                        "line": 0
                      }
                    }
                  }
                ],
                "title": "Send TCP keepalives after 60 s of silence"
              }
            ],
            "message": "No `keepalives_idle`: the operating system waits about two hours before the first keepalive probe, while NAT gateways and load balancers drop idle connections after minutes (240 s assumed) without telling either end. Add `keepalives_idle` below 240 s.",
            "path": "<stdin>",
            "range": {
              "end": {
                "character": 31,
                "line": 0
              },
              "start": {
                "character": 17,
                "line": 0
              }
            },
            "severity": "hint"
          },
          {
            "code": "conn-sslmode-disable",
            "fixes": [
              {
                "edits": [
                  {
                    "newText": "verify-full",
                    "range": {
                      "end": {
                        "character": 51,
                        "line": 0
                      },
                      "start": {
                        "character": 44,
                        "line": 0
                      }
                    }
                  }
                ],
                "title": "Use `sslmode=verify-full`"
              }
            ],
            "message": "`sslmode=disable` sends everything, the password exchange included, in plain text across the network. Use `verify-full` to encrypt and to check the server's certificate.",
            "path": "<stdin>",
            "range": {
              "end": {
                "character": 51,
                "line": 0
              },
              "start": {
                "character": 44,
                "line": 0
              }
            },
            "severity": "error"
          }
        ]
    "#]].assert_eq(&text(&output.stdout));
}

#[test]
fn passwords_are_masked_in_quoted_lines() {
    let password = "hunter2-in-a-url";
    let url = format!("DATABASE_URL=postgresql://app:{password}@db.example.com/app\n");
    let output = run(&["check", "--kind", "dotenv", "-"], &url);
    let printed = text(&output.stdout) + &text(&output.stderr);
    assert!(!printed.contains(password), "the password was printed:\n{printed}");
    assert!(printed.contains("****"), "nothing was masked:\n{printed}");
}

#[test]
fn usage_errors_exit_with_2() {
    let cases = [
        vec!["check", "no/such/file.conf"],
        vec!["check", "-"],
        vec!["check", "--kind", "yaml", "examples"],
        vec!["check", "README.md"],
        vec!["check", "--format", "xml"],
    ];
    let report: Vec<String> = cases
        .iter()
        .map(|args| {
            let output = run(args, "");
            let first_line = text(&output.stderr).lines().next().unwrap_or_default().to_string();
            format!("{} => {}: {first_line}", args.join(" "), status(&output))
        })
        .collect();
    expect![[r#"
        check no/such/file.conf => 2: pgconf-lsp: no/such/file.conf: no such file or folder
        check - => 2: pgconf-lsp: standard input (`-`) needs --kind
        check --kind yaml examples => 2: error: invalid value 'yaml' for '--kind <KIND>': unknown kind `yaml`; expected one of pgconf, pghba, pgbouncer, dotenv, conninfo
        check README.md => 2: pgconf-lsp: README.md: cannot tell what kind of file this is; pass --kind
        check --format xml => 2: error: invalid value 'xml' for '--format <FORMAT>'"#]].assert_eq(&report.join("\n"));
}

#[test]
fn a_clean_file_exits_with_0() {
    let hba = "local all all peer\nhostssl all all 127.0.0.1/32 scram-sha-256\n";
    let output = run(&["check", "--kind", "pghba", "-"], hba);
    assert_eq!(status(&output), 0, "{}", text(&output.stdout));
}

#[test]
fn version_and_help() {
    let version = run(&["--version"], "");
    assert_eq!(text(&version.stdout).trim(), format!("pgconf-lsp {}", env!("CARGO_PKG_VERSION")));

    let help = run(&["check", "--help"], "");
    assert_eq!(status(&help), 0);
    for flag in ["--format", "--kind", "--postgres-version", "--pgbouncer-version"] {
        assert!(text(&help.stdout).contains(flag), "check --help lacks {flag}");
    }
    assert!(text(&help.stdout).contains("--middlebox-idle-timeout"));
}
