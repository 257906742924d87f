"""Whole-input inference in one read (Docs/contract.md, "Whole-input inference in one read").

A CSV file longer than 50,000 rows has its types inferred from the first 50,000 and every later
row checked while it loads. These tests load real files into SQLite and PostgreSQL with the real
binary: rows that keep the types load after one read (`schema_resolved` says `checked`); a late
row that changes a type (a `007` in a bigint column, a `2.5` in an integer column) makes the run
roll back and start over with the whole input's types, so the table is exactly what two full
reads give: the same column types and every value as written, nothing twice.
"""

from __future__ import annotations

import csv
import sqlite3
import subprocess
from pathlib import Path

import pytest

ROWS = 60_000


def write_csv(path: Path, late: dict | None = None) -> list[list[str]]:
    """Writes ROWS rows of id, code, amount, day; `late` replaces fields of the last row."""
    rows = [[str(i), str(1000 + i), f"{i}.25", f"2024-01-{i % 28 + 1:02d}"] for i in range(1, ROWS + 1)]
    if late:
        for column, value in late.items():
            rows[-1][["id", "code", "amount", "day"].index(column)] = value
    with path.open("w", newline="") as f:
        writer = csv.writer(f, lineterminator="\n")
        writer.writerow(["id", "code", "amount", "day"])
        writer.writerows(rows)
    return rows


def of_type(run, kind: str) -> list[dict]:
    return [e for e in run.events if e["type"] == kind]


def test_rows_that_fit_load_after_one_read(ferry, tmp_path, event_validator):
    data = tmp_path / "orders.csv"
    write_csv(data)
    run = ferry("load", str(data), "--to", "sqlite:" + str(tmp_path / "shop.db"), "--table", "orders", "--json", cwd=tmp_path)
    assert run.returncode == 0, run.describe()
    for event in run.events:
        event_validator.validate(event)
    schemas = of_type(run, "schema_resolved")
    assert len(schemas) == 1
    assert schemas[0]["inference"] == {"rows_scanned": 50_000, "sampled": False, "checked": True}
    assert [c["type"] for c in schemas[0]["columns"]] == ["bigint", "bigint", "decimal", "date"]
    assert not of_type(run, "warning")
    assert "types inferred from the first 50,000 rows, checked in every later row" in run.stderr
    assert run.result["rows_written"] == ROWS


@pytest.mark.parametrize("late,changed,became", [
    ({"code": "007"}, "code", "text"), ({"id": "2.5"}, "id", "decimal"), ({"day": "soon"}, "day", "text"),
])
def test_a_late_row_that_changes_a_type_starts_over_with_the_whole_input_types(ferry, tmp_path, event_validator, late, changed,
                                                                               became):
    data = tmp_path / "orders.csv"
    rows = write_csv(data, late)
    db = tmp_path / "shop.db"
    run = ferry("load", str(data), "--to", "sqlite:" + str(db), "--table", "orders", "--json", cwd=tmp_path)
    assert run.returncode == 0, run.describe()
    for event in run.events:
        event_validator.validate(event)
    warnings = of_type(run, "warning")
    assert [w["code"] for w in warnings] == ["inference_restarted"]
    assert warnings[0]["message"].startswith(f'column "{changed}" has a value after the first 50000 rows')
    assert not of_type(run, "retrying")
    schemas = of_type(run, "schema_resolved")
    assert [s["inference"] for s in schemas] == [
        {"rows_scanned": 50_000, "sampled": False, "checked": True},
        {"rows_scanned": ROWS, "sampled": False, "checked": False},
    ]
    # The same types as a load that reads the whole input first (infer_rows past the end).
    whole = ferry("load", str(data), "--to", "sqlite:" + str(tmp_path / "whole.db"), "--table", "orders", "--json",
                  "--infer-rows", str(ROWS + 1), cwd=tmp_path)
    assert whole.returncode == 0, whole.describe()
    assert schemas[-1]["columns"] == of_type(whole, "schema_resolved")[0]["columns"]
    assert next(c for c in schemas[-1]["columns"] if c["name"] == changed)["type"] == became
    assert run.result["rows_read"] == ROWS and run.result["rows_written"] == ROWS and run.result["rows_rejected"] == 0
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT count(*), count(DISTINCT id) FROM orders").fetchone() == (ROWS, ROWS)
        last = conn.execute(f"SELECT CAST({changed} AS TEXT) FROM orders WHERE rowid = (SELECT max(rowid) FROM orders)").fetchone()[0]
        assert last == rows[-1][["id", "code", "amount", "day"].index(changed)]


