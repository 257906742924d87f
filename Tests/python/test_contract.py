"""Contract v1: the committed JSON Schemas, the source files they are written from, the docs' examples,
and real `ferry` runs whose every stdout line must validate against the event schema.

Run: FERRY_BIN=.build/debug/ferry python -m pytest Tests/python -q
"""

import json
import re
import signal
import sqlite3
import subprocess
import time
import uuid
from datetime import datetime
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator

from conftest import CONTRACT_DIR, NO_SERVER_ENV, REPO, SCHEMA_FILES, TIMEOUT_SECONDS, FerryRun

RESULT_TYPES = {"run_completed", "run_failed"}
EXIT_BY_CATEGORY = {"request": 3, "source": 4, "target": 5, "rejects": 6, "cancelled": 130, "internal": 1}


# --------------------------------------------------------------------------------------------
# Helpers
# --------------------------------------------------------------------------------------------

def schema_errors(validator: Draft202012Validator, instance) -> list:
    """Every validation error, including those nested in anyOf/oneOf contexts."""
    out = []

    def visit(error):
        out.append(error)
        for child in error.context or ():
            visit(child)

    for e in validator.iter_errors(instance):
        visit(e)
    return out


def covered_paths(errors) -> set:
    """The JSON paths (in Ferry's `$.a.b[0]` notation) that schema errors point at.

    `required` and `additionalProperties` errors sit on the parent object; they also cover the
    member they name, which is where Ferry reports the problem. `uncovered_paths` also counts the
    paths beneath a missing member."""
    paths = set()
    for e in errors:
        base = e.json_path
        paths.add(base)
        if e.validator == "required" and isinstance(e.instance, dict):
            paths.update(f"{base}.{name}" for name in e.validator_value if name not in e.instance)
        if e.validator == "additionalProperties" and isinstance(e.instance, dict):
            known = set(e.schema.get("properties", {}))
            patterns = [re.compile(p) for p in e.schema.get("patternProperties", {})]
            paths.update(
                f"{base}.{name}" for name in e.instance
                if name not in known and not any(p.search(name) for p in patterns)
            )
    return paths


def missing_members(errors) -> set:
    """Paths of members that `required` errors say are absent.

    Ferry fills an absent member with its default and reports the problem inside it: with no
    target, `$.target.table` of the default SQLite target. The schema can only say `target` is
    required, so a missing member covers every path beneath it."""
    return {
        f"{e.json_path}.{name}"
        for e in errors
        if e.validator == "required" and isinstance(e.instance, dict)
        for name in e.validator_value if name not in e.instance
    }


def uncovered_paths(ferry_paths, errors) -> set:
    """Ferry's issue paths that no schema error points at (directly or through a missing parent)."""
    covered = covered_paths(errors)
    missing = missing_members(errors)
    return {
        p for p in ferry_paths
        if p not in covered and not any(p.startswith(m + ".") or p.startswith(m + "[") for m in missing)
    }


def check_event_stream(run, event_validator, event_type_validators, *, invalid_request=False) -> list:
    """Validates every stdout line and the stream's invariants; returns the events."""
    assert run.stdout.endswith("\n"), "stdout must end with a newline\n" + run.describe()
    assert "" not in run.stdout[:-1].split("\n"), "stdout holds an empty line\n" + run.describe()
    events = run.events
    assert events, "no event on stdout\n" + run.describe()

    for i, event in enumerate(events, start=1):
        if not event_validator.is_valid(event):
            specific = event_type_validators.get(event.get("type"))
            errors = list((specific or event_validator).iter_errors(event))
            detail = "\n".join(f"  {e.json_path}: {e.message}" for e in errors[:10])
            pytest.fail(f"line {i} does not match the event schema:\n{json.dumps(event)}\n{detail}\n" + run.describe())

    assert [e["seq"] for e in events] == list(range(1, len(events) + 1)), "seq must be 1..n without gaps"
    run_ids = {e["run_id"] for e in events}
    assert len(run_ids) == 1, f"run_id differs between lines: {run_ids}"
    run_id = uuid.UUID(run_ids.pop())
    assert run_id.version == 7, f"run_id {run_id} is not a UUIDv7"
    assert run_id.variant == uuid.RFC_4122
    first_ms = int(datetime.strptime(events[0]["time"], "%Y-%m-%dT%H:%M:%S.%f%z").timestamp() * 1000)
    assert abs((run_id.int >> 80) - first_ms) < 60_000, "the run_id's timestamp is not the run's start time"

    types = [e["type"] for e in events]
    assert types[-1] in RESULT_TYPES, f"the last line must be the result, found {types[-1]}"
    assert not RESULT_TYPES & set(types[:-1]), f"a result before the last line: {types}"
    if invalid_request:
        assert types == ["run_failed"], f"an invalid request must give one run_failed line only: {types}"
        result = events[-1]
        assert result["job"] is None and result["mode"] is None
        assert result["source"] is None and result["target"] is None
    else:
        assert types[0] == "run_started", f"the first line must be run_started: {types}"
        assert types.count("run_started") == 1, f"more than one run_started: {types}"

    result = events[-1]
    if result["type"] == "run_completed":
        assert run.returncode == 0, run.describe()
    else:
        assert run.returncode == EXIT_BY_CATEGORY[result["error"]["category"]], run.describe()
    return events


def event_of(events, type_name):
    found = [e for e in events if e["type"] == type_name]
    assert found, f"no {type_name} event in {[e['type'] for e in events]}"
    return found


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


