#!/usr/bin/env bash
# npm run bench:plan: how offline plan time grows with resources. Plans the synthesized dev
# stack as it is and with its resources 2x and 4x (scripts/tf/multiply_stack.py), one stack at
# a time, and prints the time of each tofu step. Needs `npm run synth` and the toolchain.
# Usage: scripts/bench-plan.sh [COPIES...]   (default: 1 2 4)
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
SRC="${BENCH_PLAN_STACK:-cdktf.out/stacks/mlops-dev}"
[ -f "$SRC/cdk.tf.json" ] || { echo "bench-plan: no $SRC/cdk.tf.json; run npm run synth first" >&2; exit 2; }
COPIES=("$@"); [ ${#COPIES[@]} -gt 0 ] || COPIES=(1 2 4)
WORK="$(mktemp -d "${TMPDIR:-/tmp}/bench-plan.XXXXXX")"
trap 'rm -rf "$WORK"' EXIT
printf '%-8s %-10s %s\n' copies resources "steps (tf-plan.sh)"
for k in "${COPIES[@]}"; do
  mkdir -p "$WORK/$k/stacks"
  n=$(python3 "$HERE/tf/multiply_stack.py" "$SRC" "$WORK/$k/stacks/bench-x$k" "$k")
  line=$(TF_PLAN_JOBS=1 bash "$HERE/tf-plan.sh" "$WORK/$k" "$WORK/$k/plans" 2>&1 | grep -E 'ok in|FAILED' | head -1 | sed 's/.*: //; s/ -> .*//')
  printf '%-8s %-10s %s\n' "${k}x" "$n" "$line"
done
