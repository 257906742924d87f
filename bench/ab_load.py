#!/usr/bin/env python3
"""Times two ferry binaries on the same load, alternating run by run, to tell a regression from
this machine's run-to-run spread (which moves the peers of the other scripts by 30% and more).

    python3 bench/ab_load.py --a OLD_FERRY --b NEW_FERRY --rows 1000000 --runs 7
    python3 bench/ab_load.py --a OLD_FERRY --b NEW_FERRY --rows 1000000 --runs 7 \\
        -- --to "$FERRY_TEST_PG_URL" --table bench_ferry --mode truncate

Without arguments after `--`, each run loads the gen_csv.py file into a fresh SQLite database;
with them, they are the target arguments of `ferry load` (the table must exist for truncate).
Prints the median, minimum and every time of each binary.
"""
import argparse
import os
import shutil
import statistics
import tempfile

from benchdata import data_file, timed


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--a", required=True, help="the baseline ferry binary")
    ap.add_argument("--b", required=True, help="the ferry binary under test")
    ap.add_argument("--rows", type=int, default=1_000_000)
    ap.add_argument("--runs", type=int, default=7)
    ap.add_argument("target", nargs=argparse.REMAINDER, help="-- then ferry load target arguments")
    args = ap.parse_args()
    target = [a for a in args.target if a != "--"]
    csv = data_file(args.rows)
    times = {"a": [], "b": []}
    for _ in range(args.runs):
        for name, binary in (("a", args.a), ("b", args.b)):
            work = tempfile.mkdtemp()
            where = target or ["--to", "sqlite:" + os.path.join(work, "bench.db"), "--table", "t"]
            times[name].append(timed([binary, "load", csv] + where + ["-q"])[0])
            shutil.rmtree(work)
    for name, binary in (("a", args.a), ("b", args.b)):
        runs = times[name]
        print(f"{name} {binary}: median {statistics.median(runs):.3f} s, min {min(runs):.3f} s; "
              + " ".join(f"{t:.2f}" for t in runs))
    ratio = statistics.median(times["a"]) / statistics.median(times["b"])
    print(f"b is {ratio:.2f}x the speed of a (median over median)")


if __name__ == "__main__":
    main()
