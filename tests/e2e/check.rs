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

        examples/app/.env:5:43: hint[conn-keepalives-missing]: No `keepalives_idle`: the operating system waits about two hours before the first keepalive probe, while NAT gateways and load balancers drop idle connections after minutes (240 s assumed) without telling either end. Add `keepalives_idle` below 240 s.
          |
        5 | DATABASE_URL=postgresql://app:****@db.internal.example.com:5432/app?sslmode=disable
          |                                    ^^^^^^^^^^^^^^^^^^^^^^^
          = fix: Send TCP keepalives after 60 s of silence

        examples/app/.env:5:84: error[conn-sslmode-disable]: `sslmode=disable` sends everything, the password exchange included, in plain text across the network. Use `verify-full` to encrypt and to check the server's certificate.
          |
        5 | DATABASE_URL=postgresql://app:****@db.internal.example.com:5432/app?sslmode=disable
          |                                                                             ^^^^^^^
          = fix: Use `sslmode=verify-full`

        examples/app/.env:8:13: information[conn-postgres-scheme-sqlalchemy]: SQLAlchemy 1.4 and newer refuse the `postgres` scheme and want `postgresql`; libpq, psycopg and node-postgres take both. Write `postgresql` if SQLAlchemy may read this URL.
          |
        8 | REPLICA_URL=postgres://app@replica.example.com/app?sslmode=require
          |             ^^^^^^^^
          = fix: Use the `postgresql` scheme

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

        examples/app/.env:14:97: warning[conn-sslmode-plaintext-fallback]: `sslmode=prefer` lets libpq silently fall back to plain text and never checks the server's certificate, so an attacker on the path can read the traffic or pose as the server. Use `verify-full`.
           |
        14 | REPORTING_DSN="host=reports.example.com dbname=reports user=report password=**** sslmode=prefer"
           |                                                                                          ^^^^^^
           = fix: Use `sslmode=verify-full`

        examples/app/.env:17:32: hint[conn-keepalives-missing]: No `keepalives_idle`: the operating system waits about two hours before the first keepalive probe, while NAT gateways and load balancers drop idle connections after minutes (240 s assumed) without telling either end. Add `keepalives_idle` below 240 s.
           |
        17 | ANALYTICS_URL=postgresql://etl@warehouse.example.com/dw?sslmode=verify-ca&sslrootcert=certs/corp-ca.pem
           |                                ^^^^^^^^^^^^^^^^^^^^^
           = fix: Send TCP keepalives after 60 s of silence

        examples/app/.env:17:65: information[conn-sslmode-verify-ca]: `sslmode=verify-ca` checks that the certificate comes from a trusted CA but not that it was issued for this host, so any server holding a certificate from that CA can pose as this one. Use `verify-full`.
           |
        17 | ANALYTICS_URL=postgresql://etl@warehouse.example.com/dw?sslmode=verify-ca&sslrootcert=certs/corp-ca.pem
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

        examples/app/application.properties:6:13: warning[conn-sslmode-plaintext-fallback]: `sslmode=prefer` lets libpq silently fall back to plain text and never checks the server's certificate, so an attacker on the path can read the traffic or pose as the server. Use `verify-full`.
          |
        6 |     sslmode=prefer&keepalives_idle=60
          |             ^^^^^^
          = fix: Use `sslmode=verify-full`

        examples/app/appsettings.json:6:22: warning[conn-sslmode-plaintext-fallback]: Npgsql's `SSL Mode` is `Prefer` here (its default): it falls back to plain text when TLS is not offered and checks no certificate. Use `SSL Mode=VerifyFull`.
          |
        6 |     "Default": "Host=db.internal.example.com;Port=5432;Database=admin;Username=admin;Tcp Keepalive=true",
          |                      ^^^^^^^^^^^^^^^^^^^^^^^
          = fix: Add `SSL Mode=VerifyFull`

        examples/app/deploy.sh:5:80: information[conn-sslmode-verify-ca]: `sslmode=verify-ca` checks that the certificate comes from a trusted CA but not that it was issued for this host, so any server holding a certificate from that CA can pose as this one. Use `verify-full`.
          |
        5 | export DATABASE_URL="postgresql://migrator@db.internal.example.com/app?sslmode=verify-ca&sslrootcert=certs/corp-ca.pem&keepalives_idle=60"
          |                                                                                ^^^^^^^^^
          = fix: Use `sslmode=verify-full`

        examples/app/docker-compose.yml:8:22: information[conn-postgres-scheme-sqlalchemy]: SQLAlchemy 1.4 and newer refuse the `postgres` scheme and want `postgresql`; libpq, psycopg and node-postgres take both. Write `postgresql` if SQLAlchemy may read this URL.
          |
        8 |       DATABASE_URL: "postgres://web@db.internal.example.com/app?sslmode=require"
          |                      ^^^^^^^^
          = fix: Use the `postgresql` scheme

        examples/app/docker-compose.yml:8:37: hint[conn-keepalives-missing]: No `keepalives_idle`: the operating system waits about two hours before the first keepalive probe, while NAT gateways and load balancers drop idle connections after minutes (240 s assumed) without telling either end. Add `keepalives_idle` below 240 s.
          |
        8 |       DATABASE_URL: "postgres://web@db.internal.example.com/app?sslmode=require"
          |                                     ^^^^^^^^^^^^^^^^^^^^^^^
          = fix: Send TCP keepalives after 60 s of silence

        examples/app/docker-compose.yml:8:73: warning[conn-sslmode-require]: `sslmode=require` encrypts but accepts any certificate, so a man in the middle can pose as the server and read everything. Use `verify-full` to check the certificate and host name.
          |
        8 |       DATABASE_URL: "postgres://web@db.internal.example.com/app?sslmode=require"
          |                                                                         ^^^^^^^
          = fix: Use `sslmode=verify-full`

        examples/app/docker-compose.yml:10:23: information[conn-postgres-scheme-sqlalchemy]: SQLAlchemy 1.4 and newer refuse the `postgres` scheme and want `postgresql`; libpq, psycopg and node-postgres take both. Write `postgresql` if SQLAlchemy may read this URL.
           |
        10 |       SESSION_DB_URL: postgres://web:${SESSION_DB_PASSWORD}@db.internal.example.com/sessions?sslmode=verify-full&sslrootcert=certs/corp-ca.pem&keepalives_idle=60
           |                       ^^^^^^^^
           = fix: Use the `postgresql` scheme

        examples/app/docker-compose.yml:16:19: warning[conn-sslmode-plaintext-fallback]: `sslmode=prefer` lets libpq silently fall back to plain text and never checks the server's certificate, so an attacker on the path can read the traffic or pose as the server. Use `verify-full`.
           |
        16 |       - PGSSLMODE=prefer
           |                   ^^^^^^
           = fix: Set `PGSSLMODE=verify-full`

        examples/app/k8s/deployment.yaml:24:83: error[conn-sslmode-disable]: `sslmode=disable` sends everything, the password exchange included, in plain text across the network. Use `verify-full` to encrypt and to check the server's certificate.
           |
        24 |               value: postgresql://reports@db.internal.example.com/reports?sslmode=disable&keepalives_idle=60
           |                                                                                   ^^^^^^^
           = fix: Use `sslmode=verify-full`

        examples/db/pg_hba.conf:4:9: information[hba-no-replication-rule]: No line admits physical replication, and `all` does not cover it: standbys, pg_basebackup and WAL-streaming backup tools are refused. If you use them, add a line such as `hostssl replication replicator 10.0.0.0/8 scram-sha-256`.
          |
        4 | local   all             postgres                                peer
          |         ^^^

        examples/db/pg_hba.conf:12:1: warning[hba-host-plaintext]: `host` also accepts connections without TLS from 10.20.0.0/16, so passwords and data can cross the network in plain text. Use `hostssl` to require TLS. The postgresql.conf beside this file switches TLS off (`ssl = off` on line 20), so turn `ssl` on with a certificate and key first: a `hostssl` line would match nothing until then.
           |
        12 | host    app             app             10.20.0.0/16            scram-sha-256
           | ^^^^

        examples/db/pg_hba.conf:15:1: warning[hba-hostnossl-remote]: `hostnossl` accepts only connections without TLS from 10.30.0.0/24, so passwords and data can cross the network in plain text. Use `hostssl` to require TLS. The postgresql.conf beside this file switches TLS off (`ssl = off` on line 20), so turn `ssl` on with a certificate and key first: a `hostssl` line would match nothing until then.
           |
        15 | hostnossl reports       report          10.30.0.0/24            scram-sha-256
           | ^^^^^^^^^

        examples/db/pg_hba.conf:18:1: warning[multi-hostssl-without-ssl]: The postgresql.conf beside this file switches TLS off (`ssl = off` on line 20), so no connection is ever TLS and this `hostssl` line never matches: its clients fall through to later lines or get "no pg_hba.conf entry". Turn `ssl` on with a certificate and key, or write `host` if plain text is truly meant.
           |
        18 | hostssl legacy          legacy          10.40.0.0/24            md5
           | ^^^^^^^

        examples/db/pg_hba.conf:18:65: hint[hba-md5]: Prefer `scram-sha-256`: MD5 hashes are weak and replayable once stolen. PostgreSQL 18 deprecates MD5 passwords. `md5` already accepts SCRAM logins for roles with SCRAM passwords; switch once no role still has an MD5-hashed password, or those roles are locked out.
           |
        18 | hostssl legacy          legacy          10.40.0.0/24            md5
           |                                                                 ^^^
           = fix: Change to `scram-sha-256`

        examples/db/pg_hba.conf:21:1: warning[hba-host-plaintext]: `host` also accepts connections without TLS from 10.50.0.7/32, so passwords and data can cross the network in plain text. Use `hostssl` to require TLS. The postgresql.conf beside this file switches TLS off (`ssl = off` on line 20), so turn `ssl` on with a certificate and key first: a `hostssl` line would match nothing until then.
           |
        21 | host    jobs            batch           10.50.0.7/32            password
           | ^^^^

        examples/db/pg_hba.conf:21:65: warning[hba-password-cleartext]: `password` makes clients send their password as it is, and this line also accepts connections without TLS, so anyone on the path can read it. Use `scram-sha-256`.
           |
        21 | host    jobs            batch           10.50.0.7/32            password
           |                                                                 ^^^^^^^^
           = fix: Change to `scram-sha-256`

        examples/db/pg_hba.conf:24:1: warning[hba-host-plaintext]: `host` also accepts connections without TLS from 192.168.100.0/24, so passwords and data can cross the network in plain text. Use `hostssl` to require TLS. The postgresql.conf beside this file switches TLS off (`ssl = off` on line 20), so turn `ssl` on with a certificate and key first: a `hostssl` line would match nothing until then.
           |
        24 | host    all             all             192.168.100.0/24        trust
           | ^^^^

        examples/db/pg_hba.conf:24:65: error[hba-trust-remote]: `trust` lets anyone who can reach the server from 192.168.100.0/24 log in as any role, superusers included, without a password. Use `scram-sha-256` (or `cert`).
           |
        24 | host    all             all             192.168.100.0/24        trust
           |                                                                 ^^^^^
           = fix: Change to `scram-sha-256`

        examples/db/pg_hba.conf:27:1: warning[multi-hostssl-without-ssl]: The postgresql.conf beside this file switches TLS off (`ssl = off` on line 20), so no connection is ever TLS and this `hostssl` line never matches: its clients fall through to later lines or get "no pg_hba.conf entry". Turn `ssl` on with a certificate and key, or write `host` if plain text is truly meant.
           |
        27 | hostssl all             all             10.60.0.0/33            scram-sha-256
           | ^^^^^^^

        examples/db/pg_hba.conf:27:41: error[hba-invalid-address]: `10.60.0.0/33` has an invalid prefix length: it must be a number from 0 to 32. The server refuses to load the file.
           |
        27 | hostssl all             all             10.60.0.0/33            scram-sha-256
           |                                         ^^^^^^^^^^^^

        examples/db/pg_hba.conf:28:1: error[hba-unknown-connection-type]: `hosts` is not a connection type, so the server refuses to load the file. Did you mean `host`?
           |
        28 | hosts   all             all             10.70.0.0/24            scram-sha-256
           | ^^^^^
           = fix: Change to `host`

        examples/db/pg_hba.conf:29:1: warning[multi-hostssl-without-ssl]: The postgresql.conf beside this file switches TLS off (`ssl = off` on line 20), so no connection is ever TLS and this `hostssl` line never matches: its clients fall through to later lines or get "no pg_hba.conf entry". Turn `ssl` on with a certificate and key, or write `host` if plain text is truly meant.
           |
        29 | hostssl all             all             10.80.0.0/24            scram-sha265
           | ^^^^^^^

        examples/db/pg_hba.conf:29:65: error[hba-unknown-method]: `scram-sha265` is not an authentication method, so the server refuses to load the file. Did you mean `scram-sha-256`?
           |
        29 | hostssl all             all             10.80.0.0/24            scram-sha265
           |                                                                 ^^^^^^^^^^^^
           = fix: Change to `scram-sha-256`

        examples/db/postgresql.conf:7:20: information[conf-listen-all-addresses]: The server accepts connections on every network interface, so pg_hba.conf and the firewall are all that keep others out. Name only the addresses clients use when you can.
          |
        7 | listen_addresses = '*'
          |                    ^^^

        examples/db/postgresql.conf:12:2: hint[conf-keepalives-unset]: TCP keepalives are left to the operating system (tcp_keepalives_idle is not set, tcp_keepalives_interval is not set, tcp_keepalives_count is not set), which on Linux sends the first probe only after 2 hours of silence. A NAT gateway, load balancer or firewall that drops idle connections sooner will cut idle sessions without either side noticing; set idle 60, interval 10 and count 6.
           |
        12 | #tcp_keepalives_idle = 0		# TCP_KEEPIDLE, in seconds;
           |  ^^^^^^^^^^^^^^^^^^^
           = fix: Set tcp_keepalives_idle = 60, tcp_keepalives_interval = 10, tcp_keepalives_count = 6

        examples/db/postgresql.conf:20:7: warning[conf-ssl-off]: TLS is switched off: clients can only connect in plain text, so passwords and data cross the network readable, and `hostssl` lines in pg_hba.conf never match. Turn it on with a certificate and key (ssl_cert_file, ssl_key_file).
           |
        20 | ssl = off
           |       ^^^

        examples/db/postgresql.conf:29:12: error[conf-invalid-unit]: `mb` is not a memory unit PostgreSQL accepts for work_mem: units are case-sensitive and must be one of B, kB, MB, GB, TB. The server refuses to start with this value. Did you mean `MB`?
           |
        29 | work_mem = 64mb
           |            ^^^^
           = fix: Change to 64MB

        examples/db/postgresql.conf:32:1: error[conf-unknown-parameter]: `shared_buffer` is not a PostgreSQL 18 parameter; an unknown name stops the server from starting (and a reload ignores the whole file). Did you mean `shared_buffers`? It is set elsewhere already, so this line is probably left over: remove it rather than rename it.
           |
        32 | shared_buffer = 128MB
           | ^^^^^^^^^^^^^
           = fix: Remove this line

        examples/mistakes/app/.env:4:18: error[conn-syntax-error]: This quoted value never ends: libpq needs a closing `'` and rejects the whole string
          |
        4 | BROKEN_DSN="host='db.example.com dbname=app sslmode=verify-full"
          |                  ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^

        examples/mistakes/app/.env:7:32: hint[conn-keepalives-missing]: No `keepalives_idle`: the operating system waits about two hours before the first keepalive probe, while NAT gateways and load balancers drop idle connections after minutes (240 s assumed) without telling either end. Add `keepalives_idle` below 240 s.
          |
        7 | TYPO_MODE_URL=postgresql://app@db.example.com/app?sslmode=verify_full
          |                                ^^^^^^^^^^^^^^
          = fix: Send TCP keepalives after 60 s of silence

        examples/mistakes/app/.env:7:59: error[conn-invalid-sslmode]: libpq refuses to connect with `sslmode=verify_full`: it accepts only disable, allow, prefer, require, verify-ca, verify-full. Did you mean `verify-full`?
          |
        7 | TYPO_MODE_URL=postgresql://app@db.example.com/app?sslmode=verify_full
          |                                                           ^^^^^^^^^^^
          = fix: Use `sslmode=verify-full`

        examples/mistakes/app/.env:10:30: hint[conn-keepalives-missing]: No `keepalives_idle`: the operating system waits about two hours before the first keepalive probe, while NAT gateways and load balancers drop idle connections after minutes (240 s assumed) without telling either end. Add `keepalives_idle` below 240 s.
           |
        10 | PRIMARY_URL=postgresql://app@db1.example.com,db2.example.com/app?sslmode=verify-full&target_session_attrs=primary-only
           |                              ^^^^^^^^^^^^^^^
           = fix: Send TCP keepalives after 60 s of silence

        examples/mistakes/app/.env:10:74: hint[conn-verify-without-sslrootcert]: With `sslmode=verify-full` and no `sslrootcert` (nor `PGSSLROOTCERT`), libpq trusts only `~/.postgresql/root.crt` and refuses to connect when it is missing. Name the server's CA file, or `sslrootcert=system` (libpq 16+) for a publicly trusted certificate.
           |
        10 | PRIMARY_URL=postgresql://app@db1.example.com,db2.example.com/app?sslmode=verify-full&target_session_attrs=primary-only
           |                                                                          ^^^^^^^^^^^

        examples/mistakes/app/.env:10:107: error[conn-invalid-value]: libpq refuses to connect with `target_session_attrs=primary-only`: it accepts only any, read-write, read-only, primary, standby, prefer-standby. Did you mean `primary`?
           |
        10 | PRIMARY_URL=postgresql://app@db1.example.com,db2.example.com/app?sslmode=verify-full&target_session_attrs=primary-only
           |                                                                                                           ^^^^^^^^^^^^
           = fix: Use `target_session_attrs=primary`

        examples/mistakes/app/.env:13:25: hint[conn-keepalives-missing]: No `keepalives_idle`: the operating system waits about two hours before the first keepalive probe, while NAT gateways and load balancers drop idle connections after minutes (240 s assumed) without telling either end. Add `keepalives_idle` below 240 s.
           |
        13 | CA_URL=postgresql://app@db.example.com/app?sslmode=require&sslrootcert=certs/corp-ca.pem
           |                         ^^^^^^^^^^^^^^
           = fix: Send TCP keepalives after 60 s of silence

        examples/mistakes/app/.env:13:52: information[conn-sslmode-require-verifies-ca]: A root certificate is configured, so where that file exists libpq checks the server's certificate under `sslmode=require` as `verify-ca` would, but never the host name. Say `verify-full` to check both.
           |
        13 | CA_URL=postgresql://app@db.example.com/app?sslmode=require&sslrootcert=certs/corp-ca.pem
           |                                                    ^^^^^^^
           = fix: Use `sslmode=verify-full`

        examples/mistakes/app/.env:16:32: hint[conn-keepalives-missing]: No `keepalives_idle`: the operating system waits about two hours before the first keepalive probe, while NAT gateways and load balancers drop idle connections after minutes (240 s assumed) without telling either end. Add `keepalives_idle` below 240 s.
           |
        16 | SYSTEM_CA_URL=postgresql://app@db.example.com/app?sslmode=prefer&sslrootcert=system
           |                                ^^^^^^^^^^^^^^
           = fix: Send TCP keepalives after 60 s of silence

        examples/mistakes/app/.env:16:59: error[conn-sslrootcert-system-weak-sslmode]: libpq refuses `sslrootcert=system` with `sslmode=prefer`: trusting every public CA is only safe when the host name is checked too. Use `verify-full`.
           |
        16 | SYSTEM_CA_URL=postgresql://app@db.example.com/app?sslmode=prefer&sslrootcert=system
           |                                                           ^^^^^^
           = fix: Use `sslmode=verify-full`

        examples/mistakes/app/.env:19:25: warning[conn-password-in-string]: This connection string carries a password in clear text, so anyone who can read this file, a log line or the process list learns it. Keep it in `~/.pgpass`, `PGPASSWORD` or a secret store instead.
           |
        19 | AT_URL=postgresql://app:****@db.example.com/app?sslmode=verify-full
           |                         ^^^^

        examples/mistakes/app/.env:19:25: error[conn-unencoded-userinfo-char]: The password must be percent-encoded in a URI: libpq ends the user information at the first `@`, so the rest becomes part of the host name. Encode it (`@` as `%40`, `%` as `%25`).
           |
        19 | AT_URL=postgresql://app:****@db.example.com/app?sslmode=verify-full
           |                         ^^^^
           = fix: Percent-encode the password

        examples/mistakes/app/.env:19:27: hint[conn-keepalives-missing]: No `keepalives_idle`: the operating system waits about two hours before the first keepalive probe, while NAT gateways and load balancers drop idle connections after minutes (240 s assumed) without telling either end. Add `keepalives_idle` below 240 s.
           |
        19 | AT_URL=postgresql://app:****@db.example.com/app?sslmode=verify-full
           |                           ^^^^^^^^^^^^^^^^^
           = fix: Send TCP keepalives after 60 s of silence

        examples/mistakes/app/.env:19:61: hint[conn-verify-without-sslrootcert]: With `sslmode=verify-full` and no `sslrootcert` (nor `PGSSLROOTCERT`), libpq trusts only `~/.postgresql/root.crt` and refuses to connect when it is missing. Name the server's CA file, or `sslrootcert=system` (libpq 16+) for a publicly trusted certificate.
           |
        19 | AT_URL=postgresql://app:****@db.example.com/app?sslmode=verify-full
           |                                                         ^^^^^^^^^^^

        examples/mistakes/app/.env:22:28: warning[conn-sslmode-plaintext-fallback]: No `sslmode` is set, so libpq uses `prefer`: it silently falls back to plain text when TLS is not offered and never checks the certificate, so anyone on the path can read or impersonate. Add `sslmode=verify-full`.
           |
        22 | SPACE_URL=postgresql://app@db.example.com/app sslmode=verify-full
           |                            ^^^^^^^^^^^^^^
           = fix: Add `sslmode=verify-full`

        examples/mistakes/app/.env:22:28: hint[conn-keepalives-missing]: No `keepalives_idle`: the operating system waits about two hours before the first keepalive probe, while NAT gateways and load balancers drop idle connections after minutes (240 s assumed) without telling either end. Add `keepalives_idle` below 240 s.
           |
        22 | SPACE_URL=postgresql://app@db.example.com/app sslmode=verify-full
           |                            ^^^^^^^^^^^^^^
           = fix: Send TCP keepalives after 60 s of silence

        examples/mistakes/app/.env:22:47: error[conn-uri-keyword-after-space]: Everything between `/` and `?` is the database name, so the `keyword=value` text after the blank sets nothing: older libpq makes it part of the name, libpq 17 and newer refuse the URI. Move it after `?`, joined by `&`.
           |
        22 | SPACE_URL=postgresql://app@db.example.com/app sslmode=verify-full
           |                                               ^^^^^^^^^^^^^^^^^^^
           = fix: Move the settings into the query

        examples/mistakes/app/.env:25:26: error[conn-uri-socket-path-in-path]: With nothing between `@` and `/`, libpq uses the default socket and takes this whole socket path as the database name. Write the directory percent-encoded in the host position (`%2Fvar%2Frun%2Fpostgresql`).
           |
        25 | SOCKET_URL=postgresql:///var/run/postgresql/app
           |                          ^^^^^^^^^^^^^^^^^^^^^^
           = fix: Move the socket directory into the host

        examples/mistakes/app/.env:28:1: error[env-syntax-error]: This line is not a `KEY=VALUE` assignment, so loaders skip it or stop with an error
           |
        28 | export DATABASE_HOST db.example.com
           | ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^

        examples/mistakes/app/.env:31:1: hint[env-duplicate-key]: `LOG_LEVEL` is assigned again further down; loaders keep the later value, so this line has no effect.
           |
        31 | LOG_LEVEL=debug
           | ^^^^^^^^^
           = fix: Remove the earlier assignment

        examples/mistakes/app/.env:35:31: hint[conn-keepalives-missing]: No `keepalives_idle`: the operating system waits about two hours before the first keepalive probe, while NAT gateways and load balancers drop idle connections after minutes (240 s assumed) without telling either end. Add `keepalives_idle` below 240 s.
           |
        35 | BAD_PORT_URL=postgresql://app@db.example.com:65543/app?sslmode=verify-full
           |                               ^^^^^^^^^^^^^^
           = fix: Send TCP keepalives after 60 s of silence

        examples/mistakes/app/.env:35:46: error[conn-invalid-port]: The port `65543` is outside 1 to 65535, so libpq refuses to connect; TCP ports run from 1 to 65535 (PostgreSQL's default is 5432).
           |
        35 | BAD_PORT_URL=postgresql://app@db.example.com:65543/app?sslmode=verify-full
           |                                              ^^^^^

        examples/mistakes/app/.env:35:64: hint[conn-verify-without-sslrootcert]: With `sslmode=verify-full` and no `sslrootcert` (nor `PGSSLROOTCERT`), libpq trusts only `~/.postgresql/root.crt` and refuses to connect when it is missing. Name the server's CA file, or `sslrootcert=system` (libpq 16+) for a publicly trusted certificate.
           |
        35 | BAD_PORT_URL=postgresql://app@db.example.com:65543/app?sslmode=verify-full
           |                                                                ^^^^^^^^^^^

        examples/mistakes/app/.env:38:17: hint[conn-keepalives-missing]: No `keepalives_idle`: the operating system waits about two hours before the first keepalive probe, while NAT gateways and load balancers drop idle connections after minutes (240 s assumed) without telling either end. Add `keepalives_idle` below 240 s.
           |
        38 | PORTS_DSN="host=db1.example.com,db2.example.com port=5432,5433,5434 sslmode=verify-full target_session_attrs=read-write"
           |                 ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^
           = fix: Send TCP keepalives after 60 s of silence

        examples/mistakes/app/.env:38:54: error[conn-host-list-mismatch]: 3 ports for 2 hosts: libpq takes either one port for every host or one per host, and refuses anything else.
           |
        38 | PORTS_DSN="host=db1.example.com,db2.example.com port=5432,5433,5434 sslmode=verify-full target_session_attrs=read-write"
           |                                                      ^^^^^^^^^^^^^^

        examples/mistakes/app/.env:38:77: hint[conn-verify-without-sslrootcert]: With `sslmode=verify-full` and no `sslrootcert` (nor `PGSSLROOTCERT`), libpq trusts only `~/.postgresql/root.crt` and refuses to connect when it is missing. Name the server's CA file, or `sslrootcert=system` (libpq 16+) for a publicly trusted certificate.
           |
        38 | PORTS_DSN="host=db1.example.com,db2.example.com port=5432,5433,5434 sslmode=verify-full target_session_attrs=read-write"
           |                                                                             ^^^^^^^^^^^

        examples/mistakes/app/.env:41:29: warning[conn-sslmode-plaintext-fallback]: No `sslmode` is set, so libpq uses `prefer`: it silently falls back to plain text when TLS is not offered and never checks the certificate, so anyone on the path can read or impersonate. Add `sslmode=verify-full`.
           |
        41 | DIRECT_URL=postgresql://app@db.example.com/app?sslnegotiation=direct
           |                             ^^^^^^^^^^^^^^
           = fix: Add `sslmode=verify-full`

        examples/mistakes/app/.env:41:29: hint[conn-keepalives-missing]: No `keepalives_idle`: the operating system waits about two hours before the first keepalive probe, while NAT gateways and load balancers drop idle connections after minutes (240 s assumed) without telling either end. Add `keepalives_idle` below 240 s.
           |
        41 | DIRECT_URL=postgresql://app@db.example.com/app?sslnegotiation=direct
           |                             ^^^^^^^^^^^^^^
           = fix: Send TCP keepalives after 60 s of silence

        examples/mistakes/app/.env:41:63: error[conn-sslnegotiation-direct-weak-sslmode]: `sslnegotiation=direct` skips the plain-text start, so libpq refuses it with `sslmode=prefer` (the default): set `sslmode=verify-full` (or at least `require`).
           |
        41 | DIRECT_URL=postgresql://app@db.example.com/app?sslnegotiation=direct
           |                                                               ^^^^^^
           = fix: Use `sslmode=verify-full`

        examples/mistakes/app/.env:44:33: hint[conn-keepalives-missing]: No `keepalives_idle`: the operating system waits about two hours before the first keepalive probe, while NAT gateways and load balancers drop idle connections after minutes (240 s assumed) without telling either end. Add `keepalives_idle` below 240 s.
           |
        44 | MISSING_CA_URL=postgresql://app@db.example.com/app?sslmode=verify-full&sslrootcert=certs/old-ca.pem
           |                                 ^^^^^^^^^^^^^^
           = fix: Send TCP keepalives after 60 s of silence

        examples/mistakes/app/.env:44:84: warning[conn-sslrootcert-missing]: The root certificate file `certs/old-ca.pem` does not exist here (looked for beside this file; drivers take a relative path from the working directory of the program that connects, and do not expand `~`), so libpq refuses to connect: it has nothing to check the server's certificate against.
           |
        44 | MISSING_CA_URL=postgresql://app@db.example.com/app?sslmode=verify-full&sslrootcert=certs/old-ca.pem
           |                                                                                    ^^^^^^^^^^^^^^^^

        examples/mistakes/app/.env:47:26: hint[conn-keepalives-missing]: No `keepalives_idle`: the operating system waits about two hours before the first keepalive probe, while NAT gateways and load balancers drop idle connections after minutes (240 s assumed) without telling either end. Add `keepalives_idle` below 240 s.
           |
        47 | NO_TLS_BINDING_DSN="host=db.example.com dbname=app sslmode=disable channel_binding=require"
           |                          ^^^^^^^^^^^^^^
           = fix: Send TCP keepalives after 60 s of silence

        examples/mistakes/app/.env:47:60: error[conn-sslmode-disable]: `sslmode=disable` sends everything, the password exchange included, in plain text across the network. Use `verify-full` to encrypt and to check the server's certificate.
           |
        47 | NO_TLS_BINDING_DSN="host=db.example.com dbname=app sslmode=disable channel_binding=require"
           |                                                            ^^^^^^^
           = fix: Use `sslmode=verify-full`

        examples/mistakes/app/.env:47:68: information[conn-channel-binding-driver-support]: Only clients that implement SCRAM-SHA-256-PLUS honour `channel_binding=require` (libpq 13 and newer, pgx, Npgsql, Prisma); asyncpg, node-postgres and pgjdbc ignore it or fail. For those, authenticate the server with `sslmode=verify-full` instead.
           |
        47 | NO_TLS_BINDING_DSN="host=db.example.com dbname=app sslmode=disable channel_binding=require"
           |                                                                    ^^^^^^^^^^^^^^^

        examples/mistakes/app/.env:47:84: error[conn-channel-binding-without-tls]: `channel_binding=require` needs TLS, which `sslmode=disable` turns off, so every login fails. Use `sslmode=verify-full` (or drop the channel binding requirement).
           |
        47 | NO_TLS_BINDING_DSN="host=db.example.com dbname=app sslmode=disable channel_binding=require"
           |                                                                                    ^^^^^^^
           = fix: Use `sslmode=verify-full`

        examples/mistakes/app/.env:50:31: hint[conn-keepalives-missing]: No `keepalives_idle`: the operating system waits about two hours before the first keepalive probe, while NAT gateways and load balancers drop idle connections after minutes (240 s assumed) without telling either end. Add `keepalives_idle` below 240 s.
           |
        50 | FAILOVER_URL=postgresql://app@db1.example.com,db2.example.com/app?sslmode=verify-full&sslrootcert=system
           |                               ^^^^^^^^^^^^^^^
           = fix: Send TCP keepalives after 60 s of silence

        examples/mistakes/app/.env:50:31: hint[conn-multi-host-without-target-session-attrs]: Several hosts and no `target_session_attrs`: libpq takes the first server that accepts the connection, which after a failover may be a read-only standby. Add `target_session_attrs=read-write` (or `prefer-standby` for reads).
           |
        50 | FAILOVER_URL=postgresql://app@db1.example.com,db2.example.com/app?sslmode=verify-full&sslrootcert=system
           |                               ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^
           = fix: Add `target_session_attrs=read-write`

        examples/mistakes/app/.env:53:28: hint[conn-keepalives-missing]: No `keepalives_idle`: the operating system waits about two hours before the first keepalive probe, while NAT gateways and load balancers drop idle connections after minutes (240 s assumed) without telling either end. Add `keepalives_idle` below 240 s.
           |
        53 | HOSTS_URL=postgresql://app@db1.example.com,,db2.example.com/app?sslmode=verify-full&target_session_attrs=read-write
           |                            ^^^^^^^^^^^^^^^
           = fix: Send TCP keepalives after 60 s of silence

        examples/mistakes/app/.env:53:44: warning[conn-empty-host]: Entry 2 of the host list is empty, so libpq tries the local server's default Unix socket there; remove the extra comma or name the host.
           |
        53 | HOSTS_URL=postgresql://app@db1.example.com,,db2.example.com/app?sslmode=verify-full&target_session_attrs=read-write
           |                                            ^

        examples/mistakes/app/.env:53:73: hint[conn-verify-without-sslrootcert]: With `sslmode=verify-full` and no `sslrootcert` (nor `PGSSLROOTCERT`), libpq trusts only `~/.postgresql/root.crt` and refuses to connect when it is missing. Name the server's CA file, or `sslrootcert=system` (libpq 16+) for a publicly trusted certificate.
           |
        53 | HOSTS_URL=postgresql://app@db1.example.com,,db2.example.com/app?sslmode=verify-full&target_session_attrs=read-write
           |                                                                         ^^^^^^^^^^^

        examples/mistakes/asyncpg-worker/.env:4:90: error[conn-asyncpg-server-setting]: asyncpg sends query parameters it does not read itself to the server as settings, and the server has no `keepalives_idle`, so it refuses the connection (requirements.txt depends on `asyncpg`). Drop it, or name a real server setting.
          |
        4 | QUEUE_URL=postgresql://queue@db.example.com/queue?sslmode=verify-full&sslrootcert=system&keepalives_idle=60
          |                                                                                          ^^^^^^^^^^^^^^^

        examples/mistakes/broken-formats/appsettings.json:3:77: error[json-syntax-error]: This JSON does not parse: Expected comma (line 3, column 77), so the program that reads it fails before it connects.
          |
        3 |     "Default": "host=db.internal.example.com dbname=app sslmode=verify-full"
          |                                                                             ^

        examples/mistakes/broken-formats/config.toml:3:7: error[toml-syntax-error]: This TOML does not parse (string values must be quoted, expected literal string), so the program that reads it fails before it connects.
          |
        3 | url = postgresql://db.internal.example.com/app
          |       ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^

        examples/mistakes/broken-formats/docker-compose.yml:4:2: error[yaml-syntax-error]: This YAML does not parse: tabs disallowed within this context (block indentation) (line 4, column 2), so no tool that reads it will start.
          |
        4 | 	image: example/app
          | 	^

        examples/mistakes/data-15/postgresql.conf:5:11: error[conf-include-missing]: `tuning.conf` does not exist: the server refuses to start when an `include` is missing. Create the file, or use include_if_exists for a file that may be absent.
          |
        5 | include = 'tuning.conf'
          |           ^^^^^^^^^^^^^

        examples/mistakes/data-15/postgresql.conf:6:11: error[conf-include-cycle]: this include forms a cycle (postgresql.conf → postgresql.conf): the server refuses to start with it. Remove the include that leads back.
          |
        6 | include = 'postgresql.conf'
          |           ^^^^^^^^^^^^^^^^^

        examples/mistakes/data-15/postgresql.conf:9:1: hint[conf-duplicate-setting]: `work_mem` is set again on line 23, and the last setting wins: this line has no effect. Remove it, or the later one, so that the file says what it does.
          |
        9 | work_mem = 16MB
          | ^^^^^^^^^^^^^^^
          = fix: Remove this line

        examples/mistakes/data-15/postgresql.conf:12:1: error[conf-parameter-removed]: `wal_keep_segments` was removed in PostgreSQL 13, and this file is for 15: the server refuses to start with a name it does not know. Its successor is `wal_keep_size`.
           |
        12 | wal_keep_segments = 32
           | ^^^^^^^^^^^^^^^^^
           = fix: Replace with wal_keep_size = 512MB
           = fix: Remove this line

        examples/mistakes/data-15/postgresql.conf:14:1: error[conf-parameter-too-new]: `reserved_connections` arrived in PostgreSQL 16, but this file is for 15: the server refuses to start with a name it does not know. Remove the line, or set the PostgreSQL version if the file is for a newer server.
           |
        14 | reserved_connections = 3
           | ^^^^^^^^^^^^^^^^^^^^
           = fix: Remove this line

        examples/mistakes/data-15/postgresql.conf:16:1: error[conf-read-only-parameter]: block_size is fixed when PostgreSQL is built or the cluster is created, and only reports it; the server refuses to start when a file sets it. Remove this line.
           |
        16 | block_size = 16384
           | ^^^^^^^^^^
           = fix: Remove this line

        examples/mistakes/data-15/postgresql.conf:18:23: warning[conf-password-encryption-md5]: Passwords set or changed from now on are stored as MD5 hashes: a stolen hash (from a backup, pg_authid, a log) is as good as the password, and MD5 is fast to brute-force. Use scram-sha-256 (the default since 14; clients need libpq 10 or later), then reset each role's password.
           |
        18 | password_encryption = md5
           |                       ^^^
           = fix: Change to scram-sha-256

        examples/mistakes/data-15/postgresql.conf:20:28: warning[conf-ssl-min-protocol-old]: TLSv1 is allowed: TLS 1.0 and 1.1 are deprecated (RFC 8996) and have known weaknesses, and every supported client library speaks TLS 1.2. Require TLSv1.2 (the default since 13).
           |
        20 | ssl_min_protocol_version = 'TLSv1'
           |                            ^^^^^^^
           = fix: Change to TLSv1.2

        examples/mistakes/data-15/postgresql.conf:21:17: warning[conf-log-statement-passwords]: log_statement = all writes every DDL statement to the server log as typed, so `CREATE ROLE ... PASSWORD '...'` and `ALTER ROLE ... PASSWORD` put passwords there in plain text for anyone who reads the logs. Prefer none (or pgaudit), and set passwords with psql's \password, which sends only a hash.
           |
        21 | log_statement = 'all'
           |                 ^^^^^

        examples/mistakes/db/pg_hba.conf:4:41: error[hba-missing-field]: The line ends before its authentication method; the server refuses to load the file.
          |
        4 | host    all             all             10.1.0.0/16
          |                                         ^^^^^^^^^^^

        examples/mistakes/db/pg_hba.conf:7:1: error[hba-include]: `include` takes exactly one file name; the server refuses the file otherwise.
          |
        7 | include                 hba.d/a.conf    hba.d/b.conf
          | ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^

        examples/mistakes/db/pg_hba.conf:10:41: error[hba-address-missing-mask]: `10.2.0.5` has no `/len` prefix length, so the server reads the next field, `scram-sha-256`, as a netmask and refuses to load the file. Write `10.2.0.5/32` for this one host.
           |
        10 | hostssl all             all             10.2.0.5                scram-sha-256
           |                                         ^^^^^^^^
           = fix: Match this one host: `10.2.0.5/32`

        examples/mistakes/db/pg_hba.conf:13:9: information[hba-no-replication-rule]: No line admits physical replication, and `all` does not cover it: standbys, pg_basebackup and WAL-streaming backup tools are refused. If you use them, add a line such as `hostssl replication replicator 10.0.0.0/8 scram-sha-256`.
           |
        13 | hostssl all             all             10.3.0.17/24            scram-sha-256
           |         ^^^

        examples/mistakes/db/pg_hba.conf:13:41: warning[hba-cidr-host-bits]: `10.3.0.17` has bits set beyond the mask, which the server ignores: this line matches all of 10.3.0.0/24 (256 addresses), not just 10.3.0.17.
           |
        13 | hostssl all             all             10.3.0.17/24            scram-sha-256
           |                                         ^^^^^^^^^^^^
           = fix: Match only 10.3.0.17
           = fix: Match the whole network 10.3.0.0/24

        examples/mistakes/db/pg_hba.conf:16:65: error[hba-method-not-allowed]: `peer` works only on `local` lines, so the server refuses to load the file.
           |
        16 | host    all             all             10.4.0.0/16             peer
           |                                                                 ^^^^

        examples/mistakes/db/pg_hba.conf:19:79: error[hba-invalid-option]: `clientcert` takes `verify-ca` or `verify-full`, not `maybe`.
           |
        19 | hostssl all             all             10.5.0.0/16             scram-sha-256 clientcert=maybe
           |                                                                               ^^^^^^^^^^^^^^^^

        examples/mistakes/db/pg_hba.conf:22:9: error[hba-missing-field]: The line ends before its user; the server refuses to load the file.
           |
        22 | hostssl "all            all             10.6.0.0/16             scram-sha-256
           |         ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^

        examples/mistakes/db/pg_hba.conf:22:9: warning[hba-unterminated-quote]: This quote is never closed, so the server reads the rest of the line as one name and the fields after it are lost. Close the quote.
           |
        22 | hostssl "all            all             10.6.0.0/16             scram-sha-256
           |         ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^

        examples/mistakes/db/pg_hba.conf:25:65: hint[hba-local-ident-is-peer]: On `local` lines the server treats `ident` as `peer`: the OS user must match the role (or a `map`), and no password is asked. Write `peer` to say so.
           |
        25 | local   all             all                                     ident
           |                                                                 ^^^^^
           = fix: Change to `peer`

        examples/mistakes/db/pg_hba.conf:28:41: hint[hba-missing-ipv6-loopback]: This covers IPv4 loopback only. Clients that connect to `localhost` often arrive from `::1`, which no line for these databases and users admits, so they are rejected. Add the same line for `::1/128`.
           |
        28 | host    app             app             127.0.0.1/32            scram-sha-256
           |                                         ^^^^^^^^^^^^
           = fix: Add the same line for IPv6 loopback `::1/128`

        examples/mistakes/db/pg_hba.conf:32:1: warning[hba-unreachable-rule]: This line can never be used: line 31 matches every connection it would match, and the server stops at the first matching line. Move it above, or remove it.
           |
        32 | hostssl all             all             10.7.1.0/24             cert
           | ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^
           = fix: Remove the unreachable line

        examples/mistakes/db/pg_hba.conf:35:9: error[hba-invalid-regex]: This regular expression does not compile (a `(` is never closed), so the server refuses the file. A name starting with `/` is a regular expression, quoted or not; fix it.
           |
        35 | hostssl /^(reports      all             10.8.0.0/16             scram-sha-256
           |         ^^^^^^^^^^

        examples/mistakes/db/pg_hba.conf:38:65: warning[hba-bypassable-ssl-rule]: Clients can sidestep this certificate check: line 39 admits the same clients without TLS, with `scram-sha-256` instead of a certificate. Turn plain-text clients away (`hostnossl … reject` above line 39), or drop the certificate line.
           |
        38 | hostssl billing         billing         10.9.0.0/16             cert
           |                                                                 ^^^^

        examples/mistakes/db/pg_hba.conf:39:1: warning[hba-host-plaintext]: `host` also accepts connections without TLS from 10.9.0.0/16, so passwords and data can cross the network in plain text. Use `hostssl` to require TLS.
           |
        39 | host    billing         billing         10.9.0.0/16             scram-sha-256
           | ^^^^
           = fix: Change to `hostssl`

        examples/mistakes/db/pg_hba.conf:44:41: information[hba-partly-unreachable]: Only IPv6 clients can reach this line: line 43 takes every IPv4 client it would match first. Move it above if it is meant for IPv4 too.
           |
        44 | hostssl all             all             samenet                 cert
           |                                         ^^^^^^^

        examples/mistakes/db/pg_hba.conf:47:1: error[hba-include-missing]: `hba.d/missing.conf` does not exist, so the server refuses the whole file. Create it, or use `include_if_exists` for a file that may be absent.
           |
        47 | include                 hba.d/missing.conf
           | ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^

        examples/mistakes/db/pg_hba.conf:50:1: error[hba-include-cycle]: This include leads back to a file being read (pg_hba.conf → pg_hba.conf); the server reads the files again and again until 10 levels deep, then refuses the file. Remove the include that leads back.
           |
        50 | include                 pg_hba.conf
           | ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^

        examples/mistakes/db/postgresql.conf:3:20: information[conf-listen-all-addresses]: The server accepts connections on every network interface, so pg_hba.conf and the firewall are all that keep others out. Name only the addresses clients use when you can.
          |
        3 | listen_addresses = '*'
          |                    ^^^

        examples/mistakes/db/postgresql.conf:6:23: warning[conf-keepalives-idle-too-long]: The first keepalive probe goes out only after 300 s of silence, but middleboxes on the path (NAT gateways, load balancers, firewalls) are assumed to drop connections idle for 240 s (setting middlebox_idle_timeout). Idle sessions will be cut without either side noticing; keep tcp_keepalives_idle below 240 s.
          |
        6 | tcp_keepalives_idle = 300
          |                       ^^^
          = fix: Change to 60

        examples/mistakes/db/postgresql.conf:11:19: error[conf-invalid-value]: max_connections takes an integer; `lots` is not one. The server refuses to start with this value.
           |
        11 | max_connections = lots
           |                   ^^^^

        examples/mistakes/db/postgresql.conf:16:20: error[conf-syntax-error]: Syntax error: unexpected `!` after the value: a line holds one value, and a value with spaces, commas or other punctuation must be single-quoted. The server refuses to start with this file (on reload it ignores the whole file).
           |
        16 | ssl_ciphers = HIGH:!aNULL
           |                    ^
           = fix: Write the value as 'HIGH:!aNULL'

        examples/mistakes/db/postgresql.conf:17:24: error[conf-syntax-error]: Syntax error: unexpected `.0` after the value: a line holds one value, and a value with spaces, commas or other punctuation must be single-quoted. The server refuses to start with this file (on reload it ignores the whole file).
           |
        17 | listen_addresses = 10.0.0.5
           |                        ^^
           = fix: Write the value as '10.0.0.5'

        examples/mistakes/db/postgresql.conf:20:12: error[conf-invalid-value]: `'Europe/Berln'` is not a time zone PostgreSQL 18 knows for TimeZone: its tz database has no such name (case does not matter), and it is no POSIX spec with an offset such as `UTC+3`. The server refuses to start with this value. Did you mean `Europe/Berlin`?
           |
        20 | timezone = 'Europe/Berln'
           |            ^^^^^^^^^^^^^^
           = fix: Change to 'Europe/Berlin'

        examples/mistakes/django-app/.env:5:81: warning[conn-django-environ-string-boolean]: django-environ (requirements.txt depends on `django-environ`) turns only Python literals into values, so `false` stays a non-empty string, which Django reads as true: `ATOMIC_REQUESTS` is switched on. Write `False` (or `0`).
          |
        5 | DATABASE_URL=postgres://web@db.example.com/web?conn_max_age=600&atomic_requests=false&sslmode=verify-full&sslrootcert=system&keepalives_idle=60
          |                                                                                 ^^^^^
          = fix: Write `False`

        examples/mistakes/django-app/.env:8:32: hint[conn-keepalives-missing]: No `keepalives_idle`: the operating system waits about two hours before the first keepalive probe, while NAT gateways and load balancers drop idle connections after minutes (240 s assumed) without telling either end. Add `keepalives_idle` below 240 s.
          |
        8 | GIS_DATABASE_URL=postgis://gis@db.example.com/gis?sslmode=verify-full&sslrootcert=system&keepalives_idel=60
          |                                ^^^^^^^^^^^^^^
          = fix: Send TCP keepalives after 60 s of silence

        examples/mistakes/django-app/.env:8:90: error[conn-unknown-parameter]: libpq does not know the keyword `keepalives_idel`, and django-environ (`env.db()`) passes it to libpq through Django's `OPTIONS` (requirements.txt depends on `django-environ`), so connecting fails. Did you mean `keepalives_idle`?
          |
        8 | GIS_DATABASE_URL=postgis://gis@db.example.com/gis?sslmode=verify-full&sslrootcert=system&keepalives_idel=60
          |                                                                                          ^^^^^^^^^^^^^^^
          = fix: Change to `keepalives_idle`

        examples/mistakes/django-dj-app/.env:4:14: error[conn-django-scheme-unknown]: dj-database-url registers no backend for `psql://` (only django-environ takes it), and it reads this URL (requirements.txt depends on `dj-database-url`), so `parse()` raises UnknownSchemeError and Django does not start. Write `postgres://`.
          |
        4 | DATABASE_URL=psql://web@db.example.com/web?conn_max_age=600&sslmode=verify-full&sslrootcert=system&keepalives_idle=60
          |              ^^^^^^^
          = fix: Use the `postgres://` scheme

        examples/mistakes/django-dj-app/.env:4:44: error[conn-unknown-parameter]: `conn_max_age` is a Django setting that dj-database-url does not take from the URL: it passes it to libpq in `OPTIONS` (requirements.txt depends on `dj-database-url`), so connecting fails. Pass `conn_max_age=` to `dj_database_url.config()` instead.
          |
        4 | DATABASE_URL=psql://web@db.example.com/web?conn_max_age=600&sslmode=verify-full&sslrootcert=system&keepalives_idle=60
          |                                            ^^^^^^^^^^^^

        examples/mistakes/dotnet-app/.env:4:120: warning[conn-npgsql-trust-server-certificate]: `Trust Server Certificate=true` made Npgsql before 8.0 accept any certificate (a man in the middle can pose as the server), and does nothing since. Remove it and use `SSL Mode=VerifyFull`.
          |
        4 | ConnectionStrings__Default="Host=db.example.com;Database=app;Username=app;SSL Mode=VerifyFull;Trust Server Certificate=true"
          |                                                                                                                        ^^^^

        examples/mistakes/dotnet-app/appsettings.json:4:17: error[conn-npgsql-libpq-form]: Npgsql reads only `Key=Value;` pairs and has no parser for a URI, and it reads this string (it is stored under `ConnectionStrings.Reports`), so opening a connection fails. Write it as `Host=…;Database=…;Username=…;SSL Mode=VerifyFull`.
          |
        4 |     "Reports": "postgresql://reports@db.example.com/reports?sslmode=verify-full"
          |                 ^^^^^^^^^^^^^
          = fix: Rewrite as Npgsql's `Key=Value;` pairs

        examples/mistakes/hba-template/pg_hba.conf:2:1: error[hba-template-placeholder]: `@remove-line-for-nolocal@` is a placeholder of initdb's pg_hba.conf template (Debian's pg_hba.conf.sample) that was never filled in (initdb removes it, or the whole line on a server without Unix-domain sockets). The server reads it as an `@file` that does not exist and refuses the whole pg_hba.conf; fill it in as initdb would.
          |
        2 | @remove-line-for-nolocal@local   all             all                                     peer
          | ^^^^^^^^^^^^^^^^^^^^^^^^^
          = fix: Remove the placeholder

        examples/mistakes/hba-template/pg_hba.conf:2:34: information[hba-no-replication-rule]: No line admits physical replication, and `all` does not cover it: standbys, pg_basebackup and WAL-streaming backup tools are refused. If you use them, add a line such as `hostssl replication replicator 10.0.0.0/8 scram-sha-256`.
          |
        2 | @remove-line-for-nolocal@local   all             all                                     peer
          |                                  ^^^

        examples/mistakes/hba-template/pg_hba.conf:3:65: error[hba-template-placeholder]: `@authmethodhost@` is a placeholder of initdb's pg_hba.conf template (Debian's pg_hba.conf.sample) that was never filled in (initdb writes the authentication method for TCP connections there). The server reads it as an `@file` that does not exist and refuses the whole pg_hba.conf; fill it in as initdb would.
          |
        3 | hostssl all             all             10.0.0.0/8              @authmethodhost@
          |                                                                 ^^^^^^^^^^^^^^^^
          = fix: Replace with `scram-sha-256`

        examples/mistakes/ident/pg_hba.conf:4:9: information[hba-no-replication-rule]: No line admits physical replication, and `all` does not cover it: standbys, pg_basebackup and WAL-streaming backup tools are refused. If you use them, add a line such as `hostssl replication replicator 10.0.0.0/8 scram-sha-256`.
          |
        4 | local   all             postgres                                peer map=admins
          |         ^^^

        examples/mistakes/ident/pg_hba.conf:7:74: warning[multi-ident-map-undefined]: The pg_ident.conf this server reads defines no map `Staff` (map names are case-sensitive), so every login through this rule fails. Add its lines to pg_ident.conf or fix the name.
          |
        7 | local   all             all                                     peer map=Staff
          |                                                                          ^^^^^

        examples/mistakes/ident/pg_ident.conf:6:17: error[ident-syntax]: A map line needs three fields, `MAPNAME SYSTEM-USERNAME PG-USERNAME`: the server refuses the whole file, so every login through its maps fails. Add the missing field.
          |
        6 | admins          carol
          |                 ^^^^^

        examples/mistakes/ident/pg_ident.conf:9:17: error[ident-syntax]: A pg_ident.conf field holds one value, not a comma list: the server refuses the whole file, so every login through its maps fails. Write one line per value (or quote the name if the comma belongs to it).
          |
        9 | sso             alice,bob                       app
          |                 ^^^^^^^^^

        examples/mistakes/ident/pg_ident.conf:12:17: error[ident-invalid-regex]: This regular expression does not compile (a `(` is never closed): the server refuses the whole file, so every login through its maps fails. A name starting with `/` is a regular expression; fix it, or drop the `/` for a plain name.
           |
        12 | sso             /^(.*@example\.com$             \1
           |                 ^^^^^^^^^^^^^^^^^^^

        examples/mistakes/ident/pg_ident.conf:15:49: warning[ident-backreference-without-group]: `\1` stands for the first parenthesised group of the system user's regular expression, and it has none: every login through this line fails. Put the part to keep in parentheses, as in `/^(.*)@example\.com$`.
           |
        15 | sso             /^[a-z]+@corp\.example\.com$    \1
           |                                                 ^^

        examples/mistakes/ident/pg_ident.conf:18:58: warning[ident-ignored-fields]: The server reads only three fields and ignores this text, so it does not do what it seems to: a second role needs a line of its own. Remove it or make it a `#` comment.
           |
        18 | admins          dave                            postgres backup
           |                                                          ^^^^^^
           = fix: Remove the ignored fields

        examples/mistakes/ident/pg_ident.conf:21:1: hint[ident-duplicate-line]: This line repeats line 2 of map `admins` and adds nothing; remove it.
           |
        21 | admins          alice                           postgres
           | ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^
           = fix: Remove the repeated line

        examples/mistakes/ident/pg_ident.conf:24:1: hint[multi-ident-map-unused]: No rule of the pg_hba.conf beside this file has `map=legacy`, so this map is never used. Name it in a rule's options, or remove its lines.
           |
        24 | legacy          erin                            erin
           | ^^^^^^

        examples/mistakes/ident-15/pg_ident.conf:3:49: warning[ident-needs-newer-major]: PostgreSQL 15 reads `all` in this column as a role literally named `all`, so logins through this line fail; the special meaning came in 16. Name the role (one line per role) or upgrade.
          |
        3 | ops             alice                           all
          |                                                 ^^^

        examples/mistakes/ident-15/pg_ident.conf:4:49: warning[ident-needs-newer-major]: PostgreSQL 15 reads `+group` in this column as a role literally named `+admins`, so logins through this line fail; the special meaning came in 16. Name the role (one line per role) or upgrade.
          |
        4 | ops             bob                             +admins
          |                                                 ^^^^^^^

        examples/mistakes/ident-include/pg_ident.conf:5:1: error[ident-missing-include]: `ident.d/contractors.conf` does not exist, so the server refuses the whole file. Create it, or use `include_if_exists` for a file that may be absent.
          |
        5 | include         ident.d/contractors.conf
          | ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^

        examples/mistakes/ident-include-cycle/pg_ident.conf:6:1: error[ident-include-cycle]: This include leads back to a file being read (pg_ident.conf → pg_ident.conf); the server reads the files again and again until 10 levels deep, then refuses the file. Remove the include that leads back.
          |
        6 | include         pg_ident.conf
          | ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^

        examples/mistakes/java-app/.env:4:41: error[conn-jdbc-userinfo]: pgjdbc does not take `user:password@` in the URL: it reads it as part of the host name and cannot connect. Pass `?user=…&password=…`, or the framework's own settings (SPRING_DATASOURCE_USERNAME and _PASSWORD).
          |
        4 | SPRING_DATASOURCE_URL=jdbc:postgresql://billing:****@db.example.com:5432/billing?sslmode=verify-full
          |                                         ^^^^^^^^^^^^
          = fix: Move the user and password into the query

        examples/mistakes/java-app/.env:4:49: warning[conn-password-in-string]: This connection string carries a password in clear text, so anyone who can read this file, a log line or the process list learns it. Keep it in `~/.pgpass`, `PGPASSWORD` or a secret store instead.
          |
        4 | SPRING_DATASOURCE_URL=jdbc:postgresql://billing:****@db.example.com:5432/billing?sslmode=verify-full
          |                                                 ^^^^

        examples/mistakes/java-app/.env:7:31: error[conn-jdbc-scheme]: pgjdbc reads only `jdbc:postgresql://host:port/db` URLs, and it reads this one (it is stored under `SPRING_DATASOURCE_REPLICA_URL`): with this scheme no driver accepts it. Write `jdbc:postgresql://`.
          |
        7 | SPRING_DATASOURCE_REPLICA_URL=postgresql://db.example.com/billing
          |                               ^^^^^^^^^^^^^
          = fix: Use the `jdbc:postgresql://` scheme

        examples/mistakes/java-app/.env:10:82: warning[conn-jdbc-nonvalidating-factory]: `NonValidatingFactory` accepts any certificate, so a man in the middle can pose as the server whatever `sslmode` says. Drop it and use `sslmode=verify-full` with `sslrootcert`.
           |
        10 | LEGACY_JDBC_URL=jdbc:postgresql://legacy.example.com/billing?ssl=true&sslfactory=org.postgresql.ssl.NonValidatingFactory
           |                                                                                  ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^

        examples/mistakes/java-app/.env:13:36: warning[conn-sslmode-plaintext-fallback]: pgjdbc uses `sslmode=prefer` here: it falls back to plain text when TLS is not offered and never checks the certificate. Use `sslmode=verify-full`.
           |
        13 | REPORTS_JDBC_URL=jdbc:postgresql://reports.example.com/reports;sslmode=verify-full;sslrootcert=/etc/ssl/corp-ca.pem
           |                                    ^^^^^^^^^^^^^^^^^^^

        examples/mistakes/java-app/.env:13:63: error[conn-jdbc-semicolon-parameters]: pgjdbc takes settings only after `?`, joined by `&`: here the database name becomes `reports;sslmode=verify-full;sslrootcert=/etc/ssl/corp-ca.pem`, which does not exist, and these settings are ignored. Write `reports?…&…`.
           |
        13 | REPORTS_JDBC_URL=jdbc:postgresql://reports.example.com/reports;sslmode=verify-full;sslrootcert=/etc/ssl/corp-ca.pem
           |                                                               ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^
           = fix: Write the settings after `?`

        examples/mistakes/node-app/.env:4:34: warning[conn-node-no-tls]: node-postgres uses no TLS unless the URL or the code asks for it (package.json depends on `pg`): the password and every query cross the network in plain text. Add `sslmode=verify-full` (or pass `ssl` in code).
          |
        4 | DATABASE_URL=postgresql://orders@db.example.com/orders
          |                                  ^^^^^^^^^^^^^^
          = fix: Add `sslmode=verify-full`

        examples/mistakes/node-app/.env:7:34: warning[conn-multi-host-unsupported-driver]: node-postgres (`pg`) cannot parse a host list (package.json depends on `pg`): the URL parser refuses it as an invalid URL and no failover happens. Use one endpoint (a cluster DNS name, a proxy or PgBouncer) or a driver that takes several hosts.
          |
        7 | FAILOVER_URL=postgresql://orders@db1.example.com:5432,db2.example.com:5432/orders?sslmode=verify-full&target_session_attrs=read-write
          |                                  ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^

        examples/mistakes/node-app/.env:10:68: information[conn-node-sslmode-means-verify-full]: node-postgres reads `sslmode=require` as `verify-full`: it checks the certificate and the host name, so a server with a self-signed certificate is refused, while libpq tools given this URL check nothing. Say `verify-full` to mean what happens.
           |
        10 | REPLICA_URL=postgresql://orders@replica.example.com/orders?sslmode=require
           |                                                                    ^^^^^^^
           = fix: Use `sslmode=verify-full`

        examples/mistakes/node-app/.env:13:70: warning[conn-node-sslmode-no-verify]: `sslmode=no-verify` makes node-postgres accept any certificate, so a man in the middle can pose as the server. Use `sslmode=verify-full` with the server's CA.
           |
        13 | REPORTS_URL=postgresql://reports@reports.example.com/reports?sslmode=no-verify
           |                                                                      ^^^^^^^^^
           = fix: Use `sslmode=verify-full`

        examples/mistakes/oauth-18/pg_hba.conf:2:9: information[hba-no-replication-rule]: No line admits physical replication, and `all` does not cover it: standbys, pg_basebackup and WAL-streaming backup tools are refused. If you use them, add a line such as `hostssl replication replicator 10.0.0.0/8 scram-sha-256`.
          |
        2 | local   all       all                 peer
          |         ^^^

        examples/mistakes/oauth-18/pg_hba.conf:4:39: error[multi-oauth-validator]: An `oauth` line needs a validator library, and the postgresql.conf beside this file leaves `oauth_validator_libraries` empty, so PostgreSQL refuses this pg_hba.conf and does not start. List the library in `oauth_validator_libraries`.
          |
        4 | hostssl all       all   10.0.0.0/8    oauth issuer=https://idp.example.com scope=openid
          |                                       ^^^^^

        examples/mistakes/oauth-18/postgresql.conf:2:20: information[conf-listen-all-addresses]: The server accepts connections on every network interface, so pg_hba.conf and the firewall are all that keep others out. Name only the addresses clients use when you can.
          |
        2 | listen_addresses = '*'
          |                    ^^^

        examples/mistakes/pooled-app/.env:2:50: information[conn-channel-binding-driver-support]: Only clients that implement SCRAM-SHA-256-PLUS honour `channel_binding=require` (libpq 13 and newer, pgx, Npgsql, Prisma); asyncpg, node-postgres and pgjdbc ignore it or fail. For those, authenticate the server with `sslmode=verify-full` instead.
          |
        2 | DATABASE_URL=postgresql://app@127.0.0.1:6432/app?channel_binding=require
          |                                                  ^^^^^^^^^^^^^^^

        examples/mistakes/pooled-app/.env:2:66: warning[multi-channel-binding-via-pgbouncer]: This string connects to port 6432, where the pgbouncer.ini beside this file listens, and PgBouncer does not support channel binding: with `channel_binding=require` libpq refuses every connection. Use `channel_binding=prefer` (or drop it) and authenticate PgBouncer with `sslmode=verify-full` and `sslrootcert` instead.
          |
        2 | DATABASE_URL=postgresql://app@127.0.0.1:6432/app?channel_binding=require
          |                                                                  ^^^^^^^

        examples/mistakes/pooled-app/pgbouncer.ini:5:1: information[pgb-ignore-startup-parameters]: JDBC drivers and many GUI tools send `extra_float_digits` when they connect, and PgBouncer rejects them ("unsupported startup parameter") unless `ignore_startup_parameters` lists it; add it if such clients use this pooler.
          |
        5 | [pgbouncer]
          | ^^^^^^^^^^^
          = fix: Ignore extra_float_digits

        examples/mistakes/pooled-app/pgbouncer.ini:5:1: information[pgb-admin-users]: `admin_users` is empty, so no database user may run `RELOAD`, `PAUSE` or `SHOW POOLS` on the admin console (only the OS user PgBouncer runs as, over its Unix socket); name the operators who need it.
          |
        5 | [pgbouncer]
          | ^^^^^^^^^^^

        examples/mistakes/pooler/pgbouncer.ini:4:48: error[pgb-entry-unknown-key]: PgBouncer knows no key `pool_sise` in `[databases]` entries and refuses to start; did you mean `pool_size`?
          |
        4 | app = host=db.example.com port=5432 dbname=app pool_sise=10
          |                                                ^^^^^^^^^
          = fix: Change to pool_size

        examples/mistakes/pooler/pgbouncer.ini:5:37: error[pgb-entry-syntax]: This value opens a single quote that is never closed, so PgBouncer rejects the whole entry; write a literal quote as `''` inside a quoted value.
          |
        5 | broken = host=db.example.com dbname='app
          |                                     ^^^^
          = fix: Quote the value and double its quote characters

        examples/mistakes/pooler/pgbouncer.ini:6:35: warning[pgb-db-port]: A TCP port is at most 65535; PgBouncer accepts this one but connects to a different port than the one written. Use the port PostgreSQL listens on.
          |
        6 | remote = host=db.example.com port=99999 dbname=app
          |                                   ^^^^^

        examples/mistakes/pooler/pgbouncer.ini:7:1: error[pgb-db-reserved-name]: `pgbouncer` is the name of PgBouncer's admin console, and PgBouncer refuses a database entry of that name; pick another name.
          |
        7 | pgbouncer = host=db.example.com dbname=pgbouncer
          | ^^^^^^^^^

        examples/mistakes/pooler/pgbouncer.ini:9:1: information[pgb-ignore-startup-parameters]: JDBC drivers and many GUI tools send `extra_float_digits` when they connect, and PgBouncer rejects them ("unsupported startup parameter") unless `ignore_startup_parameters` lists it; add it if such clients use this pooler.
          |
        9 | [pgbouncer]
          | ^^^^^^^^^^^
          = fix: Ignore extra_float_digits

        examples/mistakes/pooler/pgbouncer.ini:9:1: information[pgb-admin-users]: `admin_users` is empty, so no database user may run `RELOAD`, `PAUSE` or `SHOW POOLS` on the admin console (only the OS user PgBouncer runs as, over its Unix socket); name the operators who need it.
          |
        9 | [pgbouncer]
          | ^^^^^^^^^^^

        examples/mistakes/pooler/pgbouncer.ini:14:1: error[pgb-unknown-setting]: PgBouncer knows no setting `max_client_con` and refuses to start; did you mean `max_client_conn`?
           |
        14 | max_client_con = 500
           | ^^^^^^^^^^^^^^
           = fix: Change to max_client_conn

        examples/mistakes/pooler/pgbouncer.ini:15:21: error[pgb-invalid-value]: PgBouncer refuses this value: `default_pool_size` takes an integer.
           |
        15 | default_pool_size = twenty
           |                     ^^^^^^

        examples/mistakes/pooler/pgbouncer.ini:16:34: warning[pgb-inline-comment]: PgBouncer reads `;` and `#` as a comment only at the start of a line, so this text becomes part of the value of `server_reset_query`; put the comment on its own line.
           |
        16 | server_reset_query = DISCARD ALL ; reset session state
           |                                  ^^^^^^^^^^^^^^^^^^^^^
           = fix: Move the comment to its own line

        examples/mistakes/pooler/pgbouncer.ini:17:22: information[pgb-client-tls-client-cert]: On the client side this mode makes PgBouncer demand a certificate signed by `client_tls_ca_file` from every client; if you only want clients to use TLS and check PgBouncer's certificate, `require` is enough (clients then use verify-full).
           |
        17 | client_tls_sslmode = verify-full
           |                      ^^^^^^^^^^^
           = fix: Accept clients without a certificate (require)

        examples/mistakes/pooler/pgbouncer.ini:28:2: error[pgb-unknown-section]: PgBouncer knows no `[pgbouncr]` section and refuses to start; the sections are [pgbouncer], [databases], [users], [peers].
           |
        28 | [pgbouncr]
           |  ^^^^^^^^
           = fix: Change to [pgbouncer]

        examples/mistakes/pooler-files/pgbouncer.ini:6:10: error[pgb-include-missing]: `databases.d/reporting.ini` does not exist (read relative to PgBouncer's working directory, assumed to be this file's), and PgBouncer refuses to start when an `%include` is missing; create it or fix the path.
          |
        6 | %include databases.d/reporting.ini
          |          ^^^^^^^^^^^^^^^^^^^^^^^^^

        examples/mistakes/pooler-files/pgbouncer.ini:7:10: error[pgb-include-cycle]: In `loop.ini` line 2: this `%include` forms a cycle (loop.ini → loop.ini), so PgBouncer reads the same files over and over until it gives up 10 levels deep and refuses to start; remove the include that leads back.
          |
        7 | %include loop.ini
          |          ^^^^^^^^

        examples/mistakes/pooler-files/pgbouncer.ini:9:1: warning[pgb-server-tls-sslmode]: `server_tls_sslmode` is not set, so PgBouncer 1.25 connects to PostgreSQL with `prefer`, so anyone on the path can strip TLS and read or change the traffic. Set `server_tls_sslmode = verify-full`.
          |
        9 | [pgbouncer]
          | ^^^^^^^^^^^
          = fix: Verify the server's certificate and host name

        examples/mistakes/pooler-files/pgbouncer.ini:9:1: information[pgb-ignore-startup-parameters]: JDBC drivers and many GUI tools send `extra_float_digits` when they connect, and PgBouncer rejects them ("unsupported startup parameter") unless `ignore_startup_parameters` lists it; add it if such clients use this pooler.
          |
        9 | [pgbouncer]
          | ^^^^^^^^^^^
          = fix: Ignore extra_float_digits

        examples/mistakes/pooler-files/pgbouncer.ini:11:10: warning[pgb-settings-reset]: In `common.ini` line 2: this second `[pgbouncer]` header makes PgBouncer reset every setting to its default first, so what was set above it (`listen_port`) is lost; keep a single `[pgbouncer]` section.
           |
        11 | %include common.ini
           |          ^^^^^^^^^^

        examples/mistakes/pooler-files/pgbouncer.ini:13:13: error[pgb-scram-passthrough]: With `auth_type = plain` clients never log in to PgBouncer with SCRAM, so it cannot reuse the SCRAM secrets of `userlist.txt` (`app_user`) to log in to PostgreSQL, and those users' connections fail; use `scram-sha-256`, or give their `[databases]` entries a password.
           |
        13 | auth_type = plain
           |             ^^^^^

        examples/mistakes/pooler-files/pgbouncer.ini:13:13: warning[pgb-auth-plain]: `auth_type = plain` has clients send their passwords in clear text, readable by anyone on the path unless TLS is enforced; use `scram-sha-256`.
           |
        13 | auth_type = plain
           |             ^^^^^
           = fix: Use scram-sha-256

        examples/mistakes/pooler-files/pgbouncer.ini:15:13: warning[pgb-auth-user-secret]: `auth_user` `pgbouncer_auth` has no line in `userlist.txt`, so PgBouncer has no password to log in with and run `auth_query` (unless the server trusts it), and no user can be looked up; add the lookup role's secret there.
           |
        15 | auth_user = pgbouncer_auth
           |             ^^^^^^^^^^^^^^

        examples/mistakes/pooler-files/pgbouncer.ini:19:23: error[pgb-file-missing]: `client_tls_key_file` names `pgbouncer.key`, which does not exist (a relative path is read from PgBouncer's working directory, assumed to be this file's); PgBouncer cannot set up TLS for clients and refuses to start; fix the path.
           |
        19 | client_tls_key_file = pgbouncer.key
           |                       ^^^^^^^^^^^^^

        examples/mistakes/pooler-files/pgbouncer.ini:20:24: error[pgb-file-missing]: `client_tls_cert_file` names `pgbouncer.crt`, which does not exist (a relative path is read from PgBouncer's working directory, assumed to be this file's); PgBouncer cannot set up TLS for clients and refuses to start; fix the path.
           |
        20 | client_tls_cert_file = pgbouncer.crt
           |                        ^^^^^^^^^^^^^

        examples/mistakes/pooler-files/pgbouncer.ini:23:23: error[pgb-tls-key-cert-swapped]: By their names, `server_tls_key_file` holds a certificate and `server_tls_cert_file` a private key: the two look swapped, and every TLS connection PgBouncer opens to PostgreSQL fails; swap their values.
           |
        23 | server_tls_key_file = pooler-client.crt
           |                       ^^^^^^^^^^^^^^^^^
           = fix: Swap the values of server_tls_key_file and server_tls_cert_file

        examples/mistakes/pooler-files/pgbouncer.ini:23:23: warning[pgb-file-missing]: `server_tls_key_file` names `pooler-client.crt`, which does not exist (a relative path is read from PgBouncer's working directory, assumed to be this file's); PgBouncer starts, but every TLS connection it opens to PostgreSQL fails; fix the path.
           |
        23 | server_tls_key_file = pooler-client.crt
           |                       ^^^^^^^^^^^^^^^^^

        examples/mistakes/pooler-files/pgbouncer.ini:24:24: warning[pgb-file-missing]: `server_tls_cert_file` names `pooler-client.key`, which does not exist (a relative path is read from PgBouncer's working directory, assumed to be this file's); PgBouncer starts, but every TLS connection it opens to PostgreSQL fails; fix the path.
           |
        24 | server_tls_cert_file = pooler-client.key
           |                        ^^^^^^^^^^^^^^^^^

        examples/mistakes/pooler-files/userlist.txt:1:13: warning[pgb-userlist-scram-secret]: PgBouncer can log in to PostgreSQL with a SCRAM secret only if it is the very one in the server's `pg_authid` (same salt and iterations) and the client itself logged in with SCRAM; a secret generated elsewhere checks clients but fails at the server. Copy `rolpassword` from `pg_authid`, or give the `[databases]` entry a password.
          |
        1 | "app_user" "****
          |             ^^^^

        examples/mistakes/pooler-hba/pgbouncer.ini:12:17: error[pgb-hba-unsupported-type]: In `hba.conf` line 3: `hostgssenc` is not a connection type PgBouncer reads (it has no GSSAPI encryption): PgBouncer 1.25 logs a warning and ignores the whole line, so the clients it was for fall through to the lines below; use `host`, `hostssl` or `hostnossl`.
           |
        12 | auth_hba_file = hba.conf
           |                 ^^^^^^^^

        examples/mistakes/pooler-hba/pgbouncer.ini:12:17: error[pgb-hba-unsupported-name]: In `hba.conf` line 4: `+app_users` in the user column stands for a role's members, which PgBouncer cannot look up: PgBouncer 1.25 logs a warning and ignores the whole line, so the clients it was for fall through to the lines below; list the members by name or in an `@file`.
           |
        12 | auth_hba_file = hba.conf
           |                 ^^^^^^^^

        examples/mistakes/pooler-hba/pgbouncer.ini:12:17: error[pgb-hba-bad-address]: In `hba.conf` line 5: `app.internal` is not an IP address, and PgBouncer takes no host names: PgBouncer 1.25 logs a warning and ignores the whole line, so the clients it was for fall through to the lines below; write an IP address with its mask length, e.g. `10.0.0.0/8`.
           |
        12 | auth_hba_file = hba.conf
           |                 ^^^^^^^^

        examples/mistakes/pooler-hba/pgbouncer.ini:12:17: error[pgb-hba-host-bits]: In `hba.conf` line 6: `10.20.0.1/16` has bits set outside its mask, and PgBouncer compares client addresses with it as written, so this line matches no client at all; write the network address `10.20.0.0/16` instead.
           |
        12 | auth_hba_file = hba.conf
           |                 ^^^^^^^^

        examples/mistakes/pooler-hba/pgbouncer.ini:12:17: error[pgb-hba-unsupported-method]: In `hba.conf` line 7: `ident` is not a method PgBouncer 1.25 reads in its hba file: PgBouncer 1.25 logs a warning and ignores the whole line, so the clients it was for fall through to the lines below; use `peer` on a `local` line, or `scram-sha-256`.
           |
        12 | auth_hba_file = hba.conf
           |                 ^^^^^^^^

        examples/mistakes/pooler-hba/pgbouncer.ini:12:17: error[pgb-hba-unsupported-option]: In `hba.conf` line 8: PgBouncer reads no option `clientcert=…`, only `map=`: PgBouncer 1.25 logs a warning and ignores the whole line, so the clients it was for fall through to the lines below; remove it.
           |
        12 | auth_hba_file = hba.conf
           |                 ^^^^^^^^

        examples/mistakes/pooler-hba/pgbouncer.ini:12:17: warning[hba-trust-remote]: In `hba.conf` line 9: `trust` lets anyone who reaches PgBouncer from `10.30.0.0/16` in as any user the line names, with no password, and PgBouncer then logs them in to PostgreSQL; use `scram-sha-256`.
           |
        12 | auth_hba_file = hba.conf
           |                 ^^^^^^^^

        examples/mistakes/pooler-hba/pgbouncer.ini:12:17: warning[pgb-hba-method-mismatch]: In `hba.conf` line 10: `peer` on a `host` line: PgBouncer can tell who a client is only on its Unix socket, so every client this line matches is refused, and the lines below are never tried for it; use `local` for `peer`, or `scram-sha-256` here.
           |
        12 | auth_hba_file = hba.conf
           |                 ^^^^^^^^

        examples/mistakes/pooler-hba/userlist.txt:1:13: warning[pgb-userlist-scram-secret]: PgBouncer can log in to PostgreSQL with a SCRAM secret only if it is the very one in the server's `pg_authid` (same salt and iterations) and the client itself logged in with SCRAM; a secret generated elsewhere checks clients but fails at the server. Copy `rolpassword` from `pg_authid`, or give the `[databases]` entry a password.
          |
        1 | "app_user" "****
          |             ^^^^

        examples/mistakes/pooler-plain-auth/pgbouncer.ini:5:1: information[pgb-ignore-startup-parameters]: JDBC drivers and many GUI tools send `extra_float_digits` when they connect, and PgBouncer rejects them ("unsupported startup parameter") unless `ignore_startup_parameters` lists it; add it if such clients use this pooler.
          |
        5 | [pgbouncer]
          | ^^^^^^^^^^^
          = fix: Ignore extra_float_digits

        examples/mistakes/pooler-plain-auth/pgbouncer.ini:5:1: information[pgb-admin-users]: `admin_users` is empty, so no database user may run `RELOAD`, `PAUSE` or `SHOW POOLS` on the admin console (only the OS user PgBouncer runs as, over its Unix socket); name the operators who need it.
          |
        5 | [pgbouncer]
          | ^^^^^^^^^^^

        examples/mistakes/pooler-plain-auth/pgbouncer.ini:7:13: warning[pgb-auth-plain]: `auth_type = plain` has clients send their passwords in clear text, readable by anyone on the path unless TLS is enforced; use `scram-sha-256`.
          |
        7 | auth_type = plain
          |             ^^^^^
          = fix: Use scram-sha-256

        examples/mistakes/pooler-startup/pgbouncer.ini:7:13: error[pgb-auth-hba-file]: `auth_type = hba` takes its rules from `auth_hba_file`, which is not set, so PgBouncer logs an error at start and has no rule to let any client in; set `auth_hba_file`.
          |
        7 | auth_type = hba
          |             ^^^

        examples/mistakes/pooler-startup/pgbouncer.ini:9:14: warning[pgb-auth-query-credentials]: `auth_query` runs only as `auth_user`, which is set neither here nor in any `[databases]` entry, so PgBouncer never looks a user up; set `auth_user` to a dedicated lookup role.
          |
        9 | auth_query = SELECT usename, passwd FROM pgbouncer.get_auth($1)
          |              ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^

        examples/mistakes/pooler-startup/pgbouncer.ini:12:13: warning[pgb-prepared-statements]: Transaction pooling with `max_prepared_statements = 0`: a client's next transaction may run on another server connection, where its prepared statements do not exist ("prepared statement does not exist"). Set `max_prepared_statements` so that PgBouncer tracks them.
           |
        12 | pool_mode = transaction
           |             ^^^^^^^^^^^
           = fix: Set max_prepared_statements = 200

        examples/mistakes/pooler-startup/pgbouncer.ini:14:22: hint[pgb-reset-query-ignored]: With `pool_mode = transaction` PgBouncer never runs `server_reset_query` (it runs only when a client's session ends); remove it, or set `server_reset_query_always = 1` if session state must be reset.
           |
        14 | server_reset_query = DISCARD ALL
           |                      ^^^^^^^^^^^

        examples/mistakes/pooler-startup/pgbouncer.ini:15:22: error[pgb-client-tls-setup]: PgBouncer refuses to start with `client_tls_sslmode = require` unless it has its own key and certificate to offer clients; set `client_tls_key_file` and `client_tls_cert_file`.
           |
        15 | client_tls_sslmode = require
           |                      ^^^^^^^

        examples/mistakes/pooler-startup/pgbouncer.ini:16:22: information[pgb-server-tls-sslmode]: `server_tls_sslmode = verify-ca` verifies the certificate's CA: PgBouncer connects to PostgreSQL this way, and checks the CA but not the host name, so any server holding a certificate from that CA can pose as this one. Use `verify-full` (with `server_tls_ca_file` for a private CA).
           |
        16 | server_tls_sslmode = verify-ca
           |                      ^^^^^^^^^
           = fix: Verify the server's certificate and host name

        examples/mistakes/pooler-startup/pgbouncer.ini:16:22: information[pgb-server-tls-ca-file]: Without `server_tls_ca_file` PgBouncer checks the server's certificate against the system's CA bundle; managed databases (RDS, Cloud SQL) and self-signed servers use their own CA, and every connection fails. Set `server_tls_ca_file` to that CA's bundle.
           |
        16 | server_tls_sslmode = verify-ca
           |                      ^^^^^^^^^

        examples/mistakes/pooler-startup/pgbouncer.ini:17:1: hint[pgb-duplicate-key]: This setting `server_idle_timeout` is set again further down in `[pgbouncer]`, and PgBouncer keeps the later one; remove this line.
           |
        17 | server_idle_timeout = 55
           | ^^^^^^^^^^^^^^^^^^^
           = fix: Remove the earlier line

        examples/mistakes/pooler-userlist/userlist.txt:2:1: hint[pgb-userlist-duplicate-user]: `app` appears again further down, and PgBouncer keeps only the later secret; remove this line.
          |
        2 | "app" "****
          | ^^^^^

        examples/mistakes/pooler-userlist/userlist.txt:2:8: warning[pgb-userlist-plain-password]: The secret of `app` is a plain-text password, readable by anyone who can read this file or its backups; store the SCRAM secret from PostgreSQL's `pg_authid.rolpassword` instead.
          |
        2 | "app" "****
          |        ^^^^

        examples/mistakes/pooler-userlist/userlist.txt:3:11: warning[pgb-userlist-plain-password]: The secret of `report` is a plain-text password, readable by anyone who can read this file or its backups; store the SCRAM secret from PostgreSQL's `pg_authid.rolpassword` instead.
          |
        3 | "report" "****
          |           ^^^^

        examples/mistakes/pooler-userlist/userlist.txt:3:13: error[pgb-userlist-unescaped-quote]: This `"` ends the secret early: PgBouncer reads only the part before it and ignores the rest of the line, so the password it checks is not the one written. Write a `"` inside a secret as `""`.
          |
        3 | "report" "****
          |             ^^
          = fix: Double the quote characters inside the secret

        examples/mistakes/pooler-userlist/userlist.txt:4:8: error[pgb-userlist-malformed-secret]: This looks like an MD5 hash but is not `md5` and 32 lowercase hex digits, so PgBouncer takes it as a plain-text password and every login with the real password fails; copy the hash again from `pg_authid`.
          |
        4 | "ops" "****
          |        ^^^^

        examples/mistakes/pooler-userlist/userlist.txt:5:9: warning[pgb-userlist-scram-secret]: PgBouncer can log in to PostgreSQL with a SCRAM secret only if it is the very one in the server's `pg_authid` (same salt and iterations) and the client itself logged in with SCRAM; a secret generated elsewhere checks clients but fails at the server. Copy `rolpassword` from `pg_authid`, or give the `[databases]` entry a password.
          |
        5 | "pool" "****
          |         ^^^^

        examples/mistakes/pooler-userlist/userlist.txt:7:1: error[pgb-userlist-syntax]: PgBouncer's auth file knows only `;` comments: it stops reading the file at this `#` line, so no user below it can log in; start the comment with `;`.
          |
        7 | ****
          | ^^^^
          = fix: Start the comment with ;

        examples/mistakes/pooler-without-main-section/pgbouncer.ini:2:1: error[pgb-syntax]: `logfile` comes before the first section header, and PgBouncer refuses a setting outside a section; move it under `[pgbouncer]` or the section it belongs to.
          |
        2 | logfile = /var/log/pgbouncer.log
          | ^^^^^^^

        examples/mistakes/pooler-without-main-section/pgbouncer.ini:2:1: error[pgb-missing-main-section]: This file has no `[pgbouncer]` section, and PgBouncer refuses to start without one; add it, even if empty.
          |
        2 | logfile = /var/log/pgbouncer.log
          | ^^^^^^^
          = fix: Add an empty [pgbouncer] section

        examples/mistakes/prisma-app/.env:4:60: warning[conn-prisma-sslmode-unsupported]: Prisma knows only `disable`, `prefer` and `require`, and silently reads `sslmode=verify-full` as `prefer`: plain-text fallback and no certificate check. Use `sslmode=require&sslaccept=strict`, which checks the certificate and host.
          |
        4 | DATABASE_URL=postgresql://shop@db.example.com/shop?sslmode=verify-full&schema=shop
          |                                                            ^^^^^^^^^^^
          = fix: Use `sslmode=require&sslaccept=strict`

        examples/mistakes/prisma-app/.env:4:72: information[conn-client-specific-params]: Prisma reads `schema` itself, but psql, pg_dump and libpq-based drivers refuse this URL and some other drivers send `schema` to the server, which refuses it. Give other tools their own variable without it.
          |
        4 | DATABASE_URL=postgresql://shop@db.example.com/shop?sslmode=verify-full&schema=shop
          |                                                                        ^^^^^^

        examples/mistakes/prisma-app/.env:7:58: warning[conn-prisma-accepts-invalid-certs]: Under `sslmode=require` Prisma accepts any certificate unless `sslaccept=strict`, so a man in the middle can pose as the server. Add `sslaccept=strict`.
          |
        7 | DIRECT_URL=postgresql://shop@db.example.com/shop?sslmode=require
          |                                                          ^^^^^^^
          = fix: Add `sslaccept=strict`

        examples/mistakes/prisma-app/.env:10:25: error[conn-supabase-pooler-user]: Supabase's shared pooler finds the project from the user name, which must be `postgres.<project-ref>`: with plain `postgres` every login fails with "Tenant or user not found". Copy the user (and the pooler host) from the project's Connect panel.
           |
        10 | POOLED_URL=postgresql://postgres@aws-0-eu-central-1.pooler.supabase.com:6543/postgres?sslmode=require&sslaccept=strict&pgbouncer=true
           |                         ^^^^^^^^

        examples/mistakes/prisma-app/.env:10:103: information[conn-client-specific-params]: Prisma reads `sslaccept` itself, but psql, pg_dump and libpq-based drivers refuse this URL and some other drivers send `sslaccept` to the server, which refuses it. Give other tools their own variable without it.
           |
        10 | POOLED_URL=postgresql://postgres@aws-0-eu-central-1.pooler.supabase.com:6543/postgres?sslmode=require&sslaccept=strict&pgbouncer=true
           |                                                                                                       ^^^^^^^^^

        examples/mistakes/prisma-app/.env:10:120: information[conn-client-specific-params]: Prisma reads `pgbouncer` itself, but psql, pg_dump and libpq-based drivers refuse this URL and some other drivers send `pgbouncer` to the server, which refuses it. Give other tools their own variable without it.
           |
        10 | POOLED_URL=postgresql://postgres@aws-0-eu-central-1.pooler.supabase.com:6543/postgres?sslmode=require&sslaccept=strict&pgbouncer=true
           |                                                                                                                        ^^^^^^^^^

        examples/mistakes/python-app/.env:4:25: warning[conn-postgres-scheme-sqlalchemy]: SQLAlchemy 1.4 and newer refuse the `postgres` scheme (`create_engine` cannot load a `postgres` dialect), and SQLAlchemy with psycopg (libpq) reads this URL because it is stored under `SQLALCHEMY_DATABASE_URI`. Write `postgresql`; if the platform sets the variable, replace the prefix in code.
          |
        4 | SQLALCHEMY_DATABASE_URI=postgres://web@db.example.com/web?sslmode=verify-full&sslrootcert=system&keepalives_idle=60
          |                         ^^^^^^^^
          = fix: Use the `postgresql` scheme

        examples/mistakes/python-app/.env:7:59: error[conn-asyncpg-sslmode]: SQLAlchemy's asyncpg dialect passes `sslmode` to `asyncpg.connect()`, which has no such argument, so connecting fails with a TypeError. Write `ssl=` with the same mode.
          |
        7 | WORKER_URL=postgresql+asyncpg://worker@db.example.com/web?sslmode=verify-full
          |                                                           ^^^^^^^
          = fix: Use `ssl=verify-full`

        examples/mistakes/python-app/.env:10:101: error[conn-channel-binding-driver-support]: SQLAlchemy's asyncpg dialect passes `channel_binding` to `asyncpg.connect()`, which has no such argument (asyncpg does not bind channels), so connecting fails. Drop it and rely on `ssl=verify-full`.
           |
        10 | JOBS_URL=postgresql+asyncpg://jobs@ep-example-123456.eu-central-1.aws.neon.tech/web?ssl=verify-full&channel_binding=require
           |                                                                                                     ^^^^^^^^^^^^^^^

        examples/mistakes/shell/release.sh:7:35: hint[conn-keepalives-missing]: No `keepalives_idle`: the operating system waits about two hours before the first keepalive probe, while NAT gateways and load balancers drop idle connections after minutes (240 s assumed) without telling either end. Add `keepalives_idle` below 240 s.
          |
        7 | DATABASE_URL=postgresql://release@db.internal.example.com/app?sslmode=verify-full&sslrootcert=/etc/ssl/certs/corp-ca.pem&keepalives_idle=60
          |                                   ^^^^^^^^^^^^^^^^^^^^^^^

        examples/mistakes/shell/release.sh:7:71: hint[conn-verify-without-sslrootcert]: With `sslmode=verify-full` and no `sslrootcert` (nor `PGSSLROOTCERT`), libpq trusts only `~/.postgresql/root.crt` and refuses to connect when it is missing. Name the server's CA file, or `sslrootcert=system` (libpq 16+) for a publicly trusted certificate.
          |
        7 | DATABASE_URL=postgresql://release@db.internal.example.com/app?sslmode=verify-full&sslrootcert=/etc/ssl/certs/corp-ca.pem&keepalives_idle=60
          |                                                                       ^^^^^^^^^^^

        examples/mistakes/shell/release.sh:7:82: error[shell-unquoted-metacharacter]: This unquoted `&` ends the value of `DATABASE_URL`: the shell sends the assignment to a background subshell, so `DATABASE_URL` is never set in this script, and runs the rest as a command of its own. Put the whole value in quotes.
          |
        7 | DATABASE_URL=postgresql://release@db.internal.example.com/app?sslmode=verify-full&sslrootcert=/etc/ssl/certs/corp-ca.pem&keepalives_idle=60
          |                                                                                  ^
          = fix: Put the whole value in single quotes

        examples/mistakes/shell/release.sh:12:43: warning[shell-expansion-in-password]: The shell expands the `$` marked here inside this password, so the program gets a different password from the one written (the variable is most likely empty) and the login fails. Put the value in single quotes, or write `\$` for a literal `$`.
           |
        12 | REPORTS_URL="postgresql://reports:****@db.internal.example.com/reports?sslmode=verify-full&sslrootcert=/etc/ssl/certs/corp-ca.pem&keepalives_idle=60"
           |                                           ^

        examples/mistakes/shell/release.sh:12:114: warning[conn-sslrootcert-missing]: The root certificate file `/etc/ssl/certs/corp-ca.pem` does not exist here, so libpq refuses to connect: it has nothing to check the server's certificate against.
           |
        12 | REPORTS_URL="postgresql://reports:****@db.internal.example.com/reports?sslmode=verify-full&sslrootcert=/etc/ssl/certs/corp-ca.pem&keepalives_idle=60"
           |                                                                                                        ^^^^^^^^^^^^^^^^^^^^^^^^^^

        examples/pooler/pgbouncer.ini:5:82: warning[pgb-db-password]: This entry holds a password in plain text, readable by anyone who can read pgbouncer.ini, its backups or PgBouncer's log (which prints entries it cannot parse); leave `password=` out so PgBouncer takes the user's password from `auth_file`.
          |
        5 | reports = host=reports.example.com port=5432 dbname=reports user=report password=****
          |                                                                                  ^^^^

        examples/pooler/pgbouncer.ini:7:1: information[pgb-ignore-startup-parameters]: JDBC drivers and many GUI tools send `extra_float_digits` when they connect, and PgBouncer rejects them ("unsupported startup parameter") unless `ignore_startup_parameters` lists it; add it if such clients use this pooler.
          |
        7 | [pgbouncer]
          | ^^^^^^^^^^^
          = fix: Ignore extra_float_digits

        examples/pooler/pgbouncer.ini:7:1: information[pgb-admin-users]: `admin_users` is empty, so no database user may run `RELOAD`, `PAUSE` or `SHOW POOLS` on the admin console (only the OS user PgBouncer runs as, over its Unix socket); name the operators who need it.
          |
        7 | [pgbouncer]
          | ^^^^^^^^^^^

        examples/pooler/pgbouncer.ini:8:15: warning[pgb-client-tls-disabled]: PgBouncer listens beyond loopback but accepts no TLS from clients, so their passwords and query results cross the network in plain text; set `client_tls_sslmode = require` with `client_tls_key_file` and `client_tls_cert_file`.
          |
        8 | listen_addr = 0.0.0.0
          |               ^^^^^^^

        examples/pooler/pgbouncer.ini:11:13: error[pgb-auth-trust]: `auth_type = trust` lets any client from anywhere `listen_addr` reaches log in as any user listed in `auth_file` without a password; use `scram-sha-256`.
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

        47 files checked: 89 errors, 75 warnings, 33 information, 43 hints
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
    expect![[r#"["path", "range", "severity", "code", "message", "fixes"]"#]]
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
            "path": "<stdin>",
            "range": {
              "start": {
                "line": 0,
                "character": 17
              },
              "end": {
                "line": 0,
                "character": 31
              }
            },
            "severity": "hint",
            "code": "conn-keepalives-missing",
            "message": "No `keepalives_idle`: the operating system waits about two hours before the first keepalive probe, while NAT gateways and load balancers drop idle connections after minutes (240 s assumed) without telling either end. Add `keepalives_idle` below 240 s.",
            "fixes": [
              {
                "title": "Send TCP keepalives after 60 s of silence",
                "edits": [
                  {
                    "range": {
                      "start": {
                        "line": 0,
                        "character": 51
                      },
                      "end": {
                        "line": 0,
                        "character": 51
                      }
                    },
                    "newText": "&keepalives=1&keepalives_idle=60&keepalives_interval=10&keepalives_count=6"
                  }
                ]
              }
            ]
          },
          {
            "path": "<stdin>",
            "range": {
              "start": {
                "line": 0,
                "character": 44
              },
              "end": {
                "line": 0,
                "character": 51
              }
            },
            "severity": "error",
            "code": "conn-sslmode-disable",
            "message": "`sslmode=disable` sends everything, the password exchange included, in plain text across the network. Use `verify-full` to encrypt and to check the server's certificate.",
            "fixes": [
              {
                "title": "Use `sslmode=verify-full`",
                "edits": [
                  {
                    "range": {
                      "start": {
                        "line": 0,
                        "character": 44
                      },
                      "end": {
                        "line": 0,
                        "character": 51
                      }
                    },
                    "newText": "verify-full"
                  }
                ]
              }
            ]
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
        vec!["check", "--kind", "xml", "examples"],
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
        check --kind xml examples => 2: error: invalid value 'xml' for '--kind <KIND>': unknown kind `xml`; expected one of pgconf, pghba, pgident, pgbouncer, dotenv, conninfo, userlist, yaml, json, toml, properties, shell
        check README.md => 2: pgconf-lsp: README.md: cannot tell what kind of file this is; pass --kind
        check --format xml => 2: error: invalid value 'xml' for '--format <FORMAT>'"#]].assert_eq(&report.join("\n"));
}

/// The major a cluster's folder names applies however its path is typed: from inside the
/// folder (`.`), relative to it, or absolute; and to pg_hba.conf, pg_ident.conf and
/// postgresql.conf alike.
#[test]
fn the_major_of_the_folder_applies_however_the_path_is_typed() {
    let root = std::env::temp_dir().join(format!("pgconf-lsp-e2e-major-{}", std::process::id()));
    let cluster = root.join("etc/postgresql/15/main");
    std::fs::create_dir_all(&cluster).expect("create the cluster folder");
    std::fs::write(cluster.join("pg_hba.conf"), "local all all peer\ninclude_dir hba.d\n")
        .expect("write pg_hba.conf");
    std::fs::write(cluster.join("pg_ident.conf"), "m alice all\n").expect("write pg_ident.conf");
    std::fs::write(cluster.join("postgresql.conf"), "reserved_connections = 3\n")
        .expect("write postgresql.conf");

    let rules_from = |dir: &Path, path: &str| {
        let mut rules = rule_codes(dir, path);
        rules
            .retain(|rule| rule.contains("major") || rule.contains("new") || rule == "hba-include");
        format!("{path}: {rules:?}")
    };
    let absolute = cluster.to_string_lossy().into_owned();
    let report = [
        rules_from(&cluster, "."),
        rules_from(&root, "etc/postgresql/15/main"),
        rules_from(&root, "./etc"),
        rules_from(&root, &absolute).replace(&absolute, "<absolute>"),
    ];
    let _ = std::fs::remove_dir_all(&root);
    expect![[r#"
        .: ["conf-parameter-too-new", "hba-include", "ident-needs-newer-major"]
        etc/postgresql/15/main: ["conf-parameter-too-new", "hba-include", "ident-needs-newer-major"]
        ./etc: ["conf-parameter-too-new", "hba-include", "ident-needs-newer-major"]
        <absolute>: ["conf-parameter-too-new", "hba-include", "ident-needs-newer-major"]"#]]
    .assert_eq(&report.join("\n"));
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

/// The README's rule table lists every rule, in `rules::all()` order. `UPDATE_EXPECT=1`
/// rewrites it, as it does the snapshots.
#[test]
fn readme_lists_every_rule() {
    let path = repo().join("README.md");
    let readme = std::fs::read_to_string(&path).expect("README.md");
    let (start, end) = ("<!-- rules: begin -->\n", "<!-- rules: end -->");
    let (Some(from), Some(to)) = (readme.find(start), readme.find(end)) else {
        panic!("README.md has no {start:?} … {end:?} block");
    };

    let mut table = String::from("| rule | file | explained at |\n| --- | --- | --- |\n");
    for rule in pgconf_lsp::rules::all() {
        let kind = match rule.name.split('-').next() {
            Some("conn") => "connection strings",
            Some("env") => "`.env`",
            Some("conf") => "`postgresql.conf`",
            Some("hba") => "`pg_hba.conf`",
            Some("ident") => "`pg_ident.conf`",
            Some("pgb") if rule.name.starts_with("pgb-userlist") => "`userlist.txt`",
            Some("pgb") => "`pgbouncer.ini`",
            Some("multi") => "two files",
            Some("yaml") => "YAML",
            Some("json") => "JSON",
            Some("toml") => "TOML",
            Some("shell") => "shell scripts",
            _ => "?",
        };
        table.push_str(&format!("| `{}` | {kind} | <{}> |\n", rule.name, rule.url));
    }

    let current = &readme[from + start.len()..to];
    if current != table {
        if std::env::var_os("UPDATE_EXPECT").is_some() {
            let updated = format!("{}{table}{}", &readme[..from + start.len()], &readme[to..]);
            std::fs::write(&path, updated).expect("rewrite README.md");
        } else {
            panic!("README.md's rule table is stale; rerun with UPDATE_EXPECT=1");
        }
    }
}

/// Secrets written every way people write them, in every kind of file, reach no output:
/// not the human report, not JSON, not a hover anywhere in the file, not the outline.
#[test]
fn no_secret_reaches_any_output() {
    use pgconf_lsp::kind::FileKind;

    let leaky: &[(&str, FileKind, &str)] = &[
        ("postgresql.conf", FileKind::PgConf, "primary_conninfo = 'host=h password=HUNTERa1 sslmode=disable'\nprimary_coninfo = 'password=HUNTERa2'\n"),
        (".env", FileKind::DotEnv, "C=\"host=h password='HUN''TERa3'\"\nE=postgresql://u:HUN/TERa4@h.example.com/db\nJ=host=h passwrod=HUNTERa5\nK=postgresql://u@h/db?pasword=HUNTERa6\nDATABASE_URL: postgresql://u:HUNTERa7@h/db\nW postgresql://u:HUNTERa8@h/db\nPGPASSWORD=HUNTERa9\n"),
        ("pgbouncer.ini", FileKind::PgBouncer, "[databases]\ne = host=h passwd=HUNTERb1\nf = host=h password='HUNTERb2\n[users]\nu = pool_mode=session password=HUNTERb3\n[pgbouncer]\nauth_password = HUNTERb4\n"),
        ("pg_hba.conf", FileKind::PgHba, "host all all 10.0.0.0/8 radius radiusservers=r radiussecret=HUNTERc1\nhost all all 10.0.0.0/8 ldap ldapserver=l ldapbindpasswd=HUNTERc2 ldapbasedn=x\n"),
        ("userlist.txt", FileKind::UserList, "\"app\" \"HUNTERd1\"\n\"bad\" \"HUN\"TERd2\"\n"),
        ("pg_ident.conf", FileKind::PgIdent, "m postgresql://u:HUNTERe1@h/db x\nm postgresql://u:HUNTERe1@h/db x\n"),
    ];

    for (name, kind, text) in leaky {
        let secrets: Vec<&str> = text.split("HUNTER").skip(1).map(|rest| &rest[..2]).collect();
        let leaked = |output: &str| {
            secrets.iter().any(|tail| output.contains(&format!("HUNTER{tail}")))
                || output.contains("TERa3")
                || output.contains("TERa4")
                || output.contains("TERd2")
        };

        for format in ["human", "json"] {
            let output = run(&["check", "--kind", kind.name(), "--format", format, "-"], text);
            let printed = text_of(&output);
            assert!(!leaked(&printed), "{name} ({format}) leaks:\n{printed}");
        }

        let settings = pgconf_lsp::settings::Settings::default();
        for offset in 0..=text.len() {
            if let Some(hover) = pgconf_lsp::analysis::hover(*kind, text, offset, &settings) {
                assert!(
                    !leaked(&hover.markdown),
                    "{name} hover at {offset} leaks:\n{}",
                    hover.markdown
                );
            }
        }
        let symbols = format!("{:?}", pgconf_lsp::analysis::symbols(*kind, text, &settings));
        assert!(!leaked(&symbols), "{name} outline leaks: {symbols}");
    }
}

/// Passwords that are also words of our messages (`the`, `require`, `host`), or very
/// short, neither leak nor garble a message: every message, related note and fix title is
/// the same as for a long random password, which shows in none of them.
#[test]
fn word_like_passwords_neither_leak_nor_garble_messages() {
    use pgconf_lsp::kind::FileKind;

    let templates: &[(FileKind, &str)] = &[
        (FileKind::DotEnv, "DATABASE_URL=postgresql://u:PW@db.example.com/app\n"),
        (
            FileKind::DotEnv,
            "B=\"host=db.example.com password=PW sslmode=disable\"\nPGPASSWORD=PW\n",
        ),
        (FileKind::DotEnv, "K=postgresql://u@db.example.com/db?pasword=PW&sslmode=require\n"),
        (FileKind::PgConf, "primary_conninfo = 'host=h password=PW sslmode=disable'\n"),
        (FileKind::PgConf, "primary_coninfo = 'password=PW'\n"),
        (
            FileKind::PgBouncer,
            "[databases]\ne = host=h passwd=PW\n[users]\nu = pool_mode=session password=PW\n\
             [pgbouncer]\nauth_password = PW\n",
        ),
        (FileKind::PgHba, "host all all 10.0.0.0/8 radius radiusservers=r radiussecret=PW\n"),
        (FileKind::UserList, "\"app\" \"PW\"\n"),
        (FileKind::PgIdent, "m postgresql://u:PW@h/db x\n"),
    ];
    let random = "Zq7xK2pLw9VbT4";
    let settings = pgconf_lsp::settings::Settings::default();
    let shown = |kind: FileKind, text: &str| -> Vec<String> {
        let findings = pgconf_lsp::analysis::analyze(kind, text, &settings);
        let mut shown = Vec::new();
        for finding in findings {
            shown.push(format!("{}: {}", finding.rule.name, finding.message));
            shown.extend(finding.related.iter().map(|related| related.message.clone()));
            shown.extend(finding.fixes.iter().map(|fix| format!("fix: {}", fix.title)));
        }
        shown
    };

    for (kind, template) in templates {
        let baseline = shown(*kind, &template.replace("PW", random));
        assert!(!baseline.join("\n").contains(random), "{template} leaks:\n{baseline:#?}");
        for password in ["the", "require", "a", "verify-full", "s3cret", "host"] {
            let messages = shown(*kind, &template.replace("PW", password));
            assert_eq!(messages, baseline, "password {password:?} in {template:?}");
        }
    }
}

fn text_of(output: &Output) -> String {
    text(&output.stdout) + &text(&output.stderr)
}

/// An absolute `%include` of a pgbouncer.ini is followed, and reported when missing,
/// however the ini's own path is typed.
#[test]
fn absolute_pgbouncer_includes_are_followed_however_the_path_is_typed() {
    let root = std::env::temp_dir().join(format!("pgconf-lsp-e2e-pgb-abs-{}", std::process::id()));
    std::fs::create_dir_all(&root).expect("create the folder");
    let common = root.join("common.ini");
    let missing = root.join("missing.ini");
    std::fs::write(&common, "server_tls_sslmode = verify-full\ntcp_keepidle = 61\n")
        .expect("write common.ini");
    let ini = format!(
        "[pgbouncer]\nlisten_addr = 127.0.0.1\nadmin_users = ops\n%include {}\n%include {}\n",
        common.display(),
        missing.display()
    );
    std::fs::write(root.join("pgbouncer.ini"), ini).expect("write pgbouncer.ini");

    let rules_from = |dir: &Path, path: &str| format!("{path}: {:?}", rule_codes(dir, path));
    let absolute = root.join("pgbouncer.ini").to_string_lossy().into_owned();
    let report = [
        rules_from(&root, "pgbouncer.ini"),
        rules_from(&root, "."),
        rules_from(&root, &absolute).replace(&absolute, "<absolute>"),
    ];
    let _ = std::fs::remove_dir_all(&root);
    expect![[r#"
        pgbouncer.ini: ["pgb-include-missing"]
        .: ["pgb-include-missing"]
        <absolute>: ["pgb-include-missing"]"#]]
    .assert_eq(&report.join("\n"));
}

/// A folder given with `--kind` has every file read as that kind, and a folder with nothing
/// to check is a usage error, so that CI pointed at the wrong place does not pass.
#[test]
fn folders_with_a_forced_kind_and_folders_with_nothing() {
    let root = std::env::temp_dir().join(format!("pgconf-lsp-e2e-folders-{}", std::process::id()));
    std::fs::create_dir_all(root.join("conf.d")).expect("create conf.d");
    std::fs::create_dir_all(root.join("empty")).expect("create empty");
    std::fs::write(root.join("conf.d/02-bad.conf"), "shared_buffers = 1mb\n").expect("write");
    std::fs::write(root.join("empty/notes.md"), "# notes\n").expect("write");

    let outcome = |args: &[&str]| {
        let output = Command::new(env!("CARGO_BIN_EXE_pgconf-lsp"))
            .args(args)
            .current_dir(&root)
            .output()
            .expect("the binary runs");
        let stdout = String::from_utf8_lossy(&output.stdout);
        let last = stdout.lines().last().unwrap_or_default().to_string();
        let stderr = String::from_utf8_lossy(&output.stderr).trim().to_string();
        format!("{} => {:?}: {last}{stderr}", args.join(" "), output.status.code())
    };
    let report = [
        outcome(&["check", "--kind", "pgconf", "conf.d"]),
        outcome(&["check", "conf.d"]),
        outcome(&["check", "empty"]),
    ];
    let _ = std::fs::remove_dir_all(&root);
    expect![[r#"
        check --kind pgconf conf.d => Some(1): 1 file checked: 1 error, 0 warnings, 0 information, 1 hint
        check conf.d => Some(2): pgconf-lsp: conf.d: no file of a kind pgconf-lsp reads in this folder; name the files or pass --kind
        check empty => Some(2): pgconf-lsp: empty: no file of a kind pgconf-lsp reads in this folder; name the files or pass --kind"#]].assert_eq(&report.join("\n"));
}

/// The sorted rule codes `check --format json PATH` reports, run from `dir`.
fn rule_codes(dir: &Path, path: &str) -> Vec<String> {
    rule_codes_of(dir, &[path])
}

/// The sorted rule codes `check --format json ARGS…` reports, run from `dir`.
fn rule_codes_of(dir: &Path, args: &[&str]) -> Vec<String> {
    let output = Command::new(env!("CARGO_BIN_EXE_pgconf-lsp"))
        .args(["check", "--format", "json"])
        .args(args)
        .current_dir(dir)
        .output()
        .expect("the binary runs");
    let json: Value = serde_json::from_slice(&output.stdout).unwrap_or(Value::Null);
    let mut rules: Vec<String> = json
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|finding| Some(finding["code"].as_str()?.to_string()))
        .collect();
    rules.sort();
    rules
}

/// A fragment a neighbour includes is judged as one however its path is typed: from its
/// own folder, from the including file's, or absolute.
#[test]
fn fragments_are_known_however_their_path_is_typed() {
    let root = std::env::temp_dir().join(format!("pgconf-lsp-e2e-frag-{}", std::process::id()));
    std::fs::create_dir_all(root.join("inc")).expect("create inc");
    std::fs::write(
        root.join("pgbouncer.ini"),
        "[pgbouncer]\nlisten_addr = 127.0.0.1\nadmin_users = ops\n%include inc/extra.ini\n",
    )
    .expect("write pgbouncer.ini");
    std::fs::write(root.join("inc/extra.ini"), "max_client_conn = 500\n").expect("write");
    let absolute = root.join("inc/extra.ini").to_string_lossy().into_owned();
    let kind = ["--kind", "pgbouncer"];
    let report = [
        format!(
            "own folder: {:?}",
            rule_codes_of(&root.join("inc"), &[kind[0], kind[1], "extra.ini"])
        ),
        format!("above: {:?}", rule_codes_of(&root, &[kind[0], kind[1], "inc/extra.ini"])),
        format!("absolute: {:?}", rule_codes_of(&root, &[kind[0], kind[1], &absolute])),
    ];
    let _ = std::fs::remove_dir_all(&root);
    expect![[r#"
        own folder: []
        above: []
        absolute: []"#]]
    .assert_eq(&report.join("\n"));
}
