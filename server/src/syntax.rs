//! Lossless parsers, one per file kind. Each keeps every byte of its input reachable
//! through spans and never fails: broken text becomes syntax errors beside the tree.

pub mod conninfo;
pub mod dotenv;
pub mod embedded;
pub mod npgsql;
pub mod pgbouncer;
pub mod pgbouncer_hba;
pub mod pgconf;
pub mod pghba;
pub mod pgident;
pub mod userlist;
