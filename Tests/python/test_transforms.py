"""Transforms against the real PostgreSQL test server: a load with derived columns and a filter
gives exactly the rows and values that PostgreSQL computes from the same data with SQL, and bad
expressions fail with their JSON path and position (exit 3) before the target is touched.

Needs FERRY_TEST_PG_URL (and psql); skipped with the reason outside CI when it is unset.
"""

import json
import os
import random
import subprocess
import uuid

import pytest



def psql(url: str, sql: str) -> str:
    proc = subprocess.run(["psql", url, "-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1", "-c", sql],
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    return proc.stdout.strip()


def write_csv(path, rows: int = 500) -> None:
    rng = random.Random(19)
    names = ["  Ann ", "bob", "Çelik", "dee  ", "", None, "Émile", "x y"]
    lines = ["id,name,qty,price,day"]
    for i in range(1, rows + 1):
        name = rng.choice(names)
        qty = rng.choice(["", "0", "1", "2", "7", "-3", "12"])
        price = rng.choice(["", "0.5", "1.25", "10", "3.3", "99.99"])
        day = rng.choice(["", "2024-01-31", "2023-12-01", "2024-02-29", "1999-07-04"])
        quoted = "" if name is None else '"' + name + '"'
        lines.append(f"{i},{quoted},{qty},{price},{day}")
    path.write_text("\n".join(lines) + "\n")


DECLARED = ["--column", "id:bigint", "--column", "name:text", "--column", "qty:bigint", "--column", "price:double", "--column", "day:date"]

DERIVED = {
    "total": ("qty * price", "qty * price"),
    "label": ("upper(trim(name)) || '#' || substr(name, 2, 3)", "upper(trim(name)) || '#' || substr(name, 2, 3)"),
    "size": ("CASE WHEN qty >= 7 THEN 'big' WHEN qty > 1 THEN 'mid' ELSE 'small' END",
             "CASE WHEN qty >= 7 THEN 'big' WHEN qty > 1 THEN 'mid' ELSE 'small' END"),
    "yr": ("year(day)", "extract(year FROM day)::bigint"),
    "month_start": ("date_trunc('month', day)", "date_trunc('month', day)::date"),
    "name_len": ("length(coalesce(name, 'none'))", "length(coalesce(name, 'none'))::bigint"),
}
WHERE = "(qty > 0 OR price IS NULL) AND NOT name LIKE '%b%'"
SQL_WHERE = "(qty > 0 OR price IS NULL) AND NOT name LIKE '%b%'"


@pytest.fixture
def loaded_raw(ferry, pg_url, tmp_path):
    """The generated orders file, loaded as it is into a fresh table; yields (file, table, suffix)."""
    csv = tmp_path / "orders.csv"
    write_csv(csv)
    suffix = uuid.uuid4().hex[:10]
    raw = f"tr_raw_{suffix}"
    run = ferry("load", str(csv), "--to", pg_url, "--table", raw, "--mode", "replace", "--json", *DECLARED, cwd=tmp_path)
    assert run.returncode == 0, run.describe()
    yield csv, raw, suffix
    psql(pg_url, f"DROP TABLE IF EXISTS {raw}; DROP TABLE IF EXISTS tr_shaped_{suffix}")


def assert_same_rows(url: str, reference: str, loaded: str) -> None:
    """The two queries give the same multiset of rows (EXCEPT ALL both ways is empty)."""
    assert psql(url, f"SELECT count(*) FROM (({reference}) EXCEPT ALL ({loaded})) d") == "0"
    assert psql(url, f"SELECT count(*) FROM (({loaded}) EXCEPT ALL ({reference})) d") == "0"


def test_derived_columns_and_filter_match_postgres(ferry, pg_url, tmp_path, loaded_raw):
    csv, raw, suffix = loaded_raw
    shaped = f"tr_shaped_{suffix}"
    columns = []
    for name, (expr, _) in DERIVED.items():
        columns += ["--column", f"{name}={expr}"]
    run = ferry("load", str(csv), "--to", pg_url, "--table", shaped, "--mode", "replace", "--json", *DECLARED,
                "--select", "id,name,qty", "--rename", "qty=quantity", *columns, "--where", WHERE, cwd=tmp_path)
    assert run.returncode == 0, run.describe()
    expected_rows = int(psql(pg_url, f"SELECT count(*) FROM {raw} WHERE {SQL_WHERE}"))
    assert run.result["rows_written"] == expected_rows > 50
    assert run.result["rows_filtered"] == 500 - expected_rows
    selects = ", ".join(f"{sql} AS {name}" for name, (_, sql) in DERIVED.items())
    assert_same_rows(pg_url, f"SELECT id, name, qty AS quantity, {selects} FROM {raw} WHERE {SQL_WHERE}",
                     f"SELECT id, name, quantity, {', '.join(DERIVED)} FROM {shaped}")
    types = psql(pg_url, f"SELECT string_agg(column_name || ':' || data_type, ',' ORDER BY ordinal_position) "
                         f"FROM information_schema.columns WHERE table_name = '{shaped}'")
    assert types == ("id:bigint,name:text,quantity:bigint,total:double precision,label:text,size:text,"
                     "yr:bigint,month_start:date,name_len:bigint")


def test_values_that_cannot_be_computed_are_rejected(ferry, pg_url, tmp_path, loaded_raw):
    csv, raw, suffix = loaded_raw
    shaped = f"tr_shaped_{suffix}"
    run = ferry("load", str(csv), "--to", pg_url, "--table", shaped, "--mode", "replace", "--json", *DECLARED,
                "--column", "per_unit=price / qty", "--max-rejects", "100%", "--reject-path", "rejects.jsonl", cwd=tmp_path)
    assert run.returncode == 0, run.describe()
    zero = int(psql(pg_url, f"SELECT count(*) FROM {raw} WHERE qty = 0 AND price IS NOT NULL"))
    assert zero > 0 and run.result["rows_rejected"] == zero
    reasons = {json.loads(line)["reason"] for line in (tmp_path / "rejects.jsonl").read_text().splitlines()}
    assert reasons == {'column "per_unit": division by zero'}
    assert_same_rows(pg_url, f"SELECT id, price / qty FROM {raw} WHERE qty IS DISTINCT FROM 0 OR price IS NULL",
                     f"SELECT id, per_unit FROM {shaped}")


@pytest.mark.parametrize("flags, path, message", [
    (["--column", "x=qty +"], "$.transform.columns[0].expr", "at position 6: expected a value, found the end of the expression"),
    (["--column", "x=lower(qty)"], "$.transform.columns[0].expr", "at position 7: lower needs text here, not bigint"),
    (["--where", "qty > 'a'"], "$.transform.where", "at position 5: \">\" cannot compare values that mix bigint and text"),
    (["--where", "nam IS NULL"], "$.transform.where", "at position 1: no column \"nam\" in the input; did you mean \"name\"?"),
    (["--rename", "id=name"], "$.transform.rename.id", "renames \"id\" onto \"name\", which the output already has"),
])
def test_bad_expressions_fail_with_path_and_position(ferry, pg_url, tmp_path, flags, path, message):
    csv = tmp_path / "orders.csv"
    write_csv(csv, rows=5)
    table = f"tr_bad_{uuid.uuid4().hex[:10]}"
    run = ferry("load", str(csv), "--to", pg_url, "--table", table, "--json", *DECLARED, *flags, cwd=tmp_path)
    assert run.returncode == 3, run.describe()
    error = run.result["error"]
    assert error["code"] == "invalid_request"
    assert [i["path"] for i in error["issues"]] == [path], error
    assert error["issues"][0]["message"].startswith(message), error
    assert psql(pg_url, f"SELECT count(*) FROM information_schema.tables WHERE table_name = '{table}'") == "0"
