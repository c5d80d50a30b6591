//! Rules for `pg_hba.conf`: lines the server refuses, and lines it accepts that let
//! clients in with too little checking or over plain text.
//!
//! Each record is first read into a [`Line`] (its connection type, method and address as
//! the server would take them); each rule is then a small function of one line, except the
//! rule-order analysis in [`shadow`], which compares a line with those before it.
//!
//! With the files around it ([`check_with_files`]), the file is judged as the server reads
//! it ([`includes`]): `@file` lists expanded, included records in their place, so rule
//! order runs through every file; an error in an included file is reported on the include
//! line that brings it in.

pub(crate) mod includes;

pub(crate) use includes::resolve_from;
mod policy;
mod requirements;
mod shadow;
pub(crate) mod template;

use std::net::IpAddr;

use crate::finding::{Finding, Fix, Rule, Severity, Tag};
use crate::knowledge::hba::{self as facts, AuthMethod, AuthOption, ConnType, OptionPlace};
use crate::settings::Settings;
use crate::span::Span;
use crate::syntax::pghba::address::{self, AddressError};
use crate::syntax::pghba::{
    Address, AddressSpec, Columns, Field, IncludeKind, IpRange, Record, Token,
};

const HBA_URL: &str = facts::HBA_URL;

pub static UNKNOWN_CONNECTION_TYPE: Rule =
    Rule { name: "hba-unknown-connection-type", url: HBA_URL };
pub static MISSING_FIELD: Rule = Rule { name: "hba-missing-field", url: HBA_URL };
pub static INCLUDE: Rule = Rule {
    name: "hba-include",
    url: "https://www.postgresql.org/docs/current/auth-pg-hba-conf.html",
};
pub static INCLUDE_MISSING: Rule = Rule {
    name: "hba-include-missing",
    url: "https://www.postgresql.org/docs/current/auth-pg-hba-conf.html",
};
pub static INCLUDE_CYCLE: Rule = Rule {
    name: "hba-include-cycle",
    url: "https://www.postgresql.org/docs/current/auth-pg-hba-conf.html",
};
pub static INVALID_REGEX: Rule = Rule { name: "hba-invalid-regex", url: HBA_URL };
pub static INVALID_ADDRESS: Rule = Rule { name: "hba-invalid-address", url: HBA_URL };
pub static ADDRESS_MISSING_MASK: Rule = Rule { name: "hba-address-missing-mask", url: HBA_URL };
pub static CIDR_HOST_BITS: Rule = Rule { name: "hba-cidr-host-bits", url: HBA_URL };
pub static UNKNOWN_METHOD: Rule = Rule {
    name: "hba-unknown-method",
    url: "https://www.postgresql.org/docs/current/auth-methods.html",
};
pub static METHOD_NOT_ALLOWED: Rule = Rule {
    name: "hba-method-not-allowed",
    url: "https://www.postgresql.org/docs/current/auth-methods.html",
};
pub static INVALID_OPTION: Rule = Rule { name: "hba-invalid-option", url: HBA_URL };
pub static UNTERMINATED_QUOTE: Rule = Rule { name: "hba-unterminated-quote", url: HBA_URL };
pub static TRUST_REMOTE: Rule = Rule {
    name: "hba-trust-remote",
    url: "https://www.postgresql.org/docs/current/auth-trust.html",
};
pub static HOST_PLAINTEXT: Rule = Rule {
    name: "hba-host-plaintext",
    url: "https://www.postgresql.org/docs/current/ssl-tcp.html",
};
pub static HOSTNOSSL_REMOTE: Rule = Rule {
    name: "hba-hostnossl-remote",
    url: "https://www.postgresql.org/docs/current/ssl-tcp.html",
};
pub static PASSWORD_CLEARTEXT: Rule = Rule {
    name: "hba-password-cleartext",
    url: "https://www.postgresql.org/docs/current/auth-password.html",
};
pub static MD5: Rule =
    Rule { name: "hba-md5", url: "https://www.postgresql.org/docs/current/auth-password.html" };
pub static LOCAL_IDENT_IS_PEER: Rule = Rule {
    name: "hba-local-ident-is-peer",
    url: "https://www.postgresql.org/docs/current/auth-peer.html",
};
pub static UNREACHABLE_RULE: Rule = Rule { name: "hba-unreachable-rule", url: HBA_URL };
pub static PARTLY_UNREACHABLE: Rule = Rule { name: "hba-partly-unreachable", url: HBA_URL };
pub static NO_REPLICATION_RULE: Rule = Rule {
    name: "hba-no-replication-rule",
    url: "https://www.postgresql.org/docs/current/auth-pg-hba-conf.html",
};
pub static BYPASSABLE_SSL_RULE: Rule = Rule {
    name: "hba-bypassable-ssl-rule",
    url: "https://www.postgresql.org/docs/current/auth-cert.html",
};
pub static MISSING_IPV6_LOOPBACK: Rule = Rule { name: "hba-missing-ipv6-loopback", url: HBA_URL };

