//! The lossless parser of PgBouncer's `auth_file` (`userlist.txt`), following how PgBouncer
//! reads it (`load_auth_file` in `src/loader.c`):
//!
//! - whitespace (blank lines included) before a line's first character is skipped;
//! - a line whose first other character is `;` is a comment (`#` is not: it is an error);
//! - otherwise the line must start with `"`: the user name runs to the next `"` that is not
//!   doubled (`""` stands for one `"`). Anything up to the next `"` is skipped, then the
//!   secret is read the same way, and the rest of the line is ignored;
//! - a user name of 128 bytes or more, or a secret of 2048 or more (as written, quotes
//!   doubled), is refused.
//!
//! PgBouncer looks for a closing quote across line ends and stops reading the file at the
//! first line it cannot read; this parser keeps each entry to its line, records the problem,
//! and goes on with the next line so that the rules see the whole file.

use crate::span::Span;

/// The longest user name PgBouncer stores, including its terminating byte.
pub const MAX_USERNAME: usize = 128;

/// The longest secret PgBouncer stores, including its terminating byte.
pub const MAX_PASSWORD: usize = 2048;

/// What is wrong with a line, and whether PgBouncer stops reading the file there.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SyntaxError {
    pub span: Span,
    pub message: String,
    /// True when PgBouncer stops loading the file at this line: no user below it can log in.
    pub stops_loading: bool,
}

/// A double-quoted field.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Field {
    /// The field with its quotes.
    pub span: Span,
    /// Between the quotes, as written.
    pub inner: Span,
    /// The value PgBouncer uses: `""` turned into `"`.
    pub value: String,
}

/// A `"user" "secret"` line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UserLine {
    /// From the user's opening quote to the end of the line's content.
    pub span: Span,
    pub user: Field,
    pub secret: Field,
    /// Text between the two fields, which PgBouncer skips.
    pub between: Option<Span>,
    /// Text after the secret on its line, which PgBouncer ignores.
    pub trailing: Option<Span>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Item {
    Comment(Span),
    User(UserLine),
}

/// A parsed auth file: its items in file order and the problems beside them.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct UserList {
    pub items: Vec<Item>,
    pub errors: Vec<SyntaxError>,
    /// The content of every line that is neither blank nor a comment nor a user, for the
    /// secret masking of broken lines.
    pub broken_lines: Vec<Span>,
}

impl UserList {
    pub fn users(&self) -> impl Iterator<Item = &UserLine> {
        self.items.iter().filter_map(|item| match item {
            Item::User(user) => Some(user),
            Item::Comment(_) => None,
        })
    }
}

/// True for the bytes C's `isspace` accepts.
fn is_space(byte: u8) -> bool {
    matches!(byte, b' ' | b'\t' | b'\n' | b'\r' | 0x0b | 0x0c)
}

/// PgBouncer's `find_quote`: the next `"` at or after `pos` before `end`; inside a field
/// (`in_field`) a doubled `""` is skipped. `None` when the line ends first.
fn find_quote(bytes: &[u8], mut pos: usize, end: usize, in_field: bool) -> Option<usize> {
    loop {
        while pos < end && bytes[pos] != b'"' {
            pos += 1;
        }
        if pos >= end {
            return None;
        }
        if in_field && pos + 1 < end && bytes[pos + 1] == b'"' {
            pos += 2;
            continue;
        }
        return Some(pos);
    }
}

/// Parses a whole file. Never fails.
pub fn parse(text: &str) -> UserList {
    let mut list = UserList::default();
    let mut line_start = 0;

    while line_start < text.len() {
        let line_end = text[line_start..].find('\n').map_or(text.len(), |at| line_start + at);
        parse_line(text, line_start, line_end, &mut list);
        line_start = line_end + 1;
    }
    list
}

fn error(list: &mut UserList, span: Span, message: &str, stops_loading: bool) {
    list.errors.push(SyntaxError { span, message: message.to_string(), stops_loading });
}

