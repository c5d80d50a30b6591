//! The outline of `pg_ident.conf`: one symbol per map, in the order maps first appear,
//! with one child per line of the map, and one symbol per `include*` line.

use crate::settings::Settings;
use crate::symbols::{Symbol, SymbolKind};
use crate::syntax::pgident::{self as syntax, Content};

pub fn symbols(text: &str, settings: &Settings) -> Vec<Symbol> {
    let major = crate::knowledge::hba::major(settings);
    let file = syntax::parse_for(text, major);
    let mut symbols: Vec<Symbol> = Vec::new();
    // Index in `symbols` of each map's symbol, by name.
    let mut maps: Vec<(String, usize)> = Vec::new();

    for line in &file.lines {
        let record = &line.record;
        // A continued line or a quoted name may hold line breaks; outlines show one line.
        let one_line = |raw: &str| raw.split_whitespace().collect::<Vec<_>>().join(" ");
        match &line.content {
            Content::Include { kind, argument } => symbols.push(Symbol {
                name: one_line(&argument.text),
                detail: Some(kind.name().to_string()),
                kind: SymbolKind::Entry,
                span: record.span,
                selection: argument.span,
                children: Vec::new(),
            }),
            Content::Incomplete => {}
            Content::Mapping(mapping) => {
                let fields = [&mapping.system_user, &mapping.pg_user];
                let raw: Vec<String> =
                    fields.iter().map(|field| one_line(field.span.of(text))).collect();
                let child = Symbol {
                    name: raw.join(" → "),
                    detail: None,
                    kind: SymbolKind::Rule,
                    span: record.span,
                    selection: mapping.system_user.span,
                    children: Vec::new(),
                };
                let name = mapping.name().to_string();
                match maps.iter().find(|(known, _)| *known == name) {
                    Some(&(_, index)) => {
                        let map = &mut symbols[index];
                        map.span = map.span.cover(record.span);
                        map.children.push(child);
                    }
                    None => {
                        maps.push((name.clone(), symbols.len()));
                        symbols.push(Symbol {
                            name: one_line(&name),
                            detail: Some("map".to_string()),
                            kind: SymbolKind::Section,
                            span: record.span,
                            selection: mapping.map.span,
                            children: vec![child],
                        });
                    }
                }
            }
        }
    }
    for symbol in &mut symbols {
        if symbol.detail.as_deref() == Some("map") {
            let lines = symbol.children.len();
            symbol.detail = Some(format!("map, {lines} line{}", if lines == 1 { "" } else { "s" }));
        }
    }
    symbols
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_symbol_per_map_with_its_lines() {
        let text = "# MAP SYSTEM PG\nsso /^(.*)@corp$ \\1\nops alice admin\nsso bob bob\n\
                    include_dir ident.d\nbroken\n";
        let symbols = symbols(text, &Settings::default());
        let mut rendered = Vec::new();
        for symbol in &symbols {
            rendered.push(format!(
                "{} [{}] {:?} {:?} select {:?}",
                symbol.name,
                symbol.detail.as_deref().unwrap_or("-"),
                symbol.kind,
                symbol.span.of(text),
                symbol.selection.of(text)
            ));
            for child in &symbol.children {
                rendered.push(format!("  {} select {:?}", child.name, child.selection.of(text)));
            }
        }
        expect_test::expect![[r#"
            sso [map, 2 lines] Section "sso /^(.*)@corp$ \\1\nops alice admin\nsso bob bob" select "sso"
              /^(.*)@corp$ → \1 select "/^(.*)@corp$"
              bob → bob select "bob"
            ops [map, 1 line] Section "ops alice admin" select "ops"
              alice → admin select "alice"
            ident.d [include_dir] Entry "include_dir ident.d" select "ident.d""#]].assert_eq(&rendered.join("\n"));
    }
}
