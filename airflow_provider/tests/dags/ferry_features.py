"""DAGs for test_dag_features.py: what FerryOperator and FerryHook add to a plain load in a real
Airflow (OpenLineage shared with Airflow's provider, Assets, mapped instances, connections for
sources). The test sets the environment they read: FERRY_TEST_TABLE, FERRY_TEST_FILES (a JSON list of
CSV paths), FERRY_TEST_ASSET_URI (the asset of the loaded table) and the connections ferry_postgres
and ferry_sqlite.
"""

from __future__ import annotations

import datetime
import json
import os

from airflow.sdk import DAG, Asset, task

from ferry_provider import FerryHook, FerryOperator

TABLE = os.environ.get("FERRY_TEST_TABLE", "orders")
FILES = json.loads(os.environ.get("FERRY_TEST_FILES", "[]"))
ASSET_URI = os.environ.get("FERRY_TEST_ASSET_URI", "postgres://localhost:5432/ferry/public/orders")
START = datetime.datetime(2024, 1, 1)

with DAG(dag_id="ferry_features", schedule=None, start_date=START, catchup=False) as dag:
    # No job= and no lineage=: the job name, the namespace and the transport come from Airflow.
    load_orders = FerryOperator(
        task_id="load_orders",
        conn_id="ferry_postgres",
        source={"kind": "file", "path": FILES[0] if FILES else "orders.csv"},
        target={"table": TABLE},
        mode="replace",
        columns=[{"name": "zip", "type": "text"}],
    )

    # One mapped instance per file; each is labelled with its file.
    load_files = FerryOperator.partial(
        task_id="load_files", conn_id="ferry_postgres", target={"table": TABLE + "_all"}, mode="append",
        columns=[{"name": "zip", "type": "text"}],
    ).expand(source=[{"kind": "file", "path": path} for path in FILES])

    @task
    def copy_back(result: dict) -> dict:
        """FerryHook in @task code: a PostgreSQL query (source_conn_id) into SQLite (conn_id)."""
        return FerryHook(conn_id="ferry_sqlite", source_conn_id="ferry_postgres").load(
            source={"query": f"select id, zip\n  from public.{result['target']['table']}\n  order by id"},
            target={"table": "orders_copy"},
            mode="replace",
        )

    load_orders >> load_files
    copy_back(load_orders.output)

with DAG(dag_id="ferry_lineage_only", schedule=None, start_date=START, catchup=False) as lineage_dag:
    FerryOperator(
        task_id="load_orders",
        conn_id="ferry_postgres",
        source={"kind": "file", "path": FILES[0] if FILES else "orders.csv"},
        target={"table": TABLE + "_disabled"},
        mode="replace",
    )

# Scheduled on the table load_orders writes: queued when load_orders succeeds.
with DAG(dag_id="ferry_consumer", schedule=[Asset(ASSET_URI)], start_date=START, catchup=False) as consumer:

    @task
    def consume() -> None:
        pass

    consume()
