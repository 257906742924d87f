"""The steps of the Ferry GitHub Action (action.yml): `install` and `run`.

    python3 ferry_action.py install    # FERRY_INPUT_BINARY or FERRY_INPUT_WHEEL -> output ferry_path
    python3 ferry_action.py run        # FERRY_BIN, FERRY_INPUT_REQUEST or FERRY_INPUT_LOAD, ...

Inputs arrive as environment variables (set by action.yml's `env:`), never through a shell, and
ferry runs from an argument list: nothing a workflow passes in is ever parsed by a shell. Outputs
go to $GITHUB_OUTPUT, the summary table to $GITHUB_STEP_SUMMARY, the directory of a `ferry`
link to $GITHUB_PATH (so later steps can run `ferry`), failures become `::error::` annotations and
the first rejected rows `::warning file=…,line=…::` annotations. Python's standard library only.
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
# At most this many rejected rows become `::warning::` annotations (the reject file has them all).
MAX_REJECT_ANNOTATIONS = 10


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


def annotate_warning(message: str, title: str, file: str | None = None, line: int | None = None) -> None:
    properties = [f"title={escape_property(title)}"]
    if file:
        properties.insert(0, f"file={escape_property(file)}")
        if line is not None:
            properties.insert(1, f"line={line}")
    print(f"::warning {','.join(properties)}::{escape_data(message)}", flush=True)


def echo_without_commands(lines: list[str]) -> None:
    """Prints lines that no workflow command in them can act on (between ::stop-commands:: markers)."""
    token = secrets.token_hex(16)
    print(f"::stop-commands::{token}", flush=True)
    for line in lines:
        print(line, flush=True)
    print(f"::{token}::", flush=True)


def write_outputs(values: dict[str, str]) -> None:
    """Appends each value to $GITHUB_OUTPUT in the multi-line form, with a fresh random delimiter."""
    path = os.environ.get("GITHUB_OUTPUT")
    if not path:
        raise ActionError("GITHUB_OUTPUT is not set: this script runs as a step of the Ferry action")
    with open(path, "a", encoding="utf-8") as file:
        for name, value in values.items():
            delimiter = f"ghadelimiter_{secrets.token_hex(16)}"
            file.write(f"{name}<<{delimiter}\n{value}\n{delimiter}\n")


def add_to_path(directory: Path) -> None:
    """Appends a directory to $GITHUB_PATH: the runner puts it first on PATH for the job's later steps."""
    path = os.environ.get("GITHUB_PATH")
    if not path:
        raise ActionError("GITHUB_PATH is not set: this script runs as a step of the Ferry action")
    with open(path, "a", encoding="utf-8") as file:
        file.write(f"{directory}\n")


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
    add_to_path(link_directory(path))
    return 0


def link_directory(binary: Path) -> Path:
    """A directory under $RUNNER_TEMP holding only a `ferry` symlink to `binary`: putting it on PATH
    adds ferry and nothing else (a wheel's venv/bin would also shadow `python` and `pip`)."""
    directory = Path(os.environ.get("RUNNER_TEMP") or tempfile.gettempdir()) / "ferry-path"
    directory.mkdir(parents=True, exist_ok=True)
    link = directory / "ferry"
    if link.is_symlink() or link.exists():
        link.unlink()
    link.symlink_to(binary)
    return directory


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
            lines.append(f"| Error | {cell(error_line(stderr_tail))} |")
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


def parse_event(line: str) -> dict | None:
    try:
        event = json.loads(line)
    except ValueError:
        return None
    return event if isinstance(event, dict) else None


def parse_result(line: str) -> dict | None:
    event = parse_event(line)
    return event if event is not None and event.get("type") in RESULT_TYPES else None


def error_line(stderr_lines: list[str]) -> str:
    """The line of ferry's stderr that says what went wrong. A usage error ends with
    `Usage: …` and `See 'ferry load --help' …`; the error itself is the `Error: …` line before them
    (`ferry: error: …` for a failed run)."""
    lines = [line.strip() for line in stderr_lines if line.strip()]
    for line in reversed(lines):
        lowered = line.lower()
        if lowered.startswith(("error:", "ferry: error:")):
            return line
    for line in reversed(lines):
        if not line.startswith(("See '", "Usage:", "usage:")):
            return line
    return lines[-1] if lines else ""


def resolve(directory: Path, path: str) -> Path:
    """`path` as ferry saw it (relative to the working directory), made absolute."""
    candidate = Path(path)
    return candidate if candidate.is_absolute() else (directory / candidate).resolve()


def annotation_path(path: Path) -> str:
    """A path for an annotation's `file=`: relative to $GITHUB_WORKSPACE (the repository) when
    inside it, as GitHub expects, else absolute."""
    workspace = os.environ.get("GITHUB_WORKSPACE")
    if workspace:
        try:
            return str(path.relative_to(Path(workspace).resolve()))
        except ValueError:
            pass
    return str(path)


