//! Hovers for `pgbouncer.ini`: settings (meaning, type, default, unit and the manual's
//! anchor, for the target release), TLS mode values, section headers, and `[databases]`,
//! `[users]` and `[peers]` entries broken down pair by pair with passwords shown as `****`.

use crate::hover::Hover;
use crate::knowledge::pgbouncer::{self as catalog, Catalog, EntrySection, Setting};
use crate::knowledge::sslmode::SslMode;
use crate::settings::Settings;
use crate::span::Span;
use crate::syntax::pgbouncer::{self as syntax, Entry, Item};

/// How a relative path in the file is read, by PgBouncer and by us.
///
/// FIXME: Show the resolved path itself; the hover is computed without the file's path,
/// which go-to-definition has.
const RELATIVE_PATHS: &str = "A relative path is opened from PgBouncer's working directory \
    (not from the directory of the file that names it); pgconf-lsp assumes the directory of \
    the `pgbouncer.ini` it checks, and go-to-definition opens the file so resolved.";

pub fn hover(text: &str, offset: usize, settings: &Settings) -> Option<Hover> {
    let file = syntax::parse(text);
    let catalog = catalog::catalog(settings.pgbouncer_version);

    for item in &file.items {
        match item {
            Item::Section(header) if header.span.touches(offset) => {
                return section_hover(catalog, &header.name_text, header.span);
            }
            Item::Include(include) if include.span.touches(offset) => {
                return Some(Hover {
                    span: include.span,
                    markdown: format!(
                        "**%include**\n\nPgBouncer reads the named file here, as if its \
                            lines stood in place of this one, with the section open here still \
                            open in it. A missing file, or includes nested more than 10 deep, \
                            stop PgBouncer from starting.\n\n{RELATIVE_PATHS}\n\n\
                            [PgBouncer manual]({})",
                        catalog::doc_url("include-directive")
                    ),
                });
            }
            Item::Entry(entry) if entry.span.touches(offset) => {
                return entry_hover(text, catalog, entry, offset);
            }
            _ => {}
        }
    }
    None
}

fn section_hover(catalog: &Catalog, name: &str, span: Span) -> Option<Hover> {
    let meaning = match name {
        "pgbouncer" => "PgBouncer's own settings. PgBouncer refuses a file without it.",
        "databases" => {
            "One line per database clients may ask for: `name = key=value …` says where and \
            how PgBouncer connects for it; `*` is the fallback for names not listed."
        }
        "users" => "Per-user overrides: `user = key=value …` (pool mode and limits).",
        "peers" => "Other PgBouncer processes, by peer id, that cancel requests are forwarded to.",
        _ => return None,
    };
    if !catalog.has_section(name) {
        return None;
    }
    Some(Hover {
        span,
        markdown: format!(
            "**[{name}]**\n\n{meaning}\n\n[PgBouncer manual]({})",
            catalog::doc_url(&format!("section-{name}"))
        ),
    })
}

fn entry_hover(text: &str, catalog: &Catalog, entry: &Entry, offset: usize) -> Option<Hover> {
    let section = entry.section.as_deref()?;
    if section == "pgbouncer" {
        let setting = catalog.setting(&entry.name)?;
        if entry.value.touches(offset) && !entry.value.is_empty() {
            if let Some(hover) = sslmode_value_hover(text, setting, entry) {
                return Some(hover);
            }
        }
        return Some(Hover {
            span: if entry.key.touches(offset) { entry.key } else { entry.span },
            markdown: setting_markdown(catalog, setting),
        });
    }

    let section = EntrySection::from_section_name(section)?;
    let pairs = syntax::parse_pairs(text, entry.value);
    if let Some(pair) = pairs.pairs.iter().find(|pair| pair.key.touches(offset)) {
        let key = pair.key.of(text);
        let known = catalog.entry_key(section, key)?;
        let meaning = match section {
            EntrySection::Databases => catalog::database_key_meaning(key),
            _ => None,
        };
        let mut markdown = format!("**{key}** in `[{}]` entries", section.section_name());
        if let Some(meaning) = meaning {
            markdown.push_str(&format!("\n\n{meaning}"));
        }
        markdown.push_str(&format!("\n\n[PgBouncer manual]({})", catalog::doc_url(known.anchor)));
        return Some(Hover { span: pair.key, markdown });
    }
    Some(Hover { span: entry.span, markdown: entry_breakdown(text, section, entry, &pairs) })
}

