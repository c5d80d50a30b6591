//! The user's settings that change what the rules say, shared by the CLI flags and the
//! editor's configuration.

use crate::knowledge::drivers::Driver;

/// Azure Load Balancer's default idle timeout; AWS NAT Gateway, NLB and VPC endpoints drop
/// idle flows later (350 s), so keepalives below 240 s satisfy all of them.
pub const DEFAULT_MIDDLEBOX_IDLE_TIMEOUT: u32 = 240;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Settings {
    /// Seconds after which a NAT gateway, load balancer or firewall between client and
    /// server drops an idle TCP connection without telling either end.
    pub middlebox_idle_timeout: u32,
    /// The PostgreSQL major the files are for; `None` means the newest we know.
    pub postgres_version: Option<u32>,
    /// The PgBouncer release as (major, minor); `None` means the newest we know.
    pub pgbouncer_version: Option<(u32, u32)>,
    /// The driver that reads plain connection strings, overriding what keys and manifests
    /// say; `None` lets them decide.
    pub connection_driver: Option<Driver>,
}

impl Default for Settings {
    fn default() -> Settings {
        Settings {
            middlebox_idle_timeout: DEFAULT_MIDDLEBOX_IDLE_TIMEOUT,
            postgres_version: None,
            pgbouncer_version: None,
            connection_driver: None,
        }
    }
}

/// Parses a PgBouncer release such as `1.18` or `1.18.0`.
pub fn parse_pgbouncer_version(text: &str) -> Option<(u32, u32)> {
    let mut parts = text.trim().split('.');
    let major = parts.next()?.parse().ok()?;
    let minor = parts.next().map_or(Some(0), |m| m.parse().ok())?;
    Some((major, minor))
}

/// A PostgreSQL major we have a catalog for, or why not.
pub fn supported_postgres_version(major: u32) -> Result<u32, String> {
    let majors = crate::knowledge::pg_settings::majors();
    if majors.contains(&major) {
        return Ok(major);
    }
    let (oldest, newest) = (majors.first().copied(), majors.last().copied());
    let (oldest, newest) = (oldest.unwrap_or_default(), newest.unwrap_or_default());
    Err(format!("PostgreSQL {major} is not one pgconf-lsp knows; it knows {oldest} to {newest}"))
}

/// A PgBouncer release we have a catalog for, or why not.
pub fn supported_pgbouncer_version(release: (u32, u32)) -> Result<(u32, u32), String> {
    let releases = crate::knowledge::pgbouncer::releases();
    if releases.iter().any(|catalog| catalog.release == release) {
        return Ok(release);
    }
    let names: Vec<String> = releases.iter().map(|catalog| catalog.release_name()).collect();
    let (major, minor) = release;
    Err(format!(
        "PgBouncer {major}.{minor} is not one pgconf-lsp knows; it knows {}",
        names.join(", ")
    ))
}

/// The value of `connectionDriver` and `--connection-driver` that lets keys and manifests
/// decide.
pub const CONNECTION_DRIVER_AUTO: &str = "auto";

/// The driver a `connectionDriver` value names: `None` for `auto`, or why it names none.
pub fn parse_connection_driver(name: &str) -> Result<Option<Driver>, String> {
    if name == CONNECTION_DRIVER_AUTO {
        return Ok(None);
    }
    Driver::from_setting_name(name).map(Some).ok_or_else(|| {
        let names: Vec<&str> = Driver::ALL.iter().map(|driver| driver.setting_name()).collect();
        format!("`{name}` is not a driver pgconf-lsp knows; it knows auto, {}", names.join(", "))
    })
}

/// A middlebox idle timeout that makes sense: at least a second.
pub fn supported_middlebox_idle_timeout(seconds: u32) -> Result<u32, String> {
    if seconds == 0 {
        return Err("the middlebox idle timeout is a number of seconds above 0".to_string());
    }
    Ok(seconds)
}

/// One setting of the editor clients, under the `pgconfLsp.` prefix. This table is the single
/// declaration: `editors/vscode/package.json` repeats it in `contributes.configuration` (a test
/// below keeps the two equal) and `editors/README.md` documents it.
#[derive(Clone, Copy, Debug)]
pub struct EditorSetting {
    /// The key after `pgconfLsp.`, e.g. `server.path`.
    pub name: &'static str,
    /// The JSON types the value may have, as a JSON schema names them.
    pub json_types: &'static [&'static str],
    /// The default as JSON text.
    pub default: &'static str,
    /// The values allowed, when the setting is a choice.
    pub choices: &'static [&'static str],
    /// VS Code's scope; `machine-overridable` keeps a workspace from choosing the executable.
    pub scope: Option<&'static str>,
    /// One or two sentences for the settings page.
    pub description: &'static str,
}

