"""The task log from ferry's events: progress at most once per interval, the result kept."""

from __future__ import annotations

import json
import logging

from ferry_provider.runtime.events import EventLog, describe


def _progress(rows: int) -> bytes:
    return json.dumps({
        "contract_version": 1, "type": "progress", "phase": "load", "rows_read": rows, "rows_written": rows,
        "rows_rejected": 0, "bytes_read": rows * 100, "total_bytes": 400_000_000, "rows_per_second": 1_250_000,
    }).encode()


def test_progress_is_logged_at_most_once_per_interval(caplog):
    now = [0.0]
    events = EventLog(logging.getLogger("ferry-test"), progress_interval=30, clock=lambda: now[0])
    with caplog.at_level(logging.INFO, logger="ferry-test"):
        for second, rows in ((0, 1_000), (1, 2_000), (29, 3_000), (30, 4_000), (45, 5_000), (61, 1_000_000)):
            now[0] = second
            events.line(_progress(rows))
    assert [r.getMessage() for r in caplog.records] == [
        "ferry: load: 1,000 rows read, 1,000 written, 0 rejected, 100.0 KB of 400.0 MB (0%), 1,250,000 rows/s",
        "ferry: load: 4,000 rows read, 4,000 written, 0 rejected, 400.0 KB of 400.0 MB (0%), 1,250,000 rows/s",
        "ferry: load: 1,000,000 rows read, 1,000,000 written, 0 rejected, 100.0 MB of 400.0 MB (25%), 1,250,000 rows/s",
    ]


def test_the_last_result_is_kept_and_lines_that_are_not_events_are_counted(caplog):
    events = EventLog(logging.getLogger("ferry-test"), progress_interval=30)
    events.line(b"not json")
    events.line(b'["an", "array"]')
    events.line(b'{"type": "something_new", "contract_version": 1}')
    events.line(b'{"type": "run_completed", "status": "completed", "rows_written": 3}')
    assert events.ignored_lines == 2
    assert events.result == {"type": "run_completed", "status": "completed", "rows_written": 3}


def test_endpoints_are_described_as_the_events_show_them():
    assert describe({"kind": "file", "path": "data/orders.csv"}) == "data/orders.csv"
    assert describe({"kind": "sqlite", "path": "shop.db", "table": "orders"}) == "shop.db:orders"
    assert describe({"kind": "postgres", "connection": "postgresql://loader:***@db/shop", "schema": "raw", "table": "orders"}) == \
        "postgresql://loader:***@db/shop raw.orders"
    assert describe({"kind": "postgres", "query": "select 1"}) == "postgres (query)"
    assert describe(None) == "?"
