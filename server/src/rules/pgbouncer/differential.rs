//! The differential test: the real PgBouncer and our rules judge the same corpus of
//! `pgbouncer.ini` files, and must agree.
//!
//! For each file, PgBouncer (the Debian binary that `tests/run` installs) is started in the
//! foreground as an unprivileged user, on 127.0.0.1 at a free port, in a temporary directory;
//! its log is read until it says the process is up or it exits, and then it is killed by its
//! PID. Starting takes a few milliseconds, so the whole corpus runs in seconds.
//!
//! A file agrees when:
//! - every ERROR or WARNING line PgBouncer logs while loading has a finding of ours (an error
//!   or a warning) on the line it names, on the setting it names, or anywhere when it names
//!   neither;
//! - a file PgBouncer refuses has at least one error of ours;
//! - a file PgBouncer loads without a complaint has no error of ours.
//!
//! The corpus is made here, deterministically: hand-written files, one file per setting and
//! kind of value (valid, edge and broken) from the catalog, and mutations of realistic files.
//! Every file gets the same listening block (loopback, a free port, no Unix socket, an
//! `auth_file` in the temporary directory) where it says `@LISTEN@`. Some come with files
//! beside them (includes, userlists), and our rules read the directory through
//! [`DiskFiles`], as the language server does, with PgBouncer's working directory being
//! the file's, as they assume.

use super::check_with_files;
use crate::disk::DiskFiles;
use crate::finding::{Finding, Severity};
use crate::knowledge::pgbouncer::{self as catalog, Setting, ValueType};
use crate::line_index::{Encoding, LineIndex};
use crate::settings::{parse_pgbouncer_version, Settings};
use crate::syntax::pgbouncer as syntax;
use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc;
use std::time::{Duration, Instant};

/// Where Debian installs PgBouncer.
const BINARY: &str = "/usr/sbin/pgbouncer";

/// The user PgBouncer runs as when the test runs as root (PgBouncer refuses root).
const UNPRIVILEGED_USER: &str = "pgtest";

/// The placeholder for the listening block.
pub(super) const LISTEN: &str = "@LISTEN@";

/// How long one start may take before the test gives up on it.
const START_TIMEOUT: Duration = Duration::from_secs(5);

/// Files on which we knowingly disagree with PgBouncer, each with the reason.
const KNOWN_DISAGREEMENTS: &[(&str, &str)] = &[];

/// The name of the file under test in its temporary directory.
const INI: &str = "pgbouncer.ini";

/// The userlist every file's `auth_file` names.
const USERLIST: &str = "\"app_user\" \"md5a3556571e93b0d20722ba62be61e8c2d\"\n";

