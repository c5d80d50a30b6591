//! The differential test: real PostgreSQL servers read a corpus of postgresql.conf files,
//! valid and broken, and we must reject exactly the lines they reject.
//!
//! Each input is written to a temporary directory (with the files it includes) and read by
//! `postgres --config-file=FILE -C port`, which parses the whole file, checks every name and
//! value as a start would, reports each problem, and exits without starting anything (no
//! socket, no port). The server reports in phases: syntax and include problems first, then
//! unknown names, and only when both are clean, the values. So the lines of one phase are
//! blanked and the file read again, until the server has said everything; value problems
//! carry no line number and are placed on the line that sets the parameter and is applied.
//!
//! Servers: Debian's PostgreSQL 15 (installed by tests/run) always; the other majors when
//! `tests/pgconf/install-majors` has put them under tests/.cache/postgres/. Without them the
//! test says what it skipped, and fails only when PGCONF_REQUIRE_ALL_MAJORS=1.
//!
//! The corpus per major: the server's own probes, the real-world cases, the examples, the
//! stock sample and the sample with every setting uncommented, deterministic mutations of
//! sample lines (values of each type, units, names, syntax, names from other majors,
//! read-only parameters, duplicates), mutated whole samples, and include trees.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Mutex, OnceLock};
use std::time::Instant;

use regex::Regex;

use super::check_with_files;
use crate::disk::DiskFiles;
use crate::finding::Severity;
use crate::knowledge::pg_settings::{
    self, Catalog, Context as Changes, Setting, UnitKind, VarType,
};
use crate::settings::Settings;
use crate::syntax::pgconf;

/// Debian's server, which tests/run installs.
const DEBIAN_15: &str = "/usr/lib/postgresql/15/bin/postgres";

/// Set to 1 to make a missing tests/.cache/postgres/<major> a failure.
const REQUIRE_ALL: &str = "PGCONF_REQUIRE_ALL_MAJORS";

/// Complaints of a server that come from how it was built, not from the file, which we
/// knowingly do not share: (the majors, the complaint, why). A line the server rejects only
/// for such a complaint is left out of the comparison, and the test fails when a listed
/// complaint is no longer made, so that the list stays exact.
const KNOWN_DIFFERENCES: &[(&[u32], &str, &str)] = &[
    (
        &[16, 17, 18],
        "invalid value for parameter \"lc_messages\": \"\"",
        // FIXME: The npm builds of 16 to 18 refuse lc_messages = '' (the sample's own value,
        // "take it from the environment") whatever the environment; Debian's 15 and the npm
        // 13 and 14 builds accept it, and so do we. Check Debian's 16+ packages when they can
        // be installed here.
        "the npm builds of 16 to 18 refuse lc_messages = '', which the documentation allows",
    ),
    (&[13, 14, 16, 17, 18], "invalid value for parameter \"TimeZone\": \"localtime\"", SYSTEM_TZ),
    (&[13, 14, 16, 17, 18], "invalid value for parameter \"TimeZone\": \"posixrules\"", SYSTEM_TZ),
    (
        &[13, 14, 16, 17, 18],
        "invalid value for parameter \"TimeZone\": \"posix/Europe/Berlin\"",
        SYSTEM_TZ,
    ),
    (
        &[13, 14, 16, 17, 18],
        "invalid value for parameter \"log_timezone\": \"localtime\"",
        SYSTEM_TZ,
    ),
];

/// Why the names of the system's tz database are a known difference.
const SYSTEM_TZ: &str = "the npm builds carry their own tz database, without the names that \
     the system's adds (`localtime`, `posixrules`, `posix/…`); Debian's builds read the \
     system's and accept them, and so do we";

struct Server {
    major: u32,
    postgres: PathBuf,
    label: String,
}

/// A file of an input other than the root, with the root line that brings it in.
struct Extra {
    path: &'static str,
    text: String,
    via_line: usize,
}

struct Input {
    name: String,
    root: String,
    extras: Vec<Extra>,
    dirs: Vec<&'static str>,
}

impl Input {
    fn single(name: impl Into<String>, root: impl Into<String>) -> Input {
        Input { name: name.into(), root: root.into(), extras: Vec::new(), dirs: Vec::new() }
    }
}

/// How we compared on one input.
struct Outcome {
    /// How we differ, if we do.
    problem: Option<String>,
    runs: usize,
    /// The [`KNOWN_DIFFERENCES`] that were left out of the comparison.
    known: BTreeSet<usize>,
    /// True when the server rejected some line of the input.
    rejected: bool,
}

/// What one server said of one input, on the root file's lines.
#[derive(Default)]
struct Verdict {
    rejected_lines: BTreeSet<usize>,
    /// Complaints we could not place on a line.
    unplaced: Vec<String>,
    /// Lines rejected only for a complaint in [`KNOWN_DIFFERENCES`], with its index there.
    known: Vec<(usize, usize)>,
    runs: usize,
}

