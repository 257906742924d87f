#!/usr/bin/env bash
# Runs a command where some shared libraries are not installed, without touching the machine:
#
#   Tests/release/without-libs.sh PATTERN... -- COMMAND [ARGS...]
#   Tests/release/without-libs.sh 'libpq.so*' 'libcurl.so*' 'libsqlite3.so*' -- ferry version --json
#
# In a private mount namespace (unshare), an overlay over each library directory holds a whiteout
# for every file matching a PATTERN, so those files do not exist for COMMAND: the dynamic loader
# and dlopen report "cannot open shared object file". The overlay's upper layer is a tmpfs that
# only the namespace sees; everything ends with COMMAND. Needs root (CI runs as root) and an
# overlayfs-capable kernel. Exits with COMMAND's exit code.
set -euo pipefail

die() {
  echo "without-libs: error: $*" >&2
  exit 125
}

if [ "${1:-}" = --inside ]; then
  shift
  scratch="$1"
  shift
  patterns=()
  while (($#)) && [ "$1" != -- ]; do
    patterns+=("$1")
    shift
  done
  shift
  mount -t tmpfs -o mode=0700 ferry-without-libs "$scratch"
  multiarch="$(uname -m)-linux-gnu"
  hidden=0
  index=0
  seen=()
  for dir in "/usr/lib/$multiarch" "/lib/$multiarch" /usr/lib /lib /usr/local/lib; do
    [ -d "$dir" ] || continue
    real="$(realpath "$dir")"
    [[ " ${seen[*]-} " != *" $real "* ]] || continue
    seen+=("$real")
    matches=()
    for pattern in "${patterns[@]}"; do
      for file in "$real"/$pattern; do
        [ -e "$file" ] || [ -L "$file" ] || continue
        matches+=("$(basename "$file")")
      done
    done
    ((${#matches[@]})) || continue
    index=$((index + 1))
    mkdir -p "$scratch/$index/upper" "$scratch/$index/work"
    for name in "${matches[@]}"; do
      mknod "$scratch/$index/upper/$name" c 0 0
      hidden=$((hidden + 1))
    done
    mount -t overlay "ferry-without-libs-$index" \
      -o "lowerdir=$real,upperdir=$scratch/$index/upper,workdir=$scratch/$index/work" "$real"
  done
  ((hidden > 0)) || die "no file matches ${patterns[*]}: nothing to hide"
  exec "$@"
fi

(($# >= 3)) || die "usage: $0 PATTERN... -- COMMAND [ARGS...]"
[[ " $* " == *" -- "* ]] || die "usage: $0 PATTERN... -- COMMAND [ARGS...]"
[ "$(id -u)" -eq 0 ] || die "needs root (to unshare a mount namespace and mount an overlay)"
command -v unshare >/dev/null || die "needs unshare (util-linux)"
scratch="$(mktemp -d "${TMPDIR:-/tmp}/ferry-without-libs.XXXXXX")"
trap 'rmdir "$scratch"' EXIT
status=0
unshare --mount --propagation private -- "$0" --inside "$scratch" "$@" || status=$?
exit "$status"