/// Every setting the editor clients offer. The first four reach the server as
/// `initializationOptions` and `workspace/didChangeConfiguration`; the clients keep `server`
/// and `trace` for themselves.
pub const EDITOR_SETTINGS: &[EditorSetting] = &[
    EditorSetting {
        name: "postgresVersion",
        json_types: &["integer", "null"],
        default: "null",
        choices: &[],
        scope: None,
        description: "PostgreSQL major version the files are for, e.g. 16; null means the newest \
                      one pgconf-lsp knows.",
    },
    EditorSetting {
        name: "middleboxIdleTimeout",
        json_types: &["integer"],
        default: "240",
        choices: &[],
        scope: None,
        description: "Seconds after which a NAT gateway, load balancer or firewall on the path \
                      drops an idle TCP connection; TCP keepalives must be shorter than this.",
    },
    EditorSetting {
        name: "pgbouncerVersion",
        json_types: &["string", "null"],
        default: "null",
        choices: &[],
        scope: None,
        description: "PgBouncer release the files are for, e.g. \"1.18\"; null means the newest \
                      one pgconf-lsp knows.",
    },
    EditorSetting {
        name: "connectionDriver",
        json_types: &["string"],
        default: "\"auto\"",
        choices: &[
            "auto",
            "libpq",
            "sqlalchemy-psycopg",
            "sqlalchemy-asyncpg",
            "sqlalchemy-pg8000",
            "asyncpg",
            "pgjdbc",
            "node-postgres",
            "prisma",
            "postgres-js",
            "lib-pq",
            "pgx",
            "npgsql",
            "django-environ",
            "dj-database-url",
        ],
        scope: None,
        description: "The driver that reads plain postgres:// URLs and keyword=value strings; \
                      auto decides from the key they are stored under and the workspace's \
                      dependency manifests.",
    },
    EditorSetting {
        name: "server.path",
        json_types: &["string", "null"],
        default: "null",
        choices: &[],
        scope: Some("machine-overridable"),
        description: "Path of the pgconf-lsp executable (~ is expanded). Unset: the \
                      PGCONF_LSP_PATH environment variable, then a binary bundled with the \
                      extension, then pgconf-lsp on PATH.",
    },
    EditorSetting {
        name: "trace.server",
        json_types: &["string"],
        default: "\"off\"",
        choices: &["off", "messages", "verbose"],
        scope: None,
        description: "Log the messages between the editor and pgconf-lsp to the output channel.",
    },
];

#[cfg(test)]
mod editor_settings_tests {
    use super::*;
    use serde_json::{json, Value};

    /// What `contributes.configuration.properties` must hold for `EDITOR_SETTINGS`.
    fn expected_properties() -> Value {
        let mut properties = serde_json::Map::new();
        for setting in EDITOR_SETTINGS {
            let json_type = match setting.json_types {
                [single] => json!(single),
                several => json!(several),
            };
            let mut property = json!({
                "type": json_type,
                "default": serde_json::from_str::<Value>(setting.default).expect("default is JSON"),
                "description": setting.description,
            });
            if !setting.choices.is_empty() {
                property["enum"] = json!(setting.choices);
            }
            if let Some(scope) = setting.scope {
                property["scope"] = json!(scope);
            }
            properties.insert(format!("pgconfLsp.{}", setting.name), property);
        }
        Value::Object(properties)
    }

    #[test]
    fn vscode_package_declares_exactly_the_editor_settings() {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../editors/vscode/package.json");
        let text = std::fs::read_to_string(path).expect("editors/vscode/package.json is readable");
        let package: Value = serde_json::from_str(&text).expect("package.json is JSON");

        let declared = &package["contributes"]["configuration"]["properties"];
        let expected = expected_properties();
        assert_eq!(
            declared,
            &expected,
            "package.json's contributes.configuration.properties must be, from EDITOR_SETTINGS:\n{}",
            serde_json::to_string_pretty(&expected).unwrap_or_default()
        );
    }

