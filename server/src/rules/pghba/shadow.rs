//! Rule order: a line that no connection can reach, because earlier lines match every
//! connection it would match and the server never falls through to a later line.
//!
//! The analysis is exact in one direction: it reports a line only when it can prove that
//! every connection the line matches is taken earlier. A connection is split into cells:
//! its transport (Unix socket, or TCP in plain text, TLS or GSSAPI encryption), one entry
//! of the line's database list and one of its user list. Each cell must be matched by
//! earlier lines whose connection type, database and user entries each cover it, and
//! together those lines' addresses must cover the line's addresses. Anything it cannot
//! decide (a `samerole` against a name, a regex against a name, an `@file`) counts as not
//! covered, so it can miss a dead line but never calls a live one dead.

use std::collections::{BTreeMap, HashMap};
use std::hash::{BuildHasherDefault, Hasher};

use crate::finding::{Edit, Finding, Fix, Severity, Tag};
use crate::knowledge::hba::{ConnType, Transport};
use crate::span::Span;
use crate::syntax::pghba::address::union_covers;
use crate::syntax::pghba::{AddressSpec, Field, IpRange};

use super::{Line, PARTLY_UNREACHABLE, UNREACHABLE_RULE};

/// One entry of the database column.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Database {
    All,
    SameUser,
    SameRole,
    Replication,
    Name(String),
    Regex(String),
    File(String),
}

/// One entry of the user column.
#[derive(Clone, Debug, PartialEq, Eq)]
enum User {
    All,
    Group(String),
    Name(String),
    Regex(String),
    File(String),
}

/// The kind of connection a cell stands for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Channel {
    Socket,
    Tcp(Transport),
}

/// What a valid line matches, in the terms the analysis compares.
struct Matcher {
    conn_type: ConnType,
    databases: Vec<Database>,
    users: Vec<User>,
    address: Option<AddressSpec>,
    range: Option<IpRange>,
}

fn databases(field: &Field, major: u32) -> Vec<Database> {
    field
        .tokens
        .iter()
        .map(|token| {
            if let Some(file) = token.included_file() {
                return Database::File(file.to_string());
            }
            if let Some(pattern) = token.regex(major) {
                return Database::Regex(pattern.to_string());
            }
            if token.quoted {
                return Database::Name(token.text.clone());
            }
            match token.text.as_str() {
                "all" => Database::All,
                "sameuser" => Database::SameUser,
                "samerole" | "samegroup" => Database::SameRole,
                "replication" => Database::Replication,
                _ => Database::Name(token.text.clone()),
            }
        })
        .collect()
}

fn users(field: &Field, major: u32) -> Vec<User> {
    field
        .tokens
        .iter()
        .map(|token| {
            if let Some(file) = token.included_file() {
                return User::File(file.to_string());
            }
            if let Some(pattern) = token.regex(major) {
                return User::Regex(pattern.to_string());
            }
            if token.quoted {
                return User::Name(token.text.clone());
            }
            if let Some(group) = token.text.strip_prefix('+') {
                return User::Group(group.to_string());
            }
            match token.text.as_str() {
                "all" => User::All,
                _ => User::Name(token.text.clone()),
            }
        })
        .collect()
}

impl Matcher {
    fn of(line: &Line, major: u32) -> Option<Matcher> {
        if !line.valid {
            return None;
        }
        Some(Matcher {
            conn_type: line.conn_type?,
            databases: databases(line.columns.database?, major),
            users: users(line.columns.user?, major),
            address: line.address.clone(),
            range: line.range,
        })
    }

    fn channels(&self) -> Vec<Channel> {
        if self.conn_type.is_local() {
            return vec![Channel::Socket];
        }
        Transport::ALL
            .into_iter()
            .filter(|&transport| self.conn_type.accepts(transport))
            .map(Channel::Tcp)
            .collect()
    }

    fn matches_channel(&self, channel: Channel) -> bool {
        match channel {
            Channel::Socket => self.conn_type.is_local(),
            Channel::Tcp(transport) => self.conn_type.accepts(transport),
        }
    }

    /// True when this line's database list matches every connection `database` matches.
    fn covers_database(&self, database: &Database) -> bool {
        let has = |wanted: &Database| self.databases.contains(wanted);
        match database {
            Database::Replication => has(&Database::Replication),
            // An included file may hold `replication`, which `all` does not cover.
            Database::File(_) => {
                has(database) || has(&Database::All) && has(&Database::Replication)
            }
            _ => has(&Database::All) || has(database),
        }
    }

    fn covers_user(&self, user: &User) -> bool {
        self.users.contains(&User::All) || self.users.contains(user)
    }
}

