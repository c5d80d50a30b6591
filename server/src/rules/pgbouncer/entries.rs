//! Checks of `[databases]`, `[users]` and `[peers]` entries: their `key=value` grammar, the
//! keys each section accepts, ports, reserved names and passwords written into the file.

use super::{
    Context, DB_PASSWORD, DB_PORT, DB_RESERVED_NAME, ENTRY_SYNTAX, ENTRY_UNKNOWN_KEY, INVALID_VALUE,
};
use crate::finding::{Finding, Fix, Severity};
use crate::knowledge::pgbouncer::{self as catalog, EntrySection};
use crate::span::Span;
use crate::syntax::pgbouncer::{self as syntax, Entry, Pair, SyntaxError};

pub(super) fn check_entries(context: &Context, findings: &mut Vec<Finding>) {
    for entry in context.file.entries() {
        let Some(section) = entry.section.as_deref().and_then(EntrySection::from_section_name)
        else {
            continue;
        };
        if section == EntrySection::Databases && entry.name == "pgbouncer" {
            findings.push(Finding::new(
                &DB_RESERVED_NAME,
                Severity::Error,
                entry.key,
                "`pgbouncer` is the name of PgBouncer's admin console, and PgBouncer refuses \
                a database entry of that name; pick another name.",
            ));
        }

        let pairs = syntax::parse_pairs(context.text, entry.value);
        for error in &pairs.errors {
            findings.push(syntax_finding(context, entry, error));
        }
        // PgBouncer parses the `*` entry only when a client asks for a database that is not
        // listed: it starts, then refuses those clients.
        let refusal = if section == EntrySection::Databases && entry.name == "*" {
            "refuses every client that the `*` entry would serve"
        } else {
            "refuses to start"
        };
        for pair in &pairs.pairs {
            check_pair(context, section, pair, refusal, findings);
        }
    }
}

fn syntax_finding(context: &Context, entry: &Entry, error: &SyntaxError) -> Finding {
    let finding = Finding::new(&ENTRY_SYNTAX, Severity::Error, error.span, error.message.clone());
    let text = context.text;

    // An unterminated quote is most often a literal quote at the start of a value: quote the
    // token up to the next space and double the quotes inside.
    let opens_quote = text.as_bytes().get(error.span.start) == Some(&b'\'');
    if !opens_quote || error.span.end != entry.value.end {
        return finding;
    }
    let token_end = text[error.span.start..entry.value.end]
        .find(' ')
        .map_or(entry.value.end, |at| error.span.start + at);
    let token = Span::new(error.span.start, token_end);
    finding.with_fix(Fix::replace(
        "Quote the value and double its quote characters",
        token,
        syntax::quote_value(token.of(text)),
    ))
}

fn check_pair(
    context: &Context,
    section: EntrySection,
    pair: &Pair,
    refusal: &str,
    findings: &mut Vec<Finding>,
) {
    let key = pair.key.of(context.text);
    if context.catalog.entry_key(section, key).is_none() {
        findings.push(unknown_key(context, section, pair, key, refusal));
        return;
    }
    match (section, key) {
        (EntrySection::Databases, "password") => password(pair, findings),
        (EntrySection::Databases | EntrySection::Peers, "port") => port(pair, findings),
        (EntrySection::Databases | EntrySection::Users, "pool_mode") => {
            pool_mode(context, pair, findings)
        }
        _ => {}
    }
}

