//! Parser for conninfo files.
