"""Property: `ferry run --validate` accepts a request if and only if request.schema.json does.

Hypothesis builds requests that are valid by construction (every endpoint kind as source and
target, every mode, keys, declared columns of every type, options, lineage settings) and then
breaks some of them with one to three mutations: a member replaced by a value of the wrong type,
an out-of-range or near-miss value, or another valid value that breaks a cross-field rule; a
member removed or set to null; an unknown member, or a known member in the wrong object. Each
request goes to the real binary and to jsonschema's Draft202012Validator; the two must agree.

Rules of the parser that JSON Schema cannot express are left out of the generated requests, and
only those (the first three by `assume` in `inexpressible`, the last by construction):
- declared column names are unique (`uniqueItems` compares whole items, not one member);
- `options.quote` differs from `options.delimiter` (a comparison of two values);
- in `decimal(p,s)` the scale is at most the precision (a comparison of two numbers);
- integers are written without a fraction or exponent: JSON Schema's "integer" accepts 1.0, Ferry
  refuses it (Docs/contract.md, Rules). The generator writes integers as Python ints only.
One quirk of the validator, not of the contract: Python's `re` lets `$` match before a final
newline, ECMA-262's does not; no generated string ends with a newline.

Examples are bounded and derandomized, so CI runs the same 300 requests every time (about 20 s).
`test_every_near_miss_in_its_place` adds a fixed sweep: every near-miss value of `NEAR` in the
object where its member belongs, since random draws reach each of them only now and then.

Run: FERRY_BIN=.build/debug/ferry python -m pytest Tests/python/test_request_property.py -q
"""

import copy
import json
import re

from hypothesis import HealthCheck, assume, given, note, settings
from hypothesis import strategies as st

from test_contract import check_event_stream

ABSENT = object()

SOURCE_KINDS = ["file", "sqlite", "postgres", "odbc"]
TARGET_KINDS = ["sqlite", "postgres", "odbc", "file"]
MODES = ["create", "append", "replace", "truncate", "upsert", "update"]
FILE_TARGET_MODES = ["create", "append", "replace", "truncate"]
KEYED_MODES = {"upsert", "update"}
FORMATS = ["csv", "tsv", "jsonl"]

KNOWN_SUFFIXES = [".csv", ".CSV", ".txt", ".tsv", ".tab", ".Tab", ".jsonl", ".ndjson", ".csv.gz", ".TSV.GZ", ".jsonl.gz"]
UNKNOWN_SUFFIXES = ["", ".bin", ".json", ".gz", ".csv.zip", ".csvx", ".c sv"]
STEMS = ["orders", "in/Orders 2024", "a", "données/x", "./rel", "/abs/path"]
IDENTIFIERS = ["orders", "t", "Order Lines", "raw.orders", "ÿ", "x1"]
PG_CONNECTIONS = ["postgresql://u:pw@db:5432/shop", "host=db dbname=shop", "service=warehouse", "postgres://"]
ODBC_CONNECTIONS = ["DSN=warehouse", "warehouse", "Driver={PostgreSQL Unicode};Server=db;PWD={p;w}"]
TYPE_NAMES = ["bigint", "decimal", "double", "boolean", "date", "timestamp", "timestamptz", "uuid", "json", "text"]
UUIDS = ["0190c6a1-7c2e-7e3a-9b1d-2f4a6c8e0b13", "0190C6A1-7C2E-7E3A-9B1D-2F4A6C8E0B13"]

