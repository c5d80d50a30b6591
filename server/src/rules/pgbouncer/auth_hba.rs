//! The contents of `auth_hba_file`, judged as PgBouncer reads them (`src/hba.c`, checked
//! against the 1.18 release Debian ships and the later tags, and tried on the real binary
//! by the differential test).
//!
//! PgBouncer reads a subset of `pg_hba.conf` with a reader of its own (tokens: see
//! [`crate::syntax::pgbouncer_hba`]). A line it cannot read is not fatal: it logs a warning
//! naming the line, drops that one line and reads on. The clients the line was written for
//! then fall through to the lines below it, and with no line left that matches they are
//! refused. So every such line is an error here, said on the `auth_hba_file` value of
//! `pgbouncer.ini` as "In `hba.conf` line N: ...". What it reads:
//! - types `local`, `host`, `hostssl`, `hostnossl` (no `hostgssenc`, no `include`);
//! - names `all`, `sameuser`, plain or quoted names, comma lists, `@file` (one or more
//!   names a line, relative to the hba file's directory; a blank or comment line in it
//!   makes the whole list unreadable); `replication` from 1.23; never `+group`,
//!   `samerole`, `samegroup`. Both columns take the database keywords;
//! - addresses: IPv4 or IPv6 only, with `/bits` or a mask after it; `all` from 1.23; no
//!   host names, `samehost`, `samenet`. An address with bits outside its mask loads, but
//!   PgBouncer compares it unmasked, so the line matches no client;
//! - methods `trust`, `reject`, `md5`, `password`, `peer`, `cert`, `scram-sha-256`, and
//!   `ldap` (with its options) from 1.25;
//! - nothing after the method, but `map=NAME` from 1.23, which must name a map of
//!   `auth_ident_file` as PgBouncer reads that file ([`IdentMaps::read`]).
//!
//! Keywords are case-sensitive. Lines PgBouncer keeps are also checked for what matters
//! on a pooler: `trust` and clear-text `password` over the network, and a method that
//! cannot work on the line's connections (`peer` over TCP, `cert` without TLS), which
//! PgBouncer loads and then refuses every client with (`src/client.c`).
//!
//! A `pg_hba*.conf` that the `pgbouncer.ini` beside it names is read this way when opened
//! on its own too, with findings on its tokens ([`super::check_as_auth_hba_file`]).
//!
//! FIXME: An hba file of another name (`hba.conf`) is no file kind, so opened on its own it
//! gets no findings, and one that a `pgbouncer.ini` in another directory names is read as
//! PostgreSQL's; both need an index of the files the workspace's configs name.

use std::net::IpAddr;
use std::path::Path;

use super::{
    HBA_BAD_ADDRESS, HBA_HOST_BITS, HBA_METHOD_MISMATCH, HBA_UNSUPPORTED_METHOD,
    HBA_UNSUPPORTED_NAME, HBA_UNSUPPORTED_OPTION, HBA_UNSUPPORTED_TYPE,
};
use crate::files::Files;
use crate::finding::{Fix, Rule, Severity};
use crate::rules::pghba::{PASSWORD_CLEARTEXT, TRUST_REMOTE};
use crate::span::Span;
use crate::syntax::pgbouncer_hba::{self as syntax, Token, TokenKind};

/// The first release that reads `replication` in the name columns, `all` as an address
/// and `map=` after the method.
const REPLICATION_ADDRESS_ALL_MAP_SINCE: (u32, u32) = (1, 23);

/// The first release that reads `ldap` lines.
const LDAP_SINCE: (u32, u32) = (1, 25);

/// How deep `@file` lists may nest before we stop following (PgBouncer has no limit, and
/// a list that names itself never ends).
const MAX_NAME_FILE_DEPTH: usize = 8;

/// The connection types PgBouncer reads.
const TYPES: &[&str] = &["local", "host", "hostssl", "hostnossl"];

/// The methods every release reads.
const METHODS: &[&str] = &["trust", "reject", "md5", "password", "peer", "cert", "scram-sha-256"];

/// What is said about one line of the hba file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) struct LineFinding {
    pub line: usize,
    /// The narrowest part of the hba file that is wrong.
    pub span: Span,
    pub rule: &'static Rule,
    pub severity: Severity,
    pub message: String,
    /// An edit of the hba file that makes PgBouncer read the line as meant.
    pub fix: Option<Fix>,
}

