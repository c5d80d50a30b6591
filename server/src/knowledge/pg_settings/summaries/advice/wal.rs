//! Advice on the write-ahead log: what it records, how it reaches disk, checkpoints, and
//! archiving it for point-in-time recovery.

/// Our advice on a WAL parameter, by its lower-case name.
pub(super) fn summary(lower: &str) -> Option<&'static str> {
    durability(lower).or_else(|| checkpoints(lower)).or_else(|| archiving(lower))
}

/// What the WAL records and when a commit counts as safe on disk.
fn durability(lower: &str) -> Option<&'static str> {
    let text = match lower {
        "wal_level" => {
            "How much the write-ahead log records: `minimal` allows no archiving or \
             replication, `replica` allows both, `logical` adds what logical decoding needs. \
             With `minimal` the server refuses to start while archive_mode or \
             max_wal_senders are set, and earlier base backups can no longer be rolled \
             forward; keep `replica`, or `logical` for logical replication and \
             change-data-capture tools."
        }
        "fsync" => {
            "Whether the server forces writes to disk. Turning it off can corrupt the whole \
             cluster on a crash or power loss; never do that for data you want to keep. For \
             a fast throwaway cluster, synchronous_commit `off` gives most of the speed while \
             risking only the last transactions."
        }
        "synchronous_commit" => {
            "When COMMIT reports success: `on` once the WAL is flushed locally and on \
             synchronous standbys, `remote_apply` once they have also replayed it, `local` \
             without waiting for standbys, `off` before the local flush. `off` can lose the \
             last moments of commits on a crash but never corrupts data, so it suits bulk \
             loads; with synchronous standbys configured, `on` makes commits hang while none \
             of them is reachable."
        }
        "wal_sync_method" => {
            "How WAL writes are forced to disk; the platform default (`fdatasync` on Linux) \
             is safe. Some methods on some systems report success before the data reaches \
             stable storage, which loses committed transactions on power loss, so change it \
             only after measuring with pg_test_fsync and checking the disk's write cache."
        }
        "full_page_writes" => {
            "Whether each page is written whole to the WAL after a checkpoint, which protects \
             against torn pages on a crash; turning it off risks corruption that shows up \
             only after the next crash. Keep it on unless the storage guarantees atomic \
             page writes; wal_compression reduces the WAL it costs."
        }
        "wal_log_hints" => {
            "Whether a page's first change after a checkpoint is WAL-logged in full even when \
             only hint bits changed; pg_rewind needs it or data checksums. Without either, an \
             old primary after a failover cannot be rewound and must be rebuilt from a new \
             base backup, so turn it on where failover is possible, at the cost of more WAL."
        }
        "wal_compression" => {
            "Whether full-page images in the WAL are compressed, and with which method \
             (`pglz`, or `lz4` and `zstd` when built with them). Write-heavy servers often \
             cut WAL volume, archive size and replication traffic a lot for some CPU; `lz4` \
             is a good choice where available, and standbys must support the method too."
        }
        "wal_buffers" => {
            "Shared memory for WAL not yet written to disk; -1 sizes it from shared_buffers \
             (a 32nd of it, at most one WAL segment). The automatic size suits most servers; \
             ones with many concurrent commits sometimes gain from `64MB`, which costs \
             little memory."
        }
        "wal_writer_delay" => {
            "How often the WAL writer wakes to flush WAL of asynchronous commits. With \
             synchronous_commit `off`, a crash can lose commits of up to about three times \
             this interval; the default suits most servers, and raising it saves a little \
             I/O at the price of a larger loss window."
        }
        "wal_writer_flush_after" => {
            "How much WAL the WAL writer may write before it also flushes it to disk, when \
             its last flush is more recent than wal_writer_delay; 0 flushes every write at \
             once. The default suits nearly every server; smaller values cost I/O on busy \
             systems."
        }
        "commit_delay" => {
            "How long a committing transaction waits before flushing the WAL, so that \
             concurrent commits share one flush; it applies only when at least \
             commit_siblings other transactions are active. It can raise throughput on slow \
             disks with many small concurrent commits but adds latency to each, so leave it \
             at 0 unless a load test shows a gain."
        }
        "commit_siblings" => {
            "How many other transactions must be active for commit_delay to apply, so that a \
             lone commit does not wait for company that will not come. It matters only when \
             commit_delay is above 0, and the default is fine for most setups."
        }
        _ => return None,
    };
    Some(text)
}

