#!/usr/bin/env bash
# Creates .venv-dataflow for the Beam preprocessing with TFDV (assets/dataflow) from
# requirements/dataflow.txt; idempotent like scripts/py-setup.sh, whose machinery it reuses
# (a stamp of the lock; a warm run is a hash comparison).
#
#   scripts/dataflow-setup.sh          install, or nothing when the venv matches the lock
#   scripts/dataflow-setup.sh --lock   re-resolve requirements/dataflow.in
#
# Environment: DATAFLOW_VENV (default <repo>/.venv-dataflow), PYTHON.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export PY_VENV="${DATAFLOW_VENV:-$ROOT/.venv-dataflow}" PY_LOCK="$ROOT/requirements/dataflow.txt" \
  PY_INPUT="$ROOT/requirements/dataflow.in" PY_LOCK_COMMAND="scripts/dataflow-setup.sh --lock"
exec bash "$ROOT/scripts/py-setup.sh" "$@"