/// What the reading of an hba file depends on besides its text.
pub(super) struct Reader<'a> {
    pub release: (u32, u32),
    pub files: &'a dyn Files,
    /// The maps of `auth_ident_file`, which `map=` may name.
    pub ident_maps: IdentMaps,
}

/// What we know of the maps `auth_ident_file` defines.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) enum IdentMaps {
    /// `auth_ident_file` is not set: PgBouncer knows no map.
    Unset,
    /// It is set, but we cannot read it here: every map may be there.
    Unknown,
    /// The names of the maps on the lines PgBouncer reads (none when the file is missing).
    Known(Vec<String>),
}

impl IdentMaps {
    /// The maps in the text of an `auth_ident_file`, read as PgBouncer 1.23 and later read
    /// it (`parse_ident_line`): `MAP SYSTEM-USER PG-USER` and nothing more, the map a bare
    /// word, the users bare or quoted; any other line is dropped.
    pub fn read(text: &str) -> IdentMaps {
        let mut maps = Vec::new();

        for line in syntax::parse(text) {
            let kinds: Vec<TokenKind> = line.tokens.iter().map(|token| token.kind).collect();
            let user = |kind: &TokenKind| matches!(kind, TokenKind::Word | TokenKind::Quoted);
            // After the keyword `all` PgBouncer skips one token more than it reads, so one
            // extra token there goes unnoticed.
            let all = line.tokens.get(2).is_some_and(|token| token.text == "all");
            let readable = match kinds.as_slice() {
                [TokenKind::Word, system, postgres] => user(system) && user(postgres),
                [TokenKind::Word, system, TokenKind::Word, extra] => {
                    all && user(system) && *extra != TokenKind::Unterminated
                }
                _ => false,
            };
            if readable {
                maps.push(line.tokens[0].text.clone());
            }
        }
        IdentMaps::Known(maps)
    }
}

/// Why PgBouncer drops a line: the rule, what is wrong, and what to do.
struct Problem {
    rule: &'static Rule,
    /// Where it is, when not the token the reading stopped at.
    span: Option<Span>,
    what: String,
    fix: String,
}

fn problem(rule: &'static Rule, what: impl Into<String>, fix: impl Into<String>) -> Problem {
    Problem { rule, span: None, what: what.into(), fix: fix.into() }
}

/// A line PgBouncer keeps, for the security checks.
struct Kept {
    kind: &'static str,
    /// The address and its mask, `None` for `local` lines and `all`.
    network: Option<(IpAddr, IpAddr)>,
    address_text: String,
    address_span: Span,
    method: String,
    method_span: Span,
    /// What to say about an address with host bits, and the network address to write.
    host_bits: Option<(String, String)>,
}

/// The tokens of one line, read left to right as PgBouncer does.
struct Cursor<'t> {
    tokens: &'t [Token],
    at: usize,
}

impl<'t> Cursor<'t> {
    fn peek(&self) -> Option<&'t Token> {
        self.tokens.get(self.at)
    }

    fn advance(&mut self) {
        self.at += 1;
    }

    /// The current token when it is the bare word `word`, which is then consumed.
    fn eat_word(&mut self, word: &str) -> bool {
        let found =
            self.peek().is_some_and(|token| token.kind == TokenKind::Word && token.text == word);
        if found {
            self.advance();
        }
        found
    }

    /// The current word, if it is one.
    fn word(&self) -> Option<&'t Token> {
        self.peek().filter(|token| token.kind == TokenKind::Word)
    }
}

