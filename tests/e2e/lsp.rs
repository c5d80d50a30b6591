//! The language server over stdio, driven as an editor drives it.

use expect_test::{expect, Expect};
use serde_json::{json, Value};

use crate::client::{file_uri, Client};

/// Client capabilities of an editor that speaks UTF-16, as VS Code does.
fn utf16_client() -> Value {
    json!({ "general": { "positionEncodings": ["utf-16"] } })
}

/// One line per diagnostic: `line:col-line:col severity code: message`, 0-based.
fn render(diagnostics: &[Value]) -> String {
    let severities = ["", "error", "warning", "information", "hint"];
    let lines: Vec<String> = diagnostics
        .iter()
        .map(|diagnostic| {
            let range = &diagnostic["range"];
            let severity = diagnostic["severity"].as_u64().unwrap_or(0) as usize;
            format!(
                "{}:{}-{}:{} {} {}: {}",
                range["start"]["line"],
                range["start"]["character"],
                range["end"]["line"],
                range["end"]["character"],
                severities[severity],
                diagnostic["code"].as_str().unwrap_or("?"),
                diagnostic["message"].as_str().unwrap_or("?"),
            )
        })
        .collect();
    lines.join("\n")
}

fn codes(diagnostics: &[Value]) -> Vec<String> {
    diagnostics.iter().map(|diagnostic| diagnostic["code"].as_str().unwrap_or("").into()).collect()
}

fn errors(diagnostics: &[Value]) -> usize {
    diagnostics.iter().filter(|diagnostic| diagnostic["severity"] == 1).count()
}

/// Applies LSP text edits with UTF-16 positions to `text`.
pub fn apply_edits(text: &str, edits: &[Value]) -> String {
    let mut edits: Vec<(usize, usize, String)> = edits
        .iter()
        .map(|edit| {
            let start = utf16_offset(text, &edit["range"]["start"]);
            let end = utf16_offset(text, &edit["range"]["end"]);
            (start, end, edit["newText"].as_str().unwrap_or_default().to_string())
        })
        .collect();
    edits.sort_by_key(|edit| std::cmp::Reverse(edit.0));

    let mut text = text.to_string();
    for (start, end, new_text) in edits {
        text.replace_range(start..end, &new_text);
    }
    text
}

/// The byte offset of an LSP position (UTF-16 columns), clamped as LSP says.
fn utf16_offset(text: &str, position: &Value) -> usize {
    let line = position["line"].as_u64().unwrap_or(0) as usize;
    let column = position["character"].as_u64().unwrap_or(0) as usize;
    let mut line_start = 0;
    for _ in 0..line {
        match text[line_start..].find('\n') {
            Some(at) => line_start += at + 1,
            None => return text.len(),
        }
    }
    let line_end = text[line_start..].find('\n').map_or(text.len(), |at| line_start + at);
    let line_text = text[line_start..line_end].trim_end_matches('\r');

    let mut units = 0;
    for (at, ch) in line_text.char_indices() {
        units += ch.len_utf16();
        if units > column {
            return line_start + at;
        }
    }
    line_start + line_text.len()
}

/// Opens `text`, applies the first quick fix offered for the diagnostic `code`, and
/// checks that the diagnostic goes and no error comes.
#[track_caller]
fn fix_flow(name: &str, language_id: &str, text: &str, code: &str, expect: Expect) {
    let mut client = Client::spawn("info");
    client.initialize(utf16_client(), json!({}));
    let uri = file_uri(name);

    client.notify(
        "textDocument/didOpen",
        json!({ "textDocument": {
            "uri": uri, "languageId": language_id, "version": 1, "text": text,
        }}),
    );
    let before = client.diagnostics_for_version(&uri, 1);
    let diagnostic = before
        .iter()
        .find(|diagnostic| diagnostic["code"] == code)
        .unwrap_or_else(|| panic!("no {code} in:\n{}", render(&before)))
        .clone();

    let actions = client.request(
        "textDocument/codeAction",
        json!({
            "textDocument": { "uri": uri },
            "range": diagnostic["range"],
            "context": { "diagnostics": [diagnostic], "only": ["quickfix"] },
        }),
    );
    let action = actions
        .as_array()
        .and_then(|actions| {
            actions.iter().find(|action| action["diagnostics"][0]["code"] == code).cloned()
        })
        .unwrap_or_else(|| panic!("no quick fix for {code}: {actions}"));
    assert_eq!(action["kind"], "quickfix");
    let edits = action["edit"]["changes"][&uri].as_array().cloned().unwrap_or_default();
    let fixed = apply_edits(text, &edits);

    // Sent last edit first, so that each applies to positions the others leave alone.
    let mut changes: Vec<Value> = edits
        .iter()
        .map(|edit| json!({ "range": edit["range"], "text": edit["newText"] }))
        .collect();
    changes.sort_by_key(|change| {
        let start = &change["range"]["start"];
        std::cmp::Reverse((start["line"].as_u64(), start["character"].as_u64()))
    });
    client.notify(
        "textDocument/didChange",
        json!({ "textDocument": { "uri": uri, "version": 2 }, "contentChanges": changes }),
    );
    let after = client.diagnostics_for_version(&uri, 2);
    client.shutdown();

    let gone = codes(&after).iter().filter(|c| *c == code).count()
        < codes(&before).iter().filter(|c| *c == code).count();
    assert!(gone, "{code} is still there after its fix:\n{}", render(&after));
    assert!(errors(&after) <= errors(&before), "the fix added an error:\n{}", render(&after));

    let report = format!(
        "before:\n{}\nfix: {}\nafter:\n{}\ntext:\n{fixed}",
        render(&before),
        action["title"].as_str().unwrap_or("?"),
        render(&after)
    );
    expect.assert_eq(&report);
}

