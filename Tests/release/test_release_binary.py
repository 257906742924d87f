"""The release binary: what it links, and that it loads data where libpq, libcurl, SQLite and unixODBC are not installed."""

from __future__ import annotations

import gzip
import hashlib
import json
import os
import re
import sqlite3
import subprocess
import tempfile
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from conftest import HIDDEN_LIBRARIES, ODBC_LIBRARIES, REPO, require, run, run_without_libs

# NEEDED entries allowed in the release binary: glibc and the C++ runtime. The ODBC driver manager
# is opened with dlopen on the first ODBC use (Sources/FerryODBC/Handles/ODBCLibrary.swift).
ALLOWED_NEEDED = re.compile(
    r"^(libc\.so\.6|libm\.so\.6|libdl\.so\.2|libpthread\.so\.0|librt\.so\.1|libresolv\.so\.2|libutil\.so\.1"
    r"|ld-linux-[a-z0-9_-]+\.so\.\d+|libstdc\+\+\.so\.6|libgcc_s\.so\.1)$"
)
# What ldd may list besides: the vDSO.
ALLOWED_TRANSITIVE = re.compile(r"^(linux-vdso\.so\.1)$")

CSV = "id,name,amount\n1,ada,12.50\n2,grace,7\n3,edsger,0.25\n"


def needed(binary: Path) -> list[str]:
    completed = run(["readelf", "--dynamic", "--wide", binary])
    assert completed.returncode == 0, completed.describe()
    return re.findall(r"\(NEEDED\)\s+Shared library: \[([^\]]+)\]", completed.stdout)


def test_the_binary_carries_no_icu_data(binary: Path) -> None:
    # FerryCLI uses FoundationEssentials. One call that resolves to full Foundation (for example
    # String.contains(String), which is Foundation's range(of:)) links all of it, with ICU's 30 MB
    # of data (icudt*), and more than doubles the binary.
    data = binary.read_bytes()
    assert b"icudt" not in data, "full Foundation (and ICU's data) is linked: look for a Foundation-only API in the Swift sources"


def test_needed_libraries_are_only_glibc_and_the_cxx_runtime(binary: Path) -> None:
    libraries = needed(binary)
    assert "libc.so.6" in libraries
    unexpected = [name for name in libraries if not ALLOWED_NEEDED.match(name)]
    assert unexpected == [], f"the release binary needs {unexpected}; all NEEDED: {libraries}"


def test_ldd_resolves_only_allowed_libraries(binary: Path) -> None:
    completed = run(["ldd", binary])
    assert completed.returncode == 0, completed.describe()
    names = []
    for line in completed.stdout.splitlines():
        line = line.strip()
        assert "not found" not in line, completed.stdout
        name = Path(line.split(" => ")[0].split(" (")[0].strip()).name
        names.append(name)
    unexpected = [name for name in names if not (ALLOWED_NEEDED.match(name) or ALLOWED_TRANSITIVE.match(name))]
    assert unexpected == [], f"ldd lists {unexpected}:\n{completed.stdout}"
    for linked_statically in ("libpq", "libcurl", "libsqlite3", "libz", "libssl", "libcrypto", "libgnutls", "libswiftCore"):
        assert not any(name.startswith(linked_statically + ".") for name in names), completed.stdout
    # Opened at run time, for ODBC only: neither the driver manager nor its libltdl load at start.
    assert not any(name.startswith(("libodbc.", "libltdl.")) for name in names), completed.stdout


@pytest.mark.parametrize("suffix", ["", ".gz"])
def test_binary_and_gzip_have_matching_sha256_files(binary: Path, suffix: str) -> None:
    artifact = binary.with_name(binary.name + suffix)
    checksum = artifact.with_name(artifact.name + ".sha256")
    assert checksum.is_file(), f"no {checksum}"
    digest, name = checksum.read_text().rstrip("\n").split("  ")
    assert name == artifact.name
    assert digest == hashlib.sha256(artifact.read_bytes()).hexdigest()
    verified = run(["sha256sum", "--check", "--strict", checksum.name], cwd=artifact.parent)
    assert verified.returncode == 0, verified.describe()


def test_gzip_artifact_holds_the_binary(binary: Path) -> None:
    packed = binary.with_name(binary.name + ".gz")
    assert gzip.decompress(packed.read_bytes()) == binary.read_bytes()


