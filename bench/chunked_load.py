#!/usr/bin/env python3
"""Chunked loads into PostgreSQL (Docs/many-files.md, "Chunked, resumable loads") against the
single-transaction load of the same file, alternating run by run; and a huge input's peak RSS.

    python3 bench/chunked_load.py --ferry .build/release/ferry ratio --rows 10000000 --runs 3
    python3 bench/chunked_load.py --ferry .build/release/ferry huge --gigabytes 10

Both build their input in /tmp from the 1M-row gen_csv.py file (bench/data, seed 42), repeated
(its header once): gen_csv.py itself writes about 0.3 MB/s here, too slow for 10 GB. The file
is deleted afterwards and never kept. `ratio` loads `--rows` rows with `--mode replace`, once in
one transaction and once with `--commit-every 1000000`, alternating, and prints both medians and
their ratio. `huge` loads about `--gigabytes` chunked under /usr/bin/time and prints the time,
the peak RSS and the projected time for 100 GB at the same rate. The PG* variables name the
server (/tmp/srv/pg/env).
"""
import argparse
import os
import statistics
import subprocess
import sys
import tempfile

from benchdata import data_file, postgres_url, timed

COMMIT_EVERY = "1000000"


def psql(sql):
    subprocess.run(["psql", os.environ.get("FERRY_TEST_PG_URL", ""), "-X", "-q", "-v", "ON_ERROR_STOP=1", "-c", sql], check=True, stdout=subprocess.DEVNULL)


def load(ferry, csv, table, chunked):
    extra = ["--commit-every", COMMIT_EVERY] if chunked else []
    return timed([ferry, "load", csv, "--to", os.environ.get("FERRY_TEST_PG_URL") or postgres_url(), "--table", table, "--mode", "replace", "-q"] + extra)


def repeated(rows):
    """A file of `rows` rows (a multiple of 1M) in /tmp: the 1M-row file repeated."""
    source = data_file(1_000_000)
    handle, path = tempfile.mkstemp(prefix="ferry-chunked-", suffix=".csv", dir="/tmp")
    with os.fdopen(handle, "wb") as out, open(source, "rb") as one:
        header = one.readline()
        body = one.read()
        out.write(header)
        for _ in range(rows // 1_000_000):
            out.write(body)
    return path


def ratio(args):
    csv = repeated(args.rows)
    times = {"single": [], "chunked": []}
    try:
        for _ in range(args.runs):
            for name in ("single", "chunked"):
                seconds, _ = load(args.ferry, csv, "bench_chunked_" + name, name == "chunked")
                times[name].append(seconds)
                print(f"{name}: {seconds:.2f} s", file=sys.stderr)
    finally:
        os.remove(csv)
    for name in ("single", "chunked"):
        print(f"{name}: median {statistics.median(times[name]):.2f} s; " + " ".join(f"{t:.2f}" for t in times[name]))
    print(f"chunked / single: {statistics.median(times['chunked']) / statistics.median(times['single']):.2f}x")
    for name in times:
        psql(f"DROP TABLE IF EXISTS bench_chunked_{name}")


def huge(args):
    # The 1M-row file is about 167 MB.
    rows = max(1, round(args.gigabytes * 1e9 / 166.6e6)) * 1_000_000
    csv = repeated(rows)
    try:
        size = os.path.getsize(csv)
        seconds, rss = load(args.ferry, csv, "bench_chunked_huge", True)
        print(f"{size / 1e9:.2f} GB, {rows} rows: {seconds:.1f} s, peak RSS {rss:.0f} MB, "
              f"{size / 1e6 / seconds:.0f} MB/s; 100 GB projected: {100e9 / size * seconds / 3600:.2f} h")
    finally:
        os.remove(csv)
        psql("DROP TABLE IF EXISTS bench_chunked_huge")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--ferry", required=True, help="a release ferry binary")
    sub = parser.add_subparsers(dest="what", required=True)
    r = sub.add_parser("ratio")
    r.add_argument("--rows", type=int, default=10_000_000)
    r.add_argument("--runs", type=int, default=3)
    h = sub.add_parser("huge")
    h.add_argument("--gigabytes", type=float, default=10.0)
    args = parser.parse_args()
    ratio(args) if args.what == "ratio" else huge(args)


if __name__ == "__main__":
    main()