/// The ranges and keywords that a set of earlier lines covers, for one cell.
fn addresses_covered(target: &Matcher, coverers: &[&Matcher]) -> bool {
    if target.conn_type.is_local() {
        return !coverers.is_empty();
    }
    if coverers.iter().any(|line| line.address == Some(AddressSpec::All)) {
        return true;
    }
    let ranges: Vec<IpRange> = coverers.iter().filter_map(|line| line.range).collect();
    let whole_family = |v6| union_covers(IpRange::everything(v6), &ranges);
    // Only the targets without a range of their own need it, and it is costly.
    let everything = || whole_family(false) && whole_family(true);
    let has = |spec: &AddressSpec| coverers.iter().any(|line| line.address.as_ref() == Some(spec));

    match (&target.address, target.range) {
        (_, Some(range)) => union_covers(range, &ranges),
        (Some(AddressSpec::All), _) => everything(),
        (Some(AddressSpec::SameHost), _) => {
            has(&AddressSpec::SameHost) || has(&AddressSpec::SameNet) || everything()
        }
        (Some(AddressSpec::SameNet), _) => has(&AddressSpec::SameNet) || everything(),
        (Some(AddressSpec::HostName(host)), _) => {
            coverers.iter().any(|line| match &line.address {
                Some(AddressSpec::HostName(pattern)) => host_covered(host, pattern),
                _ => false,
            }) || everything()
        }
        _ => false,
    }
}

/// True when the host-name pattern `pattern` matches every client `host` matches.
fn host_covered(host: &str, pattern: &str) -> bool {
    let host = host.to_ascii_lowercase();
    let pattern = pattern.to_ascii_lowercase();
    if host == pattern {
        return true;
    }
    // `.example.com` matches names ending in it, and so covers a name or a narrower suffix.
    pattern.starts_with('.') && host.ends_with(&pattern)
}

/// True when `earlier`'s address alone holds every client address of `target`.
fn address_alone_covers(target: &Matcher, earlier: &Matcher) -> bool {
    if target.conn_type.is_local() || earlier.address == Some(AddressSpec::All) {
        return true;
    }
    match (&target.address, target.range, &earlier.address, earlier.range) {
        (_, Some(range), _, Some(cover)) => cover.contains(range),
        (Some(AddressSpec::SameHost), _, Some(AddressSpec::SameNet), _) => true,
        (Some(AddressSpec::HostName(host)), _, Some(AddressSpec::HostName(pattern)), _) => {
            host_covered(host, pattern)
        }
        (Some(target), None, Some(earlier), None) => target == earlier,
        _ => false,
    }
}

/// True when an earlier line's range shares an address with the target's.
fn overlaps(target: &Matcher, earlier: &Matcher) -> bool {
    match (target.range, earlier.range) {
        (Some(a), Some(b)) => a.v6 == b.v6 && (a.address ^ b.address) & a.mask & b.mask == 0,
        _ => false,
    }
}

/// The earlier lines worth naming for one covered cell: the first that covers it alone,
/// or else every line whose range takes part in covering it.
fn winners_of(target: &Matcher, coverers: &[(usize, &Matcher)]) -> Vec<usize> {
    if let Some(&(at, _)) = coverers.iter().find(|(_, line)| address_alone_covers(target, line)) {
        return vec![at];
    }
    // A target without a range of its own (`all`, `samenet`, a host name) is covered only
    // by whole families; name those.
    let whole_family = |line: &Matcher| line.range.is_some_and(|range| range.mask == 0);
    coverers
        .iter()
        .filter(
            |(_, line)| {
                if target.range.is_some() {
                    overlaps(target, line)
                } else {
                    whole_family(line)
                }
            },
        )
        .map(|&(at, _)| at)
        .collect()
}

/// A fast hasher for the address index: its keys are addresses from one file, not
/// chosen by an attacker who could make them collide on purpose (and a collision costs
/// time, never a wrong answer).
#[derive(Default)]
struct MixHasher(u64);

impl Hasher for MixHasher {
    fn write(&mut self, bytes: &[u8]) {
        for &byte in bytes {
            self.write_u64(u64::from(byte));
        }
    }

    fn write_u8(&mut self, value: u8) {
        self.write_u64(u64::from(value));
    }

    fn write_u64(&mut self, value: u64) {
        self.0 = (self.0.rotate_left(5) ^ value).wrapping_mul(0x517c_c1b7_2722_0a95);
    }