    /// Whether `name` (a bare file name) matches a `filenamePatterns` glob of the form
    /// `**/prefix*suffix` or `**/name`; `None` for a glob that also names a folder.
    fn name_glob_matches(glob: &str, name: &str) -> Option<bool> {
        let pattern = glob.strip_prefix("**/").unwrap_or(glob);
        if pattern.contains('/') {
            return None;
        }
        Some(match pattern.split_once('*') {
            Some((prefix, suffix)) => {
                name.len() >= prefix.len() + suffix.len()
                    && name.starts_with(prefix)
                    && name.ends_with(suffix)
            }
            None => name == pattern,
        })
    }

    /// The extension opens a file in our language exactly when `check` reads it as that
    /// kind: every name `FileKind::from_path` gives one of the extension's languages is
    /// matched by that language's file names or patterns, and every name-only pattern
    /// stands for names `from_path` reads as that kind. Patterns that name a folder
    /// (`**/conf.d/*.conf`) are the extension's extra, for fragments of a kind.
    #[test]
    fn vscode_file_associations_agree_with_the_kinds() {
        use crate::kind::FileKind;
        use std::path::Path;

        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../editors/vscode/package.json");
        let text = std::fs::read_to_string(path).expect("editors/vscode/package.json is readable");
        let package: Value = serde_json::from_str(&text).expect("package.json is JSON");
        let languages = package["contributes"]["languages"].as_array().cloned().unwrap_or_default();
        let strings = |language: &Value, key: &str| -> Vec<String> {
            let values = language[key].as_array().cloned().unwrap_or_default();
            values.iter().filter_map(|value| Some(value.as_str()?.to_string())).collect()
        };
        let kind_of = |name: &str| FileKind::from_path(Path::new(name)).map(FileKind::name);

        let samples = [
            "postgresql.conf",
            "postgresql.auto.conf",
            "postgresql-replica.conf",
            "pg_hba.conf",
            "pg_hba_prod.conf",
            "pg_ident.conf",
            "pg_ident_ldap.conf",
            "pgbouncer.ini",
            "userlist.txt",
            "userlist-prod.txt",
        ];
        let mut disagreements = Vec::new();
        for language in &languages {
            let id = language["id"].as_str().unwrap_or_default();
            let names = strings(language, "filenames");
            let patterns = strings(language, "filenamePatterns");
            for sample in samples.iter().filter(|sample| kind_of(sample) == Some(id)) {
                let named = names.iter().any(|name| name == sample);
                let matched =
                    patterns.iter().any(|glob| name_glob_matches(glob, sample) == Some(true));
                if !named && !matched {
                    disagreements.push(format!("{id} does not open {sample}"));
                }
            }
            for name in &names {
                if kind_of(name) != Some(id) {
                    disagreements.push(format!("{id} opens {name}, which check reads otherwise"));
                }
            }
            for glob in patterns.iter().filter(|glob| name_glob_matches(glob, "").is_some()) {
                let example = glob.trim_start_matches("**/").replacen('*', "-x", 1);
                if kind_of(&example) != Some(id) {
                    disagreements
                        .push(format!("{id} opens {example}, which check reads otherwise"));
                }
            }
        }
        assert_eq!(disagreements, Vec::<String>::new());
    }

    #[test]
    fn connection_driver_choices_are_the_drivers() {
        let setting = EDITOR_SETTINGS.iter().find(|setting| setting.name == "connectionDriver");
        let choices = setting.map(|setting| setting.choices.to_vec()).unwrap_or_default();
        let mut expected = vec![CONNECTION_DRIVER_AUTO];
        expected.extend(Driver::ALL.iter().map(|driver| driver.setting_name()));
        assert_eq!(choices, expected);
        assert_eq!(parse_connection_driver("pgx"), Ok(Some(Driver::Pgx)));
        assert_eq!(parse_connection_driver("auto"), Ok(None));
        assert!(parse_connection_driver("pq").is_err());
    }

    #[test]
    fn editor_defaults_are_the_server_defaults() {
        let timeout = EDITOR_SETTINGS.iter().find(|setting| setting.name == "middleboxIdleTimeout");
        let default = timeout.map(|setting| setting.default);
        assert_eq!(default, Some(DEFAULT_MIDDLEBOX_IDLE_TIMEOUT.to_string().as_str()));
    }
}
