"""OpenLineage: the task as the parent of Ferry's run, and the run's datasets as the task's.

Everything from Airflow's OpenLineage provider is imported inside the functions: the operator works
without that provider, and then simply links nothing.
"""

from __future__ import annotations

import logging
import os
import re
from typing import Any, Callable, Mapping


def parent_environment(context: Mapping[str, Any], log: logging.Logger) -> dict[str, str]:
    """``OPENLINEAGE_PARENT_ID`` and ``OPENLINEAGE_ROOT_PARENT_ID`` for the ferry process, in the
    ``{namespace}/{job name}/{run id}`` form of the provider's ``lineage_parent_id`` and
    ``lineage_root_parent_id`` macros, so that Ferry's run events are children of this task. Empty
    when the OpenLineage provider is not installed or cannot name the task's run."""
    try:
        from airflow.providers.openlineage.plugins import macros
    except Exception as error:  # not installed, or failing to import: no parent link, the load goes on
        log.debug("OpenLineage provider not available (%s); ferry's run gets no parent", error)
        return {}
    task_instance = context.get("ti") or context.get("task_instance")
    if task_instance is None:
        return {}
    env: dict[str, str] = {}
    for variable, macro_name in (
        ("OPENLINEAGE_PARENT_ID", "lineage_parent_id"),
        ("OPENLINEAGE_ROOT_PARENT_ID", "lineage_root_parent_id"),
    ):
        macro = getattr(macros, macro_name, None)
        if macro is None:
            continue
        try:
            value = macro(task_instance)
        except Exception as error:
            log.warning("OpenLineage %s unavailable (%s); ferry's run gets no %s", macro_name, error, variable)
            continue
        if isinstance(value, str) and value:
            env[variable] = value
    return env


def operator_lineage(result: Mapping[str, Any] | None) -> Any:
    """An ``OperatorLineage`` with the inputs and outputs the result's ``lineage`` names (empty without
    a result, for a request ferry could not read)."""
    from airflow.providers.openlineage.extractors import OperatorLineage

    try:
        from airflow.providers.common.compat.openlineage.facet import Dataset
    except ImportError:
        from openlineage.client.event_v2 import Dataset

    lineage = (result or {}).get("lineage") or {}

    def datasets(key: str) -> list[Any]:
        return [
            Dataset(namespace=item["namespace"], name=item["name"])
            for item in lineage.get(key) or []
            if isinstance(item, Mapping) and isinstance(item.get("namespace"), str) and isinstance(item.get("name"), str)
        ]

    return OperatorLineage(inputs=datasets("inputs"), outputs=datasets("outputs"))


#: How Ferry names a query source's dataset (Docs/lineage.md): no Asset for those.
QUERY_NAME = re.compile(r"query_[0-9a-f]{12}")

#: The variables through which ferry gets a transport; one already set is Ferry's own setting and wins.
FERRY_TRANSPORT_VARIABLES = ("OPENLINEAGE_URL", "OPENLINEAGE_CONFIG")


def airflow_openlineage_environment(
    request: Mapping[str, Any], environ: Mapping[str, str], private_dir: Callable[[], str], log: logging.Logger
) -> dict[str, str]:
    """The environment that sends ferry's run events where Airflow's OpenLineage provider sends the
    task's: the provider's transport (``[openlineage]`` config: ``transport``, ``config_path``,
    ``config_conn_id``, the client's own environment variables) as ``OPENLINEAGE_URL``,
    ``OPENLINEAGE_ENDPOINT`` and ``OPENLINEAGE_API_KEY`` (http) or an ``OPENLINEAGE_CONFIG`` file
    (file, console); the provider's namespace as ``OPENLINEAGE_NAMESPACE``; and
    ``OPENLINEAGE_DISABLED=true`` when the provider is disabled.

    Ferry's own settings win and are left alone: the request's ``lineage.transport`` /
    ``lineage.enabled`` and ``job.namespace``, and the variables already in ``environ`` (the worker's
    environment with the operator's ``env`` over it). Empty without the provider. The API key only
    ever travels in the environment of the ferry process: never in the request, a file or the log.
    """
    try:
        from airflow.providers.openlineage import conf as ol_conf
    except Exception as error:
        log.debug("OpenLineage provider not available (%s); ferry keeps its own lineage settings", error)
        return {}
    settings = request.get("lineage") if isinstance(request.get("lineage"), Mapping) else {}
    job = request.get("job") if isinstance(request.get("job"), Mapping) else {}
    env: dict[str, str] = {}

    explicit_switch = settings.get("enabled") is not None or "OPENLINEAGE_DISABLED" in environ
    if _airflow_lineage_disabled():
        if not explicit_switch and settings.get("transport") is None:
            env["OPENLINEAGE_DISABLED"] = "true"
        return env

    if ol_conf.is_disabled():
        return env  # the provider has no transport configured: nothing to share
    if job.get("namespace") is None and "OPENLINEAGE_NAMESPACE" not in environ:
        env["OPENLINEAGE_NAMESPACE"] = ol_conf.namespace()
    if settings.get("transport") is not None or any(environ.get(v) for v in FERRY_TRANSPORT_VARIABLES):
        return env  # ferry has a transport of its own
    try:
        transport = _airflow_transport()
    except Exception as error:
        log.warning("cannot read the OpenLineage provider's transport (%s); ferry sends no lineage of its own", error)
        return env
    env.update(_transport_environment(transport, private_dir, log))
    return env


