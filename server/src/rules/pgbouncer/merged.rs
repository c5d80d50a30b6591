//! The `[pgbouncer]` settings PgBouncer runs with once it has read the whole tree of files,
//! and what the tree says about its servers.
//!
//! PgBouncer applies entries in the order it reads them, so the last one of a name wins;
//! and every `[pgbouncer]` header, the second one included, first resets all settings to
//! their defaults (`fill_defaults` in libusual's `cfparser.c`), which makes whatever an
//! earlier `[pgbouncer]` section set void. The real binary behaves so: a second empty
//! `[pgbouncer]` header puts `listen_addr` and `listen_port` back to their defaults.

use std::collections::HashMap;

use super::includes::{Step, Tree};
use super::MAIN;
use crate::syntax::pgbouncer::{self as syntax, Entry, Item};

pub(crate) struct Merged {
    /// The entry PgBouncer uses for each `[pgbouncer]` setting that the tree sets.
    winners: HashMap<String, Step>,
    /// True when the tree has a `[pgbouncer]` header, which PgBouncer requires.
    pub has_main: bool,
    pub has_databases: bool,
    /// True when every `[databases]` entry of the tree parses and names only local hosts.
    pub databases_local: bool,
    /// The `[pgbouncer]` headers that reset settings made before them.
    pub resets: Vec<Reset>,
}

/// A `[pgbouncer]` header read after settings of that section, which it resets.
pub(crate) struct Reset {
    pub header: Step,
    /// The names of the settings it resets, in the order they were set.
    pub names: Vec<String>,
}

impl Merged {
    pub fn new(tree: &Tree) -> Merged {
        let mut merged = Merged {
            winners: HashMap::new(),
            has_main: false,
            has_databases: false,
            databases_local: true,
            resets: Vec::new(),
        };

        for &step in &tree.order {
            let source = &tree.sources[step.source];
            match &source.file.items[step.item] {
                Item::Section(header) if header.name_text == MAIN => {
                    merged.has_main = true;
                    if !merged.winners.is_empty() {
                        let mut set: Vec<(Step, String)> =
                            merged.winners.drain().map(|(name, at)| (at, name)).collect();
                        set.sort_by_key(|(at, _)| (at.source, at.item));
                        let names = set.into_iter().map(|(_, name)| name).collect();
                        merged.resets.push(Reset { header: step, names });
                    }
                }
                Item::Entry(entry) => match entry.section.as_deref() {
                    Some(MAIN) => {
                        merged.winners.insert(entry.name.clone(), step);
                    }
                    Some("databases") => {
                        merged.has_databases = true;
                        merged.databases_local &= is_local_database(&source.text, entry);
                    }
                    _ => {}
                },
                _ => {}
            }
        }
        merged
    }

    /// Where the value PgBouncer uses for `name` is set, if anywhere.
    pub fn winner(&self, name: &str) -> Option<Step> {
        self.winners.get(name).copied()
    }

    pub fn entry<'t>(&self, tree: &'t Tree, step: Step) -> Option<&'t Entry> {
        match tree.sources.get(step.source)?.file.items.get(step.item)? {
            Item::Entry(entry) => Some(entry),
            _ => None,
        }
    }

    pub fn value<'t>(&self, tree: &'t Tree, step: Step) -> Option<&'t str> {
        let entry = self.entry(tree, step)?;
        tree.sources[step.source].text.get(entry.value.start..entry.value.end)
    }
}

/// True when a `[databases]` entry connects to this machine only: a loopback host or a
/// Unix socket (no `host`).
fn is_local_database(text: &str, entry: &Entry) -> bool {
    let pairs = syntax::parse_pairs(text, entry.value);
    pairs.errors.is_empty()
        && pairs
            .get(text, "host")
            .is_none_or(|host| host.value_text.split(',').all(crate::rules::conninfo::is_local))
}
