//! Completion in `pg_hba.conf`, per column: connection types, the keywords of the database,
//! user and address columns, the methods the connection type and major allow, and the
//! options the method takes (then their values, for the options with a fixed set).
//!
//! The column under the cursor is found as the server would assign it: the text of the
//! line before the cursor is tokenized, so quotes, comma lists and the mask column after a
//! bare IP address count as they do for the server.

use crate::completion::{Completion, CompletionKind};
use crate::finding::Edit;
use crate::knowledge::hba::{
    self as facts, AuthMethod, AuthOption, ConnType, OptionPlace, ADDRESS_KEYWORDS, COLUMN_KEYWORDS,
};
use crate::settings::Settings;
use crate::span::Span;
use crate::syntax::pghba::{parse_for, IncludeKind};

/// The column the cursor is in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Column {
    ConnType,
    Database,
    User,
    Address,
    Mask,
    Method,
    Option,
}

/// Addresses worth offering besides the keywords: the loopbacks and the whole families.
const COMMON_ADDRESSES: &[(&str, &str)] = &[
    ("127.0.0.1/32", "IPv4 loopback: this machine only."),
    ("::1/128", "IPv6 loopback: this machine only."),
    ("0.0.0.0/0", "Every IPv4 address."),
    ("::/0", "Every IPv6 address."),
];

/// Values of the options that take one of a fixed set.
const OPTION_VALUES: &[(&str, &[&str])] = &[
    ("clientcert", &["verify-ca", "verify-full"]),
    ("clientname", &["CN", "DN"]),
    ("ldapscheme", &["ldap", "ldaps"]),
    ("ldaptls", &["0", "1"]),
    ("include_realm", &["0", "1"]),
    ("compat_realm", &["0", "1"]),
    ("upn_username", &["0", "1"]),
    ("pam_use_hostname", &["0", "1"]),
    ("delegate_ident_mapping", &["0", "1"]),
];

pub fn complete(text: &str, offset: usize, settings: &Settings) -> Vec<Completion> {
    let Some(prefix) = text.get(..offset) else {
        return Vec::new();
    };
    let major = facts::major(settings);
    let line_start = prefix.rfind('\n').map_or(0, |at| at + 1);
    let before = &prefix[line_start..];

    // The word being typed: back to the last blank or comma.
    let word_start = before.rfind([' ', '\t', ',']).map_or(0, |at| at + 1);
    let word = &before[word_start..];
    let word_span = Span::new(line_start + word_start, offset);
    if word.starts_with('"') || before.contains('#') {
        return Vec::new();
    }

    // The fields before the word, as the server reads them.
    let head = &before[..word_start];
    let file = parse_for(head, major);
    let fields: Vec<&str> = file
        .records
        .last()
        .map(|record| record.fields.iter().map(|field| field.first().text.as_str()).collect())
        .unwrap_or_default();
    let continues_field = head.trim_end_matches([' ', '\t']).ends_with(',');
    let index = if continues_field { fields.len().saturating_sub(1) } else { fields.len() };
    let conn_type = fields.first().and_then(|name| ConnType::from_name(name));

    if fields.first().is_some_and(|first| IncludeKind::from_name(first).is_some()) {
        return Vec::new();
    }
    let Some(column) = column_at(index, conn_type, &fields) else {
        return Vec::new();
    };
    let method = column_method(conn_type, &fields);

    let edit = |label: &str| Edit { span: word_span, new_text: label.to_string() };
    let item =
        |label: &str, kind: CompletionKind, detail: &str, documentation: String| Completion {
            label: label.to_string(),
            kind,
            detail: Some(detail.to_string()),
            documentation: Some(documentation),
            edit: edit(label),
        };

    let mut items = Vec::new();
    match column {
        Column::ConnType => {
            for conn_type in ConnType::ALL.into_iter().filter(|kind| major >= kind.since()) {
                let documentation = conn_type.summary().to_string();
                items.push(item(conn_type.name(), CompletionKind::Keyword, "connection type", {
                    documentation
                }));
            }
            if major >= 16 {
                for kind in IncludeKind::ALL {
                    items.push(item(
                        kind.name(),
                        CompletionKind::Keyword,
                        "directive",
                        "Reads another file (or directory) of records here.".to_string(),
                    ));
                }
            }
        }
        Column::Database | Column::User => {
            let database = column == Column::Database;
            for keyword in COLUMN_KEYWORDS {
                if (database && keyword.database) || (!database && keyword.user) {
                    let detail = if database { "database keyword" } else { "user keyword" };
                    let documentation = keyword.summary.to_string();
                    items.push(item(keyword.name, CompletionKind::Keyword, detail, documentation));
                }
            }
        }
        Column::Address => {
            for (name, summary) in ADDRESS_KEYWORDS.iter().chain(COMMON_ADDRESSES) {
                let kind = if name.contains(['/', ':']) {
                    CompletionKind::Value
                } else {
                    CompletionKind::Keyword
                };
                items.push(item(name, kind, "address", summary.to_string()));
            }
        }
        Column::Mask => {
            for (mask, summary) in
                [("255.255.255.255", "This one IPv4 host."), ("255.255.255.0", "A /24 network.")]
            {
                items.push(item(mask, CompletionKind::Value, "netmask", summary.to_string()));
            }
        }
        Column::Method => {
            for method in AuthMethod::ALL {
                let allowed = method.exists_in(major)
                    && conn_type.is_none_or(|conn_type| method.refused_on(conn_type).is_none());
                if allowed {
                    let documentation = format!("{}\n\nNeeds: {}", method.checks(), method.needs());
                    items.push(item(method.name(), CompletionKind::Keyword, "method", {
                        documentation
                    }));
                }
            }
        }
        Column::Option => {
            let (Some(conn_type), Some(method)) = (conn_type, method) else {
                return Vec::new();
            };
            if let Some((name, _)) = word.split_once('=') {
                let value_span = Span::new(word_span.start + name.len() + 1, offset);
                let values = OPTION_VALUES.iter().find(|(option, _)| *option == name);
                for value in values.map_or(&[][..], |(_, values)| values) {
                    // `cert` already implies `verify-full` and refuses `verify-ca`.
                    if method == AuthMethod::Cert && *value == "verify-ca" {
                        continue;
                    }
                    items.push(Completion {
                        label: value.to_string(),
                        kind: CompletionKind::Value,
                        detail: Some(format!("{name} value")),
                        documentation: None,
                        edit: Edit { span: value_span, new_text: value.to_string() },
                    });
                }
                return items;
            }
            let present: Vec<&str> =
                fields.iter().filter_map(|field| field.split_once('=')).map(|(n, _)| n).collect();
            for option in facts::OPTIONS {
                if present.contains(&option.name) || !option_fits(option, conn_type, method, major)
                {
                    continue;
                }
                let label = format!("{}=", option.name);
                items.push(Completion {
                    label: label.clone(),
                    kind: CompletionKind::Parameter,
                    detail: Some(format!("option of {}", method.name())),
                    documentation: Some(option.summary.to_string()),
                    edit: edit(&label),
                });
            }
        }
    }
    items
}

