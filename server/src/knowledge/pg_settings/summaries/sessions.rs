//! What the planner, session-default, locking, compatibility, preset and bundled-extension
//! parameters are for, in our own words.
//!
//! Each area is its own submodule; this one only asks them in turn.

mod compat;
mod errors;
mod extensions;
mod libraries;
mod locale;
mod locks;
mod planner_costs;
mod planner_methods;
mod planner_other;
mod preset;
mod statements;

#[cfg(test)]
mod tests;

/// Our explanation of a parameter of these areas, by its lower-case name.
pub(super) fn summary(lower: &str) -> Option<&'static str> {
    let areas: [fn(&str) -> Option<&'static str>; 11] = [
        planner_methods::summary,
        planner_costs::summary,
        planner_other::summary,
        statements::summary,
        locale::summary,
        libraries::summary,
        locks::summary,
        errors::summary,
        compat::summary,
        preset::summary,
        extensions::summary,
    ];
    areas.iter().find_map(|area| area(lower))
}
