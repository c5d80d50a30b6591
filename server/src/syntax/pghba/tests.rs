//! Parser snapshots: each record rendered as its fields, with the raw text of every token
//! beside the value the server sees.

use expect_test::{expect, Expect};

use super::*;

#[track_caller]
fn check(text: &str, major: u32, expect: Expect) {
    let file = parse_for(text, major);
    let mut out = String::new();
    for record in &file.records {
        out.push_str(&format!("line {}:", record.line + 1));
        for field in &record.fields {
            let tokens: Vec<String> = field
                .tokens
                .iter()
                .map(|token| {
                    let raw = token.span.of(text);
                    let quoted = if token.quoted { "q" } else { "" };
                    if raw == token.text {
                        format!("{raw}{quoted}")
                    } else {
                        format!("{raw:?}={:?}{quoted}", token.text)
                    }
                })
                .collect();
            out.push_str(&format!(" [{}]", tokens.join(", ")));
        }
        if let Some(comment) = record.comment {
            out.push_str(&format!(" comment={:?}", comment.of(text)));
        }
        if !record.continuations.is_empty() {
            out.push_str(&format!(" continued={}", record.continuations.len()));
        }
        if let Some(span) = record.unterminated_quote {
            out.push_str(&format!(" unterminated={:?}", span.of(text)));
        }
        out.push('\n');
    }
    out.push_str(&format!("comments: {}\n", file.comments.len()));
    expect.assert_eq(&out);
}

#[test]
fn splits_fields_lists_and_comments_like_the_server() {
    check(
        "# TYPE DATABASE USER ADDRESS METHOD\n\
         local   all  all   peer\n\
         host db1,db2 a, b 10.0.0.0/8 md5#trailing\n\
         host all a ,c all trust\n\
         \n   \t\n\
         hostssl all +admins,@users.txt ::1/128 cert clientcert=verify-full # note\n",
        18,
        expect![[r##"
            line 2: [local] [all] [all] [peer]
            line 3: [host] [db1, db2] [a, b] [10.0.0.0/8] [md5] comment="#trailing"
            line 4: [host] [all] [a] [c] [all] [trust]
            line 7: [hostssl] [all] [+admins, @users.txt] [::1/128] [cert] [clientcert=verify-full] comment="# note"
            comments: 3
        "##]],
    );
}

#[test]
fn quotes_group_text_and_only_a_leading_quote_counts() {
    check(
        "host \"all\" a\"ll\" \"my db, #1\" \"say \"\"hi\"\"\" \"\"\n\
         local @\"x y\" \"@z\" peer\n\
         host all \"unclosed all md5\n",
        18,
        expect![[r#"
            line 1: [host] ["\"all\""="all"q] ["a\"ll\""="all"] ["\"my db, #1\""="my db, #1"q] ["\"say \"\"hi\"\"\""="say \"hi\""q] ["\"\""=""q]
            line 2: [local] ["@\"x y\""="@x y"] ["\"@z\""="@z"q] [peer]
            line 3: [host] [all] ["\"unclosed all md5"="unclosed all md5"q] unterminated="\"unclosed all md5"
            comments: 0
        "#]],
    );
}

#[test]
fn joins_continued_lines_from_14_on() {
    let text = "host all all \\\n  10.0.0.0/8 trust\n\
                host all all 10.0.0.0/8 \"tr\\\nust\"\n\
                host all all all trust # c \\\n more\n\
                host all all all trust \\\n\n\
                local all all peer\\\r\n   map=x\n";
    check(
        text,
        15,
        expect![[r##"
            line 1: [host] [all] [all] [10.0.0.0/8] [trust] continued=1
            line 3: [host] [all] [all] [10.0.0.0/8] ["\"tr\\\nust\""="trust"q] continued=1
            line 5: [host] [all] [all] [all] [trust] comment="# c \\\n more" continued=1
            line 7: [host] [all] [all] [all] [trust] continued=1
            line 9: [local] [all] [all] [peer] [map=x] continued=1
            comments: 1
        "##]],
    );
    check(
        "host all all \\\n  10.0.0.0/8 trust\n",
        13,
        expect![[r#"
            line 1: [host] [all] [all] [\]
            line 2: [10.0.0.0/8] [trust]
            comments: 0
        "#]],
    );
}

#[test]
fn columns_follow_the_connection_type_and_the_address_form() {
    let text = "local all all peer map=x\n\
                host all all 10.0.0.1 255.255.255.0 md5\n\
                host all all 127.0.0.1 md5\n\
                host all all db.example.com md5 a=b,c=d\n\
                host all\n\
                include other.conf\n";
    let file = parse(text);
    let mut out = String::new();
    for record in &file.records {
        let columns = record.columns();
        let show = |field: Option<&Field>| field.map_or("-", |field| field.span.of(text));
        let options: Vec<&str> = columns.options.iter().map(|t| t.span.of(text)).collect();
        out.push_str(&format!(
            "{} | {} | {} | {} | {} | {} | {:?} | include={:?}\n",
            columns.conn_type.span.of(text),
            show(columns.database),
            show(columns.user),
            show(columns.address),
            show(columns.mask),
            show(columns.method),
            options,
            record.include().map(|(kind, path)| (kind.name(), path.text.as_str())),
        ));
    }
    expect![[r#"
        local | all | all | - | - | peer | ["map=x"] | include=None
        host | all | all | 10.0.0.1 | 255.255.255.0 | md5 | [] | include=None
        host | all | all | 127.0.0.1 | md5 | - | [] | include=None
        host | all | all | db.example.com | - | md5 | ["a=b", "c=d"] | include=None
        host | all | - | - | - | - | [] | include=None
        include | other.conf | - | - | - | - | [] | include=Some(("include", "other.conf"))
    "#]]
    .assert_eq(&out);
}

#[test]
fn spans_stay_on_character_boundaries() {
    let text = "host é,ü \"ö\"ä 10.0.0.0/8 md5 # ß\nlocal all ñ\\\nñ peer\n";
    let file = parse(text);
    for record in &file.records {
        for field in &record.fields {
            for token in &field.tokens {
                let _ = token.span.of(text);
            }
        }
    }
    assert_eq!(file.records.len(), 2);
}

#[test]
fn included_names_resolve_next_to_the_file() {
    assert_eq!(resolve_include("extra.conf", Some("/etc/postgresql/16/main")), {
        "/etc/postgresql/16/main/extra.conf"
    });
    assert_eq!(resolve_include("./conf.d", Some("/data/")), "/data/conf.d");
    assert_eq!(resolve_include("/srv/users.txt", Some("/data")), "/srv/users.txt");
    assert_eq!(resolve_include("users.txt", None), "$DIR/users.txt");
    assert_eq!(resolve_include("./users.txt", Some("")), "users.txt");
}
