//! How `check` prints findings: for people (`human`) and for programs (`json`).
//!
//! Both formats quote only what is safe to show: the human format masks every secret span
//! in the source lines it prints, and neither prints file text beyond those lines.

use std::borrow::Cow;
use std::io::{self, Write};
use std::path::PathBuf;

use serde_json::{json, Value};

use crate::finding::Finding;
use crate::line_index::{Encoding, LineCol, LineIndex};
use crate::redact::MASK;
use crate::span::Span;

/// A checked file with what is needed to report on it.
pub struct CheckedFile {
    pub path: PathBuf,
    pub text: String,
    pub findings: Vec<Finding>,
    /// Spans never to print.
    pub secrets: Vec<Span>,
}

/// `path:line:col: severity[rule]: message`, the source line with a caret under the
/// finding, one line per fix, and a closing count.
pub fn write_human(out: &mut dyn Write, files: &[CheckedFile]) -> io::Result<()> {
    let mut counts = [0usize; 4];

    for file in files {
        let index = LineIndex::new(&file.text);
        for finding in &file.findings {
            counts[finding.severity as usize] += 1;
            write_human_finding(out, file, &index, finding)?;
        }
    }

    let [errors, warnings, information, hints] = counts;
    let checked = format!("{} checked", plural(files.len(), "file"));
    if errors + warnings + information + hints == 0 {
        writeln!(out, "{checked}: no findings")
    } else {
        writeln!(
            out,
            "{checked}: {}, {}, {information} information, {}",
            plural(errors, "error"),
            plural(warnings, "warning"),
            plural(hints, "hint"),
        )
    }
}

fn write_human_finding(
    out: &mut dyn Write,
    file: &CheckedFile,
    index: &LineIndex,
    finding: &Finding,
) -> io::Result<()> {
    let start = index.line_col(finding.span.start, Encoding::Utf8);
    let line = start.line as usize;
    let (line_start, line_end) = line_bounds(index, line);
    let quoted = QuotedLine::new(&file.text, line_start, line_end, &file.secrets);

    let column = file.text[line_start..finding.span.start.max(line_start)].chars().count() + 1;
    let caret_start = quoted.column(finding.span.start);
    let caret_end = quoted.end_column(finding.span.end.min(line_end)).max(caret_start + 1);
    let number = (line + 1).to_string();
    let gutter = " ".repeat(number.len());

    writeln!(
        out,
        "{}:{}:{}: {}[{}]: {}",
        file.path.display(),
        line + 1,
        column,
        finding.severity.as_str(),
        finding.rule.name,
        printable(&finding.message)
    )?;
    writeln!(out, "{gutter} |")?;
    writeln!(out, "{number} | {}", quoted.text)?;
    writeln!(
        out,
        "{gutter} | {}{}",
        quoted.blank_prefix(caret_start),
        "^".repeat(caret_end - caret_start)
    )?;
    for fix in &finding.fixes {
        writeln!(out, "{gutter} = fix: {}", printable(&fix.title))?;
    }
    writeln!(out)
}

/// A source line as printed: control characters shown as U+FFFD, secrets replaced by
/// [`MASK`], with a way to find
/// the printed column of a byte offset.
struct QuotedLine {
    text: String,
    /// (byte offset in the file, printed column) at the start of every piece.
    marks: Vec<(usize, usize)>,
    /// The file's byte range of each mask and the printed column where the mask ends.
    masks: Vec<(Span, usize)>,
    line_start: usize,
}

impl QuotedLine {
    fn new(text: &str, line_start: usize, line_end: usize, secrets: &[Span]) -> QuotedLine {
        let mut quoted = String::new();
        let mut marks = Vec::new();
        let mut at = line_start;
        let mut column = 0;
        let mut masks = Vec::new();

        let mut secrets: Vec<Span> = secrets
            .iter()
            .filter(|secret| secret.start < line_end && secret.end > line_start)
            .copied()
            .collect();
        secrets.sort();
        // Overlapping or touching secrets are masked as one.
        secrets.dedup_by(|later, earlier| {
            let touches = later.start <= earlier.end;
            if touches {
                earlier.end = earlier.end.max(later.end);
            }
            touches
        });

        for secret in secrets {
            let secret_start = secret.start.max(at);
            if secret_start > at {
                marks.push((at, column));
                let piece = &text[at..secret_start];
                column += piece.chars().count();
                quoted.push_str(&printable(piece));
            }
            if secret.end > at {
                marks.push((secret_start, column));
                quoted.push_str(MASK);
                column += MASK.len();
                at = secret.end.min(line_end);
                masks.push((Span::new(secret_start, at), column));
            }
        }
        marks.push((at, column));
        quoted.push_str(&printable(&text[at..line_end]));

        QuotedLine { text: quoted, marks, masks, line_start }
    }

