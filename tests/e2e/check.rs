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
    expect![[r#""#]].assert_eq(&text(&output.stdout));
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
    expect![[r#""#]].assert_eq(&text(&output.stdout));
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
    expect![[r#""#]].assert_eq(&report.join("\n"));
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
