#!/usr/bin/env bash
# Export speed: `ferry load PG --source-table T --to file.{csv,tsv,jsonl}` end to end, beside
# `psql \copy (select * from T) to file` (csv for .csv and .jsonl, text for .tsv), optionally
# beside a second ferry binary (A/B), and optionally PostgresSource reading alone.
#
#   bench/postgres_export.sh [ROWS] [REPEAT]        (defaults: 1000000 rows, 5 runs each)
#
# The server is FERRY_TEST_PG_URL (for example from scripts/pg-test-server.sh start DIR; then
# `. DIR/env && export FERRY_TEST_PG_URL PGPASSWORD=ferry-test-pw`). Loads bench/data/orders_ROWS.csv
# (made by ../shared/bench/gen_csv.py --seed 42 when missing) into table bench_export (gen_csv.py's
# TABLE_DDL), warms the cache, then for each format (FERRY_BENCH_FORMATS, default "csv tsv jsonl"),
# REPEAT times, alternating so that other load on the machine hits all alike:
#   - ferry load … --source-table bench_export --to FILE.FORMAT   (release build of the binary)
#   - the same with FERRY_BENCH_BEFORE, when set (another ferry binary, e.g. main's release build);
#     its files must be byte-identical to the first binary's (checked with cmp on every run)
#   - psql \copy (select * from bench_export) to FILE with (format csv, header true), or (format text)
#     for TSV
# and, with FERRY_BENCH_SOURCE=1, PostgresSource reading the table to the end (release build,
# swift test), which decodes every row but types and writes nothing.
# Prints the median wall time of each, rows/s, the median peak RSS (/usr/bin/time), and how many
# times faster ferry is than psql (psql median / ferry median).
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
if [ "${FERRY_BENCH_SOURCE:-0}" = 1 ]; then
  echo "building the tests (release) ..." >&2
  swift build -c release -Xswiftc -enable-testing --scratch-path "$scratch-tests" --build-tests >"$out/build.log" 2>&1 ||
    { tail -n 30 "$out/build.log" >&2; exit 1; }
fi
before="${FERRY_BENCH_BEFORE:-}"

report() {
  local name="$1"; shift
  local m
  m="$(printf '%s\n' "$@" | median)"
  printf '%-58s %7.3f s  %9.0f rows/s   (runs: %s)\n' "$name" "$m" "$(echo "$rows / $m" | bc -l)" "$*"
}
mb() { echo "$(printf '%s\n' "$@" | median) / 1024" | bc -l; }

server="$(psql_q -A -t -c "select current_setting('server_version')")"
echo "$rows rows of gen_csv.py, PostgreSQL $server, $(nproc) cores, median of $repeat, alternating"
for format in ${FERRY_BENCH_FORMATS:-csv tsv jsonl}; do
  if [ "$format" = tsv ]; then psql_with="format text"; else psql_with="format csv, header true"; fi
  ferry_s=(); ferry_kb=(); before_s=(); before_kb=(); psql_s=(); psql_kb=(); source=()
  for _ in $(seq "$repeat"); do
    rm -f "$out/ferry.$format" "$out/before.$format" "$out/psql.out"
    read -r s kb < <(measured "$ferry" load "$url" --source-table bench_export --to "$out/ferry.$format" -q)
    ferry_s+=("$s"); ferry_kb+=("$kb")
    if [ -n "$before" ]; then
      read -r s kb < <(measured "$before" load "$url" --source-table bench_export --to "$out/before.$format" -q)
      before_s+=("$s"); before_kb+=("$kb")
      cmp -s "$out/ferry.$format" "$out/before.$format" || { echo "the two ferry binaries wrote different $format files" >&2; exit 1; }
    fi
    read -r s kb < <(measured psql -X -q -v ON_ERROR_STOP=1 -d "$url" \
      -c "\\copy (select * from bench_export) to '$out/psql.out' with ($psql_with)")
    psql_s+=("$s"); psql_kb+=("$kb")
    if [ "${FERRY_BENCH_SOURCE:-0}" = 1 ]; then
      line="$(FERRY_PG_EXPORT_BENCH_TABLE=bench_export FERRY_PG_EXPORT_BENCH_REPEAT=1 \
        swift test -c release -Xswiftc -enable-testing --scratch-path "$scratch-tests" --skip-build --filter PostgresSourceThroughput 2>&1 |
        grep 'PostgresSource:' || true)"
      [ -n "$line" ] || { echo "the PostgresSource measurement printed nothing" >&2; exit 1; }
      source+=("$(sed -E 's/.*: ([0-9.]+) s, .*/\1/' <<<"$line")")
    fi
  done
  echo "-- PostgreSQL → $format"
  report "ferry load --source-table … --to file.$format" "${ferry_s[@]}"
  [ -z "$before" ] || report "before: $before" "${before_s[@]}"
  report "psql \\copy (select * from t) to file ($psql_with)" "${psql_s[@]}"
  [ "${FERRY_BENCH_SOURCE:-0}" != 1 ] || report "PostgresSource alone" "${source[@]}"
  printf 'peak RSS (median): ferry %.0f MB%s, psql %.0f MB\n' "$(mb "${ferry_kb[@]}")" \
    "$([ -z "$before" ] || printf ', before %.0f MB' "$(mb "${before_kb[@]}")")" "$(mb "${psql_kb[@]}")"
  ferry_m="$(printf '%s\n' "${ferry_s[@]}" | median)"
  psql_m="$(printf '%s\n' "${psql_s[@]}" | median)"
  printf 'ferry vs psql to %s: %.2fx as fast (psql median / ferry median)' "$format" "$(echo "$psql_m / $ferry_m" | bc -l)"
  if [ -n "$before" ]; then
    printf '; before: %.2fx' "$(echo "$psql_m / $(printf '%s\n' "${before_s[@]}" | median)" | bc -l)"
  fi
  echo
done