GOOD_CSV = (
    "id,name,amount,active,day,created_at\n"
    "1,Ada,19.99,true,2024-01-05,2024-01-05T09:15:00Z\n"
    '2,"Grace, H.",1250.00,false,2024-01-06,2024-01-06T17:45:30+02:00\n'
    "3,Zoë,0.50,true,2024-02-29,2024-02-29T23:59:59.5Z\n"
)


# --------------------------------------------------------------------------------------------
# The schema files
# --------------------------------------------------------------------------------------------

@pytest.mark.parametrize("name", SCHEMA_FILES)
def test_schema_files_are_valid_draft_2020_12_with_their_ids(name, schema_texts):
    schema = json.loads(schema_texts[name])
    Draft202012Validator.check_schema(schema)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["$id"] == f"https://ferry.dev/contract/v1/{name}"


@pytest.mark.parametrize("name", SCHEMA_FILES)
def test_schema_files_are_pretty_printed_with_two_spaces_and_a_final_newline(name, schema_texts):
    text = schema_texts[name]
    assert text == json.dumps(json.loads(text), indent=2, ensure_ascii=False) + "\n"


@pytest.mark.parametrize("name", SCHEMA_FILES)
def test_schema_files_equal_the_sources_byte_for_byte(name, schema_texts):
    source = (REPO / "Sources/FerryCore/Contract/Schemas" / name).read_text(encoding="utf-8")
    assert source == schema_texts[name], "run: ferry contract --write Docs/contract/v1"


@pytest.mark.parametrize("short", ["request", "event"])
def test_every_property_has_a_description(short, schemas):
    missing = []

    def visit(node, path, documenting):
        if isinstance(node, dict):
            for key, value in node.get("properties", {}).items():
                if documenting and "description" not in value:
                    missing.append(f"{path}/properties/{key}")
            for key, value in node.items():
                # if/then/else/not/anyOf subschemas restate constraints; the documentation is elsewhere.
                child_documenting = documenting and key not in ("if", "then", "else", "not", "anyOf", "oneOf", "allOf")
                if key == "properties":
                    for name, sub in value.items():
                        visit(sub, f"{path}/properties/{name}", child_documenting)
                else:
                    visit(value, f"{path}/{key}", child_documenting)
        elif isinstance(node, list):
            for i, item in enumerate(node):
                visit(item, f"{path}/{i}", documenting)

    visit(schemas[short], "#", True)
    assert not missing, f"properties without a description: {missing}"


def test_request_objects_are_closed_but_allow_comment_members(schemas):
    schema = schemas["request"]
    objects = [("#", schema)] + [(f"#/$defs/{k}", v) for k, v in schema["$defs"].items() if "properties" in v and k not in ("source", "target")]
    for where, node in objects:
        assert node.get("additionalProperties") is False, f"{where} is not closed"
        assert node.get("patternProperties") == {"^\\$comment": {}}, f"{where} does not allow $comment members"


def test_event_schema_has_one_def_per_event_type_each_requiring_the_envelope(schemas):
    schema = schemas["event"]
    types = schema["properties"]["type"]["enum"]
    assert types == ["run_started", "schema_resolved", "schema_changed", "progress", "warning", "rows_rejected", "retrying", "checkpoint", "checks_completed", "run_completed", "run_failed"]
    assert schema["oneOf"] == [{"$ref": f"#/$defs/{t}"} for t in types]
    for t in types:
        d = schema["$defs"][t]
        assert d["properties"]["type"] == {"description": f"Always {t}.", "const": t}
        assert d["additionalProperties"] is False
        # A run that never started (invalid request) has no datasets to name: lineage is optional there.
        # output is there only for targets that report the files they wrote (Parquet);
        # files_loaded and files_skipped only for a glob or directory source (Docs/many-files.md);
        # checks only when the request has checks (and the input ended); rows_filtered only with a transform,
        # rows_deduplicated only with transform.dedupe.
        files = {"files_loaded", "files_skipped", "checks", "rows_filtered", "rows_deduplicated"}
        # byte_offset only where the source has byte positions (files; not stdin or databases).
        optional = {"run_completed": {"error", "output"} | files, "run_failed": {"lineage"} | files,
                    "checkpoint": {"byte_offset"}}.get(t, set())
        assert set(d["required"]) == set(d["properties"]) - optional


def test_error_codes_in_the_event_schema_are_ferrys_codes(schemas):
    swift = (REPO / "Sources/FerryCore/Errors/FerryError.swift").read_text(encoding="utf-8")
    declared = dict(re.findall(r'static let \w+ = Code\("(\w+)", \.`?(\w+)`?\)', swift))
    error = schemas["event"]["$defs"]["error"]
    assert error["properties"]["code"]["enum"] == list(declared)
    for rule in error["allOf"]:
        category = rule["if"]["properties"]["category"]["const"]
        assert rule["then"]["properties"]["code"]["enum"] == [c for c, k in declared.items() if k == category]


# --------------------------------------------------------------------------------------------
# Requests against the schema (and against ferry itself)
# --------------------------------------------------------------------------------------------

