"""Parquet files written by pyarrow and DuckDB (real writers), loaded by the real `ferry` into
SQLite and PostgreSQL: the values that land are the values pyarrow reads from the file.

Covers every flat type, dictionary and plain pages, data pages v1 and v2, each codec, the DELTA
and BYTE_STREAM_SPLIT encodings, legacy INT96 timestamps, DuckDB's `COPY … TO`, a nested column
refused by name, and a PostgreSQL table exported to Parquet by Ferry and loaded back
(`EXCEPT ALL` empty both ways). The PostgreSQL tests use $FERRY_TEST_PG_URL; outside CI, a
missing module or server skips with the reason; under CI (CI=true) it fails.
"""

from __future__ import annotations

import datetime as dt
import decimal
import json
import os
import sqlite3
import subprocess
import uuid
from pathlib import Path

import pytest
from test_parquet import duckdb, pq  # noqa: F401 (fixtures: pyarrow.parquet and duckdb, or a skip with the reason)

D = decimal.Decimal
UTC = dt.timezone.utc


def missing(reason: str):
    """Skips with `reason` outside CI; under CI (CI=true) a missing server or module fails."""
    if os.environ.get("CI") == "true":
        pytest.fail(reason + " (under CI)")
    pytest.skip(reason)


@pytest.fixture(scope="module")
def pa(pq):
    import pyarrow

    return pyarrow


# Each column: name → kind (how values compare, see `canon`).
KINDS = {
    "i8": "int", "i16": "int", "i32": "int", "i64": "int", "u8": "int", "u16": "int", "u32": "int", "u64": "int",
    "f32": "float", "f64": "float", "b": "bool", "s": "text", "bin": "hex", "day": "date",
    "ts_ms": "ts", "ts_us": "ts", "ts_ns": "ts", "tz_us": "tstz", "tz_ns": "tstz",
    "dec9": "dec", "dec18": "dec", "dec38": "dec", "u": "uuid", "doc": "json", "clock": "time",
}


def flat_table(pa, rows: int = 300):
    """Every flat type pyarrow writes, NULLs every seventh row. Decimals keep to 15 significant
    digits and integers to 15 digits, which SQLite stores exactly (Docs/connectors/sqlite.md)."""
    def nulls(values):
        return [None if i % 7 == 3 else v for i, v in enumerate(values)]

    r = range(rows)
    epoch = dt.datetime(1970, 1, 1)
    columns = {
        "i8": pa.array(nulls([(i % 256) - 128 for i in r]), pa.int8()),
        "i16": pa.array(nulls([(i * 331) % 65536 - 32768 for i in r]), pa.int16()),
        "i32": pa.array(nulls([i * 7_000_003 % 2**31 * (-1) ** i for i in r]), pa.int32()),
        "i64": pa.array(nulls([i * 3_000_000_000_007 % 10**15 * (-1) ** i for i in r]), pa.int64()),
        "u8": pa.array(nulls([i % 256 for i in r]), pa.uint8()),
        "u16": pa.array(nulls([i * 331 % 65536 for i in r]), pa.uint16()),
        "u32": pa.array(nulls([i * 17_000_001 % 2**32 for i in r]), pa.uint32()),
        "u64": pa.array(nulls([i * 3_000_000_000_007 % 10**15 for i in r]), pa.uint64()),
        "f32": pa.array(nulls([i * 1.1 - 50 for i in r]), pa.float32()),
        "f64": pa.array(nulls([i / 3 - 40 for i in r]), pa.float64()),
        "b": pa.array(nulls([i % 3 == 0 for i in r]), pa.bool_()),
        "s": pa.array(nulls([["Zoë", "", "日本語 ☃", "tab\there", "line\nbreak", f"v{i % 5}", "back\\slash"][i % 7] for i in r]), pa.string()),
        "bin": pa.array(nulls([bytes([i % 256, 0, 255]) for i in r]), pa.binary()),
        "day": pa.array(nulls([dt.date(1900, 1, 1) + dt.timedelta(days=i * 397) for i in r]), pa.date32()),
        "ts_ms": pa.array(nulls([epoch + dt.timedelta(milliseconds=(i - 150) * 86_400_123) for i in r]), pa.timestamp("ms")),
        "ts_us": pa.array(nulls([epoch + dt.timedelta(microseconds=(i - 150) * 86_400_000_001) for i in r]), pa.timestamp("us")),
        "ts_ns": pa.array(nulls([(i - 150) * 86_400_000_001_000 for i in r]), pa.timestamp("ns")),
        "tz_us": pa.array(nulls([(i - 150) * 3_600_000_001 for i in r]), pa.timestamp("us", tz="UTC")),
        "tz_ns": pa.array(nulls([(i - 150) * 3_600_000_001_000 for i in r]), pa.timestamp("ns", tz="Europe/Paris")),
        "dec9": pa.array(nulls([D(i * 12345 % 10**9 * (-1) ** i).scaleb(-2) for i in r]), pa.decimal128(9, 2)),
        "dec18": pa.array(nulls([D(i * 1234567 % 10**15 * (-1) ** i).scaleb(-4) for i in r]), pa.decimal128(18, 4)),
        "dec38": pa.array(nulls([D(i * 98765431 % 10**15 * (-1) ** i).scaleb(-10) for i in r]), pa.decimal128(38, 10)),
        "u": pa.array(nulls([uuid.UUID(int=i * 2**100 + i).bytes for i in r]), pa.uuid()),
        "doc": pa.array(nulls([json.dumps({"k": i, "v": [i, "x"]}) for i in r]), pa.json_()),
        "clock": pa.array(nulls([dt.time(i % 24, i % 60, i % 60, i * 1001 % 1_000_000) for i in r]), pa.time64("us")),
    }
    return pa.table(columns)


