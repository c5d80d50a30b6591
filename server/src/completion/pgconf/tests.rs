//! Completion snapshots: names with type and default, enum and boolean values, units.

use super::*;
use expect_test::{expect, Expect};

/// The completions at `|` in `text` (for PostgreSQL 15), at most `limit` of them.
#[track_caller]
fn check(text: &str, limit: usize, expect: Expect) {
    let offset = text.find('|').expect("cursor");
    let text = text.replace('|', "");
    let settings = Settings { postgres_version: Some(15), ..Settings::default() };
    let items = complete(&text, offset, &settings);
    let mut lines: Vec<String> = items
        .iter()
        .take(limit)
        .map(|item| {
            format!(
                "{:?} {} ({}) {:?} => {}..{} {:?}",
                item.kind,
                item.label,
                item.detail.as_deref().unwrap_or("-"),
                item.documentation.as_deref().map(|d| d.len()).unwrap_or(0),
                item.edit.span.start,
                item.edit.span.end,
                item.edit.new_text
            )
        })
        .collect();
    if items.len() > limit {
        lines.push(format!("... {} in all", items.len()));
    }
    expect.assert_eq(&lines.join("\n"));
}

#[test]
fn parameter_names_with_type_and_default() {
    check(
        "port = 5432\nshared_buf|",
        10,
        expect![[
            r#"Parameter shared_buffers (integer (8kB), default 128MB) 434 => 12..22 "shared_buffers""#
        ]],
    );
    check(
        "tcp_keep|",
        10,
        expect![[r#"
            Parameter tcp_keepalives_count (integer, default 0) 359 => 0..8 "tcp_keepalives_count"
            Parameter tcp_keepalives_idle (integer (s), default 0) 499 => 0..8 "tcp_keepalives_idle"
            Parameter tcp_keepalives_interval (integer (s), default 0) 424 => 0..8 "tcp_keepalives_interval""#]],
    );
    check(
        "|",
        3,
        expect![[r#"
            Parameter DateStyle (string, default ISO, MDY) 297 => 0..0 "DateStyle"
            Parameter IntervalStyle (enum, default postgres) 248 => 0..0 "IntervalStyle"
            Parameter TimeZone (string, default GMT) 295 => 0..0 "TimeZone"
            ... 391 in all"#]],
    );
    check(
        "incl|",
        5,
        expect![[r#"
            Parameter recovery_target_inclusive (bool, default on) 286 => 0..4 "recovery_target_inclusive"
            Keyword include (directive: read another file here) 0 => 0..4 "include = ''"
            Keyword include_if_exists (directive: read another file here) 0 => 0..4 "include_if_exists = ''"
            Keyword include_dir (directive: read another file here) 0 => 0..4 "include_dir = ''""#]],
    );
}

#[test]
fn values_of_enums_and_booleans() {
    check(
        "wal_level = |",
        10,
        expect![[r#"
        Value minimal (-) 0 => 12..12 "minimal"
        Value replica (default) 0 => 12..12 "replica"
        Value logical (-) 0 => 12..12 "logical""#]],
    );
    check(
        "wal_level = 'rep|'",
        10,
        expect![[r#"
        Value minimal (-) 0 => 13..16 "minimal"
        Value replica (default) 0 => 13..16 "replica"
        Value logical (-) 0 => 13..16 "logical""#]],
    );
    check(
        "fsync o|",
        10,
        expect![[r#"
        Value on (default) 0 => 6..7 "on"
        Value off (-) 0 => 6..7 "off""#]],
    );
    check("listen_addresses = |", 10, expect![[r#""#]]);
}

#[test]
fn units_after_a_number() {
    check(
        "shared_buffers = 128|",
        10,
        expect![[r#"
        Unit B (bytes) 0 => 20..20 "B"
        Unit kB (kilobytes (1024 B)) 0 => 20..20 "kB"
        Unit MB (megabytes) 0 => 20..20 "MB"
        Unit GB (gigabytes) 0 => 20..20 "GB"
        Unit TB (terabytes) 0 => 20..20 "TB""#]],
    );
    check(
        "checkpoint_timeout = '5m|'",
        10,
        expect![[r#"
        Unit us (microseconds) 0 => 23..24 "us"
        Unit ms (milliseconds) 0 => 23..24 "ms"
        Unit s (seconds) 0 => 23..24 "s"
        Unit min (minutes) 0 => 23..24 "min"
        Unit h (hours) 0 => 23..24 "h"
        Unit d (days) 0 => 23..24 "d""#]],
    );
    check("max_connections = 100|", 10, expect![[r#""#]]);
}

#[test]
fn nothing_in_comments() {
    check("# shared_buf|", 10, expect![[r#""#]]);
    check("port = 5432 # sh|", 10, expect![[r#""#]]);
}

#[test]
fn the_whole_word_under_the_cursor_is_replaced() {
    check(
        "shared_bu|ffers = 1",
        2,
        expect![[
            r#"Parameter shared_buffers (integer (8kB), default 128MB) 434 => 0..14 "shared_buffers""#
        ]],
    );
    check(
        "shared_buffers = 128M|B",
        2,
        expect![[r#"
        Unit B (bytes) 0 => 20..22 "B"
        Unit kB (kilobytes (1024 B)) 0 => 20..22 "kB"
        ... 5 in all"#]],
    );
    check(
        "log_statement = 'd|dl'",
        2,
        expect![[r#"
        Value none (default) 0 => 17..20 "none"
        Value ddl (-) 0 => 17..20 "ddl"
        ... 4 in all"#]],
    );
}

#[test]
fn no_unit_inside_a_number() {
    check("shared_buffers = 12|8", 10, expect![[r#""#]]);
    check("shared_buffers = 12|.5MB", 10, expect![[r#""#]]);
}

#[test]
fn zone_names_and_abbreviation_sets_inside_the_quotes() {
    check(
        "timezone = 'Europe/Be|rlin'\n",
        2,
        expect![[r#"
        Value Africa/Abidjan (-) 0 => 12..25 "Africa/Abidjan"
        Value Africa/Accra (-) 0 => 12..25 "Africa/Accra"
        ... 598 in all"#]],
    );
    check(
        "timezone_abbreviations = '|'\n",
        5,
        expect![[r#"
        Value Australia (-) 0 => 26..26 "Australia"
        Value Default (-) 0 => 26..26 "Default"
        Value India (-) 0 => 26..26 "India""#]],
    );
}
