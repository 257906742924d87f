"""Fixtures for the release tests: the artifacts of scripts/build-release.sh and scripts/build-wheel.sh.

scripts/test-release.sh builds them and sets:
  FERRY_RELEASE_BINARY  the stripped release binary (its .gz and the .sha256 files lie next to it)
  FERRY_RELEASE_WHEEL   the ferry-bin wheel (and its .sha256)
  FERRY_TEST_PG_URL     the PostgreSQL test server (scripts/pg-test-server.sh)
A test whose artifact or server is missing is skipped, with the reason, outside CI; under CI
(CI=true) it fails instead, so nothing is skipped there.
"""

from __future__ import annotations

import json
import os
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
WITHOUT_LIBS = Path(__file__).resolve().parent / "without-libs.sh"
# The shared libraries of Debian's libpq5, libcurl4 and libsqlite3-0 (and their -dev symlinks).
HIDDEN_LIBRARIES = ("libpq.so*", "libcurl.so*", "libsqlite3.so*")
# unixODBC's driver manager (libodbc2, and unixodbc-dev's symlink), which ferry opens only for ODBC.
ODBC_LIBRARIES = ("libodbc.so*",)
TIMEOUT_SECONDS = 120


def in_ci() -> bool:
    return os.environ.get("CI", "").lower() == "true"


def require(condition: bool, reason: str) -> None:
    """Skips the test with `reason` outside CI; fails it under CI, where nothing may be skipped."""
    if condition:
        return
    if in_ci():
        pytest.fail(f"required under CI: {reason}")
    pytest.skip(reason)


def environment_path(name: str, what: str) -> Path:
    value = os.environ.get(name, "")
    require(bool(value), f"{name} is not set ({what}); run scripts/test-release.sh")
    path = Path(value)
    require(path.exists(), f"{name}={value} does not exist ({what})")
    return path


@dataclass
class Completed:
    """A finished process: exit code and output, with a description for assertion messages."""

    args: list[str]
    returncode: int
    stdout: str
    stderr: str

    def describe(self) -> str:
        return f"{' '.join(self.args)} exited {self.returncode}\nstdout:\n{self.stdout}\nstderr:\n{self.stderr}"

    @property
    def events(self) -> list[dict]:
        return [json.loads(line) for line in self.stdout.splitlines() if line.strip()]


def run(args: list[str], cwd: Path | None = None, env: dict[str, str] | None = None) -> Completed:
    merged = dict(os.environ)
    merged.update(env or {})
    completed = subprocess.run(
        [str(arg) for arg in args], cwd=cwd, env=merged, capture_output=True, text=True,
        timeout=TIMEOUT_SECONDS, stdin=subprocess.DEVNULL,
    )
    return Completed([str(arg) for arg in args], completed.returncode, completed.stdout, completed.stderr)


def run_without_libs(
    args: list[str], cwd: Path | None = None, env: dict[str, str] | None = None, hidden: tuple[str, ...] = HIDDEN_LIBRARIES
) -> Completed:
    """Runs `args` where the `hidden` libraries (default: libpq5's, libcurl4's and libsqlite3-0's) do
    not exist (without-libs.sh)."""
    return run([str(WITHOUT_LIBS), *hidden, "--", *args], cwd=cwd, env=env)


@pytest.fixture(scope="session")
def binary() -> Path:
    return environment_path("FERRY_RELEASE_BINARY", "the release binary")


@pytest.fixture(scope="session")
def wheel() -> Path:
    return environment_path("FERRY_RELEASE_WHEEL", "the ferry-bin wheel")


@pytest.fixture(scope="session")
def pg_url() -> str:
    url = os.environ.get("FERRY_TEST_PG_URL", "")
    require(bool(url), "FERRY_TEST_PG_URL is not set: start scripts/pg-test-server.sh")
    return url


@pytest.fixture(scope="session")
def can_hide_libraries() -> None:
    """The library-hiding tests need root (unshare and an overlay mount); CI runs as root."""
    require(os.geteuid() == 0, "hiding libraries needs root (unshare --mount and an overlay mount)")


@pytest.fixture(scope="session")
def binary_version(binary: Path) -> str:
    completed = run([binary, "version", "--json"])
    assert completed.returncode == 0, completed.describe()
    return json.loads(completed.stdout)["ferry"]
