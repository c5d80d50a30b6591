//! Parser for pgconf files.