/// The column of field number `index` (zero-based), given the fields before it.
fn column_at(index: usize, conn_type: Option<ConnType>, fields: &[&str]) -> Option<Column> {
    let is_local = conn_type == Some(ConnType::Local);
    let column = match index {
        0 => Column::ConnType,
        1 => Column::Database,
        2 => Column::User,
        3 if is_local => Column::Method,
        3 => Column::Address,
        _ if is_local => Column::Option,
        4 if needs_mask(fields) => Column::Mask,
        4 => Column::Method,
        5 if needs_mask(fields) => Column::Method,
        _ => Column::Option,
    };
    (conn_type.is_some() || column == Column::ConnType).then_some(column)
}

/// True when the address field is an IP without `/len`, so a netmask column follows.
fn needs_mask(fields: &[&str]) -> bool {
    fields.get(3).is_some_and(|address| {
        !address.contains('/') && crate::syntax::pghba::address::parse_ip(address).is_some()
    })
}

/// The method of a line whose option column the cursor is in.
fn column_method(conn_type: Option<ConnType>, fields: &[&str]) -> Option<AuthMethod> {
    let at = match conn_type? {
        ConnType::Local => 3,
        _ if needs_mask(fields) => 5,
        _ => 4,
    };
    AuthMethod::from_name(fields.get(at)?)
}

fn option_fits(option: &AuthOption, conn_type: ConnType, method: AuthMethod, major: u32) -> bool {
    let place_fits = match option.place {
        OptionPlace::HostSsl => conn_type == ConnType::HostSsl,
        OptionPlace::Methods(_) => true,
    };
    place_fits && option.allowed_with(method, major)
}

#[cfg(test)]
mod tests {
    use expect_test::{expect, Expect};

    use super::*;

    /// Completions at the `|` in `marked`, one a line: `label (detail) => span:new text`.
    #[track_caller]
    fn check(marked: &str, major: u32, expect: Expect) {
        let offset = marked.find('|').expect("a cursor");
        let text = marked.replacen('|', "", 1);
        let settings = Settings { postgres_version: Some(major), ..Settings::default() };
        let items = complete(&text, offset, &settings);
        let lines: Vec<String> = items
            .iter()
            .map(|item| {
                format!(
                    "{} ({}) => {}..{}:{}",
                    item.label,
                    item.detail.as_deref().unwrap_or("-"),
                    item.edit.span.start,
                    item.edit.span.end,
                    item.edit.new_text
                )
            })
            .collect();
        expect.assert_eq(&lines.join("\n"));
    }

