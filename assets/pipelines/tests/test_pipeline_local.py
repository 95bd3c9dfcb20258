"""The whole end2end pipeline run locally (kfp.local SubprocessRunner, no Docker): real
validation, training and evaluation on the sample data, and the dsl.If deploy gate both ways.
The deploy step runs with dry_run=True: it records what it would upload and deploy."""

from __future__ import annotations

import json
import os
import re

import pytest

from conftest import DEPLOY_ARGS, SAMPLE_CSV

pytestmark = pytest.mark.slow


def test_accuracy_above_threshold_takes_the_deploy_branch_and_monitors_the_custom_container(run_end2end, capfd):
    """One run through the whole deploy branch, with the options that add steps to it: the custom
    prediction container, monitoring and the metrics table (their defaults are checked on the
    compiled pipeline, and the rejected branch runs without them)."""
    run = run_end2end(SAMPLE_CSV, accuracy_threshold=0.0, use_custom_prediction_container=True,
                      prediction_image="europe-west4-docker.pkg.dev/acme-ml-dev/mlops-dev-images/prediction:0123abcd",
                      enable_monitoring=True, monitoring_alert_emails=["ml-oncall@acme.example"],
                      metrics_table="acme-ml-dev.mlops_dev.pipeline_runs")

    # the evaluate step's one structured line, which the platform dashboard's log metric reads,
    # as the kfp executor prints it (stdout included, as on Vertex AI)
    out = capfd.readouterr()
    lines = [json.loads(m) for m in re.findall(r'(\{"event": "evaluation"[^\n]*\})', out.out + out.err)]
    assert len(lines) == 1, out.out[-2000:] + out.err[-2000:]
    assert set(lines[0]) == {"event", "accuracy", "f1_macro", "test_rows"}
    assert 0.8 <= lines[0]["accuracy"] <= 1.0 and lines[0]["test_rows"] == 30

    # TFDV's statistics, from the Beam/TFDV venv, validated against the committed schema
    statistics = run.json("validate-data", "statistics")
    assert statistics["rows"] == 150
    assert statistics["anomalies"] == []
    assert statistics["schema"] == "iris.schema.pbtxt"
    assert statistics["features"]["species"]["value_counts"] == {"setosa": 50, "versicolor": 50, "virginica": 50}
    assert statistics["features"]["petal_length"]["max"] == pytest.approx(6.9)
    assert (run.dir / "run-validation-locally" / "job_dir" / "statistics.pb").stat().st_size > 0

    # the run's row for the dashboards goes to the metrics table (dry run: recorded, not sent)
    row = run.json("record-run", "run_row")
    assert row["table"] == "acme-ml-dev.mlops_dev.pipeline_runs" and "skipped" not in row
    assert row["row"]["decision"] is True and row["row"]["accuracy_threshold"] == 0.0

    accuracy = run.executor_output("evaluate")["parameterValues"]["Output"]
    assert 0.8 < accuracy <= 1.0  # a real model on iris, not a constant
    assert lines[0]["accuracy"] == accuracy

    assert run.ran("deploy")
    record = run.json("deploy", "deployment")
    assert record["dry_run"] is True
    assert record["upload"]["encryption_spec_key_name"] == DEPLOY_ARGS["kms_key_name"]
    assert record["deploy"]["service_account"] == DEPLOY_ARGS["serving_service_account"]
    assert record["deploy"]["endpoint"] == DEPLOY_ARGS["endpoint"]
    assert record["deploy"]["traffic_percentage"] == 100
    # the artifact handed to Model Registry is the trained model directory
    assert os.path.isfile(os.path.join(record["upload"]["artifact_uri"], "model.joblib"))
    # the custom prediction container, on Vertex AI's routes
    upload = record["upload"]
    assert upload["serving_container_image_uri"].endswith("/prediction:0123abcd")
    assert upload["serving_container_predict_route"] == "/predict"
    assert upload["serving_container_health_route"] == "/health"
    assert upload["serving_container_ports"] == [8080]

    # monitoring runs after deploy, inside its branch, with the run's key and the training split
    monitoring = run.json("monitor-deployment", "monitoring")
    job = monitoring["job"]
    assert monitoring["dry_run"] is True and monitoring["parent"] == "projects/acme-ml-dev/locations/europe-west4"
    assert job["encryption_spec"]["kms_key_name"] == DEPLOY_ARGS["kms_key_name"]
    assert job["endpoint"] == DEPLOY_ARGS["endpoint"]
    assert job["model_monitoring_alert_config"]["email_alert_config"]["user_emails"] == ["ml-oncall@acme.example"]
    assert job["logging_sampling_strategy"]["random_sample_config"]["sample_rate"] == 0.8

    validation = run.json("validate-model", "validation")
    assert validation["decision"] is True
    assert validation["baseline_source"] == "no model in service"
    experiment = validation["experiment"]
    assert experiment["init"] == {"project": DEPLOY_ARGS["project"], "location": "europe-west4", "experiment": "end2end",
                                  "encryption_spec_key_name": DEPLOY_ARGS["kms_key_name"]}
    assert experiment["metrics"]["accuracy"] == accuracy
    assert experiment["params"]["model_type"] == "logistic_regression"
    assert record["upload"]["artifact_uri"].endswith(os.path.join("train", "model"))


