#!/usr/bin/env bash
# A throwaway PostgreSQL 15 server for tests, living entirely in one directory.
#
#   scripts/pg-test-server.sh start DIR [OWNER_PID]
#                                         initdb into DIR/data, start on 127.0.0.1 at a free port, wait
#                                         until it accepts connections, write DIR/env; prints nothing.
#                                         With OWNER_PID, a watcher stops the server once that process
#                                         has ended (for callers that may be killed before `stop`)
#   scripts/pg-test-server.sh env DIR     prints DIR/env (PGHOST, PGPORT, PGUSER, PGDATABASE,
#                                         FERRY_TEST_PG_URL)
#   scripts/pg-test-server.sh stop DIR    stops the server (pg_ctl stop -m fast) and removes DIR
#
# All three are idempotent: `start` on a running server does nothing, `stop` on a missing DIR does
# nothing. The server listens only on 127.0.0.1 (TCP: superuser `ferry`, password `ferry-test-pw`,
# SCRAM) and on a unix socket in DIR/run (trust, reachable only by the server's user and root).
# Durability is off (fsync, synchronous_commit, full_page_writes): the data is disposable.
# As root (CI), the server runs as the `postgres` system user, which owns DIR.
# PG_BIN overrides where the server binaries are (default: Debian's /usr/lib/postgresql/15/bin).
set -euo pipefail

readonly user=ferry
readonly password=ferry-test-pw
readonly database=ferry
readonly name=pg-test-server server_user=postgres marker=.ferry-pg-test-server
# The socket path is DIR/run/.s.PGSQL.<port>; unix sockets allow 107 bytes.
readonly socket_room=80
bin="${PG_BIN:-/usr/lib/postgresql/15/bin}"
. "$(dirname "$0")/test-server-lib.sh"
parse_arguments "$@"

# Connection settings of the caller's environment must not redirect the commands below.
unset PGHOST PGHOSTADDR PGPORT PGUSER PGDATABASE PGPASSWORD PGPASSFILE PGSERVICE PGSERVICEFILE PGOPTIONS PGSSLMODE

# Whether a server runs on DIR/data (pg_ctl status: 0 running, 3 not running, 4 no data directory).
running() {
  [ -f "$dir/data/PG_VERSION" ] || return 1
  as_server_user "$bin/pg_ctl" status -D "$dir/data" >/dev/null 2>&1
}

check_binaries() {
  local tool
  for tool in initdb pg_ctl pg_isready psql; do
    [ -x "$bin/$tool" ] || die "$bin/$tool not found: install PostgreSQL 15 (scripts/install-deps.sh) or set PG_BIN to its bin directory"
  done
  check_common_tools
}

initialize() {
  [ -f "$dir/data/PG_VERSION" ] && [ -f "$dir/.ready" ] && return 0
  [ -e "$dir/data" ] && die "$dir/data is a half-made data directory (an earlier start failed); run: $0 stop $dir"
  local pwfile="$dir/.pwfile"
  as_server_user sh -c 'umask 077 && printf "%s\n" "$1" > "$2"' sh "$password" "$pwfile"
  if ! as_server_user "$bin/initdb" -D "$dir/data" -U "$user" --pwfile="$pwfile" --encoding=UTF8 --locale=C \
      --auth-local=trust --auth-host=scram-sha-256 --no-sync >"$dir/initdb.log" 2>&1; then
    rm -f "$pwfile"
    cat "$dir/initdb.log" >&2
    die "initdb failed (log above)"
  fi
  rm -f "$pwfile"
  as_server_user mkdir -p "$dir/run"
  as_server_user sh -c 'cat >> "$1"' sh "$dir/data/postgresql.conf" <<EOF

# Ferry test server (scripts/pg-test-server.sh): loopback only, durability off for speed.
listen_addresses = '127.0.0.1'
unix_socket_directories = '$dir/run'
unix_socket_permissions = 0700
fsync = off
synchronous_commit = off
full_page_writes = off
max_wal_size = 4GB
EOF
  as_server_user sh -c 'cat > "$1"' sh "$dir/data/pg_hba.conf" <<EOF
# Ferry test server: the socket in $dir/run (mode 0700) trusts its owner; TCP needs the password.
local all all trust
host all all 127.0.0.1/32 scram-sha-256
EOF
}

# Starts the server on a free port; another process may take the port between the probe and the
# bind, so a failed bind is retried on a new port.
start_server() {
  local attempt port
  for attempt in 1 2 3 4 5; do
    port="$(free_port)"
    if as_server_user "$bin/pg_ctl" start -D "$dir/data" -l "$dir/server.log" -w -t 60 -o "-p $port" >/dev/null 2>&1; then
      echo "$port"
      return 0
    fi
    grep -q "could not bind\|Address already in use" "$dir/server.log" 2>/dev/null || break
  done
  tail -n 20 "$dir/server.log" >&2 2>/dev/null || true
  die "the PostgreSQL server in $dir/data did not start (log: $dir/server.log)"
}

wait_ready() {
  local port="$1" i
  for i in $(seq 1 120); do
    "$bin/pg_isready" -q -h 127.0.0.1 -p "$port" -d postgres -U "$user" && return 0
    sleep 0.25
  done
  die "the PostgreSQL server on 127.0.0.1:$port does not accept connections after 30 s (log: $dir/server.log)"
}

create_database() {
  local port="$1" exists
  wait_ready "$port"
  exists="$(as_server_user "$bin/psql" -X -A -t -q -h "$dir/run" -p "$port" -U "$user" -d postgres \
    -c "select 1 from pg_database where datname = '$database'")" || die "cannot query the server on port $port"
  [ "$exists" = 1 ] && return 0
  as_server_user "$bin/psql" -X -q -v ON_ERROR_STOP=1 -h "$dir/run" -p "$port" -U "$user" -d postgres \
    -c "create database $database" >/dev/null || die "cannot create database $database"
}

write_env() {
  local port="$1"
  cat >"$dir/env.tmp" <<EOF
PGHOST=127.0.0.1
PGPORT=$port
PGUSER=$user
PGDATABASE=$database
FERRY_TEST_PG_URL=postgresql://$user:$password@127.0.0.1:$port/$database
EOF
  chmod 644 "$dir/env.tmp"
  mv "$dir/env.tmp" "$dir/env"
}

stop_server() {
  running || return 0
  as_server_user "$bin/pg_ctl" stop -D "$dir/data" -m fast -w -t 60 >/dev/null ||
    die "pg_ctl could not stop the server in $dir/data (log: $dir/server.log)"
}

run_command
