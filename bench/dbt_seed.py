#!/usr/bin/env python3
"""Loads the same gen_csv.py files as a dbt seed twice: with `dbt seed`, and with `ferry dbt -- seed`.

Run from the repository root after `swift build -c release`, with a server and dbt installed:

    scripts/pg-test-server.sh start /tmp/ferry-bench-pg && . /tmp/ferry-bench-pg/env && export PGHOST PGPORT PGUSER PGDATABASE
    export PGPASSWORD=ferry-test-pw
    python3 bench/dbt_seed.py --rows 100000 1000000 --dbt "$(scripts/dbt-venv.sh)/bin/dbt"

Two throwaway dbt projects hold the same seed (a symlink to bench/data/orders_<rows>.csv) with the
same column_types: in one it is a plain seed, in the other it is tagged `ferry`. `dbt seed
--full-refresh` loads the first; `ferry dbt --reload -- seed` loads the second, end to end: its plan
(a `dbt run-operation`), the COPY load with its ledger row, and no second dbt (the project has no
other seed, so `dbt seed` with the seed excluded would have nothing to do).
Both include dbt's start-up (a few seconds). Reports medians, peak RSS and the ratio as Markdown.

`dbt seed` of a million rows takes about half an hour: `--skip-dbt-seed` runs only `ferry dbt`, and
`--dbt-seed-seconds S` gives the recorded `dbt seed` time for the ratio instead (the table says so):

    python3 bench/dbt_seed.py --rows 1000000 --repeat 3 --skip-dbt-seed --dbt-seed-seconds 1824
"""
import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile

from benchdata import ROOT, data_file, timed

COLUMN_TYPES = {
    "id": "bigint", "customer": "text", "comment": "text", "qty": "integer", "amount": "numeric(12,2)",
    "active": "boolean", "order_date": "date", "created_at": "timestamptz", "parent_id": "bigint", "name": "text",
}


def make_project(directory, csv, tagged):
    os.makedirs(os.path.join(directory, "seeds"))
    os.symlink(os.path.abspath(csv), os.path.join(directory, "seeds", "orders.csv"))
    types = "\n".join(f"        {k}: {v}" for k, v in COLUMN_TYPES.items())
    tags = '      +tags: ["ferry"]\n' if tagged else ""
    with open(os.path.join(directory, "dbt_project.yml"), "w") as f:
        f.write(f"name: bench\nversion: '1.0'\nconfig-version: 2\nprofile: bench\nseed-paths: [seeds]\n"
                f"seeds:\n  bench:\n    orders:\n{tags}      +column_types:\n{types}\n")
    with open(os.path.join(directory, "packages.yml"), "w") as f:
        f.write(f"packages:\n  - local: {os.path.join(ROOT, 'dbt_macros')}\n")
    with open(os.path.join(directory, "profiles.yml"), "w") as f:
        f.write("bench:\n  target: dev\n  outputs:\n    dev:\n      type: postgres\n"
                f"      host: {os.environ['PGHOST']}\n      port: {os.environ['PGPORT']}\n"
                f"      user: {os.environ['PGUSER']}\n      password: \"{{{{ env_var('PGPASSWORD') }}}}\"\n"
                f"      dbname: {os.environ['PGDATABASE']}\n      schema: {'bench_ferry' if tagged else 'bench_dbt'}\n"
                "      threads: 1\n")