def test_accuracy_below_threshold_skips_the_deploy_branch(run_end2end):
    run = run_end2end(SAMPLE_CSV, accuracy_threshold=1.0)

    assert run.ran("evaluate")
    assert run.executor_output("evaluate")["parameterValues"]["Output"] <= 1.0
    assert not run.ran("deploy")
    assert not (run.dir / "deploy").exists()
    record = run.json("validate-model", "validation")
    assert record["decision"] is False
    assert record["reason"].endswith("is not above the threshold 1.0")
    # the rejected branch writes its run row too, without a model version
    written = run.json("record-run-2", "run_row")
    # built but not written: metrics_table is empty
    assert written["skipped"] == "metrics_table is empty"
    row = written["row"]
    assert (row["decision"], row["model_version"], row["accuracy_threshold"]) == (False, "", 1.0)
    assert not run.ran("monitor-deployment")


def test_drifted_csv_fails_validation_names_every_anomaly_and_trains_nothing(run_end2end, tmp_path, capfd):
    """One drifted file with four anomalies: a renamed column (so one missing and one unknown
    feature), a value out of the schema's range and a label outside its domain."""
    drifted = tmp_path / "drifted.csv"
    text = SAMPLE_CSV.read_text().replace("petal_width", "petal_width_cm", 1)
    text = text.replace("5.1,3.5,1.4,0.2,setosa", "5.1,3.5,99.0,0.2,setosa", 1)
    drifted.write_text(text.replace("4.9,3.0,1.4,0.2,setosa", "4.9,3.0,1.4,0.2,daisy", 1))

    with pytest.raises(RuntimeError, match="validate-data"):
        run_end2end(drifted, accuracy_threshold=0.0)

    statistics = tmp_path / "pipeline-root"
    written = list(statistics.glob("end2end-*/validate-data/statistics"))
    assert len(written) == 1
    anomalies = __import__("json").loads(written[0].read_text())["anomalies"]
    # TFDV's own words, one line per feature
    by_feature = {a.split("'")[1]: a for a in anomalies}
    assert sorted(by_feature) == ["petal_length", "petal_width", "petal_width_cm", "species"], anomalies
    assert "99" in by_feature["petal_length"] and "30" in by_feature["petal_length"]
    assert "daisy" in by_feature["species"]
    assert not list(statistics.glob("end2end-*/preprocess"))
    assert not list(statistics.glob("end2end-*/train"))

    # the failed step's log says why, feature by feature
    log = capfd.readouterr()
    text = log.out + log.err
    assert "data validation failed for" in text
    line = next(l for l in text.splitlines() if l.strip().startswith("- feature 'species'"))
    assert "daisy" in line


def test_a_candidate_worse_than_the_serving_model_is_not_deployed(run_end2end, tmp_path):
    """The serving model (here: one trained by the training container on all 150 rows, which
    scores 1.0 on the held-out split it has seen) beats the candidate by more than the margin."""
    import subprocess
    import sys

    from conftest import TRAINER_SOURCE

    serving = tmp_path / "serving-model"
    done = subprocess.run(
        [sys.executable, "-m", "trainer.task", "--train-data", str(SAMPLE_CSV), "--model-type", "random_forest",
         "--model-dir", str(serving)],
        env={**os.environ, "PYTHONPATH": str(TRAINER_SOURCE)}, capture_output=True, text=True,
    )
    assert done.returncode == 0, done.stderr
    run = run_end2end(SAMPLE_CSV, accuracy_threshold=0.5, max_accuracy_drop=0.0,
                      model_type="logistic_regression", hyperparameters='{"C": 0.01}',
                      baseline_model_uri=str(serving))

    record = run.json("validate-model", "validation")
    assert record["serving_accuracy"] == 1.0
    assert record["decision"] is False
    assert "below the serving model's 1.0000" in record["reason"]
    assert record["experiment"]["metrics"]["serving_accuracy"] == 1.0
    assert record["experiment"]["params"]["hyperparameters"] == '{"C": 0.01}'
    assert not run.ran("deploy")
