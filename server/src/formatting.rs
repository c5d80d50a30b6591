//! Formatting: edits that lay a file out as its stock sample does, never changing what it
//! means. Only pg_hba.conf has a layout worth enforcing so far.

pub mod pghba;
