//! The command line: `pgconf-lsp check`.
