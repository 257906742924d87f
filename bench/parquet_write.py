#!/usr/bin/env python3
"""Writes the same gen_csv.py file to Parquet (ZSTD) with `ferry load`, DuckDB and pyarrow.

Run from the repository root with a release build of ferry and a Python that has duckdb and
pyarrow (scripts/test.sh's venv, .build/venv, has both):

    .build/venv/bin/python bench/parquet_write.py --ferry .build/release/ferry --rows 1000000 --repeat 3

The data file is generated once into bench/data/ (git-ignored) by ../shared/bench/gen_csv.py.
For each tool it reports the median wall time of --repeat runs, peak resident memory (from
/usr/bin/time), the file size, and the ratios to DuckDB, and prints a Markdown table for
Docs/benchmarks.md. The tools run alternately, one after the other, in the same run.

- ferry: `ferry load f.csv --to o.parquet --compression zstd`, with `amount` declared
  decimal(12,2) (so it is a Parquet DECIMAL, as DuckDB's inference makes it) and `id` NOT NULL;
  every other type inferred over the whole file (two passes) and every value checked.
- DuckDB: `COPY (FROM read_csv('f.csv')) TO 'o.parquet' (COMPRESSION zstd)`, its own sampled
  inference, all threads.
- pyarrow: `pyarrow.csv.read_csv` (with `newlines_in_values`, which gen_csv's quoted line breaks need) then `pq.write_table(compression='zstd')` (the whole table in
  memory).
"""
import os
import statistics
import sys
import tempfile

from benchdata import data_file, ferry_bench_arguments, timed

DUCKDB = """import duckdb, sys
duckdb.connect().execute(f"COPY (FROM read_csv('{sys.argv[1]}')) TO '{sys.argv[2]}' (FORMAT parquet, COMPRESSION zstd)")
"""
PYARROW = """import sys, pyarrow.csv as c, pyarrow.parquet as pq
table = c.read_csv(sys.argv[1], parse_options=c.ParseOptions(newlines_in_values=True))
pq.write_table(table, sys.argv[2], compression='zstd')
"""


def main():
    _, args = ferry_bench_arguments(__doc__)
    csv = data_file(args.rows)
    work = tempfile.mkdtemp(prefix="ferry-parquet-bench-")
    tools = {
        "ferry": lambda out: [args.ferry, "load", csv, "--to", out, "--mode", "replace", "--compression", "zstd",
                              "--column", "amount:decimal(12,2)", "--column", "id:bigint!", "--quiet"],
        "duckdb": lambda out: [sys.executable, "-c", DUCKDB, csv, out],
        "pyarrow": lambda out: [sys.executable, "-c", PYARROW, csv, out],
    }
    results = {name: [] for name in tools}
    sizes = {}
    for _ in range(args.repeat):
        for name, command in tools.items():
            out = os.path.join(work, f"{name}.parquet")
            if os.path.exists(out):
                os.remove(out)
            results[name].append(timed(command(out)))
            sizes[name] = os.path.getsize(out)
    print(f"\n{args.rows:,} rows of gen_csv.py ({os.path.getsize(csv) / 1e6:,.0f} MB CSV) → Parquet ZSTD, median of {args.repeat}\n")
    print("| tool | time | peak RSS | file size | time vs DuckDB | size vs DuckDB |")
    print("|---|---:|---:|---:|---:|---:|")
    duck_time = statistics.median(t for t, _ in results["duckdb"])
    for name in tools:
        t = statistics.median(s for s, _ in results[name])
        rss = max(m for _, m in results[name])
        print(f"| {name} | {t:.2f} s | {rss:.0f} MB | {sizes[name] / 1e6:.1f} MB | {t / duck_time:.2f}× | {sizes[name] / sizes['duckdb']:.2f}× |")


if __name__ == "__main__":
    main()
