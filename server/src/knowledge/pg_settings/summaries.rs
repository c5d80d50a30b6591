//! What the parameters that most often take production down are for, in our own words.
//!
//! These are written for this project (never copied from PostgreSQL's descriptions): one
//! or two sentences on what the parameter controls and what goes wrong when it is off.
//! This file holds the parameters that most often take production down; the rest are in
//! the submodules, by area.

mod operations;
mod sessions;

/// Our explanation of a parameter, by its lower-case name.
pub fn summary(name: &str) -> Option<&'static str> {
    let lower = name.to_ascii_lowercase();
    let text = match lower.as_str() {
        // Connections.
        "listen_addresses" => {
            "Which network interfaces the server accepts TCP connections on: `localhost` \
             (the default) keeps it local, `*` listens everywhere, an empty string allows \
             Unix sockets only. A list must be one quoted string."
        }
        "port" => {
            "The TCP port, which also names the Unix socket file (`.s.PGSQL.<port>`); \
             clients and poolers must use the same number."
        }
        "max_connections" => {
            "The most client sessions at once. Each one is a process with its own memory, \
             so large values cost RAM and lock contention; put a pooler in front instead."
        }
        "superuser_reserved_connections" => {
            "Connection slots kept for superusers, so an administrator can still log in \
             when applications have used up all the others."
        }
        "reserved_connections" => {
            "Connection slots kept for roles with pg_use_reserved_connections, after the \
             superuser reserve."
        }
        "unix_socket_directories" => {
            "Where the server creates its Unix-domain socket; several directories go in \
             one quoted, comma-separated string, and an empty string disables sockets."
        }
        "unix_socket_group" => "The group that owns the Unix socket file.",
        "unix_socket_permissions" => {
            "The file mode of the Unix socket (an octal number such as 0770), which decides \
             who on the machine can connect locally."
        }
        "bonjour" | "bonjour_name" => "Advertises the server with Bonjour (mDNS).",
        "client_connection_check_interval" => {
            "How often a long-running query checks that its client is still connected, so \
             work for vanished clients stops early; 0 never checks."
        }
        // Keepalives.
        "tcp_keepalives_idle" => {
            "Seconds a client connection may sit silent before the server's kernel sends the \
             first TCP keepalive probe; 0 leaves the OS default (usually 7200 s on Linux). \
             NAT gateways, load balancers and firewalls drop idle flows much sooner (AWS 350 s, \
             Azure 240 s), so keep it below their timeout."
        }
        "tcp_keepalives_interval" => {
            "Seconds between keepalive probes that go unanswered; 0 leaves the OS default \
             (usually 75 s). Together with the count it decides how fast a dead client is \
             noticed."
        }
        "tcp_keepalives_count" => {
            "How many unanswered keepalive probes make the kernel declare the connection \
             dead; 0 leaves the OS default (usually 9)."
        }
        "tcp_user_timeout" => {
            "How long sent data may stay unacknowledged before the kernel drops the \
             connection (TCP_USER_TIMEOUT); 0 leaves the OS default."
        }
        // Authentication.
        "authentication_timeout" => {
            "How long a client gets to finish logging in before the server hangs up, which \
             keeps half-open logins from holding connection slots."
        }
        "password_encryption" => {
            "How new passwords are hashed when set with CREATE/ALTER ROLE. Use \
             `scram-sha-256`; `md5` hashes are weak and can be replayed by anyone who steals \
             them."
        }
        "scram_iterations" => {
            "How many hashing rounds new SCRAM password verifiers use; more rounds make \
             stolen verifiers harder to crack and logins slightly slower."
        }
        "krb_server_keyfile" => "The keytab file the server reads for GSSAPI (Kerberos) logins.",
        "krb_caseins_users" => "Whether GSSAPI user names are compared case-insensitively.",
        "gss_accept_delegation" => "Whether the server accepts delegated GSSAPI credentials.",
        "db_user_namespace" => {
            "An old feature for per-database user names (`user@db`); it is removed in \
             PostgreSQL 17 and best left off."
        }
        "md5_password_warnings" => {
            "Whether the server warns when an MD5 password is set or used (MD5 passwords \
             are deprecated)."
        }
        "oauth_validator_libraries" => "Libraries that validate OAuth bearer tokens at login.",
        // SSL.
        "ssl" => {
            "Whether the server accepts TLS connections at all. With it off every byte, \
             passwords included, crosses the network in plain text, and `hostssl` lines in \
             pg_hba.conf can never match."
        }
        "ssl_cert_file" => {
            "The server's certificate (PEM), relative to the data directory unless absolute; \
             clients using `verify-full` check it against the host name they dialled."
        }
        "ssl_key_file" => {
            "The private key of the server certificate. The server refuses to start if the \
             file is readable by group or others (unless owned by root with mode 0640)."
        }
        "ssl_ca_file" => {
            "The certificate authorities whose client certificates the server trusts; needed \
             for `cert` authentication and `clientcert=verify-*` in pg_hba.conf."
        }
        "ssl_crl_file" | "ssl_crl_dir" => {
            "Revoked client certificates, which the server then refuses."
        }
        "ssl_ciphers" => {
            "The TLS 1.2 cipher suites the server allows, in OpenSSL syntax. The default \
             excludes weak ones; narrowing it can lock out older clients."
        }
        "ssl_tls13_ciphers" => "The TLS 1.3 cipher suites the server allows.",
        "ssl_prefer_server_ciphers" => {
            "Whether the server's cipher order wins over the client's during the handshake."
        }
        "ssl_ecdh_curve" | "ssl_groups" => {
            "The elliptic curves (key-exchange groups) offered for ECDH key exchange."
        }
        "ssl_min_protocol_version" => {
            "The oldest TLS version the server accepts; TLSv1.2 or newer keeps out protocols \
             with known weaknesses."
        }
        "ssl_max_protocol_version" => {
            "The newest TLS version the server offers; empty means no upper limit, which is \
             what you want unless a broken client needs one."
        }
        "ssl_dh_params_file" => "Diffie-Hellman parameters for the older DHE cipher suites.",
        "ssl_passphrase_command" => {
            "A command that prints the passphrase of an encrypted server key at startup."
        }
        "ssl_passphrase_command_supports_reload" => {
            "Whether the passphrase command is also run on reload, so that a reload can pick \
             up a new encrypted key."
        }
        "ssl_sni" => {
            "Whether the server picks its certificate by the host name the client asks for."
        }
        // Memory.
        "shared_buffers" => {
            "The server's page cache in shared memory, allocated in one piece at start; a \
             common start is a quarter of the machine's RAM. More than the host or container \
             can map makes the server fail to start."
        }
        "work_mem" => {
            "Memory one sort or hash step of a query may use before spilling to disk. A query \
             can run several such steps and every connection has its own, so total use can be \
             many times this value."
        }
        "maintenance_work_mem" => {
            "Memory for VACUUM, CREATE INDEX and other maintenance commands, per operation."
        }
        "autovacuum_work_mem" => {
            "Memory each autovacuum worker may use; -1 means the same as maintenance_work_mem."
        }
        "logical_decoding_work_mem" => {
            "Memory logical decoding may use per replication connection before spilling \
             changes to disk."
        }
        "temp_buffers" => "Memory each session may use for its temporary tables.",
        "hash_mem_multiplier" => {
            "How many times work_mem a hash-based step may use, since hashing suffers more \
             from spilling than sorting does."
        }
        "huge_pages" => {
            "Whether shared memory uses huge pages: `try` falls back silently, `on` refuses \
             to start without them; they cut page-table overhead for large shared_buffers."
        }
        "huge_page_size" => "The huge page size to ask for; 0 uses the system default.",
        "shared_memory_type" => "How the main shared memory area is allocated.",
        "dynamic_shared_memory_type" => {
            "How shared memory for parallel queries is allocated; `posix` is the usual choice \
             on Linux."
        }
        "min_dynamic_shared_memory" => {
            "Shared memory set aside at start for parallel queries, so they need not allocate \
             it on the fly."
        }
        "max_prepared_transactions" => {
            "How many two-phase-commit transactions may wait at once; 0 disables PREPARE \
             TRANSACTION. Forgotten prepared transactions hold locks and block vacuum."
        }
        "max_stack_depth" => {
            "How deep the server's execution stack may grow before it stops a query; keep it \
             a little below the OS limit (`ulimit -s`)."
        }
        "effective_cache_size" => {
            "The planner's guess of how much memory (shared_buffers plus the OS cache) holds \
             data; it allocates nothing, it only makes index scans look cheaper."
        }
        "temp_file_limit" => {
            "The most temporary-file space one session may use; -1 means no limit."
        }
        // WAL.
        "wal_level" => {
            "How much the write-ahead log records: `minimal` allows no archiving or \
             replication, `replica` (the default) allows both, `logical` adds what logical \
             decoding needs."
        }
        "fsync" => {
            "Whether the server forces writes to disk. Turning it off can corrupt the whole \
             cluster on a crash or power loss; never do that for data you want to keep."
        }
        "synchronous_commit" => {
            "When COMMIT reports success: `on` after the WAL is on disk (and on synchronous \
             standbys), `off` a moment earlier, risking the last transactions on a crash but \
             never corruption."
        }
        "wal_sync_method" => "How WAL writes are forced to disk.",
        "full_page_writes" => {
            "Whether each page is written whole to the WAL after a checkpoint, which protects \
             against torn pages on a crash; turning it off risks corruption."
        }
        "wal_log_hints" => {
            "Whether hint-bit changes are WAL-logged; pg_rewind needs it (or data checksums)."
        }
        "wal_compression" => "Whether full-page images in the WAL are compressed, and how.",
        "wal_buffers" => "Shared memory for WAL not yet written; -1 sizes it from shared_buffers.",
        "wal_writer_delay" | "wal_writer_flush_after" => {
            "How often the WAL writer flushes WAL of asynchronous commits."
        }
        "commit_delay" | "commit_siblings" => {
            "A short wait before flushing the WAL so that concurrent commits share one flush."
        }
        "checkpoint_timeout" => {
            "The longest time between checkpoints. Longer means less write traffic but a \
             longer crash recovery."
        }
        "checkpoint_completion_target" => {
            "The fraction of the checkpoint interval over which a checkpoint's writes are \
             spread, to smooth out I/O."
        }
        "checkpoint_warning" => {
            "Logs a warning when checkpoints forced by WAL volume come closer together than \
             this: a sign that max_wal_size is too small."
        }
        "max_wal_size" => {
            "How much WAL may build up before a checkpoint is forced; too small causes \
             frequent checkpoints and heavy writes."
        }
        "min_wal_size" => "WAL kept for reuse instead of removed, so bursts do not need new files.",
        "archive_mode" => {
            "Whether finished WAL segments are handed to archive_command or archive_library; \
             changing it needs a restart."
        }
        "archive_command" => {
            "The shell command that copies one finished WAL segment to the archive. It must \
             exit 0 only when the copy is safe; until it succeeds, WAL piles up in pg_wal."
        }
        "archive_library" => "A library that archives WAL segments instead of archive_command.",
        "archive_timeout" => {
            "Forces a switch to a new WAL segment after this long, so that little traffic still \
             reaches the archive in time."
        }
        "restore_command" => "The shell command that fetches archived WAL during recovery.",
        "wal_keep_size" => {
            "WAL kept in pg_wal for standbys that fall behind, beyond what replication slots \
             hold."
        }
        "max_slot_wal_keep_size" => {
            "The most WAL replication slots may hold back; -1 means no limit, which lets an \
             abandoned slot fill the disk."
        }
        "max_wal_senders" => {
            "How many replication connections (standbys, backups) may run at once."
        }
        "max_replication_slots" => "How many replication slots the server can keep.",
        // Logging.
        "log_destination" => {
            "Where server messages go: `stderr`, `csvlog`, `jsonlog`, `syslog` or \
             `eventlog`, several in one quoted comma-separated string."
        }
        "logging_collector" => {
            "Whether a background process captures stderr into log files; needed for \
             log_directory and log_filename to matter."
        }
        "log_directory" => {
            "Where the logging collector writes its files, relative to the data directory."
        }
        "log_filename" => {
            "The name pattern of log files, with strftime escapes such as `%Y-%m-%d`."
        }
        "log_file_mode" => "The file mode of new log files (an octal number such as 0600).",
        "log_rotation_age" => {
            "Starts a new log file after this long; 0 disables time-based rotation."
        }
        "log_rotation_size" => "Starts a new log file once the current one reaches this size.",
        "log_truncate_on_rotation" => {
            "Whether a rotated-to log file of the same name is overwritten instead of appended \
             to."
        }
        "log_min_messages" => "The least severe message level written to the server log.",
        "log_min_error_statement" => {
            "Statements causing messages of this level or worse are logged with them."
        }
        "log_min_duration_statement" => {
            "Logs every statement that runs at least this long; -1 disables, 0 logs all. Logs \
             can then contain query text with sensitive values."
        }
        "log_min_duration_sample" | "log_statement_sample_rate" => {
            "Logs a sample of the statements that run at least this long."
        }
        "log_transaction_sample_rate" => "Logs all statements of this fraction of transactions.",
        "log_statement" => {
            "Which statements are logged as they arrive: `none`, `ddl`, `mod` or `all`. With \
             `all` or `mod`, passwords in ALTER ROLE statements end up in the log."
        }
        "log_connections" => {
            "Logs each connection attempt and successful login, useful to audit who \
             connects from where."
        }
        "log_disconnections" => "Logs the end of each session with its duration.",
        "log_duration" => "Logs the duration of every completed statement.",
        "log_line_prefix" => {
            "What each log line starts with, such as time (`%m`), process id (`%p`), user \
             (`%u`), database (`%d`) and client address (`%h`)."
        }
        "log_checkpoints" => "Logs each checkpoint with its timing and amount of data written.",
        "log_lock_waits" => "Logs when a session waits longer than deadlock_timeout for a lock.",
        "log_temp_files" => "Logs temporary files at least this large; -1 disables, 0 logs all.",
        "log_autovacuum_min_duration" => "Logs autovacuum runs that take at least this long.",
        "log_error_verbosity" => "How much detail each logged message carries.",
        "log_hostname" => {
            "Logs client host names instead of addresses, at the cost of a DNS lookup per \
             connection."
        }
        "log_timezone" => "The time zone of the timestamps in the log.",
        "log_replication_commands" => "Logs each replication command.",
        "log_parameter_max_length" | "log_parameter_max_length_on_error" => {
            "How much of each bind parameter value is logged with a statement."
        }
        "log_recovery_conflict_waits" => {
            "Logs when recovery waits on a conflict longer than deadlock_timeout."
        }
        "log_startup_progress_interval" => "How often long startup operations log their progress.",
        "syslog_facility"
        | "syslog_ident"
        | "syslog_sequence_numbers"
        | "syslog_split_messages" => {
            "How messages are handed to syslog when log_destination includes it."
        }
        "event_source" => "The program name under which messages go to the Windows event log.",
        // Session identity: shown by SHOW, changed by SQL commands, not by this file.
        "role" => {
            "The role the session acts as, which `SET ROLE` changes; it belongs to a session, \
             so grant roles to users instead of setting it here."
        }
        "session_authorization" => {
            "The user the session is authenticated as, which a superuser may change with \
             `SET SESSION AUTHORIZATION`; it is not meant to be set in this file."
        }
        "seed" => {
            "Seeds the session's random() sequence, as setseed() does; only a `SET` in the \
             session itself is useful."
        }
        "is_superuser" => "Reports whether the session's user is a superuser; read-only.",
        _ => return sessions::summary(&lower).or_else(|| operations::summary(&lower)),
    };
    Some(text)
}

#[cfg(test)]
mod tests {
    use super::summary;
    use crate::knowledge::pg_settings::for_major;

    /// The hover promises a summary for every parameter of every major we know.
    #[test]
    fn every_parameter_of_every_major_has_a_summary() {
        let missing: Vec<String> = (13..=18)
            .flat_map(|major| for_major(Some(major)).settings())
            .filter(|setting| summary(&setting.name).is_none())
            .map(|setting| setting.name.clone())
            .collect();

        assert_eq!(missing, Vec::<String>::new());
    }
}
