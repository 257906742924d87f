"""One canary secret, fed through every way a secret enters Ferry, comes out of no channel.

Entries (`ENTRIES`, each on the source side and on the target side): a PostgreSQL URI (userinfo,
`?password=`, `?sslpassword=`, percent-encoded), conninfo `password=`/`sslpassword=` (plain and
quoted), misspelt keys, a URL inside `dbname` or `application_name`, PGPASSWORD, a pgpass file
(PGPASSFILE), ODBC `PWD=` (plain, braced, spaced), `Password=`, misspelt and token-like
attributes, a URL inside an ODBC value, and malformed variants (mistyped and upper-case schemes,
a URI with one slash, unterminated quotes and braces, non-ASCII bytes around the `=` and between
pairs). Every run also carries the OpenLineage API key as the canary: from OPENLINEAGE_API_KEY,
from an OPENLINEAGE_CONFIG file (`auth.apiKey`) or from the request's `lineage.transport.api_key`.

Channels: stdout (JSON events and the result, and the human summary), stderr at the default log
level and at `--log-level debug`, the reject file, the OpenLineage file, OpenLineage over HTTP (a
loopback receiver in this test: bodies and every header but Authorization), the ledger (SQLite,
and PostgreSQL's and MariaDB's `ferry_loads` where a real server is up), `--print-request`,
`ferry run --check`, `ferry inspect`, `ferry --help`, and the generated shims (the Airflow
provider's docstrings, the dbt macros). Failures come from a refused port, an unknown host, a
real server refusing the canary as a wrong password, a missing ODBC driver and a real driver;
successes from a PostgreSQL role and a MariaDB user whose password IS the canary.
"""

import ast
import gzip
import json
import os
import shutil
import sqlite3
import subprocess
import threading
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import quote

import pytest

CANARY = "Kq7Canary3xZ"
# The canary with its first letter percent-encoded: libpq decodes it, a leak shows it whole.
CANARY_PERCENT = "%4B" + CANARY[1:]

ORDERS = "id,name\n1,a\n2,b\n"
NOWHERE = "127.0.0.1"  # port 1: nothing listens, the connection is refused at once
MARIADB_DRIVER = "/usr/lib/x86_64-linux-gnu/odbc/libmaodbc.so"
PSQLODBC_DRIVER = "/usr/lib/x86_64-linux-gnu/odbc/psqlodbcw.so"
TIMEOUT = 120


def odbc_driver() -> str:
    """A real ODBC driver when installed, so its own messages are a channel too."""
    return MARIADB_DRIVER if os.path.exists(MARIADB_DRIVER) else "/nonexistent/libdriver.so"


