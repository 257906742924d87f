"""Checks that read the target (Docs/checks.md, "Checks against the target"): `reference` and
`drift`, the ledger's `checks` record, and `samples: lines`, through the real binary into real
SQLite and PostgreSQL databases. PostgreSQL comes from $FERRY_TEST_PG_URL (the pg_url fixture).
"""

import json
import os
import sqlite3
import subprocess
import uuid

import pytest

ORDERS = """id,customer,amount
1,c1,10
2,c2,20
3,c9,30
4,,40
5,c1,50
"""


def psql(url: str, sql: str) -> str:
    return subprocess.run(["psql", url, "-v", "ON_ERROR_STOP=1", "-qAt", "-c", sql], check=True,
                          capture_output=True, text=True, timeout=60).stdout


def request(target: dict, checks: list, path: str = "orders.csv", job: str = "orders_job") -> dict:
    return {
        "contract_version": 1,
        "job": {"name": job},
        "source": {"kind": "file", "path": path},
        "target": target,
        "mode": "replace",
        "options": {"max_rejects": 10},
        "checks": checks,
    }


def by_name(run) -> dict:
    return {c["name"]: c for c in run.result["checks"]}


def sqlite_with_customers(tmp_path):
    with sqlite3.connect(tmp_path / "shop.db") as db:
        db.execute("create table customers (code text primary key, name text)")
        db.executemany("insert into customers values (?, ?)", [("c1", "Ann"), ("c2", "Bob")])


def test_reference_rejects_rows_whose_value_the_sqlite_table_lacks(ferry, tmp_path, event_validator):
    (tmp_path / "orders.csv").write_text(ORDERS)
    sqlite_with_customers(tmp_path)
    checks = [{"name": "known_customer", "rule": "reference", "column": "customer", "table": "customers",
               "table_column": "code", "severity": "reject"}]
    run = ferry.run_request(request({"kind": "sqlite", "path": "shop.db", "table": "orders"}, checks), cwd=tmp_path)
    assert run.returncode == 0, run.describe()
    for event in run.events:
        assert not list(event_validator.iter_errors(event)), event["type"]
    got = by_name(run)["known_customer"]
    # The NULL customer is not evaluated; c9 (line 4) is missing from customers.
    assert (got["status"], got["evaluated"], got["failing"]) == ("warned", 4, 1)
    assert got["samples"] == [{"line": 4, "value": "c9"}]
    rejects = [json.loads(line) for line in (tmp_path / run.result["reject_file"]).read_text().splitlines()]
    assert [(r["line"], "known_customer" in r["reason"]) for r in rejects] == [(4, True)]
    with sqlite3.connect(tmp_path / "shop.db") as db:
        assert [r[0] for r in db.execute("select id from orders order by id")] == [1, 2, 4, 5]


def test_reference_as_an_error_check_leaves_sqlite_unchanged_with_exit_7(ferry, tmp_path):
    (tmp_path / "orders.csv").write_text(ORDERS)
    sqlite_with_customers(tmp_path)
    checks = [{"rule": "reference", "column": "customer", "table": "customers", "table_column": "code"}]
    run = ferry.run_request(request({"kind": "sqlite", "path": "shop.db", "table": "orders"}, checks), cwd=tmp_path)
    assert run.returncode == 7, run.describe()
    assert by_name(run)["reference_customer"]["failing"] == 1
    with sqlite3.connect(tmp_path / "shop.db") as db:
        assert list(db.execute("select name from sqlite_master where name = 'orders'")) == []


