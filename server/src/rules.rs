//! The rules: pure functions from a parsed file and the settings to findings, one module
//! per file kind.

use crate::finding::Rule;

pub mod conninfo;
pub mod dotenv;
pub mod embedded;
pub mod multi;
pub mod pgbouncer;
pub mod pgconf;
pub mod pghba;
pub mod pgident;
pub mod userlist;

/// Every rule pgconf-lsp has, for documentation and for tests that must see each fire.
pub fn all() -> Vec<&'static Rule> {
    [
        conninfo::RULES,
        dotenv::RULES,
        embedded::RULES,
        multi::RULES,
        pgbouncer::RULES,
        pgconf::RULES,
        pghba::RULES,
        pgident::RULES,
        userlist::RULES,
    ]
    .concat()
}
