//! The outline of `pg_hba.conf`: one symbol per record, named by its columns up to the
//! method (options are left out, so that no secret can appear), with the method beside it.

use crate::settings::Settings;
use crate::symbols::{Symbol, SymbolKind};
use crate::syntax::pghba::parse_for;

pub fn symbols(text: &str, settings: &Settings) -> Vec<Symbol> {
    let major = crate::knowledge::hba::major(settings);
    let file = parse_for(text, major);
    let mut symbols = Vec::new();

    for record in &file.records {
        let columns = record.columns();
        let raw = |field: &crate::syntax::pghba::Field| {
            text.get(field.span.start..field.span.end).unwrap_or_default().to_string()
        };
        let (name, detail) = match record.include() {
            Some((kind, _)) => {
                let fields: Vec<String> = record.fields.iter().map(raw).collect();
                (fields.join(" "), kind.name().to_string())
            }
            None => {
                let named = [
                    Some(columns.conn_type),
                    columns.database,
                    columns.user,
                    columns.address,
                    columns.mask,
                    columns.method,
                ];
                let fields: Vec<String> = named.into_iter().flatten().map(raw).collect();
                let method = columns.method.map_or_else(|| "incomplete".to_string(), raw);
                (fields.join(" "), method)
            }
        };
        // A continued line or a quoted name may hold line breaks; outlines show one line.
        let name = name.split_whitespace().collect::<Vec<_>>().join(" ");
        symbols.push(Symbol {
            name,
            detail: Some(detail),
            kind: SymbolKind::Rule,
            span: record.comment.map_or(record.span, |comment| record.span.cover(comment)),
            selection: columns.conn_type.span,
            children: Vec::new(),
        });
    }
    symbols
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_symbol_per_rule_named_by_its_columns() {
        let text = "# TYPE DATABASE USER ADDRESS METHOD\n\
                    local all postgres peer map=m\n\
                    hostssl all all 10.0.0.0/8 scram-sha-256 clientcert=verify-full # vpn\n\
                    host   db1,db2   all 10.0.0.1 255.0.0.0   ldap ldapbindpasswd=s3cret\n\
                    host all\n\
                    include_dir conf.d\n";
        let symbols = symbols(text, &Settings::default());
        let rendered: Vec<String> = symbols
            .iter()
            .map(|symbol| {
                format!(
                    "{} [{}] {:?} {}..{} select {:?}",
                    symbol.name,
                    symbol.detail.as_deref().unwrap_or("-"),
                    symbol.kind,
                    symbol.span.start,
                    symbol.span.end,
                    symbol.selection.of(text)
                )
            })
            .collect();
        expect_test::expect![[r#"
            local all postgres peer [peer] Rule 36..65 select "local"
            hostssl all all 10.0.0.0/8 scram-sha-256 [scram-sha-256] Rule 66..135 select "hostssl"
            host db1,db2 all 10.0.0.1 255.0.0.0 ldap [ldap] Rule 136..204 select "host"
            host all [incomplete] Rule 205..213 select "host"
            include_dir conf.d [include_dir] Rule 214..232 select "include_dir""#]]
        .assert_eq(&rendered.join("\n"));
    }
}
