"""Builds the ferry-bin platform wheel around a release ``ferry`` binary, with the standard library only.

    python3 packaging/ferry-bin/build_wheel.py --binary PATH --out DIR

Prints the wheel's path. The wheel (PEP 427) holds ``ferry_bin/`` from ``src/``, the binary as
``ferry_bin/bin/ferry`` (mode 0755), and the metadata from ``pyproject.toml``. Its tag is
``py3-none-manylinux_2_N_ARCH``: N is the newest ``GLIBC_2.N`` symbol version the binary needs
(PEP 600), ARCH its ELF machine. The version is the binary's (``ferry version --json``). File
dates are fixed, so the same binary gives the same wheel, byte for byte.
"""

from __future__ import annotations

import argparse
import base64
import hashlib
import json
import re
import subprocess
import sys
import tomllib
import zipfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
DATE = (2020, 1, 1, 0, 0, 0)  # a fixed timestamp for reproducible archives
ELF_MACHINES = {"Advanced Micro Devices X86-64": "x86_64", "AArch64": "aarch64"}


class BuildError(Exception):
    """A wheel cannot be built from this binary or project; the message says why."""


def run(command: list[str]) -> str:
    try:
        return subprocess.run(command, check=True, capture_output=True, text=True).stdout
    except FileNotFoundError as error:
        raise BuildError(f"{command[0]} is needed: {error}") from error
    except subprocess.CalledProcessError as error:
        raise BuildError(f"{' '.join(command)} failed ({error.returncode}): {error.stderr.strip()}") from error


def binary_version(binary: Path) -> str:
    document = json.loads(run([str(binary), "version", "--json"]))
    version = document.get("ferry")
    if not isinstance(version, str) or not re.fullmatch(r"\d+(\.\d+)*([a-z0-9.+-]*)", version):
        raise BuildError(f"{binary} reports no usable version: {version!r}")
    return version


def platform_tag(binary: Path) -> str:
    """``manylinux_2_N_ARCH`` for the binary's newest GLIBC_2.N requirement and its machine."""
    header = run(["readelf", "--file-header", str(binary)])
    machine = re.search(r"^\s*Machine:\s*(.+?)\s*$", header, re.MULTILINE)
    if machine is None or machine.group(1) not in ELF_MACHINES:
        raise BuildError(f"{binary}: not an x86_64 or aarch64 ELF executable")
    versions = run(["readelf", "--version-info", "--wide", str(binary)])
    needs = [int(minor) for minor in re.findall(r"\bName: GLIBC_2\.(\d+)\b", versions)]
    if not needs:
        raise BuildError(f"{binary}: no GLIBC_2.N symbol versions found; is it linked against glibc?")
    return f"manylinux_2_{max(needs)}_{ELF_MACHINES[machine.group(1)]}"


def metadata(project: dict, version: str, readme: str) -> str:
    lines = [
        "Metadata-Version: 2.1",
        f"Name: {project['name']}",
        f"Version: {version}",
        f"Summary: {project['description']}",
        f"Requires-Python: {project['requires-python']}",
        f"License: {project['license']['text']}",
        f"Keywords: {','.join(project.get('keywords', []))}",
    ]
    lines += [f"Classifier: {classifier}" for classifier in project.get("classifiers", [])]
    lines += ["Description-Content-Type: text/markdown", "", readme]
    return "\n".join(lines)


def record_line(name: str, data: bytes) -> str:
    digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
    return f"{name},sha256={digest},{len(data)}"


def add(archive: zipfile.ZipFile, records: list[str], name: str, data: bytes, mode: int = 0o644) -> None:
    info = zipfile.ZipInfo(name, date_time=DATE)
    info.external_attr = (0o100000 | mode) << 16  # a regular file with these permission bits
    info.compress_type = zipfile.ZIP_DEFLATED
    archive.writestr(info, data, compresslevel=9)
    records.append(record_line(name, data))


def build(binary: Path, out: Path) -> Path:
    project = tomllib.loads((HERE / "pyproject.toml").read_text())["project"]
    version = binary_version(binary)
    tag = f"py3-none-{platform_tag(binary)}"
    distribution = project["name"].replace("-", "_")
    dist_info = f"{distribution}-{version}.dist-info"
    out.mkdir(parents=True, exist_ok=True)
    wheel = out / f"{distribution}-{version}-{tag}.whl"

    entry_points = "[console_scripts]\n" + "".join(
        f"{name} = {target}\n" for name, target in project.get("scripts", {}).items()
    )
    wheel_file = f"Wheel-Version: 1.0\nGenerator: ferry build_wheel.py\nRoot-Is-Purelib: false\nTag: {tag}\n"
    records: list[str] = []
    temporary = wheel.with_suffix(".whl.partial")
    with zipfile.ZipFile(temporary, "w") as archive:
        package = HERE / "src" / "ferry_bin"
        for source in sorted(package.rglob("*")):
            if source.is_file() and "__pycache__" not in source.parts:
                add(archive, records, f"ferry_bin/{source.relative_to(package).as_posix()}", source.read_bytes())
        add(archive, records, "ferry_bin/bin/ferry", binary.read_bytes(), mode=0o755)
        add(archive, records, f"{dist_info}/METADATA", metadata(project, version, (HERE / "README.md").read_text()).encode())
        add(archive, records, f"{dist_info}/WHEEL", wheel_file.encode())
        add(archive, records, f"{dist_info}/entry_points.txt", entry_points.encode())
        add(archive, records, f"{dist_info}/top_level.txt", b"ferry_bin\n")
        record = "\n".join(records + [f"{dist_info}/RECORD,,"]) + "\n"
        info = zipfile.ZipInfo(f"{dist_info}/RECORD", date_time=DATE)
        info.external_attr = (0o100000 | 0o644) << 16
        info.compress_type = zipfile.ZIP_DEFLATED
        archive.writestr(info, record)
    temporary.replace(wheel)
    return wheel


def main() -> int:
    parser = argparse.ArgumentParser(description="Build the ferry-bin wheel around a release ferry binary.")
    parser.add_argument("--binary", type=Path, required=True, help="the release ferry binary")
    parser.add_argument("--out", type=Path, required=True, help="the directory the wheel is written to")
    arguments = parser.parse_args()
    try:
        if not arguments.binary.is_file():
            raise BuildError(f"no binary at {arguments.binary}")
        print(build(arguments.binary.resolve(), arguments.out))
    except BuildError as error:
        print(f"build_wheel: error: {error}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
