#!/usr/bin/env bash
# Creates, or reuses, the Python venv the Airflow provider's tests run in, and prints its path.
#
#   scripts/airflow-venv.sh [VENV]      VENV defaults to .build/airflow-venv
#
# It holds apache-airflow 3.3.2, Airflow's OpenLineage provider and pytest, all from PyPI (no
# constraints file: that would be a download from outside PyPI), and the provider in
# airflow_provider/ installed in editable mode, so its tests import the working tree. A stamp file
# records what was installed: when it matches, the script only checks the venv and returns (well
# under a second). A venv left half-made by an interrupted install is completed on the next run.
set -euo pipefail
cd "$(dirname "$0")/.."

venv="${1:-.build/airflow-venv}"
requirements=(
  "apache-airflow==3.3.2"
  "apache-airflow-providers-openlineage==2.20.3"
  "pytest==9.2.0"
  # setuptools (in every venv of Python 3.11) needs wheel to build the editable install.
  "wheel==0.45.1"
)
. scripts/lib/pinned-venv.sh
PINNED_VENV_STAMP_EXTRA="$(sha256sum airflow_provider/pyproject.toml | cut -d' ' -f1)" \
  PINNED_VENV_CHECK='import importlib.metadata as m, ferry_provider, pytest; m.version("apache-airflow")' \
  PINNED_VENV_EDITABLE=airflow_provider \
  pinned_venv airflow-venv "$venv" "pytest" "${requirements[@]}"
