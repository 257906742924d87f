"""Runs a DAG file's ``dag`` with ``dag.test()`` once per scenario, in this process, against the
metadata database the environment configures:

    python dag_runner.py DAG_FILE[::VARIABLE] NAME=CONF_JSON...

Each scenario's CONF_JSON is the run's conf. Before each run it prints ``FERRY-SCENARIO-BEGIN
<name>``, after it ``FERRY-SCENARIO-RESULT <json>`` with the run's state, each task's state and try
number, the XComs (``return_value``), the labels of mapped instances (``map_labels``), the asset
events the run produced (``asset_events``: URI and source task) and the DAGs queued by them
(``queued_dags``) and the tasks' rendered template fields (``rendered_fields``). VARIABLE names the DAG in the file (default ``dag``). Airflow logs everything else, the task logs included, to
stdout in between.
"""

from __future__ import annotations

import importlib.util
import json
import sys

def load_dag(path: str, variable: str = "dag"):
    spec = importlib.util.spec_from_file_location("dag_under_test", path)
    assert spec is not None and spec.loader is not None, path
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return getattr(module, variable)


def summary(dag_id: str, run_id: str) -> dict:
    from sqlalchemy import select

    from airflow.models.asset import AssetDagRunQueue, AssetEvent
    from airflow.models.dagrun import DagRun
    from airflow.models.renderedtifields import RenderedTaskInstanceFields
    from airflow.models.xcom import XComModel
    from airflow.utils.session import create_session

    def plain(state):
        return getattr(state, "value", state)

    with create_session() as session:
        run = session.scalars(select(DagRun).where(DagRun.dag_id == dag_id, DagRun.run_id == run_id)).one()
        tasks = {ti.task_id + (f"[{ti.map_index}]" if ti.map_index >= 0 else ""): {"state": plain(ti.state), "try_number": ti.try_number}
                 for ti in run.get_task_instances(session=session)}
        rows = session.scalars(select(XComModel).where(
            XComModel.dag_id == dag_id, XComModel.run_id == run_id, XComModel.key == "return_value"))
        xcoms = {row.task_id: XComModel.deserialize_value(row) for row in rows if row.map_index < 0}
        labels = {f"{ti.task_id}[{ti.map_index}]": ti.rendered_map_index
                  for ti in run.get_task_instances(session=session) if ti.map_index >= 0}
        events = session.scalars(select(AssetEvent).where(
            AssetEvent.source_dag_id == dag_id, AssetEvent.source_run_id == run_id).order_by(AssetEvent.id))
        asset_events = [{"uri": event.asset.uri, "task_id": event.source_task_id, "map_index": event.source_map_index}
                        for event in events]
        queued = sorted({row.target_dag_id for row in session.scalars(select(AssetDagRunQueue))})
        rendered = {f"{row.task_id}[{row.map_index}]": row.rendered_fields for row in session.scalars(select(
            RenderedTaskInstanceFields).where(RenderedTaskInstanceFields.dag_id == dag_id, RenderedTaskInstanceFields.run_id == run_id))}
        return {"run_id": run_id, "state": plain(run.state), "tasks": tasks, "xcoms": xcoms, "map_labels": labels,
                "asset_events": asset_events, "queued_dags": queued, "rendered_fields": rendered}


def main() -> None:
    path, _, variable = sys.argv[1].partition("::")
    dag = load_dag(path, variable or "dag")
    for scenario in sys.argv[2:]:
        name, conf = scenario.split("=", 1)
        print("FERRY-SCENARIO-BEGIN", name, flush=True)
        dag_run = dag.test(run_conf=json.loads(conf))
        print("FERRY-SCENARIO-RESULT", json.dumps(summary(dag.dag_id, dag_run.run_id), default=str), flush=True)


if __name__ == "__main__":
    main()