impl Reader<'_> {
    /// Every finding about the hba file at `path` whose text is `text`.
    pub fn check(&self, path: &Path, text: &str) -> Vec<LineFinding> {
        let mut findings = Vec::new();

        for line in syntax::parse(text) {
            let mut cursor = Cursor { tokens: &line.tokens, at: 0 };
            match self.read_line(&mut cursor, path) {
                Ok(None) => {}
                Ok(Some(kept)) => {
                    findings.extend(kept.host_bits.clone().map(|(what, network)| LineFinding {
                        line: line.number,
                        span: kept.address_span,
                        rule: &HBA_HOST_BITS,
                        severity: Severity::Error,
                        message: what,
                        fix: Some(Fix::replace(
                            format!("Write the network address `{network}`"),
                            kept.address_span,
                            network,
                        )),
                    }));
                    findings.extend(security(&kept, line.number));
                    findings.extend(method_mismatch(&kept, line.number));
                }
                Err(problem) => findings.push(LineFinding {
                    line: line.number,
                    span: problem
                        .span
                        .or_else(|| cursor.peek().map(|token| token.span))
                        .unwrap_or(line.span),
                    fix: (problem.rule == &HBA_UNSUPPORTED_OPTION)
                        .then(|| remove_the_rest(&cursor))
                        .flatten(),
                    rule: problem.rule,
                    severity: Severity::Error,
                    message: format!(
                        "{}: PgBouncer {}.{} logs a warning and ignores the whole line, so the \
                         clients it was for fall through to the lines below; {}.",
                        problem.what, self.release.0, self.release.1, problem.fix
                    ),
                }),
            }
        }
        findings
    }

    /// One line: `None` when it holds no rule, else the rule PgBouncer keeps.
    fn read_line(&self, cursor: &mut Cursor, path: &Path) -> Result<Option<Kept>, Problem> {
        let Some(first) = cursor.peek() else {
            return Ok(None);
        };
        let Some(&kind) = TYPES.iter().find(|&&kind| cursor.eat_word(kind)) else {
            return Err(unknown_type(first));
        };

        for column in ["database", "user"] {
            self.names(cursor, column, path, 0)?;
        }

        let mut host_bits = None;
        let mut network = None;
        let mut address_text = String::new();
        let mut address_span = first.span;
        if kind != "local" {
            let all = cursor.word().filter(|token| token.text == "all").map(|token| token.span);
            match all {
                Some(span) if self.release >= REPLICATION_ADDRESS_ALL_MAP_SINCE => {
                    cursor.advance();
                    address_text = "all".to_string();
                    address_span = span;
                }
                _ => {
                    let (address, mask, token) = self.address(cursor)?;
                    host_bits = host_bits_message(&token.text, address, mask);
                    network = Some((address, mask));
                    address_text = token.text.clone();
                    address_span = token.span;
                }
            }
        }

        let method_span = cursor.peek().map_or(first.span, |token| token.span);
        let method = self.method(cursor)?;
        self.options(cursor, &method)?;
        Ok(Some(Kept { kind, network, address_text, address_span, method, method_span, host_bits }))
    }

    /// A name column: names, keywords and `@file` lists joined by commas.
    fn names(
        &self,
        cursor: &mut Cursor,
        column: &str,
        path: &Path,
        depth: usize,
    ) -> Result<(), Problem> {
        loop {
            let Some(token) = cursor.peek() else {
                let after_comma = cursor.at.checked_sub(1).and_then(|at| cursor.tokens.get(at));
                let what = if after_comma.is_some_and(|token| token.kind == TokenKind::Comma) {
                    format!("The {column} list ends with a comma")
                } else {
                    format!("The line ends before its {column} column")
                };
                let fix = "give it a database, a user, an address (not on `local` lines) and \
                    a method";
                return Err(problem(&HBA_UNSUPPORTED_NAME, what, fix));
            };
            match token.kind {
                TokenKind::Word => self.name_word(token, column, path, depth)?,
                TokenKind::Quoted => {}
                TokenKind::Comma => {
                    return Err(problem(
                        &HBA_UNSUPPORTED_NAME,
                        format!("The {column} list has an empty item"),
                        "remove the extra comma",
                    ))
                }
                TokenKind::Unterminated => return Err(open_quote()),
            }
            cursor.advance();
            if !cursor.peek().is_some_and(|token| token.kind == TokenKind::Comma) {
                return Ok(());
            }
            cursor.advance();
        }
    }

    /// A bare word in a name column: a keyword PgBouncer reads, one it refuses, `+group`,
    /// `@file`, or a plain name.
    fn name_word(
        &self,
        token: &Token,
        column: &str,
        path: &Path,
        depth: usize,
    ) -> Result<(), Problem> {
        let word = token.text.as_str();
        match word {
            "samerole" | "samegroup" => Err(problem(
                &HBA_UNSUPPORTED_NAME,
                format!("`{word}` needs role membership, which PgBouncer cannot look up"),
                "list the databases by name",
            )),
            "replication" if self.release < REPLICATION_ADDRESS_ALL_MAP_SINCE => Err(problem(
                &HBA_UNSUPPORTED_NAME,
                "`replication` is no keyword before PgBouncer 1.23, which first passes \
                 replication connections",
                "remove it, and let replication connect to PostgreSQL directly",
            )),
            _ if word.starts_with('+') => Err(problem(
                &HBA_UNSUPPORTED_NAME,
                format!(
                    "`{word}` in the {column} column stands for a role's members, which \
                     PgBouncer cannot look up"
                ),
                "list the members by name or in an `@file`",
            )),
            _ if word.starts_with('@') => self.name_file(&word[1..], path, depth),
            _ => Ok(()),
        }
    }

    /// An `@file` list: every line of the file must hold names PgBouncer reads.
    fn name_file(&self, name: &str, parent: &Path, depth: usize) -> Result<(), Problem> {
        // Relative to the directory of the file that holds the `@`, as PgBouncer joins it.
        let file = parent.parent().unwrap_or(Path::new("")).join(name);
        let shown =
            file.file_name().map_or_else(|| name.to_string(), |n| n.to_string_lossy().into());
        // PgBouncer opens the bare directory for a lone `@`; whatever that gives, it is a slip.
        if name.is_empty() {
            return Err(problem(
                &HBA_UNSUPPORTED_NAME,
                "A lone `@` names no file",
                "write the file's name after it",
            ));
        }
        if depth >= MAX_NAME_FILE_DEPTH {
            return Err(problem(
                &HBA_UNSUPPORTED_NAME,
                format!(
                    "`@{name}` nests `@` files {MAX_NAME_FILE_DEPTH} deep (or back into itself)"
                ),
                "list the names in one file",
            ));
        }
        if !self.files.exists(&file) {
            return Err(problem(
                &HBA_UNSUPPORTED_NAME,
                format!("`@{name}` names `{shown}`, which does not exist"),
                "create it or fix the name (it is read from the hba file's directory)",
            ));
        }
        // A file that exists but cannot be read here is left alone.
        let Some(text) = self.files.read(&file) else {
            return Ok(());
        };

        for line in syntax::parse(&text) {
            let mut cursor = Cursor { tokens: &line.tokens, at: 0 };
            if line.tokens.is_empty() {
                return Err(problem(
                    &HBA_UNSUPPORTED_NAME,
                    format!(
                        "Line {} of `{shown}` (from `@{name}`) holds no name, and PgBouncer \
                         refuses an `@` file with a blank or comment line",
                        line.number
                    ),
                    "remove blank and comment lines from that file",
                ));
            }
            // The span of a problem inside the `@` file is the `@` token's, in the hba file.
            self.names(&mut cursor, "`@` file's", &file, depth + 1).map_err(|inner| Problem {
                span: None,
                what: format!("In `{shown}` (from `@{name}`) line {}: {}", line.number, inner.what),
                ..inner
            })?;
        }
        Ok(())
    }

    /// The address column of a `host*` line: an IP address with `/bits`, or with a mask
    /// in the next column.
    fn address<'t>(&self, cursor: &mut Cursor<'t>) -> Result<(IpAddr, IpAddr, &'t Token), Problem> {
        let fix = "write an IP address with its mask length, e.g. `10.0.0.0/8`";
        let Some(token) = cursor.word() else {
            let what = match cursor.peek() {
                None => "The line ends before its address".to_string(),
                Some(token) => format!("`{}` is not an address PgBouncer reads", token.shown()),
            };
            return Err(problem(&HBA_BAD_ADDRESS, what, fix));
        };
        let (address_text, bits) = match token.text.split_once('/') {
            Some((address, bits)) => (address, Some(bits)),
            None => (token.text.as_str(), None),
        };
        let Ok(address) = address_text.parse::<IpAddr>() else {
            return Err(problem(&HBA_BAD_ADDRESS, not_an_ip(address_text), fix));
        };
        cursor.advance();

        let mask = match bits {
            Some(bits) => mask_from_bits(address, bits).ok_or_else(|| {
                let most = if address.is_ipv4() { 32 } else { 128 };
                let what = format!("`/{bits}` is not a mask length for this address (0 to {most})");
                Problem { span: Some(token.span), ..problem(&HBA_BAD_ADDRESS, what, fix) }
            })?,
            None => {
                let mask = cursor.word().and_then(|token| {
                    let parsed = token.text.parse::<IpAddr>().ok()?;
                    (parsed.is_ipv4() == address.is_ipv4()).then_some(parsed)
                });
                let Some(mask) = mask else {
                    let what = match cursor.peek() {
                        Some(token) => format!(
                            "`{address_text}` has no `/bits`, and `{}` after it is no mask of \
                             its family",
                            token.shown()
                        ),
                        None => format!("`{address_text}` has no `/bits` and no mask after it"),
                    };
                    let span = cursor.peek().map_or(token.span, |after| after.span);
                    return Err(Problem {
                        span: Some(span),
                        ..problem(&HBA_BAD_ADDRESS, what, fix)
                    });
                };
                cursor.advance();
                mask
            }
        };
        Ok((address, mask, token))
    }

    /// The method column.
    fn method(&self, cursor: &mut Cursor) -> Result<String, Problem> {
        if let Some(&method) = METHODS.iter().find(|&&method| cursor.eat_word(method)) {
            return Ok(method.to_string());
        }
        let ldap = self.release >= LDAP_SINCE;
        if ldap && cursor.word().is_some_and(|token| token.text == "ldap") {
            // PgBouncer takes the rest of an `ldap` line as the LDAP options.
            cursor.at = cursor.tokens.len();
            return Ok("ldap".to_string());
        }
        let known = if ldap {
            "`trust`, `reject`, `md5`, `password`, `scram-sha-256`, `cert`, `peer` or `ldap`"
        } else {
            "`trust`, `reject`, `md5`, `password`, `scram-sha-256`, `cert` or `peer`"
        };
        let Some(token) = cursor.peek() else {
            return Err(problem(
                &HBA_UNSUPPORTED_METHOD,
                "The line ends before its method",
                format!("end it with one of {known}"),
            ));
        };
        let method = token.shown();
        let fix = match method.as_str() {
            "ident" => "use `peer` on a `local` line, or `scram-sha-256`".to_string(),
            "ldap" => "use `scram-sha-256` (LDAP arrived in PgBouncer 1.25)".to_string(),
            _ => format!("use one of {known}"),
        };
        Err(problem(
            &HBA_UNSUPPORTED_METHOD,
            format!(
                "`{method}` is not a method PgBouncer {}.{} reads in its hba file",
                self.release.0, self.release.1
            ),
            fix,
        ))
    }

    /// What follows the method: nothing, or from 1.23 on `map=NAME`.
    fn options(&self, cursor: &mut Cursor, method: &str) -> Result<(), Problem> {
        let maps = self.release >= REPLICATION_ADDRESS_ALL_MAP_SINCE;
        if maps {
            if let Some(token) = cursor.word() {
                if !token.text.starts_with("map=") {
                    return Err(problem(
                        &HBA_UNSUPPORTED_OPTION,
                        format!("PgBouncer reads no option `{}`, only `map=`", token.shown()),
                        "remove it",
                    ));
                }
                let map = &token.text["map=".len()..];
                let what = match &self.ident_maps {
                    IdentMaps::Unset => {
                        format!("`map={map}` names a map, and `auth_ident_file` is not set")
                    }
                    IdentMaps::Known(maps) if !maps.iter().any(|known| known == map) => {
                        format!("`map={map}` names a map that `auth_ident_file` does not define")
                    }
                    _ => String::new(),
                };
                if !what.is_empty() {
                    let fix = "define the map in `auth_ident_file`, or remove the option";
                    return Err(problem(&HBA_UNSUPPORTED_OPTION, what, fix));
                }
                cursor.advance();
            }
        }
        let Some(token) = cursor.peek() else {
            return Ok(());
        };
        let fix = if maps {
            "remove it".to_string()
        } else {
            format!("remove it (`map=` arrived in 1.23; `{method}` needs no option in PgBouncer)")
        };
        Err(problem(
            &HBA_UNSUPPORTED_OPTION,
            format!(
                "PgBouncer {}.{} reads nothing after the method, and this line has `{}`",
                self.release.0,
                self.release.1,
                token.shown()
            ),
            fix,
        ))
    }
}

