//! YAML files: every string scalar in a value position, with its path, read through
//! `saphyr-parser`'s events. Docker Compose's `environment:` (a map, or a list of
//! `KEY=VALUE` strings) and Kubernetes' `env: [{name, value}]` lists record the variable
//! each value is assigned to, as do the entries of a Kubernetes ConfigMap's `data:` and a
//! Secret's `stringData:`, which `envFrom` turns into a container's variables.
//!
//! Helm chart templates are not YAML until rendered; [`scan_template`] reads them line by
//! line and only looks at `key: value` lines free of template actions.

use saphyr_parser::{Event, Parser, ScalarStyle};

use super::escapes::{self, Dialect};
use super::{char_to_byte_offsets, exact_or_whole, Document, EmbeddedString, SyntaxError};
use crate::span::Span;
use crate::syntax::conninfo::{Quoting, SourceMap};

/// A collection being read, with what is needed to name its children.
#[derive(Debug)]
enum Frame {
    Mapping(MappingFrame),
    Sequence { path: String, index: usize, environment: bool },
}

#[derive(Debug, Default)]
struct MappingFrame {
    path: String,
    /// The key whose value comes next, once read.
    key: Option<String>,
    /// The mapping is a compose or Helm `environment:` map of variables.
    environment: bool,
    /// The mapping is an entry of an environment list: `{name: X, value: Y}`.
    env_entry: bool,
    /// The plain `name:` of the mapping, for `{name, value}` entries.
    name: Option<String>,
    /// The strings found under this mapping's `value:` key.
    value_strings: Vec<usize>,
}

/// True for a key whose value is a set of environment variables.
fn is_environment_key(key: &str) -> bool {
    let key = key.to_ascii_lowercase();
    key == "environment" || key.ends_with("env") || key.ends_with("envvars")
}

/// Reads every string scalar of a YAML stream; a stream that does not parse yields the
/// strings before the error and the error.
pub fn parse(text: &str) -> Document {
    let offsets = char_to_byte_offsets(text);
    let byte = |index: usize| offsets.get(index).copied().unwrap_or(text.len());
    let mut document = Document::default();
    let mut stack: Vec<Frame> = Vec::new();
    let mut document_start = 0;

    for event in Parser::new_from_str(text) {
        let (event, span) = match event {
            Ok(event) => event,
            Err(error) => {
                let at = byte(error.marker().index());
                document.error = Some(SyntaxError {
                    span: Span::new(at, next_char_end(text, at)),
                    message: format!(
                        "This YAML does not parse: {} (line {}, column {}), so no tool \
                         that reads it will start.",
                        error.info(),
                        error.marker().line(),
                        error.marker().col() + 1
                    ),
                });
                break;
            }
        };
        let source = Span::new(byte(span.start.index()), byte(span.end.index()));

        match event {
            Event::DocumentStart(_) => {
                stack.clear();
                document_start = document.strings.len();
            }
            Event::DocumentEnd => {
                mark_envfrom_sources(&mut document.strings[document_start..]);
                document_start = document.strings.len();
            }
            Event::MappingStart(..) => {
                let (path, key) = child(&mut stack);
                let in_env_list =
                    matches!(stack.last(), Some(Frame::Sequence { environment: true, .. }));
                stack.push(Frame::Mapping(MappingFrame {
                    environment: key.as_deref().is_some_and(is_environment_key),
                    env_entry: in_env_list,
                    path,
                    ..MappingFrame::default()
                }));
            }
            Event::SequenceStart(..) => {
                let (path, key) = child(&mut stack);
                let environment = key.as_deref().is_some_and(is_environment_key);
                stack.push(Frame::Sequence { path, index: 0, environment });
            }
            Event::MappingEnd => {
                if let Some(Frame::Mapping(mapping)) = stack.pop() {
                    name_env_entry(&mapping, &mut document.strings);
                }
            }
            Event::SequenceEnd => {
                stack.pop();
            }
            Event::Scalar(value, style, ..) => {
                if let Some(Frame::Mapping(mapping)) = stack.last_mut() {
                    if mapping.key.is_none() {
                        mapping.key = Some(value.into_owned());
                        continue;
                    }
                }
                let source = scalar_source(text, source, style);
                scalar(text, &value, style, source, &mut stack, &mut document.strings);
            }
            Event::Alias(_) => {
                child(&mut stack);
            }
            _ => {}
        }
    }
    document
}

