#!/usr/bin/env bash
# Export speed: PostgresSource reading a gen_csv.py table, beside `psql \copy (select …) to file`.
#
#   bench/postgres_export.sh [ROWS] [REPEAT]        (defaults: 1000000 rows, 3 runs each)
#
# The server is FERRY_TEST_PG_URL (for example from scripts/pg-test-server.sh start DIR; then
# `. DIR/env && export FERRY_TEST_PG_URL`). Loads bench/data/orders_ROWS.csv (made by
# ../shared/bench/gen_csv.py --seed 42 when missing) into table bench_export (gen_csv.py's
# TABLE_DDL), warms the cache, then times in one run:
#   - psql \copy (select * from bench_export) to FILE (csv)    the reference
#   - psql \copy (select * from bench_export) to FILE (text)   the format PostgresSource reads
#   - PostgresSource reading the table to the end (release build, swift test), which parses
#     every row into RawBatch fields but writes no file.
# Prints the median wall time of each and rows/s.
set -euo pipefail

rows="${1:-1000000}"
repeat="${2:-3}"
root="$(cd "$(dirname "$0")/.." && pwd)"
shared="$root/../shared/bench"
data="$root/bench/data/orders_$rows.csv"
url="${FERRY_TEST_PG_URL:?set FERRY_TEST_PG_URL to the server to measure against}"
scratch="${FERRY_BENCH_SCRATCH:-$root/.build-bench-export}"
out="$(mktemp -d /tmp/ferry-export-bench.XXXXXX)"
trap 'rm -rf "$out"' EXIT

psql_q() { psql -X -q -v ON_ERROR_STOP=1 -d "$url" "$@"; }

median() { sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'; }

# Wall time of a command in seconds.
timed() {
  local start end
  start=$(date +%s.%N)
  "$@" >/dev/null
  end=$(date +%s.%N)
  echo "$end - $start" | bc
}

if [ ! -f "$data" ]; then
  mkdir -p "$(dirname "$data")"
  python3 "$shared/gen_csv.py" --rows "$rows" --seed 42 -o "$data.tmp"
  mv "$data.tmp" "$data"
fi

ddl="$(cd "$shared" && python3 -c 'import gen_csv; print(gen_csv.TABLE_DDL.format(table="bench_export"))')"
loaded="$(psql_q -A -t -c "select count(*) from bench_export" 2>/dev/null || echo missing)"
if [ "$loaded" != "$rows" ]; then
  psql_q -c "drop table if exists bench_export" -c "$ddl"
  psql_q -c "\\copy bench_export from '$data' with (format csv, header true)"
  psql_q -c "vacuum analyze bench_export"
fi
# Warm the server's cache the same way for every reader.
psql_q -c "\\copy (select * from bench_export) to '/dev/null'"

echo "building the tests (release) ..." >&2
swift build -c release -Xswiftc -enable-testing --scratch-path "$scratch" --build-tests >/dev/null

csv=(); text=(); source=()
for _ in $(seq "$repeat"); do
  csv+=("$(timed psql_q -c "\\copy (select * from bench_export) to '$out/x.csv' with (format csv)")")
  text+=("$(timed psql_q -c "\\copy (select * from bench_export) to '$out/x.txt'")")
  line="$(FERRY_PG_EXPORT_BENCH_TABLE=bench_export FERRY_PG_EXPORT_BENCH_REPEAT=1 \
    swift test -c release -Xswiftc -enable-testing --scratch-path "$scratch" --skip-build --filter PostgresSourceThroughput 2>&1 |
    grep 'PostgresSource:' || true)"
  [ -n "$line" ] || { echo "the PostgresSource measurement printed nothing" >&2; exit 1; }
  source+=("$(sed -E 's/.*: ([0-9.]+) s, .*/\1/' <<<"$line")")
done

report() {
  local name="$1"; shift
  local m
  m="$(printf '%s\n' "$@" | median)"
  printf '%-52s %7.3f s  %9.0f rows/s   (runs: %s)\n' "$name" "$m" "$(echo "$rows / $m" | bc -l)" "$*"
}
server="$(psql_q -A -t -c "select current_setting('server_version')")"
echo "$rows rows of gen_csv.py, PostgreSQL $server, $(nproc) cores, median of $repeat"
report "psql \\copy (select * from t) to file (csv)" "${csv[@]}"
report "psql \\copy (select * from t) to file (text)" "${text[@]}"
report "PostgresSource (COPY text, parsed into RawBatch)" "${source[@]}"
