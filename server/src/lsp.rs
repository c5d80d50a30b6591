//! The language server adapter: the only module that knows LSP types.
//!
//! `sequencer` applies document changes in the order the client sent them, `documents`
//! holds the texts, `convert` maps between our byte spans and LSP positions, `config`
//! reads the editor's settings, and `backend` answers the requests by calling
//! [`crate::analysis`].

use std::process::ExitCode;

use tower_lsp::{LspService, Server};
use tracing_subscriber::EnvFilter;

mod backend;
mod config;
mod convert;
mod documents;
mod framing;
mod sequencer;

pub use documents::Documents;
pub use sequencer::Lifecycle;

/// Serves LSP on stdin and stdout until the client exits.
pub fn serve_stdio() -> ExitCode {
    init_logging();

    let runtime = match tokio::runtime::Builder::new_multi_thread().enable_all().build() {
        Ok(runtime) => runtime,
        Err(error) => {
            tracing::error!(%error, "cannot start the async runtime");
            return ExitCode::FAILURE;
        }
    };
    let code = runtime.block_on(async {
        let documents = Documents::default();
        let lifecycle = Lifecycle::default();
        let (service, socket) =
            LspService::new(|client| backend::Backend::new(client, documents.clone()));
        let service = sequencer::Sequenced::new(service, documents, lifecycle.clone());
        let stdin = framing::sanitized(tokio::io::stdin());
        let server = Server::new(stdin, tokio::io::stdout(), socket).serve(service);

        // tower-lsp itself only stops when stdin closes; the `exit` notification must end
        // the process at once, with status 0 only if `shutdown` came first.
        tokio::select! {
            () = server => {}
            () = lifecycle.exited() => {}
        }
        if lifecycle.was_shut_down() {
            ExitCode::SUCCESS
        } else {
            ExitCode::FAILURE
        }
    });

    // The blocking thread that reads stdin may be stuck in a read; do not wait for it.
    runtime.shutdown_background();
    code
}

/// Logs to stderr (stdout carries the protocol), at the level `RUST_LOG` asks for.
///
/// tower-lsp's codec logs every message it reads or writes at trace level, document text
/// included, which would put passwords in the log; that one target is always off.
fn init_logging() {
    let filter = EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| EnvFilter::new("info"))
        .add_directive("tower_lsp::codec=off".parse().expect("a valid directive"));
    tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .with_ansi(false)
        .init();
}
