//! What the debug-output, lock-failure logging and process-title parameters are for, in
//! our own words.

/// Our explanation of a logging parameter, by its lower-case name.
pub(super) fn summary(lower: &str) -> Option<&'static str> {
    let text = match lower {
        "application_name" => {
            "A label for the session, normally sent by the client, shown in pg_stat_activity \
             and in logs through `%a`. Set it in each application's connection string, so \
             that slow queries and held locks can be traced back to their source."
        }
        "cluster_name" => {
            "A name for this server, shown in the title of its processes so that several instances \
             on one host can be told apart; a standby also uses it as its application_name when \
             primary_conninfo sets none. Set a distinct one on every instance, so that process \
             lists and the primary's view of its standbys stay readable."
        }
        "update_process_title" => {
            "Whether each server process rewrites its title (as seen in ps or top) with its \
             current activity. It is handy for troubleshooting at a small cost; leave it on unless \
             measurements on your platform show that cost matters."
        }
        "debug_print_parse" => {
            "Writes the parse tree of each query to the log at LOG level, for debugging the server \
             itself. Never leave it on in production: it multiplies log volume, can fill the disk, \
             and writes the query's constants, secrets included."
        }
        "debug_print_rewritten" => {
            "Writes each query tree after rule and view rewriting to the log at LOG level, for \
             debugging the server itself. Never leave it on in production: it multiplies log \
             volume, can fill the disk, and writes the query's constants, secrets included."
        }
        "debug_print_plan" => {
            "Writes the internal plan tree of each query to the log at LOG level, for debugging \
             the server itself; EXPLAIN is what users want. Never leave it on in production: it \
             multiplies log volume, can fill the disk, and writes the query's constants, secrets \
             included."
        }
        "debug_pretty_print" => {
            "Whether the trees written by the debug_print_* settings are indented over many lines, \
             which is easier to read but longer. It matters only while one of those is on, which \
             in production should be never."
        }
        "log_lock_failures" => {
            "Logs which sessions hold or wait for a lock when a request with NOWAIT fails to get \
             it, to find out what an application keeps colliding with. Turn it on while \
             investigating such failures; a job queue that relies on NOWAIT by design can make it \
             noisy."
        }
        _ => return None,
    };
    Some(text)
}