def entries() -> dict:
    """name → (address, extra environment); the canary is the secret of each."""
    c = CANARY
    nowhere = f"host={NOWHERE} port=1 user=ferry"
    odbc = f"odbc:Driver={odbc_driver()};Server={NOWHERE};Port=1;UID=ferry"
    return {
        "uri userinfo": (f"postgresql://ferry:{c}@{NOWHERE}:1/shop", {}),
        "uri postgres scheme": (f"postgres://ferry:{c}@{NOWHERE}:1/shop", {}),
        "uri percent-encoded": (f"postgresql://ferry:{CANARY_PERCENT}@{NOWHERE}:1/shop", {}),
        "uri query password": (f"postgresql://ferry@{NOWHERE}:1/shop?password={c}", {}),
        "uri query sslpassword": (f"postgresql://ferry@{NOWHERE}:1/shop?sslpassword={c}", {}),
        "uri query misspelt": (f"postgresql://ferry@{NOWHERE}:1/shop?pasword={c}", {}),
        "uri query url value": (f"postgresql://ferry@{NOWHERE}:1/shop?application_name=" + quote(f"postgresql://u:{c}@h", safe=""), {}),
        "uri url in path": (f"postgresql://ferry@{NOWHERE}:1/" + quote(f"postgresql://u:{c}@h/db", safe=""), {}),
        "conninfo password": (f"postgres:{nowhere} password={c}", {}),
        "conninfo quoted password": (f"postgres:{nowhere} password='{c} x'", {}),
        "conninfo sslpassword": (f"postgres:{nowhere} sslpassword={c}", {}),
        "conninfo misspelt": (f"postgres:{nowhere} pasword={c}", {}),
        "conninfo upper-case key": (f"postgres:{nowhere} PASSWORD={c}", {}),
        "conninfo url in dbname": (f"postgres:{nowhere} dbname='postgresql://u:{c}@h/db'", {}),
        "conninfo url in dbname unquoted": (f"postgres:{nowhere} dbname=postgresql://u:{c}@h/db", {}),
        "conninfo two urls in a value": (f"postgres:{nowhere} application_name='postgresql://a@h postgresql://u:{c}@h2'", {}),
        "conninfo url in application_name": (f"postgres:{nowhere} application_name=postgresql://u:{c}@h", {}),
        "conninfo password without =": (f"postgres:{nowhere} password {c}", {}),
        "conninfo unterminated quote": (f"postgres:{nowhere} password='{c}", {}),
        "conninfo unterminated quote before": (f"postgres:{nowhere} dbname='x password={c}", {}),
        "conninfo combining mark after =": (f"postgres:{nowhere} password=\u0301{c}", {}),
        "conninfo no-break space in value": (f"postgres:{nowhere} password=x\u00a0{c}", {}),
        "mistyped scheme": (f"postgressql://ferry:{c}@{NOWHERE}:1/shop", {}),
        "upper-case scheme": (f"POSTGRESQL://ferry:{c}@{NOWHERE}:1/shop", {}),
        "one-slash scheme": (f"postgresql:/ferry:{c}@{NOWHERE}:1/shop", {}),
        "no-slash scheme": (f"postgresql:ferry:{c}@{NOWHERE}:1/shop", {}),
        "combining mark in scheme": (f"postgresql://\u0301ferry:{c}@{NOWHERE}:1/shop", {}),
        "PGPASSWORD": (f"postgres:{nowhere}", {"PGPASSWORD": c}),
        "pgpass file": (f"postgres:{nowhere}", {"PGPASSFILE": "<pgpass>"}),
        "unknown host": (f"postgresql://ferry:{c}@no-such-host.invalid/shop", {}),
        "odbc PWD": (f"{odbc};PWD={c}", {}),
        "odbc braced": (f"{odbc};Pwd={{{c};x}}", {}),
        "odbc spaced": (f"{odbc}; PWD = {c}", {}),
        "odbc Password": (f"{odbc};Password={c}", {}),
        "odbc misspelt": (f"{odbc};Pasword={c}", {}),
        "odbc token": (f"{odbc};AccessToken={c}", {}),
        "odbc api key": (f"{odbc};ApiKey={c}", {}),
        "odbc secret": (f"{odbc};ClientSecret={c}", {}),
        "odbc unterminated brace": (f"{odbc};PWD={{{c};x", {}),
        "odbc url in value": (f"{odbc};Database=postgresql://u:{c}@h/db", {}),
        "odbc combining mark after =": (f"{odbc};PWD=\u0301{c}", {}),
        "odbc combining mark after ;": (f"{odbc};\u0301PWD={c}", {}),
        "odbc missing driver": (f"odbc:Driver=/nonexistent/libdriver.so;Server=h;PWD={c}", {}),
        "odbc only a password": (f"odbc:PWD={c}", {}),
    }


# ---------------------------------------------------------------- a loopback OpenLineage receiver

