"""`ferry dbt` with dbt-sqlite: the seed lands in the SQLite file dbt-sqlite attaches as the schema.

Runs in the venv of `scripts/dbt-venv.sh sqlite` (dbt-core 1.11.16 + dbt-sqlite 1.10.0); the
PostgreSQL tests run in the other venv (dbt-sqlite pins a dbt-adapters dbt-postgres refuses).
"""

from __future__ import annotations

import hashlib
import os
import shutil
import sqlite3
import subprocess

import pytest

from conftest import DBT, Finished

MODEL = """{{ config(pre_hook="{{ ferry.ferry_assert_loaded('orders') }}") }}

select substr(order_date, 1, 7) as month, count(*) as orders, sum(amount) as revenue
from {{ ref('orders') }}
group by 1
"""


class SQLiteProject:
    def __init__(self, directory, ferry_bin):
        self.directory = directory
        self.ferry_bin = ferry_bin
        self.database = directory / "warehouse.db"
        (directory / "profiles.yml").write_text(
            "ferry_example:\n  target: dev\n  outputs:\n    dev:\n      type: sqlite\n      threads: 1\n"
            "      database: database\n      schema: main\n      schemas_and_paths:\n"
            f"        main: {self.database}\n      schema_directory: {directory}\n"
        )
        (directory / "models" / "orders_by_month.sql").write_text(MODEL)
        self.env = {key: value for key, value in os.environ.items() if not key.startswith("OPENLINEAGE_")}
        self.env.update({"DBT_PROFILES_DIR": str(directory), "FERRY_DBT": str(DBT), "OPENLINEAGE_DISABLED": "true",
                         "DBT_SEND_ANONYMOUS_USAGE_STATS": "false"})

    def run(self, *args) -> Finished:
        proc = subprocess.run([str(a) for a in args], cwd=self.directory, capture_output=True, text=True, timeout=300, env=self.env)
        return Finished(list(args), proc.returncode, proc.stdout, proc.stderr)

    def query(self, sql: str) -> list:
        with sqlite3.connect(self.database) as connection:
            return connection.execute(sql).fetchall()


@pytest.fixture
def sqlite_project(installed_example, tmp_path, ferry_bin) -> SQLiteProject:
    directory = tmp_path / "project"
    shutil.copytree(installed_example, directory, symlinks=True)
    return SQLiteProject(directory, ferry_bin)


def test_ferry_dbt_build_loads_the_seed_into_the_sqlite_file_and_the_guard_passes(sqlite_project):
    guard = sqlite_project.run(DBT, "run")
    assert guard.returncode == 1, guard.describe()
    assert "ferry_assert_loaded: seed 'orders' (main.orders) has not been loaded by Ferry" in guard.stdout

    finished = sqlite_project.run(sqlite_project.ferry_bin, "dbt", "--", "build")
    assert finished.returncode == 0, finished.describe()
    assert "Completed successfully" in finished.stdout
    csv = sqlite_project.directory / "seeds" / "orders.csv"
    [(table, status, mode, rows, digest)] = sqlite_project.query(
        "select target_table, status, mode, rows_written, source_sha256 from ferry_loads")
    assert (table, status, mode, rows) == ("orders", "completed", "replace", 10000)
    assert digest == hashlib.sha256(csv.read_bytes()).hexdigest()
    assert sqlite_project.query("select sum(orders) from orders_by_month") == [(10000,)]

    with csv.open("a", encoding="utf-8") as f:
        f.write("10001,0becd7b0-3898-4190-89eb-dacc0cb1e29c,late,1,1.00,true,2024-01-01,2024-01-01T00:00:00.000+00:00,,Ada\n")
    changed = sqlite_project.run(sqlite_project.ferry_bin, "dbt", "--no-load", "--", "run")
    assert changed.returncode == 1, changed.describe()
    assert "seeds/orders.csv has changed since Ferry loaded seed 'orders' (main.orders)" in changed.stdout


def test_an_unchanged_seed_is_skipped_on_sqlite_by_checksum_and_column_types(sqlite_project):
    ferry = sqlite_project.ferry_bin
    assert sqlite_project.run(ferry, "dbt", "--", "seed").returncode == 0
    skipped = sqlite_project.run(ferry, "dbt", "--", "seed")
    assert skipped.returncode == 0, skipped.describe()
    assert "seed orders is unchanged since run" in skipped.stderr, skipped.describe()
    # SQLite has no table identity Ferry could record: target_oid stays null, the column types are kept.
    [(oid, types)] = sqlite_project.query("select target_oid, column_types from ferry_loads")
    assert oid is None and '"name":"amount","type":"decimal(12,2)"' in types
    with (sqlite_project.directory / "seeds" / "orders.csv").open("a", encoding="utf-8") as f:
        f.write("10001,0becd7b0-3898-4190-89eb-dacc0cb1e29c,late,1,1.00,true,2024-01-01,2024-01-01T00:00:00.000+00:00,,Ada\n")
    changed = sqlite_project.run(ferry, "dbt", "--", "build")
    assert changed.returncode == 0, changed.describe()
    assert "the CSV changed since run" in changed.stderr
    assert sqlite_project.query("select count(*), max(rows_written) from ferry_loads") == [(2, 10001)]
