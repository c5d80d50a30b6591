//! Advice on how much memory the server takes, shared and per session, and how it is
//! allocated.

/// Our advice on a memory parameter, by its lower-case name.
pub(super) fn summary(lower: &str) -> Option<&'static str> {
    per_operation(lower).or_else(|| shared(lower))
}

/// Memory each session, query step or worker takes for itself, which multiplies with
/// concurrency.
fn per_operation(lower: &str) -> Option<&'static str> {
    let text = match lower {
        "work_mem" => {
            "Memory one sort or hash step of a query may use before spilling to disk; a query \
             can run several such steps and every connection has its own. Raised globally to \
             speed up one report, it can exhaust RAM under load and get the server killed by \
             the OOM killer, so keep the global value modest and raise it per role or with \
             `SET` where needed; log_temp_files shows which queries spill."
        }
        "hash_mem_multiplier" => {
            "How many times work_mem a hash-based step (hash join, hash aggregate) may use, \
             since hashing suffers more from spilling than sorting does. Raising it to 2 to 4 \
             fixes spilling hash steps more cheaply than raising work_mem for everything, but \
             it multiplies the worst-case memory of every connection all the same."
        }
        "maintenance_work_mem" => {
            "Memory for VACUUM, CREATE INDEX, adding foreign keys and other maintenance \
             commands, per operation. More makes index builds and vacuuming large tables much \
             faster, and 256MB to 1GB is common on a dedicated server; autovacuum workers use \
             it too unless autovacuum_work_mem is set, so size it with autovacuum_max_workers \
             in mind."
        }
        "autovacuum_work_mem" => {
            "Memory each autovacuum worker may use to remember dead rows; -1 means the same as \
             maintenance_work_mem. Every worker can take this much at once, so set it \
             explicitly when maintenance_work_mem is large for manual index builds; too \
             little makes vacuum scan the indexes of big tables several times."
        }
        "logical_decoding_work_mem" => {
            "Memory logical decoding may use per replication connection before it spills \
             changes to disk or, for streaming subscriptions, sends them early. Large \
             transactions on a busy publisher then write many spill files under pg_replslot; \
             raise it (say to 256MB) when pg_stat_replication_slots shows heavy spilling, \
             remembering that each walsender has its own."
        }
        "temp_buffers" => {
            "Memory each session may use to cache its temporary tables, taken only when it \
             uses them. Sessions that work heavily with temporary tables run faster with \
             more; it cannot change once a session has touched a temporary table, so set it \
             per role or at the very start of the session."
        }
        "max_stack_depth" => {
            "How deep the server's execution stack may grow before it stops a query with an \
             error; deeply nested expressions and recursive functions hit it. Keep it about a \
             megabyte below the operating system's limit (`ulimit -s`): above the real limit, \
             a runaway recursion crashes the process and restarts the whole server instead \
             of failing one query."
        }
        "max_prepared_transactions" => {
            "How many two-phase-commit transactions may wait at once; 0 disables PREPARE \
             TRANSACTION. A forgotten prepared transaction holds its locks and blocks vacuum \
             until it is committed or rolled back, so keep 0 unless a transaction manager \
             needs two-phase commit; then set it to about max_connections and watch \
             pg_prepared_xacts for old entries."
        }
        _ => return None,
    };
    Some(text)
}

/// The shared memory the server allocates for all processes, and how.
fn shared(lower: &str) -> Option<&'static str> {
    let text = match lower {
        "shared_buffers" => {
            "The server's page cache in shared memory, allocated in one piece at start. The \
             default is far too small for a production server: a quarter of RAM is a common \
             start, rarely over 40%, since the operating system caches the rest. More than \
             the host or container can map makes the server fail to start, so check the \
             container's memory limit and the huge page reservation when raising it."
        }
        "huge_pages" => {
            "Whether the main shared memory uses huge pages. `try` silently falls back to \
             normal pages, which with a large shared_buffers wastes memory on page tables in \
             every process; `on` refuses to start without them, which makes a missing kernel \
             reservation visible. Reserve enough with vm.nr_hugepages (`postgres -C \
             shared_memory_size_in_huge_pages` tells how many)."
        }
        "huge_page_size" => {
            "The huge page size to ask for when huge pages are used; 0 takes the system \
             default (usually 2MB on x86-64). Only Linux lets you choose; ask for a size such \
             as `1GB` only when the kernel has pages of that size reserved, or huge_pages \
             falls back or the server does not start."
        }
        "shared_memory_type" => {
            "How the main shared memory area is allocated: `mmap` (the usual choice), `sysv` \
             or `windows`. `sysv` is bound by the kernel's shmmax and shmall limits and can \
             make a large shared_buffers fail at start, so keep the platform default."
        }
        "dynamic_shared_memory_type" => {
            "How shared memory for parallel queries is allocated; `posix` is the usual choice \
             on Linux. Docker gives containers a 64MB /dev/shm by default, so parallel \
             queries fail with \"could not resize shared memory segment\"; enlarge it \
             (`--shm-size`) rather than switching to `mmap`, which writes to disk."
        }
        "min_dynamic_shared_memory" => {
            "Shared memory set aside at start for parallel queries, so they need not create \
             segments on the fly; it lives in the main segment and uses huge pages when \
             those are on. Worth setting to some tens of MB on servers that run many \
             parallel queries, or whose /dev/shm is small."
        }
        _ => return None,
    };
    Some(text)
}
