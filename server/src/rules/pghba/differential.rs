//! Differential test against the real server: every line PostgreSQL refuses must be an
//! error of ours on that line, and no line it accepts may be one.
//!
//! The judge is a throwaway cluster of the real server, run as an unprivileged user on a
//! Unix socket in a temporary directory (no TCP at all), stopped by its PID and removed
//! afterwards. A corpus (`tests/hba/corpus.conf` plus deterministic mutations of each of
//! its lines) is written over the cluster's `pg_hba.conf`, and a line counts as refused
//! when either judge says so:
//!
//! * the `pg_hba_file_rules` view, which parses the file on disk: a row with an error, or
//!   with no connection type (some refusals, such as a bad `clientcert` value, leave the
//!   error column empty);
//! * a real reload (`pg_reload_conf()`), whose log names the line of every error. The
//!   corpus ends with a line no server accepts, so the reload always fails and the
//!   cluster keeps the rules it started with.
//!
//! Our side counts the errors that claim the server refuses the file: every error but
//! `hba-trust-remote`, which is about policy, not about loading. It judges the file where
//! the server reads it, with [`DiskFiles`], so that the includes of the corpus are
//! followed as the server follows them.
//!
//! Then the include probes ([`PROBES`]): small trees of `pg_hba.conf`, included files,
//! directories and `@` files written into the data directory. For each, the set of
//! (file, line) pairs the view marks as refused (before 16 the view names no file: every
//! line is `pg_hba.conf`'s) must be the set where our errors are before they are moved
//! to the include line, and a real reload must succeed exactly when we find no error.
//!
//! The servers: Debian's PostgreSQL 15 in `/usr/lib/postgresql/15/bin` (which `tests/run`
//! installs), plus every directory listed in `PGCONF_HBA_SERVERS` (colon-separated `bin`
//! directories; `tests/hba/run-differential` installs other majors and sets it). Without
//! any server the test says so and passes.

use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use super::{check, check_template, check_with_files, load_errors_by_file, Severity, TRUST_REMOTE};
use crate::disk::DiskFiles;
use crate::settings::Settings;

/// Debian's PostgreSQL 15, which `tests/run` installs.
pub(crate) const DEBIAN_BIN: &str = "/usr/lib/postgresql/15/bin";

/// The unprivileged account the server runs as when the test runs as root.
const SERVER_USER: &str = "pgtest";

/// A connection type no major knows, ending every probe so that no reload succeeds.
const SENTINEL: &str = "sentinel-not-a-connection-type all all all trust";

/// Why the server may refuse a line we accept by design: its method (or `hostgssenc`) is
/// missing from the server's build or configuration, which a linter cannot know.
/// `unavailable` lists what the server refused in [`Cluster::unavailable`]'s probe.
fn known_disagreement(text: &str, major: u32, unavailable: &[String]) -> Option<&'static str> {
    let file = crate::syntax::pghba::parse_for(text, major);
    let columns = file.records.first()?.columns();
    let conn_type = columns.conn_type.single()?.text.as_str();
    let method = columns.method.and_then(|field| field.single()).map(|token| token.text.as_str());
    // FIXME: The file alone does not tell which methods the server was built with
    // (`sspi` is Windows-only, `bsd` OpenBSD-only, PAM, LDAP and GSSAPI optional) nor
    // whether `oauth_validator_libraries` is set, so we accept every method.
    let missing = |name: &str| unavailable.iter().any(|entry| entry == name);
    if missing(conn_type) || method.is_some_and(missing) {
        return Some("the server's build or configuration lacks the method");
    }
    None
}

