//! The editor's settings, from `initializationOptions` and
//! `workspace/didChangeConfiguration`.

use serde_json::Value;

use crate::settings::{self, Settings};

/// The section editors nest our settings under.
const SECTION: &str = "pgconfLsp";

/// `base` with every setting that `value` carries, and a sentence for each setting that
/// was ignored: an unknown key, a value of the wrong type, or a version pgconf-lsp has no
/// catalog for. The settings may come bare or nested under `pgconfLsp`.
pub fn apply(base: &Settings, value: &Value) -> (Settings, Vec<String>) {
    let value = value.get(SECTION).unwrap_or(value);
    let mut settings = base.clone();
    let mut ignored = Vec::new();
    let Some(object) = value.as_object() else {
        return (settings, ignored);
    };

    for (key, value) in object {
        let applied = match key.as_str() {
            "middleboxIdleTimeout" => seconds(value).map(|seconds| {
                settings.middlebox_idle_timeout = seconds;
            }),
            "postgresVersion" if value.is_null() => {
                settings.postgres_version = None;
                Ok(())
            }
            "postgresVersion" => major_version(value).map(|major| {
                settings.postgres_version = Some(major);
            }),
            "pgbouncerVersion" if value.is_null() => {
                settings.pgbouncer_version = None;
                Ok(())
            }
            "pgbouncerVersion" => pgbouncer_version(value).map(|release| {
                settings.pgbouncer_version = Some(release);
            }),
            "connectionDriver" => connection_driver(value).map(|driver| {
                settings.connection_driver = driver;
            }),
            // Settings the clients keep for themselves.
            "server" | "trace" => Ok(()),
            _ => Err(format!("`{key}` is not a pgconf-lsp setting")),
        };
        if let Err(why) = applied {
            tracing::warn!(setting = key.as_str(), why, "ignored a setting");
            ignored.push(format!("{SECTION}.{key} ignored: {why}."));
        }
    }
    (settings, ignored)
}

fn seconds(value: &Value) -> Result<u32, String> {
    let seconds = value.as_u64().and_then(|seconds| u32::try_from(seconds).ok());
    let seconds = seconds.ok_or_else(|| format!("{value} is not a number of seconds"))?;
    settings::supported_middlebox_idle_timeout(seconds)
}

/// A PostgreSQL major given as a number (`15`) or a string (`"15"`).
fn major_version(value: &Value) -> Result<u32, String> {
    let major = match value {
        Value::Number(number) => number.as_u64().and_then(|major| u32::try_from(major).ok()),
        Value::String(text) => text.trim().parse().ok(),
        _ => None,
    };
    let major = major.ok_or_else(|| format!("{value} is not a PostgreSQL major such as 15"))?;
    settings::supported_postgres_version(major)
}

/// `auto` or a driver's name; null means `auto`.
fn connection_driver(value: &Value) -> Result<Option<crate::knowledge::drivers::Driver>, String> {
    match value {
        Value::Null => Ok(None),
        Value::String(name) => settings::parse_connection_driver(name),
        _ => Err(format!("{value} is not a driver name such as \"node-postgres\"")),
    }
}

fn pgbouncer_version(value: &Value) -> Result<(u32, u32), String> {
    let release = value.as_str().and_then(settings::parse_pgbouncer_version);
    let release = release.ok_or_else(|| format!("{value} is not a release such as \"1.18\""))?;
    settings::supported_pgbouncer_version(release)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn connection_driver() {
        use crate::knowledge::drivers::Driver;
        let (settings, ignored) =
            apply(&Settings::default(), &json!({ "connectionDriver": "pgx" }));
        assert_eq!(settings.connection_driver, Some(Driver::Pgx));
        assert!(ignored.is_empty());
        let (settings, _) = apply(&settings, &json!({ "connectionDriver": "auto" }));
        assert_eq!(settings.connection_driver, None);
        let (_, ignored) = apply(&settings, &json!({ "connectionDriver": 3 }));
        expect_test::expect![[
            r#"pgconfLsp.connectionDriver ignored: 3 is not a driver name such as "node-postgres"."#
        ]]
        .assert_eq(&ignored.join("\n"));
    }

    #[test]
    fn reads_nested_and_bare_settings() {
        let nested =
            json!({ "pgconfLsp": { "middleboxIdleTimeout": 350, "postgresVersion": "15" } });
        let (settings, ignored) = apply(&Settings::default(), &nested);
        assert_eq!(settings.middlebox_idle_timeout, 350);
        assert_eq!(settings.postgres_version, Some(15));
        assert!(ignored.is_empty());

        let bare = json!({
            "pgbouncerVersion": "1.18",
            "middleboxIdleTimeout": "soon",
            "postgresVersion": 9,
            "colour": "blue",
        });
        let (settings, ignored) = apply(&settings, &bare);
        assert_eq!(settings.pgbouncer_version, Some((1, 18)));
        assert_eq!(settings.middlebox_idle_timeout, 350);
        assert_eq!(settings.postgres_version, Some(15));
        expect_test::expect![[r#"
            pgconfLsp.middleboxIdleTimeout ignored: "soon" is not a number of seconds.
            pgconfLsp.postgresVersion ignored: PostgreSQL 9 is not one pgconf-lsp knows; it knows 13 to 18.
            pgconfLsp.colour ignored: `colour` is not a pgconf-lsp setting."#]].assert_eq(&ignored.join("\n"));
    }
}
