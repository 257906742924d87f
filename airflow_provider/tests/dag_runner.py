"""Runs a DAG file's ``dag`` with ``dag.test()`` once per scenario, in this process, against the
metadata database the environment configures:

    python dag_runner.py DAG_FILE NAME=CONF_JSON...

Each scenario's CONF_JSON is the run's conf. Before each run it prints ``FERRY-SCENARIO-BEGIN
<name>``, after it ``FERRY-SCENARIO-RESULT <json>`` with the run's state, each task's state and try
number, and the XComs (``return_value``). Airflow logs everything else, the task logs included, to
stdout in between.
"""

from __future__ import annotations

import importlib.util
import json
import sys

def load_dag(path: str):
    spec = importlib.util.spec_from_file_location("dag_under_test", path)
    assert spec is not None and spec.loader is not None, path
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.dag


def summary(dag_id: str, run_id: str) -> dict:
    from sqlalchemy import select

    from airflow.models.dagrun import DagRun
    from airflow.models.xcom import XComModel
    from airflow.utils.session import create_session

    def plain(state):
        return getattr(state, "value", state)

    with create_session() as session:
        run = session.scalars(select(DagRun).where(DagRun.dag_id == dag_id, DagRun.run_id == run_id)).one()
        tasks = {ti.task_id: {"state": plain(ti.state), "try_number": ti.try_number} for ti in run.get_task_instances(session=session)}
        rows = session.scalars(select(XComModel).where(
            XComModel.dag_id == dag_id, XComModel.run_id == run_id, XComModel.key == "return_value"))
        xcoms = {row.task_id: XComModel.deserialize_value(row) for row in rows}
        return {"run_id": run_id, "state": plain(run.state), "tasks": tasks, "xcoms": xcoms}


def main() -> None:
    dag = load_dag(sys.argv[1])
    for scenario in sys.argv[2:]:
        name, conf = scenario.split("=", 1)
        print("FERRY-SCENARIO-BEGIN", name, flush=True)
        dag_run = dag.test(run_conf=json.loads(conf))
        print("FERRY-SCENARIO-RESULT", json.dumps(summary(dag.dag_id, dag_run.run_id), default=str), flush=True)


if __name__ == "__main__":
    main()
