//! Npgsql's connection strings, `Host=db;Port=5432;SSL Mode=VerifyFull;…`, read into the same
//! tree as libpq's so that the shared rules (passwords, secrets, hovers) see them.
//!
//! .NET's `DbConnectionStringBuilder` grammar, which Npgsql's builder inherits
//! (`src/Npgsql/NpgsqlConnectionStringBuilder.cs`): pairs separated by `;`, the key up to the
//! first `=`, keys compared case-insensitively (Npgsql also takes them without blanks,
//! `SslMode` for `SSL Mode`), values optionally quoted with `"` or `'` where a doubled
//! quote stands for one. Each key Npgsql shares with libpq is stored under libpq's keyword.

use crate::span::Span;
use crate::syntax::conninfo::{ConnInfo, Form, Origin, Setting, NEWEST};

/// Npgsql's keys (lower case, blanks removed) and the libpq keyword with the same meaning.
const LIBPQ_NAMES: [(&str, &str); 13] = [
    ("host", "host"),
    ("server", "host"),
    ("port", "port"),
    ("username", "user"),
    ("userid", "user"),
    ("uid", "user"),
    ("password", "password"),
    ("psw", "password"),
    ("pwd", "password"),
    ("database", "dbname"),
    ("db", "dbname"),
    ("sslmode", "sslmode"),
    ("channelbinding", "channel_binding"),
];

/// A key as Npgsql compares it: lower case, without blanks.
pub fn normalized_key(key: &str) -> String {
    key.chars().filter(|c| !c.is_whitespace()).collect::<String>().to_ascii_lowercase()
}

/// How sure the text is to be an Npgsql string: `;`-separated pairs naming a `Host` or
/// `Server` are shared with SQL Server's and MySQL's strings, so it takes more.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Shape {
    /// Not a `Key=Value;` string with a host, or one with another database's keys.
    No,
    /// Npgsql's shape, but nothing PostgreSQL-specific: Npgsql if the key says so.
    Plausible,
    /// A PostgreSQL port, or a key or value only Npgsql uses.
    Npgsql,
}

/// Keys of SQL Server's and MySQL's connection strings that Npgsql does not have.
const FOREIGN_KEYS: [&str; 9] = [
    "initialcatalog",
    "datasource",
    "integratedsecurity",
    "encrypt",
    "trustedconnection",
    "multipleactiveresultsets",
    "sslca",
    "allowuservariables",
    "connectiontimeout",
];

/// The ports PostgreSQL, PgBouncer and Supabase's pooler listen on by default.
const POSTGRES_PORTS: [&str; 3] = ["5432", "6432", "6543"];

/// What `text` is (see [`Shape`]).
pub fn shape(text: &str) -> Shape {
    if !text.contains(';') || text.contains("://") {
        return Shape::No;
    }
    let info = parse(text);
    let names: Vec<String> =
        info.settings.iter().map(|setting| normalized_key(&setting.written_keyword)).collect();
    let has_host = info.settings.iter().any(|setting| setting.keyword == "host");
    if !has_host || names.iter().any(|name| FOREIGN_KEYS.contains(&name.as_str())) {
        return Shape::No;
    }
    let npgsql_only = info.settings.iter().any(|setting| match setting.keyword.as_str() {
        "port" => POSTGRES_PORTS.contains(&setting.value.as_str()),
        // MySQL's modes are None, Preferred, Required, VerifyCA and VerifyFull.
        "sslmode" => {
            let value = setting.value.to_ascii_lowercase();
            matches!(value.as_str(), "disable" | "allow" | "prefer" | "require")
        }
        "searchpath" | "trustservercertificate" | "servercompatibilitymode" => true,
        _ => false,
    });
    if npgsql_only {
        Shape::Npgsql
    } else {
        Shape::Plausible
    }
}

/// Parses an Npgsql connection string. Never fails: a pair without `=` or an unterminated
/// quote is kept as an error beside the tree.
pub fn parse(text: &str) -> ConnInfo {
    let mut info = ConnInfo {
        form: Form::KeyValue,
        span: Span::new(0, text.len()),
        scheme_span: None,
        userinfo_span: None,
        hosts: Vec::new(),
        path_span: None,
        query_span: None,
        settings: Vec::new(),
        errors: Vec::new(),
        libpq_major: NEWEST,
    };
    let bytes = text.as_bytes();
    let mut at = 0;
    while at < bytes.len() {
        let pair_start = at;
        let Some(equals) = (at..bytes.len()).find(|&i| bytes[i] == b'=' || bytes[i] == b';') else {
            push_error(&mut info, Span::new(pair_start, bytes.len()), text);
            break;
        };
        if bytes[equals] == b';' {
            push_error(&mut info, Span::new(pair_start, equals), text);
            at = equals + 1;
            continue;
        }
        let key_span = trimmed(text, Span::new(pair_start, equals));

        // The value: quoted (a doubled quote is one quote) or up to the next `;`.
        let mut value_start = equals + 1;
        while value_start < bytes.len() && bytes[value_start] == b' ' {
            value_start += 1;
        }
        let (value, value_span, end) = match bytes.get(value_start) {
            Some(&quote @ (b'"' | b'\'')) => quoted(text, value_start, quote),
            _ => {
                let end =
                    (value_start..bytes.len()).find(|&i| bytes[i] == b';').unwrap_or(bytes.len());
                let span = trimmed(text, Span::new(value_start, end));
                (span.of(text).to_string(), span, end)
            }
        };

        let written = key_span.of(text).to_string();
        let normalized = normalized_key(&written);
        let keyword = LIBPQ_NAMES
            .iter()
            .find(|(npgsql, _)| *npgsql == normalized)
            .map_or(normalized.clone(), |(_, libpq)| libpq.to_string());
        info.settings.push(Setting {
            keyword,
            written_keyword: written,
            key_span,
            value,
            value_span,
            span: Span::new(key_span.start, value_span.end),
            origin: Origin::KeyValue,
            alias: false,
        });

        // Past the `;` that ends the pair.
        at = (end..bytes.len()).find(|&i| bytes[i] == b';').map_or(bytes.len(), |i| i + 1);
    }
    info
}

