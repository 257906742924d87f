"""Retries against real servers (Docs/reliability.md, "Retries").

PostgreSQL is restarted (`pg_ctl restart -m fast`) in the middle of a 2M-row load: with
`retries` the load completes and the table holds exactly the file's rows; without, the run fails
with the target's code (exit 5) and `error.retryable`, and the table is as it was. The server
restarted is this module's own throwaway server (scripts/pg-test-server.sh), never the shared
one. SQLite: another connection holds the write lock until Ferry reports `retrying`, then lets
go; the load completes.

Every restart and every release is triggered by an event read from Ferry's stdout, never by a
sleep: the first `progress` event of the load phase, or the `retrying` event.
"""

from __future__ import annotations

import csv
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from conftest import REPO, TIMEOUT_SECONDS, FerryRun

PG_BIN = Path(os.environ.get("PG_BIN", "/usr/lib/postgresql/15/bin"))
# The benchmarks' generator, where bench/benchdata.py finds it: ../shared/bench beside the repository.
GEN_CSV = Path(os.environ.get("FERRY_GEN_CSV", REPO.parent / "shared" / "bench" / "gen_csv.py"))
ROWS = 2_000_000
# gen_csv.py's columns, declared so no inference pass reads the file before the load.
COLUMNS = [
    {"name": "id", "type": "bigint"}, {"name": "customer", "type": "text"}, {"name": "comment", "type": "text"},
    {"name": "qty", "type": "bigint"}, {"name": "amount", "type": "decimal(12,2)"}, {"name": "active", "type": "boolean"},
    {"name": "order_date", "type": "date"}, {"name": "created_at", "type": "timestamptz"},
    {"name": "parent_id", "type": "bigint"}, {"name": "name", "type": "text"},
]
EXIT_TARGET_ERROR = 5


def _require(condition: bool, reason: str) -> None:
    if condition:
        return
    if os.environ.get("CI") == "true":
        pytest.fail(reason)
    pytest.skip(reason)


@pytest.fixture(scope="module")
def big_csv(tmp_path_factory) -> Path:
    _require(GEN_CSV.is_file(), f"{GEN_CSV} (the benchmark generator) is missing; set FERRY_GEN_CSV")
    path = tmp_path_factory.mktemp("retries-data") / "orders.csv"
    subprocess.run([sys.executable, str(GEN_CSV), "--rows", str(ROWS), "-o", str(path)], check=True,
                   timeout=TIMEOUT_SECONDS * 5)
    return path


class OwnPostgres:
    """A throwaway PostgreSQL 15 that this module may restart."""

    def __init__(self, directory: Path):
        self.dir = directory
        env = dict(line.split("=", 1) for line in (directory / "env").read_text().splitlines() if "=" in line)
        self.url = env["FERRY_TEST_PG_URL"]

    def psql(self, sql: str) -> str:
        out = subprocess.run([str(PG_BIN / "psql"), self.url, "-X", "-tAq", "-v", "ON_ERROR_STOP=1", "-c", sql],
                             capture_output=True, text=True, timeout=TIMEOUT_SECONDS)
        assert out.returncode == 0, out.stderr
        return out.stdout.strip()

    def restart(self) -> None:
        """`pg_ctl restart -m fast`: every session is terminated (57P01), then the server comes back."""
        command = [str(PG_BIN / "pg_ctl"), "restart", "-D", str(self.dir / "data"), "-m", "fast", "-w", "-t", "60",
                   "-l", str(self.dir / "server.log")]
        if os.geteuid() == 0:
            command = ["runuser", "-u", "postgres", "--", *command]
        out = subprocess.run(command, cwd=self.dir, capture_output=True, text=True, timeout=TIMEOUT_SECONDS)
        assert out.returncode == 0, out.stdout + out.stderr


@pytest.fixture(scope="module")
def own_pg():
    _require((PG_BIN / "pg_ctl").is_file(), f"PostgreSQL 15 is not installed at {PG_BIN} (scripts/install-deps.sh)")
    directory = Path(tempfile.mkdtemp(prefix="ferry-retry-pg-", dir="/tmp"))
    directory.chmod(0o755)
    script = REPO / "scripts" / "pg-test-server.sh"
    subprocess.run([str(script), "start", str(directory), str(os.getpid())], check=True, timeout=TIMEOUT_SECONDS)
    try:
        yield OwnPostgres(directory)
    finally:
        subprocess.run([str(script), "stop", str(directory)], timeout=TIMEOUT_SECONDS)
        shutil.rmtree(directory, ignore_errors=True)


