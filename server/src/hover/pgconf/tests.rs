//! Hover snapshots: parameters of each kind, values, commented settings, directives,
//! unknown and extension names.

use super::*;
use expect_test::{expect, Expect};

/// The hover at the first occurrence of `marker` in `text`, checked against PostgreSQL 15
/// unless `major` says otherwise.
#[track_caller]
fn check_at(text: &str, marker: &str, major: Option<u32>, expect: Expect) {
    let offset = text.find(marker).expect("marker") + 1;
    let settings = Settings { postgres_version: major, ..Settings::default() };
    let rendered = match hover(text, offset, &settings) {
        Some(hover) => format!("[{}]\n{}", hover.span.of(text), hover.markdown),
        None => "(none)".to_string(),
    };
    expect.assert_eq(&rendered);
}

#[test]
fn memory_parameter_with_summary() {
    check_at(
        "shared_buffers = 2GB\n",
        "shared",
        Some(15),
        expect![[r#"
            [shared_buffers]
            **shared_buffers**: integer, in units of 8kB (memory: B, kB, MB, GB, TB)

            The server's page cache in shared memory, allocated in one piece at start. The default is far too small for a production server: a quarter of RAM is a common start, rarely over 40%, since the operating system caches the rest. More than the host or container can map makes the server fail to start, so check the container's memory limit and the huge page reservation when raising it.

            - Default: `128MB`
            - Range: 16 .. 1073741823 × 8kB (128kB .. ~8TB)
            - Changes: takes effect only after a server restart; context `postmaster`
            - Category: Resource Usage / Memory

            PostgreSQL 15. [Documentation](https://www.postgresql.org/docs/15/runtime-config-resource.html#GUC-SHARED-BUFFERS)"#]],
    );
}

#[test]
fn value_of_a_memory_parameter() {
    check_at(
        "shared_buffers = 2GB\n",
        "2GB",
        Some(15),
        expect![[r#"
            [2GB]
            **shared_buffers**: integer, in units of 8kB (memory: B, kB, MB, GB, TB)

            The server's page cache in shared memory, allocated in one piece at start. The default is far too small for a production server: a quarter of RAM is a common start, rarely over 40%, since the operating system caches the rest. More than the host or container can map makes the server fail to start, so check the container's memory limit and the huge page reservation when raising it.

            - Default: `128MB`
            - Range: 16 .. 1073741823 × 8kB (128kB .. ~8TB)
            - Changes: takes effect only after a server restart; context `postmaster`
            - Category: Resource Usage / Memory

            This value: 262144 × 8kB = `2GB`

            PostgreSQL 15. [Documentation](https://www.postgresql.org/docs/15/runtime-config-resource.html#GUC-SHARED-BUFFERS)"#]],
    );
}

#[test]
fn commented_keepalive_in_the_sample() {
    check_at(
        "#tcp_keepalives_idle = 0\t\t# TCP_KEEPIDLE, in seconds;\n",
        "tcp",
        Some(15),
        expect![[r#"
            [tcp_keepalives_idle]
            **tcp_keepalives_idle**: integer, in units of s (time: us, ms, s, min, h, d)

            Seconds a client connection may sit silent before the server's kernel sends the first TCP keepalive probe; 0 leaves the OS default (usually 7200 s on Linux). NAT gateways, load balancers and firewalls drop idle flows much sooner (AWS 350 s, Azure 240 s), so idle sessions are cut silently and the next query fails or hangs. Set it below the shortest idle timeout on the path, such as `60`; it does not apply to Unix sockets.

            - Default: `0`
            - Range: 0 .. 2147483647 × s (0 .. ~24855.1d)
            - Changes: takes effect on reload; any user may also change it per session; context `user`
            - Category: Connections and Authentication / Connection Settings

            PostgreSQL 15. [Documentation](https://www.postgresql.org/docs/15/runtime-config-connection.html#GUC-TCP-KEEPALIVES-IDLE)

            This line is a comment: the server uses the default."#]],
    );
}

#[test]
fn enum_with_a_hidden_spelling_and_the_assumed_major() {
    check_at(
        "wal_level = hot_standby\n",
        "hot",
        None,
        expect![[r#"
            [hot_standby]
            **wal_level**: one of a fixed set of values

            How much the write-ahead log records: `minimal` allows no archiving or replication, `replica` allows both, `logical` adds what logical decoding needs. With `minimal` the server refuses to start while archive_mode or max_wal_senders are set, and earlier base backups can no longer be rolled forward; keep `replica`, or `logical` for logical replication and change-data-capture tools.

            - Default: `replica`
            - Values: `minimal`, `replica`, `logical`
            - Changes: takes effect only after a server restart; context `postmaster`
            - Category: Write-Ahead Log / Settings

            This value: the same as `replica`

            PostgreSQL 18, assumed: the newest we know, since neither the postgresVersion setting nor the file's path (such as /etc/postgresql/18/main/) names a major. [Documentation](https://www.postgresql.org/docs/18/runtime-config-wal.html#GUC-WAL-LEVEL)"#]],
    );
}

#[test]
fn boolean_ssl() {
    check_at(
        "ssl = on\n",
        "ssl",
        Some(15),
        expect![[r#"
            [ssl]
            **ssl**: boolean

            Whether the server accepts TLS connections at all. Off, every byte, passwords included, crosses the network in plain text, `hostssl` lines in pg_hba.conf never match, and clients with `sslmode=require` or stricter cannot connect. Turn it on with ssl_cert_file and ssl_key_file set, then use `hostssl` lines and make clients use `sslmode=verify-full`.

            - Default: `off`
            - Values: `on`/`off` (also `true`/`false`, `yes`/`no`, `1`/`0`)
            - Changes: takes effect on reload (`pg_ctl reload` or `SELECT pg_reload_conf()`); context `sighup`
            - Category: Connections and Authentication / SSL

            PostgreSQL 15. [Documentation](https://www.postgresql.org/docs/15/runtime-config-connection.html#GUC-SSL)"#]],
    );
}

#[test]
fn genetic_optimizer_parameter_with_summary() {
    check_at(
        "geqo_effort = 5\n",
        "geqo",
        Some(15),
        expect![[r#"
            [geqo_effort]
            **geqo_effort**: integer

            Trades planning time for plan quality in the genetic optimizer; it only derives the defaults of geqo_pool_size and geqo_generations.

            - Default: `5`
            - Range: 1 .. 10
            - Changes: takes effect on reload; any user may also change it per session; context `user`
            - Category: Query Tuning / Genetic Query Optimizer

            PostgreSQL 15. [Documentation](https://www.postgresql.org/docs/15/runtime-config-query.html#GUC-GEQO-EFFORT)"#]],
    );
}

#[test]
fn extension_parameter() {
    check_at(
        "pg_stat_statements.max = 10000\n",
        "pg_stat",
        Some(15),
        expect![[r#"
            [pg_stat_statements.max]
            **pg_stat_statements.max**: integer

            From pg_stat_statements, which must be in shared_preload_libraries (and created with CREATE EXTENSION to read it): how many distinct statements are tracked. When full, the least used entries are dropped with their numbers; more costs shared memory.

            - Default: `5000`
            - Range: 100 .. 1073741823
            - Changes: takes effect only after a server restart; context `postmaster`
            - Category: Customized Options

            PostgreSQL 15. [Documentation](https://www.postgresql.org/docs/15/pgstatstatements.html)"#]],
    );
}

#[test]
fn unknown_old_and_custom_names() {
    check_at(
        "temp_file_size = 1GB\n",
        "temp",
        Some(15),
        expect![[r#"
            [temp_file_size]
            **temp_file_size**: not a parameter of PostgreSQL 15. Did you mean `temp_file_limit`?

            PostgreSQL 15."#]],
    );
    check_at(
        "sort_mem = 1MB\n",
        "sort",
        Some(15),
        expect![[r#"
            [sort_mem]
            **sort_mem**: an old name the server still accepts for `work_mem`.

            **work_mem**: integer, in units of kB (memory: B, kB, MB, GB, TB)

            Memory one sort or hash step of a query may use before spilling to disk; a query can run several such steps and every connection has its own. Raised globally to speed up one report, it can exhaust RAM under load and get the server killed by the OOM killer, so keep the global value modest and raise it per role or with `SET` where needed; log_temp_files shows which queries spill.

            - Default: `4MB`
            - Range: 64 .. 2147483647 × kB (64kB .. ~2TB)
            - Changes: takes effect on reload; any user may also change it per session; context `user`
            - Category: Resource Usage / Memory

            PostgreSQL 15. [Documentation](https://www.postgresql.org/docs/15/runtime-config-resource.html#GUC-WORK-MEM)"#]],
    );
    check_at(
        "preprepare.at_init = on\n",
        "pre",
        Some(15),
        expect![[r#"
            [preprepare.at_init]
            **preprepare.at_init**: a setting for an extension or custom module; the server accepts any dotted name as a placeholder until a library claims it.

            PostgreSQL 15."#]],
    );
}

#[test]
fn directive_and_broken_line() {
    check_at(
        "include_dir 'conf.d'\n",
        "include",
        Some(15),
        expect![[r#"
        [include_dir]
        **include_dir** (directive)

        Reads every file ending in `.conf` in a directory, in file-name order; files starting with `.` are skipped. Settings read later override earlier ones.

        [Documentation](https://www.postgresql.org/docs/current/config-setting.html#CONFIG-INCLUDES)"#]],
    );
    check_at(
        "listen_addresses = 10.0.0.5\n",
        "listen",
        Some(15),
        expect![[r#"
            [listen_addresses]
            **listen_addresses**: string

            Which network interfaces the server accepts TCP connections on: `localhost` keeps it local, `*` listens on every interface, and an empty string allows Unix sockets only. Left at `localhost` in a container or VM, every outside client gets "connection refused"; with `*` the server is reachable from every network the host is on, so pg_hba.conf and a firewall must do the filtering. A list must be one quoted string, such as `'localhost,10.0.0.5'`.

            - Default: `localhost`
            - Changes: takes effect only after a server restart; context `postmaster`
            - Category: Connections and Authentication / Connection Settings

            PostgreSQL 15. [Documentation](https://www.postgresql.org/docs/15/runtime-config-connection.html#GUC-LISTEN-ADDRESSES)"#]],
    );
    check_at("# nothing here\n", "nothing", Some(15), expect!["(none)"]);
}

#[test]
fn vacuum_parameter_with_summary() {
    check_at(
        "autovacuum_vacuum_scale_factor = 0.01\n",
        "autovacuum",
        Some(17),
        expect![[r#"
            [autovacuum_vacuum_scale_factor]
            **autovacuum_vacuum_scale_factor**: real number

            The fraction of a table's rows that must be dead (on top of the threshold) before autovacuum vacuums it. On very large tables the default lets millions of dead rows build up; lower it per table with ALTER TABLE ... SET.

            - Default: `0.2`
            - Range: 0 .. 100
            - Changes: takes effect on reload (`pg_ctl reload` or `SELECT pg_reload_conf()`); context `sighup`
            - Category: Autovacuum

            PostgreSQL 17. [Documentation](https://www.postgresql.org/docs/17/runtime-config-autovacuum.html#GUC-AUTOVACUUM-VACUUM-SCALE-FACTOR)"#]],
    );
}

#[test]
fn time_zone_values_say_what_they_are() {
    let values = [
        "timezone = 'Europe/Berlin'",
        "timezone = 'europe/berlin'",
        "timezone = 'UTC+3'",
        "timezone = '-5.5'",
        "timezone = 'posix/Europe/Berlin'",
        "timezone = 'Europe/Nowhere'",
        "log_timezone = '<+03>-3'",
        "timezone_abbreviations = 'Default'",
    ];
    let lines: Vec<String> = values
        .iter()
        .map(|line| {
            let text = format!("{line}\n");
            let offset = text.find('\'').expect("value") + 1;
            let settings = Settings { postgres_version: Some(17), ..Settings::default() };
            let markdown = hover(&text, offset, &settings).map(|h| h.markdown).unwrap_or_default();
            let meaning = markdown.lines().find(|l| l.starts_with("This value: ")).unwrap_or("-");
            format!("{line} => {meaning}")
        })
        .collect();
    expect![[r#"
        timezone = 'Europe/Berlin' => This value: the zone `Europe/Berlin` of the tz database
        timezone = 'europe/berlin' => This value: the zone `Europe/Berlin` of the tz database (the server finds names in any case)
        timezone = 'UTC+3' => This value: a POSIX time-zone spec: a name, then the offset in hours west of UTC (POSIX counts west as positive: `UTC+3` is three hours behind UTC), then any daylight-saving name and rules
        timezone = '-5.5' => This value: a fixed offset of 5.5 hours west of UTC, without daylight saving
        timezone = 'posix/Europe/Berlin' => This value: a name only the system's tz database has: builds that read it (Debian's) accept it, builds with their own tz data refuse it
        timezone = 'Europe/Nowhere' => -
        log_timezone = '<+03>-3' => This value: a POSIX time-zone spec: a name, then the offset in hours west of UTC (POSIX counts west as positive: `UTC+3` is three hours behind UTC), then any daylight-saving name and rules
        timezone_abbreviations = 'Default' => This value: the abbreviation set file `share/timezonesets/Default`"#]].assert_eq(&lines.join("\n"));
}
