//! `check` on the stock configuration files that Debian's PostgreSQL and PgBouncer ship.
