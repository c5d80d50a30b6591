//! What the activity-tracking and cumulative statistics parameters are for, in our own words.

/// Our explanation of a statistics parameter, by its lower-case name.
pub(super) fn summary(lower: &str) -> Option<&'static str> {
    let text = match lower {
        "track_activities" => {
            "Whether each session publishes its current query and state in pg_stat_activity. \
             Turning it off blinds monitoring and troubleshooting of stuck queries."
        }
        "track_activity_query_size" => {
            "How many bytes of each session's current query text are kept for \
             pg_stat_activity; longer queries are cut off. Raise it for ORMs that send long \
             statements."
        }
        "track_counts" => {
            "Whether table and index access is counted. Autovacuum decides what to vacuum \
             from these counts, so turning it off silently stops routine autovacuuming."
        }
        "track_functions" => {
            "Whether calls and run times of functions are counted in pg_stat_user_functions: \
             `pl` covers functions in procedural languages such as PL/pgSQL, `all` adds SQL and \
             C functions."
        }
        "track_io_timing" => {
            "Whether the time of each block read and write is measured, for pg_stat_database, \
             EXPLAIN (BUFFERS) and, in newer releases, pg_stat_io. It costs a clock call per \
             I/O; pg_test_timing shows whether the clock is cheap enough on this machine."
        }
        "track_wal_io_timing" => {
            "Whether the time spent writing and syncing WAL is measured for the WAL \
             statistics views; like track_io_timing it costs clock calls."
        }
        "track_cost_delay_timing" => {
            "Whether the time vacuum and analyze spend sleeping for cost-based delay is \
             measured, shown in their progress views and VERBOSE output; it costs clock calls."
        }
        "stats_fetch_consistency" => {
            "How statistics read within one transaction relate to each other: `none` rereads \
             each value, `cache` keeps values once read, `snapshot` freezes all of them on \
             first access, at the cost of memory."
        }
        "stats_temp_directory" => {
            "Where the statistics collector kept its temporary files, often a RAM disk \
             (removed in PostgreSQL 15, where statistics moved to shared memory)."
        }
        "compute_query_id" => {
            "Whether the server computes an identifier for each normalized query, which \
             pg_stat_statements, pg_stat_activity, EXPLAIN VERBOSE and the `%Q` log prefix \
             use; `auto` computes it only when a module such as pg_stat_statements asks."
        }
        "log_statement_stats" => {
            "Writes operating-system resource usage (CPU time, I/O, memory) of each whole \
             statement to the log; for profiling, not production. It cannot be on together \
             with the per-stage switches."
        }
        "log_parser_stats" => {
            "Writes the resource usage of the parse stage of each statement to the log; for \
             profiling only."
        }
        "log_planner_stats" => {
            "Writes the resource usage of the planning stage of each statement to the log; \
             for profiling only."
        }
        "log_executor_stats" => {
            "Writes the resource usage of the execution stage of each statement to the log; \
             for profiling only."
        }
        _ => return None,
    };
    Some(text)
}
