#!/usr/bin/env python3
"""Instruction-count guard for the file hot paths: `valgrind --tool=callgrind` counts the
instructions `ferry inspect` runs to scan and type a fixed 50,000-row file (CSV, TSV, JSON Lines:
reading, typing and profiling every value, one pass, no database), and the instructions of loading
the CSV into a new SQLite file (two passes and SQLite's batch writing) and, when FERRY_TEST_PG_URL
names a server, into a new PostgreSQL table (binary COPY encoding; ferry's instructions only). Instruction counts repeat
on a loaded machine where seconds do not, so a growth beyond --tolerance (5%) over the committed
baseline is a regression, and the script exits 1 printing the numbers.

    python3 bench/callgrind_guard.py                  # compare with bench/callgrind_baseline.json
    python3 bench/callgrind_guard.py --update         # measure and write the baseline
    python3 bench/callgrind_guard.py --ferry PATH     # another binary (default: the release build)

Needs valgrind (Debian package `valgrind`). The data files are generated on each run from
../shared/bench/gen_csv.py's rows (--rows 50000 --seed 42): the CSV and TSV by gen_csv.py itself,
the JSON Lines file here from the same rows with typed JSON values, so no input depends on the
binary measured. Swift's hashing is made deterministic (SWIFT_DETERMINISTIC_HASHING), so hash
tables do the same work every run.

Counts depend on the compiler and the build flags: the baseline records the `ferry version` line
and the `swift --version` line it was measured with, and a run with different ones says so next to
a failure. Refresh the
baseline with --update in the same commit as an intended change of cost, or a new toolchain.
"""
import argparse
import glob
import json
import os
import shutil
import subprocess
import sys
import tempfile

from benchdata import ROOT, SHARED, gen_module

ROWS = 50_000
SEED = 42
BASELINE = os.path.join(ROOT, "bench", "callgrind_baseline.json")


def default_ferry():
    """The release binary: scripts/build-release.sh's output, else `swift build -c release`'s."""
    dist = sorted(glob.glob(os.path.join(ROOT, ".build-release-dist", "ferry-*-linux-*")))
    dist = [p for p in dist if not p.endswith((".gz", ".sha256", ".whl"))]
    if dist:
        return dist[-1]
    return os.path.join(ROOT, ".build", "release", "ferry")


def write_inputs(work):
    """The CSV, TSV and JSON Lines files of the same rows; returns their paths by format."""
    gen = os.path.join(SHARED, "gen_csv.py")
    paths = {"csv": os.path.join(work, "orders.csv"), "tsv": os.path.join(work, "orders.tsv"),
             "jsonl": os.path.join(work, "orders.jsonl")}
    subprocess.run([sys.executable, gen, "--rows", str(ROWS), "--seed", str(SEED), "-o", paths["csv"]], check=True)
    subprocess.run([sys.executable, gen, "--rows", str(ROWS), "--seed", str(SEED), "--tsv", "-o", paths["tsv"]], check=True)
    module = gen_module()
    with open(paths["jsonl"], "w", encoding="utf-8", newline="\n") as out:
        for (i, customer, comment, qty, amount, active, order_date, created_at, parent_id, name) in module.gen_rows(ROWS, SEED):
            # amount stays the number text gen_csv writes (two decimals), as json.dumps of a float would not.
            record = ('{"id":%d,"customer":%s,"comment":%s,"qty":%d,"amount":%s,"active":%s,'
                      '"order_date":%s,"created_at":%s,"parent_id":%s,"name":%s}\n') % (
                i, json.dumps(customer), json.dumps(comment, ensure_ascii=False), qty, amount, active,
                json.dumps(order_date), json.dumps(created_at), parent_id or "null", json.dumps(name, ensure_ascii=False))
            out.write(record)
    return paths


def instructions(cmd, work, name):
    """Total instructions (Ir) of `cmd` and all its threads under callgrind."""
    out = os.path.join(work, name + ".callgrind")
    env = dict(os.environ, SWIFT_DETERMINISTIC_HASHING="1")
    subprocess.run(["valgrind", "--tool=callgrind", "--callgrind-out-file=" + out, "--dump-line=no"] + cmd,
                   check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env, cwd=work)
    with open(out) as f:
        for line in f:
            if line.startswith("summary:") or line.startswith("totals:"):
                return int(line.split()[1])
    sys.exit(f"no instruction total in {out}")