# Near misses, per member name: values a person might write, right or wrong.
NEAR = {
    "contract_version": [0, 1, 2, "1", True],
    "mode": MODES + ["merge", "Create", "insert"],
    "kind": SOURCE_KINDS + ["postgresql", "csv", "mysql"],
    "type": ["bigint", "BIGINT", " text ", "Decimal(12, 2)", "decimal( 38 )", "decimal(1000,1000)", "decimal(0)",
             "decimal(1001)", "decimal(012)", "decimal(1 2)", "decimal(10,2,1)", "decimal()", "decimal (12)",
             "varchar", "int", "decimal(12,)", "http", "file", "console", "kafka"],
    "format": FORMATS + ["json", "CSV", "parquet"],
    "compression": ["auto", "none", "gzip", "zip", "GZIP"],
    "encoding": ["utf-8", "latin-1", "utf8", "ascii"],
    "max_rejects": [0, 1, 2147483647, 2147483648, -1, "0%", "2.5%", "100%", "100.0%", "100.00%", "100.5%",
                    "101%", "099%", "5.%", ".5%", "+5%", "1e1%", "%", "5", "abc%", "99.999%", "0x10%", "inf%"],
    "batch_size": [0, 1, 1000000, 1000001, 10000, -5],
    "infer_rows": [0, 1, 2147483647, 2147483648],
    "copy_streams": [0, 1, 16, 17],
    "retries": [-1, 0, 10, 11],
    "timeout_seconds": [0, 0.001, 5, 300, 300.5, -1, 2.5, "5"],
    "delimiter": [",", ";", "\t", "|", "\n", "\r", "é", ";;", "", '"', "'", "\\"],
    "quote": ['"', "'", "\n", "é", "", "ab"],
    "escape": ['"', "\\", "\r", "", "xy"],
    "header": [True, False, "yes", 1],
    "enabled": [True, False, "false", 0],
    "run_id": UUIDS + ["not-a-uuid", "0190c6a17c2e7e3a9b1d2f4a6c8e0b13", "0190c6a1-7c2e-7e3a-9b1d-2f4a6c8e0b1g"],
    "endpoint": ["/api/v1/lineage", "events", "", 5, None],
    "url": ["http://marquez:5000", "https://lineage.example", "ftp://x", "marquez:5000", "HTTP://x"],
    "key": [[], ["id"], ["id", "id"], ["id", 1], "id", [""], ["a", "b"]],
    "null_markers": [[], [""], ["NULL", ""], [1], "NULL"],
    "columns": [[], [{"name": "id", "type": "bigint"}], [{}], "id", [{"name": "id", "type": "bigint", "extra": 1}]],
    "nullable": [True, False, "no", 0],
    "name": ["", "id", "load_orders"],
    "path": ["", "a.csv", "x.bin", "t.db"],
    "table": ["", "t"],
    "query": ["", "select 1"],
    "connection": ["", "host=db", "DSN=w"],
}
# Anything, anywhere: wrong types and odd shapes. Floats are never whole numbers (see above).
ANY = [None, True, False, 0, 1, -1, 7, 1.5, -0.25, "", "x", "a.csv", [], ["id"], [None], {}, {"kind": "file"}]
# Members to add: unknown ones, misspellings, comments, and known members of other objects.
EXTRA_MEMBERS = ["tabel", "foo", "$comment", "$comment_note", "$comments", "comment", "query", "table", "path",
                 "format", "compression", "connection", "schema", "ledger_schema", "copy_streams", "url",
                 "api_key", "endpoint", "nullable", "kind", "key", "mode", "max_reject", "type", "enabled"]


def optional(strategy, null=True):
    """Absent, null (which counts as absent), or a value (half of the time)."""
    return st.one_of(st.just(ABSENT), strategy, strategy, *([st.none()] if null else []))


def put(obj: dict, key: str, value) -> None:
    if value is not ABSENT:
        obj[key] = value


def mixed_case(word: str):
    return st.lists(st.booleans(), min_size=len(word), max_size=len(word)).map(
        lambda flips: "".join(c.upper() if f else c for c, f in zip(word, flips)))


def spaces():
    return st.sampled_from(["", "", " ", "  "])


