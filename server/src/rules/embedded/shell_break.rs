//! A bare shell word ends at the first unquoted metacharacter, so an assignment such as
//! `DATABASE_URL=postgresql://db/app?sslmode=require&application_name=x` is cut at `&`:
//! the shell runs `DATABASE_URL=…require` in a background subshell (the variable is never
//! set) and `application_name=x` as a command of its own. `;`, `|`, `<`, `>`, `(` and `)`
//! cut it the same way, each with its own consequence.
//!
//! The finding lands on the metacharacter; its fix puts the whole run of characters in
//! single quotes when single quotes keep every character as it is.

use crate::finding::{Finding, Fix, Rule, Severity};
use crate::span::Span;
use crate::syntax::embedded::EmbeddedString;

pub static SHELL_UNQUOTED_METACHARACTER: Rule = Rule {
    name: "shell-unquoted-metacharacter",
    url: "https://www.gnu.org/software/bash/manual/bash.html#Quoting",
};

/// The characters that end a bare word and start another part of the command.
const METACHARACTERS: &[u8] = b"&;|<>()";

/// Characters that mean something else inside single quotes than where they are written
/// (or that single quotes cannot hold), so that quoting the run with them would change
/// the value.
const NOT_SINGLE_QUOTABLE: &[u8] = b"'\"$`\\";

/// An assignment's bare value cut short by a metacharacter written right after it.
pub(super) struct Break {
    /// The byte of the metacharacter.
    pub at: usize,
    /// The whole run the user wrote as the value: from after `=` to the next blank or
    /// line break (a trailing `;` that ends the command left out).
    pub run: Span,
}

/// Where the value of the assignment `string` in the script `text` is cut by an unquoted
/// metacharacter the value seems to go on after: a doubled one (`&&`, `;;`, `||`, `>>`)
/// is an operator written on purpose, and a `;`, `|`, `<`, `>`, `(` or `)` followed by a
/// blank or the end of the line ends the command as meant. A single `&` always loses the
/// assignment to a background subshell.
pub(super) fn break_of(text: &str, string: &EmbeddedString) -> Option<Break> {
    let bytes = text.as_bytes();
    let at = string.span.end;
    let metacharacter = *bytes.get(at)?;
    if string.span.is_empty() || !METACHARACTERS.contains(&metacharacter) {
        return None;
    }
    let next = bytes.get(at + 1).copied();
    if next == Some(metacharacter) {
        return None;
    }
    let continues = next.is_some_and(|byte| !matches!(byte, b' ' | b'\t' | b'\n' | b'\r'));
    if metacharacter != b'&' && !continues {
        return None;
    }

    let mut end = at;
    while end < bytes.len() && !matches!(bytes[end], b' ' | b'\t' | b'\n' | b'\r') {
        end += 1;
    }
    while end > at + 1 && bytes[end - 1] == b';' {
        end -= 1;
    }
    Some(Break { at, run: Span::new(string.span.start, end) })
}

/// The finding about `cut`, the break of the assignment to `name` in `text`.
pub(super) fn finding(text: &str, name: &str, cut: &Break) -> Finding {
    let metacharacter = char::from(text.as_bytes()[cut.at]);
    let consequence = match metacharacter {
        '&' => format!(
            "sends the assignment to a background subshell, so `{name}` is never set in \
             this script, and runs the rest as a command of its own"
        ),
        ';' => format!(
            "ends the command, so `{name}` holds only the text before it and the rest runs \
             as a command of its own"
        ),
        '|' => format!(
            "pipes the assignment into the rest, so both run in subshells and `{name}` is \
             never set in this script"
        ),
        '<' | '>' => format!(
            "turns the rest into the name of a file to read or write, so `{name}` holds only \
             the text before it"
        ),
        _ => "is a syntax error, so the shell stops reading the script here".to_string(),
    };
    let message = format!(
        "This unquoted `{metacharacter}` ends the value of `{name}`: the shell {consequence}. \
         Put the whole value in quotes."
    );
    let finding = Finding::new(
        &SHELL_UNQUOTED_METACHARACTER,
        Severity::Error,
        Span::new(cut.at, cut.at + 1),
        message,
    );

    let Some(run) = text.get(cut.run.start..cut.run.end) else {
        return finding;
    };
    if run.bytes().any(|byte| NOT_SINGLE_QUOTABLE.contains(&byte)) {
        return finding;
    }
    finding.with_fix(Fix::replace(
        "Put the whole value in single quotes",
        cut.run,
        format!("'{run}'"),
    ))
}
