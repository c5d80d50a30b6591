//! Catalog look-ups, and the value checker against the verdicts real servers gave on the
//! probes recorded by the generator.

use super::value::{check, Parsed, ValueError};
use super::*;
use expect_test::expect;

fn probes(major: u32) -> String {
    let path = format!("{}/data/pg_settings/{major}.probes.tsv", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(path).expect("probes file")
}

fn unescape_probe(text: &str) -> String {
    let mut out = String::new();
    let mut chars = text.chars();
    while let Some(ch) = chars.next() {
        if ch != '\\' {
            out.push(ch);
            continue;
        }
        match chars.next() {
            Some('t') => out.push('\t'),
            Some('n') => out.push('\n'),
            Some('r') => out.push('\r'),
            Some('v') => out.push('\x0b'),
            Some('f') => out.push('\x0c'),
            Some(other) => out.push(other),
            None => {}
        }
    }
    out
}

/// (kind, parameter, value, verdict, shown) of each probe of a major.
pub(crate) fn probe_rows(major: u32) -> Vec<(String, String, String, String, String)> {
    probes(major)
        .lines()
        .filter(|line| !line.starts_with('#'))
        .filter_map(|line| {
            let fields: Vec<&str> = line.split('\t').collect();
            let [kind, name, value, verdict, shown] = fields.as_slice() else {
                return None;
            };
            Some((
                kind.to_string(),
                name.to_string(),
                unescape_probe(value),
                verdict.to_string(),
                unescape_probe(shown),
            ))
        })
        .collect()
}

#[test]
fn catalogs_cover_13_to_18_and_default_to_the_newest() {
    assert_eq!(majors(), vec![13, 14, 15, 16, 17, 18]);
    assert_eq!(newest_major(), 18);
    assert_eq!(for_major(None).major, 18);
    assert_eq!(for_major(Some(15)).major, 15);
    assert_eq!(for_major(Some(9)).major, 13);
    assert_eq!(for_major(Some(21)).major, 18);
    for major in majors() {
        let catalog = catalog(major).unwrap();
        assert!(catalog.settings().len() > 300, "{major}");
        assert!(!catalog.sources.is_empty());
    }
}

#[test]
fn look_ups_are_case_insensitive_and_know_old_names() {
    let catalog = catalog(15).unwrap();
    assert_eq!(catalog.get("SHARED_BUFFERS").unwrap().name, "shared_buffers");
    assert_eq!(catalog.get("datestyle").unwrap().name, "DateStyle");
    assert!(matches!(catalog.lookup("Sort_Mem"), Lookup::OldName(s) if s.name == "work_mem"));
    assert_eq!(catalog.lookup("temp_file_size"), Lookup::Unknown);
    assert_eq!(catalog.suggest("temp_file_size"), Some("temp_file_limit"));
    assert_eq!(catalog.suggest("shared_bufers"), Some("shared_buffers"));
    assert_eq!(catalog.suggest("completely_different"), None);
    assert!(catalog.has_prefix("pg_stat_statements"));
    assert!(!catalog.has_prefix("preprepare"));
}

#[test]
fn facts_of_a_few_parameters() {
    let mut lines = Vec::new();
    for major in [13, 15, 18] {
        let catalog = catalog(major).unwrap();
        for name in [
            "shared_buffers",
            "tcp_keepalives_idle",
            "wal_compression",
            "wal_level",
            "password_encryption",
            "pg_stat_statements.track",
        ] {
            let Some(s) = catalog.get(name) else {
                lines.push(format!("{major} {name}: -"));
                continue;
            };
            lines.push(format!(
                "{major} {name}: {} unit={} range={}..{} values={} aliases={} default={} \
                 context={} | {}",
                s.vartype.name(),
                s.unit.map_or("-", |u| u.name),
                s.min_text,
                s.max_text,
                s.enum_values.join(","),
                s.aliases.iter().map(|(a, b)| format!("{a}={b}")).collect::<Vec<_>>().join(","),
                s.default_display(),
                s.context.name(),
                catalog.docs_url(s),
            ));
        }
    }
    expect![[r#"
        13 shared_buffers: integer unit=8kB range=16..1073741823 values= aliases= default=8MB context=postmaster | https://www.postgresql.org/docs/13/runtime-config-resource.html#GUC-SHARED-BUFFERS
        13 tcp_keepalives_idle: integer unit=s range=0..2147483647 values= aliases= default=0 context=user | https://www.postgresql.org/docs/13/runtime-config-client.html#GUC-TCP-KEEPALIVES-IDLE
        13 wal_compression: bool unit=- range=.. values= aliases= default=off context=superuser | https://www.postgresql.org/docs/13/runtime-config-wal.html#GUC-WAL-COMPRESSION
        13 wal_level: enum unit=- range=.. values=minimal,replica,logical aliases=archive=replica,hot_standby=replica default=replica context=postmaster | https://www.postgresql.org/docs/13/runtime-config-wal.html#GUC-WAL-LEVEL
        13 password_encryption: enum unit=- range=.. values=md5,scram-sha-256 aliases=on=md5,true=md5,yes=md5,1=md5 default=md5 context=user | https://www.postgresql.org/docs/13/runtime-config-connection.html#GUC-PASSWORD-ENCRYPTION
        13 pg_stat_statements.track: enum unit=- range=.. values=none,top,all aliases= default=top context=superuser | https://www.postgresql.org/docs/13/pgstatstatements.html
        15 shared_buffers: integer unit=8kB range=16..1073741823 values= aliases= default=128MB context=postmaster | https://www.postgresql.org/docs/15/runtime-config-resource.html#GUC-SHARED-BUFFERS
        15 tcp_keepalives_idle: integer unit=s range=0..2147483647 values= aliases= default=0 context=user | https://www.postgresql.org/docs/15/runtime-config-connection.html#GUC-TCP-KEEPALIVES-IDLE
        15 wal_compression: enum unit=- range=.. values=pglz,lz4,zstd,on,off aliases=on=pglz,true=pglz,false=off,yes=pglz,no=off,1=pglz,0=off default=off context=superuser | https://www.postgresql.org/docs/15/runtime-config-wal.html#GUC-WAL-COMPRESSION
        15 wal_level: enum unit=- range=.. values=minimal,replica,logical aliases=archive=replica,hot_standby=replica default=replica context=postmaster | https://www.postgresql.org/docs/15/runtime-config-wal.html#GUC-WAL-LEVEL
        15 password_encryption: enum unit=- range=.. values=md5,scram-sha-256 aliases= default=scram-sha-256 context=user | https://www.postgresql.org/docs/15/runtime-config-connection.html#GUC-PASSWORD-ENCRYPTION
        15 pg_stat_statements.track: enum unit=- range=.. values=none,top,all aliases= default=top context=superuser | https://www.postgresql.org/docs/15/pgstatstatements.html
        18 shared_buffers: integer unit=8kB range=16..1073741823 values= aliases= default=128MB context=postmaster | https://www.postgresql.org/docs/18/runtime-config-resource.html#GUC-SHARED-BUFFERS
        18 tcp_keepalives_idle: integer unit=s range=0..2147483647 values= aliases= default=0 context=user | https://www.postgresql.org/docs/18/runtime-config-connection.html#GUC-TCP-KEEPALIVES-IDLE
        18 wal_compression: enum unit=- range=.. values=pglz,on,off,lz4,zstd aliases=on=pglz,true=pglz,false=off,yes=pglz,no=off,1=pglz,0=off default=off context=superuser | https://www.postgresql.org/docs/18/runtime-config-wal.html#GUC-WAL-COMPRESSION
        18 wal_level: enum unit=- range=.. values=minimal,replica,logical aliases=archive=replica,hot_standby=replica default=replica context=postmaster | https://www.postgresql.org/docs/18/runtime-config-wal.html#GUC-WAL-LEVEL
        18 password_encryption: enum unit=- range=.. values=md5,scram-sha-256 aliases= default=scram-sha-256 context=user | https://www.postgresql.org/docs/18/runtime-config-connection.html#GUC-PASSWORD-ENCRYPTION
        18 pg_stat_statements.track: enum unit=- range=.. values=none,top,all aliases= default=top context=superuser | https://www.postgresql.org/docs/18/pgstatstatements.html"#]].assert_eq(&lines.join("\n"));
}

/// Value probes whose verdict comes from a check hook or from a build without an optional
/// library, which the catalog alone cannot reproduce.
fn explained_difference(catalog: &Catalog, name: &str, value: &str, shown: &str) -> bool {
    let hook = shown.contains(&format!("\"{name}\": {value}"))
        || (name == "wal_buffers" && matches!(value, "0" | "1"));
    let build_optional =
        catalog.notes.iter().any(|note| note.contains(name) && note.contains(value));
    hook || build_optional
}

#[test]
fn value_checks_agree_with_every_server() {
    let mut disagreements = Vec::new();
    let mut compared = 0;
    for major in majors() {
        let catalog = catalog(major).unwrap();
        for (kind, name, value, verdict, shown) in probe_rows(major) {
            if kind != "value" {
                continue;
            }
            let setting = match catalog.lookup(&name) {
                Lookup::Known(s) | Lookup::OldName(s) => s,
                Lookup::Unknown => {
                    let server_knows = verdict == "ok" && !name.contains('.');
                    if server_knows {
                        disagreements.push(format!("{major} {name}: server knows it"));
                    }
                    continue;
                }
            };
            if explained_difference(catalog, &name, &value, &shown) {
                continue;
            }
            compared += 1;
            let ours = check(setting, &value);
            let agrees = match (&ours, verdict.as_str()) {
                (Ok(Parsed::Integer(n)), "ok") => shown.parse::<i64>() == Ok(*n),
                (Ok(Parsed::Real(n)), "ok") => {
                    shown.parse::<f64>().is_ok_and(|s| (s - n).abs() <= 1e-6 * n.abs().max(1.0))
                }
                (Ok(Parsed::Enum(e)), "ok") => *e == shown,
                (Ok(Parsed::Bool(b)), "ok") => shown == if *b { "on" } else { "off" },
                (Ok(Parsed::String), "ok") => true,
                (Err(_), "error") => true,
                _ => false,
            };
            if !agrees {
                disagreements.push(format!(
                    "{major} {name}={value:?}: server {verdict} {shown:?}, ours {ours:?}"
                ));
            }
        }
    }
    assert!(compared > 900, "{compared}");
    expect![""].assert_eq(&disagreements.join("\n"));
}

#[test]
fn value_check_table() {
    let catalog = catalog(15).unwrap();
    let cases = [
        ("shared_buffers", "128MB"),
        ("shared_buffers", "128M"),
        ("shared_buffers", "1.5GB"),
        ("shared_buffers", "010"),
        ("shared_buffers", "100kB"),
        ("effective_cache_size", "5993 KB"),
        ("work_mem", "2TB"),
        ("work_mem", "-9999999999kB"),
        ("work_mem", "1GiB"),
        ("statement_timeout", "30sec"),
        ("statement_timeout", "5m"),
        ("statement_timeout", "1.5min"),
        ("tcp_keepalives_count", "6s"),
        ("tcp_keepalives_idle", "2.5"),
        ("checkpoint_completion_target", "0x1p-1"),
        ("checkpoint_completion_target", "nan"),
        ("fsync", "of"),
        ("fsync", "o"),
        ("wal_level", "HOT_STANDBY"),
        ("wal_level", "replca"),
        ("log_line_prefix", "anything"),
    ];
    let rendered: Vec<String> = cases
        .iter()
        .map(|(name, value)| {
            let setting = catalog.get(name).unwrap();
            format!("{name} = {value:?}: {:?}", check(setting, value))
        })
        .collect();
    expect![[r#"
        shared_buffers = "128MB": Ok(Integer(16384))
        shared_buffers = "128M": Err(BadUnit { unit: "M", suggestion: Some("MB") })
        shared_buffers = "1.5GB": Ok(Integer(196608))
        shared_buffers = "010": Err(OutOfRange { value: 8.0 })
        shared_buffers = "100kB": Err(OutOfRange { value: 12.0 })
        effective_cache_size = "5993 KB": Err(BadUnit { unit: "KB", suggestion: Some("kB") })
        work_mem = "2TB": Err(IntegerOverflow { negative: false })
        work_mem = "-9999999999kB": Err(IntegerOverflow { negative: true })
        work_mem = "1GiB": Err(BadUnit { unit: "GiB", suggestion: Some("GB") })
        statement_timeout = "30sec": Err(BadUnit { unit: "sec", suggestion: Some("s") })
        statement_timeout = "5m": Err(BadUnit { unit: "m", suggestion: Some("min") })
        statement_timeout = "1.5min": Ok(Integer(90000))
        tcp_keepalives_count = "6s": Err(UnitNotAccepted)
        tcp_keepalives_idle = "2.5": Ok(Integer(2))
        checkpoint_completion_target = "0x1p-1": Ok(Real(0.5))
        checkpoint_completion_target = "nan": Err(NotANumber)
        fsync = "of": Ok(Bool(false))
        fsync = "o": Err(NotBoolean)
        wal_level = "HOT_STANDBY": Ok(Enum("replica"))
        wal_level = "replca": Err(BadEnum { suggestion: Some("replica") })
        log_line_prefix = "anything": Ok(String)"#]]
    .assert_eq(&rendered.join("\n"));
}

#[test]
fn unit_suggestions() {
    use super::value::suggest_unit;
    let memory: Vec<_> = ["M", "mb", "KB", "Gb", "tib", "bytes", "x"]
        .iter()
        .map(|u| format!("{u}->{:?}", suggest_unit(u, UnitKind::Memory)))
        .collect();
    let time: Vec<_> = ["S", "sec", "m", "Ms", "hours", "day", "x"]
        .iter()
        .map(|u| format!("{u}->{:?}", suggest_unit(u, UnitKind::Time)))
        .collect();
    expect![[r#"
        M->Some("MB") mb->Some("MB") KB->Some("kB") Gb->Some("GB") tib->Some("TB") bytes->Some("B") x->None
        S->Some("s") sec->Some("s") m->Some("min") Ms->Some("ms") hours->Some("h") day->Some("d") x->None"#]].assert_eq(&format!("{}\n{}", memory.join(" "), time.join(" ")));
}

#[test]
fn odd_errors_have_their_own_kind() {
    let catalog = catalog(15).unwrap();
    let port = catalog.get("port").unwrap();
    assert_eq!(check(port, "54x"), Err(ValueError::UnitNotAccepted));
    assert_eq!(check(port, ""), Err(ValueError::NotANumber));
    assert_eq!(
        check(catalog.get("work_mem").unwrap(), "99999999999999999999"),
        Err(ValueError::IntegerOverflow { negative: false })
    );
}
