//! The differential test: the real libpq (the one psycopg[binary] bundles, installed by
//! `tests/conninfo/setup`) and our parser and rules read the same corpus of connection
//! strings, hand-written and deterministically mutated, and must agree on
//!
//! - whether the string parses (`PQconninfoParse`), and if so on every keyword and value;
//! - whether libpq refuses the options when it connects (invalid values, ports, lists),
//!   which we must report with one of the rules in [`REFUSAL_RULES`]; libpq is pointed at
//!   loopback only, see `tests/conninfo/libpq_verdicts.py`;
//! - that our conversion to the other form reads back, in libpq, as the same settings.
//!
//! The test fails, saying how to fix it, when the venv is missing.

use std::collections::{BTreeMap, BTreeSet};
use std::io::{Read, Write};
use std::net::TcpListener;
use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use super::convert;
use crate::settings::Settings;
use crate::syntax::conninfo::{self, Environment, SourceMap};

/// The rules whose findings mean "libpq refuses this string when it connects".
const REFUSAL_RULES: [&str; 6] = [
    "conn-invalid-sslmode",
    "conn-invalid-value",
    "conn-invalid-port",
    "conn-host-list-mismatch",
    "conn-sslnegotiation-direct-weak-sslmode",
    "conn-sslrootcert-system-weak-sslmode",
];

/// Disagreements we know of and accept for now: (string, reason). Keep it empty.
const KNOWN_DISAGREEMENTS: &[(&str, &str)] = &[];

