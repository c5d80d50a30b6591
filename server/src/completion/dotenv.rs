//! Completion in `.env` files, inside values that are connection strings: libpq's keyword
//! names after `?`/`&` in a URI or at the start of a `keyword=value` pair, and the accepted
//! values after `keyword=` (also for `PG*` variables such as `PGSSLMODE=`). Each keyword
//! comes with what it means, from the same knowledge the hovers use.
//!
//! [`complete_conninfo`] does the same for conninfo files (one string per line).

use crate::completion::{Completion, CompletionKind};
use crate::finding::Edit;
use crate::hover::conninfo::{keyword_markdown, sslmode_markdown};
use crate::knowledge::libpq::{self, Catalog};
use crate::settings::Settings;
use crate::span::Span;
use crate::syntax::conninfo::{self, SourceMap};
use crate::syntax::dotenv;

/// The first libpq major that takes `sslrootcert=system`.
const SSLROOTCERT_SYSTEM_SINCE: u32 = 16;

pub fn complete(text: &str, offset: usize, settings: &Settings) -> Vec<Completion> {
    let file = dotenv::parse(text);
    let Some(entry) = file.entries.iter().find(|entry| entry.value_span.touches(offset)) else {
        return Vec::new();
    };
    let Some(decoded) = entry.map.decoded_offset(offset) else {
        return Vec::new();
    };
    let catalog = libpq::catalog(settings);

    // `PGSSLMODE=` and friends: the value of the keyword the variable stands for.
    if let Some(keyword) = catalog.by_envvar(&entry.key) {
        let word = Span::new(0, decoded.min(entry.value.len()));
        if !entry.value.is_char_boundary(word.end) {
            return Vec::new();
        }
        return values(keyword.name, word.of(&entry.value), word, &entry.map, catalog, settings);
    }
    // An empty value starts a connection string only where the name says it holds one.
    let name = entry.key.to_ascii_uppercase();
    let named_for_it = ["DSN", "DATABASE", "CONNINFO", "CONNECTION", "DB_URL", "PG"]
        .iter()
        .any(|word| name.contains(word));
    complete_in_string(&entry.value, decoded, &entry.map, named_for_it, settings)
}

/// Completion in a conninfo file: the string on the cursor's line.
pub fn complete_conninfo(text: &str, offset: usize, settings: &Settings) -> Vec<Completion> {
    let mut line_start = 0;
    for line in text.split_inclusive('\n') {
        let content = line.trim_end_matches(['\n', '\r']);
        if (line_start..=line_start + content.len()).contains(&offset) {
            if content.trim_start().starts_with('#') {
                return Vec::new();
            }
            let map = SourceMap::identity(line_start, content.len());
            return complete_in_string(content, offset - line_start, &map, true, settings);
        }
        line_start += line.len();
    }
    Vec::new()
}

/// Completion at byte `at` of the decoded connection string `value`, whose bytes `map`
/// leads back to the file. `from_scratch` allows keyword names where nothing shows yet that
/// the text is a connection string.
pub fn complete_in_string(
    value: &str,
    at: usize,
    map: &SourceMap,
    from_scratch: bool,
    settings: &Settings,
) -> Vec<Completion> {
    if at > value.len() || !value.is_char_boundary(at) {
        return Vec::new();
    }
    let catalog = libpq::catalog(settings);
    let before = &value[..at];

    let pair_start = if is_uri(value) {
        // Only the query holds keyword=value pairs.
        let Some(question) = before.find('?') else {
            return Vec::new();
        };
        before[question..].rfind('&').map_or(question, |amp| question + amp) + 1
    } else {
        let blank = value.trim().is_empty();
        let started_here = from_scratch && blank;
        if !(looks_like_key_value(value, catalog) || started_here) {
            return Vec::new();
        }
        before.rfind(char::is_whitespace).map_or(0, |blank| blank + 1)
    };
    let pair = &before[pair_start..];

    match pair.split_once('=') {
        None => keywords(pair, Span::new(pair_start, at), map, catalog),
        Some((keyword, typed)) => {
            let word = Span::new(pair_start + keyword.len() + 1, at);
            values(keyword, typed, word, map, catalog, settings)
        }
    }
}

