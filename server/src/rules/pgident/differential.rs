//! Differential test against the real server: every line of a pg_ident.conf that
//! PostgreSQL marks with an error must be an error of ours on that line, and no line it
//! accepts may be one.
//!
//! The judge is the `pg_ident_file_mappings` view (PostgreSQL 15 and later), which reads
//! the file on disk and reports an error per line; before 15, a reload, whose log names
//! the line of each error, or for a bad regular expression the expression, which stands
//! for the lines that use it (the corpus always holds an error, so the reload always fails
//! and the cluster keeps its maps). The cluster is a throwaway one of the real server,
//! started as in the pg_hba.conf differential test (`rules/pghba/differential.rs`).
//!
//! The corpus is `tests/ident/corpus.conf` plus deterministic mutations of each of its
//! lines. Included files the corpus names exist beside it (`ident.d/`), since following
//! includes is the business of `check_with_files`, not of `check`.
//!
//! The servers: Debian's PostgreSQL 15 and every directory of `PGCONF_HBA_SERVERS`
//! (`tests/hba/run-differential` sets it).

use std::collections::BTreeSet;
use std::fs;
use std::path::PathBuf;
use std::time::{Duration, Instant};

use super::{check, check_with_files};
use crate::disk::DiskFiles;
use crate::finding::Severity;
use crate::rules::pghba::differential::{Cluster, DEBIAN_BIN};
use crate::settings::Settings;
use crate::syntax::pgident;

/// The first major with the `pg_ident_file_mappings` view.
const VIEW_SINCE: u32 = 15;

#[test]
#[allow(clippy::print_stdout, reason = "the test reports its figures")]
fn real_server_agrees_line_by_line() {
    let corpus = corpus();
    let mut servers = vec![PathBuf::from(DEBIAN_BIN)];
    assert!(
        servers[0].join("postgres").exists(),
        "{DEBIAN_BIN}/postgres is missing: install Debian's postgresql-15 (tests/run does)"
    );
    if let Ok(list) = std::env::var("PGCONF_HBA_SERVERS") {
        servers.extend(list.split(':').filter(|dir| !dir.is_empty()).map(PathBuf::from));
    }

    let mut failures = Vec::new();
    for bin in servers {
        let started = Instant::now();
        let cluster = Cluster::start(&bin);
        // The file initdb wrote (before any probe overwrites it) is clean.
        let initdb_ident = fs::read_to_string(cluster.dir.join("data").join("pg_ident.conf"))
            .expect("initdb's pg_ident.conf");
        let settings = Settings { postgres_version: Some(cluster.major), ..Settings::default() };
        let findings = check(&initdb_ident, &settings);
        assert!(findings.is_empty(), "initdb's pg_ident.conf of {}: {findings:?}", cluster.major);

        if cluster.major >= pgident::KEYWORDS_SINCE {
            failures.extend(includes_disagree(&cluster));
        }
        let refused = judge(&cluster, &corpus);
        let ours = our_load_errors(&corpus, cluster.major);
        let records = record_lines(&corpus, cluster.major);
        let mut agree = 0;
        for &line in &records {
            let server_refuses = refused.contains(&line);
            let we_refuse = ours.contains(&line);
            if server_refuses == we_refuse {
                agree += 1;
                continue;
            }
            let text = corpus.lines().nth(line - 1).unwrap_or_default();
            let verb = if server_refuses { "refuses" } else { "accepts" };
            let ours = if we_refuse { "refuse" } else { "accept" };
            failures.push(format!(
                "PostgreSQL {} {verb} line {line}, we {ours} it: {text}",
                cluster.major
            ));
        }
        let judge = if cluster.major >= VIEW_SINCE { "the view" } else { "the reload log" };
        println!(
            "ident differential (PostgreSQL {}): {agree}/{} lines agree, {judge} flagged {} \
            ({:.1} s)",
            cluster.major,
            records.len(),
            refused.len(),
            started.elapsed().as_secs_f64()
        );
    }
    assert!(failures.is_empty(), "disagreements:\n{}", failures.join("\n"));
}