#[test]
#[allow(clippy::print_stdout, clippy::print_stderr, reason = "the test reports its figures")]
fn real_server_agrees_line_by_line() {
    let corpus = corpus();
    let mut servers = Vec::new();
    let debian = PathBuf::from(DEBIAN_BIN);
    assert!(
        debian.join("postgres").exists(),
        "{DEBIAN_BIN}/postgres is missing: install Debian's postgresql-15 (tests/run does)"
    );
    servers.push(debian);
    if let Ok(list) = std::env::var("PGCONF_HBA_SERVERS") {
        servers.extend(list.split(':').filter(|dir| !dir.is_empty()).map(PathBuf::from));
    }

    let mut failures = Vec::new();
    for bin in servers {
        let started = Instant::now();
        let cluster = Cluster::start(&bin);
        // The file initdb wrote and the stock template it was made from are clean.
        let sample = stock_sample(&bin, cluster.major);
        for (what, text) in [("initdb's pg_hba.conf", Some(&cluster.initdb_hba)), {
            ("pg_hba.conf.sample", sample.as_ref())
        }] {
            let Some(text) = text else { continue };
            let settings =
                Settings { postgres_version: Some(cluster.major), ..Settings::default() };
            let checked = if what == "pg_hba.conf.sample" { check_template } else { check };
            let errors: Vec<String> = checked(text, &settings)
                .into_iter()
                .filter(|finding| finding.severity == Severity::Error)
                .map(|finding| finding.message)
                .collect();
            assert!(errors.is_empty(), "{what} of PostgreSQL {}: {errors:?}", cluster.major);
        }
        assert!(sample.is_some() || bin != Path::new(DEBIAN_BIN), "Debian's sample is missing");

        let unavailable = cluster.unavailable();
        let verdicts = cluster.judge(&corpus);
        let ours = our_load_errors(&cluster.hba_path(), &corpus, cluster.major);
        let records = record_lines(&corpus, cluster.major);
        let mut agree = 0;
        for &line in &records {
            let server_refuses = verdicts.refused.contains(&line);
            let we_refuse = ours.contains(&line);
            let text = corpus.lines().nth(line - 1).unwrap_or_default();
            let known = server_refuses
                && !we_refuse
                && known_disagreement(&record_text(&corpus, line), cluster.major, &unavailable)
                    .is_some();
            if server_refuses != we_refuse && !known {
                let verb = if server_refuses { "refuses" } else { "accepts" };
                failures.push(format!(
                    "PostgreSQL {} {verb} line {line}, we {} it: {text}",
                    cluster.major,
                    if we_refuse { "refuse" } else { "accept" },
                ));
            } else if server_refuses == we_refuse {
                agree += 1;
            }
        }
        let probes = PROBES.iter().filter(|probe| cluster.major >= probe.since).count();
        let probes_agree = judge_probes(&cluster, &mut failures);
        println!(
            "hba differential (PostgreSQL {}): {probes_agree}/{probes} include and @file \
            probes agree",
            cluster.major
        );
        let known = records.len() - agree;
        println!(
            "hba differential (PostgreSQL {}): {agree}/{} lines agree, {known} known \
            disagreements (not in this build: {}); the view flagged {}, the reload log {}, \
            {} settled by reloading alone ({:.1} s)",
            cluster.major,
            records.len(),
            unavailable.join(", "),
            verdicts.view,
            verdicts.log,
            verdicts.disputed,
            started.elapsed().as_secs_f64()
        );
    }
    assert!(failures.is_empty(), "disagreements:\n{}", failures.join("\n"));
}

/// A `pg_hba.conf` (after the line that keeps the test's access) with the files it names,
/// relative to the data directory.
struct Probe {
    what: &'static str,
    root: &'static str,
    files: &'static [(&'static str, &'static str)],
    /// The first major the probe is safe on: before 16 a loop of `@` files never ends.
    since: u32,
}

/// The line every probe starts with, so that a reload that succeeds keeps our access.
const ACCESS: &str = "local all postgres trust";

