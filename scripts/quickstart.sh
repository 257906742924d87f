#!/usr/bin/env bash
# The README's first command: install what is needed, build ferry, and run the main job on the
# embedded default: load the bundled example CSV into SQLite (examples/ferry.db) and print the result.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
. scripts/env.sh

echo "building ferry (release)…" >&2
swift build -c release --product ferry >&2
ferry="$PWD/.build/release/ferry"

cd examples
rm -f ferry.db orders.rejects.jsonl
echo "running: ferry run --request ferry.request.json" >&2
"$ferry" run --request ferry.request.json | tail -n 1
echo >&2
echo "The table is in examples/ferry.db:" >&2
sqlite3 -header -column ferry.db 'select id, zip, amount, order_date, created_at, name from orders' >&2
