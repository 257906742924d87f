#!/usr/bin/env bash
# Export speed: `ferry load PG --source-table T --to file.csv` end to end, beside
# `psql \copy (select * from T) to file.csv`, and PostgresSource reading alone.
#
#   bench/postgres_export.sh [ROWS] [REPEAT]        (defaults: 1000000 rows, 5 runs each)
#
# The server is FERRY_TEST_PG_URL (for example from scripts/pg-test-server.sh start DIR; then
# `. DIR/env && export FERRY_TEST_PG_URL PGPASSWORD=ferry-test-pw`). Loads bench/data/orders_ROWS.csv
# (made by ../shared/bench/gen_csv.py --seed 42 when missing) into table bench_export (gen_csv.py's
# TABLE_DDL), warms the cache, then, REPEAT times, alternating so that other load on the machine
# hits both alike:
#   - ferry load … --source-table bench_export --to FILE.csv   (release build of the binary)
#   - psql \copy (select * from bench_export) to FILE.csv with (format csv, header true)
#   - psql \copy (select * from bench_export) to FILE (text)   the format of the text COPY path
#   - PostgresSource reading the table to the end (release build, swift test), which decodes
#     every row into RawBatch fields but types and writes nothing.
# Prints the median wall time of each, rows/s, the median peak RSS of the two end-to-end commands
# (/usr/bin/time), and how many times faster ferry is than psql (psql median / ferry median).
#
# FERRY_BENCH_SCRATCH: the build directory (default .build-bench-export; the tests build in
# SCRATCH-tests); FERRY_BENCH_BIN: a ferry binary to time instead of building one.
set -euo pipefail

rows="${1:-1000000}"
repeat="${2:-5}"
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

# "wall-seconds peak-RSS-kB" of a command (GNU time).
measured() {
  /usr/bin/time -o "$out/time" -f "%e %M" "$@" >/dev/null 2>"$out/stderr" || {
    cat "$out/stderr" >&2
    return 1
  }
  cat "$out/time"
}

[ -x /usr/bin/time ] || { echo "needs GNU time at /usr/bin/time (apt-get install time)" >&2; exit 1; }

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

if [ -n "${FERRY_BENCH_BIN:-}" ]; then
  ferry="$FERRY_BENCH_BIN"
else
  echo "building ferry (release) ..." >&2
  swift build -c release --scratch-path "$scratch" --product ferry >"$out/build.log" 2>&1 ||
    { tail -n 30 "$out/build.log" >&2; exit 1; }
  ferry="$scratch/release/ferry"
fi
echo "building the tests (release) ..." >&2
swift build -c release -Xswiftc -enable-testing --scratch-path "$scratch-tests" --build-tests >"$out/build.log" 2>&1 ||
  { tail -n 30 "$out/build.log" >&2; exit 1; }

ferry_s=(); ferry_kb=(); csv=(); csv_kb=(); text=(); source=()
for _ in $(seq "$repeat"); do
  rm -f "$out/ferry.csv"
  read -r s kb < <(measured "$ferry" load "$url" --source-table bench_export --to "$out/ferry.csv" -q)
  ferry_s+=("$s"); ferry_kb+=("$kb")
  rm -f "$out/psql.csv"
  read -r s kb < <(measured psql -X -q -v ON_ERROR_STOP=1 -d "$url" \
    -c "\\copy (select * from bench_export) to '$out/psql.csv' with (format csv, header true)")
  csv+=("$s"); csv_kb+=("$kb")
  text+=("$(timed psql_q -c "\\copy (select * from bench_export) to '$out/x.txt'")")
  line="$(FERRY_PG_EXPORT_BENCH_TABLE=bench_export FERRY_PG_EXPORT_BENCH_REPEAT=1 \
    swift test -c release -Xswiftc -enable-testing --scratch-path "$scratch-tests" --skip-build --filter PostgresSourceThroughput 2>&1 |
    grep 'PostgresSource:' || true)"
  [ -n "$line" ] || { echo "the PostgresSource measurement printed nothing" >&2; exit 1; }
  source+=("$(sed -E 's/.*: ([0-9.]+) s, .*/\1/' <<<"$line")")
done
[ "$(wc -l <"$out/ferry.csv")" -eq "$(wc -l <"$out/psql.csv")" ] || echo "warning: the two CSV files differ in line count" >&2

report() {
  local name="$1"; shift
  local m
  m="$(printf '%s\n' "$@" | median)"
  printf '%-58s %7.3f s  %9.0f rows/s   (runs: %s)\n' "$name" "$m" "$(echo "$rows / $m" | bc -l)" "$*"
}
server="$(psql_q -A -t -c "select current_setting('server_version')")"
echo "$rows rows of gen_csv.py, PostgreSQL $server, $(nproc) cores, median of $repeat, alternating"
report "ferry load --source-table … --to file.csv" "${ferry_s[@]}"
report "psql \\copy (select * from t) to file (csv, header)" "${csv[@]}"
report "psql \\copy (select * from t) to file (text)" "${text[@]}"
report "PostgresSource alone (decoded into RawBatch)" "${source[@]}"
ferry_m="$(printf '%s\n' "${ferry_s[@]}" | median)"
csv_m="$(printf '%s\n' "${csv[@]}" | median)"
printf 'peak RSS (median): ferry %.0f MB, psql %.0f MB\n' \
  "$(echo "$(printf '%s\n' "${ferry_kb[@]}" | median) / 1024" | bc -l)" \
  "$(echo "$(printf '%s\n' "${csv_kb[@]}" | median) / 1024" | bc -l)"
printf 'ferry vs psql to CSV: %.2fx as fast (psql median / ferry median)\n' "$(echo "$csv_m / $ferry_m" | bc -l)"
