"""The shipped sample CSV: generated from scikit-learn's bundled iris, in the DAG's schema."""

from __future__ import annotations

import importlib.util

from conftest import ASSETS, SAMPLE_CSV


def load_generator():
    spec = importlib.util.spec_from_file_location("generate_sample", ASSETS / "sample-data" / "generate.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_committed_sample_matches_the_generator():
    assert SAMPLE_CSV.read_text() == load_generator().render()


def test_sample_header_is_the_contract_column_order():
    import json

    contract = json.loads((ASSETS / "dags" / "mlops_ingest" / "iris.schema.json").read_text())
    header = SAMPLE_CSV.read_text().splitlines()[0].split(",")
    assert header == [column["name"] for column in contract["columns"]]
    assert len(SAMPLE_CSV.read_text().splitlines()) == 151