pub static RULES: &[&Rule] = &[
    &UNKNOWN_CONNECTION_TYPE,
    &MISSING_FIELD,
    &template::UNFILLED_PLACEHOLDER,
    &INCLUDE,
    &INCLUDE_MISSING,
    &INCLUDE_CYCLE,
    &INVALID_REGEX,
    &INVALID_ADDRESS,
    &ADDRESS_MISSING_MASK,
    &CIDR_HOST_BITS,
    &UNKNOWN_METHOD,
    &METHOD_NOT_ALLOWED,
    &INVALID_OPTION,
    &UNTERMINATED_QUOTE,
    &TRUST_REMOTE,
    &HOST_PLAINTEXT,
    &HOSTNOSSL_REMOTE,
    &PASSWORD_CLEARTEXT,
    &MD5,
    &LOCAL_IDENT_IS_PEER,
    &UNREACHABLE_RULE,
    &PARTLY_UNREACHABLE,
    &MISSING_IPV6_LOOPBACK,
    &NO_REPLICATION_RULE,
    &BYPASSABLE_SSL_RULE,
];

/// The method the rules offer in place of weak ones.
const SCRAM: &str = "scram-sha-256";

/// A record read as the server reads it, as far as it goes.
pub(crate) struct Line<'r> {
    pub record: &'r Record,
    pub columns: Columns<'r>,
    pub conn_type: Option<ConnType>,
    pub method: Option<AuthMethod>,
    pub method_token: Option<&'r Token>,
    /// The address column as the server reads it (host lines with one address only).
    pub address: Option<AddressSpec>,
    /// The clients the address column and its mask cover, for numeric addresses.
    pub range: Option<IpRange>,
    /// True when no error was found on the line, so the server would use it.
    pub valid: bool,
    /// The included file the line is in, by its shown name, with the span of the include
    /// line that brings it in; `None` for a line of the analysed file.
    pub included: Option<(&'r str, Span)>,
}

impl Line<'_> {
    /// True when the line is in the analysed file, where its findings go.
    pub fn here(&self) -> bool {
        self.included.is_none()
    }

    /// "line 5", or "line 3 of `conf.d/a.conf`" for a line of an included file.
    pub fn place(&self) -> String {
        match self.included {
            None => format!("line {}", self.record.line + 1),
            Some((file, _)) => format!("line {} of `{file}`", self.record.line + 1),
        }
    }

    /// Where related information about this line points in the analysed file: the line
    /// itself, or the include line that brings it in.
    // FIXME: `Related` holds a span of the analysed file only; with a path it could point
    // into the included file itself.
    pub fn related_span(&self) -> Span {
        self.included.map_or(self.record.span, |(_, via)| via)
    }

    /// The address column, with its mask when there is one.
    pub fn address_span(&self) -> Option<Span> {
        let address = self.columns.address?.span;
        Some(self.columns.mask.map_or(address, |mask| address.cover(mask.span)))
    }

    /// True when the line can match a client that is not on this machine. `samehost`,
    /// `samenet`, `all` and host names all reach beyond the loopback.
    pub fn reaches_network(&self) -> bool {
        match self.conn_type {
            None | Some(ConnType::Local) => false,
            Some(_) => !self.range.is_some_and(IpRange::is_loopback),
        }
    }
}

/// Every finding for `text` on its own, a pg_hba.conf the server reads: no file it names is
/// read, and a template placeholder left in it is an error ([`template`]).
pub fn check(text: &str, settings: &Settings) -> Vec<Finding> {
    check_text(text, settings, false)
}

/// Every finding for `text`, a template such as initdb's `pg_hba.conf.sample`: checked as
/// the file it becomes once its placeholders are filled in.
pub fn check_template(text: &str, settings: &Settings) -> Vec<Finding> {
    check_text(text, settings, true)
}

fn check_text(text: &str, settings: &Settings, is_template: bool) -> Vec<Finding> {
    let major = facts::major(settings);
    let filled = template::fill(text);
    let mut findings =
        analyze(&includes::expand(filled.as_deref().unwrap_or(text), None, None, major), major);
    if !is_template && filled.is_some() {
        template::check_unfilled(
            text,
            &crate::syntax::pghba::parse_for(text, major),
            &mut findings,
        );
    }
    findings
}

/// Every finding of the file at `path`: those of [`check`], judged with the files it names
/// (`@file` lists and, from PostgreSQL 16 on, `include*` records), plus what is wrong with
/// those names.
///
/// A file that a pg_hba.conf beside it or one folder up includes (`hba.d/10-app.conf`) is
/// not judged as a whole pg_hba.conf: the rules about lines the file lacks
/// (`hba-no-replication-rule`, `hba-missing-ipv6-loopback`) stay silent, since the including
/// file may have them.
///
/// FIXME: judging the fragment inside the including file's rule order, as PgBouncer
/// fragments are (`rules/pgbouncer.rs`, `check_as_fragment`), would also show rules the
/// including file shadows.
pub fn check_with_files(
    path: &std::path::Path,
    text: &str,
    settings: &Settings,
    files: &dyn crate::files::Files,
) -> Vec<Finding> {
    let major = facts::major(settings);
    let filled = template::fill(text);
    let raw = text;
    let text = filled.as_deref().unwrap_or(text);
    let tree = includes::expand(text, Some(path), Some(files), major);
    let mut findings = analyze(&tree, major);
    if filled.is_some() && !template::is_template(path) {
        template::check_unfilled(raw, &crate::syntax::pghba::parse_for(raw, major), &mut findings);
    }
    if included_by_neighbour(path, files, major) {
        let whole_file = [NO_REPLICATION_RULE.name, MISSING_IPV6_LOOPBACK.name];
        findings.retain(|finding| !whole_file.contains(&finding.rule.name));
    }

    // Messages moved from included files may quote their secrets.
    let secrets: Vec<crate::redact::Secret<'_>> = tree.sources[1..]
        .iter()
        .flat_map(|source| {
            let mut spans = secret_spans(&source.text);
            spans.extend(crate::redact::secret_spans(&source.text));
            crate::redact::secrets_of(&source.text, &spans)
        })
        .collect();
    crate::redact::guard_findings(&mut findings, &secrets);
    findings
}

