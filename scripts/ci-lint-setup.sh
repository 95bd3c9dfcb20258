#!/usr/bin/env bash
# Creates the virtualenv that holds check-jsonschema (requirements/ci-lint.txt), which the tests
# use to validate azure-pipelines.yml offline against the Azure Pipelines schema it ships.
# Its own venv: it shares nothing with the workloads' pins. Prints the venv's path.
#
#   scripts/ci-lint-setup.sh     install, or do nothing when the venv already matches the lock
#
# Environment: PYTHON (default python3.11, else python3), CI_LINT_VENV (default <repo>/.venv-ci-lint).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV="${CI_LINT_VENV:-$ROOT/.venv-ci-lint}"
LOCK="$ROOT/requirements/ci-lint.txt"
STAMP="$VENV/.ci-lint.stamp"

PY="${PYTHON:-}"
if [ -z "$PY" ]; then
  if command -v python3.11 >/dev/null 2>&1; then PY=python3.11; else PY=python3; fi
fi
want="$( (cat "$LOCK" "$0"; "$PY" --version 2>&1) | sha256sum | cut -d' ' -f1)"
if [ -f "$STAMP" ] && [ "$(cat "$STAMP")" = "$want" ] && [ -x "$VENV/bin/check-jsonschema" ]; then
  printf '%s\n' "$VENV"
  exit 0
fi
echo "[ci-lint-setup] installing check-jsonschema into $VENV" >&2
rm -rf "$VENV"
"$PY" -m venv "$VENV" >&2 || {
  echo "[ci-lint-setup] '$PY -m venv' failed: install the venv module (apt-get install python3-venv)" >&2; exit 1; }
"$VENV/bin/pip" install --quiet --disable-pip-version-check --no-deps --require-virtualenv -r "$LOCK" >&2
"$VENV/bin/check-jsonschema" --version >&2
printf '%s\n' "$want" > "$STAMP"
printf '%s\n' "$VENV"
