#!/usr/bin/env python3
"""One command for the main table of Docs/benchmarks.md: generates the data, starts its own
PostgreSQL, runs Ferry and each peer alternately, and prints the Markdown table (medians, ratios,
peak RSS).

    python3 bench/run.py                        # 1M rows, 3 alternating runs, .build/release/ferry
    python3 bench/run.py --big 10000000         # also CSV → PostgreSQL at 10M rows (one run each)
    python3 bench/run.py --only export --repeat 5

Data: bench/data/orders_<rows>.csv from ../shared/bench/gen_csv.py (seed 42; made once) and, for
JSON Lines, the same rows exported by Ferry. The server: scripts/pg-test-server.sh in --pg-dir
(started when not running, stopped at the end unless --keep-pg). Peers: `sqlite3 .import` and
`psql \\copy` from the system; DuckDB, pyarrow and Sling (sling-linux-amd64) from PyPI, installed
once into the pinned venv bench/.venv-peers (a peer that cannot be installed is skipped, with a
note under the table).

Each row runs its tools one after the other, --repeat times (so load from other processes hits
them alike); the table shows the median wall time, the largest peak RSS (/usr/bin/time) and the
ratio peer / Ferry (above 1: Ferry is faster). The machine's load average is printed with it.
"""
import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile

from benchdata import ROOT, data_file, gen_module, timed

PEERS_VENV = os.path.join(ROOT, "bench", ".venv-peers")
# Pinned: the versions the page's figures were measured with.
PEER_PACKAGES = ["duckdb==2.0.1", "pyarrow==26.0.1", "sling-linux-amd64==1.4.11"]
PG_PASSWORD = "ferry-test-pw"  # scripts/pg-test-server.sh's throwaway test password

DUCKDB_JSONL = """import duckdb, sys
duckdb.connect().execute(f"CREATE TABLE t AS FROM read_json('{sys.argv[1]}', format='newline_delimited')")
"""
DUCKDB_PARQUET = """import duckdb, sys
duckdb.connect().execute(f"COPY (FROM read_csv('{sys.argv[1]}')) TO '{sys.argv[2]}' (FORMAT parquet, COMPRESSION zstd)")
"""
PYARROW_PARQUET = """import sys, pyarrow.csv as c, pyarrow.parquet as pq
table = c.read_csv(sys.argv[1], parse_options=c.ParseOptions(newlines_in_values=True))
pq.write_table(table, sys.argv[2], compression='zstd')
"""


