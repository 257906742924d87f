"""ferry-serve behind the nginx configuration that Docs/serve.md documents (its ```nginx block, run
as it is written but for a throw-away certificate, the listening port and the upstream port), on
127.0.0.1: the API, Server-Sent Events and a dashboard sign-in whose `Origin` carries a port all go
through HTTPS. nginx comes from Debian (`nginx-light`); without it the test skips, and fails under
CI=true.
"""

import http.client
import json
import os
import re
import shutil
import ssl
import subprocess
import urllib.parse
from pathlib import Path

import pytest

from test_serve import ORDERS, TIMEOUT, free_port, make_server, wait_until_healthy

ROOT = Path(__file__).resolve().parents[2]
NGINX = os.environ.get("NGINX_BIN") or shutil.which("nginx") or "/usr/sbin/nginx"


def documented_server_block() -> str:
    text = (ROOT / "Docs" / "serve.md").read_text()
    blocks = re.findall(r"^```nginx\n(.*?)^```", text, re.M | re.S)
    assert len(blocks) == 1, "Docs/serve.md should hold one ```nginx block"
    return blocks[0]


class Proxy:
    """nginx with the documented server block, run unprivileged in a directory of its own."""

    def __init__(self, server, block: str):
        self.port = free_port()
        self.root = server.root / "nginx"
        self.root.mkdir()
        for name in ("logs", "temp"):
            (self.root / name).mkdir()
        subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=127.0.0.1",
                        "-keyout", str(self.root / "key.pem"), "-out", str(self.root / "cert.pem")],
                       check=True, capture_output=True, timeout=TIMEOUT)
        changes = {"listen 443 ssl;": f"listen 127.0.0.1:{self.port} ssl;",
                   "/etc/ssl/ferry/cert.pem": str(self.root / "cert.pem"),
                   "/etc/ssl/ferry/key.pem": str(self.root / "key.pem"),
                   "proxy_pass http://127.0.0.1:8080;": f"proxy_pass http://127.0.0.1:{server.port};"}
        for old, new in changes.items():
            assert old in block, f"the documented nginx block no longer has {old!r}"
            block = block.replace(old, new)
        temp = self.root / "temp"
        (self.root / "nginx.conf").write_text(
            f"daemon off;\nworker_processes 1;\npid {self.root}/nginx.pid;\nerror_log {self.root}/logs/error.log;\n"
            f"events {{}}\nhttp {{\n  access_log off;\n  client_body_temp_path {temp}/body;\n  proxy_temp_path {temp}/proxy;\n"
            f"  fastcgi_temp_path {temp}/fastcgi;\n  uwsgi_temp_path {temp}/uwsgi;\n  scgi_temp_path {temp}/scgi;\n{block}}}\n")
        for path in [self.root, *self.root.rglob("*")]:
            os.chown(path, server.identity.uid, server.identity.gid)
        command = [*server.identity.wrapper, NGINX, "-p", str(self.root), "-c", str(self.root / "nginx.conf")]
        checked = subprocess.run([*command, "-t"], capture_output=True, text=True, timeout=TIMEOUT)
        assert checked.returncode == 0, checked.stderr
        self.process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
        self.context = ssl.create_default_context(cafile=str(self.root / "cert.pem"))
        self.context.check_hostname = False
        wait_until_healthy(self.request, lambda: "nginx did not answer: " + (self.root / "logs" / "error.log").read_text())

    def request(self, method, path, body=None, headers=None):
        connection = http.client.HTTPSConnection("127.0.0.1", self.port, timeout=TIMEOUT, context=self.context)
        connection.request(method, path, body=body, headers=headers or {})
        response = connection.getresponse()
        data = response.read()
        connection.close()
        return response.status, response.headers, data

    def stop(self):
        if self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=TIMEOUT)


@pytest.fixture(scope="module")
def proxied(ferry):
    if not os.access(NGINX, os.X_OK):
        if os.environ.get("CI") == "true":
            pytest.fail("nginx is not installed (apt-get install nginx-light)")
        pytest.skip("nginx is not installed (apt-get install nginx-light, or set NGINX_BIN)")
    srv = make_server(ferry, (("ann", "loader"),))
    proxy = None
    try:
        proxy = Proxy(srv, documented_server_block())
        yield srv, proxy
    finally:
        if proxy:
            proxy.stop()
        srv.destroy()


def test_the_api_and_its_event_stream_work_through_the_documented_nginx(proxied):
    server, proxy = proxied
    auth = {"Authorization": f"Bearer {server.tokens['ann']}"}
    boundary = "proxyb0undary"
    body = (f'--{boundary}\r\nContent-Disposition: form-data; name="table"\r\n\r\nproxied\r\n'
            f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="p.csv"\r\n\r\n{ORDERS}\r\n'
            f"--{boundary}--\r\n")
    status, _, data = proxy.request("POST", "/api/v1/runs", body, {**auth, "Content-Type": f"multipart/form-data; boundary={boundary}"})
    assert status == 201, data
    run_id = json.loads(data)["id"]
    assert server.wait(server.tokens["ann"], run_id)["status"] == "completed"
    status, headers, stream = proxy.request("GET", f"/api/v1/runs/{run_id}/events", None, auth)
    assert status == 200 and headers["Content-Type"].startswith("text/event-stream")
    frames = [f for f in stream.decode().split("\n\n") if f.strip()]
    assert "event: run_completed" in frames[-2] and frames[-1].startswith("event: end")
    assert proxy.request("GET", "/api/v1/runs")[0] == 401


def test_a_dashboard_sign_in_through_nginx_passes_the_origin_check_and_a_foreign_origin_does_not(proxied):
    server, proxy = proxied
    origin = f"https://127.0.0.1:{proxy.port}"

    def sign_in(sent_origin):
        status, headers, page = proxy.request("GET", "/ui/signin")
        assert status == 200
        csrf = re.search(r'name="csrf" value="([0-9a-f]+)"', page.decode()).group(1)
        cookie = headers["Set-Cookie"].split(";")[0]
        form = urllib.parse.urlencode({"csrf": csrf, "token": server.tokens["ann"]})
        return proxy.request("POST", "/ui/signin", form, {"Content-Type": "application/x-www-form-urlencoded",
                                                          "Origin": sent_origin, "Cookie": cookie})

    status, headers, page = sign_in(origin)
    assert status in (302, 303), page[:300]
    cookies = " ".join(headers.get_all("Set-Cookie") or [])
    assert headers["Location"].endswith("/ui/runs") and "ferry_session=" in cookies
    status, _, page = sign_in("https://evil.example")
    assert status == 401 and b"stale" in page