/// Includes and `@` files, existing, missing, nested and looping. Line numbers count the
/// [`ACCESS`] line as line 1.
const PROBES: &[Probe] = &[
    Probe {
        what: "an included file with an error on its second line",
        root: "include extra.conf\nhost all all 10.0.0.0/8 scram-sha-256\n",
        files: &[(
            "extra.conf",
            "hostssl all all 10.1.0.0/16 scram-sha-256\nhots all all 10.0.0.0/8 md5\n",
        )],
        since: 13,
    },
    Probe { what: "a missing include", root: "include missing.conf\n", files: &[], since: 13 },
    Probe {
        what: "a missing include_if_exists",
        root: "include_if_exists missing.conf\nlocal all all peer\n",
        files: &[],
        since: 13,
    },
    Probe {
        what: "an include_if_exists that exists",
        root: "include_if_exists extra.conf\n",
        files: &[("extra.conf", "local all all bogus\nlocal all all peer\n")],
        since: 13,
    },
    Probe {
        what: "include_dir with several files, hidden and other names skipped",
        root: "include_dir hba.d\nlocal all all peer\n",
        files: &[
            ("hba.d/10-app.conf", "hostssl app app 10.0.0.0/8 scram-sha-256\n"),
            ("hba.d/20-ops.conf", "# ops\nhost all all 10.0.0.1 md5\nlocal all all peer\n"),
            ("hba.d/.hidden.conf", "bogus\n"),
            ("hba.d/notes.txt", "bogus\n"),
            ("hba.d/sub.conf/inner.conf", "bogus\n"),
        ],
        since: 13,
    },
    Probe { what: "a missing include_dir", root: "include_dir nowhere.d\n", files: &[], since: 13 },
    Probe {
        what: "empty names",
        root: "include \"\"\ninclude_if_exists \"\"\ninclude_dir \"\"\n",
        files: &[],
        since: 13,
    },
    Probe {
        what: "nested includes, relative to the including file",
        root: "include a.conf\n",
        files: &[
            ("a.conf", "local all all peer\ninclude sub/b.conf\n"),
            ("sub/b.conf", "include c.conf\n"),
            ("sub/c.conf", "local all all peer\nlocal all\n"),
        ],
        since: 13,
    },
    Probe {
        what: "a file that includes itself",
        root: "include pg_hba.conf\n",
        files: &[],
        since: 13,
    },
    Probe {
        what: "a cycle of two files",
        root: "include a.conf\n",
        files: &[
            ("a.conf", "include b.conf\n"),
            ("b.conf", "local all all peer\ninclude a.conf\n"),
        ],
        since: 13,
    },
    Probe {
        what: "a cycle of three files",
        root: "include a.conf\n",
        files: &[
            ("a.conf", "include b.conf\n"),
            ("b.conf", "include c.conf\n"),
            ("c.conf", "include a.conf\n"),
        ],
        since: 13,
    },
    Probe {
        what: "includes nested eleven deep",
        root: "include d1.conf\n",
        files: &[
            ("d1.conf", "include d2.conf\n"),
            ("d2.conf", "include d3.conf\n"),
            ("d3.conf", "include d4.conf\n"),
            ("d4.conf", "include d5.conf\n"),
            ("d5.conf", "include d6.conf\n"),
            ("d6.conf", "include d7.conf\n"),
            ("d7.conf", "include d8.conf\n"),
            ("d8.conf", "include d9.conf\n"),
            ("d9.conf", "include d10.conf\n"),
            ("d10.conf", "include d11.conf\n"),
            ("d11.conf", "local all all peer\n"),
        ],
        since: 13,
    },
    Probe {
        what: "an @ file of names, comments and quotes",
        root: "local all @users peer\nlocal @dbs all peer\n",
        files: &[("users", "alice, bob # admins\n\"all\"\n"), ("dbs", "app\n")],
        since: 13,
    },
    Probe { what: "a missing @ file", root: "local all @nobody peer\n", files: &[], since: 13 },
    Probe {
        what: "an empty @ file, whose field disappears",
        root: "local @empty all peer\nhost all @empty all all scram-sha-256\n",
        files: &[("empty", "# nobody yet\n")],
        since: 13,
    },
    Probe {
        what: "nested @ files, relative to the file naming them",
        root: "local all @lists/first peer\nlocal all @lists/broken peer\n",
        files: &[
            ("lists/first", "@second\n"),
            ("lists/second", "carol\n"),
            ("lists/broken", "@absent\n"),
        ],
        since: 13,
    },
    Probe {
        what: "@ files in the address, method and option columns",
        root: "host all all @address scram-sha-256\nlocal all all @method\n\
               local all all peer @options\n",
        files: &[("address", "10.0.0.0/8\n"), ("method", "peer\n"), ("options", "bogus=1\n")],
        since: 13,
    },
    Probe {
        what: "an @ file in an included file, relative to it",
        root: "include conf.d/app.conf\n",
        files: &[("conf.d/app.conf", "local all @roles peer\n"), ("conf.d/roles", "dave\n")],
        since: 13,
    },
    Probe {
        what: "include records inside @ files",
        root: "local all @users peer\nlocal all @others peer\n",
        files: &[
            ("users", "alice\ninclude more\ninclude_if_exists absent\n"),
            ("more", "bob\n"),
            ("others", "include gone\n"),
        ],
        since: 16,
    },
    Probe {
        what: "an @ file that names itself",
        root: "local all @loop peer\n",
        files: &[("loop", "x @loop\n")],
        since: 16,
    },
];

