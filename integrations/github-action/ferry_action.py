"""The steps of the Ferry GitHub Action (action.yml): `install` and `run`.

    python3 ferry_action.py install    # FERRY_INPUT_BINARY or FERRY_INPUT_WHEEL -> output ferry_path
    python3 ferry_action.py run        # FERRY_BIN, FERRY_INPUT_REQUEST or FERRY_INPUT_LOAD, ...

Inputs arrive as environment variables (set by action.yml's `env:`), never through a shell, and
ferry runs from an argument list: nothing a workflow passes in is ever parsed by a shell. Outputs
go to $GITHUB_OUTPUT, the summary table to $GITHUB_STEP_SUMMARY, failures become `::error::`
annotations. Python's standard library only.
"""

from __future__ import annotations

import collections
import html
import json
import os
import secrets
import shlex
import subprocess
import sys
import tempfile
import threading
from pathlib import Path
from typing import IO, NoReturn

RESULT_TYPES = ("run_completed", "run_failed")


class ActionError(Exception):
    """A problem with the action's inputs or environment; reported as one `::error::` annotation."""


# ---- workflow commands and files -------------------------------------------------------------


def escape_data(text: str) -> str:
    """Escapes a workflow command's message (GitHub's toolkit: %, CR and LF)."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    """Escapes a workflow command's property value (also `:` and `,`)."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def annotate_error(message: str, title: str) -> None:
    print(f"::error title={escape_property(title)}::{escape_data(message)}", flush=True)


def write_outputs(values: dict[str, str]) -> None:
    """Appends each value to $GITHUB_OUTPUT in the multi-line form, with a fresh random delimiter."""
    path = os.environ.get("GITHUB_OUTPUT")
    if not path:
        raise ActionError("GITHUB_OUTPUT is not set: this script runs as a step of the Ferry action")
    with open(path, "a", encoding="utf-8") as file:
        for name, value in values.items():
            delimiter = f"ghadelimiter_{secrets.token_hex(16)}"
            file.write(f"{name}<<{delimiter}\n{value}\n{delimiter}\n")


def write_summary(markdown: str) -> None:
    path = os.environ.get("GITHUB_STEP_SUMMARY")
    if path:
        with open(path, "a", encoding="utf-8") as file:
            file.write(markdown)


# ---- install -----------------------------------------------------------------------------------


def run_quietly(command: list[str], what: str) -> str:
    try:
        completed = subprocess.run(command, capture_output=True, text=True, stdin=subprocess.DEVNULL)
    except OSError as error:
        raise ActionError(f"{what}: {error}") from error
    if completed.returncode != 0:
        detail = (completed.stderr.strip() or completed.stdout.strip()).splitlines()[-3:]
        raise ActionError(f"{what} failed (exit {completed.returncode}): {' '.join(detail)}")
    return completed.stdout


def install_from_wheel(wheel: str) -> Path:
    """Installs ferry-bin into a venv under $RUNNER_TEMP and returns its ferry_bin.binary_path()."""
    venv = Path(os.environ.get("RUNNER_TEMP") or tempfile.gettempdir()) / "ferry-bin-venv"
    run_quietly([sys.executable, "-m", "venv", "--clear", str(venv)], f"creating a venv at {venv}")
    python = str(venv / "bin" / "python")
    pip = [python, "-m", "pip", "install", "--quiet", "--disable-pip-version-check", "--no-input"]
    local = Path(wheel).expanduser()
    if local.is_file():
        pip += ["--no-index", "--no-deps", str(local.resolve())]
    else:
        pip += ["--", wheel]
    run_quietly(pip, f"pip install {wheel}")
    output = run_quietly([python, "-c", "import ferry_bin; print(ferry_bin.binary_path())"], "finding the ferry binary")
    return Path(output.strip())


def install() -> int:
    binary = os.environ.get("FERRY_INPUT_BINARY", "").strip()
    wheel = os.environ.get("FERRY_INPUT_WHEEL", "").strip()
    if binary:
        path = Path(binary).expanduser()
        if not path.is_file() or not os.access(path, os.X_OK):
            raise ActionError(f"binary: no executable file at {binary}")
        path = path.resolve()
    elif wheel:
        path = install_from_wheel(wheel)
    else:
        raise ActionError("set the `binary` input (a ferry executable) or the `wheel` input (a ferry-bin wheel or requirement)")
    version = run_quietly([str(path), "version"], f"running {path} version")
    print(version, end="", flush=True)
    write_outputs({"ferry_path": str(path)})
    return 0


# ---- run ---------------------------------------------------------------------------------------


def command_line(ferry: str) -> list[str]:
    request = os.environ.get("FERRY_INPUT_REQUEST", "").strip()
    load = os.environ.get("FERRY_INPUT_LOAD", "")
    if bool(request) == bool(load.strip()):
        raise ActionError("give exactly one of the `request` and `load` inputs")
    if request:
        return [ferry, "run", "--request", request]
    try:
        arguments = shlex.split(load)
    except ValueError as error:
        raise ActionError(f"load: cannot split the command line: {error}") from error
    if arguments[:2] == ["ferry", "load"]:
        arguments = arguments[2:]
    # --json first: after a `--` in the arguments it would be taken for a file name.
    return [ferry, "load", *([] if "--json" in arguments else ["--json"]), *arguments]


def forward(stream: IO[str], sink: IO[str], tail: collections.deque[str]) -> None:
    for line in stream:
        sink.write(line)
        sink.flush()
        tail.append(line.rstrip("\n"))


def endpoint(value: object) -> str:
    if not isinstance(value, dict):
        return ""
    details = [str(value[key]) for key in ("path", "connection", "schema", "table") if value.get(key) is not None]
    return f"{value.get('kind', '')}: {' '.join(details)}".strip(": ")


