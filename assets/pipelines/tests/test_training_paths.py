"""Both training paths run the same training code: the worker pool spec the Vertex AI custom
job gets, executed here as the container would (its command, its args, AIP_MODEL_DIR, the /gcs
mount), and the local run's lightweight train component give the same model."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import types

import joblib
import numpy as np
import pytest
from kfp import dsl

from conftest import ASSETS, DEPLOY_ARGS, SAMPLE_CSV, TRAINER_SOURCE

from components.preprocess import preprocess
from components.train import train
from components.training_job import TRAINER_COMMAND, TUNER_COMMAND, training_job_spec, tuning_job_spec
from components.validate_model import validate_model
from pipeline import SCHEMA_JSON

CONTAINERS = ASSETS / "containers"


def entrypoint(image: str) -> list[str]:
    dockerfile = (CONTAINERS / image / "Dockerfile").read_text()
    return json.loads(re.search(r"^ENTRYPOINT (\[.*\])$", dockerfile, re.M).group(1))


@pytest.fixture
def bucket(tmp_path):
    """gs://pipeline-root as a custom job sees it: mounted at <fuse>/pipeline-root."""
    fuse = tmp_path / "gcs"
    run = fuse / "pipeline-root" / "run-1"
    run.mkdir(parents=True)
    preprocess.python_func(
        data=dsl.Dataset(uri=str(SAMPLE_CSV)), schema_json=SCHEMA_JSON, test_fraction=0.2, seed=42,
        train_data=dsl.Dataset(uri=str(run / "train.csv")), test_data=dsl.Dataset(uri=str(run / "test.csv")),
        scaler=dsl.Artifact(uri=str(run / "scaler")),
    )
    return types.SimpleNamespace(fuse=fuse, run=run, gs="gs://pipeline-root/run-1")


def test_the_job_commands_are_the_containers_entrypoints():
    assert TRAINER_COMMAND == entrypoint("training") == ["python", "-m", "trainer.task"]
    assert TUNER_COMMAND == entrypoint("tuning") == ["python", "-m", "tuner.task"]


def test_custom_job_and_local_component_train_the_same_model(bucket, tmp_path):
    hyperparameters = '{"C": 0.5}'
    spec = training_job_spec.python_func(
        train_data=dsl.Dataset(uri=f"{bucket.gs}/train.csv"), scaler=dsl.Artifact(uri=f"{bucket.gs}/scaler"),
        schema_json=SCHEMA_JSON, model_type="logistic_regression", seed=42, hyperparameters=hyperparameters,
        training_image="europe-west4-docker.pkg.dev/acme/images/training:abc", machine_type="n1-standard-4",
        job_dir=dsl.Artifact(uri=f"{bucket.gs}/training-job-spec/job_dir"),
    )
    [pool] = spec.worker_pool_specs
    container = pool["container_spec"]
    assert container["command"] == TRAINER_COMMAND
    assert spec.model_uri == f"{bucket.gs}/training-job-spec/job_dir/model"

    # What Vertex AI runs: the command and args in the image, AIP_MODEL_DIR=<base_output_directory>/model/
    done = subprocess.run(
        [sys.executable if part == "python" else part for part in container["command"]] + container["args"],
        env={**os.environ, "PYTHONPATH": str(TRAINER_SOURCE), "GCS_FUSE_ROOT": str(bucket.fuse),
             "AIP_MODEL_DIR": spec.base_output_directory + "/model/"},
        capture_output=True, text=True, timeout=300,
    )
    assert done.returncode == 0, done.stderr
    job_model_dir = bucket.fuse / "pipeline-root" / "run-1" / "training-job-spec" / "job_dir" / "model"

    local_model = dsl.Model(uri=str(tmp_path / "local-model"))
    train.python_func(
        train_data=dsl.Dataset(uri=str(bucket.run / "train.csv")), scaler=dsl.Artifact(uri=str(bucket.run / "scaler")),
        schema_json=SCHEMA_JSON, model_type="logistic_regression", seed=42, hyperparameters=hyperparameters,
        model=local_model,
    )

    from_job = joblib.load(job_model_dir / "model.joblib")
    from_local = joblib.load(tmp_path / "local-model" / "model.joblib")
    assert type(from_job) is type(from_local)
    np.testing.assert_array_equal(from_job.named_steps["classify"].coef_, from_local.named_steps["classify"].coef_)
    assert from_job.named_steps["classify"].C == from_local.named_steps["classify"].C == 0.5
    assert json.loads((job_model_dir / "metadata.json").read_text()) == local_model.metadata
    assert local_model.metadata["hyperparameters"] == {"C": 0.5, "max_iter": 1000}


def test_the_tuning_job_spec_runs_the_tuner_on_the_same_split(bucket):
    spec = tuning_job_spec.python_func(
        train_data=dsl.Dataset(uri=f"{bucket.gs}/train.csv"), scaler=dsl.Artifact(uri=f"{bucket.gs}/scaler"),
        schema_json=SCHEMA_JSON, model_type="logistic_regression", seed=42,
        tuning_image="europe-west4-docker.pkg.dev/acme/images/tuning:abc", machine_type="n1-standard-4",
        job_dir=dsl.Artifact(uri=f"{bucket.gs}/tuning-job-spec/job_dir"),
    )
    container = spec.worker_pool_specs[0]["container_spec"]
    metrics = bucket.fuse / "output.metrics"
    done = subprocess.run(
        [sys.executable, "-m", "tuner.task", *container["args"], "--C=2.0"],
        env={**os.environ, "PYTHONPATH": os.pathsep.join([str(TRAINER_SOURCE), str(CONTAINERS / "tuning")]),
             "GCS_FUSE_ROOT": str(bucket.fuse), "CLOUD_ML_HP_METRIC_FILE": str(metrics)},
        capture_output=True, text=True, timeout=300,
    )
    assert done.returncode == 0, done.stderr
    assert 0.7 < float(json.loads(metrics.read_text())["accuracy"]) <= 1.0