/// The one-based lines the server marks with an error when `text` is the cluster's
/// pg_ident.conf.
fn judge(cluster: &Cluster, text: &str) -> BTreeSet<usize> {
    let data = cluster.dir.join("data");
    let included = data.join("ident.d");
    fs::create_dir_all(&included).expect("create ident.d");
    fs::write(included.join("extra.conf"), "included alice postgres\n").expect("write extra");
    cluster.own(&included);
    cluster.own(&included.join("extra.conf"));
    let ident = data.join("pg_ident.conf");
    fs::write(&ident, text).expect("write pg_ident.conf");
    cluster.own(&ident);
    if cluster.major < VIEW_SINCE {
        return reload_errors(cluster, text);
    }

    let query = "select line_number, coalesce(error, '') from pg_ident_file_mappings \
                 where error is not null";
    let output = cluster.run_as(
        "psql",
        &[
            "-h",
            cluster.dir.to_str().expect("a UTF-8 temporary path"),
            "-U",
            "postgres",
            "-d",
            "postgres",
            "-XAtq",
            "-F",
            "\u{1f}",
            "-c",
            query,
        ],
    );
    String::from_utf8_lossy(&output.stdout)
        .lines()
        .filter_map(|row| row.split('\u{1f}').next()?.parse().ok())
        .collect()
}

