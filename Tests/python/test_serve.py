"""ferry-serve against a real `ferry` loading into SQLite, over HTTP on 127.0.0.1, with its history
in SQLite (the default) and in PostgreSQL ($FERRY_TEST_PG_URL, a schema of its own per server; the
PostgreSQL cases skip without it, and fail under CI=true).

The server (and so every child `ferry run`) runs as the unprivileged `ferry-hostile` user when the
tests run as root (the same identity as test_hostile_paths.py), so a confinement mistake is stopped
by the kernel, and the tests also check that nothing outside the data directory changed.
$FERRY_SERVE_BIN names the server (default: ferry-serve next to $FERRY_BIN).
"""

import hashlib
import http.client
import json
import os
import shutil
import signal
import socket
import sqlite3
import subprocess
import tempfile
import time
import urllib.parse
import uuid
from pathlib import Path

import pytest

from test_hostile_paths import TEMP_BASE, hostile_identity

TIMEOUT = 60
ORDERS = "id,name\n1,a\n2,b\n3,c\n"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_until_healthy(request, failure):
    """Polls `request("GET", "/healthz")` until it answers 200; raises `failure()` after TIMEOUT."""
    deadline = time.monotonic() + TIMEOUT
    while time.monotonic() < deadline:
        try:
            if request("GET", "/healthz")[0] == 200:
                return
        except OSError:
            time.sleep(0.1)
    raise AssertionError(failure())


class Server:
    """One ferry-serve process on a data directory; `restart` keeps the directory."""

    def __init__(self, binary: str, ferry: str, data: Path, identity, history=None):
        self.binary, self.ferry, self.data, self.identity = binary, ferry, data, identity
        self.port = free_port()
        self.process = None
        self.log = data.parent / "server.log"
        # A PostgreSQL history: its URL travels in FERRY_SERVE_HISTORY, never on a command line.
        self.history = history
        self.env = {**os.environ, **({"FERRY_SERVE_HISTORY": history.url} if history else {})}

    def cli(self, *args) -> str:
        done = subprocess.run([*self.identity.wrapper, self.binary, *args, "--data", str(self.data)],
                              capture_output=True, text=True, timeout=TIMEOUT, env=self.env)
        assert done.returncode == 0, done.stderr
        return done.stdout.strip()

    def command(self):
        return [*self.identity.wrapper, self.binary, "--port", str(self.port), "--data", str(self.data),
                "--ferry", self.ferry, "--concurrency", "1", "--rate-limit", "100000",
                *[item for name, value in getattr(self, "options", {}).items()
                  for item in ("--" + name.replace("_", "-"), str(value))]]

    def start(self):
        with open(self.log, "ab") as log:
            self.process = subprocess.Popen(self.command(), stdout=log, stderr=log, start_new_session=True, env=self.env)
        wait_until_healthy(self.request, lambda: "ferry-serve did not answer /healthz: " + self.log.read_text())

    def kill(self):
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=TIMEOUT)

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=TIMEOUT)
            except subprocess.TimeoutExpired:
                self.kill()

    def request(self, method, path, body=None, token=None, headers=None):
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=TIMEOUT)
        sent = dict(headers or {})
        if token:
            sent["Authorization"] = f"Bearer {token}"
        if isinstance(body, (dict, list)):
            body = json.dumps(body)
            sent["Content-Type"] = "application/json"
        connection.request(method, path, body=body, headers=sent)
        response = connection.getresponse()
        data = response.read()
        connection.close()
        return response.status, dict(response.getheaders()), data

    def json(self, method, path, body=None, token=None, headers=None):
        status, headers, data = self.request(method, path, body, token, headers)
        return status, headers, (json.loads(data) if data else None)

    def upload_run(self, token, name, content, fields):
        boundary = uuid.uuid4().hex
        parts = []
        for key, value in fields.items():
            parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{key}"\r\n\r\n{value}\r\n'.encode())
        parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="{name}"\r\n'
                     f'Content-Type: text/csv\r\n\r\n'.encode() + content + b"\r\n")
        body = b"".join(parts) + f"--{boundary}--\r\n".encode()
        return self.json("POST", "/api/v1/runs", body, token, {"Content-Type": f"multipart/form-data; boundary={boundary}"})

    def wait(self, token, run_id, statuses=("completed", "failed", "cancelled", "interrupted")):
        deadline = time.monotonic() + TIMEOUT
        while time.monotonic() < deadline:
            status, _, run = self.json("GET", f"/api/v1/runs/{run_id}", token=token)
            assert status == 200, run
            if run["status"] in statuses:
                return run
            time.sleep(0.1)
        raise AssertionError(f"run {run_id} stayed {run['status']}")

    def history_text(self) -> bytes:
        """Everything the history holds, as bytes (the SQLite file, or the PostgreSQL tables)."""
        if self.history:
            return b"".join(self.history.psql(f"select t::text from {table} t").encode()
                            for table in ("users", "tokens", "runs", "uploads", "audit"))
        return (self.data / "ferry-serve.db").read_bytes()

    def destroy(self):
        self.stop()
        if self.history:
            self.history.drop()
        shutil.rmtree(self.root, ignore_errors=True)


