//! Where each byte of a decoded value came from in the file, so that findings about a
//! connection string embedded in a quoted `.env` value land on the right source bytes and
//! fixes are written back in the value's own quoting.

use crate::span::Span;

/// How the text that was decoded is quoted in its file; fixes must be written in it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Quoting {
    /// The text stands as it is: a line of a conninfo file or an unquoted `.env` value.
    None,
    /// Inside `'...'`: every byte is literal and a `'` cannot be written.
    Single,
    /// Inside `"..."`: a backslash escapes `"`, `\` and `$`.
    Double,
    /// Inside the double quotes of JSON, YAML or TOML, or a `.properties` value: a
    /// backslash escapes `"` and `\`, and `$` is an ordinary character.
    Backslash,
    /// A bare shell word: a blank or a metacharacter (`&` ends the command) would end the
    /// word, so each is written after a backslash; a line break cannot be written.
    ShellWord,
}

/// The bytes a bare shell word must escape to keep them: blanks, the operators, quotes,
/// expansions, globbing and the characters special at a word's start (`#`, `~`).
const SHELL_SPECIAL: &str = " \t|&;()<>'\"\\$`*?[]{}#~!";

/// A map from byte offsets of a decoded text to byte offsets of its source.
///
/// Each decoded byte remembers the source bytes that produced it (one byte, or an escape
/// such as `\"`), so a decoded span maps to the source span that covers all of them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SourceMap {
    /// The source span of each decoded byte.
    pieces: Vec<Span>,
    /// The source offset of the decoded text's end.
    end: usize,
    quoting: Quoting,
    /// Source spans whose decoded text came from elsewhere (a `${VAR}` reference): an
    /// edit may not cut into them, since the text it would replace is not written there.
    opaque: Vec<Span>,
    /// No edit may be made at all: the decoded bytes cannot be told apart in the source
    /// (a YAML block scalar, a TOML multi-line string), so even an insertion at the end
    /// would land outside the text (after a closing `"""`, on the next line).
    sealed: bool,
}

impl SourceMap {
    /// The map of text that was not decoded at all and starts at `base` in its file.
    pub fn identity(base: usize, len: usize) -> SourceMap {
        SourceMap {
            pieces: (0..len).map(|at| Span::new(base + at, base + at + 1)).collect(),
            end: base + len,
            quoting: Quoting::None,
            opaque: Vec::new(),
            sealed: false,
        }
    }

    /// An empty map that grows with [`SourceMap::push`].
    pub fn new(quoting: Quoting, start: usize) -> SourceMap {
        SourceMap { pieces: Vec::new(), end: start, quoting, opaque: Vec::new(), sealed: false }
    }

    /// Records that the next `decoded_len` decoded bytes came from `source`; the bytes
    /// of a multi-byte piece all map to the whole piece.
    pub fn push(&mut self, decoded_len: usize, source: Span) {
        for _ in 0..decoded_len {
            self.pieces.push(source);
        }
        self.end = source.end;
    }

    /// Records that the next `decoded_len` decoded bytes stand for the text `source`
    /// refers to (a `${VAR}` reference), which edits must leave whole.
    pub fn push_opaque(&mut self, decoded_len: usize, source: Span) {
        self.push(decoded_len, source);
        self.opaque.push(source);
    }

    /// The map of the decoded text from byte `from` on: the `VALUE` of a `KEY=VALUE`
    /// string, when the whole string was decoded.
    pub fn tail(&self, from: usize) -> SourceMap {
        let pieces = self.pieces.get(from..).unwrap_or_default().to_vec();
        let start = pieces.first().map_or(self.end, |piece| piece.start);
        let opaque = self.opaque.iter().copied().filter(|piece| piece.end > start).collect();
        SourceMap { pieces, end: self.end, quoting: self.quoting, opaque, sealed: self.sealed }
    }

    /// Forbids edits that touch the source span `source`, whose text stands for
    /// something else (a `${VAR}` a tool replaces before the string is read).
    pub fn mark_opaque(&mut self, source: Span) {
        self.opaque.push(source);
    }

    /// Forbids every edit, insertions included: see the `sealed` field.
    pub fn seal(&mut self) {
        self.sealed = true;
    }

    /// True when an edit of the source span `source` touches no opaque piece: replacing
    /// a reference, even whole, would write its value in its place.
    pub fn editable(&self, source: Span) -> bool {
        !self.sealed
            && !self.opaque.iter().any(|piece| source.start < piece.end && piece.start < source.end)
    }

