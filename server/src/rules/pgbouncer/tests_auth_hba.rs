//! Snapshots of what we say about the lines of `auth_hba_file` that PgBouncer cannot read
//! or reads differently from PostgreSQL, on the `auth_hba_file` value of `pgbouncer.ini`.

use super::tests::render;
use super::*;
use crate::files::{Files, MemoryFiles};
use expect_test::{expect, Expect};
use std::path::Path;

const INI: &str = "/etc/pgbouncer/pgbouncer.ini";
const HBA: &str = "/etc/pgbouncer/hba.conf";

/// A `pgbouncer.ini` quiet about everything but its `auth_hba_file`.
const QUIET_INI: &str = "[pgbouncer]\nlisten_addr = 127.0.0.1\nadmin_users = admin\n\
    tcp_keepalive = 1\ntcp_keepidle = 60\ntcp_keepintvl = 10\ntcp_keepcnt = 6\n\
    auth_file = userlist.txt\nauth_type = hba\nauth_hba_file = hba.conf\n";

const USERLIST: &str = "\"admin\" \"md5a3556571e93b0d20722ba62be61e8c2d\"\n";

fn files_with(hba: &str) -> MemoryFiles {
    MemoryFiles::default()
        .with(INI, QUIET_INI)
        .with("/etc/pgbouncer/userlist.txt", USERLIST)
        .with(HBA, hba)
}

fn findings_for(files: &MemoryFiles, settings: &Settings) -> String {
    let text = files.read(Path::new(INI)).expect("the ini is among the files");
    let mut findings = check_with_files(Path::new(INI), &text, settings, files);
    findings.sort_by_key(|finding| (finding.span.start, finding.span.end, finding.severity));
    render(&text, &findings)
}

/// The findings for `hba` judged as PgBouncer 1.18 reads it.
#[track_caller]
fn check_hba(hba: &str, expect: Expect) {
    let release_1_18 = Settings { pgbouncer_version: Some((1, 18)), ..Settings::default() };
    expect.assert_eq(&findings_for(&files_with(hba), &release_1_18));
}

/// The findings for `hba` judged as the newest release reads it.
#[track_caller]
fn check_hba_newest(files: MemoryFiles, expect: Expect) {
    expect.assert_eq(&findings_for(&files, &Settings::default()));
}

#[test]
fn readable_lines_say_nothing() {
    check_hba(
        "# comment\n\nlocal all all peer\nhost app,\"Odd \"\"Name\" app_user 10.0.0.0/8 \
         scram-sha-256\nhostssl sameuser all 10.1.0.0 255.255.0.0 cert\n\
         hostnossl all all ::1/128 trust\nhost all all 127.0.0.1/32 trust\n\
         host all all 0.0.0.0/0 reject\nhost all all 10.0.0.0/ md5\n",
        expect!["10:17-10:25 error pgb-hba-host-bits: In `hba.conf` line 9: `10.0.0.0/` has bits set outside its mask, and PgBouncer compares client addresses with it as written, so this line matches no client at all; write the network address `0.0.0.0/` instead."],
    );
}