def canon(value, kind):
    """A value from pyarrow, SQLite or PostgreSQL text, in one comparable form (None for NULL)."""
    if value is None:
        return None
    if kind == "int":
        return int(value)
    if kind == "float":
        return float(value)
    if kind == "bool":
        return value in (True, 1, "t", "true")
    if kind == "dec":
        return D(str(value)).normalize()
    if kind == "date":
        return value if isinstance(value, dt.date) else dt.date.fromisoformat(value)
    if kind in ("ts", "tstz"):
        if not isinstance(value, dt.datetime):
            text = value.replace("Z", "+00:00")
            if text.endswith("+00"):
                text += ":00"
            value = dt.datetime.fromisoformat(text)
        if kind == "tstz":
            value = value.astimezone(UTC) if value.tzinfo else value.replace(tzinfo=UTC)
        return value
    if kind == "uuid":
        return value if isinstance(value, uuid.UUID) else uuid.UUID(bytes=value) if isinstance(value, bytes) else uuid.UUID(value)
    if kind == "json":
        return json.loads(value)
    if kind == "hex":
        return "\\x" + value.hex() if isinstance(value, bytes) else value
    if kind == "time":
        return value if isinstance(value, dt.time) else dt.time.fromisoformat(value)
    return value


def expected(pq, path: Path, kinds: dict) -> list[tuple]:
    """What pyarrow reads from the file: nanoseconds cut to microseconds (Ferry's precision)."""
    table = pq.read_table(path)
    out = []
    columns = {}
    for name in kinds:
        column = table.column(name)
        if str(column.type).startswith("timestamp[ns"):
            import pyarrow.compute as pc
            import pyarrow as pa

            unit_type = pa.timestamp("us", tz=column.type.tz)
            column = pc.cast(column, unit_type, safe=False)
        columns[name] = column.to_pylist()
    for i in range(table.num_rows):
        out.append(tuple(canon(columns[name][i], kind) for name, kind in kinds.items()))
    return out


def sqlite_rows(db: Path, table: str, kinds: dict) -> list[tuple]:
    with sqlite3.connect(db) as c:
        rows = c.execute(f"SELECT {', '.join(kinds)} FROM {table} ORDER BY rowid").fetchall()
    return [tuple(canon(v, kind) for v, kind in zip(row, kinds.values())) for row in rows]


def psql(url: str, sql: str) -> str:
    run = subprocess.run(["psql", url, "-X", "-v", "ON_ERROR_STOP=1", "-q", "-c", sql], capture_output=True, timeout=120,
                         env={**os.environ, "PGTZ": "UTC", "PGOPTIONS": "-c extra_float_digits=1"})
    assert run.returncode == 0, run.stderr.decode()
    return run.stdout.decode()


