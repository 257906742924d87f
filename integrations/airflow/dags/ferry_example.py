"""Ferry in Airflow: load a CSV into PostgreSQL with FerryOperator, then use the result from XCom.

Needs the provider (``pip install -e airflow_provider``), the ferry binary (``FERRY_BIN``, the
ferry-bin wheel, or ``ferry`` on PATH) and a postgres connection named ``ferry_postgres``, e.g.:

    export AIRFLOW_CONN_FERRY_POSTGRES='{"conn_type": "postgres", "host": "db.internal",
        "port": 5432, "login": "loader", "password": "...", "schema": "shop"}'

The password goes to ferry in PGPASSWORD, never into the request or the log. Trigger with
``{"schema": "raw"}`` as the run's conf to load into another schema.
"""

from __future__ import annotations

import datetime
from pathlib import Path

from airflow.sdk import DAG, task

from ferry_provider import FerryOperator

DATA = Path(__file__).resolve().parents[1] / "data"

with DAG(
    dag_id="ferry_example",
    schedule=None,
    start_date=datetime.datetime(2024, 1, 1),
    catchup=False,
    params={"schema": "public", "table": "orders"},
    tags=["ferry"],
) as dag:
    load_orders = FerryOperator(
        task_id="load_orders",
        conn_id="ferry_postgres",
        source={"kind": "file", "path": str(DATA / "orders.csv")},
        target={"schema": "{{ params.schema }}", "table": "{{ params.table }}"},
        mode="replace",
        columns=[{"name": "zip", "type": "text"}, {"name": "amount", "type": "decimal(12,2)"}],
        job={"name": "{{ dag.dag_id }}.{{ task.task_id }}", "namespace": "shop"},
        # Retries apply only to errors Ferry calls retryable (a busy or unreachable server); an
        # invalid request, bad data or a missing schema fails at once.
        retries=2,
        retry_delay=datetime.timedelta(seconds=30),
    )

    @task
    def report(result: dict) -> str:
        """The XCom of load_orders is Ferry's result event."""
        target = result["target"]
        return f"{result['rows_written']} rows in {target['schema']}.{target['table']} (ferry run {result['run_id']})"

    report(load_orders.output)