fn parse_line(text: &str, start: usize, end: usize, list: &mut UserList) {
    let bytes = text.as_bytes();
    let mut pos = start;
    while pos < end && is_space(bytes[pos]) {
        pos += 1;
    }
    let mut content_end = end;
    while content_end > pos && is_space(bytes[content_end - 1]) {
        content_end -= 1;
    }
    if pos >= content_end {
        return;
    }
    let content = Span::new(pos, content_end);

    if bytes[pos] == b';' {
        list.items.push(Item::Comment(content));
        return;
    }
    if bytes[pos] != b'"' {
        list.broken_lines.push(content);
        let message = if bytes[pos] == b'#' {
            "PgBouncer's auth file knows only `;` comments: it stops reading the file at this \
            `#` line, so no user below it can log in; start the comment with `;`."
        } else {
            "Each line of an auth file must be `\"user\" \"secret\"`; PgBouncer stops reading \
            the file at this line, so no user below it can log in."
        };
        let first_char = text[pos..].chars().next().map_or(1, char::len_utf8);
        error(list, Span::new(pos, pos + first_char), message, true);
        return;
    }

    let Some(user) = read_field(text, pos, content_end) else {
        list.broken_lines.push(content);
        error(
            list,
            content,
            "This user name has no closing `\"` on its line; PgBouncer reads on into the next \
            lines for one, which garbles this entry and the ones after it.",
            false,
        );
        return;
    };
    if user.inner.len() >= MAX_USERNAME {
        list.broken_lines.push(content);
        error(
            list,
            user.span,
            "PgBouncer refuses user names of 128 bytes or more and stops reading the auth file \
            here, so no user below it can log in.",
            true,
        );
        return;
    }

    let Some(secret_start) = find_quote(bytes, user.span.end, content_end, false) else {
        list.broken_lines.push(content);
        error(
            list,
            user.span,
            "This line has a user but no quoted secret after it; PgBouncer takes the next \
            quoted text it finds, on a later line, as this user's secret. Write \
            `\"user\" \"secret\"` on one line.",
            false,
        );
        return;
    };
    let Some(secret) = read_field(text, secret_start, content_end) else {
        list.broken_lines.push(content);
        error(
            list,
            Span::new(secret_start, content_end),
            "This secret has no closing `\"` on its line; PgBouncer reads on into the next \
            lines for one, which garbles this entry and the ones after it.",
            false,
        );
        return;
    };
    if secret.inner.len() >= MAX_PASSWORD {
        list.broken_lines.push(content);
        error(
            list,
            secret.span,
            "PgBouncer refuses secrets of 2048 bytes or more and stops reading the auth file \
            here, so no user below it can log in.",
            true,
        );
        return;
    }

    let between = trimmed(bytes, user.span.end, secret.span.start);
    let trailing = trimmed(bytes, secret.span.end, content_end);
    list.items.push(Item::User(UserLine {
        span: Span::new(pos, content_end),
        user,
        secret,
        between,
        trailing,
    }));
}

/// The field whose opening quote is at `open`, if it closes before `end`.
fn read_field(text: &str, open: usize, end: usize) -> Option<Field> {
    let close = find_quote(text.as_bytes(), open + 1, end, true)?;
    let inner = Span::new(open + 1, close);
    Some(Field {
        span: Span::new(open, close + 1),
        inner,
        value: inner.of(text).replace("\"\"", "\""),
    })
}

/// The part of `start..end` without surrounding whitespace, if any is left.
fn trimmed(bytes: &[u8], mut start: usize, mut end: usize) -> Option<Span> {
    while start < end && is_space(bytes[start]) {
        start += 1;
    }
    while end > start && is_space(bytes[end - 1]) {
        end -= 1;
    }
    (start < end).then(|| Span::new(start, end))
}

