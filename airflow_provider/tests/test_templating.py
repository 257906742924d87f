"""Template fields: paths, tables and SQL inside the request members are rendered before the run."""

from __future__ import annotations

import datetime
import sqlite3

from ferry_provider.operators.ferry import FerryOperator


def _dag():
    try:
        from airflow.sdk import DAG
    except ImportError:  # Airflow 2.10
        from airflow import DAG
    return DAG("templating", schedule=None, start_date=datetime.datetime(2024, 1, 1), params={"table": "orders"})


def test_paths_tables_and_queries_inside_members_are_rendered_and_loaded(ferry_bin, tmp_path):
    (tmp_path / "orders_2024-01-02.csv").write_text("id,amount\n1,2.50\n2,3.75\n")
    with _dag() as dag:
        load = FerryOperator(
            task_id="load",
            ferry_bin=ferry_bin,
            cwd="{{ params.workdir }}",
            source={"kind": "file", "path": "orders_{{ ds }}.csv"},
            target={"kind": "sqlite", "path": "shop.db", "table": "{{ params.table }}_{{ ds_nodash }}"},
            columns=[{"name": "{{ params.amount_column }}", "type": "decimal(6,2)"}],
            job={"name": "{{ dag.dag_id }}.{{ task.task_id }}"},
            env={"FERRY_TEMPLATED": "{{ ds }}"},
        )
        export = FerryOperator(
            task_id="export",
            ferry_bin=ferry_bin,
            cwd="{{ params.workdir }}",
            request={
                "source": {"kind": "sqlite", "path": "shop.db", "query": "select id from orders_{{ ds_nodash }} where amount > {{ params.min }}"},
                "target": {"kind": "file", "path": "big_{{ ds }}.csv"},
            },
        )
    context = {
        "ds": "2024-01-02", "ds_nodash": "20240102", "dag": dag, "task": load,
        "params": {"table": "orders", "workdir": str(tmp_path), "amount_column": "amount", "min": 3},
    }
    load.render_template_fields(context)
    assert load.source == {"kind": "file", "path": "orders_2024-01-02.csv"}
    assert load.target["table"] == "orders_20240102"
    assert load.columns == [{"name": "amount", "type": "decimal(6,2)"}]
    assert load.job == {"name": "templating.load"}
    assert load.env == {"FERRY_TEMPLATED": "2024-01-02"}
    assert load.cwd == str(tmp_path)

    result = load.execute(context)
    assert result["target"]["table"] == "orders_20240102"
    with sqlite3.connect(tmp_path / "shop.db") as db:
        assert db.execute("select count(*) from orders_20240102").fetchone() == (2,)

    export.render_template_fields(dict(context, task=export))
    assert export.request["source"]["query"] == "select id from orders_20240102 where amount > 3"
    export.execute(context)
    assert (tmp_path / "big_2024-01-02.csv").read_text().splitlines() == ["id", "2"]