#[test]
fn differential_against_real_servers() {
    let started = Instant::now();
    let runner = Runner::new();
    let (servers, skipped) = servers(&runner);

    let jobs: Vec<(usize, Input)> = servers
        .iter()
        .enumerate()
        .flat_map(|(index, server)| corpus(server.major).into_iter().map(move |i| (index, i)))
        .collect();
    let next = AtomicUsize::new(0);
    let results: Mutex<Vec<(usize, String, Outcome)>> = Mutex::new(Vec::new());
    let runs = AtomicUsize::new(0);

    // Two workers: the machines this runs on have two cores.
    std::thread::scope(|scope| {
        for worker in 0..2 {
            let (jobs, next, results, runs, servers, runner) =
                (&jobs, &next, &results, &runs, &servers, &runner);
            scope.spawn(move || loop {
                let index = next.fetch_add(1, Ordering::Relaxed);
                let Some((server_index, input)) = jobs.get(index) else {
                    break;
                };
                let server = &servers[*server_index];
                let dir = runner.root.join(format!("w{worker}-{index}"));
                let outcome = compare(runner, server, input, &dir);
                runs.fetch_add(outcome.runs, Ordering::Relaxed);
                let _ = std::fs::remove_dir_all(&dir);
                let mut results = results.lock().unwrap_or_else(|p| p.into_inner());
                results.push((*server_index, input.name.clone(), outcome));
            });
        }
    });
    let results = results.into_inner().unwrap_or_else(|p| p.into_inner());

    let mut failures = Vec::new();
    for (index, server) in servers.iter().enumerate() {
        let mine: Vec<&(usize, String, Outcome)> =
            results.iter().filter(|(i, ..)| *i == index).collect();
        let agreeing = mine.iter().filter(|(.., outcome)| outcome.problem.is_none()).count();
        let with_known = mine
            .iter()
            .filter(|(.., outcome)| outcome.problem.is_none() && !outcome.known.is_empty())
            .count();
        let rejected = mine.iter().filter(|(.., outcome)| outcome.rejected).count();
        let known_note = if with_known > 0 {
            format!(" ({with_known} of them apart from the known differences below)")
        } else {
            String::new()
        };
        report(format!(
            "pgconf differential ({}): {agreeing}/{} inputs agree{known_note}; the server \
             rejects lines of {rejected} of them",
            server.label,
            mine.len()
        ));
        for (known, (majors, complaint, reason)) in KNOWN_DIFFERENCES.iter().enumerate() {
            if !majors.contains(&server.major) {
                continue;
            }
            let seen = mine.iter().filter(|(.., outcome)| outcome.known.contains(&known)).count();
            report(format!("  known difference in {seen} inputs: {complaint} ({reason})"));
            if seen == 0 {
                failures.push(format!(
                    "{}: the known difference {complaint:?} is gone; drop it",
                    server.label
                ));
            }
        }
        for (_, name, outcome) in &mine {
            if let Some(problem) = &outcome.problem {
                failures.push(format!("{} {name}: {problem}", server.label));
            }
        }
    }
    for note in &skipped {
        report(format!("pgconf differential: {note}"));
    }
    report(format!(
        "pgconf differential: {} server runs in {:.1} s",
        runs.load(Ordering::Relaxed),
        started.elapsed().as_secs_f64()
    ));
    assert!(failures.is_empty(), "disagreements:\n{}", failures.join("\n\n"));
}

/// Writes a line of the report where it is seen even when the test passes: the test
/// harness captures `println!`, not the standard error handle itself.
fn report(line: String) {
    use std::io::Write;
    let _ = writeln!(std::io::stderr(), "{line}");
}

/// The servers to compare with, and what was skipped.
fn servers(runner: &Runner) -> (Vec<Server>, Vec<String>) {
    assert!(
        Path::new(DEBIAN_15).exists(),
        "{DEBIAN_15} is missing: tests/run installs Debian's postgresql-15"
    );
    let mut servers = vec![Server {
        major: 15,
        postgres: PathBuf::from(DEBIAN_15),
        label: "PostgreSQL 15".to_string(),
    }];
    let mut skipped = Vec::new();
    let cache = Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/.cache/postgres");
    let required = std::env::var(REQUIRE_ALL).is_ok_and(|value| value == "1");
    // PGCONF_DIFFERENTIAL_MAJORS=16,17 narrows the run while working on one major.
    let only: Option<Vec<u32>> = std::env::var("PGCONF_DIFFERENTIAL_MAJORS")
        .ok()
        .map(|list| list.split(',').filter_map(|m| m.trim().parse().ok()).collect());
    let wanted = |major: u32| only.as_ref().is_none_or(|only| only.contains(&major));
    if !wanted(15) {
        servers.clear();
    }
    for major in pg_settings::majors().into_iter().filter(|&m| m != 15 && wanted(m)) {
        let postgres = cache.join(major.to_string()).join("bin/postgres");
        if postgres.exists() && !runner.can_run(&postgres) {
            let problem = format!(
                "{} cannot be run by the unprivileged user: every folder above it must be \
                 readable by others",
                postgres.display()
            );
            assert!(!required, "{problem}");
            skipped.push(format!("PostgreSQL {major} skipped: {problem}"));
        } else if postgres.exists() {
            let label = format!("PostgreSQL {major}");
            servers.push(Server { major, postgres, label });
        } else {
            assert!(
                !required,
                "{} is missing and {REQUIRE_ALL}=1: run tests/pgconf/install-majors",
                postgres.display()
            );
            skipped.push(format!(
                "PostgreSQL {major} skipped: not installed (tests/pgconf/install-majors)"
            ));
        }
    }
    (servers, skipped)
}

/// Runs the servers as an unprivileged user in a temporary directory.
struct Runner {
    root: PathBuf,
    /// An empty directory for `-D`: the server looks there only for postgresql.auto.conf.
    data: PathBuf,
    /// The unprivileged user (uid, gid) to run as, when we are root.
    user: Option<(u32, u32)>,
}

impl Runner {
    fn new() -> Runner {
        let root = std::env::temp_dir().join(format!("pgconf-differential-{}", std::process::id()));
        let data = root.join("data");
        std::fs::create_dir_all(&data).expect("temporary directory");
        make_readable(&root);
        make_readable(&data);
        let user = is_root().then(|| ensure_user("pgtest"));
        Runner { root, data, user }
    }