VALID_REQUESTS = {
    "minimal file source": {"contract_version": 1, "source": {"kind": "file", "path": "missing.csv"}},
    "every field, with notes and nulls": {
        "$comment": "notes are allowed in every object",
        "contract_version": 1,
        "job": {"name": "load_orders", "namespace": "shop", "$comment_owner": "data team"},
        "source": {"kind": "file", "path": "in/missing.tab.gz", "format": None, "compression": "gzip"},
        "target": {"kind": "sqlite", "path": "shop.db", "table": "orders"},
        "mode": "upsert",
        "key": ["id"],
        "columns": [
            {"name": "id", "type": "bigint", "nullable": False},
            {"name": "amount", "type": "decimal(12,2)"},
            {"name": "ratio", "type": "decimal(5)", "nullable": None},
        ],
        "options": {
            "delimiter": ";", "quote": "'", "escape": "\\", "header": False, "null_markers": ["", "NA"],
            "encoding": "latin-1", "max_rejects": "2.5%", "reject_path": "rejects.jsonl", "batch_size": 500,
            "infer_rows": 1000,
        },
    },
    "sqlite query exported to a file": {
        "contract_version": 1,
        "source": {"kind": "sqlite", "path": "missing.db", "query": "select 1 as one", "table": None},
        "target": {"kind": "file", "path": "out.unknown", "format": "jsonl"},
        "mode": "replace",
    },
    # PostgreSQL endpoints. Connections point at 127.0.0.1 port 1, where nothing listens, so a run
    # that gets as far as connecting fails at once; the file sources do not exist, so those runs
    # fail before any connection is tried.
    "file into a postgres table, with a URI, a schema and notes": {
        "contract_version": 1,
        "source": {"kind": "file", "path": "missing.csv"},
        "target": {"kind": "postgres", "connection": "postgresql://loader@127.0.0.1:1/shop?sslmode=disable&connect_timeout=5",
                   "schema": "raw", "table": "orders", "$comment": "the raw layer"},
        "mode": "replace",
    },
    "postgres target from libpq's defaults, table named after the file": {
        "contract_version": 1,
        "source": {"kind": "file", "path": "data/Orders 2024.csv"},
        "target": {"kind": "postgres", "connection": None, "schema": None, "table": None},
        "mode": "append",
    },
    "postgres table upserted into another postgres database": {
        "contract_version": 1,
        "source": {"kind": "postgres", "connection": "host=127.0.0.1 port=1 dbname=shop connect_timeout=5",
                   "schema": "public", "table": "orders", "query": None},
        "target": {"kind": "postgres", "connection": "postgresql://127.0.0.1:1/warehouse", "schema": "staging", "table": "orders"},
        "mode": "upsert",
        "key": ["id"],
    },
    "postgres query exported to a file": {
        "contract_version": 1,
        "source": {"kind": "postgres", "connection": "postgresql://127.0.0.1:1/shop", "query": "select id, amount from orders", "table": None},
        "target": {"kind": "file", "path": "orders.csv"},
    },
    "postgres table copied into sqlite": {
        "contract_version": 1,
        "source": {"kind": "postgres", "connection": "postgresql://127.0.0.1:1/shop", "table": "orders"},
        "target": {"kind": "sqlite", "path": "copy.db", "table": "orders"},
        "mode": "truncate",
    },
}

# Each invalid request, with the JSON paths ferry reports for it (the schema must fail there too).
INVALID_REQUESTS = {
    "three mistakes": (
        {"contract_version": 1, "source": {"kind": "file", "path": "a.csv"},
         "mode": "upsret", "options": {"max_rejects": "lots", "delimter": ";"}},
        {"$.mode", "$.options.max_rejects", "$.options.delimter"},
    ),
    "unknown kind and unknown member": (
        {"contract_version": 1, "source": {"kind": "ftp", "path": "a.csv"}, "targte": {"kind": "sqlite"}},
        {"$.source.kind", "$.targte"},
    ),
    "unsupported version, no source": ({"contract_version": 2}, {"$.contract_version", "$.source"}),
    "null counts as absent for required members": (
        {"contract_version": None, "source": {"kind": "file", "path": None}},
        {"$.contract_version", "$.source.path"},
    ),
    "upsert without key": (
        {"contract_version": 1, "source": {"kind": "file", "path": "a.csv"}, "mode": "upsert"},
        {"$.key"},
    ),
    "key with a mode that takes none, listed twice": (
        {"contract_version": 1, "source": {"kind": "file", "path": "a.csv"}, "key": ["id", "id"]},
        {"$.key"},
    ),
    "unknown column type and a column without one": (
        {"contract_version": 1, "source": {"kind": "file", "path": "a.csv"},
         "columns": [{"name": "id", "type": "int"}, {"name": "amount", "nullable": True}]},
        {"$.columns[0].type", "$.columns[1].type"},
    ),
    "format cannot be guessed": (
        {"contract_version": 1, "source": {"kind": "file", "path": "data.bin"}},
        {"$.source.format"},
    ),
    "sqlite source with a table and a query, target without a table": (
        {"contract_version": 1, "source": {"kind": "sqlite", "path": "s.db", "table": "t", "query": "select 1"},
         "target": {"kind": "sqlite", "path": "t.db"}},
        {"$.source.query", "$.target.table"},
    ),
    "sqlite source without table or query": (
        {"contract_version": 1, "source": {"kind": "sqlite"}, "target": {"kind": "sqlite", "table": "t"}},
        {"$.source.table"},
    ),
    "file to file": (
        {"contract_version": 1, "source": {"kind": "file", "path": "a.csv"}, "target": {"kind": "file", "path": "b.csv"}},
        {"$.target"},
    ),
    "file target: upsert mode and compression": (
        {"contract_version": 1, "source": {"kind": "sqlite", "table": "t"},
         "target": {"kind": "file", "path": "b.csv", "compression": "gzip"}, "mode": "upsert", "key": ["id"]},
        {"$.mode", "$.key", "$.target.compression"},
    ),
    "options out of range": (
        {"contract_version": 1, "source": {"kind": "file", "path": "a.csv"},
         "options": {"batch_size": 0, "delimiter": ";;", "max_rejects": "150%", "infer_rows": 1.5, "header": "yes"}},
        {"$.options.batch_size", "$.options.delimiter", "$.options.max_rejects", "$.options.infer_rows", "$.options.header"},
    ),
    "not an object": ([{"contract_version": 1}], {"$"}),
    "postgres source with a table and a query, postgres target without a table": (
        {"contract_version": 1, "source": {"kind": "postgres", "table": "t", "query": "select 1"},
         "target": {"kind": "postgres", "connection": "host=db"}},
        {"$.source.query", "$.target.table"},
    ),
    "postgres source without table or query": (
        {"contract_version": 1, "source": {"kind": "postgres", "schema": "raw"}, "target": {"kind": "sqlite", "table": "t"}},
        {"$.source.table"},
    ),
    "postgres source and no target: the default sqlite target needs a table": (
        {"contract_version": 1, "source": {"kind": "postgres", "table": "orders"}},
        {"$.target.table"},
    ),
    "sqlite source into a postgres target without a table": (
        {"contract_version": 1, "source": {"kind": "sqlite", "table": "t"}, "target": {"kind": "postgres"}},
        {"$.target.table"},
    ),
    "postgres target: empty connection, a query, a misspelt table": (
        {"contract_version": 1, "source": {"kind": "file", "path": "a.csv"},
         "target": {"kind": "postgres", "connection": "", "query": "select 1", "tabel": "t"}},
        {"$.target.connection", "$.target.query", "$.target.tabel"},
    ),
    "postgres members of the wrong type, and a sqlite member": (
        {"contract_version": 1, "source": {"kind": "postgres", "connection": 5432, "schema": ["raw"], "table": "t", "path": "x.db"},
         "target": {"kind": "sqlite", "table": "t"}},
        {"$.source.connection", "$.source.schema", "$.source.path"},
    ),
    "postgres kind misspelt": (
        {"contract_version": 1, "source": {"kind": "file", "path": "a.csv"},
         "target": {"kind": "postgresql", "connection": "postgresql://db/shop", "table": "t"}},
        {"$.target.kind"},
    ),
    "odbc source and no target: the default sqlite target needs a table": (
        {"contract_version": 1, "source": {"kind": "odbc", "connection": "DSN=w", "query": "select 1"}},
        {"$.target.table"},
    ),
    "upsert into a postgres table without a key": (
        {"contract_version": 1, "source": {"kind": "file", "path": "a.csv"},
         "target": {"kind": "postgres", "table": "t"}, "mode": "upsert"},
        {"$.key"},
    ),
}


