"""The ferry-bin wheel: its tag and contents, and an offline install into a clean venv."""

from __future__ import annotations

import base64
import csv
import hashlib
import io
import json
import re
import sys
import zipfile
from pathlib import Path

import pytest

from conftest import REPO, run


def glibc_requirement(binary: Path) -> int:
    completed = run(["readelf", "--version-info", "--wide", binary])
    assert completed.returncode == 0, completed.describe()
    return max(int(minor) for minor in re.findall(r"\bName: GLIBC_2\.(\d+)\b", completed.stdout))


def test_wheel_is_tagged_for_the_binary_glibc_and_machine(wheel: Path, binary: Path, binary_version: str) -> None:
    name, version, python, abi, platform = wheel.name.removesuffix(".whl").split("-")
    assert (name, version, python, abi) == ("ferry_bin", binary_version, "py3", "none")
    assert platform == f"manylinux_2_{glibc_requirement(binary)}_x86_64"
    with zipfile.ZipFile(wheel) as archive:
        wheel_file = archive.read(f"ferry_bin-{version}.dist-info/WHEEL").decode()
    assert f"Tag: py3-none-{platform}\n" in wheel_file
    assert "Root-Is-Purelib: false\n" in wheel_file


def test_wheel_carries_the_release_binary_executable_and_a_valid_record(wheel: Path, binary: Path, binary_version: str) -> None:
    with zipfile.ZipFile(wheel) as archive:
        info = archive.getinfo("ferry_bin/bin/ferry")
        assert (info.external_attr >> 16) & 0o777 == 0o755
        assert archive.read(info) == binary.read_bytes()
        dist_info = f"ferry_bin-{binary_version}.dist-info"
        record = list(csv.reader(io.StringIO(archive.read(f"{dist_info}/RECORD").decode())))
        names = set(archive.namelist())
        assert {row[0] for row in record} == names
        for path, digest, size in record:
            if path == f"{dist_info}/RECORD":
                assert (digest, size) == ("", "")
                continue
            data = archive.read(path)
            expected = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
            assert (digest, int(size)) == (f"sha256={expected}", len(data)), path
        assert archive.read(f"{dist_info}/entry_points.txt").decode() == "[console_scripts]\nferry = ferry_bin.__main__:main\n"
        metadata = archive.read(f"{dist_info}/METADATA").decode()
    assert "Name: ferry-bin\n" in metadata and f"Version: {binary_version}\n" in metadata


def test_wheel_has_a_matching_sha256_file(wheel: Path) -> None:
    checksum = wheel.with_name(wheel.name + ".sha256")
    assert checksum.read_text() == f"{hashlib.sha256(wheel.read_bytes()).hexdigest()}  {wheel.name}\n"


def test_building_twice_gives_the_same_wheel(wheel: Path, binary: Path, tmp_path: Path) -> None:
    again = run([sys.executable, REPO / "packaging" / "ferry-bin" / "build_wheel.py", "--binary", binary, "--out", tmp_path])
    assert again.returncode == 0, again.describe()
    rebuilt = Path(again.stdout.strip())
    assert rebuilt.name == wheel.name
    assert rebuilt.read_bytes() == wheel.read_bytes()


@pytest.fixture(scope="module")
def venv(wheel: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A clean venv with only the wheel installed, offline (--no-index)."""
    path = tmp_path_factory.mktemp("wheel-venv") / "venv"
    created = run([sys.executable, "-m", "venv", path])
    assert created.returncode == 0, created.describe()
    installed = run([path / "bin" / "python", "-m", "pip", "install", "--no-index", "--disable-pip-version-check", wheel])
    assert installed.returncode == 0, installed.describe()
    return path


def test_ferry_entry_point_runs_the_bundled_binary(venv: Path, binary_version: str) -> None:
    completed = run([venv / "bin" / "ferry", "version", "--json"])
    assert completed.returncode == 0, completed.describe()
    assert json.loads(completed.stdout)["ferry"] == binary_version
    human = run([venv / "bin" / "ferry", "version"])
    assert human.returncode == 0 and human.stdout.startswith(f"ferry {binary_version} "), human.describe()


def test_binary_path_points_into_the_installed_package(venv: Path, binary_version: str) -> None:
    program = "import ferry_bin, json; print(json.dumps([ferry_bin.binary_path(), ferry_bin.__version__]))"
    completed = run([venv / "bin" / "python", "-c", program])
    assert completed.returncode == 0, completed.describe()
    path, version = json.loads(completed.stdout)
    assert Path(path).is_relative_to(venv) and Path(path).name == "ferry"
    assert version == binary_version
    direct = run([path, "version", "--json"])
    assert direct.returncode == 0 and json.loads(direct.stdout)["ferry"] == binary_version, direct.describe()


def test_entry_point_passes_arguments_and_exit_code_through(venv: Path, tmp_path: Path) -> None:
    # A missing source file is exit code 4 (Docs/exit-codes.md), with the run_failed result on stdout.
    completed = run([venv / "bin" / "ferry", "load", "no such file.csv", "--json"], cwd=tmp_path)
    assert completed.returncode == 4, completed.describe()
    assert completed.events[-1]["error"]["code"] == "source_not_found"
    module = run([venv / "bin" / "python", "-m", "ferry_bin", "load", "no such file.csv", "--json"], cwd=tmp_path)
    assert module.returncode == 4, module.describe()


def test_binary_path_reports_a_damaged_install(venv: Path, tmp_path: Path) -> None:
    # A copy of the package without its binary: the error names the file and the fix.
    package = Path(run([venv / "bin" / "python", "-c", "import ferry_bin; print(ferry_bin.__file__)"]).stdout.strip()).parent
    damaged = tmp_path / "ferry_bin"
    damaged.mkdir()
    for source in package.glob("*.py"):
        (damaged / source.name).write_bytes(source.read_bytes())
    completed = run([sys.executable, "-c", "import ferry_bin; ferry_bin.binary_path()"], cwd=tmp_path, env={"PYTHONPATH": str(tmp_path)})
    assert completed.returncode != 0
    assert "FileNotFoundError" in completed.stderr and "reinstall ferry-bin" in completed.stderr, completed.describe()