class LineageReceiver:
    """An HTTP server on 127.0.0.1 that answers 201 and keeps what it was sent: every header but
    Authorization (kept apart, to prove the key was sent), and the body, un-gzipped."""

    def __init__(self):
        self.lock = threading.Lock()
        self.requests: list = []
        self.authorizations: list = []
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                if self.headers.get("Content-Encoding") == "gzip":
                    body = gzip.decompress(body)
                headers = "\n".join(f"{k}: {v}" for k, v in self.headers.items() if k.lower() != "authorization")
                with receiver.lock:
                    receiver.requests.append(f"POST {self.path}\n{headers}\n\n" + body.decode("utf-8", "replace"))
                    receiver.authorizations.append(self.headers.get("Authorization"))
                self.send_response(201)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def take(self) -> tuple:
        with self.lock:
            requests, authorizations = self.requests, self.authorizations
            self.requests, self.authorizations = [], []
        return requests, authorizations

    def close(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture(scope="module")
def receiver():
    r = LineageReceiver()
    yield r
    r.close()


# ---------------------------------------------------------------- running ferry and reading every channel

class Case:
    """A working directory (scanned afterwards) apart from the files that hold the canary on
    purpose (a pgpass file, an OpenLineage config file)."""

    def __init__(self, ferry_bin: str, root: Path):
        self.bin = ferry_bin
        self.work = root / "work"
        self.secrets = root / "secrets"
        self.work.mkdir()
        self.secrets.mkdir()
        (self.work / "orders.csv").write_text(ORDERS)
        # Rows an integer column refuses: a load into a table made from orders.csv fails after connecting.
        (self.work / "bad.csv").write_text("id,name\nx,a\n")
        self.pgpass = self.secrets / "pgpass"
        self.pgpass.write_text(f"*:*:*:*:{CANARY}\n")
        self.pgpass.chmod(0o600)
        self.lineage_config = self.secrets / "openlineage.yml"
        self.lineage_config.write_text(
            "transport:\n  type: file\n  log_file_path: " + str(self.work / "lineage-config.jsonl") + "\n")
        self.outputs: dict = {}
        self.counter = 0

    def env(self, extra: dict) -> dict:
        env = {k: v for k, v in os.environ.items() if not k.startswith("OPENLINEAGE_") and k not in ("PGPASSWORD", "PGPASSFILE")}
        env["PGCONNECT_TIMEOUT"] = "10"
        env["PGPASSFILE"] = str(self.secrets / "no-pgpass")  # never root's ~/.pgpass
        env["HOME"] = str(self.secrets)
        for key, value in extra.items():
            env[key] = str(self.pgpass) if value == "<pgpass>" else value
        return env

    def run(self, args: list, env: dict, stdin: str = "") -> subprocess.CompletedProcess:
        proc = subprocess.run([self.bin, *args], cwd=self.work, input=stdin, capture_output=True, text=True,
                              timeout=TIMEOUT, env=env)
        self.counter += 1
        label = f"#{self.counter} ferry {' '.join(args)}"
        self.outputs[f"{label}: stdout"] = proc.stdout
        self.outputs[f"{label}: stderr"] = proc.stderr
        assert proc.returncode >= 0, f"{label} died of signal {-proc.returncode}\n{proc.stderr}"
        assert "Fatal error" not in proc.stderr and proc.returncode != 70, f"{label} crashed:\n{proc.stderr}"
        return proc

    def add(self, name: str, text: str):
        self.outputs[name] = text

    def scan_files(self):
        """Every file the runs left in the working directory; SQLite databases row by row."""
        for path in sorted(self.work.rglob("*")):
            if not path.is_file() or path.name in ("orders.csv", "bad.csv"):
                continue
            name = str(path.relative_to(self.work))
            data = path.read_bytes()
            self.outputs[f"file {name}"] = data.decode("utf-8", "replace")
            if data.startswith(b"SQLite format 3"):
                with sqlite3.connect(path) as db:
                    for (table,) in db.execute("select name from sqlite_master where type = 'table'"):
                        rows = db.execute(f'select * from "{table}"').fetchall()
                        self.outputs[f"{name}:{table}"] = json.dumps(rows, default=str)

    def assert_no_canary(self):
        self.scan_files()
        leaks = {name: text for name, text in self.outputs.items() if CANARY in text}
        assert not leaks, "the canary leaked into:\n" + "\n".join(
            f"--- {name}\n{text[:1500]}" for name, text in leaks.items())


@pytest.fixture
def case(ferry, tmp_path) -> Case:
    return Case(ferry.path, tmp_path)


def exercise(case: Case, receiver: LineageReceiver, address: str, extra_env: dict, side: str) -> None:
    """Runs `address` on `side` through load (JSON and human output, two log levels, two lineage
    transports, a reject file), --print-request, run (request lineage with an API key), run --check
    and inspect, collecting every output."""
    if side == "target":
        load = ["load", "orders.csv", "--to", address, "--table", "orders", "--reject-path", "rejects.jsonl"]
    else:
        load = ["load", address, "--source-table", "orders", "--to", "sqlite:ferry.db", "--table", "copy"]

    env = case.env({**extra_env, "OPENLINEAGE_URL": receiver.url, "OPENLINEAGE_API_KEY": CANARY})
    json_run = case.run([*load, "--json", "--log-level", "debug"], env)
    assert json_run.returncode != 0, f"expected a failure:\n{json_run.stdout}\n{json_run.stderr}"
    requests, authorizations = receiver.take()
    for i, text in enumerate(requests):
        case.add(f"lineage http request {i}", text)
    if json_run.returncode != 2:  # a usage error starts no run
        events = [json.loads(line) for line in json_run.stdout.splitlines()]
        assert events and events[-1]["type"] == "run_failed", json_run.stdout
        assert requests, "the lineage receiver got nothing: the HTTP channel was not exercised"
        assert authorizations and all(a == f"Bearer {CANARY}" for a in authorizations), authorizations

    case.run(load, case.env({**extra_env, "OPENLINEAGE_CONFIG": str(case.lineage_config)}))
    case.run([*load, "--print-request"], case.env(extra_env))

    shown = subprocess.run([case.bin, *load, "--print-request", "--show-secrets"], cwd=case.work, capture_output=True,
                           text=True, timeout=TIMEOUT, env=case.env(extra_env))
    if shown.returncode == 0:
        request = json.loads(shown.stdout)
        request["lineage"] = {"transport": {"type": "http", "url": receiver.url, "api_key": CANARY, "compression": "gzip"}}
        text = json.dumps(request)
        case.run(["run", "--check"], case.env(extra_env), stdin=text)
        run = case.run(["run", "--log-level", "debug"], case.env(extra_env), stdin=text)
        assert run.returncode != 0
        requests, authorizations = receiver.take()
        assert requests and all(a == f"Bearer {CANARY}" for a in authorizations), authorizations
        for i, body in enumerate(requests):
            case.add(f"lineage http (request api_key) {i}", body)
    if side == "source":
        case.run(["inspect", address], case.env(extra_env))
    case.assert_no_canary()


@pytest.mark.parametrize("side", ["target", "source"])
@pytest.mark.parametrize("name", sorted(entries()))
def test_a_secret_reaches_no_channel(case, receiver, name, side):
    address, extra_env = entries()[name]
    exercise(case, receiver, address, extra_env, side)


def test_a_request_that_cannot_be_read_echoes_no_secret(case):
    """Requests that fail validation or JSON parsing, with the secret next to the fault."""
    connection = f"postgresql://ferry:{CANARY}@{NOWHERE}:1/shop"
    bad = [
        '{"contract_version": 1, "source": {"kind": "postgres", "connection": "' + connection + '"',
        '{"contract_version": 1, "source": {"kind": "postgres", "connection": "' + connection + '", "table": 1}}',
        '{"contract_version": 1, "source": {"kind": "postgress", "connection": "' + connection + '"}}',
        '{"contract_version": 1, "source": {"kind": "postgres", "conection": "' + connection + '", "table": "t"},'
        ' "target": {"kind": "sqlite", "path": "x.db", "table": "t"}}',
        '{"contract_version": 1, "source": {"kind": "odbc", "connection": "PWD=' + CANARY + '", "table": "t"},'
        ' "target": {"kind": "sqlite", "path": "x.db", "table": "t"}, "lineage": {"transport":'
        ' {"type": "http", "url": "ftp://u:' + CANARY + '@h", "api_key": "' + CANARY + '"}}}',
        '{"contract_version": 1, "source": {"kind": "file", "path": "orders.csv"},'
        ' "target": {"kind": "sqlite", "path": "x.db", "table": "t"}, "lineage": {"transport":'
        ' {"type": "http", "url": "http://127.0.0.1:1", "api_key": ["' + CANARY + '"]}}}',
        '{"contract_version": 1, "source": {"kind": "file", "path": "orders.csv"},'
        ' "target": {"kind": "sqlite", "path": "x.db", "table": "t"}, "lineage": {"transport":'
        ' {"type": "http", "url": "http://127.0.0.1:1", "apikey": "' + CANARY + '"}}}',
        "{\"contract_version\": 1, \"source\": {\"kind\": \"postgres\", \"connection\": \"" + connection + "\u0000\"}}",
    ]
    for text in bad:
        for args in (["run"], ["run", "--check"], ["run", "--log-level", "debug"]):
            proc = case.run(args, case.env({}), stdin=text)
            assert proc.returncode != 0, text
    case.assert_no_canary()


@pytest.mark.parametrize("config", [
    "transport:\n  type: http\n  url: {url}\n  auth:\n    type: api_key\n    apiKey: {key}\n",
    "transport:\n  type: http\n  url: {url}\n  compression: gzip\n  auth:\n    type: api_key\n    apiKey: \"{key}\"\n",
])
def test_the_lineage_key_of_a_config_file_reaches_no_channel(case, receiver, config):
    """OPENLINEAGE_CONFIG with `auth.apiKey`: the key goes out as the Authorization header only."""
    path = case.secrets / "http.yml"
    path.write_text(config.format(url=receiver.url, key=CANARY))
    proc = case.run(["load", "orders.csv", "--json", "--log-level", "debug"], case.env({"OPENLINEAGE_CONFIG": str(path)}))
    assert proc.returncode == 0, proc.stderr
    requests, authorizations = receiver.take()
    assert len(requests) == 2 and authorizations == [f"Bearer {CANARY}"] * 2, authorizations
    for i, body in enumerate(requests):
        case.add(f"lineage http {i}", body)
    case.assert_no_canary()


@pytest.mark.parametrize("config", [
    "transport:\n  type: http\n  url: {url}\n  auth:\n    type: api_key\n    apiKey: \"{key}\n",
    "transport:\n  type: http\n  url: {url}\n  auth:\n    type: basic\n    apiKey: {key}\n",
    "transport:\n  type: http\n  url: {url}\n  auth:\n    type: api_key\n    apiKey {key}\n",
    "transport:\n  type: http\n  url: {url}\n  auth:\n    type: api_key\n    apiKey: {key}\n    apiKey: {key}\n",
    "transport:\n  type: http\n  url: {url}\n  auth:\n    type: api_key\n    apiKey: [{key}]\n",
    "transport:\n  type: http\n  url: {url}\n  auth:\n    type: api_key\n    apiKey: \"\\q{key}\"\n",
    "transport:\n  type: http\n  url: htp://u:{key}@h\n",
    "transport:\n  type: http\n  url: {url}\n  timeout: {key}\n",
    "transport:\n  type: http\n  url: {url}\n  compression: {key}\n",
    "transport:\n  type: http\n  url: {url}\n\t{key}: x\n",
    "{key}: [\n",
    "- {key}\n",
])
def test_a_malformed_lineage_config_echoes_no_secret(case, receiver, config):
    path = case.secrets / "bad.yml"
    path.write_text(config.format(url=receiver.url, key=CANARY))
    proc = case.run(["load", "orders.csv", "--json"], case.env({"OPENLINEAGE_CONFIG": str(path)}))
    assert proc.returncode == 0, proc.stderr
    assert any(json.loads(line).get("code") == "lineage_not_delivered" for line in proc.stdout.splitlines()), proc.stdout
    receiver.take()
    case.assert_no_canary()


@pytest.mark.parametrize("env", [
    {"OPENLINEAGE_URL": "htp://u:{key}@127.0.0.1:1"},
    {"OPENLINEAGE_URL": "http://u:{key}@127.0.0.1:1"},
    {"OPENLINEAGE_URL": "http://127.0.0.1:1", "OPENLINEAGE_ENDPOINT": "/api/v1/lineage?api_key={key}"},
    {"OPENLINEAGE_URL": "http://127.0.0.1:1/?token={key}#{key}"},
    {"OPENLINEAGE_URL": "http://no-such-host.invalid", "OPENLINEAGE_API_KEY": "{key}"},
])
def test_a_lineage_url_that_fails_echoes_no_secret(case, env):
    proc = case.run(["load", "orders.csv", "--json", "--log-level", "debug"],
                    case.env({k: v.format(key=CANARY) for k, v in env.items()}))
    assert proc.returncode == 0, proc.stderr
    assert any(json.loads(line).get("code") == "lineage_not_delivered" for line in proc.stdout.splitlines()), proc.stdout
    case.assert_no_canary()


def test_the_lineage_url_userinfo_goes_only_into_authorization(case, receiver):
    """A URL with `user:key@`: libcurl sends it as Basic authorization, and nowhere else."""
    url = receiver.url.replace("http://", f"http://ferry:{CANARY}@")
    proc = case.run(["load", "orders.csv", "--json", "--log-level", "debug"], case.env({"OPENLINEAGE_URL": url}))
    assert proc.returncode == 0, proc.stderr
    requests, authorizations = receiver.take()
    assert len(requests) == 2 and all(a and a.startswith("Basic ") for a in authorizations), authorizations
    for i, body in enumerate(requests):
        case.add(f"lineage http {i}", body)
    case.assert_no_canary()


def test_help_and_generated_shims_hold_no_secret(case, tmp_path):
    """With every secret variable set to the canary, `--help` and the generated shims (the Airflow
    operator's help text, the dbt macros) say nothing of it."""
    env = case.env({"PGPASSWORD": CANARY, "OPENLINEAGE_API_KEY": CANARY, "OPENLINEAGE_URL": f"http://u:{CANARY}@h",
                    "PGPASSFILE": "<pgpass>"})
    for args in (["--help"], ["load", "--help"], ["run", "--help"], ["inspect", "--help"], ["version"]):
        case.run(args, env)
    for target in ("airflow", "dbt"):
        out = case.work / f"shim-{target}"
        proc = case.run(["generate", target, "--out", str(out)], env)
        assert proc.returncode == 0, proc.stderr
        files = [p for p in out.rglob("*") if p.is_file()]
        assert files, f"ferry generate {target} wrote nothing"
        for path in files:
            if path.suffix == ".py":
                tree = ast.parse(path.read_text())
                docs = [ast.get_docstring(node) or "" for node in ast.walk(tree)
                        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef))]
                case.add(f"help text of {path.relative_to(case.work)}", "\n".join(docs))
    case.assert_no_canary()


