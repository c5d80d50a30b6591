//! Parser snapshots for tricky connection strings, and a comparison with what the real
//! libpq makes of a corpus of strings (recorded by `server/data/libpq/oracle`).

use super::*;

/// Renders a parse compactly: each setting as `keyword=value @start..end`, then errors.
/// Secrets are shown as `****` like everywhere else.
fn render(text: &str) -> String {
    let info = parse(text);
    let mut out = vec![format!("{:?}", info.form)];
    for setting in &info.settings {
        let value = if setting.keyword == "password" {
            "****".to_string()
        } else {
            format!("{:?}", setting.value)
        };
        let alias = if setting.alias {
            format!(" (written {:?})", setting.written_keyword)
        } else {
            String::new()
        };
        out.push(format!(
            "{}={} key@{}..{} value@{}..{}{}",
            setting.keyword,
            value,
            setting.key_span.start,
            setting.key_span.end,
            setting.value_span.start,
            setting.value_span.end,
            alias
        ));
    }
    for host in &info.hosts {
        out.push(format!(
            "host entry {:?} port {:?}{}",
            host.host_span.of(text),
            host.port_span.map(|span| span.of(text)),
            if host.bracketed { " [ipv6]" } else { "" }
        ));
    }
    for error in &info.errors {
        out.push(format!("error @{}..{}: {}", error.span.start, error.span.end, error.message));
    }
    out.join("\n")
}

#[track_caller]
fn check(text: &str, expect: expect_test::Expect) {
    expect.assert_eq(&render(text));
}