@st.composite
def column_type(draw):
    if draw(st.sampled_from(["name", "decimal"])) == "decimal":
        precision = draw(st.sampled_from([1, 2, 12, 38, 999, 1000]))
        scale = draw(st.one_of(st.none(), st.integers(0, precision)))
        inner = f"{draw(spaces())}{precision}{draw(spaces())}"
        if scale is not None:
            inner += f",{draw(spaces())}{scale}{draw(spaces())}"
        name = f"{draw(mixed_case('decimal'))}({inner})"
    else:
        name = draw(st.sampled_from(TYPE_NAMES).flatmap(mixed_case))
    return draw(spaces()) + name + draw(spaces())


@st.composite
def file_endpoint(draw, target: bool):
    known = draw(st.booleans())
    path = draw(st.sampled_from(STEMS)) + draw(st.sampled_from(KNOWN_SUFFIXES if known else UNKNOWN_SUFFIXES))
    e = {"kind": "file", "path": path}
    format_ = st.sampled_from(FORMATS)
    put(e, "format", draw(optional(format_) if known else format_))
    put(e, "compression", draw(optional(st.just("none") if target else st.sampled_from(["auto", "none", "gzip"]))))
    return e


@st.composite
def database_endpoint(draw, kind: str, target: bool, needs_table: bool):
    e = {"kind": kind}
    identifier = st.sampled_from(IDENTIFIERS)
    if kind == "sqlite":
        put(e, "path", draw(optional(st.sampled_from(["ferry.db", "shop.db", "data/x.sqlite"]))))
    elif kind == "postgres":
        put(e, "connection", draw(optional(st.sampled_from(PG_CONNECTIONS))))
    else:
        e["connection"] = draw(st.sampled_from(ODBC_CONNECTIONS))
    if kind != "sqlite":
        put(e, "schema", draw(optional(identifier)))
    if target:
        e_table = draw(identifier) if needs_table else draw(optional(identifier))
        put(e, "table", e_table)
        if kind == "postgres":
            put(e, "ledger_schema", draw(optional(identifier)))
            put(e, "copy_streams", draw(optional(st.integers(1, 16))))
    else:
        given, other = ("table", "query") if draw(st.booleans()) else ("query", "table")
        e[given] = draw(identifier) if given == "table" else draw(st.sampled_from(["select 1", "select * from t"]))
        put(e, other, draw(st.sampled_from([ABSENT, None])))
    return e


@st.composite
def options(draw):
    o = {}
    delimiter = draw(optional(st.sampled_from([",", ";", "\t", "|"])))
    put(o, "delimiter", delimiter)
    put(o, "quote", draw(optional(st.sampled_from(['"', "'"]).filter(lambda q: q != delimiter))))
    put(o, "escape", draw(optional(st.sampled_from(['"', "\\", ","]))))
    put(o, "header", draw(optional(st.booleans())))
    put(o, "null_markers", draw(optional(st.lists(st.sampled_from(["", "NULL", "\\N", "n/a"]), max_size=3))))
    put(o, "encoding", draw(optional(st.sampled_from(["utf-8", "latin-1"]))))
    put(o, "max_rejects", draw(optional(st.one_of(
        st.integers(0, 2**31 - 1),
        st.sampled_from(["0%", "1%", "2.5%", "99.99%", "100%", "100.0%", "07%", "0.001%"])))))
    put(o, "reject_path", draw(optional(st.sampled_from(["rejects.jsonl", "out/r.jsonl"]))))
    put(o, "batch_size", draw(optional(st.integers(1, 1_000_000))))
    put(o, "infer_rows", draw(optional(st.integers(1, 2**31 - 1))))
    return o


