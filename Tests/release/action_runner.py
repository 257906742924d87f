"""Runs a composite action's steps locally, the way the GitHub runner does, for the tests.

Reads action.yml, fills each step's `env:` from the inputs (with their defaults) and earlier steps'
outputs, runs `run:` with `bash --noprofile --norc -eo pipefail` and its own $GITHUB_OUTPUT and
$GITHUB_PATH files (stdout and stderr in one log, as the runner shows them; a directory a step adds
to $GITHUB_PATH goes first on PATH for every later step, and `path` returns them for the job's),
shares one $GITHUB_STEP_SUMMARY, stops at the first failing step (composite steps default to
`if: success()`), and resolves the action's `outputs:`. Only the expressions action.yml may use are
understood (`inputs.*`, `steps.<id>.outputs.*`); anything else fails the test, and so does an
expression inside a `run:` (inputs must never be interpolated into a shell string).
"""

from __future__ import annotations

import os
import re
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

import yaml

EXPRESSION = re.compile(r"\$\{\{\s*(.*?)\s*\}\}")


@dataclass
class ActionRun:
    """What one local run of the action produced."""

    outputs: dict[str, str]
    step_outputs: dict[str, dict[str, str]]
    summary: str
    log: str  # stdout and stderr together, in order, as the runner's log shows them
    failed_step: str | None
    exit_codes: dict[str, int] = field(default_factory=dict)
    # Directories added to $GITHUB_PATH, newest first: the front of PATH for the job's later steps.
    path: list[str] = field(default_factory=list)

    def later_step_environment(self) -> dict[str, str]:
        """The environment of a later step of the job: PATH with the added directories in front."""
        environment = dict(os.environ)
        environment["PATH"] = os.pathsep.join([*self.path, environment.get("PATH", "")])
        return environment


def parse_output_file(text: str) -> dict[str, str]:
    """Parses a $GITHUB_OUTPUT file: `name=value` lines and `name<<DELIMITER` blocks."""
    values: dict[str, str] = {}
    lines = text.split("\n")
    index = 0
    while index < len(lines):
        line = lines[index]
        index += 1
        if not line:
            continue
        if "<<" in line and ("=" not in line or line.index("<<") < line.index("=")):
            name, delimiter = line.split("<<", 1)
            block: list[str] = []
            while index < len(lines) and lines[index] != delimiter:
                block.append(lines[index])
                index += 1
            if index >= len(lines):
                raise ValueError(f"output {name!r}: no closing delimiter")
            index += 1
            values[name] = "\n".join(block)
        else:
            name, value = line.split("=", 1)
            values[name] = value
    return values


def evaluate(text: str, inputs: dict[str, str], steps: dict[str, dict[str, str]]) -> str:
    def replace(match: re.Match[str]) -> str:
        expression = match.group(1)
        if expression.startswith("inputs."):
            return inputs[expression.removeprefix("inputs.")]
        step = re.fullmatch(r"steps\.([A-Za-z0-9_-]+)\.outputs\.([A-Za-z0-9_-]+)", expression)
        if step:
            return steps.get(step.group(1), {}).get(step.group(2), "")
        raise ValueError(f"expression not understood by the local runner: {expression}")

    return EXPRESSION.sub(replace, str(text))


def run_action(action_dir: Path, inputs: dict[str, str], workspace: Path, temp: Path) -> ActionRun:
    action = yaml.safe_load((action_dir / "action.yml").read_text())
    assert action["runs"]["using"] == "composite"
    declared = action.get("inputs", {})
    unknown = set(inputs) - set(declared)
    assert not unknown, f"inputs the action does not declare: {unknown}"
    values = {name: str(spec.get("default", "")) for name, spec in declared.items()}
    values.update(inputs)

    summary_file = temp / "step-summary.md"
    summary_file.touch()
    steps: dict[str, dict[str, str]] = {}
    exit_codes: dict[str, int] = {}
    log: list[str] = []
    added_path: list[str] = []
    failed_step = None
    for number, step in enumerate(action["runs"]["steps"]):
        step_id = step.get("id", f"step{number}")
        assert step.get("shell") == "bash", f"step {step_id}: shell must be bash"
        assert "if" not in step, f"step {step_id}: the local runner supports only the default if: success()"
        assert not EXPRESSION.search(step["run"]), f"step {step_id}: an expression inside run: reaches the shell"
        output_file = temp / f"output-{step_id}"
        output_file.write_text("")
        path_file = temp / f"path-{step_id}"
        path_file.write_text("")
        environment = {
            key: value for key, value in os.environ.items()
            if not key.startswith(("GITHUB_", "RUNNER_", "FERRY_INPUT_")) and key != "FERRY_BIN"
        }
        environment.update({
            "GITHUB_ACTION_PATH": str(action_dir),
            "GITHUB_OUTPUT": str(output_file),
            "GITHUB_PATH": str(path_file),
            "GITHUB_STEP_SUMMARY": str(summary_file),
            "GITHUB_WORKSPACE": str(workspace),
            "RUNNER_TEMP": str(temp),
        })
        environment["PATH"] = os.pathsep.join([*added_path, environment.get("PATH", "")])
        for key, value in (step.get("env") or {}).items():
            environment[key] = evaluate(value, values, steps)
        script = temp / f"step-{step_id}.sh"
        script.write_text(step["run"])
        completed = subprocess.run(
            ["bash", "--noprofile", "--norc", "-eo", "pipefail", str(script)],
            cwd=workspace, env=environment, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, timeout=300,
        )
        log.append(completed.stdout)
        exit_codes[step_id] = completed.returncode
        steps[step_id] = parse_output_file(output_file.read_text())
        added_path = [line for line in reversed(path_file.read_text().splitlines()) if line] + added_path
        if completed.returncode != 0:
            failed_step = step_id
            break
    outputs = {name: evaluate(spec["value"], values, steps) for name, spec in action.get("outputs", {}).items()}
    return ActionRun(
        outputs=outputs, step_outputs=steps, summary=summary_file.read_text(),
        log="".join(log), failed_step=failed_step, exit_codes=exit_codes, path=added_path,
    )
