"""Parquet files written by the real `ferry`, read back by pyarrow and DuckDB (real readers).

Each test writes with the binary ($FERRY_BIN), then checks that both readers return exactly the
source's values with the right logical types, that every codec reads, and that the statistics in
the footer are the ones readers skip row groups with. The PostgreSQL test uses the test server
($FERRY_TEST_PG_URL, started by scripts/test.sh). Outside CI, a missing pyarrow, duckdb or server
skips with the reason; under CI (CI=true) it fails.
"""

from __future__ import annotations

import csv
import datetime as dt
import decimal
import importlib.util
import os
import subprocess
import uuid
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
GEN_CSV = REPO.parent / "shared" / "bench" / "gen_csv.py"
UTC = dt.timezone.utc


def need(module: str):
    try:
        return __import__(module)
    except ImportError:
        if os.environ.get("CI") == "true":
            pytest.fail(f"{module} is missing; scripts/test.sh installs it into the test venv")
        pytest.skip(f"{module} is not installed (pip install {module})")


pa = None


@pytest.fixture(scope="module")
def pq():
    need("pyarrow")
    import pyarrow.parquet

    return pyarrow.parquet


@pytest.fixture(scope="module")
def duckdb():
    return need("duckdb")


@pytest.fixture(scope="module")
def orders(tmp_path_factory) -> Path:
    """3,000 gen_csv.py rows: quoting, CRLF inside text, "" beside NULL, Unicode names."""
    if not GEN_CSV.is_file():
        pytest.fail(f"{GEN_CSV} is missing (the shared generator beside the repository)")
    path = tmp_path_factory.mktemp("orders") / "orders.csv"
    with path.open("wb") as out:
        subprocess.run(["python3", str(GEN_CSV), "--rows", "3000", "--seed", "7"], stdout=out, check=True)
    return path


COLUMNS = ["--column", "amount:decimal(12,2)", "--column", "customer:uuid", "--column", "id:bigint!"]


def expected_rows(path: Path) -> list[dict]:
    """The CSV's values as the types Ferry gives them (an unquoted empty field is NULL)."""
    rows = []
    with path.open(newline="", encoding="utf-8") as f:
        reader = csv.reader(f)
        header = next(reader)
        raw = path.read_bytes()
        for record in reader:
            rows.append(dict(zip(header, record)))
    # csv cannot tell "" from an unquoted empty field: gen_csv writes NULL only in parent_id.
    out = []
    for r in rows:
        out.append({
            "id": int(r["id"]),
            "customer": uuid.UUID(r["customer"]),
            "comment": r["comment"],
            "qty": int(r["qty"]),
            "amount": decimal.Decimal(r["amount"]),
            "active": r["active"] == "true",
            "order_date": dt.date.fromisoformat(r["order_date"]),
            "created_at": dt.datetime.fromisoformat(r["created_at"]).astimezone(UTC),
            "parent_id": int(r["parent_id"]) if r["parent_id"] != "" else None,
            "name": r["name"],
        })
    return out


def normalise(value):
    if isinstance(value, bytes) and len(value) == 16:
        return uuid.UUID(bytes=value)
    if isinstance(value, dt.datetime) and value.tzinfo is not None:
        return value.astimezone(UTC)
    return value


def load(ferry, source: Path, target: Path, *args) -> None:
    run = ferry("load", str(source), "--to", str(target), "--json", *args, cwd=source.parent)
    assert run.returncode == 0, run.describe()
    assert run.result["status"] == "completed", run.describe()


def test_gen_csv_reads_back_exactly_in_pyarrow_and_duckdb(ferry, pq, duckdb, orders, tmp_path):
    target = tmp_path / "orders.parquet"
    load(ferry, orders, target, *COLUMNS)
    expected = expected_rows(orders)

    table = pq.read_table(target)
    types = {f.name: str(f.type) for f in table.schema}
    assert types["id"] == "int64" and types["qty"] == "int64" and types["parent_id"] == "int64"
    assert types["amount"] == "decimal128(12, 2)"
    assert types["active"] == "bool"
    assert types["order_date"] == "date32[day]"
    assert types["created_at"] == "timestamp[us, tz=UTC]"
    assert types["comment"] in ("string", "large_string") and types["name"] in ("string", "large_string")
    assert "uuid" in types["customer"], types["customer"]
    assert not table.schema.field("id").nullable and table.schema.field("parent_id").nullable
    got = [{k: normalise(v) for k, v in row.items()} for row in table.to_pylist()]
    assert got == expected

    con = duckdb.connect()
    described = {row[0]: row[1] for row in con.execute("DESCRIBE SELECT * FROM read_parquet(?)", [str(target)]).fetchall()}
    assert described["amount"] == "DECIMAL(12,2)" and described["customer"] == "UUID"
    assert described["created_at"] == "TIMESTAMP WITH TIME ZONE" and described["order_date"] == "DATE"
    con.execute("SET TimeZone = 'UTC'")
    names = [d[0] for d in con.execute("SELECT * FROM read_parquet(?) LIMIT 0", [str(target)]).description]
    rows = [dict(zip(names, r)) for r in con.execute("SELECT * FROM read_parquet(?) ORDER BY id", [str(target)]).fetchall()]
    assert [{k: normalise(v) for k, v in r.items()} for r in rows] == expected


