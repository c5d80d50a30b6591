//! What the replication parameters (primary, sending server, standby, subscriber) are for,
//! in our own words.

/// Our explanation of a replication parameter, by its lower-case name.
pub(super) fn summary(lower: &str) -> Option<&'static str> {
    primary(lower).or_else(|| standby(lower)).or_else(|| subscriber(lower))
}

/// Parameters of the server that sends WAL.
fn primary(lower: &str) -> Option<&'static str> {
    let text = match lower {
        "synchronous_standby_names" => {
            "Which standbys (by their application_name) must confirm a commit before it \
             returns, written as `FIRST n (a, b)` or `ANY n (a, b)`; empty means asynchronous \
             replication. If too few of the named standbys are connected, commits wait \
             forever."
        }
        "synchronized_standby_slots" => {
            "Physical replication slots whose standbys must have received WAL before logical \
             walsenders pass it on, so logical subscribers never get ahead of a standby that \
             may be promoted. A listed slot that goes missing or inactive holds up logical \
             replication."
        }
        "vacuum_defer_cleanup_age" => {
            "How many transactions vacuum holds back cleanup of dead rows, an old way to \
             spare standby queries from cancellation (removed in PostgreSQL 16); \
             hot_standby_feedback or a replication slot does it better."
        }
        "track_commit_timestamp" => {
            "Whether the commit time of each transaction is recorded, so that \
             pg_xact_commit_timestamp() and conflict handling in logical replication can use \
             it; it costs a little space and write work."
        }
        "wal_sender_timeout" => {
            "How long a WAL sender waits for a sign of life from its standby or subscriber \
             before dropping the connection, so dead peers are noticed; 0 never gives up."
        }
        "idle_replication_slot_timeout" => {
            "Invalidates replication slots that no one has used for longer than this, checked \
             at checkpoints, so an abandoned slot cannot hold WAL and old rows forever; 0 \
             keeps them. Slots being synced to a standby are not affected."
        }
        _ => return None,
    };
    Some(text)
}

/// Parameters of a standby server that receives and replays WAL.
fn standby(lower: &str) -> Option<&'static str> {
    let text = match lower {
        "hot_standby" => {
            "Whether a standby in recovery accepts read-only queries; with it off, the standby \
             refuses all connections until it is promoted."
        }
        "hot_standby_feedback" => {
            "Whether a standby tells its primary which old rows its queries still need. It \
             stops query cancellations on the standby, but long standby queries then keep \
             vacuum on the primary from cleaning up, which bloats tables there."
        }
        "max_standby_archive_delay" => {
            "How long replay of WAL read from the archive may wait for standby queries that \
             conflict with it before those queries are cancelled; -1 waits forever, letting \
             the standby fall behind."
        }
        "max_standby_streaming_delay" => {
            "How long replay of streamed WAL may wait for standby queries that conflict with \
             it before those queries are cancelled; -1 waits forever, letting the standby fall \
             behind."
        }
        "primary_conninfo" => {
            "The libpq connection string a standby uses to stream WAL from its primary. A \
             password written here sits in plain text in the configuration; prefer a password \
             file, and set sslmode=verify-full when the link crosses a network."
        }
        "primary_slot_name" => {
            "The replication slot a standby uses on its primary, so the primary keeps the WAL \
             the standby still needs. Without a slot, a standby that falls behind can find \
             its WAL already removed."
        }
        "promote_trigger_file" => {
            "A file whose appearance makes a standby promote itself (removed in PostgreSQL \
             16); use pg_ctl promote or pg_promote() instead."
        }
        "recovery_min_apply_delay" => {
            "Keeps a standby this far behind its primary on purpose, so a mistaken DROP or \
             DELETE can be caught before it is replayed. With synchronous_commit set to \
             remote_apply, commits wait for the delay too."
        }
        "sync_replication_slots" => {
            "Whether a physical standby keeps copies of the primary's failover logical slots, \
             so logical subscribers can continue after the standby is promoted. It needs \
             primary_slot_name, hot_standby_feedback and a dbname in primary_conninfo."
        }
        "wal_receiver_create_temp_slot" => {
            "Whether a standby without primary_slot_name creates a temporary slot on the \
             primary, which keeps needed WAL only while the connection lasts."
        }
        "wal_receiver_status_interval" => {
            "How often a standby reports its write, flush and replay positions to the primary, \
             which feed pg_stat_replication and synchronous commit; 0 sends no periodic \
             reports."
        }
        "wal_receiver_timeout" => {
            "How long a standby waits for data or a sign of life from the primary before \
             dropping the replication connection and reconnecting; 0 never gives up."
        }
        "wal_retrieve_retry_interval" => {
            "How long a standby waits before trying again when no WAL is available from \
             streaming, the archive or pg_wal; also the pause between restarts of logical \
             replication workers."
        }
        _ => return None,
    };
    Some(text)
}

/// Parameters of a logical replication subscriber.
fn subscriber(lower: &str) -> Option<&'static str> {
    let text = match lower {
        "max_logical_replication_workers" => {
            "How many logical replication workers (apply, table sync and parallel apply) may \
             run at once; they come out of the max_worker_processes pool."
        }
        "max_sync_workers_per_subscription" => {
            "How many tables of one subscription may copy their initial data at the same time; \
             more speeds up the first sync but loads the publisher."
        }
        "max_parallel_apply_workers_per_subscription" => {
            "How many workers may apply large in-progress transactions of one subscription in \
             parallel, for subscriptions created with streaming = parallel."
        }
        "max_active_replication_origins" => {
            "How many replication origins (the progress markers of subscriptions and other \
             logical replication consumers) can be tracked at once; each subscription needs \
             one, plus one per table being synced."
        }
        _ => return None,
    };
    Some(text)
}
