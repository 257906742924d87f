"""Failures become Airflow exceptions carrying the contract's error, retried only when that can help."""

from __future__ import annotations

import os
import threading
from pathlib import Path

import pytest
from conftest import RUN_TIMEOUT_SECONDS, result_event

from ferry_provider.operators.ferry import FerryOperator
from ferry_provider.runtime import binary as binary_module
from ferry_provider.runtime.binary import find_ferry_binary
from ferry_provider.runtime.compat import AirflowException, AirflowFailException
from ferry_provider.runtime.errors import FerryRunError, FerryRunFatalError


def _fail(operator: FerryOperator) -> FerryRunError:
    with pytest.raises(FerryRunError) as raised:
        operator.execute({})
    return raised.value


def test_an_invalid_request_is_never_retried(ferry_bin, orders_csv):
    error = _fail(FerryOperator(task_id="t", ferry_bin=ferry_bin, source={"kind": "file", "path": str(orders_csv)},
                                options={"max_reject": 3}))
    assert isinstance(error, AirflowFailException)
    assert (error.code, error.category, error.stage, error.exit_code) == ("invalid_request", "request", "validate", 3)
    assert "$.options.max_reject: unknown field" in error.message
    assert error.result["type"] == "run_failed"


def test_a_missing_source_and_an_existing_table_fail_without_retry(ferry_bin, orders_csv, tmp_path):
    missing = _fail(FerryOperator(task_id="t", ferry_bin=ferry_bin, cwd=str(tmp_path), source={"kind": "file", "path": "nope.csv"}))
    assert isinstance(missing, FerryRunFatalError)
    assert (missing.code, missing.exit_code) == ("source_not_found", 4)
    assert "nope.csv" in missing.message

    load = FerryOperator(task_id="t", ferry_bin=ferry_bin, cwd=str(tmp_path), source={"kind": "file", "path": str(orders_csv)})
    load.execute({})
    exists = _fail(load)
    assert isinstance(exists, FerryRunFatalError)
    assert (exists.code, exists.exit_code, exists.retryable) == ("target_exists", 5, False)


def test_too_many_rejects_is_never_retried(ferry_bin, tmp_path):
    (tmp_path / "bad.csv").write_text("id,amount\n1,2.5\n2,lots\n")
    error = _fail(FerryOperator(task_id="t", ferry_bin=ferry_bin, cwd=str(tmp_path), source={"kind": "file", "path": "bad.csv"},
                                columns=[{"name": "amount", "type": "decimal"}]))
    assert isinstance(error, AirflowFailException)
    assert (error.code, error.exit_code) == ("rejects_exceeded", 6)


def test_an_unreachable_server_is_a_retryable_failure(ferry_bin, orders_csv):
    # Nothing listens on port 1: libpq fails at once, and ferry says the error is retryable.
    error = _fail(FerryOperator(
        task_id="t", ferry_bin=ferry_bin, env={"PGCONNECT_TIMEOUT": "10", "PGPASSWORD": "unused"},
        source={"kind": "file", "path": str(orders_csv)},
        target={"kind": "postgres", "connection": "postgresql://loader@127.0.0.1:1/shop", "table": "orders"},
    ))
    assert isinstance(error, AirflowException) and not isinstance(error, AirflowFailException)
    assert (error.code, error.retryable, error.exit_code) == ("target_unavailable", True, 5)


def test_a_usage_error_without_a_result_quotes_ferrys_log_and_is_not_retried(fake_ferry):
    binary = fake_ferry.script({"stderr": "Error: Unknown option '--log-level'"}, {"exit": 2})
    error = _fail(FerryOperator(task_id="t", ferry_bin=binary, source={"kind": "file", "path": "a.csv"}))
    assert isinstance(error, AirflowFailException)
    assert error.message == "ferry exited with code 2 (usage) without a result event; its last log lines: Error: Unknown option '--log-level'"


def test_a_crash_without_a_result_is_left_to_the_tasks_retries(fake_ferry):
    binary = fake_ferry.script({"stdout_json": {"contract_version": 1, "type": "run_started"}}, {"stderr": "fatal: out of memory"}, {"exit": 1})
    error = _fail(FerryOperator(task_id="t", ferry_bin=binary, source={"kind": "file", "path": "a.csv"}))
    assert not isinstance(error, AirflowFailException)
    assert (error.code, error.exit_code, error.result) == (None, 1, None)
    assert "internal_error" in error.message and "fatal: out of memory" in error.message