/// The path of the next child of the innermost collection, and the key it sits under;
/// advances the collection past it.
fn child(stack: &mut [Frame]) -> (String, Option<String>) {
    match stack.last_mut() {
        Some(Frame::Mapping(mapping)) => {
            let key = mapping.key.take().unwrap_or_default();
            let path = if mapping.path.is_empty() {
                key.clone()
            } else {
                format!("{}.{key}", mapping.path)
            };
            (path, Some(key))
        }
        Some(Frame::Sequence { path, index, .. }) => {
            let child = format!("{path}[{index}]");
            *index += 1;
            (child, None)
        }
        None => (String::new(), None),
    }
}

/// Records a scalar in a value position.
fn scalar(
    text: &str,
    value: &str,
    style: ScalarStyle,
    source: Span,
    stack: &mut [Frame],
    strings: &mut Vec<EmbeddedString>,
) {
    let environment = match stack.last() {
        Some(Frame::Mapping(mapping)) => mapping.environment,
        Some(Frame::Sequence { environment, .. }) => *environment,
        None => false,
    };
    let in_sequence = matches!(stack.last(), Some(Frame::Sequence { .. }));
    let (path, key) = child(stack);

    if let Some(Frame::Mapping(mapping)) = stack.last_mut() {
        match key.as_deref() {
            Some("name") if mapping.env_entry && style == ScalarStyle::Plain => {
                mapping.name = Some(value.to_string());
            }
            Some("value") if mapping.env_entry => mapping.value_strings.push(strings.len()),
            _ => {}
        }
    }

    let map = scalar_map(text, value, style, source);
    let mut string = EmbeddedString {
        key: key.clone().unwrap_or_default(),
        path,
        is_variable: environment && !in_sequence,
        value: value.to_string(),
        span: source,
        map,
    };
    if environment && in_sequence {
        // Compose's list form: `- KEY=VALUE`.
        let Some(equals) = value.find('=') else {
            return;
        };
        string.key = value[..equals].to_string();
        let list = string.path.rsplit_once('[').map_or("", |(list, _)| list);
        string.path = format!("{list}.{}", string.key);
        string.is_variable = true;
        string.value = value[equals + 1..].to_string();
        string.map = string.map.tail(equals + 1);
    } else if in_sequence {
        string.key = stack_key(stack);
    }
    strings.push(string);
}

/// The Kubernetes objects whose map of strings `envFrom` turns into variables, and the
/// key of that map: a Secret's `data:` is base64 and is not read.
const ENVFROM_SOURCES: [(&str, &str); 2] = [("ConfigMap", "data"), ("Secret", "stringData")];

/// Marks the entries of a ConfigMap's `data:` (or a Secret's `stringData:`) among the
/// `strings` of one YAML document as variables, since a container that names the object
/// in `envFrom` gets each entry as a variable of the same name.
fn mark_envfrom_sources(strings: &mut [EmbeddedString]) {
    let kind = strings.iter().find(|string| string.path == "kind").map(|s| s.value.clone());
    let Some((_, map_key)) =
        ENVFROM_SOURCES.iter().find(|(kind_name, _)| kind.as_deref() == Some(*kind_name))
    else {
        return;
    };
    for string in strings {
        let in_map = string.path.strip_prefix(map_key).and_then(|rest| rest.strip_prefix('.'));
        if in_map.is_some_and(|entry| entry == string.key) {
            string.is_variable = true;
        }
    }
}

/// The key the innermost collection sits under, for the elements of a list.
fn stack_key(stack: &[Frame]) -> String {
    match stack.last() {
        Some(Frame::Sequence { path, .. }) => {
            let last = path.rsplit('.').next().unwrap_or(path);
            last.split('[').next().unwrap_or(last).to_string()
        }
        _ => String::new(),
    }
}

/// Names the `value:` strings of a Kubernetes `{name: X, value: Y}` env entry after `X`.
fn name_env_entry(mapping: &MappingFrame, strings: &mut [EmbeddedString]) {
    let Some(name) = &mapping.name else {
        return;
    };
    for &index in &mapping.value_strings {
        if let Some(string) = strings.get_mut(index) {
            string.key = name.clone();
            let list = mapping.path.rsplit_once('[').map_or("", |(list, _)| list);
            string.path = format!("{list}[{name}]");
            string.is_variable = true;
        }
    }
}

