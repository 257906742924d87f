#!/usr/bin/env python3
"""Loads the same gen_csv.py files into PostgreSQL with `ferry load`, `psql \\copy` and Sling.

Run from the repository root after `swift build -c release`, with a server to load into:

    scripts/pg-test-server.sh start /tmp/ferry-bench-pg && . /tmp/ferry-bench-pg/env && export PGHOST PGPORT PGUSER PGDATABASE PGPASSWORD=ferry-test-pw
    python3 bench/postgres_load.py --rows 1000000 10000000 --repeat 3

Every tool loads into a table created from gen_csv.py's TABLE_DDL (the same definition), emptied
before each run; Ferry uses mode truncate (it checks every value against the table's types and
loads with binary COPY in one transaction), psql runs `\\copy … FROM … (FORMAT csv, HEADER)`, and
Sling (pip package sling-linux-amd64, installed into bench/.venv-sling when it is available) runs a
full-refresh of the same file. Reports medians, peak RSS and ratios against psql as Markdown.
"""
import argparse
import os
import statistics
import subprocess
import sys

from benchdata import ROOT, data_file, gen_module, timed


def psql(sql):
    return subprocess.run(["psql", "-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1", "-c", sql], check=True,
                          capture_output=True, text=True).stdout


def sling_binary():
    venv = os.path.join(ROOT, "bench", ".venv-sling")
    exe = os.path.join(venv, "bin", "sling")
    if not os.path.exists(exe):
        try:
            subprocess.run([sys.executable, "-m", "venv", venv], check=True)
            subprocess.run([os.path.join(venv, "bin", "pip"), "install", "-q", "sling-linux-amd64"], check=True)
        except subprocess.CalledProcessError:
            return None
    if os.path.exists(exe):
        return exe
    found = subprocess.run(["find", venv, "-name", "sling*", "-type", "f", "-perm", "-u+x"], capture_output=True, text=True).stdout.split()
    return found[0] if found else None


def parallel(args, csv, url, rows):
    """`replace` with 1 COPY stream and with each of --streams, alternating, same table."""
    streams = [1] + [n for n in args.streams if n != 1]
    runs = {n: [] for n in streams}
    psql("drop table if exists bench_par")
    for _ in range(args.repeat):
        for n in streams:
            runs[n].append(timed([args.ferry, "load", csv, "--to", url, "--table", "bench_par", "--mode", "replace",
                                  "--copy-streams", str(n), "-q"]))
    med = {n: statistics.median(s for s, _ in v) for n, v in runs.items()}
    rss = {n: max(m for _, m in v) for n, v in runs.items()}
    print(f"\nParallel COPY, {rows:,} rows, `--mode replace`, median of {args.repeat}:\n", file=sys.stderr)
    print("| copy streams | seconds | peak RSS | vs 1 stream |", file=sys.stderr)
    print("|---:|---:|---:|---:|", file=sys.stderr)
    for n in streams:
        print(f"| {n} | {med[n]:.2f} | {rss[n]:.0f} MB | {med[1] / med[n]:.2f}× |", file=sys.stderr)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--rows", type=int, nargs="+", default=[1_000_000])
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--ferry", default=os.path.join(ROOT, ".build", "release", "ferry"))
    ap.add_argument("--no-sling", action="store_true")
    ap.add_argument("--streams", type=int, nargs="*", default=[],
                    help="also time `ferry load --mode replace --copy-streams N` for each N (parallel COPY)")
    args = ap.parse_args()
    url = "postgresql://%s:%s@%s:%s/%s" % (os.environ["PGUSER"], os.environ.get("PGPASSWORD", ""),
                                           os.environ["PGHOST"], os.environ["PGPORT"], os.environ["PGDATABASE"])
    ddl = gen_module().TABLE_DDL
    sling = None if args.no_sling else sling_binary()
    server = psql("select version()").strip()
    results = []
    for rows in args.rows:
        csv = data_file(rows)
        runs = {"ferry load": [], "psql \\copy": []}
        if sling:
            runs["sling"] = []
        for table in ("bench_ferry", "bench_psql", "bench_sling"):
            psql(f"drop table if exists {table}; " + ddl.format(table=table))
        for _ in range(args.repeat):
            psql("truncate bench_ferry")
            runs["ferry load"].append(timed([args.ferry, "load", csv, "--to", url, "--table", "bench_ferry",
                                             "--mode", "truncate", "-q"]))
            psql("truncate bench_psql")
            runs["psql \\copy"].append(timed(["psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "-c",
                                               f"\\copy bench_psql from '{csv}' with (format csv, header true)"]))
            if sling:
                psql("truncate bench_sling")
                # This server speaks no TLS; Sling would otherwise insist on it.
                env = dict(os.environ, PG_BENCH=url + "?sslmode=disable")
                runs["sling"].append(timed([sling, "run", "--src-stream", "file://" + csv, "--tgt-conn", "PG_BENCH",
                                            "--tgt-object", "public.bench_sling", "--mode", "truncate"], env=env))
        counts = psql("select (select count(*) from bench_ferry) || ' ' || (select count(*) from bench_psql)"
                      + (" || ' ' || (select count(*) from bench_sling)" if sling else ""))
        med = {k: statistics.median(s for s, _ in v) for k, v in runs.items()}
        rss = {k: max(m for _, m in v) for k, v in runs.items()}
        results.append((rows, med, rss, counts.split()))
        if args.streams:
            parallel(args, csv, url, rows)
        print(f"{rows} rows: " + ", ".join(f"{k} {med[k]:.2f}s ({rss[k]:.0f} MB)" for k in med) + f"; counts {counts.split()}",
              file=sys.stderr)
    version = subprocess.run([args.ferry, "version"], capture_output=True, text=True).stdout.splitlines()[0]
    print(f"\n{version}; {server.split(',')[0]}; {os.cpu_count()} cores; median of {args.repeat} runs\n")
    tools = list(results[0][1].keys())
    print("| rows | " + " | ".join(f"{t} | peak RSS" for t in tools) + " | psql / ferry |")
    print("|---:|" + "---:|---:|" * len(tools) + "---:|")
    psql_key = "psql \\copy"
    for rows, med, rss, _ in results:
        cells = " | ".join(f"{med[t]:.2f} s | {rss[t]:.0f} MB" for t in tools)
        ratio = med[psql_key] / med["ferry load"]
        print(f"| {rows:,} | {cells} | {ratio:.2f}× |")
    print("\nRows in each table after the last run (ferry, psql" + (", sling" if sling else "") + "): "
          + "; ".join(f"{rows:,}: " + ", ".join(c) for rows, _, _, c in results))


if __name__ == "__main__":
    main()
