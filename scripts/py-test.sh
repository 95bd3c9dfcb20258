#!/usr/bin/env bash
# Runs every Python test of the workloads (assets/dags, assets/pipelines, assets/sample-data):
# sets up .venv (scripts/py-setup.sh) and .venv-dataflow (scripts/dataflow-setup.sh), builds
# fake-gcs-server (scripts/fake-gcs.sh), then pytest in each venv, side by side (the Beam/TFDV
# tests in assets/dataflow run in theirs).
# Extra arguments go to both pytest runs, e.g. scripts/py-test.sh -k contract -x
#
# Exits non-zero on any failure, and also when pytest collected no test (its exit code 5):
# a suite that ran nothing has not passed.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV="${PY_VENV:-$ROOT/.venv}"

"$ROOT/scripts/py-setup.sh"
FAKE_GCS_SERVER_BIN="$("$ROOT/scripts/fake-gcs.sh")"
export FAKE_GCS_SERVER_BIN

# The Beam/TFDV preprocessing has its own venv (requirements/dataflow.in says why); the DAG
# tests launch its interpreter for the preprocessing task, as Composer launches the job.
"$ROOT/scripts/dataflow-setup.sh"
export DATAFLOW_PYTHON="${DATAFLOW_VENV:-$ROOT/.venv-dataflow}/bin/python"

run_pytest() {
  local python="$1" dir="$2"
  shift 2
  set +e
  (cd "$dir" && "$python" -m pytest "$@")
  local status=$?
  set -e
  # a filter (-k) may match nothing in one of the two folders; with no filter, 5 is a failure
  if [ "$status" -eq 5 ] && { [ "$#" -eq 0 ] || [ "$dir" = "$ROOT/assets" ]; }; then
    echo "[py-test] pytest collected no tests in $dir: failing" >&2
    return 1
  fi
  [ "$status" -eq 5 ] && return 0
  return "$status"
}

# The two suites share nothing (their own venvs, temporary folders and loopback ports), so
# the Beam/TFDV one runs beside the other instead of after it: on two cores the whole takes
# about as long as the longer suite. Its output is held and printed after the first's.
status=0
dataflow_pid=""
if [ -z "${PY_TEST_SKIP_DATAFLOW:-}" ]; then
  dataflow_log="$(mktemp)"
  trap 'rm -f "$dataflow_log"' EXIT
  ( run_pytest "$DATAFLOW_PYTHON" "$ROOT/assets/dataflow" "$@" >"$dataflow_log" 2>&1 ) &
  dataflow_pid=$!
fi
run_pytest "$VENV/bin/python" "$ROOT/assets" "$@" || status=$?
if [ -n "$dataflow_pid" ]; then
  dataflow_status=0
  wait "$dataflow_pid" || dataflow_status=$?
  cat "$dataflow_log"
  [ "$dataflow_status" -eq 0 ] || status=$dataflow_status
fi
exit "$status"