    /// The number of decoded bytes mapped.
    pub fn len(&self) -> usize {
        self.pieces.len()
    }

    pub fn is_empty(&self) -> bool {
        self.pieces.is_empty()
    }

    pub fn quoting(&self) -> Quoting {
        self.quoting
    }

    /// The source offset where decoded offset `offset` starts; the end maps past the
    /// last piece.
    pub fn offset(&self, offset: usize) -> usize {
        self.pieces.get(offset).map_or(self.end, |piece| piece.start)
    }

    /// The source span covering every source byte of a decoded span.
    pub fn span(&self, decoded: Span) -> Span {
        let start = self.offset(decoded.start);
        if decoded.is_empty() {
            return Span::empty(start);
        }
        let end = self.pieces.get(decoded.end - 1).map_or(self.end, |piece| piece.end);
        Span::new(start, end.max(start))
    }

    /// The decoded offset of the byte at source offset `source`, or of the text's end
    /// when `source` is the end; `None` outside the mapped source.
    pub fn decoded_offset(&self, source: usize) -> Option<usize> {
        if let Some(at) = self.pieces.iter().position(|piece| piece.end > source) {
            return (self.pieces[at].start <= source).then_some(at);
        }
        (source == self.end).then_some(self.pieces.len())
    }

    /// `text` written so that decoding it in this quoting gives back `text`; `None` when
    /// the quoting cannot carry it (a `'` inside single quotes).
    pub fn encode(&self, text: &str) -> Option<String> {
        match self.quoting {
            Quoting::None => Some(text.to_string()),
            Quoting::Single => (!text.contains('\'')).then(|| text.to_string()),
            Quoting::Double => {
                let mut encoded = String::with_capacity(text.len());
                for ch in text.chars() {
                    if matches!(ch, '"' | '\\' | '$') {
                        encoded.push('\\');
                    }
                    encoded.push(ch);
                }
                Some(encoded)
            }
            Quoting::ShellWord => {
                if text.contains(['\n', '\r']) {
                    return None;
                }
                let mut encoded = String::with_capacity(text.len());
                for ch in text.chars() {
                    if SHELL_SPECIAL.contains(ch) {
                        encoded.push('\\');
                    }
                    encoded.push(ch);
                }
                Some(encoded)
            }
            Quoting::Backslash => {
                let mut encoded = String::with_capacity(text.len());
                for ch in text.chars() {
                    if matches!(ch, '"' | '\\') {
                        encoded.push('\\');
                    }
                    encoded.push(ch);
                }
                Some(encoded)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_map_to_their_whole_source() {
        // Source `a\"b` at offset 10 decodes to `a"b`.
        let mut map = SourceMap::new(Quoting::Double, 10);
        map.push(1, Span::new(10, 11));
        map.push(1, Span::new(11, 13));
        map.push(1, Span::new(13, 14));

        assert_eq!(map.span(Span::new(1, 2)), Span::new(11, 13));
        assert_eq!(map.span(Span::new(0, 3)), Span::new(10, 14));
        assert_eq!(map.span(Span::empty(3)), Span::empty(14));
        assert_eq!(map.decoded_offset(12), Some(1));
        assert_eq!(map.decoded_offset(14), Some(3));
        assert_eq!(map.decoded_offset(9), None);
        assert_eq!(map.encode("x\"y").as_deref(), Some("x\\\"y"));
        let word = SourceMap::new(Quoting::ShellWord, 0);
        assert_eq!(word.encode("?a=1&b=$x y").as_deref(), Some("\\?a=1\\&b=\\$x\\ y"));
        assert_eq!(word.encode("a\nb"), None);
    }

    #[test]
    fn a_tail_keeps_its_source_offsets() {
        let mut map = SourceMap::new(Quoting::Double, 0);
        map.push(1, Span::new(0, 1));
        map.push_opaque(2, Span::new(1, 5));
        map.push(1, Span::new(5, 6));

        let tail = map.tail(2);
        assert_eq!(tail.len(), 2);
        assert_eq!(tail.span(Span::new(1, 2)), Span::new(5, 6));
        assert!(!tail.editable(Span::new(1, 5)));
        assert!(map.tail(9).is_empty());
    }

    #[test]
    fn identity_is_a_shift() {
        let map = SourceMap::identity(5, 3);
        assert_eq!(map.span(Span::new(1, 3)), Span::new(6, 8));
        assert_eq!(map.decoded_offset(8), Some(3));
        assert_eq!(map.encode("it's"), Some("it's".to_string()));
    }
}