/// Whether a pg_hba.conf beside `path` or one folder up includes it (`include*` or `@`).
fn included_by_neighbour(
    path: &std::path::Path,
    files: &dyn crate::files::Files,
    major: u32,
) -> bool {
    let target = crate::files::absolute(path);
    crate::files::neighbour_configs(path, "pg_hba.conf").iter().any(|config| {
        let Some(text) = files.read(config) else {
            return false;
        };
        let tree = includes::expand(&text, Some(config), Some(files), major);
        tree.sources[1..].iter().any(|source| {
            source.path.as_deref().map(crate::files::normalize).as_ref() == Some(&target)
        })
    })
}

/// Every finding of the records of `tree`, on spans of the analysed file.
fn analyze(tree: &includes::Tree, major: u32) -> Vec<Finding> {
    let (found, lines) = read_records(tree, major);
    let mut findings: Vec<Finding> = found
        .into_iter()
        .filter_map(|(source, finding)| moved_here(tree, source, finding))
        .collect();
    let text = &tree.sources[0].text;
    shadow::check_unreachable(text, &lines, major, &mut findings);
    check_ipv6_loopback_twin(text, &lines, &mut findings);
    policy::check_replication(&lines, &mut findings);
    policy::check_bypassable_ssl(&lines, major, &mut findings);
    findings
}

/// The findings of each record of `tree` on its own, as (source, finding on a span of
/// that source), with the records read as lines for the rules that compare them.
fn read_records(tree: &includes::Tree, major: u32) -> (Vec<(usize, Finding)>, Vec<Line<'_>>) {
    let mut found: Vec<(usize, Finding)> = tree.problems.clone();
    let mut lines = Vec::new();

    for &(source, index) in &tree.order {
        let record = &tree.sources[source].records[index];
        let mut findings = Vec::new();
        if let Some(span) = record.unterminated_quote {
            findings.push(Finding::new(
                &UNTERMINATED_QUOTE,
                Severity::Warning,
                span,
                "This quote is never closed, so the server reads the rest of the line as one \
                name and the fields after it are lost. Close the quote.",
            ));
        }
        if !check_include(record, major, &mut findings) {
            let mut line = read_line(record, major, &mut findings);
            line.valid = !findings.iter().any(|finding| finding.severity == Severity::Error);
            line.included =
                tree.sources[source].via.map(|via| (tree.sources[source].shown.as_str(), via));
            if line.valid {
                check_security(&line, major, &mut findings);
                check_host_bits(&line, &mut findings);
            }
            lines.push(line);
        }
        found.extend(findings.into_iter().map(|finding| (source, finding)));
    }
    (found, lines)
}

/// For the differential test: every error claiming the server refuses the file, as the
/// (file, 1-based line of the record) where the server reports it, before errors of
/// included files are moved to the include line.
#[cfg(test)]
pub(crate) fn load_errors_by_file(
    path: &std::path::Path,
    text: &str,
    settings: &Settings,
    files: &dyn crate::files::Files,
) -> std::collections::BTreeSet<(std::path::PathBuf, usize)> {
    let major = facts::major(settings);
    let tree = includes::expand(text, Some(path), Some(files), major);
    let (found, _) = read_records(&tree, major);
    found
        .into_iter()
        .filter(|(_, finding)| finding.severity == Severity::Error && finding.rule != &TRUST_REMOTE)
        .filter_map(|(source, finding)| {
            let source = &tree.sources[source];
            let record = source.records.iter().find(|record| {
                record.span.start <= finding.span.start && finding.span.end <= record.span.end
            })?;
            Some((source.path.clone()?, record.line + 1))
        })
        .collect()
}

/// A finding on a record of `source`, as it shows in the analysed file: as it is for the
/// analysed file itself; for an included file, only an error (it makes the whole file fail
/// to load), on the include line that brings the file in. A finding on an `@name` that
/// was expanded loses its fixes, which would edit the name instead of the value.
fn moved_here(tree: &includes::Tree, source: usize, mut finding: Finding) -> Option<Finding> {
    let from = &tree.sources[source];
    if from.expanded.iter().any(|span| span.cover(finding.span) == *span) {
        finding.fixes.clear();
    }
    let Some(via) = from.via else {
        return Some(finding);
    };
    if finding.severity != Severity::Error {
        return None;
    }
    let line = includes::line_number(&from.text, finding.span.start);
    let message = format!("In `{}` line {line}: {}", from.shown, finding.message);
    Some(Finding::new(finding.rule, Severity::Error, via, message))
}