class PostgresHistory:
    """A schema of its own on the PostgreSQL test server, and the URL that makes it the history's
    schema (search_path) and names the server's connection (application_name)."""

    def __init__(self, base: str):
        self.base = base
        self.schema = "serve_" + uuid.uuid4().hex[:12]
        self.password = urllib.parse.urlsplit(base).password or ""
        self.psql(f"create schema {self.schema}")
        separator = "&" if "?" in base else "?"
        self.url = f"{base}{separator}options=-csearch_path%3D{self.schema}&application_name={self.schema}"

    def psql(self, sql: str) -> str:
        done = subprocess.run(["psql", self.base, "-v", "ON_ERROR_STOP=1", "-qAt", "-c",
                               f"set search_path = {self.schema}; {sql}"], capture_output=True, text=True, timeout=TIMEOUT)
        assert done.returncode == 0, done.stderr
        return done.stdout

    def drop(self):
        self.psql(f"drop schema {self.schema} cascade")


HISTORIES = ("sqlite", "postgresql")


USERS = (("root-admin", "admin"), ("ann", "loader"), ("bob", "loader"), ("carl", "loader"),
         ("quinn", "loader"), ("rita", "loader"), ("vic", "viewer"))


def make_server(ferry, users, history=None, **options) -> Server:
    """A started ferry-serve on a new data directory (one SQLite target, `warehouse`) with a token
    for each (user, role) in `srv.tokens`; `history` is None (SQLite) or a PostgreSQL URL (the
    history goes to a new schema there); `options` are extra `--name value` server options. The
    caller calls `srv.destroy()`."""
    binary = os.environ.get("FERRY_SERVE_BIN") or str(Path(ferry.path).parent / "ferry-serve")
    assert os.access(binary, os.X_OK), f"{binary} is not executable: build with swift build (product ferry-serve)"
    identity = hostile_identity()
    root = Path(tempfile.mkdtemp(prefix="ferry-serve-", dir=TEMP_BASE))
    root.chmod(0o755)
    bin_dir = root / "bin"
    bin_dir.mkdir()
    for source, name in ((ferry.path, "ferry"), (binary, "ferry-serve")):
        shutil.copy2(source, bin_dir / name)
        (bin_dir / name).chmod(0o755)
    data = root / "data"
    data.mkdir()
    (data / "targets.json").write_text(json.dumps({"targets": {"warehouse": {"kind": "sqlite", "path": "warehouse.db"}}}))
    os.chown(data, identity.uid, identity.gid)
    os.chown(data / "targets.json", identity.uid, identity.gid)
    srv = Server(str(bin_dir / "ferry-serve"), str(bin_dir / "ferry"), data, identity,
                 PostgresHistory(history) if history else None)
    srv.root = root
    srv.options = options
    srv.tokens = {}
    for user, role in users:
        token = srv.cli("token", "create", "--user", user, "--role", role)
        assert token.startswith("fst_")
        srv.tokens[user] = token
    srv.start()
    return srv


@pytest.fixture(scope="module", params=HISTORIES)
def server(request, ferry):
    # The PostgreSQL case takes conftest's pg_url: skipped without the test server, failed under CI.
    srv = make_server(ferry, USERS, history=request.getfixturevalue("pg_url") if request.param == "postgresql" else None)
    yield srv
    srv.destroy()


