//! The open documents: their text as ropes, their version and kind.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::{Arc, Mutex, MutexGuard};

use ropey::Rope;
use tower_lsp::lsp_types::{Position, TextDocumentContentChangeEvent, Url};

use crate::kind::FileKind;
use crate::line_index::Encoding;

/// One open document.
#[derive(Clone, Debug)]
pub struct Document {
    pub kind: Option<FileKind>,
    pub version: i32,
    pub rope: Rope,
}

/// A consistent copy of a document to analyse outside the lock.
#[derive(Clone, Debug)]
pub struct Snapshot {
    pub kind: Option<FileKind>,
    pub version: i32,
    pub text: String,
}

/// The documents shared by the sequencer, which changes them, and the handlers, which
/// read them. Every method takes the lock for a short, synchronous moment.
#[derive(Clone, Default)]
pub struct Documents {
    state: Arc<Mutex<State>>,
}

#[derive(Default)]
struct State {
    encoding: Option<Encoding>,
    open: HashMap<Url, Document>,
}

impl Documents {
    /// The position encoding agreed at initialize; UTF-16 until then, as LSP says.
    pub fn encoding(&self) -> Encoding {
        self.lock().encoding.unwrap_or(Encoding::Utf16)
    }

    pub fn set_encoding(&self, encoding: Encoding) {
        self.lock().encoding = Some(encoding);
    }

    pub fn open(&self, uri: Url, kind: Option<FileKind>, version: i32, text: &str) {
        let document = Document { kind, version, rope: Rope::from_str(text) };
        self.lock().open.insert(uri, document);
    }

    pub fn close(&self, uri: &Url) {
        self.lock().open.remove(uri);
    }

    /// Applies the changes of one `didChange`, in order. Returns false when the document
    /// is not open, in which case nothing changes.
    pub fn change(
        &self,
        uri: &Url,
        version: i32,
        changes: &[TextDocumentContentChangeEvent],
    ) -> bool {
        let mut state = self.lock();
        let encoding = state.encoding.unwrap_or(Encoding::Utf16);
        let Some(document) = state.open.get_mut(uri) else {
            return false;
        };

        for change in changes {
            match change.range {
                Some(range) => {
                    let start = char_index(&document.rope, range.start, encoding);
                    let end = char_index(&document.rope, range.end, encoding).max(start);
                    document.rope.remove(start..end);
                    document.rope.insert(start, &change.text);
                }
                None => document.rope = Rope::from_str(&change.text),
            }
        }
        document.version = version;
        true
    }

    pub fn snapshot(&self, uri: &Url) -> Option<Snapshot> {
        let state = self.lock();
        let document = state.open.get(uri)?;
        Some(Snapshot {
            kind: document.kind,
            version: document.version,
            text: document.rope.to_string(),
        })
    }

    /// The text of every open document that is a file, by path: what the editor shows
    /// wins over what is on disk.
    pub fn texts_by_path(&self) -> HashMap<PathBuf, String> {
        let state = self.lock();
        state
            .open
            .iter()
            .filter_map(|(uri, document)| {
                Some((uri.to_file_path().ok()?, document.rope.to_string()))
            })
            .collect()
    }

    /// Every open document's address.
    pub fn uris(&self) -> Vec<Url> {
        self.lock().open.keys().cloned().collect()
    }

    fn lock(&self) -> MutexGuard<'_, State> {
        // A panic while holding the lock leaves plain data behind, still usable.
        self.state.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

/// The rope's char index of an LSP position. A column past the line's end clamps to the
/// end of its text, a line past the last to the end of the document, as LSP asks.
fn char_index(rope: &Rope, position: Position, encoding: Encoding) -> usize {
    let line = position.line as usize;
    if line >= rope.len_lines() {
        return rope.len_chars();
    }

    let line_start = rope.line_to_char(line);
    let line_text_end = line_start + line_text_len(rope, line);
    let column = position.character as usize;
    let index = match encoding {
        Encoding::Utf16 => {
            let start_units = rope.char_to_utf16_cu(line_start);
            let end_units = rope.char_to_utf16_cu(line_text_end);
            rope.utf16_cu_to_char((start_units + column).min(end_units))
        }
        Encoding::Utf8 => {
            let start_byte = rope.char_to_byte(line_start);
            let end_byte = rope.char_to_byte(line_text_end);
            rope.byte_to_char((start_byte + column).min(end_byte))
        }
    };
    index.clamp(line_start, line_text_end)
}

/// The number of chars on a line, without its terminator.
fn line_text_len(rope: &Rope, line: usize) -> usize {
    let slice = rope.line(line);
    let mut len = slice.len_chars();
    if len > 0 && slice.char(len - 1) == '\n' {
        len -= 1;
    }
    if len > 0 && slice.char(len - 1) == '\r' {
        len -= 1;
    }
    len
}

#[cfg(test)]
mod tests {
    use super::*;
    use tower_lsp::lsp_types::Range;

    fn edit(range: ((u32, u32), (u32, u32)), text: &str) -> TextDocumentContentChangeEvent {
        let ((start_line, start_col), (end_line, end_col)) = range;
        TextDocumentContentChangeEvent {
            range: Some(Range::new(
                Position::new(start_line, start_col),
                Position::new(end_line, end_col),
            )),
            range_length: None,
            text: text.to_string(),
        }
    }

    #[test]
    fn incremental_edits_count_utf16_units_and_respect_crlf() {
        let documents = Documents::default();
        let uri = Url::parse("file:///tmp/.env").unwrap();
        documents.open(uri.clone(), Some(FileKind::DotEnv), 1, "A=😀é\r\nB=x\r\n");

        let changes = [
            edit(((0, 4), (0, 5)), "e"),
            edit(((0, 99), (1, 0)), "\n"),
            edit(((1, 2), (1, 3)), "y"),
        ];
        assert!(documents.change(&uri, 2, &changes));

        let snapshot = documents.snapshot(&uri).unwrap();
        assert_eq!(snapshot.text, "A=😀e\nB=y\r\n");
        assert_eq!(snapshot.version, 2);
    }

    #[test]
    fn utf8_columns_are_bytes() {
        let documents = Documents::default();
        documents.set_encoding(Encoding::Utf8);
        let uri = Url::parse("file:///tmp/pg_hba.conf").unwrap();
        documents.open(uri.clone(), None, 1, "é=1\n");

        assert!(documents.change(&uri, 2, &[edit(((0, 2), (0, 3)), ":")]));
        assert_eq!(documents.snapshot(&uri).unwrap().text, "é:1\n");
    }

    #[test]
    fn changes_to_unknown_documents_are_refused() {
        let documents = Documents::default();
        let uri = Url::parse("file:///tmp/x").unwrap();
        assert!(!documents.change(&uri, 2, &[edit(((0, 0), (0, 0)), "x")]));
    }
}