    /// True when `postgres --version` works as the user the servers run as.
    fn can_run(&self, postgres: &Path) -> bool {
        self.command(postgres).arg("--version").output().is_ok_and(|o| o.status.success())
    }

    /// `postgres`, run as the unprivileged user when we are root.
    fn command(&self, postgres: &Path) -> Command {
        // setpriv drops to the user without a login session, which keeps a run short.
        match self.user {
            Some((uid, gid)) => {
                let mut command = Command::new("setpriv");
                command
                    .args([format!("--reuid={uid}"), format!("--regid={gid}")])
                    .arg("--clear-groups")
                    .arg(postgres);
                command
            }
            None => Command::new(postgres),
        }
    }

    /// The server's complaints about the config file `file` (none when it accepts it).
    fn complaints(&self, postgres: &Path, file: &Path) -> Vec<String> {
        let output = self
            .command(postgres)
            .arg("-D")
            .arg(&self.data)
            .arg(format!("--config-file={}", file.display()))
            .args(["-C", "port"])
            .current_dir(&self.root)
            .env_clear()
            .env("PATH", "/usr/sbin:/usr/bin:/sbin:/bin")
            .env("LC_ALL", "C")
            .output()
            .expect("run postgres");
        if output.status.success() {
            return Vec::new();
        }
        let stderr = String::from_utf8_lossy(&output.stderr);
        let complaints: Vec<String> = stderr
            .lines()
            .filter_map(|line| line.split_once("LOG:  ").or_else(|| line.split_once("FATAL:  ")))
            .map(|(_, message)| message.to_string())
            .filter(|message| {
                // The time-zone lookup's note on a path through a file ("Europe/Berlin/")
                // comes before the complaint about the value, which is what counts.
                !message.starts_with("skipping missing configuration file")
                    && !message.contains("contains errors")
                    && !message.starts_with("could not open directory")
            })
            .collect();
        if complaints.is_empty() {
            vec![format!("failed without a complaint we know: {}", stderr.trim())]
        } else {
            complaints
        }
    }
}

impl Drop for Runner {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.root);
    }
}

fn is_root() -> bool {
    Command::new("id").arg("-u").output().is_ok_and(|o| o.stdout.starts_with(b"0\n"))
}

/// The (uid, gid) of user `name`, created when missing.
fn ensure_user(name: &str) -> (u32, u32) {
    let id = |flag: &str| -> Option<u32> {
        let output = Command::new("id").args([flag, name]).output().ok()?;
        String::from_utf8_lossy(&output.stdout).trim().parse().ok()
    };
    if id("-u").is_none() {
        let status = Command::new("useradd")
            .args(["--system", "--no-create-home", "--shell", "/usr/sbin/nologin", name])
            .status()
            .expect("useradd");
        assert!(status.success(), "could not create the user {name}");
    }
    (id("-u").expect("uid"), id("-g").expect("gid"))
}

fn make_readable(path: &Path) {
    use std::os::unix::fs::PermissionsExt;
    let mode = if path.is_dir() { 0o755 } else { 0o644 };
    let _ = std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode));
}

/// Writes `input` under `dir`, asks the server and us, and says how we differ (`None` when
/// we agree), with the number of server runs it took.
fn compare(runner: &Runner, server: &Server, input: &Input, dir: &Path) -> Outcome {
    std::fs::create_dir_all(dir).expect("input directory");
    make_readable(dir);
    for sub in &input.dirs {
        std::fs::create_dir_all(dir.join(sub)).expect("input subdirectory");
        make_readable(&dir.join(sub));
    }
    let root_path = dir.join("postgresql.conf");
    let mut texts: Vec<(PathBuf, String, usize)> = vec![(root_path.clone(), input.root.clone(), 0)];
    for extra in &input.extras {
        texts.push((dir.join(extra.path), extra.text.clone(), extra.via_line));
    }

    let verdict = server_verdict(runner, server, dir, &mut texts);

    // Ours, on the files as they were.
    for extra in &input.extras {
        write(&dir.join(extra.path), &extra.text);
    }
    write(&root_path, &input.root);
    let settings = Settings { postgres_version: Some(server.major), ..Settings::default() };
    let findings = check_with_files(&root_path, &input.root, &settings, &DiskFiles::default());
    let known_lines: BTreeSet<usize> = verdict.known.iter().map(|(_, line)| *line).collect();
    let ours: BTreeSet<usize> = findings
        .iter()
        .filter(|f| f.severity == Severity::Error)
        .map(|f| super::includes::line_number(&input.root, f.span.start))
        .filter(|line| !known_lines.contains(line) || verdict.rejected_lines.contains(line))
        .collect();
    let known: BTreeSet<usize> = verdict.known.iter().map(|(index, _)| *index).collect();

    if ours == verdict.rejected_lines && verdict.unplaced.is_empty() {
        let rejected = !verdict.rejected_lines.is_empty();
        return Outcome { problem: None, runs: verdict.runs, known, rejected };
    }
    let our_errors: Vec<String> = findings
        .iter()
        .filter(|f| f.severity == Severity::Error)
        .map(|f| {
            format!(
                "line {} {}: {}",
                super::includes::line_number(&input.root, f.span.start),
                f.rule.name,
                f.message
            )
        })
        .collect();
    let shown: String = input.root.chars().take(600).collect();
    let problem = format!(
        "server rejects lines {:?} (unplaced: {:?}); we reject lines {:?}\n  ours: {}\n  \
         input: {shown:?}",
        verdict.rejected_lines,
        verdict.unplaced,
        ours,
        our_errors.join("\n        ")
    );
    let rejected = !verdict.rejected_lines.is_empty();
    Outcome { problem: Some(problem), runs: verdict.runs, known, rejected }
}

