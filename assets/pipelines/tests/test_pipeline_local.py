"""The whole end2end pipeline run locally (kfp.local SubprocessRunner, no Docker): real
validation, training and evaluation on the sample data, and the dsl.If deploy gate both ways.
The deploy step runs with dry_run=True: it records what it would upload and deploy."""

from __future__ import annotations

import os

import pytest

from conftest import DEPLOY_ARGS, SAMPLE_CSV

pytestmark = pytest.mark.slow


def test_accuracy_above_threshold_takes_the_deploy_branch(run_end2end):
    run = run_end2end(SAMPLE_CSV, accuracy_threshold=0.0)

    statistics = run.json("validate-data", "statistics")
    assert statistics["rows"] == 150
    assert statistics["anomalies"] == []
    assert statistics["columns"]["species"]["value_counts"] == {"setosa": 50, "versicolor": 50, "virginica": 50}

    accuracy = run.executor_output("evaluate")["parameterValues"]["Output"]
    assert 0.8 < accuracy <= 1.0  # a real model on iris, not a constant

    assert run.ran("deploy")
    record = run.json("deploy", "deployment")
    assert record["dry_run"] is True
    assert record["upload"]["encryption_spec_key_name"] == DEPLOY_ARGS["kms_key_name"]
    assert record["deploy"]["service_account"] == DEPLOY_ARGS["serving_service_account"]
    assert record["deploy"]["endpoint"] == DEPLOY_ARGS["endpoint"]
    assert record["deploy"]["traffic_percentage"] == 100
    # the artifact handed to Model Registry is the trained model directory
    assert os.path.isfile(os.path.join(record["upload"]["artifact_uri"], "model.joblib"))
    assert record["upload"]["artifact_uri"].endswith(os.path.join("train", "model"))


def test_accuracy_below_threshold_skips_the_deploy_branch(run_end2end):
    run = run_end2end(SAMPLE_CSV, accuracy_threshold=1.01)

    assert run.ran("evaluate")
    assert run.executor_output("evaluate")["parameterValues"]["Output"] <= 1.0
    assert not run.ran("deploy")
    assert not (run.dir / "deploy").exists()


def test_drifted_csv_fails_validation_and_trains_nothing(run_end2end, tmp_path):
    drifted = tmp_path / "drifted.csv"
    text = SAMPLE_CSV.read_text().replace("petal_width", "petal_width_cm", 1)
    drifted.write_text(text.replace("5.1,3.5,1.4,0.2,setosa", "5.1,3.5,99.0,0.2,setosa", 1))

    with pytest.raises(RuntimeError, match="validate-data"):
        run_end2end(drifted, accuracy_threshold=0.0)

    statistics = tmp_path / "pipeline-root"
    written = list(statistics.glob("end2end-*/validate-data/statistics"))
    assert len(written) == 1
    anomalies = __import__("json").loads(written[0].read_text())["anomalies"]
    assert "missing column(s) ['petal_width']" in anomalies
    assert "unexpected column(s) ['petal_width_cm']" in anomalies
    assert "column 'petal_length': maximum 99.0 is above the allowed 30.0" in anomalies
    assert not list(statistics.glob("end2end-*/train"))