#[test]
fn key_value_quotes_escapes_and_spacing() {
    check(
        r"host = db.example.com  port=5432 password='it\'s a secret' application_name=a\ b",
        expect_test::expect![[r#"
            KeyValue
            host="db.example.com" key@0..4 value@7..21
            port="5432" key@23..27 value@28..32
            password=**** key@33..41 value@42..58
            application_name="a b" key@59..75 value@76..80"#]],
    );
}

#[test]
fn key_value_blank_value_swallows_the_next_pair() {
    // libpq skips blanks after `=`, so an empty unquoted value takes the next word.
    check(
        "host= port=5432 dbname=''",
        expect_test::expect![[r#"
            KeyValue
            host="port=5432" key@0..4 value@6..15
            dbname="" key@16..22 value@23..25"#]],
    );
}

#[test]
fn key_value_errors() {
    check(
        "host db.example.com sslmode='verify-full",
        expect_test::expect![[r#"
            KeyValue
            sslmode="verify-full" key@20..27 value@28..40
            error @0..4: `host` has no `=` after it: libpq expects `keyword=value` pairs and rejects the whole string
            error @5..19: `db.example.com` has no `=` after it: libpq expects `keyword=value` pairs and rejects the whole string
            error @28..40: This quoted value never ends: libpq needs a closing `'` and rejects the whole string"#]],
    );
}

#[test]
fn key_value_requiressl_alias() {
    check(
        "requiressl=1 requiressl=0",
        expect_test::expect![[r#"
            KeyValue
            sslmode="require" key@0..10 value@11..12 (written "requiressl")
            sslmode="prefer" key@13..23 value@24..25 (written "requiressl")"#]],
    );
}

#[test]
fn uri_userinfo_splits_at_the_first_at_sign() {
    check(
        "postgresql://app:p@ss@db.example.com:5432/appdb",
        expect_test::expect![[r#"
            Uri
            user="app" key@13..16 value@13..16
            password=**** key@17..18 value@17..18
            host="ss@db.example.com" key@19..41 value@19..41
            port="5432" key@19..41 value@19..41
            dbname="appdb" key@42..47 value@42..47
            host entry "ss@db.example.com" port Some("5432")"#]],
    );
}

#[test]
fn uri_question_mark_in_password_is_userinfo_for_libpq() {
    check(
        "postgres://app:s3c[r?et@db/x",
        expect_test::expect![[r#"
            Uri
            user="app" key@11..14 value@11..14
            password=**** key@15..23 value@15..23
            host="db" key@24..26 value@24..26
            dbname="x" key@27..28 value@27..28
            host entry "db" port None"#]],
    );
}

#[test]
fn uri_host_list_ipv6_and_query() {
    check(
        "postgresql://[::1]:5433,db2,[fe80::1%25eth0]/app%20db?sslmode=verify-full&ssl=true&x",
        expect_test::expect![[r#"
            Uri
            host="::1,db2,fe80::1%eth0" key@13..44 value@13..44
            port="5433,," key@13..44 value@13..44
            dbname="app db" key@45..53 value@45..53
            sslmode="verify-full" key@54..61 value@62..73
            sslmode="require" key@74..77 value@78..82 (written "ssl")
            host entry "::1" port Some("5433") [ipv6]
            host entry "db2" port None
            host entry "fe80::1%25eth0" port None [ipv6]
            error @83..84: A URI parameter needs the form `keyword=value`; libpq rejects the whole string"#]],
    );
}

#[test]
fn uri_socket_directory_and_empty_parts() {
    check(
        "postgresql://%2Fvar%2Frun%2Fpostgresql/db?host=/tmp&port=",
        expect_test::expect![[r#"
            Uri
            host="/var/run/postgresql" key@13..38 value@13..38
            dbname="db" key@39..41 value@39..41
            host="/tmp" key@42..46 value@47..51
            port="" key@52..56 value@57..57
            host entry "%2Fvar%2Frun%2Fpostgresql" port None"#]],
    );
    check(
        "postgresql://",
        expect_test::expect![[r#"
            Uri
            host entry "" port None"#]],
    );
    check(
        "postgresql:///mydb",
        expect_test::expect![[r#"
            Uri
            dbname="mydb" key@14..18 value@14..18
            host entry "" port None"#]],
    );
}

#[test]
fn uri_percent_errors() {
    check(
        "postgresql://u:a%zz@h/d%00?a=b=c",
        expect_test::expect![[r#"
            Uri
            user="u" key@13..14 value@13..14
            password=**** key@15..19 value@15..19
            host="h" key@20..21 value@20..21
            dbname="d%00" key@22..26 value@22..26
            a="b=c" key@27..28 value@29..32
            host entry "h" port None
            error @16..19: A `%` must start a two-digit hex escape such as `%40`; write a literal percent sign as `%25`. libpq rejects the whole string
            error @23..26: `%00` would put a zero byte into the value, which libpq forbids; it rejects the whole string
            error @30..31: A second `=` in a URI parameter is not allowed; write it as `%3D`. libpq rejects the whole string"#]],
    );
}

#[test]
fn uri_bracket_errors() {
    check(
        "postgresql://[::1",
        expect_test::expect![[r#"
            Uri
            host="::1" key@13..17 value@13..17
            host entry "::1" port None [ipv6]
            error @13..17: This IPv6 address has no closing `]`; libpq rejects the whole string"#]],
    );
    check(
        "postgresql://[]x:5/d",
        expect_test::expect![[r#"
            Uri
            port="5" key@13..18 value@13..18
            dbname="d" key@19..20 value@19..20
            host entry "" port Some("5") [ipv6]
            error @13..15: `[]` holds no IPv6 address; libpq rejects the whole string
            error @15..16: After an IPv6 address in brackets libpq expects `:port`, `,`, `/` or `?`; it rejects the whole string"#]],
    );
}

#[test]
fn uri_keyword_after_a_space_is_part_of_the_dbname() {
    check(
        "postgresql://db/appdb sslmode=require",
        expect_test::expect![[r#"
            Uri
            host="db" key@13..15 value@13..15
            dbname="appdb sslmode=require" key@16..37 value@16..37
            host entry "db" port None
            error @16..37: A blank inside this part of the URI makes libpq 17 and newer refuse it; write it as `%20`"#]],
    );
}

/// Every string of `server/data/libpq/parse-cases.txt` parses to what libpq 15 and 18
/// themselves stored for it (`parse-oracle-<major>.jsonl`, written by
/// `server/data/libpq/oracle`), and is rejected exactly when libpq rejected it: for a
/// syntax error, or for a keyword that that libpq does not know.
#[test]
fn agrees_with_libpq_on_the_recorded_corpus() {
    let oracles = [
        (15, include_str!("../../../data/libpq/parse-oracle-15.jsonl")),
        (18, include_str!("../../../data/libpq/parse-oracle-18.jsonl")),
    ];
    let mut disagreements = Vec::new();
    for (major, oracle) in oracles {
        let catalog = crate::knowledge::libpq::catalog_for(Some(major));
        for line in oracle.lines() {
            let record: serde_json::Value = serde_json::from_str(line).expect("oracle line");
            let input = record["input"].as_str().expect("input");
            let accepted = record["ok"].as_bool().expect("ok");
            let info = parse_for(input, major);

            let unknown =
                info.settings.iter().any(|setting| catalog.get(&setting.keyword).is_none());
            let ours_accepted = info.errors.is_empty() && !unknown;
            if ours_accepted != accepted {
                disagreements.push(format!(
                    "libpq {major}: {input}: libpq accepted={accepted}, we={ours_accepted}"
                ));
                continue;
            }
            if !accepted {
                continue;
            }
            let mut ours = std::collections::BTreeMap::new();
            for setting in &info.settings {
                ours.insert(setting.keyword.clone(), setting.value.clone());
            }
            let theirs: std::collections::BTreeMap<String, String> = record["values"]
                .as_object()
                .expect("values")
                .iter()
                .map(|(key, value)| (key.clone(), value.as_str().unwrap_or_default().to_string()))
                .collect();
            if ours != theirs {
                disagreements
                    .push(format!("libpq {major}: {input}: libpq {theirs:?}, we {ours:?}"));
            }
        }
    }
    assert!(disagreements.is_empty(), "{}", disagreements.join("\n"));
}
