//! Snapshots of every rule firing and not firing, the real-world cases, fix application
//! and a no-panic property test.

use expect_test::{expect, Expect};

use super::*;
use crate::line_index::{Encoding, LineIndex};

fn settings(major: u32) -> Settings {
    Settings { postgres_version: Some(major), ..Settings::default() }
}

/// Findings rendered one a line: `line:col-line:col severity rule: message [fix: …]`.
pub(super) fn render(text: &str, findings: &[Finding]) -> String {
    let index = LineIndex::new(text);
    let position = |offset| {
        let at = index.line_col(offset, Encoding::Utf8);
        format!("{}:{}", at.line + 1, at.col + 1)
    };
    let mut out = String::new();
    for finding in findings {
        out.push_str(&format!(
            "{}-{} {} {}: {}",
            position(finding.span.start),
            position(finding.span.end),
            finding.severity.as_str(),
            finding.rule.name,
            finding.message
        ));
        for tag in &finding.tags {
            out.push_str(&format!(" [{tag:?}]"));
        }
        for related in &finding.related {
            out.push_str(&format!(
                " [related {}: {}]",
                position(related.span.start),
                related.message
            ));
        }
        for fix in &finding.fixes {
            let edits: Vec<String> =
                fix.edits.iter().map(|edit| format!("{:?}", edit.new_text)).collect();
            out.push_str(&format!(" [fix: {} => {}]", fix.title, edits.join(", ")));
        }
        out.push('\n');
    }
    out
}

#[track_caller]
fn check_for(major: u32, text: &str, expect: Expect) {
    let mut findings = super::check(text, &settings(major));
    findings.sort_by_key(|finding| (finding.span.start, finding.span.end, finding.severity));
    expect.assert_eq(&render(text, &findings));
    assert_fixes_work(text, &settings(major));
}

#[track_caller]
fn check(text: &str, expect: Expect) {
    check_for(18, text, expect);
}

/// Like [`check`], showing only the findings of `rule`: the exact set it reports.
#[track_caller]
fn check_rule(rule: &Rule, text: &str, expect: Expect) {
    let settings = settings(18);
    let findings: Vec<Finding> =
        super::check(text, &settings).into_iter().filter(|finding| finding.rule == rule).collect();
    expect.assert_eq(&render(text, &findings));
    assert_fixes_work(text, &settings);
}

pub(super) fn apply(text: &str, fix: &Fix) -> String {
    let mut edits = fix.edits.clone();
    edits.sort_by_key(|edit| std::cmp::Reverse(edit.span.start));
    let mut out = text.to_string();
    for edit in edits {
        out.replace_range(edit.span.start..edit.span.end, &edit.new_text);
    }
    out
}

/// Every fix, applied alone, removes one finding of its rule and adds no error.
#[track_caller]
fn assert_fixes_work(text: &str, settings: &Settings) {
    let before = super::check(text, settings);
    let count = |findings: &[Finding], rule: &str, errors_only: bool| {
        findings
            .iter()
            .filter(|f| f.rule.name == rule && (!errors_only || f.severity == Severity::Error))
            .count()
    };
    for finding in &before {
        for fix in &finding.fixes {
            let fixed = apply(text, fix);
            let after = super::check(&fixed, settings);
            assert!(
                count(&after, finding.rule.name, false) < count(&before, finding.rule.name, false),
                "fix {:?} left {} in place:\n{fixed}",
                fix.title,
                finding.rule.name
            );
            for rule in RULES {
                assert!(
                    count(&after, rule.name, true) <= count(&before, rule.name, true),
                    "fix {:?} added a {} error:\n{fixed}",
                    fix.title,
                    rule.name
                );
            }
        }
    }
}

