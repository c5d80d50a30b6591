//! Snapshots of completion at the cursor, marked `|` in each fixture.

use super::*;
use expect_test::{expect, Expect};

/// Completes at the `|` of `fixture` and renders the first `limit` items.
#[track_caller]
fn check_with(fixture: &str, settings: &Settings, limit: usize, expect: Expect) {
    let offset = fixture.find('|').expect("the fixture marks the cursor with |");
    let text = fixture.replacen('|', "", 1);
    let completions = complete(&text, offset, settings);
    let mut lines: Vec<String> = completions
        .iter()
        .take(limit)
        .map(|completion| {
            format!(
                "{:?} {} [{}] => {:?}{}",
                completion.kind,
                completion.label,
                completion.edit.span.of(&text),
                completion.edit.new_text,
                completion.detail.as_ref().map_or(String::new(), |detail| format!(" ({detail})"))
            )
        })
        .collect();
    if completions.len() > limit {
        lines.push(format!("… {} in all", completions.len()));
    }
    expect.assert_eq(&lines.join("\n"));
}

#[track_caller]
fn check(fixture: &str, limit: usize, expect: Expect) {
    check_with(fixture, &Settings::default(), limit, expect);
}

#[test]
fn section_names() {
    check(
        "[pgbouncer]\n[da|]\n",
        10,
        expect![[r#"
        Section pgbouncer [da] => "pgbouncer"
        Section databases [da] => "databases"
        Section users [da] => "users"
        Section peers [da] => "peers""#]],
    );
}

#[test]
fn setting_names_with_type_and_default() {
    check(
        "[pgbouncer]\nlisten_a|\n",
        3,
        expect![[r#"
        Parameter admin_users [listen_a] => "admin_users" (string, default in 1.25: not set)
        Parameter application_name_add_host [listen_a] => "application_name_add_host" (integer, default in 1.25: 0)
        Parameter auth_dbname [listen_a] => "auth_dbname" (string, default in 1.25: not set)
        … 98 in all"#]],
    );
    let release_1_18 = Settings { pgbouncer_version: Some((1, 18)), ..Settings::default() };
    check_with("[pgbouncer]\n|", &release_1_18, 0, expect!["… 84 in all"]);
    check("[databases]\n|", 3, expect![]);
}

#[test]
fn enum_values() {
    check(
        "[pgbouncer]\nserver_tls_sslmode = verify-|\n",
        10,
        expect![[r#"
        Value disable [verify-] => "disable"
        Value allow [verify-] => "allow"
        Value prefer [verify-] => "prefer" (default in 1.25)
        Value require [verify-] => "require"
        Value verify-ca [verify-] => "verify-ca"
        Value verify-full [verify-] => "verify-full""#]],
    );
    check(
        "[pgbouncer]\npool_mode = |\n",
        10,
        expect![[r#"
        Value session [] => "session" (default in 1.25)
        Value transaction [] => "transaction"
        Value statement [] => "statement""#]],
    );
    check("[pgbouncer]\nlisten_port = |\n", 10, expect![]);
}

#[test]
fn entry_keys_and_pool_modes() {
    check(
        "[databases]\napp = host=db |\n",
        4,
        expect![[r#"
        Parameter dbname [] => "dbname="
        Parameter host [] => "host="
        Parameter port [] => "port="
        Parameter user [] => "user="
        … 22 in all"#]],
    );
    check(
        "[users]\nbob = pool_mode=tr|\n",
        5,
        expect![[r#"
        Value session [tr] => "session" (default in 1.25)
        Value transaction [tr] => "transaction"
        Value statement [tr] => "statement""#]],
    );
    check("[databases]\napp = host=|\n", 5, expect![]);
}

#[test]
fn nothing_in_comments_or_odd_places() {
    check("[pgbouncer]\n; tcp_|\n", 5, expect![]);
    check("stray|\n", 5, expect![]);
    let text = "[pgbouncer]\né = x\n";
    for offset in 0..=text.len() {
        let _ = complete(text, offset, &Settings::default());
    }
}
