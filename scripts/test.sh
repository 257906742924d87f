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

echo "== swift test" >&2
swift test --skip-build

echo "== python tests" >&2
venv=.build/venv
[ -x "$venv/bin/pytest" ] || { python3 -m venv "$venv" && "$venv/bin/pip" install -q pytest jsonschema referencing; }
FERRY_BIN="$ferry" "$venv/bin/pytest" Tests/python -q
