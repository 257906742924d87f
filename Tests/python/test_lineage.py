"""Every OpenLineage event Ferry emits validates against the official OpenLineage 2-0-2 schemas.

The schemas are not part of this repository: they are read from $FERRY_OPENLINEAGE_SCHEMAS, else
../shared/openlineage next to the repository (OpenLineage.json and facets/*.json). The facet files
reference the core schema by $id, so all of them go into one `referencing` registry. Each event is
validated as a RunEvent, then each facet against its own schema, found through its _schemaURL.

Events come from two places: runs of the real binary made here (file and console transports,
completed, failed, export, parent linkage) and every event the Swift tests captured in
$FERRY_LINEAGE_CAPTURE (scripts/test.sh sets it; the Swift tests run first).
"""

import json
import os
import sqlite3
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator
from referencing import Registry, Resource

REPO = Path(__file__).resolve().parents[2]
CORE_ID = "https://openlineage.io/spec/2-0-2/OpenLineage.json"
PARENT = "airflow/orders_dag.load_orders/0190c6a1-7c2e-7e3a-9b1d-2f4a6c8e0b13"


def schema_dir() -> Path | None:
    for candidate in (os.environ.get("FERRY_OPENLINEAGE_SCHEMAS"), REPO.parent / "shared" / "openlineage", "/work/shared/openlineage"):
        if candidate and (Path(candidate) / "OpenLineage.json").is_file():
            return Path(candidate)
    return None


@pytest.fixture(scope="session")
def openlineage():
    """(registry, core validator, facet schema ids) from the official schema files."""
    directory = schema_dir()
    if directory is None:
        message = "the OpenLineage schemas are missing: set FERRY_OPENLINEAGE_SCHEMAS to the folder holding OpenLineage.json and facets/"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    resources = []
    for path in [directory / "OpenLineage.json", *sorted((directory / "facets").glob("*.json"))]:
        contents = json.loads(path.read_text(encoding="utf-8"))
        resources.append((contents["$id"], Resource.from_contents(contents)))
    registry = Registry().with_resources(resources)
    core = Draft202012Validator({"$ref": CORE_ID + "#/$defs/RunEvent"}, registry=registry, format_checker=Draft202012Validator.FORMAT_CHECKER)
    return registry, core, {uri for uri, _ in resources}


def facets_of(event: dict):
    """Every facet in the event, with where it sits."""
    for key, facet in event["run"].get("facets", {}).items():
        yield f"run.facets.{key}", facet
    for key, facet in event["job"].get("facets", {}).items():
        yield f"job.facets.{key}", facet
    for side, extra in (("inputs", "inputFacets"), ("outputs", "outputFacets")):
        for index, dataset in enumerate(event.get(side, [])):
            for group in ("facets", extra):
                for key, facet in dataset.get(group, {}).items():
                    yield f"{side}[{index}].{group}.{key}", facet


def validate(event: dict, openlineage) -> None:
    registry, core, known = openlineage
    errors = [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in core.iter_errors(event)]
    assert not errors, f"not a valid OpenLineage RunEvent: {errors}\n{json.dumps(event)}"
    for where, facet in facets_of(event):
        url = facet["_schemaURL"]
        document, _, pointer = url.partition("#")
        assert document in known, f"{where}: _schemaURL {url} is not one of the official schema files"
        validator = Draft202012Validator({"$ref": url}, registry=registry, format_checker=Draft202012Validator.FORMAT_CHECKER)
        errors = [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validator.iter_errors(facet)]
        assert not errors, f"{where} does not match {url}: {errors}"


def read_lines(path: Path) -> list:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def test_a_completed_load_into_sqlite(ferry, tmp_path, openlineage):
    (tmp_path / "orders.csv").write_text("id,name,amount\n1,a,1.5\n2,b,2.25\n", encoding="utf-8")
    env = {"OPENLINEAGE_CONFIG": str(write_config(tmp_path)), "OPENLINEAGE_URL": "", "OPENLINEAGE_DISABLED": "",
           "OPENLINEAGE_PARENT_ID": PARENT}
    run = ferry("load", "orders.csv", "--json", cwd=tmp_path, env=env)
    assert run.returncode == 0, run.describe()
    events = read_lines(tmp_path / "lineage.jsonl")
    assert [e["eventType"] for e in events] == ["START", "COMPLETE"]
    for event in events:
        validate(event, openlineage)
    complete = events[1]
    assert complete["run"]["runId"] == run.result["run_id"]
    assert complete["run"]["facets"]["parent"]["job"]["name"] == "orders_dag.load_orders"
    assert complete["job"]["facets"]["jobType"]["jobType"] == "LOAD"
    output = complete["outputs"][0]
    assert output["namespace"] == "file" and output["name"].endswith("/ferry.db#orders")
    assert output["outputFacets"]["outputStatistics"]["rowCount"] == 2
    assert [f["name"] for f in output["facets"]["schema"]["fields"]] == ["id", "name", "amount"]
    assert run.result["lineage"]["outputs"] == [{"namespace": output["namespace"], "name": output["name"]}]


