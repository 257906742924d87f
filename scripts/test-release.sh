#!/usr/bin/env bash
# Builds the release binary (scripts/build-release.sh) and the ferry-bin wheel
# (scripts/build-wheel.sh) into .build-release-dist, prints the binary's size, gzip size and
# startup time, and runs Tests/release against them (pytest's summary is the last line).
#
#   scripts/test-release.sh
#
# PostgreSQL: uses the server in FERRY_TEST_PG_URL when it is set (scripts/test.sh exports it),
# otherwise starts its own with scripts/pg-test-server.sh and stops it at the end. Tests/release
# needs root for its library-hiding tests (CI runs as root); under CI=true nothing is skipped.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/env.sh

dist=.build-release-dist
echo "== release binary" >&2
binary="$(scripts/build-release.sh "$dist")"
echo "== ferry-bin wheel" >&2
wheel="$(scripts/build-wheel.sh "$binary")"

if [ -z "${FERRY_TEST_PG_URL:-}" ]; then
  echo "== PostgreSQL 15 test server" >&2
  pg_dir="$(mktemp -d "${TMPDIR:-/tmp}/ferry-release-pg.XXXXXX")"
  trap 'scripts/pg-test-server.sh stop "$pg_dir"' EXIT
  scripts/pg-test-server.sh start "$pg_dir" "$$"
  set -a
  . "$pg_dir/env"
  set +a
fi

echo "== release measurements" >&2
python3 - "$binary" <<'PY' >&2
import os, statistics, subprocess, sys, time

binary = sys.argv[1]
runs = []
for _ in range(20):
    start = time.perf_counter()
    subprocess.run([binary, "version"], check=True, stdout=subprocess.DEVNULL)
    runs.append((time.perf_counter() - start) * 1000)
size = os.path.getsize(binary)
packed = os.path.getsize(binary + ".gz")
print(f"{os.path.basename(binary)}: {size / 1e6:.1f} MB, gzip {packed / 1e6:.1f} MB, "
      f"`ferry version` median of 20 runs {statistics.median(runs):.1f} ms (min {min(runs):.1f} ms)")
PY

echo "== release tests" >&2
venv=.build-release-venv
[ -x "$venv/bin/pytest" ] && "$venv/bin/python" -c 'import yaml' 2>/dev/null ||
  { python3 -m venv "$venv" && "$venv/bin/pip" install -q --disable-pip-version-check pytest pyyaml; }
FERRY_RELEASE_BINARY="$PWD/$binary" FERRY_RELEASE_WHEEL="$PWD/$wheel" \
  "$venv/bin/pytest" Tests/release -q -p no:cacheprovider