def test_a_binary_killed_by_a_signal_is_reported_as_such(fake_ferry):
    error = _fail(FerryOperator(task_id="t", ferry_bin=fake_ferry.script({"kill_self": 9}), source={"kind": "file", "path": "a.csv"}))
    assert error.exit_code == -9
    assert error.message == "ferry was killed by signal 9 before it wrote a result event"


def test_the_retryable_flag_of_a_source_error_decides(fake_ferry):
    failed = result_event(type="run_failed", status="failed", rows_written=0, error={
        "code": "source_unreadable", "category": "source", "stage": "extract",
        "message": "reading shop.db: database is locked", "retryable": True})
    error = _fail(FerryOperator(task_id="t", ferry_bin=fake_ferry.script({"stdout_json": failed}, {"exit": 4}),
                                source={"kind": "sqlite", "path": "shop.db", "table": "orders"}))
    assert not isinstance(error, AirflowFailException)
    assert error.message == "ferry run failed with source_unreadable (category source, stage extract, exit code 4): reading shop.db: database is locked"


def test_stdout_and_stderr_are_read_at_the_same_time(fake_ferry):
    # 1 MB of log lines before the result: a reader that drained stdout first would wait forever on a
    # full stderr pipe.
    binary = fake_ferry.script({"stderr_bytes": 1_000_000}, {"stdout": "not an event"}, {"stdout_json": result_event()}, {"exit": 0})
    operator = FerryOperator(task_id="t", ferry_bin=binary, source={"kind": "file", "path": "a.csv"})
    watchdog = threading.Timer(RUN_TIMEOUT_SECONDS, operator.on_kill)  # a hang ends as a failure
    watchdog.start()
    try:
        result = operator.execute({})
    finally:
        watchdog.cancel()
    assert result["status"] == "completed"


class TestBinaryDiscovery:
    @pytest.fixture
    def executable(self, tmp_path):
        def make(name: str) -> str:
            path = tmp_path / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text("#!/bin/sh\nexit 0\n")
            path.chmod(0o755)
            return str(path)
        return make

    @pytest.fixture
    def bundled(self, tmp_path, monkeypatch, executable):
        """An installed ferry_bin package whose binary_path() names an executable."""
        binary = executable("wheel/ferry_bin/bin/ferry")
        package = Path(binary).parents[1]
        (package / "__init__.py").write_text(f"def binary_path():\n    return {binary!r}\n")
        monkeypatch.syspath_prepend(str(package.parent))
        monkeypatch.delitem(__import__("sys").modules, "ferry_bin", raising=False)
        return binary

    def test_the_argument_wins_then_ferry_bin_then_the_wheel_then_path(self, executable, bundled):
        explicit, from_env, on_path = executable("a/ferry"), executable("b/ferry"), executable("c/ferry")
        path = os.path.dirname(on_path)
        assert find_ferry_binary(explicit, {"FERRY_BIN": from_env, "PATH": path}) == explicit
        assert find_ferry_binary(None, {"FERRY_BIN": from_env, "PATH": path}) == from_env
        assert find_ferry_binary(None, {"PATH": path}) == bundled
        assert find_ferry_binary("ferry", {"PATH": path}) == on_path

    def test_path_is_used_when_no_wheel_is_installed(self, executable, monkeypatch):
        monkeypatch.setattr(binary_module, "BUNDLED_PACKAGE", "ferry_bin_that_is_not_installed")
        on_path = executable("c/ferry")
        assert find_ferry_binary(None, {"PATH": os.path.dirname(on_path)}) == on_path

    def test_a_wrong_ferry_bin_is_an_error_not_a_reason_to_look_further(self, executable, tmp_path):
        on_path = executable("c/ferry")
        (tmp_path / "not-executable").write_text("")
        with pytest.raises(FerryRunFatalError, match="FERRY_BIN names .*not-executable, which is not an executable file"):
            find_ferry_binary(None, {"FERRY_BIN": str(tmp_path / "not-executable"), "PATH": os.path.dirname(on_path)})

    def test_without_any_binary_the_task_fails_and_nothing_is_downloaded(self, tmp_path, monkeypatch):
        monkeypatch.setattr(binary_module, "BUNDLED_PACKAGE", "ferry_bin_that_is_not_installed")
        with pytest.raises(FerryRunFatalError, match="never downloads"):
            find_ferry_binary(None, {"PATH": str(tmp_path)})
