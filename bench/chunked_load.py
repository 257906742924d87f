#!/usr/bin/env python3
"""Chunked loads into PostgreSQL (Docs/many-files.md, "Chunked, resumable loads") against the
single-transaction load of the same file, alternating run by run; and a huge input's peak RSS.

    python3 bench/chunked_load.py --ferry .build/release/ferry ratio --rows 10000000 --runs 3
    python3 bench/chunked_load.py huge --gigabytes 10 --prepare /tmp/huge.csv
    python3 bench/chunked_load.py --ferry .build/release/ferry huge --input /tmp/huge.csv

`ratio` loads bench/data/orders_<rows>.csv (gen_csv.py, seed 42; made when missing) with
`--mode replace` into a table that does not exist, once in one transaction and once with
`--commit-every 1000000`, alternating, and prints both medians and their ratio. `huge
--prepare PATH` writes about `--gigabytes` of gen_csv.py rows to PATH (the 10M-row file's rows
repeated, its header once: generating 10 GB with gen_csv.py itself takes about ten minutes), so
the data is made outside the benchmark lock; `huge --input PATH` loads it chunked under
/usr/bin/time, prints the time, the peak RSS and the projected time for 100 GB at the same
rate, and deletes the file. FERRY_TEST_PG_URL (else the PG* variables) names the server.
"""
import argparse
import os
import statistics
import subprocess
import sys

from benchdata import data_file, postgres_url, timed

COMMIT_EVERY = "1000000"


def psql(sql):
    subprocess.run(["psql", os.environ.get("FERRY_TEST_PG_URL", ""), "-X", "-q", "-v", "ON_ERROR_STOP=1", "-c", sql], check=True, stdout=subprocess.DEVNULL)


def load(ferry, csv, table, chunked):
    extra = ["--commit-every", COMMIT_EVERY] if chunked else []
    return timed([ferry, "load", csv, "--to", os.environ.get("FERRY_TEST_PG_URL") or postgres_url(), "--table", table, "--mode", "replace", "-q"] + extra)


def prepare(path, gigabytes):
    """About `gigabytes` of gen_csv.py rows at `path`: the 10M-row file's rows repeated."""
    source = data_file(10_000_000)
    size = os.path.getsize(source)
    with open(path + ".part", "wb") as out, open(source, "rb") as f:
        header = f.readline()
        out.write(header)
        for _ in range(max(1, round(gigabytes * 1e9 / size))):
            f.seek(len(header))
            while block := f.read(8 << 20):
                out.write(block)
    os.rename(path + ".part", path)


def ratio(args):
    csv = data_file(args.rows)
    times = {"single": [], "chunked": []}
    for _ in range(args.runs):
        for name in ("single", "chunked"):
            psql(f"DROP TABLE IF EXISTS bench_chunked_{name}")
            seconds, _ = load(args.ferry, csv, "bench_chunked_" + name, name == "chunked")
            times[name].append(seconds)
            print(f"{name}: {seconds:.2f} s", file=sys.stderr)
    for name in ("single", "chunked"):
        print(f"{name}: median {statistics.median(times[name]):.2f} s; " + " ".join(f"{t:.2f}" for t in times[name]))
    print(f"chunked / single: {statistics.median(times['chunked']) / statistics.median(times['single']):.2f}x")
    for name in times:
        psql(f"DROP TABLE IF EXISTS bench_chunked_{name}")


def huge(args):
    if args.prepare:
        prepare(args.prepare, args.gigabytes)
        return
    csv = args.input
    try:
        size = os.path.getsize(csv)
        psql("DROP TABLE IF EXISTS bench_chunked_huge")
        seconds, rss = load(args.ferry, csv, "bench_chunked_huge", True)
        print(f"{size / 1e9:.2f} GB: {seconds:.1f} s, peak RSS {rss:.0f} MB, "
              f"{size / 1e6 / seconds:.0f} MB/s; 100 GB projected: {100e9 / size * seconds / 3600:.2f} h")
    finally:
        os.remove(csv)
        psql("DROP TABLE IF EXISTS bench_chunked_huge")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--ferry", help="a release ferry binary (every command but huge --prepare)")
    sub = parser.add_subparsers(dest="what", required=True)
    r = sub.add_parser("ratio")
    r.add_argument("--rows", type=int, default=10_000_000)
    r.add_argument("--runs", type=int, default=3)
    h = sub.add_parser("huge")
    h.add_argument("--gigabytes", type=float, default=10.0)
    h.add_argument("--prepare", metavar="PATH", help="only write the input to PATH")
    h.add_argument("--input", metavar="PATH", help="the input written by --prepare (deleted afterwards)")
    args = parser.parse_args()
    if not (args.what == "huge" and args.prepare) and not args.ferry:
        parser.error("--ferry is required")
    if args.what == "huge" and not (args.prepare or args.input):
        parser.error("huge needs --prepare PATH or --input PATH")
    ratio(args) if args.what == "ratio" else huge(args)


if __name__ == "__main__":
    main()
