//! Knowledge: hba.
