//! Rewriting a connection string in libpq's other form: a URI as `keyword=value` pairs
//! and back, so that libpq reads exactly the same settings from the result (the
//! differential test checks this against libpq over its whole corpus).
//!
//! Each conversion is checked with our own parser before it is offered, and a URI that
//! cannot carry a setting in its user, host or path part carries it in the query instead.
//! The edits leave the password's bytes where they are whenever both forms write it alike,
//! so that the rewrite need not repeat it.

use std::collections::BTreeMap;

use super::uri::encode_component;
use crate::finding::{Edit, Fix};
use crate::span::Span;
use crate::syntax::conninfo::{self, ConnInfo, Form, SourceMap};

/// A rewritten string, and where in it the password was written (if it was).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Converted {
    pub form: Form,
    pub text: String,
    pub password: Option<Span>,
}

/// The settings libpq stores, in the order they are first written; later values win.
fn final_settings(info: &ConnInfo) -> Vec<(String, String)> {
    let mut order: Vec<(String, String)> = Vec::new();
    for setting in &info.settings {
        match order.iter_mut().find(|(keyword, _)| *keyword == setting.keyword) {
            Some(entry) => entry.1 = setting.value.clone(),
            None => order.push((setting.keyword.clone(), setting.value.clone())),
        }
    }
    order
}

/// The map libpq would store, for comparisons.
pub fn keyword_map(info: &ConnInfo) -> BTreeMap<String, String> {
    final_settings(info).into_iter().collect()
}

/// A value written for `keyword=value` text: single-quoted when it is empty or holds a
/// blank, a quote or a backslash.
fn quote_value(value: &str) -> String {
    let plain = !value.is_empty()
        && !value
            .bytes()
            .any(|byte| matches!(byte, b' ' | b'\t' | b'\n' | b'\r' | 0x0b | 0x0c | b'\'' | b'\\'));
    if plain {
        return value.to_string();
    }
    format!("'{}'", value.replace('\\', "\\\\").replace('\'', "\\'"))
}

/// `info` as `keyword=value` pairs.
pub fn to_key_value(info: &ConnInfo) -> Converted {
    let mut text = String::new();
    let mut password = None;
    for (keyword, value) in final_settings(info) {
        if !text.is_empty() {
            text.push(' ');
        }
        text.push_str(&keyword);
        text.push('=');
        let start = text.len();
        text.push_str(&quote_value(&value));
        if keyword == "password" {
            password = Some(Span::new(start, text.len()));
        }
    }
    Converted { form: Form::KeyValue, text, password }
}

/// `info` as a `postgresql://` URI: user, password, hosts, ports and database in their
/// parts where a URI can say them exactly, everything else as query parameters.
pub fn to_uri(info: &ConnInfo, libpq_major: u32) -> Converted {
    let settings = final_settings(info);
    let converted = uri_with_parts(&settings);
    let reads_back = keyword_map(&conninfo::parse_for(&converted.text, libpq_major))
        == settings.iter().cloned().collect::<BTreeMap<_, _>>();
    if reads_back {
        return converted;
    }
    // FIXME: some host and port lists (empty entries, one port for several hosts) have
    // no exact spelling in the host part; they are written as query parameters.
    uri_in_query(&settings)
}

fn get<'s>(settings: &'s [(String, String)], keyword: &str) -> Option<&'s str> {
    settings.iter().find(|(name, _)| name == keyword).map(|(_, value)| value.as_str())
}

fn uri_with_parts(settings: &[(String, String)]) -> Converted {
    let mut text = String::from("postgresql://");
    let mut password = None;
    let mut in_parts: Vec<&str> = Vec::new();

    let user = get(settings, "user").filter(|user| !user.is_empty());
    // `:secret@` without a user reads oddly; such a password goes to the query.
    let secret = get(settings, "password").filter(|secret| !secret.is_empty() && user.is_some());
    if user.is_some() || secret.is_some() {
        if let Some(user) = user {
            text.push_str(&encode_component(user));
            in_parts.push("user");
        }
        if let Some(secret) = secret {
            text.push(':');
            let start = text.len();
            text.push_str(&encode_component(secret));
            password = Some(Span::new(start, text.len()));
            in_parts.push("password");
        }
        text.push('@');
    }

    let host = get(settings, "host").filter(|host| !host.is_empty());
    let port = get(settings, "port").filter(|port| !port.is_empty());
    if let Some(host) = host {
        let hosts: Vec<&str> = host.split(',').collect();
        let ports: Option<Vec<&str>> = port
            .map(|port| port.split(',').collect())
            .filter(|ports: &Vec<&str>| ports.len() == hosts.len());
        let entries: Vec<String> = hosts
            .iter()
            .enumerate()
            .map(|(index, entry)| {
                let mut written = encode_component(entry);
                if let Some(port) = ports.as_ref().map(|ports| ports[index]) {
                    if !port.is_empty() {
                        written.push(':');
                        written.push_str(&encode_component(port));
                    }
                }
                written
            })
            .collect();
        text.push_str(&entries.join(","));
        in_parts.push("host");
        if ports.is_some() {
            in_parts.push("port");
        }
    }

    if let Some(dbname) = get(settings, "dbname").filter(|dbname| !dbname.is_empty()) {
        text.push('/');
        text.push_str(&encode_component(dbname));
        in_parts.push("dbname");
    }

    let rest: Vec<String> = settings
        .iter()
        .filter(|(keyword, _)| !in_parts.contains(&keyword.as_str()))
        .map(|(keyword, value)| {
            format!("{}={}", encode_component(keyword), encode_component(value))
        })
        .collect();
    if !rest.is_empty() {
        if !in_parts.contains(&"dbname") {
            text.push('/');
        }
        text.push('?');
        text.push_str(&rest.join("&"));
    }
    Converted { form: Form::Uri, text, password }
}

