//! Conversion between byte offsets and (line, column) positions, in UTF-8 or UTF-16
//! columns, for the adapters. Lines end at `\n`, `\r\n` or a lone `\r`, as LSP counts
//! them; the terminator belongs to the line's end, not its text.

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Encoding {
    Utf8,
    Utf16,
}

/// A zero-based line and a zero-based column counted in the chosen encoding's units.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct LineCol {
    pub line: u32,
    pub col: u32,
}

/// Start offsets of every line of a text, for repeated conversions.
pub struct LineIndex<'a> {
    text: &'a str,
    line_starts: Vec<usize>,
}

impl<'a> LineIndex<'a> {
    pub fn new(text: &'a str) -> LineIndex<'a> {
        let bytes = text.as_bytes();
        let mut line_starts = vec![0];
        for (at, &byte) in bytes.iter().enumerate() {
            let ends_line = byte == b'\n' || (byte == b'\r' && bytes.get(at + 1) != Some(&b'\n'));
            if ends_line {
                line_starts.push(at + 1);
            }
        }
        LineIndex { text, line_starts }
    }

    /// The position of a byte offset. An offset inside a multi-byte character, or past
    /// the end, is clamped to the character's start or the text's end.
    pub fn line_col(&self, offset: usize, encoding: Encoding) -> LineCol {
        let offset = floor_char_boundary(self.text, offset.min(self.text.len()));
        let line = self.line_starts.partition_point(|&start| start <= offset) - 1;
        let line_text = &self.text[self.line_starts[line]..offset];
        LineCol { line: line as u32, col: width(line_text, encoding) }
    }

    /// The byte offset of a position. A column inside a character lands at its start, one
    /// past the line's end at the end of the line's text (before `\r\n`), and a line past
    /// the last one at the text's end. The rope in `lsp::documents` counts the same way.
    pub fn offset(&self, position: LineCol, encoding: Encoding) -> usize {
        let Some(&line_start) = self.line_starts.get(position.line as usize) else {
            return self.text.len();
        };
        let line_end = self.line_text_end(position.line as usize);

        let mut units = 0u32;
        for (at, ch) in self.text[line_start..line_end].char_indices() {
            units += match encoding {
                Encoding::Utf8 => ch.len_utf8() as u32,
                Encoding::Utf16 => ch.len_utf16() as u32,
            };
            // A column inside a character (half a surrogate pair) means the character.
            if units > position.col {
                return line_start + at;
            }
        }
        line_end
    }

    /// The number of lines, counting a last line without a newline.
    pub fn line_count(&self) -> usize {
        self.line_starts.len()
    }

    fn line_text_end(&self, line: usize) -> usize {
        let end = self.line_starts.get(line + 1).map_or(self.text.len(), |next| next - 1);
        let start = self.line_starts[line];
        if end > start && self.text.as_bytes()[end - 1] == b'\r' && end < self.text.len() {
            end - 1
        } else {
            end
        }
    }
}

fn width(text: &str, encoding: Encoding) -> u32 {
    match encoding {
        Encoding::Utf8 => text.len() as u32,
        Encoding::Utf16 => text.chars().map(|ch| ch.len_utf16() as u32).sum(),
    }
}

fn floor_char_boundary(text: &str, mut offset: usize) -> usize {
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

/// The 1-based number of the line that byte `offset` of `text` is on, for messages that
/// point into another file ("`conf.d/a.conf` line 3").
pub fn line_number(text: &str, offset: usize) -> usize {
    1 + text.as_bytes().get(..offset).unwrap_or_default().iter().filter(|&&b| b == b'\n').count()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf16_columns_count_surrogate_pairs() {
        let text = "a=é\r\nb=😀x\n";
        let index = LineIndex::new(text);
        let x = text.find('x').unwrap();

        assert_eq!(index.line_col(x, Encoding::Utf16), LineCol { line: 1, col: 4 });
        assert_eq!(index.line_col(x, Encoding::Utf8), LineCol { line: 1, col: 6 });
        assert_eq!(index.offset(LineCol { line: 1, col: 4 }, Encoding::Utf16), x);
        assert_eq!(index.offset(LineCol { line: 1, col: 6 }, Encoding::Utf8), x);
        assert_eq!(index.offset(LineCol { line: 1, col: 3 }, Encoding::Utf16), x - 4);
    }

    #[test]
    fn columns_past_the_end_stop_before_crlf() {
        let text = "ab\r\ncd";
        let index = LineIndex::new(text);

        assert_eq!(index.offset(LineCol { line: 0, col: 99 }, Encoding::Utf16), 2);
        assert_eq!(index.offset(LineCol { line: 1, col: 99 }, Encoding::Utf16), 6);
        assert_eq!(index.offset(LineCol { line: 7, col: 0 }, Encoding::Utf16), 6);
        assert_eq!(index.line_col(6, Encoding::Utf16), LineCol { line: 1, col: 2 });
    }

    #[test]
    fn a_lone_carriage_return_ends_a_line() {
        let text = "a\rb\r\nc";
        let index = LineIndex::new(text);

        assert_eq!(index.line_count(), 3);
        assert_eq!(index.line_col(2, Encoding::Utf16), LineCol { line: 1, col: 0 });
        assert_eq!(index.offset(LineCol { line: 1, col: 5 }, Encoding::Utf16), 3);
        assert_eq!(index.offset(LineCol { line: 2, col: 0 }, Encoding::Utf16), 5);
    }
}
