"""De-duplication and regexp_like in transforms, against real targets.

The "done when" check of issue 19: a load with derived columns, a filter (with a regular
expression) and key de-duplication gives exactly the rows and values that PostgreSQL computes
with SQL from the same CSV loaded by psql's \\copy (EXCEPT ALL both ways, for keep first and keep
last). Then upsert's rule on every target (SQLite, PostgreSQL, MariaDB over ODBC): of input rows
sharing a key the last one wins and is counted in rows_written; with dedupe keep last the table is
the same and the repeats move to rows_deduplicated.

Needs FERRY_TEST_PG_URL and psql (and FERRY_TEST_MARIADB_ODBC and the mariadb client for the ODBC
case); skipped with the reason outside CI when they are unset.
"""

import os
import random
import sqlite3
import subprocess
import uuid

import pytest
from test_transforms import psql


def write_csv(path, rows: int = 2000) -> None:
    """Orders with repeated, messily written customer codes: `seq` is the input order."""
    rng = random.Random(1919)
    lines = ["seq,cust,email,qty,price"]
    for i in range(1, rows + 1):
        cust = rng.choice(["c", " C", "c ", "C"]) + str(rng.randrange(300))
        email = rng.choice([f"u{i}@example.com", f"U{i}@x.org", "bad@", "", f"w.{i}@ex.net"])
        qty = rng.choice(["", "0", "1", "3", "9"])
        price = rng.choice(["", "0.5", "2", "19.99"])
        lines.append(f"{i},{cust},{email},{qty},{price}")
    path.write_text("\n".join(lines) + "\n")


DECLARED = ["--column", "seq:bigint", "--column", "cust:text", "--column", "email:text", "--column", "qty:bigint",
            "--column", "price:double"]
# Five derived columns, as the Ferry expression and as PostgreSQL computes it.
DERIVED = {
    "cust_id": ("upper(trim(cust))", "upper(trim(cust))"),
    "total": ("qty * price", "qty * price"),
    "domain": ("substr(email, 1 + length(email) - 3)", "substr(email, 1 + length(email) - 3)"),
    "big": ("CASE WHEN qty >= 3 THEN 'yes' ELSE 'no' END", "CASE WHEN qty >= 3 THEN 'yes' ELSE 'no' END"),
    "tag": ("hash(cust)", None),
}
WHERE = "regexp_like(email, '^[a-z]+[0-9]*@[a-z]+\\.(com|org)$') OR qty > 3"
SQL_WHERE = "email ~ '^[a-z]+[0-9]*@[a-z]+\\.(com|org)$' OR qty > 3"


