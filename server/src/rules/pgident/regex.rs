//! The mistakes that surely keep a regular expression from compiling in PostgreSQL.
//!
//! The server compiles `/regex` names as POSIX advanced regular expressions (AREs), whose
//! syntax differs from Rust's `regex` crate in many corners (escapes, bounds, embedded
//! options, backreferences), so that crate cannot judge them. This module instead looks
//! for the few errors that are errors in every reading: an unclosed group or bracket, a
//! trailing backslash, a quantifier with nothing to repeat, an unknown letter escape, a
//! malformed bound. Everything it does not understand it accepts.
//!
//! `pg_hba.conf` (16+) compiles its `/regex` names with the same library, so its rules use
//! this module too.
//!
//! FIXME: Corners the corpus does not hold (a bound inside a lookaround, an unknown
//! collating element name, escapes inside `[[. .]]`) are accepted without being checked.
//!
//! The corner cases (`(?<`, `(?P`, lookbehinds, backreferences up to two digits, class
//! names, collating elements, ranges, bounds after a quantifier, embedded options) are
//! lines of the pg_ident.conf differential corpus (`tests/ident/corpus.conf`), which a real
//! server judges.

/// Why the server cannot compile `pattern`, when that is certain.
pub fn surely_invalid(pattern: &str) -> Option<&'static str> {
    let bytes = pattern.as_bytes();

    // `***=` makes the rest a literal string, `***:` says the rest is an ARE.
    if bytes.starts_with(b"***=") {
        return None;
    }
    let mut at = if bytes.starts_with(b"***:") { 4 } else { 0 };
    at = match embedded_options(bytes, at) {
        Options::Literal => return None,
        Options::Continue(next) => next,
        Options::Unknown => return None,
    };

    let mut depth = 0usize;
    // Capturing groups opened so far, for backreferences.
    let mut groups = 0u32;
    // True where a quantifier would have nothing to repeat.
    let mut at_operand_start = true;
    let mut after_quantifier = false;
    while at < bytes.len() {
        let byte = bytes[at];
        match byte {
            b'\\' => {
                let Some(&next) = bytes.get(at + 1) else {
                    return Some("it ends in a lone backslash");
                };
                if next.is_ascii_alphabetic() && !KNOWN_ESCAPES.contains(&next) {
                    return Some("it uses a backslash escape that does not exist");
                }
                let single_digit = !bytes.get(at + 2).is_some_and(u8::is_ascii_digit);
                if (b'1'..=b'9').contains(&next) && single_digit && u32::from(next - b'0') > groups
                {
                    return Some("a backreference names a group that does not exist");
                }
                at += 2;
                // Constraint escapes match no character, so nothing to repeat after them.
                at_operand_start = b"AmMyYZ".contains(&next);
                after_quantifier = false;
                continue;
            }
            b'[' => {
                at = match bracket_end(bytes, at)? {
                    Bracket::End(end) => end,
                    Bracket::Invalid(why) => return Some(why),
                };
                if at >= bytes.len() {
                    return Some("a `[` is never closed");
                }
                at_operand_start = false;
                after_quantifier = false;
            }
            b'(' => {
                depth += 1;
                // `(?:`, `(?=`, `(?!`, `(?<=`, `(?<!` open groups too, and no other `(?`
                // form exists past the start (embedded options go first, named groups never).
                if bytes.get(at + 1) == Some(&b'?') {
                    let rest = &bytes[at + 2..];
                    let known = [&b":"[..], b"=", b"!", b"<=", b"<!"];
                    if !known.iter().any(|form| rest.starts_with(form)) {
                        return Some("it uses a `(?` form that does not exist here");
                    }
                    at += 2;
                } else {
                    groups += 1;
                    at += 1;
                }
                at_operand_start = true;
                after_quantifier = false;
                continue;
            }
            b')' => {
                if depth == 0 {
                    return Some("a `)` closes no group");
                }
                depth -= 1;
                at_operand_start = false;
                after_quantifier = false;
            }
            b'|' => {
                at_operand_start = true;
                after_quantifier = false;
            }
            b'*' | b'+' | b'?' => {
                if at_operand_start {
                    return Some("a quantifier has nothing to repeat");
                }
                // `?` after a quantifier makes it non-greedy; anything else repeats nothing.
                if after_quantifier && byte != b'?' {
                    return Some("a quantifier follows another");
                }
                after_quantifier = true;
            }
            b'{' if bytes.get(at + 1).is_some_and(u8::is_ascii_digit) => {
                if at_operand_start {
                    return Some("a quantifier has nothing to repeat");
                }
                if after_quantifier {
                    return Some("a quantifier follows another");
                }
                let Some(end) = bound_end(bytes, at) else {
                    return Some("a `{m,n}` bound is malformed");
                };
                at = end;
                after_quantifier = true;
                continue;
            }
            b'^' | b'$' => {
                at_operand_start = true;
                after_quantifier = false;
            }
            _ => {
                at_operand_start = false;
                after_quantifier = false;
            }
        }
        at += 1;
    }

    (depth > 0).then_some("a `(` is never closed")
}

