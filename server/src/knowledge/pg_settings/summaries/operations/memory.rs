//! What the parameters sizing the small caches of transaction status (the SLRU buffers)
//! are for, in our own words.

/// Our explanation of an SLRU cache parameter, by its lower-case name.
pub(super) fn summary(lower: &str) -> Option<&'static str> {
    let text = match lower {
        "transaction_buffers" => {
            "Shared memory caching the commit status of transactions (pg_xact); 0 sizes it \
             from shared_buffers. Workloads that check many old rows can gain from more."
        }
        "subtransaction_buffers" => {
            "Shared memory caching which subtransaction belongs to which parent (pg_subtrans); \
             0 sizes it from shared_buffers. Heavy use of SAVEPOINT or exception blocks with \
             long transactions can thrash it."
        }
        "commit_timestamp_buffers" => {
            "Shared memory caching commit timestamps (pg_commit_ts) when track_commit_timestamp is \
             on; 0 sizes it from shared_buffers. Raise it only when that tracking is on and \
             pg_stat_slru shows many reads (cache misses) for it."
        }
        "multixact_offset_buffers" => {
            "Shared memory caching where each multixact's members are stored \
             (pg_multixact/offsets). Raise it when many rows are locked by several transactions at \
             once, for example through foreign keys, and pg_stat_slru shows many reads for it."
        }
        "multixact_member_buffers" => {
            "Shared memory caching the member transactions of multixacts (pg_multixact/members), \
             used when several transactions lock the same rows. Raise it together with \
             multixact_offset_buffers when pg_stat_slru shows many reads for them."
        }
        "notify_buffers" => {
            "Shared memory caching the LISTEN/NOTIFY message queue (pg_notify). Raise it when \
             many notifications are in flight and pg_stat_slru shows reads for it; a \
             listening session that stays in an open transaction keeps the queue from \
             emptying until NOTIFY fails, which no cache size fixes."
        }
        "serializable_buffers" => {
            "Shared memory caching the conflict data of SERIALIZABLE transactions (pg_serial). It \
             matters only for workloads using SERIALIZABLE with long transactions; raise it when \
             pg_stat_slru shows many reads for it."
        }
        _ => return None,
    };
    Some(text)
}