def test_the_libraries_are_really_hidden(can_hide_libraries: None) -> None:
    # Without this, the tests below could pass because hiding silently did nothing.
    probe = "import ctypes, sys\nfor name in sys.argv[1:]:\n    ctypes.CDLL(name)\n"
    for library, patterns in (
        ("libpq.so.5", HIDDEN_LIBRARIES), ("libcurl.so.4", HIDDEN_LIBRARIES), ("libsqlite3.so.0", HIDDEN_LIBRARIES),
        ("libodbc.so.2", ODBC_LIBRARIES),
    ):
        visible = run(["python3", "-c", probe, library])
        assert visible.returncode == 0, f"{library} should load outside the namespace\n{visible.describe()}"
        hidden = run_without_libs(["python3", "-c", probe, library], hidden=patterns)
        assert hidden.returncode != 0 and "cannot open shared object file" in hidden.stderr, hidden.describe()


def test_version_json_runs_without_libpq_libcurl_and_sqlite(binary: Path, binary_version: str, can_hide_libraries: None) -> None:
    completed = run_without_libs([binary, "version", "--json"])
    assert completed.returncode == 0, completed.describe()
    document = json.loads(completed.stdout)
    assert document["ferry"] == binary_version
    libraries = document["libraries"]
    assert re.match(r"^3\.\d+", libraries["sqlite"]), libraries
    assert re.match(r"^1[5-9]\.\d+", libraries["libpq"]), libraries
    assert re.match(r"^[78]\.\d+", libraries["libcurl"]), libraries


def test_load_into_sqlite_without_libpq_libcurl_and_sqlite(binary: Path, tmp_path: Path, can_hide_libraries: None) -> None:
    (tmp_path / "people.csv").write_text(CSV)
    completed = run_without_libs(
        [binary, "load", "people.csv", "--to", "sqlite:people.db", "--table", "people", "--json"], cwd=tmp_path
    )
    assert completed.returncode == 0, completed.describe()
    result = completed.events[-1]
    assert (result["type"], result["rows_written"], result["rows_rejected"]) == ("run_completed", 3, 0), result
    with sqlite3.connect(tmp_path / "people.db") as connection:
        rows = connection.execute("select id, name, amount from people order by id").fetchall()
    # SQLite keeps decimals as numbers (Docs/decisions/0002-sqlite-exactness.md).
    assert rows == [(1, "ada", 12.5), (2, "grace", 7), (3, "edsger", 0.25)]


# What a failed ODBC run says without unixODBC (Sources/FerryODBC/Handles/ODBCLibrary.swift).
NO_DRIVER_MANAGER = (
    "ODBC needs unixODBC's driver manager (libodbc.so.2), which is not installed: install `unixodbc` "
    "(Debian/Ubuntu) or `unixODBC` (RHEL, Fedora), or set FERRY_ODBC_LIBRARY to its path ("
)


def test_without_unixodbc_version_and_sqlite_work_and_odbc_fails_clearly(binary: Path, tmp_path: Path, can_hide_libraries: None) -> None:
    # A machine with glibc only: no unixODBC, libpq, libcurl or SQLite. ferry starts; only ODBC needs libodbc.
    bare = HIDDEN_LIBRARIES + ODBC_LIBRARIES
    version = run_without_libs([binary, "version", "--json"], hidden=bare)
    assert version.returncode == 0, version.describe()
    libraries = json.loads(version.stdout)["libraries"]
    assert libraries["unixodbc"] is None, libraries
    assert re.match(r"^3\.\d+", libraries["sqlite"]), libraries
    text = run_without_libs([binary, "version"], hidden=bare)
    assert text.returncode == 0 and "  unixodbc unavailable\n" in text.stdout, text.describe()

    (tmp_path / "people.csv").write_text(CSV)
    sqlite = run_without_libs([binary, "load", "people.csv", "--to", "sqlite:people.db", "--table", "people", "--json"], cwd=tmp_path, hidden=bare)
    assert sqlite.returncode == 0, sqlite.describe()
    assert sqlite.events[-1]["rows_written"] == 3, sqlite.events[-1]

    password = "pa55-w0rd-do-not-print"
    connection = f"odbc:Driver={ODBC_DRIVERS / 'libsqlite3odbc.so'};Database={tmp_path / 'odbc.db'};PWD={password}"
    target = run_without_libs([binary, "load", "people.csv", "--to", connection, "--table", "people", "--json"], cwd=tmp_path, hidden=bare)
    assert target.returncode == 5, target.describe()
    failed = target.events[-1]
    assert failed["type"] == "run_failed", failed
    error = failed["error"]
    assert (error["code"], error["category"], error["stage"], error["retryable"]) == (
        "target_unavailable", "target", "connect", False), error
    assert error["message"].startswith(NO_DRIVER_MANAGER), error
    assert "libodbc.so.2: cannot open shared object file" in error["message"], error
    assert f"ferry: error: {NO_DRIVER_MANAGER}" in target.stderr, target.describe()

    source = run_without_libs([binary, "load", connection, "--source-table", "people", "--to", "out.csv", "--json"], cwd=tmp_path, hidden=bare)
    assert source.returncode == 4, source.describe()
    assert source.events[-1]["error"]["code"] == "source_unreadable", source.events[-1]
    assert source.events[-1]["error"]["message"].startswith(NO_DRIVER_MANAGER), source.events[-1]
    for completed in (target, source):
        assert password not in completed.stdout and password not in completed.stderr, completed.describe()


