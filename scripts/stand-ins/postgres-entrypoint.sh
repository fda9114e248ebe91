#!/usr/bin/env bash
# What the official postgres image's entrypoint does on a first start, in short: a cluster owned
# by POSTGRES_USER with POSTGRES_PASSWORD, the POSTGRES_DB database, password auth from anywhere.
set -euo pipefail
mkdir -p "$PGDATA" /run/postgresql
chown -R postgres:postgres "$PGDATA" /run/postgresql
if [[ ! -s "$PGDATA/PG_VERSION" ]]; then
  printf '%s' "$POSTGRES_PASSWORD" > /tmp/pwfile
  chown postgres /tmp/pwfile
  runuser -u postgres -- initdb -D "$PGDATA" --username="$POSTGRES_USER" --pwfile=/tmp/pwfile --auth=scram-sha-256 >/dev/null
  rm -f /tmp/pwfile
  echo "host all all all scram-sha-256" >> "$PGDATA/pg_hba.conf"
  runuser -u postgres -- pg_ctl -D "$PGDATA" -o "-c listen_addresses=''" -w start >/dev/null
  PGPASSWORD="$POSTGRES_PASSWORD" runuser -u postgres -- psql -h /run/postgresql -U "$POSTGRES_USER" -d postgres -q \
    -c "CREATE DATABASE \"${POSTGRES_DB:-$POSTGRES_USER}\""
  runuser -u postgres -- pg_ctl -D "$PGDATA" -m fast -w stop >/dev/null
fi
exec runuser -u postgres -- postgres -D "$PGDATA" -c listen_addresses='*' -c unix_socket_directories=/run/postgresql