# ---------------------------------------------------------------- real servers

def psql(url: str, sql: str) -> str:
    proc = subprocess.run(["psql", url, "-v", "ON_ERROR_STOP=1", "-Atc", sql], capture_output=True, text=True, timeout=TIMEOUT)
    assert proc.returncode == 0, proc.stderr
    return proc.stdout


def need(variable: str) -> str:
    value = os.environ.get(variable)
    if not value:
        if os.environ.get("CI") == "true":
            pytest.fail(f"{variable} is not set; under CI the test servers must be up")
        pytest.skip(f"{variable} is not set: start the test servers (scripts/test.sh does)")
    return value


@pytest.fixture(scope="module")
def canary_role():
    """A PostgreSQL role whose password is the canary, owning a schema of the same name."""
    url = need("FERRY_TEST_PG_URL")
    if not shutil.which("psql"):
        pytest.fail("psql is needed to read the PostgreSQL ledger back")
    role = "ferry_canary_" + uuid.uuid4().hex[:8]
    psql(url, f"create role {role} login password '{CANARY}'; create schema {role} authorization {role};")
    yield role
    psql(url, f"drop schema {role} cascade; drop role {role};")


def test_a_working_postgres_password_reaches_no_channel(case, receiver, canary_role):
    """Successful loads and a failed one with the canary as the real password, through every
    PostgreSQL entry and psqlODBC: events, logs, lineage, both ledgers."""
    url = os.environ["FERRY_TEST_PG_URL"]
    host, port, database = os.environ["PGHOST"], os.environ["PGPORT"], os.environ.get("PGDATABASE", "ferry")
    role = canary_role
    addresses = [
        (f"postgresql://{role}:{CANARY}@{host}:{port}/{database}", {}),
        (f"postgresql://{role}:{CANARY_PERCENT}@{host}:{port}/{database}", {}),
        (f"postgres:host={host} port={port} user={role} dbname={database} password={CANARY}", {}),
        (f"postgres:host={host} port={port} user={role} dbname={database}", {"PGPASSWORD": CANARY}),
        (f"postgres:host={host} port={port} user={role} dbname={database}", {"PGPASSFILE": "<pgpass>"}),
    ]
    if os.path.exists(PSQLODBC_DRIVER):
        odbc = f"odbc:Driver={PSQLODBC_DRIVER};Server={host};Port={port};Database={database};UID={role}"
        addresses += [(f"{odbc};PWD={CANARY}", {}), (f"{odbc};PWD={{{CANARY}}}", {}), (f"{odbc};Password={CANARY}", {})]
    for i, (address, extra) in enumerate(addresses):
        table = f"orders_{i}"
        env = case.env({**extra, "OPENLINEAGE_URL": receiver.url, "OPENLINEAGE_API_KEY": CANARY})
        load = case.run(["load", "orders.csv", "--to", address, "--schema", role, "--table", table, "--json",
                         "--log-level", "debug"], env)
        assert load.returncode == 0, f"{address}:\n{load.stdout}\n{load.stderr}"
        assert psql(url, f"select count(*) from {role}.{table}").strip() == "2"
        back = case.run(["load", address, "--schema", role, "--source-table", table, "--to", "sqlite:ferry.db",
                         "--table", f"copy_{i}", "--log-level", "debug"], env)
        assert back.returncode == 0, f"{address}:\n{back.stdout}\n{back.stderr}"
        failed = case.run(["load", "bad.csv", "--to", address, "--schema", role, "--table", table, "--mode", "append",
                           "--json", "--reject-path", f"rejects-{i}.jsonl"], env)
        assert failed.returncode != 0, failed.stdout
        requests, authorizations = receiver.take()
        assert requests and all(a == f"Bearer {CANARY}" for a in authorizations)
        for j, body in enumerate(requests):
            case.add(f"lineage http {address} {j}", body)
    ledger = psql(url, f"select row_to_json(l) from {role}.ferry_loads l")
    assert len(ledger.splitlines()) >= 2 * len(addresses), ledger
    case.add("postgres ferry_loads", ledger)
    case.assert_no_canary()