    #[test]
    fn connection_types_by_major() {
        check(
            "|",
            16,
            expect![[r#"
            local (connection type) => 0..0:local
            host (connection type) => 0..0:host
            hostssl (connection type) => 0..0:hostssl
            hostnossl (connection type) => 0..0:hostnossl
            hostgssenc (connection type) => 0..0:hostgssenc
            hostnogssenc (connection type) => 0..0:hostnogssenc
            include (directive) => 0..0:include
            include_if_exists (directive) => 0..0:include_if_exists
            include_dir (directive) => 0..0:include_dir"#]],
        );
        check(
            "# c\nho|",
            11,
            expect![[r#"
            local (connection type) => 4..6:local
            host (connection type) => 4..6:host
            hostssl (connection type) => 4..6:hostssl
            hostnossl (connection type) => 4..6:hostnossl"#]],
        );
    }

    #[test]
    fn database_user_and_address_keywords() {
        check(
            "host |",
            18,
            expect![[r#"
            all (database keyword) => 5..5:all
            sameuser (database keyword) => 5..5:sameuser
            samerole (database keyword) => 5..5:samerole
            samegroup (database keyword) => 5..5:samegroup
            replication (database keyword) => 5..5:replication"#]],
        );
        check(
            "host db1,| all",
            18,
            expect![[r#"
            all (database keyword) => 9..9:all
            sameuser (database keyword) => 9..9:sameuser
            samerole (database keyword) => 9..9:samerole
            samegroup (database keyword) => 9..9:samegroup
            replication (database keyword) => 9..9:replication"#]],
        );
        check("host all a|", 18, expect!["all (user keyword) => 9..10:all"]);
        check(
            "host all all |",
            18,
            expect![[r#"
            all (address) => 13..13:all
            samehost (address) => 13..13:samehost
            samenet (address) => 13..13:samenet
            127.0.0.1/32 (address) => 13..13:127.0.0.1/32
            ::1/128 (address) => 13..13:::1/128
            0.0.0.0/0 (address) => 13..13:0.0.0.0/0
            ::/0 (address) => 13..13:::/0"#]],
        );
        check(
            "host all all 10.0.0.1 |",
            18,
            expect![[r#"
            255.255.255.255 (netmask) => 22..22:255.255.255.255
            255.255.255.0 (netmask) => 22..22:255.255.255.0"#]],
        );
    }

    #[test]
    fn methods_valid_for_the_type_and_major() {
        check(
            "local all all |",
            15,
            expect![[r#"
            trust (method) => 14..14:trust
            reject (method) => 14..14:reject
            scram-sha-256 (method) => 14..14:scram-sha-256
            md5 (method) => 14..14:md5
            password (method) => 14..14:password
            sspi (method) => 14..14:sspi
            ident (method) => 14..14:ident
            peer (method) => 14..14:peer
            ldap (method) => 14..14:ldap
            radius (method) => 14..14:radius
            pam (method) => 14..14:pam
            bsd (method) => 14..14:bsd"#]],
        );
        check(
            "hostssl all all ::1/128 |",
            18,
            expect![[r#"
            trust (method) => 24..24:trust
            reject (method) => 24..24:reject
            scram-sha-256 (method) => 24..24:scram-sha-256
            md5 (method) => 24..24:md5
            password (method) => 24..24:password
            gss (method) => 24..24:gss
            sspi (method) => 24..24:sspi
            ident (method) => 24..24:ident
            ldap (method) => 24..24:ldap
            radius (method) => 24..24:radius
            cert (method) => 24..24:cert
            pam (method) => 24..24:pam
            bsd (method) => 24..24:bsd
            oauth (method) => 24..24:oauth"#]],
        );
    }

    #[test]
    fn options_valid_for_the_method() {
        check("local all all peer |", 18, expect!["map= (option of peer) => 19..19:map="]);
        check(
            "hostssl all all ::1/128 cert map=m |",
            18,
            expect![[r#"
            clientcert= (option of cert) => 35..35:clientcert=
            clientname= (option of cert) => 35..35:clientname="#]],
        );
        check(
            "hostssl all all ::1/128 scram-sha-256 clientcert=v|",
            18,
            expect![[r#"
            verify-ca (clientcert value) => 49..50:verify-ca
            verify-full (clientcert value) => 49..50:verify-full"#]],
        );
        check("host all all ::1/128 md5 |", 18, expect![[r#""#]]);
    }

    #[test]
    fn nothing_in_comments_quotes_or_includes() {
        check("host all all # |", 18, expect![[r#""#]]);
        check("host \"|", 18, expect![[r#""#]]);
        check("include |", 18, expect![[r#""#]]);
        check("bogus |", 18, expect![[r#""#]]);
    }
}