fn write(path: &Path, text: &str) {
    std::fs::write(path, text).expect("write input");
    make_readable(path);
}

/// The root lines the server rejects, found phase by phase.
fn server_verdict(
    runner: &Runner,
    server: &Server,
    dir: &Path,
    texts: &mut [(PathBuf, String, usize)],
) -> Verdict {
    let mut verdict = Verdict::default();
    let patterns = patterns();
    let (line_in, opening, parameter) = (&patterns[0], &patterns[1], &patterns[2]);
    let leap_seconds = &patterns[3];

    for _ in 0..8 {
        for (path, text, _) in texts.iter() {
            write(path, text);
        }
        let complaints = runner.complaints(&server.postgres, &texts[0].0);
        verdict.runs += 1;
        if complaints.is_empty() {
            break;
        }

        // (file index, line) to blank before the next run.
        let mut blank: Vec<(usize, usize)> = Vec::new();
        let mut values: Vec<String> = Vec::new();
        for complaint in &complaints {
            if let Some(found) = line_in.captures(complaint) {
                let file = PathBuf::from(&found[1]);
                let line: usize = found[2].parse().unwrap_or(0);
                match texts.iter().position(|(path, ..)| *path == file) {
                    Some(index) => blank.push((index, line)),
                    None => verdict.unplaced.push(complaint.clone()),
                }
            } else if let Some(found) = opening.captures(complaint) {
                let path = PathBuf::from(found.get(1).or(found.get(2)).map_or("", |m| m.as_str()));
                match include_line(dir, texts, &path) {
                    Some(place) => blank.push(place),
                    None => verdict.unplaced.push(complaint.clone()),
                }
            } else if complaint.starts_with("empty configuration") {
                match empty_include_line(texts) {
                    Some(place) => blank.push(place),
                    None => verdict.unplaced.push(complaint.clone()),
                }
            } else if parameter.is_match(complaint) || leap_seconds.is_match(complaint) {
                values.push(complaint.clone());
            } else {
                verdict.unplaced.push(complaint.clone());
            }
        }

        if blank.is_empty() {
            // The value phase: everything is said.
            for complaint in values {
                let name =
                    parameter.captures(&complaint).map(|c| c[1].to_string()).unwrap_or_default();
                let lines = match leap_seconds.captures(&complaint) {
                    Some(zone) => leap_second_lines(server.major, texts, &zone[1], &complaint),
                    None => value_lines(server.major, texts, &name, &complaint),
                };
                if lines.is_empty() {
                    verdict.unplaced.push(complaint);
                    continue;
                }
                let known = KNOWN_DIFFERENCES.iter().position(|(majors, text, _)| {
                    majors.contains(&server.major) && complaint == *text
                });
                match known {
                    Some(index) => verdict.known.extend(lines.into_iter().map(|l| (index, l))),
                    None => verdict.rejected_lines.extend(lines),
                }
            }
            break;
        }
        for (index, line) in blank {
            let root_line = if index == 0 { line } else { texts[index].2 };
            verdict.rejected_lines.insert(root_line);
            texts[index].1 = blank_line(&texts[index].1, line);
        }
    }
    verdict
}

/// The shapes of the server's complaints: a place in a file; a file or directory that could
/// not be read; a parameter; a time zone with leap seconds.
fn patterns() -> &'static [Regex; 4] {
    static PATTERNS: OnceLock<[Regex; 4]> = OnceLock::new();
    PATTERNS.get_or_init(|| {
        [
            r#"in file "([^"]*)" line (\d+)"#,
            concat!(
                r#"^(?:could not open configuration (?:file|directory) "([^"]*)""#,
                r#"|configuration file recursion in "([^"]*)")"#
            ),
            r#"parameter "([^"]+)""#,
            // A zone with leap seconds: the complaint names the zone, not the parameter.
            r#"^time zone "([^"]*)" appears to use leap seconds"#,
        ]
        .map(|pattern| Regex::new(pattern).expect("regex"))
    })
}

/// The text with line `line` (1-based) emptied, its newline kept.
fn blank_line(text: &str, line: usize) -> String {
    text.split_inclusive('\n')
        .enumerate()
        .map(|(index, piece)| {
            if index + 1 == line {
                if piece.ends_with('\n') {
                    "\n"
                } else {
                    ""
                }
            } else {
                piece
            }
        })
        .collect()
}

/// The include line (file index, line) that names `path`; for an included file that could
/// not be read again (a loop), the root line that brings it in.
fn include_line(
    dir: &Path,
    texts: &[(PathBuf, String, usize)],
    path: &Path,
) -> Option<(usize, usize)> {
    // Past the nesting limit the server names the file as written, not resolved.
    let found =
        texts.iter().skip(1).find(|(p, ..)| p == path || (path.is_relative() && p.ends_with(path)));
    if let Some((.., via_line)) = found {
        return Some((0, *via_line));
    }
    for (index, (file_path, text, _)) in texts.iter().enumerate() {
        let base = file_path.parent().unwrap_or(dir);
        for entry in pgconf::parse(text).entries.iter().filter(|e| e.directive.is_some()) {
            if base.join(&entry.value.text) == path {
                return Some((index, super::includes::line_number(text, entry.line.start)));
            }
        }
    }
    None
}