@pytest.mark.parametrize(
    "check, path, message",
    [
        ({"rule": "reference", "column": "customer", "table": "clients"}, "$.checks[0].table", "no table clients on the target"),
        ({"rule": "reference", "column": "customer", "table": "customers", "table_column": "cod"},
         "$.checks[0].table_column", 'has no column "cod"; did you mean "code"?'),
        ({"rule": "reference", "column": "customer", "table": "customers"}, "$.checks[0].column", 'has no column "customer"'),
        ({"rule": "reference", "column": "customer", "table": 7}, "$.checks[0].table", "expected a string"),
        ({"rule": "reference", "column": "customer"}, "$.checks[0].table", "required"),
        ({"rule": "drift", "metric": "mean", "column": "customer", "max_change_percent": 10}, "$.checks[0].metric", "needs a number column"),
        ({"rule": "drift", "metric": "row_count", "max_change_percent": "ten"}, "$.checks[0].max_change_percent", "expected a number"),
        ({"rule": "drift", "metric": "null_rate", "max_change_percent": 5}, "$.checks[0].column", "needs exactly one column"),
        ({"rule": "drift", "metric": "row_count", "column": "id", "max_change_percent": 5}, "$.checks[0].column", "reads no column"),
        ({"rule": "drift", "metric": "size", "max_change_percent": 5}, "$.checks[0].metric", "row_count"),
        ({"rule": "not_null", "column": "id", "samples": "none"}, "$.checks[0].samples", "lines"),
    ],
)
def test_bad_target_checks_exit_3_with_their_path_and_touch_nothing(ferry, tmp_path, check, path, message):
    (tmp_path / "orders.csv").write_text(ORDERS)
    sqlite_with_customers(tmp_path)
    run = ferry.run_request(request({"kind": "sqlite", "path": "shop.db", "table": "orders"}, [check]), cwd=tmp_path)
    assert run.returncode == 3, run.describe()
    issues = run.result["error"]["issues"]
    assert any(i["path"] == path and message in i["message"] for i in issues), issues
    with sqlite3.connect(tmp_path / "shop.db") as db:
        # The table was never made; a run that got as far as the target records its failure in
        # the ledger, as any failed load does.
        tables = {row[0] for row in db.execute("select name from sqlite_master")}
        assert "orders" not in tables
        if "ferry_loads" in tables:
            assert list(db.execute("select status, error_code from ferry_loads")) == [("failed", "invalid_request")]


def test_reference_needs_a_database_target(ferry, tmp_path):
    sqlite_with_customers(tmp_path)
    checks = [{"rule": "reference", "column": "code", "table": "customers"}]
    req = request({"kind": "file", "path": "out.csv"}, checks)
    req["source"] = {"kind": "sqlite", "path": "shop.db", "table": "customers"}
    del req["mode"]
    run = ferry.run_request(req, cwd=tmp_path)
    assert run.returncode == 3, run.describe()
    assert run.result["error"]["issues"][0]["path"] == "$.checks[0].rule"
    assert not (tmp_path / "out.csv").exists()


DRIFT = [
    {"name": "rows", "rule": "drift", "metric": "row_count", "max_change_percent": 50},
    {"name": "customer_nulls", "rule": "drift", "metric": "null_rate", "column": "customer", "max_change_percent": 50, "severity": "warn"},
    {"name": "customers", "rule": "drift", "metric": "distinct_count", "column": "customer", "max_change_percent": 50, "severity": "warn"},
    {"name": "amount_mean", "rule": "drift", "metric": "mean", "column": "amount", "max_change_percent": 50, "severity": "warn"},
]


def drift_runs(ferry, tmp_path, target: dict, read_ledger):
    (tmp_path / "orders.csv").write_text(ORDERS)
    first = ferry.run_request(request(target, DRIFT), cwd=tmp_path)
    assert first.returncode == 0, first.describe()
    for name, got in by_name(first).items():
        assert got["status"] == "passed", name
        assert "no earlier completed load" in got["note"], name
    record = json.loads(read_ledger())
    assert record["metrics"] == {"row_count": 5, "null_rate:customer": 0.2, "distinct_count:customer": 3, "mean:amount": 30}
    assert (record["passed"], record["warned"], record["failed"]) == (4, 0, 0)
    assert [c["name"] for c in record["checks"]] == ["rows", "customer_nulls", "customers", "amount_mean"]

    # Six rows (+20 %), one more NULL (0.2 → 0.333: +66.7 %), same customers, mean 30 → 100.
    (tmp_path / "orders.csv").write_text(ORDERS + "6,,450\n")
    second = ferry.run_request(request(target, DRIFT), cwd=tmp_path)
    assert second.returncode == 0, second.describe()
    got = by_name(second)
    assert [(n, got[n]["status"], got[n]["failing"]) for n in got] == [
        ("rows", "passed", 0), ("customer_nulls", "warned", 1), ("customers", "passed", 0), ("amount_mean", "warned", 1)]
    assert got["rows"]["note"].startswith("row_count 5 → 6 (change 20 %")
    assert got["amount_mean"]["samples"] == [{"line": None, "value": "100"}]

    # Half the rows of the last completed load: an error check fails the run, which the ledger
    # records as failed, so the next run still compares with the six rows.
    (tmp_path / "orders.csv").write_text("id,customer,amount\n1,c1,10\n2,c2,20\n")
    third = ferry.run_request(request(target, DRIFT[:1]), cwd=tmp_path)
    assert third.returncode == 7, third.describe()
    assert by_name(third)["rows"]["note"].startswith("row_count 6 → 2")
    fourth = ferry.run_request(request(target, DRIFT[:1]), cwd=tmp_path)
    assert by_name(fourth)["rows"]["note"].startswith("row_count 6 → 2")