/// A quoted value starting at `open`: its text, its span (quotes included) and where it ends.
fn quoted(text: &str, open: usize, quote: u8) -> (String, Span, usize) {
    let bytes = text.as_bytes();
    let mut value = Vec::new();
    let mut at = open + 1;
    while at < bytes.len() {
        if bytes[at] == quote {
            if bytes.get(at + 1) == Some(&quote) {
                value.push(quote);
                at += 2;
                continue;
            }
            let span = Span::new(open, at + 1);
            return (String::from_utf8_lossy(&value).into_owned(), span, at + 1);
        }
        value.push(bytes[at]);
        at += 1;
    }
    let span = Span::new(open, bytes.len());
    (String::from_utf8_lossy(&value).into_owned(), span, bytes.len())
}

/// `span` without the blanks around it.
fn trimmed(text: &str, span: Span) -> Span {
    let inner = span.of(text);
    let start = span.start + (inner.len() - inner.trim_start().len());
    let end = span.start + inner.trim_end().len();
    Span::new(start, end.max(start))
}

fn push_error(info: &mut ConnInfo, span: Span, text: &str) {
    if span.of(text).trim().is_empty() {
        return;
    }
    info.errors.push(crate::syntax::conninfo::SyntaxError {
        span,
        message: "Npgsql expects `Key=Value` pairs separated by `;`".to_string(),
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    fn render(text: &str) -> String {
        let info = parse(text);
        let mut lines: Vec<String> = info
            .settings
            .iter()
            .map(|s| {
                format!(
                    "{} ({}) = {:?} @{}",
                    s.keyword,
                    s.written_keyword,
                    s.value,
                    s.value_span.of(text)
                )
            })
            .collect();
        lines.extend(info.errors.iter().map(|e| format!("error @{}", e.span.of(text))));
        lines.join("\n")
    }

    #[test]
    fn pairs_quotes_and_keys() {
        expect_test::expect![[r#"
            host (Host) = "db.example.com" @db.example.com
            port (Port) = "5432" @5432
            user (Username) = "app" @app
            password (Password) = "it's;x" @'it''s;x'
            sslmode (SSL Mode) = "Require" @Require
            trustservercertificate (Trust Server Certificate) = "true" @true
            dbname (Database) = "a" @"a"
            error @junk"#]]
        .assert_eq(&render(
            "Host=db.example.com; Port = 5432;Username=app;Password='it''s;x';SSL Mode=Require;\
             Trust Server Certificate=true;junk;Database=\"a\"",
        ));
        let shapes: Vec<String> = [
            "Server=db;Database=app",
            "Host=db;Port=5432;Database=app",
            "Host=db;SSL Mode=Require",
            "Server=db;Database=app;SslMode=Required",
            "Server=tcp:db,1433;Initial Catalog=app;Encrypt=True;TrustServerCertificate=True",
            "Data Source=x.db;Version=3",
            "host=db dbname=app",
        ]
        .iter()
        .map(|text| format!("{text}: {:?}", shape(text)))
        .collect();
        expect_test::expect![[r#"
            Server=db;Database=app: Plausible
            Host=db;Port=5432;Database=app: Npgsql
            Host=db;SSL Mode=Require: Npgsql
            Server=db;Database=app;SslMode=Required: Plausible
            Server=tcp:db,1433;Initial Catalog=app;Encrypt=True;TrustServerCertificate=True: No
            Data Source=x.db;Version=3: No
            host=db dbname=app: No"#]]
        .assert_eq(&shapes.join("\n"));
    }

    #[test]
    fn never_panics() {
        let seeds = ["Host=h;Password='p''w;x", "Server=\"é;\";;=;", "a=\"", "=;='"];
        for text in crate::rules::conninfo::tests::mutations(&seeds, 400) {
            let info = parse(&text);
            for setting in &info.settings {
                assert!(text.get(setting.value_span.start..setting.value_span.end).is_some());
                assert!(text.get(setting.key_span.start..setting.key_span.end).is_some());
            }
            let _ = shape(&text);
        }
    }
}
