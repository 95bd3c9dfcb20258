#!/usr/bin/env bash
# Creates the virtualenv of checkov (the outside check the test suite runs over the synthesized
# stacks and their plans) at .venv-checkov from requirements/checkov.txt. Checkov pins its own
# dependencies tightly, so it does not share the workloads' environment.
#
#   scripts/checkov-setup.sh          install, or do nothing when .venv-checkov matches the lock
#   scripts/checkov-setup.sh --lock   re-resolve requirements/checkov.in and rewrite the lock
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export PY_VENV="${CHECKOV_VENV:-$ROOT/.venv-checkov}" PY_LOCK="$ROOT/requirements/checkov.txt" \
  PY_INPUT="$ROOT/requirements/checkov.in" PY_LOCK_COMMAND="scripts/checkov-setup.sh --lock"
exec bash "$ROOT/scripts/py-setup.sh" "$@"
