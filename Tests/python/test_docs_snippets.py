"""Every shell and YAML snippet in the published docs is executed or parsed (a broken example is a
bug users copy).

The docs are README.md, Docs/**/*.md and integrations/*/README.md (the site links them). A fenced
block tagged ```yaml/```yml is parsed. A block tagged ```sh/```bash/```shell/```console is RUN with
`bash -e -o pipefail` in an empty temporary directory, with the real ferry ($FERRY_BIN) first on
PATH, HOME in a temporary directory holding a ~/.pgpass for the test PostgreSQL, and the test
servers' variables (PG*, FERRY_TEST_PG_URL, FERRY_TEST_MARIADB_ODBC); it must exit 0. In a
```console block only the `$ ` lines run.

HTML comments right before a fence, one per line, change that (they are visible in the Markdown,
not on the site):

    <!-- snippet: parse-only: REASON -->   not run, only `bash -n`: the reason says why it cannot
                                            run here (an install from the internet, a long build…)
    <!-- snippet: setup: COMMANDS -->       COMMANDS run first, in the same directory and shell
                                            (what the reader is assumed to have: a request file…)
"""

from __future__ import annotations

import gzip
import http.server
import json
import os
import pathlib
import re
import sqlite3
import subprocess
import threading
import urllib.parse
from dataclasses import dataclass, field

import pytest
import yaml

ROOT = pathlib.Path(__file__).resolve().parents[2]
FENCE = re.compile(r"^(?P<indent>[ \t]*)```(?P<lang>[A-Za-z0-9_-]*)[^\n]*\n(?P<body>.*?)^(?P=indent)```", re.M | re.S)
MARKER = re.compile(r"^\s*<!--\s*snippet:\s*(?P<kind>[a-z-]+)\s*(?::\s*(?P<text>.*?))?\s*-->\s*$")
MARKER_KINDS = ("parse-only", "setup")
SHELL = ("sh", "bash", "shell", "console")
YAML = ("yaml", "yml")
TIMEOUT_SECONDS = 600


@dataclass
class Snippet:
    """One fenced block: where it is, its language, its text (indentation removed) and its markers."""

    path: pathlib.Path
    line: int
    lang: str
    body: str
    markers: dict[str, str] = field(default_factory=dict)
    unknown_markers: list[str] = field(default_factory=list)

    @property
    def where(self) -> str:
        return f"{self.path.relative_to(ROOT)}:{self.line}"

    @property
    def script(self) -> str:
        """The shell text to run: the body, or a console block's `$ ` lines."""
        if self.lang != "console":
            return self.body
        return "".join(line[2:] for line in self.body.splitlines(True) if line.startswith("$ "))


def doc_files() -> list[pathlib.Path]:
    return [ROOT / "README.md", *sorted((ROOT / "Docs").rglob("*.md")), *sorted((ROOT / "integrations").glob("*/README.md"))]


def markers_before(lines: list[str], fence_index: int) -> tuple[dict[str, str], list[str]]:
    """The `<!-- snippet: … -->` lines directly above a fence (blank lines between are allowed)."""
    markers: dict[str, str] = {}
    unknown: list[str] = []
    index = fence_index - 1
    while index >= 0 and not lines[index].strip():
        index -= 1
    while index >= 0:
        match = MARKER.match(lines[index])
        if not match:
            break
        kind, text = match.group("kind"), (match.group("text") or "").strip()
        if kind in MARKER_KINDS and text:
            markers[kind] = text
        else:
            unknown.append(lines[index].strip())
        index -= 1
    return markers, unknown


def all_snippets() -> list[Snippet]:
    found = []
    for path in doc_files():
        text = path.read_text(encoding="utf-8")
        lines = text.split("\n")
        for match in FENCE.finditer(text):
            indent = len(match.group("indent"))
            body = "".join(line[indent:] if line[:indent].isspace() else line for line in match.group("body").splitlines(True))
            line = text[: match.start()].count("\n") + 1
            markers, unknown = markers_before(lines, line - 1)
            found.append(Snippet(path, line, match.group("lang").lower(), body, markers, unknown))
    return found


