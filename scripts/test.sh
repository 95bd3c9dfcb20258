#!/usr/bin/env bash
# The project's whole test suite, as CI runs it (`npm test`):
#   1. type-check every TypeScript file (tsc --noEmit; skipped when no TypeScript, JSON or lockfile
#      content changed since the last passing check: scripts/typecheck.js);
#   2. build the real Terraform engine (OpenTofu + google provider, cached) and plan every
#      synthesized stack offline;
#   3. jest: unit, invariants, snapshots, guardrails, consumer, loopback gRPC, plan tests
#      (checkov over the synthesized stacks and plans, from scripts/checkov-setup.sh), and
#      the web service against a real redis-server and headless Chromium (scripts/web-deps.sh);
#   4. the Python workloads (real Airflow, real kfp) in their virtual environment.
# Ends with one line `tests: N passed, N failed`.
# The Python workloads do not depend on the TypeScript side, so they run in the background from
# the start (their venv set-up overlaps the Terraform toolchain build on a cold machine, their
# tests overlap jest on a warm one); their output is printed when they end.
set -uo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/node_modules/.bin:$PATH" CHECKPOINT_DISABLE=1
results="$(mktemp -d)"
trap 'rm -rf "$results"' EXIT
status=0
step() { printf '\n== %s\n' "$*"; }

step "Python workloads (Airflow DAG, KFP pipeline): started in the background"
( bash scripts/py-test.sh > "$results/pytest.log" 2>&1; echo $? > "$results/pytest.rc" ) &
py_pid=$!

step "type-check (tsc --noEmit, incremental; not rerun when no source changed: scripts/typecheck.js)"
if ! node scripts/typecheck.js; then
  echo "type-check failed"; status=1
fi

step "real Terraform engine: toolchain, synth, init/plan/show of every stack"
plan_dir="$PWD/cdktf.out/plans"
# The CI/CD plan test also reads validate -json (it wants no warning); the others need only the plan.
if bash scripts/tf-toolchain.sh && eval "$(bash scripts/tf-toolchain.sh --print-env)" \
  && rm -rf cdktf.out && VMLOPS_BACKEND=local node scripts/synth.js \
  && TF_PLAN_VALIDATE=mlops-cicd bash scripts/tf-plan.sh cdktf.out "$plan_dir"; then
  export VMLOPS_PLAN_DIR="$plan_dir"
else
  echo "the Terraform tier failed; its plan tests will fail below"
  status=1
fi

step "checkov (pinned, its own venv) for the plan tier's outside check"
if bash scripts/checkov-setup.sh; then
  export VMLOPS_CHECKOV="$PWD/.venv-checkov/bin/checkov"
else
  echo "checkov could not be installed; its tests will fail below"
  status=1
fi

step "system programs the web service tests drive (redis-server, chromium)"
bash scripts/web-deps.sh || { echo "installing redis-server/chromium failed; the web tests will fail below"; status=1; }

step "jest"
jest --ci --json --outputFile="$results/jest.json" || status=1

step "Python workloads (Airflow DAG, KFP pipeline)"
wait "$py_pid"
cat "$results/pytest.log"
[ "$(cat "$results/pytest.rc" 2>/dev/null)" = 0 ] || status=1

node -e '
const fs = require("fs");
let passed = 0, failed = 0;
try { const j = JSON.parse(fs.readFileSync(process.argv[1], "utf8")); passed += j.numPassedTests; failed += j.numFailedTests + (j.numRuntimeErrorTestSuites || 0); } catch { failed += 1; }
const log = fs.existsSync(process.argv[2]) ? fs.readFileSync(process.argv[2], "utf8") : "";
const lines = log.split("\n").filter((l) => /=+ .*(passed|failed|error).* in [\d.]+s/.test(l));
if (lines.length === 0) failed += 1;
for (const l of lines) {
  passed += Number((/(\d+) passed/.exec(l) || [0, 0])[1]);
  failed += Number((/(\d+) failed/.exec(l) || [0, 0])[1]) + Number((/(\d+) errors?/.exec(l) || [0, 0])[1]);
}
console.log(`\ntests: ${passed} passed, ${failed} failed`);
process.exit(failed > 0 ? 1 : 0);
' "$results/jest.json" "$results/pytest.log" || status=1
exit $status