def test_a_job_without_an_image_says_which_parameter_to_set(bucket):
    with pytest.raises(ValueError, match="training_image is empty: set it to the training container's image"):
        training_job_spec.python_func(
            train_data=dsl.Dataset(uri=f"{bucket.gs}/train.csv"), scaler=dsl.Artifact(uri=f"{bucket.gs}/scaler"),
            schema_json=SCHEMA_JSON, model_type="logistic_regression", seed=42, hyperparameters="{}",
            training_image="", machine_type="n1-standard-4", job_dir=dsl.Artifact(uri=f"{bucket.gs}/j"),
        )


class FakeAiplatform:
    """Stands in for google.cloud.aiplatform and records the Experiments calls."""

    def __init__(self):
        self.calls = []
        for name in ("init", "start_run", "log_params", "log_metrics", "end_run"):
            setattr(self, name, self._recorder(name))

    def _recorder(self, name):
        def record(*args, **kwargs):
            self.calls.append((name, args, kwargs))
        return record


def test_validation_records_params_metrics_and_decision_in_experiments(bucket, tmp_path, monkeypatch):
    import google.cloud

    model = dsl.Model(uri=str(tmp_path / "candidate"))
    train.python_func(
        train_data=dsl.Dataset(uri=str(bucket.run / "train.csv")), scaler=dsl.Artifact(uri=str(bucket.run / "scaler")),
        schema_json=SCHEMA_JSON, model_type="logistic_regression", seed=42, hyperparameters="{}", model=model,
    )
    fake = FakeAiplatform()
    monkeypatch.setitem(sys.modules, "google.cloud.aiplatform", fake)
    monkeypatch.setattr(google.cloud, "aiplatform", fake, raising=False)
    out = tmp_path / "validation.json"
    decision = validate_model.python_func(
        candidate=model, test_data=dsl.Dataset(uri=str(bucket.run / "test.csv")), candidate_accuracy=0.95,
        schema_json=SCHEMA_JSON, project=DEPLOY_ARGS["project"], location="europe-west4",
        endpoint=DEPLOY_ARGS["endpoint"], kms_key_name=DEPLOY_ARGS["kms_key_name"], accuracy_threshold=0.9, max_accuracy_drop=0.1,
        experiment_name="end2end", run_name="end2end-20260101000000", model_type="logistic_regression",
        hyperparameters="{}", baseline_model_uri=str(tmp_path / "candidate"), dry_run=False,
        validation=dsl.Artifact(uri=str(out)),
    )
    record = json.loads(out.read_text())
    assert decision is True
    assert [name for name, _, _ in fake.calls] == ["init", "start_run", "log_params", "log_metrics", "end_run"]
    calls = {name: (args, kwargs) for name, args, kwargs in fake.calls}
    assert calls["init"][1] == {"project": DEPLOY_ARGS["project"], "location": "europe-west4", "experiment": "end2end",
                                "encryption_spec_key_name": DEPLOY_ARGS["kms_key_name"]}
    assert calls["start_run"] == (("end2end-20260101000000",), {"resume": True})
    assert calls["log_params"][0][0] == record["experiment"]["params"]
    logged = calls["log_metrics"][0][0]
    assert logged == record["experiment"]["metrics"]
    assert logged["deploy"] == 1.0 and logged["accuracy"] == 0.95
    assert 0.8 < logged["serving_accuracy"] <= 1.0


@pytest.mark.parametrize(
    ("override", "message"),
    [({"accuracy_threshold": 1.5}, "accuracy_threshold=1.5 must be between 0 and 1"),
     ({"max_accuracy_drop": -0.1}, "max_accuracy_drop=-0.1 must be between 0 and 1 (0.01 = one point)"),
     ({"experiment_name": "End2End"}, "experiment_name='End2End' must be lowercase letters, digits and hyphens")],
)
def test_validation_rejects_bad_parameters(bucket, tmp_path, override, message):
    params = dict(
        candidate=dsl.Model(uri=str(tmp_path / "none")), test_data=dsl.Dataset(uri=str(bucket.run / "test.csv")),
        candidate_accuracy=0.95, schema_json=SCHEMA_JSON, project="p", location="europe-west4",
        endpoint=DEPLOY_ARGS["endpoint"], kms_key_name=DEPLOY_ARGS["kms_key_name"], accuracy_threshold=0.9,
        max_accuracy_drop=0.01, experiment_name="end2end",
        run_name="r", model_type="logistic_regression", hyperparameters="{}", baseline_model_uri="", dry_run=True,
        validation=dsl.Artifact(uri=str(tmp_path / "v.json")),
    )
    with pytest.raises(ValueError, match="model validation parameters are invalid") as err:
        validate_model.python_func(**{**params, **override})
    assert message in str(err.value)
