"""The GitHub Action, run locally: its steps with $GITHUB_OUTPUT and $GITHUB_STEP_SUMMARY in temp files."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

from action_runner import ActionRun, parse_output_file, run_action
from conftest import REPO

ACTION = REPO / "integrations" / "github-action"
CSV = "id,name\n1,ada\n2,grace\n3,edsger\n"
BAD_CSV = "id,name\n1,ada\ntwo,grace\n3,edsger\n"


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    path = tmp_path / "workspace"
    path.mkdir()
    (path / "people.csv").write_text(CSV)
    (path / "bad.csv").write_text(BAD_CSV)
    return path


@pytest.fixture
def runner_temp(tmp_path: Path) -> Path:
    path = tmp_path / "runner-temp"
    path.mkdir()
    return path


def act(inputs: dict[str, str], workspace: Path, runner_temp: Path) -> ActionRun:
    return run_action(ACTION, inputs, workspace, runner_temp)


def describe(result: ActionRun) -> str:
    return f"failed step: {result.failed_step}\nlog:\n{result.log}\nsummary:\n{result.summary}"


def test_no_run_line_interpolates_an_expression() -> None:
    action = yaml.safe_load((ACTION / "action.yml").read_text())
    assert action["runs"]["using"] == "composite"
    for step in action["runs"]["steps"]:
        assert "${{" not in step["run"], step
        for value in (step.get("env") or {}).values():
            assert re.fullmatch(r"\$\{\{ (inputs|steps)\.[A-Za-z0-9_.-]+ \}\}", value), value


def test_load_command_line_writes_outputs_and_summary(binary: Path, workspace: Path, runner_temp: Path) -> None:
    result = act({"binary": str(binary), "load": "people.csv --to sqlite:out.db --table people"}, workspace, runner_temp)
    assert result.failed_step is None, describe(result)
    outputs = result.outputs
    assert (outputs["status"], outputs["rows_written"], outputs["rows_rejected"], outputs["exit_code"]) == ("completed", "3", "0", "0")
    assert re.fullmatch(r"[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[0-9a-f]{4}-[0-9a-f]{12}", outputs["run_id"]), outputs
    event = json.loads(outputs["result"])
    assert (event["type"], event["run_id"], event["rows_written"]) == ("run_completed", outputs["run_id"], 3)
    assert outputs["ferry_path"] == str(binary.resolve())
    events = [json.loads(line) for line in Path(outputs["events_file"]).read_text().splitlines()]
    assert events[0]["type"] == "run_started" and events[-1] == event
    assert (workspace / "out.db").is_file()
    assert result.summary.startswith("### ferry: ferry/load_people completed\n")
    assert "| Status | completed |" in result.summary
    assert "| Rows written | 3 |" in result.summary
    assert "| Rows rejected | 0 |" in result.summary
    assert f"| Run ID | {outputs['run_id']} |" in result.summary
    assert "::error" not in result.log


def test_request_file_from_the_installed_wheel(wheel: Path, workspace: Path, runner_temp: Path) -> None:
    request = {
        "contract_version": 1,
        "source": {"kind": "file", "path": "people.csv"},
        "target": {"kind": "sqlite", "path": "req.db", "table": "people"},
        "mode": "create",
    }
    (workspace / "load.json").write_text(json.dumps(request))
    result = act({"wheel": str(wheel), "request": "load.json"}, workspace, runner_temp)
    assert result.failed_step is None, describe(result)
    assert (result.outputs["status"], result.outputs["rows_written"]) == ("completed", "3")
    assert Path(result.outputs["ferry_path"]).is_relative_to(runner_temp / "ferry-bin-venv")
    assert (workspace / "req.db").is_file()


def test_rejected_rows_fail_the_step_with_an_error_annotation(binary: Path, workspace: Path, runner_temp: Path) -> None:
    result = act({"binary": str(binary), "load": "bad.csv --to sqlite:bad.db --table people --column id:bigint"}, workspace, runner_temp)
    assert result.failed_step == "run", describe(result)
    assert result.exit_codes["run"] == 6
    outputs = result.outputs
    assert (outputs["status"], outputs["rows_written"], outputs["rows_rejected"], outputs["exit_code"]) == ("failed", "0", "1", "6")
    assert json.loads(outputs["result"])["error"]["code"] == "rejects_exceeded"
    assert re.search(r"^::error title=ferry%3A rejects_exceeded::.+\(exit code 6\)$", result.log, re.MULTILINE), result.log
    assert "| Status | failed |" in result.summary
    assert "| Error | rejects_exceeded: " in result.summary


def test_fail_on_error_false_keeps_the_step_green_but_still_annotates(binary: Path, workspace: Path, runner_temp: Path) -> None:
    inputs = {"binary": str(binary), "load": "bad.csv --to sqlite:bad.db --column id:bigint", "fail-on-error": "false"}
    result = act(inputs, workspace, runner_temp)
    assert result.failed_step is None, describe(result)
    assert result.outputs["status"] == "failed"
    assert "::error title=ferry%3A rejects_exceeded::" in result.log


def test_a_bad_command_line_fails_without_a_result(binary: Path, workspace: Path, runner_temp: Path) -> None:
    result = act({"binary": str(binary), "load": "people.csv --no-such-flag"}, workspace, runner_temp)
    assert result.failed_step == "run", describe(result)
    assert (result.outputs["status"], result.outputs["result"], result.outputs["exit_code"]) == ("failed", "", "2")
    # The annotation and the summary carry ferry's own error line, not the `See '… --help'` hint after it.
    annotation = re.search(r"^::error title=ferry%3A failed::ferry exited with code 2 and wrote no result: (.+)$", result.log, re.MULTILINE)
    assert annotation, result.log
    assert "--no-such-flag" in annotation.group(1) and "--help" not in annotation.group(1), annotation.group(0)
    assert "### ferry: failed (exit code 2, no result)" in result.summary
    assert re.search(r"^\| Error \| .*--no-such-flag.* \|$", result.summary, re.MULTILINE), result.summary


def test_inputs_never_reach_a_shell(binary: Path, workspace: Path, runner_temp: Path) -> None:
    hostile = "people.csv --to 'sqlite:$(touch pwned-1).db' --table \"`touch pwned-2`\"; touch pwned-3 && echo ${HOME}"
    result = act({"binary": str(binary), "load": hostile}, workspace, runner_temp)
    assert result.failed_step == "run", describe(result)
    assert not list(workspace.glob("pwned*")) and not list(runner_temp.glob("pwned*"))
    # The words reached ferry verbatim: it names the unexpected `touch` argument it was given.
    assert "touch" in result.log, describe(result)


def test_workflow_commands_in_ferry_output_are_neutralised(binary: Path, workspace: Path, runner_temp: Path) -> None:
    # A file name with a line feed: ferry's log escapes it (`x\n::warning::…` stays on one line),
    # and the action wraps ferry's output in ::stop-commands:: in any case, so no line of it can
    # act as a workflow command.
    (workspace / "x\n::warning::injected.csv").write_text(CSV)
    result = act({"binary": str(binary), "load": "'x\n::warning::injected.csv' --to sqlite:x.db --table t"}, workspace, runner_temp)
    assert result.failed_step is None, describe(result)
    stop = re.search(r"^::stop-commands::([0-9a-f]{32})$", result.log, re.MULTILINE)
    assert stop, result.log
    resume = result.log.index(f"\n::{stop.group(1)}::\n")
    assert "ferry: loading x\\n::warning::injected.csv" in result.log[stop.end():resume], result.log
    assert not re.search(r"^::warning::injected\.csv", result.log, re.MULTILINE), result.log


@pytest.mark.parametrize(
    ("inputs", "message"),
    [
        ({"load": "people.csv"}, "set the `binary` input"),
        ({"binary": "missing/ferry", "load": "people.csv"}, "binary: no executable file at missing/ferry"),
    ],
)
def test_install_problems_are_annotated(inputs: dict[str, str], message: str, workspace: Path, runner_temp: Path) -> None:
    result = act(inputs, workspace, runner_temp)
    assert result.failed_step == "install", describe(result)
    assert "::error title=ferry action%3A install::" + message in result.log


@pytest.mark.parametrize(
    ("inputs", "message"),
    [
        ({}, "give exactly one of the `request` and `load` inputs"),
        ({"request": "load.json", "load": "people.csv"}, "give exactly one of the `request` and `load` inputs"),
        ({"load": "people.csv 'unbalanced"}, "load: cannot split the command line: No closing quotation"),
        ({"load": "people.csv", "fail-on-error": "maybe"}, "fail-on-error: expected true or false, found 'maybe'"),
        ({"load": "people.csv", "working-directory": "nowhere"}, "working-directory: nowhere is not a directory"),
    ],
)
def test_run_problems_are_annotated(binary: Path, inputs: dict[str, str], message: str, workspace: Path, runner_temp: Path) -> None:
    result = act({"binary": str(binary), **inputs}, workspace, runner_temp)
    assert result.failed_step == "run", describe(result)
    assert "::error title=ferry action%3A run::" + message in result.log


def test_output_file_parser_reads_both_forms() -> None:
    text = "a=1\nresult<<ghadelimiter_x\n{\"k\": \"v=w\"}\nline two\nghadelimiter_x\nb=x<<y\n"
    assert parse_output_file(text) == {"a": "1", "result": "{\"k\": \"v=w\"}\nline two", "b": "x<<y"}


def test_ferry_is_on_the_path_of_later_steps(binary: Path, workspace: Path, runner_temp: Path) -> None:
    result = act({"binary": str(binary), "load": "people.csv --to sqlite:out.db --table people"}, workspace, runner_temp)
    assert result.failed_step is None, describe(result)
    assert len(result.path) == 1, result.path
    added = Path(result.path[0])
    # Only a `ferry` link is added: a wheel's venv/bin would also shadow python and pip.
    assert sorted(entry.name for entry in added.iterdir()) == ["ferry"]
    environment = result.later_step_environment()
    found = shutil.which("ferry", path=environment["PATH"])
    assert found is not None and Path(found).resolve() == binary.resolve(), (found, environment["PATH"])
    later = subprocess.run(["ferry", "version", "--json"], cwd=workspace, env=environment, capture_output=True, text=True, timeout=60)
    assert later.returncode == 0, later.stderr
    assert "ferry" in json.loads(later.stdout)


def test_the_install_step_adds_the_path_again_on_a_second_run(binary: Path, workspace: Path, runner_temp: Path) -> None:
    # A job may use the action twice: the second install replaces the link rather than failing.
    for _ in range(2):
        result = act({"binary": str(binary), "load": "people.csv --to sqlite:out.db --table people --mode replace"}, workspace, runner_temp)
        assert result.failed_step is None, describe(result)
    assert Path(result.path[0], "ferry").resolve() == binary.resolve()


def bad_rows_file(workspace: Path, bad: int) -> Path:
    """A CSV with `bad` rows whose id is not a number, on lines 3, 5, 7, …"""
    lines = ["id,name"]
    for number in range(1, 2 * bad + 2):
        lines.append(f"{number},ok" if number % 2 else f"x{number},bad")
    path = workspace / "data" / "many-bad.csv"
    path.parent.mkdir(exist_ok=True)
    path.write_text("\n".join(lines) + "\n")
    return path


def test_rejected_rows_become_warning_annotations_and_the_reject_file_an_output(binary: Path, workspace: Path, runner_temp: Path) -> None:
    bad_rows_file(workspace, 12)
    inputs = {
        "binary": str(binary),
        "load": "data/many-bad.csv --to sqlite:bad.db --table people --column id:bigint --max-rejects 100%",
    }
    result = act(inputs, workspace, runner_temp)
    assert result.failed_step is None, describe(result)
    assert (result.outputs["status"], result.outputs["rows_rejected"]) == ("completed", "12")
    reject_file = Path(result.outputs["reject_file"])
    assert reject_file.is_absolute() and reject_file.is_file(), result.outputs
    assert len(reject_file.read_text().splitlines()) == 12
    # The first ten rows, each at its line of the source file (relative to the workspace), then one
    # line saying how many more there are.
    warnings = re.findall(r"^::warning file=data/many-bad\.csv,line=(\d+),title=ferry%3A rejected row::(.+)$", result.log, re.MULTILINE)
    assert [int(line) for line, _ in warnings] == [3, 5, 7, 9, 11, 13, 15, 17, 19, 21], result.log
    assert all("id" in message for _, message in warnings), warnings
    assert re.search(r"^::warning title=ferry%3A rejected rows::12 rows rejected; the first 10 are annotated", result.log, re.MULTILINE), result.log


def test_the_reject_file_output_is_empty_without_rejects(binary: Path, workspace: Path, runner_temp: Path) -> None:
    result = act({"binary": str(binary), "load": "people.csv --to sqlite:out.db --table people"}, workspace, runner_temp)
    assert result.failed_step is None, describe(result)
    assert result.outputs["reject_file"] == ""
    assert "::warning" not in result.log


def test_the_reject_file_is_resolved_in_the_working_directory(binary: Path, workspace: Path, runner_temp: Path) -> None:
    bad_rows_file(workspace, 1)
    inputs = {
        "binary": str(binary), "working-directory": "data",
        "load": "many-bad.csv --to sqlite:bad.db --table people --column id:bigint --max-rejects 1",
    }
    result = act(inputs, workspace, runner_temp)
    assert result.failed_step is None, describe(result)
    reject_file = Path(result.outputs["reject_file"])
    assert reject_file.parent == (workspace / "data").resolve() and reject_file.is_file(), result.outputs
    assert re.search(r"^::warning file=data/many-bad\.csv,line=3,", result.log, re.MULTILINE), result.log


def test_the_json_events_are_in_a_collapsed_group(binary: Path, workspace: Path, runner_temp: Path) -> None:
    result = act({"binary": str(binary), "load": "people.csv --to sqlite:out.db --table people"}, workspace, runner_temp)
    assert result.failed_step is None, describe(result)
    group = re.search(r"^::group::ferry events \((\d+) JSON lines, also in (.+)\)\n(.*?)^::endgroup::$", result.log, re.MULTILINE | re.DOTALL)
    assert group, result.log
    inside = group.group(3).splitlines()
    # Workflow commands stay stopped inside the group too.
    assert re.fullmatch(r"::stop-commands::[0-9a-f]{32}", inside[0]) and inside[-1] == f"::{inside[0].split('::')[2]}::", inside
    events = [json.loads(line) for line in inside[1:-1]]
    assert len(events) == int(group.group(1)) and events[0]["type"] == "run_started" and events[-1]["type"] == "run_completed"
    assert group.group(2) == result.outputs["events_file"]
    outside = result.log[: group.start()] + result.log[group.end():]
    assert not re.search(r'^\{"contract_version"', outside, re.MULTILINE), outside