/// Agreement on [`PROBES`]: the same (file, line) pairs refused, the same verdict on
/// loading.
fn judge_probes(cluster: &Cluster, failures: &mut Vec<String>) -> usize {
    let settings = Settings { postgres_version: Some(cluster.major), ..Settings::default() };
    let mut agree = 0;
    for probe in PROBES.iter().filter(|probe| cluster.major >= probe.since) {
        let (server, loads) = cluster.judge_files(probe);
        let text = format!("{ACCESS}\n{}", probe.root);
        let ours =
            load_errors_by_file(&cluster.hba_path(), &text, &settings, &DiskFiles::default());
        cluster.remove_files(probe);
        if server == ours && loads == ours.is_empty() {
            agree += 1;
        } else {
            failures.push(format!(
                "PostgreSQL {} on {}: the server refuses {server:?} (loads: {loads}), we \
                refuse {ours:?}",
                cluster.major, probe.what
            ));
        }
    }
    agree
}

/// The base corpus followed by its mutations.
pub(crate) fn corpus() -> String {
    let path = format!("{}/../tests/hba/corpus.conf", env!("CARGO_MANIFEST_DIR"));
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
    "local",
    "host",
    "hostssl",
    "hostnossl",
    "hostgssenc",
    "hostnogssenc",
    "all",
    "sameuser",
    "samerole",
    "replication",
    "+group",
    "\"all\"",
    "db1,db2",
    "samehost",
    "samenet",
    "127.0.0.1",
    "127.0.0.1/32",
    "::1/128",
    "10.0.0.0/8",
    "255.255.0.0",
    "ffff:ffff::",
    "0.0.0.0/0",
    "db.example.com",
    "10.0.0.300",
    "trust",
    "reject",
    "scram-sha-256",
    "md5",
    "password",
    "peer",
    "ident",
    "cert",
    "gss",
    "pam",
    "ldap",
    "radius",
    "oauth",
    "map=m",
    "clientcert=verify-ca",
    "clientcert=verify-full",
    "clientcert=1",
    "clientname=DN",
    "pamservice=p",
    "ldapserver=h",
    "ldapbasedn=dc=x",
    "ldapprefix=cn=",
    "ldapport=636",
    "ldaptls=1",
    "radiusservers=127.0.0.1",
    "radiussecrets=s",
    "include_realm=0",
    "krb_realm=R",
    "x=y",
    "#",
    ",",
    "\"",
];

/// Characters a mutation may put inside a field.
const CHARACTERS: &[char] = &['a', 'z', '0', '9', '.', '/', ':', '=', ',', '"', '#', '-', 'é'];

/// Deterministic mutations of every record line of `base`: fields replaced, dropped,
/// doubled, swapped, misspelt, and options appended.
fn mutations(base: &str) -> Vec<String> {
    let mut rng = super::tests::Xorshift(0x2545_f491_4f6c_dd1d);
    let mut pick = |n: usize| (rng.next() % n as u64) as usize;
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
            // No `@file` (the include probes judge those, with files that exist) and no
            // RADIUS server that is not a numeric address: the server resolves those names
            // while loading.
            let radius_name = mutant.split_whitespace().any(|token| {
                token.strip_prefix("radiusservers=").is_some_and(|servers| {
                    servers.chars().any(|c| !(c.is_ascii_digit() || ".,\"".contains(c)))
                })
            });
            if !mutant.ends_with('\\') && !mutant.contains('@') && !radius_name {
                out.push(mutant);
            }
        }
    }
    out
}

