"""Checks while loading (Docs/checks.md), end to end through the real binary.

A CSV with planted problems (a NULL, a repeated key, out-of-range amounts, a missing business day,
a bad email, an unknown status) is loaded into SQLite (`ferry load --checks FILE.yaml`) and into
PostgreSQL (`ferry run` with `checks` in the request); each check's status and counts in the result,
the reject file, the exit code of a failing error check and the untouched target are compared with
what the data holds. PostgreSQL comes from $FERRY_TEST_PG_URL (scripts/test.sh starts it); outside
CI its absence skips those tests with the reason, under CI it fails them.
"""

import json
import os
import sqlite3
import subprocess
import uuid
from pathlib import Path

import pytest

DATA = """id,day,email,amount,status
1,2026-11-02,ann@example.com,10.50,open
2,2026-11-02,bob@example,20,open
3,2026-11-03,,30,closed
4,2026-11-04,cy@example.org,-5,open
4,2026-11-05,dee@example.com,1000,open
6,2026-11-06,eve@example.com,15,paused
7,2026-11-10,fay@example.com,15,open
8,2026-11-12,gus@example.com,12.25,closed
"""

CHECKS_YAML = """# The checks of Tests/python/test_checks.py
checks:
  - name: email_format
    rule: format
    column: email
    format: email
    severity: reject
  - name: email_present
    rule: not_null
    column: email
    severity: warn
  - name: amount_range
    rule: range
    column: amount
    min: 0
    max: 500
    severity: warn
  - name: status_known
    rule: in_set
    column: status
    values: [open, closed]
    severity: warn
    max_failures: 1
  - name: id_unique
    rule: unique
    columns: [id]
    severity: {unique_severity}
  - name: business_days
    rule: date_coverage
    column: day
    calendar: business_days
    holidays: ["2026-11-11"]
    severity: warn
  - name: enough_rows
    rule: row_count
    min: 5
    max: 100
  - name: email_shape
    rule: regex
    column: email
    pattern: '^[a-z]+@[a-z]+\\.(com|org)$'
    severity: warn
  - name: recent
    rule: freshness
    column: day
    max_age: 1d
    severity: warn
"""

# name: (status, evaluated, failing, sample lines, sample values)
EXPECTED = {
    "email_format": ("warned", 7, 1, [3], ["bob@example"]),
    "email_present": ("warned", 8, 1, [4], [None]),
    "amount_range": ("warned", 8, 2, [5, 6], ["-5", "1000"]),
    "status_known": ("passed", 8, 1, [7], ["paused"]),
    # Dataset rules see the rows that reach the target: line 3 was rejected.
    "id_unique": ("warned", 7, 1, [6], ["4"]),
    "business_days": ("warned", 8, 1, [None], ["2026-11-09"]),
    "enough_rows": ("passed", 1, 0, [], []),
    "email_shape": ("warned", 7, 1, [3], ["bob@example"]),
    "recent": ("warned", 1, 1, [None], ["2026-11-12"]),
}


def checks_document(unique_severity: str) -> list:
    """The same checks as CHECKS_YAML, as JSON for a request."""
    return [
        {"name": "email_format", "rule": "format", "column": "email", "format": "email", "severity": "reject"},
        {"name": "email_present", "rule": "not_null", "column": "email", "severity": "warn"},
        {"name": "amount_range", "rule": "range", "column": "amount", "min": 0, "max": 500, "severity": "warn"},
        {"name": "status_known", "rule": "in_set", "column": "status", "values": ["open", "closed"], "severity": "warn", "max_failures": 1},
        {"name": "id_unique", "rule": "unique", "columns": ["id"], "severity": unique_severity},
        {"name": "business_days", "rule": "date_coverage", "column": "day", "calendar": "business_days",
         "holidays": ["2026-11-11"], "severity": "warn"},
        {"name": "enough_rows", "rule": "row_count", "min": 5, "max": 100},
        {"name": "email_shape", "rule": "regex", "column": "email", "pattern": "^[a-z]+@[a-z]+\\.(com|org)$", "severity": "warn"},
        {"name": "recent", "rule": "freshness", "column": "day", "max_age": "1d", "severity": "warn"},
    ]


def assert_outcomes(checks: list, unique_status: str = "warned") -> None:
    by_name = {c["name"]: c for c in checks}
    assert list(by_name) == list(EXPECTED)
    for name, (status, evaluated, failing, lines, values) in EXPECTED.items():
        if name == "id_unique":
            status = unique_status
        got = by_name[name]
        assert (got["status"], got["evaluated"], got["failing"]) == (status, evaluated, failing), name
        assert [s["line"] for s in got["samples"]] == lines, name
        assert [s["value"] for s in got["samples"]] == values, name


def assert_valid(run, event_validator) -> None:
    for event in run.events:
        errors = sorted(event_validator.iter_errors(event), key=str)
        assert not errors, f"{event['type']} does not validate: {errors[0].message}"


