"""Fixtures for the dbt tests: the real ferry binary, real dbt-core + dbt-postgres, the test server.

$FERRY_BIN is the binary, $FERRY_TEST_PG_URL the server (scripts/test.sh sets both; the venv comes
from scripts/dbt-venv.sh). Each test works on its own copy of integrations/dbt with its own schema.
Outside CI a test that needs something missing is skipped with the reason; under CI it fails.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import uuid
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

REPO = Path(__file__).resolve().parents[2]
EXAMPLE = REPO / "integrations" / "dbt"
DBT = Path(sys.executable).parent / "dbt"
PASSWORD_VARIABLE = "FERRY_EXAMPLE_PASSWORD"
TIMEOUT_SECONDS = 300


def require(variable: str, what: str) -> str:
    value = os.environ.get(variable)
    if value:
        return value
    message = f"{variable} is not set: {what}"
    if os.environ.get("CI") == "true":
        pytest.fail(message + " (CI must not skip this test)")
    pytest.skip(message)


@dataclass
class Finished:
    args: list
    returncode: int
    stdout: str
    stderr: str

    @property
    def output(self) -> str:
        return self.stdout + self.stderr

    def describe(self) -> str:
        return f"{' '.join(map(str, self.args))} exited {self.returncode}\nstdout:\n{self.stdout}\nstderr:\n{self.stderr}"

    @property
    def events(self) -> list:
        return [json.loads(line) for line in self.stdout.splitlines() if line.startswith("{")]


class Project:
    """A copy of the example project, with its own schema, and the commands that run in it."""

    def __init__(self, directory: Path, schema: str, server: dict, ferry_bin: str):
        self.directory = directory
        self.schema = schema
        self.server = server
        self.ferry_bin = ferry_bin
        # The password only through the variable the profile names: no PGPASSWORD, no URL.
        self.env = {
            key: value for key, value in os.environ.items()
            if key not in ("PGPASSWORD", "FERRY_TEST_PG_URL") and not key.startswith("OPENLINEAGE_")
        }
        self.env.update({
            "PGHOST": server["host"], "PGPORT": str(server["port"]), "PGUSER": server["user"],
            "PGDATABASE": server["database"], PASSWORD_VARIABLE: server["password"],
            "FERRY_EXAMPLE_SCHEMA": schema, "DBT_PROFILES_DIR": str(directory),
            "FERRY_DBT": str(DBT), "OPENLINEAGE_DISABLED": "true",
            "DBT_SEND_ANONYMOUS_USAGE_STATS": "false",
        })

    def run(self, *args, env: dict | None = None) -> Finished:
        proc = subprocess.run(
            [str(a) for a in args], cwd=self.directory, capture_output=True, text=True,
            timeout=TIMEOUT_SECONDS, env={**self.env, **(env or {})},
        )
        return Finished(list(args), proc.returncode, proc.stdout, proc.stderr)

    def ferry_dbt(self, *args, env: dict | None = None) -> Finished:
        return self.run(self.ferry_bin, "dbt", *args, env=env)

    def dbt(self, *args, env: dict | None = None) -> Finished:
        return self.run(DBT, *args, env=env)

    def sql(self, query: str) -> list[list[str]]:
        """Rows of `query` through psql, as text."""
        proc = subprocess.run(
            ["psql", "-X", "-A", "-t", "-F", "\t", "-v", "ON_ERROR_STOP=1", "-c", query],
            capture_output=True, text=True, timeout=60,
            env={**self.env, "PGPASSWORD": self.server["password"]},
        )
        assert proc.returncode == 0, proc.stderr
        return [line.split("\t") for line in proc.stdout.splitlines() if line]

    def ledger(self) -> list[dict]:
        columns = ["run_id", "target_table", "source_sha256", "status", "mode", "rows_written", "error_code"]
        rows = self.sql(f"select {', '.join(columns)} from {self.schema}.ferry_loads order by ended_at")
        return [dict(zip(columns, row)) for row in rows]

    def table_exists(self, name: str) -> bool:
        return self.sql(f"select to_regclass('{self.schema}.{name}') is not null")[0][0] == "t"


@pytest.fixture(scope="session")
def ferry_bin() -> str:
    path = require("FERRY_BIN", "build ferry (swift build) and set FERRY_BIN=.build/debug/ferry")
    return os.path.abspath(path)


@pytest.fixture(scope="session")
def server() -> dict:
    url = urlsplit(require("FERRY_TEST_PG_URL", "start scripts/pg-test-server.sh and export its env"))
    return {
        "host": url.hostname, "port": url.port or 5432, "user": unquote(url.username or ""),
        "password": unquote(url.password or ""), "database": url.path.lstrip("/"),
    }


@pytest.fixture(scope="session")
def installed_example(tmp_path_factory) -> Path:
    """integrations/dbt with the ferry package installed once (`dbt deps` of a local package)."""
    if not DBT.exists():
        pytest.fail(f"dbt is not installed next to this Python ({DBT}); run the tests with scripts/dbt-venv.sh's venv")
    directory = tmp_path_factory.mktemp("dbt-example") / "project"
    shutil.copytree(EXAMPLE, directory, ignore=shutil.ignore_patterns("target", "logs", "dbt_packages", "package-lock.yml"))
    # packages.yml points at ../../dbt_macros relative to the example; the copy lives elsewhere.
    (directory / "packages.yml").write_text(f"packages:\n  - local: {REPO / 'dbt_macros'}\n")
    proc = subprocess.run([str(DBT), "deps"], cwd=directory, capture_output=True, text=True, timeout=TIMEOUT_SECONDS,
                          env={**os.environ, "DBT_PROFILES_DIR": str(directory), "DBT_SEND_ANONYMOUS_USAGE_STATS": "false"})
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return directory


@pytest.fixture
def project(installed_example, tmp_path, server, ferry_bin) -> Project:
    directory = tmp_path / "project"
    shutil.copytree(installed_example, directory, symlinks=True)
    return Project(directory, f"dbt_{uuid.uuid4().hex[:10]}", server, ferry_bin)
