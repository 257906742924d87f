"""What FerryOperator's methods do: run ferry, log it, return or raise, stop it, report lineage."""

from __future__ import annotations

import os
from collections import deque
from typing import Any, Mapping

from ferry_provider.contract import CONTRACT_VERSION, SUCCESS_EXIT_CODES
from ferry_provider.runtime import lineage
from ferry_provider.runtime.binary import find_ferry_binary
from ferry_provider.runtime.compat import BaseHook
from ferry_provider.runtime.connection import target_from_connection
from ferry_provider.runtime.errors import FerryRunFatalError, run_failed
from ferry_provider.runtime.events import EventLog
from ferry_provider.runtime.process import FerryProcess
from ferry_provider.runtime.request import build_request, encode_request

#: How long ``on_kill`` lets ferry roll back after SIGTERM before it sends SIGKILL. Airflow itself
#: gives a killed task ``killed_task_cleanup_time`` (60 s by default).
KILL_GRACE_SECONDS = 30.0

#: ferry's own stderr keeps warnings and errors; the operator logs the rest from the events.
RUN_ARGUMENTS = ("run", "--log-level", "warning")

#: How many of ferry's last stderr lines a failure without a result quotes.
STDERR_TAIL = 10


class RunState:
    """One execution's process and outcome, kept on the operator for ``on_kill`` and lineage."""

    def __init__(self) -> None:
        self.process: FerryProcess | None = None
        self.result: dict[str, Any] | None = None
        self.exit_code: int | None = None


def execute(operator: Any, context: Mapping[str, Any]) -> dict[str, Any]:
    """Runs ferry with the operator's request and returns the ``run_completed`` event."""
    log = operator.log
    state = RunState()
    operator._ferry_run = state
    request = build_request(operator.request_members(), operator.request)
    env = dict(os.environ)
    env.update(lineage.parent_environment(context, log))
    if operator.conn_id:
        conn = BaseHook.get_connection(operator.conn_id)
        request["target"], conn_env = target_from_connection(conn, request.get("target"), log)
        env.update(conn_env)
    if operator.env:
        env.update({str(k): str(v) for k, v in operator.env.items()})
    binary = find_ferry_binary(operator.ferry_bin, env)
    payload = encode_request(request)

    log.info("running %s %s (contract v%d)", binary, " ".join(RUN_ARGUMENTS), CONTRACT_VERSION)
    events = EventLog(log, operator.progress_interval)
    stderr_tail: deque[str] = deque(maxlen=STDERR_TAIL)
    try:
        state.process = FerryProcess([binary, *RUN_ARGUMENTS], payload, env, operator.cwd or None)
    except OSError as error:
        raise FerryRunFatalError(f"cannot start {binary}: {error}") from None
    for stream, line in state.process.lines():
        if stream == "stdout":
            events.line(line)
        else:
            text = line.decode("utf-8", errors="replace")
            stderr_tail.append(text)
            log.warning("%s", text)
    state.exit_code = state.process.wait()
    state.result = events.result
    if events.ignored_lines:
        log.warning("ignored %d stdout lines of ferry that were not events", events.ignored_lines)

    result = state.result
    if state.exit_code in SUCCESS_EXIT_CODES and result is not None and result.get("type") == "run_completed":
        events.completed(result)
        return result
    raise run_failed(state.exit_code, result, list(stderr_tail))


def on_kill(operator: Any) -> None:
    """Terminates the running ferry's process group and waits for it to roll back (it reports
    ``run_failed`` with code ``cancelled``, and an ABORT lineage event)."""
    state = getattr(operator, "_ferry_run", None)
    if state is None or state.process is None:
        return
    operator.log.info("terminating ferry (process group %d)", state.process.pid)
    state.process.terminate(KILL_GRACE_SECONDS)


def openlineage_facets(operator: Any) -> Any:
    """The ``OperatorLineage`` of the last execution: the datasets its result names."""
    state = getattr(operator, "_ferry_run", None)
    return lineage.operator_lineage(state.result if state is not None else None)
