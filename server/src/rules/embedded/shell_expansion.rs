//! A `$` inside a password that the shell expands: in double quotes or a bare word,
//! `Zq9pa$word` reaches the program as `Zq9pa` followed by whatever `$word` holds (most
//! likely nothing), so the login fails with a password that looks right in the file.
//! A password written wholly as a reference (`:${DB_PASSWORD}@`) is a reference, not this.

use crate::finding::{Finding, Rule, Severity};
use crate::span::Span;

pub static SHELL_EXPANSION_IN_PASSWORD: Rule = Rule {
    name: "shell-expansion-in-password",
    url: "https://www.gnu.org/software/bash/manual/bash.html#Shell-Parameter-Expansion",
};

/// The finding for a password at `password` (a span of the file) that holds one of the
/// shell's expansions at `expansions` (spans of the file) besides literal text.
pub fn check(text: &str, password: Span, expansions: &[Span]) -> Option<Finding> {
    let inside: Vec<&Span> = expansions
        .iter()
        .filter(|span| password.start <= span.start && span.end <= password.end)
        .collect();
    let first = inside.first()?;
    let literal = password.len() - inside.iter().map(|span| span.len()).sum::<usize>();
    if literal == 0 {
        return None;
    }
    // The expansion is not named: its text is part of the password as written.
    text.get(first.start..first.end)?;
    let message = "The shell expands the `$` marked here inside this password, so the \
                   program gets a different password from the one written (the variable is \
                   most likely empty) and the login fails. Put the value in single quotes, or \
                   write `\\$` for a literal `$`.";
    Some(Finding::new(&SHELL_EXPANSION_IN_PASSWORD, Severity::Warning, **first, message))
}