def psql(pg_url: str, sql: str) -> str:
    require(run(["sh", "-c", "command -v psql"]).returncode == 0, "psql is needed to check the PostgreSQL table")
    completed = run(["psql", "--no-psqlrc", "--tuples-only", "--no-align", "--field-separator=|", "--dbname", pg_url, "--command", sql])
    assert completed.returncode == 0, completed.describe()
    return completed.stdout.strip()


def test_load_into_postgres_without_libpq_libcurl_and_sqlite(
    binary: Path, tmp_path: Path, pg_url: str, can_hide_libraries: None
) -> None:
    table = f"release_{uuid.uuid4().hex[:12]}"
    (tmp_path / "people.csv").write_text(CSV)
    try:
        completed = run_without_libs(
            [binary, "load", "people.csv", "--to", pg_url, "--table", table, "--json"], cwd=tmp_path
        )
        assert completed.returncode == 0, completed.describe()
        result = completed.events[-1]
        assert (result["type"], result["rows_written"]) == ("run_completed", 3), result
        assert psql(pg_url, f"select id, name, amount from {table} order by id") == "1|ada|12.50\n2|grace|7\n3|edsger|0.25"
    finally:
        psql(pg_url, f"drop table if exists {table}")


def test_gssapi_encryption_request_fails_with_a_message_naming_gssapi(binary: Path, tmp_path: Path, pg_url: str) -> None:
    # The static build has no GSSAPI (Sources/CReleaseStubs): asking for it must say so, not hang or crash.
    (tmp_path / "people.csv").write_text(CSV)
    separator = "&" if "?" in pg_url else "?"
    completed = run(
        [binary, "load", "people.csv", "--to", f"{pg_url}{separator}gssencmode=require", "--table", "never", "--json"],
        cwd=tmp_path, env={"PGCONNECT_TIMEOUT": "10"},
    )
    assert completed.returncode == 5, completed.describe()
    error = completed.events[-1]["error"]
    assert error["code"] == "target_unavailable", error
    # libpq's own text: the same a dynamically linked libpq gives a user without a Kerberos ticket.
    assert "GSSAPI encryption required but was impossible" in error["message"], error


ODBC_DRIVERS = Path("/usr/lib") / f"{os.uname().machine}-linux-gnu" / "odbc"


