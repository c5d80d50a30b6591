//! `primary_conninfo`: the connection string a standby's walreceiver hands to libpq to
//! stream WAL from its primary. It is checked with the connection string rules, so a
//! replication link in plain text (`sslmode=disable`), without keepalives, or with a
//! password written into it is reported where it is set.

use crate::finding::Finding;
use crate::rules::conninfo::{self as conninfo_rules, Consumer, Flavor, Recognized, Why};
use crate::settings::Settings;
use crate::span::Span;
use crate::syntax::conninfo::{self, Environment, Quoting, SourceMap};
use crate::syntax::pgconf::{ConfFile, ValueKind};

/// The parameters whose value is a libpq connection string.
const CONNINFO_PARAMETERS: [&str; 1] = ["primary_conninfo"];

/// The findings of every connection string `file` (the text `text`) sets.
pub fn check(text: &str, file: &ConfFile, settings: &Settings) -> Vec<Finding> {
    let mut findings = Vec::new();
    for entry in &file.entries {
        let name = entry.name.of(text);
        if entry.directive.is_some()
            || !CONNINFO_PARAMETERS.iter().any(|known| known.eq_ignore_ascii_case(name))
        {
            continue;
        }
        let value = &entry.value;
        if value.text.trim().is_empty() {
            continue;
        }
        let Some(map) = value_map(text, value.span, value.kind) else {
            continue;
        };
        let info = conninfo::parse_for(&value.text, conninfo_rules::parse_major(settings));
        let why = format!("it is `{name}`, which the standby's walreceiver hands to libpq");
        let recognized = Recognized {
            info,
            flavor: Flavor::Libpq,
            consumer: Consumer::named(crate::knowledge::drivers::Driver::Libpq, Why::Place(why)),
        };
        findings.extend(conninfo_rules::check_recognized(
            &value.text,
            &recognized,
            &map,
            &Environment::default(),
            settings,
        ));
    }
    findings
}

/// How the decoded value leads back to the file: a quoted value byte for byte, a doubled
/// `''` as one quote (which no fix can write). `None` for a value with backslash escapes,
/// whose bytes do not line up.
fn value_map(text: &str, span: Span, kind: ValueKind) -> Option<SourceMap> {
    let written = span.of(text);
    if kind != ValueKind::Quoted {
        let mut map = SourceMap::new(Quoting::Single, span.start);
        for offset in 0..written.len() {
            map.push(1, Span::new(span.start + offset, span.start + offset + 1));
        }
        return Some(map);
    }
    let inner = written.strip_prefix('\'')?.strip_suffix('\'')?;
    if inner.contains('\\') {
        return None;
    }
    let start = span.start + 1;
    let mut map = SourceMap::new(Quoting::Single, start);
    let bytes = inner.as_bytes();
    let mut at = 0;
    while at < bytes.len() {
        let len = if bytes[at] == b'\'' && bytes.get(at + 1) == Some(&b'\'') { 2 } else { 1 };
        map.push(1, Span::new(start + at, start + at + len));
        at += len;
    }
    Some(map)
}
