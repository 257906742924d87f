#!/usr/bin/env bash
# Builds the ferry-bin platform wheel around a release binary (scripts/build-release.sh), offline,
# with Python's standard library only (packaging/ferry-bin/build_wheel.py), and its checksum.
#
#   scripts/build-wheel.sh BINARY [OUT_DIR]     (OUT_DIR defaults to BINARY's directory)
#
# Prints the wheel's path; writes WHEEL.sha256 (`sha256sum -c` format) next to it. The tag is
# py3-none-manylinux_2_N_ARCH, from the glibc symbol versions the binary needs.
set -euo pipefail

die() {
  echo "build-wheel: error: $*" >&2
  exit 1
}

(($# == 1 || $# == 2)) || die "usage: $0 BINARY [OUT_DIR]"
binary="$1"
[ -f "$binary" ] || die "no binary at $binary"
out="${2:-$(dirname "$binary")}"
root="$(cd "$(dirname "$0")/.." && pwd)"
python3 -c 'import sys; sys.exit(sys.version_info < (3, 11))' || die "python3 3.11 or newer is needed (tomllib)"

wheel="$(python3 "$root/packaging/ferry-bin/build_wheel.py" --binary "$binary" --out "$out")"
(cd "$(dirname "$wheel")" && sha256sum "$(basename "$wheel")" >"$(basename "$wheel").sha256")
echo "built $wheel ($(stat -c %s "$wheel") bytes)" >&2
echo "$wheel"