def rejected_rows(reject_file: Path | None, events: list[dict], limit: int) -> list[dict]:
    """The first `limit` rejected rows: from the reject file (every row, in input order) when it can
    be read, else from the samples of the `rows_rejected` events."""
    rows: list[dict] = []
    if reject_file is not None:
        try:
            with open(reject_file, encoding="utf-8", errors="replace") as file:
                for line in file:
                    try:
                        row = json.loads(line)
                    except ValueError:
                        continue
                    if isinstance(row, dict):
                        rows.append(row)
                    if len(rows) == limit:
                        return rows
        except OSError:
            rows = []
    if rows:
        return rows
    for event in events:
        if event.get("type") == "rows_rejected" and isinstance(event.get("samples"), list):
            rows += [sample for sample in event["samples"] if isinstance(sample, dict)]
    return rows[:limit]


def annotate_rejects(result: dict, events: list[dict], directory: Path, reject_path: Path | None) -> None:
    """One `::warning file=<source>,line=<n>::` per rejected row, for the first MAX_REJECT_ANNOTATIONS."""
    total = result.get("rows_rejected") or 0
    if not isinstance(total, int) or total <= 0:
        return
    source = result.get("source") if isinstance(result.get("source"), dict) else {}
    source_file = None
    if source.get("kind") == "file" and isinstance(source.get("path"), str) and source["path"] != "-":
        source_file = annotation_path(resolve(directory, source["path"]))
    rows = rejected_rows(reject_path, events, MAX_REJECT_ANNOTATIONS)
    for row in rows:
        line = row.get("line") if isinstance(row.get("line"), int) else None
        column = f"column {row['column']}: " if row.get("column") else ""
        where = "" if source_file else (f"line {line}: " if line is not None else "")
        annotate_warning(f"{where}{column}{row.get('reason', 'rejected')}", "ferry: rejected row", source_file, line)
    if total > len(rows):
        shown = f"the first {len(rows)} are annotated" if rows else "none could be read"
        where = f" (all of them in {reject_path})" if reject_path else ""
        annotate_warning(f"{total} rows rejected; {shown}{where}", "ferry: rejected rows")


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
    directory = directory.resolve()
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
    # ferry's log lines (stderr) are echoed to the step's log as they come; no line of them may act
    # as a workflow command. Nothing of them is read before this marker (it waits in the pipe).
    token = secrets.token_hex(16)
    print(f"::stop-commands::{token}", flush=True)
    stderr_tail: collections.deque[str] = collections.deque(maxlen=50)
    reader = threading.Thread(target=forward, args=(stderr, sys.stderr, stderr_tail), daemon=True)
    reader.start()
    lines: list[str] = []
    with os.fdopen(descriptor, "w", encoding="utf-8") as events_file:
        for line in stdout:
            events_file.write(line)
            if line.strip():
                lines.append(line.rstrip("\n"))
    exit_code = process.wait()
    reader.join()
    sys.stderr.flush()
    print(f"::{token}::", flush=True)
    # The JSON events in a collapsed group, again with workflow commands stopped inside it.
    print(f"::group::ferry events ({len(lines)} JSON lines, also in {events_name})", flush=True)
    echo_without_commands(lines)
    print("::endgroup::", flush=True)

    last_line = lines[-1] if lines else ""
    result = parse_result(last_line)
    status = result.get("status", "failed") if result else "failed"
    reject_path = None
    if result and isinstance(result.get("reject_file"), str) and result["reject_file"]:
        reject_path = resolve(directory, result["reject_file"])
    write_outputs({
        "status": str(status),
        "rows_written": str(result.get("rows_written", 0) if result else 0),
        "rows_rejected": str(result.get("rows_rejected", 0) if result else 0),
        "run_id": str(result.get("run_id", "") if result else ""),
        "result": last_line if result else "",
        "exit_code": str(exit_code),
        "events_file": events_name,
        "reject_file": str(reject_path) if reject_path else "",
    })
    write_summary(summary(result, exit_code, list(stderr_tail)))
    if result:
        events = [event for event in map(parse_event, lines) if event is not None]
        annotate_rejects(result, events, directory, reject_path)

    if exit_code == 0 and status == "completed":
        return 0
    error = result.get("error") if result and isinstance(result.get("error"), dict) else None
    if error:
        annotate_error(f"{error.get('message', '')} (exit code {exit_code})", f"ferry: {error.get('code', 'failed')}")
    else:
        line = error_line(list(stderr_tail))
        annotate_error(f"ferry exited with code {exit_code} and wrote no result{': ' + line if line else ''}", "ferry: failed")
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