def psql(sql):
    return subprocess.run(["psql", "-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1", "-c", sql], check=True,
                          capture_output=True, text=True).stdout.strip()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--rows", type=int, nargs="+", default=[100_000, 1_000_000])
    ap.add_argument("--repeat", type=int, default=1)
    ap.add_argument("--ferry", default=os.path.join(ROOT, ".build", "release", "ferry"))
    ap.add_argument("--dbt", default=shutil.which("dbt") or "dbt")
    ap.add_argument("--skip-dbt-seed", action="store_true", help="do not run the plain `dbt seed` half")
    ap.add_argument("--dbt-seed-seconds", type=float, help="with --skip-dbt-seed: a recorded `dbt seed` time for the ratio")
    args = ap.parse_args()
    if args.dbt_seed_seconds is not None and not args.skip_dbt_seed:
        ap.error("--dbt-seed-seconds replaces the measured dbt seed: give --skip-dbt-seed too")
    dbt_version = subprocess.run([args.dbt, "--version"], capture_output=True, text=True).stdout.split("installed:")[1].split()[0]
    results = []
    with tempfile.TemporaryDirectory(prefix="ferry-dbt-bench-") as scratch:
        for rows in args.rows:
            csv = data_file(rows)
            plain, tagged = os.path.join(scratch, f"plain_{rows}"), os.path.join(scratch, f"tagged_{rows}")
            make_project(plain, csv, tagged=False)
            make_project(tagged, csv, tagged=True)
            env = dict(os.environ, DBT_SEND_ANONYMOUS_USAGE_STATS="false", OPENLINEAGE_DISABLED="true")
            for project in (plain, tagged):
                subprocess.run([args.dbt, "deps", "--profiles-dir", project], cwd=project, check=True,
                               capture_output=True, env=env)
            runs = {"dbt seed": [], "ferry dbt -- seed": []}
            if args.skip_dbt_seed:
                del runs["dbt seed"]
            for _ in range(args.repeat):
                if not args.skip_dbt_seed:
                    runs["dbt seed"].append(timed([args.dbt, "seed", "--full-refresh", "--profiles-dir", plain],
                                                  cwd=plain, env=env))
                # --reload: every run loads (an unchanged CSV would otherwise be skipped by the ledger).
                runs["ferry dbt -- seed"].append(timed([args.ferry, "dbt", "--profiles-dir", tagged, "--dbt", args.dbt,
                                                        "--reload", "-q", "--", "seed"], cwd=tagged, env=env))
            if args.skip_dbt_seed:
                counts = "- " + psql("select count(*) from bench_ferry.orders")
            else:
                counts = psql("select (select count(*) from bench_dbt.orders) || ' ' || (select count(*) from bench_ferry.orders)")
            med = {k: statistics.median(s for s, _ in v) for k, v in runs.items()}
            rss = {k: max(m for _, m in v) for k, v in runs.items()}
            results.append((rows, med, rss, counts.split()))
            print(f"{rows} rows: " + ", ".join(f"{k} {med[k]:.2f}s ({rss[k]:.0f} MB)" for k in med)
                  + f"; counts {counts.split()}", file=sys.stderr)
    version = subprocess.run([args.ferry, "version"], capture_output=True, text=True).stdout.splitlines()[0]
    print(f"\n{version}; dbt-core {dbt_version} + dbt-postgres; {os.cpu_count()} cores; median of {args.repeat} run(s)\n")
    print("| rows | dbt seed | peak RSS | ferry dbt -- seed | peak RSS | dbt seed / ferry dbt |")
    print("|---:|---:|---:|---:|---:|---:|")
    for rows, med, rss, _ in results:
        f = med["ferry dbt -- seed"]
        if args.skip_dbt_seed:
            if args.dbt_seed_seconds is None:
                print(f"| {rows:,} | (not run) | | {f:.2f} s | {rss['ferry dbt -- seed']:.0f} MB | |")
            else:
                d = args.dbt_seed_seconds
                print(f"| {rows:,} | {d:,.0f} s (recorded, not rerun) | | {f:.2f} s | {rss['ferry dbt -- seed']:.0f} MB | {d / f:.0f}× |")
            continue
        d = med["dbt seed"]
        print(f"| {rows:,} | {d:.2f} s | {rss['dbt seed']:.0f} MB | {f:.2f} s | {rss['ferry dbt -- seed']:.0f} MB | {d / f:.1f}× |")
    print("\nRows in each table after the last run (dbt seed, ferry dbt): "
          + "; ".join(f"{rows:,}: " + ", ".join(c) for rows, _, _, c in results))


if __name__ == "__main__":
    main()