def write_inputs(directory: Path, unique_severity: str = "warn") -> None:
    (directory / "orders.csv").write_text(DATA)
    (directory / "checks.yaml").write_text(CHECKS_YAML.replace("{unique_severity}", unique_severity))


def test_planted_problems_into_sqlite_give_the_expected_outcomes(ferry, tmp_path, event_validator):
    write_inputs(tmp_path)
    run = ferry("load", "orders.csv", "--to", "sqlite:shop.db", "--checks", "checks.yaml", "--max-rejects", "1",
                "--column", "day:date", "--json", cwd=tmp_path)
    assert run.returncode == 0, run.describe()
    assert_valid(run, event_validator)
    completed = [e for e in run.events if e["type"] == "checks_completed"]
    assert len(completed) == 1
    assert (completed[0]["passed"], completed[0]["warned"], completed[0]["failed"]) == (2, 7, 0)
    result = run.result
    assert result["type"] == "run_completed"
    assert_outcomes(result["checks"])
    assert completed[0]["checks"] == result["checks"]
    assert (result["rows_read"], result["rows_written"], result["rows_rejected"]) == (8, 7, 1)
    rejects = [json.loads(line) for line in (tmp_path / result["reject_file"]).read_text().splitlines()]
    assert [(r["line"], r["column"], r["record"]) for r in rejects] == [(3, "email", "2,2026-11-02,bob@example,20,open")]
    assert "email_format" in rejects[0]["reason"]
    with sqlite3.connect(tmp_path / "shop.db") as db:
        ids = [row[0] for row in db.execute("select id from orders order by rowid")]
    assert ids == [1, 3, 4, 4, 6, 7, 8]


def test_a_failing_error_check_leaves_sqlite_unchanged_with_exit_7(ferry, tmp_path, event_validator):
    write_inputs(tmp_path, unique_severity="error")
    with sqlite3.connect(tmp_path / "shop.db") as db:
        db.execute("create table orders (id bigint, day date, email text, amount decimal, status text)")
        db.execute("insert into orders values (99, '2026-01-01', 'old@example.com', 1, 'open')")
    run = ferry("load", "orders.csv", "--to", "sqlite:shop.db", "--mode", "replace", "--checks", "checks.yaml",
                "--max-rejects", "1", "--column", "day:date", "--json", cwd=tmp_path)
    assert run.returncode == 7, run.describe()
    assert_valid(run, event_validator)
    result = run.result
    assert result["type"] == "run_failed"
    assert (result["error"]["code"], result["error"]["category"]) == ("checks_failed", "checks")
    assert "id_unique" in result["error"]["message"]
    assert_outcomes(result["checks"], unique_status="failed")
    with sqlite3.connect(tmp_path / "shop.db") as db:
        assert list(db.execute("select id, email from orders")) == [(99, "old@example.com")]


def test_json_and_yaml_checks_files_are_the_same_checks(ferry, tmp_path):
    write_inputs(tmp_path)
    (tmp_path / "checks.json").write_text(json.dumps({"checks": checks_document("warn")}))
    results = []
    for name, db in (("checks.yaml", "a.db"), ("checks.json", "b.db")):
        run = ferry("load", "orders.csv", "--to", f"sqlite:{db}", "--checks", name, "--max-rejects", "1",
                    "--column", "day:date", "--json", cwd=tmp_path)
        assert run.returncode == 0, run.describe()
        results.append(run.result["checks"])
    assert results[0] == results[1]


@pytest.mark.parametrize(
    "check, path, message",
    [
        ({"rule": "not_nul", "column": "id"}, "$.checks[0].rule", 'did you mean "not_null"'),
        ({"rule": "range", "column": "amount", "min": [1]}, "$.checks[0].min", "expected a number, a date or a timestamp"),
        ({"rule": "length", "column": "email", "max": "ten"}, "$.checks[0].max", "expected an integer"),
        ({"rule": "regex", "column": "email", "pattern": "^(a+$"}, "$.checks[0].pattern", "does not compile: missing ) at position 1"),
        ({"rule": "regex", "column": "email", "pattern": "(a)\\1"}, "$.checks[0].pattern", "backreferences are not supported at position 3"),
        ({"rule": "not_null", "column": "emai"}, "$.checks[0].column", 'no column "emai" in the input; did you mean "email"?'),
        ({"rule": "unique", "columns": ["id", "nope"]}, "$.checks[0].columns[1]", 'no column "nope"'),
        ({"rule": "range", "column": "status", "min": 1}, "$.checks[0].min", 'column "status" is text'),
        ({"rule": "row_count", "min": 1, "severity": "reject"}, "$.checks[0].severity", "has no row to reject"),
    ],
)
def test_bad_checks_exit_3_with_their_path_and_touch_nothing(ferry, tmp_path, check, path, message):
    write_inputs(tmp_path)
    request = {
        "contract_version": 1,
        "source": {"kind": "file", "path": "orders.csv"},
        "target": {"kind": "sqlite", "path": "shop.db", "table": "orders"},
        "checks": [check],
    }
    run = ferry.run_request(request, cwd=tmp_path)
    assert run.returncode == 3, run.describe()
    issues = run.result["error"]["issues"]
    assert any(i["path"] == path and message in i["message"] for i in issues), issues
    if (tmp_path / "shop.db").exists():
        with sqlite3.connect(tmp_path / "shop.db") as db:
            assert list(db.execute("select name from sqlite_master where name = 'orders'")) == []


