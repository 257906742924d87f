"""PostgreSQL exports through typed chunks (binary COPY decoded straight into typed vectors,
Docs/decisions/0008-typed-source-chunks.md) write exactly the bytes the text path writes.

A `real` column has no binary decoding, so a query with one reads text COPY and types every field
text (the path every export took before typed chunks); the same query with the column as
`double precision` reads binary COPY into typed chunks. Both give the value 1 for that column, so
the files must be byte-identical: for every type, NULLs, negative numerics, NaN and infinities,
timestamps before 1970 and after 2038, time zones, text with quotes, delimiters and line breaks.
"""

import json
import subprocess

import pytest

# (type, values as SQL literals): each column gets its values down the rows, NULL after they run out.
COLUMNS = [
    ("smallint", ["-32768", "32767", "0"]),
    ("integer", ["-2147483648", "2147483647", "7"]),
    ("bigint", ["-9223372036854775808", "9223372036854775807", "0"]),
    ("double precision", ["0.1", "-1.5e-300", "1e22", "'-0'", "5e-324", "1.7976931348623157e308", "123456789012345", "1e-5"]),
    ("numeric", ["-0.5", "12345678901234567890.000100", "-10000.0001", "0.0", "1e100", "-0.00000001"]),
    ("numeric(12,2)", ["99999.99", "-0.01", "0", "-1234567890.10"]),
    ("boolean", ["true", "false"]),
    ("date", ["'0001-01-01'", "'1969-12-31'", "'1900-02-28'", "'2024-02-29'", "'2038-01-20'", "'9999-12-31'"]),
    ("timestamp", ["'1969-12-31 23:59:59.999999'", "'1900-01-01 00:00:00.010'", "'2038-01-19 03:14:08'",
                   "'2100-06-30 12:00:00.5'", "'0001-01-01 00:00:00'", "'9999-12-31 23:59:59.999999'"]),
    ("timestamptz", ["'2019-05-02 18:24:40.238+02'", "'1999-12-31 23:59:59.999999-08'", "'1960-07-01 00:00:00+05:30'",
                     "'2040-02-29 23:00:00-11'", "'0001-01-02 00:00:00+00'"]),
    ("uuid", ["'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11'", "'FFFFFFFF-FFFF-FFFF-FFFF-FFFFFFFFFFFF'"]),
    ("json", ["'{\"a\": \"x,y\", \"b\": [1, 2.50]}'", "'[1,\n2]'", "'\"quote \\\" here\"'"]),
    ("jsonb", ["'{\"b\": 1, \"a\": \"tab\\there\"}'", "'[]'"]),
    ("text", ["'say \"hi\", then go'", "E'line\\nbreak\\r\\n'", "E'a\\tb'", "''", "'\\N'", "'Zoë 東京 🙂'",
              "E'back\\\\slash'", "'NULL'"]),
    ("varchar(20)", ["'a,b'", "''"]),
    ("char(3)", ["'ab'", "'a\"c'"]),
]

# Values the Typist does not read, each alone in a row: they are rejected the same either way.
OUT_OF_RANGE = [("date", "'infinity'"), ("date", "'0044-03-15 BC'"), ("timestamp", "'-infinity'"),
                ("timestamptz", "'12345-06-07 08:09:10+00'"), ("double precision", "'NaN'"),
                ("double precision", "'-Infinity'"), ("numeric", "'NaN'"), ("numeric", "'Infinity'")]


def psql(url, sql):
    subprocess.run(["psql", url, "-X", "-q", "-v", "ON_ERROR_STOP=1", "-c", sql], check=True, capture_output=True, timeout=120)


@pytest.fixture
def table(pg_url, pg_schema):
    columns = ", ".join(f"c{i} {t}" for i, (t, _) in enumerate(COLUMNS))
    rows = max(len(v) for _, v in COLUMNS)
    values = []
    for r in range(rows + 1):
        values.append("(" + ", ".join([str(r)] + [v[r] if r < len(v) else "NULL" for _, v in COLUMNS]) + ")")
    psql(pg_url, f"CREATE TABLE {pg_schema}.t (n int, {columns}); INSERT INTO {pg_schema}.t VALUES " + ", ".join(values))
    return f"{pg_schema}.t"


def export(ferry, tmp_path, pg_url, query, name, *extra):
    run = ferry("load", pg_url, "--query", query, "--to", str(tmp_path / name), "--json", *extra, cwd=tmp_path)
    return run, (tmp_path / name).read_bytes() if (tmp_path / name).exists() else None


@pytest.mark.parametrize("suffix", ["csv", "tsv", "jsonl"])
def test_typed_export_writes_the_bytes_the_text_path_writes(ferry, tmp_path, pg_url, table, suffix):
    text_run, text = export(ferry, tmp_path, pg_url, f"SELECT *, 1::real AS z FROM {table} ORDER BY n", f"text.{suffix}")
    typed_run, typed = export(ferry, tmp_path, pg_url, f"SELECT *, 1::float8 AS z FROM {table} ORDER BY n", f"typed.{suffix}")
    assert text_run.returncode == 0, text_run.describe()
    assert typed_run.returncode == 0, typed_run.describe()
    assert typed == text
    assert text_run.result["rows_written"] == typed_run.result["rows_written"] == max(len(v) for _, v in COLUMNS) + 1
    if suffix == "jsonl":
        # Spot checks that the file holds the values, not merely the same bytes twice.
        first = json.loads(typed.splitlines()[0])
        assert first["c2"] == -9223372036854775808
        assert first["c13"] == 'say "hi", then go'


@pytest.mark.parametrize("suffix", ["csv", "jsonl"])
def test_values_the_typist_refuses_are_rejected_alike(ferry, tmp_path, pg_url, pg_schema, suffix):
    columns = ", ".join(f"c{i} {t}" for i, (t, _) in enumerate(OUT_OF_RANGE))
    rows = []
    for r in range(len(OUT_OF_RANGE) + 3):
        cells = [OUT_OF_RANGE[i][1] if i == r else "NULL" for i in range(len(OUT_OF_RANGE))]
        rows.append(f"({r}, " + ", ".join(cells) + ")")
    psql(pg_url, f"CREATE TABLE {pg_schema}.o (n int, {columns}); INSERT INTO {pg_schema}.o VALUES " + ", ".join(rows))
    outputs = []
    for kind, z in (("text", "1::real"), ("typed", "1::float8")):
        run, data = export(ferry, tmp_path, pg_url, f"SELECT *, {z} AS z FROM {pg_schema}.o ORDER BY n", f"{kind}.{suffix}",
                           "--max-rejects", "100", "--reject-path", str(tmp_path / f"{kind}.rejects.jsonl"))
        assert run.returncode == 0, run.describe()
        outputs.append((run.result["rows_written"], run.result["rows_rejected"], data))
    # The reject files name the same lines; their records differ in form where the typed path
    # rendered a chunk (Docs/decisions/0008), so only the counts and the written rows are compared.
    assert outputs[0] == outputs[1]
    # NaN and infinities: doubles and numerics into a file (the file writers take them, or not, alike).
    assert outputs[1][0] + outputs[1][1] == len(OUT_OF_RANGE) + 3
    assert outputs[1][1] >= 4  # at least the dates and timestamps