def outside_snapshot():
    return hashlib.sha256(Path("/etc/passwd").read_bytes()).hexdigest()


def test_tokens_are_stored_hashed(server):
    database = server.history_text()
    assert b"fst_" not in database and len(server.tokens) == len(USERS)
    for token in server.tokens.values():
        assert token.split("_")[2].encode() not in database
    # The history is where it was asked to be, and only there.
    assert (server.data / "ferry-serve.db").exists() == (server.history is None)


def test_no_token_is_401_and_a_revoked_token_too(server):
    status, headers, body = server.json("GET", "/api/v1/runs")
    assert status == 401 and body["error"]["code"] == "unauthenticated"
    assert headers.get("WWW-Authenticate") == "Bearer"
    assert server.json("GET", "/api/v1/runs", token="fst_nope_nope")[0] == 401
    extra = server.cli("token", "create", "--user", "bob", "--role", "loader")
    assert server.json("GET", "/api/v1/runs", token=extra)[0] == 200
    assert server.cli("token", "revoke", extra) == "revoked"
    assert server.json("GET", "/api/v1/runs", token=extra)[0] == 401


def test_viewer_cannot_start_runs(server):
    status, _, body = server.upload_run(server.tokens["vic"], "v.csv", ORDERS.encode(), {"table": "v"})
    assert status == 403, body
    status, _, body = server.json("POST", "/api/v1/runs", {"source": {"path": "v.csv"}, "target": {"name": "warehouse"}},
                                  token=server.tokens["vic"])
    assert status == 403, body
    assert server.json("GET", "/api/v1/runs", token=server.tokens["vic"])[0] == 200


HOSTILE = [
    ("traversal", {"source": {"kind": "file", "path": "../../../../etc/passwd"}}, "$.source.path"),
    ("absolute", {"source": {"kind": "file", "path": "/etc/passwd"}}, "$.source.path"),
    ("symlink", {"source": {"kind": "file", "path": "link.csv"}}, "$.source.path"),
    ("nul", {"source": {"kind": "file", "path": "orders.csv\u0000.csv"}}, "$.source.path"),
    ("reject_path", {"options": {"reject_path": "../../../../etc/passwd"}}, "$.options.reject_path"),
    ("connection", {"target": {"name": "warehouse", "connection": "postgresql://u:secretpw@h/db"}}, "$.target.connection"),
    ("raw target path", {"target": {"name": "warehouse", "path": "/etc/passwd"}}, "$.target.path"),
]


@pytest.mark.parametrize("case,change,path", HOSTILE, ids=[case[0] for case in HOSTILE])
def test_confinement_refuses_with_400_and_never_runs(server, case, change, path):
    token = server.tokens["bob"]
    area = server.data / "uploads" / "bob"
    if not (area / "orders.csv").exists():
        status, headers, body = server.json("POST", "/api/v1/uploads", None, token)  # no body: refused, not stored
        assert status == 400
        boundary = "b0undary"
        body = (f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="orders.csv"\r\n\r\n{ORDERS}\r\n'
                f"--{boundary}--\r\n")
        status, _, stored = server.json("POST", "/api/v1/uploads", body, token,
                                        {"Content-Type": f"multipart/form-data; boundary={boundary}"})
        assert status == 201, stored
    if case == "symlink" and not (area / "link.csv").is_symlink():
        (area / "link.csv").symlink_to("/etc/passwd")
    request = {"contract_version": 1, "source": {"kind": "file", "path": "orders.csv"},
               "target": {"name": "warehouse", "table": "hostile"}}
    request.update(change)
    before_runs = server.json("GET", "/api/v1/runs", token=token)[2]["runs"]
    before = outside_snapshot()
    status, _, body = server.json("POST", "/api/v1/runs", request, token=token)
    assert status == 400, body
    assert path in body["error"]["message"]
    assert "secretpw" not in body["error"]["message"]
    assert server.json("GET", "/api/v1/runs", token=token)[2]["runs"] == before_runs
    assert outside_snapshot() == before
    assert not list((server.data / "runs").glob("*/stderr.log")) or all(
        "etc/passwd" not in p.read_text() for p in (server.data / "runs").glob("*/stderr.log"))


