//! The `pgconf-lsp` binary: serves LSP over stdio, or runs `check`.

fn main() {}