/// Every setting as a query parameter: always exact.
fn uri_in_query(settings: &[(String, String)]) -> Converted {
    let mut text = String::from("postgresql:///?");
    let mut password = None;
    for (index, (keyword, value)) in settings.iter().enumerate() {
        if index > 0 {
            text.push('&');
        }
        text.push_str(&encode_component(keyword));
        text.push('=');
        let start = text.len();
        text.push_str(&encode_component(value));
        if keyword == "password" {
            password = Some(Span::new(start, text.len()));
        }
    }
    Converted { form: Form::Uri, text, password }
}

/// The string in the other form, when the conversion reads back exactly.
pub fn convert(text: &str, info: &ConnInfo) -> Option<Converted> {
    if !info.errors.is_empty() || info.settings.is_empty() {
        return None;
    }
    let converted = match info.form {
        Form::Uri => to_key_value(info),
        Form::KeyValue => to_uri(info, info.libpq_major),
    };
    let back = conninfo::parse_for(&converted.text, info.libpq_major);
    let exact = back.errors.is_empty() && keyword_map(&back) == keyword_map(info);
    let _ = text;
    exact.then_some(converted)
}

/// The fix that rewrites the string `text` (decoded, mapped into its file by `map`) in
/// the other form. Where the password is written alike in both forms its bytes are kept
/// and only the text around it is replaced.
pub fn conversion_fix(text: &str, info: &ConnInfo, map: &SourceMap) -> Option<Fix> {
    let converted = convert(text, info)?;
    if converted.text.contains(['\n', '\r'])
        || (map.quoting() == conninfo::Quoting::None && converted.text.contains(" #"))
    {
        // A line break, or a comment start in an unquoted `.env` value, would cut it.
        return None;
    }
    let title = match converted.form {
        Form::KeyValue => "Rewrite as keyword=value pairs",
        Form::Uri => "Rewrite as a postgresql:// URI",
    };

    let old_secret = info.get("password").map(|setting| setting.value_span);
    let kept = match (old_secret, converted.password) {
        (Some(old), Some(new)) if old.of(text) == new.of(&converted.text) => Some((old, new)),
        _ => None,
    };
    let pieces = match kept {
        Some((old, new)) => vec![
            (Span::new(0, old.start), &converted.text[..new.start]),
            (Span::new(old.end, text.len()), &converted.text[new.end..]),
        ],
        None => vec![(Span::new(0, text.len()), converted.text.as_str())],
    };
    // Edits around the password stay clear of `${VAR}` references; where one would cut
    // into a reference, no fix is offered.
    let edits: Option<Vec<Edit>> = pieces
        .into_iter()
        .map(|(span, new_text)| {
            let source = map.span(span);
            map.editable(source).then_some(())?;
            Some(Edit { span: source, new_text: map.encode(new_text)? })
        })
        .collect();
    Some(Fix::new(title, edits?))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[track_caller]
    fn check(text: &str, expect: expect_test::Expect) {
        let info = conninfo::parse(text);
        let rendered = match convert(text, &info) {
            Some(converted) => converted.text,
            None => "(none)".to_string(),
        };
        expect.assert_eq(&rendered);
    }

    #[test]
    fn uri_to_key_value_and_back() {
        check(
            "postgresql://app:s3cret@db.example.com:5433/appdb?sslmode=verify-full",
            expect_test::expect![[r#"
                user=app password=s3cret host=db.example.com port=5433 dbname=appdb sslmode=verify-full"#]],
        );
        check(
            "host=db.example.com port=5433 dbname=appdb user=app password='it\\'s' sslmode=require",
            expect_test::expect![
                "postgresql://app:it%27s@db.example.com:5433/appdb?sslmode=require"
            ],
        );
        check(
            "host=/var/run/postgresql,db2 port=5432 application_name='my app'",
            expect_test::expect![
                "postgresql://%2Fvar%2Frun%2Fpostgresql,db2/?port=5432&application_name=my%20app"
            ],
        );
        check("host=a,,b dbname=''", expect_test::expect!["postgresql:///?host=a%2C%2Cb&dbname="]);
        check("host= port=5432 x", expect_test::expect!["(none)"]);
    }

    #[test]
    fn the_password_stays_in_place_when_written_alike() {
        let text = "postgresql://app:s3cret@db/app";
        let info = conninfo::parse(text);
        let fix =
            conversion_fix(text, &info, &SourceMap::identity(0, text.len())).expect("converts");
        let edits: Vec<String> =
            fix.edits.iter().map(|edit| format!("{:?} {:?}", edit.span, edit.new_text)).collect();
        expect_test::expect![[r#"
            Span { start: 0, end: 17 } "user=app password="
            Span { start: 23, end: 30 } " host=db dbname=app""#]]
        .assert_eq(&edits.join("\n"));
    }
}