/// What kind of secret a field holds, as PgBouncer tells them apart (`get_password_type`
/// and `parse_scram_secret` in `src/scram.c`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SecretKind {
    Empty,
    /// `md5` and 32 lowercase hex digits: the MD5 of password and user name.
    Md5,
    /// `SCRAM-SHA-256$<iterations>:<salt>$<stored key>:<server key>`.
    Scram {
        iterations: u64,
    },
    /// Starts like an MD5 hash but is not one, so PgBouncer takes it as a password.
    MalformedMd5,
    /// Starts like a SCRAM secret but is not one, so PgBouncer takes it as a password; the
    /// text says which part is wrong.
    MalformedScram(&'static str),
    Plain,
}

impl SecretKind {
    pub fn of(secret: &str) -> SecretKind {
        if secret.is_empty() {
            return SecretKind::Empty;
        }
        if let Some(hex) = secret.strip_prefix("md5") {
            let lower_hex = |ch: char| ch.is_ascii_digit() || ('a'..='f').contains(&ch);
            if hex.len() == 32 && hex.chars().all(lower_hex) {
                return SecretKind::Md5;
            }
            if hex.len() == 32 || (hex.len() >= 16 && hex.chars().all(|ch| ch.is_ascii_hexdigit()))
            {
                return SecretKind::MalformedMd5;
            }
            return SecretKind::Plain;
        }
        if let Some(rest) = secret.strip_prefix("SCRAM-SHA-256$") {
            return match parse_scram(rest) {
                Ok(iterations) => SecretKind::Scram { iterations },
                Err(problem) => SecretKind::MalformedScram(problem),
            };
        }
        SecretKind::Plain
    }
}

/// Checks `<iterations>:<salt>$<stored key>:<server key>`, the part after the scheme.
fn parse_scram(rest: &str) -> Result<u64, &'static str> {
    let (iterations, rest) = rest.split_once(':').ok_or("it has no `:` after the iterations")?;
    let (salt, keys) = rest.split_once('$').ok_or("it has no `$` before the keys")?;
    let (stored, server) = keys.split_once(':').ok_or("it has no `:` between the two keys")?;

    let iterations: u64 = iterations
        .parse()
        .ok()
        .filter(|_| iterations.chars().all(|ch| ch.is_ascii_digit()))
        .ok_or("its iteration count is not a number")?;
    if salt.is_empty() || base64_len(salt).is_none() {
        return Err("its salt is not base64");
    }
    if base64_len(stored) != Some(32) {
        return Err("its stored key is not 32 bytes of base64");
    }
    if base64_len(server) != Some(32) {
        return Err("its server key is not 32 bytes of base64");
    }
    Ok(iterations)
}

/// The number of bytes a strict base64 text decodes to, or `None` when it is not base64.
fn base64_len(text: &str) -> Option<usize> {
    let bytes = text.as_bytes();
    if !bytes.len().is_multiple_of(4) {
        return None;
    }
    let padding = bytes.iter().rev().take_while(|&&byte| byte == b'=').count();
    let body = &bytes[..bytes.len() - padding];
    let alphabet = |byte: &u8| byte.is_ascii_alphanumeric() || *byte == b'+' || *byte == b'/';
    if padding > 2 || !body.iter().all(alphabet) {
        return None;
    }
    Some(bytes.len() / 4 * 3 - padding)
}

#[cfg(test)]
mod tests {
    use super::*;
    use expect_test::expect;

    fn render(text: &str) -> String {
        let list = parse(text);
        let mut lines: Vec<String> = list
            .items
            .iter()
            .map(|item| match item {
                Item::Comment(span) => format!("comment {:?}", span.of(text)),
                Item::User(user) => format!(
                    "user {:?} secret {:?}{}{}",
                    user.user.value,
                    user.secret.value,
                    user.between.map_or(String::new(), |s| format!(" between {:?}", s.of(text))),
                    user.trailing.map_or(String::new(), |s| format!(" trailing {:?}", s.of(text))),
                ),
            })
            .collect();
        for error in &list.errors {
            lines.push(format!(
                "error {}..{} stops={}: {}",
                error.span.start, error.span.end, error.stops_loading, error.message
            ));
        }
        lines.join("\n")
    }

