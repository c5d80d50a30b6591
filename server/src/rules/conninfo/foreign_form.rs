//! A string in libpq's forms (a `postgres://` URL or `keyword=value` text) where the driver
//! that reads it takes another form: Npgsql reads only `Key=Value;` pairs, pgjdbc only
//! `jdbc:postgresql:` URLs.
//!
//! Where something names the driver (the `ConnectionStrings` key, the `connectionDriver`
//! setting) opening a connection fails, and the finding is an error. Where only the
//! workspace's manifests do, code may rewrite the string first (Heroku's guides convert
//! `DATABASE_URL` this way), so the finding only informs.

use super::{fix, Ctx, WithFixes, JDBC_SCHEME, NPGSQL_LIBPQ_FORM};
use crate::finding::{Finding, Severity};
use crate::knowledge::drivers::Driver;
use crate::knowledge::sslmode::SslMode;
use crate::span::Span;
use crate::syntax::conninfo::{Form, Origin};

/// The libpq keywords [`npgsql_form`] rewrites, with Npgsql's key for each
/// (`NpgsqlConnectionStringBuilder.cs`). A string with any other setting is not rewritten:
/// the two drivers' other settings do not line up one to one.
const NPGSQL_KEYS: [(&str, &str); 8] = [
    ("host", "Host"),
    ("port", "Port"),
    ("dbname", "Database"),
    ("user", "Username"),
    ("sslmode", "SSL Mode"),
    ("sslrootcert", "Root Certificate"),
    ("application_name", "Application Name"),
    ("target_session_attrs", "Target Session Attributes"),
];

/// An error when Npgsql is known to read a string of libpq's form.
pub(super) fn check_npgsql(ctx: &Ctx, findings: &mut Vec<Finding>) {
    let form = match ctx.info.form {
        Form::Uri => "a URI",
        Form::KeyValue => "libpq's `keyword=value` text",
    };
    let message = format!(
        "Npgsql reads only `Key=Value;` pairs and has no parser for {form}, and it reads this \
         string ({}), so opening a connection fails. Write it as \
         `Host=…;Database=…;Username=…;SSL Mode=VerifyFull`.",
        ctx.consumer.reason()
    );
    findings.push(npgsql_finding(ctx, Severity::Error, message));
}

/// Information when the workspace's only drivers read none of libpq's forms.
pub(super) fn check_manifest_only(ctx: &Ctx, findings: &mut Vec<Finding>) {
    let Some(dependency) = &ctx.consumer.needs_rewrite_for else {
        return;
    };
    if ctx.consumer.known() {
        return;
    }
    let why = format!("{} depends on `{}`", dependency.manifest, dependency.package);
    match dependency.driver {
        Driver::Pgjdbc if ctx.info.form == Form::Uri => {
            let Some(scheme) = ctx.info.scheme_span else {
                return;
            };
            let message = format!(
                "The workspace's only PostgreSQL driver is pgjdbc ({why}), which reads only \
                 `jdbc:postgresql://` URLs: this one works only if code rewrites it first. If \
                 it goes to pgjdbc as it is, write `jdbc:postgresql://` with the user and \
                 password as `?user=…&password=…`."
            );
            let edit = ctx
                .info
                .userinfo_span
                .is_none()
                .then(|| ctx.edit(scheme, "jdbc:postgresql://"))
                .flatten();
            findings.push(
                Finding::new(&JDBC_SCHEME, Severity::Information, ctx.src(scheme), message)
                    .with_fixes(edit.map(|edit| fix("Use the `jdbc:postgresql://` scheme", edit))),
            );
        }
        Driver::Npgsql => {
            let message = format!(
                "The workspace's only PostgreSQL driver is Npgsql ({why}), which reads only \
                 `Key=Value;` pairs: this string works only if code rewrites it first. If it \
                 goes to Npgsql as it is, write it as `Host=…;Database=…;SSL Mode=VerifyFull`."
            );
            findings.push(npgsql_finding(ctx, Severity::Information, message));
        }
        _ => {}
    }
}

/// The finding on the scheme (or the whole string), with the rewrite when one is exact.
fn npgsql_finding(ctx: &Ctx, severity: Severity, message: String) -> Finding {
    let span = ctx.info.scheme_span.unwrap_or(Span::new(0, ctx.text.len()));
    let rewrite = npgsql_form(ctx);
    let edit =
        rewrite.as_ref().and_then(|rewrite| ctx.edit(Span::new(0, ctx.text.len()), &rewrite.text));
    let title = match rewrite {
        Some(Rewrite { verify_full: true, .. }) => {
            "Rewrite as Npgsql's `Key=Value;` pairs with `SSL Mode=VerifyFull`"
        }
        _ => "Rewrite as Npgsql's `Key=Value;` pairs",
    };
    Finding::new(&NPGSQL_LIBPQ_FORM, severity, ctx.src(span), message)
        .with_fixes(edit.map(|edit| fix(title, edit)))
}

/// A string rewritten in Npgsql's form.
struct Rewrite {
    text: String,
    /// True when the rewrite raised the TLS mode to `VerifyFull`: once Npgsql can read the
    /// string, a weaker mode towards a remote host is the next thing it would be told.
    verify_full: bool,
}

