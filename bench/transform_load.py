#!/usr/bin/env python3
"""Times a plain load of the gen_csv.py file into PostgreSQL against the same load shaped on the
way in: five derived columns, a filter and key de-duplication (issue 19's benchmark). Runs
alternate (plain, shaped, plain, ...) on the same binary, so the machine's drift hits both alike;
prints medians, the ratio and each run's peak RSS.

    python3 bench/transform_load.py --ferry .build/release/ferry --rows 10000000 --runs 3

Needs FERRY_TEST_PG_URL (or --url). The de-duplication key is `customer`, a random UUID per row:
every key is new, the worst case for memory, so keys spill to disk past the default `memory_mb`
(16 MiB); with keep first the rows still go on at once (Docs/transforms.md, "De-duplication").
"""
import argparse
import os
import statistics

from benchdata import data_file, timed

DERIVED = [
    "total=qty * amount",
    "order_year=year(order_date)",
    "customer_uc=upper(customer)",
    "name_chars=length(name)",
    "created_month=date_trunc('month', created_at)",
]
WHERE = "qty >= 0 AND active"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--ferry", required=True)
    ap.add_argument("--rows", type=int, default=10_000_000)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--url", default=os.environ.get("FERRY_TEST_PG_URL"))
    ap.add_argument("--keep", default="first", choices=["first", "last"])
    args = ap.parse_args()
    if not args.url:
        raise SystemExit("set FERRY_TEST_PG_URL or pass --url")
    csv = data_file(args.rows)
    plain = [args.ferry, "load", csv, "--to", args.url, "--table", "bench_plain", "--mode", "replace", "-q"]
    shaped = [args.ferry, "load", csv, "--to", args.url, "--table", "bench_shaped", "--mode", "replace", "-q",
              "--where", WHERE, "--dedupe", "customer", "--dedupe-keep", args.keep]
    for d in DERIVED:
        shaped += ["--column", d]
    runs = {"plain": [], "shaped": []}
    for _ in range(args.runs):
        for name, cmd in (("plain", plain), ("shaped", shaped)):
            runs[name].append(timed(cmd))
            print(f"{name}: {runs[name][-1][0]:.1f} s, peak RSS {runs[name][-1][1]:.0f} MB", flush=True)
    for name in runs:
        secs = [r[0] for r in runs[name]]
        rss = [r[1] for r in runs[name]]
        print(f"{name}: median {statistics.median(secs):.1f} s (" + " ".join(f"{s:.1f}" for s in secs)
              + f"), peak RSS max {max(rss):.0f} MB")
    ratio = statistics.median(r[0] for r in runs["shaped"]) / statistics.median(r[0] for r in runs["plain"])
    print(f"shaped / plain: {ratio:.2f}x (median over median)")


if __name__ == "__main__":
    main()
