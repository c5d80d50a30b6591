//! The maps of `auth_ident_file` that an hba line's `map=` may name, read with the grammar
//! PgBouncer 1.23 and later use for that file (`parse_ident_line` in `src/hba.c`).

use crate::syntax::pgbouncer_hba::{self as syntax, TokenKind};

/// What we know of the maps `auth_ident_file` defines.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum IdentMaps {
    /// `auth_ident_file` is not set: PgBouncer knows no map.
    Unset,
    /// It is set, but we cannot read it here: every map may be there.
    Unknown,
    /// The names of the maps on the lines PgBouncer reads (none when the file is missing).
    Known(Vec<String>),
}

impl IdentMaps {
    /// The maps in the text of an `auth_ident_file`, read as PgBouncer 1.23 and later read
    /// it (`parse_ident_line`): `MAP SYSTEM-USER PG-USER` and nothing more, the map a bare
    /// word, the users bare or quoted; any other line is dropped.
    pub fn read(text: &str) -> IdentMaps {
        let mut maps = Vec::new();

        for line in syntax::parse(text) {
            let kinds: Vec<TokenKind> = line.tokens.iter().map(|token| token.kind).collect();
            let user = |kind: &TokenKind| matches!(kind, TokenKind::Word | TokenKind::Quoted);
            // After the keyword `all` PgBouncer skips one token more than it reads, so one
            // extra token there goes unnoticed.
            let all = line.tokens.get(2).is_some_and(|token| token.text == "all");
            let readable = match kinds.as_slice() {
                [TokenKind::Word, system, postgres] => user(system) && user(postgres),
                [TokenKind::Word, system, TokenKind::Word, extra] => {
                    all && user(system) && *extra != TokenKind::Unterminated
                }
                _ => false,
            };
            if readable {
                maps.push(line.tokens[0].text.clone());
            }
        }
        IdentMaps::Known(maps)
    }
}