def unescape(field: str):
    """A field of COPY's text format: \\N is NULL; backslash escapes."""
    if field == "\\N":
        return None
    out, i = [], 0
    escapes = {"t": "\t", "n": "\n", "r": "\r", "\\": "\\", "b": "\b", "f": "\f", "v": "\v"}
    while i < len(field):
        ch = field[i]
        if ch == "\\" and i + 1 < len(field):
            out.append(escapes.get(field[i + 1], field[i + 1]))
            i += 2
        else:
            out.append(ch)
            i += 1
    return "".join(out)


def pg_rows(url: str, table: str, kinds: dict, order: str) -> list[tuple]:
    text = psql(url, f"COPY (SELECT {', '.join(kinds)} FROM {table} ORDER BY {order}) TO STDOUT")
    rows = []
    for line in text.split("\n"):
        if line == "":
            continue
        fields = [unescape(f) for f in line.split("\t")]
        rows.append(tuple(canon(v, kind) for v, kind in zip(fields, kinds.values())))
    return rows


def ferry_load(ferry, source, *args, cwd: Path | None = None):
    run = ferry("load", str(source), *args, "--json", cwd=cwd or source.parent)
    assert run.returncode == 0, run.describe()
    assert run.result["status"] == "completed", run.describe()
    return run


@pytest.fixture(scope="module")
def flat(pa):
    return flat_table(pa)


VARIANTS = [
    pytest.param({"compression": "snappy"}, id="default-snappy"),
    pytest.param({"compression": "zstd", "use_dictionary": False}, id="plain-zstd"),
    pytest.param({"compression": "gzip", "data_page_version": "2.0"}, id="v2-gzip"),
    pytest.param({"compression": "none", "use_dictionary": False, "data_page_version": "2.0"}, id="v2-plain-none"),
    pytest.param({"compression": "zstd", "data_page_version": "2.0", "data_page_size": 512}, id="v2-small-pages"),
    pytest.param({"compression": "snappy", "use_dictionary": False, "store_decimal_as_integer": True, "column_encoding": {
        "i32": "DELTA_BINARY_PACKED", "i64": "DELTA_BINARY_PACKED", "s": "DELTA_LENGTH_BYTE_ARRAY",
        "bin": "DELTA_BYTE_ARRAY", "doc": "DELTA_BYTE_ARRAY", "f32": "BYTE_STREAM_SPLIT", "f64": "BYTE_STREAM_SPLIT",
        "dec18": "DELTA_BINARY_PACKED", "day": "DELTA_BINARY_PACKED", "b": "RLE"}}, id="delta-and-byte-stream-split"),
    pytest.param({"compression": "zstd", "use_dictionary": False, "data_page_version": "2.0", "column_encoding": {
        "ts_us": "DELTA_BINARY_PACKED", "u": "DELTA_BYTE_ARRAY", "dec38": "BYTE_STREAM_SPLIT", "i16": "BYTE_STREAM_SPLIT"}},
        id="v2-delta-flba"),
    pytest.param({"compression": "snappy", "row_group_size": 64}, id="many-row-groups"),
]


@pytest.mark.parametrize("options", VARIANTS)
def test_pyarrow_files_load_into_sqlite_with_pyarrows_values(ferry, pa, pq, flat, tmp_path, options):
    path = tmp_path / "flat.parquet"
    pq.write_table(flat, path, **options)
    db = tmp_path / "x.db"
    run = ferry_load(ferry, path, "--to", f"sqlite:{db}", "--table", "t")
    assert run.result["rows"]["loaded"] == flat.num_rows if "rows" in run.result else True
    assert sqlite_rows(db, "t", KINDS) == expected(pq, path, KINDS)