#[test]
fn dotenv_sslmode_disable_is_fixed_through_a_quick_fix() {
    fix_flow(
        ".env",
        "dotenv",
        "DATABASE_URL=postgresql://app:s3cret@db.example.com:5432/app?sslmode=disable\n",
        "conn-sslmode-disable",
        expect![[r#"
            before:
            0:30-0:36 warning conn-password-in-string: This connection string carries a password in clear text, so anyone who can read this file, a log line or the process list learns it. Keep it in `~/.pgpass`, `PGPASSWORD` or a secret store instead.
            0:37-0:51 hint conn-keepalives-missing: No `keepalives_idle`: the operating system waits about two hours before the first keepalive probe, while NAT gateways and load balancers drop idle connections after minutes (240 s assumed) without telling either end. Add `keepalives_idle` below 240 s.
            0:69-0:76 error conn-sslmode-disable: `sslmode=disable` sends everything, the password exchange included, in plain text across the network. Use `verify-full` to encrypt and to check the server's certificate.
            fix: Use `sslmode=verify-full`
            after:
            0:30-0:36 warning conn-password-in-string: This connection string carries a password in clear text, so anyone who can read this file, a log line or the process list learns it. Keep it in `~/.pgpass`, `PGPASSWORD` or a secret store instead.
            0:37-0:51 hint conn-keepalives-missing: No `keepalives_idle`: the operating system waits about two hours before the first keepalive probe, while NAT gateways and load balancers drop idle connections after minutes (240 s assumed) without telling either end. Add `keepalives_idle` below 240 s.
            0:69-0:80 hint conn-verify-without-sslrootcert: With `sslmode=verify-full` and no `sslrootcert` (nor `PGSSLROOTCERT`), libpq trusts only `~/.postgresql/root.crt` and refuses to connect when it is missing. Name the server's CA file, or `sslrootcert=system` (libpq 16+) for a publicly trusted certificate.
            text:
            DATABASE_URL=postgresql://app:s3cret@db.example.com:5432/app?sslmode=verify-full
        "#]],
    );
}

#[test]
fn hba_hostnossl_is_fixed_through_a_quick_fix() {
    fix_flow(
        "pg_hba.conf",
        "pghba",
        "# TYPE  DATABASE USER ADDRESS      METHOD\nhostnossl all  all  10.0.0.0/8  scram-sha-256\n",
        "hba-hostnossl-remote",
        expect![[r#"
            before:
            1:0-1:9 warning hba-hostnossl-remote: `hostnossl` accepts only connections without TLS from 10.0.0.0/8, so passwords and data can cross the network in plain text. Use `hostssl` to require TLS.
            1:10-1:13 information hba-no-replication-rule: No line admits physical replication, and `all` does not cover it: standbys, pg_basebackup and WAL-streaming backup tools are refused. If you use them, add a line such as `hostssl replication replicator 10.0.0.0/8 scram-sha-256`.
            fix: Change to `hostssl`
            after:
            1:8-1:11 information hba-no-replication-rule: No line admits physical replication, and `all` does not cover it: standbys, pg_basebackup and WAL-streaming backup tools are refused. If you use them, add a line such as `hostssl replication replicator 10.0.0.0/8 scram-sha-256`.
            text:
            # TYPE  DATABASE USER ADDRESS      METHOD
            hostssl all  all  10.0.0.0/8  scram-sha-256
        "#]],
    );
}

/// 200 incremental edits sent without waiting: the server must end with the client's
/// text, which shows in the last diagnostics, computed for the last version.
#[test]
fn rapid_incremental_edits_apply_in_order() {
    let mut client = Client::spawn("info");
    client.initialize(utf16_client(), json!({}));
    let uri = file_uri("rapid/.env");
    let mut text = String::from("# ünïcödé 😀\r\nA=1\r\n");
    client.notify(
        "textDocument/didOpen",
        json!({ "textDocument": { "uri": uri, "languageId": "dotenv", "version": 1, "text": text } }),
    );

    let mut version = 1;
    for step in 0..200u32 {
        version += 1;
        let line_count = text.split('\n').count() as u32;
        let line = (step * 7) % line_count;
        let change = match step % 4 {
            0 => json!({ "range": range(line, 0, line, 0),
                         "text": format!("U{step}=postgres://db{step}.example.com/app?sslmode=disable\r\n") }),
            1 => json!({ "range": range(line, 0, line, 1), "text": "é😀" }),
            2 => json!({ "range": range(line, 2, line, 4), "text": "" }),
            _ => json!({ "range": range(line, 99, line + 1, 0), "text": "\n" }),
        };
        text =
            apply_edits(&text, &[json!({ "range": change["range"], "newText": change["text"] })]);
        client.notify(
            "textDocument/didChange",
            json!({ "textDocument": { "uri": uri, "version": version }, "contentChanges": [change] }),
        );
    }

    let last = client.diagnostics_for_version(&uri, version);
    let hover_line = text.split('\n').position(|line| line.contains("postgres://"));
    client.shutdown();

    let expected = expected_diagnostics(&text);
    assert_eq!(render(&last), expected, "the server's text differs from the client's");
    assert!(hover_line.is_some() && !last.is_empty(), "the edits left nothing to check");
}

fn range(start_line: u32, start_col: u32, end_line: u32, end_col: u32) -> Value {
    json!({
        "start": { "line": start_line, "character": start_col },
        "end": { "line": end_line, "character": end_col },
    })
}

/// What the server should publish for `text`, computed by the library itself.
fn expected_diagnostics(text: &str) -> String {
    use pgconf_lsp::line_index::{Encoding, LineIndex};

    let findings = pgconf_lsp::analysis::analyze(
        pgconf_lsp::kind::FileKind::DotEnv,
        text,
        &pgconf_lsp::settings::Settings::default(),
    );
    let index = LineIndex::new(text);
    let diagnostics: Vec<Value> = findings
        .iter()
        .map(|finding| {
            let start = index.line_col(finding.span.start, Encoding::Utf16);
            let end = index.line_col(finding.span.end, Encoding::Utf16);
            let severity = finding.severity as u64 + 1;
            json!({
                "range": range(start.line, start.col, end.line, end.col),
                "severity": severity,
                "code": finding.rule.name,
                "message": finding.message,
            })
        })
        .collect();
    render(&diagnostics)
}

/// With every log level on, a password in a document appears in no message the server
/// sends and nowhere in its log, whatever the client asks.
#[test]
fn a_password_appears_nowhere_even_at_trace_level() {
    let password = "Sup3r-s3cret-e2e";
    let text = format!(
        "DATABASE_URL=postgresql://app:{password}@db.example.com/app?sslmode=require\n\
         OTHER=host=db.example.com user=app password={password} sslmode=prefer\n"
    );
    let mut client = Client::spawn("trace");
    client.initialize(utf16_client(), json!({}));
    let uri = file_uri("secrets/.env");
    client.notify(
        "textDocument/didOpen",
        json!({ "textDocument": { "uri": uri, "languageId": "dotenv", "version": 1, "text": text } }),
    );
    client.diagnostics_for_version(&uri, 1);

    let mut hovers = Vec::new();
    for (line, line_text) in text.lines().enumerate() {
        for column in 0..line_text.len() as u32 {
            let position = json!({ "line": line, "character": column });
            let hover = client.request(
                "textDocument/hover",
                json!({ "textDocument": { "uri": uri }, "position": position }),
            );
            hovers.push(hover.to_string());
        }
        let actions = client.request(
            "textDocument/codeAction",
            json!({
                "textDocument": { "uri": uri },
                "range": range(line as u32, 0, line as u32, line_text.len() as u32),
                "context": { "diagnostics": [] },
            }),
        );
        // The one action that must carry the password is the rewrite that moves it to a
        // line of its own: it goes to the editor, which holds the text already.
        if let Some(actions) = actions.as_array() {
            for action in actions.iter().filter(|action| action.to_string().contains(password)) {
                assert_eq!(action["title"], "Move the password to a PGPASSWORD line", "{action}");
                assert_eq!(action["kind"], "refactor.rewrite", "{action}");
            }
        }
        client.transcript.retain(|message| {
            !message.contains("Move the password to a PGPASSWORD line")
                || !message.contains("\"id\"")
        });
    }
    let transcript = client.transcript.join("\n");
    let log = client.shutdown();

    assert!(hovers.iter().any(|hover| hover.contains("****")), "no hover masked the password");
    assert!(!transcript.contains(password), "the password reached the protocol output");
    assert!(!log.contains(password), "the password reached the log");
    assert!(log.contains("TRACE") || log.contains("DEBUG"), "trace logging was not on");
}

#[test]
fn utf8_is_used_when_the_client_offers_it() {
    let mut client = Client::spawn("info");
    let result = client
        .initialize(json!({ "general": { "positionEncodings": ["utf-8", "utf-16"] } }), json!({}));
    client.shutdown();
    expect![[r#""utf-8""#]].assert_eq(&result["capabilities"]["positionEncoding"].to_string());
}

/// Every quick fix offered on the shipped examples, applied through the server, removes
/// its diagnostic and adds no error.
#[test]
fn every_quick_fix_on_the_examples_removes_its_diagnostic() {
    let examples = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../examples");
    let (inputs, problems) =
        pgconf_lsp::cli::check::collect_inputs(std::slice::from_ref(&examples), None);
    assert!(problems.is_empty(), "{problems:?}");
    let names: Vec<(String, &str)> = inputs
        .iter()
        .map(|input| {
            let name = input.path.strip_prefix(&examples).unwrap_or(&input.path);
            (name.display().to_string(), input.kind.name())
        })
        .collect();
    let mut client = Client::spawn("info");
    client.initialize(utf16_client(), json!({}));

    let mut applied = Vec::new();
    let mut opened = 0;
    for (name, language_id) in &names {
        let name = name.as_str();
        let text = std::fs::read_to_string(examples.join(name)).expect("an example");
        let uri = file_uri(&format!("examples/{name}"));
        client.notify(
            "textDocument/didOpen",
            json!({ "textDocument": { "uri": uri, "languageId": language_id, "version": 1, "text": text } }),
        );
        let diagnostics = client.diagnostics_for_version(&uri, 1);
        client.notify("textDocument/didClose", json!({ "textDocument": { "uri": uri } }));

        for diagnostic in diagnostics {
            let code = diagnostic["code"].as_str().unwrap_or_default().to_string();
            opened += 1;
            let uri = file_uri(&format!("fixes/{opened}/{name}"));
            client.notify(
                "textDocument/didOpen",
                json!({ "textDocument": { "uri": uri, "languageId": language_id, "version": 1, "text": text } }),
            );
            let before = client.diagnostics_for_version(&uri, 1);
            let actions = client.request(
                "textDocument/codeAction",
                json!({
                    "textDocument": { "uri": uri },
                    "range": diagnostic["range"],
                    "context": { "diagnostics": [diagnostic] },
                }),
            );
            let action = actions.as_array().and_then(|actions| {
                actions.iter().find(|action| {
                    action["diagnostics"][0]["code"] == code.as_str()
                        && action["diagnostics"][0]["range"] == diagnostic["range"]
                })
            });
            let Some(action) = action.cloned() else {
                client.notify("textDocument/didClose", json!({ "textDocument": { "uri": uri } }));
                continue;
            };

            let edits = action["edit"]["changes"][&uri].as_array().cloned().unwrap_or_default();
            let fixed = apply_edits(&text, &edits);
            client.notify(
                "textDocument/didChange",
                json!({
                    "textDocument": { "uri": uri, "version": 2 },
                    "contentChanges": [{ "text": fixed }],
                }),
            );
            let after = client.diagnostics_for_version(&uri, 2);
            client.notify("textDocument/didClose", json!({ "textDocument": { "uri": uri } }));

            let same = |other: &&Value| {
                other["code"] == code.as_str() && other["message"] == diagnostic["message"]
            };
            let gone = after.iter().filter(same).count() < before.iter().filter(same).count();
            assert!(gone, "{name}: `{}` left {code}:\n{}", action["title"], render(&after));
            assert!(
                errors(&after) <= errors(&before) - usize::from(diagnostic["severity"] == 1),
                "{name}: `{}` added an error:\n{}",
                action["title"],
                render(&after)
            );
            applied.push(format!("{name}: {code}: {}", action["title"].as_str().unwrap_or("?")));
        }
    }
    client.shutdown();

    expect![[r#"
        app/.env: conn-keepalives-missing: Send TCP keepalives after 60 s of silence
        app/.env: conn-sslmode-disable: Use `sslmode=verify-full`
        app/.env: conn-postgres-scheme-sqlalchemy: Use the `postgresql` scheme
        app/.env: conn-keepalives-missing: Send TCP keepalives after 60 s of silence
        app/.env: conn-sslmode-require: Use `sslmode=verify-full`
        app/.env: conn-sslmode-plaintext-fallback: Add `sslmode=verify-full`
        app/.env: conn-keepalives-missing: Send TCP keepalives after 60 s of silence
        app/.env: conn-keepalives-missing: Send TCP keepalives after 60 s of silence
        app/.env: conn-sslmode-plaintext-fallback: Use `sslmode=verify-full`
        app/.env: conn-keepalives-missing: Send TCP keepalives after 60 s of silence
        app/.env: conn-sslmode-verify-ca: Use `sslmode=verify-full`
        app/.env: conn-sslmode-plaintext-fallback: Add `sslmode=verify-full`
        app/.env: conn-keepalives-missing: Send TCP keepalives after 60 s of silence
        app/.env: conn-unknown-parameter: Change to `sslmode`
        app/.env: conn-keepalives-missing: Send TCP keepalives after 60 s of silence
        app/application.properties: conn-sslmode-plaintext-fallback: Use `sslmode=verify-full`
        app/appsettings.json: conn-sslmode-plaintext-fallback: Add `SSL Mode=VerifyFull`
        app/deploy.sh: conn-sslmode-verify-ca: Use `sslmode=verify-full`
        app/docker-compose.yml: conn-postgres-scheme-sqlalchemy: Use the `postgresql` scheme
        app/docker-compose.yml: conn-keepalives-missing: Send TCP keepalives after 60 s of silence
        app/docker-compose.yml: conn-sslmode-require: Use `sslmode=verify-full`
        app/docker-compose.yml: conn-postgres-scheme-sqlalchemy: Use the `postgresql` scheme
        app/docker-compose.yml: conn-sslmode-plaintext-fallback: Set `PGSSLMODE=verify-full`
        app/k8s/deployment.yaml: conn-sslmode-disable: Use `sslmode=verify-full`
        db/pg_hba.conf: hba-host-plaintext: Change to `hostssl`
        db/pg_hba.conf: hba-hostnossl-remote: Change to `hostssl`
        db/pg_hba.conf: hba-md5: Change to `scram-sha-256`
        db/pg_hba.conf: hba-host-plaintext: Change to `hostssl`
        db/pg_hba.conf: hba-password-cleartext: Change to `scram-sha-256`
        db/pg_hba.conf: hba-host-plaintext: Change to `hostssl`
        db/pg_hba.conf: hba-trust-remote: Change to `scram-sha-256`
        db/pg_hba.conf: hba-unknown-connection-type: Change to `host`
        db/pg_hba.conf: hba-unknown-method: Change to `scram-sha-256`
        db/postgresql.conf: conf-keepalives-unset: Set tcp_keepalives_idle = 60, tcp_keepalives_interval = 10, tcp_keepalives_count = 6
        db/postgresql.conf: conf-invalid-unit: Change to 64MB
        db/postgresql.conf: conf-unknown-parameter: Remove this line
        mistakes/app/.env: conn-keepalives-missing: Send TCP keepalives after 60 s of silence
        mistakes/app/.env: conn-invalid-sslmode: Use `sslmode=verify-full`
        mistakes/app/.env: conn-keepalives-missing: Send TCP keepalives after 60 s of silence
        mistakes/app/.env: conn-invalid-value: Use `target_session_attrs=primary`
        mistakes/app/.env: conn-keepalives-missing: Send TCP keepalives after 60 s of silence
        mistakes/app/.env: conn-sslmode-require-verifies-ca: Use `sslmode=verify-full`
        mistakes/app/.env: conn-keepalives-missing: Send TCP keepalives after 60 s of silence
        mistakes/app/.env: conn-sslrootcert-system-weak-sslmode: Use `sslmode=verify-full`
        mistakes/app/.env: conn-unencoded-userinfo-char: Percent-encode the password
        mistakes/app/.env: conn-keepalives-missing: Send TCP keepalives after 60 s of silence
        mistakes/app/.env: conn-sslmode-plaintext-fallback: Add `sslmode=verify-full`
        mistakes/app/.env: conn-keepalives-missing: Send TCP keepalives after 60 s of silence
        mistakes/app/.env: conn-uri-keyword-after-space: Move the settings into the query
        mistakes/app/.env: conn-uri-socket-path-in-path: Move the socket directory into the host
        mistakes/app/.env: env-duplicate-key: Remove the earlier assignment
        mistakes/app/.env: conn-keepalives-missing: Send TCP keepalives after 60 s of silence
        mistakes/app/.env: conn-keepalives-missing: Send TCP keepalives after 60 s of silence
        mistakes/app/.env: conn-sslmode-plaintext-fallback: Add `sslmode=verify-full`
        mistakes/app/.env: conn-keepalives-missing: Send TCP keepalives after 60 s of silence
        mistakes/app/.env: conn-sslnegotiation-direct-weak-sslmode: Use `sslmode=verify-full`
        mistakes/app/.env: conn-keepalives-missing: Send TCP keepalives after 60 s of silence
        mistakes/app/.env: conn-keepalives-missing: Send TCP keepalives after 60 s of silence
        mistakes/app/.env: conn-sslmode-disable: Use `sslmode=verify-full`
        mistakes/app/.env: conn-channel-binding-without-tls: Use `sslmode=verify-full`
        mistakes/app/.env: conn-keepalives-missing: Send TCP keepalives after 60 s of silence
        mistakes/app/.env: conn-multi-host-without-target-session-attrs: Add `target_session_attrs=read-write`
        mistakes/app/.env: conn-keepalives-missing: Send TCP keepalives after 60 s of silence
        mistakes/data-15/postgresql.conf: conf-duplicate-setting: Remove this line
        mistakes/data-15/postgresql.conf: conf-parameter-removed: Replace with wal_keep_size = 512MB
        mistakes/data-15/postgresql.conf: conf-read-only-parameter: Remove this line
        mistakes/data-15/postgresql.conf: conf-password-encryption-md5: Change to scram-sha-256
        mistakes/data-15/postgresql.conf: conf-ssl-min-protocol-old: Change to TLSv1.2
        mistakes/db/pg_hba.conf: hba-address-missing-mask: Match this one host: `10.2.0.5/32`
        mistakes/db/pg_hba.conf: hba-cidr-host-bits: Match only 10.3.0.17
        mistakes/db/pg_hba.conf: hba-local-ident-is-peer: Change to `peer`
        mistakes/db/pg_hba.conf: hba-missing-ipv6-loopback: Add the same line for IPv6 loopback `::1/128`
        mistakes/db/pg_hba.conf: hba-unreachable-rule: Remove the unreachable line
        mistakes/db/pg_hba.conf: hba-host-plaintext: Change to `hostssl`
        mistakes/db/postgresql.conf: conf-keepalives-idle-too-long: Change to 60
        mistakes/db/postgresql.conf: conf-syntax-error: Write the value as 'HIGH:!aNULL'
        mistakes/db/postgresql.conf: conf-syntax-error: Write the value as '10.0.0.5'
        mistakes/db/postgresql.conf: conf-invalid-value: Change to 'Europe/Berlin'
        mistakes/django-app/.env: conn-postgres-scheme-sqlalchemy: Use the `postgresql` scheme
        mistakes/django-app/.env: conn-keepalives-missing: Send TCP keepalives after 60 s of silence
        mistakes/django-app/.env: conn-unknown-parameter: Change to `keepalives_idle`
        mistakes/dotnet-app/appsettings.json: conn-npgsql-libpq-form: Rewrite as Npgsql's `Key=Value;` pairs
        mistakes/hba-template/pg_hba.conf: hba-template-placeholder: Remove the placeholder
        mistakes/hba-template/pg_hba.conf: hba-template-placeholder: Replace with `scram-sha-256`
        mistakes/ident/pg_ident.conf: ident-ignored-fields: Remove the ignored fields
        mistakes/ident/pg_ident.conf: ident-duplicate-line: Remove the repeated line
        mistakes/java-app/.env: conn-jdbc-userinfo: Move the user and password into the query
        mistakes/java-app/.env: conn-jdbc-scheme: Use the `jdbc:postgresql://` scheme
        mistakes/java-app/.env: conn-jdbc-semicolon-parameters: Write the settings after `?`
        mistakes/node-app/.env: conn-sslmode-plaintext-fallback: Add `sslmode=verify-full`
        mistakes/node-app/.env: conn-keepalives-missing: Send TCP keepalives after 60 s of silence
        mistakes/node-app/.env: conn-keepalives-missing: Send TCP keepalives after 60 s of silence
        mistakes/node-app/.env: conn-keepalives-missing: Send TCP keepalives after 60 s of silence
        mistakes/node-app/.env: conn-sslmode-require: Use `sslmode=verify-full`
        mistakes/node-app/.env: conn-keepalives-missing: Send TCP keepalives after 60 s of silence
        mistakes/node-app/.env: conn-invalid-sslmode: Use `sslmode=verify-full`
        mistakes/pooled-app/pgbouncer.ini: pgb-ignore-startup-parameters: Ignore extra_float_digits
        mistakes/pooler/pgbouncer.ini: pgb-entry-unknown-key: Change to pool_size
        mistakes/pooler/pgbouncer.ini: pgb-entry-syntax: Quote the value and double its quote characters
        mistakes/pooler/pgbouncer.ini: pgb-ignore-startup-parameters: Ignore extra_float_digits
        mistakes/pooler/pgbouncer.ini: pgb-unknown-setting: Change to max_client_conn
        mistakes/pooler/pgbouncer.ini: pgb-inline-comment: Move the comment to its own line
        mistakes/pooler/pgbouncer.ini: pgb-client-tls-client-cert: Accept clients without a certificate (require)
        mistakes/pooler/pgbouncer.ini: pgb-unknown-section: Change to [pgbouncer]
        mistakes/pooler-files/pgbouncer.ini: pgb-tcp-keepalive: Turn on TCP keepalives with short timings
        mistakes/pooler-files/pgbouncer.ini: pgb-auth-plain: Use scram-sha-256
        mistakes/pooler-files/pgbouncer.ini: pgb-tls-key-cert-swapped: Swap the values of server_tls_key_file and server_tls_cert_file
        mistakes/pooler-plain-auth/pgbouncer.ini: pgb-ignore-startup-parameters: Ignore extra_float_digits
        mistakes/pooler-plain-auth/pgbouncer.ini: pgb-auth-plain: Use scram-sha-256
        mistakes/pooler-startup/pgbouncer.ini: pgb-prepared-statements: Set max_prepared_statements = 200
        mistakes/pooler-startup/pgbouncer.ini: pgb-server-tls-sslmode: Verify the server's certificate and host name
        mistakes/pooler-startup/pgbouncer.ini: pgb-duplicate-key: Remove the earlier line
        mistakes/pooler-userlist/userlist.txt: pgb-userlist-unescaped-quote: Double the quote characters inside the secret
        mistakes/pooler-userlist/userlist.txt: pgb-userlist-syntax: Start the comment with ;
        mistakes/pooler-without-main-section/pgbouncer.ini: pgb-missing-main-section: Add an empty [pgbouncer] section
        mistakes/prisma-app/.env: conn-keepalives-missing: Send TCP keepalives after 60 s of silence
        mistakes/prisma-app/.env: conn-keepalives-missing: Send TCP keepalives after 60 s of silence
        mistakes/prisma-app/.env: conn-sslmode-require: Use `sslmode=verify-full`
        mistakes/prisma-app/.env: conn-keepalives-missing: Send TCP keepalives after 60 s of silence
        mistakes/prisma-app/.env: conn-sslmode-require: Use `sslmode=verify-full`
        mistakes/python-app/.env: conn-postgres-scheme-sqlalchemy: Use the `postgresql` scheme
        mistakes/python-app/.env: conn-asyncpg-sslmode: Use `ssl=verify-full`
        mistakes/shell/release.sh: shell-unquoted-metacharacter: Put the whole value in single quotes
        pooler/pgbouncer.ini: pgb-ignore-startup-parameters: Ignore extra_float_digits
        pooler/pgbouncer.ini: pgb-auth-trust: Use scram-sha-256
        pooler/pgbouncer.ini: pgb-server-idle-timeout: Set server_idle_timeout = 55
        pooler/pgbouncer.ini: pgb-tcp-keepalive: Turn on TCP keepalives with short timings
        pooler/pgbouncer.ini: pgb-server-tls-sslmode: Verify the server's certificate and host name"#]].assert_eq(&applied.join("\n"));
}

/// The middlebox idle timeout from `initializationOptions`, then from
/// `didChangeConfiguration`, decides whether keepalives after 300 s are soon enough.
#[test]
fn settings_from_the_client_change_the_findings() {
    let text = "DATABASE_URL=postgresql://app@db.example.com/app?sslmode=verify-full\
        &sslrootcert=/etc/ssl/ca.pem&keepalives=1&keepalives_idle=300\n";
    let mut client = Client::spawn("info");
    client.initialize(utf16_client(), json!({ "middleboxIdleTimeout": 350 }));
    let uri = file_uri("settings/.env");
    client.notify(
        "textDocument/didOpen",
        json!({ "textDocument": { "uri": uri, "languageId": "dotenv", "version": 1, "text": text } }),
    );
    let with_350 = client.diagnostics_for_version(&uri, 1);

    client.notify(
        "workspace/didChangeConfiguration",
        json!({ "settings": { "pgconfLsp": { "middleboxIdleTimeout": 240 } } }),
    );
    let with_240 = client.diagnostics_where(&uri, |params| {
        params["diagnostics"].as_array().is_some_and(|diagnostics| !diagnostics.is_empty())
    });
    client.shutdown();

    let with_240 = with_240["diagnostics"].as_array().cloned().unwrap_or_default();
    let report = format!("350 s:\n{}\n240 s:\n{}", render(&with_350), render(&with_240));
    expect![[r#"
        350 s:
        0:81-0:96 warning conn-sslrootcert-missing: The root certificate file `/etc/ssl/ca.pem` does not exist here, so libpq refuses to connect: it has nothing to check the server's certificate against.
        240 s:
        0:81-0:96 warning conn-sslrootcert-missing: The root certificate file `/etc/ssl/ca.pem` does not exist here, so libpq refuses to connect: it has nothing to check the server's certificate against.
        0:126-0:129 hint conn-keepalives-missing: `keepalives_idle=300` is not below the 240 s after which NAT gateways and load balancers drop idle connections, so the first probe comes too late to keep the connection alive."#]].assert_eq(&report);
}

/// A message that is not JSON, or has no length, is dropped and the session goes on; a
/// `"params": null` on `shutdown` is accepted.
#[test]
fn broken_messages_do_not_stop_the_server() {
    let mut client = Client::spawn("info");
    client.initialize(utf16_client(), json!({}));

    client.send_raw(b"Content-Length: 5\r\n\r\n{bad}");
    client.send_raw(b"X-Nonsense: yes\r\n\r\n");
    let result = client.request(
        "textDocument/hover",
        json!({
            "textDocument": { "uri": file_uri("nowhere/.env") },
            "position": { "line": 0, "character": 0 },
        }),
    );
    assert_eq!(result, Value::Null);

    let body = r#"{"jsonrpc":"2.0","id":99,"method":"shutdown","params":null}"#;
    client.send_raw(format!("Content-Length: {}\r\n\r\n{body}", body.len()).as_bytes());
    let response = client.response(99);
    assert!(response.get("error").is_none(), "{response}");
    let log = client.exit();
    assert!(log.contains("dropped a message that is not JSON"), "{log}");
}

/// JSON that is not a JSON-RPC message (a batch, a number, an object without `method` or
/// a response's `id`, a request with a `null` id) is dropped and the session goes on: the
/// next request still gets its answer.
#[test]
fn json_that_is_not_a_message_does_not_stop_the_server() {
    let mut client = Client::spawn("info");
    client.initialize(utf16_client(), json!({}));

    let bodies = [
        "[]",
        "1",
        "{}",
        r#"{"jsonrpc":"2.0"}"#,
        r#"[{"jsonrpc":"2.0","id":5,"method":"shutdown"}]"#,
        r#"{"jsonrpc":"2.0","id":null,"method":"textDocument/hover","params":{}}"#,
    ];
    for body in bodies {
        client.send_raw(format!("Content-Length: {}\r\n\r\n{body}", body.len()).as_bytes());
    }
    let result = client.request(
        "textDocument/hover",
        json!({
            "textDocument": { "uri": file_uri("nowhere/.env") },
            "position": { "line": 0, "character": 0 },
        }),
    );
    assert_eq!(result, Value::Null);

    let log = client.shutdown();
    assert!(log.contains("dropped a JSON body that is not a JSON-RPC message"), "{log}");
    assert!(!log.contains("failed to decode"), "{log}");
}

/// A connection string under the cursor can be rewritten in its other form.
#[test]
fn connection_strings_convert_between_forms() {
    let text = "DATABASE_URL=postgresql://app@db.example.com:5433/app?sslmode=verify-full\n";
    let mut client = Client::spawn("info");
    client.initialize(utf16_client(), json!({}));
    let uri = file_uri("convert/.env");
    client.notify(
        "textDocument/didOpen",
        json!({ "textDocument": { "uri": uri, "languageId": "dotenv", "version": 1, "text": text } }),
    );
    let actions = client.request(
        "textDocument/codeAction",
        json!({
            "textDocument": { "uri": uri },
            "range": range(0, 30, 0, 30),
            "context": { "diagnostics": [], "only": ["refactor"] },
        }),
    );
    client.shutdown();

    let report: Vec<String> = actions
        .as_array()
        .cloned()
        .unwrap_or_default()
        .iter()
        .map(|action| {
            let edits = action["edit"]["changes"][&uri].as_array().cloned().unwrap_or_default();
            format!("{} ({}):\n{}", action["title"], action["kind"], apply_edits(text, &edits))
        })
        .collect();
    expect![[r#"
        "Rewrite as keyword=value pairs" ("refactor.rewrite"):
        DATABASE_URL="user=app host=db.example.com port=5433 dbname=app sslmode=verify-full"
    "#]]
    .assert_eq(&report.join("\n"));
}

/// A pg_hba.conf that includes a file from a subfolder, both open in the editor (neither
/// on disk): the include's error shows on the include line, fixing the included file
/// republishes the pg_hba.conf, and the include line links and hovers to the file.
#[test]
fn pg_hba_includes_are_followed_through_open_documents() {
    let hba = "include hba.d/10-app.conf\nlocal all all peer\n";
    let included = "hots all all 10.0.0.0/8 scram-sha-256\n";
    let mut client = Client::spawn("info");
    client.initialize(utf16_client(), json!({ "postgresVersion": 16 }));
    let hba_uri = file_uri("hba/pg_hba.conf");
    let included_uri = file_uri("hba/hba.d/10-app.conf");
    client.notify(
        "textDocument/didOpen",
        json!({ "textDocument": {
            "uri": included_uri, "languageId": "pghba", "version": 1, "text": included
        } }),
    );
    client.notify(
        "textDocument/didOpen",
        json!({ "textDocument": { "uri": hba_uri, "languageId": "pghba", "version": 1, "text": hba } }),
    );
    let before = client.diagnostics_for_version(&hba_uri, 1);

    client.notify(
        "textDocument/didChange",
        json!({
            "textDocument": { "uri": included_uri, "version": 2 },
            "contentChanges": [{ "range": range(0, 0, 0, 4), "text": "host" }],
        }),
    );
    let after = client.diagnostics_where(&hba_uri, |params| {
        params["diagnostics"].as_array().is_some_and(|diagnostics| errors(diagnostics) == 0)
    });
    let at_name =
        json!({ "textDocument": { "uri": hba_uri }, "position": { "line": 0, "character": 12 } });
    let definition = client.request("textDocument/definition", at_name.clone());
    let hover = client.request("textDocument/hover", at_name);
    client.shutdown();

    let after = after["diagnostics"].as_array().cloned().unwrap_or_default();
    let report = format!(
        "before:\n{}\nafter:\n{}\ndefinition: {}\nhover: {}",
        render(&before),
        render(&after),
        definition["uri"],
        hover["contents"]["value"]
    );
    expect![[r#"
        before:
        0:0-0:25 error hba-unknown-connection-type: In `hba.d/10-app.conf` line 1: `hots` is not a connection type, so the server refuses to load the file. Did you mean `host`?
        1:6-1:9 information hba-no-replication-rule: No line admits physical replication, and `all` does not cover it: standbys, pg_basebackup and WAL-streaming backup tools are refused. If you use them, add a line such as `hostssl replication replicator 10.0.0.0/8 scram-sha-256`.
        after:
        1:6-1:9 information hba-no-replication-rule: No line admits physical replication, and `all` does not cover it: standbys, pg_basebackup and WAL-streaming backup tools are refused. If you use them, add a line such as `hostssl replication replicator 10.0.0.0/8 scram-sha-256`.
        definition: "file:///workspace/project/hba/hba.d/10-app.conf"
        hover: "**`include`** `hba.d/10-app.conf` — PostgreSQL 16 and later\n\nReads the lines of another file here, as if written in place. Resolves to `/workspace/project/hba/hba.d/10-app.conf`, which exists.""#]].assert_eq(&report);
}

/// A pgbouncer.ini on disk is judged with the file it includes, and go-to-definition on
/// the `%include` opens that file.
#[test]
fn pgbouncer_includes_are_followed_and_opened() {
    let dir = std::env::temp_dir().join(format!("pgconf-lsp-e2e-pgb-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("a temporary directory");
    std::fs::write(dir.join("more.ini"), "listen_backlog = many\n").expect("the include");
    let text = "[pgbouncer]\nlisten_addr = 127.0.0.1\n%include more.ini\n";
    let ini = dir.join("pgbouncer.ini");
    let uri = format!("file://{}", ini.display());

    let mut client = Client::spawn("info");
    client.initialize(utf16_client(), json!({}));
    client.notify(
        "textDocument/didOpen",
        json!({
            "textDocument": { "uri": uri, "languageId": "pgbouncer", "version": 1, "text": text },
        }),
    );
    let diagnostics = client.diagnostics_for_version(&uri, 1);
    let errors: Vec<Value> =
        diagnostics.into_iter().filter(|diagnostic| diagnostic["severity"] == 1).collect();
    let definition = client.request(
        "textDocument/definition",
        json!({ "textDocument": { "uri": uri }, "position": { "line": 2, "character": 12 } }),
    );
    let _ = std::fs::remove_dir_all(&dir);

    expect!["2:9-2:17 error pgb-invalid-value: In `more.ini` line 1: PgBouncer refuses this value: `listen_backlog` takes an integer."].assert_eq(&render(&errors));
    let target = definition["uri"].as_str().unwrap_or_default();
    assert!(target.ends_with("/more.ini"), "definition: {definition}");
}

/// A manifest created on disk outside the editor changes the open `.env`'s verdict once
/// the client reports the change with `workspace/didChangeWatchedFiles`.
#[test]
fn files_changed_on_disk_republish_the_open_documents_that_read_them() {
    let dir = std::env::temp_dir().join(format!("pgconf-lsp-e2e-watch-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("a temporary directory");
    let env = dir.join(".env");
    let text = "DATABASE_URL=postgresql://app@db.example.com/app?sslmode=require\n";
    std::fs::write(&env, text).expect("the .env");
    let uri = format!("file://{}", env.display());

    let mut client = Client::spawn("info");
    client.initialize(utf16_client(), json!({}));
    client.notify(
        "textDocument/didOpen",
        json!({
            "textDocument": { "uri": uri, "languageId": "dotenv", "version": 1, "text": text },
        }),
    );
    let before = codes(&client.diagnostics_for_version(&uri, 1));

    let manifest = dir.join("package.json");
    std::fs::write(&manifest, r#"{"dependencies": {"pg": "8"}}"#).expect("the manifest");
    let changes = [json!({ "uri": format!("file://{}", manifest.display()), "type": 1 })];
    client.notify("workspace/didChangeWatchedFiles", json!({ "changes": changes }));
    let node = "conn-node-sslmode-means-verify-full";
    let after = client.diagnostics_where(&uri, |params| params.to_string().contains(node));
    let after = codes(after["diagnostics"].as_array().map(Vec::as_slice).unwrap_or_default());
    let stderr = client.shutdown();
    let _ = std::fs::remove_dir_all(&dir);

    expect![[r#"
        before: ["conn-keepalives-missing", "conn-sslmode-require"]
        after: ["conn-node-sslmode-means-verify-full"]"#]]
    .assert_eq(&format!("before: {before:?}\nafter: {after:?}"));
    assert!(!stderr.contains("not implemented"), "{stderr}");
}

/// A client that can watch files dynamically is asked, once initialized, to watch the files
/// the server reads beside the open ones; a client that cannot is asked nothing.
#[test]
fn the_file_watcher_is_registered_with_clients_that_can_watch() {
    let mut client = Client::spawn("info");
    let capabilities = json!({
        "general": { "positionEncodings": ["utf-16"] },
        "workspace": { "didChangeWatchedFiles": { "dynamicRegistration": true } },
    });
    client.initialize(capabilities, json!({}));
    let request = client.answer_server_request("client/registerCapability", Value::Null);
    let stderr = client.shutdown();
    let registrations = &request["params"]["registrations"];
    expect![[r#"
        [
          {
            "id": "pgconf-lsp-watched-files",
            "method": "workspace/didChangeWatchedFiles",
            "registerOptions": {
              "watchers": [
                {
                  "globPattern": "**/{postgresql*.conf,pg_hba*.conf,pg_ident*.conf,pgbouncer.ini,userlist*.txt,.env*,package.json,requirements*.txt,pyproject.toml,go.mod,pom.xml,build.gradle*,*.csproj,Directory.Packages.props,PG_VERSION,*.conf,*.ini,*.pem,*.crt,*.key}"
                }
              ]
            }
          }
        ]"#]].assert_eq(&serde_json::to_string_pretty(registrations).unwrap_or_default());
    assert!(!stderr.contains("refused"), "{stderr}");

    let mut quiet = Client::spawn("info");
    quiet.initialize(utf16_client(), json!({}));
    let _ = quiet.request("shutdown", Value::Null);
    let asked = quiet.transcript.iter().any(|message| message.contains("registerCapability"));
    assert!(!asked, "a client without dynamic registration was asked to watch files");
    let _ = quiet.exit();
}