    #[test]
    fn lines_as_pgbouncer_reads_them() {
        let text = "\"app\" \"md5a3556571e93b0d20722ba62be61e8c2d\"\n\
            \n   ; a comment\n\
            \"o\"\"brien\" \"it's\"\"quoted\" # ignored\n\
            \"report\" \"pa\"ss\"\n\
            \"a\"x\"b\"\r\n\
            \"\" \"\"\n";
        expect![[r##"
            user "app" secret "md5a3556571e93b0d20722ba62be61e8c2d"
            comment "; a comment"
            user "o\"brien" secret "it's\"quoted" trailing "# ignored"
            user "report" secret "pa" trailing "ss\""
            user "a" secret "b" between "x"
            user "" secret """##]]
        .assert_eq(&render(text));
    }

    #[test]
    fn secret_kinds() {
        let stored = "QUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUE=";
        let secrets = [
            String::new(),
            "md5a3556571e93b0d20722ba62be61e8c2d".to_string(),
            "md5A3556571E93B0D20722BA62BE61E8C2D".to_string(),
            "md5a3556571e93b0d20722ba62be61e8c2".to_string(),
            "md5isnotahash".to_string(),
            format!("SCRAM-SHA-256$4096:c2FsdA==${stored}:{stored}"),
            format!("SCRAM-SHA-256$4096:c2FsdA==${stored}"),
            format!("SCRAM-SHA-256$4k:c2FsdA==${stored}:{stored}"),
            format!("SCRAM-SHA-256$4096:c2Fsd$${stored}:{stored}"),
            format!("SCRAM-SHA-256$4096:c2FsdA==$c2FsdA==:{stored}"),
            "SCRAM-SHA-256$4096:c2FsdA==".to_string(),
            "hunter2".to_string(),
        ];
        let kinds: Vec<String> =
            secrets.iter().map(|secret| format!("{:?}", SecretKind::of(secret))).collect();
        expect![[r#"
            Empty
            Md5
            MalformedMd5
            MalformedMd5
            Plain
            Scram { iterations: 4096 }
            MalformedScram("it has no `:` between the two keys")
            MalformedScram("its iteration count is not a number")
            MalformedScram("its salt is not base64")
            MalformedScram("its stored key is not 32 bytes of base64")
            MalformedScram("it has no `$` before the keys")
            Plain"#]]
        .assert_eq(&kinds.join("\n"));
    }

    #[test]
    fn broken_lines() {
        let long_user = format!("\"{}\" \"x\"\n", "u".repeat(128));
        let text = format!(
            "# hash comment\nuser secret\n\"open\n\"u\"\n\"u\" \"open\n{long_user}\"u\" \"\"\"\n"
        );
        expect![[r#"
            error 0..1 stops=true: PgBouncer's auth file knows only `;` comments: it stops reading the file at this `#` line, so no user below it can log in; start the comment with `;`.
            error 15..16 stops=true: Each line of an auth file must be `"user" "secret"`; PgBouncer stops reading the file at this line, so no user below it can log in.
            error 27..32 stops=false: This user name has no closing `"` on its line; PgBouncer reads on into the next lines for one, which garbles this entry and the ones after it.
            error 33..36 stops=false: This line has a user but no quoted secret after it; PgBouncer takes the next quoted text it finds, on a later line, as this user's secret. Write `"user" "secret"` on one line.
            error 41..46 stops=false: This secret has no closing `"` on its line; PgBouncer reads on into the next lines for one, which garbles this entry and the ones after it.
            error 47..177 stops=true: PgBouncer refuses user names of 128 bytes or more and stops reading the auth file here, so no user below it can log in.
            error 186..189 stops=false: This secret has no closing `"` on its line; PgBouncer reads on into the next lines for one, which garbles this entry and the ones after it."#]]
        .assert_eq(&render(&text));
    }
}
