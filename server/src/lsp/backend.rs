//! The `LanguageServer` implementation: each handler converts its params, calls
//! [`crate::analysis`], and converts the result back.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Mutex, MutexGuard};

use tower_lsp::jsonrpc::Result;
use tower_lsp::lsp_types::{
    CodeActionKind, CodeActionOptions, CodeActionOrCommand, CodeActionParams,
    CodeActionProviderCapability, CodeActionResponse, CompletionOptions, CompletionParams,
    CompletionResponse, DidChangeConfigurationParams, DidChangeTextDocumentParams,
    DidChangeWatchedFilesParams, DidChangeWatchedFilesRegistrationOptions,
    DidCloseTextDocumentParams, DidOpenTextDocumentParams, DocumentFormattingParams,
    DocumentRangeFormattingParams, DocumentSymbolParams, DocumentSymbolResponse, FileSystemWatcher,
    GlobPattern, GotoDefinitionParams, GotoDefinitionResponse, Hover, HoverContents, HoverParams,
    HoverProviderCapability, InitializeParams, InitializeResult, InitializedParams, InlayHint,
    InlayHintParams, Location, MarkupContent, MarkupKind, MessageType, OneOf, Position,
    PositionEncodingKind, Range, Registration, ServerCapabilities, ServerInfo,
    TextDocumentSyncCapability, TextDocumentSyncKind, TextEdit, Url,
};
use tower_lsp::{Client, LanguageServer};

use crate::analysis;
use crate::disk::DiskFiles;
use crate::finding::Finding;
use crate::kind::FileKind;
use crate::line_index::{Encoding, LineIndex};
use crate::lsp::config;
use crate::lsp::convert;
use crate::lsp::documents::{Documents, Snapshot};
use crate::settings::Settings;
use crate::span::Span;

pub struct Backend {
    client: Client,
    documents: Documents,
    settings: Mutex<Settings>,
    /// Held while diagnostics are computed and sent, so that they reach the client in the
    /// order of the versions they were computed for.
    publishing: tokio::sync::Mutex<()>,
    /// Whether the client lets us register a file watcher at `initialized`.
    can_watch_files: AtomicBool,
}

/// The files whose change on disk can change a finding: the configs we read, the files
/// they include, the manifests that name a connection string's driver, the certificates
/// and keys the configs and strings name, and `PG_VERSION`.
const WATCHED_FILES: &str = "**/{postgresql*.conf,pg_hba*.conf,pg_ident*.conf,pgbouncer.ini,\
userlist*.txt,.env*,package.json,requirements*.txt,pyproject.toml,go.mod,pom.xml,\
build.gradle*,*.csproj,Directory.Packages.props,PG_VERSION,*.conf,*.ini,*.pem,*.crt,*.key}";

impl Backend {
    pub fn new(client: Client, documents: Documents) -> Backend {
        Backend {
            client,
            documents,
            settings: Mutex::new(Settings::default()),
            publishing: tokio::sync::Mutex::new(()),
            can_watch_files: AtomicBool::new(false),
        }
    }

    fn settings(&self) -> MutexGuard<'_, Settings> {
        self.settings.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// The document's current text and kind with what converting positions needs, or
    /// `None` (logged) when it is not open or not of a kind we read.
    fn open_document(&self, uri: &Url, request: &str) -> Option<(Snapshot, FileKind, Encoding)> {
        let Some(snapshot) = self.documents.snapshot(uri) else {
            tracing::warn!(%uri, request, "request on a document not open");
            return None;
        };
        let kind = snapshot.kind?;
        Some((snapshot, kind, self.documents.encoding()))
    }

    /// Republishes the other open documents in the same folder or a folder above it, whose
    /// cross-file findings may depend on the one that changed: a sibling, or a file it
    /// includes from a subfolder (`conf.d/`, `hba.d/`).
    // FIXME: A file included from elsewhere (an absolute path, `../`) does not republish
    // the file that includes it; follow the includes instead of guessing by folder.
    async fn publish_neighbours(&self, changed: &Url) {
        let folder =
            |uri: &Url| uri.to_file_path().ok().and_then(|path| Some(path.parent()?.to_owned()));
        let Some(changed_folder) = folder(changed) else {
            return;
        };
        for uri in self.documents.uris() {
            let above = folder(&uri).is_some_and(|folder| changed_folder.starts_with(folder));
            if &uri != changed && above {
                self.publish(uri).await;
            }
        }
    }