impl Token {
    /// The token as a message shows it: a quoted name in its quotes, and an option as its
    /// key alone, since its value may be a secret (`ldapbindpasswd=`).
    fn shown(&self) -> String {
        match self.kind {
            TokenKind::Quoted => format!("\"{}\"", self.text.replace('"', "\"\"")),
            TokenKind::Comma => ",".to_string(),
            TokenKind::Unterminated => "\"".to_string(),
            TokenKind::Word => match self.text.split_once('=') {
                Some((key, _)) => format!("{key}=…"),
                None => self.text.clone(),
            },
        }
    }
}

fn open_quote() -> Problem {
    problem(&HBA_UNSUPPORTED_NAME, "A quote is left open", "close it with `\"`")
}

/// The first token is no connection type PgBouncer knows.
fn unknown_type(first: &Token) -> Problem {
    if first.kind != TokenKind::Word {
        let what = "The line does not start with a connection type";
        return problem(&HBA_UNSUPPORTED_TYPE, what, "start it with `host`, `hostssl` or `local`");
    }
    let word = first.text.as_str();
    let (what, fix) = match word {
        "include" | "include_if_exists" | "include_dir" => (
            format!(
                "PgBouncer's hba file has no `{word}` directive (it reads one as an unknown \
                 type)"
            ),
            "copy the included lines into this file",
        ),
        "hostgssenc" | "hostnogssenc" => (
            format!(
                "`{word}` is not a connection type PgBouncer reads (it has no GSSAPI \
                 encryption)"
            ),
            "use `host`, `hostssl` or `hostnossl`",
        ),
        _ => (
            format!(
                "`{word}` is not a connection type PgBouncer reads (it takes `local`, `host`, \
                 `hostssl` and `hostnossl`, in lower case)"
            ),
            "start the line with one of those",
        ),
    };
    problem(&HBA_UNSUPPORTED_TYPE, what, fix)
}

