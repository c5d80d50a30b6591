//! Advice on where the server listens, how many sessions it takes, and how it notices
//! clients that vanished (TCP keepalives, user timeout, connection checks).

/// Our advice on a connection or keepalive parameter, by its lower-case name.
pub(super) fn summary(lower: &str) -> Option<&'static str> {
    listening(lower).or_else(|| dead_clients(lower))
}

/// Where clients reach the server and how many of them it admits.
fn listening(lower: &str) -> Option<&'static str> {
    let text = match lower {
        "listen_addresses" => {
            "Which network interfaces the server accepts TCP connections on: `localhost` \
             keeps it local, `*` listens on every interface, and an empty string allows Unix \
             sockets only. Left at `localhost` in a container or VM, every outside client gets \
             \"connection refused\"; with `*` the server is reachable from every network the \
             host is on, so pg_hba.conf and a firewall must do the filtering. A list must be \
             one quoted string, such as `'localhost,10.0.0.5'`."
        }
        "port" => {
            "The TCP port, which also names the Unix socket file (`.s.PGSQL.<port>`). \
             Clients, poolers, monitoring and standbys' primary_conninfo must all use the \
             same number, and two clusters on one host need different ones. Moving off 5432 \
             hides nothing from a port scan; it is no substitute for pg_hba.conf and TLS."
        }
        "max_connections" => {
            "The most client sessions at once. Each session is a process with its own memory \
             (work_mem per sort or hash, catalog caches), so thousands of them cost RAM and \
             lock contention even when idle, and beyond the limit logins fail with \"too many \
             clients\". Keep it to a few hundred and put a pooler such as PgBouncer in front; \
             a hot standby needs a value at least as high as its primary's."
        }
        "superuser_reserved_connections" => {
            "Connection slots kept for superusers once all others are taken, so an \
             administrator can still log in to find and end the sessions that filled the \
             server. They come out of max_connections, not on top of it; keep a few, since \
             with 0 a connection leak locks administrators out too."
        }
        "reserved_connections" => {
            "Connection slots kept for roles granted pg_use_reserved_connections, taken from \
             max_connections on top of the superuser reserve. Grant that role to monitoring \
             and on-call accounts and reserve a few slots, so that health checks and \
             operators still get in when an application has used up every ordinary slot."
        }
        "unix_socket_directories" => {
            "Where the server creates its Unix-domain socket; several directories go in one \
             quoted, comma-separated string, and an empty string disables local sockets. \
             Clients look in the directory their libpq was built with (`/tmp`, or \
             `/var/run/postgresql` in many Linux packages), so a mismatch gives \"No such \
             file or directory\" on local connections. List both, or make clients pass \
             `host=/the/dir`."
        }
        "unix_socket_group" => {
            "The group that owns the Unix socket file; empty means the server user's primary \
             group. With unix_socket_permissions `0770` it limits local connections to the \
             members of that group, such as an application's service account; pg_hba.conf \
             `local` lines still apply on top."
        }
        "unix_socket_permissions" => {
            "The file mode of the Unix socket, written in octal such as `0770`, which decides \
             who on the machine can reach the server locally. The usual `0777` lets every \
             local user connect, which is only safe when pg_hba.conf `local` lines ask for \
             real authentication (`peer`, `scram-sha-256`) rather than `trust`; use `0770` \
             with unix_socket_group, or `0700` for the server's own user only."
        }
        "bonjour" => {
            "Whether the server advertises itself on the local network with Bonjour \
             (mDNS/DNS-SD). It works only in builds with Bonjour support, which most Linux \
             packages lack, and announcing a database server on the network is rarely wanted \
             in production; leave it off."
        }
        "bonjour_name" => {
            "The service name announced when bonjour is on; empty means the computer's name. \
             It matters only in builds with Bonjour support and with bonjour enabled, so on \
             production servers it normally stays empty."
        }
        _ => return None,
    };
    Some(text)
}

/// How a session notices that its client is gone, so that it frees its locks and slot.
fn dead_clients(lower: &str) -> Option<&'static str> {
    let text = match lower {
        "client_connection_check_interval" => {
            "How often a running query checks that its client is still connected, so that \
             work for a client that gave up (an application timeout, a killed psql) stops \
             instead of running on and holding locks; 0 never checks. A value such as `10s` \
             costs little; the check needs support from the operating system (Linux has it), \
             and TCP keepalives are what make a silently vanished peer visible to it."
        }
        "tcp_keepalives_idle" => {
            "Seconds a client connection may sit silent before the server's kernel sends the \
             first TCP keepalive probe; 0 leaves the OS default (usually 7200 s on Linux). \
             NAT gateways, load balancers and firewalls drop idle flows much sooner (AWS 350 \
             s, Azure 240 s), so idle sessions are cut silently and the next query fails or \
             hangs. Set it below the shortest idle timeout on the path, such as `60`; it does \
             not apply to Unix sockets."
        }
        "tcp_keepalives_interval" => {
            "Seconds between keepalive probes that go unanswered; 0 leaves the OS default \
             (usually 75 s). With tcp_keepalives_count it decides how long a dead client \
             keeps its session, locks and slot once probing starts: interval times count, \
             over 11 minutes with Linux defaults. Something like `10` with a count of `6` \
             notices a dead peer within about a minute."
        }
        "tcp_keepalives_count" => {
            "How many unanswered keepalive probes make the kernel declare the connection \
             dead; 0 leaves the OS default (usually 9). A dead client's session lingers for \
             idle plus interval times count, holding its locks and slot, so a count of 3 to 6 \
             with a short interval frees them within minutes."
        }
        "tcp_user_timeout" => {
            "How long data the server sent may stay unacknowledged before the kernel drops \
             the connection (TCP_USER_TIMEOUT, where the OS supports it); 0 leaves the OS \
             default, which keeps retransmitting for many minutes. Keepalives only help while \
             a connection is idle, and this catches a client that vanished while results \
             were being sent; a value such as `30s` is a common choice."
        }
        _ => return None,
    };
    Some(text)
}