@pytest.mark.parametrize("codec,name", [("zstd", "ZSTD"), ("snappy", "SNAPPY"), ("gzip", "GZIP"), ("none", "UNCOMPRESSED")])
def test_every_codec_reads_back(ferry, pq, duckdb, orders, tmp_path, codec, name):
    target = tmp_path / f"orders-{codec}.parquet"
    load(ferry, orders, target, *COLUMNS, "--compression", codec)
    metadata = pq.ParquetFile(target).metadata
    assert metadata.row_group(0).column(0).compression == name
    assert metadata.created_by.startswith("ferry version ")
    assert pq.read_table(target).num_rows == 3000
    assert duckdb.connect().execute("SELECT count(*), sum(qty) FROM read_parquet(?)", [str(target)]).fetchone()[0] == 3000


def test_row_groups_carry_statistics_readers_skip_with(ferry, pq, orders, tmp_path):
    target = tmp_path / "grouped.parquet"
    load(ferry, orders, target, *COLUMNS, "--row-group-rows", "1000")
    metadata = pq.ParquetFile(target).metadata
    assert metadata.num_row_groups == 3 and metadata.num_rows == 3000
    expected = expected_rows(orders)
    for g in range(3):
        group = metadata.row_group(g)
        assert group.num_rows == 1000
        chunk_rows = expected[g * 1000:(g + 1) * 1000]
        by_name = {group.column(c).path_in_schema: group.column(c).statistics for c in range(group.num_columns)}
        assert (by_name["id"].min, by_name["id"].max) == (g * 1000 + 1, g * 1000 + 1000)
        assert by_name["parent_id"].null_count == sum(r["parent_id"] is None for r in chunk_rows)
        assert by_name["amount"].min == min(r["amount"] for r in chunk_rows)
        assert by_name["amount"].max == max(r["amount"] for r in chunk_rows)
        assert by_name["order_date"].min == min(r["order_date"] for r in chunk_rows)
        assert by_name["name"].has_min_max
        assert by_name["name"].min == min((r["name"] for r in chunk_rows), key=lambda s: s.encode())
    # A filtered read returns exactly the matching rows.
    filtered = pq.read_table(target, filters=[("id", ">", 2500)])
    assert filtered.num_rows == 500


def test_a_failed_load_leaves_no_parquet_file(ferry, tmp_path):
    source = tmp_path / "bad.csv"
    source.write_text("id,amount\n1,2.50\n2,oops\n")
    target = tmp_path / "bad.parquet"
    run = ferry("load", str(source), "--to", str(target), "--column", "amount:decimal(5,2)", "--json", cwd=tmp_path)
    assert run.returncode != 0, run.describe()
    # The rejected row is kept in the reject file; no Parquet file, whole or partial, is left.
    assert [p.name for p in tmp_path.iterdir() if "parquet" in p.name and not p.name.endswith(".rejects.jsonl")] == []
    assert run.result["error"]["code"] == "rejects_exceeded", run.describe()


def test_create_refuses_an_existing_file_and_replace_overwrites_it(ferry, pq, tmp_path):
    source = tmp_path / "t.csv"
    source.write_text("id\n1\n2\n")
    target = tmp_path / "t.parquet"
    target.write_bytes(b"not parquet")
    run = ferry("load", str(source), "--to", str(target), "--json", cwd=tmp_path)
    assert run.returncode != 0 and target.read_bytes() == b"not parquet", run.describe()
    load(ferry, source, target, "--mode", "replace")
    assert pq.read_table(target).column("id").to_pylist() == [1, 2]


PG_TABLE = """
create table {schema}.every_type (
  id bigint not null, small smallint, i integer, d double precision, r real, flag boolean,
  wide numeric(38,10), money numeric(10,2), day date, at timestamp, at_tz timestamptz,
  u uuid, doc jsonb, t text
);
insert into {schema}.every_type values
  (1, -32768, 2147483647, 1.5, 0.25, true, 1234567890123456789012345678.0123456789, -12.50,
   '1969-07-20', '1900-01-01 00:00:00.000001', '1969-12-31 23:59:59.999999+00',
   'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11', '{{"k": [1, 2]}}', 'Zürich, "quoted"'),
  (2, null, null, null, null, false, -0.0000000001, 0.00, '0001-01-01', '2262-04-11 23:47:16.854775',
   '2024-02-29 12:00:00+05:30', null, null, ''),
  (3, 7, -1, 'NaN', null, null, null, 99999999.99, null, null, null, null, '[]', null);
"""


def psql(url: str, sql: str) -> None:
    subprocess.run(["psql", url, "-v", "ON_ERROR_STOP=1", "-q", "-c", sql], check=True, capture_output=True, timeout=60)


