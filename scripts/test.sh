#!/usr/bin/env bash
# The README's second command: install what is needed and run every test (Swift and Python).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
. scripts/env.sh

echo "== swift build" >&2
swift build --build-tests >&2

echo "== generated files are up to date" >&2
ferry="$(swift build --show-bin-path)/ferry"
"$ferry" contract --check Docs/contract/v1
"$ferry" generate --check

echo "== PostgreSQL 15 test server" >&2
# A throwaway server (scripts/pg-test-server.sh) for the Swift and Python tests; its PG* variables
# and FERRY_TEST_PG_URL are exported so both see it, and it is stopped however this script ends.
pg_dir="$(mktemp -d "${TMPDIR:-/tmp}/ferry-pg.XXXXXX")"
trap 'scripts/pg-test-server.sh stop "$pg_dir"' EXIT
scripts/pg-test-server.sh start "$pg_dir"
set -a
. "$pg_dir/env"
set +a

echo "== MariaDB test server" >&2
# A throwaway MariaDB (scripts/mariadb-test-server.sh) for the ODBC tests of the MySQL family;
# FERRY_TEST_MARIADB_ODBC is exported, and it is stopped with the PostgreSQL server.
mariadb_dir="$(mktemp -d "${TMPDIR:-/tmp}/ferry-mariadb.XXXXXX")"
trap 'scripts/mariadb-test-server.sh stop "$mariadb_dir"; scripts/pg-test-server.sh stop "$pg_dir"' EXIT
scripts/mariadb-test-server.sh start "$mariadb_dir"
set -a
. "$mariadb_dir/env"
set +a

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
{ [ -x "$venv/bin/pytest" ] && "$venv/bin/python" -c 'import hypothesis' 2>/dev/null; } || { python3 -m venv "$venv" && "$venv/bin/pip" install -q pytest jsonschema referencing hypothesis; }
FERRY_BIN="$ferry" "$venv/bin/pytest" Tests/python -q

echo "== Airflow provider (apache-airflow 3.3.2, dag.test against PostgreSQL)" >&2
airflow_venv="$(scripts/airflow-venv.sh)"
FERRY_BIN="$ferry" "$airflow_venv/bin/pytest" airflow_provider/tests -q

echo "== release binary, wheel and GitHub Action" >&2
scripts/test-release.sh
