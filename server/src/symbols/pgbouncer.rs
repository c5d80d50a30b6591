//! The outline of `pgbouncer.ini`: one symbol per section header with its settings
//! (`[pgbouncer]`) or entries (`[databases]`, `[users]`, `[peers]`) as children. Entry
//! details list the entry's pairs with any password shown as `****`.

use crate::settings::Settings;
use crate::symbols::{Symbol, SymbolKind};
use crate::syntax::pgbouncer::{self as syntax, Entry, Item};

pub fn symbols(text: &str, _settings: &Settings) -> Vec<Symbol> {
    let file = syntax::parse(text);
    let mut outline: Vec<Symbol> = Vec::new();

    for item in &file.items {
        match item {
            Item::Section(header) => outline.push(Symbol {
                name: format!("[{}]", header.name_text),
                detail: None,
                kind: SymbolKind::Section,
                span: header.span,
                selection: header.name,
                children: Vec::new(),
            }),
            Item::Entry(entry) => {
                let symbol = entry_symbol(text, entry);
                match outline.last_mut().filter(|_| entry.section.is_some()) {
                    Some(section) => {
                        section.span = section.span.cover(entry.span);
                        section.children.push(symbol);
                    }
                    None => outline.push(symbol),
                }
            }
            Item::Comment(_) | Item::Include(_) => {}
        }
    }
    outline
}

fn entry_symbol(text: &str, entry: &Entry) -> Symbol {
    let is_main = entry.section.as_deref() == Some("pgbouncer");
    let detail = if is_main { entry.value.of(text).to_string() } else { masked_pairs(text, entry) };
    Symbol {
        name: entry.name.clone(),
        detail: (!detail.is_empty()).then_some(detail),
        kind: if is_main || entry.section.is_none() {
            SymbolKind::Setting
        } else {
            SymbolKind::Entry
        },
        span: entry.span,
        selection: entry.key,
        children: Vec::new(),
    }
}

/// The entry's pairs as PgBouncer reads them, with passwords masked; `****` for the rest of
/// an entry that does not parse, since a password may hide in it.
fn masked_pairs(text: &str, entry: &Entry) -> String {
    let pairs = syntax::parse_pairs(text, entry.value);
    let mut shown: Vec<String> = pairs
        .pairs
        .iter()
        .map(|pair| {
            let key = pair.key.of(text);
            let value = if key == "password" { "****" } else { pair.value.of(text) };
            format!("{key}={value}")
        })
        .collect();
    if !pairs.errors.is_empty() {
        shown.push("****".to_string());
    }
    shown.join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use expect_test::expect;

    fn render(text: &str, symbols: &[Symbol], depth: usize, out: &mut Vec<String>) {
        for symbol in symbols {
            out.push(format!(
                "{}{:?} {} [{}]{}",
                "  ".repeat(depth),
                symbol.kind,
                symbol.name,
                symbol.selection.of(text),
                symbol.detail.as_ref().map_or(String::new(), |detail| format!(" {detail}"))
            ));
            render(text, &symbol.children, depth + 1, out);
        }
    }

    #[test]
    fn sections_settings_and_entries() {
        let text = "stray = 1\n[databases]\napp = host=db port=5432 password='s3 cret'\n\
            * = host=db password='x\n\n[pgbouncer]\n; c\nlisten_port = 6432\nauth_type = md5\n\
            [users]\nbob = pool_mode=session\n";
        let outline = symbols(text, &Settings::default());
        let mut lines = Vec::new();
        render(text, &outline, 0, &mut lines);
        expect![[r#"
            Setting stray [stray] ****
            Section [databases] [databases]
              Entry app [app] host=db port=5432 password=****
              Entry * [*] host=db ****
            Section [pgbouncer] [pgbouncer]
              Setting listen_port [listen_port] 6432
              Setting auth_type [auth_type] md5
            Section [users] [users]
              Entry bob [bob] pool_mode=session"#]]
        .assert_eq(&lines.join("\n"));
        assert!(!lines.join("\n").contains("s3 cret"));
        let databases = &outline[1];
        assert_eq!(databases.span.of(text).lines().count(), 3);
    }
}