def test_a_wrong_password_on_real_servers_reaches_no_channel(case, receiver):
    """The servers' own refusals: PostgreSQL (URI, conninfo, PGPASSWORD) and MariaDB through its
    ODBC driver."""
    host, port = need("PGHOST"), need("PGPORT")
    addresses = [
        (f"postgresql://ferry:{CANARY}@{host}:{port}/ferry", {}),
        (f"postgres:host={host} port={port} user=ferry dbname=ferry password={CANARY}", {}),
        (f"postgres:host={host} port={port} user=ferry dbname=ferry", {"PGPASSWORD": CANARY}),
        (f"postgres:host={host} port={port} user=ferry password=x dbname='postgresql://u:{CANARY}@h/db'", {}),
    ]
    maria = os.environ.get("FERRY_TEST_MARIADB_ODBC")
    if maria:
        attributes = [a for a in maria.split(";") if not a.upper().startswith("PWD=")]
        addresses.append(("odbc:" + ";".join(attributes) + f";PWD={CANARY}", {}))
    for address, extra in addresses:
        for side in ("target", "source"):
            exercise(case, receiver, address, extra, side)


@pytest.fixture(scope="module")
def canary_mariadb_user():
    """A MariaDB user whose password is the canary, with a database of its own."""
    need("FERRY_TEST_MARIADB_ODBC")
    if not shutil.which("mariadb"):
        pytest.fail("the mariadb client is needed to read the MariaDB ledger back")
    name = "ferry_canary_" + uuid.uuid4().hex[:8]
    mariadb(f"create database {name}; create user '{name}'@'127.0.0.1' identified by '{CANARY}';"
            f" grant all on {name}.* to '{name}'@'127.0.0.1';")
    yield name
    mariadb(f"drop database {name}; drop user '{name}'@'127.0.0.1';")