def test_odbc_drivers_with_their_own_libpq_and_openssl_load_in_the_release_binary(binary: Path, tmp_path: Path, pg_url: str) -> None:
    # psqlODBC brings the shared libpq and OpenSSL next to ferry's static copies; a fully static
    # binary crashes here (../shared/notes/static-build.md). The SQLite driver brings libsqlite3.
    psqlodbc, sqliteodbc = ODBC_DRIVERS / "psqlodbcw.so", ODBC_DRIVERS / "libsqlite3odbc.so"
    require(psqlodbc.is_file() and sqliteodbc.is_file(), "the ODBC drivers are needed: odbc-postgresql, libsqliteodbc")
    (tmp_path / "people.csv").write_text(CSV)
    url = re.fullmatch(r"postgresql://([^:]+):([^@]+)@([^:/]+):(\d+)/(.+)", pg_url)
    assert url, pg_url
    user, password, host, port, database = url.groups()
    table = f"release_odbc_{uuid.uuid4().hex[:12]}"
    targets = [
        (f"Driver={psqlodbc};Server={host};Port={port};Database={database};UID={user};PWD={password}", table),
        (f"Driver={sqliteodbc};Database={tmp_path / 'odbc.db'}", "people"),
    ]
    try:
        for connection, name in targets:
            request = {
                "contract_version": 1,
                "source": {"kind": "file", "path": "people.csv"},
                "target": {"kind": "odbc", "connection": connection, "table": name},
                "mode": "create",
            }
            (tmp_path / "odbc.json").write_text(json.dumps(request))
            completed = run([binary, "run", "--request", "odbc.json"], cwd=tmp_path)
            assert completed.returncode == 0, completed.describe()
            assert completed.events[-1]["rows_written"] == 3, completed.events[-1]
        assert psql(pg_url, f"select count(*) from {table}") == "3"
        with sqlite3.connect(tmp_path / "odbc.db") as connection:
            assert connection.execute("select count(*) from people").fetchone() == (3,)
    finally:
        psql(pg_url, f"drop table if exists {table}")


@pytest.fixture(scope="module")
def gss_auth_url() -> Iterator[str]:
    """A throwaway server of its own (scripts/pg-test-server.sh) whose role ferry_gss must use GSSAPI."""
    require(run(["sh", "-c", "command -v psql"]).returncode == 0, "psql is needed to configure the GSSAPI server")
    # Directly under /tmp, which the postgres user can reach; the script chowns it and `stop` removes it.
    directory = Path(tempfile.mkdtemp(prefix="ferry-release-gss-", dir="/tmp"))
    script = REPO / "scripts" / "pg-test-server.sh"
    started = run([script, "start", directory, str(os.getpid())])
    try:
        assert started.returncode == 0, started.describe()
        settings = dict(line.split("=", 1) for line in (directory / "env").read_text().splitlines() if "=" in line)
        hba = directory / "data" / "pg_hba.conf"
        hba.write_text("host all ferry_gss 127.0.0.1/32 gss\n" + hba.read_text())
        psql(settings["FERRY_TEST_PG_URL"], "create role ferry_gss login; select pg_reload_conf()")
        yield f"postgresql://ferry_gss@127.0.0.1:{settings['PGPORT']}/{settings['PGDATABASE']}"
    finally:
        stopped = run([script, "stop", directory])
        assert stopped.returncode == 0, stopped.describe()


def test_gssapi_authentication_fails_saying_this_build_has_no_gssapi(binary: Path, tmp_path: Path, gss_auth_url: str) -> None:
    # The server asks for GSSAPI; the stubs (Sources/CReleaseStubs/gssapi_stubs.c) give libpq the text.
    (tmp_path / "people.csv").write_text(CSV)
    completed = run(
        [binary, "load", "people.csv", "--to", gss_auth_url, "--table", "never", "--json"],
        cwd=tmp_path, env={"PGCONNECT_TIMEOUT": "10", "PGPASSWORD": ""},
    )
    assert completed.returncode == 5, completed.describe()
    message = completed.events[-1]["error"]["message"]
    assert (
        "GSSAPI name import error: GSSAPI/Kerberos is not available in this ferry build "
        "(a static release build; see Docs/install.md): use password (SCRAM), certificate or another "
        "non-Kerberos authentication"
    ) in message, message


def test_hidden_library_patterns_cover_the_four_packages() -> None:
    # The patterns must match what Debian's packages install; a rename would make hiding a no-op.
    for package, pattern in (
        ("libpq5", "libpq.so*"), ("libcurl4", "libcurl.so*"), ("libsqlite3-0", "libsqlite3.so*"), ("libodbc2", "libodbc.so*"),
    ):
        listed = subprocess.run(["dpkg", "-L", package], capture_output=True, text=True)
        require(listed.returncode == 0, f"{package} is not installed, so there is nothing to hide")
        libraries = [Path(line).name for line in listed.stdout.splitlines() if ".so" in Path(line).name]
        assert libraries, f"{package} lists no shared library"
        assert pattern in HIDDEN_LIBRARIES + ODBC_LIBRARIES
        prefix = pattern.rstrip("*")
        assert all(name.startswith(prefix) for name in libraries), (package, libraries)
