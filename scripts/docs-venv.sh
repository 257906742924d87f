#!/usr/bin/env bash
# Creates, or reuses, the Python venv the documentation site builds in (MkDocs + Material), and
# prints its path.
#
#   scripts/docs-venv.sh [VENV]        default: .build/docs-venv
#   "$(scripts/docs-venv.sh)/bin/mkdocs" build --strict --site-dir "$(mktemp -d)"
#
# Every package is pinned (MkDocs, the theme and what they pull in), so the strict build sees the
# same Markdown and theme everywhere. A stamp file records what was installed: when it matches,
# the script only checks the venv and returns.
set -euo pipefail
cd "$(dirname "$0")/.."

venv="${1:-.build/docs-venv}"
requirements=(
  "mkdocs==1.6.1"
  "mkdocs-material==9.8.2"
  "mkdocs-material-extensions==1.3.1"
  "mkdocs-get-deps==0.2.2"
  "pymdown-extensions==13.1.2"
  "Markdown==3.11.3"
  "Pygments==2.21.0"
  "Jinja2==3.1.6"
  "MarkupSafe==3.0.4"
  "PyYAML==6.0.4"
  "pyyaml_env_tag==1.1"
  "babel==2.19.0"
  "backrefs==8.3.1"
  "click==8.5.1"
  "colorama==0.4.6"
  "ghp-import==2.1.0"
  "python-dateutil==4.0.0"
  "mergedeep==1.3.4"
  "packaging==26.4"
  "paginate==0.5.7"
  "pathspec==1.1.1"
  "platformdirs==4.14.9"
  "watchdog==7.1.1"
  "requests==2.34.2"
  "certifi==2026.10.19.post1"
  "charset-normalizer==3.5.3"
  "idna==3.20"
  "urllib3==2.8.0"
  "tzdata==2026.6"
)
. scripts/lib/pinned-venv.sh
pinned_venv docs-venv "$venv" "mkdocs" "${requirements[@]}"
