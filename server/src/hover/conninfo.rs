//! Hovers on libpq connection strings: what an `sslmode` does and protects against,
//! what a keyword means, and anywhere else a breakdown of the whole string with the
//! TLS mode libpq ends up using. Passwords and other secrets always show as `****`.

#[cfg(test)]
mod tests;

use crate::hover::Hover;
use crate::knowledge::drivers::{django, Driver};
use crate::knowledge::libpq::{self, Catalog};
use crate::knowledge::sslmode::SslMode;
use crate::rules::conninfo::{consumer, Consumer};
use crate::settings::Settings;
use crate::syntax::conninfo::{self, ConnInfo, Environment, Form, Origin, SourceMap};

/// How a secret is shown.
pub const REDACTED: &str = "****";

/// The hover at byte `offset` of a conninfo file (one connection string per line).
pub fn hover(text: &str, offset: usize, settings: &Settings) -> Option<Hover> {
    let mut line_start = 0;
    for line in text.split_inclusive('\n') {
        let content = line.strip_suffix('\n').unwrap_or(line);
        let content = content.strip_suffix('\r').unwrap_or(content);
        if (line_start..=line_start + content.len()).contains(&offset) {
            let trimmed = content.trim();
            if trimmed.is_empty() || trimmed.starts_with('#') {
                return None;
            }
            let major = crate::rules::conninfo::parse_major(settings);
            let info = conninfo::parse_for(content, major);
            let map = SourceMap::identity(line_start, content.len());
            let env = Environment::default();
            let consumer = crate::rules::conninfo::file_reader(settings);
            return hover_connection_string_for(
                content,
                &info,
                offset - line_start,
                &map,
                &env,
                settings,
                &consumer,
            );
        }
        line_start += line.len();
    }
    None
}

/// The hover at `offset` (in the decoded string) of one parsed connection string, read as
/// libpq reads it; the returned span is in the file `map` leads to.
pub fn hover_connection_string(
    text: &str,
    info: &ConnInfo,
    offset: usize,
    map: &SourceMap,
    env: &Environment,
    settings: &Settings,
) -> Option<Hover> {
    let consumer = Consumer::unknown();
    hover_connection_string_for(text, info, offset, map, env, settings, &consumer)
}

/// [`hover_connection_string`] for a string read by `consumer`: the breakdown says which
/// driver was assumed and why, and where the driver reads TLS settings its own way, how.
pub fn hover_connection_string_for(
    text: &str,
    info: &ConnInfo,
    offset: usize,
    map: &SourceMap,
    env: &Environment,
    settings: &Settings,
    consumer: &Consumer,
) -> Option<Hover> {
    let catalog = libpq::catalog(settings);
    let driver_note = consumer.driver.tls_meaning().filter(|_| consumer.known());

    for setting in &info.settings {
        let named = matches!(setting.origin, Origin::KeyValue | Origin::UriQuery);
        if !named {
            continue;
        }
        if setting.value_span.touches(offset) && setting.keyword == "sslmode" {
            let mode = match consumer.driver {
                // Npgsql writes the modes in Pascal case (`VerifyFull`).
                Driver::Npgsql => npgsql_mode_name(&setting.value),
                _ => setting.value.clone(),
            };
            let mut markdown = sslmode_markdown(&mode);
            if let Some(note) = driver_note {
                markdown = format!("{}\n\n{markdown}", driver_paragraph(consumer, note));
            }
            return Some(Hover { span: map.span(setting.value_span), markdown });
        }
        if setting.key_span.touches(offset) {
            let through_django = consumer.known() && consumer.driver.passes_query_to_libpq();
            let kept = through_django
                .then(|| consumer::django_keeper(consumer, &setting.written_keyword))
                .flatten();
            let foreign = consumer.known() && !consumer.driver.libpq_judges_keywords();
            let markdown = if let Some(keeper) = kept {
                keeper.describe(&setting.written_keyword)
            } else if foreign && catalog.get(&setting.keyword).is_none() {
                // Not libpq's: say whose it is rather than that libpq refuses it.
                format!(
                    "**{}**: a setting of {}, not a libpq keyword.",
                    code_text(&setting.written_keyword),
                    consumer.driver.name()
                )
            } else {
                keyword_markdown(&setting.keyword, catalog)
            };
            return Some(Hover { span: map.span(setting.key_span), markdown });
        }
    }

    let mut markdown = breakdown(text, info, env, catalog, consumer);
    if let Some(note) = driver_note {
        markdown.push_str(&format!("\n\n{}", driver_paragraph(consumer, note)));
    }
    if let Some(unsure) = consumer.driver.unsure().filter(|_| consumer.known()) {
        markdown.push_str(&format!("\n\n{unsure}"));
    }
    Some(Hover { span: map.span(info.span), markdown })
}

