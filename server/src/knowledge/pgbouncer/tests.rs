//! Tests of the generated PgBouncer catalog, against the sources and the real 1.18 binary.

use super::*;
use expect_test::expect;

/// `SHOW CONFIG` of Debian's PgBouncer 1.18.0, run on loopback with a minimal ini.
const SHOW_CONFIG_1_18: &str = include_str!("../../../data/pgbouncer/show-config-1.18.tsv");

#[test]
fn releases_cover_1_17_to_newest() {
    let names: Vec<String> = releases().iter().map(Catalog::release_name).collect();
    expect!["1.17 1.18 1.19 1.20 1.21 1.22 1.23 1.24 1.25"].assert_eq(&names.join(" "));
    assert_eq!(catalog(None).release, newest().release);
    assert_eq!(catalog(Some((1, 18))).release, (1, 18));
    assert_eq!(catalog(Some((1, 99))).release, newest().release);
    assert_eq!(catalog(Some((1, 5))).release, (1, 17));
}

#[test]
fn server_tls_sslmode_default_changed_in_1_20() {
    let defaults: Vec<String> = releases()
        .iter()
        .map(|catalog| {
            let setting = catalog.setting("server_tls_sslmode").expect("always known");
            format!("{}={}", catalog.release_name(), setting.default.unwrap_or("-"))
        })
        .collect();
    expect![[r#"1.17=disable 1.18=disable 1.19=disable 1.20=prefer 1.21=prefer 1.22=prefer 1.23=prefer 1.24=prefer 1.25=prefer"#]]
        .assert_eq(&defaults.join(" "));
}

#[test]
fn settings_carry_types_units_and_anchors() {
    let catalog = catalog(Some((1, 25)));
    let show = |name: &str| {
        let setting = catalog.setting(name).expect("known");
        format!(
            "{name}: {} default={:?} unit={:?} reload={} allowed={:?} {}",
            setting.value_type.name(),
            setting.default,
            setting.unit.map(Unit::name),
            setting.reloadable,
            setting.allowed,
            setting.url()
        )
    };
    let lines: Vec<String> = [
        "server_idle_timeout",
        "tcp_keepidle",
        "tcp_user_timeout",
        "auth_type",
        "listen_port",
        "auth_file",
    ]
    .into_iter()
    .map(show)
    .collect();
    expect![[r#"
        server_idle_timeout: time (seconds) default=Some("600") unit=Some("seconds") reload=true allowed=[] https://www.pgbouncer.org/config.html#server_idle_timeout
        tcp_keepidle: integer default=Some("0") unit=Some("seconds") reload=true allowed=[] https://www.pgbouncer.org/config.html#tcp_keepidle
        tcp_user_timeout: integer default=Some("0") unit=Some("milliseconds") reload=true allowed=[] https://www.pgbouncer.org/config.html#tcp_user_timeout
        auth_type: enum default=Some("md5") unit=None reload=true allowed=["any", "trust", "plain", "md5", "cert", "hba", "ldap", "pam", "scram-sha-256"] https://www.pgbouncer.org/config.html#auth_type
        listen_port: integer default=Some("6432") unit=None reload=false allowed=[] https://www.pgbouncer.org/config.html#listen_port
        auth_file: string default=None unit=None reload=true allowed=[] https://www.pgbouncer.org/config.html#auth_file"#]]
    .assert_eq(&lines.join("\n"));
}

#[test]
fn entry_keys_per_release() {
    let keys = |release, section| {
        let names: Vec<&str> =
            catalog(Some(release)).entry_keys_of(section).map(|key| key.name).collect();
        names.join(" ")
    };
    expect!["dbname host port user password auth_user client_encoding datestyle timezone pool_size min_pool_size reserve_pool max_db_connections pool_mode connect_query application_name"]
        .assert_eq(&keys((1, 18), EntrySection::Databases));
    expect!["pool_mode max_user_connections"].assert_eq(&keys((1, 18), EntrySection::Users));
    expect!["host port pool_size"].assert_eq(&keys((1, 25), EntrySection::Peers));
    let added = entry_key_added_in(catalog(Some((1, 18))), EntrySection::Databases, "auth_query");
    assert_eq!(added, Some((1, 22)));
    assert_eq!(setting_added_in(catalog(Some((1, 18))), "max_prepared_statements"), Some((1, 21)));
}

/// The 1.18 rows must agree with what the real 1.18 binary reports, apart from the two
/// differences written down in the module documentation.
#[test]
fn catalog_matches_the_1_18_binary() {
    let catalog = catalog(Some((1, 18)));
    let mut differences = Vec::new();
    let mut seen = Vec::new();

    for line in SHOW_CONFIG_1_18.lines().skip(1) {
        let fields: Vec<&str> = line.split('\t').collect();
        let [name, _value, default, changeable] = fields[..] else {
            continue;
        };
        seen.push(name);
        let Some(setting) = catalog.setting(name) else {
            differences.push(format!("{name}: not in the catalog"));
            continue;
        };
        let ours = setting.default.unwrap_or("");
        if ours != default {
            differences.push(format!("{name}: catalog {ours:?}, binary {default:?}"));
        }
        if setting.reloadable != (changeable == "yes") {
            differences.push(format!("{name}: reloadable differs"));
        }
    }
    for setting in &catalog.settings {
        if !seen.contains(&setting.name) {
            differences.push(format!("{}: not shown by the binary", setting.name));
        }
    }

    expect![[r#"auth_query: catalog "SELECT usename, passwd FROM pg_shadow WHERE usename=$1", binary "SELECT rolname, CASE WHEN rolvaliduntil < now() THEN NULL ELSE rolpassword END FROM pg_authid WHERE rolname=$1 AND rolcanlogin""#]]
    .assert_eq(&differences.join("\n"));
}
