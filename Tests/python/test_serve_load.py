"""A bounded load test of ferry-serve on 127.0.0.1: 50 concurrent API clients for
$FERRY_SERVE_LOAD_SECONDS (20 s by default; the documented bench runs 60 s) reading the run list,
single runs, /healthz and /metrics while runs are submitted and queued (concurrency 2). Checks: no
failed request, no lost run (every submitted run ends `completed`), and the server's resident
memory does not grow between the first quarter and the end ($FERRY_SERVE_LOAD_HISTORY=postgresql
keeps the history in PostgreSQL). Prints the numbers:

    FERRY_SERVE_LOAD_SECONDS=60 FERRY_BIN=.build/release/ferry \\
        .build/venv/bin/pytest Tests/python/test_serve_load.py -q -s
"""

import http.client
import json
import os
import threading
import time
import uuid

from test_serve import make_server

CLIENTS = 50
USERS = 10
SECONDS = float(os.environ.get("FERRY_SERVE_LOAD_SECONDS", "20"))
RUNS_PER_SECOND = 2.0
TIMEOUT = 60
# The history store: sqlite (default) or postgresql (a schema on $FERRY_TEST_PG_URL).
HISTORY = os.environ.get("FERRY_SERVE_LOAD_HISTORY", "sqlite")


def rss_kib(pid: int) -> int:
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    raise AssertionError("no VmRSS")


def multipart(name: str, content: bytes, fields: dict) -> tuple[bytes, str]:
    boundary = uuid.uuid4().hex
    parts = [f'--{boundary}\r\nContent-Disposition: form-data; name="{k}"\r\n\r\n{v}\r\n'.encode() for k, v in fields.items()]
    parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="{name}"\r\n\r\n'.encode()
                 + content + b"\r\n")
    return b"".join(parts) + f"--{boundary}--\r\n".encode(), f"multipart/form-data; boundary={boundary}"


class Client(threading.Thread):
    """One API client on its own keep-alive connection."""

    def __init__(self, port, token, index, deadline, budget):
        super().__init__(daemon=True)
        self.port, self.token, self.index, self.deadline, self.budget = port, token, index, deadline, budget
        self.requests = 0
        self.failures = []
        self.latencies = []
        self.submitted = []

    def call(self, connection, method, path, body=None, content_type=None):
        headers = {"Authorization": f"Bearer {self.token}"}
        if content_type:
            headers["Content-Type"] = content_type
        started = time.monotonic()
        connection.request(method, path, body=body, headers=headers)
        response = connection.getresponse()
        data = response.read()
        self.latencies.append(time.monotonic() - started)
        self.requests += 1
        if response.status >= 400:
            self.failures.append(f"{method} {path}: {response.status} {data[:200]!r}")
        return response.status, data

    def run(self):
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=TIMEOUT)
        step = 0
        try:
            while time.monotonic() < self.deadline:
                step += 1
                if self.budget.take():
                    body, content_type = multipart("load.csv", b"id,name\n1,a\n2,b\n", {"table": f"load_{self.index}", "mode": "append"})
                    status, data = self.call(connection, "POST", "/api/v1/runs", body, content_type)
                    if status == 201:
                        self.submitted.append(json.loads(data)["id"])
                elif step % 4 == 0 and self.submitted:
                    self.call(connection, "GET", f"/api/v1/runs/{self.submitted[-1]}")
                elif step % 4 == 1:
                    self.call(connection, "GET", "/metrics")
                elif step % 4 == 2:
                    self.call(connection, "GET", "/healthz")
                else:
                    self.call(connection, "GET", "/api/v1/runs?limit=20")
        except Exception as error:  # a refused or dropped connection is a failed request
            self.failures.append(f"{type(error).__name__}: {error}")
        finally:
            connection.close()


class Budget:
    """Runs may be submitted at RUNS_PER_SECOND overall (a token bucket shared by the clients)."""

    def __init__(self):
        self.lock = threading.Lock()
        self.started = time.monotonic()
        self.taken = 0

    def take(self) -> bool:
        with self.lock:
            if self.taken < (time.monotonic() - self.started) * RUNS_PER_SECOND:
                self.taken += 1
                return True
            return False


def test_fifty_clients_no_failed_request_no_lost_run_memory_flat(ferry):
    users = [(f"load{index}", "loader") for index in range(USERS)]
    server = make_server(ferry, users, history=os.environ["FERRY_TEST_PG_URL"] if HISTORY == "postgresql" else None, concurrency=2, runs_per_day=1_000_000, bytes_per_day=1 << 40)
    try:
        pid = server.process.pid
        deadline = time.monotonic() + SECONDS
        budget = Budget()
        clients = [Client(server.port, server.tokens[f"load{index % USERS}"], index, deadline, budget) for index in range(CLIENTS)]
        for client in clients:
            client.start()
        samples = []
        while time.monotonic() < deadline:
            samples.append(rss_kib(pid))
            time.sleep(0.5)
        for client in clients:
            client.join(TIMEOUT)
            assert not client.is_alive(), "a client did not finish"
        failures = [failure for client in clients for failure in client.failures]
        assert not failures, failures[:10]

        # No lost run: every accepted run reaches `completed` once the queue drains.
        submitted = [run_id for client in clients for run_id in client.submitted]
        assert submitted, "no run was submitted"
        drain = time.monotonic() + max(120, len(submitted) * 5)
        pending = set(submitted)
        admin = server.cli("token", "create", "--user", "load-admin", "--role", "admin")
        while pending and time.monotonic() < drain:
            for run_id in list(pending):
                status, _, run = server.json("GET", f"/api/v1/runs/{run_id}", token=admin)
                assert status == 200, run
                if run["status"] not in ("queued", "running"):
                    assert run["status"] == "completed", run
                    pending.discard(run_id)
            time.sleep(0.5)
        assert not pending, f"{len(pending)} runs never ended"

        # Memory flat: after the first quarter (warm-up: caches, connection buffers), the resident
        # set ends within 25% (plus 16 MiB of allocator slack) of its highest warm-up value.
        warm = max(samples[: max(1, len(samples) // 4)])
        end = max(samples[-max(1, len(samples) // 4):])
        latencies = sorted(latency for client in clients for latency in client.latencies)
        requests = sum(client.requests for client in clients)

        def percentile(share):
            return latencies[min(len(latencies) - 1, int(len(latencies) * share))] * 1000

        print(f"\nferry-serve load ({HISTORY} history): {CLIENTS} clients, {SECONDS:.0f} s, {requests} requests "
              f"({requests / SECONDS:.0f}/s), 0 failed, {len(submitted)} runs all completed; latency "
              f"p50 {percentile(0.5):.1f} ms, p90 {percentile(0.9):.1f} ms, p99 {percentile(0.99):.1f} ms, max {latencies[-1] * 1000:.1f} ms; "
              f"RSS start {samples[0] / 1024:.1f} MiB, warm {warm / 1024:.1f} MiB, end {end / 1024:.1f} MiB, max {max(samples) / 1024:.1f} MiB")
        assert end <= warm * 1.25 + 16 * 1024, f"RSS grew from {warm} KiB to {end} KiB"
    finally:
        server.destroy()
