//! How Django's two URL helpers, django-environ (`Env.db_url_config` in
//! `environ/environ.py`) and dj-database-url (`parse` in `dj_database_url/__init__.py`),
//! read a PostgreSQL URL, and which of its query keys never reach libpq.
//!
//! Both split the URL with Python's `urllib.parse` (user information at the last `@`,
//! every part percent-decoded) and turn the query into Django's `DATABASES` entry: the keys
//! a helper keeps for itself become Django settings, the rest go into `OPTIONS`. Django's
//! postgresql backend (`django/db/backends/postgresql/base.py`, `get_connection_params`)
//! takes a few of those for itself and hands the others to `psycopg.connect()` as keyword
//! arguments, which libpq refuses when it does not know one ("invalid connection option").
//! Read in django-environ 0.11.2 and 0.14.0, dj-database-url 3.1.2 and Django 5.2.

use super::Driver;

/// The URL schemes each helper maps to Django's PostgreSQL backends (`DB_SCHEMES` in
/// django-environ, the `register` calls of dj-database-url). Only django-environ takes
/// `psql`; both take `pgsql` and `postgis` (GeoDjango's backend). dj-database-url's
/// `redshift` and `timescale` and django-environ's `prometheus_postgresql` name other
/// backends and are left out.
pub fn schemes(driver: Driver) -> &'static [&'static str] {
    match driver {
        Driver::DjangoEnviron => &["postgres", "postgresql", "psql", "pgsql", "postgis"],
        Driver::DjDatabaseUrl => &["postgres", "postgresql", "pgsql", "postgis"],
        _ => &[],
    }
}

/// The Django settings django-environ takes from the query (`_DB_BASE_OPTIONS`), here in
/// the lower case people write in URLs; django-environ compares them in upper case, so
/// `conn_max_age` and `CONN_MAX_AGE` are one key. Their values go
/// through `ast.literal_eval`: `True` and `None` are Python's, while `true` and `false`
/// stay strings, and a non-empty string is true to Django.
pub const ENVIRON_SETTINGS: [&str; 5] = [
    "conn_max_age",
    "atomic_requests",
    "autocommit",
    "disable_server_side_cursors",
    "conn_health_checks",
];

/// The settings among [`ENVIRON_SETTINGS`] that Django reads as true or false.
pub const ENVIRON_BOOLEAN_SETTINGS: [&str; 4] =
    ["atomic_requests", "autocommit", "disable_server_side_cursors", "conn_health_checks"];

/// True when django-environ leaves `value` a string that means "no" to a person but is
/// true to Django: `ast.literal_eval` turns only Python literals (`False`, `0`, `None`)
/// into values, so `false`, `no` and `off` stay non-empty strings.
pub fn is_string_false(value: &str) -> bool {
    let lower = value.trim().to_ascii_lowercase();
    let words_for_no = ["false", "no", "off", "n"];
    words_for_no.contains(&lower.as_str()) && value.trim() != "False"
}

/// The Django settings `dj_database_url.config()` and `parse()` take as arguments.
pub const DJ_DATABASE_URL_ARGUMENTS: [&str; 3] =
    ["conn_max_age", "conn_health_checks", "disable_server_side_cursors"];

/// The one query key dj-database-url keeps (its postgresql post-processing): it becomes
/// `options=-c search_path=<value>`. Compared exactly.
pub const DJ_DATABASE_URL_SCHEMA: &str = "currentSchema";

/// The `OPTIONS` keys Django's postgresql backend removes before connecting
/// (`get_connection_params`): `isolation_level` and `assume_role` are applied after
/// connecting, `pool` and `server_side_binding` configure psycopg 3, and
/// `prepare_threshold` becomes psycopg 3's argument of that name.
pub const BACKEND_OPTIONS: [&str; 5] =
    ["isolation_level", "assume_role", "pool", "server_side_binding", "prepare_threshold"];

/// Who keeps a query key for itself instead of passing it to libpq.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Keeper {
    /// The URL helper: a Django setting (django-environ) or `currentSchema`
    /// (dj-database-url).
    Helper(Driver),
    /// Django's postgresql backend, from `OPTIONS`.
    Backend,
}

impl Keeper {
    /// What becomes of the key, for hovers.
    pub fn describe(self, key: &str) -> String {
        match self {
            Keeper::Helper(Driver::DjDatabaseUrl) => format!(
                "dj-database-url turns `{key}` into libpq's `options=-c search_path=…`, so \
                 the value becomes the session's schema search path."
            ),
            Keeper::Helper(driver) => format!(
                "{} reads `{key}` as Django's `{}` setting; it never reaches libpq.",
                driver.name(),
                key.to_ascii_uppercase()
            ),
            Keeper::Backend => format!(
                "Django's postgresql backend takes `{key}` out of `OPTIONS` before \
                 connecting (psycopg 3 only for `pool`, `server_side_binding` and \
                 `prepare_threshold`); it never reaches libpq."
            ),
        }
    }
}

/// True when `key` is one of the Django settings django-environ takes from the query.
pub fn is_environ_setting(key: &str) -> bool {
    ENVIRON_SETTINGS.iter().any(|setting| setting.eq_ignore_ascii_case(key))
}

/// Who keeps `key` when `driver` reads the URL, or `None` when it reaches libpq.
pub fn keeper(driver: Driver, key: &str) -> Option<Keeper> {
    let helper = match driver {
        Driver::DjangoEnviron => is_environ_setting(key),
        Driver::DjDatabaseUrl => key == DJ_DATABASE_URL_SCHEMA,
        _ => return None,
    };
    if helper {
        return Some(Keeper::Helper(driver));
    }
    BACKEND_OPTIONS.contains(&key).then_some(Keeper::Backend)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn who_keeps_which_key() {
        let keys = ["conn_max_age", "CONN_MAX_AGE", "currentSchema", "isolation_level", "sslmode"];
        let rows: Vec<String> = [Driver::DjangoEnviron, Driver::DjDatabaseUrl, Driver::Libpq]
            .iter()
            .flat_map(|&driver| {
                keys.iter().map(move |key| format!("{driver:?} {key}: {:?}", keeper(driver, key)))
            })
            .collect();
        expect_test::expect![[r#"
            DjangoEnviron conn_max_age: Some(Helper(DjangoEnviron))
            DjangoEnviron CONN_MAX_AGE: Some(Helper(DjangoEnviron))
            DjangoEnviron currentSchema: None
            DjangoEnviron isolation_level: Some(Backend)
            DjangoEnviron sslmode: None
            DjDatabaseUrl conn_max_age: None
            DjDatabaseUrl CONN_MAX_AGE: None
            DjDatabaseUrl currentSchema: Some(Helper(DjDatabaseUrl))
            DjDatabaseUrl isolation_level: Some(Backend)
            DjDatabaseUrl sslmode: None
            Libpq conn_max_age: None
            Libpq CONN_MAX_AGE: None
            Libpq currentSchema: None
            Libpq isolation_level: None
            Libpq sslmode: None"#]]
        .assert_eq(&rows.join("\n"));
    }
}
