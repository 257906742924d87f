"""Airflow exceptions for failed Ferry runs, decided by the contract's exit codes and error object."""

from __future__ import annotations

from typing import Any, Mapping, Sequence

from ferry_provider.contract import EXIT_CODES, NEVER_RETRY_EXIT_CODES
from ferry_provider.runtime.compat import AirflowException, AirflowFailException


class FerryRunError(AirflowException):
    """A Ferry run that failed, or could not start. Airflow retries it as the task's ``retries`` allow.

    Carries the contract's error object as attributes (``code``, ``category``, ``stage``,
    ``retryable``; ``None`` when the run produced no result), the process ``exit_code`` and the
    whole ``result`` event.
    """

    def __init__(
        self,
        message: str,
        *,
        code: str | None = None,
        category: str | None = None,
        stage: str | None = None,
        retryable: bool = False,
        exit_code: int | None = None,
        result: Mapping[str, Any] | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.code = code
        self.category = category
        self.stage = stage
        self.retryable = retryable
        self.exit_code = exit_code
        self.result = dict(result) if result is not None else None


class FerryRunFatalError(FerryRunError, AirflowFailException):
    """A failure that running the same request again cannot fix: Airflow does not retry it."""


def run_failed(exit_code: int, result: Mapping[str, Any] | None, stderr_tail: Sequence[str]) -> FerryRunError:
    """The exception for a run that ended with ``exit_code``, given its result event (if any).

    Exit codes 2, 3 and 6 (usage, invalid request, rejects) are never retried; another failure is
    retried only when its error says ``retryable``, except a cancelled run (SIGTERM, on_kill), which
    the task's own retry policy decides.
    """
    name = EXIT_CODES.get(exit_code, "unknown")
    error = (result or {}).get("error")
    if isinstance(error, Mapping):
        code = _text(error.get("code"))
        category = _text(error.get("category"))
        stage = _text(error.get("stage"))
        retryable = error.get("retryable") is True
        message = (
            f"ferry run failed with {code} (category {category}, stage {stage}, exit code {exit_code}): "
            f"{_text(error.get('message'))}"
        )
        fatal = exit_code in NEVER_RETRY_EXIT_CODES or (not retryable and category != "cancelled")
        kind = FerryRunFatalError if fatal else FerryRunError
        return kind(
            message, code=code, category=category, stage=stage, retryable=retryable,
            exit_code=exit_code, result=result,
        )
    if exit_code < 0:
        message = f"ferry was killed by signal {-exit_code} before it wrote a result event"
    else:
        message = f"ferry exited with code {exit_code} ({name}) without a result event"
    tail = [line for line in stderr_tail if line.strip()]
    if tail:
        message += "; its last log lines: " + " | ".join(tail)
    kind = FerryRunFatalError if exit_code in NEVER_RETRY_EXIT_CODES else FerryRunError
    return kind(message, exit_code=exit_code, result=result)


def _text(value: Any) -> str:
    return value if isinstance(value, str) else "unknown"
