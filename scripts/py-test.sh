#!/usr/bin/env bash
# Runs every Python test of the workloads (assets/dags, assets/pipelines, assets/containers, assets/looker):
# sets up .venv (scripts/py-setup.sh) and .venv-dataflow (scripts/dataflow-setup.sh), builds
# fake-gcs-server (scripts/fake-gcs.sh), then pytest in processes side by side: one per folder
# of assets/ (DAG, containers, pipelines; in .venv) and the Beam/TFDV tests of assets/dataflow
# in theirs.
# Extra arguments go to every pytest run, e.g. scripts/py-test.sh -k contract -x
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

# One BLAS/OpenMP thread per process. The parts below run side by side (and beside jest in
# `npm test`), each starting numpy, scikit-learn and TensorFlow processes; a math library's
# default pool of one thread per core spins while it waits, which on 2 shared cores is CPU taken
# from the other parts. Alone and idle, the kfp folder went from 63 to 50 s of CPU, the
# containers from 33 to 29 s and the Beam/TFDV suite from 26 to 24 s (`/usr/bin/time pytest`).
# A caller's own setting wins.
export OMP_NUM_THREADS="${OMP_NUM_THREADS:-1}" OPENBLAS_NUM_THREADS="${OPENBLAS_NUM_THREADS:-1}" \
  MKL_NUM_THREADS="${MKL_NUM_THREADS:-1}"

# pytest in one folder; exit code 5 (nothing collected) is passed on for the caller to judge.
run_pytest() {
  local python="$1" dir="$2"
  shift 2
  set +e
  (cd "$dir" && "$python" -m pytest "$@")
  local status=$?
  set -e
  return "$status"
}

# One pytest process per folder of assets/pytest.ini's testpaths (the DAG under Airflow, the
# containers, the kfp pipeline runs) and one for the Beam/TFDV suite in its venv, side by side:
# they share nothing (each folder has its own fixtures, temporary Airflow home, fake-gcs-server
# and loopback ports). On two cores the whole then takes about half the sum instead of the sum
# (the DAG folder alone was 231 of 239 s when it ran with the containers). Each part's output
# is held and printed whole, in this order.
mapfile -t testpaths < <(sed -n 's/^testpaths *= *//p' "$ROOT/assets/pytest.ini" | tr ' ' '\n' | grep -v '^$')
logs="$(mktemp -d)"
trap 'rm -rf "$logs"' EXIT
pids=()
start_part() {
  local name="$1"
  shift
  ( rc=0; run_pytest "$@" >"$logs/$name.log" 2>&1 || rc=$?; echo "$rc" >"$logs/$name.rc" ) &
  pids+=($!)
}
n=0
for p in "${testpaths[@]}"; do
  n=$((n + 1))
  start_part "$n-assets-${p%%/*}" "$VENV/bin/python" "$ROOT/assets" "$p" "$@"
done
[ -n "${PY_TEST_SKIP_DATAFLOW:-}" ] || start_part 9-dataflow "$DATAFLOW_PYTHON" "$ROOT/assets/dataflow" "$@"
wait "${pids[@]}" || true

status=0
assets_collected=0
for rc_file in "$logs"/*.rc; do
  name="$(basename "$rc_file" .rc)"
  rc="$(cat "$rc_file")"
  cat "$logs/$name.log"
  case "$rc" in
    0) [ "$name" = 9-dataflow ] || assets_collected=1 ;;
    5)
      # a filter (-k) may match nothing in one part; with no filter, 5 is a failure
      if [ "$#" -eq 0 ]; then
        echo "[py-test] pytest collected no tests in part $name: failing" >&2
        status=1
      fi ;;
    *) status=$rc; [ "$name" = 9-dataflow ] || assets_collected=1 ;;
  esac
done
if [ "$assets_collected" -eq 0 ]; then
  echo "[py-test] pytest collected no tests in $ROOT/assets: failing" >&2
  status=1
fi
exit "$status"
