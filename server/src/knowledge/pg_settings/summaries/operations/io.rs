//! What the disk I/O parameters (asynchronous reads, write-back, background writer, file
//! handling) are for, in our own words.

/// Our explanation of an I/O parameter, by its lower-case name.
pub(super) fn summary(lower: &str) -> Option<&'static str> {
    reads(lower).or_else(|| writes(lower))
}

/// Parameters of reading ahead and issuing I/O concurrently.
fn reads(lower: &str) -> Option<&'static str> {
    let text = match lower {
        "effective_io_concurrency" => {
            "How many reads a session may keep in flight ahead of need when it knows which \
             blocks come next (bitmap heap scans, streamed reads); 0 turns that read-ahead \
             off. SSDs and cloud volumes usually want far more than spinning disks."
        }
        "maintenance_io_concurrency" => {
            "Like effective_io_concurrency, but for maintenance work done on behalf of the \
             whole server, such as prefetching during recovery and, in newer releases, \
             VACUUM's reads."
        }
        "io_combine_limit" => {
            "The largest single I/O built by merging neighbouring blocks in streamed I/O; \
             bigger I/Os mean fewer system calls. From PostgreSQL 18 it is capped by \
             io_max_combine_limit."
        }
        "io_max_combine_limit" => {
            "The upper bound of io_combine_limit, set at server start: a larger \
             io_combine_limit is quietly cut down to it, so raise both together."
        }
        "io_max_concurrency" => {
            "How many asynchronous I/Os one process may have in flight at once; -1 picks a \
             value from shared_buffers and the number of server processes."
        }
        "io_method" => {
            "How asynchronous I/O is carried out: `worker` hands I/O to io_workers \
             background processes, `sync` issues them directly as older releases did, and \
             `io_uring` (Linux builds with liburing) uses the kernel's io_uring interface."
        }
        "io_workers" => {
            "How many I/O worker processes serve asynchronous I/O when io_method is `worker`; \
             too few become a bottleneck under read-heavy load."
        }
        "recovery_prefetch" => {
            "Whether recovery and standbys read ahead the blocks that upcoming WAL records will \
             touch, which speeds up replay on storage with high latency; `try` uses it where the \
             OS supports it. The depth follows maintenance_io_concurrency, so a standby that lags \
             behind a busy primary on network storage may catch up faster with that raised."
        }
        "wal_decode_buffer_size" => {
            "How far ahead in the WAL recovery may decode records to find blocks to prefetch. The \
             default is enough for nearly every server; it matters only with recovery_prefetch, \
             when replay on high-latency storage still lags."
        }
        _ => return None,
    };
    Some(text)
}

/// Parameters of writing data out and handling files.
fn writes(lower: &str) -> Option<&'static str> {
    let text = match lower {
        "backend_flush_after" => {
            "After a session itself has written this much data, it asks the kernel to start \
             writing it to disk, which keeps dirty OS cache small and avoids stalls at \
             checkpoints; 0 leaves it to the kernel."
        }
        "bgwriter_flush_after" => {
            "After the background writer has written this much data, it asks the kernel to \
             start writing it to disk, so dirty pages do not pile up in the OS cache; 0 \
             leaves it to the kernel."
        }
        "checkpoint_flush_after" => {
            "After a checkpoint has written this much data, it asks the kernel to start writing it \
             to disk, so that the final fsync of the checkpoint does not flood the storage; 0 \
             leaves it to the kernel. The default suits Linux; turn it off only if a benchmark on \
             your storage shows the kernel's own write-back doing better, which can happen when \
             the data is larger than shared_buffers but fits in the OS cache."
        }
        "bgwriter_delay" => {
            "How long the background writer sleeps between rounds of writing dirty shared \
             buffers, so that sessions find clean buffers to reuse."
        }
        "bgwriter_lru_maxpages" => {
            "The most buffers the background writer writes in one round; with 0 it writes \
             nothing and sessions and checkpoints have to write dirty pages themselves."
        }
        "bgwriter_lru_multiplier" => {
            "How many clean buffers the background writer tries to have ready, as a multiple \
             of the recent demand; higher values write more eagerly, possibly writing pages \
             that are dirtied again."
        }
        "file_copy_method" => {
            "How CREATE DATABASE with the FILE_COPY strategy and ALTER DATABASE ... SET \
             TABLESPACE copy files: `clone` uses copy-on-write cloning on file systems that \
             support it, which is nearly instant and saves space."
        }
        "file_extend_method" => {
            "How data files are grown by many blocks at once: `posix_fallocate` asks the file \
             system to reserve space, `write_zeros` writes zero-filled blocks. Choose \
             `write_zeros` on file systems where fallocate hurts, such as Btrfs with \
             compression."
        }
        "max_files_per_process" => {
            "How many files one server process keeps open at a time; beyond it files are \
             closed and reopened, which costs system calls on databases with very many tables. \
             The operating system's own limit caps it anyway."
        }
        "max_notify_queue_pages" => {
            "How large the on-disk queue of NOTIFY messages may grow; once it is full, NOTIFY \
             fails. A listening session stuck in a long transaction keeps the queue from \
             draining."
        }
        _ => return None,
    };
    Some(text)
}
