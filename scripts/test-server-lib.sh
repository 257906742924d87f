# shellcheck shell=bash
# What scripts/pg-test-server.sh and scripts/mariadb-test-server.sh share: their arguments
# (`start DIR [OWNER_PID] | stop DIR | env DIR`), running commands as the server's system user
# when started by root, a free port, the server's directory, and the watcher that stops the
# server when its owner process ends. Sourced, never run. Before sourcing, the script sets
#   name         its name in messages (pg-test-server)
#   server_user  the system user that runs the server when we are root (postgres, mysql)
#   marker       the file that marks DIR as made by the script
#   socket_room  the longest DIR that leaves room for the server's unix socket path inside it
# and then calls `parse_arguments "$@"`, which sets command, owner, script and dir. After defining
# its hooks (check_binaries, running, initialize, start_server printing the port,
# create_database PORT, write_env PORT, stop_server) it calls `run_command`.

die() {
  echo "$name: error: $*" >&2
  exit 1
}

usage() {
  echo "usage: $script start DIR [OWNER_PID] | stop DIR | env DIR" >&2
  exit 2
}

parse_arguments() {
  script="$(cd "$(dirname "$0")" && pwd)/$(basename "$0")"
  (($# == 2)) || { (($# == 3)) && [ "$1" = start ]; } || usage
  command="$1"
  owner="${3:-}"
  [ -z "$owner" ] || [[ "$owner" =~ ^[1-9][0-9]*$ ]] || die "OWNER_PID must be a process id, not '$owner'"
  [ -n "$2" ] || die "DIR is empty"
  # An absolute path: the server's socket and data directory must not depend on the cwd.
  case "$2" in
    /*) dir="${2%/}" ;;
    *) dir="$PWD/${2%/}" ;;
  esac
  [ -n "$dir" ] || die "DIR cannot be /"
}

# Runs a command as the server's user when we are root (the servers refuse root), else as us.
# The working directory is DIR, so a cwd the server's user cannot read causes no warnings.
as_server_user() {
  if [ "$(id -u)" -eq 0 ]; then
    (cd "$dir" && runuser -u "$server_user" -- "$@")
  else
    (cd "$dir" && "$@")
  fi
}

free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

# What every start needs besides the server's own binaries.
check_common_tools() {
  command -v python3 >/dev/null 2>&1 || die "python3 is needed to pick a free port"
  if [ "$(id -u)" -eq 0 ]; then
    id -u "$server_user" >/dev/null 2>&1 || die "running as root needs the '$server_user' system user (installed with the server's package)"
    command -v runuser >/dev/null 2>&1 || die "running as root needs runuser (util-linux)"
  fi
}

# Creates DIR (or takes an empty one) for the server's user, and checks that user can reach it.
prepare_dir() {
  if [ -e "$dir" ]; then
    [ -d "$dir" ] || die "$dir exists and is not a directory"
    if [ ! -e "$dir/$marker" ] && [ -n "$(ls -A "$dir")" ]; then
      die "$dir is not empty and was not made by this script; give a new or empty directory"
    fi
  else
    mkdir -p "$dir"
  fi
  touch "$dir/$marker"
  chmod 700 "$dir"
  if [ "$(id -u)" -eq 0 ]; then
    chown "$server_user": "$dir" "$dir/$marker"
    runuser -u "$server_user" -- test -w "$dir" -a -x "$dir" ||
      die "the $server_user user cannot reach $dir (a parent directory is not searchable by it); use a directory under /tmp"
  fi
  ((${#dir} <= socket_room)) || die "$dir is too long for a unix socket path inside it (at most $socket_room characters)"
}

# Whether `stop` may remove DIR: it is missing, empty, or made by this script.
check_removable() {
  [ -e "$dir/$marker" ] || [ -z "$(ls -A "$dir")" ] || die "$dir was not made by this script; not removing it"
}

# Stops the server once process $owner has ended, unless DIR went away first (a normal stop).
watch_owner() {
  (
    trap '' HUP
    while [ -d "$dir" ] && kill -0 "$owner" 2>/dev/null; do sleep 2; done
    [ -d "$dir" ] && "$script" stop "$dir"
  ) </dev/null >/dev/null 2>&1 &
}

# Carries out start, env or stop with the script's hooks.
run_command() {
  case "$command" in
    start)
      check_binaries
      if running; then
        [ -f "$dir/env" ] && exit 0
        die "a server runs in $dir/data but $dir/env is missing (an earlier start failed); run: $script stop $dir"
      fi
      prepare_dir
      initialize
      local port
      port="$(start_server)"
      create_database "$port"
      touch "$dir/.ready"
      write_env "$port"
      [ -z "$owner" ] || watch_owner
      ;;
    env)
      [ -f "$dir/env" ] || die "no server in $dir ($dir/env is missing); run: $script start $dir"
      cat "$dir/env"
      ;;
    stop)
      [ -e "$dir" ] || exit 0
      check_removable
      stop_server
      rm -rf "$dir"
      ;;
    *)
      usage
      ;;
  esac
}