/// libpq's name for an Npgsql `SSL Mode` value, or the value as written.
fn npgsql_mode_name(value: &str) -> String {
    let normalized = value.to_ascii_lowercase().replace(['-', '_'], "");
    SslMode::ALL
        .into_iter()
        .find(|mode| mode.name().replace('-', "") == normalized)
        .map_or(value.to_string(), |mode| mode.name().to_string())
}

/// The driver's own reading of TLS, in bold where it differs from libpq's.
fn driver_paragraph(consumer: &Consumer, note: &str) -> String {
    format!("**As {} reads it:** {note}", consumer.driver.name())
}

/// What a TLS mode does and which attacks it leaves open.
pub fn sslmode_markdown(value: &str) -> String {
    match SslMode::from_name(value) {
        Some(mode) => {
            format!("**sslmode={}**\n\n{}\n\n{}", mode.name(), mode.behaviour(), mode.protection())
        }
        None => {
            let modes: Vec<&str> = SslMode::ALL.iter().map(|mode| mode.name()).collect();
            format!(
                "{} is not a mode libpq accepts; it refuses to connect. The modes are {}.",
                code_text(&format!("sslmode={value}")),
                modes.join(", ")
            )
        }
    }
}

/// What a keyword means, its environment variable and its default.
pub fn keyword_markdown(keyword: &str, catalog: &Catalog) -> String {
    let Some(known) = catalog.get(keyword) else {
        let newer = libpq::first_major_with(keyword).filter(|&major| major > catalog.major);
        return match newer {
            Some(newer) => format!(
                "**{}**: not a keyword of libpq {}; libpq {newer} knows it.",
                code_text(keyword),
                catalog.major
            ),
            None => format!(
                "**{}**: not a keyword libpq knows; it refuses the string.",
                code_text(keyword)
            ),
        };
    };

    let mut markdown = format!("**{}**", known.name);
    match libpq::meaning(keyword) {
        Some(meaning) => markdown.push_str(&format!("\n\n{meaning}")),
        None => markdown.push_str("\n\nA libpq connection keyword."),
    }
    let mut facts = Vec::new();
    if let Some(envvar) = known.envvar {
        facts.push(format!("Environment variable: `{envvar}`."));
    }
    match known.default {
        Some("") | None => {}
        Some(default) => facts.push(format!("Default: `{default}`.")),
    }
    if known.debug {
        facts.push("A debugging option.".to_string());
    }
    if !facts.is_empty() {
        markdown.push_str(&format!("\n\n{}", facts.join(" ")));
    }
    markdown
}

/// `text` as inline code, with secrets never passed in.
fn code_text(text: &str) -> String {
    if text.contains('`') {
        format!("`` {text} ``")
    } else {
        format!("`{text}`")
    }
}

/// A host for display: whatever precedes an `@` in it is likely a password fragment
/// (an unencoded `@` in the password), so it is hidden.
fn shown_host(host: &str) -> String {
    match host.rfind('@') {
        Some(at) => format!("{REDACTED}{}", &host[at..]),
        None => host.to_string(),
    }
}