def test_drift_compares_with_the_last_completed_load_in_the_sqlite_ledger(ferry, tmp_path):
    def read_ledger():
        with sqlite3.connect(tmp_path / "shop.db") as db:
            return db.execute("select checks from ferry_loads where status = 'completed' order by ended_at desc limit 1").fetchone()[0]
    drift_runs(ferry, tmp_path, {"kind": "sqlite", "path": "shop.db", "table": "orders"}, read_ledger)


def test_drift_compares_with_the_last_completed_load_in_the_postgres_ledger(ferry, tmp_path, pg_url):
    schema = "drift_" + uuid.uuid4().hex[:10]
    psql(pg_url, f"create schema {schema}")
    try:
        def read_ledger():
            return psql(pg_url, f"select checks from {schema}.ferry_loads where status = 'completed' order by ended_at desc limit 1").strip()
        drift_runs(ferry, tmp_path, {"kind": "postgres", "connection": pg_url, "schema": schema, "table": "orders"}, read_ledger)
    finally:
        psql(pg_url, f"drop schema {schema} cascade")


def test_reference_into_postgres(ferry, tmp_path, pg_url):
    schema = "ref_" + uuid.uuid4().hex[:10]
    psql(pg_url, f"create schema {schema}; create table {schema}.customers (code text primary key);"
                 f"insert into {schema}.customers values ('c1'), ('c2');"
                 f"create table {schema}.ids (n integer); insert into {schema}.ids select generate_series(1, 4)")
    try:
        (tmp_path / "orders.csv").write_text(ORDERS)
        target = {"kind": "postgres", "connection": pg_url, "schema": schema, "table": "orders"}
        checks = [
            {"name": "known_customer", "rule": "reference", "column": "customer", "table": "customers", "table_column": "code",
             "severity": "reject"},
            {"name": "known_id", "rule": "reference", "column": "id", "schema": schema, "table": "ids", "table_column": "n",
             "severity": "warn", "samples": "lines"},
        ]
        run = ferry.run_request(request(target, checks), cwd=tmp_path)
        assert run.returncode == 0, run.describe()
        got = by_name(run)
        assert (got["known_customer"]["status"], got["known_customer"]["failing"]) == ("warned", 1)
        assert got["known_customer"]["samples"] == [{"line": 4, "value": "c9"}]
        # Dataset-wide lookups see every value; samples: lines keeps the value out.
        assert (got["known_id"]["status"], got["known_id"]["evaluated"], got["known_id"]["failing"]) == ("warned", 5, 1)
        assert got["known_id"]["samples"] == [{"line": 6, "value": None}]
        assert got["known_id"]["values_shown"] is False
        assert psql(pg_url, f"select string_agg(id::text, ',' order by id) from {schema}.orders").strip() == "1,2,4,5"
        bad = ferry.run_request(request(target, [{"rule": "reference", "column": "customer", "table": "nope"}]), cwd=tmp_path)
        assert bad.returncode == 3, bad.describe()
        assert bad.result["error"]["issues"][0]["path"] == "$.checks[0].table"
    finally:
        psql(pg_url, f"drop schema {schema} cascade")


