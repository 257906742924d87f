#!/usr/bin/env bash
# libFuzzer targets of Sources/FerryFuzz (Docs/reliability.md, "Fuzzing"): the CSV, TSV, JSON Lines
# and gzip readers, the request decoder, connection-string redaction and the Parquet reader.
#
#   scripts/fuzz.sh ci                 build, then run every target a fixed number of inputs from a
#                                      fixed seed (about 30 s each here), two at a time; exit 1 on
#                                      any finding (CI's bound). Reproducible: CI runs exactly the
#                                      inputs a local `ci` run ran, so a red CI is a real finding
#                                      and a green local run predicts CI. Fresh ground is what
#                                      `deep` is for (random seed, by time).
#   scripts/fuzz.sh deep [SECONDS]     build, then run every target SECONDS (default 600), niced
#   scripts/fuzz.sh run TARGET SECONDS build, then run one target
#   scripts/fuzz.sh repro TARGET FILE… replay inputs (a crash file) against TARGET
#   scripts/fuzz.sh build              only build .build-fuzz/release/ferry-fuzz
#
# A finding is a crash (trap, AddressSanitizer report), a broken oracle (the harness aborts), an
# input that runs longer than 10 s (hang) or more than 2 GB of memory. libFuzzer writes the input
# as crash-*/timeout-*/oom-* to the artifact directory: FERRY_FUZZ_ARTIFACTS, by default a new
# directory under ${TMPDIR:-/tmp}; nothing is written into the repository. The seed corpus,
# Tests/fuzz/corpus/<target>/, is only read; inputs libFuzzer adds go to the artifact directory.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/env.sh

targets=(csv tsv jsonl gzip request redaction parquet)
scratch=.build-fuzz
bin="$scratch/release/ferry-fuzz"
niceness=()
# Set by `ci`: a fixed seed, and per target the number of inputs (-runs).
ci_seed=""
declare -A ci_runs=([csv]=30000 [tsv]=30000 [jsonl]=40000 [gzip]=20000 [request]=400000 [redaction]=10000 [parquet]=5000)

build() {
  echo "== fuzz: building ferry-fuzz (libFuzzer + AddressSanitizer) in $scratch" >&2
  # FERRY_FUZZ adds the target to Package.swift; the normal build never sees it. SwiftPM passes
  # `--sanitize` to swiftc as two flags, of which the last wins (no coverage, or no ASan): the
  # combined -sanitize=fuzzer,address comes last and gives Swift modules both; C gets both from
  # `--sanitize`.
  FERRY_FUZZ=1 swift build -c release --scratch-path "$scratch" --product ferry-fuzz \
    --sanitize fuzzer --sanitize address -Xswiftc -sanitize=fuzzer,address -Xswiftc -enable-testing >&2
}

artifacts() {
  if [ -n "${FERRY_FUZZ_ARTIFACTS:-}" ]; then mkdir -p "$FERRY_FUZZ_ARTIFACTS"; echo "$FERRY_FUZZ_ARTIFACTS"
  else mktemp -d "${TMPDIR:-/tmp}/ferry-fuzz.XXXXXX"; fi
}

# run_target TARGET SECONDS OUT: one libFuzzer run; its log is OUT/TARGET/log, findings OUT/TARGET/.
run_target() {
  local target=$1 seconds=$2 work="$3/$1"
  mkdir -p "$work/corpus" "$work/tmp"
  local status=0
  local bound=(-max_total_time="$seconds")
  [ -z "$ci_seed" ] || bound=(-seed="$ci_seed" -runs="${ci_runs[$target]}" -max_total_time="$seconds")
  # Leak checks are off: Swift's runtime keeps metadata caches that LeakSanitizer reports.
  # Swift's own crash handler is off: under ASan it reports a second, spurious error.
  FERRY_FUZZ_TARGET="$target" TMPDIR="$work/tmp" SWIFT_BACKTRACE=enable=no ASAN_OPTIONS="detect_leaks=0:${ASAN_OPTIONS:-}" \
    ${niceness[@]+"${niceness[@]}"} "$bin" "$work/corpus" "Tests/fuzz/corpus/$target" \
    "${bound[@]}" -timeout=10 -rss_limit_mb=2048 -max_len=8192 \
    -artifact_prefix="$work/" -print_final_stats=1 >"$work/log" 2>&1 || status=$?
  echo "$status" >"$work/status"
}

# summary OUT: one line per target (executions, coverage, corpus, result); exit 1 on a finding.
summary() {
  local out=$1 failed=0
  printf '%-10s %12s %8s %8s %8s  %s\n' target executions exec/s cov features result >&2
  for target in "${targets[@]}"; do
    local work="$out/$target"
    [ -f "$work/status" ] || continue
    local status execs rate cov ft result
    status=$(cat "$work/status")
    execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$work/log" | tail -1)
    rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$work/log" | tail -1)
    cov=$(grep -o 'cov: [0-9]*' "$work/log" | tail -1 | cut -d' ' -f2)
    ft=$(grep -o 'ft: [0-9]*' "$work/log" | tail -1 | cut -d' ' -f2)
    if [ "$status" = 0 ]; then result=ok; else
      result="FINDING (exit $status): $(ls "$work" | grep -E '^(crash|timeout|oom|leak|slow-unit)-' | sed "s|^|$work/|" | tr '\n' ' ')"
      failed=1
      grep -E 'FINDING|ERROR: (libFuzzer|AddressSanitizer)|Fatal error|SUMMARY' "$work/log" | head -5 >&2 || true
    fi
    printf '%-10s %12s %8s %8s %8s  %s\n' "$target" "${execs:-?}" "${rate:-?}" "${cov:-?}" "${ft:-?}" "$result" >&2
  done
  echo "fuzz logs and findings: $out" >&2
  return "$failed"
}

# run_all SECONDS JOBS: every target, JOBS at a time.
run_all() {
  local seconds=$1 jobs=$2 out
  out=$(artifacts)
  local running=()
  for target in "${targets[@]}"; do
    run_target "$target" "$seconds" "$out" &
    running+=($!)
    if [ "${#running[@]}" -ge "$jobs" ]; then wait "${running[0]}"; running=("${running[@]:1}"); fi
  done
  for pid in "${running[@]}"; do wait "$pid"; done
  summary "$out"
}

case "${1:-}" in
  build) build ;;
  ci)
    build
    ci_seed=20261204
    echo "== fuzz: a fixed number of inputs per target from seed $ci_seed (at most 120 s each), 2 at a time" >&2
    run_all 120 2 ;;
  deep)
    build
    seconds="${2:-600}"
    echo "== fuzz: $seconds s per target, one at a time, niced" >&2
    niceness=(nice -n 10)
    run_all "$seconds" 1 ;;
  run)
    [ $# -eq 3 ] || { echo "usage: $0 run TARGET SECONDS" >&2; exit 2; }
    build
    targets=("$2")
    run_all "$3" 1 ;;
  repro)
    [ $# -ge 3 ] || { echo "usage: $0 repro TARGET FILE..." >&2; exit 2; }
    target=$2; shift 2
    FERRY_FUZZ_TARGET="$target" TMPDIR="$(mktemp -d)" SWIFT_BACKTRACE=enable=no ASAN_OPTIONS="detect_leaks=0:${ASAN_OPTIONS:-}" "$bin" "$@" ;;
  *)
    echo "usage: $0 ci | deep [SECONDS] | run TARGET SECONDS | repro TARGET FILE... | build" >&2
    exit 2 ;;
esac
