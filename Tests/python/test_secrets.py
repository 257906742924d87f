"""A canary password fed through every way a secret enters Ferry never comes out of any channel.

Entry points: a URI, a conninfo string (as `password`, misspelt, and inside a URL in `dbname`),
PGPASSWORD, a pgpass file, an ODBC connection string (plain and braced), a mistyped URI scheme,
and the OpenLineage API key. Channels: stdout (events), stderr (logs), the OpenLineage file
transport, the SQLite ledger (a failed load is recorded), the reject file and `--print-request`.
Connections go to 127.0.0.1 port 1 (nothing listens) or, when the test server is up, to it with a
wrong password, so the server's own messages are channels too.
"""

import json
import os
import sqlite3
from pathlib import Path

import pytest

from conftest import NO_SERVER_ENV

CANARY = "Canary-Pw-7q3x"

TARGETS = {
    "uri": f"postgresql://ferry:{CANARY}@127.0.0.1:1/shop",
    "conninfo": f"postgres:host=127.0.0.1 port=1 password={CANARY}",
    "misspelt key": f"postgres:host=127.0.0.1 port=1 pasword={CANARY}",
    "url in dbname": f"postgres:host=127.0.0.1 port=1 dbname='postgresql://u:{CANARY}@h/db'",
    "odbc": f"odbc:Driver=/nonexistent/libdriver.so;Server=h;PWD={CANARY}",
    "odbc braced": "odbc:Driver=/nonexistent/libdriver.so;Server=h;Pwd={" + CANARY + ";x}",
    "odbc misspelt": f"odbc:Driver=/nonexistent/libdriver.so;Server=h;Pasword={CANARY}",
    "mistyped scheme": f"postgressql://ferry:{CANARY}@127.0.0.1:1/shop",
    "upper-case scheme": f"POSTGRESQL://ferry:{CANARY}@127.0.0.1:1/shop",
}


def channels(tmp_path: Path, run) -> dict:
    """Every place a run could have written the canary to."""
    found = {"stdout": run.stdout, "stderr": run.stderr}
    for path in tmp_path.rglob("*"):
        if path.is_file() and path.suffix in (".jsonl", ".json", ".log"):
            found[str(path.relative_to(tmp_path))] = path.read_text(encoding="utf-8", errors="replace")
    ledger = tmp_path / "ferry.db"
    if ledger.exists():
        with sqlite3.connect(ledger) as db:
            tables = [row[0] for row in db.execute("select name from sqlite_master where type = 'table'")]
            for table in tables:
                found[f"ferry.db:{table}"] = json.dumps(db.execute(f'select * from "{table}"').fetchall())
    return found


def assert_no_canary(tmp_path: Path, run) -> None:
    for name, text in channels(tmp_path, run).items():
        assert CANARY not in text, f"the canary leaked into {name}:\n{text[:2000]}"


@pytest.mark.parametrize("name", sorted(TARGETS))
def test_a_connection_secret_reaches_no_channel(ferry, tmp_path, name):
    (tmp_path / "orders.csv").write_text("id,name\n1,a\n2,b\n")
    target = TARGETS[name]
    run = ferry("load", "orders.csv", "--to", target, "--json", cwd=tmp_path, env=NO_SERVER_ENV)
    assert run.returncode in (2, 3, 4, 5), run.describe()
    assert_no_canary(tmp_path, run)
    printed = ferry("load", "orders.csv", "--to", target, "--print-request", cwd=tmp_path, parse_events=False, env=NO_SERVER_ENV)
    if printed.returncode == 0:
        assert CANARY not in printed.stdout


@pytest.mark.parametrize("kind, connection", [
    ("postgres", f"host=127.0.0.1 port=1 password={CANARY}"),
    ("postgres", f"postgresql://ferry:{CANARY}@127.0.0.1:1/shop"),
    ("odbc", f"Driver=/nonexistent/libdriver.so;PWD={CANARY}"),
])
def test_the_lineage_file_and_the_ledger_of_a_failed_export_hold_no_secret(ferry, tmp_path, kind, connection):
    """A database source that fails: the failed load is recorded in the SQLite target's ledger and
    lineage names the source's dataset; neither may carry the password."""
    request = json.dumps({
        "contract_version": 1,
        "source": {"kind": kind, "connection": connection, "table": "orders"},
        "target": {"kind": "sqlite", "path": "ferry.db", "table": "copy"},
        "lineage": {"transport": {"type": "file", "path": "lineage.jsonl"}},
    })
    run = ferry("run", cwd=tmp_path, stdin=request, env=NO_SERVER_ENV)
    assert run.returncode == 4, run.describe()
    assert (tmp_path / "lineage.jsonl").exists(), run.describe()
    assert_no_canary(tmp_path, run)


def test_pgpassword_and_pgpass_reach_no_channel(ferry, tmp_path):
    (tmp_path / "orders.csv").write_text("id,name\n1,a\n")
    passfile = tmp_path / "pgpass.conf"
    passfile.write_text(f"127.0.0.1:1:*:*:{CANARY}\n")
    passfile.chmod(0o600)
    for env in ({"PGPASSWORD": CANARY}, {"PGPASSFILE": str(passfile)}):
        run = ferry("load", "orders.csv", "--to", "postgres:host=127.0.0.1 port=1 user=ferry", "--json",
                    cwd=tmp_path, env={**NO_SERVER_ENV, **env})
        assert run.returncode == 5, run.describe()
        assert_no_canary(tmp_path, run)


def test_the_lineage_api_key_reaches_no_channel(ferry, tmp_path):
    """An OpenLineage receiver that is down: the warning names the destination, never the key."""
    (tmp_path / "orders.csv").write_text("id,name\n1,a\n")
    env = {"OPENLINEAGE_URL": "http://127.0.0.1:1", "OPENLINEAGE_API_KEY": CANARY}
    run = ferry("load", "orders.csv", "--json", cwd=tmp_path, env=env)
    assert run.returncode == 0, run.describe()
    assert any(event.get("code") == "lineage_not_delivered" for event in run.events), run.describe()
    assert_no_canary(tmp_path, run)


@pytest.mark.skipif(not os.environ.get("FERRY_TEST_PG_URL"), reason="needs the test server (scripts/test.sh starts one)")
def test_a_wrong_password_on_a_real_server_reaches_no_channel(ferry, tmp_path):
    """The server's own refusal is a channel too."""
    (tmp_path / "orders.csv").write_text("id,name\n1,a\n")
    host, port = os.environ["PGHOST"], os.environ["PGPORT"]
    for target in (f"postgresql://ferry:{CANARY}@{host}:{port}/ferry",
                   f"postgres:host={host} port={port} user=ferry dbname=ferry password={CANARY}",
                   f"postgres:host={host} port={port} user=ferry password=x dbname='postgresql://u:{CANARY}@h/db'"):
        env = {k: "" for k in ("PGPASSWORD",)}
        run = ferry("load", "orders.csv", "--to", target, "--json", cwd=tmp_path, env=env)
        assert run.returncode == 5, run.describe()
        assert_no_canary(tmp_path, run)

