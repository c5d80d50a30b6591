//! Advice on the server log: where it goes, how it is rotated, what gets written, and the
//! secrets that can end up in it.

/// Our advice on a logging parameter, by its lower-case name.
pub(super) fn summary(lower: &str) -> Option<&'static str> {
    destination(lower).or_else(|| thresholds(lower)).or_else(|| content(lower))
}

/// Where log lines go and how files are named, rotated and protected.
fn destination(lower: &str) -> Option<&'static str> {
    let text = match lower {
        "log_destination" => {
            "Where server messages go: `stderr`, `csvlog`, `jsonlog`, `syslog` or \
             `eventlog`, several in one quoted comma-separated string. `csvlog` and \
             `jsonlog` need logging_collector and are easy to parse; whichever you choose, \
             make sure something ships and rotates the output, since an unrotated log can \
             fill the disk."
        }
        "logging_collector" => {
            "Whether a background process captures the server's stderr into log files. \
             Without it stderr goes wherever the service manager sends it (journald, a \
             container's output), log_directory and log_filename are ignored, and csvlog and \
             jsonlog do not work; turn it on unless your platform collects stderr, and set \
             up rotation."
        }
        "log_directory" => {
            "Where the logging collector writes its files, relative to the data directory \
             unless absolute. Inside the data directory, a runaway log fills the same disk \
             as the data and WAL and can stop the server, and file-level backups copy it; an \
             absolute path on another file system avoids both."
        }
        "log_filename" => {
            "The name pattern of log files, with strftime escapes such as `%Y-%m-%d`. With \
             log_truncate_on_rotation it decides whether old logs are reused or kept: \
             `postgresql-%a.log` keeps a week of files that overwrite themselves, while a \
             full date keeps every file until an external job removes it."
        }
        "log_file_mode" => {
            "The file mode of new log files, in octal such as `0600`. Logs can hold query \
             text, bind parameters and sometimes passwords, so keep them unreadable by other \
             users; `0640` lets a log-shipping group read them."
        }
        "log_rotation_age" => {
            "Starts a new log file after this long; 0 disables time-based rotation. Rotation \
             needs logging_collector, and log_filename must produce a new name for the new \
             period (through its escapes), or lines keep going to the same file; `1d` is a \
             common choice."
        }
        "log_rotation_size" => {
            "Starts a new log file once the current one reaches this size; 0 disables \
             size-based rotation. It caps each file, not the total, so pair it with a cycling \
             log_filename or a cleanup job, or the logs still fill the disk."
        }
        "log_truncate_on_rotation" => {
            "Whether rotating to a log file name that already exists overwrites that file \
             instead of appending to it. With a cycling log_filename such as \
             `postgresql-%a.log` it keeps a fixed week of logs without a cleanup job; it acts \
             only on time-based rotation, not on rotation by size or at server start."
        }
        "syslog_facility" => {
            "The syslog facility (`LOCAL0` to `LOCAL7`) of messages when log_destination \
             includes `syslog`. Pick one that nothing else uses and route it to its own file \
             in the syslog daemon, or database messages mix into the system log."
        }
        "syslog_ident" => {
            "The program name PostgreSQL messages carry in syslog when log_destination \
             includes `syslog`. Give each cluster on a host its own, so that their logs can \
             be told apart and routed separately."
        }
        "syslog_sequence_numbers" => {
            "Whether each syslog message gets an increasing number, which keeps syslog daemons \
             from collapsing repeated identical messages into one. Keep it on; gaps in the \
             numbers also reveal lost messages."
        }
        "syslog_split_messages" => {
            "Whether long messages sent to syslog are split into numbered lines of about 1KB, \
             so that traditional syslog daemons do not truncate them. Keep it on unless the \
             receiver handles long messages itself, as some structured-logging setups do."
        }
        "event_source" => {
            "The program name under which messages go to the Windows event log when \
             log_destination includes `eventlog`. It matters on Windows only; give each \
             cluster on one machine its own name so their events can be told apart."
        }
        _ => return None,
    };
    Some(text)
}

