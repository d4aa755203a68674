#!/usr/bin/env bash
# Starts (or reuses) a throwaway PostgreSQL 15 cluster for Enerlectra's persistence tests.
#
# stdout carries exactly one line: the Npgsql connection string. Everything else goes to stderr,
# so callers can do:  export ENERLECTRA_TEST_POSTGRES="$(bash .ci/start-postgres.sh)"
# When sourced (". .ci/start-postgres.sh") it also exports ENERLECTRA_TEST_POSTGRES itself.
#
# Environment knobs:
#   PGPORT                    TCP port on 127.0.0.1 (default 55432)
#   ENERLECTRA_PGDATA         data directory (default /tmp/enerlectra-pg)
#   ENERLECTRA_PG_PASSWORD    password of the postgres role (default enerlectra-dev)
#   ENERLECTRA_PG_FAST=1      opt-in synchronous_commit=off: faster commits, but the last few
#                             transactions can be lost on an OS crash. fsync stays on either way,
#                             so the cluster itself is never corrupted.

_enerlectra_pg_main() (
  set -euo pipefail

  local port="${PGPORT:-55432}"
  local data="${ENERLECTRA_PGDATA:-/tmp/enerlectra-pg}"
  local password="${ENERLECTRA_PG_PASSWORD:-enerlectra-dev}"
  local bin=/usr/lib/postgresql/15/bin
  local log="${data}.log"
  local db=enerlectra

  log() { echo "[start-postgres] $*" >&2; }

  if [[ ! -x "$bin/postgres" ]]; then
    log "PostgreSQL 15 not found, installing postgresql-15"
    if [[ $(id -u) -ne 0 ]]; then log "need root to install packages"; exit 1; fi
    export DEBIAN_FRONTEND=noninteractive
    apt-get update >&2
    apt-get install -y --no-install-recommends postgresql-15 >&2
  fi

  # PostgreSQL refuses to run as root, so everything server-side runs as the postgres user.
  local as_pg=()
  if [[ $(id -u) -eq 0 ]]; then
    id postgres >/dev/null 2>&1 || useradd --system --home-dir /var/lib/postgresql --shell /bin/bash postgres
    as_pg=(runuser -u postgres --)
  fi
  pg() { (cd /tmp && "${as_pg[@]}" "$@"); }

  if [[ ! -s "$data/PG_VERSION" ]]; then
    log "initialising cluster in $data"
    rm -rf "$data"
    mkdir -p "$data"
    [[ ${#as_pg[@]} -gt 0 ]] && chown postgres:postgres "$data"
    chmod 700 "$data"
    local pwfile
    pwfile=$(mktemp)
    printf '%s\n' "$password" >"$pwfile"
    [[ ${#as_pg[@]} -gt 0 ]] && chown postgres "$pwfile"
    # Password auth over TCP mirrors production; the unix socket (only reachable on this box,
    # inside the data dir) uses peer auth so this script can administer without the password.
    pg "$bin/initdb" -D "$data" -U postgres --pwfile="$pwfile" \
      --auth-host=scram-sha-256 --auth-local=peer -E UTF8 --locale=C.UTF-8 >&2
    rm -f "$pwfile"
    cat >>"$data/postgresql.conf" <<CONF

# --- enerlectra test cluster ---
listen_addresses = '127.0.0.1'
unix_socket_directories = '$data'
# Each silo holds Npgsql pools for clustering, storage and reminders; tests run several silos.
max_connections = 300
shared_buffers = 128MB
CONF
  fi

  if pg "$bin/pg_ctl" -D "$data" status >/dev/null 2>&1; then
    log "already running ($data)"
  else
    local extra=""
    if [[ "${ENERLECTRA_PG_FAST:-0}" == "1" ]]; then
      log "ENERLECTRA_PG_FAST=1: synchronous_commit=off (recent commits may be lost on OS crash)"
      extra="-c synchronous_commit=off"
    fi
    touch "$log"
    [[ ${#as_pg[@]} -gt 0 ]] && chown postgres "$log"
    log "starting on 127.0.0.1:$port (log: $log)"
    pg "$bin/pg_ctl" -D "$data" -l "$log" -w -t 60 -o "-p $port $extra" start >&2
  fi

  # The running server may have been started with another port by an earlier call; ask it.
  local live_port
  live_port=$(pg "$bin/psql" -h "$data" -p "$port" -U postgres -d postgres -Atqc "SHOW port" 2>/dev/null || true)
  if [[ -z "$live_port" ]]; then
    live_port=$(sed -n '4p' "$data/postmaster.pid")
  fi
  port="$live_port"

  for _ in $(seq 1 60); do
    pg "$bin/pg_isready" -h 127.0.0.1 -p "$port" -q && break
    sleep 0.5
  done
  pg "$bin/pg_isready" -h 127.0.0.1 -p "$port" >&2

  # Keep the role's password in step with this call's ENERLECTRA_PG_PASSWORD. psql only
  # interpolates :'var' (properly quoted) in script input, not in -c, hence stdin.
  echo "ALTER ROLE postgres PASSWORD :'pw';" | pg "$bin/psql" -h "$data" -p "$port" -U postgres \
    -d postgres -v ON_ERROR_STOP=1 -q -v pw="$password" >&2

  if [[ "$(pg "$bin/psql" -h "$data" -p "$port" -U postgres -d postgres -Atqc "SELECT 1 FROM pg_database WHERE datname = '$db'")" != "1" ]]; then
    log "creating database $db"
    pg "$bin/createdb" -h "$data" -p "$port" -U postgres "$db"
  fi

  echo "Host=127.0.0.1;Port=${port};Database=${db};Username=postgres;Password=${password}"
)

if [[ "${BASH_SOURCE[0]}" != "$0" ]]; then
  # Sourced: export for the caller's shell without leaking set -e into it.
  if ENERLECTRA_TEST_POSTGRES="$(_enerlectra_pg_main)"; then
    export ENERLECTRA_TEST_POSTGRES
    echo "ENERLECTRA_TEST_POSTGRES=$ENERLECTRA_TEST_POSTGRES" >&2
  else
    echo "[start-postgres] failed" >&2
    return 1
  fi
else
  _enerlectra_pg_main
fi
