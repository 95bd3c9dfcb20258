#!/usr/bin/env bash
# Runs the real Terraform engine (OpenTofu, offline) over every synthesized cdktf stack:
#   tofu init -> tofu plan -refresh=false (which validates first) -> tofu show -json
# and writes <plans-dir>/<stack>.plan.json (plus the logs of each step).
#
# Usage: scripts/tf-plan.sh [CDKTF_OUT_DIR [PLANS_DIR]] [--stack NAME]...
#   CDKTF_OUT_DIR  default cdktf.out (its stacks/*/cdk.tf.json are planned)
#   PLANS_DIR      default CDKTF_OUT_DIR/plans
#   --stack NAME   plan only that stack (repeatable)
#   --keep         keep the temporary work directories (printed) for debugging
#   --state DIR    start each stack from DIR/<stack>.tfstate where it exists (a plan against
#                  resources that already exist, e.g. one that replaces a bucket); default: empty
#   TF_PLAN_JOBS   stacks planned at once (default: twice the number of cores)
#   TF_PLAN_VALIDATE  1, or a comma-separated list of stacks: also run `tofu validate -json`
#                  (<stack>.validate.json) for all or those stacks; plan validates anyway
#
# The toolchain comes from scripts/tf-toolchain.sh: when TF_CLI_CONFIG_FILE and TOFU_BIN are
# not set already, this script takes them from `scripts/tf-toolchain.sh --print-env`.
# Each stack is copied to a temporary directory and its backend is overridden with a local
# one (whatever cdk.tf.json declares), so no state or lock ever touches the real backend.
# The google provider authenticates with a fake static token (GOOGLE_OAUTH_ACCESS_TOKEN, and
# access_token in an override file): a plan that only creates resources and reads no data
# source needs no API call. Stacks using azuredevops talk to a loopback stub organisation.
# Needs python3 (scripts/tf/offline_overrides.py, scripts/tf/azdo_stub.py).
# Exit status: 0 when every stack planned; 1 when a step failed (its tofu output is printed);
# 2 on bad usage or missing toolchain.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"

OUT_DIR=""
PLANS_DIR=""
KEEP=0
STATE_DIR=""
STACKS=()
while [ $# -gt 0 ]; do
  case "$1" in
    --stack) shift; STACKS+=("${1:?--stack needs a name}") ;;
    --stack=*) STACKS+=("${1#--stack=}") ;;
    --keep) KEEP=1 ;;
    --state) shift; STATE_DIR="${1:?--state needs a folder}" ;;
    --state=*) STATE_DIR="${1#--state=}" ;;
    -h|--help) sed -n '2,/^set -euo/p' "$0" | sed '$d' | sed 's/^# \{0,1\}//'; exit 0 ;;
    -*) echo "tf-plan: unknown option: $1" >&2; exit 2 ;;
    *)
      if [ -z "$OUT_DIR" ]; then OUT_DIR="$1"
      elif [ -z "$PLANS_DIR" ]; then PLANS_DIR="$1"
      else echo "tf-plan: too many arguments" >&2; exit 2; fi ;;
  esac
  shift
done
OUT_DIR="${OUT_DIR:-cdktf.out}"
PLANS_DIR="${PLANS_DIR:-$OUT_DIR/plans}"

log() { printf '[tf-plan] %s\n' "$*" >&2; }

[ -d "$OUT_DIR/stacks" ] || { log "no stacks in $OUT_DIR/stacks (run cdktf synth first)"; exit 2; }

if [ -z "${TF_CLI_CONFIG_FILE:-}" ] || [ -z "${TOFU_BIN:-}" ]; then
  envlines="$("$HERE/tf-toolchain.sh" --print-env)" || {
    log "the offline toolchain is not built: run scripts/tf-toolchain.sh"; exit 2; }
  eval "$envlines"