@pytest.mark.parametrize("name", VALID_REQUESTS)
def test_valid_requests_match_the_schema(name, request_validator):
    errors = schema_errors(request_validator, VALID_REQUESTS[name])
    assert not errors, [f"{e.json_path}: {e.message}" for e in errors]


@pytest.mark.parametrize("name", VALID_REQUESTS)
def test_valid_requests_pass_ferrys_validation(name, ferry, tmp_path, event_validator, event_type_validators):
    # The sources do not exist, or their server does not listen, so the run fails after validation.
    run = ferry.run_request(VALID_REQUESTS[name], cwd=tmp_path, env=NO_SERVER_ENV)
    events = check_event_stream(run, event_validator, event_type_validators)
    error = events[-1].get("error", {})
    assert error.get("category") != "request", run.describe()
    assert "issues" not in error


@pytest.mark.parametrize("name", INVALID_REQUESTS)
def test_invalid_requests_fail_the_schema_where_ferry_reports_them(name, request_validator):
    request, ferry_paths = INVALID_REQUESTS[name]
    errors = schema_errors(request_validator, request)
    assert errors, "the schema accepted an invalid request"
    uncovered = uncovered_paths(ferry_paths, errors)
    assert not uncovered, f"no schema error at {uncovered}; schema errors: {[f'{e.json_path}: {e.message}' for e in errors]}"


@pytest.mark.parametrize("name", INVALID_REQUESTS)
def test_invalid_requests_exit_3_with_every_issue_and_its_path(name, ferry, tmp_path, event_validator, event_type_validators):
    request, ferry_paths = INVALID_REQUESTS[name]
    run = ferry.run_request(request, cwd=tmp_path)
    assert run.returncode == 3, run.describe()
    events = check_event_stream(run, event_validator, event_type_validators, invalid_request=True)
    error = events[-1]["error"]
    assert (error["code"], error["category"], error["stage"], error["retryable"]) == ("invalid_request", "request", "validate", False)
    assert {i["path"] for i in error["issues"]} == ferry_paths, json.dumps(error, indent=2)
    assert list(tmp_path.iterdir()) == [], "an invalid request must touch nothing"


def test_example_request_matches_the_schema(request_validator, tmp_path, request):
    example = REPO / "examples" / "ferry.request.json"
    if not example.exists():
        # examples/ is written by `ferry init`; until it is committed, validate what the binary writes.
        ferry = request.getfixturevalue("ferry")
        run = ferry("init", str(tmp_path), cwd=tmp_path, parse_events=False)
        assert run.returncode == 0, run.describe()
        example = tmp_path / "ferry.request.json"
    errors = schema_errors(request_validator, json.loads(example.read_text(encoding="utf-8")))
    assert not errors, [f"{e.json_path}: {e.message}" for e in errors]


def test_docs_examples_match_the_schemas(request_validator, event_validator):
    doc = (REPO / "Docs" / "contract.md").read_text(encoding="utf-8")
    blocks = re.findall(r"^```json title=\"(request|event)\"\n(.*?)^```$", doc, re.S | re.M)
    kinds = [kind for kind, _ in blocks]
    assert kinds.count("request") >= 2 and kinds.count("event") >= 7, kinds
    seen_types = set()
    for kind, body in blocks:
        if kind == "request":
            errors = schema_errors(request_validator, json.loads(body))
            assert not errors, (body, [f"{e.json_path}: {e.message}" for e in errors])
        else:
            for line in body.strip().split("\n"):
                event = json.loads(line)
                seen_types.add(event["type"])
                errors = list(event_validator.iter_errors(event))
                assert not errors, (line, [f"{e.json_path}: {e.message}" for e in errors])
    assert seen_types == set(event_validator.schema["properties"]["type"]["enum"]), "every event type needs an example"


