"""Schema evolution and identifier normalisation through the real binary, against SQLite, the
PostgreSQL test server and MariaDB over ODBC (Docs/schema-evolution.md).

A file with new columns appends into last week's table with on_schema_change
append_new_columns and the table gains them; fail fails with exit 3 and touches nothing; a load
that fails after its column changes leaves the table exactly as it was; widening, sync_all_columns
and ignore; snake_case names, their collisions and PostgreSQL's name and column limits (exit 3
with JSON paths); --print-request shows the mapping; the lineage schema facet shows the new
schema. PostgreSQL needs FERRY_TEST_PG_URL (and psql), MariaDB FERRY_TEST_MARIADB_ODBC (and the
mariadb client): skipped with the reason outside CI when unset, failed under CI.
"""

import json
import sqlite3
import subprocess
import uuid

import pytest

from test_lineage import openlineage, read_lines, validate, write_config  # noqa: F401  (openlineage is a fixture)
from test_secrets_canary import need

LAST_WEEK = "id,name\n1,ann\n2,bob\n"
THIS_WEEK = "id,name,email,score\n3,cy,cy@example.com,1.5\n4,dee,,2\n"


class SQLiteTarget:
    name = "sqlite"

    def __init__(self, tmp_path):
        self.path = tmp_path / "evolve.db"

    def to(self) -> list:
        return ["--to", f"sqlite:{self.path}"]

    def query(self, sql: str) -> list:
        with sqlite3.connect(self.path) as db:
            return [[None if v is None else str(v) for v in row] for row in db.execute(sql).fetchall()]

    def columns(self, table: str) -> list:
        return [r[1] for r in self.query(f"select cid, name from pragma_table_info('{table}') order by cid")]

    def drop(self, table: str) -> None:
        if self.path.exists():
            self.query(f'drop table if exists "{table}"')


class PostgresTarget:
    name = "postgres"

    def __init__(self, tmp_path):
        self.url = need("FERRY_TEST_PG_URL")

    def to(self) -> list:
        return ["--to", self.url]

    def query(self, sql: str) -> list:
        proc = subprocess.run(["psql", self.url, "-X", "-q", "-A", "-t", "-F", "\t", "-v", "ON_ERROR_STOP=1", "-c", sql],
                              capture_output=True, text=True, timeout=120)
        assert proc.returncode == 0, proc.stderr
        return [[None if v == "" else v for v in line.split("\t")] for line in proc.stdout.splitlines()]

    def columns(self, table: str) -> list:
        return [r[0] for r in self.query("select column_name from information_schema.columns "
                                         f"where table_schema = current_schema() and table_name = '{table}' order by ordinal_position")]

    def types(self, table: str) -> dict:
        return dict(self.query("select column_name, data_type from information_schema.columns "
                               f"where table_schema = current_schema() and table_name = '{table}'"))

    def drop(self, table: str) -> None:
        self.query(f'drop table if exists "{table}"')


class MariaDBTarget:
    name = "mariadb"

    def __init__(self, tmp_path):
        self.odbc = need("FERRY_TEST_MARIADB_ODBC")
        self.attributes = dict(a.split("=", 1) for a in self.odbc.split(";") if "=" in a)

    def to(self) -> list:
        return ["--to", "odbc:" + self.odbc]

    def query(self, sql: str) -> list:
        a = self.attributes
        out = subprocess.run(["mariadb", "-h", a["Server"], "-P", a["Port"], "-u", a["UID"], f"-p{a['PWD']}", "-N", "-B",
                              a["Database"], "-e", sql], check=True, capture_output=True, text=True, timeout=60)
        return [[None if v == "NULL" else v for v in line.split("\t")] for line in out.stdout.splitlines()]

    def columns(self, table: str) -> list:
        return [r[0] for r in self.query("select column_name from information_schema.columns "
                                         f"where table_schema = database() and table_name = '{table}' order by ordinal_position")]

    def drop(self, table: str) -> None:
        self.query(f"drop table if exists `{table}`; delete from ferry_loads where target_table = '{table}'")