def test_declared_types_reach_the_target_table(ferry, pa, pq, tmp_path):
    """The file's logical types decide the columns: no inference from texts."""
    table = pa.table({
        "id": pa.array([1, 2], pa.int32()), "amount": pa.array([D("1.50"), None], pa.decimal128(12, 2)),
        "day": pa.array([dt.date(1969, 7, 20), None], pa.date32()), "at": pa.array([1, None], pa.timestamp("us", tz="UTC")),
        "code": pa.array(["007", None], pa.string()),
    })
    path = tmp_path / "typed.parquet"
    pq.write_table(table.cast(pa.schema([
        pa.field("id", pa.int32(), nullable=False), pa.field("amount", pa.decimal128(12, 2)), pa.field("day", pa.date32()),
        pa.field("at", pa.timestamp("us", tz="UTC")), pa.field("code", pa.string())])), path)
    db = tmp_path / "x.db"
    ferry_load(ferry, path, "--to", f"sqlite:{db}", "--table", "t")
    with sqlite3.connect(db) as c:
        declared = {row[1]: (row[2], row[3]) for row in c.execute("PRAGMA table_info(t)")}
        # "007" stays text: the file says string, so nothing infers a number from it.
        assert c.execute("SELECT code FROM t WHERE id = 1").fetchone() == ("007",)
    assert declared["amount"][0] == "DECIMAL(12,2)" and declared["day"][0] == "DATE" and declared["at"][0] == "TIMESTAMPTZ"
    assert declared["id"] == ("INTEGER", 1) and declared["code"][0] == "TEXT"


def test_legacy_int96_timestamps_load(ferry, pa, pq, tmp_path):
    values = [dt.datetime(1899, 12, 31, 23, 59, 59, 999999), dt.datetime(2024, 2, 29, 12, 0, 0, 1), None]
    path = tmp_path / "int96.parquet"
    pq.write_table(pa.table({"at": pa.array(values, pa.timestamp("us"))}), path, use_deprecated_int96_timestamps=True)
    assert pq.ParquetFile(path).schema.column(0).physical_type == "INT96"
    db = tmp_path / "x.db"
    ferry_load(ferry, path, "--to", f"sqlite:{db}", "--table", "t")
    assert sqlite_rows(db, "t", {"at": "ts"}) == [(v,) for v in values]


@pytest.mark.parametrize("codec", [None, "zstd", "gzip"])
def test_duckdb_files_load_into_sqlite_with_pyarrows_values(ferry, pq, duckdb, tmp_path, codec):
    path = tmp_path / "duck.parquet"
    option = f" (FORMAT parquet, COMPRESSION {codec})" if codec else ""
    duckdb.connect().execute(f"""
        COPY (SELECT i::BIGINT AS id, i::INTEGER % 100 AS small, (i * 1.5)::DOUBLE AS d, i % 3 = 0 AS flag,
                     CASE WHEN i % 5 = 0 THEN NULL ELSE 'name ' || (i % 17) || ' ü' END AS name,
                     (DATE '1960-01-01' + i::INTEGER) AS day, (TIMESTAMP '1969-12-31 23:00:00' + i * INTERVAL 1 SECOND) AS at,
                     (TIMESTAMPTZ '2024-01-01 00:00:00+00' + i * INTERVAL 1 MICROSECOND) AS at_tz,
                     (i / 7.0)::DECIMAL(10, 3) AS dec, (i * 123456789)::DECIMAL(18, 2) AS big,
                     uuid_extract_version(gen_random_uuid()) AS version, md5(i::VARCHAR)::UUID AS u
              FROM range(5000) t(i)) TO '{path}'{option}""")
    kinds = {"id": "int", "small": "int", "d": "float", "flag": "bool", "name": "text", "day": "date", "at": "ts",
             "at_tz": "tstz", "dec": "dec", "big": "dec", "version": "int", "u": "uuid"}
    db = tmp_path / "x.db"
    ferry_load(ferry, path, "--to", f"sqlite:{db}", "--table", "t")
    assert sqlite_rows(db, "t", kinds) == expected(pq, path, kinds)


def test_a_list_or_struct_column_fails_clearly(ferry, pa, pq, tmp_path):
    for name, column in [("tags", pa.array([[1, 2], None], pa.list_(pa.int32()))),
                         ("point", pa.array([{"x": 1}, None], pa.struct([("x", pa.int32())])))]:
        path = tmp_path / f"{name}.parquet"
        pq.write_table(pa.table({"id": [1, 2], name: column}), path)
        run = ferry("load", str(path), "--to", f"sqlite:{tmp_path / 'x.db'}", "--table", name, "--json", cwd=tmp_path)
        assert run.returncode != 0, run.describe()
        error = run.result["error"]
        kind = "a list" if name == "tags" else "a struct"
        assert error["code"] == "unsupported" and f"not supported: column {name} is {kind}" in error["message"], run.describe()