/// Handles `include*` records; true when the record is one.
fn check_include(record: &Record, major: u32, findings: &mut Vec<Finding>) -> bool {
    let first = record.fields[0].first();
    let Some(kind) = IncludeKind::from_name(&first.text) else {
        return false;
    };
    if major < 16 {
        findings.push(Finding::new(
            &INCLUDE,
            Severity::Error,
            first.span,
            format!(
                "`{}` needs PostgreSQL 16 or later; PostgreSQL {major} reads it as an unknown \
                connection type and refuses the whole file.",
                kind.name()
            ),
        ));
        return true;
    }
    if record.include().is_none() {
        findings.push(Finding::new(
            &INCLUDE,
            Severity::Error,
            record.span,
            format!(
                "`{}` takes exactly one file name; the server refuses the file otherwise.",
                kind.name()
            ),
        ));
    }
    // Reached only when the files around are not read (`check`); `check_with_files`
    // follows the include instead.
    true
}

/// Reads one record, reporting every way the server would refuse it.
fn read_line<'r>(record: &'r Record, major: u32, findings: &mut Vec<Finding>) -> Line<'r> {
    let columns = record.columns();
    let mut line = Line {
        record,
        columns: columns.clone(),
        conn_type: None,
        method: None,
        method_token: None,
        address: None,
        range: None,
        valid: false,
        included: None,
    };

    let Some(conn_type) = read_conn_type(columns.conn_type, major, findings) else {
        return line;
    };
    line.conn_type = Some(conn_type);

    let last_token = record
        .fields
        .last()
        .and_then(|field| field.tokens.last())
        .map_or(record.span, |token| token.span);
    for (field, what) in [(columns.database, "database"), (columns.user, "user")] {
        if field.is_none() {
            findings.push(missing_field(last_token, what));
            return line;
        }
    }
    for token in [columns.database, columns.user].into_iter().flatten().flat_map(|f| &f.tokens) {
        // The server compiles quoted `/` names too (seen with PostgreSQL 18).
        // FIXME: The rules that match names (shadowing, hovers) still read a quoted `/` name
        // as a plain name; `Token::regex` should agree with the server there as well.
        let pattern = token.text.strip_prefix('/').filter(|_| major >= 16);
        let Some(pattern) = pattern else { continue };
        if let Some(why) = crate::rules::pgident::regex::surely_invalid(pattern) {
            findings.push(Finding::new(
                &INVALID_REGEX,
                Severity::Error,
                token.span,
                format!(
                    "This regular expression does not compile ({why}), so the server \
                    refuses the file. A name starting with `/` is a regular expression, quoted \
                    or not; fix it."
                ),
            ));
            return line;
        }
    }

    if !conn_type.is_local() {
        let Some(address_field) = columns.address else {
            findings.push(missing_field(last_token, "client address"));
            return line;
        };
        match read_address(address_field, columns.mask, columns.method, findings) {
            Some((spec, range)) => {
                line.address = Some(spec);
                line.range = range;
            }
            None => return line,
        }
    }

    let Some(method_field) = columns.method else {
        findings.push(missing_field(last_token, "authentication method"));
        return line;
    };
    let Some(method) = read_method(method_field, conn_type, major, findings) else {
        return line;
    };
    line.method = Some(method);
    line.method_token = method_field.single();

    let method_span = method_field.span;
    check_options(&columns.options, conn_type, method, method_span, major, findings);
    line
}

fn missing_field(span: Span, what: &str) -> Finding {
    Finding::new(
        &MISSING_FIELD,
        Severity::Error,
        span,
        format!("The line ends before its {what}; the server refuses to load the file."),
    )
}

fn unknown_word_finding(
    rule: &'static Rule,
    token: &Token,
    message: String,
    suggestion: Option<&str>,
) -> Finding {
    let finding = Finding::new(rule, Severity::Error, token.span, message);
    match suggestion {
        Some(name) => {
            finding.with_fix(Fix::replace(format!("Change to `{name}`"), token.span, name))
        }
        None => finding,
    }
}

fn read_conn_type(field: &Field, major: u32, findings: &mut Vec<Finding>) -> Option<ConnType> {
    let Some(token) = field.single() else {
        findings.push(Finding::new(
            &UNKNOWN_CONNECTION_TYPE,
            Severity::Error,
            field.span,
            "A line takes exactly one connection type; the server refuses a list here.",
        ));
        return None;
    };
    if let Some(conn_type) = ConnType::from_name(&token.text) {
        if major >= conn_type.since() {
            return Some(conn_type);
        }
        findings.push(Finding::new(
            &UNKNOWN_CONNECTION_TYPE,
            Severity::Error,
            token.span,
            format!(
                "`{}` needs PostgreSQL {} or later; PostgreSQL {major} refuses the file.",
                conn_type.name(),
                conn_type.since()
            ),
        ));
        return None;
    }

    let known = ConnType::ALL
        .into_iter()
        .filter(|conn_type| major >= conn_type.since())
        .map(ConnType::name);
    let suggestion = crate::suggest::closest(&token.text, known);
    let hint = suggestion.map_or(String::new(), |name| format!(" Did you mean `{name}`?"));
    findings.push(unknown_word_finding(
        &UNKNOWN_CONNECTION_TYPE,
        token,
        format!(
            "`{}` is not a connection type, so the server refuses to load the file.{hint}",
            token.text
        ),
        suggestion,
    ));
    None
}

