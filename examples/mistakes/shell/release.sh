#!/bin/sh
# Runs a release task against the primary.
set -eu

# The bare `&` ends the assignment: the shell runs it in the background and the task
# below connects without DATABASE_URL.
DATABASE_URL=postgresql://release@db.internal.example.com/app?sslmode=verify-full&sslrootcert=/etc/ssl/certs/corp-ca.pem&keepalives_idle=60
export DATABASE_URL

# Double quotes let the shell expand `$…` inside the password: the task logs in with
# another password than the one written here.
REPORTS_URL="postgresql://reports:Rpt7demo$ecret@db.internal.example.com/reports?sslmode=verify-full&sslrootcert=/etc/ssl/certs/corp-ca.pem&keepalives_idle=60"
export REPORTS_URL
./bin/release
