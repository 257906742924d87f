#!/usr/bin/env bash
# Creates, or reuses, the Python venv the dbt tests and the dbt benchmark run in, and prints its path.
#
#   scripts/dbt-venv.sh [VENV]      VENV defaults to .build/dbt-venv
#
# It holds dbt-core and dbt-postgres from PyPI, and pytest. dbt-core is pinned below 1.12: 1.12
# depends on dbt-core-experimental-parser, whose build downloads a wheel from outside PyPI, so it
# cannot be installed here (../shared/notes/python-integrations.md). A stamp file records what
# was installed: when it matches, the script only checks the venv and returns.
set -euo pipefail
cd "$(dirname "$0")/.."

venv="${1:-.build/dbt-venv}"
requirements=(
  "dbt-core==1.11.16"
  "dbt-postgres==1.11.0"
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