/// A breakdown of the whole string.
fn breakdown(
    text: &str,
    info: &ConnInfo,
    env: &Environment,
    catalog: &Catalog,
    consumer: &Consumer,
) -> String {
    let mut lines = Vec::new();
    let libpq_reads = consumer.driver.tls_like_libpq();
    match info.form {
        Form::Uri => {
            let scheme = info.scheme_span.map_or("", |span| span.of(text));
            let libpq_itself = consumer.driver.refuses_like_libpq();
            let what = if libpq_itself { "libpq connection URI" } else { "connection URL" };
            lines.push(format!("**{what}** ({})", code_text(scheme)));
        }
        Form::KeyValue if consumer.driver == Driver::Npgsql => {
            lines.push("**Npgsql connection string** (`Key=Value;`)".to_string())
        }
        Form::KeyValue => lines.push("**libpq connection string** (`keyword=value`)".to_string()),
    }
    lines.push(String::new());
    lines.push(consumer.summary());
    lines.push(String::new());

    let mut host_shown = false;
    for setting in &info.settings {
        let value = if libpq::is_secret(&setting.keyword) {
            REDACTED.to_string()
        } else if setting.keyword == "host" {
            shown_host(&setting.value)
        } else {
            setting.value.clone()
        };
        match setting.origin {
            Origin::UriUser => lines.push(format!("- user: {}", code_text(&value))),
            Origin::UriPassword => lines.push(format!("- password: `{REDACTED}`")),
            Origin::UriDbname => lines.push(format!("- dbname: {}", code_text(&value))),
            Origin::UriHost | Origin::UriPort => {
                if !host_shown {
                    host_shown = true;
                    lines.extend(host_lines(text, info));
                }
            }
            Origin::KeyValue | Origin::UriQuery
                if consumer.known()
                    && consumer.driver.passes_query_to_libpq()
                    && consumer::django_keeper(consumer, &setting.written_keyword).is_some() =>
            {
                let raw = setting.value_span.of(text);
                let keeper = consumer::django_keeper(consumer, &setting.written_keyword);
                let who = match keeper {
                    Some(django::Keeper::Helper(helper)) => helper.name(),
                    _ => "Django's backend",
                };
                let key = &setting.written_keyword;
                lines.push(format!(
                    "- {key}: {} (kept by {who}, not passed to libpq)",
                    code_text(raw)
                ));
            }
            Origin::KeyValue | Origin::UriQuery if setting.alias && !libpq_reads => {
                // Other drivers read the parameter as written, not as libpq's alias.
                let raw = setting.value_span.of(text);
                lines.push(format!("- {}: {}", setting.written_keyword, code_text(raw)));
            }
            Origin::KeyValue | Origin::UriQuery => {
                let alias = if setting.alias {
                    format!(" (written `{}`)", setting.written_keyword)
                } else {
                    String::new()
                };
                lines.push(format!("- {}: {}{alias}", setting.keyword, code_text(&value)));
            }
        }
    }
    if info.form == Form::Uri && !host_shown {
        lines.push("- host: the default Unix socket".to_string());
    }

    if libpq_reads {
        lines.push(String::new());
        lines.push(effective_sslmode(info, env, catalog, consumer));
    }
    lines.join("\n")
}

/// One line per host of a URI's host list.
fn host_lines(text: &str, info: &ConnInfo) -> Vec<String> {
    info.hosts
        .iter()
        .enumerate()
        .map(|(index, entry)| {
            let raw = entry.host_span.of(text);
            let (decoded, _) = conninfo::percent_decode(text, entry.host_span);
            let host = String::from_utf8_lossy(&decoded).into_owned();
            let host = if raw.is_empty() {
                "the default Unix socket".to_string()
            } else {
                code_text(&shown_host(&host))
            };
            let port = entry
                .port_span
                .map_or(String::new(), |span| format!(", port {}", code_text(span.of(text))));
            format!("- host {}: {host}{port}", index + 1)
        })
        .collect()
}

/// The TLS mode libpq ends up with, where it comes from, and what it protects against.
fn effective_sslmode(
    info: &ConnInfo,
    env: &Environment,
    catalog: &Catalog,
    consumer: &Consumer,
) -> String {
    let rootcert_system = info.value("sslrootcert") == Some("system")
        || env.get("PGSSLROOTCERT").is_some_and(|var| var.value == "system");
    let (value, source) = if let Some(value) = info.value("sslmode") {
        (value.to_string(), "set in the string")
    } else if let Some(var) = env.get("PGSSLMODE") {
        (var.value.clone(), "from `PGSSLMODE` in this file")
    } else if let Some(default) = consumer.driver.default_sslmode().filter(|_| consumer.known()) {
        (default.to_string(), "the driver's default")
    } else if rootcert_system && catalog.major >= 16 {
        ("verify-full".to_string(), "libpq's default with `sslrootcert=system`")
    } else {
        ("prefer".to_string(), "libpq's default")
    };
    match SslMode::from_name(&value) {
        Some(mode) => format!(
            "Effective sslmode: `{}` ({source}). {} {}",
            mode.name(),
            mode.behaviour(),
            mode.protection()
        ),
        None => format!(
            "Effective sslmode: {} ({source}) is not a mode libpq accepts.",
            code_text(&value)
        ),
    }
}
