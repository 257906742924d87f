"""Lineage: the task's OpenLineage ids reach ferry, the result's datasets become the task's facets."""

from __future__ import annotations

import datetime
import logging
import sys
from types import SimpleNamespace

import pytest

from ferry_provider.operators.ferry import FerryOperator
from ferry_provider.runtime.errors import FerryRunError
from ferry_provider.runtime.lineage import parent_environment

OPENLINEAGE_MODULES = (
    "airflow.providers.openlineage",
    "airflow.providers.openlineage.plugins",
    "airflow.providers.openlineage.plugins.macros",
    "airflow.providers.openlineage.extractors",
)


def _task_instance():
    """A task instance as the OpenLineage macros read it: ids, try number and its DAG run."""
    run = SimpleNamespace(
        logical_date=datetime.datetime(2026, 3, 2, 10, 0, tzinfo=datetime.timezone.utc),
        run_after=datetime.datetime(2026, 3, 2, 10, 0, tzinfo=datetime.timezone.utc),
        clear_number=0, conf={},
    )
    return SimpleNamespace(dag_id="shop_daily", task_id="load_orders", try_number=1, map_index=-1, dag_run=run,
                           get_template_context=lambda: {"dag_run": run})


def test_the_tasks_openlineage_ids_make_ferrys_run_its_child(ferry_bin, orders_csv, tmp_path, monkeypatch):
    for variable in ("OPENLINEAGE_PARENT_ID", "OPENLINEAGE_ROOT_PARENT_ID", "OPENLINEAGE_CONTEXT"):
        monkeypatch.delenv(variable, raising=False)
    from airflow.providers.openlineage.plugins import macros

    ti = _task_instance()
    operator = FerryOperator(task_id="load_orders", ferry_bin=ferry_bin, cwd=str(tmp_path), source={"kind": "file", "path": str(orders_csv)})
    result = operator.execute({"ti": ti})
    assert result["lineage"]["parent"] == {
        "run_id": macros.lineage_run_id(ti),
        "job_namespace": macros.lineage_job_namespace(),
        "job_name": "shop_daily.load_orders",
    }


def test_without_the_openlineage_provider_the_load_runs_unlinked(ferry_bin, orders_csv, tmp_path, monkeypatch):
    for name in OPENLINEAGE_MODULES:
        monkeypatch.setitem(sys.modules, name, None)  # import of any of them now fails
    for variable in ("OPENLINEAGE_PARENT_ID", "OPENLINEAGE_ROOT_PARENT_ID", "OPENLINEAGE_CONTEXT"):
        monkeypatch.delenv(variable, raising=False)
    ti = _task_instance()
    assert parent_environment({"ti": ti}, logging.getLogger("test")) == {}
    operator = FerryOperator(task_id="load_orders", ferry_bin=ferry_bin, cwd=str(tmp_path), source={"kind": "file", "path": str(orders_csv)})
    result = operator.execute({"ti": ti})
    assert result["status"] == "completed" and "parent" not in result["lineage"]
    with pytest.raises(ImportError):
        operator.get_openlineage_facets_on_complete(ti)


def test_facets_on_complete_name_the_datasets_of_the_result(ferry_bin, orders_csv, tmp_path):
    operator = FerryOperator(task_id="t", ferry_bin=ferry_bin, cwd=str(tmp_path), source={"kind": "file", "path": str(orders_csv)},
                             target={"kind": "sqlite", "path": "shop.db", "table": "orders"})
    operator.execute({})
    facets = operator.get_openlineage_facets_on_complete(None)
    assert [(d.namespace, d.name) for d in facets.inputs] == [("file", str(orders_csv))]
    assert [(d.namespace, d.name) for d in facets.outputs] == [("file", f"{tmp_path}/shop.db#orders")]


def test_facets_on_failure_name_the_datasets_when_ferry_could_read_the_request(ferry_bin, orders_csv, tmp_path):
    operator = FerryOperator(task_id="t", ferry_bin=ferry_bin, cwd=str(tmp_path), source={"kind": "file", "path": str(orders_csv)})
    operator.execute({})
    with pytest.raises(FerryRunError):
        operator.execute({})  # the table exists now
    facets = operator.get_openlineage_facets_on_failure(None)
    assert [d.name for d in facets.outputs] == [f"{tmp_path}/ferry.db#orders"]

    invalid = FerryOperator(task_id="t", ferry_bin=ferry_bin, source={"kind": "file", "path": str(orders_csv)}, mode="nope")
    with pytest.raises(FerryRunError):
        invalid.execute({})
    facets = invalid.get_openlineage_facets_on_failure(None)
    assert (facets.inputs, facets.outputs) == ([], [])
