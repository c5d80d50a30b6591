//! End-to-end tests that drive the built `pgconf-lsp` binary: over stdio as an editor
//! does, and as `check` on files.

mod check;
mod client;
mod lsp;
mod stock;