def test_postgres_table_gets_the_whole_input_types(ferry, tmp_path, pg_url, pg_schema):
    data = tmp_path / "orders.csv"
    write_csv(data, {"amount": "NaN"})
    run = ferry("load", str(data), "--to", pg_url, "--schema", pg_schema, "--table", "orders", "--json", cwd=tmp_path)
    assert run.returncode == 0, run.describe()
    assert [w["code"] for w in of_type(run, "warning")] == ["inference_restarted"]
    out = subprocess.run(
        ["psql", pg_url, "-X", "-A", "-t", "-c",
         f"SELECT data_type FROM information_schema.columns WHERE table_schema = '{pg_schema}' AND table_name = 'orders' "
         "AND column_name = 'amount'; "
         f"SELECT count(*), count(DISTINCT id) FROM {pg_schema}.orders; "
         f"SELECT amount FROM {pg_schema}.orders WHERE id = {ROWS}"],
        check=True, capture_output=True, text=True, timeout=60).stdout.split()
    assert out[-2:] == [f"{ROWS}|{ROWS}", "NaN"] and " ".join(out[:-2]) == "double precision"


def write_jsonl(path: Path, late: dict | None = None) -> None:
    """ROWS objects {id, code, note?}; `late` is merged into the last one (a new key, a new type)."""
    import json

    with path.open("w") as f:
        for i in range(1, ROWS + 1):
            row = {"id": i, "code": 1000 + i}
            if i % 3 == 0:
                row["note"] = f"n{i}"
            if late and i == ROWS:
                row.update(late)
            f.write(json.dumps(row) + "\n")


@pytest.mark.parametrize("late,warning", [
    (None, None),
    ({"code": "A7"}, 'column "code" has a value after the first'),
    ({"extra": True}, 'key "extra" first appears after the first'),
])
def test_json_lines_are_read_once_unless_a_late_row_changes_a_type_or_adds_a_key(ferry, tmp_path, event_validator, late, warning):
    data = tmp_path / "events.jsonl"
    write_jsonl(data, late)
    db = tmp_path / "shop.db"
    run = ferry("load", str(data), "--to", "sqlite:" + str(db), "--table", "events", "--json", cwd=tmp_path)
    assert run.returncode == 0, run.describe()
    for event in run.events:
        event_validator.validate(event)
    whole = ferry("load", str(data), "--to", "sqlite:" + str(tmp_path / "whole.db"), "--table", "events", "--json",
                  "--infer-rows", str(ROWS + 1), cwd=tmp_path)
    assert whole.returncode == 0, whole.describe()
    schemas = of_type(run, "schema_resolved")
    assert schemas[-1]["columns"] == of_type(whole, "schema_resolved")[0]["columns"]
    assert run.result["rows_written"] == ROWS and run.result["rows_rejected"] == 0
    if warning is None:
        assert [s["inference"]["checked"] for s in schemas] == [True]
        assert not of_type(run, "warning")
    else:
        assert [s["inference"]["checked"] for s in schemas] == [True, False]
        assert [w["code"] for w in of_type(run, "warning")] == ["inference_restarted"]
        assert of_type(run, "warning")[0]["message"].startswith(warning)
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT count(*), count(note) FROM events").fetchone() == (ROWS, ROWS // 3)
        if late:
            key, value = next(iter(late.items()))
            assert conn.execute(f"SELECT {key} FROM events WHERE id = {ROWS}").fetchone()[0] == (1 if value is True else value)