def write_config(directory: Path) -> Path:
    config = directory / "openlineage.yml"
    config.write_text(f"transport:\n  type: file\n  log_file_path: {directory / 'lineage.jsonl'}\n", encoding="utf-8")
    return config


def test_a_failed_load_and_an_export(ferry, tmp_path, openlineage):
    (tmp_path / "a.csv").write_text("id\n1\n", encoding="utf-8")
    env = {"OPENLINEAGE_CONFIG": str(write_config(tmp_path)), "OPENLINEAGE_URL": "", "OPENLINEAGE_DISABLED": ""}
    assert ferry("load", "a.csv", "--json", cwd=tmp_path, env=env).returncode == 0
    failed = ferry("load", "a.csv", "--json", cwd=tmp_path, env=env)
    assert failed.returncode == 5, failed.describe()
    exported = ferry("load", "sqlite:ferry.db", "--source-table", "a", "--to", "a_out.jsonl", "--json", cwd=tmp_path, env=env)
    assert exported.returncode == 0, exported.describe()
    events = read_lines(tmp_path / "lineage.jsonl")
    assert [e["eventType"] for e in events] == ["START", "COMPLETE", "START", "FAIL", "START", "COMPLETE"]
    for event in events:
        validate(event, openlineage)
    assert "already exists" in events[3]["run"]["facets"]["errorMessage"]["message"]
    export = events[5]
    assert export["job"]["facets"]["jobType"]["jobType"] == "EXPORT"
    assert export["outputs"][0]["outputFacets"]["outputStatistics"]["size"] == (tmp_path / "a_out.jsonl").stat().st_size


def test_checks_become_data_quality_facets_of_the_input(ferry, tmp_path, openlineage):
    (tmp_path / "orders.csv").write_text("id,email\n1,a@example.com\n2,\n2,b@example\n", encoding="utf-8")
    (tmp_path / "checks.yaml").write_text(
        "checks:\n  - rule: not_null\n    column: email\n    severity: warn\n"
        "  - rule: unique\n    columns: [id]\n", encoding="utf-8")
    env = {"OPENLINEAGE_CONFIG": str(write_config(tmp_path)), "OPENLINEAGE_URL": "", "OPENLINEAGE_DISABLED": ""}
    run = ferry("load", "orders.csv", "--checks", "checks.yaml", "--json", cwd=tmp_path, env=env)
    assert run.returncode == 7, run.describe()
    events = read_lines(tmp_path / "lineage.jsonl")
    assert [e["eventType"] for e in events] == ["START", "FAIL"]
    for event in events:
        validate(event, openlineage)
    facets = events[1]["inputs"][0]["inputFacets"]
    assertions = facets["dataQualityAssertions"]["assertions"]
    assert [(a["name"], a["assertion"], a["success"], a.get("column"), a["severity"]) for a in assertions] == [
        ("not_null_email", "not_null", False, "email", "warn"), ("unique_id", "unique", False, "id", "error")]
    metrics = facets["dataQualityMetrics"]
    assert metrics["rowCount"] == 3
    # Number columns get sum, min, max and quartiles (nearest rank: exact below 4096 values).
    assert metrics["columnMetrics"] == {
        "id": {"nullCount": 0, "count": 3, "distinctCount": 2, "sum": 5, "min": 1, "max": 2,
               "quantiles": {"0.25": 1, "0.5": 2, "0.75": 2}},
        "email": {"nullCount": 1, "count": 2, "distinctCount": 2},
    }


def test_no_secret_reaches_lineage(ferry, tmp_path, openlineage):
    (tmp_path / "a.csv").write_text("id\n1\n", encoding="utf-8")
    request = {
        "contract_version": 1,
        "source": {"kind": "file", "path": "a.csv"},
        "target": {"kind": "postgres", "connection": "postgresql://loader:hunter2@127.0.0.1:1/shop", "table": "t"},
        "lineage": {"transport": {"type": "console"}},
    }
    run = ferry.run_request(request, cwd=tmp_path, env={"PGCONNECT_TIMEOUT": "10"})
    assert run.returncode == 5, run.describe()
    events = [json.loads(line) for line in run.stderr.splitlines() if line.startswith('{"eventTime"')]
    assert [e["eventType"] for e in events] == ["START", "FAIL"]
    for event in events:
        validate(event, openlineage)
    assert events[1]["outputs"][0]["namespace"] == "postgres://127.0.0.1:1"
    assert events[1]["outputs"][0]["name"] == "shop.public.t"
    assert "hunter2" not in run.stderr and "hunter2" not in run.stdout


def test_every_event_the_swift_tests_captured(openlineage):
    directory = os.environ.get("FERRY_LINEAGE_CAPTURE")
    if not directory:
        if os.environ.get("CI") == "true":
            pytest.fail("FERRY_LINEAGE_CAPTURE is not set: scripts/test.sh sets it for the Swift tests")
        pytest.skip("FERRY_LINEAGE_CAPTURE is not set (scripts/test.sh sets it and runs the Swift tests first)")
    files = sorted(Path(directory).glob("*.jsonl"))
    assert files, f"no captured OpenLineage events in {directory}"
    count = 0
    for path in files:
        for event in read_lines(path):
            validate(event, openlineage)
            count += 1
    assert count >= 10
