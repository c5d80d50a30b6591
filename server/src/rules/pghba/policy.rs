//! Rules about the file as a policy rather than line by line: a certificate requirement
//! that clients can sidestep by not using TLS, and a file that admits no physical
//! replication at all.

use crate::finding::{Finding, Severity};
use crate::knowledge::hba::{AuthMethod, ConnType, Transport};
use crate::syntax::pghba::{AddressSpec, Field, Token};

use super::{Line, BYPASSABLE_SSL_RULE, NO_REPLICATION_RULE};

/// True when some database entry of `a` and some of `b` can name the same connection.
/// Entries we cannot compare (`sameuser`, `samerole`, regexes, `@file`) overlap only `all`.
fn databases_overlap(a: &Field, b: &Field) -> bool {
    let is = |token: &Token, keyword: &str| token.is_keyword(keyword);
    a.tokens.iter().any(|x| {
        b.tokens.iter().any(|y| {
            let replication = is(x, "replication") || is(y, "replication");
            (is(x, "all") || is(y, "all")) && !replication
                || x.text == y.text && x.quoted == y.quoted && !x.text.starts_with(['@', '/'])
        })
    })
}

fn users_overlap(a: &Field, b: &Field) -> bool {
    a.tokens.iter().any(|x| {
        b.tokens.iter().any(|y| {
            x.is_keyword("all")
                || y.is_keyword("all")
                || x.text == y.text && x.quoted == y.quoted && !x.text.starts_with(['@', '/'])
        })
    })
}

/// True when some client address is matched by both lines' address columns.
fn addresses_overlap(a: &Line, b: &Line) -> bool {
    if a.address == Some(AddressSpec::All) || b.address == Some(AddressSpec::All) {
        return true;
    }
    match (a.range, b.range) {
        (Some(x), Some(y)) => x.v6 == y.v6 && (x.address ^ y.address) & x.mask & y.mask == 0,
        (None, None) => a.address.is_some() && a.address == b.address,
        _ => false,
    }
}

/// True when `earlier` turns away every plain-text client `line` would admit.
fn plain_text_refused_before(earlier: &Line, line: &Line) -> bool {
    let everyone = |field: Option<&Field>| {
        field.and_then(Field::single).is_some_and(|token| token.is_keyword("all"))
    };
    let covers_address = earlier.address == Some(AddressSpec::All)
        || matches!((earlier.range, line.range), (Some(x), Some(y)) if x.contains(y));
    earlier.valid
        && earlier.method == Some(AuthMethod::Reject)
        && earlier.conn_type.is_some_and(|kind| !kind.is_local() && kind.accepts(Transport::Plain))
        && everyone(earlier.columns.database)
        && everyone(earlier.columns.user)
        && covers_address
}

/// A `hostssl` line that demands a client certificate, while a later line admits the same
/// clients over plain TCP: a client that skips TLS skips the certificate too.
pub(super) fn check_bypassable_ssl(lines: &[Line], _major: u32, findings: &mut Vec<Finding>) {
    for (index, line) in lines.iter().enumerate() {
        if !line.valid || !line.here() || line.conn_type != Some(ConnType::HostSsl) {
            continue;
        }
        let clientcert = line
            .columns
            .options
            .iter()
            .copied()
            .find(|token| token.text.starts_with("clientcert="));
        let anchor = match (line.method, clientcert) {
            (Some(AuthMethod::Cert), _) => line.method_token,
            (_, Some(token)) => Some(token),
            _ => None,
        };
        let (Some(anchor), Some(database), Some(user)) =
            (anchor, line.columns.database, line.columns.user)
        else {
            continue;
        };

        let bypass = lines.iter().enumerate().skip(index + 1).find(|(at, later)| {
            later.valid
                && later.conn_type.is_some_and(|kind| !kind.is_local() && kind.allows_plain_text())
                && later.method.is_some_and(|method| method != AuthMethod::Reject)
                && later.columns.database.is_some_and(|other| databases_overlap(database, other))
                && later.columns.user.is_some_and(|other| users_overlap(user, other))
                && addresses_overlap(line, later)
                && !lines[..*at].iter().any(|before| plain_text_refused_before(before, later))
        });
        let Some((_, later)) = bypass else { continue };
        let Some(method) = later.method else { continue };

        let number = later.place();
        let how = if method == AuthMethod::Trust {
            " and with no authentication at all".to_string()
        } else {
            format!(", with `{}` instead of a certificate", method.name())
        };
        findings.push(
            Finding::new(
                &BYPASSABLE_SSL_RULE,
                Severity::Warning,
                anchor.span,
                format!(
                    "Clients can sidestep this certificate check: {number} admits the same \
                    clients without TLS{how}. Turn plain-text clients away (`hostnossl … \
                    reject` above {number}), or drop the certificate line."
                ),
            )
            .with_related(
                later.related_span(),
                format!("{number} admits the same clients without TLS"),
            ),
        );
    }
}

/// No line admits physical replication although `all` lines suggest it was meant to be
/// covered: `all` does not match replication connections.
pub(super) fn check_replication(lines: &[Line], findings: &mut Vec<Finding>) {
    fn tokens<'l>(line: &Line<'l>) -> Vec<&'l Token> {
        line.columns.database.into_iter().flat_map(|field| field.tokens.iter()).collect()
    }
    let valid = || lines.iter().filter(|line| line.valid && line.method.is_some());
    let admits_replication = valid().any(|line| {
        tokens(line)
            .iter()
            .any(|token| token.is_keyword("replication") || token.included_file().is_some())
    });
    if admits_replication {
        return;
    }
    let first_all = valid()
        .filter(|line| line.here() && line.method != Some(AuthMethod::Reject))
        .flat_map(tokens)
        .find(|token| token.is_keyword("all"));
    if let Some(token) = first_all {
        findings.push(Finding::new(
            &NO_REPLICATION_RULE,
            Severity::Information,
            token.span,
            "No line admits physical replication, and `all` does not cover it: standbys, \
            pg_basebackup and WAL-streaming backup tools are refused. If you use them, add a \
            line such as `hostssl replication replicator 10.0.0.0/8 scram-sha-256`.",
        ));
    }
}