def mariadb(sql: str) -> str:
    attributes = dict(a.split("=", 1) for a in os.environ["FERRY_TEST_MARIADB_ODBC"].split(";") if "=" in a)
    proc = subprocess.run(["mariadb", "-h", attributes["Server"], "-P", attributes["Port"], "-u", attributes["UID"],
                           f"-p{attributes['PWD']}", "-N", "-B", "-e", sql], capture_output=True, text=True, timeout=TIMEOUT)
    assert proc.returncode == 0, proc.stderr
    return proc.stdout


def test_a_working_odbc_password_reaches_no_channel(case, receiver, canary_mariadb_user):
    """MariaDB Connector/ODBC with the canary as the real password: events, logs, lineage and the
    `ferry_loads` ledger in MariaDB."""
    name = canary_mariadb_user
    attributes = dict(a.split("=", 1) for a in os.environ["FERRY_TEST_MARIADB_ODBC"].split(";") if "=" in a)
    base = f"odbc:Driver={attributes['Driver']};Server={attributes['Server']};Port={attributes['Port']};Database={name};UID={name}"
    for i, address in enumerate([f"{base};PWD={CANARY}", f"{base};PWD={{{CANARY}}}", f"{base};Password={CANARY}"]):
        env = case.env({"OPENLINEAGE_URL": receiver.url, "OPENLINEAGE_API_KEY": CANARY})
        load = case.run(["load", "orders.csv", "--to", address, "--table", f"orders_{i}", "--json", "--log-level", "debug"], env)
        assert load.returncode == 0, f"{address}:\n{load.stdout}\n{load.stderr}"
        back = case.run(["load", address, "--source-table", f"orders_{i}", "--to", "sqlite:ferry.db", "--table", f"copy_{i}"], env)
        assert back.returncode == 0, back.stderr
        failed = case.run(["load", "bad.csv", "--to", address, "--table", f"orders_{i}", "--mode", "append", "--json",
                           "--reject-path", f"rejects-{i}.jsonl"], env)
        assert failed.returncode != 0
        requests, _ = receiver.take()
        for j, body in enumerate(requests):
            case.add(f"lineage http {i}.{j}", body)
    ledger = mariadb(f"select * from {name}.ferry_loads")
    assert len(ledger.splitlines()) >= 3, ledger
    case.add("mariadb ferry_loads", ledger)
    case.assert_no_canary()
