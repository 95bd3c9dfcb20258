"""Component functions called directly (fast), and their packaging."""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path
from types import SimpleNamespace

import pytest
from kfp import dsl

from conftest import ASSETS, DEPLOY_ARGS, SAMPLE_CSV

from components import runtime
from components.deploy import deploy
from components.evaluate import evaluate
from components.preprocess import preprocess
from components.train import train
from components.training_job import best_trial_hyperparameters, pass_hyperparameters, training_job_spec, tuning_job_spec
from components.validate_data import validate_data
from components.validate_model import validate_model
from pipeline import SCHEMA_JSON

COMPONENTS = [validate_data, preprocess, train, evaluate, validate_model, deploy, training_job_spec,
              tuning_job_spec, best_trial_hyperparameters, pass_hyperparameters]
LOCK = ASSETS.parent / "requirements" / "python.txt"


def locked_versions() -> dict[str, str]:
    pins = {}
    for line in LOCK.read_text().splitlines():
        if line and not line.startswith("#"):
            name, version = line.split("==")
            pins[name.lower().replace("_", "-")] = version
    return pins


def test_component_pins_match_the_lock():
    """Local runs use the venv; Vertex AI installs packages_to_install: they must agree."""
    locked = locked_versions()
    for component in COMPONENTS:
        container = component.component_spec.implementation.container
        assert container.image == "python:3.11-slim"
        installs = " ".join(container.command)
        for requirement in {*runtime.DATA_PACKAGES, *runtime.ML_PACKAGES, *runtime.DEPLOY_PACKAGES, *runtime.ML_AIPLATFORM_PACKAGES}:
            name, version = requirement.split("==")
            assert locked[name] == version, f"{requirement} differs from requirements/python.txt"
        assert re.search(r"kfp==" + re.escape(locked["kfp"]), installs), component.name


def artifact(cls, path: Path):
    return cls(uri=str(path))


def test_validate_data_computes_statistics(tmp_path):
    stats = artifact(dsl.Artifact, tmp_path / "stats.json")
    rows = validate_data.python_func(
        data=artifact(dsl.Dataset, SAMPLE_CSV),
        schema_json=SCHEMA_JSON,
        statistics=stats,
        validated=artifact(dsl.Dataset, tmp_path / "validated.csv"),
    )
    assert rows == 150
    report = json.loads((tmp_path / "stats.json").read_text())
    petal_length = report["columns"]["petal_length"]
    assert (petal_length["min"], petal_length["max"]) == (1.0, 6.9)
    assert petal_length["missing"] == 0
    assert round(petal_length["mean"], 3) == 3.758
    assert (tmp_path / "validated.csv").read_bytes() == SAMPLE_CSV.read_bytes()


@pytest.mark.parametrize(
    ("edit", "anomaly"),
    [
        (lambda t: t.replace("5.1,3.5,1.4,0.2,setosa", "5.1,3.5,1.4,,setosa", 1),
         "column 'petal_width': 1 missing value(s)"),
        (lambda t: t.replace("5.1,3.5,1.4,0.2,setosa", "5.1,3.5,1.4,wide,setosa", 1),
         "column 'petal_width': 1 value(s) are not float, e.g. ['wide']"),
        (lambda t: t.replace("5.1,3.5,1.4,0.2,setosa", "-5.1,3.5,1.4,0.2,setosa", 1),
         "column 'sepal_length': minimum -5.1 is below the allowed 0.0"),
        (lambda t: t.replace(",virginica", ",virginia"),
         "column 'species': value(s) ['virginia'] are not in ['setosa', 'versicolor', 'virginica']"),
        (lambda t: "\n".join(t.splitlines()[:41]) + "\n", "row count 40 is below the minimum 100"),
    ],
    ids=["missing", "type", "range", "label", "rows"],
)
def test_validate_data_fails_on_anomalies(tmp_path, edit, anomaly):
    source = tmp_path / "in.csv"
    source.write_text(edit(SAMPLE_CSV.read_text()))
    with pytest.raises(ValueError, match="data validation failed") as err:
        validate_data.python_func(
            data=artifact(dsl.Dataset, source),
            schema_json=SCHEMA_JSON,
            statistics=artifact(dsl.Artifact, tmp_path / "stats.json"),
            validated=artifact(dsl.Dataset, tmp_path / "validated.csv"),
        )
    assert anomaly in str(err.value)
    assert not (tmp_path / "validated.csv").exists()


def call_deploy(tmp_path, **overrides):
    model_dir = tmp_path / "model"
    model_dir.mkdir(exist_ok=True)
    params = {
        **DEPLOY_ARGS,
        "serving_container_image": "europe-docker.pkg.dev/vertex-ai/prediction/sklearn-cpu.1-5:latest",
        "use_custom_prediction_container": False,
        "prediction_image": "",
        "model_display_name": "iris",
        "parent_model": "",
        "machine_type": "n1-standard-2",
        "min_replicas": 1,
        "max_replicas": 2,
        "dry_run": True,
        **overrides,
    }
    out = tmp_path / "deployment.json"
    deploy.python_func(model=artifact(dsl.Model, model_dir), deployment=artifact(dsl.Artifact, out), **params)
    return json.loads(out.read_text())


