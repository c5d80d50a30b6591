//! Inlay hint snapshots: what bare numbers amount to.

use super::*;
use expect_test::{expect, Expect};

#[track_caller]
fn check(text: &str, expect: Expect) {
    let settings = Settings { postgres_version: Some(15), ..Settings::default() };
    let hints: Vec<String> = inlay_hints(text, &settings)
        .iter()
        .map(|hint| {
            format!("{}: {}", &text[..hint.offset].rsplit('\n').next().unwrap_or(""), hint.label)
        })
        .collect();
    expect.assert_eq(&hints.join("\n"));
}

#[test]
fn bare_numbers_in_their_units() {
    check(
        "shared_buffers = 16384\ncheckpoint_timeout = 300\nwork_mem = '4096'\n\
         vacuum_cost_delay = 2\nmax_wal_size = 1025\nstatement_timeout = 1500\n",
        expect![[r#"
            shared_buffers = 16384: = 128MB
            checkpoint_timeout = 300: = 5min
            work_mem = '4096': = 4MB
            vacuum_cost_delay = 2: = 2ms
            max_wal_size = 1025: = 1025MB
            statement_timeout = 1500: = 1500ms"#]],
    );
}

#[test]
fn no_hint_where_the_file_already_says_it() {
    check(
        "shared_buffers = 128MB\nmax_connections = 100\nstatement_timeout = 0\n\
         log_min_duration_statement = -1\nwork_mem = 4 MB\nbogus = 12\n",
        expect![[r#""#]],
    );
}