def test_upload_and_upsert_complete_with_events_in_order_and_metrics(server):
    token = server.tokens["ann"]
    status, _, run = server.upload_run(token, "orders.csv", ORDERS.encode(),
                                       {"table": "orders", "mode": "upsert", "key": "id", "target": "warehouse"})
    assert status == 201, run
    assert run["status"] in ("queued", "running") and run["id"]
    done = server.wait(token, run["id"])
    assert done["status"] == "completed", done
    assert done["rows_written"] == 3 and done["result"]["type"] == "run_completed"
    # A second upsert of changed rows updates by key.
    status, _, second = server.upload_run(token, "orders.csv", b"id,name\n2,B\n4,d\n",
                                          {"table": "orders", "mode": "upsert", "key": "id"})
    assert status == 201, second
    assert server.wait(token, second["id"])["status"] == "completed"
    with sqlite3.connect(server.data / "warehouse.db") as db:
        assert db.execute("select id, name from orders order by id").fetchall() == [(1, "a"), (2, "B"), (3, "c"), (4, "d")]
    # Server-Sent Events: every event, in seq order, then `end`.
    status, headers, stream = server.request("GET", f"/api/v1/runs/{run['id']}/events", token=token)
    assert status == 200 and headers["Content-Type"].startswith("text/event-stream")
    frames = [f for f in stream.decode().split("\n\n") if f.strip()]
    events = [json.loads(line[6:]) for f in frames for line in f.split("\n") if line.startswith("data: ")][:-1]
    assert [e["seq"] for e in events] == list(range(1, len(events) + 1))
    assert events[0]["type"] == "run_started" and events[-1]["type"] == "run_completed"
    assert frames[-1].startswith("event: end")
    _, _, text = server.request("GET", "/metrics")
    metrics = text.decode()
    completed = [l for l in metrics.splitlines() if l.startswith('ferry_runs_total{status="completed"}')]
    assert completed and int(completed[0].split()[-1]) >= 2
    loaded = [l for l in metrics.splitlines() if l.startswith("ferry_rows_loaded_total ")]
    assert int(loaded[0].split()[-1]) >= 5
    assert 'ferry_last_success_timestamp_seconds{job="load_orders"}' in metrics
    assert run["id"] not in metrics
    assert "# TYPE ferry_run_duration_seconds histogram" in metrics
    assert 'ferry_run_duration_seconds_bucket{le="+Inf"}' in metrics
    assert 'ferry_http_requests_total{method="POST",route="/api/v1/runs",status="2xx"}' in metrics
    assert "# TYPE ferry_http_request_duration_seconds histogram" in metrics
    assert 'ferry_http_request_duration_seconds_count{method="GET",route="/api/v1/runs/{id}"}' in metrics
    assert all('status="' not in line or line.split('status="')[1][1:3] == "xx"
               for line in metrics.splitlines() if line.startswith("ferry_http_requests_total{"))
    # Every run writes its quality report (ferry run --report).
    status, headers, report = server.request("GET", f"/api/v1/runs/{run['id']}/report", token=token)
    assert status == 200 and headers["Content-Type"].startswith("text/html") and b"Ferry report: load_orders" in report
    assert "sandbox" in headers["Content-Security-Policy"]
    assert server.request("GET", f"/api/v1/runs/{run['id']}/report", token=server.tokens["bob"])[0] == 404
    # Retry is linked to the original.
    status, _, retried = server.json("POST", f"/api/v1/runs/{run['id']}/retry", token=token)
    assert status == 201 and retried["retry_of"] == run["id"]
    assert server.wait(token, retried["id"])["status"] == "completed"
    # Other users do not see it; an admin does.
    assert server.json("GET", f"/api/v1/runs/{run['id']}", token=server.tokens["bob"])[0] == 404
    assert all(r["user"] == "bob" for r in server.json("GET", "/api/v1/runs", token=server.tokens["bob"])[2]["runs"])
    assert server.json("GET", f"/api/v1/runs/{run['id']}", token=server.tokens["root-admin"])[0] == 200
    status, _, page = server.json("GET", "/api/v1/runs?user=ann&status=completed&limit=2", token=server.tokens["root-admin"])
    assert status == 200 and len(page["runs"]) == 2 and all(r["user"] == "ann" for r in page["runs"])
    status, _, audit = server.json("GET", "/api/v1/audit", token=server.tokens["root-admin"])
    assert status == 200 and any(e["action"] == "run.retry" for e in audit["entries"])
    assert server.json("GET", "/api/v1/audit", token=token)[0] == 403