fn is_uri(value: &str) -> bool {
    let lower = value.to_ascii_lowercase();
    conninfo::uri_prefix_len(value) > 0 || lower.starts_with("postgres") && lower.contains("://")
}

/// True when the text reads as `keyword=value` pairs with at least one libpq keyword.
fn looks_like_key_value(value: &str, catalog: &Catalog) -> bool {
    value
        .split_whitespace()
        .any(|word| word.split_once('=').is_some_and(|(keyword, _)| catalog.get(keyword).is_some()))
}

/// The keywords starting with what is typed, each inserting `keyword=`.
fn keywords(typed: &str, word: Span, map: &SourceMap, catalog: &Catalog) -> Vec<Completion> {
    let source = map.span(word);
    if !map.editable(source) {
        return Vec::new();
    }
    catalog
        .keywords
        .iter()
        .filter(|keyword| !keyword.debug && keyword.name.starts_with(typed))
        .filter_map(|keyword| {
            let detail = match (keyword.envvar, keyword.default) {
                (Some(envvar), Some(default)) if !default.is_empty() => {
                    format!("libpq keyword · {envvar} · default {default}")
                }
                (Some(envvar), _) => format!("libpq keyword · {envvar}"),
                (None, _) => "libpq keyword".to_string(),
            };
            Some(Completion {
                label: keyword.name.to_string(),
                kind: CompletionKind::Parameter,
                detail: Some(detail),
                documentation: Some(keyword_markdown(keyword.name, catalog)),
                edit: Edit { span: source, new_text: map.encode(&format!("{}=", keyword.name))? },
            })
        })
        .collect()
}

