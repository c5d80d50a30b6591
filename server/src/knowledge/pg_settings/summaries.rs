//! What the parameters that most often take production down are for, in our own words.
//!
//! These are written for this project (never copied from PostgreSQL's descriptions). The
//! connection, authentication, TLS, keepalive, memory, WAL and logging parameters get a
//! short paragraph of advice (the `advice` submodule); the others one or two sentences on
//! what the parameter controls and what goes wrong when it is off, by area in the other
//! submodules. This file holds the few that fit none of them.

mod advice;
mod operations;
mod sessions;

/// Our explanation of a parameter, by its lower-case name.
pub fn summary(name: &str) -> Option<&'static str> {
    let lower = name.to_ascii_lowercase();
    let text = match lower.as_str() {
        // Limits on disk use and planning that sit beside the memory settings.
        "effective_cache_size" => {
            "The planner's guess of how much memory (shared_buffers plus the OS cache) holds \
             data; it allocates nothing, it only makes index scans look cheaper."
        }
        "temp_file_limit" => {
            "The most temporary-file space one session may use; -1 means no limit."
        }
        // Replication limits.
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
        // TLS beyond the versions we know in detail.
        "ssl_sni" => {
            "Whether the server picks its certificate by the host name the client asks for."
        }
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
        _ => {
            return advice::summary(&lower)
                .or_else(|| sessions::summary(&lower))
                .or_else(|| operations::summary(&lower));
        }
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

    /// The parameters of the connection, authentication, TLS, keepalive, memory, WAL and
    /// logging areas, whose hover promises a paragraph of advice rather than a line.
    const ADVICE_NAMES: [&str; 146] = [
        "application_name",
        "archive_cleanup_command",
        "archive_command",
        "archive_library",
        "archive_mode",
        "archive_timeout",
        "authentication_timeout",
        "autovacuum_work_mem",
        "bonjour",
        "bonjour_name",
        "checkpoint_completion_target",
        "checkpoint_flush_after",
        "checkpoint_timeout",
        "checkpoint_warning",
        "client_connection_check_interval",
        "cluster_name",
        "commit_delay",
        "commit_siblings",
        "commit_timestamp_buffers",
        "db_user_namespace",
        "debug_pretty_print",
        "debug_print_parse",
        "debug_print_plan",
        "debug_print_rewritten",
        "dynamic_shared_memory_type",
        "event_source",
        "fsync",
        "full_page_writes",
        "gss_accept_delegation",
        "hash_mem_multiplier",
        "huge_page_size",
        "huge_pages",
        "krb_caseins_users",
        "krb_server_keyfile",
        "listen_addresses",
        "log_autovacuum_min_duration",
        "log_checkpoints",
        "log_connections",
        "log_destination",
        "log_directory",
        "log_disconnections",
        "log_duration",
        "log_error_verbosity",
        "log_file_mode",
        "log_filename",
        "log_hostname",
        "log_line_prefix",
        "log_lock_failures",
        "log_lock_waits",
        "log_min_duration_sample",
        "log_min_duration_statement",
        "log_min_error_statement",
        "log_min_messages",
        "log_parameter_max_length",
        "log_parameter_max_length_on_error",
        "log_recovery_conflict_waits",
        "log_replication_commands",
        "log_rotation_age",
        "log_rotation_size",
        "log_startup_progress_interval",
        "log_statement",
        "log_statement_sample_rate",
        "log_temp_files",
        "log_timezone",
        "log_transaction_sample_rate",
        "log_truncate_on_rotation",
        "logging_collector",
        "logical_decoding_work_mem",
        "maintenance_work_mem",
        "max_connections",
        "max_prepared_transactions",
        "max_stack_depth",
        "max_wal_size",
        "md5_password_warnings",
        "min_dynamic_shared_memory",
        "min_wal_size",
        "multixact_member_buffers",
        "multixact_offset_buffers",
        "notify_buffers",
        "oauth_validator_libraries",
        "password_encryption",
        "port",
        "recovery_end_command",
        "recovery_prefetch",
        "recovery_target",
        "recovery_target_action",
        "recovery_target_inclusive",
        "recovery_target_lsn",
        "recovery_target_name",
        "recovery_target_time",
        "recovery_target_timeline",
        "recovery_target_xid",
        "reserved_connections",
        "restore_command",
        "scram_iterations",
        "serializable_buffers",
        "shared_buffers",
        "shared_memory_type",
        "ssl",
        "ssl_ca_file",
        "ssl_cert_file",
        "ssl_ciphers",
        "ssl_crl_dir",
        "ssl_crl_file",
        "ssl_dh_params_file",
        "ssl_ecdh_curve",
        "ssl_groups",
        "ssl_key_file",
        "ssl_max_protocol_version",
        "ssl_min_protocol_version",
        "ssl_passphrase_command",
        "ssl_passphrase_command_supports_reload",
        "ssl_prefer_server_ciphers",
        "ssl_tls13_ciphers",
        "subtransaction_buffers",
        "summarize_wal",
        "superuser_reserved_connections",
        "synchronous_commit",
        "syslog_facility",
        "syslog_ident",
        "syslog_sequence_numbers",
        "syslog_split_messages",
        "tcp_keepalives_count",
        "tcp_keepalives_idle",
        "tcp_keepalives_interval",
        "tcp_user_timeout",
        "temp_buffers",
        "transaction_buffers",
        "unix_socket_directories",
        "unix_socket_group",
        "unix_socket_permissions",
        "update_process_title",
        "vacuum_buffer_usage_limit",
        "wal_buffers",
        "wal_compression",
        "wal_decode_buffer_size",
        "wal_init_zero",
        "wal_level",
        "wal_log_hints",
        "wal_recycle",
        "wal_skip_threshold",
        "wal_summary_keep_time",
        "wal_sync_method",
        "wal_writer_delay",
        "wal_writer_flush_after",
        "work_mem",
    ];

    /// How many sentences a summary has: a sentence ends at a period followed by a space and
    /// a capital letter or a code span, or at the end of the text. An ellipsis (`...`) inside
    /// a statement is no end.
    fn sentence_count(text: &str) -> usize {
        let chars: Vec<char> = text.chars().collect();
        let inner_ends = chars
            .windows(4)
            .filter(|window| {
                window[0] != '.'
                    && window[1] == '.'
                    && window[2] == ' '
                    && (window[3].is_uppercase() || window[3] == '`')
            })
            .count();
        let final_end = usize::from(text.ends_with('.'));

        inner_ends + final_end
    }

    #[test]
    fn sentences_are_counted_at_their_ends_only() {
        let counts = [
            sentence_count("One. Two `x`. Three."),
            sentence_count("ALTER ROLE ... PASSWORD is logged (0.5 s)."),
            sentence_count("No final period"),
        ];

        assert_eq!(counts, [3, 1, 0]);
    }

    /// Each of these parameters gets advice: what it controls, the trap, what to set.
    #[test]
    fn advice_parameters_have_a_paragraph_of_two_to_four_sentences() {
        let bad: Vec<String> = ADVICE_NAMES
            .iter()
            .filter_map(|name| {
                let Some(text) = summary(name) else {
                    return Some(format!("{name}: missing"));
                };
                let sentences = sentence_count(text);
                let chars = text.chars().count();
                let fits = (2..=4).contains(&sentences) && chars <= 600;
                (!fits).then(|| format!("{name}: {sentences} sentences, {chars} characters"))
            })
            .collect();

        assert_eq!(bad, Vec::<String>::new());
    }

    #[test]
    fn the_advice_list_is_sorted_without_duplicates() {
        let mut sorted = ADVICE_NAMES.to_vec();
        sorted.sort_unstable();
        sorted.dedup();

        assert_eq!(sorted, ADVICE_NAMES.to_vec());
    }
}
