//! Parser for pgbouncer files.
