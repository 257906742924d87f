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
import json
import os
import signal
import subprocess
import uuid
from pathlib import Path

import pytest

from test_lineage import openlineage  # noqa: F401  (a fixture: the official OpenLineage schemas)

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
    back to PLAIN pages after it; a chunk whose values are nearly all distinct (`long`, `id`)
    gives up its dictionary at once and is PLAIN throughout; every kind of page reads back
    exactly."""
    source = tmp_path / "wide.csv"

    def long_value(i: int) -> str:
        return f"{uuid.UUID(int=i * 7919).hex}{uuid.UUID(int=i).hex}"

    rows = [(i, long_value(i), ["red", "green", "blue"][i % 3], i % 5 * 1.5, long_value(i // 2)) for i in range(60_000)]
    source.write_text("id,long,colour,score,pair\n" + "".join(f"{a},{b},{c},{d},{e}\n" for a, b, c, d, e in rows))
    target = tmp_path / "wide.parquet"
    load(ferry, source, target)
    metadata = pq.ParquetFile(target).metadata
    columns = {metadata.row_group(0).column(c).path_in_schema: metadata.row_group(0).column(c) for c in range(5)}
    assert "RLE_DICTIONARY" in columns["colour"].encodings and columns["colour"].has_dictionary_page
    assert columns["colour"].dictionary_page_offset < columns["colour"].data_page_offset
    # Each value twice: the dictionary is kept until it passes 1 MiB (about 15,000 of 64 bytes).
    assert "RLE_DICTIONARY" in columns["pair"].encodings and "PLAIN" in columns["pair"].encodings
    for name in ("long", "id"):
        assert "RLE_DICTIONARY" not in columns[name].encodings and not columns[name].has_dictionary_page, name
    table = pq.read_table(target)
    # Compared as booleans: pytest's explanation of two unequal 60,000-item lists takes minutes.
    for name, index in (("id", 0), ("long", 1), ("colour", 2), ("pair", 4)):
        same = table.column(name).to_pylist() == [r[index] for r in rows]
        assert same, f"column {name} does not read back"
    same = table.column("score").to_pylist() == [str(r[3]) for r in rows]  # an inferred decimal: its exact text
    assert same, "column score does not read back"
    got = duckdb.connect().execute(
        "SELECT count(DISTINCT long), count(DISTINCT pair), count(*) FILTER (colour = 'blue'), sum(id) FROM read_parquet(?)", [str(target)]).fetchone()
    assert got == (60_000, 30_000, 20_000, sum(range(60_000)))


def test_each_row_group_starts_its_chunks_afresh(ferry, pq, duckdb, tmp_path):
    """The column writers keep their buffers, dictionary and scratch storage from one row group
    to the next, and a row group is written on its own thread while the next one is encoded:
    each chunk still has only its own values, dictionary and statistics. Row group 1's `long`
    passes the dictionary limit (PLAIN after it), row group 2's has three values (dictionary
    only), row group 3's passes it again."""
    source = tmp_path / "phases.csv"

    def long_value(i: int) -> str:
        return f"{uuid.UUID(int=i * 7919).hex}{uuid.UUID(int=i).hex}" if i // 40_000 != 1 else ["x", "y", "z"][i % 3]

    rows = [(i, long_value(i), i % 7 if i // 40_000 != 1 else 100 + i % 2) for i in range(120_000)]
    source.write_text("id,long,small\n" + "".join(f"{a},{b},{c}\n" for a, b, c in rows))
    target = tmp_path / "phases.parquet"
    load(ferry, source, target, "--row-group-rows", "40000")
    metadata = pq.ParquetFile(target).metadata
    assert metadata.num_row_groups == 3
    chunks = [{metadata.row_group(g).column(c).path_in_schema: metadata.row_group(g).column(c) for c in range(3)} for g in range(3)]
    # PLAIN pages would hold 40,000 values of at least 5 bytes; dictionary indices take 2 bits each.
    assert chunks[1]["long"].has_dictionary_page and chunks[1]["long"].total_uncompressed_size < 40_000
    assert all(c["long"].total_uncompressed_size > 40_000 * 64 for c in (chunks[0], chunks[2]))
    assert (chunks[1]["long"].statistics.min, chunks[1]["long"].statistics.max) == ("x", "z")
    assert [(c["small"].statistics.min, c["small"].statistics.max) for c in chunks] == [(0, 6), (100, 101), (0, 6)]
    offsets = [c[name].data_page_offset for c in chunks for name in ("id", "long", "small")]
    assert offsets == sorted(offsets)
    table = pq.read_table(target)
    for name, index in (("id", 0), ("long", 1), ("small", 2)):
        same = table.column(name).to_pylist() == [r[index] for r in rows]
        assert same, f"column {name} does not read back"
    got = duckdb.connect().execute("SELECT count(DISTINCT long), sum(small) FROM read_parquet(?)", [str(target)]).fetchone()
    assert got == (80_003, sum(r[2] for r in rows))


# ---- Partitions and rolled files (Docs/connectors/parquet.md, "Partitions and file size") ----


def files_under(directory: Path) -> list[str]:
    """Every entry under `directory`, relative, sorted (hidden temporaries included)."""
    return sorted(str(p.relative_to(directory)) for p in directory.rglob("*"))


def leftovers(directory: Path) -> list[str]:
    """Ferry's temporary files or directories left in `directory`."""
    return sorted(p.name for p in directory.iterdir() if ".ferry-" in p.name)


def test_partitioned_output_reads_back_in_pyarrow_and_duckdb(ferry, pq, duckdb, orders, tmp_path):
    import pyarrow.dataset as ds

    target = tmp_path / "orders_by"
    run = ferry("load", str(orders), "--to", f"parquet:{target}", "--partition-by", "active,qty_band", "--json",
                "--column", "amount:decimal(12,2)", "--column", "customer:uuid", "--column", "id:bigint!", cwd=orders.parent)
    # qty_band is not a column: the error names it and nothing is written.
    assert run.returncode != 0 and "qty_band" in run.result["error"]["message"], run.describe()
    assert not target.exists() and leftovers(tmp_path) == []

    # Two levels: active (2 values) and the order's year-month, from a query over the data.
    expected = expected_rows(orders)
    months = tmp_path / "orders_months.csv"
    with orders.open(newline="", encoding="utf-8") as f, months.open("w", newline="", encoding="utf-8") as out:
        reader = csv.reader(f)
        header = next(reader)

        def field(name, value):
            # gen_csv's only NULL is an empty parent_id; every other empty field is "" (quoted).
            if value == "" and name == "parent_id":
                return ""
            return '"' + value.replace('"', '""') + '"'

        out.write(",".join([*header, "month"]) + "\n")
        for record in reader:
            out.write(",".join([*(field(n, v) for n, v in zip(header, record)), record[header.index("order_date")][:7]]) + "\n")
    run = ferry("load", str(months), "--to", f"parquet:{target}", "--partition-by", "active,month", "--json", *COLUMNS, cwd=tmp_path)
    assert run.returncode == 0, run.describe()
    # Directories are active=<true|false>/month=<YYYY-MM>/part-00000.parquet.
    dirs = {p.parent.relative_to(target).as_posix() for p in target.rglob("*.parquet")}
    wanted = {f"active={'true' if r['active'] else 'false'}/month={r['order_date'].isoformat()[:7]}" for r in expected}
    assert dirs == wanted
    assert all(p.name == "part-00000.parquet" for p in target.rglob("*.parquet"))
    # The partition columns are not repeated inside the files.
    some = next(target.rglob("*.parquet"))
    assert set(pq.read_schema(some).names) == set(expected[0]) - {"active"}

    table = ds.dataset(str(target), format="parquet", partitioning="hive").to_table()
    got = sorted(table.to_pylist(), key=lambda r: r["id"])
    assert len(got) == len(expected)
    for g, e in zip(got, sorted(expected, key=lambda r: r["id"])):
        assert str(g["active"]).lower() == str(e["active"]).lower()
        assert str(g["month"]) == e["order_date"].isoformat()[:7]
        assert {k: normalise(v) for k, v in g.items() if k not in ("active", "month")} == {
            k: v for k, v in e.items() if k != "active"}

    con = duckdb.connect()
    rows = con.execute(
        "SELECT id, active, order_date, amount, name, parent_id, month FROM read_parquet(?, hive_partitioning=true) ORDER BY id",
        [str(target / "**" / "*.parquet")]).fetchall()
    assert [(r[0], str(r[1]).lower() == "true", r[2], r[3], r[4], r[5], str(r[6])) for r in rows] == [
        (e["id"], e["active"], e["order_date"], e["amount"], e["name"], e["parent_id"], e["order_date"].isoformat()[:7])
        for e in sorted(expected, key=lambda r: r["id"])]

    # The result names every file with its rows and bytes.
    output = run.result["output"]
    assert output["rows"] == len(expected) and output["file_count"] == len(wanted)
    assert sorted(f["path"] for f in output["files"]) == sorted(str(p) for p in target.rglob("*.parquet"))
    assert sum(f["rows"] for f in output["files"]) == len(expected)
    assert all(Path(f["path"]).stat().st_size == f["bytes"] for f in output["files"])
    assert sorted(d["name"] for d in run.result["lineage"]["outputs"]) == sorted(str(p) for p in target.rglob("*.parquet"))


ODD_VALUES = ["a/b", "x=y", "100%", "Zürich ✓", "", None, "c:\\d?", "#1", "plain"]


def test_odd_partition_values_are_escaped_as_hive_does(ferry, pq, duckdb, tmp_path):
    import pyarrow.dataset as ds

    source = tmp_path / "odd.jsonl"
    source.write_text("".join(json.dumps({"id": i, "k": v}) + "\n" for i, v in enumerate(ODD_VALUES)), encoding="utf-8")
    target = tmp_path / "odd"
    run = ferry("load", str(source), "--to", f"parquet:{target}", "--partition-by", "k", "--json", cwd=tmp_path)
    assert run.returncode == 0, run.describe()
    assert sorted(p.name for p in target.iterdir()) == sorted([
        "k=a%2Fb", "k=x%3Dy", "k=100%25", "k=Zürich ✓", "k=", "k=__HIVE_DEFAULT_PARTITION__", "k=c%3A%5Cd%3F", "k=%231", "k=plain"])
    by_id = {r["id"]: r["k"] for r in ds.dataset(str(target), format="parquet", partitioning="hive").to_table().to_pylist()}
    # Every value reads back as it was: `k=` as the empty string, the default partition as NULL.
    assert [by_id[i] for i in range(len(ODD_VALUES))] == ODD_VALUES
    rows = dict(duckdb.connect().execute(
        "SELECT id, k FROM read_parquet(?, hive_partitioning=true)", [str(target / "**" / "*.parquet")]).fetchall())
    assert [rows[i] for i in range(len(ODD_VALUES))] == ODD_VALUES


def test_more_partitions_than_the_limit_fail_and_leave_nothing(ferry, tmp_path):
    source = tmp_path / "many.csv"
    source.write_text("id,k\n" + "".join(f"{i},{i}\n" for i in range(1025)))
    target = tmp_path / "many"
    run = ferry("load", str(source), "--to", f"parquet:{target}", "--partition-by", "k", "--json", cwd=tmp_path)
    assert run.returncode != 0, run.describe()
    assert run.result["error"]["code"] == "unsupported" and "1024 partitions" in run.result["error"]["message"]
    assert not target.exists() and leftovers(tmp_path) == []
    # 1024 partitions are fine.
    source.write_text("id,k\n" + "".join(f"{i},{i}\n" for i in range(1024)))
    run = ferry("load", str(source), "--to", f"parquet:{target}", "--partition-by", "k", "--json", cwd=tmp_path)
    assert run.returncode == 0, run.describe()
    assert len(list(target.iterdir())) == 1024 and run.result["output"]["file_count"] == 1024


def wide_rows(count: int) -> str:
    return "id,word,score\n" + "".join(f"{i},{uuid.UUID(int=i * 7919).hex},{i * 0.5}\n" for i in range(count))


@pytest.mark.parametrize("partitioned", [False, True])
def test_max_file_size_rolls_to_numbered_files_under_the_limit(ferry, pq, duckdb, tmp_path, partitioned):
    source = tmp_path / "wide.csv"
    source.write_text(wide_rows(40_000))
    target = tmp_path / "rolled"
    limit = 64 * 1024
    extra = ["--partition-by", "band"] if partitioned else []
    if partitioned:
        source.write_text("id,word,score,band\n" + "".join(
            f"{i},{uuid.UUID(int=i * 7919).hex},{i * 0.5},{i % 3}\n" for i in range(40_000)))
    run = ferry("load", str(source), "--to", f"parquet:{target}", "--max-file-size", "64KiB", "--row-group-rows", "500",
                "--column", "score:double", "--json", *extra, cwd=tmp_path)
    assert run.returncode == 0, run.describe()
    files = sorted(target.rglob("*.parquet"))
    assert len(files) > 3
    for directory in {f.parent for f in files}:
        names = sorted(p.name for p in directory.iterdir())
        assert names == [f"part-{n:05d}.parquet" for n in range(len(names))]
    total = 0
    for f in files:
        assert f.stat().st_size <= limit, (f, f.stat().st_size)
        meta = pq.ParquetFile(f).metadata  # each file is complete on its own
        assert meta.num_rows > 0
        total += meta.num_rows
    assert total == 40_000
    import pyarrow.dataset as ds
    table = ds.dataset(str(target), format="parquet", partitioning="hive" if partitioned else None).to_table()
    got = sorted((r["id"], r["word"], r["score"]) for r in table.to_pylist())
    assert got == [(i, uuid.UUID(int=i * 7919).hex, i * 0.5) for i in range(40_000)]
    count = duckdb.connect().execute("SELECT count(*), count(DISTINCT id) FROM read_parquet(?)", [str(target / "**" / "*.parquet")]).fetchone()
    assert count == (40_000, 40_000)
    output = run.result["output"]
    assert output["file_count"] == len(files) and output["rows"] == 40_000
    assert output["bytes"] == sum(f.stat().st_size for f in files)


def test_a_row_group_larger_than_the_limit_makes_one_larger_file(ferry, pq, tmp_path):
    source = tmp_path / "wide.csv"
    source.write_text(wide_rows(20_000))
    target = tmp_path / "big"
    run = ferry("load", str(source), "--to", f"parquet:{target}", "--max-file-size", "4096", "--row-group-rows", "5000", "--json", cwd=tmp_path)
    assert run.returncode == 0, run.describe()
    files = sorted(target.glob("*.parquet"))
    # Each row group (5,000 rows, far over 4 KiB) is a file of its own.
    assert [pq.ParquetFile(f).metadata.num_row_groups for f in files] == [1] * len(files)
    assert sum(pq.ParquetFile(f).metadata.num_rows for f in files) == 20_000


def test_max_file_size_without_rows_writes_one_empty_file(ferry, pq, tmp_path):
    source = tmp_path / "empty.csv"
    source.write_text("id,name\n")
    target = tmp_path / "empty"
    run = ferry("load", str(source), "--to", f"parquet:{target}", "--max-file-size", "1MB", "--json", cwd=tmp_path)
    assert run.returncode == 0, run.describe()
    assert [p.name for p in target.iterdir()] == ["part-00000.parquet"]
    assert pq.read_table(target / "part-00000.parquet").num_rows == 0


def test_a_failed_partitioned_load_leaves_no_directory(ferry, tmp_path):
    source = tmp_path / "bad.csv"
    source.write_text("id,k,amount\n" + "".join(f"{i},{i % 4},1.5\n" for i in range(5000)) + "9999,1,oops\n")
    target = tmp_path / "bad"
    run = ferry("load", str(source), "--to", f"parquet:{target}", "--partition-by", "k", "--max-file-size", "8KiB",
                "--row-group-rows", "100", "--column", "amount:decimal(5,2)", "--json", cwd=tmp_path)
    assert run.returncode != 0 and run.result["error"]["code"] == "rejects_exceeded", run.describe()
    assert not target.exists() and leftovers(tmp_path) == []


def test_a_cancelled_partitioned_load_leaves_no_directory(ferry, tmp_path):
    request = tmp_path / "req.json"
    request.write_text(json.dumps({
        "contract_version": 1,
        "source": {"kind": "file", "path": "-", "format": "csv"},
        "target": {"kind": "parquet", "path": "out", "partition_by": ["k"], "max_file_bytes": 8192, "row_group_rows": 10},
        "columns": [{"name": "id", "type": "bigint"}, {"name": "k", "type": "text"}],
        "options": {"batch_size": 1},
    }))
    process = subprocess.Popen([ferry.path, "run", "--request", "req.json"], cwd=tmp_path, text=True,
                               stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        process.stdin.write("id,k\n" + "".join(f"{i},{i % 3}\n" for i in range(500)))
        process.stdin.flush()
        # Rows are being written once run_started and schema_resolved are out; stdin stays open,
        # so the load is still running when SIGTERM comes.
        lines = [process.stdout.readline(), process.stdout.readline()]
        assert all(lines), lines
        process.send_signal(signal.SIGTERM)
        stdout, _ = process.communicate(timeout=60)
    except BaseException:
        process.kill()
        process.wait()
        raise
    assert process.returncode == 130, stdout
    assert json.loads(stdout.splitlines()[-1])["error"]["code"] == "cancelled"
    assert not (tmp_path / "out").exists() and leftovers(tmp_path) == []


def test_create_refuses_an_existing_directory_and_replace_swaps_it_whole(ferry, pq, tmp_path):
    import pyarrow.dataset as ds

    source = tmp_path / "t.csv"
    source.write_text("id,k\n1,a\n2,b\n")
    target = tmp_path / "t"
    load(ferry, source, Path(f"parquet:{target}"), "--partition-by", "k")
    assert sorted(p.name for p in target.iterdir()) == ["k=a", "k=b"]
    again = ferry("load", str(source), "--to", f"parquet:{target}", "--partition-by", "k", "--json", cwd=tmp_path)
    assert again.returncode != 0 and again.result["error"]["code"] == "target_exists", again.describe()

    source.write_text("id,k\n3,c\n")
    load(ferry, source, Path(f"parquet:{target}"), "--partition-by", "k", "--mode", "replace")
    # Replace swaps the whole directory: the old partitions are gone.
    assert files_under(target) == ["k=c", "k=c/part-00000.parquet"]
    assert ds.dataset(str(target), format="parquet", partitioning="hive").to_table().to_pylist() == [{"id": 3, "k": "c"}]
    assert leftovers(tmp_path) == []

    # A directory that holds anything but a Parquet output is never replaced.
    (target / "notes.txt").write_text("mine")
    refused = ferry("load", str(source), "--to", f"parquet:{target}", "--partition-by", "k", "--mode", "replace", "--json", cwd=tmp_path)
    assert refused.returncode != 0 and "notes.txt" in refused.result["error"]["message"], refused.describe()
    assert (target / "notes.txt").read_text() == "mine" and (target / "k=c" / "part-00000.parquet").is_file()
    assert leftovers(tmp_path) == []


def test_lineage_of_a_partitioned_load_has_one_output_dataset_per_file(ferry, tmp_path, openlineage):
    from test_lineage import read_lines, validate, write_config

    source = tmp_path / "t.csv"
    source.write_text("id,k\n" + "".join(f"{i},{i % 3}\n" for i in range(30)))
    env = {"OPENLINEAGE_CONFIG": str(write_config(tmp_path)), "OPENLINEAGE_URL": "", "OPENLINEAGE_DISABLED": ""}
    run = ferry("load", "t.csv", "--to", "parquet:out", "--partition-by", "k", "--json", cwd=tmp_path, env=env)
    assert run.returncode == 0, run.describe()
    events = read_lines(tmp_path / "lineage.jsonl")
    assert [e["eventType"] for e in events] == ["START", "COMPLETE"]
    for event in events:
        validate(event, openlineage)
    outputs = events[1]["outputs"]
    files = sorted(str(p) for p in (tmp_path / "out").rglob("*.parquet"))
    assert sorted(o["name"] for o in outputs) == files and all(o["namespace"] == "file" for o in outputs)
    for o in outputs:
        stats = o["outputFacets"]["outputStatistics"]
        assert stats["fileCount"] == 1 and stats["rowCount"] == 10 and stats["size"] == Path(o["name"]).stat().st_size
    assert [{"namespace": o["namespace"], "name": o["name"]} for o in outputs] == run.result["lineage"]["outputs"]


def test_the_cli_options_build_the_request_members(ferry, tmp_path):
    (tmp_path / "a.csv").write_text("id,k\n1,x\n")
    run = ferry("load", "a.csv", "--to", "parquet:out", "--partition-by", "k, id", "--max-file-size", "256MiB", "--print-request", cwd=tmp_path)
    assert run.returncode == 0, run.describe()
    target = json.loads(run.stdout)["target"]
    assert target["partition_by"] == ["k", "id"] and target["max_file_bytes"] == 268_435_456
    bad = ferry("load", "a.csv", "--to", "parquet:out", "--max-file-size", "lots", cwd=tmp_path)
    assert bad.returncode != 0 and "--max-file-size" in bad.stderr, bad.describe()
    small = ferry("load", "a.csv", "--to", "parquet:out", "--max-file-size", "1KB", "--json", cwd=tmp_path)
    assert small.returncode != 0 and "max_file_bytes" in small.result["error"]["message"], small.describe()
    other = ferry("load", "a.csv", "--to", "out.csv", "--partition-by", "k", cwd=tmp_path)
    assert other.returncode != 0 and "--partition-by does not apply" in other.stderr, other.describe()