fn unknown_key(
    context: &Context,
    section: EntrySection,
    pair: &Pair,
    key: &str,
    refusal: &str,
) -> Finding {
    let names = context.catalog.entry_keys_of(section).map(|known| known.name);
    let added = catalog::entry_key_added_in(context.catalog, section, key);
    let suggestion = crate::suggest::closest(key, names).filter(|_| added.is_none());
    let section_name = section.section_name();
    let message = if let Some(added) = added {
        format!(
            "`{key}` in `[{section_name}]` entries arrived in PgBouncer {}.{}; {} {refusal} on \
            it. Remove it or set the target release to the one you run.",
            added.0,
            added.1,
            context.catalog.release_name()
        )
    } else if key.starts_with("ssl") && section == EntrySection::Databases {
        format!(
            "PgBouncer knows no key `{key}` in `[databases]` entries and {refusal}: TLS \
            to PostgreSQL is set for all databases with `server_tls_sslmode` and \
            `server_tls_ca_file` in `[pgbouncer]`."
        )
    } else if let Some(suggestion) = suggestion {
        format!(
            "PgBouncer knows no key `{key}` in `[{section_name}]` entries and {refusal}; did \
            you mean `{suggestion}`?"
        )
    } else {
        format!(
            "PgBouncer knows no key `{key}` in `[{section_name}]` entries and {refusal}; \
            remove it."
        )
    };
    let finding = Finding::new(&ENTRY_UNKNOWN_KEY, Severity::Error, pair.key, message);
    match suggestion {
        Some(suggestion) => {
            finding.with_fix(Fix::replace(format!("Change to {suggestion}"), pair.key, suggestion))
        }
        None => finding,
    }
}

/// True for the stored secrets PgBouncer accepts instead of a password: an MD5 hash or a
/// SCRAM secret.
fn is_hashed_secret(value: &str) -> bool {
    let md5 = value.len() == 35
        && value.starts_with("md5")
        && value[3..].chars().all(|ch| ch.is_ascii_hexdigit());
    md5 || value.starts_with("SCRAM-SHA-256$")
}

fn password(pair: &Pair, findings: &mut Vec<Finding>) {
    if is_hashed_secret(&pair.value_text) {
        return;
    }
    findings.push(Finding::new(
        &DB_PASSWORD,
        Severity::Warning,
        pair.value,
        "This entry holds a password in plain text, readable by anyone who can read \
        pgbouncer.ini, its backups or PgBouncer's log (which prints entries it cannot parse); \
        leave `password=` out so PgBouncer takes the user's password from `auth_file`.",
    ));
}

fn port(pair: &Pair, findings: &mut Vec<Finding>) {
    let value = pair.value_text.as_str();
    let message = match value.parse::<u32>() {
        Ok(port) if (1..=65535).contains(&port) => return,
        Ok(0) => "PgBouncer refuses port 0; use the port PostgreSQL listens on (5432 by default)."
            .to_string(),
        Ok(_) => {
            let message = "A TCP port is at most 65535; PgBouncer accepts this one but connects \
                to a different port than the one written. Use the port PostgreSQL listens on.";
            findings.push(Finding::new(&DB_PORT, Severity::Warning, pair.value, message));
            return;
        }
        Err(_) if value.starts_with(|ch: char| ch.is_ascii_digit()) => {
            let message = "PgBouncer reads only the leading digits of this port and ignores the \
                rest; write the port as a plain number.";
            findings.push(Finding::new(&DB_PORT, Severity::Warning, pair.value, message));
            return;
        }
        Err(_) => "A port must be a number, and PgBouncer refuses this one; use the port \
            PostgreSQL listens on (5432 by default)."
            .to_string(),
    };
    findings.push(Finding::new(&DB_PORT, Severity::Error, pair.value, message));
}

fn pool_mode(context: &Context, pair: &Pair, findings: &mut Vec<Finding>) {
    let Some(setting) = context.catalog.setting("pool_mode") else {
        return;
    };
    let value = pair.value_text.as_str();
    if setting.allowed.iter().any(|mode| mode.eq_ignore_ascii_case(value)) {
        return;
    }
    let suggestion =
        crate::suggest::closest(&value.to_ascii_lowercase(), setting.allowed.iter().copied());
    let finding = Finding::new(
        &INVALID_VALUE,
        Severity::Error,
        pair.value,
        format!(
            "PgBouncer refuses this pool mode; it takes one of {}.",
            setting.allowed.join(", ")
        ),
    );
    findings.push(match suggestion {
        Some(suggestion) => finding.with_fix(Fix::replace(
            format!("Change to {suggestion}"),
            pair.value,
            suggestion,
        )),
        None => finding,
    });
}