/// Hand-written strings: the forms, quirks and mistakes the rules care about.
const SEEDS: &[&str] = &[
    "host=db.example.com port=5432 dbname=app user=app sslmode=verify-full",
    "host=db.example.com sslmode=require keepalives_idle=60 keepalives_interval=10",
    "host=127.0.0.1 port=6432 dbname=pgbouncer",
    "host=/var/run/postgresql dbname=app",
    "host=a,b,c port=5432,5433,5434 target_session_attrs=read-write",
    "host=a,b port=5432 load_balance_hosts=random",
    "hostaddr=10.0.0.5 host=db.internal sslmode=verify-full sslrootcert=/etc/ssl/ca.pem",
    "hostaddr=10.0.0.5,10.0.0.6 host=a sslmode=require",
    "host=db port=99999",
    "host=db port=0",
    "host=db port=abc",
    "host=db port=' 5432 '",
    "host=db port=+5432",
    "host=a,b port=1,2,3",
    "host=a,b port=5432,",
    "host=db connect_timeout=10",
    "host=db connect_timeout=ten",
    "host=db connect_timeout=-1",
    "host=db keepalives=0 keepalives_idle=never",
    "host=db keepalives=yes",
    "host=db keepalives_idle=0",
    "host=db keepalives_idle=40000",
    "host=db keepalives_count=200",
    "host=db keepalives_interval=5s",
    "host=db tcp_user_timeout=30000",
    "host=db tcp_user_timeout=30s",
    "host=db sslmode=verify_full",
    "host=db sslmode=Require",
    "host=db sslmode=''",
    "host=db gssencmode=disable",
    "host=db gssencmode=maybe",
    "host=db channel_binding=require sslmode=verify-full",
    "host=db channel_binding=required",
    "host=db sslnegotiation=direct",
    "host=db sslnegotiation=direct sslmode=require",
    "host=db sslnegotiation=direct sslrootcert=system",
    "host=db sslnegotiation=tls",
    "host=db sslrootcert=system",
    "host=db sslrootcert=system sslmode=require",
    "host=db sslrootcert=system sslmode=verify-full",
    "host=db ssl_min_protocol_version=TLSv1.3",
    "host=db ssl_min_protocol_version=tlsv1.3",
    "host=db ssl_min_protocol_version=TLSv1.4",
    "host=db ssl_max_protocol_version=TLSv1.1",
    "host=db ssl_min_protocol_version=TLSv1 ssl_max_protocol_version=TLSv1.1",
    "host=db ssl_max_protocol_version=''",
    "host=db min_protocol_version=3.2",
    "host=db max_protocol_version=3.1",
    "host=db min_protocol_version=3.2 max_protocol_version=3.0",
    "host=db min_protocol_version=latest max_protocol_version=3.2",
    "host=db min_protocol_version=3.0 max_protocol_version=latest",
    "host=db min_protocol_version=3.2 max_protocol_version=3.2",
    "host=db scram_client_key=abc",
    "host=db scram_server_key=abc",
    "host=db require_auth=scram-sha-256",
    "host=db require_auth=scram-sha-256,md5",
    "host=db require_auth=!password,!md5",
    "host=db require_auth=!password,md5",
    "host=db require_auth=md5,md5",
    "host=db require_auth=SCRAM",
    "host=db require_auth=''",
    "host=db target_session_attrs=primary",
    "host=db target_session_attrs=master",
    "host=db load_balance_hosts=yes",
    "host=db sslcertmode=require sslcert=/tmp/c.crt sslkey=/tmp/c.key",
    "host=db sslcertmode=always",
    "host=db application_name='my app' options='-c search_path=app'",
    "host=db password='it\\'s' user=a\\ b",
    "host=db dbname=app sslsni=0 sslcompression=1",
    "host = db  port =5432 dbname= app",
    "host='' dbname=app",
    "host=a,,b port=5432",
    "postgresql://app:s3cret@db.example.com:5432/appdb?sslmode=verify-full",
    "postgresql://db.example.com/appdb?sslmode=require&keepalives_idle=60",
    "postgres://app@db/app?sslmode=prefer&application_name=web",
    "postgresql://",
    "postgresql:///app",
    "postgresql://localhost",
    "postgresql://[::1]:5433/app",
    "postgresql://h1:5432,h2:5433/app?target_session_attrs=read-write",
    "postgresql://h1,h2/app",
    "postgresql://h1,h2:5433/app",
    "postgresql://h1:99999/app",
    "postgresql://h1:port/app",
    "postgresql://h1:0/app",
    "postgresql://%2Fvar%2Frun%2Fpostgresql/app",
    "postgresql://h/d?ssl=true",
    "postgresql://h/d?ssl=true&sslmode=disable",
    "postgresql://h/d?sslmode=verify-full&sslrootcert=system",
    "postgresql://h/d?sslrootcert=system&sslmode=verify-ca",
    "postgresql://h/d?connect_timeout=abc",
    "postgresql://h/d?port=70000",
    "postgresql://h/d?host=a,b&port=1,2,3",
    "postgresql://h/d?hostaddr=10.0.0.1,10.0.0.2",
    "postgresql://h/d?sslnegotiation=direct&sslmode=verify-full",
    "postgresql://h/d?sslnegotiation=direct&sslmode=allow",
    "postgresql://h/d?keepalives=1&keepalives_idle=30&keepalives_count=3",
    "postgresql://h/d?application_name=caf%C3%A9",
    "postgresql://u:p%40ss@h/d",
    "postgresql://u:p@ss@h/d",
    "postgresql://u@h/d?options=-c%20statement_timeout%3D5s",
    "postgresql://h/d?require_auth=password,scram-sha-256",
    "postgresql://h/d?require_auth=kerberos",
    "postgresql://h/d?ssl_min_protocol_version=TLSv1.2&ssl_max_protocol_version=TLSv1.3",
    "postgresql://h/d?hostaddr=not-an-ip",
    "hostaddr=10.0.0.300 host=db",
    "hostaddr=127.1 host=db",
];

/// Characters the mutations insert: the ones libpq's grammar gives a meaning to.
const INSERTED: &[char] =
    &['=', '\'', '\\', ' ', '@', ':', '/', '?', '&', '%', ',', '[', ']', '#', 'x', '0', '9'];