fi
[ -x "$TOFU_BIN" ] || { log "TOFU_BIN=$TOFU_BIN is not executable"; exit 2; }
[ -f "$TF_CLI_CONFIG_FILE" ] || { log "TF_CLI_CONFIG_FILE=$TF_CLI_CONFIG_FILE does not exist"; exit 2; }

# Nothing may reach the network: no checkpoint, no plugin cache, no real credentials.
export CHECKPOINT_DISABLE=1 TF_IN_AUTOMATION=1 TF_INPUT=0
unset TF_PLUGIN_CACHE_DIR TF_DATA_DIR TF_WORKSPACE TF_LOG || true
# The provider reads GOOGLE_OAUTH_ACCESS_TOKEN only when no credentials are configured.
unset GOOGLE_CREDENTIALS GOOGLE_CLOUD_KEYFILE_JSON GCLOUD_KEYFILE_JSON \
  GOOGLE_APPLICATION_CREDENTIALS GOOGLE_IMPERSONATE_SERVICE_ACCOUNT || true
export GOOGLE_OAUTH_ACCESS_TOKEN="${TF_PLAN_FAKE_TOKEN:-fake-token}"
# Every outbound HTTP(S) request goes to a closed loopback port, so it fails at once and never
# leaves the machine. The google provider's configure step always asks the userinfo endpoint who
# the caller is (only to log it); without a network, the DNS error for that counts as temporary
# and the provider retries it for 5 minutes. Loopback (the Azure DevOps stub) is never proxied.
export HTTPS_PROXY="http://127.0.0.1:9" HTTP_PROXY="http://127.0.0.1:9" \
  https_proxy="http://127.0.0.1:9" http_proxy="http://127.0.0.1:9" \
  NO_PROXY="127.0.0.1,localhost" no_proxy="127.0.0.1,localhost"
unset ALL_PROXY all_proxy || true
# Go's collector: tofu and the provider processes it starts (they inherit this environment)
# allocate most of their memory building the provider schema at start-up, where the default
# GOGC=100 collects again and again. 400 trades memory for CPU: one stack's plan took 4.7 s of
# CPU and 140 MiB at most with the default, 3.6 s and 230-290 MiB with 400
# (`GOGC=... /usr/bin/time scripts/tf-plan.sh cdktf.out DIR --stack mlops-dev`). A caller's own
# GOGC wins.
export GOGC="${GOGC:-400}"
# Azure DevOps: the provider asks the organisation for its resource areas when it configures,
# so stacks that use it are pointed at a loopback stub (scripts/tf/azdo_stub.py) with a fake PAT.
unset AZDO_ORG_SERVICE_URL AZDO_PERSONAL_ACCESS_TOKEN AZDO_USE_OIDC AZDO_USE_MSI ARM_CLIENT_ID \
  ARM_CLIENT_SECRET ARM_TENANT_ID ARM_OIDC_TOKEN ARM_OIDC_TOKEN_FILE_PATH ARM_USE_OIDC ARM_USE_MSI \
  ARM_CLIENT_CERTIFICATE ARM_CLIENT_CERTIFICATE_PATH AZURE_CLIENT_SECRET || true
command -v python3 >/dev/null 2>&1 || { log "python3 is needed (scripts/tf/*.py)"; exit 2; }

mkdir -p "$PLANS_DIR"
PLANS_DIR="$(cd "$PLANS_DIR" && pwd)"
OUT_DIR="$(cd "$OUT_DIR" && pwd)"

