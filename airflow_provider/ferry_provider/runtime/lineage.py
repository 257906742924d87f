"""OpenLineage: the task as the parent of Ferry's run, and the run's datasets as the task's.

Everything from Airflow's OpenLineage provider is imported inside the functions: the operator works
without that provider, and then simply links nothing.
"""

from __future__ import annotations

import logging
from typing import Any, Mapping


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
