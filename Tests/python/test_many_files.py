"""Many files in one load and skipping what is loaded (Docs/many-files.md), through the real binary
into SQLite and the real PostgreSQL test server ($FERRY_TEST_PG_URL, started by scripts/test.sh).

Counts and ledger rows are read back independently: with Python's sqlite3 module and with psql.
Outside CI a missing server skips the PostgreSQL cases, with the reason; under CI (CI=true) it fails.
"""

import hashlib
import json
import os
import sqlite3
import subprocess
import uuid

import pytest


def write_day(directory, day: int, rows: int = 3, header: str = "id,day,amount") -> str:
    """A small CSV of `rows` rows for `day`: ids unique across days."""
    name = f"2026-01-{day:02d}.csv"
    lines = [header] + [f"{day * 1000 + i},{day},{i * 1.5}" for i in range(rows)]
    (directory / name).write_text("\n".join(lines) + "\n")
    return name


def data_dir(tmp_path, files: dict):
    """tmp_path/data holding `files` (name → text)."""
    data = tmp_path / "data"
    data.mkdir()
    for name, text in files.items():
        (data / name).write_text(text)
    return data


def events_of(run, kind: str, code: str | None = None) -> list:
    return [e for e in run.events if e["type"] == kind and (code is None or e.get("code") == code)]


def sqlite_rows(path, sql: str) -> list:
    with sqlite3.connect(path) as db:
        return db.execute(sql).fetchall()


def psql(url: str, sql: str) -> list:
    out = subprocess.run(["psql", url, "-v", "ON_ERROR_STOP=1", "-qAt", "-F", "|", "-c", sql],
                         check=True, capture_output=True, text=True, timeout=60)
    return [line.split("|") for line in out.stdout.splitlines() if line]


class SQLiteTarget:
    def __init__(self, tmp_path):
        self.path = tmp_path / "out.db"

    def args(self, table: str = "sales") -> list:
        return ["--to", f"sqlite:{self.path}", "--table", table, "--mode", "append"]

    def count(self, table: str = "sales") -> int:
        return sqlite_rows(self.path, f'select count(*) from "{table}"')[0][0]

    def ledger(self, table: str = "sales") -> list:
        return sqlite_rows(self.path, "select run_id, source_uri, source_sha256, source_bytes, rows_written, status "
                                      f"from ferry_loads where target_table = '{table}' order by run_id")

    def exists(self) -> bool:
        return self.path.exists()


class PostgresTarget:
    def __init__(self, url, schema):
        self.url, self.schema = url, schema

    def args(self, table: str = "sales") -> list:
        return ["--to", self.url, "--schema", self.schema, "--table", table, "--mode", "append"]

    def count(self, table: str = "sales") -> int:
        return int(psql(self.url, f"select count(*) from {self.schema}.{table}")[0][0])

    def ledger(self, table: str = "sales") -> list:
        rows = psql(self.url, "select run_id, source_uri, source_sha256, source_bytes, rows_written, status "
                              f"from {self.schema}.ferry_loads where target_table = '{self.schema}.{table}' order by run_id")
        return [(r[0], r[1], r[2], int(r[3]) if r[3] else None, int(r[4]), r[5]) for r in rows]


@pytest.fixture(params=["sqlite", "postgres"])
def target(request, tmp_path):
    if request.param == "sqlite":
        return SQLiteTarget(tmp_path)
    url = request.getfixturevalue("pg_url")
    return PostgresTarget(url, request.getfixturevalue("pg_schema"))


def test_a_glob_of_20_files_then_5_more_loads_only_the_new_ones(ferry, tmp_path, target):
    data = tmp_path / "data"
    data.mkdir()

    def load(loaded: int, skipped: int, total_rows: int):
        run = ferry("load", "data/2026-*.csv", *target.args(), "--json", cwd=tmp_path)
        assert run.returncode == 0, run.describe()
        assert (run.result["files_loaded"], run.result["files_skipped"]) == (loaded, skipped)
        assert run.result["rows_written"] == 3 * loaded and target.count() == total_rows
        return run

    for day in range(1, 21):
        write_day(data, day)
    first = load(20, 0, 60)
    ledger = target.ledger()
    assert len(ledger) == 20
    run_id = first.result["run_id"]
    # One row per file, numbered in path order, each with its own fingerprint and count, all of one run.
    assert {r[0]: r[1] for r in ledger} == {f"{run_id}/{n}": f"data/2026-01-{n:02d}.csv" for n in range(1, 21)}
    by_uri = {r[1]: r for r in ledger}
    for uri, row in by_uri.items():
        content = (tmp_path / uri).read_bytes()
        assert row[2] == hashlib.sha256(content).hexdigest() and row[3] == len(content)
        assert row[4] == 3 and row[5] == "completed"

    for day in range(21, 26):
        write_day(data, day)
    second = load(5, 20, 75)
    skipped = events_of(second, "warning", "file_skipped")
    assert len(skipped) == 20 and all(run_id in w["message"] for w in skipped)
    ledger = target.ledger()
    assert len(ledger) == 25
    new = [r for r in ledger if r[0].startswith(second.result["run_id"] + "/")]
    assert sorted(r[1] for r in new) == [f"data/2026-01-{d:02d}.csv" for d in range(21, 26)]

    # A third run has nothing to load: it completes, writes nothing, and leaves the ledger alone.
    third = ferry("load", "data/", "--format", "csv", *target.args(), "--json", cwd=tmp_path)
    assert third.returncode == 0, third.describe()
    assert third.result["files_loaded"] == 0 and third.result["files_skipped"] == 25
    assert target.count() == 75 and len(target.ledger()) == 25


