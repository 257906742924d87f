#!/usr/bin/env python3
"""PostgreSQL table → Parquet with `ferry load`, beside `psql \\copy … to` CSV, in the same run.

Run from the repository root with a release build of ferry and the test server's variables:

    set -a; . /tmp/srv/pg/env; set +a
    .build/venv/bin/python bench/postgres_parquet.py --ferry DIR/ferry --rows 1000000 --repeat 3

Loads bench/data/orders_ROWS.csv (gen_csv.py --seed 42, made when missing) into the table
bench_parquet_export (gen_csv.py's TABLE_DDL) once, warms the server's cache, then runs, alternately
so that other load on the machine hits both alike:

- ferry: `ferry load $FERRY_TEST_PG_URL --source-table bench_parquet_export --to o.parquet`
  (ZSTD, the table's own types: numeric(12,2) is a DECIMAL, timestamptz a UTC TIMESTAMP, …);
- psql: `\\copy (select * from bench_parquet_export) to 'o.csv' with (format csv, header true)`.

Prints the median wall time, peak RSS and output size of each, and the ratio (psql median /
ferry median: above 1 means the Parquet export is faster than psql's CSV export).
"""
import os
import statistics
import subprocess
import tempfile

from benchdata import data_file, ferry_bench_arguments, gen_module, timed

TABLE = "bench_parquet_export"


def psql(url, *commands):
    args = ["psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "-d", url]
    for command in commands:
        args += ["-c", command]
    return subprocess.run(args, check=True, capture_output=True, text=True).stdout.strip()


def main():
    parser, args = ferry_bench_arguments(__doc__)
    url = os.environ.get("FERRY_TEST_PG_URL")
    if not url:
        parser.error("set FERRY_TEST_PG_URL (for example: set -a; . /tmp/srv/pg/env; set +a)")
    csv = data_file(args.rows)
    try:
        loaded = psql(url, "\\pset tuples_only on", f"select count(*) from {TABLE}")
    except subprocess.CalledProcessError:
        loaded = ""
    if loaded.strip() != str(args.rows):
        ddl = gen_module().TABLE_DDL.format(table=TABLE)
        psql(url, f"drop table if exists {TABLE}", ddl)
        psql(url, f"\\copy {TABLE} from '{csv}' with (format csv, header true)", f"vacuum analyze {TABLE}")
    psql(url, f"\\copy (select * from {TABLE}) to '/dev/null'")

    work = tempfile.mkdtemp(prefix="ferry-pg-parquet-bench-")
    parquet, copy = os.path.join(work, "o.parquet"), os.path.join(work, "o.csv")
    tools = {
        "ferry → Parquet (zstd)": (parquet, [args.ferry, "load", url, "--source-table", TABLE, "--to", parquet, "--mode", "replace", "--quiet"]),
        "psql \\copy → CSV": (copy, ["psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "-d", url, "-c",
                                    f"\\copy (select * from {TABLE}) to '{copy}' with (format csv, header true)"]),
    }
    results = {name: [] for name in tools}
    sizes = {}
    for _ in range(args.repeat):
        for name, (out, command) in tools.items():
            results[name].append(timed(command))
            sizes[name] = os.path.getsize(out)
    server = psql(url, "\\pset tuples_only on", "select current_setting('server_version')")
    print(f"\n{args.rows:,} rows of gen_csv.py in PostgreSQL {server}, {os.cpu_count()} cores, median of {args.repeat}, alternating\n")
    print("| export | time | peak RSS | output size |")
    print("|---|---:|---:|---:|")
    medians = {}
    for name in tools:
        medians[name] = statistics.median(s for s, _ in results[name])
        rss = max(m for _, m in results[name])
        runs = ", ".join(f"{s:.2f}" for s, _ in results[name])
        print(f"| {name} | {medians[name]:.2f} s ({runs}) | {rss:.0f} MB | {sizes[name] / 1e6:.1f} MB |")
    ferry_name, psql_name = list(tools)
    print(f"\nParquet export vs psql CSV export: {medians[psql_name] / medians[ferry_name]:.2f}× as fast (psql median / ferry median)")


if __name__ == "__main__":
    main()