/// Why a word is not an address PgBouncer takes.
fn not_an_ip(word: &str) -> String {
    match word {
        "all" => "`all` as an address arrived in PgBouncer 1.23".to_string(),
        "samehost" | "samenet" => format!("PgBouncer does not know `{word}`"),
        _ => format!("`{word}` is not an IP address, and PgBouncer takes no host names"),
    }
}

/// The mask of `/bits`, read as C's `strtoul` reads it: an empty length is 0, a sign is
/// allowed, and the whole text must be digits.
fn mask_from_bits(address: IpAddr, bits: &str) -> Option<IpAddr> {
    let bits = if bits.is_empty() {
        0
    } else {
        let (negative, digits) = match bits.as_bytes()[0] {
            b'-' => (true, &bits[1..]),
            b'+' => (false, &bits[1..]),
            _ => (false, bits),
        };
        if digits.is_empty() || !digits.bytes().all(|byte| byte.is_ascii_digit()) {
            return None;
        }
        let value: u64 = digits.parse().ok()?;
        // A negative length wraps to a huge number, past any family's limit.
        if negative && value != 0 {
            return None;
        }
        value
    };
    match address {
        IpAddr::V4(_) if bits <= 32 => {
            let mask = u32::MAX.checked_shl(32 - bits as u32).unwrap_or(0);
            Some(IpAddr::V4(mask.into()))
        }
        IpAddr::V6(_) if bits <= 128 => {
            let mask = u128::MAX.checked_shl(128 - bits as u32).unwrap_or(0);
            Some(IpAddr::V6(mask.into()))
        }
        _ => None,
    }
}

