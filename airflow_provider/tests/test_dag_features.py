"""What the provider adds to a load, in a real Airflow (``dag.test()``, SQLite metadata database,
the real PostgreSQL and ferry): one OpenLineage setup shared with Airflow's provider, Assets that
queue a DAG scheduled on them, labelled mapped instances, FerryHook with connections for the source
and the target.

Two Airflow processes, each configured as a deployment would be, with Airflow's OpenLineage provider
sending to a loopback HTTP receiver in this process: one with OpenLineage on (the DAG
``ferry_features``), one with ``AIRFLOW__OPENLINEAGE__DISABLED=true`` (``ferry_lineage_only``).
Ferry itself gets no OpenLineage setting in either: its events reach the receiver only through
the operator.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import os
import sqlite3
import subprocess
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

DAGS = Path(__file__).resolve().parent / "dags"
DAG_FILE = DAGS / "ferry_features.py"
RUNNER = Path(__file__).resolve().parent / "dag_runner.py"
TABLE = "airflow_features_orders"
NAMESPACE = "shop_lineage"
API_KEY = "ol-key-8c1d5e0f-never-logged"
FERRY_PRODUCER = "https://github.com/ferry-data/ferry"
AIRFLOW_TIMEOUT_SECONDS = 900


class Receiver:
    """An OpenLineage HTTP backend on 127.0.0.1: keeps every POST (path, headers, event)."""

    def __init__(self) -> None:
        received: list[dict] = []
        self.received = received

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802 (http.server's name)
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                if self.headers.get("Content-Encoding") == "gzip":
                    body = gzip.decompress(body)
                received.append({"path": self.path, "authorization": self.headers.get("Authorization"),
                                 "user_agent": self.headers.get("User-Agent"), "event": json.loads(body)})
                self.send_response(200)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


def _run_airflow(work: Path, env: dict[str, str], dag: str, scenario: str) -> dict:
    airflow = Path(sys.executable).with_name("airflow")
    migrate = subprocess.run([str(airflow), "db", "migrate"], env=env, capture_output=True, text=True, timeout=AIRFLOW_TIMEOUT_SECONDS)
    assert migrate.returncode == 0, migrate.stdout + migrate.stderr
    done = subprocess.run([sys.executable, str(RUNNER), f"{DAG_FILE}::{dag}", f"{scenario}={{}}"], env=env, cwd=work,
                          stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, timeout=AIRFLOW_TIMEOUT_SECONDS)
    assert done.returncode == 0, done.stdout
    summary = None
    for line in done.stdout.splitlines():
        if line.startswith("FERRY-SCENARIO-RESULT "):
            summary = json.loads(line.split(" ", 1)[1])
    assert summary is not None, done.stdout
    summary["output"] = done.stdout
    return summary


@pytest.fixture(scope="module")
def features(ferry_bin, postgres, tmp_path_factory):
    """Runs ``ferry_features`` with OpenLineage on and ``ferry_lineage_only`` with it disabled; returns
    each run's summary and output, and the events the receiver got during each."""
    work = tmp_path_factory.mktemp("airflow-features")
    for suffix in ("", "_all", "_disabled"):
        postgres.psql(f"drop table if exists public.{TABLE}{suffix}")
    files = []
    for number, rows in enumerate((["1,Ada,02134", "2,Grace,10001"], ["3,Linus,94105"]), start=1):
        path = work / f"orders_{number}.csv"
        path.write_text("id,name,zip\n" + "\n".join(rows) + "\n")
        files.append(str(path))
    receiver = Receiver()
    base = {k: v for k, v in os.environ.items() if not k.startswith(("PG", "AIRFLOW", "OPENLINEAGE"))}
    base.update(
        AIRFLOW__CORE__DAGS_FOLDER=str(DAGS),
        AIRFLOW__CORE__LOAD_EXAMPLES="False",
        AIRFLOW__CORE__DAGS_ARE_PAUSED_AT_CREATION="False",
        AIRFLOW__OPENLINEAGE__TRANSPORT=json.dumps({"type": "http", "url": receiver.url, "endpoint": "api/v1/lineage",
                                                     "auth": {"type": "api_key", "apiKey": API_KEY}}),
        AIRFLOW__OPENLINEAGE__NAMESPACE=NAMESPACE,
        AIRFLOW_CONN_FERRY_POSTGRES=postgres.connection_json(),
        AIRFLOW_CONN_FERRY_SQLITE=json.dumps({"conn_type": "sqlite", "host": str(work / "copy.db")}),
        FERRY_BIN=ferry_bin,
        FERRY_TEST_TABLE=TABLE,
        FERRY_TEST_FILES=json.dumps(files),
        FERRY_TEST_ASSET_URI=f"postgres://{postgres.host}:{postgres.port}/{postgres.database}/public/{TABLE}",
    )
    try:
        runs = {}
        for name, dag, extra in (("shared", "dag", {}), ("disabled", "lineage_dag", {"AIRFLOW__OPENLINEAGE__DISABLED": "true"})):
            env = dict(base, AIRFLOW_HOME=str(work / name), AIRFLOW__DATABASE__SQL_ALCHEMY_CONN=f"sqlite:///{work / name}.db", **extra)
            before = len(receiver.received)
            runs[name] = _run_airflow(work, env, dag, name)
            runs[name]["received"] = receiver.received[before:]
    finally:
        receiver.close()
    runs["files"] = files
    runs["copy_db"] = work / "copy.db"
    return runs