/// The one-based numbers of the lines that start a record.
fn record_lines(text: &str, major: u32) -> Vec<usize> {
    crate::syntax::pghba::parse_for(text, major)
        .records
        .iter()
        .map(|record| record.line + 1)
        .collect()
}

/// The one-based lines (of the record each starts) that carry an error of ours claiming
/// the server refuses the file, judged as the file at `path` with the files around it.
fn our_load_errors(path: &Path, text: &str, major: u32) -> BTreeSet<usize> {
    let settings = Settings { postgres_version: Some(major), ..Settings::default() };
    let file = crate::syntax::pghba::parse_for(text, major);
    let record_starts: Vec<(usize, usize)> = file
        .records
        .iter()
        .map(|record| {
            let line_start = text[..record.span.start].rfind('\n').map_or(0, |at| at + 1);
            (line_start, record.line + 1)
        })
        .collect();

    check_with_files(path, text, &settings, &DiskFiles::default())
        .into_iter()
        .filter(|finding| finding.severity == Severity::Error && finding.rule != &TRUST_REMOTE)
        .filter_map(|finding| {
            let index = record_starts.partition_point(|&(start, _)| start <= finding.span.start);
            index.checked_sub(1).map(|index| record_starts[index].1)
        })
        .collect()
}

/// What the server said about a probe.
struct Verdicts {
    /// One-based lines refused by either judge.
    refused: BTreeSet<usize>,
    /// How many lines each judge flagged, for the report.
    view: usize,
    log: usize,
    /// How many lines the two disagreed on, settled by reloading each alone.
    disputed: usize,
}

/// A throwaway cluster, stopped and removed when dropped. The pg_ident.conf differential
/// test (`rules/pgident/differential.rs`) runs one too.
pub(crate) struct Cluster {
    bin: PathBuf,
    pub(crate) dir: PathBuf,
    /// The account the server runs as; `None` when the test itself is not root.
    user: Option<String>,
    pub(crate) major: u32,
    pid: Option<u32>,
    /// The pg_hba.conf initdb wrote.
    initdb_hba: String,
}

impl Cluster {
    pub(crate) fn start(bin: &Path) -> Cluster {
        let user = is_root().then(|| ensure_user(SERVER_USER));
        let version = run(Command::new(bin.join("postgres")).arg("--version"));
        let major = major_of(&String::from_utf8_lossy(&version.stdout));
        let dir = std::env::temp_dir().join(format!(
            "pgconf-hba-{major}-{}-{}",
            std::process::id(),
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(0, |since| since.subsec_nanos())
        ));
        fs::create_dir(&dir).expect("create the cluster's directory");
        let mut cluster = Cluster {
            bin: bin.to_path_buf(),
            dir,
            user,
            major,
            pid: None,
            initdb_hba: String::new(),
        };
        cluster.own(&cluster.dir.clone());

        let data = cluster.dir.join("data");
        cluster.run_as(
            "initdb",
            &["-D", path_str(&data), "-U", "postgres", "-E", "UTF8", "--locale=C", "--no-sync"],
        );
        cluster.initdb_hba = fs::read_to_string(data.join("pg_hba.conf")).expect("initdb's file");

        // A throwaway certificate, so that `hostssl` lines are judged with TLS on.
        run(Command::new("openssl").args([
            "req",
            "-x509",
            "-newkey",
            "ec",
            "-pkeyopt",
            "ec_paramgen_curve:prime256v1",
            "-nodes",
            "-days",
            "1",
            "-subj",
            "/CN=pgconf-lsp-test",
            "-keyout",
            path_str(&data.join("server.key")),
            "-out",
            path_str(&data.join("server.crt")),
        ]));
        for file in ["server.key", "server.crt"] {
            cluster.own(&data.join(file));
        }
        set_mode(&data.join("server.key"), 0o600);

        let options = format!(
            "-c listen_addresses='' -c unix_socket_directories='{}' -c ssl=on -c fsync=off",
            path_str(&cluster.dir)
        );
        let log = cluster.dir.join("log");
        cluster.run_as(
            "pg_ctl",
            &["-D", path_str(&data), "-l", path_str(&log), "-w", "-o", &options, "start"],
        );
        let pid_file = fs::read_to_string(data.join("postmaster.pid")).expect("postmaster.pid");
        cluster.pid = pid_file.lines().next().and_then(|line| line.trim().parse().ok());
        cluster
    }

