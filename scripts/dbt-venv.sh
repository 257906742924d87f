#!/usr/bin/env bash
# Creates, or reuses, the Python venv the dbt tests and the dbt benchmark run in, and prints its path.
#
#   scripts/dbt-venv.sh [postgres|sqlite] [VENV]
#       postgres (default): dbt-core + dbt-postgres, in .build/dbt-venv
#       sqlite:             dbt-core + dbt-sqlite, in .build/dbt-sqlite-venv (dbt-sqlite 1.10 pins
#                           dbt-adapters 1.16, which dbt-postgres 1.11 does not accept: two venvs)
#
# dbt-core is pinned below 1.12: 1.12 depends on dbt-core-experimental-parser, whose build
# downloads a wheel from outside PyPI, so it cannot be installed here
# (../shared/notes/python-integrations.md). A stamp file records what was installed: when it
# matches, the script only checks the venv and returns.
set -euo pipefail
cd "$(dirname "$0")/.."

adapter="${1:-postgres}"
case "$adapter" in
  postgres) venv="${2:-.build/dbt-venv}"; adapter_requirement="dbt-postgres==1.11.0" ;;
  sqlite) venv="${2:-.build/dbt-sqlite-venv}"; adapter_requirement="dbt-sqlite==1.10.0" ;;
  *) echo "usage: $0 [postgres|sqlite] [VENV]" >&2; exit 2 ;;
esac
requirements=(
  "dbt-core==1.11.16"
  "$adapter_requirement"
  "pytest==9.2.0"
)
. scripts/lib/pinned-venv.sh
pinned_venv dbt-venv "$venv" "dbt pytest" "${requirements[@]}"
