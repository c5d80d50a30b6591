//! What the settings that matter most for availability and security do, in our own words,
//! for hovers. Settings without an entry here are shown with their catalog facts only.

/// One or two sentences on what a `[pgbouncer]` setting controls.
pub fn setting_meaning(name: &str) -> Option<&'static str> {
    Some(match name {
        "server_tls_sslmode" => {
            "How PgBouncer protects its own connections to PostgreSQL: whether it uses TLS \
            and whether it checks the server's certificate and host name. Only `verify-full` \
            stops an impostor on the network."
        }
        "client_tls_sslmode" => {
            "What PgBouncer demands from connecting clients. `require` accepts only TLS; \
            `verify-ca` and `verify-full` additionally demand a client certificate signed by \
            `client_tls_ca_file`. Clients check PgBouncer's certificate with their own sslmode."
        }
        "server_tls_ca_file" => {
            "The CA certificates PgBouncer trusts when it checks PostgreSQL's certificate \
            (with `verify-ca` or `verify-full`)."
        }
        "client_tls_ca_file" => {
            "The CA certificates that client certificates must chain to when \
            `client_tls_sslmode` demands one."
        }
        "client_tls_key_file" | "client_tls_cert_file" => {
            "PgBouncer's own private key and certificate, shown to clients that connect over \
            TLS. Without both, PgBouncer cannot accept TLS from clients."
        }
        "server_tls_key_file" | "server_tls_cert_file" => {
            "An optional client key and certificate PgBouncer presents to PostgreSQL, for \
            servers that authenticate PgBouncer by certificate."
        }
        "tcp_keepalive" => {
            "Turns on TCP keepalive probes on PgBouncer's sockets, so that a connection a NAT \
            gateway or load balancer dropped in silence is noticed. Only useful with short \
            `tcp_keepidle`: Linux waits two hours by default."
        }
        "tcp_keepidle" => {
            "Seconds of silence before the first keepalive probe. Keep it below the idle \
            timeout of every NAT gateway, load balancer and firewall on the path; 0 leaves it \
            to the system (two hours on Linux)."
        }
        "tcp_keepintvl" => {
            "Seconds between keepalive probes once they started; 0 leaves it to the system \
            (75 s on Linux)."
        }
        "tcp_keepcnt" => {
            "How many unanswered keepalive probes make the connection count as dead; 0 leaves \
            it to the system (9 on Linux)."
        }
        "tcp_user_timeout" => {
            "Milliseconds sent data may stay unacknowledged before the connection is closed, \
            so a vanished peer is noticed even while data is queued; 0 leaves it to the system."
        }
        "server_idle_timeout" => {
            "Seconds an unused server connection may wait in the pool before PgBouncer closes \
            it. Below a middlebox's idle timeout, pooled connections are closed before the \
            network can silently drop them."
        }
        "client_idle_timeout" => {
            "Seconds an idle client may stay connected before PgBouncer closes it; 0 never \
            closes idle clients."
        }
        "server_lifetime" => {
            "Seconds after which PgBouncer closes a server connection once it is free, to \
            spread load after failovers and free server memory; 0 keeps connections forever."
        }
        "server_connect_timeout" => {
            "Seconds PgBouncer waits for a server connection and login to complete before \
            giving up on it."
        }
        "client_login_timeout" => {
            "Seconds a client has to finish logging in before PgBouncer drops it."
        }
        "query_timeout" => {
            "Seconds after which PgBouncer cancels a query that is still running; 0 never \
            cancels. A blunt tool: prefer statement_timeout on the server."
        }
        "query_wait_timeout" => {
            "Seconds a client's query may wait for a free server connection before PgBouncer \
            drops the client; 0 waits forever."
        }
        "idle_transaction_timeout" => {
            "Seconds a client may sit idle inside an open transaction before PgBouncer closes \
            it, which frees the server connection it holds."
        }
        "auth_type" => {
            "How PgBouncer authenticates clients: `scram-sha-256` (recommended), `md5`, \
            `cert`, `hba` (rules from `auth_hba_file`), `plain` (clear-text passwords), or \
            `trust`/`any` (no password at all)."
        }
        "auth_file" => {
            "The file of user names and passwords (or their hashes) PgBouncer checks clients \
            against, and uses to log in to PostgreSQL. Keep it readable by PgBouncer only."
        }
        "auth_user" => {
            "The user PgBouncer logs in as to run `auth_query` for users missing from \
            `auth_file`; its own password must be in `auth_file`."
        }
        "auth_query" => {
            "The query PgBouncer runs, as `auth_user`, to fetch a user's password hash from \
            the server when the user is not in `auth_file`."
        }
        "auth_hba_file" => "The pg_hba.conf-style rules used when `auth_type = hba`.",
        "pool_mode" => {
            "When a server connection returns to the pool: `session` (when the client \
            leaves), `transaction` (after each transaction; session state such as SET, \
            advisory locks and SQL PREPARE does not survive) or `statement`."
        }
        "default_pool_size" => {
            "Server connections PgBouncer opens per database and user pair, unless an entry \
            sets `pool_size`."
        }
        "min_pool_size" => "Server connections kept open even when no client needs them.",
        "reserve_pool_size" => {
            "Extra server connections a pool may open when clients have waited longer than \
            `reserve_pool_timeout`."
        }
        "max_client_conn" => {
            "The most client connections PgBouncer accepts in total; each one uses a file \
            descriptor."
        }
        "max_db_connections" => "The most server connections to one database, over all users.",
        "max_user_connections" => "The most server connections for one user, over all databases.",
        "max_prepared_statements" => {
            "How many protocol-level prepared statements PgBouncer tracks per server \
            connection, so that they work in transaction pooling; 0 turns tracking off."
        }
        "server_reset_query" => {
            "The query run on a server connection before another client gets it, to clear \
            session state; in transaction pooling it is not run unless \
            `server_reset_query_always` is set."
        }
        "ignore_startup_parameters" => {
            "Startup parameters PgBouncer accepts from clients and drops; others it does not \
            track make it refuse the connection (JDBC sends `extra_float_digits`)."
        }
        "listen_addr" => {
            "The addresses PgBouncer listens on for TCP clients, comma-separated; `*` is all \
            of them, empty means Unix sockets only."
        }
        "listen_port" => "The TCP port, and the Unix socket's number, PgBouncer listens on.",
        "admin_users" => "Users allowed to run any command on the `pgbouncer` admin console.",
        "stats_users" => "Users allowed to run read-only SHOW commands on the admin console.",
        _ => return None,
    })
}