def test_a_truncated_file_is_source_unreadable(ferry, pa, pq, flat, tmp_path):
    path = tmp_path / "cut.parquet"
    pq.write_table(flat, path)
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2] + data[-8:])
    run = ferry("load", str(path), "--to", f"sqlite:{tmp_path / 'x.db'}", "--table", "t", "--json", cwd=tmp_path)
    assert run.returncode != 0
    assert run.result["error"]["code"] == "source_unreadable", run.describe()


@pytest.mark.parametrize("options", [
    pytest.param({"compression": "snappy"}, id="default"),
    pytest.param({"compression": "zstd", "use_dictionary": False, "data_page_version": "2.0"}, id="v2-plain-zstd"),
])
def test_pyarrow_files_load_into_postgres_with_pyarrows_values(ferry, pa, pq, flat, pg_url, pg_schema, tmp_path, options):
    path = tmp_path / "flat.parquet"
    pq.write_table(flat.append_column("n", pa.array(range(flat.num_rows), pa.int64())), path, **options)
    ferry_load(ferry, path, "--to", pg_url, "--schema", pg_schema, "--table", "t")
    assert pg_rows(pg_url, f"{pg_schema}.t", KINDS, "n") == expected(pq, path, KINDS)


def test_full_width_values_load_into_postgres(ferry, pa, pq, pg_url, pg_schema, tmp_path):
    """decimal(38,10) at full width, uint64 past bigint, nanosecond and pre-1970 timestamps."""
    table = pa.table({
        "n": pa.array([1, 2, 3], pa.int64()),
        "wide": pa.array([D("1234567890123456789012345678.0123456789"), D("-0.0000000001"), None], pa.decimal128(38, 10)),
        "huge": pa.array([2**64 - 1, 0, None], pa.uint64()),
        "ns": pa.array([-1_000, 1_700_000_000_123_456_000, None], pa.timestamp("ns")),
        "old": pa.array([dt.date(1, 1, 1), dt.date(1969, 12, 31), dt.date(9999, 12, 31)], pa.date32()),
    })
    path = tmp_path / "wide.parquet"
    pq.write_table(table, path)
    ferry_load(ferry, path, "--to", pg_url, "--schema", pg_schema, "--table", "t")
    kinds = {"wide": "dec", "huge": "dec", "ns": "ts", "old": "date"}
    assert pg_rows(pg_url, f"{pg_schema}.t", kinds, "n") == expected(pq, path, kinds)
    types = psql(pg_url, f"SELECT string_agg(data_type, ',' ORDER BY ordinal_position) FROM information_schema.columns "
                         f"WHERE table_schema = '{pg_schema}' AND table_name = 't'")
    assert "numeric" in types and "timestamp without time zone" in types and "date" in types


PG_TABLE = """
CREATE TABLE {schema}.src (
  id bigint PRIMARY KEY, small smallint, i integer, d double precision, r real, flag boolean,
  wide numeric(38,10), money numeric(10,2), day date, at timestamp, at_tz timestamptz, u uuid, doc json, t text);
INSERT INTO {schema}.src
SELECT g, (g % 30000)::smallint, g * 7, g / 3.0, (g / 7.0)::real, g % 2 = 0,
       (g::numeric * 123456789.0123456789), (g % 1000000)::numeric / 100, DATE '1950-01-01' + g % 40000,
       TIMESTAMP '1960-01-01' + g * INTERVAL '1 second 1 microsecond', TIMESTAMPTZ '1999-12-31 23:00:00+00' + g * INTERVAL '3 microseconds',
       md5(g::text)::uuid, json_build_object('g', g), CASE WHEN g % 10 = 0 THEN NULL WHEN g % 10 = 1 THEN '' ELSE 'row ' || g || E' \\t ü' END
FROM generate_series(1, 20000) g;
INSERT INTO {schema}.src (id) VALUES (0);
"""


