#!/usr/bin/env python3
"""Asks a real PostgreSQL which pg_hba.conf methods and options it accepts where.

Needs a probe server started with `pg_probe.sh start`. Writes two tables to stdout-free
files under server/data/hba/: pgNN-methods.tsv (method x connection type -> what the
server says) and pgNN-options.tsv (method x option -> whether the option is refused for
that method). The knowledge tests compare server/src/knowledge/hba.rs with them.

Usage: gen_pg_matrix.py MAJOR
"""
import os
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
DATA = os.path.join(HERE, "..", "..", "server", "data", "hba")
PROBE = os.path.join(HERE, "pg_probe.sh")

CONN_TYPES = ["local", "host", "hostssl", "hostnossl", "hostgssenc", "hostnogssenc"]
METHODS = ["trust", "reject", "scram-sha-256", "md5", "password", "gss", "sspi", "ident",
           "peer", "ldap", "radius", "cert", "pam", "bsd", "oauth"]
OPTIONS = ["map", "clientcert", "clientname", "pamservice", "pam_use_hostname", "ldapurl",
           "ldaptls", "ldapscheme", "ldapserver", "ldapport", "ldapbinddn", "ldapbindpasswd",
           "ldapsearchattribute", "ldapsearchfilter", "ldapbasedn", "ldapprefix",
           "ldapsuffix", "krb_realm", "include_realm", "compat_realm", "upn_username",
           "radiusservers", "radiusports", "radiussecrets", "radiusidentifiers", "issuer",
           "scope", "validator", "delegate_ident_mapping"]
# A value each option accepts, so that only the option's place is tested.
VALUES = {"clientcert": "verify-full", "clientname": "CN", "ldapurl": "ldap://127.0.0.1/dc=x",
          "ldapscheme": "ldap", "ldapport": "389", "radiusservers": "127.0.0.1",
          "radiusports": "1812", "ldaptls": "0", "include_realm": "1", "compat_realm": "1",
          "upn_username": "0", "pam_use_hostname": "0", "delegate_ident_mapping": "0"}


def probe(lines):
    """pg_hba_file_rules' error column for each line (empty when accepted)."""
    with tempfile.NamedTemporaryFile("w", suffix=".conf", delete=False) as handle:
        handle.write("".join(line + "\n" for line in lines))
        name = handle.name
    os.chmod(name, 0o644)
    out = subprocess.run([PROBE, "probe", name], check=True, capture_output=True,
                         text=True).stdout
    os.unlink(name)
    errors = {}
    for row in out.splitlines()[1:]:
        fields = row.split("|")
        errors[int(fields[0])] = fields[-1]
    return [errors.get(index + 1, "") for index in range(len(lines))]


def address(conn_type):
    return "" if conn_type == "local" else " 127.0.0.1/32"


def main():
    major = sys.argv[1]
    lines = [f"{ct} all all{address(ct)} {m}" for m in METHODS for ct in CONN_TYPES]
    results = probe(lines)
    with open(os.path.join(DATA, f"pg{major}-methods.tsv"), "w") as out:
        out.write("# method\tconnection type\tserver's error (empty: accepted)\n")
        for index, line in enumerate(lines):
            method, conn_type = METHODS[index // len(CONN_TYPES)], line.split()[0]
            out.write(f"{method}\t{conn_type}\t{results[index]}\n")

    # Options go on a hostssl line, where every connection-type condition holds, except
    # for peer, which only a local line takes.
    def line_for(method):
        return "local all all" if method == "peer" else "hostssl all all 127.0.0.1/32"
    lines = [f"{line_for(m)} {m} {o}={VALUES.get(o, 'x')}" for m in METHODS for o in OPTIONS]
    results = probe(lines)
    with open(os.path.join(DATA, f"pg{major}-options.tsv"), "w") as out:
        out.write("# method\toption\trefused for this method (yes/no)\tserver's error\n")
        for index, line in enumerate(lines):
            method, option = METHODS[index // len(OPTIONS)], OPTIONS[index % len(OPTIONS)]
            error = results[index]
            refused = any(text in error for text in (
                "is only valid for authentication methods",
                "unrecognized authentication option name",
                "invalid authentication method"))
            out.write(f"{method}\t{option}\t{'yes' if refused else 'no'}\t{error}\n")


main()
