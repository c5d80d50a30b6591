//! pg_hba.conf formatting: columns aligned as in the stock `pg_hba.conf.sample`.
//!
//! The sample puts the connection type in 8 columns, the database and the user in 16 each
//! and the address in 24, then the method and its options; `local` lines leave the address
//! column blank. Columns start at those stops, like tab stops: a value too wide for its
//! column is followed by one space, and the next column that can start at its stop does.
//! Each field is copied byte for byte (quotes, commas and the blanks after commas
//! included), so only the blanks between fields change and the server reads the same
//! fields: leading blanks go, and one space comes before a trailing comment. Comment-only
//! and blank lines, `include` lines, lines joined by a backslash, lines with an unclosed
//! quote and lines holding a template placeholder (`@remove-line-for-nolocal@local ...` of
//! `pg_hba.conf.sample`, aligned as if the placeholder were not there) are left as they are.

use crate::finding::Edit;
use crate::rules::pghba::template;
use crate::span::Span;
use crate::syntax::pghba::{parse, Record};

/// Widths of the type, database, user and address columns.
pub const COLUMN_WIDTHS: [usize; 4] = [8, 16, 16, 24];

/// The edits that format the records overlapping `range` (the whole file when `None`).
pub fn format(text: &str, range: Option<Span>) -> Vec<Edit> {
    let file = parse(text);
    let mut edits = Vec::new();

    for record in &file.records {
        let line = physical_line(text, record);
        let touched = range.is_none_or(|range| {
            range.start <= line.end && line.start <= range.end.max(range.start)
        });
        if !touched || !formattable(text, record) {
            continue;
        }
        let Some(formatted) = format_record(text, record) else {
            continue;
        };
        if text.get(line.start..line.end) != Some(formatted.as_str()) {
            edits.push(Edit { span: line, new_text: formatted });
        }
    }
    edits
}

/// The part of the record's line that formatting rewrites: from the start of the line to
/// its end, trailing blanks included, the line break and any `\r` before it excluded.
fn physical_line(text: &str, record: &Record) -> Span {
    let start = text[..record.span.start].rfind('\n').map_or(0, |at| at + 1);
    let content_end = record.comment.map_or(record.span.end, |comment| comment.end);
    let mut end = text[content_end..].find('\n').map_or(text.len(), |at| content_end + at);
    while end > content_end && text.as_bytes()[end - 1] == b'\r' {
        end -= 1;
    }
    Span::new(start, end)
}

fn formattable(text: &str, record: &Record) -> bool {
    record.continuations.is_empty()
        && record.unterminated_quote.is_none()
        && record.include().is_none()
        && template::placeholders_in(text, record.span).is_empty()
}

/// The record laid out in columns, its comment after it.
fn format_record(text: &str, record: &Record) -> Option<String> {
    let columns = record.columns();
    let raw = |span: Span| text.get(span.start..span.end);

    // The aligned columns, as the server assigns fields to them.
    let mut cells: Vec<String> = vec![raw(columns.conn_type.span)?.to_string()];
    for field in [columns.database, columns.user].into_iter().flatten() {
        cells.push(raw(field.span)?.to_string());
    }
    let mut used = cells.len();
    if used == 3 && used < record.fields.len() {
        if columns.conn_type.first().text == "local" {
            cells.push(String::new());
        } else if let Some(address) = columns.address {
            let mut cell = raw(address.span)?.to_string();
            used += 1;
            if let Some(mask) = columns.mask {
                cell.push(' ');
                cell.push_str(raw(mask.span)?);
                used += 1;
            }
            cells.push(cell);
        }
    }
    let mut rest = Vec::new();
    for field in &record.fields[used..] {
        rest.push(raw(field.span)?);
    }
    let rest = rest.join(" ");

    // Each column starts at its stop in the sample's layout; a cell too wide for its column
    // pushes only the next one, by a single space, and the stops after it hold again.
    let mut out = String::new();
    let mut stop = 0;
    for (index, cell) in cells.iter().enumerate() {
        out.push_str(cell);
        stop += COLUMN_WIDTHS[index];
        let is_last = index + 1 == cells.len() && rest.is_empty();
        if !is_last {
            let padding = stop.saturating_sub(out.chars().count()).max(1);
            out.extend(std::iter::repeat_n(' ', padding));
        }
    }
    out.push_str(&rest);
    if let Some(comment) = record.comment {
        out.push(' ');
        out.push_str(raw(comment)?);
    }
    Some(out)
}

#[cfg(test)]
mod tests;
