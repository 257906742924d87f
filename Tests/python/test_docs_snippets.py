"""Every YAML snippet in README.md and Docs/ parses (a broken example is a bug users copy)."""
import pathlib
import re

import pytest
import yaml

ROOT = pathlib.Path(__file__).resolve().parents[2]
FENCE = re.compile(r"^(?P<indent>[ \t]*)```(?P<lang>ya?ml)[ \t]*\n(?P<body>.*?)^(?P=indent)```", re.M | re.S)


def snippets():
    files = [ROOT / "README.md"] + sorted((ROOT / "Docs").rglob("*.md"))
    for path in files:
        text = path.read_text(encoding="utf-8")
        for match in FENCE.finditer(text):
            indent = len(match.group("indent"))
            body = "".join(line[indent:] if line[:indent].isspace() else line for line in match.group("body").splitlines(True))
            line = text[: match.start()].count("\n") + 1
            yield pytest.param(body, id=f"{path.relative_to(ROOT)}:{line}")


def test_there_are_snippets():
    assert len(list(snippets())) >= 2


@pytest.mark.parametrize("body", list(snippets()))
def test_yaml_snippet_parses(body):
    document = yaml.safe_load(body)
    assert document is not None


def test_dbt_column_types_keep_their_commas():
    """The flow-style mapping that made dbt see a column named `2)` stays out of the docs."""
    text = (ROOT / "Docs" / "dbt.md").read_text(encoding="utf-8")
    for match in FENCE.finditer(text):
        document = yaml.safe_load(match.group("body"))
        seeds = (document or {}).get("seeds", {}) if isinstance(document, dict) else {}
        if not isinstance(seeds, dict):
            continue  # a properties YAML lists seeds; dbt_project.yml maps projects to seeds
        for project in seeds.values():
            for seed in project.values():
                for column, type_name in (seed.get("+column_types") or {}).items():
                    assert column != "2)" and "(" not in column, f"column_types key {column!r} is a broken type"
                    assert isinstance(type_name, str)
