#!/usr/bin/env python3
"""Loads the same rows into SQLite from CSV and from JSON Lines with `ferry load`, side by side.

Run from the repository root after a release build:

    python3 bench/jsonl_load.py --rows 1000000 --repeat 5

The CSV is ../shared/bench/gen_csv.py's (bench/data/, made once); the JSON Lines file holds the
same rows, written by Ferry itself (CSV -> SQLite -> JSON Lines export), once per size. The two
loads run alternately, each into a fresh database file with inferred types; the script reports
the median wall time, the median CPU time (user + system: on a shared machine it moves less than
the wall time) and the peak resident memory (from /usr/bin/time) of each, the ratio JSONL/CSV,
and prints a Markdown table for Docs/benchmarks.md.
"""
import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile

from benchdata import DATA, ROOT, data_file


def timed(cmd):
    """Runs cmd under /usr/bin/time; returns (wall seconds, CPU seconds, peak RSS in MB)."""
    with tempfile.NamedTemporaryFile("r", suffix=".time") as t:
        subprocess.run(["/usr/bin/time", "-f", "%e %U %S %M", "-o", t.name] + cmd, check=True,
                       stdout=subprocess.DEVNULL)
        wall, user, system, kb = t.read().split()[-4:]
        return float(wall), float(user) + float(system), int(kb) / 1024


def jsonl_file(ferry, rows, csv):
    """bench/data/orders_<rows>.jsonl: the CSV's rows exported by Ferry, made when missing."""
    path = os.path.join(DATA, f"orders_{rows}.jsonl")
    if os.path.exists(path):
        return path
    print(f"generating {path}", file=sys.stderr)
    work = tempfile.mkdtemp(prefix="ferry-bench-")
    try:
        db = os.path.join(work, "convert.db")
        subprocess.run([ferry, "load", csv, "--to", "sqlite:" + db, "--table", "orders", "-q"],
                       check=True, stdout=subprocess.DEVNULL)
        subprocess.run([ferry, "load", "sqlite:" + db, "--source-table", "orders", "--to", path + ".tmp.jsonl", "-q"],
                       check=True, stdout=subprocess.DEVNULL)
        os.rename(path + ".tmp.jsonl", path)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return path


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--ferry", default=os.path.join(ROOT, ".build", "release", "ferry"), help="the binary to time")
    ap.add_argument("--repeat", type=int, default=5, help="alternating runs of each load (default 5)")
    ap.add_argument("--rows", type=int, nargs="+", default=[1_000_000], help="row counts (default 1000000)")
    args = ap.parse_args()
    if not os.access(args.ferry, os.X_OK):
        sys.exit(f"{args.ferry} not found: build a release binary first (scripts/build-release.sh DIR, or swift build -c release)")
    print("| rows | file | MB | wall (median) | CPU (median) | peak RSS | JSONL/CSV wall | JSONL/CSV CPU |")
    print("|---:|---|---:|---:|---:|---:|---:|---:|")
    for rows in args.rows:
        csv = data_file(rows)
        jsonl = jsonl_file(args.ferry, rows, csv)
        runs = {"csv": [], "jsonl": []}
        work = tempfile.mkdtemp(prefix="ferry-bench-")
        try:
            for i in range(args.repeat):
                for kind, path in (("csv", csv), ("jsonl", jsonl)):
                    db = os.path.join(work, f"{kind}{i}.db")
                    runs[kind].append(timed([args.ferry, "load", path, "--to", "sqlite:" + db, "--table", "t", "-q"]))
                    os.remove(db)
        finally:
            shutil.rmtree(work, ignore_errors=True)
        med = {k: (statistics.median(r[0] for r in v), statistics.median(r[1] for r in v), max(r[2] for r in v))
               for k, v in runs.items()}
        for kind, path in (("csv", csv), ("jsonl", jsonl)):
            wall, cpu, rss = med[kind]
            ratio = ""
            if kind == "jsonl":
                ratio = f" {wall / med['csv'][0]:.2f}x | {cpu / med['csv'][1]:.2f}x |"
            else:
                ratio = " | |"
            print(f"| {rows:,} | {kind.upper()} | {os.path.getsize(path) / 1e6:.0f} | {wall:.2f} s | {cpu:.2f} s | {rss:.0f} MB |{ratio}")
        sys.stdout.flush()


if __name__ == "__main__":
    main()
