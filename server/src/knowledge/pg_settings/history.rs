//! When parameters arrived and left: what a file written for one major means to another.
//!
//! Arrivals and removals between 13 and 18 are derived from the generated catalogs (a name in
//! an older catalog and missing from a newer one was removed in the first major without it).
//! What the catalogs cannot say is in [`FACTS`], our own table: removals before 13 (we have
//! no older catalogs), and which parameter took over from a removed one, with how to convert
//! its value. Each fact names the release notes it comes from.

use super::{catalogs, Catalog};

/// How the value of a removed parameter becomes the value of its successor.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Conversion {
    /// The successor takes the same value.
    Same,
    /// A count of 16MB WAL segments becomes a size: `segments × 16MB × factor`. (16MB is
    /// the default segment size; clusters initialised with another size differ.)
    SegmentsToSize { factor: u32 },
}

/// What we know of a parameter that the catalogs do not tell.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Fact {
    pub name: &'static str,
    /// The first major without it, as the release notes name it (`9.5`, `13`).
    pub removed_in: &'static str,
    /// The parameter that does its job now, and how its value converts.
    pub successor: Option<(&'static str, Conversion)>,
    /// What to do instead, when no parameter takes over (a sentence fragment).
    pub instead: Option<&'static str>,
    /// The release notes the fact comes from.
    pub source: &'static str,
}

/// Our table of removals and renames, checked against the catalogs by the tests (a fact about
/// 13 or later must agree with them).
pub static FACTS: &[Fact] = &[
    Fact {
        name: "custom_variable_classes",
        removed_in: "9.2",
        successor: None,
        instead: Some("any dotted name is accepted now, so the line can simply go"),
        source: "PostgreSQL 9.2 release notes, Server Settings",
    },
    Fact {
        name: "unix_socket_directory",
        removed_in: "9.3",
        successor: Some(("unix_socket_directories", Conversion::Same)),
        instead: None,
        source: "PostgreSQL 9.3 release notes, Server Settings",
    },
    Fact {
        name: "checkpoint_segments",
        removed_in: "9.5",
        successor: Some(("max_wal_size", Conversion::SegmentsToSize { factor: 3 })),
        instead: None,
        source: "PostgreSQL 9.5 release notes, Server Settings (max_wal_size = (3 * \
                 checkpoint_segments) * 16MB)",
    },
    Fact {
        name: "ssl_renegotiation_limit",
        removed_in: "9.5",
        successor: None,
        instead: Some("renegotiation is gone, so the line can simply go"),
        source: "PostgreSQL 9.5 release notes, Server Settings",
    },
    Fact {
        name: "min_parallel_relation_size",
        removed_in: "10",
        successor: Some(("min_parallel_table_scan_size", Conversion::Same)),
        instead: None,
        source: "PostgreSQL 10 release notes, Server Configuration",
    },
    Fact {
        name: "sql_inheritance",
        removed_in: "10",
        successor: None,
        instead: Some("child tables are always included; write ONLY where they must not be"),
        source: "PostgreSQL 10 release notes, Migration to Version 10",
    },
    Fact {
        name: "replacement_sort_tuples",
        removed_in: "11",
        successor: None,
        instead: Some("the sort it tuned no longer exists, so the line can simply go"),
        source: "PostgreSQL 11 release notes, Migration to Version 11",
    },
    Fact {
        name: "standby_mode",
        removed_in: "12",
        successor: None,
        instead: Some("create an empty standby.signal file in the data directory"),
        source: "PostgreSQL 12 release notes, Migration to Version 12 (recovery.conf merged \
                 into postgresql.conf)",
    },
    Fact {
        name: "wal_keep_segments",
        removed_in: "13",
        successor: Some(("wal_keep_size", Conversion::SegmentsToSize { factor: 1 })),
        instead: None,
        source: "PostgreSQL 13 release notes, Migration to Version 13",
    },
    Fact {
        name: "operator_precedence_warning",
        removed_in: "14",
        successor: None,
        instead: Some("the 9.5 precedence change it warned about is long settled"),
        source: "PostgreSQL 14 release notes, Migration to Version 14",
    },
    Fact {
        name: "vacuum_cleanup_index_scale_factor",
        removed_in: "14",
        successor: None,
        instead: Some("VACUUM decides index cleanup by itself now"),
        source: "PostgreSQL 14 release notes, Migration to Version 14",
    },
    Fact {
        name: "stats_temp_directory",
        removed_in: "15",
        successor: None,
        instead: Some("statistics live in shared memory now, so the line can simply go"),
        source: "PostgreSQL 15 release notes, Migration to Version 15",
    },
    Fact {
        name: "force_parallel_mode",
        removed_in: "16",
        successor: Some(("debug_parallel_query", Conversion::Same)),
        instead: None,
        source: "PostgreSQL 16 release notes, Migration to Version 16",
    },
    Fact {
        name: "promote_trigger_file",
        removed_in: "16",
        successor: None,
        instead: Some("promote with `pg_ctl promote` or `SELECT pg_promote()`"),
        source: "PostgreSQL 16 release notes, Migration to Version 16",
    },
    Fact {
        name: "vacuum_defer_cleanup_age",
        removed_in: "16",
        successor: None,
        instead: Some("use hot_standby_feedback or a replication slot"),
        source: "PostgreSQL 16 release notes, Migration to Version 16",
    },
    Fact {
        name: "old_snapshot_threshold",
        removed_in: "17",
        successor: None,
        instead: Some("bound long transactions with transaction_timeout or idle timeouts"),
        source: "PostgreSQL 17 release notes, Migration to Version 17",
    },
    Fact {
        name: "db_user_namespace",
        removed_in: "17",
        successor: None,
        instead: Some("give roles distinct names"),
        source: "PostgreSQL 17 release notes, Migration to Version 17",
    },
];