def _ferry_events(received: list[dict]) -> list[dict]:
    return [r for r in received if r["event"].get("producer") == FERRY_PRODUCER]


def test_ferrys_events_reach_airflows_transport_with_its_namespace_and_the_task_as_job_name(features, postgres):
    run = features["shared"]
    assert run["state"] == "success", run["output"]
    ferry = _ferry_events(run["received"])
    load = [r for r in ferry if r["event"]["job"]["name"] == "ferry_features.load_orders"]
    assert [r["event"]["eventType"] for r in load] == ["START", "COMPLETE"]
    for r in load:
        assert r["event"]["job"]["namespace"] == NAMESPACE
        assert r["path"] == "/api/v1/lineage"
        assert r["authorization"] == f"Bearer {API_KEY}"
        assert r["user_agent"].startswith("ferry/")
    # Airflow's own events for the task went to the same receiver, under the same namespace, and
    # are the parent of ferry's run.
    airflow = [r["event"] for r in run["received"] if r["event"].get("producer") != FERRY_PRODUCER
               and r["event"]["job"]["name"] == "ferry_features.load_orders"]
    assert {e["eventType"] for e in airflow} >= {"START", "COMPLETE"}
    assert {e["job"]["namespace"] for e in airflow} == {NAMESPACE}
    parent = load[0]["event"]["run"]["facets"]["parent"]
    assert parent["run"]["runId"] == airflow[0]["run"]["runId"]
    assert parent["job"] == {"namespace": NAMESPACE, "name": "ferry_features.load_orders"}
    assert run["xcoms"]["load_orders"]["job"] == {"name": "ferry_features.load_orders", "namespace": NAMESPACE}


def test_the_api_key_is_never_in_the_log_an_xcom_or_a_rendered_field(features, postgres):
    run = features["shared"]
    assert "load_orders[-1]" in run["rendered_fields"]  # the check below reads something
    for text in (run["output"], json.dumps(run["xcoms"]), json.dumps(run["rendered_fields"])):
        assert API_KEY not in text
        assert postgres.password not in text


def test_disabled_openlineage_means_ferry_sends_nothing(features, postgres):
    run = features["disabled"]
    assert run["state"] == "success", run["output"]
    assert run["received"] == []  # neither Airflow's events nor ferry's
    assert postgres.psql(f"select count(*) from public.{TABLE}_disabled") == "2"


def test_the_loaded_table_is_an_asset_event_that_queues_the_dag_scheduled_on_it(features, postgres):
    run = features["shared"]
    uri = f"postgres://{postgres.host}:{postgres.port}/{postgres.database}/public/{TABLE}"
    assert {"uri": uri, "task_id": "load_orders", "map_index": -1} in run["asset_events"]
    assert "ferry_consumer" in run["queued_dags"]
    # the mapped loads wrote another table, which no DAG refers to: Airflow keeps no event for an
    # asset it does not know (it logs that the task has an inactive asset)
    assert [e for e in run["asset_events"] if e["uri"] == uri + "_all"] == []


def test_mapped_instances_are_labelled_with_their_file(features):
    run = features["shared"]
    assert run["map_labels"] == {"load_files[0]": features["files"][0], "load_files[1]": features["files"][1]}
    assert run["tasks"]["load_files[0]"]["state"] == run["tasks"]["load_files[1]"]["state"] == "success"


def test_ferry_hook_copies_a_postgres_query_into_sqlite_through_two_connections(features, postgres):
    run = features["shared"]
    result = run["xcoms"]["copy_back"]
    assert (result["status"], result["rows_written"]) == ("completed", 2)
    assert result["source"]["kind"] == "postgres" and postgres.password not in json.dumps(result)
    assert result["job"]["name"] == "ferry_features.copy_back"
    with sqlite3.connect(features["copy_db"]) as db:
        assert db.execute("select id, zip from orders_copy order by id").fetchall() == [(1, "02134"), (2, "10001")]
    # the query source is a dataset of its own: query_ + 12 hex digits of the normalised query
    query = f"select id, zip from public.{TABLE} order by id"
    name = f"{postgres.database}.query_{hashlib.sha256(query.encode()).hexdigest()[:12]}"
    assert result["lineage"]["inputs"] == [{"namespace": f"postgres://{postgres.host}:{postgres.port}", "name": name}]
    hook_events = [r["event"] for r in _ferry_events(run["received"]) if r["event"]["job"]["name"] == "ferry_features.copy_back"]
    assert [e["eventType"] for e in hook_events] == ["START", "COMPLETE"]
    assert hook_events[0]["run"]["facets"]["parent"]["job"]["name"] == "ferry_features.copy_back"