/// How often dirty pages are written out, and how much WAL may build up in between.
fn checkpoints(lower: &str) -> Option<&'static str> {
    let text = match lower {
        "checkpoint_timeout" => {
            "The longest time between automatic checkpoints. Longer means fewer full-page \
             images in the WAL and less write traffic, but crash recovery may need to replay \
             more WAL; `15min` to `30min` with a matching max_wal_size is common for \
             write-heavy servers, while short values multiply WAL volume and I/O."
        }
        "checkpoint_completion_target" => {
            "The fraction of the checkpoint interval over which a checkpoint spreads its \
             writes, to smooth out I/O. Low values write dirty pages in bursts that stall \
             queries; `0.9` is right nearly always."
        }
        "checkpoint_warning" => {
            "Logs a warning when checkpoints forced by WAL volume come closer together than \
             this: a sign that max_wal_size is too small. When the log shows it, raise \
             max_wal_size until checkpoints are mostly started by checkpoint_timeout; 0 \
             silences the warning and hides that sign."
        }
        "max_wal_size" => {
            "How much WAL may build up between checkpoints before one is forced. It is a soft \
             limit, exceeded under heavy load or while archiving or replication slots hold \
             WAL back; too small causes frequent checkpoints with heavy full-page writes, so \
             size it to hold a checkpoint_timeout's worth of WAL at peak, and leave pg_wal \
             room beyond it."
        }
        "min_wal_size" => {
            "Below this much WAL, old segment files are recycled for reuse instead of \
             removed, so that bursts of writes find files ready. Raising it smooths bursty \
             loads at the cost of disk space that stays taken; it never limits how much WAL \
             can grow."
        }
        _ => return None,
    };
    Some(text)
}

/// Copying finished WAL to an archive, and fetching it back during recovery.
fn archiving(lower: &str) -> Option<&'static str> {
    let text = match lower {
        "archive_mode" => {
            "Whether finished WAL segments are handed to archive_command or archive_library: \
             `on` on a primary, `always` also on standbys. Without archiving there is no \
             point-in-time recovery; with it, a failing archiver keeps WAL in pg_wal until \
             the disk fills, so monitor pg_stat_archiver."
        }
        "archive_command" => {
            "The shell command that copies one finished WAL segment (`%p` its path, `%f` its \
             name) to the archive. It must exit 0 only once the copy is durable and refuse to \
             overwrite an existing file; until it succeeds, WAL piles up in pg_wal and can \
             fill the disk. Prefer a tested tool such as pgBackRest or WAL-G to a bare `cp`, \
             which does not sync to disk."
        }
        "archive_library" => {
            "A loadable module that archives WAL segments in place of archive_command, such \
             as `basic_archive` or a backup tool's own, which avoids starting a shell per \
             segment. Like the command, it must report success only for durable copies; \
             since PostgreSQL 16 setting both is an error, while older versions silently \
             prefer the library."
        }
        "archive_timeout" => {
            "Forces a switch to a new WAL segment after this long if anything was written, so \
             that a quiet server's changes still reach the archive. It bounds how much \
             committed work is lost when only the archive survives; a minute or so is \
             reasonable, but each switch archives a full-size segment, so very short values \
             bloat the archive."
        }
        "restore_command" => {
            "The shell command that fetches an archived WAL segment during recovery (`%f` \
             its name, `%p` where to put it); it must exit non-zero when the file does not \
             exist. Point-in-time recovery needs it, and it lets a standby catch up from the \
             archive when streaming falls behind; test it by hand before an outage does."
        }
        _ => return None,
    };
    Some(text)
}
