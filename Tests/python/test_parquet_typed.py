"""Parquet chunks typed by the reader (Docs/decisions/0008-typed-source-chunks.md): the typed path
and the text path load identical rows, and rows that checks reject from a typed chunk reach the
reject file as the CSV text of their values.

The typed path applies when the target takes the file's types as they are; a target table with a
column the file lacks sends every chunk down the text path (the file's values as canonical texts,
typed again), so loading one file both ways and comparing the tables (EXCEPT ALL both ways in
PostgreSQL, row by row in SQLite) checks that the two paths agree on every value.
"""
from __future__ import annotations

import datetime as dt
import json
import sqlite3

import pytest
from test_parquet import duckdb, pq  # noqa: F401 (fixtures: pyarrow.parquet and duckdb, or a skip with the reason)
from test_parquet_read import D, KINDS, ferry_load, flat_table, pa, psql  # noqa: F401 (fixtures)

def column_types(url: str, schema: str, table: str) -> dict:
    out = psql(url, f"COPY (SELECT column_name, format_type(atttypid, atttypmod) FROM information_schema.columns c "
                    f"JOIN pg_attribute a ON a.attrelid = '{schema}.{table}'::regclass AND a.attname = c.column_name "
                    f"WHERE table_schema = '{schema}' AND table_name = '{table}') TO STDOUT")
    return dict(line.split("\t") for line in out.splitlines() if line)


@pytest.mark.parametrize("options", [
    pytest.param({"compression": "zstd"}, id="dictionary"),
    pytest.param({"compression": "snappy", "use_dictionary": False, "data_page_version": "2.0"}, id="plain-v2"),
])
def test_typed_and_text_paths_load_identical_rows_into_postgres(ferry, pa, pq, pg_url, pg_schema, tmp_path, options):
    path = tmp_path / "flat.parquet"
    pq.write_table(flat_table(pa, rows=2000), path, **options)
    typed, text = f"{pg_schema}.typed", f"{pg_schema}.text"
    # Typed: a new table from the file's types.
    ferry_load(ferry, path, "--to", pg_url, "--schema", pg_schema, "--table", "typed", "--batch-size", "300")
    types = column_types(pg_url, pg_schema, "typed")
    # Text: the same columns plus one the file lacks, so no chunk can pass typed.
    columns = ", ".join(f"{name} {types[name]}" for name in KINDS)
    psql(pg_url, f"CREATE TABLE {text} ({columns}, extra text)")
    ferry_load(ferry, path, "--to", pg_url, "--schema", pg_schema, "--table", "text", "--mode", "append", "--batch-size", "300")
    # json has no equality operator: its columns compare as their text.
    names = ", ".join(f"{name}::text" if types[name] == "json" else name for name in KINDS)
    for a, b in ((typed, text), (text, typed)):
        out = psql(pg_url, f"COPY (SELECT count(*) FROM (SELECT {names} FROM {a} EXCEPT ALL SELECT {names} FROM {b}) x) TO STDOUT")
        assert out.strip() == "0", (a, b)
    assert psql(pg_url, f"COPY (SELECT count(*) FROM {typed}) TO STDOUT").strip() == "2000"
    assert psql(pg_url, f"COPY (SELECT count(*) FROM {text}) TO STDOUT").strip() == "2000"


def test_typed_and_text_paths_load_identical_rows_into_sqlite(ferry, pa, pq, tmp_path):
    path = tmp_path / "flat.parquet"
    pq.write_table(flat_table(pa, rows=2000), path, compression="zstd")
    db = tmp_path / "x.db"
    ferry_load(ferry, path, "--to", f"sqlite:{db}", "--table", "typed", "--batch-size", "300")
    with sqlite3.connect(db) as c:
        declared = [(row[1], row[2]) for row in c.execute("PRAGMA table_info(typed)")]
        columns = ", ".join(f'"{name}" {kind}' for name, kind in declared)
        c.execute(f"CREATE TABLE text ({columns}, extra TEXT)")
    ferry_load(ferry, path, "--to", f"sqlite:{db}", "--table", "text", "--mode", "append", "--batch-size", "300")
    names = ", ".join(KINDS)
    with sqlite3.connect(db) as c:
        typed_rows = c.execute(f"SELECT {names} FROM typed ORDER BY rowid").fetchall()
        text_rows = c.execute(f"SELECT {names} FROM text ORDER BY rowid").fetchall()
        # Typed values (typeof) agree too, not only their comparison.
        typed_kinds = c.execute(f"SELECT {', '.join(f'typeof({n})' for n in KINDS)} FROM typed ORDER BY rowid").fetchall()
        text_kinds = c.execute(f"SELECT {', '.join(f'typeof({n})' for n in KINDS)} FROM text ORDER BY rowid").fetchall()
    assert len(typed_rows) == 2000
    assert typed_rows == text_rows
    assert typed_kinds == text_kinds


def test_a_row_a_check_rejects_from_parquet_reaches_the_reject_file_as_csv(ferry, pa, pq, tmp_path):
    table = pa.table({
        "id": pa.array([1, 2, 3], pa.int64()),
        "email": pa.array(["ann@example.com", 'bob "b", at example', None], pa.string()),
        "amount": pa.array([D("10.50"), D("-2.25"), D("0.00")], pa.decimal128(12, 2)),
        "day": pa.array([dt.date(2026, 11, 2), None, dt.date(1969, 7, 20)], pa.date32()),
        "at": pa.array([dt.datetime(2026, 1, 2, 3, 4, 5, 600000)] * 3, pa.timestamp("us", tz="UTC")),
        "ok": pa.array([True, False, None], pa.bool_()),
        "note": pa.array(["", "two\nlines", "plain"], pa.string()),
    })
    path = tmp_path / "orders.parquet"
    pq.write_table(table, path)
    (tmp_path / "checks.yaml").write_text(
        "checks:\n  - name: email_format\n    rule: format\n    column: email\n    format: email\n    severity: reject\n")
    run = ferry("load", "orders.parquet", "--to", "sqlite:shop.db", "--table", "orders", "--checks", "checks.yaml",
                "--max-rejects", "1", "--json", cwd=tmp_path)
    assert run.returncode == 0, run.describe()
    result = run.result
    assert (result["rows_read"], result["rows_written"], result["rows_rejected"]) == (3, 2, 1)
    rejects = [json.loads(line) for line in (tmp_path / result["reject_file"]).read_text().splitlines()]
    assert [(r["line"], r["column"]) for r in rejects] == [(2, "email")]
    # The row's values as canonical texts, one CSV record: NULL is an empty field, empty text "".
    assert rejects[0]["record"] == '2,"bob ""b"", at example",-2.25,,2026-01-02 03:04:05.6Z,false,"two\nlines"'
    with sqlite3.connect(tmp_path / "shop.db") as c:
        assert [row[0] for row in c.execute("SELECT id FROM orders ORDER BY rowid")] == [1, 3]
