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
//! Keywords are case-sensitive. Lines PgBouncer keeps are also checked ([`kept_lines`]):
//! `trust` and clear-text `password` over the network, and a method that cannot work on
//! the line's connections (`peer` over TCP, `cert` without TLS).
//!
//! A `pg_hba*.conf` that the `pgbouncer.ini` beside it names is read this way when opened
//! on its own too, with findings on its tokens ([`super::check_as_auth_hba_file`]).
//!
//! FIXME: An hba file of another name (`hba.conf`) is no file kind, so opened on its own it
//! gets no findings, and one that a `pgbouncer.ini` in another directory names is read as
//! PostgreSQL's; both need an index of the files the workspace's configs name.

use std::net::IpAddr;
use std::path::Path;

mod ident_maps;
mod kept_lines;
mod networks;

pub(super) use ident_maps::IdentMaps;
use networks::{mask_from_bits, network_of};

use super::{
    HBA_BAD_ADDRESS, HBA_HOST_BITS, HBA_UNSUPPORTED_METHOD, HBA_UNSUPPORTED_NAME,
    HBA_UNSUPPORTED_OPTION, HBA_UNSUPPORTED_TYPE,
};
use crate::files::Files;
use crate::finding::{Fix, Rule, Severity};
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
                    findings.extend(kept_lines::security(&kept, line.number));
                    findings.extend(kept_lines::method_mismatch(&kept, line.number));
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
