"""Fixtures for the contract tests: the ferry binary, the committed v1 schemas and their validators.

The binary comes from $FERRY_BIN (for example .build/debug/ferry). Tests that need it are skipped,
with the reason, only when FERRY_BIN is unset outside CI; under CI (CI=true) a missing binary fails.
"""

import json
import os
import subprocess
import uuid
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator
from referencing import Registry, Resource

REPO = Path(__file__).resolve().parents[2]
CONTRACT_DIR = REPO / "Docs" / "contract" / "v1"
SCHEMA_FILES = ("request.schema.json", "event.schema.json")
BASE_ID = "https://ferry.dev/contract/v1/"

# How long one ferry invocation may take before the test fails instead of hanging.
TIMEOUT_SECONDS = 120

# Tests that need no PostgreSQL server connect to 127.0.0.1 port 1, where nothing listens, so the
# attempt fails at once; PGCONNECT_TIMEOUT (read by libpq) bounds it should a firewall drop the
# packets instead of refusing them.
NO_SERVER_ENV = {"PGCONNECT_TIMEOUT": "10"}


@dataclass
class FerryRun:
    """One finished `ferry` process: its exit code, raw output and the parsed stdout lines."""

    args: list
    returncode: int
    stdout: str
    stderr: str
    events: list = field(default_factory=list)

    def describe(self) -> str:
        return f"ferry {' '.join(self.args)} exited {self.returncode}\nstdout:\n{self.stdout}\nstderr:\n{self.stderr}"

    @property
    def result(self) -> dict:
        assert self.events, "no event on stdout\n" + self.describe()
        return self.events[-1]


class Ferry:
    """Runs the real binary in a given working directory."""

    def __init__(self, path: str):
        self.path = path

    def __call__(self, *args, cwd: Path, stdin: str | None = None, parse_events: bool = True, env: dict | None = None) -> FerryRun:
        """Runs `ferry *args`; `env` adds to (or overrides) the inherited environment."""
        proc = subprocess.run(
            [self.path, *args],
            cwd=cwd,
            input=stdin if stdin is not None else "",
            capture_output=True,
            text=True,
            timeout=TIMEOUT_SECONDS,
            env={**os.environ, **env} if env else None,
        )
        run = FerryRun(list(args), proc.returncode, proc.stdout, proc.stderr)
        if parse_events:
            for number, line in enumerate(proc.stdout.splitlines(), start=1):
                try:
                    run.events.append(json.loads(line))
                except json.JSONDecodeError as e:
                    pytest.fail(f"stdout line {number} is not JSON ({e}): {line!r}\n" + run.describe())
        return run

    def run_request(self, request, cwd: Path, env: dict | None = None) -> FerryRun:
        """`ferry run` with the request (a dict or JSON text) on stdin."""
        text = request if isinstance(request, str) else json.dumps(request)
        return self("run", cwd=cwd, stdin=text, env=env)


@pytest.fixture(scope="session")
def ferry() -> Ferry:
    path = os.environ.get("FERRY_BIN")
    if not path:
        if os.environ.get("CI") == "true":
            pytest.fail("FERRY_BIN is not set; under CI the contract tests must run against the built binary")
        pytest.skip("FERRY_BIN is not set: build ferry (swift build) and set FERRY_BIN=.build/debug/ferry to run the tests that spawn it")
    if not (os.path.isfile(path) and os.access(path, os.X_OK)):
        pytest.fail(f"FERRY_BIN={path} is not an executable file")
    return Ferry(os.path.abspath(path))


@pytest.fixture(scope="session")
def pg_url() -> str:
    """The PostgreSQL test server's URL (scripts/test.sh starts the server and sets
    FERRY_TEST_PG_URL); skips without it, and fails under CI."""
    url = os.environ.get("FERRY_TEST_PG_URL")
    if not url:
        if os.environ.get("CI") == "true":
            pytest.fail("FERRY_TEST_PG_URL is not set; under CI these tests run against the PostgreSQL test server")
        pytest.skip("FERRY_TEST_PG_URL is not set: start the PostgreSQL test server (scripts/test.sh does) to run these tests")
    return url


@pytest.fixture
def pg_schema(pg_url, request):
    """A schema of the test's own in the PostgreSQL test server (named after its module), dropped
    afterwards with everything in it."""
    name = f"{request.module.__name__.rsplit('.', 1)[-1].removeprefix('test_')}_{uuid.uuid4().hex[:8]}"

    def psql(sql: str):
        subprocess.run(["psql", pg_url, "-X", "-q", "-v", "ON_ERROR_STOP=1", "-c", sql], check=True, capture_output=True, timeout=120)

    psql(f"CREATE SCHEMA {name}")
    yield name
    psql(f"DROP SCHEMA {name} CASCADE")


@pytest.fixture(scope="session")
def schema_texts() -> dict:
    """The committed schema files, by file name, as text."""
    texts = {}
    for name in SCHEMA_FILES:
        path = CONTRACT_DIR / name
        assert path.is_file(), f"{path} is missing; write it with: ferry contract --write Docs/contract/v1"
        texts[name] = path.read_text(encoding="utf-8")
    return texts


@pytest.fixture(scope="session")
def schemas(schema_texts) -> dict:
    """The committed schemas, by short name (request, event)."""
    return {name.split(".")[0]: json.loads(text) for name, text in schema_texts.items()}


@pytest.fixture(scope="session")
def registry(schemas) -> Registry:
    return Registry().with_resources((s["$id"], Resource.from_contents(s)) for s in schemas.values())


def make_validator(schema: dict, registry: Registry) -> Draft202012Validator:
    return Draft202012Validator(schema, registry=registry, format_checker=Draft202012Validator.FORMAT_CHECKER)


@pytest.fixture(scope="session")
def request_validator(schemas, registry) -> Draft202012Validator:
    return make_validator(schemas["request"], registry)


@pytest.fixture(scope="session")
def event_validator(schemas, registry) -> Draft202012Validator:
    return make_validator(schemas["event"], registry)


@pytest.fixture(scope="session")
def event_type_validators(schemas, registry) -> dict:
    """One validator per event type (its $defs entry), for precise messages when a line is invalid."""
    ref = BASE_ID + "event.schema.json#/$defs/"
    types = schemas["event"]["properties"]["type"]["enum"]
    return {t: make_validator({"$ref": ref + t}, registry) for t in types}