#[test]
fn connection_types() {
    check(
        "hots all all 127.0.0.1/32 md5\n\
         HOSTSSL all all ::1/128 scram-sha-256\n\
         host,local all all peer\n\
         \"local\" all all peer\n\
         hostgssenc all all ::1/128 gss\n\
         xyzzy all all peer\n",
        expect![[r#"
            1:1-1:5 error hba-unknown-connection-type: `hots` is not a connection type, so the server refuses to load the file. Did you mean `host`? [fix: Change to `host` => "host"]
            2:1-2:8 error hba-unknown-connection-type: `HOSTSSL` is not a connection type, so the server refuses to load the file. Did you mean `hostssl`? [fix: Change to `hostssl` => "hostssl"]
            3:1-3:11 error hba-unknown-connection-type: A line takes exactly one connection type; the server refuses a list here.
            4:9-4:12 information hba-no-replication-rule: No line admits physical replication, and `all` does not cover it: standbys, pg_basebackup and WAL-streaming backup tools are refused. If you use them, add a line such as `hostssl replication replicator 10.0.0.0/8 scram-sha-256`.
            6:1-6:6 error hba-unknown-connection-type: `xyzzy` is not a connection type, so the server refuses to load the file.
        "#]],
    );
    check_for(
        11,
        "hostgssenc all all ::1/128 gss\n",
        expect![[r#"
            1:1-1:11 error hba-unknown-connection-type: `hostgssenc` needs PostgreSQL 12 or later; PostgreSQL 11 refuses the file.
        "#]],
    );
}

#[test]
fn addresses_and_masks() {
    check(
        "host all all 10.0.0.1/33 md5\n\
         host all all 10.0.0.300 md5\n\
         host all all 10.0.0.300/24 md5\n\
         host all all db.example.com/24 md5\n\
         host all all 10.0.0.1,10.0.0.2 md5\n\
         host all all 10.0.0.1 ::ffff md5\n\
         host all all 127.0.0.1 md5\n\
         host all all 127.0.0.1\n\
         host all all ::1 ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff scram-sha-256\n\
         host all all 127.0.0.1 255.255.255.255 scram-sha-256\n\
         host all all 10.0.0.1 255.255.255.256 md5\n\
         host all all\n",
        expect![[r#"
            1:14-1:25 error hba-invalid-address: `10.0.0.1/33` has an invalid prefix length: it must be a number from 0 to 32. The server refuses to load the file.
            2:1-2:5 warning hba-host-plaintext: `host` also accepts connections without TLS from host `10.0.0.300`, so passwords and data can cross the network in plain text. Use `hostssl` to require TLS. [fix: Change to `hostssl` => "hostssl"]
            2:6-2:9 information hba-no-replication-rule: No line admits physical replication, and `all` does not cover it: standbys, pg_basebackup and WAL-streaming backup tools are refused. If you use them, add a line such as `hostssl replication replicator 10.0.0.0/8 scram-sha-256`.
            2:14-2:24 warning hba-invalid-address: `10.0.0.300` is not a valid IP address. The server takes it for a host name, which will hardly ever resolve, so the line matches nobody.
            2:25-2:28 hint hba-md5: Prefer `scram-sha-256`: MD5 hashes are weak and replayable once stolen. PostgreSQL 18 deprecates MD5 passwords. `md5` already accepts SCRAM logins for roles with SCRAM passwords; switch once no role still has an MD5-hashed password, or those roles are locked out. [Deprecated] [fix: Change to `scram-sha-256` => "scram-sha-256"]
            3:14-3:27 error hba-invalid-address: `10.0.0.300` is not a valid IP address, so the server refuses the file.
            4:14-4:31 error hba-invalid-address: `db.example.com/24` is a host name with a prefix length, which the server refuses: write a numeric address before `/`.
            5:14-5:31 error hba-invalid-address: A line takes one address or range; the server refuses a list here. Write one line per range.
            6:23-6:29 error hba-invalid-address: The address and the netmask are of different IP families (one IPv4, one IPv6); the server refuses the file.
            7:14-7:23 error hba-address-missing-mask: `127.0.0.1` has no `/len` prefix length, so the server reads the next field, `md5`, as a netmask and refuses to load the file. Write `127.0.0.1/32` for this one host. [fix: Match this one host: `127.0.0.1/32` => "/32"]
            8:14-8:23 error hba-address-missing-mask: `127.0.0.1` has no `/len` prefix length and no netmask column follows it, so the server and refuses to load the file. Write `127.0.0.1/32` for this one host.
            11:14-11:22 error hba-address-missing-mask: `10.0.0.1` has no `/len` prefix length, so the server reads the next field, `255.255.255.256`, as a netmask and refuses to load the file. Write `10.0.0.1/32` for this one host.
            12:10-12:13 error hba-missing-field: The line ends before its client address; the server refuses to load the file.
        "#]],
    );
}

#[test]
fn host_bits_right_of_the_prefix() {
    check(
        "hostssl db1 all 10.0.0.17/24 scram-sha-256\n\
         hostssl db2 all 10.0.0.0/24 scram-sha-256\n\
         hostssl db3 all 10.0.0.17 255.255.255.0 scram-sha-256\n\
         hostssl db4 all 2001:db8::1/64 scram-sha-256\n\
         hostssl db5 all 10.0.0.17/32 scram-sha-256\n",
        expect![[r#"
            1:17-1:29 warning hba-cidr-host-bits: `10.0.0.17` has bits set beyond the mask, which the server ignores: this line matches all of 10.0.0.0/24 (256 addresses), not just 10.0.0.17. [fix: Match only 10.0.0.17 => "10.0.0.17/32"] [fix: Match the whole network 10.0.0.0/24 => "10.0.0.0/24"]
            3:17-3:40 warning hba-cidr-host-bits: `10.0.0.17` has bits set beyond the mask, which the server ignores: this line matches all of 10.0.0.0 with mask 255.255.255.0 (256 addresses), not just 10.0.0.17. [fix: Match only 10.0.0.17 => "10.0.0.17 255.255.255.255"] [fix: Match the whole network 10.0.0.0 255.255.255.0 => "10.0.0.0 255.255.255.0"]
            4:17-4:31 warning hba-cidr-host-bits: `2001:db8::1` has bits set beyond the mask, which the server ignores: this line matches all of 2001:db8::/64 (18446744073709551616 addresses), not just 2001:db8::1. [fix: Match only 2001:db8::1 => "2001:db8::1/128"] [fix: Match the whole network 2001:db8::/64 => "2001:db8::/64"]
        "#]],
    );
}

#[test]
fn methods() {
    check(
        "local all all peer\n\
         local all all scram-sha-265\n\
         local all all MD5\n\
         host all all ::1/128 peer\n\
         local all all gss\n\
         host all all ::1/128 cert\n\
         hostssl all all ::1/128 cert\n\
         local all all trust,md5\n\
         local all all foo\n",
        expect![[r#"
            1:7-1:10 information hba-no-replication-rule: No line admits physical replication, and `all` does not cover it: standbys, pg_basebackup and WAL-streaming backup tools are refused. If you use them, add a line such as `hostssl replication replicator 10.0.0.0/8 scram-sha-256`.
            2:15-2:28 error hba-unknown-method: `scram-sha-265` is not an authentication method, so the server refuses to load the file. Did you mean `scram-sha-256`? [fix: Change to `scram-sha-256` => "scram-sha-256"]
            3:15-3:18 error hba-unknown-method: `MD5` is not an authentication method, so the server refuses to load the file. Did you mean `md5`? [fix: Change to `md5` => "md5"]
            4:22-4:26 error hba-method-not-allowed: `peer` works only on `local` lines, so the server refuses to load the file.
            5:15-5:18 error hba-method-not-allowed: `gss` does not work on `local` lines, so the server refuses to load the file.
            6:22-6:26 error hba-method-not-allowed: `cert` works only on `hostssl` lines, so the server refuses to load the file.
            8:15-8:24 error hba-unknown-method: A line takes exactly one authentication method; the server refuses a list here.
            9:15-9:18 error hba-unknown-method: `foo` is not an authentication method, so the server refuses to load the file.
        "#]],
    );
    check_for(
        17,
        "hostssl all all ::1/128 oauth issuer=https://x scope=openid\n",
        expect![[r#"
            1:25-1:30 error hba-unknown-method: `oauth` needs PostgreSQL 18 or later; PostgreSQL 17 refuses the file.
        "#]],
    );
}

#[test]
fn options() {
    check(
        "local db1 all peer map=omicron\n\
         local db2 all md5 map=omicron\n\
         local db3 all peer mapp=omicron\n\
         local db4 all peer omicron\n\
         host db5 all ::1/128 scram-sha-256 clientcert=verify-full\n\
         hostssl db6 all ::1/128 scram-sha-256 clientcert=verify-full clientname=CN\n\
         hostssl db7 all ::1/128 cert clientcert=verify-ca\n\
         hostssl db8 all ::1/128 scram-sha-256 clientcert=1 clientname=cn\n\
         host db9 all ::1/128 ldap ldapserver=ldap.example.com \\\n  \
           ldapbasedn=\"dc=example, dc=com\" ldaptls=1\n\
         host db10 all ::1/128 ldap ldapserver=ldap.example.com\n\
         host db11 all ::1/128 radius radiusservers=a,b radiussecrets=s3cret\n\
         host db12 all ::1/128 radius radiusservers=\"a,b\" radiussecrets=s3cret radiusports=x\n\
         hostssl db13 all ::1/128 oauth issuer=https://idp.example.com scope=\"openid db\" map=m\n\
         hostssl db14 all ::1/128 oauth issuer=https://idp.example.com\n",
        expect![[r#"
            2:19-2:22 error hba-invalid-option: `map` works only with ident, peer, gss, sspi, cert, oauth, not with `md5`; the server refuses the file.
            3:20-3:24 error hba-invalid-option: `mapp` is not an authentication option; the server refuses the file. Did you mean `map`? [fix: Change to `map` => "map"]
            4:20-4:27 error hba-invalid-option: This is not a `name=value` option, so the server refuses the file. A comma starts a new option: quote values that contain one.
            5:36-5:46 error hba-invalid-option: `clientcert` works only on `hostssl` lines; the server refuses the file.
            7:30-7:50 error hba-invalid-option: With `cert`, `clientcert` can only be `verify-full`, which `cert` implies anyway.
            8:39-8:51 error hba-invalid-option: `clientcert` takes `verify-ca` or `verify-full`, not `1`.
            8:52-8:65 error hba-invalid-option: `clientname` takes `CN` or `DN` (upper case), not `cn`.
            11:28-11:55 error hba-invalid-option: `ldap` needs `ldapbasedn` (search+bind) or `ldapprefix`/`ldapsuffix` (simple bind); the server refuses the file.
            12:46-12:47 error hba-invalid-option: This is not a `name=value` option, so the server refuses the file. A comma starts a new option: quote values that contain one.
            13:71-13:84 error hba-invalid-option: `radiusports` takes port numbers separated by commas, not `x`; the server refuses the file.
            15:32-15:62 error hba-invalid-option: `oauth` needs `scope`; the server refuses the file.
        "#]],
    );
}

#[test]
fn trust_and_plain_text() {
    check(
        "local db1 all trust\n\
         host db2 all 127.0.0.1/32 trust\n\
         host db3 all 127.0.0.0/8 trust\n\
         host db4 all ::1/128 trust\n\
         host db5 all 10.0.0.0/8 trust\n\
         hostssl db6 all 0.0.0.0/0 trust\n\
         host db7 all samehost trust\n\
         host db8 all samenet scram-sha-256\n\
         host db9 all all scram-sha-256\n\
         host db10 all db.example.com scram-sha-256\n\
         host db11 all localhost scram-sha-256\n\
         hostnossl db12 all 0.0.0.0/0 reject\n\
         hostnossl db13 all 10.0.0.0/8 scram-sha-256\n\
         hostnossl db14 all 127.0.0.1/32 scram-sha-256\n\
         host db15 all 0.0.0.0/0 reject\n\
         hostssl db16 all 0.0.0.0/0 scram-sha-256\n\
         hostgssenc db17 all 0.0.0.0/0 gss\n",
        expect![[r#"
            2:14-2:26 hint hba-missing-ipv6-loopback: This covers IPv4 loopback only. Clients that connect to `localhost` often arrive from `::1`, which no line for these databases and users admits, so they are rejected. Add the same line for `::1/128`. [fix: Add the same line for IPv6 loopback `::1/128` => "\nhost db2 all ::1/128      trust"]
            3:14-3:25 hint hba-missing-ipv6-loopback: This covers IPv4 loopback only. Clients that connect to `localhost` often arrive from `::1`, which no line for these databases and users admits, so they are rejected. Add the same line for `::1/128`. [fix: Add the same line for IPv6 loopback `::1/128` => "\nhost db3 all ::1/128     trust"]
            5:1-5:5 warning hba-host-plaintext: `host` also accepts connections without TLS from 10.0.0.0/8, so passwords and data can cross the network in plain text. Use `hostssl` to require TLS. [fix: Change to `hostssl` => "hostssl"]
            5:25-5:30 error hba-trust-remote: `trust` lets anyone who can reach the server from 10.0.0.0/8 log in as any role, superusers included, without a password. Use `scram-sha-256` (or `cert`). [fix: Change to `scram-sha-256` => "scram-sha-256"]
            6:27-6:32 error hba-trust-remote: `trust` lets anyone who can reach the server from any address log in as any role, superusers included, without a password. Use `scram-sha-256` (or `cert`). [fix: Change to `scram-sha-256` => "scram-sha-256"]
            7:1-7:5 warning hba-host-plaintext: `host` also accepts connections without TLS from any of the server's own addresses, so passwords and data can cross the network in plain text. Use `hostssl` to require TLS. [fix: Change to `hostssl` => "hostssl"]
            7:23-7:28 error hba-trust-remote: `trust` lets anyone who can reach the server from any of the server's own addresses log in as any role, superusers included, without a password. Use `scram-sha-256` (or `cert`). [fix: Change to `scram-sha-256` => "scram-sha-256"]
            8:1-8:5 warning hba-host-plaintext: `host` also accepts connections without TLS from any machine on the server's subnets, so passwords and data can cross the network in plain text. Use `hostssl` to require TLS. [fix: Change to `hostssl` => "hostssl"]
            9:1-9:5 warning hba-host-plaintext: `host` also accepts connections without TLS from any address, so passwords and data can cross the network in plain text. Use `hostssl` to require TLS. [fix: Change to `hostssl` => "hostssl"]
            10:1-10:5 warning hba-host-plaintext: `host` also accepts connections without TLS from host `db.example.com`, so passwords and data can cross the network in plain text. Use `hostssl` to require TLS. [fix: Change to `hostssl` => "hostssl"]
            11:1-11:5 warning hba-host-plaintext: `host` also accepts connections without TLS from host `localhost`, so passwords and data can cross the network in plain text. Use `hostssl` to require TLS. [fix: Change to `hostssl` => "hostssl"]
            13:1-13:10 warning hba-hostnossl-remote: `hostnossl` accepts only connections without TLS from 10.0.0.0/8, so passwords and data can cross the network in plain text. Use `hostssl` to require TLS. [fix: Change to `hostssl` => "hostssl"]
            14:20-14:32 hint hba-missing-ipv6-loopback: This covers IPv4 loopback only. Clients that connect to `localhost` often arrive from `::1`, which no line for these databases and users admits, so they are rejected. Add the same line for `::1/128`. [fix: Add the same line for IPv6 loopback `::1/128` => "\nhostnossl db14 all ::1/128      scram-sha-256"]
        "#]],
    );
}

#[test]
fn passwords_in_clear_and_md5() {
    check(
        "host db1 all 10.0.0.0/8 password\n\
         hostnogssenc db2 all 10.0.0.0/8 password\n\
         hostssl db3 all 10.0.0.0/8 password\n\
         hostgssenc db4 all 10.0.0.0/8 password\n\
         host db5 all 127.0.0.1/32 password\n\
         local db6 all password\n\
         hostssl db7 all 10.0.0.0/8 md5\n\
         local db8 all ident\n\
         host db9 all 10.0.0.0/8 ident\n",
        expect![[r#"
            1:1-1:5 warning hba-host-plaintext: `host` also accepts connections without TLS from 10.0.0.0/8, so passwords and data can cross the network in plain text. Use `hostssl` to require TLS. [fix: Change to `hostssl` => "hostssl"]
            1:25-1:33 warning hba-password-cleartext: `password` makes clients send their password as it is, and this line also accepts connections without TLS, so anyone on the path can read it. Use `scram-sha-256`. [fix: Change to `scram-sha-256` => "scram-sha-256"]
            2:1-2:13 warning hba-host-plaintext: `hostnogssenc` also accepts connections without any encryption from 10.0.0.0/8, so passwords and data can cross the network in plain text. Use `hostssl` to require TLS. [fix: Change to `hostssl` => "hostssl"]
            2:33-2:41 warning hba-password-cleartext: `password` makes clients send their password as it is, and this line also accepts connections without TLS, so anyone on the path can read it. Use `scram-sha-256`. [fix: Change to `scram-sha-256` => "scram-sha-256"]
            5:14-5:26 hint hba-missing-ipv6-loopback: This covers IPv4 loopback only. Clients that connect to `localhost` often arrive from `::1`, which no line for these databases and users admits, so they are rejected. Add the same line for `::1/128`. [fix: Add the same line for IPv6 loopback `::1/128` => "\nhost db5 all ::1/128      password"]
            7:28-7:31 hint hba-md5: Prefer `scram-sha-256`: MD5 hashes are weak and replayable once stolen. PostgreSQL 18 deprecates MD5 passwords. `md5` already accepts SCRAM logins for roles with SCRAM passwords; switch once no role still has an MD5-hashed password, or those roles are locked out. [Deprecated] [fix: Change to `scram-sha-256` => "scram-sha-256"]
            8:15-8:20 hint hba-local-ident-is-peer: On `local` lines the server treats `ident` as `peer`: the OS user must match the role (or a `map`), and no password is asked. Write `peer` to say so. [fix: Change to `peer` => "peer"]
            9:1-9:5 warning hba-host-plaintext: `host` also accepts connections without TLS from 10.0.0.0/8, so passwords and data can cross the network in plain text. Use `hostssl` to require TLS. [fix: Change to `hostssl` => "hostssl"]
        "#]],
    );
    check_for(
        15,
        "local db11 all md5\n",
        expect![[r#"
        1:16-1:19 hint hba-md5: Prefer `scram-sha-256`: MD5 hashes are weak and replayable once stolen. `md5` already accepts SCRAM logins for roles with SCRAM passwords; switch once no role still has an MD5-hashed password, or those roles are locked out. [fix: Change to `scram-sha-256` => "scram-sha-256"]
    "#]],
    );
}

#[test]
fn includes_and_quotes() {
    check(
        "include other.conf\n\
         include_if_exists a b\n\
         include_dir conf.d\n\
         local \"all all peer\n",
        expect![[r#"
            2:1-2:22 error hba-include: `include_if_exists` takes exactly one file name; the server refuses the file otherwise.
            4:7-4:20 error hba-missing-field: The line ends before its user; the server refuses to load the file.
            4:7-4:20 warning hba-unterminated-quote: This quote is never closed, so the server reads the rest of the line as one name and the fields after it are lost. Close the quote.
        "#]],
    );
    check_for(
        15,
        "include other.conf\n",
        expect![[r#"
        1:1-1:8 error hba-include: `include` needs PostgreSQL 16 or later; PostgreSQL 15 reads it as an unknown connection type and refuses the whole file.
    "#]],
    );
}

#[test]
fn ipv6_loopback_twin() {
    check_rule(
        &MISSING_IPV6_LOOPBACK,
        "host    all   all   127.0.0.1/32   scram-sha-256\n",
        expect![[r#"
            1:21-1:33 hint hba-missing-ipv6-loopback: This covers IPv4 loopback only. Clients that connect to `localhost` often arrive from `::1`, which no line for these databases and users admits, so they are rejected. Add the same line for `::1/128`. [fix: Add the same line for IPv6 loopback `::1/128` => "\nhost    all   all   ::1/128        scram-sha-256"]
        "#]],
    );
    check_rule(
        &MISSING_IPV6_LOOPBACK,
        "host all all 127.0.0.1/32 scram-sha-256\nhost all all ::1/128 scram-sha-256\n\
         host app bob 127.0.0.1/32 scram-sha-256\nhost app bob all scram-sha-256\n\
         host db2 all 127.0.0.1/32 scram-sha-256\nhost db2 eve ::1/128 scram-sha-256\n",
        expect![[r#"
            5:14-5:26 hint hba-missing-ipv6-loopback: This covers IPv4 loopback only. Clients that connect to `localhost` often arrive from `::1`, which no line for these databases and users admits, so they are rejected. Add the same line for `::1/128`. [fix: Add the same line for IPv6 loopback `::1/128` => "\nhost db2 all ::1/128      scram-sha-256"]
        "#]],
    );
}

#[test]
fn unreachable_rules() {
    // Each pair: the second line is dead (warned) or a look-alike that some connection
    // still reaches (not warned).
    check_rule(
        &UNREACHABLE_RULE,
        "host all all 0.0.0.0/0 scram-sha-256\n\
         hostssl app bob 10.1.0.0/16 scram-sha-256\n\
         host all all ::/0 scram-sha-256\n\
         host replication all 10.0.0.0/8 scram-sha-256\n\
         hostnossl all all 10.2.0.0/16 reject\n\
         host all all samenet scram-sha-256\n\
         host all all all scram-sha-256\n\
         local all all peer\n\
         local replication all peer\n\
         local \"replication\" all peer\n",
        expect![[r#"
            2:1-2:42 warning hba-unreachable-rule: This line can never be used: line 1 matches every connection it would match, and the server stops at the first matching line. Move it above, or remove it. [Unnecessary] [related 1:1: line 1 matches these connections first] [fix: Remove the unreachable line => ""]
            5:1-5:37 warning hba-unreachable-rule: This line can never be used: line 1 matches every connection it would match, and the server stops at the first matching line. Move it above, or remove it. [Unnecessary] [related 1:1: line 1 matches these connections first] [fix: Remove the unreachable line => ""]
            6:1-6:35 warning hba-unreachable-rule: This line can never be used: lines 1, 3 match every connection it would match, and the server stops at the first matching line. Move it above, or remove it. [Unnecessary] [related 1:1: line 1 matches these connections first] [related 3:1: line 3 matches these connections first] [fix: Remove the unreachable line => ""]
            7:1-7:31 warning hba-unreachable-rule: This line can never be used: lines 1, 3 match every connection it would match, and the server stops at the first matching line. Move it above, or remove it. [Unnecessary] [related 1:1: line 1 matches these connections first] [related 3:1: line 3 matches these connections first] [fix: Remove the unreachable line => ""]
            10:1-10:29 warning hba-unreachable-rule: This line can never be used: line 8 matches every connection it would match, and the server stops at the first matching line. Move it above, or remove it. [Unnecessary] [related 8:1: line 8 matches these connections first] [fix: Remove the unreachable line => ""]
        "#]],
    );
    check_rule(
        &UNREACHABLE_RULE,
        "hostssl all all 10.0.0.0/8 scram-sha-256\n\
         hostnossl all all 10.0.0.0/8 reject\n\
         host all all 10.1.0.0/16 md5\n\
         host all +admins 192.168.0.0/25 scram-sha-256\n\
         host all +admins 192.168.0.128/25 scram-sha-256\n\
         host all +admins 192.168.0.0/24 md5\n\
         host all alice 192.168.0.0/24 md5\n\
         host a,b all 172.16.0.0/12 md5\n\
         host b,a all 172.16.0.0/12 md5\n\
         host a,c all 172.16.0.0/12 md5\n",
        expect![[r#"
            3:1-3:29 warning hba-unreachable-rule: This line can never be used: lines 1, 2 match every connection it would match, and the server stops at the first matching line. Move it above, or remove it. [Unnecessary] [related 1:1: line 1 matches these connections first] [related 2:1: line 2 matches these connections first] [fix: Remove the unreachable line => ""]
            6:1-6:36 warning hba-unreachable-rule: This line can never be used: lines 4, 5 match every connection it would match, and the server stops at the first matching line. Move it above, or remove it. [Unnecessary] [related 4:1: line 4 matches these connections first] [related 5:1: line 5 matches these connections first] [fix: Remove the unreachable line => ""]
            9:1-9:31 warning hba-unreachable-rule: This line can never be used: line 8 matches every connection it would match, and the server stops at the first matching line. Move it above, or remove it. [Unnecessary] [related 8:1: line 8 matches these connections first] [fix: Remove the unreachable line => ""]
        "#]],
    );
    check_rule(
        &UNREACHABLE_RULE,
        "host all all db.example.com md5\n\
         host all all DB.example.com md5\n\
         host all all .example.com md5\n\
         host all all web.example.com md5\n\
         host all @users 10.0.0.0/8 md5\n\
         host all @users 10.0.0.0/8 md5\n\
         host @dbs all 10.0.0.0/8 md5\n\
         host all all 10.0.0.0/8 md5\n\
         host @dbs all 10.0.0.0/8 md5\n\
         host sameuser all 10.0.0.0/8 md5\n\
         host samerole all 10.3.0.0/16 md5\n\
         host app all 10.4.0.0/16 md5\n",
        expect![[r#"
            2:1-2:32 warning hba-unreachable-rule: This line can never be used: line 1 matches every connection it would match, and the server stops at the first matching line. Move it above, or remove it. [Unnecessary] [related 1:1: line 1 matches these connections first] [fix: Remove the unreachable line => ""]
            4:1-4:33 warning hba-unreachable-rule: This line can never be used: line 3 matches every connection it would match, and the server stops at the first matching line. Move it above, or remove it. [Unnecessary] [related 3:1: line 3 matches these connections first] [fix: Remove the unreachable line => ""]
            6:1-6:31 warning hba-unreachable-rule: This line can never be used: line 5 matches every connection it would match, and the server stops at the first matching line. Move it above, or remove it. [Unnecessary] [related 5:1: line 5 matches these connections first] [fix: Remove the unreachable line => ""]
            9:1-9:29 warning hba-unreachable-rule: This line can never be used: line 7 matches every connection it would match, and the server stops at the first matching line. Move it above, or remove it. [Unnecessary] [related 7:1: line 7 matches these connections first] [fix: Remove the unreachable line => ""]
            10:1-10:33 warning hba-unreachable-rule: This line can never be used: line 8 matches every connection it would match, and the server stops at the first matching line. Move it above, or remove it. [Unnecessary] [related 8:1: line 8 matches these connections first] [fix: Remove the unreachable line => ""]
            11:1-11:34 warning hba-unreachable-rule: This line can never be used: line 8 matches every connection it would match, and the server stops at the first matching line. Move it above, or remove it. [Unnecessary] [related 8:1: line 8 matches these connections first] [fix: Remove the unreachable line => ""]
            12:1-12:29 warning hba-unreachable-rule: This line can never be used: line 8 matches every connection it would match, and the server stops at the first matching line. Move it above, or remove it. [Unnecessary] [related 8:1: line 8 matches these connections first] [fix: Remove the unreachable line => ""]
        "#]],
    );
    check_rule(
        &UNREACHABLE_RULE,
        "host all all 10.0.0.0/8 md5\n\
         host all all 10.0.0.1 255.0.255.0 md5\n\
         host all all 10.0.0.0 255.0.255.0 md5\n\
         host all all 10.0.0.0/7 md5\n\
         host all /^a 10.0.0.0/8 md5\n",
        expect![[r#"
            2:1-2:38 warning hba-unreachable-rule: This line can never be used: line 1 matches every connection it would match, and the server stops at the first matching line. Move it above, or remove it. [Unnecessary] [related 1:1: line 1 matches these connections first] [fix: Remove the unreachable line => ""]
            3:1-3:38 warning hba-unreachable-rule: This line can never be used: line 1 matches every connection it would match, and the server stops at the first matching line. Move it above, or remove it. [Unnecessary] [related 1:1: line 1 matches these connections first] [fix: Remove the unreachable line => ""]
            5:1-5:28 warning hba-unreachable-rule: This line can never be used: line 1 matches every connection it would match, and the server stops at the first matching line. Move it above, or remove it. [Unnecessary] [related 1:1: line 1 matches these connections first] [fix: Remove the unreachable line => ""]
        "#]],
    );
}

#[test]
fn real_world_cases() {
    for (name, expect) in [
        // Line 5 is dead for every IPv4 client (line 4 takes them all) and live only for
        // IPv6 clients on the server's subnets: a note, not a warning. Line 4 never is.
        (
            "001-hba-shadowed-samenet",
            expect![[r#"
                2:9-2:12 information hba-no-replication-rule: No line admits physical replication, and `all` does not cover it: standbys, pg_basebackup and WAL-streaming backup tools are refused. If you use them, add a line such as `hostssl replication replicator 10.0.0.0/8 scram-sha-256`.
                4:1-4:5 warning hba-host-plaintext: `host` also accepts connections without TLS from any address, so passwords and data can cross the network in plain text. Use `hostssl` to require TLS. [fix: Change to `hostssl` => "hostssl"]
                4:40-4:43 hint hba-md5: Prefer `scram-sha-256`: MD5 hashes are weak and replayable once stolen. PostgreSQL 18 deprecates MD5 passwords. `md5` already accepts SCRAM logins for roles with SCRAM passwords; switch once no role still has an MD5-hashed password, or those roles are locked out. [Deprecated] [fix: Change to `scram-sha-256` => "scram-sha-256"]
                5:1-5:5 warning hba-host-plaintext: `host` also accepts connections without TLS from any machine on the server's subnets, so passwords and data can cross the network in plain text. Use `hostssl` to require TLS. [fix: Change to `hostssl` => "hostssl"]
                5:25-5:32 information hba-partly-unreachable: Only IPv6 clients can reach this line: line 4 takes every IPv4 client it would match first. Move it above if it is meant for IPv4 too. [related 4:1: line 4 takes the IPv4 clients first]
                5:40-5:45 error hba-trust-remote: `trust` lets anyone who can reach the server from any machine on the server's subnets log in as any role, superusers included, without a password. Use `scram-sha-256` (or `cert`). [fix: Change to `scram-sha-256` => "scram-sha-256"]
            "#]],
        ),
        (
            "002-hba-ipv6-localhost-missing",
            expect![[r#"
                2:9-2:12 information hba-no-replication-rule: No line admits physical replication, and `all` does not cover it: standbys, pg_basebackup and WAL-streaming backup tools are refused. If you use them, add a line such as `hostssl replication replicator 10.0.0.0/8 scram-sha-256`.
                3:25-3:37 hint hba-missing-ipv6-loopback: This covers IPv4 loopback only. Clients that connect to `localhost` often arrive from `::1`, which no line for these databases and users admits, so they are rejected. Add the same line for `::1/128`. [fix: Add the same line for IPv6 loopback `::1/128` => "\nhost    all       all   ::1/128        md5"]
                3:40-3:43 hint hba-md5: Prefer `scram-sha-256`: MD5 hashes are weak and replayable once stolen. PostgreSQL 18 deprecates MD5 passwords. `md5` already accepts SCRAM logins for roles with SCRAM passwords; switch once no role still has an MD5-hashed password, or those roles are locked out. [Deprecated] [fix: Change to `scram-sha-256` => "scram-sha-256"]
            "#]],
        ),
        (
            "004-hba-ip-without-mask",
            expect![[r#"
                2:9-2:12 information hba-no-replication-rule: No line admits physical replication, and `all` does not cover it: standbys, pg_basebackup and WAL-streaming backup tools are refused. If you use them, add a line such as `hostssl replication replicator 10.0.0.0/8 scram-sha-256`.
                3:30-3:39 error hba-address-missing-mask: `127.0.0.1` has no `/len` prefix length, so the server reads the next field, `md5`, as a netmask and refuses to load the file. Write `127.0.0.1/32` for this one host. [fix: Match this one host: `127.0.0.1/32` => "/32"]
            "#]],
        ),
        (
            "005-hba-cidr-host-bits",
            expect![[r#"
                2:9-2:12 information hba-no-replication-rule: No line admits physical replication, and `all` does not cover it: standbys, pg_basebackup and WAL-streaming backup tools are refused. If you use them, add a line such as `hostssl replication replicator 10.0.0.0/8 scram-sha-256`.
                2:34-2:46 warning hba-cidr-host-bits: `127.0.0.1` has bits set beyond the mask, which the server ignores: this line matches all of 127.0.0.0/28 (16 addresses), not just 127.0.0.1. [fix: Match only 127.0.0.1 => "127.0.0.1/32"] [fix: Match the whole network 127.0.0.0/28 => "127.0.0.0/28"]
                2:34-2:46 hint hba-missing-ipv6-loopback: This covers IPv4 loopback only. Clients that connect to `localhost` often arrive from `::1`, which no line for these databases and users admits, so they are rejected. Add the same line for `::1/128`. [fix: Add the same line for IPv6 loopback `::1/128` => "\nhost    all       monitor_user   ::1/128          trust"]
                3:1-3:5 warning hba-host-plaintext: `host` also accepts connections without TLS from 10.0.0.0/24, so passwords and data can cross the network in plain text. Use `hostssl` to require TLS. [fix: Change to `hostssl` => "hostssl"]
                3:34-3:46 warning hba-cidr-host-bits: `10.0.0.17` has bits set beyond the mask, which the server ignores: this line matches all of 10.0.0.0/24 (256 addresses), not just 10.0.0.17. [fix: Match only 10.0.0.17 => "10.0.0.17/32"] [fix: Match the whole network 10.0.0.0/24 => "10.0.0.0/24"]
            "#]],
        ),
        // Replication is covered by no line: `all` does not include it.
        (
            "007-hba-replication-not-all",
            expect![[r#"
            2:9-2:12 information hba-no-replication-rule: No line admits physical replication, and `all` does not cover it: standbys, pg_basebackup and WAL-streaming backup tools are refused. If you use them, add a line such as `hostssl replication replicator 10.0.0.0/8 scram-sha-256`.
        "#]],
        ),
        // Lines 2-3 demand certificates over TLS while lines 4-5 let the same clients in
        // over plain TCP with no password.
        (
            "008-hba-hostssl-cert-before-trust",
            expect![[r#"
                1:1-1:5 warning hba-host-plaintext: `host` also accepts connections without TLS from any address, so passwords and data can cross the network in plain text. Use `hostssl` to require TLS. [fix: Change to `hostssl` => "hostssl"]
                1:43-1:48 error hba-trust-remote: `trust` lets anyone who can reach the server from any address log in as any role, superusers included, without a password. Use `scram-sha-256` (or `cert`). [fix: Change to `scram-sha-256` => "scram-sha-256"]
                2:43-2:47 warning hba-bypassable-ssl-rule: Clients can sidestep this certificate check: line 4 admits the same clients without TLS and with no authentication at all. Turn plain-text clients away (`hostnossl … reject` above line 4), or drop the certificate line. [related 4:1: line 4 admits the same clients without TLS]
                3:43-3:47 warning hba-bypassable-ssl-rule: Clients can sidestep this certificate check: line 5 admits the same clients without TLS and with no authentication at all. Turn plain-text clients away (`hostnossl … reject` above line 5), or drop the certificate line. [related 5:1: line 5 admits the same clients without TLS]
                4:1-4:5 warning hba-host-plaintext: `host` also accepts connections without TLS from any address, so passwords and data can cross the network in plain text. Use `hostssl` to require TLS. [fix: Change to `hostssl` => "hostssl"]
                4:43-4:48 error hba-trust-remote: `trust` lets anyone who can reach the server from any address log in as any role, superusers included, without a password. Use `scram-sha-256` (or `cert`). [fix: Change to `scram-sha-256` => "scram-sha-256"]
                5:1-5:5 warning hba-host-plaintext: `host` also accepts connections without TLS from any address, so passwords and data can cross the network in plain text. Use `hostssl` to require TLS. [fix: Change to `hostssl` => "hostssl"]
                5:43-5:48 error hba-trust-remote: `trust` lets anyone who can reach the server from any address log in as any role, superusers included, without a password. Use `scram-sha-256` (or `cert`). [fix: Change to `scram-sha-256` => "scram-sha-256"]
            "#]],
        ),
        (
            "010-hba-local-peer-vs-host",
            expect![[r#"
                1:9-1:12 information hba-no-replication-rule: No line admits physical replication, and `all` does not cover it: standbys, pg_basebackup and WAL-streaming backup tools are refused. If you use them, add a line such as `hostssl replication replicator 10.0.0.0/8 scram-sha-256`.
                1:39-1:44 hint hba-local-ident-is-peer: On `local` lines the server treats `ident` as `peer`: the OS user must match the role (or a `map`), and no password is asked. Write `peer` to say so. [fix: Change to `peer` => "peer"]
                2:39-2:44 hint hba-local-ident-is-peer: On `local` lines the server treats `ident` as `peer`: the OS user must match the role (or a `map`), and no password is asked. Write `peer` to say so. [fix: Change to `peer` => "peer"]
                3:24-3:36 hint hba-missing-ipv6-loopback: This covers IPv4 loopback only. Clients that connect to `localhost` often arrive from `::1`, which no line for these databases and users admits, so they are rejected. Add the same line for `::1/128`. [fix: Add the same line for IPv6 loopback `::1/128` => "\nhost    all   all      ::1/128        md5"]
                3:39-3:42 hint hba-md5: Prefer `scram-sha-256`: MD5 hashes are weak and replayable once stolen. PostgreSQL 18 deprecates MD5 passwords. `md5` already accepts SCRAM logins for roles with SCRAM passwords; switch once no role still has an MD5-hashed password, or those roles are locked out. [Deprecated] [fix: Change to `scram-sha-256` => "scram-sha-256"]
            "#]],
        ),
        (
            "011-hba-md5-accepts-scram",
            expect![[r#"
                1:9-1:12 information hba-no-replication-rule: No line admits physical replication, and `all` does not cover it: standbys, pg_basebackup and WAL-streaming backup tools are refused. If you use them, add a line such as `hostssl replication replicator 10.0.0.0/8 scram-sha-256`.
                2:1-2:5 warning hba-host-plaintext: `host` also accepts connections without TLS from 10.0.0.0/24, so passwords and data can cross the network in plain text. Use `hostssl` to require TLS. [fix: Change to `hostssl` => "hostssl"]
                2:36-2:39 hint hba-md5: Prefer `scram-sha-256`: MD5 hashes are weak and replayable once stolen. PostgreSQL 18 deprecates MD5 passwords. `md5` already accepts SCRAM logins for roles with SCRAM passwords; switch once no role still has an MD5-hashed password, or those roles are locked out. [Deprecated] [fix: Change to `scram-sha-256` => "scram-sha-256"]
            "#]],
        ),
    ] {
        let path = format!("{}/../tests/cases/{name}/pg_hba.conf", env!("CARGO_MANIFEST_DIR"));
        let text = std::fs::read_to_string(&path).unwrap_or_else(|err| panic!("{path}: {err}"));
        check(&text, expect);
    }
}

/// A tiny deterministic generator, so that the property test needs no crate.
pub(super) struct Xorshift(pub(super) u64);

impl Xorshift {
    pub(super) fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
}

#[test]
fn never_panics_on_mutated_input() {
    let seeds = [
        "local all all peer\nhost all all 127.0.0.1/32 md5 # c\n",
        "hostssl \"db, x\" +g,@f 10.0.0.1 255.255.0.0 ldap ldapserver=\"a b\" \\\n ldaptls=1\n",
        "host all all 10.0.0.17/24 trust\nhost all all ::1/128 cert clientcert=verify-ca\n",
        "include x\nhost all all samenet password\nhost é,ü ñ 2001:db8::1/64 radius a=b\n",
    ];
    let alphabet: &[&str] = &[
        " ", "\t", "\n", "\r", "\\", "\"", ",", "#", "/", "=", "@", "+", "é", "ñ", "::", ".", "0",
        "9", "a", "all", "host", "local", "md5", "trust", "255",
    ];
    let mut rng = Xorshift(0x9e37_79b9_7f4a_7c15);
    for round in 0..400 {
        let mut text = seeds[round % seeds.len()].to_string();
        for _ in 0..(rng.next() % 8) {
            let boundaries: Vec<usize> =
                (0..=text.len()).filter(|&at| text.is_char_boundary(at)).collect();
            let at = boundaries[(rng.next() as usize) % boundaries.len()];
            match rng.next() % 3 {
                0 => text.insert_str(at, alphabet[(rng.next() as usize) % alphabet.len()]),
                1 => {
                    let end = boundaries.iter().copied().find(|&end| end > at);
                    if let Some(end) = end {
                        text.replace_range(at..end, "");
                    }
                }
                _ => text.truncate(at),
            }
        }
        for major in [13, 15, 18] {
            let settings = settings(major);
            let findings = super::check(&text, &settings);
            for finding in &findings {
                assert!(text.get(finding.span.start..finding.span.end).is_some());
            }
            for offset in 0..=text.len() + 1 {
                let _ = crate::hover::pghba::hover(&text, offset, &settings);
            }
        }
    }
}

#[test]
fn ldap_modes_and_radius_lists() {
    check_rule(
        &INVALID_OPTION,
        "host all all 10.0.0.0/8 ldap\n\
         host all all 10.0.0.0/8 ldap ldapserver=h ldapprefix=cn= ldapbasedn=dc=x\n\
         host all all 10.0.0.0/8 ldap ldapserver=h ldapbasedn=dc=x ldapsearchattribute=uid \
         ldapsearchfilter=(uid=$username)\n\
         host all all 10.0.0.0/8 ldap ldapurl=ldap://h/dc=x?uid?sub?(o=x)\n\
         host all all 10.0.0.0/8 ldap ldapurl=not-a-url\n\
         host all all 10.0.0.0/8 ldap ldapserver=h ldapbasedn=dc=x ldapport=3:89\n\
         host all all 10.0.0.0/8 ldap ldapserver=h ldapsuffix=,dc=x\n\
         host all all 10.0.0.0/8 radius\n\
         host all all 10.0.0.0/8 radius radiusservers=\"127.0.0.1,127.0.0.2\" \
         radiussecrets=\"a,b,c\"\n\
         host all all 10.0.0.0/8 radius radiusservers=\"127.0.0.1,127.0.0.2\" radiussecrets=a \
         radiusports=\"1,2,3\"\n\
         host all all 10.0.0.0/8 radius radiusservers=127.0.0.1 radiussecrets=a radiusports=1\n",
        expect![[r#"
            1:25-1:29 error hba-invalid-option: `ldap` needs `ldapbasedn` (search+bind) or `ldapprefix`/`ldapsuffix` (simple bind); the server refuses the file.
            2:58-2:73 error hba-invalid-option: This line mixes simple-bind options (`ldapprefix`, `ldapsuffix`) with search+bind ones (`ldapbasedn`, `ldapbinddn`, `ldapsearchattribute`, …); the server refuses the file. Keep one mode.
            3:83-3:115 error hba-invalid-option: `ldapsearchattribute` and `ldapsearchfilter` cannot be used together (an `ldapurl` can set either); the server refuses the file. Keep one.
            4:30-4:65 error hba-invalid-option: `ldapsearchattribute` and `ldapsearchfilter` cannot be used together (an `ldapurl` can set either); the server refuses the file. Keep one.
            5:30-5:47 error hba-invalid-option: The server cannot read this LDAP URL (it has no `ldap://` or `ldaps://` scheme), so it refuses the file.
            7:55-7:57 error hba-invalid-option: `dc` is not an authentication option; the server refuses the file.
            8:25-8:31 error hba-invalid-option: `radius` needs `radiusservers`; the server refuses the file.
            9:68-9:89 error hba-invalid-option: 3 RADIUS secrets for 2 servers: give one, or one per server; the server refuses the file.
            10:84-10:103 error hba-invalid-option: 3 RADIUS ports for 2 servers: give one, or one per server; the server refuses the file.
        "#]],
    );
}

#[test]
fn certificate_lines_that_plain_text_sidesteps() {
    check_rule(
        &BYPASSABLE_SSL_RULE,
        "hostssl all all 10.0.0.0/8 cert\n\
         hostssl app all 10.0.0.0/8 scram-sha-256 clientcert=verify-full\n\
         hostssl all all 192.168.0.0/16 cert\n\
         host app all 10.1.0.0/16 md5\n\
         hostnossl all all 192.168.0.0/16 reject\n\
         host all all 192.168.1.0/24 trust\n\
         host other all 172.16.0.0/12 trust\n",
        expect![[r#"
            1:28-1:32 warning hba-bypassable-ssl-rule: Clients can sidestep this certificate check: line 4 admits the same clients without TLS, with `md5` instead of a certificate. Turn plain-text clients away (`hostnossl … reject` above line 4), or drop the certificate line. [related 4:1: line 4 admits the same clients without TLS]
            2:42-2:64 warning hba-bypassable-ssl-rule: Clients can sidestep this certificate check: line 4 admits the same clients without TLS, with `md5` instead of a certificate. Turn plain-text clients away (`hostnossl … reject` above line 4), or drop the certificate line. [related 4:1: line 4 admits the same clients without TLS]
        "#]],
    );
}

#[test]
fn replication_and_partly_unreachable_notes() {
    check_rule(
        &NO_REPLICATION_RULE,
        "local all all peer\nhost replication all 127.0.0.1/32 scram-sha-256\n",
        expect![[r#""#]],
    );
    check_rule(
        &NO_REPLICATION_RULE,
        "local app all peer\nhost all all 0.0.0.0/0 reject\nhost all all ::1/128 md5\n",
        expect![[r#"
            3:6-3:9 information hba-no-replication-rule: No line admits physical replication, and `all` does not cover it: standbys, pg_basebackup and WAL-streaming backup tools are refused. If you use them, add a line such as `hostssl replication replicator 10.0.0.0/8 scram-sha-256`.
        "#]],
    );
    check_rule(
        &PARTLY_UNREACHABLE,
        "host all all 0.0.0.0/0 md5\n\
         host all all all scram-sha-256\n\
         host all all ::/0 md5\n\
         host all all samenet scram-sha-256\n\
         hostssl all all samehost scram-sha-256\n",
        expect![[r#"
            2:14-2:17 information hba-partly-unreachable: Only IPv6 clients can reach this line: line 1 takes every IPv4 client it would match first. Move it above if it is meant for IPv4 too. [related 1:1: line 1 takes the IPv4 clients first]
        "#]],
    );
}

#[test]
fn regular_expressions_that_cannot_compile() {
    check_rule(
        &INVALID_REGEX,
        "host /(unclosed all 10.0.0.0/8 md5\n\
         host all /[abc 10.0.0.0/8 md5\n\
         host all /x\\ 10.0.0.0/8 md5\n\
         host /^db_(a|b)$,/[]x] /^app 10.0.0.0/8 md5\n\
         host \"/(quoted\" all 10.0.0.0/8 md5\n",
        expect![[r#"
            1:6-1:16 error hba-invalid-regex: This regular expression does not compile (a `(` is never closed), so the server refuses the file. A name starting with `/` is a regular expression, quoted or not; fix it.
            2:10-2:15 error hba-invalid-regex: This regular expression does not compile (a `[` is never closed), so the server refuses the file. A name starting with `/` is a regular expression, quoted or not; fix it.
            3:10-3:13 error hba-invalid-regex: This regular expression does not compile (it ends in a lone backslash), so the server refuses the file. A name starting with `/` is a regular expression, quoted or not; fix it.
            5:6-5:16 error hba-invalid-regex: This regular expression does not compile (a `(` is never closed), so the server refuses the file. A name starting with `/` is a regular expression, quoted or not; fix it.
        "#]],
    );
    check_for(
        15,
        "host /(unclosed all 10.0.0.0/8 scram-sha-256\n",
        expect![[r#"
        1:1-1:5 warning hba-host-plaintext: `host` also accepts connections without TLS from 10.0.0.0/8, so passwords and data can cross the network in plain text. Use `hostssl` to require TLS. [fix: Change to `hostssl` => "hostssl"]
    "#]],
    );
}

#[test]
fn regexes_in_user_and_database_columns_are_checked_quoted_or_not() {
    let text = "local all /(?P<n>a) peer\nlocal all \"/^(b\" peer\nlocal /[z-a] all peer\n\
                local all /^a{1,2}{3} peer\nlocal all /^(a)\\1$ peer\n";
    check_rule(
        &INVALID_REGEX,
        text,
        expect![[r#"
        1:11-1:20 error hba-invalid-regex: This regular expression does not compile (it uses a `(?` form that does not exist here), so the server refuses the file. A name starting with `/` is a regular expression, quoted or not; fix it.
        2:11-2:17 error hba-invalid-regex: This regular expression does not compile (a `(` is never closed), so the server refuses the file. A name starting with `/` is a regular expression, quoted or not; fix it.
        3:7-3:13 error hba-invalid-regex: This regular expression does not compile (a range in brackets ends before it starts), so the server refuses the file. A name starting with `/` is a regular expression, quoted or not; fix it.
        4:11-4:16 error hba-invalid-regex: This regular expression does not compile (a `{m,n}` bound is malformed), so the server refuses the file. A name starting with `/` is a regular expression, quoted or not; fix it.
    "#]],
    );
}

/// A pg_hba.conf the server reads that still holds initdb's template placeholders: each is
/// an error (PostgreSQL 15 refuses the file: "could not open secondary authentication
/// file"), and the other rules judge the lines as filled in.
#[test]
fn template_placeholders_left_in_a_file_the_server_reads() {
    check_for(
        15,
        "@authcomment@\n\
         host all all 127.0.0.1/32 @authmethodhost@\n\
         @remove-line-for-nolocal@local all all @authmethodlocal@ # @authmethodhost@\n\
         local all \"@authmethodlocal@\" peer\n",
        expect![[r#"
            1:1-1:14 error hba-template-placeholder: `@authcomment@` is a placeholder of initdb's pg_hba.conf template (Debian's pg_hba.conf.sample) that was never filled in (initdb writes a comment there, a warning when it set up `trust`). The server reads it as an `@file` that does not exist and refuses the whole pg_hba.conf; fill it in as initdb would. [fix: Remove the placeholder => ""]
            2:6-2:9 information hba-no-replication-rule: No line admits physical replication, and `all` does not cover it: standbys, pg_basebackup and WAL-streaming backup tools are refused. If you use them, add a line such as `hostssl replication replicator 10.0.0.0/8 scram-sha-256`.
            2:14-2:26 hint hba-missing-ipv6-loopback: This covers IPv4 loopback only. Clients that connect to `localhost` often arrive from `::1`, which no line for these databases and users admits, so they are rejected. Add the same line for `::1/128`. [fix: Add the same line for IPv6 loopback `::1/128` => "\nhost all all ::1/128      scram-sha-256"]
            2:27-2:43 error hba-template-placeholder: `@authmethodhost@` is a placeholder of initdb's pg_hba.conf template (Debian's pg_hba.conf.sample) that was never filled in (initdb writes the authentication method for TCP connections there). The server reads it as an `@file` that does not exist and refuses the whole pg_hba.conf; fill it in as initdb would. [fix: Replace with `scram-sha-256` => "scram-sha-256"]
            3:1-3:26 error hba-template-placeholder: `@remove-line-for-nolocal@` is a placeholder of initdb's pg_hba.conf template (Debian's pg_hba.conf.sample) that was never filled in (initdb removes it, or the whole line on a server without Unix-domain sockets). The server reads it as an `@file` that does not exist and refuses the whole pg_hba.conf; fill it in as initdb would. [fix: Remove the placeholder => ""]
            3:40-3:57 error hba-template-placeholder: `@authmethodlocal@` is a placeholder of initdb's pg_hba.conf template (Debian's pg_hba.conf.sample) that was never filled in (initdb writes the authentication method for Unix-socket connections there). The server reads it as an `@file` that does not exist and refuses the whole pg_hba.conf; fill it in as initdb would. [fix: Replace with `peer` => "peer"]
            4:1-4:35 warning hba-unreachable-rule: This line can never be used: line 3 matches every connection it would match, and the server stops at the first matching line. Move it above, or remove it. [Unnecessary] [related 3:26: line 3 matches these connections first] [fix: Remove the unreachable line => ""]
        "#]],
    );
}

/// The same lines in a template (`pg_hba.conf.sample`) are checked as the file it becomes,
/// and the placeholders are not errors there.
#[test]
fn templates_are_checked_as_the_file_they_become() {
    let text = "@remove-line-for-nolocal@local all all @authmethodlocal@\n\
                host all all 127.0.0.1/32 @authmethodhost@\n";
    let files = crate::files::MemoryFiles::default();
    let findings = |path: &str| {
        let path = std::path::Path::new(path);
        let found = check_with_files(path, text, &settings(15), &files);
        let names: Vec<&str> = found.iter().map(|finding| finding.rule.name).collect();
        names.join(", ")
    };
    expect!["hba-missing-ipv6-loopback, hba-no-replication-rule"]
        .assert_eq(&findings("/usr/share/postgresql/15/pg_hba.conf.sample"));
    expect!["hba-missing-ipv6-loopback, hba-no-replication-rule, hba-template-placeholder, hba-template-placeholder, hba-template-placeholder"].assert_eq(&findings("/etc/postgresql/15/main/pg_hba.conf"));
    let template: Vec<&str> =
        check_template(text, &settings(15)).iter().map(|finding| finding.rule.name).collect();
    expect!["hba-missing-ipv6-loopback, hba-no-replication-rule"].assert_eq(&template.join(", "));
}
