//! A paragraph of advice for the parameters that most often take production down: the
//! connection, keepalive, authentication, TLS, memory, WAL and logging ones.
//!
//! Each paragraph says what the parameter controls, what goes wrong when it is wrong or
//! left alone, and what to set instead. Each area is its own submodule; this one only asks
//! them in turn.

mod authentication;
mod connections;
mod logging;
mod memory;
mod ssl;
mod wal;

/// Our advice on a parameter of these areas, by its lower-case name.
pub(super) fn summary(lower: &str) -> Option<&'static str> {
    let areas: [fn(&str) -> Option<&'static str>; 6] = [
        connections::summary,
        authentication::summary,
        ssl::summary,
        memory::summary,
        wal::summary,
        logging::summary,
    ];
    areas.iter().find_map(|area| area(lower))
}
