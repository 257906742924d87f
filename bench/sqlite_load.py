#!/usr/bin/env python3
"""Loads the same gen_csv.py files into SQLite with `ferry load` and with `sqlite3 .import`.

Run from the repository root after `swift build -c release`:

    python3 bench/sqlite_load.py --rows 1000000 10000000 --repeat 3

Data files are generated once into bench/data/ (git-ignored) by ../shared/bench/gen_csv.py.
For each size and tool it reports the median wall time of --repeat runs, the peak resident memory
(from /usr/bin/time) and the ratio sqlite3/ferry, and prints a Markdown table for
Docs/benchmarks.md. Every run loads into a fresh database file.

Both tools load into a table whose columns are typed the same way: Ferry infers the types of the
whole file (from its first rows, checking every later row while it loads: one read) and checks every
value; for sqlite3 the table is created first with the DDL Ferry produced, and .import converts by
column affinity without checking.
"""
import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile

from benchdata import data_file, timed

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def ferry_ddl(ferry, csv, workdir):
    """The CREATE TABLE Ferry makes for this file (taken from a small load of the same schema)."""
    head = os.path.join(workdir, "head.csv")
    with open(csv, "rb") as src, open(head, "wb") as dst:
        for i, line in enumerate(src):
            dst.write(line)
            if i > 20000:
                break
    db = os.path.join(workdir, "ddl.db")
    subprocess.run([ferry, "load", head, "--to", "sqlite:" + db, "--table", "t", "-q", "--max-rejects", "100%"],
                   check=True, stdout=subprocess.DEVNULL)
    ddl = subprocess.run(["sqlite3", db, ".schema t"], check=True, capture_output=True, text=True).stdout
    os.remove(db)
    return ddl


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--rows", type=int, nargs="+", default=[1_000_000])
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--ferry", default=os.path.join(ROOT, ".build", "release", "ferry"))
    args = ap.parse_args()
    if not os.access(args.ferry, os.X_OK):
        sys.exit(f"{args.ferry} not found: run `swift build -c release` first")
    sqlite_version = subprocess.run(["sqlite3", "--version"], capture_output=True, text=True).stdout.split()[0]
    ferry_version = subprocess.run([args.ferry, "version"], capture_output=True, text=True).stdout.splitlines()[0]
    results = []
    for rows in args.rows:
        csv = data_file(rows)
        size_mb = os.path.getsize(csv) / 1e6
        work = tempfile.mkdtemp(prefix="ferry-bench-")
        try:
            ddl = ferry_ddl(args.ferry, csv, work)
            runs = {"ferry load": [], "sqlite3 .import": []}
            for i in range(args.repeat):
                db = os.path.join(work, f"f{i}.db")
                runs["ferry load"].append(timed([args.ferry, "load", csv, "--to", "sqlite:" + db, "--table", "t", "-q"]))
                os.remove(db)
                db = os.path.join(work, f"s{i}.db")
                subprocess.run(["sqlite3", db, ddl], check=True)
                runs["sqlite3 .import"].append(timed(["sqlite3", db, ".import --csv --skip 1 " + csv + " t"]))
                os.remove(db)
            med = {k: statistics.median(s for s, _ in v) for k, v in runs.items()}
            rss = {k: max(m for _, m in v) for k, v in runs.items()}
            results.append((rows, size_mb, med, rss))
            print(f"{rows} rows: ferry {med['ferry load']:.2f}s ({rss['ferry load']:.0f} MB), "
                  f"sqlite3 {med['sqlite3 .import']:.2f}s ({rss['sqlite3 .import']:.0f} MB), "
                  f"ratio {med['sqlite3 .import'] / med['ferry load']:.2f}x", file=sys.stderr)
        finally:
            shutil.rmtree(work, ignore_errors=True)

    print(f"\n{ferry_version}; sqlite3 {sqlite_version}; {os.cpu_count()} cores; median of {args.repeat} runs\n")
    print("| rows | file | `ferry load` | peak RSS | `sqlite3 .import` | peak RSS | speed-up |")
    print("|---:|---:|---:|---:|---:|---:|---:|")
    for rows, size_mb, med, rss in results:
        f, s = med["ferry load"], med["sqlite3 .import"]
        print(f"| {rows:,} | {size_mb:,.0f} MB | {f:.2f} s | {rss['ferry load']:.0f} MB | {s:.2f} s | "
              f"{rss['sqlite3 .import']:.0f} MB | {s / f:.2f}× |")


if __name__ == "__main__":
    main()
