//! TCP keepalives: NAT gateways, load balancers and firewalls drop connections that
//! stay idle longer than their timeout without telling either end, and only probes sent
//! before that timeout keep the flow alive (or reveal a dead peer).

use super::{Ctx, Effective, Source, WithFixes, KEEPALIVES_MISSING};
use crate::finding::{Edit, Finding, Fix, Severity};

/// What we propose: probe after a minute of silence, every 10 s, give up after 6.
const INTERVAL: u32 = 10;
const COUNT: u32 = 6;
const PREFERRED_IDLE: u32 = 60;

/// The idle time to propose: a minute, or less when the middlebox is quicker.
fn proposed_idle(middlebox_idle_timeout: u32) -> u32 {
    if middlebox_idle_timeout > PREFERRED_IDLE {
        PREFERRED_IDLE
    } else {
        (middlebox_idle_timeout / 2).max(1)
    }
}

/// An integer as libpq reads it: surrounding blanks allowed, nothing else.
fn integer(value: &str) -> Option<i64> {
    value.trim().parse().ok()
}

pub(super) fn check(ctx: &Ctx, findings: &mut Vec<Finding>) {
    if ctx.env_only.is_some() {
        // libpq has no environment variables for keepalives.
        return;
    }
    let network = ctx.network_hosts();
    let Some(first_remote) = network.first() else {
        return;
    };
    let timeout = ctx.settings.middlebox_idle_timeout;

    let enabled = ctx.effective("keepalives");
    let idle = ctx.effective("keepalives_idle");
    let interval = ctx.effective("keepalives_interval");
    let count = ctx.effective("keepalives_count");
    let turned_off = enabled.is_some_and(|found| integer(found.value) == Some(0));
    let idle_seconds = idle.and_then(|found| integer(found.value));

    let (span, message) = if turned_off {
        let found = enabled.expect("turned_off implies a keepalives value");
        let message = format!(
            "`keepalives=0` turns TCP keepalives off, so a NAT gateway or load balancer that \
             drops idle connections (after {timeout} s here) leaves this client waiting on \
             a dead connection. Turn them on with `keepalives_idle` below {timeout} s."
        );
        (ctx.value_span(&found), message)
    } else {
        match (idle, idle_seconds) {
            (None, _) => {
                let message = format!(
                    "No `keepalives_idle`: the operating system waits about two hours before \
                     the first keepalive probe, while NAT gateways and load balancers drop \
                     idle connections after minutes ({timeout} s assumed) without telling \
                     either end. Add `keepalives_idle` below {timeout} s."
                );
                (first_remote.span, message)
            }
            (Some(found), Some(seconds)) if seconds >= i64::from(timeout) || seconds <= 0 => {
                let message = format!(
                    "`keepalives_idle={}` is not below the {timeout} s after which NAT \
                     gateways and load balancers drop idle connections, so the first probe \
                     comes too late to keep the connection alive.",
                    found.value.trim()
                );
                (ctx.value_span(&found), message)
            }
            _ => return,
        }
    };

    let idle_target = proposed_idle(timeout);
    let mut edits = Vec::new();
    let mut additions = Vec::new();
    let wanted = [
        ("keepalives", enabled, turned_off, "1".to_string()),
        (
            "keepalives_idle",
            idle,
            idle_seconds.is_none_or(|seconds| seconds <= 0 || seconds >= i64::from(timeout)),
            idle_target.to_string(),
        ),
        ("keepalives_interval", interval, false, INTERVAL.to_string()),
        ("keepalives_count", count, false, COUNT.to_string()),
    ];
    for (keyword, current, wrong, target) in wanted {
        match current {
            Some(found) if wrong => edits.push(replace(ctx, &found, &target)),
            Some(_) => {}
            None => additions.push((keyword, target)),
        }
    }
    if !additions.is_empty() {
        edits.push(ctx.add_settings(&additions));
    }
    let edits: Option<Vec<Edit>> = edits.into_iter().collect();
    let fix_found = edits.map(|edits| {
        Fix::new(format!("Send TCP keepalives after {idle_target} s of silence"), edits)
    });

    findings.push(
        Finding::new(&KEEPALIVES_MISSING, Severity::Hint, span, message).with_fixes(fix_found),
    );
}

fn replace(ctx: &Ctx, found: &Effective, value: &str) -> Option<Edit> {
    match found.source {
        Source::String(_) => ctx.replace_value(found, value),
        // libpq reads no keepalive variables, so this cannot happen; add no edit.
        Source::Env(_) => None,
    }
}
