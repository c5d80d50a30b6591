//! What the vacuum, autovacuum and freezing parameters are for, in our own words.
//!
//! Vacuum removes dead row versions and freezes old transaction ids; when it falls behind,
//! tables bloat and, at worst, the server stops accepting writes to avoid id wraparound.

/// Our explanation of a vacuum parameter, by its lower-case name.
pub(super) fn summary(lower: &str) -> Option<&'static str> {
    let text = match lower {
        // Autovacuum.
        "autovacuum" => {
            "Whether the autovacuum launcher starts workers that vacuum and analyze tables on \
             their own. Leave it on: without it dead rows pile up, statistics go stale, and the \
             anti-wraparound vacuums that are still forced find far more work waiting."
        }
        "autovacuum_max_workers" => {
            "How many autovacuum workers may run at the same time across all databases. More \
             workers help clusters with many busy tables, but they share one cost budget, so \
             each of them then runs slower."
        }
        "autovacuum_worker_slots" => {
            "How many process slots are set aside for autovacuum workers at server start; \
             autovacuum_max_workers can then be raised with a reload up to this number."
        }
        "autovacuum_naptime" => {
            "How long the launcher waits between autovacuum rounds of one database. Shorter \
             values notice busy tables sooner; with many databases a worker is started every \
             naptime divided by their number."
        }
        "autovacuum_vacuum_threshold" => {
            "The fixed part of the number of updated or deleted rows that makes autovacuum \
             vacuum a table; the scale factor times the table's row count is added to it."
        }
        "autovacuum_vacuum_scale_factor" => {
            "The fraction of a table's rows that must be dead (on top of the threshold) before \
             autovacuum vacuums it. On very large tables the default lets millions of dead rows \
             build up; lower it per table with ALTER TABLE ... SET."
        }
        "autovacuum_vacuum_max_threshold" => {
            "A cap on the number of dead rows that triggers a vacuum, however large the table, \
             so the scale factor cannot postpone vacuuming of huge tables indefinitely; -1 \
             removes the cap."
        }
        "autovacuum_vacuum_insert_threshold" => {
            "The fixed part of the number of inserted rows that makes autovacuum vacuum a \
             table, so that insert-only tables get their pages frozen and marked all-visible; \
             -1 turns insert-triggered vacuums off."
        }
        "autovacuum_vacuum_insert_scale_factor" => {
            "The fraction of a table (of all its rows, or from PostgreSQL 18 of its unfrozen \
             part) that must be newly inserted, on top of the insert threshold, before \
             autovacuum vacuums it."
        }
        "autovacuum_analyze_threshold" => {
            "The fixed part of the number of changed rows that makes autovacuum re-analyze a \
             table; the analyze scale factor times the row count is added to it."
        }
        "autovacuum_analyze_scale_factor" => {
            "The fraction of a table's rows that must change before autovacuum refreshes its \
             planner statistics. Large tables whose recent rows matter to queries often need a \
             lower value per table."
        }
        "autovacuum_freeze_max_age" => {
            "How old a table's oldest unfrozen transaction id may get before an aggressive \
             anti-wraparound vacuum is forced on it, even with autovacuum off. Raising it \
             delays that work but leaves less margin before the server must stop writes."
        }
        "autovacuum_multixact_freeze_max_age" => {
            "How old a table's oldest multixact id (the ids of row locks shared by several \
             transactions) may get before an anti-wraparound vacuum is forced on it."
        }
        "autovacuum_vacuum_cost_delay" => {
            "How long an autovacuum worker sleeps each time it has used up its cost budget; -1 \
             takes vacuum_cost_delay. Lower values let autovacuum keep up with busy tables at \
             the cost of more I/O."
        }
        "autovacuum_vacuum_cost_limit" => {
            "The cost budget autovacuum workers spend before sleeping, shared among all running \
             workers; -1 takes vacuum_cost_limit. Raise it when autovacuum cannot keep up on \
             fast storage."
        }
        // Cost-based delay of manual VACUUM and ANALYZE.
        "vacuum_cost_delay" => {
            "How long a manual VACUUM or ANALYZE sleeps each time it has used up its cost \
             budget; 0 runs it at full speed, which can crowd out normal \
             queries' I/O."
        }
        "vacuum_cost_limit" => {
            "The cost budget vacuum spends before it sleeps for the cost delay; higher values \
             make throttled vacuums finish sooner."
        }
        "vacuum_cost_page_hit" => {
            "What vacuum adds to its cost counter when a page it needs is already in shared \
             memory; cheap, since no read is needed."
        }
        "vacuum_cost_page_miss" => {
            "What vacuum adds to its cost counter when a page has to be read in from the OS \
             cache or the disk."
        }
        "vacuum_cost_page_dirty" => {
            "What vacuum adds to its cost counter when it modifies a clean page, which will \
             later cost a write."
        }
        // Freezing.
        "vacuum_freeze_min_age" => {
            "How old a row's transaction id must be before vacuum freezes it. Lower values \
             freeze sooner and save later aggressive vacuums, but waste work on rows that are \
             about to change again."
        }
        "vacuum_freeze_table_age" => {
            "Once a table's oldest unfrozen transaction id is this old, vacuum scans every page \
             not yet known to be frozen instead of skipping all-visible ones, to push the \
             table's frozen horizon forward."
        }
        "vacuum_multixact_freeze_min_age" => {
            "How old a multixact id in a row must be before vacuum replaces it, so that the \
             multixact storage can later be truncated."
        }
        "vacuum_multixact_freeze_table_age" => {
            "Once a table's oldest multixact id is this old, vacuum scans every page not yet \
             known to be frozen, to advance the table's multixact horizon."
        }
        "vacuum_failsafe_age" => {
            "When a table's oldest transaction id gets this close to wraparound, vacuum drops \
             everything optional (index cleanup, cost delays) to finish freezing as fast as it \
             can. It is a last line of defence, not a tuning knob."
        }
        "vacuum_multixact_failsafe_age" => {
            "The multixact counterpart of vacuum_failsafe_age: past this multixact age vacuum \
             skips optional work to finish freezing before multixact ids wrap around."
        }
        "vacuum_max_eager_freeze_failure_rate" => {
            "How much a normal vacuum may scan of a table's all-visible but unfrozen pages \
             ahead of time, measured as the share of them it may fail to freeze before giving \
             up; 0 disables this eager freezing."
        }
        // Other vacuum behaviour.
        "vacuum_truncate" => {
            "Whether vacuum gives empty pages at the end of a table back to the file system. \
             That needs an ACCESS EXCLUSIVE lock that briefly blocks all queries on the table \
             and replays on standbys, so some turn it off for hot tables."
        }
        "vacuum_buffer_usage_limit" => {
            "The size of the small ring of shared buffers VACUUM, ANALYZE and autovacuum reuse, so \
             that they do not push the working set out of the cache; 0 lets them use all of \
             shared_buffers, which speeds up an urgent vacuum. On large servers a ring of a few \
             hundred MB often makes vacuum faster, since a tiny ring keeps it waiting on WAL \
             flushes before it can reuse a buffer."
        }
        "old_snapshot_threshold" => {
            "Lets vacuum remove rows that snapshots older than this still need; a query that \
             then touches a changed page fails with a snapshot-too-old error. -1 keeps it off; \
             it was removed in PostgreSQL 17."
        }
        _ => return None,
    };
    Some(text)
}