/// One sentence on what a key of a `[databases]` entry does.
pub fn database_key_meaning(name: &str) -> Option<&'static str> {
    Some(match name {
        "dbname" => "The database name on the server; defaults to the entry's own name.",
        "host" => {
            "The server's host name, IP address or Unix socket directory; a comma-separated \
            list spreads connections over several hosts."
        }
        "port" => "The server's port (5432 by default).",
        "user" => {
            "Connect to the server always as this user, whichever user the client logged in \
            as."
        }
        "password" => {
            "The password for `user`. Better left out: PgBouncer then takes it from \
            `auth_file`."
        }
        "auth_user" => "The user that runs `auth_query` for this database.",
        "auth_query" => "This database's own query for looking up users' password hashes.",
        "auth_dbname" => "The database `auth_query` runs in.",
        "pool_size" => "This database's pool size, instead of `default_pool_size`.",
        "min_pool_size" => "This database's `min_pool_size`.",
        "reserve_pool" | "reserve_pool_size" => "This database's `reserve_pool_size`.",
        "max_db_connections" => "The most server connections to this database.",
        "max_db_client_connections" => "The most client connections to this database.",
        "pool_mode" => "This database's pool mode, instead of the global `pool_mode`.",
        "connect_query" => "A query run once on every new server connection.",
        "application_name" => "The application_name PgBouncer reports to the server.",
        "client_encoding" | "datestyle" | "timezone" => {
            "A server parameter PgBouncer sets on new server connections."
        }
        "server_lifetime" => "This database's `server_lifetime`.",
        "load_balance_hosts" => "Whether connections rotate over the hosts listed in `host`.",
        _ => return None,
    })
}