# --------------------------------------------------------------------------------------------
# ferry contract
# --------------------------------------------------------------------------------------------

def test_ferry_contract_prints_the_committed_schemas(ferry, tmp_path, schema_texts):
    run = ferry("contract", cwd=tmp_path, parse_events=False)
    assert run.returncode == 0, run.describe()
    assert run.stdout == schema_texts["request.schema.json"] + schema_texts["event.schema.json"]
    for short in ("request", "event"):
        one = ferry("contract", "--schema", short, cwd=tmp_path, parse_events=False)
        assert one.returncode == 0, one.describe()
        assert one.stdout == schema_texts[f"{short}.schema.json"]


def test_ferry_contract_check_accepts_the_committed_files_and_write_reproduces_them(ferry, tmp_path, schema_texts):
    check = ferry("contract", "--check", str(CONTRACT_DIR), cwd=tmp_path, parse_events=False)
    assert check.returncode == 0, check.describe()
    written = ferry("contract", "--write", str(tmp_path), cwd=tmp_path, parse_events=False)
    assert written.returncode == 0, written.describe()
    for name in SCHEMA_FILES:
        assert (tmp_path / name).read_bytes() == schema_texts[name].encode("utf-8")
    (tmp_path / "event.schema.json").write_text("{}\n")
    stale = ferry("contract", "--check", str(tmp_path), cwd=tmp_path, parse_events=False)
    assert stale.returncode == 1 and "event.schema.json" in stale.stderr, stale.describe()


# --------------------------------------------------------------------------------------------
# Real runs: every stdout line validated
# --------------------------------------------------------------------------------------------

def test_a_good_csv_load_into_sqlite_exits_0(ferry, tmp_path, event_validator, event_type_validators):
    write(tmp_path / "data" / "orders.csv", GOOD_CSV)
    write(tmp_path / "load.json", json.dumps({
        "contract_version": 1,
        "source": {"kind": "file", "path": "data/orders.csv"},
        "columns": [{"name": "amount", "type": "decimal(12,2)", "nullable": False}],
    }))
    run = ferry("run", "--request", "load.json", cwd=tmp_path)
    assert run.returncode == 0, run.describe()
    events = check_event_stream(run, event_validator, event_type_validators)

    started = events[0]
    assert started["job"] == {"name": "load_orders", "namespace": "ferry"}
    assert started["target"] == {"kind": "sqlite", "path": "ferry.db", "table": "orders"}
    assert started["source"] == {"kind": "file", "path": "data/orders.csv", "format": "csv", "compression": "auto"}
    assert started["mode"] == "create"

    (resolved,) = event_of(events, "schema_resolved")
    columns = {c["name"]: c for c in resolved["columns"]}
    assert list(columns) == ["id", "name", "amount", "active", "day", "created_at"]
    assert columns["amount"]["type"] == "decimal(12,2)" and columns["amount"]["origin"] == "declared"
    assert columns["amount"]["nullable"] is False
    assert {c["origin"] for n, c in columns.items() if n != "amount"} == {"inferred"}

    result = events[-1]
    assert result["type"] == "run_completed" and result["status"] == "completed"
    assert (result["rows_read"], result["rows_written"], result["rows_rejected"]) == (3, 3, 0)
    assert result["bytes_read"] == len(GOOD_CSV.encode("utf-8"))
    assert result["reject_file"] is None
    with sqlite3.connect(tmp_path / "ferry.db") as db:
        assert db.execute("select count(*) from orders").fetchone() == (3,)


def test_a_bad_row_with_max_rejects_0_exits_6_and_leaves_no_table(ferry, tmp_path, event_validator, event_type_validators):
    write(tmp_path / "people.csv", "id,name\n1,Ada\nsecret-value,Grace\n3,Linus\n")
    request = {
        "contract_version": 1,
        "source": {"kind": "file", "path": "people.csv"},
        "target": {"kind": "sqlite", "path": "people.db", "table": "people"},
        "columns": [{"name": "id", "type": "bigint"}],
        "options": {"max_rejects": 0},
    }
    run = ferry.run_request(request, cwd=tmp_path)
    assert run.returncode == 6, run.describe()
    events = check_event_stream(run, event_validator, event_type_validators)

    rejected = event_of(events, "rows_rejected")
    assert sum(e["count"] for e in rejected) == 1
    sample = rejected[0]["samples"][0]
    assert sample["line"] == 3 and sample["column"] == "id"
    assert "secret-value" not in run.stdout and "secret-value" not in run.stderr, "a row value leaked into events or logs"

    result = events[-1]
    assert result["type"] == "run_failed" and result["status"] == "failed"
    assert (result["error"]["code"], result["error"]["category"]) == ("rejects_exceeded", "rejects")
    assert result["rows_written"] == 0 and result["rows_rejected"] == 1
    assert result["reject_file"] and (tmp_path / result["reject_file"]).is_file()
    if (tmp_path / "people.db").exists():
        with sqlite3.connect(tmp_path / "people.db") as db:
            tables = db.execute("select name from sqlite_master where type = 'table' and name = 'people'").fetchall()
        assert tables == [], "the target must be left unchanged"