/// The letters an ARE accepts after a backslash outside a bracket expression.
const KNOWN_ESCAPES: &[u8] = b"abBcdDefmMnrsStuUvwWxyYZA";

enum Options {
    /// The pattern is a literal string from here (the `q` option).
    Literal,
    /// The expression starts at this offset.
    Continue(usize),
    /// Something we do not read.
    Unknown,
}

/// Skips embedded options `(?flags)` at the start of an ARE.
fn embedded_options(bytes: &[u8], at: usize) -> Options {
    if !bytes[at..].starts_with(b"(?") {
        return Options::Continue(at);
    }
    let flags = &bytes[at + 2..];
    let Some(close) = flags.iter().position(|&byte| byte == b')') else {
        return Options::Continue(at);
    };
    let letters = &flags[..close];
    if letters.is_empty() || !letters.iter().all(u8::is_ascii_alphabetic) {
        // `(?:`, `(?=` and the like open a group; the main loop reads them.
        return Options::Continue(at);
    }
    if !letters.iter().all(|letter| b"bceimnpqstwx".contains(letter)) {
        return Options::Unknown;
    }
    if letters.contains(&b'q') {
        return Options::Literal;
    }
    Options::Continue(at + 2 + close + 1)
}

/// How a bracket expression ends.
enum Bracket {
    /// At the `]` at this offset, or at the end of the pattern when it is never closed.
    End(usize),
    /// It holds something the library refuses.
    Invalid(&'static str),
}

/// The character class names `[:name:]` the library knows.
const CLASS_NAMES: &[&[u8]] = &[
    b"alnum", b"alpha", b"blank", b"cntrl", b"digit", b"graph", b"lower", b"print", b"punct",
    b"space", b"upper", b"xdigit",
];

/// Reads the bracket expression opened at `open`. `None` for forms we do not read.
fn bracket_end(bytes: &[u8], open: usize) -> Option<Bracket> {
    let mut at = open + 1;
    if bytes.get(at) == Some(&b'^') {
        at += 1;
    }
    // A `]` first is a member.
    if bytes.get(at) == Some(&b']') {
        at += 1;
    }
    while at < bytes.len() {
        match bytes[at] {
            b']' => return Some(Bracket::End(at)),
            b'[' if matches!(bytes.get(at + 1), Some(b':' | b'.' | b'=')) => {
                let close = [bytes[at + 1], b']'];
                let rest = &bytes[at + 2..];
                let length = rest.windows(2).position(|pair| pair == close)?;
                if bytes[at + 1] == b':' && !CLASS_NAMES.contains(&&rest[..length]) {
                    return Some(Bracket::Invalid(
                        "it names a character class that does not exist",
                    ));
                }
                at += 2 + length + 2;
                continue;
            }
            // Escapes inside brackets are an ARE feature: `[\]]` holds a `]`.
            b'\\' => at += 1,
            low if low.is_ascii_alphanumeric() && bytes.get(at + 1) == Some(&b'-') => {
                let rest = &bytes[at + 2..];
                if let Some(why) = range_problem(low, rest) {
                    return Some(Bracket::Invalid(why));
                }
                // Past the range's end, which cannot start another range (`[a-z-9]`); a
                // `-` just before the closing `]` is a member.
                match rest.first() {
                    Some(b'\\') => at += 3,
                    Some(b']') | None => {}
                    Some(_) => at += 2,
                }
                let ended = rest.first().is_some_and(|&end| end != b']');
                let next = bytes.get(at + 1..at + 3).unwrap_or_default();
                if ended && next.len() == 2 && next[0] == b'-' && next[1] != b']' {
                    return Some(Bracket::Invalid("a range in brackets starts where another ends"));
                }
            }
            _ => {}
        }
        at += 1;
    }
    Some(Bracket::End(bytes.len()))
}

/// What is wrong with a range from the letter or digit `low` to the start of `rest`, when
/// that is sure: an end before its start, or a class escape such as `\d` as its end.
fn range_problem(low: u8, rest: &[u8]) -> Option<&'static str> {
    match rest {
        [b'\\', class, ..] if b"dDsSwW".contains(class) => {
            Some("a range in brackets ends in a class escape")
        }
        [high, ..] if high.is_ascii_alphanumeric() && *high < low => {
            Some("a range in brackets ends before it starts")
        }
        _ => None,
    }
}