/// The address with its host bits cleared, when it has any.
fn network_of(address: IpAddr, mask: IpAddr) -> Option<IpAddr> {
    let network = match (address, mask) {
        (IpAddr::V4(address), IpAddr::V4(mask)) => {
            IpAddr::V4((u32::from(address) & u32::from(mask)).into())
        }
        (IpAddr::V6(address), IpAddr::V6(mask)) => {
            IpAddr::V6((u128::from(address) & u128::from(mask)).into())
        }
        _ => return None,
    };
    (network != address).then_some(network)
}

/// What to say about an address with host bits, and the address to write instead (with
/// its `/bits` when it has them).
fn host_bits_message(text: &str, address: IpAddr, mask: IpAddr) -> Option<(String, String)> {
    let network = network_of(address, mask)?;
    let written = match text.split_once('/') {
        Some((_, bits)) => format!("{network}/{bits}"),
        None => network.to_string(),
    };
    let what = format!(
        "`{text}` has bits set outside its mask, and PgBouncer compares client addresses with \
         it as written, so this line matches no client at all; write the network address \
         `{written}` instead."
    );
    Some((what, written))
}

/// A fix that removes the tokens from the cursor's to the end of the line, with the space
/// before them: what follows the method that PgBouncer cannot read.
fn remove_the_rest(cursor: &Cursor) -> Option<Fix> {
    let first = cursor.peek()?;
    let last = cursor.tokens.last()?;
    let start = cursor.at.checked_sub(1).and_then(|at| cursor.tokens.get(at))?.span.end;
    let span = Span::new(start, last.span.end.max(first.span.end));
    Some(Fix::replace("Remove what PgBouncer cannot read after the method", span, ""))
}