def test_an_invalid_request_with_three_mistakes_exits_3_with_three_issues(ferry, tmp_path, event_validator, event_type_validators):
    text = '{"contract_version": 1, "source": {"kind": "file", "path": "a.csv"}, "mode": "upsret", "options": {"max_rejects": "lots", "delimter": ";"}}'
    write(tmp_path / "bad.json", text)
    run = ferry("run", "--request", "bad.json", cwd=tmp_path)
    assert run.returncode == 3, run.describe()
    events = check_event_stream(run, event_validator, event_type_validators, invalid_request=True)
    issues = events[0]["error"]["issues"]
    assert len(issues) == 3
    assert [i["path"] for i in issues] == ["$.mode", "$.options.delimter", "$.options.max_rejects"]
    assert 'did you mean "upsert"' in issues[0]["message"]
    assert 'did you mean "delimiter"' in issues[1]["message"]


def test_a_sqlite_table_exports_to_csv(ferry, tmp_path, event_validator, event_type_validators):
    with sqlite3.connect(tmp_path / "shop.db") as db:
        db.execute("create table items (id integer not null, label text, price real)")
        db.executemany("insert into items values (?, ?, ?)", [(1, "tea", 2.5), (2, "milk, whole", None), (3, 'say "hi"', 1.0)])
    request = {
        "contract_version": 1,
        "job": {"name": "export_items", "namespace": "tests"},
        "source": {"kind": "sqlite", "path": "shop.db", "table": "items"},
        "target": {"kind": "file", "path": "items.csv"},
    }
    run = ferry.run_request(request, cwd=tmp_path)
    assert run.returncode == 0, run.describe()
    events = check_event_stream(run, event_validator, event_type_validators)
    assert events[0]["target"] == {"kind": "file", "path": "items.csv", "format": "csv", "compression": "none"}
    (resolved,) = event_of(events, "schema_resolved")
    assert [c["name"] for c in resolved["columns"]] == ["id", "label", "price"]
    assert events[-1]["rows_written"] == 3

    lines = (tmp_path / "items.csv").read_text(encoding="utf-8").splitlines()
    assert lines[0] == "id,label,price"
    assert lines[1].startswith("1,tea,2.5")
    assert lines[2].startswith('2,"milk, whole",')
    assert lines[3].startswith('3,"say ""hi""",1')


@pytest.mark.parametrize("case,code,exit_code", [
    ("source file missing", "source_not_found", 4),
    ("table exists in create mode", "target_exists", 5),
])
def test_failures_end_with_run_failed_and_the_documented_exit_code(case, code, exit_code, ferry, tmp_path, event_validator, event_type_validators):
    write(tmp_path / "t.csv", "id\n1\n")
    request = {"contract_version": 1, "source": {"kind": "file", "path": "t.csv"}, "target": {"kind": "sqlite", "path": "x.db", "table": "t"}}
    if case == "source file missing":
        request["source"]["path"] = "nope.csv"
    else:
        with sqlite3.connect(tmp_path / "x.db") as db:
            db.execute("create table t (id integer)")
    run = ferry.run_request(request, cwd=tmp_path)
    assert run.returncode == exit_code, run.describe()
    events = check_event_stream(run, event_validator, event_type_validators)
    error = events[-1]["error"]
    assert error["code"] == code and error["retryable"] is False
    assert events[-1]["rows_written"] == 0


def test_the_init_example_runs_and_every_event_matches(ferry, tmp_path, event_validator, event_type_validators):
    init = ferry("init", "demo", cwd=tmp_path, parse_events=False)
    assert init.returncode == 0, init.describe()
    run = ferry("run", "--request", "ferry.request.json", cwd=tmp_path / "demo")
    assert run.returncode == 0, run.describe()
    events = check_event_stream(run, event_validator, event_type_validators)
    assert events[-1]["rows_written"] == 8
    (resolved,) = event_of(events, "schema_resolved")
    types = {c["name"]: c["type"] for c in resolved["columns"]}
    assert types["amount"] == "decimal(12,2)" and types["zip"] == "text"


def test_update_with_unmatched_keys_warns_rows_not_matched(ferry, tmp_path, event_validator, event_type_validators):
    with sqlite3.connect(tmp_path / "u.db") as db:
        db.execute("create table t (id integer primary key, name text)")
        db.executemany("insert into t values (?, ?)", [(1, "a"), (2, "b")])
    write(tmp_path / "t.csv", "id,name\n1,A\n5,E\n6,F\n")
    request = {"contract_version": 1, "source": {"kind": "file", "path": "t.csv"},
               "target": {"kind": "sqlite", "path": "u.db", "table": "t"}, "mode": "update", "key": ["id"]}
    run = ferry.run_request(request, cwd=tmp_path)
    assert run.returncode == 0, run.describe()
    events = check_event_stream(run, event_validator, event_type_validators)
    (warning,) = event_of(events, "warning")
    assert warning["code"] == "rows_not_matched"
    assert (events[-1]["rows_read"], events[-1]["rows_written"]) == (3, 1)
    (resolved,) = event_of(events, "schema_resolved")
    assert {c["origin"] for c in resolved["columns"]} == {"target"}


@pytest.mark.parametrize("args,stdin", [
    (["run", "--request", "missing.json"], ""), (["run"], ""),
    (["run", "--validate", "--request", "missing.json"], ""), (["run", "--validate"], ""),
])
def test_an_unreadable_request_gives_one_run_failed_and_exit_3(args, stdin, ferry, tmp_path, event_validator, event_type_validators):
    run = ferry(*args, cwd=tmp_path, stdin=stdin)
    assert run.returncode == 3, run.describe()
    events = check_event_stream(run, event_validator, event_type_validators, invalid_request=True)
    assert events[0]["error"]["code"] == "invalid_request" and "issues" not in events[0]["error"]


