//! The parameters of the modules and extensions shipped with PostgreSQL (contrib and the
//! procedural languages). Each summary names its module and how the module gets loaded,
//! since until then the server treats the setting as an unchecked placeholder.

/// An auto_explain summary, led by how the module is loaded.
macro_rules! auto_explain {
    ($text:literal) => {
        concat!(
            "From auto_explain, which must be loaded (session_preload_libraries, \
             shared_preload_libraries, or LOAD in one session): ",
            $text
        )
    };
}

/// A pg_stat_statements summary, led by how the module is loaded.
macro_rules! pg_stat_statements {
    ($text:literal) => {
        concat!(
            "From pg_stat_statements, which must be in shared_preload_libraries (and created \
             with CREATE EXTENSION to read it): ",
            $text
        )
    };
}

/// A pg_trgm summary, led by how the module is loaded.
macro_rules! pg_trgm {
    ($text:literal) => {
        concat!(
            "From the pg_trgm extension (CREATE EXTENSION pg_trgm; it loads when used): ",
            $text
        )
    };
}

/// A PL/pgSQL summary; PL/pgSQL is installed in every database and loads when used.
macro_rules! plpgsql {
    ($text:literal) => {
        concat!("From PL/pgSQL, installed in every database and loaded when used: ", $text)
    };
}