def test_a_postgres_table_of_every_type_exports_exactly(ferry, pq, duckdb, tmp_path):
    url = os.environ.get("FERRY_TEST_PG_URL")
    if not url:
        if os.environ.get("CI") == "true":
            pytest.fail("FERRY_TEST_PG_URL is not set under CI")
        pytest.skip("needs the test server (scripts/test.sh starts one)")
    schema = "parquet_" + uuid.uuid4().hex[:8]
    psql(url, f"create schema {schema};" + PG_TABLE.format(schema=schema))
    try:
        target = tmp_path / "every.parquet"
        run = ferry("load", url, "--schema", schema, "--source-table", "every_type", "--to", str(target), "--json", cwd=tmp_path)
        assert run.returncode == 0, run.describe()
        table = pq.read_table(target)
        types = {f.name: str(f.type) for f in table.schema}
        assert types["wide"] == "decimal128(38, 10)" and types["money"] == "decimal128(10, 2)"
        assert types["at"] == "timestamp[us]" and types["at_tz"] == "timestamp[us, tz=UTC]"
        assert not table.schema.field("id").nullable
        rows = {r["id"]: r for r in table.to_pylist()}
        D = decimal.Decimal
        assert rows[1]["small"] == -32768 and rows[1]["i"] == 2147483647
        assert rows[1]["wide"] == D("1234567890123456789012345678.0123456789")
        assert rows[2]["wide"] == D("-0.0000000001")
        assert rows[1]["money"] == D("-12.50") and rows[3]["money"] == D("99999999.99")
        assert rows[1]["day"] == dt.date(1969, 7, 20) and rows[2]["day"] == dt.date(1, 1, 1)
        assert rows[1]["at"] == dt.datetime(1900, 1, 1, 0, 0, 0, 1)
        assert rows[2]["at"] == dt.datetime(2262, 4, 11, 23, 47, 16, 854775)
        assert rows[1]["at_tz"] == dt.datetime(1969, 12, 31, 23, 59, 59, 999999, tzinfo=UTC)
        assert rows[2]["at_tz"] == dt.datetime(2024, 2, 29, 6, 30, tzinfo=UTC)
        assert normalise(rows[1]["u"]) == uuid.UUID("a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11") and rows[2]["u"] is None
        assert rows[1]["doc"] == '{"k": [1, 2]}' and rows[3]["doc"] == "[]"
        assert rows[1]["t"] == 'Zürich, "quoted"' and rows[2]["t"] == "" and rows[3]["t"] is None
        assert rows[1]["flag"] is True and rows[3]["flag"] is None
        assert rows[1]["d"] == 1.5 and rows[3]["d"] != rows[3]["d"]  # NaN
        described = {r[0]: r[1] for r in duckdb.connect().execute("DESCRIBE SELECT * FROM read_parquet(?)", [str(target)]).fetchall()}
        assert described["doc"] == "JSON" and described["u"] == "UUID" and described["wide"] == "DECIMAL(38,10)"
        # NaN stays out of the double column's min/max; the NaN count is recorded.
        stats = pq.ParquetFile(target).metadata.row_group(0).column(3).statistics
        assert (stats.min, stats.max) == (1.5, 1.5)
    finally:
        psql(url, f"drop schema {schema} cascade")


def test_dictionary_pages_and_the_fallback_to_plain_read_back(ferry, pq, duckdb, tmp_path):
    """Few distinct values stay dictionary-encoded; a chunk whose dictionary passes 1 MiB falls
    back to PLAIN pages after it, and both kinds of page read back exactly."""
    source = tmp_path / "wide.csv"
    rows = [(i, f"{uuid.UUID(int=i * 7919).hex}{uuid.UUID(int=i).hex}", ["red", "green", "blue"][i % 3], i % 5 * 1.5) for i in range(60_000)]
    source.write_text("id,long,colour,score\n" + "".join(f"{a},{b},{c},{d}\n" for a, b, c, d in rows))
    target = tmp_path / "wide.parquet"
    load(ferry, source, target)
    metadata = pq.ParquetFile(target).metadata
    columns = {metadata.row_group(0).column(c).path_in_schema: metadata.row_group(0).column(c) for c in range(4)}
    assert "RLE_DICTIONARY" in columns["colour"].encodings and columns["colour"].has_dictionary_page
    assert "RLE_DICTIONARY" in columns["long"].encodings and "PLAIN" in columns["long"].encodings
    assert columns["colour"].dictionary_page_offset < columns["colour"].data_page_offset
    table = pq.read_table(target)
    # Compared as booleans: pytest's explanation of two unequal 60,000-item lists takes minutes.
    for name, index in (("long", 1), ("colour", 2)):
        same = table.column(name).to_pylist() == [r[index] for r in rows]
        assert same, f"column {name} does not read back"
    same = table.column("score").to_pylist() == [str(r[3]) for r in rows]  # an inferred decimal: its exact text
    assert same, "column score does not read back"
    got = duckdb.connect().execute("SELECT count(DISTINCT long), count(*) FILTER (colour = 'blue'), sum(id) FROM read_parquet(?)", [str(target)]).fetchone()
    assert got == (60_000, 20_000, sum(range(60_000)))