def test_run_validate_checks_a_request_file_and_runs_nothing(ferry, tmp_path, event_validator, event_type_validators):
    write(tmp_path / "orders.csv", GOOD_CSV)
    good = {"contract_version": 1, "source": {"kind": "file", "path": "orders.csv"}, "target": {"kind": "sqlite", "path": "shop.db"}}
    write(tmp_path / "good.json", json.dumps(good))
    run = ferry("run", "--validate", "--request", "good.json", cwd=tmp_path)
    assert (run.returncode, run.stdout) == (0, ""), run.describe()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["good.json", "orders.csv"], "--validate must not load"

    write(tmp_path / "bad.json", json.dumps({**good, "mode": "upsret"}))
    run = ferry("run", "--validate", "--request", "bad.json", cwd=tmp_path)
    assert run.returncode == 3, run.describe()
    events = check_event_stream(run, event_validator, event_type_validators, invalid_request=True)
    assert [i["path"] for i in events[-1]["error"]["issues"]] == ["$.mode"]


def test_ferry_load_json_speaks_the_same_contract(ferry, tmp_path, request_validator, event_validator, event_type_validators):
    write(tmp_path / "orders.csv", GOOD_CSV)
    run = ferry("load", "orders.csv", "--to", "sqlite:shop.db", "--json", cwd=tmp_path)
    assert run.returncode == 0, run.describe()
    events = check_event_stream(run, event_validator, event_type_validators)
    assert events[-1]["target"] == {"kind": "sqlite", "path": "shop.db", "table": "orders"}

    printed = ferry("load", "orders.csv", "--mode", "upsert", "--key", "id", "--max-rejects", "1%", "--print-request", cwd=tmp_path, parse_events=False)
    assert printed.returncode == 0, printed.describe()
    errors = schema_errors(request_validator, json.loads(printed.stdout))
    assert not errors, [f"{e.json_path}: {e.message}" for e in errors]