def measure(ferry, work):
    # Valgrind 3.19 (Debian 12) cannot read the DWARF 5 debug information Swift writes: measure a
    # copy without it (the instructions are the same).
    stripped = os.path.join(work, "ferry")
    subprocess.run(["objcopy", "--strip-debug", ferry, stripped], check=True)
    ferry = stripped
    paths = write_inputs(work)
    counts = {}
    for fmt in ("csv", "tsv", "jsonl"):
        counts[f"{fmt} scan+type+profile (ferry inspect)"] = instructions([ferry, "inspect", paths[fmt]], work, fmt)
    db = os.path.join(work, "load.db")
    counts["csv -> new SQLite file (ferry load)"] = instructions(
        [ferry, "load", paths["csv"], "--to", "sqlite:" + db, "--table", "t", "-q"], work, "sqlite")
    url = os.environ.get("FERRY_TEST_PG_URL")
    if url:
        # Binary COPY encoding: the same 50,000 rows into a new PostgreSQL table (one pass per
        # type inference and load, then one COPY; only ferry's own instructions are counted, not
        # the server's). Minus the CSV scan above, this is typing, encoding and libpq's sending.
        table = "ferry_callgrind_" + str(os.getpid())
        try:
            counts["csv -> new PostgreSQL table, binary COPY (ferry load)"] = instructions(
                [ferry, "load", paths["csv"], "--to", url, "--table", table, "--mode", "replace", "-q"], work, "postgres")
        finally:
            subprocess.run(["psql", "-X", "-q", "-d", url, "-c", f"drop table if exists {table}"],
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    else:
        print("FERRY_TEST_PG_URL is not set: the binary COPY workload is not measured", file=sys.stderr)
    return counts


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--ferry", default=default_ferry())
    ap.add_argument("--baseline", default=BASELINE)
    ap.add_argument("--tolerance", type=float, default=5.0, help="allowed growth in percent (default 5)")
    ap.add_argument("--update", action="store_true", help="write the measured counts as the baseline")
    args = ap.parse_args()
    if shutil.which("valgrind") is None:
        sys.exit("valgrind not found (Debian: apt-get install valgrind)")
    if not os.access(args.ferry, os.X_OK):
        sys.exit(f"{args.ferry} not found: build a release binary first (scripts/build-release.sh)")
    version = subprocess.run([args.ferry, "version"], capture_output=True, text=True, check=True).stdout.splitlines()[0]
    swift = shutil.which("swift")
    if swift:
        version += "; " + subprocess.run([swift, "--version"], capture_output=True, text=True).stdout.splitlines()[0].strip()
    work = tempfile.mkdtemp(prefix="ferry-callgrind-")
    try:
        counts = measure(args.ferry, work)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    if args.update:
        with open(args.baseline, "w") as f:
            json.dump({"rows": ROWS, "seed": SEED, "ferry": version, "instructions": counts}, f, indent=2)
            f.write("\n")
        for name, n in counts.items():
            print(f"{name}: {n:,}")
        print(f"wrote {args.baseline}")
        return
    with open(args.baseline) as f:
        baseline = json.load(f)
    failed = False
    print(f"| workload | baseline | now | change |")
    print(f"|---|---:|---:|---:|")
    for name, n in counts.items():
        base = baseline["instructions"].get(name)
        if base is None:
            print(f"| {name} | (none) | {n:,} | |")
            continue
        change = (n - base) / base * 100
        mark = ""
        if change > args.tolerance:
            failed = True
            mark = f" **over {args.tolerance:g}%**"
        print(f"| {name} | {base:,} | {n:,} | {change:+.2f}%{mark} |")
    if failed:
        if baseline.get("ferry") != version:
            print(f"note: the baseline was measured with `{baseline.get('ferry')}`, this binary is `{version}`", file=sys.stderr)
        print(f"callgrind guard: instruction counts grew more than {args.tolerance:g}% (see above); "
              "if intended, rerun with --update and commit bench/callgrind_baseline.json", file=sys.stderr)
        sys.exit(1)


if __name__ == "__main__":
    main()