def test_deploy_dry_run_records_the_requests(tmp_path):
    record = call_deploy(tmp_path)
    assert record["upload"]["artifact_uri"] == str(tmp_path / "model")
    assert record["upload"]["encryption_spec_key_name"].endswith("/cryptoKeys/vertex")
    assert record["deploy"]["min_replica_count"] == 1
    assert "model_resource_name" not in record  # nothing was called


class FakeAiplatform:
    """Stands in for google.cloud.aiplatform and records the calls a real deploy makes."""

    def __init__(self):
        self.calls = []
        fake = self

        class Model:
            @staticmethod
            def upload(**kwargs):
                fake.calls.append(("upload", kwargs))
                return SimpleNamespace(resource_name="projects/1/locations/europe-west4/models/77")

        class Endpoint:
            def __init__(self, **kwargs):
                fake.calls.append(("endpoint", kwargs))

            def list_models(self):
                return [SimpleNamespace(id="111"), SimpleNamespace(id="222")]

            def deploy(self, **kwargs):
                fake.calls.append(("deploy", kwargs))

            def undeploy(self, **kwargs):
                fake.calls.append(("undeploy", kwargs))

        self.Model = Model
        self.Endpoint = Endpoint

    def init(self, **kwargs):
        self.calls.append(("init", kwargs))


def test_deploy_uploads_with_cmek_and_deploys_as_the_serving_account(tmp_path, monkeypatch):
    import google.cloud

    fake = FakeAiplatform()
    monkeypatch.setitem(sys.modules, "google.cloud.aiplatform", fake)
    monkeypatch.setattr(google.cloud, "aiplatform", fake, raising=False)

    record = call_deploy(tmp_path, dry_run=False)

    calls = dict(fake.calls[:3])
    assert [name for name, _ in fake.calls] == ["init", "upload", "endpoint", "deploy", "undeploy", "undeploy"]
    assert calls["init"]["encryption_spec_key_name"] == DEPLOY_ARGS["kms_key_name"]
    upload = calls["upload"]
    assert upload["encryption_spec_key_name"] == DEPLOY_ARGS["kms_key_name"]
    assert upload["artifact_uri"] == str(tmp_path / "model")
    assert upload["parent_model"] is None
    assert calls["endpoint"] == {
        "endpoint_name": DEPLOY_ARGS["endpoint"], "project": DEPLOY_ARGS["project"], "location": "europe-west4",
    }
    deployed = fake.calls[3][1]
    assert deployed["model"].resource_name.endswith("/models/77")
    assert deployed["service_account"] == DEPLOY_ARGS["serving_service_account"]
    assert deployed["traffic_percentage"] == 100
    assert [kwargs["deployed_model_id"] for _, kwargs in fake.calls[4:]] == ["111", "222"]
    # What a dry run records is what a real run sends.
    assert {**record["upload"], "sync": True} == upload
    sent = {k: v for k, v in deployed.items() if k not in ("model", "sync")}
    assert {k: v for k, v in record["deploy"].items() if k not in ("endpoint", "undeploy_previous_models")} == sent
    assert record["model_resource_name"].endswith("/models/77")
    assert record["undeployed"] == ["111", "222"]


@pytest.mark.parametrize(
    ("override", "message"),
    [
        ({"kms_key_name": ""}, "models are CMEK-encrypted, there is no unencrypted fallback"),
        ({"kms_key_name": "projects/k/locations/us-central1/keyRings/r/cryptoKeys/k"},
         "kms_key_name is in us-central1; Vertex AI needs a key in the model's region europe-west4"),
        ({"endpoint": "1234567890"}, "must be a resource name: projects/P/locations/L/endpoints/ID"),
        ({"endpoint": "projects/p/locations/europe-west1/endpoints/1"},
         "is in europe-west1, the pipeline deploys in europe-west4"),
        ({"serving_service_account": "serving"}, "is not a service account e-mail"),
        ({"min_replicas": 3, "max_replicas": 2}, "need 1 <= min_replicas (3) <= max_replicas (2)"),
    ],
)
def test_deploy_rejects_bad_parameters_even_in_dry_run(tmp_path, override, message):
    with pytest.raises(ValueError, match="deploy parameters are invalid") as err:
        call_deploy(tmp_path, **override)
    assert message in str(err.value)
    assert not (tmp_path / "deployment.json").exists()


def test_default_serving_image_can_load_the_trained_model():
    """The prebuilt serving image unpickles model.joblib: same scikit-learn minor version,
    and an image the Vertex AI SDK knows as a prebuilt prediction container."""
    from google.cloud.aiplatform.constants import prediction

    from pipeline import DEFAULT_SERVING_IMAGE

    assert DEFAULT_SERVING_IMAGE in prediction.SKLEARN_CONTAINER_URIS
    assert DEFAULT_SERVING_IMAGE.startswith("europe-docker.pkg.dev/")  # data stays in the EU
    image_minor = re.search(r"sklearn-cpu\.(\d+)-(\d+):", DEFAULT_SERVING_IMAGE).groups()
    trained_minor = tuple(runtime.SCIKIT_LEARN.split("==")[1].split(".")[:2])
    assert image_minor == trained_minor