/// Values the mutations put in place of a value.
const VALUES: &[&str] = &[
    "",
    "0",
    "-1",
    "65536",
    "2147483648",
    "verify-full",
    "disable",
    "require",
    "direct",
    "system",
    "TLSv1.3",
    "tlsv1",
    "abc",
    "1,2",
    " 7 ",
    "read-write",
    "random",
    "!md5",
];

/// A small deterministic generator (xorshift64*), so the corpus is the same every run.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn below(&mut self, bound: usize) -> usize {
        (self.next() % bound.max(1) as u64) as usize
    }
}

/// One mutation of `text`: a character inserted, deleted or doubled, or a value replaced.
fn mutate(text: &str, rng: &mut Rng) -> String {
    let chars: Vec<char> = text.chars().collect();
    let at = rng.below(chars.len() + 1);
    let mut out = chars.clone();
    match rng.below(4) {
        0 => out.insert(at, INSERTED[rng.below(INSERTED.len())]),
        1 if at < chars.len() => {
            out.remove(at);
        }
        2 if at < chars.len() => out.insert(at, chars[at]),
        _ => {
            // Replace the value after an `=`.
            let equals: Vec<usize> = (0..chars.len()).filter(|&i| chars[i] == '=').collect();
            if equals.is_empty() {
                out.insert(at, INSERTED[rng.below(INSERTED.len())]);
            } else {
                let start = equals[rng.below(equals.len())] + 1;
                let end = (start..chars.len())
                    .find(|&i| matches!(chars[i], ' ' | '&'))
                    .unwrap_or(chars.len());
                let value: Vec<char> = VALUES[rng.below(VALUES.len())].chars().collect();
                out.splice(start..end, value);
            }
        }
    }
    out.into_iter().collect()
}

/// The corpus: seeds, the parser's recorded cases, and mutations of both, at least 300
/// distinct strings. Strings naming a `service` are left out (libpq would look for a
/// service file), and so are those with a zero byte, which C strings cannot carry.
fn corpus() -> Vec<String> {
    let recorded = include_str!("../../../data/libpq/parse-cases.txt");
    let mut bases: Vec<String> = SEEDS.iter().map(|seed| seed.to_string()).collect();
    bases.extend(recorded.lines().filter(|line| !line.trim().is_empty()).map(str::to_string));

    let usable = |text: &str| !text.contains("service") && !text.contains('\0');
    let mut seen = BTreeSet::new();
    let mut strings = Vec::new();
    for base in &bases {
        if usable(base) && seen.insert(base.clone()) {
            strings.push(base.clone());
        }
    }
    let mut rng = Rng(0x5EED_C0DE_1234_5678);
    let mut round = 0;
    while strings.len() < bases.len() + 260 && round < 10_000 {
        round += 1;
        let base = &bases[rng.below(bases.len())];
        let mut mutated = mutate(base, &mut rng);
        if rng.below(3) == 0 {
            mutated = mutate(&mutated, &mut rng);
        }
        if usable(&mutated) && seen.insert(mutated.clone()) {
            strings.push(mutated);
        }
    }
    strings
}

/// What libpq said about one string.
#[derive(Debug, serde::Deserialize)]
struct Verdict {
    ok: bool,
    values: BTreeMap<String, String>,
    error: Option<String>,
    connect: Option<String>,
    message: Option<String>,
}

/// The venv's python, at a path fixed relative to the repository.
fn python() -> PathBuf {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..");
    let python = root.join("tests/.cache/conninfo-venv/bin/python");
    assert!(
        python.exists(),
        "the conninfo differential test needs libpq through psycopg: run tests/conninfo/setup \
         (tests/run does) to create tests/.cache/conninfo-venv"
    );
    python
}

