"""Arguments to request: what the operator sends ferry, checked through what the real binary did."""

from __future__ import annotations

import datetime
import json
import sqlite3
from pathlib import Path

import pytest
from conftest import result_event

from ferry_provider.operators.ferry import FerryOperator
from ferry_provider.runtime.errors import FerryRunFatalError
from ferry_provider.runtime.request import build_request


def test_every_request_member_reaches_ferry(ferry_bin, tmp_path):
    data = tmp_path / "prices.csv"
    data.write_text("sku;price;note\nA-1;10.50;NULL\nB-2;3.25;fresh\n")
    events = tmp_path / "lineage.jsonl"
    first = FerryOperator(
        task_id="load_prices",
        ferry_bin=ferry_bin,
        cwd=str(tmp_path),
        job={"name": "prices_nightly", "namespace": "shop"},
        source={"kind": "file", "path": "prices.csv", "format": "csv"},
        target={"kind": "sqlite", "path": "shop.db", "table": "prices"},
        mode="upsert",
        key=["sku"],
        columns=[{"name": "price", "type": "decimal(10,2)", "nullable": False}],
        options={"delimiter": ";", "null_markers": ["NULL"], "max_rejects": 0},
        lineage={"transport": {"type": "file", "path": str(events)}},
    )
    result = first.execute({})
    assert result["type"] == "run_completed"
    assert result["job"] == {"name": "prices_nightly", "namespace": "shop"}
    assert result["mode"] == "upsert"
    assert result["target"] == {"kind": "sqlite", "path": "shop.db", "table": "prices"}
    assert result["rows_written"] == 2

    with sqlite3.connect(tmp_path / "shop.db") as db:
        columns = {row[1]: row[2].lower() for row in db.execute("pragma table_info(prices)")}
        rows = db.execute("select sku, note from prices order by sku").fetchall()
    assert set(columns) == {"sku", "price", "note"}  # ; split the fields
    assert rows == [("A-1", None), ("B-2", "fresh")]  # NULL was a null marker
    lines = [json.loads(line) for line in events.read_text().splitlines()]
    assert [e["eventType"] for e in lines] == ["START", "COMPLETE"]
    assert lines[0]["job"] == {"namespace": "shop", "name": "prices_nightly", "facets": lines[0]["job"]["facets"]}

    # upsert by key: a changed row is updated, not duplicated
    data.write_text("sku;price;note\nA-1;11.00;changed\n")
    again = first.execute({})
    assert again["rows_written"] == 1
    with sqlite3.connect(tmp_path / "shop.db") as db:
        assert db.execute("select count(*), max(note) from prices where sku = 'A-1'").fetchone() == (1, "changed")


def test_arguments_replace_the_members_of_a_raw_request(ferry_bin, orders_csv, tmp_path):
    raw = {
        "contract_version": 1,
        "source": {"kind": "file", "path": str(orders_csv)},
        "target": {"kind": "sqlite", "path": str(tmp_path / "a.db"), "table": "orders"},
        "mode": "create",
    }
    FerryOperator(task_id="first", ferry_bin=ferry_bin, request=raw).execute({})
    result = FerryOperator(task_id="second", ferry_bin=ferry_bin, request=raw, mode="replace").execute({})
    assert result["mode"] == "replace"
    assert raw["mode"] == "create"  # the operator's own dict is not changed


def test_contract_version_is_added_and_members_left_as_none_stay_out():
    request = build_request(
        {"source": {"kind": "file", "path": "a.csv"}, "mode": None, "columns": None},
        {"mode": "append", "$comment": "kept"},
    )
    assert request == {"contract_version": 1, "mode": "append", "$comment": "kept", "source": {"kind": "file", "path": "a.csv"}}


def test_a_value_json_cannot_hold_fails_the_task_before_ferry_runs(fake_ferry, tmp_path):
    operator = FerryOperator(
        task_id="load",
        ferry_bin=fake_ferry.script({"exit": 0}),
        source={"kind": "file", "path": "a.csv"},
        options={"infer_rows": datetime.date(2024, 1, 1)},
    )
    with pytest.raises(FerryRunFatalError, match=r"\$\.options\.infer_rows"):
        operator.execute({})
    assert not Path(fake_ferry.record).exists()


def test_an_invalid_member_is_reported_by_ferry_with_its_path(ferry_bin, orders_csv):
    operator = FerryOperator(task_id="load", ferry_bin=ferry_bin, source={"kind": "file", "path": str(orders_csv)}, mode="upsret")
    with pytest.raises(FerryRunFatalError) as raised:
        operator.execute({})
    assert raised.value.code == "invalid_request"
    assert "$.mode" in str(raised.value) and 'did you mean "upsert"' in str(raised.value)


def test_the_request_goes_to_stdin_and_never_to_the_command_line(fake_ferry, tmp_path):
    binary = fake_ferry.script({"stdout_json": result_event()}, {"exit": 0})
    FerryOperator(task_id="load", ferry_bin=binary, source={"kind": "file", "path": "secret-name.csv"}).execute({})
    record = fake_ferry.recorded()
    assert record["argv"][1:] == ["run", "--log-level", "warning"]
    assert json.loads(record["stdin"]) == {"contract_version": 1, "source": {"kind": "file", "path": "secret-name.csv"}}
