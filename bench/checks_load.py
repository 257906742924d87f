#!/usr/bin/env python3
"""Times `ferry load` of the gen_csv.py file with and without ten checks (Docs/checks.md), into
SQLite and PostgreSQL, alternating run by run so that the machine's spread hits both alike.

    python3 bench/checks_load.py --ferry .build/release/ferry --rows 10000000 --runs 3
    python3 bench/checks_load.py --ferry .build/release/ferry --rows 10000000 --runs 3 --targets sqlite

PostgreSQL comes from the PG* variables (scripts/pg-test-server.sh's env file); the table is made
from gen_csv.py's TABLE_DDL and loaded with mode truncate. Prints, per target, the median time and
peak RSS of each variant and the ratio with checks / without, as Markdown rows. Two checked
variants: the ten checks below (`unique` on the ascending `id`), and the same with `unique` on
`customer` instead (random UUIDs: the hashed, spilling path).
"""
import argparse
import json
import os
import shutil
import statistics
import subprocess
import tempfile

from benchdata import data_file, gen_module, postgres_url, timed

# Ten checks: unique on id (exact; spills past its cap), a regex, and eight more row and dataset
# rules, all passing on gen_csv.py's data.
CHECKS = [
    {"rule": "unique", "columns": ["id"]},
    {"name": "customer_v4", "rule": "regex", "column": "customer",
     "pattern": "^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$"},
    {"rule": "format", "column": "customer", "format": "uuid"},
    {"rule": "not_null", "column": "id"},
    {"rule": "range", "column": "qty", "min": -1000, "max": 100000},
    {"rule": "range", "column": "amount", "min": 0, "max": 99999.99},
    {"rule": "in_set", "column": "active", "values": [True, False]},
    {"rule": "range", "column": "order_date", "min": "2019-01-01", "max": "2025-12-31"},
    {"rule": "length", "column": "name", "max": 500},
    {"rule": "date_coverage", "column": "order_date"},
]

# The same checks with `unique` on a column in random order.
CHECKS_RANDOM_UNIQUE = [{"rule": "unique", "columns": ["customer"]}] + CHECKS[1:]
VARIANTS = ("plain", "checks", "checks_customer")


def psql(sql):
    subprocess.run(["psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "-c", sql], check=True, capture_output=True)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--ferry", required=True)
    ap.add_argument("--rows", type=int, default=10_000_000)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--targets", nargs="+", default=["sqlite", "postgres"])
    args = ap.parse_args()
    csv = data_file(args.rows)
    work = tempfile.mkdtemp()
    files = {}
    for variant, checks in (("checks", CHECKS), ("checks_customer", CHECKS_RANDOM_UNIQUE)):
        files[variant] = os.path.join(work, variant + ".json")
        with open(files[variant], "w") as f:
            json.dump({"checks": checks}, f)
    for target in args.targets:
        times = {v: [] for v in VARIANTS}
        rss = {v: [] for v in VARIANTS}
        if target == "postgres":
            psql("DROP TABLE IF EXISTS bench_checks; " + gen_module().TABLE_DDL.replace("{table}", "bench_checks"))
        for _ in range(args.runs):
            for variant in VARIANTS:
                db = os.path.join(work, "bench.db")
                if os.path.exists(db):
                    os.remove(db)
                where = (["--to", "sqlite:" + db, "--table", "t"] if target == "sqlite"
                         else ["--to", postgres_url(), "--table", "bench_checks", "--mode", "truncate"])
                extra = ["--checks", files[variant]] if variant in files else []
                secs, mb = timed([args.ferry, "load", csv] + where + extra + ["-q"])
                times[variant].append(secs)
                rss[variant].append(mb)
        plain = statistics.median(times["plain"])
        cells = [f"{plain:.1f} s, {max(rss['plain']):.0f} MB"]
        for variant in VARIANTS[1:]:
            checked = statistics.median(times[variant])
            cells.append(f"{checked:.1f} s, {max(rss[variant]):.0f} MB, {checked / plain:.2f}x")
        runs = " / ".join(" ".join(f"{t:.1f}" for t in times[v]) for v in VARIANTS)
        print(f"| {target} | {args.rows:,} | {' | '.join(cells)} | {runs} |", flush=True)
    shutil.rmtree(work)


if __name__ == "__main__":
    main()
