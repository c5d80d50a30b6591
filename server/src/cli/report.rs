//! How `check` prints findings: for people (`human`) and for programs (`json`).
//!
//! Both formats quote only what is safe to show: the human format masks every secret span
//! in the source lines it prints, and neither prints file text beyond those lines.

use std::io::{self, Write};
use std::path::PathBuf;

use serde_json::{json, Value};

use crate::finding::Finding;
use crate::line_index::{Encoding, LineCol, LineIndex};
use crate::span::Span;

/// What stands in for a secret in quoted source lines.
const MASK: &str = "****";

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
    writeln!(
        out,
        "{} in {}: {errors} {}, {warnings} {}, {information} information, {hints} {}",
        if errors + warnings + information + hints == 0 { "no findings" } else { "checked" },
        plural(files.len(), "file"),
        noun(errors, "error"),
        noun(warnings, "warning"),
        noun(hints, "hint"),
    )
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

    let caret_start = quoted.column(finding.span.start);
    let caret_end = quoted.column(finding.span.end.min(line_end)).max(caret_start + 1);
    let number = (line + 1).to_string();
    let gutter = " ".repeat(number.len());

    writeln!(
        out,
        "{}:{}:{}: {}[{}]: {}",
        file.path.display(),
        line + 1,
        caret_start + 1,
        finding.severity.as_str(),
        finding.rule.name,
        finding.message
    )?;
    writeln!(out, "{gutter} |")?;
    writeln!(out, "{number} | {}", quoted.text)?;
    writeln!(out, "{gutter} | {}{}", " ".repeat(caret_start), "^".repeat(caret_end - caret_start))?;
    for fix in &finding.fixes {
        writeln!(out, "{gutter} = fix: {}", fix.title)?;
    }
    writeln!(out)
}

/// A source line as printed: tabs kept, secrets replaced by [`MASK`], with a way to find
/// the printed column of a byte offset.
struct QuotedLine {
    text: String,
    /// (byte offset in the file, printed column) at the start of every piece.
    marks: Vec<(usize, usize)>,
    line_start: usize,
}

impl QuotedLine {
    fn new(text: &str, line_start: usize, line_end: usize, secrets: &[Span]) -> QuotedLine {
        let mut quoted = String::new();
        let mut marks = Vec::new();
        let mut at = line_start;
        let mut column = 0;

        let mut secrets: Vec<Span> = secrets
            .iter()
            .filter(|secret| secret.start < line_end && secret.end > line_start)
            .copied()
            .collect();
        secrets.sort();

        for secret in secrets {
            let secret_start = secret.start.max(at);
            if secret_start > at {
                marks.push((at, column));
                let piece = &text[at..secret_start];
                column += piece.chars().count();
                quoted.push_str(piece);
            }
            if secret.end > at {
                marks.push((secret_start, column));
                quoted.push_str(MASK);
                column += MASK.len();
                at = secret.end.min(line_end);
            }
        }
        marks.push((at, column));
        quoted.push_str(&text[at..line_end]);

        QuotedLine { text: quoted, marks, line_start }
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
