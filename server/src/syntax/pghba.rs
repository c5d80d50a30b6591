//! Parser for pghba files.