if [ ${#STACKS[@]} -eq 0 ]; then
  for d in "$OUT_DIR"/stacks/*/; do
    [ -f "$d/cdk.tf.json" ] && STACKS+=("$(basename "$d")")
  done
fi
[ ${#STACKS[@]} -gt 0 ] || { log "no stack with a cdk.tf.json under $OUT_DIR/stacks"; exit 2; }

now_ms() { date +%s%3N; }
secs() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1fs", (b - a) / 1000 }'; }

WORK_ROOT="$(mktemp -d "${TMPDIR:-/tmp}/tf-plan.XXXXXX")"
STUB_PID=""
cleanup() {
  if [ -n "$STUB_PID" ]; then kill "$STUB_PID" 2>/dev/null || true; wait "$STUB_PID" 2>/dev/null || true; fi
  if [ "$KEEP" = 1 ]; then log "work dirs kept in $WORK_ROOT"; else rm -rf "$WORK_ROOT"; fi
}
trap cleanup EXIT

# Start the Azure DevOps loopback stub once, if any stack configures that provider.
AZDO_URL=""
for stack in "${STACKS[@]}"; do
  if grep -q '"azuredevops"' "$OUT_DIR/stacks/$stack/cdk.tf.json" 2>/dev/null; then
    python3 "$HERE/tf/azdo_stub.py" "$WORK_ROOT/azdo.port" --max-seconds 3600 2>"$WORK_ROOT/azdo_stub.log" &
    STUB_PID=$!
    for _ in $(seq 1 50); do [ -s "$WORK_ROOT/azdo.port" ] && break; sleep 0.1; done
    [ -s "$WORK_ROOT/azdo.port" ] || { log "the Azure DevOps stub did not start"; cat "$WORK_ROOT/azdo_stub.log" >&2; exit 1; }
    AZDO_URL="http://127.0.0.1:$(cat "$WORK_ROOT/azdo.port")/example-org"
    export AZDO_ORG_SERVICE_URL="$AZDO_URL" AZDO_PERSONAL_ACCESS_TOKEN=fake-token
    break
  fi
done

# run_step STACK STEP LOGFILE CMD... : runs a tofu step, prints its output on failure.
run_step() {
  local stack="$1" step="$2" logf="$3"; shift 3
  local t0 t1
  t0=$(now_ms)
  if "$@" > "$logf" 2>&1; then
    t1=$(now_ms)
    STEP_TIMES+=("$step $(secs "$t0" "$t1")")
    return 0
  fi
  t1=$(now_ms)
  log "$stack: $step FAILED after $(secs "$t0" "$t1"): $*"
  sed 's/^/    /' "$logf" >&2
  return 1
}

# plan_stack STACK: init, plan and show one stack; leaves $WORK_ROOT/STACK.ok on success.
plan_stack() {
  local stack="$1" src="$OUT_DIR/stacks/$1" work="$WORK_ROOT/$1" ok=1 t0 t1 tv ts
  [ -f "$src/cdk.tf.json" ] || { log "$stack: no $src/cdk.tf.json"; return 1; }
  mkdir -p "$work"
  # Copy the stack (assets included) without any previous init or state.
  (cd "$src" && tar --exclude=./.terraform --exclude='./*.tfstate' --exclude='./*.tfstate.backup' \
      --exclude=./.terraform.lock.hcl --exclude=./plan.bin -cf - .) | (cd "$work" && tar -xf -)
  # Override file: local backend in the work dir, fake credentials, loopback Azure DevOps.
  python3 "$HERE/tf/offline_overrides.py" "$work/cdk.tf.json" \
    "$work/zz_tf_plan_offline_override.tf.json" "$work/terraform.tfstate" "$AZDO_URL" >/dev/null

  STEP_TIMES=()
  t0=$(now_ms)
  log "$stack: planning ..."
  run_step "$stack" init "$PLANS_DIR/$stack.init.log" \
    "$TOFU_BIN" -chdir="$work" init -input=false -no-color || ok=0
  # After init: init would take a state file already at the backend's path for one to migrate.
  if [ $ok = 1 ] && [ -n "$STATE_DIR" ] && [ -f "$STATE_DIR/$stack.tfstate" ]; then
    cp "$STATE_DIR/$stack.tfstate" "$work/terraform.tfstate"
  fi
  # `plan` runs the same validation as `validate` before it plans (and fails with the same
  # diagnostics), so a separate `validate` only starts the provider once more (about 2 s per
  # stack). TF_PLAN_VALIDATE runs it anyway, for its JSON report (warnings included).
  if [ $ok = 1 ] && { [ "${TF_PLAN_VALIDATE:-0}" = 1 ] || [[ ",${TF_PLAN_VALIDATE:-}," == *",$stack,"* ]]; }; then
    tv=$(now_ms)
    if ! "$TOFU_BIN" -chdir="$work" validate -json -no-color > "$PLANS_DIR/$stack.validate.json" 2>"$work/validate.err" \
        || ! grep -q '"valid": *true' "$PLANS_DIR/$stack.validate.json"; then
      log "$stack: validate FAILED"
      cat "$PLANS_DIR/$stack.validate.json" "$work/validate.err" | sed 's/^/    /' >&2
      ok=0
    else
      STEP_TIMES+=("validate $(secs "$tv" "$(now_ms)")")
    fi
  fi
  [ $ok = 1 ] && { run_step "$stack" plan "$PLANS_DIR/$stack.plan.log" \
    "$TOFU_BIN" -chdir="$work" plan -refresh=false -input=false -lock=false -no-color -out=plan.bin || ok=0; }
  if [ $ok = 1 ]; then
    ts=$(now_ms)
    if "$TOFU_BIN" -chdir="$work" show -json -no-color plan.bin > "$PLANS_DIR/$stack.plan.json.tmp" 2>"$work/show.err"; then
      mv -f "$PLANS_DIR/$stack.plan.json.tmp" "$PLANS_DIR/$stack.plan.json"
      STEP_TIMES+=("show $(secs "$ts" "$(now_ms)")")
    else
      log "$stack: show FAILED"; sed 's/^/    /' "$work/show.err" >&2; ok=0
      rm -f "$PLANS_DIR/$stack.plan.json.tmp"
    fi
  fi
  t1=$(now_ms)
  if [ $ok = 1 ]; then
    log "$stack: ok in $(secs "$t0" "$t1") (${STEP_TIMES[*]}) -> $PLANS_DIR/$stack.plan.json"
    touch "$WORK_ROOT/$stack.ok"
  else
    rm -f "$PLANS_DIR/$stack.plan.json"
    return 1
  fi
}

# Stacks are independent: plan them side by side, TF_PLAN_JOBS at a time,
# since each tofu step spends most of its time starting the provider, not planning.
# Two per core: part of a provider's start is waiting, not computing (the 4 default stacks on 2
# cores: 7.5 s with 4 at once against 8.3 s with 2, `time scripts/tf-plan.sh`, idle).
JOBS="${TF_PLAN_JOBS:-$(( $(nproc 2>/dev/null || echo 2) * 2 ))}"
[[ "$JOBS" =~ ^[1-9][0-9]*$ ]] || { log "TF_PLAN_JOBS must be a whole number of at least 1 (got '$JOBS')"; exit 2; }
T_ALL=$(now_ms)
PIDS=()
for stack in "${STACKS[@]}"; do
  if [ ${#PIDS[@]} -ge "$JOBS" ]; then
    wait -n "${PIDS[@]}" 2>/dev/null || true
    alive=()
    for pid in "${PIDS[@]}"; do kill -0 "$pid" 2>/dev/null && alive+=("$pid"); done
    PIDS=("${alive[@]}")
  fi
  plan_stack "$stack" &
  PIDS+=($!)
done
for pid in "${PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
FAILED=()
for stack in "${STACKS[@]}"; do [ -f "$WORK_ROOT/$stack.ok" ] || FAILED+=("$stack"); done
T_END=$(now_ms)

if [ ${#FAILED[@]} -gt 0 ]; then
  log "FAILED: ${FAILED[*]} ($(( ${#STACKS[@]} - ${#FAILED[@]} ))/${#STACKS[@]} stacks planned in $(secs "$T_ALL" "$T_END"))"
  exit 1
fi
log "all ${#STACKS[@]} stacks planned in $(secs "$T_ALL" "$T_END")"