/// The string as Npgsql's pairs, when every setting has an Npgsql key with the same
/// meaning. None for a string with a password (a fix never writes one out, and Npgsql has
/// no key of that name to map it from here), a syntax error, an IPv6 or socket host, a
/// port list, or another setting.
fn npgsql_form(ctx: &Ctx) -> Option<Rewrite> {
    npgsql_pairs(ctx.info, false)
}

/// The string as Npgsql's pairs with its password too, for the rewrite an editor offers
/// as a refactoring (which goes only to the document that holds the password already):
/// the text and the title.
pub fn npgsql_rewrite(info: &crate::syntax::conninfo::ConnInfo) -> Option<(String, &'static str)> {
    let rewrite = npgsql_pairs(info, true)?;
    let title = if rewrite.verify_full {
        "Rewrite as Npgsql's `Key=Value;` pairs with `SSL Mode=VerifyFull`"
    } else {
        "Rewrite as Npgsql's `Key=Value;` pairs"
    };
    Some((rewrite.text, title))
}

fn npgsql_pairs(info: &crate::syntax::conninfo::ConnInfo, with_password: bool) -> Option<Rewrite> {
    if !info.errors.is_empty() {
        return None;
    }
    let mut pairs: Vec<(&str, String)> = Vec::new();
    for setting in &info.settings {
        if setting.value.is_empty() && setting.origin != Origin::KeyValue {
            continue;
        }
        let password = (with_password && setting.keyword == "password").then_some("Password");
        let key = match password {
            Some(key) => key,
            None => NPGSQL_KEYS.iter().find(|(keyword, _)| *keyword == setting.keyword)?.1,
        };
        let value = match setting.keyword.as_str() {
            "sslmode" => npgsql_mode_name(&setting.value)?.to_string(),
            // A `;` means the text was pairs all along, misread as one libpq value.
            _ if setting.value.contains(';') => return None,
            "host" if setting.value.contains([':', '/', '@']) => return None,
            "port" if setting.value.contains(',') => return None,
            _ => setting.value.clone(),
        };
        match pairs.iter_mut().find(|(known, _)| *known == key) {
            // The last setting wins in libpq, as it does in Npgsql's builder.
            Some(pair) => pair.1 = value,
            None => pairs.push((key, value)),
        }
    }
    // In the table's order, the password right after the user.
    let rank = |key: &str| match key {
        "Password" => {
            NPGSQL_KEYS.iter().position(|(_, npgsql)| *npgsql == "Username").map(|at| at * 2 + 1)
        }
        _ => NPGSQL_KEYS.iter().position(|(_, npgsql)| *npgsql == key).map(|at| at * 2),
    };
    pairs.sort_by_key(|(key, _)| rank(key));
    let host = pairs.iter().find(|(key, _)| *key == "Host")?;
    let remote = host.1.split(',').any(|host| !super::is_local(host));
    let mode = pairs.iter_mut().find(|(key, _)| *key == "SSL Mode");
    let verify_full = match mode {
        Some(mode) if remote && mode.1 != "VerifyFull" => {
            mode.1 = "VerifyFull".to_string();
            true
        }
        None if remote => {
            pairs.push(("SSL Mode", "VerifyFull".to_string()));
            true
        }
        _ => false,
    };
    let written: Vec<String> =
        pairs.iter().map(|(key, value)| format!("{key}={}", quoted(value))).collect();
    Some(Rewrite { text: written.join(";"), verify_full })
}

/// Npgsql's spelling of a libpq TLS mode (its `SslMode` enum).
fn npgsql_mode_name(libpq: &str) -> Option<&'static str> {
    Some(match SslMode::from_name(libpq)? {
        SslMode::Disable => "Disable",
        SslMode::Allow => "Allow",
        SslMode::Prefer => "Prefer",
        SslMode::Require => "Require",
        SslMode::VerifyCa => "VerifyCA",
        SslMode::VerifyFull => "VerifyFull",
    })
}

/// A value as .NET's connection string grammar needs it: in double quotes (a doubled quote
/// for one) when it holds `;`, `=`, a quote or blanks at its ends.
fn quoted(value: &str) -> String {
    let plain =
        !value.contains([';', '=', '"', '\'']) && value.trim() == value && !value.is_empty();
    if plain {
        return value.to_string();
    }
    format!("\"{}\"", value.replace('"', "\"\""))
}

/// [`npgsql_rewrite`] as a refactoring of the string that `map` leads back to the file,
/// written in the value's quoting; `None` where the value cannot take it.
pub fn npgsql_rewrite_fix(
    info: &crate::syntax::conninfo::ConnInfo,
    map: &crate::syntax::conninfo::SourceMap,
) -> Option<crate::finding::Fix> {
    let (text, title) = npgsql_rewrite(info)?;
    let whole = map.span(Span::new(0, info.span.end));
    if !map.editable(whole) {
        return None;
    }
    let edit = crate::finding::Edit { span: whole, new_text: map.encode(&text)? };
    Some(crate::finding::Fix::new(title, vec![edit]))
}
