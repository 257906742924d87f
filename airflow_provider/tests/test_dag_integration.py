"""The example DAG (integrations/airflow) in a real Airflow: ``dag.test()`` on a SQLite metadata
database, FerryOperator loading a CSV into the real PostgreSQL.

One Airflow process runs two scenarios (Airflow's start-up dominates the time): the DAG as it is,
into a table of its own, and the same DAG with a schema that does not exist. OpenLineage is on,
with file transports for Airflow's events and Ferry's, so the test sees both sides of the link.
"""

from __future__ import annotations

import csv
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import REPO

EXAMPLE_DAG = REPO / "integrations" / "airflow" / "dags" / "ferry_example.py"
EXAMPLE_CSV = REPO / "integrations" / "airflow" / "data" / "orders.csv"
RUNNER = Path(__file__).resolve().parent / "dag_runner.py"
TABLE = "airflow_dag_test_orders"
AIRFLOW_TIMEOUT_SECONDS = 600


@pytest.fixture(scope="module")
def airflow_run(ferry_bin, postgres, tmp_path_factory):
    """Runs both scenarios once; returns each one's summary and log, and the lineage events."""
    work = tmp_path_factory.mktemp("airflow")
    postgres.psql(f"drop table if exists public.{TABLE}")
    (work / "openlineage.yml").write_text(f"transport:\n  type: file\n  log_file_path: {work / 'ferry-lineage.jsonl'}\n")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PG", "AIRFLOW", "OPENLINEAGE"))}
    env.update(
        AIRFLOW_HOME=str(work / "home"),
        AIRFLOW__DATABASE__SQL_ALCHEMY_CONN=f"sqlite:///{work / 'airflow.db'}",
        AIRFLOW__CORE__DAGS_FOLDER=str(EXAMPLE_DAG.parent),
        AIRFLOW__CORE__LOAD_EXAMPLES="False",
        AIRFLOW__OPENLINEAGE__TRANSPORT=json.dumps({"type": "file", "log_file_path": str(work / "airflow-lineage.jsonl"), "append": True}),
        OPENLINEAGE_CONFIG=str(work / "openlineage.yml"),
        AIRFLOW_CONN_FERRY_POSTGRES=postgres.connection_json(),
        FERRY_BIN=ferry_bin,
    )
    airflow = Path(sys.executable).with_name("airflow")
    migrate = subprocess.run([str(airflow), "db", "migrate"], env=env, capture_output=True, text=True, timeout=AIRFLOW_TIMEOUT_SECONDS)
    assert migrate.returncode == 0, migrate.stdout + migrate.stderr
    scenarios = [f"load={json.dumps({'table': TABLE})}", f"missing_schema={json.dumps({'table': TABLE, 'schema': 'no_such_schema'})}"]
    done = subprocess.run([sys.executable, str(RUNNER), str(EXAMPLE_DAG), *scenarios], env=env, cwd=work,
                          stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, timeout=AIRFLOW_TIMEOUT_SECONDS)
    assert done.returncode == 0, done.stdout
    runs: dict = {}
    name = None
    for line in done.stdout.splitlines():
        if line.startswith("FERRY-SCENARIO-BEGIN "):
            name = line.split(" ", 1)[1]
            runs[name] = {"log": []}
        elif line.startswith("FERRY-SCENARIO-RESULT "):
            runs[name].update(json.loads(line.split(" ", 1)[1]))
        elif name is not None:
            runs[name]["log"].append(line)
    assert set(runs) == {"load", "missing_schema"}, done.stdout
    runs["output"] = done.stdout
    runs["airflow_lineage"] = [json.loads(line) for line in (work / "airflow-lineage.jsonl").read_text().splitlines()]
    runs["ferry_lineage"] = [json.loads(line) for line in (work / "ferry-lineage.jsonl").read_text().splitlines()]
    return runs