/// Reads the address and mask columns; `None` when the server would refuse them.
fn read_address(
    field: &Field,
    mask: Option<&Field>,
    method: Option<&Field>,
    findings: &mut Vec<Finding>,
) -> Option<(AddressSpec, Option<IpRange>)> {
    let invalid = |span: Span, message: String| {
        Finding::new(&INVALID_ADDRESS, Severity::Error, span, message)
    };
    let Some(token) = field.single() else {
        findings.push(invalid(
            field.span,
            "A line takes one address or range; the server refuses a list here. Write one \
            line per range."
                .to_string(),
        ));
        return None;
    };

    let spec = AddressSpec::parse(token);
    match &spec {
        AddressSpec::Invalid(AddressError::BadPrefix { max }) => {
            findings.push(invalid(
                token.span,
                format!(
                    "`{}` has an invalid prefix length: it must be a number from 0 to {max}. \
                    The server refuses to load the file.",
                    token.text
                ),
            ));
            None
        }
        AddressSpec::Invalid(AddressError::HostNameWithPrefix) => {
            let host = token.text.split('/').next().unwrap_or_default();
            let message = if address::looks_like_ip(host) {
                format!("`{host}` is not a valid IP address, so the server refuses the file.")
            } else {
                format!(
                    "`{}` is a host name with a prefix length, which the server refuses: \
                    write a numeric address before `/`.",
                    token.text
                )
            };
            findings.push(invalid(token.span, message));
            None
        }
        AddressSpec::HostName(host) if address::looks_like_ip(host) => {
            // The server loads the line, so this is no error, but it is almost surely one
            // in the writer's mind.
            findings.push(Finding::new(
                &INVALID_ADDRESS,
                Severity::Warning,
                token.span,
                format!(
                    "`{host}` is not a valid IP address. The server takes it for a host name, \
                    which will hardly ever resolve, so the line matches nobody."
                ),
            ));
            Some((spec.clone(), None))
        }
        AddressSpec::Ip(Address { ip, prefix: Some(prefix) }) => {
            let range = IpRange::from_prefix(*ip, *prefix);
            Some((spec.clone(), Some(range)))
        }
        AddressSpec::Ip(Address { ip, prefix: None }) => {
            read_mask(token, *ip, mask, method, findings).map(|range| (spec.clone(), Some(range)))
        }
        _ => Some((spec, None)),
    }
}

/// Reads the netmask column after an address written without `/len`.
fn read_mask(
    address_token: &Token,
    ip: IpAddr,
    mask: Option<&Field>,
    method: Option<&Field>,
    findings: &mut Vec<Finding>,
) -> Option<IpRange> {
    let mask_ip = mask.and_then(Field::single).and_then(|token| address::parse_ip(&token.text));
    if let (Some(mask_ip), Some(mask_field)) = (mask_ip, mask) {
        let range = IpRange::from_mask(ip, mask_ip);
        if range.is_none() {
            findings.push(Finding::new(
                &INVALID_ADDRESS,
                Severity::Error,
                mask_field.span,
                "The address and the netmask are of different IP families (one IPv4, one \
                IPv6); the server refuses the file.",
            ));
        }
        return range;
    }

    // No usable netmask: the classic mistake is a bare address followed by the method.
    let bits = address::family_bits(ip);
    let next = mask.map(|field| field.first().text.as_str());
    let next_is_method = next.is_none_or(|text| AuthMethod::from_name(text).is_some());
    let what_follows = match next {
        Some(text) => format!(", so the server reads the next field, `{text}`, as a netmask"),
        None => " and no netmask column follows it, so the server".to_string(),
    };
    let mut finding = Finding::new(
        &ADDRESS_MISSING_MASK,
        Severity::Error,
        address_token.span,
        format!(
            "`{}` has no `/len` prefix length{what_follows} and refuses to load the file. \
            Write `{}/{bits}` for this one host.",
            address_token.text, address_token.text
        ),
    );
    // Appending the prefix turns the misread field back into the method; offer it only when
    // that field is one, or when the method would still be missing anyway.
    if next_is_method && (mask.is_some() || method.is_some()) {
        finding = finding.with_fix(Fix::replace(
            format!("Match this one host: `{}/{bits}`", address_token.text),
            Span::empty(address_token.span.end),
            format!("/{bits}"),
        ));
    }
    findings.push(finding);
    None
}