#[test]
fn unsupported_types() {
    check_hba(
        "hostgssenc all all 10.0.0.0/8 scram-sha-256\ninclude other.conf\n\
         HOST all all 10.0.0.0/8 md5\n\"host\" all all 10.0.0.0/8 md5\n",
        expect![[r#"
            10:17-10:25 error pgb-hba-unsupported-type: In `hba.conf` line 1: `hostgssenc` is not a connection type PgBouncer reads (it has no GSSAPI encryption): PgBouncer 1.18 logs a warning and ignores the whole line, so the clients it was for fall through to the lines below; use `host`, `hostssl` or `hostnossl`.
            10:17-10:25 error pgb-hba-unsupported-type: In `hba.conf` line 2: PgBouncer's hba file has no `include` directive (it reads one as an unknown type): PgBouncer 1.18 logs a warning and ignores the whole line, so the clients it was for fall through to the lines below; copy the included lines into this file.
            10:17-10:25 error pgb-hba-unsupported-type: In `hba.conf` line 3: `HOST` is not a connection type PgBouncer reads (it takes `local`, `host`, `hostssl` and `hostnossl`, in lower case): PgBouncer 1.18 logs a warning and ignores the whole line, so the clients it was for fall through to the lines below; start the line with one of those.
            10:17-10:25 error pgb-hba-unsupported-type: In `hba.conf` line 4: The line does not start with a connection type: PgBouncer 1.18 logs a warning and ignores the whole line, so the clients it was for fall through to the lines below; start it with `host`, `hostssl` or `local`."#]],
    );
}

#[test]
fn unsupported_names() {
    let files = files_with(
        "local all +admins peer\nlocal samerole all peer\nlocal replication all peer\n\
         local all @missing.txt peer\nlocal all @users.txt peer\nlocal all @commented.txt peer\n\
         local all a, peer\nlocal\nlocal all \"open peer\n",
    )
    .with("/etc/pgbouncer/users.txt", "alice, bob\n\"carol\"\n")
    .with("/etc/pgbouncer/commented.txt", "# the app users\nalice\n");
    let release_1_18 = Settings { pgbouncer_version: Some((1, 18)), ..Settings::default() };
    expect![[r#"
        10:17-10:25 error pgb-hba-unsupported-name: In `hba.conf` line 1: `+admins` in the user column stands for a role's members, which PgBouncer cannot look up: PgBouncer 1.18 logs a warning and ignores the whole line, so the clients it was for fall through to the lines below; list the members by name or in an `@file`.
        10:17-10:25 error pgb-hba-unsupported-name: In `hba.conf` line 2: `samerole` needs role membership, which PgBouncer cannot look up: PgBouncer 1.18 logs a warning and ignores the whole line, so the clients it was for fall through to the lines below; list the databases by name.
        10:17-10:25 error pgb-hba-unsupported-name: In `hba.conf` line 3: `replication` is no keyword before PgBouncer 1.23, which first passes replication connections: PgBouncer 1.18 logs a warning and ignores the whole line, so the clients it was for fall through to the lines below; remove it, and let replication connect to PostgreSQL directly.
        10:17-10:25 error pgb-hba-unsupported-name: In `hba.conf` line 4: `@missing.txt` names `missing.txt`, which does not exist: PgBouncer 1.18 logs a warning and ignores the whole line, so the clients it was for fall through to the lines below; create it or fix the name (it is read from the hba file's directory).
        10:17-10:25 error pgb-hba-unsupported-name: In `hba.conf` line 6: Line 1 of `commented.txt` (from `@commented.txt`) holds no name, and PgBouncer refuses an `@` file with a blank or comment line: PgBouncer 1.18 logs a warning and ignores the whole line, so the clients it was for fall through to the lines below; remove blank and comment lines from that file.
        10:17-10:25 error pgb-hba-unsupported-method: In `hba.conf` line 7: The line ends before its method: PgBouncer 1.18 logs a warning and ignores the whole line, so the clients it was for fall through to the lines below; end it with one of `trust`, `reject`, `md5`, `password`, `scram-sha-256`, `cert` or `peer`.
        10:17-10:25 error pgb-hba-unsupported-name: In `hba.conf` line 8: The line ends before its database column: PgBouncer 1.18 logs a warning and ignores the whole line, so the clients it was for fall through to the lines below; give it a database, a user, an address (not on `local` lines) and a method.
        10:17-10:25 error pgb-hba-unsupported-name: In `hba.conf` line 9: A quote is left open: PgBouncer 1.18 logs a warning and ignores the whole line, so the clients it was for fall through to the lines below; close it with `"`."#]].assert_eq(&findings_for(&files, &release_1_18));
}

#[test]
fn replication_and_map_and_ldap_arrive_later() {
    let hba = "local replication all peer\nhost all all all scram-sha-256\n\
        hostssl all all 10.0.0.0/8 cert map=certs\nhost all all 10.0.0.0/8 ldap \
        ldapserver=ldap.example.com ldapprefix=\"cn=\"\n";
    check_hba(
        hba,
        expect![[r#"
            10:17-10:25 error pgb-hba-unsupported-name: In `hba.conf` line 1: `replication` is no keyword before PgBouncer 1.23, which first passes replication connections: PgBouncer 1.18 logs a warning and ignores the whole line, so the clients it was for fall through to the lines below; remove it, and let replication connect to PostgreSQL directly.
            10:17-10:25 error pgb-hba-bad-address: In `hba.conf` line 2: `all` as an address arrived in PgBouncer 1.23: PgBouncer 1.18 logs a warning and ignores the whole line, so the clients it was for fall through to the lines below; write an IP address with its mask length, e.g. `10.0.0.0/8`.
            10:17-10:25 error pgb-hba-unsupported-option: In `hba.conf` line 3: PgBouncer 1.18 reads nothing after the method, and this line has `map=…`: PgBouncer 1.18 logs a warning and ignores the whole line, so the clients it was for fall through to the lines below; remove it (`map=` arrived in 1.23; `cert` needs no option in PgBouncer).
            10:17-10:25 error pgb-hba-unsupported-method: In `hba.conf` line 4: `ldap` is not a method PgBouncer 1.18 reads in its hba file: PgBouncer 1.18 logs a warning and ignores the whole line, so the clients it was for fall through to the lines below; use `scram-sha-256` (LDAP arrived in PgBouncer 1.25)."#]],
    );
    check_hba_newest(files_with(hba), expect!["10:17-10:25 error pgb-hba-unsupported-option: In `hba.conf` line 3: `map=certs` names a map, and `auth_ident_file` is not set: PgBouncer 1.25 logs a warning and ignores the whole line, so the clients it was for fall through to the lines below; define the map in `auth_ident_file`, or remove the option."]);

    let with_ident = files_with(hba)
        .with(INI, format!("{QUIET_INI}auth_ident_file = ident.conf\n"))
        .with("/etc/pgbouncer/ident.conf", "certs /^(.*)$ \\1\n");
    check_hba_newest(with_ident, expect![[r#""#]]);
}

#[test]
fn bad_addresses() {
    check_hba(
        "host all all db.example.com md5\nhost all all samenet md5\nhost all all 10.0.0.0 md5\n\
         host all all 10.0.0.0/33 md5\nhost all all ::/129 md5\nhost all all 10.0.0.0/-1 md5\n\
         host all all 10.0.0.0 ffff:: md5\nhost all all 010.0.0.0/8 md5\nhost all all\n\
         host all all \"10.0.0.0/8\" md5\n",
        expect![[r#"
            10:17-10:25 error pgb-hba-bad-address: In `hba.conf` line 1: `db.example.com` is not an IP address, and PgBouncer takes no host names: PgBouncer 1.18 logs a warning and ignores the whole line, so the clients it was for fall through to the lines below; write an IP address with its mask length, e.g. `10.0.0.0/8`.
            10:17-10:25 error pgb-hba-bad-address: In `hba.conf` line 2: PgBouncer does not know `samenet`: PgBouncer 1.18 logs a warning and ignores the whole line, so the clients it was for fall through to the lines below; write an IP address with its mask length, e.g. `10.0.0.0/8`.
            10:17-10:25 error pgb-hba-bad-address: In `hba.conf` line 3: `10.0.0.0` has no `/bits`, and `md5` after it is no mask of its family: PgBouncer 1.18 logs a warning and ignores the whole line, so the clients it was for fall through to the lines below; write an IP address with its mask length, e.g. `10.0.0.0/8`.
            10:17-10:25 error pgb-hba-bad-address: In `hba.conf` line 4: `/33` is not a mask length for this address (0 to 32): PgBouncer 1.18 logs a warning and ignores the whole line, so the clients it was for fall through to the lines below; write an IP address with its mask length, e.g. `10.0.0.0/8`.
            10:17-10:25 error pgb-hba-bad-address: In `hba.conf` line 5: `/129` is not a mask length for this address (0 to 128): PgBouncer 1.18 logs a warning and ignores the whole line, so the clients it was for fall through to the lines below; write an IP address with its mask length, e.g. `10.0.0.0/8`.
            10:17-10:25 error pgb-hba-bad-address: In `hba.conf` line 6: `/-1` is not a mask length for this address (0 to 32): PgBouncer 1.18 logs a warning and ignores the whole line, so the clients it was for fall through to the lines below; write an IP address with its mask length, e.g. `10.0.0.0/8`.
            10:17-10:25 error pgb-hba-bad-address: In `hba.conf` line 7: `10.0.0.0` has no `/bits`, and `ffff::` after it is no mask of its family: PgBouncer 1.18 logs a warning and ignores the whole line, so the clients it was for fall through to the lines below; write an IP address with its mask length, e.g. `10.0.0.0/8`.
            10:17-10:25 error pgb-hba-bad-address: In `hba.conf` line 8: `010.0.0.0` is not an IP address, and PgBouncer takes no host names: PgBouncer 1.18 logs a warning and ignores the whole line, so the clients it was for fall through to the lines below; write an IP address with its mask length, e.g. `10.0.0.0/8`.
            10:17-10:25 error pgb-hba-bad-address: In `hba.conf` line 9: The line ends before its address: PgBouncer 1.18 logs a warning and ignores the whole line, so the clients it was for fall through to the lines below; write an IP address with its mask length, e.g. `10.0.0.0/8`.
            10:17-10:25 error pgb-hba-bad-address: In `hba.conf` line 10: `"10.0.0.0/8"` is not an address PgBouncer reads: PgBouncer 1.18 logs a warning and ignores the whole line, so the clients it was for fall through to the lines below; write an IP address with its mask length, e.g. `10.0.0.0/8`."#]],
    );
}

#[test]
fn host_bits_make_a_line_match_nothing() {
    check_hba(
        "host all all 10.0.0.1/8 scram-sha-256\nhost all all 10.1.2.3 255.255.0.0 md5\n\
         host all all fe80::1/64 md5\nhost all all 10.0.0.0/8 scram-sha-256\n",
        expect![[r#"
            10:17-10:25 error pgb-hba-host-bits: In `hba.conf` line 1: `10.0.0.1/8` has bits set outside its mask, and PgBouncer compares client addresses with it as written, so this line matches no client at all; write the network address `10.0.0.0/8` instead.
            10:17-10:25 error pgb-hba-host-bits: In `hba.conf` line 2: `10.1.2.3` has bits set outside its mask, and PgBouncer compares client addresses with it as written, so this line matches no client at all; write the network address `10.1.0.0` instead.
            10:17-10:25 error pgb-hba-host-bits: In `hba.conf` line 3: `fe80::1/64` has bits set outside its mask, and PgBouncer compares client addresses with it as written, so this line matches no client at all; write the network address `fe80::/64` instead."#]],
    );
}

#[test]
fn unsupported_methods_and_options() {
    check_hba(
        "host all all 10.0.0.0/8 ident\nhost all all 10.0.0.0/8 gss\nhost all all 10.0.0.0/8 \
         ldap\nhost all all 10.0.0.0/8 MD5\nhost all all 10.0.0.0/8\n\
         hostssl all all 10.0.0.0/8 cert clientcert=verify-full\n\
         local all all peer map=local\nhost all all 10.0.0.0/8 md5 \"x\"\n",
        expect![[r#"
            10:17-10:25 error pgb-hba-unsupported-method: In `hba.conf` line 1: `ident` is not a method PgBouncer 1.18 reads in its hba file: PgBouncer 1.18 logs a warning and ignores the whole line, so the clients it was for fall through to the lines below; use `peer` on a `local` line, or `scram-sha-256`.
            10:17-10:25 error pgb-hba-unsupported-method: In `hba.conf` line 2: `gss` is not a method PgBouncer 1.18 reads in its hba file: PgBouncer 1.18 logs a warning and ignores the whole line, so the clients it was for fall through to the lines below; use one of `trust`, `reject`, `md5`, `password`, `scram-sha-256`, `cert` or `peer`.
            10:17-10:25 error pgb-hba-unsupported-method: In `hba.conf` line 3: `ldap` is not a method PgBouncer 1.18 reads in its hba file: PgBouncer 1.18 logs a warning and ignores the whole line, so the clients it was for fall through to the lines below; use `scram-sha-256` (LDAP arrived in PgBouncer 1.25).
            10:17-10:25 error pgb-hba-unsupported-method: In `hba.conf` line 4: `MD5` is not a method PgBouncer 1.18 reads in its hba file: PgBouncer 1.18 logs a warning and ignores the whole line, so the clients it was for fall through to the lines below; use one of `trust`, `reject`, `md5`, `password`, `scram-sha-256`, `cert` or `peer`.
            10:17-10:25 error pgb-hba-unsupported-method: In `hba.conf` line 5: The line ends before its method: PgBouncer 1.18 logs a warning and ignores the whole line, so the clients it was for fall through to the lines below; end it with one of `trust`, `reject`, `md5`, `password`, `scram-sha-256`, `cert` or `peer`.
            10:17-10:25 error pgb-hba-unsupported-option: In `hba.conf` line 6: PgBouncer 1.18 reads nothing after the method, and this line has `clientcert=…`: PgBouncer 1.18 logs a warning and ignores the whole line, so the clients it was for fall through to the lines below; remove it (`map=` arrived in 1.23; `cert` needs no option in PgBouncer).
            10:17-10:25 error pgb-hba-unsupported-option: In `hba.conf` line 7: PgBouncer 1.18 reads nothing after the method, and this line has `map=…`: PgBouncer 1.18 logs a warning and ignores the whole line, so the clients it was for fall through to the lines below; remove it (`map=` arrived in 1.23; `peer` needs no option in PgBouncer).
            10:17-10:25 error pgb-hba-unsupported-option: In `hba.conf` line 8: PgBouncer 1.18 reads nothing after the method, and this line has `"x"`: PgBouncer 1.18 logs a warning and ignores the whole line, so the clients it was for fall through to the lines below; remove it (`map=` arrived in 1.23; `md5` needs no option in PgBouncer)."#]],
    );
}

#[test]
fn trust_and_clear_text_passwords_over_the_network() {
    check_hba(
        "host all all 10.0.0.0/8 trust\nhost all all 127.0.0.1/32 trust\n\
         host all all ::1/128 trust\nlocal all all trust\nhost all all 10.0.0.0/8 password\n\
         hostssl all all 10.0.0.0/8 password\nhost all all 127.0.0.0/8 password\n",
        expect![[r#"
            10:17-10:25 warning hba-trust-remote: In `hba.conf` line 1: `trust` lets anyone who reaches PgBouncer from `10.0.0.0/8` in as any user the line names, with no password, and PgBouncer then logs them in to PostgreSQL; use `scram-sha-256`.
            10:17-10:25 warning hba-password-cleartext: In `hba.conf` line 5: `password` has clients from `10.0.0.0/8` send their password to PgBouncer in clear text, readable on the network unless the line is `hostssl`; use `scram-sha-256`."#]],
    );
}

#[test]
fn other_auth_types_do_not_read_the_file() {
    // Another auth type does not read the file at all.
    let files = files_with("host all all 10.0.0.0/8 ident\n")
        .with(INI, QUIET_INI.replace("auth_type = hba", "auth_type = scram-sha-256"));
    check_hba_newest(files, expect![[""]]);
}

#[test]
fn never_panics_on_mutated_hba_files() {
    let base = "host all,\"a\"\"b\" 10.0.0.0/8 md5\nlocal @users +g trust\n\
        host a b ::1/128 cert map=x\nhost all all 10.0.0.1 255.0.0.0 ldap x=\"y\"\n";
    let pieces = ["\"", "#", ",", "/", "@", "+", "é", "\0", " ", "\r", "\n", "::", ".", "-"];
    let mut rng = 0x2545_f491_4f6c_dd1du64;
    for _ in 0..1500 {
        rng ^= rng << 13;
        rng ^= rng >> 7;
        rng ^= rng << 17;
        let mut text = base.to_string();
        let mut at = (rng % (text.len() as u64 + 1)) as usize;
        while !text.is_char_boundary(at) {
            at -= 1;
        }
        text.insert_str(at, pieces[(rng >> 32) as usize % pieces.len()]);
        let files = files_with(&text).with("/etc/pgbouncer/users", text.clone());
        for release in [(1, 18), (1, 23), (1, 25)] {
            let settings = Settings { pgbouncer_version: Some(release), ..Settings::default() };
            let _ = findings_for(&files, &settings);
        }
    }
}

/// The findings of the `pg_hba.conf` at `path` among `files`, as the language server
/// analyses it.
fn hba_side(files: &MemoryFiles, path: &str) -> String {
    let text = files.read(Path::new(path)).expect("the hba file is among the files");
    let settings = Settings { pgbouncer_version: Some((1, 18)), ..Settings::default() };
    let kind = crate::kind::FileKind::PgHba;
    let findings = crate::analysis::analyze_file(kind, Path::new(path), &text, &settings, files);
    render(&text, &findings)
}

#[test]
fn the_hba_file_itself_is_read_as_pgbouncer_reads_it() {
    let hba = "local all all peer\nhostgssenc all all 10.0.0.0/8 scram-sha-256\n\
        host all +ops 10.0.0.0/8 md5\nhost all all 10.0.0.1/8 scram-sha-256\n\
        host all all 10.0.0.0/8 ident\nhost all all 10.0.0.0/33 md5\n\
        hostssl all all 10.0.0.0/8 cert clientcert=verify-full\nhost all all 10.0.0.0/8 trust\n";
    let ini = QUIET_INI.replace("hba.conf", "pg_hba.conf");
    let files = MemoryFiles::default()
        .with(INI, ini)
        .with("/etc/pgbouncer/userlist.txt", USERLIST)
        .with("/etc/pgbouncer/pg_hba.conf", hba);
    expect![[r#"
        2:1-2:11 error pgb-hba-unsupported-type: `hostgssenc` is not a connection type PgBouncer reads (it has no GSSAPI encryption): PgBouncer 1.18 logs a warning and ignores the whole line, so the clients it was for fall through to the lines below; use `host`, `hostssl` or `hostnossl`.
        3:10-3:14 error pgb-hba-unsupported-name: `+ops` in the user column stands for a role's members, which PgBouncer cannot look up: PgBouncer 1.18 logs a warning and ignores the whole line, so the clients it was for fall through to the lines below; list the members by name or in an `@file`.
        4:14-4:24 error pgb-hba-host-bits: `10.0.0.1/8` has bits set outside its mask, and PgBouncer compares client addresses with it as written, so this line matches no client at all; write the network address `10.0.0.0/8` instead. [fix: Write the network address `10.0.0.0/8` => "10.0.0.0/8"]
        5:25-5:30 error pgb-hba-unsupported-method: `ident` is not a method PgBouncer 1.18 reads in its hba file: PgBouncer 1.18 logs a warning and ignores the whole line, so the clients it was for fall through to the lines below; use `peer` on a `local` line, or `scram-sha-256`.
        6:14-6:25 error pgb-hba-bad-address: `/33` is not a mask length for this address (0 to 32): PgBouncer 1.18 logs a warning and ignores the whole line, so the clients it was for fall through to the lines below; write an IP address with its mask length, e.g. `10.0.0.0/8`.
        7:33-7:55 error pgb-hba-unsupported-option: PgBouncer 1.18 reads nothing after the method, and this line has `clientcert=…`: PgBouncer 1.18 logs a warning and ignores the whole line, so the clients it was for fall through to the lines below; remove it (`map=` arrived in 1.23; `cert` needs no option in PgBouncer). [fix: Remove what PgBouncer cannot read after the method => ""]
        8:25-8:30 warning hba-trust-remote: `trust` lets anyone who reaches PgBouncer from `10.0.0.0/8` in as any user the line names, with no password, and PgBouncer then logs them in to PostgreSQL; use `scram-sha-256`."#]].assert_eq(&hba_side(&files, "/etc/pgbouncer/pg_hba.conf"));

    // A pg_hba.conf that no pgbouncer.ini beside it names is PostgreSQL's.
    let files = files.with(INI, QUIET_INI).with("/etc/pgbouncer/hba.conf", "");
    let postgres = hba_side(&files, "/etc/pgbouncer/pg_hba.conf");
    assert!(!postgres.contains("pgb-hba-"), "{postgres}");
    assert!(postgres.contains("hba-cidr-host-bits"), "{postgres}");
}

/// The findings of the PgBouncer-owned `pg_hba.conf` holding `hba`.
fn owned_hba_findings(hba: &str) -> Vec<Finding> {
    let path = Path::new("/etc/pgbouncer/pg_hba.conf");
    let files = MemoryFiles::default()
        .with(INI, QUIET_INI.replace("hba.conf", "pg_hba.conf"))
        .with("/etc/pgbouncer/userlist.txt", USERLIST)
        .with("/etc/pgbouncer/pg_hba.conf", hba);
    let settings = Settings { pgbouncer_version: Some((1, 18)), ..Settings::default() };
    let kind = crate::kind::FileKind::PgHba;
    crate::analysis::analyze_file(kind, path, hba, &settings, &files)
}

fn apply(text: &str, fix: &crate::finding::Fix) -> String {
    let mut edits = fix.edits.clone();
    edits.sort_by_key(|edit| std::cmp::Reverse(edit.span.start));
    let mut out = text.to_string();
    for edit in edits {
        out.replace_range(edit.span.start..edit.span.end, &edit.new_text);
    }
    out
}

#[test]
fn fixes_make_pgbouncer_read_the_line() {
    let hba = "host all all 10.0.0.1/8 md5\nhost all all 10.1.2.3 255.255.0.0 md5\n\
        hostssl all all 10.0.0.0/8 cert clientcert=verify-full # certs\n\
        local all all peer map=local x=\"y z\"\n";
    let before = owned_hba_findings(hba);
    let mut fixed_texts = Vec::new();

    for finding in &before {
        for fix in &finding.fixes {
            let fixed = apply(hba, fix);
            let after = owned_hba_findings(&fixed);
            let count = |findings: &[Finding]| {
                findings.iter().filter(|found| found.rule == finding.rule).count()
            };
            assert!(count(&after) < count(&before), "{:?} left its finding:\n{fixed}", fix.title);
            let errors = |findings: &[Finding]| {
                findings.iter().filter(|found| found.severity == Severity::Error).count()
            };
            assert!(errors(&after) < errors(&before), "{:?} added an error:\n{fixed}", fix.title);
            fixed_texts.push(format!("{}:\n{fixed}", fix.title));
        }
    }
    expect![[r#"
        Write the network address `10.0.0.0/8`:
        host all all 10.0.0.0/8 md5
        host all all 10.1.2.3 255.255.0.0 md5
        hostssl all all 10.0.0.0/8 cert clientcert=verify-full # certs
        local all all peer map=local x="y z"

        Write the network address `10.1.0.0`:
        host all all 10.0.0.1/8 md5
        host all all 10.1.0.0 255.255.0.0 md5
        hostssl all all 10.0.0.0/8 cert clientcert=verify-full # certs
        local all all peer map=local x="y z"

        Remove what PgBouncer cannot read after the method:
        host all all 10.0.0.1/8 md5
        host all all 10.1.2.3 255.255.0.0 md5
        hostssl all all 10.0.0.0/8 cert # certs
        local all all peer map=local x="y z"

        Remove what PgBouncer cannot read after the method:
        host all all 10.0.0.1/8 md5
        host all all 10.1.2.3 255.255.0.0 md5
        hostssl all all 10.0.0.0/8 cert clientcert=verify-full # certs
        local all all peer
    "#]]
    .assert_eq(&fixed_texts.join("\n"));
}

#[test]
fn maps_must_be_defined_in_the_ident_file() {
    let hba = "hostssl all all 10.0.0.0/8 cert map=certs\n";
    let with_ident = |ident: &str| {
        files_with(hba)
            .with(INI, format!("{QUIET_INI}auth_ident_file = ident.conf\n"))
            .with("/etc/pgbouncer/ident.conf", ident)
    };

    // Only lines of exactly three names define a map; `all` lets one more token through.
    check_hba_newest(with_ident("certs alice bob extra\nother \"x y\" app\n"), expect!["10:17-10:25 error pgb-hba-unsupported-option: In `hba.conf` line 1: `map=certs` names a map that `auth_ident_file` does not define: PgBouncer 1.25 logs a warning and ignores the whole line, so the clients it was for fall through to the lines below; define the map in `auth_ident_file`, or remove the option."]);
    check_hba_newest(with_ident("# maps\n\ncerts \"cn\" all extra\n"), expect![[""]]);
    check_hba_newest(with_ident("certs alice\n"), expect!["10:17-10:25 error pgb-hba-unsupported-option: In `hba.conf` line 1: `map=certs` names a map that `auth_ident_file` does not define: PgBouncer 1.25 logs a warning and ignores the whole line, so the clients it was for fall through to the lines below; define the map in `auth_ident_file`, or remove the option."]);

    // A missing ident file defines no map.
    let missing = files_with(hba).with(INI, format!("{QUIET_INI}auth_ident_file = ident.conf\n"));
    check_hba_newest(missing, expect!["10:17-10:25 error pgb-hba-unsupported-option: In `hba.conf` line 1: `map=certs` names a map that `auth_ident_file` does not define: PgBouncer 1.25 logs a warning and ignores the whole line, so the clients it was for fall through to the lines below; define the map in `auth_ident_file`, or remove the option."]);
}

#[test]
fn methods_that_cannot_work_on_the_line() {
    check_hba(
        "host all all 10.0.0.0/8 peer\nhostssl all all 10.0.0.0/8 peer\nlocal all all cert\n\
         hostnossl all all 10.0.0.0/8 cert\nlocal all all peer\nhostssl all all 10.0.0.0/8 cert\n\
         host all all 10.0.0.0/8 cert\n",
        expect![[r#"
            10:17-10:25 warning pgb-hba-method-mismatch: In `hba.conf` line 1: `peer` on a `host` line: PgBouncer can tell who a client is only on its Unix socket, so every client this line matches is refused, and the lines below are never tried for it; use `local` for `peer`, or `scram-sha-256` here.
            10:17-10:25 warning pgb-hba-method-mismatch: In `hba.conf` line 2: `peer` on a `hostssl` line: PgBouncer can tell who a client is only on its Unix socket, so every client this line matches is refused, and the lines below are never tried for it; use `local` for `peer`, or `scram-sha-256` here.
            10:17-10:25 warning pgb-hba-method-mismatch: In `hba.conf` line 3: `cert` on a `local` line: PgBouncer checks certificates only on TLS connections, which this line never sees, so every client this line matches is refused, and the lines below are never tried for it; use `hostssl` for `cert`.
            10:17-10:25 warning pgb-hba-method-mismatch: In `hba.conf` line 4: `cert` on a `hostnossl` line: PgBouncer checks certificates only on TLS connections, which this line never sees, so every client this line matches is refused, and the lines below are never tried for it; use `hostssl` for `cert`."#]],
    );
}
