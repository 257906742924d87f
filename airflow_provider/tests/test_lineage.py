"""Lineage: the task's OpenLineage ids reach ferry, the result's datasets become the task's facets."""

from __future__ import annotations

import datetime
import json
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


OL_VARIABLES = ("OPENLINEAGE_URL", "OPENLINEAGE_CONFIG", "OPENLINEAGE_DISABLED", "OPENLINEAGE_NAMESPACE",
                "OPENLINEAGE_ENDPOINT", "OPENLINEAGE_API_KEY", "OPENLINEAGE_PARENT_ID", "OPENLINEAGE_ROOT_PARENT_ID",
                "OPENLINEAGE_CONTEXT", "AIRFLOW__OPENLINEAGE__CONFIG_PATH", "AIRFLOW__OPENLINEAGE__TRANSPORT",
                "AIRFLOW__OPENLINEAGE__NAMESPACE", "AIRFLOW__OPENLINEAGE__DISABLED")


@pytest.fixture
def no_openlineage_settings(monkeypatch):
    for variable in OL_VARIABLES:
        monkeypatch.delenv(variable, raising=False)
    return monkeypatch


def _handoff(request=None, environ=None, tmp_path=None):
    from ferry_provider.runtime.lineage import airflow_openlineage_environment

    return airflow_openlineage_environment(request or {}, environ or {}, lambda: str(tmp_path), logging.getLogger("test"))


def test_airflows_http_transport_and_namespace_are_handed_to_ferry(no_openlineage_settings, tmp_path):
    no_openlineage_settings.setenv("AIRFLOW__OPENLINEAGE__TRANSPORT", json.dumps(
        {"type": "http", "url": "http://marquez.internal:5000", "endpoint": "api/v2/lineage", "auth": {"type": "api_key", "apiKey": "k-123"}}))
    no_openlineage_settings.setenv("AIRFLOW__OPENLINEAGE__NAMESPACE", "shop")
    assert _handoff(tmp_path=tmp_path) == {"OPENLINEAGE_URL": "http://marquez.internal:5000", "OPENLINEAGE_ENDPOINT": "api/v2/lineage",
                                           "OPENLINEAGE_API_KEY": "k-123", "OPENLINEAGE_NAMESPACE": "shop"}
    # Ferry's own settings win: a transport in the request or its environment, a namespace in the job
    assert _handoff({"lineage": {"transport": {"type": "console"}}, "job": {"namespace": "mine"}}, tmp_path=tmp_path) == {}
    assert _handoff(environ={"OPENLINEAGE_URL": "http://other:5000", "OPENLINEAGE_NAMESPACE": "n"}, tmp_path=tmp_path) == {}


def test_a_disabled_provider_disables_ferrys_lineage_unless_the_request_says_otherwise(no_openlineage_settings, tmp_path):
    no_openlineage_settings.setenv("AIRFLOW__OPENLINEAGE__TRANSPORT", json.dumps({"type": "console"}))
    no_openlineage_settings.setenv("AIRFLOW__OPENLINEAGE__DISABLED", "true")
    assert _handoff(environ={"OPENLINEAGE_URL": "http://other:5000"}, tmp_path=tmp_path) == {"OPENLINEAGE_DISABLED": "true"}
    assert _handoff({"lineage": {"enabled": True}}, tmp_path=tmp_path) == {}
    assert _handoff({"lineage": {"transport": {"type": "console"}}}, tmp_path=tmp_path) == {}


def test_without_openlineage_configuration_nothing_changes(no_openlineage_settings, tmp_path):
    assert _handoff(tmp_path=tmp_path) == {}


def test_airflows_file_transport_receives_ferrys_events_under_the_task_job_name(ferry_bin, orders_csv, no_openlineage_settings, tmp_path):
    events = tmp_path / "lineage.jsonl"
    no_openlineage_settings.setenv("AIRFLOW__OPENLINEAGE__TRANSPORT", json.dumps({"type": "file", "log_file_path": str(events), "append": True}))
    no_openlineage_settings.setenv("AIRFLOW__OPENLINEAGE__NAMESPACE", "shop")
    operator = FerryOperator(task_id="load_orders", ferry_bin=ferry_bin, cwd=str(tmp_path), source={"kind": "file", "path": str(orders_csv)})
    result = operator.execute({"ti": _task_instance()})
    assert result["job"] == {"name": "shop_daily.load_orders", "namespace": "shop"}
    sent = [json.loads(line) for line in events.read_text().splitlines()]
    assert [(e["eventType"], e["job"]["namespace"], e["job"]["name"]) for e in sent] == [
        ("START", "shop", "shop_daily.load_orders"), ("COMPLETE", "shop", "shop_daily.load_orders")]
    # an explicit job name wins over dag_id.task_id
    named = FerryOperator(task_id="load_orders", ferry_bin=ferry_bin, cwd=str(tmp_path), mode="replace",
                          job={"name": "orders_nightly"}, source={"kind": "file", "path": str(orders_csv)})
    assert named.execute({"ti": _task_instance()})["job"] == {"name": "orders_nightly", "namespace": "shop"}


def test_openlineage_datasets_become_airflow_asset_uris():
    from ferry_provider.runtime.lineage import asset_uri

    assert asset_uri("postgres://db.internal:5432", "shop.public.orders") == "postgres://db.internal:5432/shop/public/orders"
    assert asset_uri("postgres://db.internal:5432", "shop.query_08830e8b21bd") is None
    assert asset_uri("file", "/data/orders.csv") == "file:///data/orders.csv"
    assert asset_uri("file", "/data/shop.db#orders") == "file:///data/shop.db#orders"  # Airflow drops the fragment
    assert asset_uri("odbc://db.internal:3306", "shop.raw.orders") == "odbc://db.internal:3306/shop/raw/orders"
    assert asset_uri("odbc://db.internal:3306", "shop.query_08830e8b21bd") is None
    assert asset_uri("odbc://db.internal:3306", "shop.raw.query_log") == "odbc://db.internal:3306/shop/raw/query_log"
    assert asset_uri("file", "-") is None


def test_the_results_outputs_become_the_tasks_outlets(ferry_bin, orders_csv, tmp_path):
    operator = FerryOperator(task_id="t", ferry_bin=ferry_bin, cwd=str(tmp_path), source={"kind": "file", "path": str(orders_csv)},
                             target={"kind": "sqlite", "path": "shop.db", "table": "orders"})
    operator.execute({})
    assert [a.uri for a in operator.outlets] == [f"file://{tmp_path}/shop.db"]
    assert [a.uri for a in operator.inlets] == [f"file://{orders_csv}"]