@pytest.fixture
def raw(pg_url, tmp_path):
    """The CSV, and the same data in PostgreSQL loaded by \\copy; yields (csv, raw table, suffix)."""
    csv = tmp_path / "orders.csv"
    write_csv(csv)
    suffix = uuid.uuid4().hex[:10]
    table = f"dd_raw_{suffix}"
    psql(pg_url, f"CREATE TABLE {table} (seq bigint, cust text, email text, qty bigint, price double precision)")
    proc = subprocess.run(["psql", pg_url, "-X", "-v", "ON_ERROR_STOP=1", "-c",
                           f"\\copy {table} FROM '{csv}' WITH (FORMAT csv, HEADER true)"],
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    yield csv, table, suffix
    psql(pg_url, f"DROP TABLE IF EXISTS {table}; DROP TABLE IF EXISTS dd_out_{suffix}")


@pytest.mark.parametrize("keep", ["first", "last"])
def test_derived_filter_dedupe_matches_postgres(ferry, pg_url, tmp_path, raw, keep):
    csv, table, suffix = raw
    out = f"dd_out_{suffix}"
    columns = [arg for name, (expr, _) in DERIVED.items() for arg in ("--column", f"{name}={expr}")]
    run = ferry("load", str(csv), "--to", pg_url, "--table", out, "--mode", "replace", "--json", *DECLARED,
                *columns, "--where", WHERE, "--dedupe", "cust_id", "--dedupe-keep", keep, cwd=tmp_path)
    assert run.returncode == 0, run.describe()
    derived = ", ".join(f"{sql} AS {name}" for name, (_, sql) in DERIVED.items() if sql)
    order = "seq" if keep == "first" else "seq DESC"
    reference = (f"SELECT DISTINCT ON (cust_id) seq, cust, email, qty, price, cust_id, total, domain, big "
                 f"FROM (SELECT *, {derived} FROM {table} WHERE {SQL_WHERE}) f ORDER BY cust_id, {order}")
    loaded = f"SELECT seq, cust, email, qty, price, cust_id, total, domain, big FROM {out}"
    for a, b in ((reference, loaded), (loaded, reference)):
        assert psql(pg_url, f"SELECT count(*) FROM (({a}) EXCEPT ALL ({b})) d") == "0"
    passing = int(psql(pg_url, f"SELECT count(*) FROM {table} WHERE {SQL_WHERE}"))
    kept = int(psql(pg_url, f"SELECT count(DISTINCT upper(trim(cust))) FROM {table} WHERE {SQL_WHERE}"))
    assert run.result["rows_written"] == kept and 100 < kept < passing
    assert run.result["rows_filtered"] == 2000 - passing
    assert run.result["rows_deduplicated"] == passing - kept
    assert run.result["rows_rejected"] == 0
    # hash() is Ferry's own; it is one value per customer code as written.
    assert psql(pg_url, f"SELECT count(*) FROM (SELECT cust FROM {out} GROUP BY cust HAVING count(DISTINCT tag) > 1) x") == "0"


def test_bad_regex_fails_with_path_and_position(ferry, pg_url, tmp_path):
    csv = tmp_path / "orders.csv"
    write_csv(csv, rows=5)
    table = f"dd_bad_{uuid.uuid4().hex[:10]}"
    run = ferry("load", str(csv), "--to", pg_url, "--table", table, "--json", *DECLARED,
                "--where", "regexp_like(email, 'a(b')", cwd=tmp_path)
    assert run.returncode == 3, run.describe()
    issues = run.result["error"]["issues"]
    assert [i["path"] for i in issues] == ["$.transform.where"]
    assert issues[0]["message"].startswith("at position 22: regexp_like: missing )"), issues
    assert psql(pg_url, f"SELECT count(*) FROM information_schema.tables WHERE table_name = '{table}'") == "0"


def test_dedupe_key_must_be_an_output_column(ferry, tmp_path):
    csv = tmp_path / "orders.csv"
    write_csv(csv, rows=5)
    run = ferry("load", str(csv), "--to", f"sqlite:{tmp_path / 'x.db'}", "--json", "--dedupe", "custid", cwd=tmp_path)
    assert run.returncode == 3, run.describe()
    issues = run.result["error"]["issues"]
    assert issues == [{"path": "$.transform.dedupe.key[0]", "message": 'no column "custid" in the transform\'s output; did you mean "cust"?'}]
    assert not (tmp_path / "x.db").exists() or sqlite3.connect(tmp_path / "x.db").execute(
        "select count(*) from sqlite_master where name = 'orders'").fetchone() == (0,)


# --- upsert's one rule on every target -------------------------------------------------------

class Target:
    """One target kind: how to name it on the command line and read a table back."""

    def __init__(self, kind, tmp_path):
        self.kind = kind
        self.table = "up_" + uuid.uuid4().hex[:8]
        if kind == "sqlite":
            self.path = tmp_path / "t.db"
            self.to = f"sqlite:{self.path}"
        elif kind == "postgres":
            url = os.environ.get("FERRY_TEST_PG_URL")
            if not url:
                self.skip("FERRY_TEST_PG_URL is not set: start the PostgreSQL test server")
            self.url = url
            self.to = url
        else:
            odbc = os.environ.get("FERRY_TEST_MARIADB_ODBC")
            if not odbc:
                self.skip("FERRY_TEST_MARIADB_ODBC is not set: start the MariaDB test server")
            self.attributes = dict(a.split("=", 1) for a in odbc.split(";") if "=" in a)
            self.to = "odbc:" + odbc

    @staticmethod
    def skip(reason):
        if os.environ.get("CI") == "true":
            pytest.fail(reason + " (under CI)")
        pytest.skip(reason)

    def rows(self):
        sql = f"SELECT id, v FROM {self.table} ORDER BY id"
        if self.kind == "sqlite":
            return [(str(i), v) for i, v in sqlite3.connect(self.path).execute(sql).fetchall()]
        if self.kind == "postgres":
            return [tuple(line.split("|")) for line in psql(self.url, sql).splitlines()]
        a = self.attributes
        out = subprocess.run(["mariadb", "-h", a["Server"], "-P", a["Port"], "-u", a["UID"], f"-p{a['PWD']}", "-N", "-B",
                              a["Database"], "-e", sql], check=True, capture_output=True, text=True, timeout=60)
        return [tuple(line.split("\t")) for line in out.stdout.splitlines()]

    def drop(self):
        sql = f"DROP TABLE IF EXISTS {self.table}"
        if self.kind == "postgres":
            psql(self.url, sql)
        elif self.kind == "odbc":
            a = self.attributes
            subprocess.run(["mariadb", "-h", a["Server"], "-P", a["Port"], "-u", a["UID"], f"-p{a['PWD']}",
                            a["Database"], "-e", sql], check=True, capture_output=True, timeout=60)


@pytest.mark.parametrize("kind", ["sqlite", "postgres", "odbc"])
def test_upsert_last_row_of_a_key_wins_with_and_without_dedupe(ferry, tmp_path, kind):
    target = Target(kind, tmp_path)
    (tmp_path / "base.csv").write_text("id,v\n1,a\n2,b\n")
    # 2 exists; 3 is new; 3 and 2 come again.
    (tmp_path / "changes.csv").write_text("id,v\n2,B\n3,c\n3,C\n4,d\n2,BB\n")
    common = ["--to", target.to, "--table", target.table, "--json", "--column", "id:bigint", "--column", "v:text"]
    try:
        for flags, written, deduplicated, warned, stored in [
            ([], 5, None, True, [("1", "a"), ("2", "BB"), ("3", "C"), ("4", "d")]),
            (["--dedupe", "id", "--dedupe-keep", "last"], 3, 2, False, [("1", "a"), ("2", "BB"), ("3", "C"), ("4", "d")]),
            (["--dedupe", "id"], 3, 2, False, [("1", "a"), ("2", "B"), ("3", "c"), ("4", "d")]),
        ]:
            base = ferry("load", "base.csv", *common, "--mode", "replace", "--key", "id", cwd=tmp_path)
            assert base.returncode == 0, base.describe()
            run = ferry("load", "changes.csv", *common, "--mode", "upsert", "--key", "id", *flags, cwd=tmp_path)
            assert run.returncode == 0, run.describe()
            assert run.result["rows_read"] == 5
            assert run.result["rows_written"] == written
            assert run.result.get("rows_deduplicated") == deduplicated
            codes = [e["code"] for e in run.events if e.get("type") == "warning"]
            assert ("duplicate_keys" in codes) == warned, codes
            assert target.rows() == stored
    finally:
        target.drop()
