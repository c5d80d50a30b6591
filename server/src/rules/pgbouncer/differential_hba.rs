//! The differential test of `auth_hba_file`: the real PgBouncer loads a `pgbouncer.ini`
//! with `auth_type = hba` and one hba file of the corpus beside it, and the lines it
//! reports must be exactly the lines we report.
//!
//! PgBouncer logs `could not parse hba config line N` for each line it drops, and
//! `address does not match mask in hba.conf line #N` for a line it keeps whose address
//! has bits outside its mask. A file agrees when the lines of the first kind are exactly
//! those of our `pgb-hba-*` errors that say PgBouncer ignores the line, the lines of the
//! second kind exactly those of our `pgb-hba-host-bits`, and PgBouncer starts. The run
//! itself (unprivileged user, loopback, stopped by PID) is [`super::differential`]'s.
//!
//! The corpus: hand-written files for each thing PgBouncer reads or drops, and random but
//! deterministic mutations of a realistic file.

use super::differential::{installed_release, judge_all, with_files, Rng, Sample, Verdict, LISTEN};
use super::{HBA_HOST_BITS, RULES};
use crate::finding::Finding;
use std::collections::BTreeSet;
use std::io::Write;

/// The hba file's name beside the `pgbouncer.ini`.
const HBA: &str = "hba.conf";

/// The rules that say PgBouncer ignores a line of the hba file.
const SKIPPING_RULES: &[&str] = &[
    "pgb-hba-unsupported-type",
    "pgb-hba-unsupported-name",
    "pgb-hba-bad-address",
    "pgb-hba-unsupported-method",
    "pgb-hba-unsupported-option",
];

/// One hba file of the corpus: its name, its text, and the `@` files beside it.
struct Case {
    name: &'static str,
    hba: &'static str,
    beside: &'static [(&'static str, &'static str)],
}

const fn case(name: &'static str, hba: &'static str) -> Case {
    Case { name, hba, beside: &[] }
}