/// The values libpq accepts for `keyword` that start with what is typed.
fn values(
    keyword: &str,
    typed: &str,
    word: Span,
    map: &SourceMap,
    catalog: &Catalog,
    settings: &Settings,
) -> Vec<Completion> {
    let source = map.span(word);
    if !map.editable(source) {
        return Vec::new();
    }
    let mut accepted: Vec<&str> = catalog.accepted_values(keyword).unwrap_or(&[]).to_vec();
    let integers_as_flags = ["keepalives", "sslsni", "sslcompression", "gssdelegation"];
    if integers_as_flags.contains(&keyword) {
        accepted = vec!["1", "0"];
    }
    let major = settings.postgres_version.unwrap_or(conninfo::NEWEST);
    if keyword == "sslrootcert" && major >= SSLROOTCERT_SYSTEM_SINCE {
        accepted = vec!["system"];
    }
    accepted
        .into_iter()
        .filter(|value| value.starts_with(typed))
        .filter_map(|value| {
            let documentation = if keyword == "sslmode" {
                sslmode_markdown(value)
            } else {
                keyword_markdown(keyword, catalog)
            };
            Some(Completion {
                label: value.to_string(),
                kind: CompletionKind::Value,
                detail: Some(format!("{keyword} value")),
                documentation: Some(documentation),
                edit: Edit { span: source, new_text: map.encode(value)? },
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Completes at the `|` in `text`; renders each item as `label (detail) => edit`.
    #[track_caller]
    fn check(text: &str, expect: expect_test::Expect) {
        let offset = text.find('|').expect("a cursor");
        let text = text.replacen('|', "", 1);
        let items = complete(&text, offset, &Settings::default());
        let rendered: Vec<String> = items
            .iter()
            .map(|item| {
                format!(
                    "{} ({}) => {:?}@{}..{}{}",
                    item.label,
                    item.detail.as_deref().unwrap_or(""),
                    item.edit.new_text,
                    item.edit.span.start,
                    item.edit.span.end,
                    if item.documentation.is_some() { " +doc" } else { "" }
                )
            })
            .collect();
        expect.assert_eq(&rendered.join("\n"));
    }

    #[test]
    fn keywords_in_a_uri_query() {
        check(
            "DATABASE_URL=postgresql://db/app?sslmode=verify-full&keep|\n",
            expect_test::expect![[r#"
                keepalives (libpq keyword) => "keepalives="@53..57 +doc
                keepalives_idle (libpq keyword) => "keepalives_idle="@53..57 +doc
                keepalives_interval (libpq keyword) => "keepalives_interval="@53..57 +doc
                keepalives_count (libpq keyword) => "keepalives_count="@53..57 +doc"#]],
        );
        check("URL=postgresql://db/ap|\n", expect_test::expect![[""]]);
    }

    #[test]
    fn values_in_a_uri_query_and_in_quotes() {
        check(
            "URL=\"postgresql://db/app?sslmode=ver|\"\n",
            expect_test::expect![[r#"
            verify-ca (sslmode value) => "verify-ca"@33..36 +doc
            verify-full (sslmode value) => "verify-full"@33..36 +doc"#]],
        );
        check(
            "URL=postgresql://db/app?target_session_attrs=|\n",
            expect_test::expect![[r#"
            any (target_session_attrs value) => "any"@45..45 +doc
            read-write (target_session_attrs value) => "read-write"@45..45 +doc
            read-only (target_session_attrs value) => "read-only"@45..45 +doc
            primary (target_session_attrs value) => "primary"@45..45 +doc
            standby (target_session_attrs value) => "standby"@45..45 +doc
            prefer-standby (target_session_attrs value) => "prefer-standby"@45..45 +doc"#]],
        );
    }

    #[test]
    fn key_value_strings_and_pg_variables() {
        check(
            "DSN='host=db sslm|'\n",
            expect_test::expect![[
                r#"sslmode (libpq keyword · PGSSLMODE · default prefer) => "sslmode="@13..17 +doc"#
            ]],
        );
        check(
            "DSN=host=db channel_binding=r|\n",
            expect_test::expect![[r#"require (channel_binding value) => "require"@28..29 +doc"#]],
        );
        check(
            "PGSSLMODE=|\n",
            expect_test::expect![[r#"
            disable (sslmode value) => "disable"@10..10 +doc
            allow (sslmode value) => "allow"@10..10 +doc
            prefer (sslmode value) => "prefer"@10..10 +doc
            require (sslmode value) => "require"@10..10 +doc
            verify-ca (sslmode value) => "verify-ca"@10..10 +doc
            verify-full (sslmode value) => "verify-full"@10..10 +doc"#]],
        );
        check("LOG_LEVEL=de|\n", expect_test::expect![[""]]);
        check("LOG_LEVEL=|\n", expect_test::expect![[""]]);
        check(
            "DATABASE_DSN=|\n",
            expect_test::expect![[r#"
            service (libpq keyword · PGSERVICE) => "service="@13..13 +doc
            user (libpq keyword · PGUSER) => "user="@13..13 +doc
            password (libpq keyword · PGPASSWORD) => "password="@13..13 +doc
            passfile (libpq keyword · PGPASSFILE) => "passfile="@13..13 +doc
            channel_binding (libpq keyword · PGCHANNELBINDING · default prefer) => "channel_binding="@13..13 +doc
            connect_timeout (libpq keyword · PGCONNECT_TIMEOUT) => "connect_timeout="@13..13 +doc
            dbname (libpq keyword · PGDATABASE) => "dbname="@13..13 +doc
            host (libpq keyword · PGHOST) => "host="@13..13 +doc
            hostaddr (libpq keyword · PGHOSTADDR) => "hostaddr="@13..13 +doc
            port (libpq keyword · PGPORT · default 5432) => "port="@13..13 +doc
            client_encoding (libpq keyword · PGCLIENTENCODING) => "client_encoding="@13..13 +doc
            options (libpq keyword · PGOPTIONS) => "options="@13..13 +doc
            application_name (libpq keyword · PGAPPNAME) => "application_name="@13..13 +doc
            fallback_application_name (libpq keyword) => "fallback_application_name="@13..13 +doc
            keepalives (libpq keyword) => "keepalives="@13..13 +doc
            keepalives_idle (libpq keyword) => "keepalives_idle="@13..13 +doc
            keepalives_interval (libpq keyword) => "keepalives_interval="@13..13 +doc
            keepalives_count (libpq keyword) => "keepalives_count="@13..13 +doc
            tcp_user_timeout (libpq keyword) => "tcp_user_timeout="@13..13 +doc
            sslmode (libpq keyword · PGSSLMODE · default prefer) => "sslmode="@13..13 +doc
            sslnegotiation (libpq keyword · PGSSLNEGOTIATION · default postgres) => "sslnegotiation="@13..13 +doc
            sslcompression (libpq keyword · PGSSLCOMPRESSION · default 0) => "sslcompression="@13..13 +doc
            sslcert (libpq keyword · PGSSLCERT) => "sslcert="@13..13 +doc
            sslkey (libpq keyword · PGSSLKEY) => "sslkey="@13..13 +doc
            sslcertmode (libpq keyword · PGSSLCERTMODE) => "sslcertmode="@13..13 +doc
            sslpassword (libpq keyword) => "sslpassword="@13..13 +doc
            sslrootcert (libpq keyword · PGSSLROOTCERT) => "sslrootcert="@13..13 +doc
            sslcrl (libpq keyword · PGSSLCRL) => "sslcrl="@13..13 +doc
            sslcrldir (libpq keyword · PGSSLCRLDIR) => "sslcrldir="@13..13 +doc
            sslsni (libpq keyword · PGSSLSNI · default 1) => "sslsni="@13..13 +doc
            requirepeer (libpq keyword · PGREQUIREPEER) => "requirepeer="@13..13 +doc
            require_auth (libpq keyword · PGREQUIREAUTH) => "require_auth="@13..13 +doc
            min_protocol_version (libpq keyword · PGMINPROTOCOLVERSION) => "min_protocol_version="@13..13 +doc
            max_protocol_version (libpq keyword · PGMAXPROTOCOLVERSION) => "max_protocol_version="@13..13 +doc
            ssl_min_protocol_version (libpq keyword · PGSSLMINPROTOCOLVERSION · default TLSv1.2) => "ssl_min_protocol_version="@13..13 +doc
            ssl_max_protocol_version (libpq keyword · PGSSLMAXPROTOCOLVERSION) => "ssl_max_protocol_version="@13..13 +doc
            gssencmode (libpq keyword · PGGSSENCMODE · default disable) => "gssencmode="@13..13 +doc
            krbsrvname (libpq keyword · PGKRBSRVNAME · default postgres) => "krbsrvname="@13..13 +doc
            gsslib (libpq keyword · PGGSSLIB) => "gsslib="@13..13 +doc
            gssdelegation (libpq keyword · PGGSSDELEGATION · default 0) => "gssdelegation="@13..13 +doc
            target_session_attrs (libpq keyword · PGTARGETSESSIONATTRS · default any) => "target_session_attrs="@13..13 +doc
            load_balance_hosts (libpq keyword · PGLOADBALANCEHOSTS · default disable) => "load_balance_hosts="@13..13 +doc
            oauth_issuer (libpq keyword) => "oauth_issuer="@13..13 +doc
            oauth_client_id (libpq keyword) => "oauth_client_id="@13..13 +doc
            oauth_client_secret (libpq keyword) => "oauth_client_secret="@13..13 +doc
            oauth_scope (libpq keyword) => "oauth_scope="@13..13 +doc"#]],
        );
    }

    #[test]
    fn conninfo_files_and_never_panics() {
        let text = "# c\nhost=db sslrootcert=\npostgresql://h/d?load_balance_hosts=r\n";
        let at = text.find("rootcert=").expect("marker") + "rootcert=".len();
        let items = complete_conninfo(text, at, &Settings::default());
        let labels: Vec<&str> = items.iter().map(|item| item.label.as_str()).collect();
        assert_eq!(labels, ["system"]);
        let items = complete_conninfo(text, text.len() - 1, &Settings::default());
        let labels: Vec<&str> = items.iter().map(|item| item.label.as_str()).collect();
        assert_eq!(labels, ["random"]);

        for text in ["U=\"postgresql://é/?ü=ß\"\nPGSSLMODE='x", "A=${B}?x=&y\nD=host=é é=é"] {
            for offset in 0..=text.len() + 1 {
                let _ = complete(text, offset, &Settings::default());
                let _ = complete_conninfo(text, offset, &Settings::default());
            }
        }
    }
}
