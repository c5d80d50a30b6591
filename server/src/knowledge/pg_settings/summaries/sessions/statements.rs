//! The per-session defaults for how statements and transactions behave: timeouts, isolation,
//! where new objects go, name resolution, triggers and row security, and GIN index behaviour.

/// Our explanation of a statement-behaviour default, by its lower-case name.
pub(super) fn summary(lower: &str) -> Option<&'static str> {
    let text = match lower {
        "statement_timeout" => {
            "Cancels any statement that runs longer than this; 0 never does. Server-wide it \
             also cuts off manual VACUUM, index builds and migrations, so prefer setting it per \
             role or database (ALTER ROLE ... SET)."
        }
        "lock_timeout" => {
            "Cancels a statement that waits longer than this for any one lock; 0 waits forever. \
             Set it in migrations, so that DDL stuck behind a long transaction fails quickly \
             instead of making every later query queue behind it."
        }
        "idle_in_transaction_session_timeout" => {
            "Ends a session that has sat idle inside an open transaction for this long, which \
             frees its locks and lets vacuum remove the rows it was holding back; 0 never does. \
             A few minutes is a common safety net."
        }
        "idle_session_timeout" => {
            "Ends a session that has been idle outside any transaction for this long; 0 never \
             does. Poolers and drivers keep idle connections on purpose and will see them cut, \
             so set it per role rather than server-wide."
        }
        "transaction_timeout" => {
            "Ends the whole session once one transaction, busy or idle, has lasted this long; \
             0 never does. The connection is closed, not just the statement cancelled, so set \
             it per role where long transactions are never legitimate."
        }
        "default_transaction_isolation" => {
            "The isolation level new transactions start with. With `repeatable read` or \
             `serializable` as the server-wide default, every application must be ready to \
             retry transactions that fail with serialization errors."
        }
        "default_transaction_read_only" => {
            "Whether new transactions start read-only. Any session can switch it back, so it \
             protects against mistakes, not against users."
        }
        "default_transaction_deferrable" => {
            "Whether new transactions start DEFERRABLE. It only affects serializable read-only \
             transactions: they wait for a safe snapshot, then run with no risk of \
             serialization failure and no predicate-lock overhead."
        }
        "transaction_isolation" => {
            "The isolation level of the transaction in progress, changed with SET TRANSACTION \
             before its first query. To change it for all new transactions, set \
             default_transaction_isolation instead."
        }
        "transaction_read_only" => {
            "Whether the transaction in progress is read-only (always so on a standby). To make \
             new transactions read-only by default, set default_transaction_read_only instead."
        }
        "transaction_deferrable" => {
            "Whether the transaction in progress is DEFERRABLE, set with SET TRANSACTION or \
             BEGIN. For a default, set default_transaction_deferrable instead."
        }
        "search_path" => {
            "The schemas searched, in order, for tables, functions and types named without a \
             schema. A schema on it that untrusted users can create objects in lets them \
             plant look-alikes that other users' queries pick up, so keep such schemas off it."
        }
        "row_security" => {
            "With `off`, a query that row-level security would filter fails with an error \
             instead of quietly returning fewer rows; it never bypasses the policies. pg_dump \
             uses it so that a dump is never silently incomplete."
        }
        "session_replication_role" => {
            "`replica` stops ordinary triggers and rules from firing, foreign-key checks \
             included, as replication tools need while applying changes. Set server-wide it \
             silently stops enforcing foreign keys; keep `origin`."
        }
        "check_function_bodies" => {
            "Whether CREATE FUNCTION and CREATE PROCEDURE validate the body when it is defined. \
             Restores turn it off so that functions referring to objects created later load; \
             leave it on otherwise."
        }
        "restrict_nonsystem_relation_kind" => {
            "Forbids using user-defined relations of the listed kinds (`view`, \
             `foreign-table`). pg_dump sets it so that a table swapped for a view during a \
             dump cannot run someone else's code; leave it empty in files."
        }
        "createrole_self_grant" => {
            "When a non-superuser with CREATEROLE creates a role, also grant the creator \
             membership in it with these options (`set`, `inherit`), on top of the ADMIN OPTION \
             the creator always gets, so that it can use the new role's privileges itself."
        }
        "event_triggers" => {
            "Whether event triggers fire. Turning it off lets a superuser repair a database \
             whose broken event trigger makes every DDL command or login fail, without \
             starting the server in single-user mode."
        }
        "client_min_messages" => {
            "The least severe message level sent to the client. Raising it to `warning` hides \
             notices, such as those of IF NOT EXISTS, from scripts and application logs."
        }
        "default_tablespace" => {
            "The tablespace new tables, indexes and materialized views go to when none is \
             named; empty means the database's own tablespace."
        }
        "temp_tablespaces" => {
            "Tablespaces for temporary tables and for the spill files of large sorts and \
             hashes; with several, the server spreads objects over them at random. Empty uses \
             the tablespace of the current database."
        }
        "default_table_access_method" => {
            "The storage method new tables and materialized views get when none is named; \
             `heap` is the only one built in."
        }
        "default_toast_compression" => {
            "How large column values are compressed when stored: `pglz`, or `lz4`, which is \
             faster but needs a server built with lz4 support. Values already stored keep \
             their method."
        }
        "bytea_output" => {
            "How bytea values are written as text: `hex` (starting with `\\x`) or the older \
             `escape` format, which only very old client libraries need."
        }
        "xmlbinary" => "How the XML functions encode binary data in XML text: `base64` or `hex`.",
        "xmloption" => {
            "Whether turning a string into xml (XMLPARSE, casts) requires a complete \
             `document` or also accepts a `content` fragment."
        }
        "gin_pending_list_limit" => {
            "How large the list of not yet merged entries of a GIN index with fastupdate may \
             grow. The insert that crosses it merges the list into the index and can stall; \
             the index storage parameter of the same name overrides it."
        }
        "gin_fuzzy_search_limit" => {
            "A soft cap on the rows a GIN index scan returns, meant for full-text searches on \
             very common words; 0 means no cap. Above the cap the result is an arbitrary \
             subset, so keep 0 unless approximate answers are fine."
        }
        "vacuum_cleanup_index_scale_factor" => {
            "When VACUUM finds nothing to delete, B-tree indexes are still scanned once the \
             table has gained this fraction of its rows since their statistics were last \
             gathered. Later releases dropped it."
        }
        _ => return None,
    };
    Some(text)
}