def test_a_postgres_table_exported_by_ferry_loads_back_identically(ferry, pg_url, pg_schema, tmp_path):
    psql(pg_url, PG_TABLE.format(schema=pg_schema))
    path = tmp_path / "src.parquet"
    ferry_load(ferry, pg_url, "--schema", pg_schema, "--source-table", "src", "--to", str(path), cwd=tmp_path)
    ferry_load(ferry, path, "--to", pg_url, "--schema", pg_schema, "--table", "back")
    # Ferry reads a PostgreSQL real as a double (its shortest text), so r compares as a real.
    columns = "id, small, i, d, r::real, flag, wide, money, day, at, at_tz, u, doc::text, t"
    for a, b in (("src", "back"), ("back", "src")):
        diff = psql(pg_url, f"SELECT count(*) FROM (SELECT {columns} FROM {pg_schema}.{a} EXCEPT ALL SELECT {columns} FROM {pg_schema}.{b}) x")
        assert diff.split()[2] == "0", f"{a} EXCEPT ALL {b}: {diff}"
    assert psql(pg_url, f"SELECT count(*) FROM {pg_schema}.back").split()[2] == "20001"


def test_a_pyarrow_file_loads_into_mariadb_over_odbc(ferry, pa, pq, tmp_path):
    odbc = os.environ.get("FERRY_TEST_MARIADB_ODBC") or missing("FERRY_TEST_MARIADB_ODBC is not set: scripts/test.sh starts the MariaDB server")
    rows = 500
    table = pa.table({
        "id": pa.array(range(rows), pa.int64()),
        "name": pa.array([None if i % 9 == 0 else f"name {i} ü" for i in range(rows)], pa.string()),
        "amount": pa.array([D(i * 137 % 100000).scaleb(-2) for i in range(rows)], pa.decimal128(12, 2)),
        "day": pa.array([dt.date(1960, 1, 1) + dt.timedelta(days=i * 37) for i in range(rows)], pa.date32()),
        "at": pa.array([dt.datetime(1999, 12, 31, 23, 59, 59) + dt.timedelta(microseconds=i * 1_000_001) for i in range(rows)], pa.timestamp("us")),
        "ratio": pa.array([i / 8 for i in range(rows)], pa.float64()),
    })
    path = tmp_path / "odbc.parquet"
    pq.write_table(table, path, data_page_version="2.0", compression="zstd")
    name = "pqread_" + uuid.uuid4().hex[:8]
    ferry_load(ferry, path, "--to", "odbc:" + odbc, "--table", name)
    attributes = dict(a.split("=", 1) for a in odbc.split(";") if "=" in a)
    kinds = {"id": "int", "name": "text", "amount": "dec", "day": "date", "at": "ts", "ratio": "float"}
    try:
        out = subprocess.run(["mariadb", "-h", attributes["Server"], "-P", attributes["Port"], "-u", attributes["UID"],
                              f"-p{attributes['PWD']}", attributes["Database"], "-N", "-B", "-e",
                              f"SELECT {', '.join(kinds)} FROM {name} ORDER BY id"], capture_output=True, text=True, timeout=120)
        assert out.returncode == 0, out.stderr
        got = [tuple(canon(None if v == "NULL" else v, k) for v, k in zip(line.split("\t"), kinds.values()))
               for line in out.stdout.splitlines()]
        assert got == expected(pq, path, kinds)
    finally:
        subprocess.run(["mariadb", "-h", attributes["Server"], "-P", attributes["Port"], "-u", attributes["UID"],
                        f"-p{attributes['PWD']}", attributes["Database"], "-e", f"DROP TABLE IF EXISTS {name}"], timeout=60)


def test_an_empty_table_loads_as_an_empty_table(ferry, pa, pq, tmp_path):
    path = tmp_path / "empty.parquet"
    pq.write_table(pa.table({"id": pa.array([], pa.int64()), "name": pa.array([], pa.string())}), path)
    db = tmp_path / "x.db"
    ferry_load(ferry, path, "--to", f"sqlite:{db}", "--table", "t")
    with sqlite3.connect(db) as c:
        assert c.execute("SELECT count(*) FROM t").fetchone() == (0,)
        assert [row[1] for row in c.execute("PRAGMA table_info(t)")] == ["id", "name"]