/// Hand-written files: what PgBouncer reads, and each way it drops a line.
const CASES: &[Case] = &[
    case("empty", ""),
    case("only-comments", "# nothing\n\n   # indented\n"),
    case("typical", "local all all peer\nhost all all 127.0.0.1/32 scram-sha-256\n"),
    case("quoted-names", "host \"My DB\",\"we\"\"ird\" \"all\" 10.0.0.0/8 md5\n"),
    case("comma-list-spaces", "host app, reports alice ,bob 10.0.0.0/8 md5\n"),
    case("separate-mask", "host all all 10.0.0.0 255.0.0.0 md5\n"),
    case("non-contiguous-mask", "host all all 10.0.0.0 255.0.255.0 md5\n"),
    case("ipv6", "host all all ::1/128 md5\nhost all all fe80::/10 md5\n"),
    case("ipv4-mapped", "host all all ::ffff:10.0.0.0/104 md5\n"),
    case("empty-bits", "host all all 0.0.0.0/ md5\nhost all all 10.0.0.0/ md5\n"),
    case("signed-bits", "host all all 10.0.0.0/+8 md5\nhost all all 10.0.0.0/-0 md5\n"),
    case("negative-bits", "host all all 10.0.0.0/-1 md5\n"),
    case("too-many-bits", "host all all 10.0.0.0/33 md5\nhost all all ::/129 md5\n"),
    case("bits-with-text", "host all all 10.0.0.0/8x md5\nhost all all 10.0.0.0/8/9 md5\n"),
    case("leading-zero-octet", "host all all 010.0.0.0/8 md5\n"),
    case("short-ipv4", "host all all 10.0.0/24 md5\n"),
    case("no-mask", "host all all 10.0.0.0 md5\n"),
    case("mask-wrong-family", "host all all 10.0.0.0 ffff:: md5\n"),
    case("quoted-address", "host all all \"10.0.0.0/8\" md5\n"),
    case("host-name", "host all all db.example.com md5\nhost all all .example.com md5\n"),
    case("samehost-samenet", "host all all samehost md5\nhost all all samenet md5\n"),
    case("address-all", "host all all all scram-sha-256\n"),
    case("zone-id", "host all all fe80::1%eth0/128 md5\n"),
    case("host-bits", "host all all 10.0.0.1/8 md5\nhost all all 10.1.2.3 255.255.0.0 md5\n"),
    case("host-bits-ipv6", "host all all fe80::1/64 md5\n"),
    case("reject-everything", "host all all 0.0.0.0/0 reject\nhost all all ::/0 reject\n"),
    case("crlf", "local all all peer\r\nhost all all 10.0.0.0/8 md5\r\n"),
    case("tabs", "host\tall\tall\t10.0.0.0/8\tmd5\n"),
    case("glued-comment", "host all all 10.0.0.0/8 md5#note\nlocal all all peer # note\n"),
    case("no-final-newline", "local all all peer"),
    case("sameuser", "local sameuser all peer\nlocal all sameuser peer\n"),
    case("group", "local all +admins peer\n"),
    case("samerole-samegroup", "local samerole all peer\nlocal samegroup all peer\n"),
    case("replication", "local replication all peer\nlocal all replication peer\n"),
    case("gssenc", "hostgssenc all all 10.0.0.0/8 md5\nhostnogssenc all all 10.0.0.0/8 md5\n"),
    case("upper-case", "HOST all all 10.0.0.0/8 md5\nhost ALL all 10.0.0.0/8 MD5\n"),
    case("quoted-type", "\"host\" all all 10.0.0.0/8 md5\n"),
    case("include", "include other.conf\ninclude_dir conf.d\n"),
    case("ident", "host all all 10.0.0.0/8 ident\nlocal all all ident\n"),
    case(
        "other-methods",
        "host all all 10.0.0.0/8 gss\nhost all all 10.0.0.0/8 sspi\n\
        host all all 10.0.0.0/8 ldap\nhost all all 10.0.0.0/8 radius\n\
        host all all 10.0.0.0/8 pam\nhost all all 10.0.0.0/8 any\n",
    ),
    case(
        "every-method",
        "host all all 10.0.0.0/8 trust\nhost all all 10.0.0.0/8 reject\n\
        host all all 10.0.0.0/8 md5\nhost all all 10.0.0.0/8 password\n\
        local all all peer\nhostssl all all 10.0.0.0/8 cert\n\
        host all all 10.0.0.0/8 scram-sha-256\n",
    ),
    case("map-option", "hostssl all all 10.0.0.0/8 cert map=certs\n"),
    case("clientcert-option", "hostssl all all 10.0.0.0/8 cert clientcert=verify-full\n"),
    case("quoted-option", "host all all 10.0.0.0/8 md5 \"x\"\n"),
    case("local-with-address", "local all all 127.0.0.1/32 trust\n"),
    case("missing-method", "host all all 10.0.0.0/8\n"),
    case("missing-address", "host all all\n"),
    case("missing-user", "local all\n"),
    case("type-alone", "local\n"),
    case("trailing-comma", "local all a, peer\n"),
    case("leading-comma", "local ,all all peer\n"),
    case("glued-quote", "local a\"b\" all peer\n"),
    case("unterminated-quote", "local all \"alice peer\n"),
    case(
        "mixed-good-and-bad",
        "local all all peer\nhost all all 10.0.0.0/8 ident\n\
        host all all 10.0.0.0/8 scram-sha-256\nhostssl all +ops 10.0.0.0/8 cert\n",
    ),
    Case {
        name: "name-file",
        hba: "local all @users.txt peer\nlocal @dbs.txt all peer\n",
        beside: &[("users.txt", "alice, bob\n\"carol\"\n"), ("dbs.txt", "app\n")],
    },
    Case {
        name: "name-file-blank-line",
        hba: "local all @users.txt peer\n",
        beside: &[("users.txt", "alice\n\nbob\n")],
    },
    Case {
        name: "name-file-comment",
        hba: "local all @users.txt peer\n",
        beside: &[("users.txt", "# the app users\nalice\n")],
    },
    case("name-file-missing", "local all @nobody.txt peer\n"),
    Case {
        name: "name-file-nested",
        hba: "local all @a.txt peer\n",
        beside: &[("a.txt", "alice,@b.txt\n"), ("b.txt", "bob\n")],
    },
    Case {
        name: "name-file-group",
        hba: "local all @users.txt peer\n",
        beside: &[("users.txt", "alice,+admins\n")],
    },
    Case {
        name: "name-file-keywords",
        hba: "local @dbs.txt all peer\n",
        beside: &[("dbs.txt", "all\nsameuser\n")],
    },
    Case {
        name: "name-file-two-words",
        hba: "local all @users.txt peer\n",
        beside: &[("users.txt", "alice bob\n")],
    },
    case("lone-at", "local all @ peer\n"),
];

/// The file the mutations start from: one line of each shape PgBouncer reads.
const MUTATION_BASE: &str = "# pooler access\nlocal all all peer\n\
    host app,\"Odd \"\"Name\" alice,bob 10.0.0.0/8 scram-sha-256\n\
    hostssl all all 10.1.0.0 255.255.0.0 cert\nhostnossl sameuser all ::1/128 md5\n\
    host all @users.txt 192.168.0.0/16 password\n";