/// The bytes of a scalar itself within the span the parser gives: without the anchor
/// (`&dsn`) and tag (`!!str`) before it, and for a block scalar without the line break
/// and the next line's indentation after its last line.
fn scalar_source(text: &str, source: Span, style: ScalarStyle) -> Span {
    const BLANKS: [char; 4] = [' ', '\t', '\r', '\n'];
    let Some(written) = text.get(source.start..source.end) else {
        return source;
    };

    let mut rest = written;
    while rest.starts_with(['&', '!']) {
        let end = if rest.starts_with("!<") {
            rest.find('>').map_or(rest.len(), |close| close + 1)
        } else {
            rest.find(BLANKS).unwrap_or(rest.len())
        };
        rest = rest[end..].trim_start_matches(BLANKS);
    }
    let start = source.start + (written.len() - rest.len());

    if matches!(style, ScalarStyle::Literal | ScalarStyle::Folded) {
        rest = rest.trim_end_matches(BLANKS);
    }
    Span::new(start, start + rest.len())
}

/// The map of a scalar's value back to its source, exact for one-line scalars.
fn scalar_map(text: &str, value: &str, style: ScalarStyle, source: Span) -> SourceMap {
    exact_or_whole(text, source, value, |written, base| match style {
        ScalarStyle::Plain => escapes::literal(written, base, "", Quoting::None),
        ScalarStyle::SingleQuoted => escapes::yaml_single_quoted(written, base),
        ScalarStyle::DoubleQuoted => escapes::double_quoted(written, base, Dialect::Yaml),
        // Block scalars fold and strip their lines: no byte of the value is exactly one
        // of the source's, so findings land on the whole scalar.
        ScalarStyle::Literal | ScalarStyle::Folded => None,
    })
}

/// The end of the character at `at`, for a one-character error span.
fn next_char_end(text: &str, at: usize) -> usize {
    text.get(at..).and_then(|rest| rest.chars().next()).map_or(at, |ch| at + ch.len_utf8())
}

/// The `key: value` lines of a Helm template whose value is written out in full (no
/// `{{ }}` on the line), read as one-line plain or quoted scalars.
pub fn scan_template(text: &str) -> Document {
    let mut document = Document::default();
    let mut line_start = 0;
    for line in text.split_inclusive('\n') {
        let content = line.trim_end_matches(['\n', '\r']);
        if !content.contains("{{") {
            if let Some(string) = template_line(content, line_start) {
                document.strings.push(string);
            }
        }
        line_start += line.len();
    }
    document
}

/// The string value of one `key: value` (or `- value`) template line, if it has one.
fn template_line(line: &str, line_start: usize) -> Option<EmbeddedString> {
    let trimmed = line.trim_start();
    let indent = line.len() - trimmed.len();
    let item = trimmed.strip_prefix("- ").unwrap_or(trimmed);
    let (key, value_at) = match item.find(": ") {
        Some(colon) if !item.starts_with(['"', '\'']) => {
            (item[..colon].trim().to_string(), colon + 2)
        }
        _ => (String::new(), 0),
    };
    let item_start = line_start + indent + (trimmed.len() - item.len());
    let written = item.get(value_at..)?.trim_end();
    let leading = written.len() - written.trim_start().len();
    let mut written = written.trim_start();
    if written.is_empty() || written.starts_with('#') {
        return None;
    }
    let start = item_start + value_at + leading;
    if written.ends_with(':') {
        // A key whose value is the block below it.
        return None;
    }
    let decoded = match written.as_bytes().first() {
        Some(b'"') => {
            written = &written[..quoted_end(written, b'"')?];
            escapes::double_quoted(written, start, Dialect::Yaml)
        }
        Some(b'\'') => {
            written = &written[..quoted_end(written, b'\'')?];
            escapes::yaml_single_quoted(written, start)
        }
        _ => {
            written = written.split(" #").next().unwrap_or(written).trim_end();
            escapes::literal(written, start, "", Quoting::None)
        }
    };
    let span = Span::new(start, start + written.len());
    let (value, map) = decoded?;
    Some(EmbeddedString { key: key.clone(), path: key, is_variable: false, value, span, map })
}

/// The end of the quoted scalar at the start of `written` (past its closing quote):
/// a backslash escapes in double quotes, a doubled quote in single quotes.
fn quoted_end(written: &str, quote: u8) -> Option<usize> {
    let bytes = written.as_bytes();
    let mut at = 1;
    while at < bytes.len() {
        match bytes[at] {
            b'\\' if quote == b'"' => at += 2,
            b'\'' if quote == b'\'' && bytes.get(at + 1) == Some(&b'\'') => at += 2,
            byte if byte == quote => return Some(at + 1),
            _ => at += 1,
        }
    }
    None
}