/// Our explanation of a bundled module's parameter, by its lower-case name.
pub(super) fn summary(lower: &str) -> Option<&'static str> {
    let text = match lower {
        "auth_delay.milliseconds" => {
            "From auth_delay, which must be in shared_preload_libraries: how long the server \
             waits before reporting a failed login, to slow down password guessing. Each \
             waiting attempt keeps a connection slot busy."
        }
        "auto_explain.log_min_duration" => auto_explain!(
            "the plan of every statement that runs at least this long is logged; -1 logs none, \
             0 logs all. Nothing is logged until this is set."
        ),
        "auto_explain.log_analyze" => auto_explain!(
            "log EXPLAIN ANALYZE output, with actual row counts and times, instead of the bare \
             plan. Statements then pay for the measuring whether or not they end up logged."
        ),
        "auto_explain.log_buffers" => {
            auto_explain!("add buffer hit and read counts to logged plans; needs log_analyze.")
        }
        "auto_explain.log_wal" => auto_explain!(
            "add the WAL each plan node generated to logged plans; needs log_analyze."
        ),
        "auto_explain.log_timing" => auto_explain!(
            "per-node times in logged ANALYZE plans. Turning it off keeps the row counts and \
             removes most of the measuring overhead."
        ),
        "auto_explain.log_triggers" => {
            auto_explain!("add the time spent in triggers to logged plans; needs log_analyze.")
        }
        "auto_explain.log_verbose" => auto_explain!(
            "log plans with the detail of EXPLAIN VERBOSE, such as each node's output columns."
        ),
        "auto_explain.log_settings" => auto_explain!(
            "list the planner-related settings that differ from their defaults with each \
             logged plan."
        ),
        "auto_explain.log_format" => auto_explain!(
            "the format of logged plans; `json` is the easiest for log tools to parse."
        ),
        "auto_explain.log_level" => auto_explain!(
            "the message level logged plans are written at; the default `log` reaches the \
             server log without reaching clients."
        ),
        "auto_explain.log_nested_statements" => auto_explain!(
            "also consider statements run inside functions, not only those sent by clients."
        ),
        "auto_explain.log_parameter_max_length" => auto_explain!(
            "how much of each bind parameter value is logged with the plan; 0 leaves the \
             values out, which keeps personal data out of the log."
        ),
        "auto_explain.sample_rate" => auto_explain!(
            "the share of statements considered for logging, to keep the cost down on busy \
             servers."
        ),
        "basebackup_to_shell.command" => {
            "From basebackup_to_shell, which must be in shared_preload_libraries or \
             local_preload_libraries: the shell command that receives each archive of a backup \
             taken with `pg_basebackup --target=shell` on its standard input; `%f` becomes the \
             archive name, `%d` the target detail."
        }
        "basebackup_to_shell.required_role" => {
            "From basebackup_to_shell: only members of this role may use the `shell` backup \
             target; empty lets every replication user. The command runs as the server's \
             operating-system user, so set it."
        }
        "basic_archive.archive_directory" => {
            "From basic_archive, used by setting archive_library = 'basic_archive': the \
             directory WAL segments are copied to. Until it names an existing directory, \
             archiving fails and WAL piles up in pg_wal."
        }
        "isn.weak" => {
            "From the isn extension (CREATE EXTENSION isn): accept ISBN, EAN and similar numbers \
             whose check digit is wrong, marking them with `!`, instead of rejecting them."
        }
        "passwordcheck.min_password_length" => {
            "From passwordcheck, which must be in shared_preload_libraries: the shortest \
             password CREATE ROLE and ALTER ROLE accept. Passwords sent already hashed cannot \
             be checked for length."
        }
        "pg_prewarm.autoprewarm" => {
            "From pg_prewarm, which must be in shared_preload_libraries for this: a background \
             worker records which pages are cached and reads them back in after a restart, so \
             the cache is warm again soon."
        }
        "pg_prewarm.autoprewarm_interval" => {
            "From pg_prewarm (in shared_preload_libraries): how often the autoprewarm worker \
             saves its list of cached pages; 0 saves it only at shutdown."
        }
        "pg_stat_statements.max" => pg_stat_statements!(
            "how many distinct statements are tracked. When full, the least used entries are \
             dropped with their numbers; more costs shared memory."
        ),
        "pg_stat_statements.track" => pg_stat_statements!(
            "`top` counts statements sent by clients, `all` also those run inside functions, \
             `none` counts nothing."
        ),
        "pg_stat_statements.track_utility" => pg_stat_statements!(
            "also count commands other than SELECT, INSERT, UPDATE, DELETE and MERGE."
        ),
        "pg_stat_statements.track_planning" => pg_stat_statements!(
            "also measure planning. Off by default because many sessions running the same \
             statement then contend for its entry."
        ),
        "pg_stat_statements.save" => pg_stat_statements!(
            "keep the statistics across a clean restart by writing them to disk at shutdown."
        ),
        "pg_trgm.similarity_threshold" => pg_trgm!(
            "how similar two strings must be for the `%` operator to match; lower \
             values find more and fuzzier matches."
        ),
        "pg_trgm.word_similarity_threshold" => pg_trgm!(
            "the similarity the `<%` and `%>` operators require between a string and the best \
             matching part of another."
        ),
        "pg_trgm.strict_word_similarity_threshold" => pg_trgm!(
            "the similarity the `<<%` and `%>>` operators require, where the matching part \
             must consist of whole words."
        ),
        "pgcrypto.builtin_crypto_enabled" => {
            "From the pgcrypto extension (CREATE EXTENSION pgcrypto): whether its own password \
             hashing in crypt() and gen_salt() may be used; `fips` refuses it when OpenSSL runs \
             in FIPS mode."
        }
        "plpgsql.variable_conflict" => plpgsql!(
            "what happens when a name could be a variable or a column: `error` makes the \
             statement fail, `use_variable` or `use_column` pick one."
        ),
        "plpgsql.check_asserts" => {
            plpgsql!("whether ASSERT statements are evaluated; off skips them.")
        }
        "plpgsql.extra_errors" => plpgsql!(
            "extra checks (`shadowed_variables`, `strict_multi_assignment`, `too_many_rows`, \
             or `all`) whose findings become errors."
        ),
        "plpgsql.extra_warnings" => plpgsql!(
            "the same extra checks as plpgsql.extra_errors, reported as warnings; handy while \
             developing."
        ),
        "plpgsql.print_strict_params" => plpgsql!(
            "when SELECT INTO STRICT finds no row or several, the error detail shows the \
             query's parameter values, which may be sensitive."
        ),
        "pltcl.start_proc" => {
            "From PL/Tcl (CREATE EXTENSION pltcl): a function without arguments run once when a \
             session first uses PL/Tcl, to prepare its interpreter."
        }
        "pltclu.start_proc" => {
            "From PL/TclU (CREATE EXTENSION pltclu): a function without arguments run once when \
             a session first uses the untrusted PL/TclU, to prepare its interpreter."
        }
        "postgres_fdw.application_name" => {
            "From postgres_fdw (CREATE EXTENSION postgres_fdw): the application_name its \
             connections to remote servers report; escapes such as `%a` (local application \
             name), `%u`, `%d` and `%p` tell which local session opened them."
        }
        _ => return None,
    };
    Some(text)
}
