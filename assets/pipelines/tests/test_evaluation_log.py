"""The evaluation log line the platform dashboard reads, from a kfp.local run.

No `from __future__ import annotations` here: kfp reads the pipeline function's annotations
as types, and postponed ones are strings it takes for artifact types."""

import json
import os
import re

from kfp import dsl, local

from conftest import SAMPLE_CSV, TRAINER_SOURCE

from components.evaluate import evaluate
from components.preprocess import preprocess
from components.train import train
from pipeline import SCHEMA_JSON


def test_a_local_run_of_evaluate_prints_the_evaluation_line(tmp_path, monkeypatch, capfd):
    """The same, through kfp.local's SubprocessRunner (the executor as Vertex AI runs it, stdout
    included): importer -> preprocess -> train -> evaluate on the sample data."""
    monkeypatch.setenv("PYTHONPATH", os.pathsep.join(filter(None, [str(TRAINER_SOURCE), os.environ.get("PYTHONPATH")])))
    local.init(runner=local.SubprocessRunner(use_venv=False), pipeline_root=str(tmp_path / "root"))

    @dsl.pipeline(name="evaluate-only")
    def evaluate_only(data_uri: str):
        source = dsl.importer(artifact_uri=data_uri, artifact_class=dsl.Dataset, reimport=False)
        split = preprocess(data=source.output, schema_json=SCHEMA_JSON, test_fraction=0.2, seed=42)
        model = train(train_data=split.outputs["train_data"], scaler=split.outputs["scaler"], schema_json=SCHEMA_JSON,
                      model_type="logistic_regression", seed=42, hyperparameters="{}").outputs["model"]
        evaluate(test_data=split.outputs["test_data"], model=model, schema_json=SCHEMA_JSON)

    evaluate_only(data_uri=str(SAMPLE_CSV))
    out = capfd.readouterr()
    lines = [json.loads(m) for m in re.findall(r'(\{"event": "evaluation"[^\n]*\})', out.out + out.err)]
    assert len(lines) == 1, out.out[-2000:] + out.err[-2000:]
    assert set(lines[0]) == {"event", "accuracy", "f1_macro", "test_rows"}
    assert 0.8 <= lines[0]["accuracy"] <= 1.0 and lines[0]["test_rows"] == 30
