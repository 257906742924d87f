#!/usr/bin/env python3
"""Loads gen_csv.py rows into PostgreSQL through ODBC (psqlODBC) with parameter arrays and row by
row, beside the native libpq path (`ferry load`, binary COPY) and `psql \\copy`.

Run from the repository root with a server to load into (its URL in FERRY_TEST_PG_URL):

    scripts/pg-test-server.sh start /tmp/ferry-bench-pg && . /tmp/ferry-bench-pg/env && export FERRY_TEST_PG_URL
    python3 bench/odbc_load.py --rows 200000 --row-by-row-rows 20000 --repeat 3

What runs:
  - ODBCSink through psqlODBC (the driver registered by the tests' ODBCTestDrivers), timed from
    `begin` to `commit` by the FERRY_BENCH test ODBCSinkThroughputTests in a release build: the
    rows of bench/data/orders_<rows>.csv, parsed into typed batches of 10,000 rows before the
    clock starts, loaded (1) the sink's default way: multi-row INSERTs of column-wise bound
    parameters, one per SQLExecute (psqlODBC inlines arrays of parameter sets into SQL text, so
    one large set per execution is its fast path), (2) with parameter arrays of 64-row INSERTs
    (SQL_ATTR_PARAMSET_SIZE 15), (3) with parameter arrays of one-row INSERTs (PARAMSET_SIZE
    1000), and (4) row by row (PARAMSET_SIZE 1, one row per INSERT, one SQLExecute per row),
    all through the same driver. The CLI does not know ODBC targets yet: the sink alone is timed.
  - `ferry load <csv> --to <url> --mode truncate` (the native libpq path, binary COPY), end to
    end: it also parses and types the CSV.
  - `psql \\copy … (FORMAT csv)` of the same file, for reference.
Every table is gen_csv.py's TABLE_DDL. Prints medians and ratios as Markdown.
"""
import argparse
import os
import re
import statistics
import subprocess
import sys
import time

from benchdata import ROOT, data_file, gen_module


def psql(url, sql):
    return subprocess.run(["psql", "-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1", "-d", url, "-c", sql], check=True,
                          capture_output=True, text=True).stdout


def timed(cmd, env=None):
    start = time.monotonic()
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
    return time.monotonic() - start


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--rows", type=int, default=200_000, help="rows loaded with parameter arrays, natively and by psql")
    ap.add_argument("--row-by-row-rows", type=int, default=20_000, help="rows loaded row by row (slow)")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--scratch", default=os.path.join(ROOT, ".build-bench-odbc"))
    ap.add_argument("--ferry", default=None, help="a release ferry binary (default: built in --scratch)")
    ap.add_argument("--skip-build", action="store_true")
    args = ap.parse_args()
    url = os.environ.get("FERRY_TEST_PG_URL")
    if not url:
        sys.exit("set FERRY_TEST_PG_URL to the server to measure against (scripts/pg-test-server.sh start DIR; . DIR/env)")
    rows = max(args.rows, args.row_by_row_rows)
    csv = data_file(rows)
    swift = ["swift"]
    release = ["-c", "release", "-Xswiftc", "-enable-testing", "--scratch-path", args.scratch]
    if not args.skip_build:
        print("building (release) ...", file=sys.stderr)
        subprocess.run(swift + ["build"] + release + ["--build-tests"], check=True, cwd=ROOT, stdout=subprocess.DEVNULL)
    ferry = args.ferry or os.path.join(args.scratch, "release", "ferry")

    env = dict(os.environ, FERRY_BENCH="1", FERRY_ODBC_BENCH_CSV=csv, FERRY_ODBC_BENCH_ROWS=str(args.rows),
               FERRY_ODBC_BENCH_ROW_BY_ROW_ROWS=str(args.row_by_row_rows), FERRY_ODBC_BENCH_REPEAT=str(args.repeat))
    out = subprocess.run(swift + ["test"] + release + ["--skip-build", "--filter", "ODBCSinkThroughputTests"],
                         cwd=ROOT, env=env, capture_output=True, text=True)
    lines = [l for l in (out.stdout + out.stderr).splitlines() if "ODBC bench:" in l]
    if out.returncode != 0 or not lines:
        sys.exit("the ODBC benchmark failed:\n" + out.stdout[-4000:] + out.stderr[-4000:])
    odbc = []
    for line in lines:
        m = re.search(r"ODBC bench: (.+?): (\d+) rows, median ([0-9.]+) s", line)
        if m:
            odbc.append((f"ODBCSink through psqlODBC, {m.group(1)}", int(m.group(2)), float(m.group(3))))
        print(line.split("ODBC bench: ", 1)[1], file=sys.stderr)

    ddl = gen_module().TABLE_DDL
    native, reference = [], []
    sliced = csv if rows == args.rows else data_file(args.rows)
    for table in ("bench_native", "bench_psql"):
        psql(url, f"drop table if exists {table}; " + ddl.format(table=table))
    for _ in range(args.repeat):
        psql(url, "truncate bench_native")
        native.append(timed([ferry, "load", sliced, "--to", url, "--table", "bench_native", "--mode", "truncate", "-q"]))
        psql(url, "truncate bench_psql")
        reference.append(timed(["psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "-d", url, "-c",
                                f"\\copy bench_psql from '{sliced}' with (format csv, header true)"]))
    counts = psql(url, "select (select count(*) from bench_native) || ' ' || (select count(*) from bench_psql)").split()
    results = odbc + [
        ("ferry load, native libpq binary COPY", args.rows, statistics.median(native)),
        ("psql \\copy (FORMAT csv), reference", args.rows, statistics.median(reference)),
    ]
    single = next(r for r in odbc if r[0].endswith("row by row"))
    server = psql(url, "select version()").strip().split(",")[0]
    print(f"\n{server}; {os.cpu_count()} cores; median of {args.repeat} runs; rows of {os.path.basename(csv)}\n")
    print("ODBC rows: sink only (typed batches, begin to commit); ferry load and psql: end to end from the CSV.\n")
    print("| path | rows | seconds | rows/s | × row by row |")
    print("|---|---:|---:|---:|---:|")
    base = single[1] / single[2]
    for name, n, secs in results:
        print(f"| {name} | {n:,} | {secs:.2f} | {n / secs:,.0f} | {n / secs / base:.1f}× |")
    print(f"\nRows after the last run (native, psql): {', '.join(counts)}")


if __name__ == "__main__":
    main()
