//! A `*_tls_key_file` and its `*_tls_cert_file` that name each other's kind of file. Seen
//! alone, the names tell (`.crt` for the key, `.key` for the certificate); with the files
//! at hand, their PEM headers do. On the client side PgBouncer then fails to set up TLS
//! and refuses to start; on the server side every TLS connection it opens fails.

use std::path::Path;

use super::includes::{judged, resolve};
use super::{Context, TLS_KEY_CERT_SWAPPED};
use crate::files::Files;
use crate::finding::{Edit, Finding, Fix, Severity};
use crate::syntax::pgbouncer::Entry;

/// The key and certificate settings that go together.
const PAIRS: [(&str, &str); 2] = [
    ("client_tls_key_file", "client_tls_cert_file"),
    ("server_tls_key_file", "server_tls_cert_file"),
];

/// What a file holds, as far as telling a key from a certificate goes.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Holds {
    Key,
    Certificate,
    Unknown,
}

fn by_extension(name: &str) -> Holds {
    let lower = name.trim().to_ascii_lowercase();
    if lower.ends_with(".key") {
        Holds::Key
    } else if lower.ends_with(".crt") || lower.ends_with(".cert") {
        Holds::Certificate
    } else {
        Holds::Unknown
    }
}

fn by_content(text: &str) -> Holds {
    let key = text.contains("PRIVATE KEY-----");
    let certificate = text.contains("-----BEGIN CERTIFICATE-----");
    match (key, certificate) {
        (true, false) => Holds::Key,
        (false, true) => Holds::Certificate,
        _ => Holds::Unknown,
    }
}

/// The two entries of a pair, when both are set in this file.
fn pair<'a>(context: &Context<'a>, key: &str, cert: &str) -> Option<(&'a Entry, &'a Entry)> {
    Some((context.main_entry(key)?, context.main_entry(cert)?))
}

/// Swapped pairs told by their names, for a file seen alone or with its files.
pub(super) fn by_name(context: &Context, findings: &mut Vec<Finding>) {
    for (key, cert) in PAIRS {
        let Some((key_entry, cert_entry)) = pair(context, key, cert) else {
            continue;
        };
        let key_holds = by_extension(key_entry.value.of(context.text));
        let cert_holds = by_extension(cert_entry.value.of(context.text));
        if key_holds == Holds::Certificate && cert_holds == Holds::Key {
            findings.push(swapped(context, key_entry, cert_entry, "names"));
        }
    }
}

/// Swapped pairs told by the files' contents, where their names do not tell.
pub(super) fn by_files(
    context: &Context,
    base: Option<&Path>,
    files: &dyn Files,
    findings: &mut Vec<Finding>,
) {
    for (key, cert) in PAIRS {
        let Some((key_entry, cert_entry)) = pair(context, key, cert) else {
            continue;
        };
        let key_name = key_entry.value.of(context.text).trim();
        let cert_name = cert_entry.value.of(context.text).trim();
        let named_swapped =
            by_extension(key_name) == Holds::Certificate && by_extension(cert_name) == Holds::Key;
        if named_swapped {
            continue;
        }
        let holds = |name: &str| {
            let path = resolve(base, name);
            if !judged(base, name, &path, files) {
                return Holds::Unknown;
            }
            files.read(&path).map_or(Holds::Unknown, |text| by_content(&text))
        };
        if holds(key_name) == Holds::Certificate && holds(cert_name) == Holds::Key {
            findings.push(swapped(context, key_entry, cert_entry, "contents"));
        }
    }
}

fn swapped(context: &Context, key: &Entry, cert: &Entry, told_by: &str) -> Finding {
    let consequence = if key.name.starts_with("client") {
        "PgBouncer cannot set up TLS for clients and refuses to start"
    } else {
        "every TLS connection PgBouncer opens to PostgreSQL fails"
    };
    let key_value = key.value.of(context.text);
    let cert_value = cert.value.of(context.text);
    Finding::new(
        &TLS_KEY_CERT_SWAPPED,
        Severity::Error,
        key.value,
        format!(
            "By their {told_by}, `{}` holds a certificate and `{}` a private key: the two \
             look swapped, and {consequence}; swap their values.",
            key.name, cert.name
        ),
    )
    .with_related(cert.value, "the certificate setting")
    .with_fix(Fix::new(
        format!("Swap the values of {} and {}", key.name, cert.name),
        vec![
            Edit { span: key.value, new_text: cert_value.to_string() },
            Edit { span: cert.value, new_text: key_value.to_string() },
        ],
    ))
}
