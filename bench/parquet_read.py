#!/usr/bin/env python3
"""Loads the same gen_csv.py data into PostgreSQL from Parquet and from CSV, with `ferry load`,
in the same run: the Parquet reader against the CSV reader, target and settings alike.

Run from the repository root after `swift build -c release`, with a server to load into (the
PG* variables, as for bench/postgres_load.py):

    python3 bench/parquet_read.py --rows 1000000 --repeat 3

The Parquet file is written from the CSV by Ferry itself (zstd, the default), once per size. Both
loads go into tables created from gen_csv.py's TABLE_DDL with mode truncate (binary COPY, one
transaction), alternating. Reports medians, peak RSS and the ratio Parquet / CSV as Markdown.
"""
import os
import statistics
import subprocess
import sys

from benchdata import data_file, gen_module, postgres_url, standard_arguments, timed
from postgres_load import psql


def main():
    args = standard_arguments("Parquet → PostgreSQL against CSV → PostgreSQL, same data, same run")
    url = postgres_url()
    ddl = gen_module().TABLE_DDL
    results = []
    for rows in args.rows:
        csv = data_file(rows)
        parquet = csv[: -len(".csv")] + ".parquet"
        if not os.path.exists(parquet):
            subprocess.run([args.ferry, "load", csv, "--to", parquet, "-q"], check=True, stdout=subprocess.DEVNULL)
        runs = {"CSV": [], "Parquet": []}
        for table in ("bench_csv", "bench_parquet"):
            psql(f"drop table if exists {table}; " + ddl.format(table=table))
        for _ in range(args.repeat):
            for name, source, table in (("CSV", csv, "bench_csv"), ("Parquet", parquet, "bench_parquet")):
                psql(f"truncate {table}")
                runs[name].append(timed([args.ferry, "load", source, "--to", url, "--table", table, "--mode", "truncate", "-q"]))
        diff = psql("select count(*) from (select * from bench_csv except all select * from bench_parquet) x")
        med = {k: statistics.median(s for s, _ in v) for k, v in runs.items()}
        rss = {k: max(m for _, m in v) for k, v in runs.items()}
        sizes = (os.path.getsize(csv), os.path.getsize(parquet))
        results.append((rows, med, rss, sizes, diff.strip()))
        print(f"{rows} rows: " + ", ".join(f"{k} {med[k]:.2f}s ({rss[k]:.0f} MB)" for k in med), file=sys.stderr)
    version = subprocess.run([args.ferry, "version"], capture_output=True, text=True).stdout.splitlines()[0]
    print(f"\n{version}; {os.cpu_count()} cores; median of {args.repeat} runs, alternating\n")
    print("| rows | CSV file | Parquet file | CSV → PostgreSQL | peak RSS | Parquet → PostgreSQL | peak RSS | Parquet / CSV | rows differing |")
    print("|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for rows, med, rss, (csv_bytes, pq_bytes), diff in results:
        print(f"| {rows:,} | {csv_bytes / 1e6:.0f} MB | {pq_bytes / 1e6:.0f} MB | {med['CSV']:.2f} s | {rss['CSV']:.0f} MB "
              f"| {med['Parquet']:.2f} s | {rss['Parquet']:.0f} MB | {med['Parquet'] / med['CSV']:.2f}× | {diff} |")


if __name__ == "__main__":
    main()