/// The offset after the bound `{m}`, `{m,}` or `{m,n}` opened at `open`; `None` when the
/// bound is malformed.
fn bound_end(bytes: &[u8], open: usize) -> Option<usize> {
    let digits = |from: usize| bytes[from..].iter().take_while(|b| b.is_ascii_digit()).count();
    let number = |from: usize, len: usize| -> Option<u32> {
        std::str::from_utf8(&bytes[from..from + len]).ok()?.parse().ok()
    };

    let low_len = digits(open + 1);
    let low = number(open + 1, low_len)?;
    let mut at = open + 1 + low_len;
    let mut high = Some(low);
    if bytes.get(at) == Some(&b',') {
        let high_len = digits(at + 1);
        high = if high_len == 0 { None } else { number(at + 1, high_len) };
        at += 1 + high_len;
    }
    if bytes.get(at) != Some(&b'}') {
        return None;
    }
    // The library's limit on repetition counts.
    if low > 255 || high.is_some_and(|high| high > 255 || high < low) {
        return None;
    }
    Some(at + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reports_only_sure_errors() {
        let patterns = [
            "^(.*)@example\\.com$",
            "^(.*)@example\\.com",
            "(",
            "a)",
            "[abc",
            "[]a]",
            "[[:alpha:]]+",
            "abc\\",
            "*a",
            "(*a)",
            "a|*b",
            "a**",
            "a*?",
            "a{2}",
            "a{2",
            "a{3,2}",
            "a{,2}",
            "\\q",
            "\\d+",
            "(?i)abc",
            "(?:a)",
            "***=(",
            "(?q)(",
            "é(",
            "",
        ];
        let verdicts: Vec<String> = patterns
            .iter()
            .map(|pattern| format!("{pattern}: {}", surely_invalid(pattern).unwrap_or("-")))
            .collect();
        expect_test::expect![[r#"
            ^(.*)@example\.com$: -
            ^(.*)@example\.com: -
            (: a `(` is never closed
            a): a `)` closes no group
            [abc: a `[` is never closed
            []a]: -
            [[:alpha:]]+: -
            abc\: it ends in a lone backslash
            *a: a quantifier has nothing to repeat
            (*a): a quantifier has nothing to repeat
            a|*b: a quantifier has nothing to repeat
            a**: a quantifier follows another
            a*?: -
            a{2}: -
            a{2: a `{m,n}` bound is malformed
            a{3,2}: a `{m,n}` bound is malformed
            a{,2}: -
            \q: it uses a backslash escape that does not exist
            \d+: -
            (?i)abc: -
            (?:a): -
            ***=(: -
            (?q)(: -
            é(: a `(` is never closed
            : -"#]]
        .assert_eq(&verdicts.join("\n"));
    }
}