def test_the_dag_loads_the_csv_into_postgresql_and_the_xcom_holds_the_result(airflow_run, postgres):
    run = airflow_run["load"]
    assert run["state"] == "success", "\n".join(run["log"])
    assert run["tasks"] == {"load_orders": {"state": "success", "try_number": 1}, "report": {"state": "success", "try_number": 1}}
    result = run["xcoms"]["load_orders"]
    assert (result["type"], result["status"], result["mode"]) == ("run_completed", "completed", "replace")
    assert (result["rows_read"], result["rows_written"], result["rows_rejected"]) == (8, 8, 0)
    assert result["target"] == {"kind": "postgres", "connection": f"postgresql://{postgres.user}@{postgres.host}:{postgres.port}/{postgres.database}",
                                "schema": "public", "table": TABLE}
    assert result["job"] == {"name": "ferry_example.load_orders", "namespace": "shop"}
    assert run["xcoms"]["report"] == f"8 rows in public.{TABLE} (ferry run {result['run_id']})"
    with open(EXAMPLE_CSV, newline="", encoding="utf-8") as f:
        expected = [(row["id"], row["zip"]) for row in csv.DictReader(f)]
    loaded = postgres.psql(f"select id || ':' || zip from public.{TABLE} order by id").splitlines()
    assert loaded == [f"{i}:{z}" for i, z in expected]  # every row, zips with their leading zeros
    assert postgres.psql(f"select data_type from information_schema.columns where table_name = '{TABLE}' and column_name = 'amount'") == "numeric"


def test_a_failing_task_shows_ferrys_error_in_its_log_and_is_not_retried(airflow_run):
    run = airflow_run["missing_schema"]
    assert run["state"] == "failed"
    # retries=2 in the DAG, yet one try: a missing schema cannot succeed by running again
    assert run["tasks"]["load_orders"] == {"state": "failed", "try_number": 1}
    assert run["tasks"]["report"]["state"] == "upstream_failed"
    log = "\n".join(run["log"])
    message = ('schema "no_such_schema" does not exist; create it first, or let the load create it with --create-schema'
               ' ("create_schema": true in the target)')
    assert f"ferry: error: {message} [target_not_found]" in log  # ferry's own stderr line
    assert re.search(r"\[error\s*\] ferry: error: " + re.escape(message), log)  # logged at ERROR
    assert f"FerryRunFatalError: ferry run failed with target_not_found (category target, stage validate, exit code 5): {message}" in log


def test_the_password_of_the_connection_never_reaches_the_log(airflow_run, postgres):
    assert postgres.password not in airflow_run["output"]


def test_ferrys_run_is_a_child_of_the_task_and_the_tasks_lineage_has_ferrys_datasets(airflow_run, postgres):
    airflow_events = [e for e in airflow_run["airflow_lineage"] if e["job"]["name"] == "ferry_example.load_orders"]
    assert [e["eventType"] for e in airflow_events] == ["START", "COMPLETE", "START", "FAIL"]
    table = {"namespace": f"postgres://{postgres.host}:{postgres.port}", "name": f"{postgres.database}.public.{TABLE}"}
    complete = airflow_events[1]
    assert [{"namespace": d["namespace"], "name": d["name"]} for d in complete["outputs"]] == [table]
    assert [d["name"] for d in complete["inputs"]] == [str(EXAMPLE_CSV)]
    failed = airflow_events[3]
    assert [d["name"] for d in failed["outputs"]] == [f"{postgres.database}.no_such_schema.{TABLE}"]

    ferry_events = airflow_run["ferry_lineage"]
    assert [e["eventType"] for e in ferry_events] == ["START", "COMPLETE", "START", "FAIL"]
    for task_event, ferry_event in ((airflow_events[0], ferry_events[0]), (airflow_events[2], ferry_events[2])):
        parent = ferry_event["run"]["facets"]["parent"]
        assert parent["run"]["runId"] == task_event["run"]["runId"]
        assert parent["job"]["name"] == "ferry_example.load_orders"
        assert parent["root"]["run"]["runId"] == task_event["run"]["facets"]["parent"]["run"]["runId"]  # the DAG run