fn read_method(
    field: &Field,
    conn_type: ConnType,
    major: u32,
    findings: &mut Vec<Finding>,
) -> Option<AuthMethod> {
    let Some(token) = field.single() else {
        findings.push(Finding::new(
            &UNKNOWN_METHOD,
            Severity::Error,
            field.span,
            "A line takes exactly one authentication method; the server refuses a list here.",
        ));
        return None;
    };

    let method = match AuthMethod::from_name(&token.text) {
        Some(method) if method.exists_in(major) => method,
        Some(method) => {
            findings.push(Finding::new(
                &UNKNOWN_METHOD,
                Severity::Error,
                token.span,
                format!(
                    "`{}` needs PostgreSQL {} or later; PostgreSQL {major} refuses the file.",
                    method.name(),
                    method.since()
                ),
            ));
            return None;
        }
        None => {
            let suggestion = crate::suggest::closest(&token.text, AuthMethod::names_in(major));
            let hint = suggestion.map_or(String::new(), |name| format!(" Did you mean `{name}`?"));
            findings.push(unknown_word_finding(
                &UNKNOWN_METHOD,
                token,
                format!(
                    "`{}` is not an authentication method, so the server refuses to load the \
                    file.{hint}",
                    token.text
                ),
                suggestion,
            ));
            return None;
        }
    };

    if let Some(reason) = method.refused_on(conn_type) {
        findings.push(Finding::new(
            &METHOD_NOT_ALLOWED,
            Severity::Error,
            token.span,
            format!("{reason}, so the server refuses to load the file."),
        ));
        return None;
    }
    Some(method)
}

fn check_options(
    options: &[&Token],
    conn_type: ConnType,
    method: AuthMethod,
    method_span: Span,
    major: u32,
    findings: &mut Vec<Finding>,
) {
    let invalid =
        |span: Span, message: String| Finding::new(&INVALID_OPTION, Severity::Error, span, message);
    let errors_before = findings.len();
    let mut allowed: Vec<(&Token, &str, &str)> = Vec::new();

    for token in options {
        let Some((name, value)) = token.text.split_once('=') else {
            // The text is not quoted back: after a comma it may be part of a secret.
            findings.push(invalid(
                token.span,
                "This is not a `name=value` option, so the server refuses the file. A comma \
                starts a new option: quote values that contain one."
                    .to_string(),
            ));
            continue;
        };
        let name_span = Span::new(token.span.start, token.span.start + name.len());
        let name_span = if token.quoted { token.span } else { name_span };
        let Some(option) = AuthOption::find(name, major) else {
            let known = facts::OPTIONS
                .iter()
                .filter(|option| major >= option.since)
                .map(|option| option.name);
            let suggestion = crate::suggest::closest(name, known);
            let hint = suggestion.map_or(String::new(), |name| format!(" Did you mean `{name}`?"));
            let mut finding = invalid(
                name_span,
                format!(
                    "`{name}` is not an authentication option; the server refuses the file.{hint}"
                ),
            );
            if let (Some(suggestion), false) = (suggestion, token.quoted) {
                finding = finding.with_fix(Fix::replace(
                    format!("Change to `{suggestion}`"),
                    name_span,
                    suggestion,
                ));
            }
            findings.push(finding);
            continue;
        };

        if option.place == OptionPlace::HostSsl && conn_type != ConnType::HostSsl {
            findings.push(invalid(
                name_span,
                format!("`{name}` works only on `hostssl` lines; the server refuses the file."),
            ));
            continue;
        }
        if !option.allowed_with(method, major) {
            findings.push(invalid(
                name_span,
                format!(
                    "`{name}` works only with {}, not with `{}`; the server refuses the file.",
                    option.method_names(major).join(", "),
                    method.name()
                ),
            ));
            continue;
        }
        if let Some(message) = bad_option_value(option.name, value, method, major) {
            findings.push(invalid(token.span, message));
            continue;
        }
        allowed.push((token, option.name, value));
    }

    if findings.len() > errors_before {
        // The server stops at the first bad option; the line as a whole is judged after.
        return;
    }
    let has = |name: &str| allowed.iter().any(|&(_, allowed_name, _)| allowed_name == name);
    let missing = match method {
        AuthMethod::OAuth if !has("issuer") => Some("`oauth` needs `issuer`"),
        AuthMethod::OAuth if !has("scope") => Some("`oauth` needs `scope`"),
        _ => None,
    };
    let anchor = options.last().map_or(method_span, |token| token.span);
    if let Some(message) = missing {
        findings.push(invalid(anchor, format!("{message}; the server refuses the file.")));
    }
    for problem in requirements::check(&allowed, method, method_span) {
        findings.push(invalid(problem.span, problem.message));
    }
}

/// Why the server refuses a value of a known option, when it checks values.
fn bad_option_value(name: &str, value: &str, method: AuthMethod, major: u32) -> Option<String> {
    let turns_check_off = value == "0" || value == "no-verify";
    match name {
        // Before 14, `clientcert` also took `1` (as `verify-ca`) and `0` or `no-verify`
        // (no certificate needed), except with `cert`, which always needs one.
        "clientcert" if major < 14 && turns_check_off && method == AuthMethod::Cert => {
            Some(format!(
                "`cert` always checks the client certificate; `clientcert={value}` \
                cannot turn that off."
            ))
        }
        "clientcert" if major < 14 => match value {
            "1" | "0" | "no-verify" | "verify-ca" | "verify-full" => None,
            _ => Some(format!(
                "`clientcert` takes `verify-ca` or `verify-full` (or `1`, `0`, `no-verify` \
                before PostgreSQL 14), not `{value}`."
            )),
        },
        "clientcert" if value == "verify-ca" && method == AuthMethod::Cert => Some(
            "With `cert`, `clientcert` can only be `verify-full`, which `cert` implies anyway."
                .to_string(),
        ),
        "clientcert" if value != "verify-ca" && value != "verify-full" => {
            Some(format!("`clientcert` takes `verify-ca` or `verify-full`, not `{value}`."))
        }
        "clientname" if value != "CN" && value != "DN" => {
            Some(format!("`clientname` takes `CN` or `DN` (upper case), not `{value}`."))
        }
        _ => None,
    }
}

