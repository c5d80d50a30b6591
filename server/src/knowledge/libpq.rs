//! Knowledge: libpq.