@st.composite
def lineage(draw):
    settings_ = {}
    put(settings_, "enabled", draw(optional(st.booleans())))
    kind = draw(st.sampled_from([ABSENT, None, "http", "file", "console"]))
    if kind in (ABSENT, None):
        put(settings_, "transport", kind)
    elif kind == "http":
        t = {"type": "http", "url": draw(st.sampled_from(["http://marquez:5000", "https://u:p@lineage.example/x?t=1"]))}
        put(t, "endpoint", draw(optional(st.sampled_from(["/api/v1/lineage", "events"]))))
        put(t, "api_key", draw(optional(st.just("secret"))))
        put(t, "timeout_seconds", draw(optional(st.one_of(
            st.integers(1, 300), st.floats(min_value=0.001, max_value=300, allow_nan=False)))))
        put(t, "retries", draw(optional(st.integers(0, 10))))
        put(t, "compression", draw(optional(st.sampled_from(["gzip", "none"]))))
        settings_["transport"] = t
    elif kind == "file":
        settings_["transport"] = {"type": "file", "path": "lineage.jsonl"}
    else:
        settings_["transport"] = {"type": "console"}
    for member in ("parent", "root"):
        run = {"run_id": draw(st.sampled_from(UUIDS)), "job_namespace": "airflow", "job_name": draw(st.sampled_from(["dag.task", "d"]))}
        put(settings_, member, draw(optional(st.just(run))))
    return settings_


@st.composite
def valid_request(draw):
    """A request that passes every rule, built member by member."""
    r = {"contract_version": 1}
    put(r, "$comment", draw(optional(st.just("a note"), null=False)))
    put(r, "job", draw(optional(st.fixed_dictionaries(
        {"name": st.sampled_from(["load_orders", "j"])}, optional={"namespace": st.sampled_from(["shop", None])}))))

    source_kind = draw(st.sampled_from(SOURCE_KINDS))
    from_file = source_kind == "file"
    r["source"] = draw(file_endpoint(False) if from_file else database_endpoint(source_kind, False, False))

    # A database source names no file to call the table after: its target needs a table.
    target_kind = draw(st.sampled_from(TARGET_KINDS[:3] if from_file else TARGET_KINDS))
    if target_kind == "file":
        target = draw(file_endpoint(True))
    else:
        target = draw(database_endpoint(target_kind, True, not from_file))
    if from_file and target_kind == "sqlite" and draw(st.booleans()):
        target = draw(st.sampled_from([ABSENT, None]))
    put(r, "target", target)

    mode = draw(st.sampled_from(FILE_TARGET_MODES if target_kind == "file" and isinstance(target, dict) else MODES))
    if mode == "create":
        put(r, "mode", draw(st.sampled_from([ABSENT, None, "create"])))
    else:
        r["mode"] = mode
    if mode in KEYED_MODES:
        r["key"] = draw(st.lists(st.sampled_from(["id", "day", "Zoë", ""]), min_size=1, max_size=3, unique=True))
    else:
        put(r, "key", draw(optional(st.just([]))))

    column = st.fixed_dictionaries({"type": column_type()}, optional={"nullable": st.one_of(st.booleans(), st.none()),
                                                                     "$comment": st.just("why")})
    columns = st.lists(st.tuples(st.sampled_from(["id", "amount", "zip", "Zoë", "order date"]), column),
                       max_size=4, unique_by=lambda c: c[0]).map(lambda cs: [{"name": n, **c} for n, c in cs])
    put(r, "columns", draw(optional(columns)))
    put(r, "options", draw(optional(options())))
    put(r, "lineage", draw(optional(lineage())))
    return r


def members(node, at=()):
    """Every (container, key or index, path) in a request, depth first."""
    if isinstance(node, dict):
        for k, v in node.items():
            yield node, k, at + (k,)
            yield from members(v, at + (k,))
    elif isinstance(node, list):
        for i, v in enumerate(node):
            yield node, i, at + (i,)
            yield from members(v, at + (i,))


def objects(node, at=()):
    """Every object in a request with its path, the request itself first."""
    if isinstance(node, dict):
        yield node, at
    children = node.items() if isinstance(node, dict) else enumerate(node) if isinstance(node, list) else ()
    for k, child in children:
        yield from objects(child, at + (k,))


