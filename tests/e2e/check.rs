//! `pgconf-lsp check` on files, folders and standard input.