def big_csv(rows: int) -> bytes:
    return ("id,name,amount\n" + "".join(f"{i},name{i},{i}.5\n" for i in range(rows))).encode()


def test_cancel_sends_sigterm_and_live_sse_ends(server):
    token = server.tokens["carl"]
    status, _, run = server.upload_run(token, "big.csv", big_csv(1_500_000), {"table": "big", "mode": "create"})
    assert status == 201, run
    server.wait(token, run["id"], statuses=("running", "completed", "failed"))
    status, _, cancelled = server.json("POST", f"/api/v1/runs/{run['id']}/cancel", token=token)
    assert status == 202, cancelled
    done = server.wait(token, run["id"])
    assert done["status"] == "cancelled", done
    assert server.json("POST", f"/api/v1/runs/{run['id']}/cancel", token=token)[0] == 409


def test_sixth_run_of_the_day_is_429(server):
    token = server.tokens["quinn"]
    ids = []
    for index in range(5):
        status, _, run = server.upload_run(token, "q.csv", ORDERS.encode(), {"table": f"q{index}", "mode": "create"})
        assert status == 201, run
        ids.append(run["id"])
    status, headers, body = server.upload_run(token, "q.csv", ORDERS.encode(), {"table": "q5"})
    assert status == 429, body
    assert 0 < int(headers["Retry-After"]) <= 86400
    for run_id in ids:
        done = server.wait(token, run_id)
        assert done["status"] == "completed", done


def test_ferry_serve_runs_ferry_serve_from_ferrys_directory(server):
    ferry = Path(server.ferry)
    done = subprocess.run([*server.identity.wrapper, str(ferry), "serve", "token", "create", "--user", "zed",
                           "--role", "viewer", "--data", str(server.data)], capture_output=True, text=True, timeout=TIMEOUT,
                          env=server.env)
    assert done.returncode == 0, done.stderr
    token = done.stdout.strip()
    assert token.startswith("fst_")
    assert server.json("GET", "/api/v1/runs", token=token)[0] == 200


def test_openapi_document_is_served(server):
    status, headers, body = server.request("GET", "/api/v1/openapi.yaml")
    assert status == 200 and body.startswith(b"openapi: 3.1.0")
    assert server.json("GET", "/readyz")[0] == 200


def test_restart_marks_running_runs_interrupted(server):
    token = server.tokens["rita"]
    status, _, run = server.upload_run(token, "big.csv", big_csv(1_500_000), {"table": "big", "mode": "create"})
    assert status == 201, run
    server.wait(token, run["id"], statuses=("running", "completed", "failed"))
    server.kill()
    server.start()
    done = server.json("GET", f"/api/v1/runs/{run['id']}", token=token)[2]
    assert done["status"] == "interrupted", done


def test_schemathesis_finds_no_server_error_or_schema_violation(server):
    """A bounded schemathesis run against the served OpenAPI document ($SCHEMATHESIS_BIN or
    `schemathesis` on PATH; pip install schemathesis)."""
    binary = os.environ.get("SCHEMATHESIS_BIN") or shutil.which("schemathesis")
    if not binary:
        if os.environ.get("CI") == "true":
            pytest.fail("schemathesis is not installed; CI installs it with pip (see Docs/serve.md)")
        pytest.skip("schemathesis is not installed (pip install schemathesis, or set SCHEMATHESIS_BIN)")
    token = server.cli("token", "create", "--user", "fuzz-admin", "--role", "admin")
    base = f"http://127.0.0.1:{server.port}"
    done = subprocess.run(
        [binary, "run", f"{base}/api/v1/openapi.yaml", "--url", base, "-H", f"Authorization: Bearer {token}",
         "--checks", "not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance",
         "--phases", "examples,coverage,fuzzing", "--max-examples", "20", "--workers", "1",
         "--suppress-health-check", "all"],
        capture_output=True, text=True, timeout=600, cwd=server.data.parent)  # its example database stays out of the repository
    assert done.returncode == 0, done.stdout[-6000:] + done.stderr[-2000:]


