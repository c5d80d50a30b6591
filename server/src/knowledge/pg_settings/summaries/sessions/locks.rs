//! Lock management: deadlock detection and the sizes of the shared tables that hold
//! ordinary and predicate (SERIALIZABLE) locks.

/// Our explanation of a lock-management setting, by its lower-case name.
pub(super) fn summary(lower: &str) -> Option<&'static str> {
    let text = match lower {
        "deadlock_timeout" => {
            "How long a session waits on a lock before it checks for a deadlock. The check is \
             costly, so keep this above a typical lock wait; it is also the wait after which \
             log_lock_waits writes a log line."
        }
        "max_locks_per_transaction" => {
            "Sizes the shared lock table, which holds about this many locks per connection \
             slot, shared by all sessions. Transactions that touch many tables or partitions, \
             or pg_dump of a large schema, need more; standbys need at least the primary's \
             value."
        }
        "max_pred_locks_per_transaction" => {
            "Sizes the shared table of predicate locks that SERIALIZABLE transactions take, \
             about this many per connection slot. Raise it when serializable workloads fail \
             for lack of shared memory."
        }
        "max_pred_locks_per_page" => {
            "When a serializable transaction has locked more than this many rows of one page, \
             they are merged into one lock on the page: less memory, but more transactions \
             fail with false serialization conflicts."
        }
        "max_pred_locks_per_relation" => {
            "When a serializable transaction holds more than this many page and row predicate \
             locks in one table, they are merged into one lock on the table. A negative value \
             -n means max_pred_locks_per_transaction divided by n."
        }
        _ => return None,
    };
    Some(text)
}
