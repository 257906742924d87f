#!/usr/bin/env bash
# Builds the release `ferry` for this machine's architecture (tested on x86_64): one file that runs
# on Linux with glibc 2.35+ (Docs/install.md), and its checksums.
#
#   scripts/build-release.sh [OUT_DIR]      (default: .build-release-dist)
#
# Linked statically: the Swift runtime (--static-swift-stdlib), libpq, libcurl, SQLite, zlib and
# everything they need (OpenSSL, nghttp2, libssh2, OpenLDAP, GnuTLS, ...). Dynamic: glibc and
# libstdc++/libgcc_s. libodbc is not linked: FerryODBC opens it with dlopen when an ODBC endpoint
# needs it (the driver manager loads drivers that bring their own shared libc and libraries: a
# fully static binary crashes then, ../shared/notes/static-build.md), so the binary starts without
# unixODBC.
# Debian ships no usable archive of GSSAPI/Kerberos, p11-kit or SASL: Sources/CReleaseStubs stands
# in for them, and those features fail with a message saying this build lacks them.
#
# The archives come from Debian's -dev packages, fetched with `apt-get download` and unpacked under
# .build-release-deps/ (nothing is installed; the headers Swift compiles against come from the
# packages scripts/install-deps.sh installs). Package.swift's release link mode (FERRY_STATIC_LIBS,
# FERRY_STATIC_ARCHIVES) links them. The result is checked: a NEEDED entry outside the allowed
# libraries fails the build.
#
# Writes to OUT_DIR:
#   ferry-VERSION-linux-ARCH            the stripped binary
#   ferry-VERSION-linux-ARCH.gz         the same, gzip -9
#   *.sha256                            one per artifact, in `sha256sum -c` format
# Environment: FERRY_RELEASE_SCRATCH (SwiftPM scratch path, default .build-release).
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/env.sh

die() {
  echo "build-release: error: $*" >&2
  exit 1
}

(($# <= 1)) || die "usage: $0 [OUT_DIR]"
out="${1:-.build-release-dist}"
scratch="${FERRY_RELEASE_SCRATCH:-.build-release}"
deps="$PWD/.build-release-deps"
arch="$(uname -m)"
multiarch="$arch-linux-gnu"
pg_major=15

# The link group: each archive name (lib<name>.a) and the Debian package that ships it. The set is
# the closure of `pkg-config --static --libs libpq libcurl sqlite3 zlib libzstd snappy` on Debian 12, minus
# gssapi_krb5, sasl2 and p11-kit (stubbed), plus what GnuTLS and OpenLDAP need in turn.
archive_packages=(
  "pq libpq-dev"
  "pgcommon postgresql-server-dev-$pg_major"
  "pgport postgresql-server-dev-$pg_major"
  "curl libcurl4-openssl-dev"
  "nghttp2 libnghttp2-dev"
  "idn2 libidn2-dev"
  "unistring libunistring-dev"
  "rtmp librtmp-dev"
  "ssh2 libssh2-1-dev"
  "psl libpsl-dev"
  "ssl libssl-dev"
  "crypto libssl-dev"
  "ldap libldap-dev"
  "lber libldap-dev"
  "zstd libzstd-dev"
  "brotlidec libbrotli-dev"
  "brotlicommon libbrotli-dev"
  "gnutls libgnutls28-dev"
  "hogweed nettle-dev"
  "nettle nettle-dev"
  "gmp libgmp-dev"
  "tasn1 libtasn1-6-dev"
  "sqlite3 libsqlite3-dev"
  "z zlib1g-dev"
  "snappy libsnappy-dev"
)
# NEEDED entries the binary may have: glibc's libraries and the C++ runtime.
allowed_needed='^(libc\.so\.6|libm\.so\.6|libdl\.so\.2|libpthread\.so\.0|librt\.so\.1|libresolv\.so\.2|libutil\.so\.1|ld-linux-[a-z0-9_-]+\.so\.[0-9]+|libstdc\+\+\.so\.6|libgcc_s\.so\.1)$'

archives=()
packages=()
for entry in "${archive_packages[@]}"; do
  read -r name package <<<"$entry"
  archives+=("$name")
  [[ " ${packages[*]} " == *" $package "* ]] || packages+=("$package")
done

# Where an unpacked package keeps lib<name>.a (PostgreSQL's internal archives live apart).
archive_path() {
  local name="$1"
  case "$name" in
    pgcommon | pgport) echo "$deps/root/usr/lib/postgresql/$pg_major/lib/lib$name.a" ;;
    *) echo "$deps/root/usr/lib/$multiarch/lib$name.a" ;;
  esac
}

missing_archives() {
  local name
  for name in "${archives[@]}"; do
    [ -f "$(archive_path "$name")" ] || echo "$name"
  done
}