SNIPPETS = all_snippets()
YAML_SNIPPETS = [s for s in SNIPPETS if s.lang in YAML]
SHELL_SNIPPETS = [s for s in SNIPPETS if s.lang in SHELL]
def readme_tour(snippets: list[Snippet]) -> Snippet:
    """The README's tour: its first shell block after `## A short tour`."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    tour_line = text[: text.index("## A short tour")].count("\n") + 1
    return next(s for s in snippets if s.path == ROOT / "README.md" and s.line > tour_line)


TOUR = readme_tour(SHELL_SNIPPETS)
# The tour runs in its own test below, with a lineage receiver where its OPENLINEAGE_URL points.
RUN_SNIPPETS = [s for s in SHELL_SNIPPETS if "parse-only" not in s.markers and s is not TOUR]


def params(snippets: list[Snippet]) -> list:
    return [pytest.param(s, id=s.where) for s in snippets]


def in_ci() -> bool:
    return os.environ.get("CI", "").lower() == "true"


def require(condition: bool, reason: str) -> None:
    """Skips outside CI with `reason`; fails under CI, where the docs snippets must all run."""
    if condition:
        return
    if in_ci():
        pytest.fail(f"required under CI: {reason}")
    pytest.skip(reason)


@dataclass
class Shell:
    """Runs a snippet as a reader would: the real ferry on PATH, a fresh directory and HOME."""

    directory: pathlib.Path
    environment: dict[str, str]

    def run(self, snippet: Snippet) -> subprocess.CompletedProcess:
        setup = snippet.markers.get("setup", "")
        script = f"{setup}\n{snippet.script}" if setup else snippet.script
        return subprocess.run(
            ["bash", "--noprofile", "--norc", "-e", "-o", "pipefail", "-c", script],
            cwd=self.directory, env=self.environment, stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, timeout=TIMEOUT_SECONDS,
        )


@pytest.fixture
def shell(ferry, tmp_path: pathlib.Path) -> Shell:
    url = os.environ.get("FERRY_TEST_PG_URL", "")
    require(bool(url) and bool(os.environ.get("PGHOST")), "the test PostgreSQL's variables (PG*, FERRY_TEST_PG_URL) are not set: start scripts/pg-test-server.sh")
    require(bool(os.environ.get("FERRY_TEST_MARIADB_ODBC")), "FERRY_TEST_MARIADB_ODBC is not set: start scripts/mariadb-test-server.sh")
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    (bin_dir / "ferry").symlink_to(ferry.path)
    home = tmp_path / "home"
    home.mkdir()
    # The reader's ~/.pgpass for the test server (libpq reads it; so does psqlODBC through libpq).
    parts = urllib.parse.urlsplit(url)
    database = parts.path.lstrip("/") or "*"
    pgpass = home / ".pgpass"
    pgpass.write_text(f"{parts.hostname}:{parts.port or 5432}:{database}:{urllib.parse.unquote(parts.username or '')}:{urllib.parse.unquote(parts.password or '')}\n")
    pgpass.chmod(0o600)
    work = tmp_path / "work"
    work.mkdir()
    environment = {key: value for key, value in os.environ.items() if key not in ("PGPASSWORD", "PGPASSFILE", "OPENLINEAGE_URL", "OPENLINEAGE_CONFIG")}
    environment.update({"PATH": f"{bin_dir}{os.pathsep}{os.environ.get('PATH', '')}", "HOME": str(home)})
    return Shell(work, environment)


def test_there_are_snippets():
    assert len(YAML_SNIPPETS) >= 2 and len(RUN_SNIPPETS) >= 5


# What pymdownx.superfences (mkdocs.yml) takes as a fence's opening line: a language, optionally
# followed by title="…". Anything else (```json event) is not a fence to it, so the site would show
# the block as text and swallow the headings after it.
FENCE_OPENER = re.compile(r'^[ \t]*```[A-Za-z0-9_+-]*( title="[^"]*")?$')


def test_every_fence_opener_is_one_the_docs_site_renders():
    bad = []
    for path in doc_files():
        inside = False
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if not line.lstrip().startswith("```"):
                continue
            if not inside and not FENCE_OPENER.match(line):
                bad.append(f"{path.relative_to(ROOT)}:{number}: {line.strip()}")
            inside = not inside if line.strip() == "```" or not inside else inside
    assert not bad, "fences the docs site does not render:\n" + "\n".join(bad)


def test_every_marker_is_known_and_says_why():
    problems = [f"{s.where}: {marker}" for s in SNIPPETS for marker in s.unknown_markers]
    assert not problems, "unknown or empty snippet markers (use parse-only: REASON or setup: COMMANDS):\n" + "\n".join(problems)


def test_markers_stand_before_shell_snippets_only():
    misplaced = [s.where for s in SNIPPETS if s.markers and s.lang not in SHELL]
    assert not misplaced, misplaced


def test_parse_only_says_why_it_cannot_run_here():
    """Each snippet that is not run is a conscious exception with a reason a reader can check."""
    vague = [f"{s.where}: {s.markers['parse-only']}" for s in SHELL_SNIPPETS if len(s.markers.get("parse-only", "x x x").split()) < 3]
    assert not vague, vague


@pytest.mark.parametrize("snippet", params(YAML_SNIPPETS))
def test_yaml_snippet_parses(snippet: Snippet):
    document = yaml.safe_load(snippet.body)
    assert document is not None, snippet.where


@pytest.mark.parametrize("snippet", params(SHELL_SNIPPETS))
def test_shell_snippet_is_valid_bash(snippet: Snippet):
    checked = subprocess.run(["bash", "-n"], input=snippet.script, capture_output=True, text=True)
    assert checked.returncode == 0, f"{snippet.where}: bash -n fails:\n{checked.stderr}"


@pytest.mark.parametrize("snippet", params(RUN_SNIPPETS))
def test_shell_snippet_runs(snippet: Snippet, shell: Shell):
    completed = shell.run(snippet)
    assert completed.returncode == 0, f"{snippet.where}: exited {completed.returncode}\n{snippet.script}\noutput:\n{completed.stdout}"


class LineageReceiver(http.server.BaseHTTPRequestHandler):
    """Marquez's lineage endpoint, as far as the tour needs it: records each POSTed event."""

    events: list[dict] = []

    def do_POST(self):  # noqa: N802 (http.server's naming)
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        if self.headers.get("Content-Encoding") == "gzip":
            body = gzip.decompress(body)
        LineageReceiver.events.append(json.loads(body))
        self.send_response(201)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture
def marquez():
    """An OpenLineage receiver on localhost:5000, where the tour's OPENLINEAGE_URL points."""
    LineageReceiver.events = []
    try:
        server = http.server.ThreadingHTTPServer(("127.0.0.1", 5000), LineageReceiver)
    except OSError as error:
        pytest.fail(f"cannot listen on 127.0.0.1:5000 for the tour's OPENLINEAGE_URL: {error}")
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield LineageReceiver.events
    server.shutdown()
    server.server_close()


def test_the_readme_tour_runs_top_to_bottom_and_does_what_it_says(shell: Shell, marquez: list[dict]):
    tour = TOUR
    assert not tour.markers, f"{tour.where}: the tour runs as written, with no marker"
    completed = shell.run(tour)
    assert completed.returncode == 0, f"{tour.where}: exited {completed.returncode}\noutput:\n{completed.stdout}"
    assert "not delivered" not in completed.stdout, completed.stdout
    # The OpenLineage line's run reached "Marquez": START, then COMPLETE, naming the table it wrote.
    states = [(event.get("eventType"), [o.get("name", "") for o in event.get("outputs", [])]) for event in marquez]
    assert [state for state, _ in states] == ["START", "COMPLETE"], states
    assert all(any(name.endswith("#orders_seen") for name in names) for _, names in states), states
    demo = shell.directory / "demo"
    with sqlite3.connect(demo / "ferry.db") as db:
        # The upsert changed existing orders and added new ones, matching on the primary key `id`.
        keys = [row[5] for row in db.execute("pragma table_info(orders)") if row[1] == "id"]
        assert keys == [1], "id is the primary key of orders"
        updates = (demo / "data" / "updates.csv").read_text(encoding="utf-8").splitlines()
        ids = [int(line.split(",", 1)[0]) for line in updates[1:]]
        assert db.execute("select count(*) from orders").fetchone()[0] == len(set(ids) | set(range(1, 9)))
        big = db.execute("select count(*) from big").fetchone()[0]
    assert big > 1000
    rejects = list(demo.glob("*.rejects.jsonl"))
    assert rejects and any(path.read_text().strip() for path in rejects), "the big load rejected some rows into a JSON Lines file"
    assert (demo / "orders.jsonl").is_file() and (demo / "orders.csv").is_file()


def test_dbt_column_types_keep_their_commas():
    """The flow-style mapping that made dbt see a column named `2)` stays out of the docs."""
    for snippet in YAML_SNIPPETS:
        if snippet.path != ROOT / "Docs" / "dbt.md":
            continue
        document = yaml.safe_load(snippet.body)
        seeds = (document or {}).get("seeds", {}) if isinstance(document, dict) else {}
        if not isinstance(seeds, dict):
            continue  # a properties YAML lists seeds; dbt_project.yml maps projects to seeds
        for project in seeds.values():
            for seed in project.values():
                for column, type_name in (seed.get("+column_types") or {}).items():
                    assert column != "2)" and "(" not in column, f"column_types key {column!r} is a broken type"
                    assert isinstance(type_name, str)
