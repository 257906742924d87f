"""Fixtures for the provider's tests: the real ferry binary, a scripted fake one, the test PostgreSQL.

The real binary comes from $FERRY_BIN and the server from $FERRY_TEST_PG_URL (scripts/test.sh sets
both; scripts/pg-test-server.sh starts a server). Outside CI a test that needs a missing one is
skipped with the reason; under CI (CI=true) it fails instead.
"""

from __future__ import annotations

import atexit
import json
import os
import shutil
import subprocess
import sys
import tempfile
import textwrap
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

import pytest

# Airflow reads its configuration on first import: a throwaway home, so the tests never touch
# ~/airflow. The unit tests need no metadata database; the DAG test makes its own.
_AIRFLOW_HOME = tempfile.mkdtemp(prefix="ferry-provider-tests-")
atexit.register(shutil.rmtree, _AIRFLOW_HOME, ignore_errors=True)
os.environ["AIRFLOW_HOME"] = _AIRFLOW_HOME
os.environ["AIRFLOW__CORE__LOAD_EXAMPLES"] = "False"
os.environ["AIRFLOW__DATABASE__SQL_ALCHEMY_CONN"] = f"sqlite:///{_AIRFLOW_HOME}/airflow.db"

PROVIDER_DIR = Path(__file__).resolve().parents[1]
REPO = PROVIDER_DIR.parent
FAKE_FERRY = Path(__file__).resolve().parent / "fake_ferry.py"

# How long one operator run may take in a test before it fails instead of hanging.
RUN_TIMEOUT_SECONDS = 120


def _require(variable: str, what: str) -> str:
    value = os.environ.get(variable)
    if value:
        return value
    message = f"{variable} is not set: {what}"
    if os.environ.get("CI") == "true":
        pytest.fail(message + " (CI must not skip this test)")
    pytest.skip(message)


@pytest.fixture(scope="session")
def ferry_bin() -> str:
    """The real ferry binary."""
    path = _require("FERRY_BIN", "build ferry and point FERRY_BIN at it (scripts/test.sh does)")
    assert os.access(path, os.X_OK), f"FERRY_BIN={path} is not executable"
    return path


@pytest.fixture(scope="session")
def pg_url() -> str:
    """A libpq URI of the test PostgreSQL server, with its password."""
    return _require("FERRY_TEST_PG_URL", "start scripts/pg-test-server.sh and source its env file")


class Postgres:
    """The test server: its parts, and psql for setup and checks."""

    def __init__(self, url: str) -> None:
        parts = urlsplit(url)
        self.url = url
        self.host = parts.hostname or "127.0.0.1"
        self.port = parts.port or 5432
        self.user = unquote(parts.username or "")
        self.password = unquote(parts.password or "")
        self.database = parts.path.lstrip("/")
        psql = shutil.which("psql") or "/usr/lib/postgresql/15/bin/psql"
        assert os.access(psql, os.X_OK), "psql is needed (postgresql-client or postgresql-15)"
        self.psql_path = psql

    @property
    def env(self) -> dict[str, str]:
        env = dict(os.environ)
        env.update(PGHOST=self.host, PGPORT=str(self.port), PGUSER=self.user, PGDATABASE=self.database, PGPASSWORD=self.password)
        return env

    def psql(self, sql: str) -> str:
        """Runs SQL and returns the unaligned, tuples-only output."""
        done = subprocess.run(
            [self.psql_path, "-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1", "-c", sql],
            env=self.env, capture_output=True, text=True, timeout=60,
        )
        assert done.returncode == 0, f"psql failed: {done.stderr}"
        return done.stdout.strip()

    def connection_json(self, **extra: Any) -> str:
        """An Airflow connection (AIRFLOW_CONN_* JSON form) for this server."""
        return json.dumps(
            {"conn_type": "postgres", "host": self.host, "port": self.port, "login": self.user,
             "password": self.password, "schema": self.database, "extra": extra}
        )


@pytest.fixture(scope="session")
def postgres(pg_url: str) -> Postgres:
    return Postgres(pg_url)


class FakeFerry:
    """A scripted stand-in for ferry, for the edge cases the real binary does not produce on demand.

    ``script(steps)`` writes the steps it runs, after reading the whole request from stdin, into
    script.json beside it (see fake_ferry.py), and returns its path. ``record`` is where it writes
    its argv, stdin, environment and process ids.
    """

    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self.path = directory / "ferry"
        self.script_path = directory / "script.json"
        self.record = directory / "record.json"
        self.path.write_text(f"#!{sys.executable}\n" + FAKE_FERRY.read_text())
        self.path.chmod(0o755)

    def script(self, *steps: dict[str, Any]) -> str:
        self.script_path.write_text(json.dumps({"record": str(self.record), "steps": list(steps)}))
        return str(self.path)

    def recorded(self) -> dict[str, Any]:
        return json.loads(self.record.read_text())


@pytest.fixture
def fake_ferry(tmp_path: Path) -> FakeFerry:
    directory = tmp_path / "fake-bin"
    directory.mkdir()
    return FakeFerry(directory)


@pytest.fixture
def orders_csv(tmp_path: Path) -> Path:
    """A small CSV with a header: id, name, amount, zip (zip keeps its leading zero as text)."""
    path = tmp_path / "orders.csv"
    path.write_text(textwrap.dedent("""\
        id,name,amount,zip
        1,Ada,19.99,02134
        2,Grace,1250.00,10001
        3,Linus,0.50,94105
        """))
    return path


def result_event(**fields: Any) -> dict[str, Any]:
    """A contract-shaped result event for the fake binary to print."""
    event = {
        "contract_version": 1, "type": "run_completed", "run_id": "01a200c7-7089-74ad-b7c2-d34fb5214411",
        "seq": 2, "time": "2026-03-02T10:15:31.402Z", "status": "completed",
        "job": {"name": "load_orders", "namespace": "ferry"}, "mode": "create", "rows_read": 3,
        "rows_written": 3, "rows_rejected": 0, "bytes_read": 60, "duration_ms": 5,
        "source": {"kind": "file", "path": "orders.csv", "format": "csv", "compression": "auto"},
        "target": {"kind": "sqlite", "path": "ferry.db", "table": "orders"}, "reject_file": None,
        "lineage": {"inputs": [{"namespace": "file", "name": "/data/orders.csv"}],
                    "outputs": [{"namespace": "file", "name": "/data/ferry.db#orders"}]},
    }
    event.update(fields)
    return event
