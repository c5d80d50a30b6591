//! The editor's settings, from `initializationOptions` and
//! `workspace/didChangeConfiguration`.

use serde_json::Value;

use crate::settings::{self, Settings};

/// The section editors nest our settings under.
const SECTION: &str = "pgconfLsp";

/// `base` with every setting that `value` carries. The settings may come bare or nested
/// under `pgconfLsp`; unknown keys and values of the wrong type are ignored with a warning.
pub fn apply(base: &Settings, value: &Value) -> Settings {
    let value = value.get(SECTION).unwrap_or(value);
    let mut settings = base.clone();
    let Some(object) = value.as_object() else {
        return settings;
    };

    for (key, value) in object {
        let applied = match key.as_str() {
            "middleboxIdleTimeout" => value.as_u64().and_then(|seconds| {
                settings.middlebox_idle_timeout = u32::try_from(seconds).ok()?;
                Some(())
            }),
            "postgresVersion" => match value {
                Value::Null => {
                    settings.postgres_version = None;
                    Some(())
                }
                _ => major_version(value).map(|major| settings.postgres_version = Some(major)),
            },
            "pgbouncerVersion" => match value {
                Value::Null => {
                    settings.pgbouncer_version = None;
                    Some(())
                }
                Value::String(text) => settings::parse_pgbouncer_version(text)
                    .map(|release| settings.pgbouncer_version = Some(release)),
                _ => None,
            },
            // Settings the clients keep for themselves.
            "server" | "trace" => Some(()),
            _ => None,
        };
        if applied.is_none() {
            tracing::warn!(setting = key.as_str(), "ignored a setting we do not understand");
        }
    }
    settings
}

/// A PostgreSQL major given as a number (`15`) or a string (`"15"`).
fn major_version(value: &Value) -> Option<u32> {
    match value {
        Value::Number(number) => u32::try_from(number.as_u64()?).ok(),
        Value::String(text) => text.trim().parse().ok(),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn reads_nested_and_bare_settings() {
        let nested =
            json!({ "pgconfLsp": { "middleboxIdleTimeout": 350, "postgresVersion": "15" } });
        let settings = apply(&Settings::default(), &nested);
        assert_eq!(settings.middlebox_idle_timeout, 350);
        assert_eq!(settings.postgres_version, Some(15));

        let bare = json!({ "pgbouncerVersion": "1.18", "middleboxIdleTimeout": "soon" });
        let settings = apply(&settings, &bare);
        assert_eq!(settings.pgbouncer_version, Some((1, 18)));
        assert_eq!(settings.middlebox_idle_timeout, 350);
    }
}
