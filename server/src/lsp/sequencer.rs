//! Applies document changes in the exact order the client sent them.
//!
//! tower-lsp may run notification handlers concurrently, so two `didChange` handlers can
//! interleave and apply their edits out of order. It does, however, call its service's
//! `call` synchronously for each message in the order it reads them. This wrapper hooks
//! there: it applies `didOpen`, `didChange` and `didClose` to [`Documents`] inside `call`,
//! before the handler's future exists, and then passes the message on. The handlers only
//! read documents.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::task::{Context, Poll};

use serde::de::DeserializeOwned;
use tokio::sync::Notify;
use tower::Service;
use tower_lsp::jsonrpc::{Request, Response};
use tower_lsp::lsp_types::{
    DidChangeTextDocumentParams, DidCloseTextDocumentParams, DidOpenTextDocumentParams,
};

use crate::kind::FileKind;
use crate::lsp::documents::Documents;

pub struct Sequenced<S> {
    inner: S,
    documents: Documents,
    lifecycle: Lifecycle,
}

/// Whether the client has asked for `shutdown` and sent `exit`, seen in message order.
#[derive(Clone, Default)]
pub struct Lifecycle {
    shut_down: Arc<AtomicBool>,
    exit: Arc<Notify>,
}

impl Lifecycle {
    pub fn was_shut_down(&self) -> bool {
        self.shut_down.load(Ordering::SeqCst)
    }

    /// Completes once the client has sent `exit`.
    pub async fn exited(&self) {
        self.exit.notified().await;
    }
}

impl<S> Sequenced<S> {
    pub fn new(inner: S, documents: Documents, lifecycle: Lifecycle) -> Sequenced<S> {
        Sequenced { inner, documents, lifecycle }
    }

    fn apply(&self, request: &Request) {
        match request.method() {
            "shutdown" => self.lifecycle.shut_down.store(true, Ordering::SeqCst),
            // `notify_one` keeps the permit if nobody waits yet, so the exit is not lost.
            "exit" => self.lifecycle.exit.notify_one(),
            "textDocument/didOpen" => {
                if let Some(params) = params::<DidOpenTextDocumentParams>(request) {
                    let document = params.text_document;
                    let kind = document_kind(&document.language_id, &document.uri);
                    tracing::debug!(uri = %document.uri, version = document.version, "open");
                    self.documents.open(document.uri, kind, document.version, &document.text);
                }
            }
            "textDocument/didChange" => {
                if let Some(params) = params::<DidChangeTextDocumentParams>(request) {
                    let document = params.text_document;
                    let changes = &params.content_changes;
                    if !self.documents.change(&document.uri, document.version, changes) {
                        tracing::warn!(uri = %document.uri, "change to a document not open");
                    }
                }
            }
            "textDocument/didClose" => {
                if let Some(params) = params::<DidCloseTextDocumentParams>(request) {
                    self.documents.close(&params.text_document.uri);
                }
            }
            _ => {}
        }
    }
}

impl<S> Service<Request> for Sequenced<S>
where
    S: Service<Request, Response = Option<Response>>,
{
    type Response = S::Response;
    type Error = S::Error;
    type Future = S::Future;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), Self::Error>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, request: Request) -> Self::Future {
        self.apply(&request);
        self.inner.call(request)
    }
}

fn params<T: DeserializeOwned>(request: &Request) -> Option<T> {
    let params = request.params()?.clone();
    match serde_json::from_value(params) {
        Ok(params) => Some(params),
        Err(error) => {
            // serde's message can quote the offending value, a document's text say, so
            // only its category is logged.
            let category = format!("{:?}", error.classify());
            tracing::warn!(method = request.method(), category, "malformed params");
            None
        }
    }
}

/// The client's language id wins when it names one of our kinds; otherwise the file
/// name decides. The general formats' ids lose to a name that says more: editors give
/// `.env` files the shell's language id (Neovim's `sh`), and a `.env` is read as one.
pub fn document_kind(language_id: &str, uri: &tower_lsp::lsp_types::Url) -> Option<FileKind> {
    let by_name = || {
        let path = uri.to_file_path().ok().or_else(|| Some(uri.path().into()))?;
        FileKind::from_path(&path)
    };
    match FileKind::from_language_id(language_id) {
        Some(kind) if kind.is_embedding() => match by_name() {
            Some(named) if !named.is_embedding() => Some(named),
            _ => Some(kind),
        },
        Some(kind) => Some(kind),
        None => by_name(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn language_ids_and_names_pick_the_kind() {
        let cases = [
            ("sh", "file:///app/.env"),
            ("sh", "file:///app/deploy.sh"),
            ("shellscript", "file:///app/run"),
            ("yaml", "file:///app/docker-compose.yml"),
            ("jsonc", "file:///app/appsettings.json"),
            ("json", "file:///app/pgbouncer.ini"),
            ("plaintext", "file:///app/application.properties"),
            ("pghba", "file:///app/hba.txt"),
        ];
        let kinds: Vec<String> = cases
            .iter()
            .map(|(id, uri)| {
                let uri = tower_lsp::lsp_types::Url::parse(uri).expect("a URI");
                let kind = document_kind(id, &uri).map_or("-", FileKind::name);
                format!("{id} {uri}: {kind}")
            })
            .collect();
        expect_test::expect![[r#"
            sh file:///app/.env: dotenv
            sh file:///app/deploy.sh: shell
            shellscript file:///app/run: shell
            yaml file:///app/docker-compose.yml: yaml
            jsonc file:///app/appsettings.json: json
            json file:///app/pgbouncer.ini: pgbouncer
            plaintext file:///app/application.properties: properties
            pghba file:///app/hba.txt: pghba"#]]
        .assert_eq(&kinds.join("\n"));
    }
}
