"""on_kill: ferry's process group is terminated, the run rolls back and reports ABORT."""

from __future__ import annotations

import json
import os
import subprocess
import threading
import time

import pytest
from conftest import RUN_TIMEOUT_SECONDS

from ferry_provider.operators.ferry import FerryOperator
from ferry_provider.runtime import execution
from ferry_provider.runtime.compat import AirflowFailException
from ferry_provider.runtime.errors import FerryRunError


def _wait_for(condition, what: str, seconds: float = 30.0) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.1)
    pytest.fail(f"timed out waiting for {what}")


def _kill_when(operator: FerryOperator, condition, what: str) -> dict:
    """Calls ``operator.on_kill()`` from another thread once ``condition()`` holds, while the test's
    thread runs ``execute`` (as Airflow does: on_kill comes while execute waits)."""
    seen: dict = {}

    def watch() -> None:
        deadline = time.monotonic() + RUN_TIMEOUT_SECONDS
        while time.monotonic() < deadline and not condition():
            time.sleep(0.1)
        seen["reached"] = condition()
        seen["process"] = operator._ferry_run.process if operator._ferry_run else None
        started = time.monotonic()
        operator.on_kill()
        seen["on_kill_seconds"] = time.monotonic() - started

    thread = threading.Thread(target=watch, daemon=True)
    thread.start()
    seen["thread"] = thread
    return seen


def _execute_until_killed(operator: FerryOperator, seen: dict, what: str) -> FerryRunError:
    with pytest.raises(FerryRunError) as raised:
        operator.execute({})
    seen["thread"].join(RUN_TIMEOUT_SECONDS)
    assert seen["reached"], f"timed out waiting for {what}"
    return raised.value


def _gone(pid: int) -> bool:
    """Whether the process has ended (reaped, or a zombie waiting for its parent)."""
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().rsplit(")", 1)[1].split()[0] == "Z"
    except FileNotFoundError:
        return True


def test_on_kill_stops_a_real_load_that_waits_on_a_lock(ferry_bin, postgres, orders_csv, tmp_path):
    postgres.psql("drop table if exists public.kill_orders; "
                  "create table public.kill_orders (id bigint, name text, amount numeric, zip text); "
                  "insert into public.kill_orders values (0, 'kept', 1, '00000')")
    holder = subprocess.Popen([postgres.psql_path, "-X", "-q", "-A", "-t"], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                              env=postgres.env, text=True)
    try:
        holder.stdin.write("begin; lock table public.kill_orders in access exclusive mode; select 'locked';\n")
        holder.stdin.flush()
        assert holder.stdout.readline().strip() == "locked"

        lineage_file = tmp_path / "lineage.jsonl"
        operator = FerryOperator(
            task_id="load", ferry_bin=ferry_bin, mode="append", env={"PGPASSWORD": postgres.password},
            source={"kind": "file", "path": str(orders_csv)},
            target={"kind": "postgres", "connection": f"postgresql://{postgres.user}@{postgres.host}:{postgres.port}/{postgres.database}",
                    "schema": "public", "table": "kill_orders"},
            lineage={"transport": {"type": "file", "path": str(lineage_file)}},
        )
        waiting = "ferry to wait on the lock"
        seen = _kill_when(operator, lambda: postgres.psql(
            "select count(*) from pg_stat_activity where wait_event_type = 'Lock' and query ilike '%kill_orders%'") == "1", waiting)
        error = _execute_until_killed(operator, seen, waiting)
    finally:
        holder.stdin.write("rollback;\n")
        holder.stdin.close()
        holder.wait(30)

    assert not isinstance(error, AirflowFailException)
    assert (error.code, error.stage, error.exit_code) == ("cancelled", "cancelled", 130)
    assert "received SIGTERM" in error.message
    assert json.loads(lineage_file.read_text().splitlines()[-1])["eventType"] == "ABORT"
    assert postgres.psql("select count(*) from public.kill_orders") == "1"
    with pytest.raises(ProcessLookupError):
        os.killpg(seen["process"].pid, 0)


def test_on_kill_reaches_every_process_of_the_group(fake_ferry, tmp_path):
    pid_file = tmp_path / "grandchild.pid"
    binary = fake_ferry.script({"spawn": ["sleep", "600"], "pid_file": str(pid_file)}, {"sleep": 600})
    operator = FerryOperator(task_id="t", ferry_bin=binary, source={"kind": "file", "path": "a.csv"})
    started = "the fake to start its child"
    error = _execute_until_killed(operator, _kill_when(operator, lambda: pid_file.exists() and pid_file.read_text(), started), started)
    assert error.exit_code == -15
    record = fake_ferry.recorded()
    assert record["sid"] == record["pid"] == record["pgid"]  # ferry leads a session of its own
    _wait_for(lambda: _gone(int(pid_file.read_text())), "the grandchild to end", 10)


def test_a_binary_that_ignores_sigterm_is_killed_after_the_grace_period(fake_ferry, monkeypatch, tmp_path):
    monkeypatch.setattr(execution, "KILL_GRACE_SECONDS", 0.5)
    ready = tmp_path / "ignoring-sigterm"
    binary = fake_ferry.script({"ignore_sigterm": True}, {"touch": str(ready)}, {"sleep": 600})
    operator = FerryOperator(task_id="t", ferry_bin=binary, source={"kind": "file", "path": "a.csv"})
    seen = _kill_when(operator, ready.exists, "the fake to ignore SIGTERM")
    error = _execute_until_killed(operator, seen, "the fake to ignore SIGTERM")
    assert seen["on_kill_seconds"] < 5
    assert error.message == "ferry was killed by signal 9 before it wrote a result event"


def test_on_kill_before_or_after_a_run_does_nothing(ferry_bin, orders_csv, tmp_path):
    operator = FerryOperator(task_id="t", ferry_bin=ferry_bin, cwd=str(tmp_path), source={"kind": "file", "path": str(orders_csv)})
    operator.on_kill()
    operator.execute({})
    operator.on_kill()
    assert operator._ferry_run.exit_code == 0