/// The lines the log names when the cluster reloads its pg_ident.conf, which must fail.
fn reload_errors(cluster: &Cluster, text: &str) -> BTreeSet<usize> {
    let log_path = cluster.dir.join("log");
    let before = fs::read_to_string(&log_path).map_or(0, |log| log.len());
    let socket_dir = cluster.dir.to_str().expect("a UTF-8 temporary path");
    let reload = ["-h", socket_dir, "-U", "postgres", "-d", "postgres", "-XAtq", "-c"];
    cluster.run_as("psql", &[&reload[..], &["select pg_reload_conf()"]].concat());

    let deadline = Instant::now() + Duration::from_secs(20);
    let log = loop {
        let log = fs::read_to_string(&log_path).unwrap_or_default();
        let new = log.get(before..).unwrap_or_default().to_string();
        if new.contains("was not reloaded") {
            break new;
        }
        assert!(Instant::now() < deadline, "the server never reported the reload:\n{new}");
        std::thread::sleep(Duration::from_millis(50));
    };
    // Most errors name their line in a context line; a missing field, in the message.
    let context = r#"line (\d+) of configuration file "[^"]*pg_ident\.conf""#;
    let missing = r#"pg_ident\.conf" at end of line (\d+)"#;
    let numbered = regex::Regex::new(&format!("{context}|{missing}")).expect("a valid pattern");
    let mut lines: BTreeSet<usize> = numbered
        .captures_iter(&log)
        .filter_map(|captures| captures.get(1).or(captures.get(2))?.as_str().parse().ok())
        .collect();

    // Before 15 a regular expression's error names the expression but not its line: it
    // counts for every line whose system user is that expression.
    let invalid =
        regex::Regex::new(r#"LOG:  invalid regular expression "(.*)": "#).expect("a valid pattern");
    let patterns: BTreeSet<&str> = invalid
        .captures_iter(&log)
        .filter_map(|captures| Some(captures.get(1)?.as_str()))
        .collect();
    for line in pgident::parse_for(text, cluster.major).lines {
        let pgident::Content::Mapping(mapping) = &line.content else {
            continue;
        };
        if let pgident::SystemUser::Regex(pattern) =
            pgident::SystemUser::of(mapping.system_user.first())
        {
            if patterns.contains(pattern) {
                lines.insert(line.record.line + 1);
            }
        }
    }
    lines
}

/// `include*` lines naming files that exist or not, judged by the view and by
/// [`check_with_files`] over the real files: the disagreements.
fn includes_disagree(cluster: &Cluster) -> Vec<String> {
    let text = "include missing.conf\ninclude_dir missing.d\ninclude_if_exists missing.conf\n\
                include ident.d/extra.conf\ninclude_dir ident.d\n\
                include_if_exists ./ident.d/extra.conf\nm alice postgres\n";
    let refused = judge(cluster, text);
    let path = cluster.dir.join("data").join("pg_ident.conf");
    let settings = Settings { postgres_version: Some(cluster.major), ..Settings::default() };
    let files = DiskFiles::with_overlay(Default::default());
    let ours: BTreeSet<usize> = check_with_files(&path, text, &settings, &files)
        .iter()
        .filter(|finding| finding.severity == Severity::Error)
        .map(|finding| text[..finding.span.start].matches('\n').count() + 1)
        .collect();
    (1..=text.lines().count())
        .filter(|line| refused.contains(line) != ours.contains(line))
        .map(|line| {
            let verb = if refused.contains(&line) { "refuses" } else { "accepts" };
            let text = text.lines().nth(line - 1).unwrap_or_default();
            format!("PostgreSQL {} {verb} include line {line}: {text}", cluster.major)
        })
        .collect()
}

/// The base corpus followed by its mutations.
fn corpus() -> String {
    let path = format!("{}/../tests/ident/corpus.conf", env!("CARGO_MANIFEST_DIR"));
    let base = fs::read_to_string(&path).unwrap_or_else(|err| panic!("{path}: {err}"));
    let mut text = base.clone();
    text.push_str("# Generated mutations\n");
    for line in mutations(&base) {
        text.push_str(&line);
        text.push('\n');
    }
    text
}

/// Values a mutation may put in place of a field, or append.
const VOCABULARY: &[&str] = &[
    "all",
    "\"all\"",
    "+admins",
    "/^(.*)$",
    "/^x",
    "/(",
    "/[",
    "/*",
    "\\1",
    "include",
    "include_dir",
    "include_if_exists",
    "a,b",
    "#",
    ",",
    "\"",
    "é",
];

/// Characters a mutation may put inside a field.
const CHARACTERS: &[char] = &['a', '(', ')', '[', ']', '*', '\\', '{', '}', ',', '"', '#', '/'];

/// Deterministic mutations of every record line of `base`: fields replaced, dropped,
/// doubled, swapped, changed a character, and fields appended.
fn mutations(base: &str) -> Vec<String> {
    let mut state = 0x9e37_79b9_7f4a_7c15u64;
    let mut pick = |n: usize| {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        (state % n as u64) as usize
    };
    let mut out = Vec::new();

    for line in base.lines() {
        let fields: Vec<&str> = line.split_whitespace().collect();
        if fields.is_empty() || fields[0].starts_with('#') || line.ends_with('\\') {
            continue;
        }
        for _ in 0..2 {
            let mut mutant: Vec<String> = fields.iter().map(|field| field.to_string()).collect();
            let at = pick(mutant.len());
            match pick(6) {
                0 => mutant[at] = VOCABULARY[pick(VOCABULARY.len())].to_string(),
                1 if mutant.len() > 1 => {
                    mutant.remove(at);
                }
                2 => mutant.insert(at, mutant[at].clone()),
                3 if at + 1 < mutant.len() => mutant.swap(at, at + 1),
                4 => {
                    let mut chars: Vec<char> = mutant[at].chars().collect();
                    let position = pick(chars.len() + 1);
                    let character = CHARACTERS[pick(CHARACTERS.len())];
                    if position < chars.len() && pick(2) == 0 {
                        chars[position] = character;
                    } else {
                        chars.insert(position, character);
                    }
                    mutant[at] = chars.into_iter().collect();
                }
                _ => mutant.push(VOCABULARY[pick(VOCABULARY.len())].to_string()),
            }
            let mutant = mutant.join(" ");
            // No `@file` (a missing file is skipped silently), no continuation, and no
            // include of a file that does not exist, which `check` cannot know.
            let first = mutant.split_whitespace().next().unwrap_or_default();
            let includes = matches!(first.trim_matches('"'), "include" | "include_dir");
            if !mutant.ends_with('\\') && !mutant.contains('@') && !includes {
                out.push(mutant);
            }
        }
    }
    out
}

/// The one-based numbers of the lines that start a record.
fn record_lines(text: &str, major: u32) -> Vec<usize> {
    pgident::parse_for(text, major).lines.iter().map(|line| line.record.line + 1).collect()
}

/// The one-based lines (of the record each starts) that carry an error of ours.
fn our_load_errors(text: &str, major: u32) -> BTreeSet<usize> {
    let settings = Settings { postgres_version: Some(major), ..Settings::default() };
    let file = pgident::parse_for(text, major);
    let record_starts: Vec<(usize, usize)> = file
        .lines
        .iter()
        .map(|line| {
            let start = text[..line.record.span.start].rfind('\n').map_or(0, |at| at + 1);
            (start, line.record.line + 1)
        })
        .collect();

    check(text, &settings)
        .into_iter()
        .filter(|finding| finding.severity == Severity::Error)
        .filter_map(|finding| {
            let index = record_starts.partition_point(|&(start, _)| start <= finding.span.start);
            index.checked_sub(1).map(|index| record_starts[index].1)
        })
        .collect()
}
