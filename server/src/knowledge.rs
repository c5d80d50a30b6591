//! Facts about PostgreSQL, libpq and PgBouncer: parameter catalogs generated from the real
//! software, and the meaning of modes and methods. No parsing and no rules here.

pub mod drivers;
pub mod hba;
pub mod libpq;
pub mod pg_settings;
pub mod pgbouncer;
pub mod sslmode;
