#!/usr/bin/env bash
# Creates, or reuses, the Python venv with schemathesis, which Tests/python/test_serve.py runs
# against ferry-serve's OpenAPI document, and selenium, which Tests/python/test_serve_browser.py
# drives Debian's headless Chromium with (chromium, chromium-driver: scripts/install-deps.sh
# --tests; its pytest runs that file, so the venv also has what Tests/python/conftest.py imports),
# and prints its path.
#
#   scripts/serve-venv.sh [VENV]        default: .build/serve-venv
#   SCHEMATHESIS_BIN="$(scripts/serve-venv.sh)/bin/schemathesis" pytest Tests/python/test_serve.py
#   "$(scripts/serve-venv.sh)/bin/pytest" Tests/python/test_serve_browser.py
#
# Every package is pinned, so the run draws the same kinds of requests everywhere. A stamp file
# records what was installed: when it matches, the script only checks the venv and returns. The
# path printed is absolute: the tests run schemathesis from directories of their own.
set -euo pipefail
cd "$(dirname "$0")/.."

venv="$(realpath -m "${1:-.build/serve-venv}")"
requirements=(
  "schemathesis==4.32.5"
  "selenium==4.51.0"
  "attrs==26.1.0"
  "h11==0.16.0"
  "outcome==1.3.0.post0"
  "PySocks==1.7.1"
  "sniffio==1.3.1"
  "trio==0.35.0"
  "trio-websocket==0.12.2"
  "websocket-client==1.9.2"
  "wsproto==1.3.2"
  "jsonschema==4.26.0"
  "jsonschema-specifications==2025.9.1"
  "referencing==0.37.0"
  "rpds-py==2026.9.1"
  "anyio==4.16.0"
  "certifi==2026.10.19.post1"
  "charset-normalizer==3.5.3"
  "click==8.5.1"
  "graphql-core==3.3.2"
  "harfile==0.6.0"
  "hypothesis==6.170.27"
  "hypothesis-graphql==0.13.5"
  "idna==3.20"
  "iniconfig==2.3.1"
  "jsonschema_rs==0.60.3"
  "markdown-it-py==4.3.0"
  "MarkupSafe==3.0.4"
  "mdurl==0.1.2"
  "packaging==26.4"
  "pluggy==1.7.0"
  "Pygments==2.21.0"
  "pyrate-limiter==4.6.0"
  "pytest==9.2.0"
  "PyYAML==6.0.4"
  "requests==2.34.2"
  "rich==15.0.0"
  "sortedcontainers==2.4.0"
  "typing_extensions==4.16.0"
  "urllib3==2.8.0"
  "Werkzeug==3.1.9"
)
. scripts/lib/pinned-venv.sh
pinned_venv serve-venv "$venv" "schemathesis" "${requirements[@]}"
