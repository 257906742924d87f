#!/usr/bin/env bash
# A throwaway MariaDB server for tests, living entirely in one directory (modelled on
# scripts/pg-test-server.sh).
#
#   scripts/mariadb-test-server.sh start DIR [OWNER_PID]
#                                         mariadb-install-db into DIR/data, start mariadbd on
#                                         127.0.0.1 at a free port, wait until it accepts
#                                         connections, create the test database and user, write
#                                         DIR/env; prints nothing. With OWNER_PID, a watcher stops
#                                         the server once that process has ended
#   scripts/mariadb-test-server.sh env DIR     prints DIR/env (FERRY_TEST_MARIADB_ODBC, MARIADB_*)
#   scripts/mariadb-test-server.sh stop DIR    stops the server and removes DIR
#
# All three are idempotent. The server listens only on 127.0.0.1 (user `ferry`, password
# `ferry-test-pw`, all privileges, so tests can make a database each) and on the socket DIR/sock
# (root through unix_socket authentication, for this script only). It never uses the system's
# MariaDB service, its configuration files (--no-defaults) or /run/mysqld. Durability is off
# (innodb_flush_log_at_trx_commit=0, no doublewrite): the data is disposable.
# As root (CI), the server runs as the `mysql` system user (installed with mariadb-server), which
# owns DIR. The ODBC driver is MariaDB Connector/ODBC (`odbc-mariadb`, libmaodbc.so).
set -euo pipefail

readonly user=ferry
readonly password=ferry-test-pw
readonly database=ferry
readonly name=mariadb-test-server server_user=mysql marker=.ferry-mariadb-test-server
# The socket is DIR/sock; unix sockets allow 107 bytes.
readonly socket_room=90
. "$(dirname "$0")/test-server-lib.sh"
parse_arguments "$@"

# The root client over the socket (unix_socket authentication: the OS user is the MariaDB user,
# so as root it runs as root, which mariadb-install-db made a socket-authenticated account).
client() {
  if [ "$(id -u)" -eq 0 ]; then
    mariadb --no-defaults --socket="$dir/sock" -u root "$@"
  else
    mariadb --no-defaults --socket="$dir/sock" -u "$(id -un)" "$@"
  fi
}

running() {
  [ -f "$dir/mariadbd.pid" ] || return 1
  local pid
  pid="$(cat "$dir/mariadbd.pid" 2>/dev/null)" || return 1
  [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null
}

driver_library() {
  local candidate
  for candidate in /usr/lib/*-linux-gnu/odbc/libmaodbc.so /usr/lib/odbc/libmaodbc.so /usr/lib64/libmaodbc.so; do
    [ -f "$candidate" ] && { echo "$candidate"; return 0; }
  done
  die "the MariaDB ODBC driver libmaodbc.so is not installed: install odbc-mariadb (scripts/install-deps.sh)"
}

check_binaries() {
  local tool
  for tool in mariadbd mariadb-install-db mariadb mariadb-admin; do
    command -v "$tool" >/dev/null 2>&1 || [ -x "/usr/sbin/$tool" ] ||
      die "$tool not found: install mariadb-server (scripts/install-deps.sh)"
  done
  check_common_tools
}

mariadbd_path() {
  command -v mariadbd 2>/dev/null || echo /usr/sbin/mariadbd
}

initialize() {
  [ -d "$dir/data/mysql" ] && [ -f "$dir/.ready" ] && return 0
  [ -e "$dir/data" ] && die "$dir/data is a half-made data directory (an earlier start failed); run: $0 stop $dir"
  local owner_flag=()
  [ "$(id -u)" -eq 0 ] && owner_flag=(--user=mysql)
  if ! as_server_user mariadb-install-db --no-defaults --datadir="$dir/data" "${owner_flag[@]}" \
      --auth-root-authentication-method=socket --skip-test-db >"$dir/install.log" 2>&1; then
    cat "$dir/install.log" >&2
    die "mariadb-install-db failed (log above)"
  fi
}

# Starts mariadbd on a free port; a port taken between the probe and the bind is retried.
start_server() {
  local attempt port i
  for attempt in 1 2 3 4 5; do
    port="$(free_port)"
    as_server_user sh -c 'nohup "$@" </dev/null >/dev/null 2>&1 &' sh "$(mariadbd_path)" --no-defaults \
      --datadir="$dir/data" --socket="$dir/sock" --pid-file="$dir/mariadbd.pid" --log-error="$dir/server.log" \
      --bind-address=127.0.0.1 --port="$port" --skip-name-resolve --skip-networking=0 \
      --innodb-flush-log-at-trx-commit=0 --innodb-doublewrite=0 --innodb-buffer-pool-size=64M \
      --character-set-server=utf8mb4 --collation-server=utf8mb4_bin --max-connections=200
    for i in $(seq 1 240); do
      if [ -S "$dir/sock" ] && client -e "select 1" >/dev/null 2>&1; then
        echo "$port"
        return 0
      fi
      if grep -q "Do you already have another server running on port\|Can't start server: Bind on TCP/IP port" "$dir/server.log" 2>/dev/null; then
        break
      fi
      if [ "$i" -gt 8 ] && ! running && ! pgrep -f -- "--socket=$dir/sock" >/dev/null 2>&1; then
        break
      fi
      sleep 0.25
    done
    grep -q "Bind on TCP/IP port\|another server running on port" "$dir/server.log" 2>/dev/null || break
    stop_server
    : >"$dir/server.log"
  done
  tail -n 20 "$dir/server.log" >&2 2>/dev/null || true
  die "the MariaDB server in $dir/data did not start (log: $dir/server.log)"
}

create_database() {
  client -e "
    CREATE DATABASE IF NOT EXISTS \`$database\` CHARACTER SET utf8mb4 COLLATE utf8mb4_bin;
    CREATE USER IF NOT EXISTS '$user'@'127.0.0.1' IDENTIFIED BY '$password';
    CREATE USER IF NOT EXISTS '$user'@'localhost' IDENTIFIED BY '$password';
    GRANT ALL PRIVILEGES ON *.* TO '$user'@'127.0.0.1' WITH GRANT OPTION;
    GRANT ALL PRIVILEGES ON *.* TO '$user'@'localhost' WITH GRANT OPTION;
    FLUSH PRIVILEGES;" || die "cannot create database $database and user $user"
}

write_env() {
  local port="$1" driver
  driver="$(driver_library)"
  cat >"$dir/env.tmp" <<EOF
MARIADB_HOST=127.0.0.1
MARIADB_PORT=$port
MARIADB_USER=$user
MARIADB_DATABASE=$database
FERRY_TEST_MARIADB_ODBC='Driver=$driver;Server=127.0.0.1;Port=$port;Database=$database;UID=$user;PWD=$password'
EOF
  chmod 644 "$dir/env.tmp"
  mv "$dir/env.tmp" "$dir/env"
}

stop_server() {
  running || return 0
  local pid i
  pid="$(cat "$dir/mariadbd.pid")"
  kill -TERM "$pid" 2>/dev/null || true
  for i in $(seq 1 240); do
    kill -0 "$pid" 2>/dev/null || return 0
    sleep 0.25
  done
  kill -KILL "$pid" 2>/dev/null || true
}

run_command