/// The rules on lines the server accepts: weak methods and plain-text transport.
fn check_security(line: &Line, major: u32, findings: &mut Vec<Finding>) {
    let (Some(conn_type), Some(method), Some(method_token)) =
        (line.conn_type, line.method, line.method_token)
    else {
        return;
    };
    let conn_token = line.columns.conn_type.first();
    let remote = line.reaches_network();

    if remote && method == AuthMethod::Trust {
        findings.push(
            Finding::new(
                &TRUST_REMOTE,
                Severity::Error,
                method_token.span,
                format!(
                    "`trust` lets anyone who can reach the server from {} log in as any role, \
                    superusers included, without a password. Use `{SCRAM}` (or `cert`).",
                    describe_clients(line)
                ),
            )
            .with_fix(Fix::replace(
                format!("Change to `{SCRAM}`"),
                method_token.span,
                SCRAM,
            )),
        );
    }

    if remote && method != AuthMethod::Reject {
        let plain = match conn_type {
            ConnType::Host => {
                Some((&HOST_PLAINTEXT, "`host` also accepts connections without TLS"))
            }
            ConnType::HostNoSsl => {
                Some((&HOSTNOSSL_REMOTE, "`hostnossl` accepts only connections without TLS"))
            }
            ConnType::HostNoGssEnc => Some((
                &HOST_PLAINTEXT,
                "`hostnogssenc` also accepts connections without any encryption",
            )),
            _ => None,
        };
        if let Some((rule, what)) = plain {
            findings.push(
                Finding::new(
                    rule,
                    Severity::Warning,
                    conn_token.span,
                    format!(
                        "{what} from {}, so passwords and data can cross the network in plain \
                        text. Use `hostssl` to require TLS.",
                        describe_clients(line)
                    ),
                )
                .with_fix(Fix::replace(
                    "Change to `hostssl`",
                    conn_token.span,
                    "hostssl",
                )),
            );
        }
    }

    if method == AuthMethod::Password && remote && conn_type.allows_plain_text() {
        findings.push(
            Finding::new(
                &PASSWORD_CLEARTEXT,
                Severity::Warning,
                method_token.span,
                format!(
                    "`password` makes clients send their password as it is, and this line also \
                    accepts connections without TLS, so anyone on the path can read it. Use \
                    `{SCRAM}`."
                ),
            )
            .with_fix(Fix::replace(
                format!("Change to `{SCRAM}`"),
                method_token.span,
                SCRAM,
            )),
        );
    }

    if method == AuthMethod::Md5 {
        let deprecated = if major >= 18 { " PostgreSQL 18 deprecates MD5 passwords." } else { "" };
        let mut finding = Finding::new(
            &MD5,
            Severity::Hint,
            method_token.span,
            format!(
                "Prefer `{SCRAM}`: MD5 hashes are weak and replayable once stolen.{deprecated} \
                `md5` already accepts SCRAM logins for roles with SCRAM passwords; switch once \
                no role still has an MD5-hashed password, or those roles are locked out."
            ),
        )
        .with_fix(Fix::replace(format!("Change to `{SCRAM}`"), method_token.span, SCRAM));
        if major >= 18 {
            finding = finding.with_tag(Tag::Deprecated);
        }
        findings.push(finding);
    }

    if method == AuthMethod::Ident && conn_type.is_local() {
        findings.push(
            Finding::new(
                &LOCAL_IDENT_IS_PEER,
                Severity::Hint,
                method_token.span,
                "On `local` lines the server treats `ident` as `peer`: the OS user must match \
                the role (or a `map`), and no password is asked. Write `peer` to say so.",
            )
            .with_fix(Fix::replace("Change to `peer`", method_token.span, "peer")),
        );
    }
}

/// Who a line lets in, for messages.
fn describe_clients(line: &Line) -> String {
    match (&line.address, line.range) {
        (_, Some(range)) => match range.prefix_len() {
            Some(0) => "any address".to_string(),
            Some(prefix) => format!("{}/{prefix}", range.network_ip()),
            None => format!("{} with mask {}", range.network_ip(), range.mask_ip()),
        },
        (Some(AddressSpec::All), _) => "any address".to_string(),
        (Some(AddressSpec::SameHost), _) => "any of the server's own addresses".to_string(),
        (Some(AddressSpec::SameNet), _) => "any machine on the server's subnets".to_string(),
        (Some(AddressSpec::HostName(host)), _) => format!("host `{host}`"),
        _ => "the network".to_string(),
    }
}

