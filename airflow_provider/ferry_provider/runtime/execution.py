"""What FerryOperator's methods do: run ferry, log it, return or raise, stop it, report lineage."""

from __future__ import annotations

import logging
import os
import tempfile
from collections import deque
from typing import Any, Mapping, MutableMapping

from ferry_provider.contract import CONTRACT_VERSION, SUCCESS_EXIT_CODES
from ferry_provider.runtime import lineage
from ferry_provider.runtime.binary import find_ferry_binary
from ferry_provider.runtime.compat import BaseHook
from ferry_provider.runtime.connection import endpoint_from_connection, password_environment
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

#: How ferry starts an error line on stderr; the operator logs those at ERROR.
ERROR_PREFIX = "ferry: error:"

#: The label of a mapped instance when its task sets no ``map_index_template``.
MAP_INDEX_TEMPLATE = "{{ ferry_source }}"


class RunState:
    """One execution's process and outcome, kept on the operator for ``on_kill`` and lineage."""

    def __init__(self) -> None:
        self.process: FerryProcess | None = None
        self.result: dict[str, Any] | None = None
        self.exit_code: int | None = None


def execute(operator: Any, context: Mapping[str, Any]) -> dict[str, Any]:
    """Runs ferry with the operator's request and returns the ``run_completed`` event; the result's
    datasets become the task's inlets and outlets (Airflow Assets) and a mapped instance is labelled
    with its source."""
    state = RunState()
    operator._ferry_run = state
    request = build_request(operator.request_members(), operator.request)
    _label_mapped_instance(request, context)
    result = run_load(
        request, context=context, log=operator.log, state=state, conn_id=operator.conn_id,
        source_conn_id=operator.source_conn_id, ferry_bin=operator.ferry_bin, env=operator.env,
        cwd=operator.cwd, progress_interval=operator.progress_interval,
    )
    _add_assets(operator, result)
    return result


def run_load(
    request: dict[str, Any],
    *,
    context: Mapping[str, Any],
    log: logging.Logger,
    state: RunState | None = None,
    conn_id: str | None = None,
    source_conn_id: str | None = None,
    ferry_bin: str | None = None,
    env: Mapping[str, str] | None = None,
    cwd: str | None = None,
    progress_interval: float = 30.0,
) -> dict[str, Any]:
    """Runs ``ferry run`` with ``request`` (after the connections, the job name and Airflow's
    OpenLineage settings are put in) and returns the ``run_completed`` event, or raises
    ``FerryRunError``. What FerryOperator and FerryHook both do."""
    state = state or RunState()
    request = dict(request)
    passwords = []
    if conn_id:
        request["target"], password = endpoint_from_connection(BaseHook.get_connection(conn_id), request.get("target"), "target", log)
        passwords += [password] if password else []
    if source_conn_id:
        request["source"], password = endpoint_from_connection(BaseHook.get_connection(source_conn_id), request.get("source"), "source", log)
        passwords += [password] if password else []
    job = lineage.default_job(request, context)
    if job is not None:
        request["job"] = job

    with tempfile.TemporaryDirectory(prefix="ferry-airflow-") as private:  # mode 0700
        environ = dict(os.environ)
        environ.update(lineage.parent_environment(context, log))
        if env:
            environ.update({str(k): str(v) for k, v in env.items()})
        try:
            environ.update(lineage.airflow_openlineage_environment(request, environ, lambda: private, log))
        except Exception as error:  # lineage is best effort: the load goes on without the shared setup
            log.warning("cannot share Airflow's OpenLineage setup with ferry (%s: %s)", type(error).__name__, error)
        environ.update(password_environment(passwords, lambda: private))
        if env:
            environ.update({str(k): str(v) for k, v in env.items()})
        binary = find_ferry_binary(ferry_bin, environ)
        payload = encode_request(request)
        return _run_process(binary, payload, environ, cwd, progress_interval, log, state)


def _run_process(
    binary: str, payload: bytes, environ: dict[str, str], cwd: str | None, progress_interval: float,
    log: logging.Logger, state: RunState,
) -> dict[str, Any]:
    log.info("running %s %s (contract v%d)", binary, " ".join(RUN_ARGUMENTS), CONTRACT_VERSION)
    events = EventLog(log, progress_interval)
    stderr_tail: deque[str] = deque(maxlen=STDERR_TAIL)
    try:
        state.process = FerryProcess([binary, *RUN_ARGUMENTS], payload, environ, cwd or None)
    except OSError as error:
        raise FerryRunFatalError(f"cannot start {binary}: {error}") from None
    for stream, line in state.process.lines():
        if stream == "stdout":
            events.line(line)
        else:
            text = line.decode("utf-8", errors="replace")
            stderr_tail.append(text)
            log.log(stderr_level(text), "%s", text)
    state.exit_code = state.process.wait()
    state.result = events.result
    if events.ignored_lines:
        log.warning("ignored %d stdout lines of ferry that were not events", events.ignored_lines)

    result = state.result
    if state.exit_code in SUCCESS_EXIT_CODES and result is not None and result.get("type") == "run_completed":
        events.completed(result)
        return result
    raise run_failed(state.exit_code, result, list(stderr_tail))


def stderr_level(line: str) -> int:
    """The log level of one of ferry's stderr lines: ERROR for its error lines (``ferry: error: …``),
    WARNING for everything else it writes at ``--log-level warning``."""
    return logging.ERROR if line.startswith(ERROR_PREFIX) else logging.WARNING


def source_label(request: Mapping[str, Any]) -> str:
    """What a mapped instance reads, for its label: the file path, the table, or the query's name."""
    source = request.get("source")
    if not isinstance(source, Mapping):
        return ""
    for member in ("path", "table"):
        if isinstance(source.get(member), str) and source[member]:
            value = source[member]
            if member == "table" and isinstance(source.get("schema"), str) and source["schema"]:
                value = f"{source['schema']}.{value}"
            return value
    if isinstance(source.get("query"), str):
        return "query"
    return ""


def _label_mapped_instance(request: Mapping[str, Any], context: Mapping[str, Any]) -> None:
    """``ferry_source`` in the context (the source's file, table or query), and, for a mapped
    instance whose task has no ``map_index_template``, ``{{ ferry_source }}`` as the template, so the
    Airflow UI lists mapped instances by the file each one loads."""
    if not isinstance(context, MutableMapping):
        return
    context["ferry_source"] = source_label(request)
    ti = context.get("ti") or context.get("task_instance")
    map_index = getattr(ti, "map_index", None)
    if isinstance(map_index, int) and map_index >= 0 and context.get("map_index_template") is None:
        context["map_index_template"] = MAP_INDEX_TEMPLATE


def _add_assets(operator: Any, result: Mapping[str, Any]) -> None:
    """The result's datasets as the task's inlets and outlets (those not already declared), so
    Airflow records an asset event for each output when the task succeeds."""
    for attribute, key in (("inlets", "inputs"), ("outlets", "outputs")):
        declared = list(getattr(operator, attribute, None) or [])
        for asset in lineage.assets(result, key):
            if asset not in declared:
                declared.append(asset)
                operator.log.info("%s asset %s", key[:-1], asset.uri)
        setattr(operator, attribute, declared)


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