fn empty_include_line(texts: &[(PathBuf, String, usize)]) -> Option<(usize, usize)> {
    texts.iter().enumerate().find_map(|(index, (_, text, _))| {
        pgconf::parse(text)
            .entries
            .iter()
            .find(|e| e.directive.is_some() && e.value.text.is_empty())
            .map(|e| (index, super::includes::line_number(text, e.line.start)))
    })
}

/// The root lines of the applied settings of `name` (a value complaint names no line): the
/// server applies a line unless a later one spells the name the same way. When several are
/// applied, those whose value the complaint quotes.
fn value_lines(
    major: u32,
    texts: &[(PathBuf, String, usize)],
    name: &str,
    complaint: &str,
) -> Vec<usize> {
    let catalog = pg_settings::for_major(Some(major));
    let canonical = |n: &str| match catalog.lookup(n) {
        pg_settings::Lookup::Known(s) | pg_settings::Lookup::OldName(s) => {
            s.name.to_ascii_lowercase()
        }
        pg_settings::Lookup::Unknown => n.to_ascii_lowercase(),
    };
    // Every setting line in reading order, includes expanded at their directive.
    let mut lines: Vec<(String, String, usize)> = Vec::new();
    collect_lines(texts, 0, 0, &mut lines, 0);
    let applied: Vec<&(String, String, usize)> = lines
        .iter()
        .enumerate()
        .filter(|(index, (written, ..))| {
            !lines[index + 1..].iter().any(|(later, ..)| later == written)
        })
        .map(|(_, line)| line)
        .filter(|(written, ..)| canonical(written) == canonical(name))
        .collect();
    // Parse errors name the parameter as written; check hooks name it as the server spells it.
    let exact: Vec<&(String, String, usize)> =
        applied.iter().copied().filter(|(written, ..)| written == name).collect();
    let applied = if !exact.is_empty() && exact.len() < applied.len() { exact } else { applied };
    let quoted: Vec<usize> = applied
        .iter()
        .filter(|(_, value, _)| complaint.contains(&format!("\"{value}\"")))
        .map(|(.., line)| *line)
        .collect();
    if applied.len() > 1 && !quoted.is_empty() {
        return quoted;
    }
    applied.iter().map(|(.., line)| *line).collect()
}

/// The root lines of the applied `timezone` or `log_timezone` settings whose value is
/// `zone`, which the server refused for its leap seconds without naming the parameter.
fn leap_second_lines(
    major: u32,
    texts: &[(PathBuf, String, usize)],
    zone: &str,
    complaint: &str,
) -> Vec<usize> {
    let root = &texts[0].1;
    ["TimeZone", "log_timezone"]
        .iter()
        .flat_map(|name| value_lines(major, texts, name, complaint))
        .filter(|&line| {
            root.split_inclusive('\n')
                .nth(line.saturating_sub(1))
                .is_some_and(|text| text.contains(zone))
        })
        .collect()
}

/// (name as written, value, root line) of every setting of file `index`, recursively.
fn collect_lines(
    texts: &[(PathBuf, String, usize)],
    index: usize,
    via: usize,
    out: &mut Vec<(String, String, usize)>,
    depth: usize,
) {
    let (path, text, _) = &texts[index];
    for entry in pgconf::parse(text).entries {
        let root_line =
            if index == 0 { super::includes::line_number(text, entry.line.start) } else { via };
        if entry.directive.is_some() {
            let base = path.parent().unwrap_or(Path::new("/"));
            let target = base.join(&entry.value.text);
            let mut nested: Vec<usize> = texts
                .iter()
                .enumerate()
                .filter(|(_, (p, ..))| {
                    let listed = p.parent() == Some(target.as_path())
                        && p.file_name()
                            .map(|n| n.to_string_lossy())
                            .is_some_and(|n| n.ends_with(".conf") && !n.starts_with('.'));
                    *p == target || listed
                })
                .map(|(i, _)| i)
                .collect();
            nested.sort_by(|a, b| texts[*a].0.cmp(&texts[*b].0));
            for nested_index in nested {
                if depth < 10 && nested_index != index {
                    collect_lines(texts, nested_index, root_line, out, depth + 1);
                }
            }
            continue;
        }
        out.push((entry.name_text(text).to_string(), entry.value.text.clone(), root_line));
    }
}

/// A small deterministic generator, so that the corpus is the same on every run.
struct XorShift(u64);

