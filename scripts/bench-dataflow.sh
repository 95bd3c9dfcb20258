#!/usr/bin/env bash
# Rows per second of the Beam/TFDV preprocessing (assets/dataflow) on the DirectRunner, on a
# CSV of N rows (default 200000) made by repeating the sample data. A benchmark, not a test:
#   bash scripts/bench-dataflow.sh [ROWS]
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
ROWS="${1:-200000}"
"$ROOT/scripts/dataflow-setup.sh"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
cd "$ROOT/assets/dataflow"
"${DATAFLOW_VENV:-$ROOT/.venv-dataflow}/bin/python" - "$ROOT/assets/sample-data/iris.csv" "$WORK" "$ROWS" <<'PY'
import json, sys, time
from pathlib import Path
sample, work, rows = Path(sys.argv[1]), Path(sys.argv[2]), int(sys.argv[3])
header, *body = sample.read_text().splitlines()
source = work / "in.csv"
with source.open("w") as out:
    out.write(header + "\n")
    for i in range(rows):
        out.write(body[i % len(body)] + "\n")
from iris_preprocess import pipeline
start = time.perf_counter()
code = pipeline.main(["--input", str(source), "--features_output", str(work / "features" / "data.csv"),
                      "--runner", "DirectRunner", "--direct_num_workers", "1"])
seconds = time.perf_counter() - start
assert code == 0, code
print(json.dumps({"rows": rows, "seconds": round(seconds, 2), "rows_per_second": round(rows / seconds)}))
PY