    /// The printed column of a byte offset on this line; offsets inside a secret map to
    /// the start of its mask.
    fn column(&self, offset: usize) -> usize {
        let offset = offset.max(self.line_start);
        let (mark_offset, mark_column) = self
            .marks
            .iter()
            .rev()
            .find(|(mark_offset, _)| *mark_offset <= offset)
            .copied()
            .unwrap_or((self.line_start, 0));
        let rest = self.text_from(mark_column);
        let within = offset - mark_offset;
        let chars = rest.char_indices().take_while(|(at, _)| *at < within).count();
        mark_column + chars
    }

    /// The printed column where a span ending at `offset` ends: inside a secret, the end of
    /// its mask, so that a caret under a password covers all of `****`.
    fn end_column(&self, offset: usize) -> usize {
        let inside = self.masks.iter().find(|(span, _)| span.start < offset && offset <= span.end);
        inside.map_or_else(|| self.column(offset), |(_, end)| *end)
    }

    /// Blanks as wide as the first `columns` printed characters: a tab where the line has
    /// one and a space elsewhere, so that the caret lands under its token whatever tab
    /// stops the terminal uses.
    fn blank_prefix(&self, columns: usize) -> String {
        self.text.chars().take(columns).map(|ch| if ch == '\t' { '\t' } else { ' ' }).collect()
    }

    fn text_from(&self, column: usize) -> &str {
        let at = self.text.char_indices().nth(column).map_or(self.text.len(), |(at, _)| at);
        &self.text[at..]
    }
}

/// The byte range of a line's text, without its terminator.
fn line_bounds(index: &LineIndex, line: usize) -> (usize, usize) {
    let line = line as u32;
    let start = index.offset(LineCol { line, col: 0 }, Encoding::Utf8);
    let end = index.offset(LineCol { line, col: u32::MAX }, Encoding::Utf8);
    (start, end)
}

/// One JSON array of findings over all files, positions in LSP conventions.
pub fn write_json(out: &mut dyn Write, files: &[CheckedFile]) -> io::Result<()> {
    let mut findings = Vec::new();
    for file in files {
        let index = LineIndex::new(&file.text);
        let path = file.path.display().to_string();
        findings.extend(file.findings.iter().map(|finding| finding_json(&path, &index, finding)));
    }

    serde_json::to_writer_pretty(&mut *out, &Value::Array(findings))?;
    writeln!(out)
}

fn finding_json(path: &str, index: &LineIndex, finding: &Finding) -> Value {
    let fixes: Vec<Value> = finding
        .fixes
        .iter()
        .map(|fix| {
            let edits: Vec<Value> = fix
                .edits
                .iter()
                .map(|edit| {
                    json!({ "range": range_json(index, edit.span), "newText": edit.new_text })
                })
                .collect();
            json!({ "title": fix.title, "edits": edits })
        })
        .collect();

    json!({
        "path": path,
        "range": range_json(index, finding.span),
        "severity": finding.severity.as_str(),
        "code": finding.rule.name,
        "message": finding.message,
        "fixes": fixes,
    })
}

fn range_json(index: &LineIndex, span: Span) -> Value {
    let start = index.line_col(span.start, Encoding::Utf16);
    let end = index.line_col(span.end, Encoding::Utf16);
    json!({
        "start": { "line": start.line, "character": start.col },
        "end": { "line": end.line, "character": end.col },
    })
}

/// `text` with control characters (an escape sequence that would retitle or clear the
/// terminal, a NUL) shown as U+FFFD, one column each, so that carets stay aligned. Tabs
/// stay.
fn printable(text: &str) -> Cow<'_, str> {
    if !text.chars().any(is_unprintable) {
        return Cow::Borrowed(text);
    }
    Cow::Owned(text.chars().map(|ch| if is_unprintable(ch) { '\u{FFFD}' } else { ch }).collect())
}

fn is_unprintable(ch: char) -> bool {
    ch.is_control() && ch != '\t'
}

fn noun(count: usize, singular: &str) -> String {
    if count == 1 {
        singular.to_string()
    } else {
        format!("{singular}s")
    }
}

fn plural(count: usize, singular: &str) -> String {
    format!("{count} {}", noun(count, singular))
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::kind::FileKind;
    use crate::settings::Settings;

    /// The human report of `text` read as `kind`.
    fn human(kind: FileKind, path: &str, text: &str) -> String {
        let settings = Settings::default();
        let findings = crate::analysis::analyze(kind, text, &settings);
        let secrets = crate::analysis::secret_spans(kind, text);
        let file =
            CheckedFile { path: PathBuf::from(path), text: text.to_string(), findings, secrets };
        let mut out = Vec::new();
        write_human(&mut out, &[file]).expect("write to a vector");
        String::from_utf8(out).expect("UTF-8")
    }

    #[test]
    fn carets_stay_under_their_token_on_tab_separated_lines() {
        let report = human(FileKind::PgHba, "pg_hba.conf", "host\tall\tall\t0.0.0.0/0\ttrust\n");
        let carets: Vec<&str> = report.lines().filter(|line| line.contains('^')).collect();
        expect_test::expect![[r#"
            [
                "  | ^^^^",
                "  |     \t^^^",
                "  |     \t   \t   \t         \t^^^^^",
            ]
        "#]]
        .assert_debug_eq(&carets);
    }
}
