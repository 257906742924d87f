"""FerryHook: a Ferry load from ``@task`` code, by the same code path as FerryOperator."""

from __future__ import annotations

from typing import Any, Mapping

from ferry_provider.contract import REQUEST_MEMBERS
from ferry_provider.runtime import execution
from ferry_provider.runtime.compat import BaseHook
from ferry_provider.runtime.errors import FerryRunFatalError
from ferry_provider.runtime.request import build_request


class FerryHook(BaseHook):
    """Runs Ferry loads (``ferry run``) and returns their result events.

    ``conn_id`` and ``source_conn_id`` are Airflow connections for the target and the source, as for
    FerryOperator (their passwords reach ferry only through its environment); ``ferry_bin``, ``env``,
    ``cwd`` and ``progress_interval`` mean what they mean there. Inside a running task the hook finds
    the task's context itself, so the run gets the same OpenLineage parent, transport, namespace and
    default job name (``dag_id.task_id``) as an operator's.

    ::

        @task
        def load(path: str) -> int:
            result = FerryHook(conn_id="warehouse").load(
                source={"kind": "file", "path": path}, target={"table": "orders"}, mode="append")
            return result["rows_written"]
    """

    conn_name_attr = "conn_id"
    hook_name = "Ferry"

    def __init__(
        self,
        conn_id: str | None = None,
        *,
        source_conn_id: str | None = None,
        ferry_bin: str | None = None,
        env: Mapping[str, str] | None = None,
        cwd: str | None = None,
        progress_interval: float = 30.0,
    ) -> None:
        super().__init__()
        self.conn_id = conn_id
        self.source_conn_id = source_conn_id
        self.ferry_bin = ferry_bin
        self.env = env
        self.cwd = cwd
        self.progress_interval = progress_interval

    def load(self, request: Mapping[str, Any] | None = None, **members: Any) -> dict[str, Any]:
        """Runs one load: ``request`` (a whole request, optional) with the request members given as
        keyword arguments (``source=``, ``target=``, ``mode=``, ...) over it. Returns the result
        event; a failed run raises FerryRunError (FerryRunFatalError when retrying cannot help)."""
        unknown = sorted(set(members) - set(REQUEST_MEMBERS))
        if unknown:
            raise FerryRunFatalError(f"FerryHook.load got {', '.join(unknown)}, which are not request members")
        built = build_request(members, request)
        return execution.run_load(
            built, context=_current_context(), log=self.log, conn_id=self.conn_id,
            source_conn_id=self.source_conn_id, ferry_bin=self.ferry_bin, env=self.env, cwd=self.cwd,
            progress_interval=self.progress_interval,
        )


def _current_context() -> Mapping[str, Any]:
    """The running task's context, or an empty one outside a task."""
    try:
        from airflow.sdk import get_current_context
    except ImportError:  # Airflow 2.10
        from airflow.operators.python import get_current_context  # type: ignore[no-redef]
    try:
        return get_current_context()
    except Exception:
        return {}