def run_reacting(ferry, request: dict, cwd: Path, trigger, react) -> FerryRun:
    """Runs `ferry run` with `request`; calls `react()` once, when an event satisfies `trigger`."""
    process = subprocess.Popen([ferry.path, "run"], cwd=cwd, text=True, stdin=subprocess.PIPE,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    lines = []
    reacted = False
    try:
        process.stdin.write(json.dumps(request))
        process.stdin.close()
        process.stdin = None
        for line in process.stdout:
            lines.append(line)
            if not reacted and trigger(json.loads(line)):
                reacted = True
                react()
        _, stderr = process.communicate(timeout=TIMEOUT_SECONDS * 3)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    run = FerryRun(["run"], process.returncode, "".join(lines), stderr, [json.loads(line) for line in lines])
    assert reacted, "the triggering event never came\n" + run.describe()
    return run


def first_load_progress(event: dict) -> bool:
    return event["type"] == "progress" and event["phase"] == "load"


def pg_request(own_pg: OwnPostgres, csv: Path, table: str, mode: str, retries: int | None) -> dict:
    options = {"retry_budget": 120}
    if retries is not None:
        options["retries"] = retries
    return {"contract_version": 1, "source": {"kind": "file", "path": str(csv)},
            "target": {"kind": "postgres", "connection": own_pg.url, "table": table},
            "mode": mode, "columns": COLUMNS, "options": options}


def test_a_postgres_restart_mid_load_is_retried_and_the_table_holds_every_row_once(ferry, own_pg, big_csv, tmp_path):
    run = run_reacting(ferry, pg_request(own_pg, big_csv, "orders_retried", "create", retries=10), tmp_path,
                       first_load_progress, own_pg.restart)
    assert run.returncode == 0, run.describe()
    retrying = [e for e in run.events if e["type"] == "retrying"]
    assert retrying, "the restart ended no attempt\n" + run.describe()
    first = retrying[0]
    assert (first["attempt"], first["max_attempts"], first["error"]["retryable"]) == (2, 11, True), first
    assert first["error"]["category"] == "target" and first["error"]["driver"]["system"] == "postgres", first
    assert [e["type"] for e in run.events].count("run_started") == 1
    result = run.result
    assert (result["rows_read"], result["rows_written"], result["rows_rejected"]) == (ROWS, ROWS, 0)
    assert own_pg.psql("select count(*), count(distinct id), min(id), max(id) from orders_retried") == f"{ROWS}|{ROWS}|1|{ROWS}"
    ledger = own_pg.psql(f"select status from ferry_loads where run_id = '{result['run_id']}' order by status")
    assert ledger == "completed", ledger


def test_without_retries_a_postgres_restart_fails_as_retryable_and_leaves_the_table_unchanged(ferry, own_pg, big_csv, tmp_path):
    small = tmp_path / "first.csv"
    with big_csv.open(encoding="utf-8", newline="") as full, small.open("w", encoding="utf-8", newline="") as out:
        records = csv.reader(full)
        csv.writer(out, lineterminator="\n").writerows(next(records) for _ in range(1001))
    seed = ferry.run_request(pg_request(own_pg, small, "orders_once", "create", retries=None), cwd=tmp_path)
    assert seed.returncode == 0, seed.describe()
    before = own_pg.psql("select count(*), sum(id) from orders_once")
    assert before == "1000|500500"

    run = run_reacting(ferry, pg_request(own_pg, big_csv, "orders_once", "append", retries=None), tmp_path,
                       first_load_progress, own_pg.restart)
    assert run.returncode == EXIT_TARGET_ERROR, run.describe()
    assert not [e for e in run.events if e["type"] == "retrying"]
    result = run.result
    assert result["type"] == "run_failed" and result["rows_written"] == 0
    assert (result["error"]["retryable"], result["error"]["category"]) == (True, "target"), result["error"]
    assert own_pg.psql("select count(*), sum(id) from orders_once") == before
    completed = own_pg.psql(f"select count(*) from ferry_loads where run_id = '{result['run_id']}' and status = 'completed'")
    assert completed == "0"


def run_with_sqlite_lock(ferry, request: dict, cwd: Path, database: Path, *statements: str) -> FerryRun:
    """Runs `request` while another connection, after `statements`, holds a lock on `database`;
    the lock is let go when Ferry reports `retrying`."""
    holder = sqlite3.connect(database, isolation_level=None)
    try:
        holder.execute("create table other (x)")
        for statement in statements:
            holder.execute(statement).fetchall()
        return run_reacting(ferry, request, cwd, lambda e: e["type"] == "retrying", holder.rollback)
    finally:
        holder.close()


def test_a_sqlite_database_locked_by_another_writer_is_retried_once_it_is_released(ferry, tmp_path):
    (tmp_path / "items.csv").write_text("id,name\n1,a\n2,b\n3,c\n", encoding="utf-8")
    database = tmp_path / "shop.db"
    # A writer's lock (RESERVED) makes Ferry's BEGIN IMMEDIATE busy.
    request = {"contract_version": 1, "source": {"kind": "file", "path": "items.csv"},
               "target": {"kind": "sqlite", "path": "shop.db", "table": "items"},
               "options": {"retries": 3, "retry_budget": 60}}
    run = run_with_sqlite_lock(ferry, request, tmp_path, database, "begin immediate", "insert into other values (1)")
    assert run.returncode == 0, run.describe()
    retrying = [e for e in run.events if e["type"] == "retrying"]
    assert retrying[0]["error"]["driver"]["code"].startswith("SQLITE_BUSY"), retrying[0]
    assert "attempt 1 of 4 failed (target_unavailable" in run.stderr and "starting over in" in run.stderr, run.stderr
    with sqlite3.connect(database) as check:
        assert check.execute("select count(*), sum(id) from items").fetchone() == (3, 6)
        assert check.execute("select status from ferry_loads where run_id = ?", (run.result["run_id"],)).fetchall() == [("completed",)]


def test_a_retried_sqlite_load_writes_each_rejected_row_once(ferry, tmp_path):
    (tmp_path / "items.csv").write_text("id,n\n1,5\n2,x\n3,7\n", encoding="utf-8")
    database = tmp_path / "shop.db"
    # A reader's open transaction (a SHARED lock) lets Ferry write, reject row 2 and publish the
    # reject file, and then makes its COMMIT busy: the retry must not add row 2 again.
    request = {"contract_version": 1, "source": {"kind": "file", "path": "items.csv"},
               "target": {"kind": "sqlite", "path": "shop.db", "table": "items"},
               "columns": [{"name": "n", "type": "bigint"}],
               "options": {"retries": 3, "retry_budget": 60, "max_rejects": 5, "reject_path": "rejects.jsonl"}}
    run = run_with_sqlite_lock(ferry, request, tmp_path, database, "begin", "select count(*) from other")
    assert run.returncode == 0, run.describe()
    rejects = [json.loads(line) for line in (tmp_path / "rejects.jsonl").read_text().splitlines()]
    assert [r["line"] for r in rejects] == [3]
    assert run.result["rows_rejected"] == 1
    assert [e["error"]["stage"] for e in run.events if e["type"] == "retrying"][0] == "commit"
    with sqlite3.connect(database) as check:
        assert check.execute("select id, n from items order by id").fetchall() == [(1, 5), (3, 7)]


def test_retries_with_a_source_read_from_stdin_is_an_invalid_request(ferry, tmp_path):
    request = {"contract_version": 1, "source": {"kind": "file", "path": "-", "format": "csv"},
               "target": {"kind": "sqlite", "path": "x.db", "table": "t"}, "columns": [{"name": "id", "type": "bigint"}],
               "options": {"retries": 2}}
    run = ferry.run_request(request, cwd=tmp_path)
    assert run.returncode == 3, run.describe()
    assert [i["path"] for i in run.result["error"]["issues"]] == ["$.options.retries"]


def test_the_retry_flags_of_ferry_load_become_the_request_options(ferry, tmp_path):
    (tmp_path / "items.csv").write_text("id\n1\n", encoding="utf-8")
    printed = ferry("load", "items.csv", "--retries", "2", "--retry-budget", "30", "--print-request", cwd=tmp_path, parse_events=False)
    assert printed.returncode == 0, printed.describe()
    options = json.loads(printed.stdout)["options"]
    assert (options["retries"], options["retry_budget"]) == (2, 30)
    refused = ferry("load", "items.csv", "--retries", "101", "--retry-budget", "0", "--json", cwd=tmp_path)
    assert refused.returncode == 3, refused.describe()
    assert [i["path"] for i in refused.result["error"]["issues"]] == ["$.options.retries", "$.options.retry_budget"]


def third_checkpoint(event: dict) -> bool:
    return event["type"] == "checkpoint" and not event["resumed"] and event["chunks"] == 3


def test_a_postgres_restart_mid_chunked_load_resumes_from_the_checkpoint_and_loads_every_row_once(ferry, own_pg, big_csv, tmp_path):
    """Docs/many-files.md, "Chunked, resumable loads": the retry keeps the committed chunks."""
    request = pg_request(own_pg, big_csv, "orders_chunked", "append", retries=10)
    request["options"]["commit_every"] = 200_000
    run = run_reacting(ferry, request, tmp_path, third_checkpoint, own_pg.restart)
    assert run.returncode == 0, run.describe()
    assert [e for e in run.events if e["type"] == "retrying"], "the restart ended no attempt\n" + run.describe()
    resumed = [e for e in run.events if e["type"] == "checkpoint" and e["resumed"]]
    assert resumed and resumed[0]["chunks"] >= 3 and resumed[0]["rows_staged"] >= 600_000, run.describe()
    result = run.result
    assert (result["rows_read"], result["rows_written"], result["rows_rejected"]) == (ROWS, ROWS, 0)
    assert own_pg.psql("select count(*), count(distinct id), min(id), max(id) from orders_chunked") == f"{ROWS}|{ROWS}|1|{ROWS}"
    assert own_pg.psql("select count(*) from pg_class where relname like 'ferry_chunks_%'") == "0"
    assert own_pg.psql("select count(*) from ferry_checkpoints") == "0"
