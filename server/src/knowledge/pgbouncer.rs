//! Knowledge: pgbouncer.
