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
stamp="$venv/.ferry-dbt-venv"
want="$(printf '%s\n' "${requirements[@]}")"

if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ] && "$venv/bin/dbt" --version >/dev/null 2>&1 && [ -x "$venv/bin/pytest" ]; then
  echo "$venv"
  exit 0
fi

command -v python3 >/dev/null 2>&1 || { echo "dbt-venv: python3 is needed (python3-venv)" >&2; exit 1; }
rm -f "$stamp"
[ -x "$venv/bin/pip" ] || python3 -m venv "$venv"
echo "dbt-venv: installing ${requirements[*]} into $venv" >&2
"$venv/bin/pip" install -q --disable-pip-version-check "${requirements[@]}" >&2
printf '%s' "$want" >"$stamp"
echo "$venv"