def test_a_file_with_another_header_fails_naming_it_and_nothing_is_written(ferry, tmp_path, target):
    data = tmp_path / "data"
    data.mkdir()
    write_day(data, 1)
    write_day(data, 2, header="id,day,total")
    write_day(data, 3)
    run = ferry("load", "data/*.csv", *target.args(), "--json", cwd=tmp_path)
    assert run.returncode == 4, run.describe()
    error = run.result["error"]
    assert error["code"] == "source_schema"
    assert "data/2026-01-02.csv" in error["message"] and '"amount"' in error["message"] and '"total"' in error["message"]
    assert "union_by_name" in error["message"]
    if isinstance(target, SQLiteTarget):
        assert not target.exists() or not sqlite_rows(target.path, "select name from sqlite_master where name = 'sales'")
    else:
        assert psql(target.url, f"select to_regclass('{target.schema}.sales') is null") == [["t"]]


def test_union_by_name_matches_columns_and_fills_missing_ones_with_null(ferry, tmp_path, target):
    data_dir(tmp_path, {"a.csv": "id,name\n1,x\n2,y\n", "b.csv": "name,id,extra\nz,3,true\n"})
    run = ferry("load", "data/*.csv", *target.args("people"), "--union-by-name", "--json", cwd=tmp_path)
    assert run.returncode == 0, run.describe()
    assert run.result["rows_written"] == 3
    if isinstance(target, SQLiteTarget):
        rows = sqlite_rows(target.path, 'select id, name, extra from people order by id')
        assert rows == [(1, "x", None), (2, "y", None), (3, "z", 1)]
    else:
        rows = psql(target.url, f"select id, name, coalesce(extra::text, 'NULL') from {target.schema}.people order by id")
        assert rows == [["1", "x", "NULL"], ["2", "y", "NULL"], ["3", "z", "true"]]


def test_a_single_file_appended_twice_warns_skip_skips_and_error_fails(ferry, tmp_path, target):
    write_day(tmp_path, 7, rows=4)
    name = "2026-01-07.csv"
    first = ferry("load", name, *target.args(), "--json", cwd=tmp_path)
    assert first.returncode == 0, first.describe()
    assert "files_loaded" not in first.result and not events_of(first, "warning", "already_loaded")
    assert len(target.ledger()) == 1 and target.ledger()[0][0] == first.result["run_id"]

    again = ferry("load", name, *target.args(), "--json", cwd=tmp_path)
    assert again.returncode == 0, again.describe()
    warned = events_of(again, "warning", "already_loaded")
    assert len(warned) == 1 and name in warned[0]["message"] and first.result["run_id"] in warned[0]["message"]
    assert target.count() == 8

    skip = ferry("load", name, *target.args(), "--if-loaded", "skip", "--json", cwd=tmp_path)
    assert skip.returncode == 0, skip.describe()
    assert len(events_of(skip, "warning", "file_skipped")) == 1
    assert skip.result["rows_written"] == 0 and target.count() == 8

    ledger_before = target.ledger()
    error = ferry("load", name, *target.args(), "--if-loaded", "error", "--json", cwd=tmp_path)
    assert error.returncode == 4, error.describe()
    assert error.result["error"]["code"] == "already_loaded" and name in error.result["error"]["message"]
    assert target.count() == 8 and target.ledger() == ledger_before

    reload = ferry("load", name, *target.args(), "--if-loaded", "reload", "--json", cwd=tmp_path)
    assert reload.returncode == 0 and not events_of(reload, "warning", "already_loaded")
    assert target.count() == 12


def test_a_changed_file_of_the_same_name_and_size_is_loaded(ferry, tmp_path):
    """Name and size match the ledger, the checksum does not: the file is new and loads."""
    sqlite = SQLiteTarget(tmp_path)
    data = data_dir(tmp_path, {"a.csv": "id\n1\n"})
    assert ferry("load", "data/*.csv", *sqlite.args(), "--json", cwd=tmp_path).returncode == 0
    (data / "a.csv").write_text("id\n2\n")
    run = ferry("load", "data/*.csv", *sqlite.args(), "--json", cwd=tmp_path)
    assert run.returncode == 0, run.describe()
    assert run.result["files_loaded"] == 1 and run.result["files_skipped"] == 0
    assert sorted(r[0] for r in sqlite_rows(sqlite.path, "select id from sales")) == [1, 2]