TARGETS = [SQLiteTarget, PostgresTarget, MariaDBTarget]


@pytest.fixture(params=TARGETS, ids=lambda t: t.name)
def target(request, tmp_path):
    return request.param(tmp_path)


@pytest.fixture
def table(target):
    name = "evolve_" + uuid.uuid4().hex[:10]
    yield name
    target.drop(name)


def load(ferry, tmp_path, target, table, text, *flags, name="week.csv"):
    (tmp_path / name).write_text(text, encoding="utf-8")
    return ferry("load", name, *target.to(), "--table", table, "--mode", "append", "--json", *flags, cwd=tmp_path)


def last_week(ferry, tmp_path, target, table):
    run = load(ferry, tmp_path, target, table, LAST_WEEK, name="last_week.csv")
    assert run.returncode == 0, run.describe()


def test_new_columns_are_added_with_append_new_columns(ferry, tmp_path, target, table, event_type_validators):
    last_week(ferry, tmp_path, target, table)
    run = load(ferry, tmp_path, target, table, THIS_WEEK, "--on-schema-change", "append_new_columns")
    assert run.returncode == 0, run.describe()
    for event in run.events:
        errors = [e.message for e in event_type_validators[event["type"]].iter_errors(event)]
        assert not errors, (event, errors)
    assert target.columns(table) == ["id", "name", "email", "score"]
    rows = target.query(f"select id, name, email, score from {table} order by id")
    assert [r[:3] for r in rows] == [["1", "ann", None], ["2", "bob", None], ["3", "cy", "cy@example.com"], ["4", "dee", None]]
    assert [r[3] is None for r in rows] == [True, True, False, False]
    changed = [e for e in run.events if e["type"] == "schema_changed"]
    assert len(changed) == 1
    assert changed[0]["on_schema_change"] == "append_new_columns"
    assert [(c["change"], c["column"], c.get("to")) for c in changed[0]["changes"]] == [
        ("add_column", "email", "text"), ("add_column", "score", "decimal")]
    assert [c["name"] for c in changed[0]["columns"]] == ["id", "name", "email", "score"]
    types = [e["type"] for e in run.events]
    assert types.index("schema_resolved") < types.index("schema_changed")


def test_fail_fails_with_exit_3_and_touches_nothing(ferry, tmp_path, target, table):
    last_week(ferry, tmp_path, target, table)
    run = load(ferry, tmp_path, target, table, THIS_WEEK, "--on-schema-change", "fail")
    assert run.returncode == 3, run.describe()
    issues = run.result["error"]["issues"]
    assert [i["path"] for i in issues] == ["$.transform.on_schema_change"]
    assert '"email", "score"' in issues[0]["message"]
    assert target.columns(table) == ["id", "name"]
    assert target.query(f"select count(*) from {table}") == [["2"]]


def test_a_failed_load_leaves_the_table_exactly_as_it_was(ferry, tmp_path, target, table):
    last_week(ferry, tmp_path, target, table)
    # The second row's id is no integer: rejected, and with max_rejects 0 the load fails after
    # the columns were added inside its transaction.
    run = load(ferry, tmp_path, target, table, THIS_WEEK + "x,eve,e@example.com,3\n", "--on-schema-change", "append_new_columns")
    assert run.returncode == 6, run.describe()
    assert target.columns(table) == ["id", "name"]
    assert target.query(f"select id, name from {table} order by id") == [["1", "ann"], ["2", "bob"]]


def test_without_the_option_a_new_column_still_fails_as_before(ferry, tmp_path, target, table):
    last_week(ferry, tmp_path, target, table)
    run = load(ferry, tmp_path, target, table, THIS_WEEK)
    assert run.returncode == 5, run.describe()
    assert run.result["error"]["code"] == "target_schema_mismatch"
    assert target.columns(table) == ["id", "name"]