/// Runs the driver over `cases` (text, connect?) with a listener on loopback that
/// accepts and closes every connection; returns libpq's major and one verdict per case.
fn libpq_verdicts(cases: &[(String, bool)]) -> (u32, Vec<Verdict>) {
    let listener = TcpListener::bind("127.0.0.1:0").expect("a loopback port");
    let port = listener.local_addr().expect("the listener's address").port();
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            drop(stream);
        }
    });

    let script =
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../tests/conninfo/libpq_verdicts.py");
    let mut child = Command::new(python())
        .arg(script)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the venv's python runs");
    let request = serde_json::json!({
        "listener": port,
        "cases": cases
            .iter()
            .map(|(text, connect)| serde_json::json!({"text": text, "connect": connect}))
            .collect::<Vec<_>>(),
    });
    let mut stdin = child.stdin.take().expect("stdin is piped");
    let body = request.to_string();
    let writer = std::thread::spawn(move || stdin.write_all(body.as_bytes()));
    let mut stdout = child.stdout.take().expect("stdout is piped");
    let reader = std::thread::spawn(move || {
        let mut out = String::new();
        stdout.read_to_string(&mut out).map(|_| out)
    });
    let mut stderr = child.stderr.take().expect("stderr is piped");
    let errors = std::thread::spawn(move || {
        let mut out = String::new();
        stderr.read_to_string(&mut out).map(|_| out)
    });

    let deadline = Instant::now() + Duration::from_secs(50);
    loop {
        if child.try_wait().expect("the driver can be waited for").is_some() {
            break;
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            panic!("libpq_verdicts.py took longer than 50 s");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    writer.join().expect("the writer ends").expect("the request is written");
    let out = reader.join().expect("the reader ends").expect("stdout is read");
    let errors = errors.join().expect("the reader ends").unwrap_or_default();
    let major = errors
        .lines()
        .find_map(|line| line.strip_prefix("libpq "))
        .and_then(|version| version.trim().parse::<u32>().ok())
        .map(|version| version / 10000)
        .unwrap_or_else(|| panic!("libpq_verdicts.py failed:\n{errors}"));
    let verdicts: Vec<Verdict> =
        out.lines().map(|line| serde_json::from_str(line).expect("a verdict per line")).collect();
    assert_eq!(verdicts.len(), cases.len(), "one verdict per case:\n{errors}");
    (major, verdicts)
}

/// Whether our parser accepts the string as `PQconninfoParse` would: no syntax error and
/// no keyword the catalog does not know.
fn our_parse(text: &str, major: u32) -> Option<BTreeMap<String, String>> {
    let info = conninfo::parse_for(text, major);
    let catalog = crate::knowledge::libpq::catalog_for(Some(major));
    let unknown = info.settings.iter().any(|setting| catalog.get(&setting.keyword).is_none());
    (info.errors.is_empty() && !unknown).then(|| convert::keyword_map(&info))
}

/// The refusal rules that fire on the string, sorted.
fn our_refusals(text: &str, settings: &Settings) -> Vec<&'static str> {
    let info = conninfo::parse_for(text, super::parse_major(settings));
    let findings = super::check_parsed(
        text,
        &info,
        super::Flavor::Libpq,
        &SourceMap::identity(0, text.len()),
        &Environment::default(),
        settings,
    );
    let mut names: Vec<&str> = findings
        .iter()
        .map(|finding| finding.rule.name)
        .filter(|name| REFUSAL_RULES.contains(name))
        .collect();
    names.sort();
    names.dedup();
    names
}

/// Shows a string with its password hidden, for failure messages.
fn shown(text: &str) -> String {
    let info = conninfo::parse(text);
    let mut secrets = super::secret_spans_of(text, &info);
    secrets.sort_by_key(|span| std::cmp::Reverse(span.start));
    let mut masked = text.to_string();
    for span in secrets {
        if masked.get(span.start..span.end).is_some() {
            masked.replace_range(span.start..span.end, "****");
        }
    }
    format!("{masked:?}")
}

