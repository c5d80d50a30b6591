//! Conversions between our plain types (byte spans, findings, hovers) and LSP's.

use std::collections::HashMap;

use tower_lsp::lsp_types::{
    self as lsp, CodeAction, CodeActionKind, CodeDescription, CompletionItem, CompletionItemKind,
    CompletionTextEdit, Diagnostic, DiagnosticRelatedInformation, DiagnosticSeverity,
    DiagnosticTag, DocumentSymbol, Documentation, InlayHintLabel, Location, MarkupContent,
    MarkupKind, NumberOrString, Position, Range, TextEdit, Url, WorkspaceEdit,
};

use crate::completion::{Completion, CompletionKind};
use crate::finding::{Finding, Fix, Severity, Tag};
use crate::inlay_hints::InlayHint;
use crate::line_index::{Encoding, LineCol, LineIndex};
use crate::span::Span;
use crate::symbols::{Symbol, SymbolKind};

/// The `source` of every diagnostic we publish.
pub const SOURCE: &str = "pgconf-lsp";

pub fn position(index: &LineIndex, offset: usize, encoding: Encoding) -> Position {
    let LineCol { line, col } = index.line_col(offset, encoding);
    Position::new(line, col)
}

pub fn offset(index: &LineIndex, position: Position, encoding: Encoding) -> usize {
    index.offset(LineCol { line: position.line, col: position.character }, encoding)
}

pub fn range(index: &LineIndex, span: Span, encoding: Encoding) -> Range {
    Range::new(position(index, span.start, encoding), position(index, span.end, encoding))
}

pub fn span(index: &LineIndex, range: Range, encoding: Encoding) -> Span {
    let start = offset(index, range.start, encoding);
    Span::new(start, offset(index, range.end, encoding).max(start))
}

pub fn diagnostic(
    uri: &Url,
    index: &LineIndex,
    finding: &Finding,
    encoding: Encoding,
) -> Diagnostic {
    let related: Vec<DiagnosticRelatedInformation> = finding
        .related
        .iter()
        .map(|related| DiagnosticRelatedInformation {
            location: Location::new(uri.clone(), range(index, related.span, encoding)),
            message: related.message.clone(),
        })
        .collect();
    let tags: Vec<DiagnosticTag> = finding
        .tags
        .iter()
        .map(|tag| match tag {
            Tag::Unnecessary => DiagnosticTag::UNNECESSARY,
            Tag::Deprecated => DiagnosticTag::DEPRECATED,
        })
        .collect();

    Diagnostic {
        range: range(index, finding.span, encoding),
        severity: Some(severity(finding.severity)),
        code: Some(NumberOrString::String(finding.rule.name.to_string())),
        code_description: Url::parse(finding.rule.url).ok().map(|href| CodeDescription { href }),
        source: Some(SOURCE.to_string()),
        message: finding.message.clone(),
        related_information: (!related.is_empty()).then_some(related),
        tags: (!tags.is_empty()).then_some(tags),
        data: None,
    }
}

fn severity(severity: Severity) -> DiagnosticSeverity {
    match severity {
        Severity::Error => DiagnosticSeverity::ERROR,
        Severity::Warning => DiagnosticSeverity::WARNING,
        Severity::Information => DiagnosticSeverity::INFORMATION,
        Severity::Hint => DiagnosticSeverity::HINT,
    }
}

/// A quick fix for one finding, carrying its edit and the diagnostic it resolves.
pub fn code_action(
    uri: &Url,
    index: &LineIndex,
    fix: &Fix,
    diagnostic: Diagnostic,
    encoding: Encoding,
    preferred: bool,
) -> CodeAction {
    CodeAction {
        title: fix.title.clone(),
        kind: Some(CodeActionKind::QUICKFIX),
        diagnostics: Some(vec![diagnostic]),
        edit: Some(workspace_edit(uri, index, fix, encoding)),
        is_preferred: Some(preferred),
        ..CodeAction::default()
    }
}

pub fn completion(index: &LineIndex, item: &Completion, encoding: Encoding) -> CompletionItem {
    let kind = match item.kind {
        CompletionKind::Parameter => CompletionItemKind::PROPERTY,
        CompletionKind::Value => CompletionItemKind::VALUE,
        CompletionKind::Keyword => CompletionItemKind::KEYWORD,
        CompletionKind::Unit => CompletionItemKind::UNIT,
        CompletionKind::Section => CompletionItemKind::MODULE,
    };
    let edit = TextEdit::new(range(index, item.edit.span, encoding), item.edit.new_text.clone());

    CompletionItem {
        label: item.label.clone(),
        kind: Some(kind),
        detail: item.detail.clone(),
        documentation: item.documentation.clone().map(|value| {
            Documentation::MarkupContent(MarkupContent { kind: MarkupKind::Markdown, value })
        }),
        text_edit: Some(CompletionTextEdit::Edit(edit)),
        ..CompletionItem::default()
    }
}

pub fn symbol(index: &LineIndex, symbol: &Symbol, encoding: Encoding) -> DocumentSymbol {
    let kind = match symbol.kind {
        SymbolKind::Section => lsp::SymbolKind::NAMESPACE,
        SymbolKind::Setting => lsp::SymbolKind::PROPERTY,
        SymbolKind::Rule => lsp::SymbolKind::EVENT,
        SymbolKind::Entry => lsp::SymbolKind::OBJECT,
    };
    let children: Vec<DocumentSymbol> =
        symbol.children.iter().map(|child| self::symbol(index, child, encoding)).collect();

    #[allow(deprecated, reason = "`deprecated` is a required field of the LSP type")]
    DocumentSymbol {
        name: symbol.name.clone(),
        detail: symbol.detail.clone(),
        kind,
        tags: None,
        deprecated: None,
        range: range(index, symbol.span, encoding),
        selection_range: range(index, symbol.selection, encoding),
        children: (!children.is_empty()).then_some(children),
    }
}

pub fn inlay_hint(index: &LineIndex, hint: &InlayHint, encoding: Encoding) -> lsp::InlayHint {
    lsp::InlayHint {
        position: position(index, hint.offset, encoding),
        label: InlayHintLabel::String(hint.label.clone()),
        kind: None,
        text_edits: None,
        tooltip: None,
        padding_left: Some(true),
        padding_right: None,
        data: None,
    }
}

/// A rewrite that fixes no diagnostic, such as a connection string in its other form.
pub fn refactor(uri: &Url, index: &LineIndex, fix: &Fix, encoding: Encoding) -> CodeAction {
    CodeAction {
        title: fix.title.clone(),
        kind: Some(CodeActionKind::REFACTOR_REWRITE),
        edit: Some(workspace_edit(uri, index, fix, encoding)),
        ..CodeAction::default()
    }
}

fn workspace_edit(uri: &Url, index: &LineIndex, fix: &Fix, encoding: Encoding) -> WorkspaceEdit {
    let edits: Vec<TextEdit> = fix
        .edits
        .iter()
        .map(|edit| TextEdit::new(range(index, edit.span, encoding), edit.new_text.clone()))
        .collect();
    WorkspaceEdit {
        changes: Some(HashMap::from([(uri.clone(), edits)])),
        ..WorkspaceEdit::default()
    }
}