    fn write_u128(&mut self, value: u128) {
        self.write_u64(value as u64);
        self.write_u64((value >> 64) as u64);
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

/// The earlier lines, indexed by address, so that each line is compared only with those
/// that can share a client with it: without the index a file of n lines costs n² cell
/// checks, which for 10,000 lines is seconds.
#[derive(Default)]
struct EarlierLines {
    local: Vec<usize>,
    /// TCP lines whose address is no prefix range: `all`, `samehost`, `samenet`, host
    /// names, non-contiguous masks. Few in real files; always compared.
    keyword: Vec<usize>,
    /// Ranges by (family, prefix length, network), to find those containing a range.
    by_prefix: HashMap<(bool, u8, u128), Vec<usize>, BuildHasherDefault<MixHasher>>,
    /// Ranges by (family, network), to find those inside a range.
    by_network: BTreeMap<(bool, u128), Vec<usize>>,
    /// `0.0.0.0/0` and `::/0`.
    whole_family: Vec<usize>,
    /// The prefix lengths in use per family (IPv4, IPv6), as bit sets: real files use a
    /// handful, so finding the ranges that contain a range takes a handful of look-ups.
    prefix_lengths: [u128; 2],
    prefix_zero: [bool; 2],
}

impl EarlierLines {
    fn add(&mut self, at: usize, line: &Matcher) {
        if line.conn_type.is_local() {
            self.local.push(at);
            return;
        }
        match line.range.and_then(|range| Some((range, range.prefix_len()?))) {
            Some((range, prefix)) => {
                let network = range.network();
                self.by_prefix.entry((range.v6, prefix, network)).or_default().push(at);
                let family = usize::from(range.v6);
                match prefix {
                    0 => self.prefix_zero[family] = true,
                    _ => self.prefix_lengths[family] |= 1u128 << (prefix - 1),
                }
                self.by_network.entry((range.v6, network)).or_default().push(at);
                if prefix == 0 {
                    self.whole_family.push(at);
                }
            }
            None => self.keyword.push(at),
        }
    }

    /// The earlier lines that may share a client with `target`, in file order. Leaving a
    /// line out can only hide a dead line, never make a live one look dead.
    fn candidates(&self, target: &Matcher) -> Vec<usize> {
        if target.conn_type.is_local() {
            return self.local.clone();
        }
        let mut found = self.keyword.clone();
        match target.range {
            Some(range) => {
                let bits = if range.v6 { 128 } else { 32 };
                let ip = range.network_ip();
                let family = usize::from(range.v6);
                let longest = range.prefix_len().unwrap_or(bits);
                let used = (1..=longest)
                    .filter(|&prefix| self.prefix_lengths[family] & (1u128 << (prefix - 1)) != 0);
                let zero = self.prefix_zero[family].then_some(0);
                for prefix in zero.into_iter().chain(used) {
                    let network = IpRange::from_prefix(ip, prefix).network();
                    if let Some(lines) = self.by_prefix.get(&(range.v6, prefix, network)) {
                        found.extend(lines);
                    }
                }
                let inside = (range.v6, range.network())..=(range.v6, range.broadcast());
                found.extend(self.by_network.range(inside).flat_map(|(_, lines)| lines));
            }
            // A target without a range (`all`, `samenet`, a host name) is covered by
            // keywords or by whole families.
            None => found.extend(&self.whole_family),
        }
        found.sort_unstable();
        found.dedup();
        found
    }
}

/// Reports every valid line that earlier lines make unreachable.
pub(super) fn check_unreachable(
    text: &str,
    lines: &[Line],
    major: u32,
    findings: &mut Vec<Finding>,
) {
    let matchers: Vec<Option<Matcher>> =
        lines.iter().map(|line| Matcher::of(line, major)).collect();
    let mut index = EarlierLines::default();

    for (at, target) in matchers.iter().enumerate() {
        let Some(target) = target else { continue };
        // Lines of included files are judged where they are written; they still take
        // connections from the lines after them.
        if !lines[at].here() {
            index.add(at, target);
            continue;
        }
        let earlier: Vec<(usize, &Matcher)> = index
            .candidates(target)
            .into_iter()
            .filter_map(|at| matchers[at].as_ref().map(|matcher| (at, matcher)))
            .collect();
        index.add(at, target);
        if earlier.is_empty() {
            continue;
        }

        let mut winners: Vec<usize> = Vec::new();
        let mut dead = true;
        let mut coverers: Vec<(usize, &Matcher)> = Vec::new();
        let mut lines_only: Vec<&Matcher> = Vec::new();
        'cells: for channel in target.channels() {
            for database in &target.databases {
                for user in &target.users {
                    coverers.clear();
                    coverers.extend(earlier.iter().copied().filter(|(_, line)| {
                        line.matches_channel(channel)
                            && line.covers_database(database)
                            && line.covers_user(user)
                    }));
                    if coverers.is_empty() {
                        dead = false;
                        break 'cells;
                    }
                    lines_only.clear();
                    lines_only.extend(coverers.iter().map(|&(_, line)| line));
                    if !addresses_covered(target, &lines_only) {
                        dead = false;
                        break 'cells;
                    }
                    for at in winners_of(target, &coverers) {
                        if !winners.contains(&at) {
                            winners.push(at);
                        }
                    }
                }
            }
        }
        if dead {
            winners.sort_unstable();
            findings.push(unreachable_finding(text, lines, at, &winners));
        } else if let Some((v6, winners)) = family_taken(target, &earlier) {
            findings.push(family_finding(lines, at, v6, &winners));
        }
    }
}

/// For a line without a range of its own (`all`, `samehost`, `samenet`): the family
/// (true for IPv6) whose clients earlier lines all take, with those lines, when the other
/// family still reaches the line.
fn family_taken(target: &Matcher, earlier: &[(usize, &Matcher)]) -> Option<(bool, Vec<usize>)> {
    let keyword = matches!(
        target.address,
        Some(AddressSpec::All | AddressSpec::SameHost | AddressSpec::SameNet)
    );
    if !keyword || target.range.is_some() {
        return None;
    }
    [false, true].into_iter().find_map(|v6| {
        let mut winners = Vec::new();
        for channel in target.channels() {
            for database in &target.databases {
                for user in &target.users {
                    let ranges: Vec<(usize, IpRange)> = earlier
                        .iter()
                        .filter(|(_, line)| {
                            line.matches_channel(channel)
                                && line.covers_database(database)
                                && line.covers_user(user)
                        })
                        .filter_map(|&(at, line)| Some((at, line.range?)))
                        .filter(|(_, range)| range.v6 == v6)
                        .collect();
                    let only: Vec<IpRange> = ranges.iter().map(|&(_, range)| range).collect();
                    if !union_covers(IpRange::everything(v6), &only) {
                        return None;
                    }
                    winners.extend(ranges.iter().map(|&(at, _)| at));
                }
            }
        }
        winners.sort_unstable();
        winners.dedup();
        Some((v6, winners))
    })
}

fn family_finding(lines: &[Line], index: usize, v6: bool, winners: &[usize]) -> Finding {
    let (taken, left) = if v6 { ("IPv6", "IPv4") } else { ("IPv4", "IPv6") };
    let numbers = numbered(lines, winners);
    let (noun, verb) = if winners.len() == 1 { ("line", "takes") } else { ("lines", "take") };
    let mut finding = Finding::new(
        &PARTLY_UNREACHABLE,
        Severity::Information,
        lines[index].address_span().unwrap_or(lines[index].record.span),
        format!(
            "Only {left} clients can reach this line: {noun} {numbers} {verb} every {taken} \
            client it would match first. Move it above if it is meant for {taken} too."
        ),
    );
    for &at in winners {
        finding = finding.with_related(
            lines[at].related_span(),
            format!("{} takes the {taken} clients first", lines[at].place()),
        );
    }
    finding
}

fn unreachable_finding(text: &str, lines: &[Line], index: usize, winners: &[usize]) -> Finding {
    let record = lines[index].record;
    let numbers = numbered(lines, winners);
    let (noun, verb) = if winners.len() == 1 { ("line", "matches") } else { ("lines", "match") };
    let mut finding = Finding::new(
        &UNREACHABLE_RULE,
        Severity::Warning,
        record.span,
        format!(
            "This line can never be used: {noun} {numbers} {verb} every connection it would \
            match, and the server stops at the first matching line. Move it above, or remove \
            it."
        ),
    )
    .with_tag(Tag::Unnecessary);
    for &at in winners {
        finding = finding.with_related(
            lines[at].related_span(),
            format!("{} matches these connections first", lines[at].place()),
        );
    }
    finding.with_fix(Fix::new(
        "Remove the unreachable line",
        vec![Edit {
            span: whole_lines(text, record.span, lines[index].record.comment),
            new_text: String::new(),
        }],
    ))
}

/// The winners' line numbers for a message: "3, 5", with the file named for lines of an
/// included file ("2 of `conf.d/a.conf`").
fn numbered(lines: &[Line], winners: &[usize]) -> String {
    let numbers: Vec<String> = winners
        .iter()
        .map(|&at| {
            let place = lines[at].place();
            place.strip_prefix("line ").map_or(place.clone(), str::to_string)
        })
        .collect();
    numbers.join(", ")
}

/// The physical lines a record occupies, line breaks included.
fn whole_lines(text: &str, span: Span, comment: Option<Span>) -> Span {
    let start = text[..span.start].rfind('\n').map_or(0, |at| at + 1);
    let end = comment.map_or(span.end, |comment| comment.end.max(span.end));
    let end = text[end..].find('\n').map_or(text.len(), |at| end + at + 1);
    Span::new(start, end)
}