    /// The methods (and `hostgssenc`) the server refuses even on a minimal correct line:
    /// those its build lacks, or, for `oauth`, its configuration.
    fn unavailable(&self) -> Vec<String> {
        let probes: Vec<(&str, String)> = crate::knowledge::hba::AuthMethod::ALL
            .into_iter()
            .filter(|method| method.exists_in(self.major))
            .map(|method| {
                let name = method.name();
                let line = match name {
                    "peer" => "local all all peer".to_string(),
                    "cert" => "hostssl all all 127.0.0.1/32 cert".to_string(),
                    "ldap" => "host all all 127.0.0.1/32 ldap ldapserver=h ldapbasedn=dc=x".into(),
                    "radius" => "host all all 127.0.0.1/32 radius radiusservers=127.0.0.1 \
                        radiussecrets=s"
                        .to_string(),
                    "oauth" => "host all all 127.0.0.1/32 oauth issuer=https://x scope=s".into(),
                    _ => format!("host all all 127.0.0.1/32 {name}"),
                };
                (name, line)
            })
            .chain([("hostgssenc", "hostgssenc all all 127.0.0.1/32 trust".to_string())])
            .collect();
        let text: String = probes.iter().map(|(_, line)| format!("{line}\n")).collect();
        let verdicts = self.judge(&text);
        probes
            .iter()
            .enumerate()
            .filter(|(index, _)| verdicts.refused.contains(&(index + 1)))
            .map(|(_, (name, _))| name.to_string())
            .collect()
    }

