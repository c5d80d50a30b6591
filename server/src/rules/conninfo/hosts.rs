//! Host lists: an empty entry that silently means the local socket, and several hosts
//! without a word on which of them will do.

use super::{fix, Ctx, Source, WithFixes, EMPTY_HOST, MULTI_HOST_WITHOUT_TARGET};
use crate::finding::{Finding, Severity};
use crate::syntax::conninfo::Origin;

pub(super) fn check(ctx: &Ctx, findings: &mut Vec<Finding>) {
    check_empty_hosts(ctx, findings);
    check_target_session_attrs(ctx, findings);
}

/// An empty host (`host=''`, `a,,b`, `PGHOST=`) makes libpq use the default Unix socket
/// for that entry, rarely what a list of servers meant.
fn check_empty_hosts(ctx: &Ctx, findings: &mut Vec<Finding>) {
    let Some(host) = ctx.effective("host") else {
        return;
    };
    let addresses: Vec<&str> =
        ctx.effective("hostaddr").map_or(Vec::new(), |found| found.value.split(',').collect());
    let entries: Vec<&str> = host.value.split(',').collect();
    for (index, entry) in entries.iter().enumerate() {
        let has_address = addresses.get(index).is_some_and(|addr| !addr.trim().is_empty());
        if !entry.trim().is_empty() || has_address {
            continue;
        }
        let span = match host.source {
            Source::String(setting) if setting.origin == Origin::UriHost => {
                match ctx.info.hosts.get(index) {
                    Some(written) => ctx.src(written.host_span),
                    None => ctx.value_span(&host),
                }
            }
            _ => ctx.value_span(&host),
        };
        let message = if entries.len() == 1 {
            "The host is empty, so libpq connects to the local server's default Unix socket \
             instead of a server on the network; name the host, or leave the setting out if \
             the local socket is meant."
                .to_string()
        } else {
            format!(
                "Entry {} of the host list is empty, so libpq tries the local server's default \
                 Unix socket there; remove the extra comma or name the host.",
                index + 1
            )
        };
        findings.push(Finding::new(&EMPTY_HOST, Severity::Warning, span, message));
    }
}

/// Several hosts and no `target_session_attrs`: libpq settles for the first server that
/// answers, which after a failover can be a read-only standby.
fn check_target_session_attrs(ctx: &Ctx, findings: &mut Vec<Finding>) {
    if ctx.effective("target_session_attrs").is_some() {
        return;
    }
    let listed = ctx
        .effective("hostaddr")
        .filter(|found| !found.value.is_empty())
        .or_else(|| ctx.effective("host"));
    let Some(hosts) = listed.filter(|found| found.value.contains(',')) else {
        return;
    };
    let message = "Several hosts and no `target_session_attrs`: libpq takes the first server \
                   that accepts the connection, which after a failover may be a read-only \
                   standby. Add `target_session_attrs=read-write` (or `prefer-standby` for \
                   reads).";
    let edit = ctx.add_settings(&[("target_session_attrs", "read-write".to_string())]);
    findings.push(
        Finding::new(&MULTI_HOST_WITHOUT_TARGET, Severity::Hint, ctx.value_span(&hosts), message)
            .with_fixes(edit.map(|edit| fix("Add `target_session_attrs=read-write`", edit))),
    );
}
