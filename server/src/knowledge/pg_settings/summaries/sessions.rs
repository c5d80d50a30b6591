//! What the planner, session-default, locking, compatibility, preset and bundled-extension
//! parameters are for, in our own words.

/// Our explanation of a parameter of these areas, by its lower-case name.
pub(super) fn summary(_lower: &str) -> Option<&'static str> {
    None
}
