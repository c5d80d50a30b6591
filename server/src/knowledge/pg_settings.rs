//! Knowledge: pg_settings.