/// What a mutation inserts: the characters and words PgBouncer's reader treats specially.
const PIECES: &[&str] = &[
    "\"",
    "#",
    ",",
    "/",
    "@",
    "+",
    " ",
    "\t",
    "\r",
    "\n",
    "::",
    ".",
    "-",
    "all",
    "all ",
    "replication,",
    " map=x",
    " trust",
    "1",
    "/33",
    "x",
    "é",
    "ident ",
    "HOST",
];

/// How many mutated files the corpus holds.
const MUTATIONS: usize = 80;

/// [`MUTATION_BASE`] with one piece inserted at a random place, deterministically.
fn mutations() -> Vec<String> {
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    (0..MUTATIONS)
        .map(|_| {
            let mut text = MUTATION_BASE.to_string();
            let mut at = rng.below(text.len() + 1);
            while !text.is_char_boundary(at) {
                at -= 1;
            }
            text.insert_str(at, PIECES[rng.below(PIECES.len())]);
            text
        })
        .collect()
}

fn samples() -> Vec<Sample> {
    let ini = format!("[pgbouncer]\n{LISTEN}\nauth_type = hba\nauth_hba_file = {HBA}\n");
    let users = ("users.txt", "alice\n\"bob\"\n");
    let mut samples: Vec<Sample> = CASES
        .iter()
        .map(|case| {
            let mut beside = vec![(HBA, case.hba)];
            beside.extend(case.beside.iter().copied());
            with_files(&format!("hba/{}", case.name), ini.clone(), &beside)
        })
        .collect();

    for (index, hba) in mutations().iter().enumerate() {
        let name = format!("hba/mutation/{index}");
        samples.push(with_files(&name, ini.clone(), &[(HBA, hba), users]));
    }
    samples
}

/// The hba line numbers of PgBouncer's log lines that start with `prefix`.
fn logged_lines(verdict: &Verdict, prefix: &str) -> BTreeSet<usize> {
    let number = |message: &str| {
        let rest = message.strip_prefix(prefix)?;
        let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
        digits.parse().ok()
    };
    verdict.problems.iter().filter_map(|message| number(message)).collect()
}

/// The hba line numbers of our findings of the given rules.
fn our_lines(ours: &[Finding], rules: &[&str]) -> BTreeSet<usize> {
    let prefix = format!("In `{HBA}` line ");
    ours.iter()
        .filter(|finding| rules.contains(&finding.rule.name))
        .filter_map(|finding| {
            let rest = finding.message.strip_prefix(&prefix)?;
            rest.split(':').next()?.parse().ok()
        })
        .collect()
}

fn judge(_: &str, verdict: &Verdict, ours: &[Finding], _: (u32, u32)) -> Option<String> {
    let mut reasons = Vec::new();
    if !verdict.started {
        reasons.push("PgBouncer did not start".to_string());
    }

    let skipped = logged_lines(verdict, "could not parse hba config line ");
    let ours_skipped = our_lines(ours, SKIPPING_RULES);
    if skipped != ours_skipped {
        reasons.push(format!("PgBouncer drops lines {skipped:?}, we say {ours_skipped:?}"));
    }

    let host_bits = logged_lines(verdict, &format!("address does not match mask in {HBA} line #"));
    let ours_host_bits = our_lines(ours, &[HBA_HOST_BITS.name]);
    if host_bits != ours_host_bits {
        reasons.push(format!(
            "PgBouncer finds host bits on lines {host_bits:?}, we say {ours_host_bits:?}"
        ));
    }
    (!reasons.is_empty()).then(|| reasons.join("; "))
}

#[test]
fn the_skipping_rules_are_ours() {
    for name in SKIPPING_RULES {
        assert!(RULES.iter().any(|rule| rule.name == *name), "{name} is no pgbouncer rule");
    }
}

#[test]
fn real_pgbouncer_reads_hba_files_as_we_do() {
    let release = installed_release();
    let samples = samples();
    assert!(samples.len() >= 30, "the hba corpus has only {} files", samples.len());

    let results = judge_all(&samples, release, judge);
    let agreeing = results.iter().filter(|(_, why)| why.is_none()).count();
    let _ = writeln!(
        std::io::stdout(),
        "pgbouncer hba differential: {agreeing}/{} files agree (PgBouncer {}.{})",
        results.len(),
        release.0,
        release.1
    );

    let disagreements: Vec<&str> = results.iter().filter_map(|(_, why)| why.as_deref()).collect();
    assert!(
        disagreements.is_empty(),
        "{} hba files where PgBouncer and we disagree:\n\n{}",
        disagreements.len(),
        disagreements.join("\n\n")
    );
}