def _airflow_lineage_disabled() -> bool:
    """``[openlineage] disabled`` (or the legacy ``OPENLINEAGE_DISABLED``) is set: not the mere absence
    of a transport, which ``conf.is_disabled()`` also reports."""
    from airflow.providers.common.compat.sdk import conf

    if conf.getboolean("openlineage", "disabled", fallback=False):
        return True
    # the provider's rule for the legacy variable (airflow/providers/openlineage/conf.py, _is_true)
    return os.getenv("OPENLINEAGE_DISABLED", "").lower().strip() in ("true", "1", "t")


def _airflow_transport() -> Any:
    """The transport the provider's OpenLineage client sends through: built by the provider's own
    adapter from the same configuration (as its Spark integration reads it)."""
    from airflow.providers.openlineage.plugins.adapter import OpenLineageAdapter

    return OpenLineageAdapter().get_or_create_openlineage_client().transport


def _transport_environment(transport: Any, private_dir: Callable[[], str], log: logging.Logger) -> dict[str, str]:
    kind = getattr(transport, "kind", None)
    if kind == "http":
        env = {"OPENLINEAGE_URL": str(transport.url), "OPENLINEAGE_ENDPOINT": str(transport.endpoint or "")}
        auth = getattr(transport.config, "auth", None)
        api_key = getattr(auth, "api_key", None)
        if api_key:
            env["OPENLINEAGE_API_KEY"] = str(api_key)
        elif auth is not None and type(auth).__name__ != "TokenProvider" and auth.get_bearer():
            log.warning("OpenLineage http auth %s is not an API key; ferry sends its events without it", type(auth).__name__)
        if getattr(transport.config, "custom_headers", None):
            log.warning("OpenLineage http custom_headers are not passed to ferry")
        return env
    if kind in ("file", "console"):
        lines = [f"  type: {kind}"]
        if kind == "file":
            path = str(transport.config.log_file_path)
            if not transport.config.append:
                log.warning("OpenLineage file transport without append: ferry appends its events to %s", path)
            lines.append("  log_file_path: '" + path.replace("'", "''") + "'")
        config = os.path.join(private_dir(), "openlineage.yml")
        with open(config, "w", encoding="utf-8") as handle:
            handle.write("transport:\n" + "\n".join(lines) + "\n")
        return {"OPENLINEAGE_CONFIG": config}
    log.warning("OpenLineage transport %s is not one ferry speaks (http, file, console); ferry sends no lineage of its own", kind)
    return {}


def default_job(request: Mapping[str, Any], context: Mapping[str, Any]) -> dict[str, Any] | None:
    """The request's ``job`` with ``name`` defaulting to ``dag_id.task_id`` (the name Airflow's
    OpenLineage provider gives the task); None when the request names its job or the context has
    no task instance."""
    job = request.get("job")
    if job is not None and (not isinstance(job, Mapping) or job.get("name") is not None):
        return None
    ti = context.get("ti") or context.get("task_instance")
    dag_id, task_id = getattr(ti, "dag_id", None), getattr(ti, "task_id", None)
    if not isinstance(dag_id, str) or not isinstance(task_id, str):
        return None
    return {**dict(job or {}), "name": f"{dag_id}.{task_id}"}


def asset_uri(namespace: str, name: str) -> str | None:
    """The Airflow Asset URI of an OpenLineage dataset, or None when Airflow has no rule for it.

    - ``file`` + an absolute path: ``file://`` + the path (Airflow drops a URI's fragment, so a SQLite
      table, ``<path>#<table>``, is the asset of its database file);
    - ``postgres://host:port`` + ``database.schema.table``: ``postgres://host:port/database/schema/table``
      (the postgres provider's rule); a query (``database.query_<hash>``) has no asset;
    - any other namespace (``odbc://…``) + a dotted name: the namespace and the name's parts as the path.
    """
    if namespace == "file":
        return "file://" + name if name.startswith("/") else None
    parts = name.split(".")
    if namespace.startswith("postgres://"):
        if len(parts) < 3:
            return None
        parts = [parts[0], parts[1], ".".join(parts[2:])]
    if not all(parts) or QUERY_NAME.fullmatch(parts[-1]):
        return None
    return namespace.rstrip("/") + "/" + "/".join(parts)


def assets(result: Mapping[str, Any] | None, key: str) -> list[Any]:
    """The result's ``lineage.inputs`` or ``lineage.outputs`` as Airflow Assets."""
    try:
        from airflow.sdk import Asset
    except ImportError:  # Airflow 2.10
        from airflow.datasets import Dataset as Asset  # type: ignore[no-redef]

    found: list[Any] = []
    for item in ((result or {}).get("lineage") or {}).get(key) or []:
        if not isinstance(item, Mapping) or not isinstance(item.get("namespace"), str) or not isinstance(item.get("name"), str):
            continue
        uri = asset_uri(item["namespace"], item["name"])
        if uri is None:
            continue
        try:
            found.append(Asset(uri=uri))
        except ValueError:
            continue  # a URI the installed providers' rules refuse
    return found