/// Parameters that some builds add with patches of their own: their absence from another
/// major's catalog says nothing about that major. Debian's packages add extension_destdir
/// (our 15 catalog merges Debian's build; the others are upstream builds).
// FIXME: A Debian server of another major accepts extension_destdir too, yet we call it an
// unknown parameter there; the catalogs of those majors would need Debian's builds.
const BUILD_SPECIFIC: &[&str] = &["extension_destdir"];

/// What a name that the target major does not know meant in other majors.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum History {
    /// Removed in `removed_in` (a major we have a catalog for, or one our table names).
    Removed { removed_in: Removal, fact: Option<&'static Fact> },
    /// Not there yet: the first major that has it.
    NotYet { arrived_in: u32 },
}

/// The first major without a parameter: one of our catalogs' majors, or a release our table
/// names.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Removal {
    Major(u32),
    Release(&'static str),
}

impl std::fmt::Display for Removal {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Removal::Major(major) => write!(formatter, "{major}"),
            Removal::Release(release) => formatter.write_str(release),
        }
    }
}

/// The fact our table holds about `name`, compared case-insensitively.
pub fn fact(name: &str) -> Option<&'static Fact> {
    FACTS.iter().find(|fact| fact.name.eq_ignore_ascii_case(name))
}

/// What `name` was in other majors, when `target` (the catalog a file is checked against,
/// for the major `requested`, which may be older than any catalog) does not know it; `None`
/// when no major we know of had it.
pub fn history(name: &str, target: &Catalog, requested: u32) -> Option<History> {
    if target.get(name).is_some()
        || name.contains('.')
        || BUILD_SPECIFIC.iter().any(|n| n.eq_ignore_ascii_case(name))
    {
        return None;
    }
    let all = catalogs();
    let has = |catalog: &Catalog| catalog.get(name).is_some();

    if let Some(newer) = all.iter().find(|c| c.major > requested && has(c)) {
        if !all.iter().any(|c| c.major <= requested && has(c)) {
            return Some(History::NotYet { arrived_in: newer.major });
        }
    }
    if let Some(last) = all.iter().rev().find(|c| c.major < requested && has(c)) {
        let removed_in =
            all.iter().find(|c| c.major > last.major && !has(c)).map_or(requested, |c| c.major);
        return Some(History::Removed { removed_in: Removal::Major(removed_in), fact: fact(name) });
    }
    let fact = fact(name)?;
    // A 9.x release is later than the major 9 a user can name, so only majors after it count.
    let (removed_major, is_nine) = match fact.removed_in.split_once('.') {
        Some((major, _)) => (major.parse::<u32>().ok()?, true),
        None => (fact.removed_in.parse::<u32>().ok()?, false),
    };
    let removed_in = Removal::Release(fact.removed_in);
    let applies = removed_major < requested || (!is_nine && removed_major == requested);
    applies.then_some(History::Removed { removed_in, fact: Some(fact) })
}

/// The successor's value for a removed parameter's `value`, as text to write in the file;
/// `None` when it does not convert (a count that is not a plain number).
pub fn convert(conversion: Conversion, value: &str) -> Option<String> {
    match conversion {
        Conversion::Same => Some(value.to_string()),
        Conversion::SegmentsToSize { factor } => {
            let segments: u64 = value.trim().parse().ok()?;
            let megabytes = segments.checked_mul(16)?.checked_mul(u64::from(factor))?;
            if megabytes > 0 && megabytes.is_multiple_of(1024) {
                Some(format!("{}GB", megabytes / 1024))
            } else {
                Some(format!("{megabytes}MB"))
            }
        }
    }
}