#[test]
#[allow(clippy::print_stderr)]
fn libpq_and_we_agree_on_the_corpus() {
    let started = Instant::now();
    let strings = corpus();
    assert!(strings.len() >= 300, "the corpus has {} strings", strings.len());

    // First pass: libpq's parse and connect verdicts, to learn its major.
    let cases: Vec<(String, bool)> = strings.iter().map(|text| (text.clone(), true)).collect();
    let (major, verdicts) = libpq_verdicts(&cases);
    let settings = Settings { postgres_version: Some(major), ..Settings::default() };

    // Second pass: our conversions of every string libpq accepts, read back by libpq.
    let mut conversions = Vec::new();
    for (text, verdict) in strings.iter().zip(&verdicts) {
        if !verdict.ok {
            continue;
        }
        let info = conninfo::parse_for(text, major);
        if let Some(converted) = convert::convert(text, &info) {
            conversions.push((text.clone(), converted.text));
        }
    }
    let round_trip_cases: Vec<(String, bool)> =
        conversions.iter().map(|(_, converted)| (converted.clone(), false)).collect();
    let (_, round_trips) = libpq_verdicts(&round_trip_cases);

    let known: BTreeMap<&str, &str> = KNOWN_DISAGREEMENTS.iter().copied().collect();
    let mut disagreements = Vec::new();
    let mut agreed = 0;
    for (text, verdict) in strings.iter().zip(&verdicts) {
        let ours = our_parse(text, major);
        let problem = match (&ours, verdict.ok) {
            (None, true) => Some(format!("libpq parses it as {:?}, we refuse it", verdict.values)),
            (Some(_), false) => {
                Some(format!("libpq refuses it ({:?}), we accept it", verdict.error))
            }
            (Some(map), true) if *map != verdict.values => {
                Some(format!("libpq reads {:?}, we read {map:?}", verdict.values))
            }
            (Some(_), true) => {
                let refused = verdict.connect.as_deref() == Some("refused");
                let ours = our_refusals(text, &settings);
                match (refused, ours.is_empty()) {
                    (true, true) => Some(format!(
                        "libpq refuses to connect ({:?}), no rule of ours says so",
                        verdict.message
                    )),
                    (false, false) => Some(format!(
                        "libpq goes on to connect ({:?}), we report {ours:?}",
                        verdict.message
                    )),
                    _ => None,
                }
            }
            (None, false) => {
                let fires = super::check(text, &settings)
                    .iter()
                    .any(|finding| finding.severity == crate::finding::Severity::Error);
                // `check` reads a file of strings, where a line starting with `#` is a
                // comment, so such a string is not one it judges.
                let comment = text.trim_start().starts_with('#');
                (!fires && !text.contains('\n') && !comment)
                    .then(|| "we refuse it but report no error".to_string())
            }
        };
        match problem {
            Some(problem) if !known.contains_key(text.as_str()) => {
                disagreements.push(format!("{}: {problem}", shown(text)));
            }
            _ => agreed += 1,
        }
    }

    let mut round_trip_failures = Vec::new();
    let by_text: BTreeMap<&String, &Verdict> = strings.iter().zip(&verdicts).collect();
    for ((text, converted), back) in conversions.iter().zip(&round_trips) {
        let original = &by_text[text].values;
        if !back.ok || back.values != *original {
            round_trip_failures.push(format!(
                "{} => {}: libpq reads {:?} (error {:?})",
                shown(text),
                shown(converted),
                back.values,
                back.error
            ));
        }
    }

    let parse_refused = verdicts.iter().filter(|verdict| !verdict.ok).count();
    let connect_refused =
        verdicts.iter().filter(|verdict| verdict.connect.as_deref() == Some("refused")).count();
    eprintln!(
        "conninfo differential (libpq {major}): {agreed}/{} strings agree ({parse_refused} \
         refused by the parser, {connect_refused} when connecting), {}/{} conversions read \
         back alike, in {:.1} s",
        strings.len(),
        conversions.len() - round_trip_failures.len(),
        conversions.len(),
        started.elapsed().as_secs_f64()
    );
    assert!(
        disagreements.is_empty() && round_trip_failures.is_empty(),
        "{} disagreements with libpq {major}:\n{}\n{} conversions read back differently:\n{}",
        disagreements.len(),
        disagreements.join("\n"),
        round_trip_failures.len(),
        round_trip_failures.join("\n")
    );
}
