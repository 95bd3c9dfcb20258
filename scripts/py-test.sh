#!/usr/bin/env bash
# Runs every Python test of the workloads (assets/dags, assets/pipelines, assets/sample-data):
# sets up .venv (scripts/py-setup.sh), builds fake-gcs-server (scripts/fake-gcs.sh), then
# pytest. Extra arguments go to pytest, e.g. scripts/py-test.sh -k contract -x
#
# Exits non-zero on any failure, and also when pytest collected no test (its exit code 5):
# a suite that ran nothing has not passed.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV="${PY_VENV:-$ROOT/.venv}"

"$ROOT/scripts/py-setup.sh"
FAKE_GCS_SERVER_BIN="$("$ROOT/scripts/fake-gcs.sh")"
export FAKE_GCS_SERVER_BIN

cd "$ROOT/assets"
set +e
"$VENV/bin/python" -m pytest "$@"
status=$?
set -e
if [ "$status" -eq 5 ]; then
  echo "[py-test] pytest collected no tests: failing" >&2
  exit 1
fi
exit "$status"