def cell(value: object) -> str:
    text = html.escape(" ".join(str(value).split()), quote=False)
    return text.replace("|", "\\|")


def summary(result: dict | None, exit_code: int, stderr_tail: list[str]) -> str:
    if result is None:
        lines = [
            f"### ferry: failed (exit code {exit_code}, no result)",
            "",
            "| Field | Value |",
            "| --- | --- |",
            f"| Exit code | {exit_code} |",
        ]
        if stderr_tail:
            lines.append(f"| Last error line | {cell(stderr_tail[-1])} |")
        return "\n".join(lines) + "\n\n"
    job = result.get("job") if isinstance(result.get("job"), dict) else {}
    name = "/".join(str(job[key]) for key in ("namespace", "name") if job.get(key))
    rows = [
        ("Status", result.get("status", "")),
        ("Job", name),
        ("Mode", result.get("mode") or ""),
        ("Source", endpoint(result.get("source"))),
        ("Target", endpoint(result.get("target"))),
        ("Rows read", result.get("rows_read", "")),
        ("Rows written", result.get("rows_written", "")),
        ("Rows rejected", result.get("rows_rejected", "")),
        ("Duration", f"{result.get('duration_ms', '')} ms"),
        ("Run ID", result.get("run_id", "")),
        ("Exit code", exit_code),
    ]
    if result.get("reject_file"):
        rows.append(("Reject file", result["reject_file"]))
    error = result.get("error") if isinstance(result.get("error"), dict) else None
    if error:
        rows.append(("Error", f"{error.get('code', '')}: {error.get('message', '')}"))
    lines = [f"### ferry: {cell(name or 'run')} {cell(result.get('status', ''))}", "", "| Field | Value |", "| --- | --- |"]
    lines += [f"| {label} | {cell(value)} |" for label, value in rows]
    return "\n".join(lines) + "\n\n"


def parse_result(line: str) -> dict | None:
    try:
        event = json.loads(line)
    except ValueError:
        return None
    return event if isinstance(event, dict) and event.get("type") in RESULT_TYPES else None


def run() -> int:
    ferry = os.environ.get("FERRY_BIN", "")
    if not ferry:
        raise ActionError("FERRY_BIN is empty: the install step did not run")
    fail_on_error = os.environ.get("FERRY_INPUT_FAIL_ON_ERROR", "true").strip().lower()
    if fail_on_error not in ("true", "false"):
        raise ActionError(f"fail-on-error: expected true or false, found {fail_on_error!r}")
    directory = Path(os.environ.get("FERRY_INPUT_WORKING_DIRECTORY") or ".")
    if not directory.is_dir():
        raise ActionError(f"working-directory: {directory} is not a directory")
    command = command_line(ferry)
    temp = Path(os.environ.get("RUNNER_TEMP") or tempfile.gettempdir())
    descriptor, events_name = tempfile.mkstemp(prefix="ferry-events-", suffix=".jsonl", dir=temp)

    try:
        process = subprocess.Popen(
            command, cwd=directory, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
            text=True, encoding="utf-8", errors="replace",
        )
    except OSError as error:
        os.close(descriptor)
        raise ActionError(f"cannot start {ferry}: {error}") from error
    stdout, stderr = process.stdout, process.stderr
    if stdout is None or stderr is None:  # both are pipes, as requested above
        raise ActionError("ferry's output pipes were not opened")
    # ferry's output is echoed to the log; no line of it may act as a workflow command. Nothing of
    # it is read before this marker (it waits in the pipes).
    token = secrets.token_hex(16)
    print(f"::stop-commands::{token}", flush=True)
    stderr_tail: collections.deque[str] = collections.deque(maxlen=20)
    last_line = ""
    reader = threading.Thread(target=forward, args=(stderr, sys.stderr, stderr_tail), daemon=True)
    reader.start()
    with os.fdopen(descriptor, "w", encoding="utf-8") as events:
        for line in stdout:
            events.write(line)
            sys.stdout.write(line)
            sys.stdout.flush()
            if line.strip():
                last_line = line.strip()
    exit_code = process.wait()
    reader.join()
    print(f"::{token}::", flush=True)

    result = parse_result(last_line)
    status = result.get("status", "failed") if result else "failed"
    write_outputs({
        "status": str(status),
        "rows_written": str(result.get("rows_written", 0) if result else 0),
        "rows_rejected": str(result.get("rows_rejected", 0) if result else 0),
        "run_id": str(result.get("run_id", "") if result else ""),
        "result": last_line if result else "",
        "exit_code": str(exit_code),
        "events_file": events_name,
    })
    write_summary(summary(result, exit_code, list(stderr_tail)))

    if exit_code == 0 and status == "completed":
        return 0
    error = result.get("error") if result and isinstance(result.get("error"), dict) else None
    if error:
        annotate_error(f"{error.get('message', '')} (exit code {exit_code})", f"ferry: {error.get('code', 'failed')}")
    else:
        last = f": {stderr_tail[-1]}" if stderr_tail else ""
        annotate_error(f"ferry exited with code {exit_code} and wrote no result{last}", "ferry: failed")
    # A negative code is a signal (subprocess's convention); the step then fails with 1.
    return (exit_code if exit_code > 0 else 1) if fail_on_error == "true" else 0


def main(arguments: list[str]) -> NoReturn:
    steps = {"install": install, "run": run}
    if len(arguments) != 1 or arguments[0] not in steps:
        print(f"usage: {Path(__file__).name} install|run", file=sys.stderr)
        sys.exit(2)
    try:
        sys.exit(steps[arguments[0]]())
    except ActionError as error:
        annotate_error(str(error), f"ferry action: {arguments[0]}")
        sys.exit(1)


if __name__ == "__main__":
    main(sys.argv[1:])