def test_a_checks_file_that_is_not_yaml_exits_3(ferry, tmp_path):
    write_inputs(tmp_path)
    (tmp_path / "bad.yaml").write_text("checks:\n  - rule: not_null\n\tcolumn: id\n")
    run = ferry("load", "orders.csv", "--to", "sqlite:shop.db", "--checks", "bad.yaml", "--json", cwd=tmp_path)
    assert run.returncode == 3, run.describe()
    assert run.result["error"]["issues"][0]["path"] == "$.checks"
    assert not (tmp_path / "shop.db").exists()


def psql(url: str, sql: str) -> str:
    return subprocess.run(["psql", url, "-v", "ON_ERROR_STOP=1", "-qAt", "-c", sql], check=True,
                          capture_output=True, text=True, timeout=60).stdout


@pytest.mark.parametrize("unique_severity, exit_code", [("warn", 0), ("error", 7)])
def test_planted_problems_into_postgres(ferry, tmp_path, event_validator, unique_severity, exit_code, pg_url):
    url = pg_url
    schema = "checks_" + uuid.uuid4().hex[:10]
    psql(url, f"create schema {schema}; create table {schema}.orders (id bigint, day date, email text, amount numeric, status text);"
              f"insert into {schema}.orders values (99, '2026-01-01', 'old@example.com', 1, 'open')")
    try:
        write_inputs(tmp_path)
        request = {
            "contract_version": 1,
            "source": {"kind": "file", "path": "orders.csv"},
            "target": {"kind": "postgres", "connection": url, "schema": schema, "table": "orders"},
            "mode": "replace",
            "options": {"max_rejects": 1},
            "checks": checks_document(unique_severity),
        }
        run = ferry.run_request(request, cwd=tmp_path)
        assert run.returncode == exit_code, run.describe()
        assert_valid(run, event_validator)
        assert_outcomes(run.result["checks"], unique_status="warned" if exit_code == 0 else "failed")
        rejects = [json.loads(line) for line in (tmp_path / run.result["reject_file"]).read_text().splitlines()]
        assert [r["line"] for r in rejects] == [3]
        ids = psql(url, f"select id from {schema}.orders order by id").split()
        assert ids == (["1", "3", "4", "4", "6", "7", "8"] if exit_code == 0 else ["99"])
    finally:
        psql(url, f"drop schema {schema} cascade")


def test_reports_in_json_and_self_contained_html(ferry, tmp_path):
    from html.parser import HTMLParser

    write_inputs(tmp_path)
    for name in ("report.json", "report.html"):
        run = ferry("load", "orders.csv", "--to", f"sqlite:{name}.db", "--checks", "checks.yaml", "--max-rejects", "1",
                    "--report", name, "--json", cwd=tmp_path)
        assert run.returncode == 0, run.describe()
    report = json.loads((tmp_path / "report.json").read_text())
    assert report["result"]["type"] == "run_completed"
    assert report["checks"] == report["result"]["checks"]
    assert_outcomes(report["checks"])
    assert report["rows_checked"] == 8
    assert {c["name"]: c["nulls"] for c in report["columns"]} == {"id": 0, "day": 0, "email": 1, "amount": 0, "status": 0}

    class Page(HTMLParser):
        def __init__(self):
            super().__init__()
            self.stack, self.cells, self.external, self.svgs = [], [], [], 0

        def handle_starttag(self, tag, attrs):
            if tag not in ("meta", "br", "rect", "!doctype"):
                self.stack.append(tag)
            self.svgs += tag == "svg"
            self.external += [v for k, v in attrs if k in ("src", "href") and v]

        def handle_endtag(self, tag):
            if tag == "rect":
                return
            assert self.stack and self.stack[-1] == tag, f"</{tag}> closes <{self.stack[-1] if self.stack else None}>"
            self.stack.pop()

        def handle_data(self, data):
            if self.stack and self.stack[-1] in ("td", "code", "pre"):
                self.cells.append(data)

    page = Page()
    page.feed((tmp_path / "report.html").read_text())
    assert page.stack == [] and page.external == [], "unbalanced tags or an external asset"
    assert "<script" not in (tmp_path / "report.html").read_text()
    for name, (status, evaluated, failing, *_rest) in EXPECTED.items():
        assert name in page.cells
    assert "bob@example" in "".join(page.cells)
    assert page.svgs == len(EXPECTED) + 5  # a bar per check and per column
