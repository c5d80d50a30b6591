#!/bin/sh
# Asks a real PostgreSQL server how it reads pg_hba.conf files.
#
# Usage: pg_probe.sh start            -- initdb and start a throwaway server
#        pg_probe.sh probe FILE...    -- print pg_hba_file_rules for each FILE
#        pg_probe.sh stop             -- stop the server and remove its directory
#
# The server listens on a Unix socket in a temporary directory only (no TCP), runs as
# the unprivileged user in PROBE_USER (default: nobody), and keeps its state in
# PROBE_DIR (default: /tmp/pghba-probe). pg_hba_file_rules parses the file on disk each
# time it is queried, so a probe overwrites pg_hba.conf and never reloads the server:
# the server keeps authenticating with the rules it started with.
set -eu
BIN=${PG_BIN:-/usr/lib/postgresql/15/bin}
DIR=${PROBE_DIR:-/tmp/pghba-probe}
USER_NAME=${PROBE_USER:-nobody}
run() { runuser -u "$USER_NAME" -- "$@"; }

case "$1" in
start)
    mkdir -p "$DIR" && chown "$USER_NAME" "$DIR"
    run "$BIN/initdb" -D "$DIR/data" -A trust -U postgres >/dev/null
    cp "$DIR/data/pg_hba.conf" "$DIR/pg_hba.orig"
    # A throwaway self-signed certificate, so that hostssl lines are not refused for
    # want of ssl = on.
    openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj /CN=probe \
        -keyout "$DIR/data/server.key" -out "$DIR/data/server.crt" 2>/dev/null
    chown "$USER_NAME" "$DIR/data/server.key" "$DIR/data/server.crt"
    chmod 600 "$DIR/data/server.key"
    run "$BIN/pg_ctl" -D "$DIR/data" -l "$DIR/log" -w \
        -o "-c listen_addresses='' -c unix_socket_directories='$DIR' -c ssl=on" \
        start >/dev/null
    ;;
probe)
    shift
    for file in "$@"; do
        echo "== $file"
        cp "$file" "$DIR/data/pg_hba.conf" && chown "$USER_NAME" "$DIR/data/pg_hba.conf"
        run "$BIN/psql" -h "$DIR" -U postgres -d postgres -XAtF '|' -c \
            "select line_number, type, database, user_name, address, netmask, auth_method,
                    options, error from pg_hba_file_rules order by line_number"
    done
    cp "$DIR/pg_hba.orig" "$DIR/data/pg_hba.conf"
    ;;
stop)
    run "$BIN/pg_ctl" -D "$DIR/data" -m fast -w stop >/dev/null
    rm -rf "$DIR"
    ;;
esac