def test_ignore_leaves_new_columns_out(ferry, tmp_path, target, table):
    last_week(ferry, tmp_path, target, table)
    run = load(ferry, tmp_path, target, table, "id,email\n5,e@example.com\n", "--on-schema-change", "ignore")
    assert run.returncode == 0, run.describe()
    assert target.columns(table) == ["id", "name"]
    assert target.query(f"select id, name from {table} where id = 5") == [["5", None]]
    assert not [e for e in run.events if e["type"] == "schema_changed"]


def test_sync_all_columns_drops_what_the_input_no_longer_has(ferry, tmp_path, table):
    target = PostgresTarget(tmp_path)
    try:
        last_week(ferry, tmp_path, target, table)
        run = load(ferry, tmp_path, target, table, "id,email\n5,e@example.com\n", "--on-schema-change", "sync_all_columns")
        assert run.returncode == 0, run.describe()
        assert target.columns(table) == ["id", "email"]
        changes = [(c["change"], c["column"]) for e in run.events if e["type"] == "schema_changed" for c in e["changes"]]
        assert changes == [("add_column", "email"), ("drop_column", "name")]
    finally:
        target.drop(table)


def test_sync_all_columns_on_sqlite_drops_columns_too(ferry, tmp_path):
    target = SQLiteTarget(tmp_path)
    last_week(ferry, tmp_path, target, "t")
    run = load(ferry, tmp_path, target, "t", "id,email\n5,e@example.com\n", "--on-schema-change", "sync_all_columns")
    assert run.returncode == 0, run.describe()
    assert target.columns("t") == ["id", "email"]


def test_mariadb_refuses_what_it_could_not_undo(ferry, tmp_path, table):
    """MariaDB commits ALTER TABLE at once: a drop could not be rolled back, so it is refused
    (exit 3) before anything is touched."""
    target = MariaDBTarget(tmp_path)
    try:
        last_week(ferry, tmp_path, target, table)
        run = load(ferry, tmp_path, target, table, "id,email\n5,e@example.com\n", "--on-schema-change", "sync_all_columns")
        assert run.returncode == 3, run.describe()
        assert run.result["error"]["code"] == "unsupported"
        assert "drop of column `name`" in run.result["error"]["message"]
        assert target.columns(table) == ["id", "name"]
        assert target.query(f"select count(*) from {table}") == [["2"]]
    finally:
        target.drop(table)


def test_postgres_widens_declared_types_and_a_failed_load_keeps_the_old_ones(ferry, tmp_path, table):
    target = PostgresTarget(tmp_path)
    try:
        target.query(f"create table {table} (id integer, name varchar(3), amount bigint)")
        target.query(f"insert into {table} values (1, 'ann', 7)")
        text = "id,name,amount\n3000000000,a much longer name,12.345\n"
        declared = ["--column", "id:bigint", "--column", "name:text", "--column", "amount:decimal(30,3)"]
        failing = load(ferry, tmp_path, target, table, text + "x,y,1\n", *declared, "--on-schema-change", "append_new_columns")
        assert failing.returncode == 6, failing.describe()
        assert target.types(table) == {"id": "integer", "name": "character varying", "amount": "bigint"}
        run = load(ferry, tmp_path, target, table, text, *declared, "--on-schema-change", "append_new_columns")
        assert run.returncode == 0, run.describe()
        assert target.types(table) == {"id": "bigint", "name": "text", "amount": "numeric"}
        assert target.query(f"select id, name, amount from {table} order by id") == [
            ["1", "ann", "7.000"], ["3000000000", "a much longer name", "12.345"]]
        changes = [(c["change"], c["column"], c["from"], c["to"]) for e in run.events if e["type"] == "schema_changed" for c in e["changes"]]
        assert changes == [("widen_column", "id", "integer", "bigint"), ("widen_column", "name", "varchar(3)", "text"),
                           ("widen_column", "amount", "bigint", "decimal(30,3)")]
        # Under fail the same difference is an error naming the wider types.
        again = load(ferry, tmp_path, target, table, "id,name\n1,a\n", "--column", "id:decimal(40,0)", "--on-schema-change", "fail")
        assert again.returncode == 3, again.describe()
        assert "missing column" in again.result["error"]["issues"][0]["message"]
    finally:
        target.drop(table)


