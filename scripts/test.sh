#!/usr/bin/env bash
# The README's second command: install what is needed and run every test (Swift and Python).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh --tests
. scripts/env.sh

echo "== swift build" >&2
swift build --build-tests >&2

echo "== generated files are up to date" >&2
ferry="$(swift build --show-bin-path)/ferry"
"$ferry" contract --check Docs/contract/v1
"$ferry" generate --check

# Throwaway servers on 127.0.0.1 for the Swift and Python tests: PostgreSQL 15
# (scripts/pg-test-server.sh; PG* variables and FERRY_TEST_PG_URL) and MariaDB for the ODBC tests
# of the MySQL family (scripts/mariadb-test-server.sh; FERRY_TEST_MARIADB_ODBC). Their variables
# are exported so both test runners see them, and every server started is stopped however this
# script ends.
servers=()
stop_servers() {
  for entry in "${servers[@]}"; do scripts/"${entry%%:*}" stop "${entry#*:}"; done
}
trap stop_servers EXIT
start_server() {  # start_server SCRIPT NAME
  local dir
  dir="$(mktemp -d "${TMPDIR:-/tmp}/ferry-$2.XXXXXX")"
  servers+=("$1:$dir")
  echo "== $2 test server" >&2
  scripts/"$1" start "$dir"
  set -a
  . "$dir/env"
  set +a
  server_dir="$dir"
}
start_server pg-test-server.sh pg
pg_dir="$server_dir"
start_server mariadb-test-server.sh mariadb

echo "== swift test" >&2
# The OpenLineage events the Swift tests see are kept here and validated by the Python tests
# against the official OpenLineage schemas (../shared/openlineage or FERRY_OPENLINEAGE_SCHEMAS).
export FERRY_LINEAGE_CAPTURE="$pg_dir/lineage-events"
swift test --skip-build

echo "== dbt (dbt-core 1.11: dbt-postgres against PostgreSQL, and dbt-sqlite)" >&2
dbt_venv="$(scripts/dbt-venv.sh postgres)"
FERRY_BIN="$ferry" "$dbt_venv/bin/pytest" Tests/dbt/test_ferry_dbt.py -q
dbt_sqlite_venv="$(scripts/dbt-venv.sh sqlite)"
FERRY_BIN="$ferry" "$dbt_sqlite_venv/bin/pytest" Tests/dbt/test_ferry_dbt_sqlite.py -q

echo "== python tests" >&2
venv=.build/venv
# pyarrow and DuckDB are the real readers the Parquet files are checked with (Tests/python/test_parquet.py).
{ [ -x "$venv/bin/pytest" ] && "$venv/bin/python" -c 'import hypothesis, yaml, pyarrow, duckdb' 2>/dev/null; } || { python3 -m venv "$venv" && "$venv/bin/pip" install -q pytest jsonschema referencing hypothesis pyyaml pyarrow==26.0.1 duckdb==2.0.1; }
# schemathesis, in a venv of its own, checks ferry-serve against its OpenAPI document (Tests/python/test_serve.py);
# the same venv's selenium drives headless Chromium through the dashboard (Tests/python/test_serve_browser.py).
serve_venv="$(scripts/serve-venv.sh)"
SCHEMATHESIS_BIN="$serve_venv/bin/schemathesis" FERRY_BIN="$ferry" "$venv/bin/pytest" Tests/python -q --ignore=Tests/python/test_serve_browser.py
FERRY_BIN="$ferry" "$serve_venv/bin/pytest" Tests/python/test_serve_browser.py -q

echo "== docs site (mkdocs build --strict)" >&2
docs_venv="$(scripts/docs-venv.sh)"
docs_site="$(mktemp -d "${TMPDIR:-/tmp}/ferry-site.XXXXXX")"
NO_MKDOCS_2_WARNING=1 "$docs_venv/bin/mkdocs" build --strict --quiet --site-dir "$docs_site"
rm -rf "$docs_site"

echo "== Airflow provider (apache-airflow 3.3.2, dag.test against PostgreSQL)" >&2
airflow_venv="$(scripts/airflow-venv.sh)"
FERRY_BIN="$ferry" "$airflow_venv/bin/pytest" airflow_provider/tests -q

echo "== fuzz (bounded)" >&2
# libFuzzer over the readers, the request decoder and redaction: 30 s per target, two at a time;
# fails on any crash, hang or leaked canary (scripts/fuzz.sh, Docs/reliability.md "Fuzzing").
scripts/fuzz.sh ci

echo "== release binary, wheel and GitHub Action" >&2
scripts/test-release.sh

echo "== instruction counts of the hot paths (callgrind, against bench/callgrind_baseline.json)" >&2
python3 bench/callgrind_guard.py
