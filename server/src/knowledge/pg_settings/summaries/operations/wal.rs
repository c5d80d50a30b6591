//! What the WAL file handling, WAL summarization, archive recovery and recovery target
//! parameters are for, in our own words.

/// Our explanation of a WAL or recovery parameter, by its lower-case name.
pub(super) fn summary(lower: &str) -> Option<&'static str> {
    files(lower).or_else(|| recovery_target(lower))
}

/// Parameters of WAL files, WAL summaries and archive recovery commands.
fn files(lower: &str) -> Option<&'static str> {
    let text = match lower {
        "wal_init_zero" => {
            "Whether new WAL files are filled with zeros before use, so their space is surely \
             allocated. On copy-on-write file systems such as ZFS that gains nothing, and \
             turning it off saves writes."
        }
        "wal_recycle" => {
            "Whether finished WAL files are renamed for reuse instead of removed and created \
             anew. On copy-on-write file systems creating fresh files can be faster."
        }
        "wal_skip_threshold" => {
            "With wal_level `minimal`, how large a table created or rewritten in a transaction may \
             be for its data to be WAL-logged at commit; larger ones are synced to disk directly \
             instead. It matters only for bulk loads under `minimal`, and the default suits most \
             storage."
        }
        "summarize_wal" => {
            "Whether the WAL summarizer process records which blocks the WAL changes, which \
             incremental backups (pg_basebackup --incremental) need. Turn it on where incremental \
             backups are planned, since summaries cover only WAL written while it is on."
        }
        "wal_summary_keep_time" => {
            "How long WAL summaries are kept before they are removed; 0 keeps them forever. An \
             incremental backup needs the summaries back to the backup it builds on, so keep them \
             longer than the gap between backups."
        }
        "archive_cleanup_command" => {
            "A shell command a standby runs at each restartpoint to delete archived WAL it no \
             longer needs, typically `pg_archivecleanup`, with `%r` for the oldest file to \
             keep. Never use it on an archive other servers or backups still read."
        }
        "recovery_end_command" => {
            "A shell command run once when archive recovery or standby mode ends, for example to \
             clean up or notify. When it fails, a warning is logged and startup continues, so do \
             not rely on it for anything that must happen."
        }
        _ => return None,
    };
    Some(text)
}

/// Parameters that stop point-in-time recovery at a chosen point.
fn recovery_target(lower: &str) -> Option<&'static str> {
    let text = match lower {
        "recovery_target" => {
            "`immediate` is its only value: recovery stops at the first moment the restored \
             base backup is consistent, replaying nothing after it, which brings up a copy of \
             the backup as it was taken. Only one of the recovery_target* settings may be \
             used, and they act only during archive recovery (a recovery.signal or \
             standby.signal file)."
        }
        "recovery_target_time" => {
            "The time up to which point-in-time recovery replays commits. Give a time zone \
             explicitly, or the server's time zone applies; only one recovery target may be \
             set."
        }
        "recovery_target_xid" => {
            "Stops replay at the commit of this transaction. Ids are handed out when \
             transactions begin, not when they commit, so transactions with nearby ids may \
             land on either side of the stop."
        }
        "recovery_target_lsn" => {
            "The WAL position (an LSN such as `0/3000000`) up to which recovery replays. It is the \
             most precise target when the point of a mistake is known from pg_waldump or the log; \
             only one recovery target may be set."
        }
        "recovery_target_name" => {
            "The restore point, made earlier with pg_create_restore_point(), up to which recovery \
             replays. Create a named restore point before risky changes such as migrations, so \
             that going back needs no guessing about times."
        }
        "recovery_target_inclusive" => {
            "Whether recovery stops just after the target (on) or just before it (off), for the \
             time, xid and LSN targets. Use off when the target is the harmful transaction itself, \
             such as an accidental DROP, so that its effects are not replayed."
        }
        "recovery_target_timeline" => {
            "Which timeline recovery follows: `latest` (the newest one it can find, which a \
             standby needs to follow a promotion), `current`, or a timeline id. Keep `latest` on \
             standbys; `current` keeps a standby on the old timeline, so it cannot follow the new \
             primary after a failover."
        }
        "recovery_target_action" => {
            "What the server does once the recovery target is reached: `pause` to let you check \
             the data (it acts like `shutdown` without hot_standby), `promote` to open for writes, \
             or `shutdown`. For a point-in-time restore keep `pause`, check the data, then call \
             pg_wal_replay_resume(); `promote` ends recovery for good, so a target set too early \
             means restoring the base backup again."
        }
        _ => return None,
    };
    Some(text)
}
