//! What the background worker and parallel query parameters are for, in our own words.

/// Our explanation of a worker parameter, by its lower-case name.
pub(super) fn summary(lower: &str) -> Option<&'static str> {
    let text = match lower {
        "max_worker_processes" => {
            "The pool of background worker processes shared by parallel queries, logical \
             replication and extensions. A hot standby needs at least the primary's value, or \
             its recovery stops."
        }
        "max_parallel_workers" => {
            "How many workers from max_worker_processes may serve parallel queries and \
             parallel maintenance at the same time."
        }
        "max_parallel_workers_per_gather" => {
            "How many workers one Gather step of a query may use; 0 turns parallel query off. \
             Each worker has its own work_mem, so memory use grows with it."
        }
        "max_parallel_maintenance_workers" => {
            "How many workers one maintenance command may use, such as CREATE INDEX or the \
             index phase of VACUUM."
        }
        "parallel_leader_participation" => {
            "Whether the process that starts a parallel query also runs the plan itself \
             instead of only collecting the workers' results."
        }
        _ => return None,
    };
    Some(text)
}