def test_snake_case_names_and_their_collisions(ferry, tmp_path):
    target = SQLiteTarget(tmp_path)
    text = "Order ID,customerName,2nd Line,Prix (€),Größe\n1,ann,x,2.5,L\n"
    run = load(ferry, tmp_path, target, "t", text, "--names", "snake_case", "--rename", "Größe=size")
    assert run.returncode == 0, run.describe()
    assert target.columns("t") == ["order_id", "customer_name", "_2nd_line", "prix", "size"]
    clash = load(ferry, tmp_path, target, "u", "Order ID,order_id\n1,2\n", "--names", "snake_case")
    assert clash.returncode == 3, clash.describe()
    issues = clash.result["error"]["issues"]
    assert [i["path"] for i in issues] == ["$.transform.names"]
    assert '"Order ID" and "order_id" both become "order_id"' in issues[0]["message"]
    assert "u" not in [r[0] for r in target.query("select name from sqlite_master")]


def test_postgres_name_and_column_limits_fail_before_anything_is_written(ferry, tmp_path):
    target = PostgresTarget(tmp_path)
    table = "evolve_" + uuid.uuid4().hex[:10]
    long_name = "Customer " + "Very " * 12 + "Long Name"
    try:
        run = load(ferry, tmp_path, target, table, f"id,{long_name}\n1,a\n", "--names", "snake_case")
        assert run.returncode == 3, run.describe()
        issue = run.result["error"]["issues"][0]
        assert issue["path"] == "$.transform.names"
        assert "longer than the 63 bytes PostgreSQL allows" in issue["message"]
        wide = ",".join(f"c{i}" for i in range(1601)) + "\n" + ",".join("1" for _ in range(1601)) + "\n"
        run = load(ferry, tmp_path, target, table, wide)
        assert run.returncode == 3, run.describe()
        issue = run.result["error"]["issues"][0]
        assert issue["path"] == "$.source" and "1601 columns; PostgreSQL allows at most 1600" in issue["message"]
        assert target.columns(table) == []
    finally:
        target.drop(table)


def test_print_request_shows_the_mapping(ferry, tmp_path):
    (tmp_path / "in.csv").write_text("a\n1\n", encoding="utf-8")
    run = ferry("load", "in.csv", "--mode", "append", "--names", "snake_case", "--on-schema-change", "append_new_columns",
                "--print-request", cwd=tmp_path, parse_events=False)
    assert run.returncode == 0, run.describe()
    request = json.loads(run.stdout)
    assert request["transform"] == {"names": "snake_case", "on_schema_change": "append_new_columns"}
    bad = ferry("load", "in.csv", "--on-schema-change", "append_new_columns", "--json", cwd=tmp_path)
    assert bad.returncode == 3, bad.describe()
    assert bad.result["error"]["issues"][0]["path"] == "$.transform.on_schema_change"


def test_lineage_schema_facet_shows_the_new_schema(ferry, tmp_path, openlineage):  # noqa: F811
    target = SQLiteTarget(tmp_path)
    last_week(ferry, tmp_path, target, "t")
    env = {"OPENLINEAGE_CONFIG": str(write_config(tmp_path)), "OPENLINEAGE_URL": "", "OPENLINEAGE_DISABLED": ""}
    (tmp_path / "week.csv").write_text("id,email\n3,c@example.com\n", encoding="utf-8")
    run = ferry("load", "week.csv", *target.to(), "--table", "t", "--mode", "append", "--on-schema-change", "append_new_columns",
                "--json", cwd=tmp_path, env=env)
    assert run.returncode == 0, run.describe()
    events = read_lines(tmp_path / "lineage.jsonl")
    for event in events:
        validate(event, openlineage)
    fields = events[-1]["outputs"][0]["facets"]["schema"]["fields"]
    assert [f["name"] for f in fields] == ["id", "name", "email"]
