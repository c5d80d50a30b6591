//! Outline snapshots: settings by category, includes, unknown and extension names.

use super::*;
use expect_test::{expect, Expect};

#[track_caller]
fn check(text: &str, expect: Expect) {
    let settings = Settings { postgres_version: Some(15), ..Settings::default() };
    let mut lines = Vec::new();
    for group in symbols(text, &settings) {
        lines.push(format!(
            "{:?} {} {}..{}",
            group.kind, group.name, group.span.start, group.span.end
        ));
        for child in &group.children {
            lines.push(format!(
                "  {:?} {} = {} {}..{} [{}..{}]",
                child.kind,
                child.name,
                child.detail.as_deref().unwrap_or(""),
                child.span.start,
                child.span.end,
                child.selection.start,
                child.selection.end
            ));
        }
    }
    expect.assert_eq(&lines.join("\n"));
}

#[test]
fn settings_grouped_by_category() {
    check(
        "listen_addresses = '*'\nshared_buffers = 1GB\nport = 5432\nwork_mem = 4MB\n\
         include_dir 'conf.d'\npg_stat_statements.max = 100\nbogus = 1\n\
         primary_conninfo = 'host=a password=secret'\nbroken line here\n",
        expect![[r#"
            Section Connections and Authentication 0..55
              Setting listen_addresses = '*' 0..22 [0..16]
              Setting port = 5432 44..55 [44..48]
            Section Resource Usage 23..70
              Setting shared_buffers = 1GB 23..43 [23..37]
              Setting work_mem = 4MB 56..70 [56..64]
            Section Includes 71..91
              Setting include_dir = 'conf.d' 71..91 [71..82]
            Section Customized Options 92..120
              Setting pg_stat_statements.max = 100 92..120 [92..114]
            Section Unknown parameters 121..130
              Setting bogus = 1 121..130 [121..126]
            Section Replication 131..174
              Setting primary_conninfo = **** 131..174 [131..147]"#]],
    );
}