impl XorShift {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn below(&mut self, bound: usize) -> usize {
        (self.next() % bound.max(1) as u64) as usize
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

fn read_repo(path: &str) -> String {
    let full = Path::new(env!("CARGO_MANIFEST_DIR")).join("..").join(path);
    std::fs::read_to_string(&full).unwrap_or_else(|_| panic!("{}", full.display()))
}

/// The sample file of `major`, as the npm build ships it.
fn sample(major: u32) -> String {
    read_repo(&format!("tests/fixtures/postgresql-{major}.conf.sample"))
}

/// The sample with every commented-out setting uncommented.
pub(super) fn uncommented(text: &str) -> String {
    let file = pgconf::parse(text);
    let mut out = text.to_string();
    for entry in pgconf::commented_entries(text, &file).iter().rev() {
        let setting =
            crate::span::Span::new(entry.name.start, entry.setting.end).of(text).to_string();
        out.replace_range(entry.setting.start..entry.setting.end, &setting);
    }
    out
}

/// Settings whose values we do not mutate: file locations (the server would look for them)
/// and values the server checks against the machine (locales, time zones).
fn value_is_environmental(name: &str) -> bool {
    matches!(
        name,
        "data_directory" | "hba_file" | "ident_file" | "external_pid_file" | "config_file"
    ) || name.starts_with("lc_")
        || name.contains("timezone")
        || name == "default_text_search_config"
}

/// Values a full build accepts but the npm builds lack (built without lz4 and zstd).
fn build_optional(value: &str) -> bool {
    matches!(value, "lz4" | "zstd")
}

fn corpus(major: u32) -> Vec<Input> {
    let catalog = pg_settings::catalog(major).expect("catalog");
    let mut inputs = Vec::new();

    // The server's own probes: whole files it was asked about when the catalogs were made.
    for (index, (kind, _, text, ..)) in
        crate::knowledge::pg_settings::tests::probe_rows(major).into_iter().enumerate()
    {
        if kind == "file" {
            inputs.push(Input::single(format!("probe-{index}"), text));
        }
    }

    // Real-world cases and the shipped examples.
    let cases = Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/cases");
    let mut case_dirs: Vec<PathBuf> = std::fs::read_dir(&cases)
        .expect("cases")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .collect();
    case_dirs.sort();
    for dir in case_dirs {
        if let Ok(text) = std::fs::read_to_string(dir.join("postgresql.conf")) {
            let name =
                dir.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
            inputs.push(Input::single(format!("case-{name}"), text));
        }
    }
    for example in ["examples/db/postgresql.conf", "examples/mistakes/db/postgresql.conf"] {
        inputs.push(Input::single(example, read_repo(example)));
    }

    // Bad values for a library's settings, preloaded or not: the server warns and keeps
    // the default (or keeps the placeholder), it never refuses them.
    let extension_values =
        "pg_stat_statements.max = abc\nauto_explain.log_min_duration = '5 sec'\n\
                            pg_stat_statements.track = bogus\n";
    let preload = "shared_preload_libraries = 'pg_stat_statements,auto_explain'\n";
    inputs.push(Input::single("extension-values", extension_values.to_string()));
    inputs
        .push(Input::single("extension-values-preloaded", format!("{preload}{extension_values}")));

    // The stock samples, as shipped and uncommented.
    let sample = sample(major);
    let open = uncommented(&sample);
    inputs.push(Input::single("sample", sample.clone()));
    inputs.push(Input::single("sample-uncommented", open.clone()));
    if major == 15 {
        let debian = read_repo("tests/fixtures/postgresql.conf.sample");
        inputs.push(Input::single("debian-sample-uncommented", uncommented(&debian)));
        inputs.push(Input::single("debian-sample", debian));
    }

    // Mutations of sample lines.
    let file = pgconf::parse(&open);
    let lines: Vec<(String, String)> = file
        .entries
        .iter()
        .filter(|e| e.directive.is_none())
        .map(|e| (e.name_text(&open).to_string(), e.value.span.of(&open).to_string()))
        .collect();
    let mut rng = XorShift(0x5DEE_CE66_D1CE_4E5B ^ u64::from(major));
    for index in 0..160 {
        let count = 2 + rng.below(5);
        let mut text = String::new();
        for line in 0..count {
            let (name, value) = rng.pick(&lines).clone();
            let mutate = line == 0 || rng.below(3) == 0;
            let written = if mutate {
                mutated_line(&mut rng, catalog, &name, &value)
            } else {
                format!("{name} = {value}\n")
            };
            text.push_str(&written);
        }
        inputs.push(Input::single(format!("mutant-{index}"), text));
    }

    // Whole samples with a few mutated lines.
    let sample_lines: Vec<&str> = open.split_inclusive('\n').collect();
    for index in 0..12 {
        let mut out: Vec<String> = sample_lines.iter().map(|l| l.to_string()).collect();
        for _ in 0..3 {
            let (name, value) = rng.pick(&lines).clone();
            let at = rng.below(out.len());
            out.insert(at, mutated_line(&mut rng, catalog, &name, &value));
        }
        inputs.push(Input::single(format!("whole-{index}"), out.concat()));
    }

    inputs.extend(include_trees());
    inputs.extend(time_zone_inputs());
    inputs
}

/// One file per time-zone value (a value complaint names no line, so one setting a file):
/// zone names in odd case and misspelt, POSIX specs, offsets in hours, `INTERVAL`, the
/// system tz database's own names, and abbreviation sets. Not here: an empty
/// `timezone_abbreviations`, which the server refuses with a complaint that names no
/// parameter ("could not read time zone file"), so this test could not place it.
fn time_zone_inputs() -> Vec<Input> {
    let long_name = "a".repeat(300);
    let zones = [
        "Europe/Berlin",
        "europe/berlin",
        "EUROPE/BERLIN",
        "America/New_York",
        "america/argentina/buenos_aires",
        "Europe/Nowhere",
        "Europe/Berln",
        "Mars/Olympus_Mons",
        "UTC",
        "utc",
        "GMT",
        "Z",
        "z",
        "EST5EDT",
        "EST",
        "PST",
        "PST8PDT",
        "CEST",
        "UTC+3",
        "UTC-14",
        "<+03>-3",
        "<-0330>+3:30",
        "-08:00",
        "+05:30",
        "8",
        "-5.5",
        "167.99",
        "168",
        "-200",
        "1e3",
        "inf",
        "nan",
        "0x10",
        "localtime",
        "posixrules",
        "posix/Europe/Berlin",
        "posix/Europe/Nowhere",
        "right/Europe/Berlin",
        ":Europe/Berlin",
        ":Europe/Nowhere",
        ":UTC+3",
        "Europe//Berlin",
        "Europe/Berlin/",
        "Europe",
        "",
        "unknown",
        "default",
        "Factory",
        "Etc/GMT+12",
        "Etc/GMT+15",
        "ABC168",
        "UTC+200",
        "ABC3DEF",
        "ABC3DEF,M3.2.0,M11.1.0",
        "interval '1 hour'",
        "INTERVAL '-8 hours'",
        "interval'1 hour'",
        "interval  '-08:00'",
        "interval '1 hour' hour",
        "interval 1 hour",
        "interval '1 day'",
        "interval '2 months'",
        "interval '0 days 3 hours'",
        "interval '1 year'",
        "interval 'PT3H'",
        "interval '200 hours'",
        "interval '3 hours 30 minutes'",
        "interval '1 week'",
        "interval '-1 day'",
        "interval '0.5 day'",
        "interval '1 hour",
        "intervalx",
        "interval",
        "nan",
        "infinity",
        "-inf",
        "1e400",
        "UTC ",
        " UTC",
        "Europe/Berlin ",
        "Ünïcode",
        &long_name,
    ];
    let log_zones = [
        "Europe/Berlin",
        "europe/paris",
        "Europe/Nowhere",
        "8",
        "168",
        "-08:00",
        "interval '1 hour'",
        "unknown",
        "UTC",
        "Z",
        "right/Europe/Berlin",
        "localtime",
    ];
    let sets = [
        "Default",
        "default",
        "DEFAULT",
        "India",
        "Australia",
        "Africa.txt",
        "Africa",
        "Bogus",
        "Default ",
        "../Default",
    ];
    let settings = zones
        .iter()
        .map(|value| ("timezone", *value))
        .chain(log_zones.iter().map(|value| ("log_timezone", *value)))
        .chain(sets.iter().map(|value| ("timezone_abbreviations", *value)));
    settings
        .enumerate()
        .map(|(index, (name, value))| {
            let text = format!("{name} = '{}'\n", value.replace('\'', "''"));
            Input::single(format!("time-zone-{index}"), text)
        })
        .collect()
}

/// One line for `name`, whose sample value is `value`, changed in one of many ways.
fn mutated_line(rng: &mut XorShift, catalog: &Catalog, name: &str, value: &str) -> String {
    let setting = catalog.get(name);
    match rng.below(10) {
        0..=3 => match setting {
            Some(setting) if !value_is_environmental(name) => {
                format!("{name} = {}\n", mutated_value(rng, setting, value))
            }
            _ => format!("{name} = {value}\n"),
        },
        4 => format!("{} = {value}\n", mutated_name(rng, name)),
        5 => mutated_syntax(rng, name, value),
        6 => {
            // A name of another major, with its default there.
            let others = foreign_settings(catalog);
            if others.is_empty() {
                return format!("{name} = {value}\n");
            }
            let other = rng.pick(&others);
            format!("{} = '{}'\n", other.name, other.boot_value.replace('\'', "''"))
        }
        7 => {
            let internal: Vec<&Setting> = catalog
                .settings()
                .iter()
                .filter(|s| s.context == Changes::Internal && s.listed)
                .collect();
            let chosen = rng.pick(&internal);
            format!("{} = '{}'\n", chosen.name, chosen.boot_value.replace('\'', "''"))
        }
        8 => {
            // Set twice: an earlier line with another value, spelled the same or not.
            let first = match setting {
                Some(setting) if !value_is_environmental(name) => {
                    mutated_value(rng, setting, value)
                }
                _ => value.to_string(),
            };
            let again =
                if rng.below(2) == 0 { name.to_string() } else { name.to_ascii_uppercase() };
            format!("{name} = {first}\nwork_mem = 4MB\n{again} = {value}\n")
        }
        _ => format!("#{name} = {value}\n{name}={value} # set\n"),
    }
}

/// The parameters other majors have and `catalog`'s lacks.
fn foreign_settings(catalog: &Catalog) -> Vec<&'static Setting> {
    pg_settings::majors()
        .into_iter()
        .filter(|&m| m != catalog.major)
        .filter_map(pg_settings::catalog)
        .flat_map(|c| c.settings())
        .filter(|s| !s.is_extension() && s.listed && catalog.get(&s.name).is_none())
        .collect()
}

fn mutated_value(rng: &mut XorShift, setting: &Setting, value: &str) -> String {
    match setting.vartype {
        VarType::Bool => rng
            .pick(&[
                "maybe", "o", "of", "tru", "2", "onn", "TRUE", "Off", "yes", "n", "'on'", "''",
                "0", "offf", "t", "nO",
            ])
            .to_string(),
        VarType::Integer | VarType::Real => {
            let numbers = [
                "0",
                "1",
                "8",
                "16",
                "64",
                "100",
                "1024",
                "4096",
                "65536",
                "2147483647",
                "2147483648",
                "-1",
                "-2",
                "1.5",
                "0.5",
                "1e2",
                "0x10",
                "010",
                "abc",
                "",
            ];
            let number = *rng.pick(&numbers);
            let units: &[&str] = match setting.unit.map(|u| u.kind) {
                Some(UnitKind::Memory) => {
                    &["", "", "B", "kB", "MB", "GB", "TB", "kb", "mb", "M", "K", "Gb", "KB", " MB"]
                }
                Some(UnitKind::Time) => {
                    &["", "", "us", "ms", "s", "min", "h", "d", "S", "m", "sec", "mins", "H", " s"]
                }
                None => &["", "", "", "kB", "s", "x"],
            };
            let unit = *rng.pick(units);
            let mut text = format!("{number}{unit}");
            if let (Some(min), Some(max)) = (&setting.min, &setting.max) {
                match rng.below(6) {
                    0 => text = format!("{}", (max + 1.0).min(1e12)),
                    1 => text = format!("{}", (min - 1.0).max(-1e12)),
                    _ => {}
                }
            }
            if text.contains(' ') || text.is_empty() || rng.below(4) == 0 {
                format!("'{text}'")
            } else {
                text
            }
        }
        VarType::Enum => {
            let listed: Vec<&String> = setting
                .enum_values
                .iter()
                .filter(|v| !build_optional(v) && !v.is_empty())
                .collect();
            let chosen =
                listed.get(rng.below(listed.len())).map_or("x".to_string(), |v| v.to_string());
            match rng.below(5) {
                0 => format!("'{chosen}'"),
                1 => format!("'{}'", chosen.to_ascii_uppercase()),
                2 => format!("'{}'", chosen.get(1..).unwrap_or_default()),
                3 => "bogus".to_string(),
                _ => format!("'{chosen}x'"),
            }
        }
        VarType::String => match rng.below(3) {
            0 => value.trim_matches('\'').to_string(),
            1 => value.trim_end_matches('\'').to_string(),
            _ => format!("'{}'", value.trim_matches('\'').replace('\'', "''")),
        },
    }
}

fn mutated_name(rng: &mut XorShift, name: &str) -> String {
    let chars: Vec<char> = name.chars().collect();
    let at = rng.below(chars.len());
    match rng.below(5) {
        0 => chars.iter().enumerate().filter(|(i, _)| *i != at).map(|(_, c)| c).collect(),
        1 => name.to_ascii_uppercase(),
        2 => format!("{name}x"),
        3 => name.replacen('_', "-", 1),
        _ => format!("ext.{name}"),
    }
}

fn mutated_syntax(rng: &mut XorShift, name: &str, value: &str) -> String {
    match rng.below(9) {
        0 => format!("{name} {value}\n"),
        1 => format!("{name} = {value};\n"),
        2 => format!("{name} = {value} 5\n"),
        3 => format!("{name} == {value}\n"),
        4 => format!("   {name}={value}\t# comment\n"),
        5 => format!("{name} = {value}\r\n"),
        6 => format!("{name} =\n"),
        7 => format!("{name} = \"{}\"\n", value.trim_matches('\'')),
        _ => format!("{name} = '{}\n", value.trim_matches('\'')),
    }
}

/// Files that include others: found, missing, hidden, looping, overriding.
fn include_trees() -> Vec<Input> {
    let tree = |name: &str, root: &str, extras: Vec<(&'static str, &str, usize)>| Input {
        name: name.to_string(),
        root: root.to_string(),
        extras: extras
            .into_iter()
            .map(|(path, text, via_line)| Extra { path, text: text.to_string(), via_line })
            .collect(),
        dirs: Vec::new(),
    };
    let mut trees = vec![
        tree("include-ok", "include 'a.conf'\nport = 5432\n", vec![("a.conf", "port = 1\n", 1)]),
        tree(
            "include-syntax",
            "port = 5432\ninclude = 'a.conf'\n",
            vec![("a.conf", "work_mem = 4 MB\n", 2)],
        ),
        tree("include-unknown", "include = 'a.conf'\n", vec![("a.conf", "no_such_thing = 1\n", 1)]),
        tree("include-value", "include = 'a.conf'\n", vec![("a.conf", "fsync = maybe\n", 1)]),
        tree("include-missing", "include = 'missing.conf'\nport = 5432\n", vec![]),
        tree("include-if-exists-missing", "include_if_exists = 'missing.conf'\n", vec![]),
        tree("include-dir-missing", "include_dir = 'missing.d'\n", vec![]),
        tree("include-empty-name", "include = ''\n", vec![]),
        tree("include-self", "port = 5432\ninclude = 'postgresql.conf'\n", vec![]),
        tree(
            "include-cycle",
            "include = 'a.conf'\n",
            vec![("a.conf", "include = 'b.conf'\n", 1), ("b.conf", "include = 'a.conf'\n", 1)],
        ),
        tree(
            "include-overridden",
            "fsync = maybe\ninclude = 'a.conf'\n",
            vec![("a.conf", "fsync = on\n", 2)],
        ),
        tree(
            "include-overrides",
            "include = 'a.conf'\nport = 5432\n",
            vec![("a.conf", "port = abc\n", 1)],
        ),
        tree(
            "include-nested-relative",
            "include = 'sub/a.conf'\n",
            vec![("sub/a.conf", "include = 'b.conf'\n", 1), ("sub/b.conf", "work_mem = 4mb\n", 1)],
        ),
        tree(
            "include-keepalives",
            "listen_addresses = '*'\ninclude_dir = 'conf.d'\n",
            vec![(
                "conf.d/keepalives.conf",
                "tcp_keepalives_idle = 60\ntcp_keepalives_interval = 10\n\
                 tcp_keepalives_count = 6\n",
                2,
            )],
        ),
    ];
    let mut dir = tree(
        "include-dir",
        "include_dir = 'conf.d'\nport = 5432\n",
        vec![
            ("conf.d/01-ok.conf", "work_mem = 4MB\n", 1),
            ("conf.d/.hidden.conf", "bogus here\n", 1),
            ("conf.d/notes.txt", "bogus here\n", 1),
            ("conf.d/02-bad.conf", "shared_buffers = 1kB\n", 1),
        ],
    );
    dir.dirs = vec!["conf.d"];
    trees.push(dir);
    let mut empty = tree("include-dir-empty", "include_dir = 'conf.d'\n", vec![]);
    empty.dirs = vec!["conf.d"];
    trees.push(empty);
    for tree in &mut trees {
        for extra in &tree.extras {
            if let Some((sub, _)) = extra.path.rsplit_once('/') {
                if !tree.dirs.contains(&sub) {
                    tree.dirs.push(sub);
                }
            }
        }
    }
    trees
}
