# Sourced by scripts/docs-venv.sh, dbt-venv.sh and serve-venv.sh: one way to make a Python venv
# with pinned packages, or reuse it.
#
#   pinned_venv NAME VENV "PROGRAM ..." REQUIREMENT...
#
# A stamp file (VENV/.ferry-NAME) records the requirements installed: when it matches and every
# PROGRAM in VENV/bin answers --version, the venv is reused as it is; otherwise the requirements are
# installed (into a new venv when VENV has none). Prints VENV.
#
# Optional, for a venv that also holds a package of this repository (scripts/airflow-venv.sh):
#   PINNED_VENV_STAMP_EXTRA  one more stamp line (e.g. the hash of that package's pyproject.toml)
#   PINNED_VENV_CHECK        Python code that must run in VENV for it to be reused
#   PINNED_VENV_EDITABLE     a directory installed in editable mode after the requirements
pinned_venv() {
  local name="$1" venv="$2" programs="$3"
  shift 3
  local stamp="$venv/.ferry-$name" want program usable=yes
  want="$(printf '%s\n' "$@")"
  if [ -n "${PINNED_VENV_STAMP_EXTRA:-}" ]; then
    want="$want"$'\n'"$PINNED_VENV_STAMP_EXTRA"
  fi
  if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then
    for program in $programs; do
      "$venv/bin/$program" --version >/dev/null 2>&1 || usable=no
    done
    if [ -n "${PINNED_VENV_CHECK:-}" ]; then
      "$venv/bin/python" -c "$PINNED_VENV_CHECK" 2>/dev/null || usable=no
    fi
    if [ "$usable" = yes ]; then
      echo "$venv"
      return 0
    fi
  fi
  command -v python3 >/dev/null 2>&1 || { echo "$name: python3 is needed (python3-venv)" >&2; return 1; }
  rm -f "$stamp"
  [ -x "$venv/bin/pip" ] || python3 -m venv "$venv"
  echo "$name: installing $* into $venv" >&2
  "$venv/bin/pip" install -q --disable-pip-version-check "$@" >&2
  if [ -n "${PINNED_VENV_EDITABLE:-}" ]; then
    # Editable, with the venv's own setuptools (no isolated build environment to download).
    "$venv/bin/pip" install -q --disable-pip-version-check --no-deps --no-build-isolation -e "$PINNED_VENV_EDITABLE" >&2
  fi
  printf '%s' "$want" >"$stamp"
  echo "$venv"
}