# The members with near misses that belong in each object, by its path (list indexes as "#").
MEMBERS_BY_PLACE = {
    (): ["contract_version", "mode", "key", "columns"],
    ("source",): ["kind", "format", "compression", "path", "table", "query", "connection"],
    ("target",): ["kind", "format", "compression", "path", "table", "copy_streams", "connection"],
    ("columns", "#"): ["name", "type", "type", "nullable"],
    ("options",): ["delimiter", "quote", "escape", "header", "null_markers", "encoding", "max_rejects",
                   "max_rejects", "batch_size", "infer_rows"],
    ("lineage",): ["enabled"],
    ("lineage", "transport"): ["type", "url", "timeout_seconds", "retries", "compression", "endpoint"],
    ("lineage", "parent"): ["run_id"],
    ("lineage", "root"): ["run_id"],
}


@st.composite
def mutated(draw, request):
    """The request with one change that may (or may not) make it invalid."""
    r = copy.deepcopy(request)
    how = draw(st.sampled_from(["near", "near", "near", "replace", "replace", "remove", "add", "null"]))
    if how in ("near", "add"):
        # One object per place, so options or lineage are picked as often as the request itself.
        by_place = {}
        for obj, at in objects(r):
            by_place.setdefault(tuple(k if isinstance(k, str) else "#" for k in at), []).append(obj)
        known = sorted(p for p in by_place if p in MEMBERS_BY_PLACE)
        if how == "near" and known:
            place = draw(st.sampled_from(known))
            name = draw(st.sampled_from(MEMBERS_BY_PLACE[place]))
            value = st.sampled_from(NEAR[name])
        else:
            place = draw(st.sampled_from(sorted(by_place)))
            name = draw(st.sampled_from(EXTRA_MEMBERS))
            value = st.sampled_from(NEAR.get(name, ANY) + ANY[:4])
        draw(st.sampled_from(by_place[place]))[name] = draw(value)
        return r
    places = list(members(r))
    if how == "remove":
        places = [p for p in places if isinstance(p[0], dict)]
    container, key, _ = draw(st.sampled_from(places))
    if how == "remove":
        del container[key]
    elif how == "null":
        container[key] = None
    else:
        name = key if isinstance(key, str) else None
        near = NEAR.get(name, [])
        container[key] = draw(st.sampled_from(near + ANY) if near and draw(st.integers(0, 3)) else st.sampled_from(ANY + near))
    return r


@st.composite
def requests(draw):
    r = draw(valid_request())
    for _ in range(draw(st.sampled_from([0, 0, 1, 1, 1, 2, 3]))):
        r = draw(mutated(r))
    # Rarely, not an object at all ("keep" first: Hypothesis shrinks towards it).
    if draw(st.sampled_from(["keep"] * 40 + ["wrap"])) == "wrap":
        r = draw(st.sampled_from([[r], "request", 1, None]))
    return r


DECIMAL = re.compile(r"^ *decimal\( *([0-9]+) *, *([0-9]+) *\) *$", re.I)


def inexpressible(request) -> str | None:
    """Names the parser rule outside JSON Schema's reach that `request` breaks, if any."""
    if not isinstance(request, dict):
        return None
    columns = request.get("columns")
    if isinstance(columns, list):
        names = [c.get("name") for c in columns if isinstance(c, dict) and isinstance(c.get("name"), str)]
        if len(names) != len(set(names)):
            return "a column name declared twice"
        for c in columns:
            m = DECIMAL.match(c.get("type", "")) if isinstance(c, dict) and isinstance(c.get("type"), str) else None
            if m and int(m.group(2)) > int(m.group(1)):
                return "a decimal scale above its precision"
    options_ = request.get("options")
    if isinstance(options_, dict) and "delimiter" in options_ and options_.get("delimiter") == options_.get("quote"):
        if isinstance(options_["delimiter"], str):
            return "the quote equal to the delimiter"
    return None


