"""Writes iris.csv from the iris data bundled inside scikit-learn (no download).

The result is byte-identical to the public CSV the ingestion DAG reads by default
(INGEST_SOURCE_URI), so the sample is what the DAG would land in the shared-data bucket.
A test re-runs this and fails when the committed file differs.

    .venv/bin/python assets/sample-data/generate.py [OUT]
"""

from __future__ import annotations

import sys
from pathlib import Path

from sklearn.datasets import load_iris

COLUMNS = ["sepal_length", "sepal_width", "petal_length", "petal_width", "species"]
DEFAULT_OUT = Path(__file__).with_name("iris.csv")


def render() -> str:
    iris = load_iris()
    lines = [",".join(COLUMNS)]
    for features, target in zip(iris.data, iris.target):
        # the measurements have one decimal; format them as the public CSV does
        lines.append(",".join([*(f"{value:.1f}" for value in features), iris.target_names[target]]))
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    out = Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT_OUT
    out.write_text(render(), encoding="utf-8")
    print(f"wrote {out}")
