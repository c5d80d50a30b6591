//! Formatting snapshots, and the promise that formatting never changes what the server
//! reads: the whole differential corpus is parsed before and after and compared.

use expect_test::{expect, Expect};

use super::*;
use crate::syntax::pghba::HbaFile;

fn apply(text: &str, edits: &[Edit]) -> String {
    let mut edits = edits.to_vec();
    edits.sort_by_key(|edit| std::cmp::Reverse(edit.span.start));
    let mut out = text.to_string();
    for edit in edits {
        out.replace_range(edit.span.start..edit.span.end, &edit.new_text);
    }
    out
}

#[track_caller]
fn check(text: &str, range: Option<Span>, expect: Expect) {
    let formatted = apply(text, &format(text, range));
    expect.assert_eq(&formatted);
    assert_same_meaning(text, &formatted);
}

/// A record's line and its fields, each a list of (value, quoted) tokens.
type RecordMeaning = (usize, Vec<Vec<(String, bool)>>);

/// What the server reads: each record's line, fields and token values.
fn meaning(file: &HbaFile) -> Vec<RecordMeaning> {
    file.records
        .iter()
        .map(|record| {
            let fields = record
                .fields
                .iter()
                .map(|field| {
                    field.tokens.iter().map(|token| (token.text.clone(), token.quoted)).collect()
                })
                .collect();
            (record.line, fields)
        })
        .collect()
}

#[track_caller]
fn assert_same_meaning(before: &str, after: &str) {
    for major in [13, 18] {
        let parse = |text| crate::syntax::pghba::parse_for(text, major);
        assert_eq!(meaning(&parse(before)), meaning(&parse(after)), "major {major}:\n{after}");
    }
    assert_eq!(before.lines().count(), after.lines().count());
}

#[test]
fn aligns_columns_as_the_sample_does() {
    check(
        "# TYPE DATABASE USER ADDRESS METHOD\n\
         \n\
         local all postgres peer\n\
         \tlocal   all all   peer map=omicron   # local users\n\
         host all all 127.0.0.1/32 scram-sha-256\n\
         hostssl db1,db2 \"my user\",+admins 10.0.0.0 255.0.0.0 cert clientcert=verify-full\n\
         hostnogssenc a_very_long_database_name all 2001:db8:1234:5678::/64 md5\n\
         host all all#comment\n\
         host all all all\n\
         host all all \\\n  10.0.0.0/8 md5\n\
         include   other.conf\n\
         host \"unclosed all md5\n",
        None,
        expect![[r##"
            # TYPE DATABASE USER ADDRESS METHOD

            local   all             postgres                                peer
            local   all             all                                     peer map=omicron # local users
            host    all             all             127.0.0.1/32            scram-sha-256
            hostssl db1,db2         "my user",+admins 10.0.0.0 255.0.0.0    cert clientcert=verify-full
            hostnogssenc a_very_long_database_name all 2001:db8:1234:5678::/64 md5
            host    all             all #comment
            host    all             all             all
            host all all \
              10.0.0.0/8 md5
            include   other.conf
            host "unclosed all md5
        "##]],
    );
}

/// Lines of `pg_hba.conf.sample` holding a placeholder are aligned as if it were not there,
/// so they are left as they are; the others are formatted.
#[test]
fn template_placeholder_lines_are_left_alone() {
    check(
        "@remove-line-for-nolocal@local   all             all                                     @authmethodlocal@\n\
         host all all 127.0.0.1/32 @authmethodhost@\n\
         host all all ::1/128 scram-sha-256\n",
        None,
        expect![[r#"
            @remove-line-for-nolocal@local   all             all                                     @authmethodlocal@
            host all all 127.0.0.1/32 @authmethodhost@
            host    all             all             ::1/128                 scram-sha-256
        "#]],
    );
}

#[test]
fn keeps_carriage_returns_and_drops_trailing_blanks() {
    let text = "host all all all   \r\nlocal all all peer  # c  \n";
    let formatted = apply(text, &format(text, None));
    assert_eq!(
        formatted,
        "host    all             all             all\r\n\
         local   all             all                                     peer # c  \n"
    );
    assert_same_meaning(text, &formatted);
}

#[test]
fn range_formatting_touches_only_the_records_in_range() {
    let text = "local all all peer\nhost all all ::1/128 md5\nhost all all all md5\n";
    let second = text.find("host").unwrap();
    check(
        text,
        Some(Span::new(second + 3, second + 5)),
        expect![[r#"
            local all all peer
            host    all             all             ::1/128                 md5
            host all all all md5
        "#]],
    );
}

#[test]
fn formatting_twice_changes_nothing_more() {
    let corpus = crate::rules::pghba::differential::corpus();
    let once = apply(&corpus, &format(&corpus, None));
    assert!(format(&once, None).is_empty());
}

#[test]
fn formatting_never_changes_meaning_over_the_differential_corpus() {
    let corpus = crate::rules::pghba::differential::corpus();
    let formatted = apply(&corpus, &format(&corpus, None));
    assert_ne!(corpus, formatted, "the corpus has lines to format");
    assert_same_meaning(&corpus, &formatted);

    // Every record alone, as a range.
    let file = parse(&corpus);
    for record in file.records.iter().step_by(7) {
        let partial = apply(&corpus, &format(&corpus, Some(record.span)));
        assert_same_meaning(&corpus, &partial);
    }
}