def test_ferry_validate_accepts_a_request_if_and_only_if_the_schema_does(
        ferry, request_validator, event_validator, event_type_validators, tmp_path):
    # The fixtures stay outside @given, so a failure shows the request, not the validators.
    @settings(max_examples=300, derandomize=True, deadline=None, database=None, print_blob=False,
              suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
    @given(request=requests())
    def agree(request):
        assume(inexpressible(request) is None)
        text = json.dumps(request)
        top = list(request_validator.iter_errors(request))
        note("schema errors: " + "; ".join(f"{e.json_path}: {e.message}" for e in top))

        run = ferry("run", "--validate", cwd=tmp_path, stdin=text)
        assert list(tmp_path.iterdir()) == [], "--validate must touch nothing"
        if not top:
            assert run.returncode == 0 and run.stdout == "", "the schema accepts it, ferry refuses it\n" + run.describe()
            return
        assert run.returncode == 3, "the schema refuses it, ferry accepts it\n" + run.describe()
        events = check_event_stream(run, event_validator, event_type_validators, invalid_request=True)
        error = events[-1]["error"]
        assert error["code"] == "invalid_request" and error["issues"], run.describe()
        # Which paths each side reports may differ (Ferry also reports what follows from a member
        # it could not read, such as a key that is not an array of strings); the hand-written cases
        # in test_contract.py compare paths. Here it is the verdict that must agree.

    agree()


# Valid requests holding every object of MEMBERS_BY_PLACE; sources and targets of each kind.
RUN_REFERENCE = {"run_id": UUIDS[0], "job_namespace": "airflow", "job_name": "dag.task"}
SWEEP_BASES = [
    {"contract_version": 1, "source": {"kind": "file", "path": "a.csv"}, "target": {"kind": "sqlite", "table": "t"},
     "columns": [{"name": "id", "type": "bigint"}], "options": {"delimiter": ","},
     "lineage": {"enabled": True, "transport": {"type": "http", "url": "http://marquez:5000"},
                 "parent": RUN_REFERENCE, "root": RUN_REFERENCE}},
    {"contract_version": 1, "source": {"kind": "postgres", "table": "t"}, "target": {"kind": "file", "path": "b.csv"}},
    {"contract_version": 1, "source": {"kind": "odbc", "connection": "DSN=w", "query": "select 1"},
     "target": {"kind": "postgres", "table": "t"}, "mode": "upsert", "key": ["id"]},
    {"contract_version": 1, "source": {"kind": "sqlite", "path": "s.db", "table": "t"},
     "target": {"kind": "odbc", "connection": "DSN=w", "table": "t"}},
]


def near_misses():
    """(request, what was changed) for every near miss, once per base that has its object."""
    for place, names in MEMBERS_BY_PLACE.items():
        bases = SWEEP_BASES if place in ((), ("source",), ("target",)) else SWEEP_BASES[:1]
        for base in bases:
            for name in dict.fromkeys(names):
                for value in NEAR[name]:
                    request = copy.deepcopy(base)
                    obj = request
                    for k in place:
                        obj = obj[0 if k == "#" else k]
                    obj[name] = value
                    yield request, f"{'.'.join(place) or '$'}.{name} = {value!r}"


def test_every_near_miss_in_its_place(ferry, request_validator, tmp_path):
    disagreements = []
    for request, change in near_misses():
        if inexpressible(request):
            continue
        schema_ok = request_validator.is_valid(request)
        run = ferry("run", "--validate", cwd=tmp_path, stdin=json.dumps(request), parse_events=False)
        assert run.returncode in (0, 3), run.describe()
        if schema_ok != (run.returncode == 0):
            side = "the schema accepts it, ferry refuses it" if schema_ok else "the schema refuses it, ferry accepts it"
            disagreements.append(f"{change}: {side}: {json.dumps(request)}\n  {run.stderr.strip()}")
    assert list(tmp_path.iterdir()) == [], "--validate must touch nothing"
    assert not disagreements, f"{len(disagreements)} disagreements:\n" + "\n".join(disagreements)
