"""`ferry inspect`: format detection, MAD outliers, `--report` and `--suggest-checks` (Docs/checks.md,
"Profiles and suggested checks"), end to end through the real binary.

The round trip: inspect a clean file, suggest checks, load the same file with them (every check
passes); load a copy with planted problems with the same checks (exactly the checks the problems
break fail, with the expected counts).
"""

import json
from pathlib import Path

import yaml

CLEAN = """id,email,status,amount,day,zip,phone,ip,delivered,ref
1,ann@example.com,open,10.50,2026-11-02,01067,+49 30 1234567,10.0.0.1,02.11.2026,6f1c2a9e-3b1d-4c55-9e0a-1f2b3c4d5e01
2,bob@example.org,open,20,2026-11-02,10115,+49 40 7654321,10.0.0.2,03.11.2026,6f1c2a9e-3b1d-4c55-9e0a-1f2b3c4d5e02
3,cy@example.net,closed,30,2026-11-03,20095,+49 89 1112223,10.0.0.3,04.11.2026,6f1c2a9e-3b1d-4c55-9e0a-1f2b3c4d5e03
4,dee@example.com,open,12,2026-11-04,80331,+49 69 4445556,192.168.1.4,05.11.2026,6f1c2a9e-3b1d-4c55-9e0a-1f2b3c4d5e04
5,eve@example.com,closed,15,2026-11-05,50667,+49 221 777888,192.168.1.5,06.11.2026,6f1c2a9e-3b1d-4c55-9e0a-1f2b3c4d5e05
6,fay@example.com,open,11,2026-11-06,70173,+49 711 999000,192.168.1.6,09.11.2026,6f1c2a9e-3b1d-4c55-9e0a-1f2b3c4d5e06
7,gus@example.com,paused,14,2026-11-09,01069,+49 351 123123,172.16.0.7,10.11.2026,6f1c2a9e-3b1d-4c55-9e0a-1f2b3c4d5e07
8,hal@example.com,open,13,2026-11-10,04109,+49 341 456456,172.16.0.8,11.11.2026,6f1c2a9e-3b1d-4c55-9e0a-1f2b3c4d5e08
9,ivy@example.com,closed,16,2026-11-11,30159,+49 511 789789,172.16.0.9,12.11.2026,6f1c2a9e-3b1d-4c55-9e0a-1f2b3c4d5e09
"""

# Each planted problem, on its own line, breaks one suggested check.
PLANTED = CLEAN + """9,jo@example,lost,5000,2026-12-24,ABC,call me,10.0.0.300,2026-11-13,6f1c2a9e-3b1d-4c55-9e0a-1f2b3c4d5e10
11,,open,17,2026-11-10,10117,+49 30 5556667,10.0.0.11,13.11.2026,6f1c2a9e-3b1d-4c55-9e0a-1f2b3c4d5e11
"""

# The checks the planted rows break, with their failing counts.
BROKEN = {
    "unique_id": 1, "range_id": 1, "not_null_email": 1, "format_email": 1, "in_set_status": 1, "range_amount": 1, "range_day": 1,
    "regex_zip": 1, "regex_phone": 1, "format_ip": 1, "regex_delivered": 1,
}


def suggested(ferry, cwd: Path, name: str) -> list:
    run = ferry("inspect", name, "--suggest-checks", cwd=cwd, parse_events=False)
    assert run.returncode == 0, run.describe()
    (cwd / "suggested.yaml").write_text(run.stdout)
    return yaml.safe_load(run.stdout)["checks"]


