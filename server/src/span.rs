//! Byte ranges into a file's text: the one position type below the adapters.

/// A half-open byte range `start..end` into the text a parser was given.
///
/// Every token, record and finding carries one. Positions for editors (lines, UTF-16
/// columns) are derived from spans at the edges by [`crate::line_index::LineIndex`].
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

impl Span {
    pub const fn new(start: usize, end: usize) -> Span {
        Span { start, end }
    }

    /// An empty span at `offset`, where an insertion goes.
    pub const fn empty(offset: usize) -> Span {
        Span { start: offset, end: offset }
    }

    pub const fn len(self) -> usize {
        self.end - self.start
    }

    pub const fn is_empty(self) -> bool {
        self.start == self.end
    }

    /// True when `offset` lies inside the span or just after its end, as a cursor does
    /// when it sits at the end of a word.
    pub const fn touches(self, offset: usize) -> bool {
        self.start <= offset && offset <= self.end
    }

    /// The span moved right by `base` bytes, for text parsed out of a larger file.
    pub const fn shifted(self, base: usize) -> Span {
        Span { start: self.start + base, end: self.end + base }
    }

    /// The smallest span covering both.
    pub fn cover(self, other: Span) -> Span {
        Span { start: self.start.min(other.start), end: self.end.max(other.end) }
    }

    /// The text the span covers.
    pub fn of(self, text: &str) -> &str {
        &text[self.start..self.end]
    }
}
