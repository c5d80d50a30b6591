#!/bin/sh
# Runs the migrations before a release.
set -eu

export DATABASE_URL="postgresql://migrator@db.internal.example.com/app?sslmode=verify-ca&sslrootcert=certs/corp-ca.pem&keepalives_idle=60"
echo "migrating $DATABASE_URL"
./bin/migrate up