/// True when every address the line matches is on this machine.
fn loopback_only(network: Option<(IpAddr, IpAddr)>) -> bool {
    let Some((address, mask)) = network else {
        return false;
    };
    match (address, mask) {
        (IpAddr::V4(address), IpAddr::V4(mask)) => {
            address.octets()[0] == 127 && u32::from(mask) >> 24 == 0xff
        }
        (IpAddr::V6(address), IpAddr::V6(mask)) => {
            address.is_loopback() && u128::from(mask) == u128::MAX
        }
        _ => false,
    }
}

/// The security checks of a line PgBouncer keeps.
fn security(kept: &Kept, line: usize) -> Option<LineFinding> {
    if kept.kind == "local" || loopback_only(kept.network) {
        return None;
    }
    let from = &kept.address_text;
    let (rule, message) = match kept.method.as_str() {
        "trust" => (
            &TRUST_REMOTE,
            format!(
                "`trust` lets anyone who reaches PgBouncer from `{from}` in as any user the \
                 line names, with no password, and PgBouncer then logs them in to \
                 PostgreSQL; use `scram-sha-256`."
            ),
        ),
        "password" if kept.kind != "hostssl" => (
            &PASSWORD_CLEARTEXT,
            format!(
                "`password` has clients from `{from}` send their password to PgBouncer in \
                 clear text, readable on the network unless the line is `hostssl`; use \
                 `scram-sha-256`."
            ),
        ),
        _ => return None,
    };
    let span = kept.method_span;
    Some(LineFinding { line, span, rule, severity: Severity::Warning, message, fix: None })
}

/// A method that cannot succeed on the line's connections: PgBouncer checks `peer` only on
/// Unix sockets and `cert` only over TLS, and a line that matches is the last one tried,
/// so every client it matches is refused.
fn method_mismatch(kept: &Kept, line: usize) -> Option<LineFinding> {
    let (what, fix) = match (kept.method.as_str(), kept.kind) {
        ("peer", "host" | "hostssl" | "hostnossl") => (
            format!(
                "`peer` on a `{}` line: PgBouncer can tell who a client is only on its Unix \
                 socket",
                kept.kind
            ),
            "use `local` for `peer`, or `scram-sha-256` here",
        ),
        ("cert", "local" | "hostnossl") => (
            format!(
                "`cert` on a `{}` line: PgBouncer checks certificates only on TLS \
                 connections, which this line never sees",
                kept.kind
            ),
            "use `hostssl` for `cert`",
        ),
        _ => return None,
    };
    let message = format!(
        "{what}, so every client this line matches is refused, and the lines below are never \
         tried for it; {fix}."
    );
    let span = kept.method_span;
    let severity = Severity::Warning;
    Some(LineFinding { line, span, rule: &HBA_METHOD_MISMATCH, severity, message, fix: None })
}
