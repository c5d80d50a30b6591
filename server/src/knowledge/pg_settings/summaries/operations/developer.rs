//! What the developer options are for, in our own words.
//!
//! These exist to debug and test PostgreSQL itself; most of them make the server slower,
//! less safe or both, and none belongs in a production postgresql.conf.

/// Our explanation of a developer option, by its lower-case name.
pub(super) fn summary(lower: &str) -> Option<&'static str> {
    unsafe_recovery(lower).or_else(|| testing(lower)).or_else(|| tracing(lower))
}

/// Options that trade data safety for getting past damage or for changing the catalogs.
fn unsafe_recovery(lower: &str) -> Option<&'static str> {
    let text = match lower {
        "zero_damaged_pages" => {
            "Whether a page with a damaged header is replaced by zeros instead of raising an \
             error. The rows on it are lost for good; use it only on a copy of a damaged \
             cluster, to rescue what is left."
        }
        "ignore_checksum_failure" => {
            "Whether a data checksum mismatch is only warned about instead of failing the \
             read. Reading corrupt pages this way can spread the damage; use it only to \
             salvage data."
        }
        "ignore_invalid_pages" => {
            "Whether recovery keeps going when WAL refers to pages that do not exist, instead \
             of stopping. The result may be silently corrupt; only for getting a broken \
             cluster up to copy data out."
        }
        "allow_system_table_mods" => {
            "Whether superusers may change the structure of system catalogs. A mistake can \
             damage the whole cluster beyond repair; leave it off."
        }
        "ignore_system_indexes" => {
            "Whether catalog lookups skip the system indexes (while still updating them), a \
             way to get into a database whose catalog indexes are corrupt so that they can be \
             reindexed."
        }
        "allow_in_place_tablespaces" => {
            "Whether CREATE TABLESPACE with an empty location makes a directory inside \
             pg_tblspc instead of a link, which the regression tests use; backups and \
             standbys may not handle such tablespaces well."
        }
        "remove_temp_files_after_crash" => {
            "Whether temporary files left by crashed sessions are deleted when the server \
             reinitializes after the crash. Keep it on, or they may fill the disk over time; \
             off is for inspecting them."
        }
        _ => return None,
    };
    Some(text)
}

/// Options that force unusual code paths so that they get tested.
fn testing(lower: &str) -> Option<&'static str> {
    let text = match lower {
        "debug_parallel_query" => {
            "Forces queries to run through parallel workers even when that is slower, to test \
             parallel query; `regress` also hides the effects from EXPLAIN output. It never \
             makes queries faster."
        }
        "force_parallel_mode" => {
            "The old name of debug_parallel_query (renamed in PostgreSQL 16): forces parallel \
             execution to test it, never to speed anything up."
        }
        "debug_discard_caches" => {
            "How aggressively system caches are thrown away, to expose bugs around stale \
             cache entries; it makes everything extremely slow and works only in builds made \
             with cache-discarding support."
        }
        "debug_io_direct" => {
            "Opens data files, WAL or both with direct I/O, bypassing the kernel's cache, to \
             test future direct I/O support. It makes performance much worse today; leave it \
             empty."
        }
        "debug_logical_replication_streaming" => {
            "`immediate` makes logical decoding stream or spill each change of a large \
             transaction at once, and a subscriber's leader apply worker hand changes to \
             parallel workers through files, so tests can reach those paths."
        }
        "wal_consistency_checking" => {
            "Which kinds of WAL records (or `all`) carry a full page image that replay then \
             compares with its own result, to find bugs in WAL replay; it makes WAL much \
             larger."
        }
        "jit_expressions" => {
            "Whether JIT compilation, when the planner chooses it, compiles expressions; a \
             switch for testing each JIT feature alone."
        }
        "jit_tuple_deforming" => {
            "Whether JIT compilation, when the planner chooses it, compiles the extraction of \
             columns from rows; a switch for testing each JIT feature alone."
        }
        "jit_debugging_support" => {
            "Whether JIT-compiled functions are registered with debuggers such as GDB, so they \
             show in stack traces."
        }
        "jit_profiling_support" => {
            "Whether the server emits the symbol data that lets the Linux perf tool name \
             JIT-compiled code in its reports, instead of showing bare addresses."
        }
        "jit_dump_bitcode" => {
            "Whether the LLVM bitcode generated by JIT is written to files in the data \
             directory, for inspecting the compiler's output; the files pile up."
        }
        "pre_auth_delay" => {
            "Makes each new backend wait this long before authentication, so a debugger can \
             be attached to it first."
        }
        "post_auth_delay" => {
            "Makes each new backend wait this long after authentication, so a debugger can be \
             attached to it first."
        }
        "send_abort_for_crash" => {
            "Whether the postmaster stops the other processes with SIGABRT after one crashed, \
             so each leaves a core dump to study; the dumps can fill the disk."
        }
        "send_abort_for_kill" => {
            "Whether the postmaster uses SIGABRT instead of SIGKILL on processes that do not \
             exit when asked, so each leaves a core dump to study."
        }
        _ => return None,
    };
    Some(text)
}

/// Options that write internal events to the log.
fn tracing(lower: &str) -> Option<&'static str> {
    let text = match lower {
        "backtrace_functions" => {
            "C function names of the server whose errors get a stack trace in the log, for \
             finding where an error comes from; the trace depends on platform support."
        }
        "trace_notify" => {
            "Reports internal detail on every LISTEN, UNLISTEN and NOTIFY, to debug the \
             notification queue; the messages are at DEBUG1, so they show only when \
             log_min_messages or client_min_messages is that verbose."
        }
        "trace_sort" => {
            "Logs how each sort uses memory and temporary files, to understand slow sorts."
        }
        "trace_recovery_messages" => {
            "Lets recovery's debug messages reach the log at LOG level without making the rest \
             of the server verbose (removed in PostgreSQL 17)."
        }
        "trace_connection_negotiation" => {
            "Logs the SSL and GSSAPI negotiation steps at the start of each connection, to \
             debug clients that fail before authentication."
        }
        _ => return None,
    };
    Some(text)
}