def test_samples_lines_keeps_values_out_of_results_events_and_reports(ferry, tmp_path):
    (tmp_path / "people.csv").write_text("id,ssn\n1,123-45-6789\n2,bad-ssn-value\n2,000-00-0000\n")
    checks = [
        {"name": "ssn_shape", "rule": "regex", "column": "ssn", "pattern": "^\\d{3}-\\d{2}-\\d{4}$", "severity": "warn", "samples": "lines"},
        {"name": "ssn_unique", "rule": "unique", "columns": ["id"], "severity": "warn", "samples": "lines"},
    ]
    req = request({"kind": "sqlite", "path": "p.db", "table": "people"}, checks, path="people.csv")
    run = ferry.run_request(req, cwd=tmp_path)
    assert run.returncode == 0, run.describe()
    got = by_name(run)
    assert got["ssn_shape"]["samples"] == [{"line": 3, "value": None}]
    assert got["ssn_unique"]["samples"] == [{"line": 4, "value": None}]
    text = "\n".join(json.dumps(e) for e in run.events)
    assert "bad-ssn-value" not in text


def test_reference_and_drift_through_odbc(ferry, tmp_path):
    """MariaDB through ODBC: lookups with bound parameters on the load's connection, and the
    ledger's checks record read back for drift."""
    missing = pytest.fail if os.environ.get("CI") == "true" else pytest.skip
    odbc = os.environ.get("FERRY_TEST_MARIADB_ODBC") or missing("FERRY_TEST_MARIADB_ODBC is not set: scripts/mariadb-test-server.sh starts the server")
    a = dict(pair.split("=", 1) for pair in odbc.split(";") if "=" in pair)
    client = ["mariadb", "-h", a["Server"], "-P", a["Port"], "-u", a["UID"], "-p" + a["PWD"], "-N", "-B", a["Database"]]

    def mariadb(sql: str) -> list:
        lines = subprocess.run(client + ["-e", sql], check=True, capture_output=True, text=True, timeout=60).stdout
        return [line.split("\t") for line in lines.splitlines()]

    suffix = uuid.uuid4().hex[:8]
    table, customers, job = "orders_" + suffix, "customers_" + suffix, "job_" + suffix
    mariadb(f"create table {customers} (code varchar(10) primary key); insert into {customers} values ('c1'), ('c2')")
    try:
        (tmp_path / "orders.csv").write_text(ORDERS)
        target = {"kind": "odbc", "connection": odbc, "table": table}
        checks = [
            {"name": "known_customer", "rule": "reference", "column": "customer", "table": customers, "table_column": "code",
             "severity": "reject"},
            {"name": "rows", "rule": "drift", "metric": "row_count", "max_change_percent": 10, "severity": "warn"},
        ]
        first = ferry.run_request(request(target, checks, job=job), cwd=tmp_path)
        assert first.returncode == 0, first.describe()
        got = by_name(first)
        assert (got["known_customer"]["failing"], got["known_customer"]["samples"]) == (1, [{"line": 4, "value": "c9"}])
        assert "no earlier completed load" in got["rows"]["note"]
        assert mariadb(f"select id from {table} order by id") == [["1"], ["2"], ["4"], ["5"]]
        (tmp_path / "orders.csv").write_text(ORDERS + "6,c2,60\n")
        second = ferry.run_request(request(target, checks, job=job), cwd=tmp_path)
        assert second.returncode == 0, second.describe()
        # Rows that reached the target: 4, then 5 (+25 %).
        assert by_name(second)["rows"]["status"] == "warned"
        assert by_name(second)["rows"]["note"].startswith("row_count 4 → 5 (change 25 %")
        bad = ferry.run_request(request(target, [{"rule": "reference", "column": "customer", "table": "nope_" + suffix}], job=job),
                                cwd=tmp_path)
        assert bad.returncode == 3, bad.describe()
        assert bad.result["error"]["issues"][0]["path"] == "$.checks[0].table"
    finally:
        mariadb(f"drop table if exists {table}; drop table if exists {customers}; delete from ferry_loads where job_name = '{job}'")
