//! The `pgconf-lsp` binary: serves LSP over stdio, or runs `check`.

use std::process::ExitCode;

use clap::Parser;
use pgconf_lsp::cli::{self, Cli};

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Some(cli::Command::Check(args)) => cli::check::run(&args),
        None => pgconf_lsp::lsp::serve_stdio(),
    }
}
