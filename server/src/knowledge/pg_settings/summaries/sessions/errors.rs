//! Error handling: what the server does after an error, a crashed process or a failed
//! flush of data to disk.

/// Our explanation of an error-handling setting, by its lower-case name.
pub(super) fn summary(lower: &str) -> Option<&'static str> {
    let text = match lower {
        "exit_on_error" => {
            "Turns every error into the end of the session, instead of only rolling back the \
             current transaction."
        }
        "restart_after_crash" => {
            "Whether the server reinitializes itself automatically after one of its processes \
             crashes. Turn it off when a cluster manager should decide what happens next, such \
             as failing over instead of restarting in place."
        }
        "data_sync_retry" => {
            "With `off`, a failed flush of a data file to disk makes the server panic and \
             recover from the WAL, because the kernel may already have thrown the unwritten \
             data away. `on` retries instead and can lose writes silently; keep `off`."
        }
        "recovery_init_sync_method" => {
            "How the data directory is flushed before crash recovery: `fsync` opens and flushes \
             every file, slow with very many files; `syncfs` (Linux) flushes each file system \
             at once, which is faster but also flushes unrelated files on it."
        }
        _ => return None,
    };
    Some(text)
}