# PostgreSQL history only: these take the fixture's "postgresql" server.

@pytest.mark.parametrize("server", ["postgresql"], indirect=True)
def test_a_second_server_on_the_same_postgresql_history_is_refused(server):
    admin = server.tokens["root-admin"]
    before = server.json("GET", "/api/v1/runs?limit=200", token=admin)[2]["runs"]
    other = server.root / "other-data"
    other.mkdir(exist_ok=True)
    os.chown(other, server.identity.uid, server.identity.gid)
    second = Server(server.binary, server.ferry, other, server.identity, server.history)
    done = subprocess.run(second.command(), capture_output=True, text=True, timeout=TIMEOUT, env=second.env)
    assert done.returncode != 0, done.stdout + done.stderr
    assert "another ferry-serve is already serving the history" in done.stderr, done.stderr
    assert server.history.password not in done.stdout + done.stderr
    # The first server's runs were not marked interrupted by the second, and it still answers.
    assert server.json("GET", "/api/v1/runs?limit=200", token=admin)[2]["runs"] == before
    # The user and token commands share the history with the running server.
    token = server.cli("token", "create", "--user", "sam", "--role", "viewer")
    assert server.json("GET", "/api/v1/runs", token=token)[0] == 200


@pytest.mark.parametrize("server", ["postgresql"], indirect=True)
def test_the_server_reconnects_after_its_postgresql_connection_drops(server):
    history = server.history
    killed = history.psql(f"select count(pg_terminate_backend(pid)) from pg_stat_activity "
                          f"where application_name = '{history.schema}' and pid <> pg_backend_pid()")
    assert int(killed) >= 1
    token = server.tokens["bob"]
    status, _, page = server.json("GET", "/api/v1/runs", token=token)
    assert status == 200, page
    # A write after the drop (not a run: the SQLite warehouse may still be busy with the orphaned
    # child of the restart test's killed server).
    boundary = "dr0p"
    body = (f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="after.csv"\r\n\r\n{ORDERS}\r\n'
            f"--{boundary}--\r\n")
    status, _, stored = server.json("POST", "/api/v1/uploads", body, token, {"Content-Type": f"multipart/form-data; boundary={boundary}"})
    assert status == 201, stored
    assert "after.csv" in history.psql("select name from uploads where user_name = 'bob'")
    status, _, audit = server.json("GET", "/api/v1/audit", token=server.tokens["root-admin"])
    assert status == 200 and any(e["action"] == "upload" and "after.csv" in e["detail"] for e in audit["entries"])
    # It holds the serving lock again, on its new connection.
    held = history.psql("select count(*) from pg_locks l join pg_stat_activity a on a.pid = l.pid "
                        f"where l.locktype = 'advisory' and l.classid = 1178948186 and a.application_name = '{history.schema}'")
    assert int(held) == 1


@pytest.mark.parametrize("server", ["postgresql"], indirect=True)
def test_the_history_password_stays_out_of_logs_answers_and_the_command_line(server):
    password = server.history.password
    assert password
    assert password.encode() not in Path(f"/proc/{server.process.pid}/cmdline").read_bytes()
    for path in ("/readyz", "/metrics", "/api/v1/targets", "/api/v1/runs", "/api/v1/audit"):
        status, _, body = server.request("GET", path, token=server.tokens["root-admin"])
        assert status == 200 and password.encode() not in body, path
    log = server.log.read_text()
    assert '"history"' in log and "postgresql://" in log and password not in log
    # A wrong password in --history-file: refused, and neither password is echoed.
    wrong = "wrong-" + password[::-1]
    url_file = server.root / "history.url"
    url_file.write_text(server.history.url.replace(":" + password + "@", ":" + wrong + "@") + "\n")
    url_file.chmod(0o644)
    done = subprocess.run([*server.identity.wrapper, server.binary, "user", "add", "x", "--data", str(server.data),
                           "--history-file", str(url_file)], capture_output=True, text=True, timeout=TIMEOUT)
    assert done.returncode != 0
    assert "password authentication failed" in done.stderr, done.stderr
    assert wrong not in done.stderr + done.stdout and password not in done.stderr + done.stdout