/// Which messages and statements are written, by severity, duration or sampling.
fn thresholds(lower: &str) -> Option<&'static str> {
    let text = match lower {
        "log_min_messages" => {
            "The least severe message level written to the server log. `warning` suits \
             production: `info` and the `debug` levels flood the log and can fill the disk, \
             so use them only briefly, and `error` or above hides the warnings that often \
             announce trouble."
        }
        "log_min_error_statement" => {
            "Statements causing messages of this level or worse are logged with them, so an \
             error line shows which SQL failed; `error` is the useful value. The logged SQL \
             can contain literal values, passwords in ALTER ROLE statements included, so \
             restrict who reads the logs."
        }
        "log_min_duration_statement" => {
            "Logs every statement that runs at least this long; -1 disables, 0 logs all. A \
             threshold such as `500ms` to `1s` finds slow queries at little cost, while 0 on \
             a busy server can fill the disk; the logged text may contain sensitive values."
        }
        "log_min_duration_sample" => {
            "Statements that run at least this long are logged only for a sample, whose \
             size log_statement_sample_rate sets; -1 disables sampling. Set it below \
             log_min_duration_statement to see a share of moderately slow queries without \
             logging them all."
        }
        "log_statement_sample_rate" => {
            "The fraction, from 0 to 1, of statements over log_min_duration_sample that are \
             logged. A small rate such as `0.01` gives a fair sample of medium-slow queries \
             while keeping log volume, and the sensitive values in it, small."
        }
        "log_transaction_sample_rate" => {
            "The fraction of transactions whose every statement is logged, whatever its \
             duration. Even a small rate writes a lot on a busy server, statement text and \
             values included, so use it briefly for diagnosis and set it back to 0."
        }
        "log_statement" => {
            "Which statements are logged as they arrive: `none`, `ddl`, `mod` or `all`. Any \
             value but `none` writes ALTER ROLE ... PASSWORD statements, password included, \
             to the log, so set passwords with psql's `\\password`, which sends only a hash; \
             `ddl` audits schema changes cheaply, while `all` on a busy server can fill the \
             disk."
        }
        "log_duration" => {
            "Logs the duration of every completed statement, without its text unless another \
             setting logs that. On a busy server that is a line per statement; \
             log_min_duration_statement with a threshold is nearly always the better tool."
        }
        "log_temp_files" => {
            "Logs temporary files (from sorts, hashes and the like) at least this large when \
             they are removed; -1 disables, 0 logs all. A threshold like `10MB` shows which \
             queries spill past work_mem, which is how to size that setting without \
             guessing."
        }
        "log_autovacuum_min_duration" => {
            "Logs autovacuum and autoanalyze runs that take at least this long; -1 disables, \
             0 logs all. A value such as `10s` shows which tables take long to vacuum and \
             whether vacuum keeps up, which you want to know before bloat or wraparound \
             warnings appear."
        }
        _ => return None,
    };
    Some(text)
}

/// What each log line says: events worth a line, and the detail and prefix it carries.
fn content(lower: &str) -> Option<&'static str> {
    let text = match lower {
        "log_connections" => {
            "Logs connection attempts and successful logins, for auditing who connects from \
             where. Since PostgreSQL 18 it takes a list of aspects (`receipt`, \
             `authentication`, `authorization`, `setup_durations`, or `all`) as well as on \
             and off; worth enabling in production, and if it gets noisy, the application is \
             opening a connection per request and needs a pooler."
        }
        "log_disconnections" => {
            "Logs the end of each session with its duration. With log_connections it shows \
             short-lived sessions and pools that keep reconnecting, and it is cheap to leave \
             on."
        }
        "log_line_prefix" => {
            "What each log line starts with, such as time (`%m`), process id (`%p`), user \
             (`%u`), database (`%d`) and client address (`%h`). Without these, lines cannot \
             be tied to a session during an incident; `'%m [%p] %q%u@%d %h '` serves most \
             setups, and log analysers such as pgBadger need to be told the format."
        }
        "log_checkpoints" => {
            "Writes a line for every checkpoint: what started it, how long it took and how \
             much it wrote. It costs a line every few minutes and is the first place to look \
             for I/O stalls or a too small max_wal_size, so keep it on."
        }
        "log_lock_waits" => {
            "Logs when a session waits longer than deadlock_timeout for a lock, naming the \
             processes that hold it. Turn it on in production: lock queues behind a long \
             transaction or a DDL statement are a common cause of sudden outages, and these \
             lines show the culprit afterwards."
        }
        "log_error_verbosity" => {
            "How much detail each logged message carries: `terse` drops the detail, hint and \
             context lines, `default` keeps them, `verbose` adds the error code and source \
             location. `default` suits production; `terse` loses the context needed to find \
             a failing function, and `verbose` mainly helps bug reports."
        }
        "log_hostname" => {
            "Logs client host names instead of only their addresses, at the cost of a reverse \
             DNS lookup for every connection. A slow or unreachable DNS server then delays \
             every login, so leave it off and resolve addresses afterwards."
        }
        "log_timezone" => {
            "The time zone of the timestamps in the server log. Use `UTC`, or whatever zone \
             your log pipeline assumes, on every server, so that logs of the primary, \
             standbys and applications line up during an incident."
        }
        "log_replication_commands" => {
            "Writes a line for every replication command a walsender receives, such as \
             START_REPLICATION or BASE_BACKUP. It shows when standbys and backup tools \
             connect and what they ask for, at little volume."
        }
        "log_parameter_max_length" => {
            "How many bytes of each bind parameter value are logged with statements written \
             for log_statement or a duration setting; -1 logs values whole, 0 none. Values \
             can be personal data or secrets, so 0 is safest where many people read the \
             logs, and a small limit such as `64` keeps context without whole documents."
        }
        "log_parameter_max_length_on_error" => {
            "How many bytes of each bind parameter value are logged with a failing statement \
             in error reports; 0 logs none, -1 logs values whole. Values help reproduce a \
             failure but can be personal data or secrets; a small limit such as `64` is a \
             fair compromise, and any value but 0 costs some memory per statement."
        }
        "log_recovery_conflict_waits" => {
            "Logs when replay on a standby waits longer than deadlock_timeout because a query \
             conflicts with it. Turn it on for hot standbys: these waits are what makes \
             replication lag grow and queries get cancelled, and the lines show which ones."
        }
        "log_startup_progress_interval" => {
            "How often long startup operations, such as crash recovery replay or syncing the \
             data directory, log their progress; 0 disables. Keep it on, so that a slow \
             restart after a crash shows it is working rather than hung and nobody kills it."
        }
        _ => return None,
    };
    Some(text)
}