    /// Tells the user, once per change of settings, which of them were ignored and why.
    async fn report_ignored(&self, ignored: Vec<String>) {
        if !ignored.is_empty() {
            self.client.show_message(MessageType::WARNING, ignored.join(" ")).await;
        }
    }

    /// The findings of a document, with the files around it when it is a file on disk.
    fn findings(&self, uri: &Url, kind: FileKind, text: &str) -> Vec<Finding> {
        let settings = self.settings().clone();
        match uri.to_file_path() {
            Ok(path) => {
                let files = DiskFiles::with_overlay(self.documents.texts_by_path());
                analysis::analyze_file(kind, &path, text, &settings, &files)
            }
            Err(()) => analysis::analyze(kind, text, &settings),
        }
    }

    /// The settings for a request on a document: the editor's, with the PostgreSQL major
    /// that the file's path or a `PG_VERSION` beside it names, when the editor names none.
    fn settings_for(&self, uri: &Url, kind: FileKind) -> Settings {
        let settings = self.settings().clone();
        let Ok(path) = uri.to_file_path() else {
            return settings;
        };
        let files = DiskFiles::with_overlay(self.documents.texts_by_path());
        analysis::settings_for_file(kind, &path, &settings, &files)
    }

    /// Publishes the diagnostics of a document's current text, tagged with its version.
    async fn publish(&self, uri: Url) {
        let _order = self.publishing.lock().await;
        let Some(snapshot) = self.documents.snapshot(&uri) else {
            return;
        };
        let encoding = self.documents.encoding();

        let index = LineIndex::new(&snapshot.text);
        let findings = match snapshot.kind {
            Some(kind) => self.findings(&uri, kind, &snapshot.text),
            None => Vec::new(),
        };
        let diagnostics = findings
            .iter()
            .map(|finding| convert::diagnostic(&uri, &index, finding, encoding))
            .collect::<Vec<_>>();

        tracing::debug!(%uri, version = snapshot.version, count = diagnostics.len(), "publish");
        self.client.publish_diagnostics(uri, diagnostics, Some(snapshot.version)).await;
    }
}

