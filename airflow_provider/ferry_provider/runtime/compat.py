"""Airflow classes from where the running Airflow keeps them: 3.x (``airflow.sdk``), else 2.10."""

from __future__ import annotations

try:
    from airflow.sdk import BaseHook, BaseOperator, Context
except ImportError:  # Airflow 2.10
    from airflow.hooks.base import BaseHook  # type: ignore[no-redef]
    from airflow.models.baseoperator import BaseOperator  # type: ignore[no-redef]
    from airflow.utils.context import Context  # type: ignore[no-redef]

try:
    from airflow.sdk.exceptions import AirflowException, AirflowFailException
except ImportError:  # Airflow 2.10
    from airflow.exceptions import AirflowException, AirflowFailException  # type: ignore[no-redef]

__all__ = ["AirflowException", "AirflowFailException", "BaseHook", "BaseOperator", "Context"]
