"""Ferry's stdout events turned into task log lines, progress at most once per interval."""

from __future__ import annotations

import json
import logging
import time
from typing import Any, Callable, Mapping

from ferry_provider.contract import RESULT_EVENT_TYPES

#: How many columns of a resolved schema are named in the log.
LOGGED_COLUMNS = 20


class EventLog:
    """Reads event lines and logs them; keeps the result (the last line of a run).

    Warnings and rejected rows are not logged from events: ferry's own stderr lines say them, and
    those go to the task log as they are.
    """

    def __init__(
        self, log: logging.Logger, progress_interval: float, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self._log = log
        self._interval = progress_interval
        self._clock = clock
        self._last_progress: float | None = None
        self.result: dict[str, Any] | None = None
        self.run_id: str | None = None
        self.ignored_lines = 0

    def line(self, raw: bytes) -> None:
        """One stdout line. Lines that are not JSON objects are counted, never logged."""
        try:
            event = json.loads(raw)
        except ValueError:
            event = None
        if not isinstance(event, dict) or not isinstance(event.get("type"), str):
            self.ignored_lines += 1
            return
        self.event(event)

    def event(self, event: dict[str, Any]) -> None:
        kind = event["type"]
        if kind in RESULT_EVENT_TYPES:
            self.result = event
        elif kind == "run_started":
            self.run_id = event.get("run_id")
            job = event.get("job") or {}
            self._log.info(
                "ferry run %s: %s -> %s, mode %s, job %s/%s, ferry %s",
                event.get("run_id"), describe(event.get("source")), describe(event.get("target")),
                event.get("mode"), job.get("namespace"), job.get("name"), event.get("ferry_version"),
            )
        elif kind == "schema_resolved":
            columns = [c for c in event.get("columns") or [] if isinstance(c, Mapping)]
            named = ", ".join(f"{c.get('name')} {c.get('type')}" for c in columns[:LOGGED_COLUMNS])
            more = f", and {len(columns) - LOGGED_COLUMNS} more" if len(columns) > LOGGED_COLUMNS else ""
            self._log.info("ferry: %d columns: %s%s", len(columns), named, more)
        elif kind == "progress":
            now = self._clock()
            if self._last_progress is None or now - self._last_progress >= self._interval:
                self._last_progress = now
                self._log.info("ferry: %s", progress_text(event))

    def completed(self, result: Mapping[str, Any]) -> None:
        """Logs the summary of a completed run."""
        rejected = result.get("rows_rejected") or 0
        self._log.info(
            "ferry run %s completed: %s rows written to %s (%s read, %s rejected%s) in %.2f s",
            result.get("run_id"), _count(result.get("rows_written")), describe(result.get("target")),
            _count(result.get("rows_read")), _count(rejected),
            f", see {result.get('reject_file')}" if rejected else "",
            (result.get("duration_ms") or 0) / 1000,
        )


def describe(endpoint: Any) -> str:
    """An endpoint as the log shows it: a path, ``database:table``, or a (redacted) connection and
    table. Events never carry a password, so neither does this."""
    if not isinstance(endpoint, Mapping):
        return "?"
    kind = endpoint.get("kind")
    table = ".".join(str(endpoint[k]) for k in ("schema", "table") if endpoint.get(k))
    if kind == "file":
        return str(endpoint.get("path"))
    if kind == "sqlite":
        return f"{endpoint.get('path')}:{table or '(query)'}"
    place = endpoint.get("connection") or kind
    return f"{place} {table or '(query)'}"


def progress_text(event: Mapping[str, Any]) -> str:
    text = (
        f"{event.get('phase', 'load')}: {_count(event.get('rows_read'))} rows read, "
        f"{_count(event.get('rows_written'))} written, {_count(event.get('rows_rejected'))} rejected, "
        f"{_bytes(event.get('bytes_read'))}"
    )
    total = event.get("total_bytes")
    read = event.get("bytes_read")
    if isinstance(total, int) and total > 0 and isinstance(read, int):
        text += f" of {_bytes(total)} ({100 * read // total}%)"
    if isinstance(event.get("rows_per_second"), int):
        text += f", {_count(event['rows_per_second'])} rows/s"
    return text


def _count(value: Any) -> str:
    return f"{value:,}" if isinstance(value, int) else "?"


def _bytes(value: Any) -> str:
    if not isinstance(value, int):
        return "? bytes"
    size = float(value)
    for unit in ("bytes", "KB", "MB", "GB"):
        if size < 1000 or unit == "GB":
            return f"{value} bytes" if unit == "bytes" else f"{size:.1f} {unit}"
        size /= 1000
    return f"{value} bytes"
