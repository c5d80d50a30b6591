//! The `LanguageServer` implementation: each handler converts its params, calls
//! [`crate::analysis`], and converts the result back.

use std::sync::{Mutex, MutexGuard};

use tower_lsp::jsonrpc::Result;
use tower_lsp::lsp_types::{
    CodeActionKind, CodeActionOptions, CodeActionOrCommand, CodeActionParams,
    CodeActionProviderCapability, CodeActionResponse, DidChangeConfigurationParams,
    DidChangeTextDocumentParams, DidCloseTextDocumentParams, DidOpenTextDocumentParams, Hover,
    HoverContents, HoverParams, HoverProviderCapability, InitializeParams, InitializeResult,
    InitializedParams, MarkupContent, MarkupKind, PositionEncodingKind, ServerCapabilities,
    ServerInfo, TextDocumentSyncCapability, TextDocumentSyncKind, Url,
};
use tower_lsp::{Client, LanguageServer};

use crate::analysis;
use crate::line_index::{Encoding, LineIndex};
use crate::lsp::config;
use crate::lsp::convert;
use crate::lsp::documents::Documents;
use crate::settings::Settings;
use crate::span::Span;

pub struct Backend {
    client: Client,
    documents: Documents,
    settings: Mutex<Settings>,
    /// Held while diagnostics are computed and sent, so that they reach the client in the
    /// order of the versions they were computed for.
    publishing: tokio::sync::Mutex<()>,
}

impl Backend {
    pub fn new(client: Client, documents: Documents) -> Backend {
        Backend {
            client,
            documents,
            settings: Mutex::new(Settings::default()),
            publishing: tokio::sync::Mutex::new(()),
        }
    }

    fn settings(&self) -> MutexGuard<'_, Settings> {
        self.settings.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// Publishes the diagnostics of a document's current text, tagged with its version.
    async fn publish(&self, uri: Url) {
        let _order = self.publishing.lock().await;
        let Some(snapshot) = self.documents.snapshot(&uri) else {
            return;
        };
        let settings = self.settings().clone();
        let encoding = self.documents.encoding();

        let index = LineIndex::new(&snapshot.text);
        let diagnostics = match snapshot.kind {
            Some(kind) => analysis::analyze(kind, &snapshot.text, &settings)
                .iter()
                .map(|finding| convert::diagnostic(&uri, &index, finding, encoding))
                .collect(),
            None => Vec::new(),
        };

        tracing::debug!(%uri, version = snapshot.version, count = diagnostics.len(), "publish");
        self.client.publish_diagnostics(uri, diagnostics, Some(snapshot.version)).await;
    }
}

#[tower_lsp::async_trait]
impl LanguageServer for Backend {
    async fn initialize(&self, params: InitializeParams) -> Result<InitializeResult> {
        let offered = params.capabilities.general.and_then(|general| general.position_encodings);
        let utf8 = offered.is_some_and(|kinds| kinds.contains(&PositionEncodingKind::UTF8));
        let encoding = if utf8 { Encoding::Utf8 } else { Encoding::Utf16 };
        self.documents.set_encoding(encoding);

        if let Some(options) = &params.initialization_options {
            let settings = config::apply(&self.settings(), options);
            *self.settings() = settings;
        }
        tracing::info!(?encoding, "initialize");

        Ok(InitializeResult {
            capabilities: ServerCapabilities {
                position_encoding: Some(if utf8 {
                    PositionEncodingKind::UTF8
                } else {
                    PositionEncodingKind::UTF16
                }),
                text_document_sync: Some(TextDocumentSyncCapability::Kind(
                    TextDocumentSyncKind::INCREMENTAL,
                )),
                hover_provider: Some(HoverProviderCapability::Simple(true)),
                code_action_provider: Some(CodeActionProviderCapability::Options(
                    CodeActionOptions {
                        code_action_kinds: Some(vec![CodeActionKind::QUICKFIX]),
                        ..CodeActionOptions::default()
                    },
                )),
                ..ServerCapabilities::default()
            },
            server_info: Some(ServerInfo {
                name: "pgconf-lsp".to_string(),
                version: Some(env!("CARGO_PKG_VERSION").to_string()),
            }),
        })
    }

    async fn initialized(&self, _: InitializedParams) {
        tracing::info!("initialized");
    }

    async fn shutdown(&self) -> Result<()> {
        tracing::info!("shutdown");
        Ok(())
    }

    // The sequencer has already applied open, change and close to the documents; these
    // handlers only publish.

    async fn did_open(&self, params: DidOpenTextDocumentParams) {
        self.publish(params.text_document.uri).await;
    }

    async fn did_change(&self, params: DidChangeTextDocumentParams) {
        self.publish(params.text_document.uri).await;
    }

    async fn did_close(&self, params: DidCloseTextDocumentParams) {
        let _order = self.publishing.lock().await;
        self.client.publish_diagnostics(params.text_document.uri, Vec::new(), None).await;
    }

    async fn did_change_configuration(&self, params: DidChangeConfigurationParams) {
        let settings = config::apply(&self.settings(), &params.settings);
        *self.settings() = settings;
        tracing::info!("configuration changed");

        for uri in self.documents.uris() {
            self.publish(uri).await;
        }
    }

    async fn hover(&self, params: HoverParams) -> Result<Option<Hover>> {
        let uri = params.text_document_position_params.text_document.uri;
        let position = params.text_document_position_params.position;
        let Some(snapshot) = self.documents.snapshot(&uri) else {
            tracing::warn!(%uri, "hover on a document not open");
            return Ok(None);
        };
        let Some(kind) = snapshot.kind else {
            return Ok(None);
        };
        let encoding = self.documents.encoding();
        let index = LineIndex::new(&snapshot.text);
        let offset = convert::offset(&index, position, encoding);

        let settings = self.settings().clone();
        let hover = analysis::hover(kind, &snapshot.text, offset, &settings);

        Ok(hover.map(|hover| Hover {
            contents: HoverContents::Markup(MarkupContent {
                kind: MarkupKind::Markdown,
                value: hover.markdown,
            }),
            range: Some(convert::range(&index, hover.span, encoding)),
        }))
    }

    async fn code_action(&self, params: CodeActionParams) -> Result<Option<CodeActionResponse>> {
        let uri = params.text_document.uri;
        let Some(snapshot) = self.documents.snapshot(&uri) else {
            tracing::warn!(%uri, "code action on a document not open");
            return Ok(None);
        };
        let Some(kind) = snapshot.kind else {
            return Ok(None);
        };
        let encoding = self.documents.encoding();
        let index = LineIndex::new(&snapshot.text);
        let wanted = convert::span(&index, params.range, encoding);

        let settings = self.settings().clone();
        let findings = analysis::analyze(kind, &snapshot.text, &settings);

        let mut actions = Vec::new();
        for finding in findings.iter().filter(|finding| overlaps(finding.span, wanted)) {
            let diagnostic = convert::diagnostic(&uri, &index, finding, encoding);
            for (position, fix) in finding.fixes.iter().enumerate() {
                let action = convert::code_action(
                    &uri,
                    &index,
                    fix,
                    diagnostic.clone(),
                    encoding,
                    position == 0,
                );
                actions.push(CodeActionOrCommand::CodeAction(action));
            }
        }
        Ok(Some(actions))
    }
}

/// True when two spans share a byte, or when an empty one touches the other: a cursor
/// at either end of a finding asks for its fixes.
fn overlaps(finding: Span, wanted: Span) -> bool {
    finding.start <= wanted.end && wanted.start <= finding.end
}