def test_suggested_checks_fit_the_columns(ferry, tmp_path):
    (tmp_path / "clean.csv").write_text(CLEAN)
    checks = {c["name"]: c for c in suggested(ferry, tmp_path, "clean.csv")}
    assert checks["row_count"] == {"name": "row_count", "rule": "row_count", "min": 1, "severity": "error"}
    assert checks["unique_id"]["columns"] == ["id"]
    assert checks["range_id"]["min"] == 1 and checks["range_id"]["max"] == 9
    assert checks["in_set_status"]["values"] == ["closed", "open", "paused"]
    assert checks["format_email"]["format"] == "email"
    assert checks["format_ip"]["format"] == "ipv4"
    assert "unique_ref" in checks and "format_ref" not in checks  # a uuid column: its type already says so
    assert checks["regex_zip"]["pattern"].startswith("^(")
    assert checks["regex_delivered"]["pattern"] == r"^\d{2}\.\d{2}\.\d{4}$"
    assert checks["range_day"]["min"] == "2026-11-02" and checks["range_day"]["max"] == "2026-11-11"
    assert {c["rule"] for c in checks.values() if "phone" in [c.get("column"), *c.get("columns", [])]} == {"not_null", "unique", "regex"}
    assert all(c["severity"] == "error" for c in checks.values())


def test_data_passes_its_suggested_checks_and_planted_problems_fail_them(ferry, tmp_path):
    (tmp_path / "clean.csv").write_text(CLEAN)
    (tmp_path / "planted.csv").write_text(PLANTED)
    names = [c["name"] for c in suggested(ferry, tmp_path, "clean.csv")]

    ok = ferry("load", "clean.csv", "--to", "sqlite:clean.db", "--checks", "suggested.yaml", "--json", cwd=tmp_path)
    assert ok.returncode == 0, ok.describe()
    assert [(c["name"], c["status"], c["failing"]) for c in ok.result["checks"]] == [(n, "passed", 0) for n in names]

    bad = ferry("load", "planted.csv", "--to", "sqlite:planted.db", "--checks", "suggested.yaml", "--json",
                cwd=tmp_path)
    assert bad.returncode == 7, bad.describe()
    outcome = {c["name"]: (c["status"], c["failing"]) for c in bad.result["checks"]}
    expected = {n: ("failed", BROKEN[n]) if n in BROKEN else ("passed", 0) for n in names}
    assert outcome == expected


def test_inspect_finds_formats_and_outliers(ferry, tmp_path):
    rows = "".join(f"{i},{100 + i % 7},+49 30 {1000000 + i}\n" for i in range(1, 60))
    rows += "60,99999,+49 30 1000060\n"
    (tmp_path / "m.csv").write_text("id,amount,phone\n" + rows)
    run = ferry("inspect", "m.csv", "--json", cwd=tmp_path, parse_events=False)
    assert run.returncode == 0, run.describe()
    columns = {c["name"]: c for c in json.loads(run.stdout)["columns"]}
    outliers = columns["amount"]["outliers"]
    assert outliers["count"] == 1 and outliers["exact"] is True
    assert outliers["examples"] == [{"line": 61, "value": 99999}]
    assert columns["amount"]["unique"] is False
    assert columns["id"]["unique"] is True and columns["id"]["outliers"]["count"] == 0
    assert columns["phone"]["formats"] == [{"name": "phone", "matched": 60}]
    table = ferry("inspect", "m.csv", cwd=tmp_path, parse_events=False)
    assert "amount: 1 outlier" in table.stdout and "line 61" in table.stdout
    assert "phone: format phone (every value)" in table.stdout


def test_inspect_report_is_the_report_page_without_checks(ferry, tmp_path):
    (tmp_path / "clean.csv").write_text(CLEAN)
    run = ferry("inspect", "clean.csv", "--report", "profile.html", cwd=tmp_path, parse_events=False)
    assert run.returncode == 0, run.describe()
    page = (tmp_path / "profile.html").read_text()
    assert "<script" not in page and "src=" not in page and "href=" not in page
    assert "<h2>Checks</h2>" not in page
    for column in ("id", "email", "status", "amount", "day", "zip", "phone", "ip", "delivered", "ref"):
        assert f'data-column="{column}"' in page
    assert page.count("<svg") >= 10
    as_json = ferry("inspect", "clean.csv", "--report", "profile.json", cwd=tmp_path, parse_events=False)
    assert as_json.returncode == 0
    assert json.loads((tmp_path / "profile.json").read_text())["rows_read"] == 9
    unwritable = ferry("inspect", "clean.csv", "--report", "no/such/dir/p.html", cwd=tmp_path, parse_events=False)
    assert unwritable.returncode == 5 and "no/such/dir/p.html" in unwritable.stderr