/// The facts of a setting for the target release, with its meaning where we have one.
fn setting_markdown(catalog: &Catalog, setting: &Setting) -> String {
    let mut markdown = format!("**{}**", setting.name);
    if let Some(meaning) = catalog::setting_meaning(setting.name) {
        markdown.push_str(&format!("\n\n{meaning}"));
    }

    let mut facts = vec![format!("Type: {}", setting.value_type.name())];
    let default = match setting.default {
        Some("") | None => "not set".to_string(),
        Some(default) => format!("`{default}`"),
    };
    facts.push(format!("Default in PgBouncer {}: {default}", catalog.release_name()));
    if let Some(unit) = setting.unit {
        facts.push(format!("Unit: {}", unit.name()));
    }
    if !setting.allowed.is_empty() {
        let allowed: Vec<String> = setting.allowed.iter().map(|word| format!("`{word}`")).collect();
        facts.push(format!("Values: {}", allowed.join(", ")));
    }
    if !setting.reloadable {
        facts.push("Changes need a restart, not just a reload".to_string());
    }
    let list: Vec<String> = facts.iter().map(|fact| format!("- {fact}")).collect();
    markdown.push_str(&format!("\n\n{}", list.join("\n")));
    if crate::rules::pgbouncer::FILE_SETTINGS.contains(&setting.name) {
        markdown.push_str(&format!("\n\n{RELATIVE_PATHS}"));
    }
    markdown.push_str(&format!("\n\n[PgBouncer manual]({})", setting.url()));
    markdown
}

fn sslmode_value_hover(text: &str, setting: &Setting, entry: &Entry) -> Option<Hover> {
    let side = match setting.name {
        "server_tls_sslmode" => "PgBouncer → PostgreSQL",
        "client_tls_sslmode" => "clients → PgBouncer",
        _ => return None,
    };
    let mode = SslMode::from_name(&entry.value.of(text).to_ascii_lowercase())?;
    let mut markdown = format!("**{}** ({side})\n\n", mode.name());
    if setting.name == "client_tls_sslmode" {
        let demand = match mode {
            SslMode::Disable => "PgBouncer accepts no TLS from clients.",
            SslMode::Allow | SslMode::Prefer => {
                "PgBouncer accepts clients with or without TLS and checks no client certificate."
            }
            SslMode::Require => "PgBouncer accepts only TLS clients and checks no certificate.",
            SslMode::VerifyCa | SslMode::VerifyFull => {
                "PgBouncer accepts only TLS clients that present a certificate signed by \
                `client_tls_ca_file`."
            }
        };
        markdown.push_str(demand);
    } else {
        markdown.push_str(&format!("{} {}", mode.behaviour(), mode.protection()));
    }
    markdown.push_str(&format!("\n\n[PgBouncer manual]({})", setting.url()));
    Some(Hover { span: entry.value, markdown })
}

/// A table of an entry's pairs, with secrets masked.
fn entry_breakdown(
    text: &str,
    section: EntrySection,
    entry: &Entry,
    pairs: &syntax::Pairs,
) -> String {
    let title = match (section, entry.name.as_str()) {
        (EntrySection::Databases, "*") => {
            "**\\*** — the fallback for any database not listed".to_string()
        }
        (EntrySection::Databases, name) => format!("**{name}** — database entry"),
        (EntrySection::Users, name) => format!("**{name}** — user entry"),
        (EntrySection::Peers, name) => format!("**{name}** — peer entry"),
    };
    let mut markdown = format!("{title}\n\n| key | value |\n|---|---|");
    for pair in &pairs.pairs {
        let key = pair.key.of(text);
        let value = if key == "password" {
            "****".to_string()
        } else {
            pair.value_text.replace('|', "\\|").replace('`', "'")
        };
        markdown.push_str(&format!("\n| {key} | `{value}` |"));
    }
    if !pairs.errors.is_empty() {
        markdown.push_str("\n\nPgBouncer cannot parse the rest of this entry.");
    }
    markdown
}

#[cfg(test)]
mod tests;
