"""What the real libpq makes of connection strings: its parse, and its connect-time verdict.

Driven by the differential test in server/src/rules/conninfo/differential.rs, with the
python of the venv that tests/conninfo/setup creates. Reads one JSON object from stdin:

    {"listener": PORT, "cases": [{"text": ..., "connect": bool}, ...]}

and writes one JSON object per case to stdout, in order:

    {"ok": bool, "values": {keyword: value}, "error": str|null,
     "connect": "refused"|"attempted"|null, "message": str|null}

`ok`/`values` come from psycopg.conninfo.conninfo_to_dict (libpq's PQconninfoParse).
For a string libpq parses, when "connect" is asked, libpq connects (PQconnectdb) with every
host rewritten to 127.0.0.1 and every hostaddr to 127.0.0.1, so that NOTHING but loopback is
ever dialled: the port entries libpq would accept become a refusing port (a socket this
script binds without listening, so libpq moves on to the next host and checks its settings
too), the last host's the listener (which the test runs; it accepts and closes at once).
Port entries that are not plain numbers are kept, so that libpq checks them. The verdict is "refused" when libpq turned the options down (an
invalid value, a port out of range, mismatched lists) and "attempted" when it went on to the
network.
"""

import json
import os
import re
import socket
import sys
import tempfile

import psycopg.pq as pq
from psycopg import errors
from psycopg.conninfo import conninfo_to_dict

# libpq's messages for options it refuses, as opposed to failures of the network.
REFUSALS = re.compile(
    r"invalid .*value|invalid port number|could not match|weak sslmode|"
    r"invalid SSL protocol version range|require_auth method|cannot be mixed|"
    r"is greater than|setsockopt\(",
)
# Every address of the string unreadable: nothing is dialled at all.
ONLY_BAD_ADDRESSES = re.compile(r"\A(could not parse network address [^\n]*\n?)+\Z")
PLAIN_PORT = re.compile(r"^\s*\+?[0-9]+\s*$")


def quote(value):
    """A value (bytes) written for keyword=value text."""
    return b"'" + value.replace(b"\\", b"\\\\").replace(b"'", b"\\'") + b"'"


def raw_settings(text):
    """The settings libpq stores, as bytes, in libpq's keyword order."""
    options = pq.Conninfo.parse(text.encode("utf-8"))
    return {option.keyword.decode(): option.val for option in options if option.val is not None}


def numeric_address(entry):
    """Whether libpq's numeric getaddrinfo reads `entry` (an unreadable one is kept, so
    that libpq judges it and dials nothing for it)."""
    try:
        socket.getaddrinfo(entry, None, flags=socket.AI_NUMERICHOST)
        return True
    except (socket.gaierror, UnicodeError, ValueError):
        return False


def loopback_conninfo(values, listener, refusing):
    """The parsed settings with every host, hostaddr and acceptable port made loopback.

    Works on text decoded as latin-1, so that every byte survives the round trip."""
    values = {keyword: value.decode("latin-1") for keyword, value in values.items()}
    hostaddr = values.get("hostaddr")
    host = values.get("host")
    if hostaddr:
        count = hostaddr.count(",") + 1
        values["hostaddr"] = ",".join(
            ("127.0.0.1" if numeric_address(entry) else entry) if entry else ""
            for entry in hostaddr.split(","))
        if host:
            values["host"] = ",".join("127.0.0.1" for _ in host.split(","))
        else:
            # Entries without an address would use the default socket: make them TCP.
            values["host"] = ",".join("" if entry else "127.0.0.1"
                                      for entry in hostaddr.split(","))
    elif host:
        count = host.count(",") + 1
        values["host"] = ",".join("127.0.0.1" for _ in range(count))
    else:
        count = 1
        values["host"] = "127.0.0.1"

    ports = [str(refusing)] * (count - 1) + [str(listener)]
    port = values.get("port")
    if not port:
        values["port"] = ",".join(ports)
    else:
        entries = port.split(",")
        plain = [entry == "" or (PLAIN_PORT.match(entry) and 1 <= int(entry) <= 65535)
                 for entry in entries]
        if len(entries) == 1 and plain[0]:
            values["port"] = ",".join(ports)
        elif len(entries) == count:
            values["port"] = ",".join(ports[i] if plain[i] else entries[i]
                                      for i in range(count))
    if "connect_timeout" not in values:
        values["connect_timeout"] = "2"
    return b" ".join(keyword.encode() + b"=" + quote(value.encode("latin-1"))
                     for keyword, value in values.items())


def main():
    request = json.load(sys.stdin)
    listener = request["listener"]
    # Bound but never listening: connections to it are refused at once.
    refusing_socket = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    refusing_socket.bind(("127.0.0.1", 0))
    refusing = refusing_socket.getsockname()[1]

    # No fallbacks from this process's environment or home directory.
    for name in list(os.environ):
        if name.startswith("PG"):
            del os.environ[name]
    home = tempfile.mkdtemp(prefix="conninfo-differential-")
    os.environ["HOME"] = home
    os.environ["PGPASSFILE"] = os.path.join(home, "no-pgpass")
    os.environ["PGSERVICEFILE"] = os.path.join(home, "no-service-file")
    os.environ["PGSYSCONFDIR"] = home

    out = []
    for case in request["cases"]:
        record = {"ok": False, "values": {}, "error": None, "connect": None, "message": None}
        try:
            record["values"] = conninfo_to_dict(case["text"])
            record["ok"] = True
        except errors.ProgrammingError as error:
            record["error"] = str(error).strip()
        except UnicodeDecodeError:
            # A percent escape that is not UTF-8: psycopg cannot decode it, libpq took it.
            record["values"] = {keyword: value.decode("utf-8", "replace")
                                for keyword, value in raw_settings(case["text"]).items()}
            record["ok"] = True
        if record["ok"] and case.get("connect"):
            conninfo = loopback_conninfo(raw_settings(case["text"]), listener, refusing)
            conn = pq.PGconn.connect(conninfo)
            message = conn.error_message.decode("utf-8", "replace")
            conn.finish()
            record["message"] = message.strip()
            refused = REFUSALS.search(message) or ONLY_BAD_ADDRESSES.search(message.strip())
            record["connect"] = "refused" if refused else "attempted"
        out.append(json.dumps(record, ensure_ascii=False))
    print("\n".join(out))
    print(f"libpq {pq.version()}", file=sys.stderr)


if __name__ == "__main__":
    main()
