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
            "Shared memory caching commit timestamps (pg_commit_ts) when \
             track_commit_timestamp is on; 0 sizes it from shared_buffers."
        }
        "multixact_offset_buffers" => {
            "Shared memory caching where each multixact's members are stored \
             (pg_multixact/offsets); raise it when many rows are locked by several \
             transactions at once, for example through foreign keys."
        }
        "multixact_member_buffers" => {
            "Shared memory caching the member transactions of multixacts \
             (pg_multixact/members), used when several transactions lock the same rows."
        }
        "notify_buffers" => "Shared memory caching the LISTEN/NOTIFY message queue (pg_notify).",
        "serializable_buffers" => {
            "Shared memory caching the conflict data of SERIALIZABLE transactions (pg_serial)."
        }
        _ => return None,
    };
    Some(text)
}
