//! What every "did you mean" shares: which words are worth comparing at all.

/// Words longer than this are never compared with the known names: no parameter, keyword
/// or method is half as long, so such a word is no typo of one, and edit distances over it
/// would cost time quadratic in its length on every keystroke.
const LONGEST_TYPO: usize = 100;

/// True when `word` may be a misspelling of a known name.
pub fn worth_suggesting(word: &str) -> bool {
    !word.is_empty() && word.len() <= LONGEST_TYPO
}