def test_provenance_columns_hold_the_file_and_line(ferry, tmp_path, target):
    data_dir(tmp_path, {"a.csv": 'id,note\n1,"two\nlines"\n2,x\n', "b.csv": "id,note\n3,y\n"})
    run = ferry("load", "data/*.csv", *target.args("notes"), "--provenance", "--json", cwd=tmp_path)
    assert run.returncode == 0, run.describe()
    expected = [(1, "data/a.csv", 2), (2, "data/a.csv", 4), (3, "data/b.csv", 2)]
    if isinstance(target, SQLiteTarget):
        assert sqlite_rows(target.path, "select id, _source_file, _source_line from notes order by id") == expected
    else:
        rows = psql(target.url, f"select id, _source_file, _source_line from {target.schema}.notes order by id")
        assert [(int(a), b, int(c)) for a, b, c in rows] == expected


def test_a_bad_value_names_its_file_line_and_column(ferry, tmp_path):
    sqlite = SQLiteTarget(tmp_path)
    data_dir(tmp_path, {"a.csv": "id\n1\n2\n", "b.csv": "id\n3\nfour\n"})
    run = ferry("load", "data/*.csv", *sqlite.args(), "--column", "id:bigint", "--max-rejects", "5", "--json", cwd=tmp_path)
    assert run.returncode == 0, run.describe()
    sample = events_of(run, "rows_rejected")[0]["samples"][0]
    assert sample == {"file": "data/b.csv", "line": 3, "column": "id", "reason": sample["reason"]}
    rejects = [json.loads(line) for line in (tmp_path / run.result["reject_file"]).read_text().splitlines()]
    assert rejects[0]["file"] == "data/b.csv" and rejects[0]["line"] == 3
    ledger = {r[1]: r for r in sqlite.ledger()}
    assert ledger["data/a.csv"][4] == 2 and ledger["data/b.csv"][4] == 1


def test_a_glob_matching_nothing_fails_as_source_not_found(ferry, tmp_path):
    run = ferry("load", "nothing/*.csv", *SQLiteTarget(tmp_path).args(), "--json", cwd=tmp_path)
    assert run.returncode == 4, run.describe()
    assert run.result["error"]["code"] == "source_not_found" and "nothing/*.csv" in run.result["error"]["message"]


def test_a_glob_cannot_climb_above_what_the_user_wrote(ferry, tmp_path):
    (tmp_path / "secret.csv").write_text("id\n1\n")
    inner = tmp_path / "inner"
    inner.mkdir()
    (inner / "ok.csv").write_text("id\n2\n")
    refused = ferry("load", "inner/*/../secret.csv", *SQLiteTarget(tmp_path).args(), "--json", cwd=tmp_path)
    assert refused.returncode == 3, refused.describe()
    assert refused.result["error"]["issues"][0]["path"] == "$.source.path"
    # Wildcards never match "..": only the file below the root loads.
    run = ferry("load", "inner/*", "--format", "csv", *SQLiteTarget(tmp_path).args(), "--json", cwd=tmp_path)
    assert run.returncode == 0, run.describe()
    assert run.result["files_loaded"] == 1


def test_an_odbc_target_skips_files_its_ledger_holds(ferry, tmp_path):
    """MariaDB through ODBC: the ledger lookup that decides skips works there too."""
    odbc = os.environ.get("FERRY_TEST_MARIADB_ODBC")
    if not odbc:
        if os.environ.get("CI") == "true":
            pytest.fail("FERRY_TEST_MARIADB_ODBC is not set under CI")
        pytest.skip("needs the MariaDB test server (scripts/mariadb-test-server.sh)")
    attributes = dict(a.split("=", 1) for a in odbc.split(";") if "=" in a)

    def mariadb(sql: str) -> list:
        out = subprocess.run(["mariadb", "-h", attributes["Server"], "-P", attributes["Port"], "-u", attributes["UID"],
                              f"-p{attributes['PWD']}", "-N", "-B", attributes["Database"], "-e", sql],
                             check=True, capture_output=True, text=True, timeout=60)
        return [line.split("\t") for line in out.stdout.splitlines()]

    table = "many_" + uuid.uuid4().hex[:8]
    data = tmp_path / "data"
    data.mkdir()
    for day in range(1, 4):
        write_day(data, day)
    args = ["--to", "odbc:" + odbc, "--table", table, "--mode", "append", "--json"]
    try:
        first = ferry("load", "data/*.csv", *args, cwd=tmp_path)
        assert first.returncode == 0, first.describe()
        write_day(data, 4)
        second = ferry("load", "data/*.csv", *args, cwd=tmp_path)
        assert second.returncode == 0, second.describe()
        assert second.result["files_loaded"] == 1 and second.result["files_skipped"] == 3
        assert mariadb(f"select count(*) from {table}") == [["12"]]
        rows = mariadb(f"select source_uri from ferry_loads where target_table = '{table}' and status = 'completed' order by source_uri")
        assert rows == [[f"data/2026-01-{d:02d}.csv"] for d in range(1, 5)]
    finally:
        mariadb(f"drop table if exists {table}; delete from ferry_loads where target_table = '{table}'")