def slow_stdin_run(ferry, tmp_path, rows, pause, interrupt=False) -> FerryRun:
    """`ferry run` loading CSV rows that arrive on stdin one at a time, `pause` seconds apart.

    With `interrupt`, SIGTERM is sent once run_started and schema_resolved are out, while the
    load waits for more input."""
    write(tmp_path / "req.json", json.dumps({
        "contract_version": 1,
        "source": {"kind": "file", "path": "-", "format": "csv"},
        "target": {"kind": "sqlite", "path": "slow.db", "table": "slow"},
        "columns": [{"name": "id", "type": "bigint"}, {"name": "name", "type": "text"}],
        "options": {"batch_size": 1},
    }))
    args = ["run", "--request", "req.json"]
    process = subprocess.Popen([ferry.path, *args], cwd=tmp_path, text=True,
                               stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    early = []
    try:
        process.stdin.write("id,name\n")
        for i in range(rows):
            process.stdin.write(f"{i},row {i}\n")
            process.stdin.flush()
            time.sleep(pause)
        if interrupt:
            early = [process.stdout.readline(), process.stdout.readline()]
            process.send_signal(signal.SIGTERM)
            process.wait(timeout=TIMEOUT_SECONDS)
        process.stdin.close()
        process.stdin = None
        stdout, stderr = process.communicate(timeout=TIMEOUT_SECONDS)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    stdout = "".join(early) + stdout
    return FerryRun(args, process.returncode, stdout, stderr, [json.loads(line) for line in stdout.splitlines()])


def test_progress_events_of_a_slow_source_match_the_schema(ferry, tmp_path, event_validator, event_type_validators):
    run = slow_stdin_run(ferry, tmp_path, rows=3, pause=0.7)
    assert run.returncode == 0, run.describe()
    events = check_event_stream(run, event_validator, event_type_validators)
    progress = event_of(events, "progress")
    assert all(p["phase"] == "load" and p["total_bytes"] is None for p in progress)
    assert [p["rows_read"] for p in progress] == sorted(p["rows_read"] for p in progress)
    assert events[-1]["rows_written"] == 3


def test_sigterm_ends_the_run_with_run_failed_cancelled_and_exit_130(ferry, tmp_path, event_validator, event_type_validators):
    run = slow_stdin_run(ferry, tmp_path, rows=1, pause=0.2, interrupt=True)
    assert run.returncode == 130, run.describe()
    events = check_event_stream(run, event_validator, event_type_validators)
    assert [e["type"] for e in events] == ["run_started", "schema_resolved", "run_failed"], run.describe()
    error = events[-1]["error"]
    assert (error["code"], error["category"], error["stage"]) == ("cancelled", "cancelled", "cancelled")
    assert events[-1]["rows_written"] == 0
    if (tmp_path / "slow.db").exists():
        with sqlite3.connect(tmp_path / "slow.db") as db:
            tables = db.execute("select name from sqlite_master where type = 'table' and name = 'slow'").fetchall()
        assert tables == [], "the load must be rolled back"


# --------------------------------------------------------------------------------------------
# PostgreSQL connections are secrets: no password in any output. No server is needed: nothing
# listens on 127.0.0.1 port 1, so every run fails to connect.
# --------------------------------------------------------------------------------------------

SECRET = "SECRETPW"

# A connection holding SECRET as given in a request, and as events must show it.
REDACTED_CONNECTIONS = {
    "URI with user and password": (
        f"postgresql://ferry:{SECRET}@127.0.0.1:1/nodb",
        "postgresql://ferry:***@127.0.0.1:1/nodb",
    ),
    "URI with a password parameter": (
        f"postgresql://ferry@127.0.0.1:1/nodb?sslmode=disable&password={SECRET}",
        "postgresql://ferry@127.0.0.1:1/nodb?sslmode=disable&password=***",
    ),
    "conninfo string": (
        f"host=127.0.0.1 port=1 dbname=nodb user=ferry password={SECRET}",
        "host=127.0.0.1 port=1 dbname=nodb user=ferry password=***",
    ),
    "conninfo string with a quoted password": (
        f"host=127.0.0.1 port=1 password='{SECRET} it\\'s' dbname=nodb",
        "host=127.0.0.1 port=1 password=*** dbname=nodb",
    ),
}


def assert_no_secret(run: FerryRun):
    for stream, text in (("stdout", run.stdout), ("stderr", run.stderr)):
        for number, line in enumerate(text.splitlines(), start=1):
            assert SECRET not in line, f"the password leaked on {stream} line {number}: {line}"


@pytest.mark.parametrize("name", REDACTED_CONNECTIONS)
def test_a_postgres_target_that_cannot_be_reached_exits_5_without_showing_its_password(name, ferry, tmp_path, event_validator, event_type_validators):
    connection, redacted = REDACTED_CONNECTIONS[name]
    write(tmp_path / "orders.csv", GOOD_CSV)
    request = {"contract_version": 1, "source": {"kind": "file", "path": "orders.csv"},
               "target": {"kind": "postgres", "connection": connection}}
    run = ferry.run_request(request, cwd=tmp_path, env=NO_SERVER_ENV)
    assert_no_secret(run)
    assert run.returncode == 5, run.describe()
    events = check_event_stream(run, event_validator, event_type_validators)

    expected_target = {"kind": "postgres", "connection": redacted, "table": "orders"}
    assert events[0]["target"] == expected_target
    result = events[-1]
    assert result["target"] == expected_target
    assert (result["error"]["code"], result["error"]["category"]) == ("target_unavailable", "target")
    assert result["rows_written"] == 0


def test_a_postgres_source_that_cannot_be_reached_fails_as_a_source_without_showing_its_password(ferry, tmp_path, event_validator, event_type_validators):
    connection, redacted = REDACTED_CONNECTIONS["URI with user and password"]
    request = {"contract_version": 1, "source": {"kind": "postgres", "connection": connection, "schema": "shop", "table": "orders"},
               "target": {"kind": "file", "path": "orders.jsonl"}}
    run = ferry.run_request(request, cwd=tmp_path, env=NO_SERVER_ENV)
    assert_no_secret(run)
    assert run.returncode == 4, run.describe()
    events = check_event_stream(run, event_validator, event_type_validators)
    expected_source = {"kind": "postgres", "connection": redacted, "schema": "shop", "table": "orders"}
    assert events[0]["source"] == expected_source and events[-1]["source"] == expected_source
    assert events[-1]["error"]["category"] == "source"
    assert not (tmp_path / "orders.jsonl").exists()


def test_ferry_load_into_an_unreachable_postgres_target_shows_no_password(ferry, tmp_path, event_validator, event_type_validators):
    connection, redacted = REDACTED_CONNECTIONS["URI with user and password"]
    write(tmp_path / "orders.csv", GOOD_CSV)
    human = ferry("load", "orders.csv", "--to", connection, "--schema", "raw", cwd=tmp_path, parse_events=False, env=NO_SERVER_ENV)
    assert_no_secret(human)
    assert human.returncode == 5, human.describe()

    run = ferry("load", "orders.csv", "--to", connection, "--schema", "raw", "--json", cwd=tmp_path, env=NO_SERVER_ENV)
    assert_no_secret(run)
    assert run.returncode == 5, run.describe()
    events = check_event_stream(run, event_validator, event_type_validators)
    assert events[-1]["target"] == {"kind": "postgres", "connection": redacted, "schema": "raw", "table": "orders"}


def test_an_invalid_request_with_a_postgres_password_shows_no_password(ferry, tmp_path, event_validator, event_type_validators):
    connection, _ = REDACTED_CONNECTIONS["URI with user and password"]
    request = {"contract_version": 1, "source": {"kind": "postgres", "connection": connection, "table": "orders"},
               "target": {"kind": "postgres", "connection": connection, "table": "orders", "query": "select 1"}, "mode": "upsert"}
    run = ferry.run_request(request, cwd=tmp_path, env=NO_SERVER_ENV)
    assert_no_secret(run)
    assert run.returncode == 3, run.describe()
    events = check_event_stream(run, event_validator, event_type_validators, invalid_request=True)
    assert {i["path"] for i in events[0]["error"]["issues"]} == {"$.key", "$.target.query"}


@pytest.mark.parametrize("name", REDACTED_CONNECTIONS)
def test_the_event_schema_accepts_redacted_connections_and_refuses_passwords(name, event_type_validators):
    connection, redacted = REDACTED_CONNECTIONS[name]
    started = {
        "contract_version": 1, "type": "run_started", "run_id": "019c8f3a-5b21-7e4d-a1f0-3c9d2b7e8a14", "seq": 1,
        "time": "2026-03-02T10:15:30.101Z", "job": {"name": "load_orders", "namespace": "ferry"},
        "source": {"kind": "file", "path": "orders.csv", "format": "csv", "compression": "auto"},
        "target": {"kind": "postgres", "connection": redacted, "table": "orders"},
        "mode": "create", "ferry_version": "0.1.0",
    }
    validator = event_type_validators["run_started"]
    assert not list(validator.iter_errors(started))
    started["target"]["connection"] = connection
    assert not validator.is_valid(started), "the event schema must refuse a connection that shows its password"