#[tower_lsp::async_trait]
impl LanguageServer for Backend {
    async fn initialize(&self, params: InitializeParams) -> Result<InitializeResult> {
        let watch = params.capabilities.workspace.as_ref().and_then(|workspace| {
            workspace.did_change_watched_files.as_ref()?.dynamic_registration
        });
        self.can_watch_files.store(watch == Some(true), Ordering::Relaxed);

        let offered = params.capabilities.general.and_then(|general| general.position_encodings);
        let utf8 = offered.is_some_and(|kinds| kinds.contains(&PositionEncodingKind::UTF8));
        let encoding = if utf8 { Encoding::Utf8 } else { Encoding::Utf16 };
        self.documents.set_encoding(encoding);

        if let Some(options) = &params.initialization_options {
            let (settings, ignored) = config::apply(&self.settings(), options);
            *self.settings() = settings;
            self.report_ignored(ignored).await;
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
                completion_provider: Some(CompletionOptions {
                    trigger_characters: Some(
                        ["=", " ", "?", "&"].iter().map(|c| c.to_string()).collect(),
                    ),
                    ..CompletionOptions::default()
                }),
                document_symbol_provider: Some(OneOf::Left(true)),
                document_formatting_provider: Some(OneOf::Left(true)),
                document_range_formatting_provider: Some(OneOf::Left(true)),
                inlay_hint_provider: Some(OneOf::Left(true)),
                definition_provider: Some(OneOf::Left(true)),
                code_action_provider: Some(CodeActionProviderCapability::Options(
                    CodeActionOptions {
                        code_action_kinds: Some(vec![
                            CodeActionKind::QUICKFIX,
                            CodeActionKind::REFACTOR_REWRITE,
                        ]),
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
        if !self.can_watch_files.load(Ordering::Relaxed) {
            return;
        }

        let options = DidChangeWatchedFilesRegistrationOptions {
            watchers: vec![FileSystemWatcher {
                glob_pattern: GlobPattern::String(WATCHED_FILES.to_string()),
                kind: None,
            }],
        };
        let registration = Registration {
            id: "pgconf-lsp-watched-files".to_string(),
            method: "workspace/didChangeWatchedFiles".to_string(),
            register_options: serde_json::to_value(options).ok(),
        };
        if let Err(error) = self.client.register_capability(vec![registration]).await {
            tracing::warn!(%error, "the client refused the file watcher");
        }
    }

    /// A file changed on disk, outside the editor: the open documents in its folder or a
    /// folder above it may read it (a manifest, an included file, `PG_VERSION`), so they
    /// are published again, each once.
    async fn did_change_watched_files(&self, params: DidChangeWatchedFilesParams) {
        let folder =
            |uri: &Url| uri.to_file_path().ok().and_then(|path| Some(path.parent()?.to_owned()));
        let changed: Vec<_> =
            params.changes.iter().filter_map(|change| folder(&change.uri)).collect();
        for uri in self.documents.uris() {
            let above = folder(&uri)
                .is_some_and(|open| changed.iter().any(|changed| changed.starts_with(&open)));
            if above {
                self.publish(uri).await;
            }
        }
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
        let uri = params.text_document.uri;
        self.publish(uri.clone()).await;
        self.publish_neighbours(&uri).await;
    }

    async fn did_close(&self, params: DidCloseTextDocumentParams) {
        let _order = self.publishing.lock().await;
        self.client.publish_diagnostics(params.text_document.uri, Vec::new(), None).await;
    }

    async fn did_change_configuration(&self, params: DidChangeConfigurationParams) {
        let (settings, ignored) = config::apply(&self.settings(), &params.settings);
        *self.settings() = settings;
        self.report_ignored(ignored).await;
        tracing::info!("configuration changed");

        for uri in self.documents.uris() {
            self.publish(uri).await;
        }
    }

    async fn hover(&self, params: HoverParams) -> Result<Option<Hover>> {
        let uri = params.text_document_position_params.text_document.uri;
        let position = params.text_document_position_params.position;
        let Some((snapshot, kind, encoding)) = self.open_document(&uri, "hover") else {
            return Ok(None);
        };
        let index = LineIndex::new(&snapshot.text);
        let offset = convert::offset(&index, position, encoding);

        let settings = self.settings_for(&uri, kind);
        let hover = match uri.to_file_path() {
            Ok(path) => {
                let files = DiskFiles::with_overlay(self.documents.texts_by_path());
                analysis::hover_file(kind, &path, &snapshot.text, offset, &settings, &files)
            }
            Err(()) => analysis::hover(kind, &snapshot.text, offset, &settings),
        };

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
        let Some((snapshot, kind, encoding)) = self.open_document(&uri, "codeAction") else {
            return Ok(None);
        };
        let index = LineIndex::new(&snapshot.text);
        let wanted = convert::span(&index, params.range, encoding);

        let settings = self.settings_for(&uri, kind);
        let findings = self.findings(&uri, kind, &snapshot.text);

        // With diagnostics in the context, the client asks for their fixes alone, so that
        // a preferred fix is never ambiguous; without, for every fix in the range.
        let asked = &params.context.diagnostics;
        let only = params.context.only.as_deref();
        let wants = |kind: CodeActionKind| {
            only.is_none_or(|only| only.iter().any(|o| kind.as_str().starts_with(o.as_str())))
        };
        let mut actions = Vec::new();
        let quickfix_findings = findings.iter().filter(|_| wants(CodeActionKind::QUICKFIX));
        for finding in quickfix_findings.filter(|finding| overlaps(finding.span, wanted)) {
            let diagnostic = convert::diagnostic(&uri, &index, finding, encoding);
            let named = asked
                .iter()
                .any(|asked| asked.range == diagnostic.range && asked.code == diagnostic.code);
            if !asked.is_empty() && !named {
                continue;
            }
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

        if wants(CodeActionKind::REFACTOR_REWRITE) {
            // A selection that starts before a value (a whole line, say) still asks for it.
            let files = DiskFiles::with_overlay(self.documents.texts_by_path());
            let path = uri.to_file_path().ok();
            let refactors_at = |offset: usize| match &path {
                Some(path) => analysis::refactors_in_file(
                    kind,
                    path,
                    &snapshot.text,
                    offset,
                    &settings,
                    &files,
                ),
                None => analysis::refactors(kind, &snapshot.text, offset, &settings),
            };
            let mut refactors = refactors_at(wanted.start);
            if refactors.is_empty() && wanted.end != wanted.start {
                refactors = refactors_at(wanted.end);
            }
            for fix in &refactors {
                let action = convert::refactor(&uri, &index, fix, encoding);
                actions.push(CodeActionOrCommand::CodeAction(action));
            }
        }
        Ok(Some(actions))
    }

    async fn completion(&self, params: CompletionParams) -> Result<Option<CompletionResponse>> {
        let uri = params.text_document_position.text_document.uri;
        let position = params.text_document_position.position;
        let Some((snapshot, kind, encoding)) = self.open_document(&uri, "completion") else {
            return Ok(None);
        };
        let index = LineIndex::new(&snapshot.text);
        let offset = convert::offset(&index, position, encoding);

        let settings = self.settings_for(&uri, kind);
        let completions = match uri.to_file_path() {
            Ok(path) => {
                let files = DiskFiles::with_overlay(self.documents.texts_by_path());
                let text = &snapshot.text;
                analysis::completions_in_file(kind, &path, text, offset, &settings, &files)
            }
            Err(()) => analysis::completions(kind, &snapshot.text, offset, &settings),
        };

        let items = completions.iter().map(|item| convert::completion(&index, item, encoding));
        Ok(Some(CompletionResponse::Array(items.collect())))
    }

    async fn document_symbol(
        &self,
        params: DocumentSymbolParams,
    ) -> Result<Option<DocumentSymbolResponse>> {
        let uri = params.text_document.uri;
        let Some((snapshot, kind, encoding)) = self.open_document(&uri, "documentSymbol") else {
            return Ok(None);
        };
        let index = LineIndex::new(&snapshot.text);

        let settings = self.settings_for(&uri, kind);
        let symbols = analysis::symbols(kind, &snapshot.text, &settings);

        let symbols = symbols.iter().map(|symbol| convert::symbol(&index, symbol, encoding));
        Ok(Some(DocumentSymbolResponse::Nested(symbols.collect())))
    }

    async fn formatting(&self, params: DocumentFormattingParams) -> Result<Option<Vec<TextEdit>>> {
        Ok(self.format(&params.text_document.uri, None))
    }

    async fn range_formatting(
        &self,
        params: DocumentRangeFormattingParams,
    ) -> Result<Option<Vec<TextEdit>>> {
        Ok(self.format(&params.text_document.uri, Some(params.range)))
    }

    async fn goto_definition(
        &self,
        params: GotoDefinitionParams,
    ) -> Result<Option<GotoDefinitionResponse>> {
        let uri = params.text_document_position_params.text_document.uri;
        let position = params.text_document_position_params.position;
        let Some((snapshot, kind, encoding)) = self.open_document(&uri, "definition") else {
            return Ok(None);
        };
        let Ok(path) = uri.to_file_path() else {
            return Ok(None);
        };
        let index = LineIndex::new(&snapshot.text);
        let offset = convert::offset(&index, position, encoding);

        let files = DiskFiles::with_overlay(self.documents.texts_by_path());
        let link = analysis::definition(kind, &path, &snapshot.text, offset, &files);

        let location = link.and_then(|link| {
            let target = Url::from_file_path(&link.target).ok()?;
            let line = link.target_line.and_then(|line| u32::try_from(line).ok()).unwrap_or(0);
            Some(Location::new(target, Range::new(Position::new(line, 0), Position::new(line, 0))))
        });
        Ok(location.map(GotoDefinitionResponse::Scalar))
    }

    async fn inlay_hint(&self, params: InlayHintParams) -> Result<Option<Vec<InlayHint>>> {
        let uri = params.text_document.uri;
        let Some((snapshot, kind, encoding)) = self.open_document(&uri, "inlayHint") else {
            return Ok(None);
        };
        let index = LineIndex::new(&snapshot.text);
        let wanted = convert::span(&index, params.range, encoding);

        let settings = self.settings_for(&uri, kind);
        let hints = analysis::inlay_hints(kind, &snapshot.text, &settings);

        let hints = hints
            .iter()
            .filter(|hint| wanted.touches(hint.offset))
            .map(|hint| convert::inlay_hint(&index, hint, encoding));
        Ok(Some(hints.collect()))
    }
}

impl Backend {
    /// Formatting edits for the whole document or the lines a range touches.
    fn format(
        &self,
        uri: &Url,
        range: Option<tower_lsp::lsp_types::Range>,
    ) -> Option<Vec<TextEdit>> {
        let (snapshot, kind, encoding) = self.open_document(uri, "formatting")?;
        let index = LineIndex::new(&snapshot.text);
        let range = range.map(|range| convert::span(&index, range, encoding));

        let edits = analysis::format(kind, &snapshot.text, range)?;

        let edits = edits.iter().map(|edit| {
            TextEdit::new(convert::range(&index, edit.span, encoding), edit.new_text.clone())
        });
        Some(edits.collect())
    }
}

/// True when two spans share a byte, or when an empty one touches the other: a cursor
/// at either end of a finding asks for its fixes.
fn overlaps(finding: Span, wanted: Span) -> bool {
    finding.start <= wanted.end && wanted.start <= finding.end
}
