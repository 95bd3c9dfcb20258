from __future__ import annotations

import sys
from pathlib import Path

import pytest

DATAFLOW = Path(__file__).resolve().parents[1]
SAMPLE_CSV = DATAFLOW.parent / "sample-data" / "iris.csv"
if str(DATAFLOW) not in sys.path:
    sys.path.insert(0, str(DATAFLOW))


@pytest.fixture
def sample_text() -> str:
    return SAMPLE_CSV.read_text(encoding="utf-8")


@pytest.fixture
def day(tmp_path):
    """run(csv_text, *extra) runs the pipeline on the DirectRunner; returns (code, out, paths)."""
    from iris_preprocess import pipeline

    def run(text: str, *extra: str):
        source = tmp_path / "ingest" / "data.csv"
        source.parent.mkdir(parents=True, exist_ok=True)
        source.write_text(text, encoding="utf-8")
        features = tmp_path / "features" / "data.csv"
        code = pipeline.main(
            ["--input", str(source), "--features_output", str(features), "--runner", "DirectRunner", *extra]
        )
        return code, features

    return run