fetch_archives() {
  command -v apt-get >/dev/null && command -v dpkg-deb >/dev/null ||
    die "apt-get and dpkg-deb are needed to fetch the static archives (Debian 12)"
  local debs="$deps/debs"
  rm -rf "$debs" "$deps/root"
  mkdir -p "$debs" "$deps/root"
  echo "fetching static archives: ${packages[*]}" >&2
  # apt-get download as root drops to the _apt user, which cannot write here: keep it root.
  if ! (cd "$debs" && apt-get download -q -o APT::Sandbox::User=root "${packages[@]}" >&2); then
    echo "refreshing the package lists and retrying" >&2
    local sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    $sudo apt-get update -qq >&2
    (cd "$debs" && apt-get download -q -o APT::Sandbox::User=root "${packages[@]}" >&2) ||
      die "apt-get download failed for: ${packages[*]}"
  fi
  local deb
  for deb in "$debs"/*.deb; do
    dpkg-deb -x "$deb" "$deps/root"
  done
}

if [ -n "$(missing_archives)" ]; then
  fetch_archives
  missing="$(missing_archives | tr '\n' ' ')"
  [ -z "$missing" ] || die "these static archives are not in the fetched packages: $missing"
fi

# A directory with only the archives, so `-lpq` cannot pick libpq.so.
# Files here are rewritten only when they change, so that an unchanged setup rebuilds nothing.
lib="$deps/lib"
mkdir -p "$lib"
point() {
  [ "$(readlink "$2" 2>/dev/null)" = "$1" ] || ln -sfn "$1" "$2"
}
for name in "${archives[@]}"; do
  point "$(archive_path "$name")" "$lib/lib$name.a"
done
for file in "$lib"/*; do
  name="$(basename "$file" .a)"
  name="${name#lib}"
  [[ " ${archives[*]} " == *" $name "* ]] || rm -f "$file"
done

# SwiftPM adds each system-library target's pkg-config `-L` (/usr/lib/<multiarch>, where libpq.so
# also lives) ahead of Package.swift's own flags, and `-L` order decides which libpq `-lpq` finds.
# So the six modules that link get .pc files here, first on PKG_CONFIG_PATH, with the system's
# include flags and `-L` of the archive directory. CODBC has no pkg-config module: headers only.
pkgconfig="$deps/pkgconfig"
mkdir -p "$pkgconfig"
for module in libpq libcurl sqlite3 zlib libzstd snappy; do
  pkg-config --exists "$module" || die "pkg-config finds no $module: run scripts/install-deps.sh"
  content="Name: $module
Description: $module for ferry's static release build (scripts/build-release.sh)
Version: $(pkg-config --modversion "$module")
Cflags: $(pkg-config --cflags "$module")
Libs: -L$lib"
  [ "$(cat "$pkgconfig/$module.pc" 2>/dev/null)" = "$content" ] || printf '%s\n' "$content" >"$pkgconfig/$module.pc"
done

echo "== swift build -c release (static link mode)" >&2
# The previous binary is removed so that it is always linked again: SwiftPM does not track the
# archives, which a new fetch may have replaced.
bin_dir="$scratch/$arch-unknown-linux-gnu/release"
rm -f "$bin_dir/ferry"
PKG_CONFIG_PATH="$pkgconfig${PKG_CONFIG_PATH:+:$PKG_CONFIG_PATH}" \
  FERRY_STATIC_LIBS="$lib" FERRY_STATIC_ARCHIVES="${archives[*]}" \
  swift build -c release --static-swift-stdlib --scratch-path "$scratch" --product ferry >&2
binary="$bin_dir/ferry"
[ -x "$binary" ] || die "the build produced no $binary"

needed="$(readelf -d "$binary" | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p')"
unexpected="$(grep -Ev "$allowed_needed" <<<"$needed" || true)"
[ -z "$unexpected" ] || die "the binary needs libraries outside the allowed set: $(tr '\n' ' ' <<<"$unexpected")"

version="$("$binary" version --json | python3 -c 'import json, sys; print(json.load(sys.stdin)["ferry"])')"
name="ferry-$version-linux-$arch"
mkdir -p "$out"
rm -f "$out/$name" "$out/$name.gz" "$out/$name.sha256" "$out/$name.gz.sha256"
strip --strip-all -o "$out/$name" "$binary"
gzip -9 -n -c "$out/$name" >"$out/$name.gz"
(cd "$out" && sha256sum "$name" >"$name.sha256" && sha256sum "$name.gz" >"$name.gz.sha256")

echo "built $out/$name ($(stat -c %s "$out/$name") bytes, gzip $(stat -c %s "$out/$name.gz") bytes)" >&2
echo "  needs: $(tr '\n' ' ' <<<"$needed")" >&2
echo "$out/$name"
