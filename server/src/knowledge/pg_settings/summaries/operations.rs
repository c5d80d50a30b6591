//! What the vacuum, replication, resource, statistics, WAL, logging, file-location and
//! developer parameters are for, in our own words.
//!
//! Each area is its own submodule; this one only asks them in turn.

mod developer;
mod files;
mod io;
mod logging;
mod memory;
mod replication;
mod statistics;
mod vacuum;
mod wal;
mod workers;

#[cfg(test)]
mod tests;

/// Our explanation of a parameter of these areas, by its lower-case name.
pub(super) fn summary(lower: &str) -> Option<&'static str> {
    vacuum::summary(lower)
        .or_else(|| replication::summary(lower))
        .or_else(|| io::summary(lower))
        .or_else(|| memory::summary(lower))
        .or_else(|| workers::summary(lower))
        .or_else(|| statistics::summary(lower))
        .or_else(|| wal::summary(lower))
        .or_else(|| logging::summary(lower))
        .or_else(|| files::summary(lower))
        .or_else(|| developer::summary(lower))
}