    /// Both judges' verdicts on `text` as `pg_hba.conf`.
    fn judge(&self, text: &str) -> Verdicts {
        let hba = self.dir.join("data").join("pg_hba.conf");
        let sentinel_line = text.lines().count() + 1;
        fs::write(&hba, format!("{text}{SENTINEL}\n")).expect("write pg_hba.conf");
        self.own(&hba);
        let log_path = self.dir.join("log");
        let log_before = fs::read_to_string(&log_path).map_or(0, |log| log.len());

        let query = "select line_number, type is null, coalesce(error, '') \
                     from pg_hba_file_rules order by line_number";
        let output = self.run_as(
            "psql",
            &[
                "-h",
                path_str(&self.dir),
                "-U",
                "postgres",
                "-d",
                "postgres",
                "-XAtq",
                "-F",
                "\u{1f}",
                "-c",
                query,
                "-c",
                "select pg_reload_conf()",
            ],
        );
        let mut view = BTreeSet::new();
        for row in String::from_utf8_lossy(&output.stdout).lines() {
            let columns: Vec<&str> = row.split('\u{1f}').collect();
            if let [line, no_type, error] = columns.as_slice() {
                if *no_type == "t" || !error.is_empty() {
                    view.extend(line.parse::<usize>().ok());
                }
            }
        }

        let log = self.wait_for_reload(&log_path, log_before);
        let context = regex::Regex::new(r#"line (\d+) of configuration file "[^"]*pg_hba\.conf""#)
            .expect("a valid pattern");
        let logged: BTreeSet<usize> =
            context.captures_iter(&log).filter_map(|captures| captures[1].parse().ok()).collect();

        assert!(view.contains(&sentinel_line), "the view missed the sentinel line");
        assert!(logged.contains(&sentinel_line), "the reload log missed the sentinel line");
        // Where the judges differ, a real reload of the line alone decides.
        let mut refused: BTreeSet<usize> = view.intersection(&logged).copied().collect();
        refused.remove(&sentinel_line);
        let disputed: Vec<usize> = view.symmetric_difference(&logged).copied().collect();
        for &line in &disputed {
            if !self.loads(&record_text(text, line)) {
                refused.insert(line);
            }
        }
        Verdicts { view: view.len() - 1, log: logged.len() - 1, disputed: disputed.len(), refused }
    }

    /// True when a reload of `record` alone succeeds. A line that keeps our access comes
    /// first, since a successful reload puts the file in force; the next probe's reload
    /// fails on its sentinel and leaves it in force.
    fn loads(&self, record: &str) -> bool {
        let hba = self.hba_path();
        fs::write(&hba, format!("{ACCESS}\n{record}\n")).expect("write");
        self.own(&hba);
        self.reload_succeeds()
    }

    /// True when a reload of the `pg_hba.conf` on disk succeeds.
    fn reload_succeeds(&self) -> bool {
        let log_path = self.dir.join("log");
        let log_before = fs::read_to_string(&log_path).map_or(0, |log| log.len());
        self.psql("select pg_reload_conf()");

        // The postmaster handles a reload before it accepts the next connection, so once
        // the reload has begun, a new connection waits for its outcome.
        let deadline = Instant::now() + Duration::from_secs(20);
        while !log_since(&log_path, log_before).contains("received SIGHUP") {
            assert!(Instant::now() < deadline, "the server never began the reload");
            std::thread::sleep(Duration::from_millis(20));
        }
        self.psql("select 1");
        !log_since(&log_path, log_before).contains("was not reloaded")
    }

    fn hba_path(&self) -> PathBuf {
        self.dir.join("data").join("pg_hba.conf")
    }

    /// The server's verdict on `probe` written into the data directory: the (file, line)
    /// pairs the `pg_hba_file_rules` view marks as refused, and whether a reload succeeds.
    fn judge_files(&self, probe: &Probe) -> (BTreeSet<(PathBuf, usize)>, bool) {
        let data = self.dir.join("data");
        for (name, text) in probe.files {
            let path = data.join(name);
            let mut created = Vec::new();
            let mut parent = path.parent();
            while let Some(dir) = parent.filter(|dir| !dir.exists()) {
                created.push(dir.to_path_buf());
                parent = dir.parent();
            }
            fs::create_dir_all(path.parent().expect("a parent")).expect("create a directory");
            for dir in created.iter().rev() {
                self.own(dir);
            }
            fs::write(&path, text).expect("write a probe file");
            self.own(&path);
        }
        let hba = self.hba_path();
        fs::write(&hba, format!("{ACCESS}\n{}", probe.root)).expect("write pg_hba.conf");
        self.own(&hba);

        // Before 16 the view has no file name: every line is pg_hba.conf's.
        let file = if self.major >= 16 { "file_name" } else { "''" };
        let query = format!(
            "select {file}, line_number, type is null, coalesce(error, '') \
             from pg_hba_file_rules"
        );
        let socket_dir = path_str(&self.dir).to_string();
        let output = self.run_as(
            "psql",
            &["-h", &socket_dir, "-U", "postgres", "-d", "postgres", "-XAtq", "-F", "\u{1f}"]
                .into_iter()
                .chain(["-c", query.as_str()])
                .collect::<Vec<_>>(),
        );
        let mut refused = BTreeSet::new();
        for row in String::from_utf8_lossy(&output.stdout).lines() {
            let columns: Vec<&str> = row.split('\u{1f}').collect();
            if let [file, line, no_type, error] = columns.as_slice() {
                if *no_type == "t" || !error.is_empty() {
                    let file = if file.is_empty() { hba.clone() } else { PathBuf::from(file) };
                    refused.extend(line.parse::<usize>().ok().map(|line| (file, line)));
                }
            }
        }
        let loads = self.reload_succeeds();
        (refused, loads)
    }

    /// Removes the files [`Cluster::judge_files`] wrote for `probe`.
    fn remove_files(&self, probe: &Probe) {
        let data = self.dir.join("data");
        for (name, _) in probe.files {
            let top = Path::new(name).components().next().expect("a name");
            let path = data.join(top);
            let _ = fs::remove_dir_all(&path).or_else(|_| fs::remove_file(&path));
        }
    }

    fn psql(&self, query: &str) -> Output {
        let socket_dir = path_str(&self.dir).to_string();
        self.run_as(
            "psql",
            &["-h", &socket_dir, "-U", "postgres", "-d", "postgres", "-XAtq", "-c", query],
        )
    }

    /// The log written since `offset`, once the server has said the reload failed.
    fn wait_for_reload(&self, log_path: &Path, offset: usize) -> String {
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            let log = fs::read_to_string(log_path).unwrap_or_default();
            let new = log.get(offset..).unwrap_or_default();
            if new.contains("was not reloaded") {
                return new.to_string();
            }
            assert!(Instant::now() < deadline, "the server never reported the reload:\n{new}");
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// Runs one of the server's programs as the server's account. Packages without
    /// `psql` borrow Debian's, which talks to every newer server too.
    pub(crate) fn run_as(&self, program: &str, args: &[&str]) -> Output {
        let mut program = self.bin.join(program);
        if !program.exists() {
            program = Path::new(DEBIAN_BIN).join(program.file_name().unwrap_or_default());
        }
        let mut command = match &self.user {
            Some(user) => {
                let mut command = Command::new("runuser");
                command.args(["-u", user, "--"]).arg(program);
                command
            }
            None => Command::new(program),
        };
        command.args(args).current_dir(&self.dir);
        run(&mut command)
    }

    /// Gives `path` to the server's account.
    pub(crate) fn own(&self, path: &Path) {
        if let Some(user) = &self.user {
            run(Command::new("chown").arg(user).arg(path));
        }
    }
}

impl Drop for Cluster {
    fn drop(&mut self) {
        if let Some(pid) = self.pid {
            // SIGINT is PostgreSQL's fast shutdown.
            let _ = Command::new("kill").args(["-INT", &pid.to_string()]).status();
            let gone = Instant::now() + Duration::from_secs(30);
            while Path::new(&format!("/proc/{pid}")).exists() && Instant::now() < gone {
                std::thread::sleep(Duration::from_millis(50));
            }
        }
        let _ = fs::remove_dir_all(&self.dir);
    }
}

/// The stock `pg_hba.conf.sample` of the server in `bin`: Debian's share directory, or
/// the package's own.
fn stock_sample(bin: &Path, major: u32) -> Option<String> {
    let candidates = [
        PathBuf::from(format!("/usr/share/postgresql/{major}/pg_hba.conf.sample")),
        bin.join("../share/postgresql/pg_hba.conf.sample"),
        bin.join("../share/pg_hba.conf.sample"),
    ];
    let candidates = if bin == Path::new(DEBIAN_BIN) { &candidates[..1] } else { &candidates[1..] };
    candidates.iter().find_map(|path| fs::read_to_string(path).ok())
}

fn log_since(path: &Path, offset: usize) -> String {
    let log = fs::read_to_string(path).unwrap_or_default();
    log.get(offset..).unwrap_or_default().to_string()
}

/// The physical lines of the record starting on one-based `line`.
fn record_text(text: &str, line: usize) -> String {
    let mut out = String::new();
    for physical in text.lines().skip(line - 1) {
        out.push_str(physical);
        if !physical.ends_with('\\') {
            break;
        }
        out.push('\n');
    }
    out
}

fn run(command: &mut Command) -> Output {
    let output = command
        .stdin(Stdio::null())
        .output()
        .unwrap_or_else(|err| panic!("could not run {command:?}: {err}"));
    assert!(
        output.status.success(),
        "{command:?} failed: {}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    output
}

fn path_str(path: &Path) -> &str {
    path.to_str().expect("a UTF-8 temporary path")
}

fn is_root() -> bool {
    let output = Command::new("id").arg("-u").output().expect("run id");
    String::from_utf8_lossy(&output.stdout).trim() == "0"
}

/// Creates the unprivileged account when it is missing; returns its name.
fn ensure_user(name: &str) -> String {
    let exists = Command::new("id").arg(name).output().is_ok_and(|out| out.status.success());
    if !exists {
        run(Command::new("useradd").args(["--system", "--no-create-home", name]));
    }
    name.to_string()
}

fn set_mode(path: &Path, mode: u32) {
    use std::os::unix::fs::PermissionsExt;
    fs::set_permissions(path, fs::Permissions::from_mode(mode)).expect("chmod");
}

/// The major of a `postgres --version` line such as `postgres (PostgreSQL) 15.8 (Debian)`.
fn major_of(version: &str) -> u32 {
    let pattern = regex::Regex::new(r"\) (\d+)").expect("a valid pattern");
    pattern
        .captures(version)
        .and_then(|captures| captures[1].parse().ok())
        .unwrap_or_else(|| panic!("no major in {version:?}"))
}