class Bench:
    def __init__(self, args):
        self.args = args
        self.ferry = args.ferry
        self.work = tempfile.mkdtemp(prefix="ferry-bench-run-")
        self.rows = []  # (work, [(tool, seconds, rss)], reference tool)
        self.notes = []
        self.python = None
        self.sling = None
        self.env = None
        self.url = None

    # -- setup --------------------------------------------------------------------------------

    def peers(self):
        """The bench venv's python and sling, installing PEER_PACKAGES once (pinned)."""
        stamp = os.path.join(PEERS_VENV, ".ferry-peers")
        want = "\n".join(PEER_PACKAGES)
        python = os.path.join(PEERS_VENV, "bin", "python")
        if not (os.path.exists(stamp) and open(stamp).read() == want):
            try:
                if not os.path.exists(python):
                    subprocess.run([sys.executable, "-m", "venv", PEERS_VENV], check=True)
                subprocess.run([os.path.join(PEERS_VENV, "bin", "pip"), "install", "-q", "--disable-pip-version-check"]
                               + PEER_PACKAGES, check=True)
                with open(stamp, "w") as f:
                    f.write(want)
            except (subprocess.CalledProcessError, OSError) as e:
                self.notes.append(f"DuckDB, pyarrow and Sling skipped: `pip install {' '.join(PEER_PACKAGES)}` failed ({e})")
                return
        self.python = python
        found = subprocess.run(["find", PEERS_VENV, "-name", "sling*", "-type", "f", "-perm", "-u+x"],
                               capture_output=True, text=True).stdout.split()
        self.sling = next((f for f in found if os.path.basename(f).startswith("sling")), None)
        if not self.sling:
            self.notes.append("Sling skipped: the sling-linux-amd64 wheel has no binary for this machine")

    def postgres(self):
        """Starts (or reuses) the bench's own server and sets PG* for psql."""
        subprocess.run([os.path.join(ROOT, "scripts", "pg-test-server.sh"), "start", self.args.pg_dir], check=True)
        env = dict(os.environ)
        with open(os.path.join(self.args.pg_dir, "env")) as f:
            for line in f:
                key, _, value = line.strip().partition("=")
                if key:
                    env[key] = value
        env["PGPASSWORD"] = PG_PASSWORD
        # Sling's connection; this server speaks no TLS, which Sling would otherwise insist on.
        env["PG_BENCH"] = env["FERRY_TEST_PG_URL"] + "?sslmode=disable"
        self.env = env
        self.url = env["FERRY_TEST_PG_URL"]

    def psql(self, sql):
        return subprocess.run(["psql", "-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1", "-c", sql], check=True,
                              capture_output=True, text=True, env=self.env).stdout.strip()

    # -- measuring ----------------------------------------------------------------------------

    def alternate(self, work, tools, reference, prepare=None, repeat=None):
        """Runs each (name, command-builder) in turn, `repeat` times; records medians and RSS.
        A builder returns the argv to time (its output paths are fresh per run)."""
        runs = {name: [] for name, _ in tools}
        for i in range(repeat or self.args.repeat):
            for name, build in tools:
                if prepare:
                    prepare(name)
                out = os.path.join(self.work, f"out-{len(self.rows)}-{i}")
                shutil.rmtree(out, ignore_errors=True)
                os.makedirs(out)
                runs[name].append(timed(build(out), env=self.env))
                shutil.rmtree(out, ignore_errors=True)
        results = [(name, statistics.median(s for s, _ in r), max(m for _, m in r)) for name, r in runs.items()]
        self.rows.append((work, results, reference))
        print(f"{work}: " + ", ".join(f"{n} {s:.2f} s ({m:.0f} MB)" for n, s, m in results), file=sys.stderr)

    def want(self, name):
        return not self.args.only or name in self.args.only

    # -- the rows -----------------------------------------------------------------------------

    def sqlite(self, csv):
        ddl_db = os.path.join(self.work, "ddl.db")
        subprocess.run([self.ferry, "load", csv, "--to", "sqlite:" + ddl_db, "--table", "t", "-q"], check=True)
        ddl = subprocess.run(["sqlite3", ddl_db, ".schema t"], check=True, capture_output=True, text=True).stdout
        os.remove(ddl_db)

        def sqlite_import(out):
            db = os.path.join(out, "s.db")
            subprocess.run(["sqlite3", db, ddl], check=True)
            return ["sqlite3", db, ".import --csv --skip 1 " + csv + " t"]

        self.alternate("CSV → SQLite (new file, inferred types)", [
            ("ferry", lambda out: [self.ferry, "load", csv, "--to", "sqlite:" + os.path.join(out, "f.db"), "--table", "t", "-q"]),
            ("`sqlite3 .import`", sqlite_import),
        ], "`sqlite3 .import`")

    def jsonl(self, csv):
        jsonl = os.path.join(os.path.dirname(csv), os.path.basename(csv).replace(".csv", ".jsonl"))
        if not os.path.exists(jsonl):
            db = os.path.join(self.work, "j.db")
            subprocess.run([self.ferry, "load", csv, "--to", "sqlite:" + db, "--table", "t", "-q"], check=True)
            subprocess.run([self.ferry, "load", "sqlite:" + db, "--source-table", "t", "--to", jsonl + ".tmp.jsonl", "-q"], check=True)
            os.rename(jsonl + ".tmp.jsonl", jsonl)
            os.remove(db)
        tools = [
            ("ferry", lambda out: [self.ferry, "load", jsonl, "--to", "sqlite:" + os.path.join(out, "f.db"), "--table", "t", "-q"]),
            ("ferry, same rows as CSV", lambda out: [self.ferry, "load", csv, "--to", "sqlite:" + os.path.join(out, "c.db"),
                                                     "--table", "t", "-q"]),
        ]
        if self.python:
            tools.append(("DuckDB `read_json` (in memory)", lambda out: [self.python, "-c", DUCKDB_JSONL, jsonl]))
        self.alternate("JSON Lines → SQLite", tools, "ferry, same rows as CSV")

    def postgres_load(self, csv, rows, repeat=None):
        ddl = gen_module().TABLE_DDL
        for table in ("bench_ferry", "bench_psql", "bench_sling"):
            self.psql(f"drop table if exists {table}; " + ddl.format(table=table))
        tools = [
            ("ferry", lambda out: [self.ferry, "load", csv, "--to", self.url, "--table", "bench_ferry", "--mode", "truncate", "-q"]),
            ("`psql \\copy`", lambda out: ["psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "-c",
                                          f"\\copy bench_psql from '{csv}' with (format csv, header true)"]),
        ]
        if self.sling and self.args.sling:
            tools.append(("Sling", lambda out: [self.sling, "run", "--src-stream", "file://" + csv, "--tgt-conn", "PG_BENCH",
                                                "--tgt-object", "public.bench_sling", "--mode", "truncate"]))
        truncate = {"ferry": None, "`psql \\copy`": "bench_psql", "Sling": "bench_sling"}

        def prepare(name):
            if truncate.get(name):
                self.psql(f"truncate {truncate[name]}")
        self.alternate(f"CSV → PostgreSQL (existing table, truncate), {rows:,} rows", tools, "`psql \\copy`",
                       prepare=prepare, repeat=repeat)
        counts = self.psql("select (select count(*) from bench_ferry) || ' ' || (select count(*) from bench_psql)")
        if counts.split() != [str(rows)] * 2:
            self.notes.append(f"CSV → PostgreSQL {rows:,}: row counts after the runs (ferry, psql) were {counts}")

    def export(self, csv, rows):
        ddl = gen_module().TABLE_DDL
        if self.psql("select count(*) from pg_tables where tablename = 'bench_export'") != "1" or \
                self.psql("select count(*) from bench_export") != str(rows):
            self.psql("drop table if exists bench_export; " + ddl.format(table="bench_export"))
            self.psql(f"\\copy bench_export from '{csv}' with (format csv, header true)")
            self.psql("vacuum analyze bench_export")
        psql_to = lambda options: lambda out: [  # noqa: E731
            "psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "-c",
            f"\\copy (select * from bench_export) to '{os.path.join(out, 'p')}' with ({options})"]
        ferry_to = lambda name: lambda out: [  # noqa: E731
            self.ferry, "load", self.url, "--source-table", "bench_export", "--to", os.path.join(out, name), "-q"]
        self.alternate("PostgreSQL → CSV", [("ferry", ferry_to("f.csv")), ("`psql \\copy … to` (csv)", psql_to("format csv, header true"))],
                       "`psql \\copy … to` (csv)")
        self.alternate("PostgreSQL → TSV", [("ferry", ferry_to("f.tsv")), ("`psql \\copy … to` (text)", psql_to("format text"))],
                       "`psql \\copy … to` (text)")
        self.alternate("PostgreSQL → JSON Lines", [("ferry", ferry_to("f.jsonl")), ("`psql \\copy … to` (csv)", psql_to("format csv, header true"))],
                       "`psql \\copy … to` (csv)")

    def parquet(self, csv):
        tools = [("ferry", lambda out: [self.ferry, "load", csv, "--to", os.path.join(out, "f.parquet"), "--compression", "zstd",
                                        "--column", "amount:decimal(12,2)", "--column", "id:bigint!", "-q"])]
        if self.python:
            tools += [("DuckDB", lambda out: [self.python, "-c", DUCKDB_PARQUET, csv, os.path.join(out, "d.parquet")]),
                      ("pyarrow", lambda out: [self.python, "-c", PYARROW_PARQUET, csv, os.path.join(out, "p.parquet")])]
        else:
            return
        self.alternate("CSV → Parquet (ZSTD)", tools, "DuckDB")

    # -- output -------------------------------------------------------------------------------

    def table(self):
        version = subprocess.run([self.ferry, "version"], capture_output=True, text=True).stdout.splitlines()[0]
        load = os.getloadavg()
        lines = [f"{version}; {os.cpu_count()} cores; load average {load[0]:.1f} / {load[1]:.1f} / {load[2]:.1f} at the end; "
                 f"median of {self.args.repeat} alternating runs (one for 10M rows)", "",
                 "| work | tool | time | peak RSS | reference / tool |", "|---|---|---:|---:|---:|"]
        for work, results, reference in self.rows:
            ref = next(s for n, s, _ in results if n == reference)
            for i, (name, seconds, rss) in enumerate(results):
                ratio = "" if name == reference else f"{ref / seconds:.2f}×"
                lines.append(f"| {work if i == 0 else ''} | {name} | {seconds:.2f} s | {rss:.0f} MB | {ratio} |")
        for note in self.notes:
            lines.append("")
            lines.append(note)
        return "\n".join(lines)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--rows", type=int, default=1_000_000)
    ap.add_argument("--big", type=int, default=0, help="also CSV → PostgreSQL at this many rows (one run each)")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--ferry", default=os.path.join(ROOT, ".build", "release", "ferry"))
    ap.add_argument("--pg-dir", default="/tmp/ferry-bench-run-pg")
    ap.add_argument("--keep-pg", action="store_true", help="leave the server running for the next run")
    ap.add_argument("--sling", action="store_true", help="also time Sling into PostgreSQL (about 40 s a run)")
    ap.add_argument("--only", nargs="*", choices=["sqlite", "jsonl", "postgres", "export", "parquet"])
    args = ap.parse_args()
    if not os.access(args.ferry, os.X_OK):
        sys.exit(f"{args.ferry} not found: build it first (scripts/build-release.sh DIR, or swift build -c release)")
    bench = Bench(args)
    try:
        bench.peers()
        csv = data_file(args.rows)
        if bench.want("sqlite"):
            bench.sqlite(csv)
        if bench.want("jsonl"):
            bench.jsonl(csv)
        if bench.want("postgres") or bench.want("export"):
            bench.postgres()
            if bench.want("postgres"):
                bench.postgres_load(csv, args.rows)
                if args.big:
                    bench.postgres_load(data_file(args.big), args.big, repeat=1)
            if bench.want("export"):
                bench.export(csv, args.rows)
        if bench.want("parquet"):
            bench.parquet(csv)
        print(bench.table())
    finally:
        shutil.rmtree(bench.work, ignore_errors=True)
        if bench.url and not args.keep_pg:
            subprocess.run([os.path.join(ROOT, "scripts", "pg-test-server.sh"), "stop", args.pg_dir])


if __name__ == "__main__":
    main()