/// One file of the corpus: a name that says where it came from, its text with `@LISTEN@`,
/// and the files beside it (name and text) that it includes.
pub(super) struct Sample {
    name: String,
    text: String,
    beside: Vec<(&'static str, String)>,
}

fn sample(name: impl Into<String>, text: impl Into<String>) -> Sample {
    Sample { name: name.into(), text: text.into(), beside: Vec::new() }
}

pub(super) fn with_files(name: &str, text: String, beside: &[(&'static str, &str)]) -> Sample {
    let beside = beside.iter().map(|(file, text)| (*file, text.to_string())).collect();
    Sample { name: name.to_string(), text, beside }
}

/// Files that include others which exist, nest, and set what PgBouncer then sees.
fn with_includes() -> Vec<Sample> {
    let main_only = |body: &str| format!("[pgbouncer]\n{LISTEN}\n{body}");
    vec![
        with_files(
            "include-settings",
            main_only("%include more.ini\n"),
            &[("more.ini", "listen_backlog = 64\ntcp_keepalive = 1\n")],
        ),
        with_files(
            "include-bad-value",
            main_only("%include more.ini\n"),
            &[("more.ini", "listen_backlog = many\n")],
        ),
        with_files(
            "include-unknown-setting",
            main_only("%include more.ini\n"),
            &[("more.ini", "no_such_setting = 1\n")],
        ),
        with_files(
            "include-nested",
            main_only("%include a.ini\n"),
            &[("a.ini", "%include b.ini\n"), ("b.ini", "listen_backlog = 64\n")],
        ),
        with_files(
            "include-nested-missing",
            main_only("%include a.ini\n"),
            &[("a.ini", "%include nothing-here.ini\n")],
        ),
        with_files("include-self", main_only("%include pgbouncer.ini\n"), &[]),
        with_files(
            "include-cycle",
            main_only("%include a.ini\n"),
            &[("a.ini", "%include b.ini\n"), ("b.ini", "%include a.ini\n")],
        ),
        with_files(
            "include-opens-databases",
            main_only("%include db.ini\napp = host=127.0.0.1 dbname=app\n"),
            &[("db.ini", "[databases]\n")],
        ),
        with_files(
            "include-main-section",
            "[databases]\napp = host=127.0.0.1\n%include main.ini\n".to_string(),
            &[("main.ini", "[pgbouncer]\n@LISTEN@\n")],
        ),
        with_files(
            "include-section-unknown",
            main_only("%include other.ini\n"),
            &[("other.ini", "[whatever]\n")],
        ),
        with_files(
            "include-key-before-section",
            "%include stray.ini\n[pgbouncer]\n@LISTEN@\n".to_string(),
            &[("stray.ini", "listen_backlog = 64\n")],
        ),
        with_files("auth-file-missing", main_only("auth_file = no-such-userlist.txt\n"), &[]),
        with_files(
            "auth-file-garbled",
            main_only("auth_file = garbled.txt\n"),
            &[("garbled.txt", "\"app_user\n")],
        ),
        with_files(
            "auth-hba-file-missing",
            main_only("auth_type = hba\nauth_hba_file = no-such-hba.conf\n"),
            &[],
        ),
    ]
}

/// A `[pgbouncer]` section with the listening block, then `body`.
fn main_section(body: &str) -> String {
    format!("[databases]\napp = host=127.0.0.1 dbname=app\n\n[pgbouncer]\n{LISTEN}\n{body}")
}

/// Files written by hand for what the catalog and the mutations do not reach.
fn handwritten() -> Vec<Sample> {
    let main_only = |body: &str| format!("[pgbouncer]\n{LISTEN}\n{body}");
    let with_main = |before: &str| format!("{before}\n{}", main_only(""));
    let db = |entry: &str| with_main(&format!("[databases]\n{entry}"));
    vec![
        sample("minimal", main_only("")),
        sample("empty-databases-users", db("[users]")),
        sample("comments", main_only("; a comment\n# another\n   ; indented\n")),
        sample("inline-comment-int", main_only("listen_backlog = 128 ; queue\n")),
        sample("inline-comment-string", main_only("admin_users = admin ; the admins\n")),
        sample("unknown-setting", main_only("no_such_key = 1\n")),
        sample("setting-wrong-case", main_only("Listen_Backlog = 128\n")),
        sample("unknown-section", with_main("[whatever]\nx = 1")),
        sample("section-wrong-case", with_main("[Databases]")),
        sample("unclosed-section", format!("{}[databases\n", main_only(""))),
        sample("section-trailing-text", with_main("[databases] app = host=127.0.0.1")),
        sample("key-before-section", with_main("stray = 1")),
        sample("no-main-section", "[databases]\napp = host=127.0.0.1\n"),
        sample("quoted-key-main", main_only("'listen_backlog' = 128\n")),
        sample("double-quoted-key", main_only("\"listen_backlog\" = 128\n")),
        sample("garbage-line", main_only("garbage\n")),
        sample("key-without-equals", main_only("listen_backlog 128\n")),
        sample("colon-instead-of-equals", main_only("listen_backlog: 128\n")),
        sample("tabs-around-equals", main_only("listen_backlog\t=\t128\n")),
        sample("no-space-around-equals", main_only("listen_backlog=128\n")),
        sample("crlf-line-ends", main_only("listen_backlog = 128\r\nlog_stats = 0\r\n")),
        sample("duplicate-setting", main_only("listen_backlog = 64\nlisten_backlog = 128\n")),
        sample("duplicate-bad-then-good", main_only("tcp_keepalive = yes\ntcp_keepalive = 1\n")),
        sample("include-missing", main_only("%include missing.ini\n")),
        sample("db-all-keys", main_section("").replace(
            "app = host=127.0.0.1 dbname=app",
            "app = host=127.0.0.1 port=5432 dbname=app user=app_user auth_user=app_user \
             client_encoding=UTF8 datestyle=ISO timezone=UTC pool_size=10 min_pool_size=0 \
             reserve_pool=2 max_db_connections=50 pool_mode=transaction \
             connect_query='SELECT 1' application_name=x",
        )),
        sample("db-fallback", db("* = host=127.0.0.1")),
        sample("db-unknown-key", db("app = hots=127.0.0.1")),
        sample("db-sslmode-key", db("app = host=127.0.0.1 sslmode=require")),
        sample("db-port-zero", db("app = host=127.0.0.1 port=0")),
        sample("db-port-word", db("app = host=127.0.0.1 port=abc")),
        sample("db-port-big", db("app = host=127.0.0.1 port=70000")),
        sample("db-port-trailing", db("app = host=127.0.0.1 port=5432x")),
        sample("db-unclosed-quote", db("app = host=127.0.0.1 password='s3cret")),
        sample("db-quoted-values", db("app = host='127.0.0.1' password='it''s'")),
        sample("db-quote-glued", db("app = host='127.0.0.1'port=5432")),
        sample("db-empty-value", db("app = host=127.0.0.1 dbname=")),
        sample("db-key-without-value", db("app = host")),
        sample("db-empty-entry", db("app =")),
        sample("db-reserved-name", db("pgbouncer = host=127.0.0.1")),
        sample("db-bad-pool-mode", db("app = host=127.0.0.1 pool_mode=txn")),
        sample("db-pool-mode-case", db("app = host=127.0.0.1 pool_mode=Session")),
        sample("db-tab-separator", db("app = host=127.0.0.1\tport=5432")),
        sample("db-password-plain", db("app = host=127.0.0.1 password=secret")),
        sample(
            "user-entry",
            with_main("[users]\napp_user = pool_mode=session max_user_connections=5"),
        ),
        sample("user-unknown-key", with_main("[users]\napp_user = pool_size=5")),
        sample("user-bad-pool-mode", with_main("[users]\napp_user = pool_mode=sessions")),
        sample("auth-hba-without-file", main_only("auth_type = hba\n")),
        sample("auth-cert-without-tls", main_only("auth_type = cert\n")),
        sample("client-tls-without-files", main_only("client_tls_sslmode = require\n")),
        sample("server-tls-verify-full", main_only("server_tls_sslmode = verify-full\n")),
        sample("server-tls-verify-ca", main_only("server_tls_sslmode = verify-ca\n")),
        sample("transaction-reset-query", main_only(
            "pool_mode = transaction\nserver_reset_query = DISCARD ALL\n",
        )),
        sample("trust-on-loopback", main_only("auth_type = trust\n")),
        sample("auth-query-without-user", main_only(
            "auth_query = SELECT usename, passwd FROM pg_shadow WHERE usename=$1\n",
        )),
        sample("ignore-startup-parameters", main_only(
            "ignore_startup_parameters = extra_float_digits, search_path\n",
        )),
        sample("hex-and-octal", main_only("listen_backlog = 0x80\nsbuf_loopcnt = 010\n")),
        sample("time-exponent", main_only("server_idle_timeout = 1e2\nquery_wait_timeout = .5\n")),
        sample("utf8-value", main_only("application_name_add_host = 1\nadmin_users = é€\n")),
        sample("keepidle-max", main_only("tcp_keepidle = 32767\n")),
        sample("keepidle-over-max", main_only("tcp_keepidle = 32768\n")),
        sample("keepintvl-over-max", main_only("tcp_keepintvl = 32768\n")),
        sample("keepcnt-max", main_only("tcp_keepcnt = 127\n")),
        sample("keepcnt-over-max", main_only("tcp_keepcnt = 128\n")),
        sample("keepcnt-negative", main_only("tcp_keepcnt = -1\n")),
        sample("keepalive-off-bad-idle", main_only("tcp_keepalive = 0\ntcp_keepidle = -5\n")),
        sample("user-timeout-wraps", main_only("tcp_user_timeout = 2147483648\n")),
        sample("client-tls-verify-full-no-ca", main_only(
            "client_tls_sslmode = verify-full\nclient_tls_key_file = k\nclient_tls_cert_file = c\n",
        )),
        sample("empty-file", ""),
        sample("only-comments", "; nothing here\n"),
    ]
}

/// Settings the catalog-driven files leave alone: they decide where PgBouncer listens, logs,
/// runs as, or which files it opens, which the test fixes itself.
const UNTOUCHED_SETTINGS: &[&str] = &[
    "listen_addr",
    "listen_port",
    "unix_socket_dir",
    "unix_socket_mode",
    "unix_socket_group",
    "user",
    "pidfile",
    "logfile",
    "auth_file",
    "auth_hba_file",
    "conffile",
    "service_name",
    "resolv_conf",
    "client_tls_ca_file",
    "client_tls_cert_file",
    "client_tls_key_file",
    "server_tls_ca_file",
    "server_tls_cert_file",
    "server_tls_key_file",
    "syslog",
];

/// The values tried for a setting: valid ones, edge cases of PgBouncer's number syntax, and
/// broken ones.
fn values_for(setting: &Setting) -> Vec<String> {
    let owned = |values: &[&str]| values.iter().map(|value| value.to_string()).collect();
    match setting.value_type {
        ValueType::Int => owned(&["7", "0x1f", "-3", "yes", "12abc", ""]),
        ValueType::UInt => owned(&["7", "-1", "017", "on", "4k"]),
        ValueType::Time => owned(&["2.5", "1e1", "-1", "10s", "abc", ""]),
        ValueType::Enum => {
            let first = setting.allowed.first().copied().unwrap_or("x");
            vec![first.to_ascii_uppercase(), format!("{first}x"), String::new()]
        }
        ValueType::String => owned(&["some text", "x ; note"]),
    }
}

/// One file per setting and value, for the release under test.
fn from_catalog(release: (u32, u32)) -> Vec<Sample> {
    let mut samples = Vec::new();

    for setting in &catalog::catalog(Some(release)).settings {
        if UNTOUCHED_SETTINGS.contains(&setting.name) {
            continue;
        }
        for (index, value) in values_for(setting).into_iter().enumerate() {
            let line = format!("{} = {value}", setting.name).trim_end().to_string();
            samples.push(sample(
                format!("catalog/{}/{index}", setting.name),
                main_section(&format!("{line}\n")),
            ));
        }
        if let Some(default) = setting.default {
            let line = format!("{} = {default}", setting.name).trim_end().to_string();
            samples.push(sample(
                format!("catalog/{}/default", setting.name),
                main_section(&format!("{line}\n")),
            ));
        }
    }
    samples
}

/// A realistic file turned into a corpus base: lines that pick where PgBouncer listens,
/// logs or finds files are dropped, and the listening block goes after `[pgbouncer]`.
fn prepare_base(text: &str) -> String {
    let dropped = ["listen_addr", "listen_port", "unix_socket_dir", "logfile", "pidfile", "user"];
    let mut lines = Vec::new();

    for line in text.lines() {
        let key = line.split('=').next().unwrap_or("").trim();
        if dropped.contains(&key) || key == "auth_file" || key.ends_with("_file") {
            continue;
        }
        lines.push(line.to_string());
        if line.trim() == "[pgbouncer]" {
            lines.push(LISTEN.to_string());
        }
    }
    lines.join("\n") + "\n"
}

fn bases() -> Vec<(&'static str, String)> {
    let case = |name: &str| {
        let path = format!("{}/../tests/cases/{name}/pgbouncer.ini", env!("CARGO_MANIFEST_DIR"));
        std::fs::read_to_string(&path).unwrap_or_else(|error| panic!("{path}: {error}"))
    };
    let rich = "[databases]\n\
        app = host=127.0.0.1 port=5432 dbname=app pool_size=10\n\
        * = host=127.0.0.1\n\n\
        [users]\n\
        app_user = pool_mode=session\n\n\
        [pgbouncer]\n\
        auth_type = scram-sha-256\n\
        pool_mode = transaction\n\
        max_client_conn = 500\n\
        default_pool_size = 20\n\
        server_idle_timeout = 55\n\
        tcp_keepalive = 1\n\
        tcp_keepidle = 60\n\
        tcp_keepintvl = 10\n\
        tcp_keepcnt = 6\n\
        server_tls_sslmode = verify-full\n\
        ignore_startup_parameters = extra_float_digits\n\
        admin_users = admin\n";
    vec![
        (
            "debian",
            prepare_base(include_str!("../../../../tests/fixtures/pgbouncer/pgbouncer.ini")),
        ),
        ("rich", prepare_base(rich)),
        ("case-028", prepare_base(&case("028-pgb-server-tls-disabled-managed-db"))),
        ("case-032", prepare_base(&case("032-pgb-scram-secret-server-login"))),
        ("case-034", prepare_base(&case("034-pgb-transaction-pool-prepared-statements"))),
        ("case-035", prepare_base(&case("035-pgb-unsupported-startup-parameter"))),
        ("case-037", prepare_base(&case("037-pgb-auth-query-without-auth-file"))),
        ("case-038", prepare_base(&case("038-pgb-quotes-in-passwords"))),
    ]
}

/// A deterministic xorshift generator, so that the corpus is the same on every run.
pub(super) struct Rng(pub u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    pub(super) fn below(&mut self, bound: usize) -> usize {
        (self.next() % bound.max(1) as u64) as usize
    }
}

/// The ways one line of a base is changed, each a typo or habit seen in real files.
const MUTATIONS: &[&str] = &[
    "duplicate-line",
    "inline-comment",
    "capitalize-key",
    "drop-key-char",
    "quote-key",
    "drop-equals",
    "unit-suffix",
    "word-for-number",
    "entry-bad-port",
    "entry-unknown-key",
    "entry-unclosed-quote",
    "entry-empty-value",
    "section-typo",
    "section-unclosed",
    "delete-line",
    "tab-separated",
];

/// Applies one mutation to one line of `base`. Lines with the listening block are kept.
fn mutate(base: &str, mutation: &str, rng: &mut Rng) -> String {
    let mut lines: Vec<String> = base.lines().map(str::to_string).collect();
    let candidates: Vec<usize> = (0..lines.len())
        .filter(|&at| {
            let line = lines[at].trim();
            let wanted = match mutation {
                "section-typo" | "section-unclosed" => line.starts_with('['),
                "entry-bad-port"
                | "entry-unknown-key"
                | "entry-unclosed-quote"
                | "entry-empty-value" => line.contains("host="),
                "unit-suffix" | "word-for-number" => {
                    line.split('=').nth(1).is_some_and(|value| value.trim().parse::<f64>().is_ok())
                }
                _ => line.contains('=') || (mutation == "duplicate-line" && line.starts_with('[')),
            };
            wanted && line != LISTEN
        })
        .collect();
    let Some(&at) = candidates.get(rng.below(candidates.len())) else {
        return base.to_string();
    };
    let line = lines[at].clone();
    let (key, value) = match line.split_once('=') {
        Some((key, value)) => (key.trim_end().to_string(), value.trim_start().to_string()),
        None => (line.clone(), String::new()),
    };

    let changed = match mutation {
        "duplicate-line" => {
            lines.insert(at, line.clone());
            None
        }
        "inline-comment" => Some(format!("{line} ; set by ops")),
        "capitalize-key" => {
            let mut chars = key.chars();
            let first = chars.next().map(|ch| ch.to_ascii_uppercase()).unwrap_or_default();
            Some(format!("{first}{} = {value}", chars.as_str()))
        }
        "drop-key-char" => {
            let mut key: Vec<char> = key.chars().collect();
            if key.len() > 1 {
                let drop = 1 + rng.below(key.len() - 1);
                key.remove(drop);
            }
            Some(format!("{} = {value}", key.into_iter().collect::<String>()))
        }
        "quote-key" => Some(format!("'{key}' = {value}")),
        "drop-equals" => Some(format!("{key} {value}")),
        "unit-suffix" => Some(format!("{key} = {value}s")),
        "word-for-number" => Some(format!("{key} = {}", if value == "0" { "off" } else { "on" })),
        "entry-bad-port" => Some(format!("{line} port={}", ["0", "abc", "99999"][rng.below(3)])),
        "entry-unknown-key" => Some(format!("{line} sslmode=require")),
        "entry-unclosed-quote" => Some(format!("{line} password='x")),
        "entry-empty-value" => Some(format!("{line} dbname=")),
        "section-typo" => Some(line.replace(']', "s]")),
        "section-unclosed" => Some(line.replace(']', "")),
        "delete-line" => {
            lines.remove(at);
            None
        }
        "tab-separated" => Some(format!("{key}\t=\t{value}")),
        _ => None,
    };
    if let Some(changed) = changed {
        lines[at] = changed;
    }
    lines.join("\n") + "\n"
}

fn mutations() -> Vec<Sample> {
    let mut rng = Rng(0x2545_f491_4f6c_dd1d);
    let mut samples = Vec::new();

    for (name, base) in bases() {
        samples.push(sample(format!("base/{name}"), base.clone()));
        for mutation in MUTATIONS {
            let mutated = mutate(&base, mutation, &mut rng);
            if mutated != base {
                samples.push(sample(format!("mutation/{name}/{mutation}"), mutated));
            }
        }
    }
    samples
}

fn corpus(release: (u32, u32)) -> Vec<Sample> {
    let mut samples = handwritten();
    samples.extend(with_includes());
    samples.extend(from_catalog(release));
    samples.extend(mutations());
    samples
}

/// What PgBouncer logged while loading a file.
#[derive(Debug)]
pub(super) struct Verdict {
    /// True when PgBouncer came up (and was then stopped).
    pub started: bool,
    /// ERROR and WARNING lines, without the timestamp and PID.
    pub problems: Vec<String>,
    /// Everything PgBouncer logged, for the failure report.
    pub log: Vec<String>,
}

/// The uid and gid of a user, from /etc/passwd.
fn user_ids(name: &str) -> Option<(u32, u32)> {
    let passwd = std::fs::read_to_string("/etc/passwd").ok()?;
    passwd.lines().find_map(|line| {
        let fields: Vec<&str> = line.split(':').collect();
        if fields.first() != Some(&name) || fields.len() < 4 {
            return None;
        }
        Some((fields[2].parse().ok()?, fields[3].parse().ok()?))
    })
}

/// The ids to run PgBouncer as: `pgtest` (created when missing) when we are root, else none
/// (PgBouncer runs as us).
fn unprivileged_ids() -> Option<(u32, u32)> {
    let uid = Command::new("id").arg("-u").output().expect("id runs");
    if String::from_utf8_lossy(&uid.stdout).trim() != "0" {
        return None;
    }
    if user_ids(UNPRIVILEGED_USER).is_none() {
        let status = Command::new("useradd")
            .args(["--system", "--no-create-home", "--shell", "/usr/sbin/nologin"])
            .arg(UNPRIVILEGED_USER)
            .status()
            .expect("useradd runs");
        assert!(status.success(), "could not create the user {UNPRIVILEGED_USER}");
    }
    Some(user_ids(UNPRIVILEGED_USER).expect("the unprivileged user exists"))
}

/// A port on 127.0.0.1 that nobody listens on right now.
fn free_port() -> u16 {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind to a free port");
    listener.local_addr().expect("local address").port()
}

fn expand(text: &str, port: u16) -> String {
    text.replace(
        LISTEN,
        &format!(
            "listen_addr = 127.0.0.1\nlisten_port = {port}\nunix_socket_dir =\n\
             auth_file = userlist.txt"
        ),
    )
}

/// Starts PgBouncer on `ini` in `dir`, reads its log until it is up or gone, and stops it.
fn run_pgbouncer(dir: &Path, ini: &str, ids: Option<(u32, u32)>) -> Verdict {
    std::fs::write(dir.join(INI), ini).expect("write the ini");
    let mut command = Command::new(BINARY);
    command
        .arg("pgbouncer.ini")
        .current_dir(dir)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped());
    if let Some((uid, gid)) = ids {
        use std::os::unix::process::CommandExt;
        command.uid(uid).gid(gid);
    }
    let mut child = command.spawn().expect("start pgbouncer");

    let stderr = child.stderr.take().expect("piped stderr");
    let (sender, receiver) = mpsc::channel();
    let reader = std::thread::spawn(move || {
        for line in BufReader::new(stderr).lines().map_while(Result::ok) {
            if sender.send(line).is_err() {
                break;
            }
        }
    });

    let deadline = Instant::now() + START_TIMEOUT;
    let mut log = Vec::new();
    let mut started = false;
    while let Some(remaining) = deadline.checked_duration_since(Instant::now()) {
        let Ok(line) = receiver.recv_timeout(remaining) else {
            break;
        };
        let done = line.contains(" FATAL ") || line.contains("process up:");
        started |= line.contains("process up:");
        log.push(line);
        if done {
            break;
        }
    }
    // Stopped by its own PID: `child` is PgBouncer itself, not a wrapper.
    let _ = child.kill();
    let _ = child.wait();
    drop(receiver);
    let _ = reader.join();

    let problems = log
        .iter()
        .filter_map(|line| {
            let (_, rest) = line.split_once("] ")?;
            let (level, message) = rest.split_once(' ')?;
            matches!(level, "ERROR" | "WARNING").then(|| message.to_string())
        })
        .collect();
    Verdict { started, problems, log }
}

/// True when the address is taken by someone else between our probe and PgBouncer's bind.
fn lost_port_race(verdict: &Verdict) -> bool {
    verdict.log.iter().any(|line| line.contains("Address already in use"))
}

/// The 1-based line a PgBouncer log message names, as in `(pgbouncer.ini:12)`.
fn named_line(message: &str) -> Option<usize> {
    let start = message.find("(pgbouncer.ini:")? + "(pgbouncer.ini:".len();
    let digits: String = message[start..].chars().take_while(char::is_ascii_digit).collect();
    digits.parse().ok()
}

/// The `[pgbouncer]` settings a message names as whole words (those with an underscore: a
/// bare `user` or `verbose` in a message is an ordinary word).
fn named_settings(message: &str, release: (u32, u32)) -> Vec<&'static str> {
    let words: Vec<&str> =
        message.split(|ch: char| !(ch.is_ascii_alphanumeric() || ch == '_')).collect();
    catalog::catalog(Some(release))
        .settings
        .iter()
        .map(|setting| setting.name)
        .filter(|name| name.contains('_') && words.contains(name))
        .collect()
}

/// The lines a finding may sit on to answer a message that names line `named`: PgBouncer
/// counts the line after skipping the blank lines that follow an entry, so the entry itself
/// is the last line with content at or before `named`.
fn answering_lines(text: &str, named: usize) -> std::ops::RangeInclusive<usize> {
    let lines: Vec<&str> = text.split('\n').collect();
    let mut first = named.min(lines.len()).max(1);
    while first > 1 && lines.get(first - 1).is_none_or(|line| line.trim().is_empty()) {
        first -= 1;
    }
    if first == named && first > 1 {
        first -= 1;
    }
    first..=named
}

/// Compares PgBouncer's verdict with our findings; `None` when they agree, else why not.
fn compare(text: &str, verdict: &Verdict, ours: &[Finding], release: (u32, u32)) -> Option<String> {
    let index = LineIndex::new(text);
    let line_of = |offset: usize| index.line_col(offset, Encoding::Utf8).line as usize + 1;
    let file = syntax::parse(text);
    let reported: Vec<&Finding> = ours
        .iter()
        .filter(|finding| matches!(finding.severity, Severity::Error | Severity::Warning))
        .collect();
    let mut reasons = Vec::new();

    for problem in &verdict.problems {
        let covered = if let Some(named) = named_line(problem) {
            let lines = answering_lines(text, named);
            reported.iter().any(|finding| lines.contains(&line_of(finding.span.start)))
        } else {
            let names = named_settings(problem, release);
            let lines: Vec<usize> = file
                .entries_in("pgbouncer")
                .filter(|entry| names.contains(&entry.name.as_str()))
                .map(|entry| line_of(entry.key.start))
                .chain(file.section_header("pgbouncer").map(|header| line_of(header.span.start)))
                .collect();
            // A finding answers when it sits on a named setting (or on the header, for
            // settings the file leaves out) or says the setting's name.
            reported.iter().any(|finding| {
                names.is_empty()
                    || lines.contains(&line_of(finding.span.start))
                    || names.iter().any(|name| finding.message.contains(&format!("`{name}`")))
            })
        };
        if !covered {
            reasons.push(format!("we say nothing about: {problem}"));
        }
    }

    // PgBouncer reads the `*` entry only when a client asks for a database not listed, so
    // our errors in it are about what happens then, not at start.
    let fallback: Vec<_> = file
        .entries_in("databases")
        .filter(|entry| entry.name == "*")
        .map(|entry| entry.span)
        .collect();
    let load_errors = ours
        .iter()
        .filter(|finding| finding.severity == Severity::Error)
        .filter(|finding| {
            !fallback
                .iter()
                .any(|span| span.start <= finding.span.start && finding.span.end <= span.end)
        })
        .count();
    let errors = ours.iter().filter(|finding| finding.severity == Severity::Error).count();
    if !verdict.started && errors == 0 {
        reasons.push("PgBouncer refuses the file, and we report no error".to_string());
    }
    if verdict.started && verdict.problems.is_empty() && load_errors > 0 {
        reasons.push("PgBouncer loads the file cleanly, and we report an error".to_string());
    }
    (!reasons.is_empty()).then(|| reasons.join("; "))
}

/// The release of the installed binary, from `pgbouncer --version`.
pub(super) fn installed_release() -> (u32, u32) {
    let output = Command::new(BINARY).arg("--version").output().unwrap_or_else(|error| {
        panic!("{BINARY} does not run ({error}); tests/run installs Debian's pgbouncer")
    });
    let text = String::from_utf8_lossy(&output.stdout);
    let version = text.lines().next().and_then(|line| line.strip_prefix("PgBouncer "));
    version.and_then(parse_pgbouncer_version).expect("pgbouncer --version names a release")
}

/// How a sample's verdict and our findings are compared: `None` when they agree, else why
/// not.
pub(super) type Judge = fn(&str, &Verdict, &[Finding], (u32, u32)) -> Option<String>;

/// Runs every sample of the corpus through PgBouncer and our rules, on two threads.
pub(super) fn judge_all(
    samples: &[Sample],
    release: (u32, u32),
    judge: Judge,
) -> Vec<(usize, Option<String>)> {
    let ids = unprivileged_ids();
    let next = AtomicUsize::new(0);
    let run = RUNS.fetch_add(1, Ordering::SeqCst);
    let settings = Settings { pgbouncer_version: Some(release), ..Settings::default() };

    std::thread::scope(|scope| {
        let workers: Vec<_> = (0..2)
            .map(|worker| {
                let (next, settings) = (&next, &settings);
                scope.spawn(move || {
                    let dir = temp_dir(run, worker);
                    let mut results = Vec::new();
                    loop {
                        let at = next.fetch_add(1, Ordering::SeqCst);
                        let Some(sample) = samples.get(at) else {
                            break;
                        };
                        let mut attempt = 0;
                        let (text, verdict) = loop {
                            let port = free_port();
                            let text = expand(&sample.text, port);
                            for (name, beside) in &sample.beside {
                                let beside = expand(beside, port);
                                std::fs::write(dir.join(name), beside).expect("write a file");
                            }
                            let verdict = run_pgbouncer(&dir, &text, ids);
                            attempt += 1;
                            if !lost_port_race(&verdict) || attempt == 3 {
                                break (text, verdict);
                            }
                        };
                        // Our rules read the same directory, as the language server would.
                        let ours = check_with_files(
                            &dir.join(INI),
                            &text,
                            settings,
                            &DiskFiles::default(),
                        );
                        for (name, _) in &sample.beside {
                            let _ = std::fs::remove_file(dir.join(name));
                        }
                        let disagreement = judge(&text, &verdict, &ours, release).map(|why| {
                            let beside: String = sample
                                .beside
                                .iter()
                                .map(|(name, text)| format!("--- {name}\n{text}"))
                                .collect();
                            format!(
                                "{}: {why}\n--- file\n{text}{beside}--- pgbouncer\n{}\n\
                                 --- ours\n{}",
                                sample.name,
                                verdict.log.join("\n"),
                                render(&text, &ours)
                            )
                        });
                        results.push((at, disagreement));
                    }
                    let _ = std::fs::remove_dir_all(&dir);
                    results
                })
            })
            .collect();
        let mut results: Vec<(usize, Option<String>)> =
            workers.into_iter().flat_map(|worker| worker.join().expect("worker")).collect();
        results.sort_by_key(|(at, _)| *at);
        results
    })
}

/// Counts the runs of [`judge_all`] in this process, so that differential tests running at
/// the same time each get directories of their own.
static RUNS: AtomicUsize = AtomicUsize::new(0);

/// A fresh temporary directory that the unprivileged user can read.
fn temp_dir(run: usize, worker: usize) -> PathBuf {
    let dir = std::env::temp_dir()
        .join(format!("pgconf-lsp-pgb-differential-{}-{run}-{worker}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("create the temporary directory");
    std::fs::write(dir.join("userlist.txt"), USERLIST).expect("write the userlist");
    dir
}

fn render(text: &str, findings: &[Finding]) -> String {
    let index = LineIndex::new(text);
    let lines: Vec<String> = findings
        .iter()
        .map(|finding| {
            let at = index.line_col(finding.span.start, Encoding::Utf8);
            format!(
                "{}:{} {} {}",
                at.line + 1,
                at.col + 1,
                finding.severity.as_str(),
                finding.rule.name
            )
        })
        .collect();
    lines.join("\n")
}

#[test]
fn real_pgbouncer_agrees_with_our_rules() {
    let release = installed_release();
    let samples = corpus(release);
    assert!(samples.len() >= 150, "the corpus has only {} files", samples.len());

    let results = judge_all(&samples, release, compare);
    let agreeing = results.iter().filter(|(_, why)| why.is_none()).count();
    let _ = writeln!(
        std::io::stdout(),
        "pgbouncer differential: {agreeing}/{} files agree (PgBouncer {}.{})",
        results.len(),
        release.0,
        release.1
    );

    let disagreements: Vec<&str> = results
        .iter()
        .filter_map(|(at, why)| why.as_ref().map(|why| (samples[*at].name.as_str(), why)))
        .filter(|(name, _)| !KNOWN_DISAGREEMENTS.iter().any(|(known, _)| known == name))
        .map(|(_, why)| why.as_str())
        .collect();
    assert!(
        disagreements.is_empty(),
        "{} files where PgBouncer and we disagree:\n\n{}",
        disagreements.len(),
        disagreements.join("\n\n")
    );

    let stale: Vec<&str> = KNOWN_DISAGREEMENTS
        .iter()
        .map(|(name, _)| *name)
        .filter(|name| results.iter().any(|(at, why)| samples[*at].name == *name && why.is_none()))
        .collect();
    assert!(stale.is_empty(), "known disagreements that now agree: {stale:?}");
}