/// An IPv4 loopback line without a line that admits the same databases and users from
/// IPv6 loopback.
fn check_ipv6_loopback_twin(text: &str, lines: &[Line], findings: &mut Vec<Finding>) {
    let covers_ipv6_loopback = |line: &Line| {
        line.valid
            && !line.conn_type.is_some_and(ConnType::is_local)
            && match (&line.address, line.range) {
                (_, Some(range)) => {
                    range.v6 && range.contains(IpRange { v6: true, address: 1, mask: u128::MAX })
                }
                (Some(AddressSpec::All | AddressSpec::SameHost | AddressSpec::SameNet), _) => true,
                (Some(AddressSpec::HostName(host)), _) => host.eq_ignore_ascii_case("localhost"),
                _ => false,
            }
    };
    // Compared by value, since the two lines may be in different files.
    let same_who = |a: &Line, b: &Line| {
        fn values(field: Option<&Field>) -> Option<Vec<(&str, bool)>> {
            field.map(|field| {
                field.tokens.iter().map(|token| (token.text.as_str(), token.quoted)).collect()
            })
        }
        values(a.columns.database) == values(b.columns.database)
            && values(a.columns.user) == values(b.columns.user)
    };

    for line in lines.iter().filter(|line| line.valid && line.here()) {
        let Some(range) = line.range else { continue };
        let (Some(address_field), None) = (line.columns.address, line.columns.mask) else {
            continue;
        };
        if range.v6 || !range.is_loopback() {
            continue;
        }
        if lines.iter().any(|other| covers_ipv6_loopback(other) && same_who(line, other)) {
            continue;
        }
        let fix = ipv6_twin_fix(text, line, address_field);
        let mut finding = Finding::new(
            &MISSING_IPV6_LOOPBACK,
            Severity::Hint,
            address_field.span,
            "This covers IPv4 loopback only. Clients that connect to `localhost` often arrive \
            from `::1`, which no line for these databases and users admits, so they are \
            rejected. Add the same line for `::1/128`.",
        );
        if let Some(fix) = fix {
            finding = finding.with_fix(fix);
        }
        findings.push(finding);
    }
}

/// A copy of the line for `::1/128`, inserted after it, columns kept aligned.
fn ipv6_twin_fix(text: &str, line: &Line, address_field: &Field) -> Option<Fix> {
    if !line.record.continuations.is_empty() {
        return None;
    }
    let record = line.record.span;
    let before = text.get(record.start..address_field.span.start)?;
    let after = text.get(address_field.span.end..record.end)?;
    let old_width = address_field.span.len();
    let new_address = "::1/128";
    let padding = " ".repeat(old_width.saturating_sub(new_address.len()));
    let after = if after.starts_with([' ', '\t']) {
        format!("{padding}{after}")
    } else {
        after.to_string()
    };
    let line_start = text[..record.start].rfind('\n').map_or(0, |at| at + 1);
    let indent = text.get(line_start..record.start)?;
    let line_end = text[record.end..].find('\n').map_or(text.len(), |at| record.end + at);
    Some(Fix::new(
        "Add the same line for IPv6 loopback `::1/128`",
        vec![crate::finding::Edit {
            span: Span::empty(line_end),
            new_text: format!("\n{indent}{before}{new_address}{after}"),
        }],
    ))
}

/// An address with bits set right of its mask, which the server silently ignores.
fn check_host_bits(line: &Line, findings: &mut Vec<Finding>) {
    let (Some(range), Some(address_field)) = (line.range, line.columns.address) else {
        return;
    };
    if !range.has_host_bits() {
        return;
    }
    let address_token = address_field.first();
    let written = range.address_ip();
    let network = range.network_ip();
    let full = if range.v6 { 128 } else { 32 };

    let (span, one_host, whole_net, described) = match (line.columns.mask, range.prefix_len()) {
        (None, Some(prefix)) => (
            address_token.span,
            format!("{written}/{full}"),
            format!("{network}/{prefix}"),
            format!("{network}/{prefix}"),
        ),
        (Some(mask_field), _) => {
            let all_ones = IpRange::from_prefix(written, full).mask_ip().to_string();
            (
                address_token.span.cover(mask_field.span),
                format!("{written} {all_ones}"),
                format!("{network} {}", range.mask_ip()),
                format!("{network} with mask {}", range.mask_ip()),
            )
        }
        (None, None) => return,
    };
    findings.push(
        Finding::new(
            &CIDR_HOST_BITS,
            Severity::Warning,
            span,
            format!(
                "`{written}` has bits set beyond the mask, which the server ignores: this line \
                matches all of {described} ({} addresses), not just {written}.",
                range.size()
            ),
        )
        .with_fix(Fix::replace(format!("Match only {written}"), span, one_host))
        .with_fix(Fix::replace(
            format!("Match the whole network {whole_net}"),
            span,
            whole_net,
        )),
    );
}

#[cfg(test)]
mod tests;

#[cfg(test)]
pub(crate) mod differential;

#[cfg(test)]
mod benchmark;

/// The values of secret options (`ldapbindpasswd`, `radiussecrets`), which no output may
/// show.
pub fn secret_spans(text: &str) -> Vec<Span> {
    let file = crate::syntax::pghba::parse(text);
    let mut secrets = Vec::new();

    for record in &file.records {
        for token in record.columns().options {
            let Some((name, _)) = token.text.split_once('=') else {
                continue;
            };
            let secret = facts::OPTIONS.iter().any(|option| option.secret && option.name == name);
            let raw = token.span.of(text);
            if let (true, Some(equals)) = (secret, raw.find('=')) {
                secrets.push(Span::new(token.span.start + equals + 1, token.span.end));
            }
        }
    }
    secrets
}
