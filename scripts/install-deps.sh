#!/usr/bin/env bash
# Installs the Debian 12 packages Ferry builds with, and with --tests those it tests and benchmarks
# with. Idempotent.
# The Swift 6.3 toolchain is not a Debian package: it must already be on PATH (or in /opt/swift).
set -euo pipefail

# What building ferry and the README's first command need.
packages=(
  # C libraries Ferry links (one system-library target each)
  libpq-dev unixodbc-dev libsqlite3-dev libcurl4-openssl-dev zlib1g-dev
  # Parquet page codecs (FerryParquet)
  libzstd-dev libsnappy-dev
  # the sqlite3 shell, which scripts/quickstart.sh shows the loaded table with
  sqlite3
)
# What the tests and benchmarks need on top (`--tests`, from scripts/test.sh).
if [ "${1:-}" = "--tests" ]; then
  packages+=(
    # ODBC drivers, a PostgreSQL 15 server, Python for the shim tests
    odbc-postgresql libsqliteodbc postgresql-15 python3-venv
    # jq, which a snippet in Docs/contract.md pipes the result into (Tests/python/test_docs_snippets.py)
    jq
    # a MariaDB 10.11 server and MariaDB Connector/ODBC 3.1 for the MySQL family
    # (scripts/mariadb-test-server.sh runs its own server; the system service is not used)
    mariadb-server mariadb-client odbc-mariadb
    # headless Chromium and its WebDriver, which render the quality report and drive the
    # `ferry serve` dashboard in the browser tests; a font so text has glyphs in screenshots
    chromium chromium-driver fonts-dejavu-core
    # nginx and openssl: the reverse-proxy (TLS) setup Docs/serve.md documents, run by
    # Tests/python/test_serve_proxy.py with a throwaway certificate (the system service is not used)
    nginx-light openssl
    # measurement: peak RSS (/usr/bin/time), and instruction counts (bench/callgrind_guard.py, run in CI)
    time valgrind
  )
fi

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  echo "installing: ${missing[*]}" >&2
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
fi

if ! command -v swift >/dev/null 2>&1 && [ ! -x /opt/swift/usr/bin/swift ]; then
  echo "error: the Swift 6.3 toolchain is needed (https://www.swift.org/install/linux/debian/12/)." >&2
  echo "       Install it so that 'swift' is on PATH, or unpack it into /opt/swift." >&2
  exit 1
fi
