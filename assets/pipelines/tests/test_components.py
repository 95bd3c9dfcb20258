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
from components.dataset_source import dataset_csv
from components.deploy import deploy
from components.monitor import monitor_deployment
from components.evaluate import evaluate
from components.preprocess import preprocess
from components.record_run import record_run
from components.train import train
from components.training_job import best_trial_hyperparameters, pass_hyperparameters, training_job_spec, tuning_job_spec
from components.validate_data import run_validation_locally, validate_data, validation_job_spec
from components.validate_model import validate_model
from pipeline import SCHEMA_JSON

COMPONENTS = [validate_data, validation_job_spec, run_validation_locally, preprocess, train, evaluate, validate_model,
              deploy, training_job_spec, tuning_job_spec, best_trial_hyperparameters, pass_hyperparameters,
              monitor_deployment, record_run, dataset_csv]
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
        for requirement in {*runtime.DATA_PACKAGES, *runtime.ML_PACKAGES, *runtime.DEPLOY_PACKAGES,
                            *runtime.ML_AIPLATFORM_PACKAGES, *runtime.BIGQUERY_PACKAGES, *runtime.DATASET_PACKAGES}:
            name, version = requirement.split("==")
            assert locked[name] == version, f"{requirement} differs from requirements/python.txt"
        assert re.search(r"kfp==" + re.escape(locked["kfp"]), installs), component.name


def artifact(cls, path: Path):
    return cls(uri=str(path))


def write_report(job_dir: Path, anomalies: list[str]) -> None:
    """What iris_preprocess.validate writes (assets/dataflow/tests/test_validate.py runs it)."""
    job_dir.mkdir(parents=True, exist_ok=True)
    (job_dir / "report.json").write_text(json.dumps({
        "input": "gs://acme-shared/ingest/dt=2025-06-01/data.csv", "schema": "iris.schema.pbtxt", "rows": 150,
        "anomalies": anomalies, "features": {"species": {"type": "string", "distinct": 3}},
    }))


def test_validate_data_passes_a_clean_report_on(tmp_path):
    write_report(tmp_path / "job", [])
    stats = artifact(dsl.Artifact, tmp_path / "stats.json")
    rows = validate_data.python_func(
        data=artifact(dsl.Dataset, SAMPLE_CSV),
        job_dir=artifact(dsl.Artifact, tmp_path / "job"),
        statistics=stats,
        validated=artifact(dsl.Dataset, tmp_path / "validated.csv"),
    )
    assert rows == 150
    assert json.loads((tmp_path / "stats.json").read_text())["features"]["species"]["distinct"] == 3
    assert stats.metadata == {"rows": 150, "anomalies": 0, "tfdv_statistics": str(tmp_path / "job") + "/statistics.pb"}
    assert (tmp_path / "validated.csv").read_bytes() == SAMPLE_CSV.read_bytes()


def test_validate_data_fails_with_every_anomaly_named(tmp_path):
    anomalies = ["feature 'species': Unexpected string values: Examples contain values missing from the schema: daisy (<1%).",
                 "dataset: Low num examples in dataset.: The dataset has 40 examples, expected at least 100."]
    write_report(tmp_path / "job", anomalies)
    with pytest.raises(ValueError, match="data validation failed") as err:
        validate_data.python_func(
            data=artifact(dsl.Dataset, SAMPLE_CSV),
            job_dir=artifact(dsl.Artifact, tmp_path / "job"),
            statistics=artifact(dsl.Artifact, tmp_path / "stats.json"),
            validated=artifact(dsl.Dataset, tmp_path / "validated.csv"),
        )
    assert "(2 anomalies, schema iris.schema.pbtxt)" in str(err.value)
    assert "\n  - feature 'species': Unexpected string values" in str(err.value)
    assert "\n  - dataset: Low num examples" in str(err.value)
    assert not (tmp_path / "validated.csv").exists()
    # the report is kept for whoever looks into the failed run
    assert json.loads((tmp_path / "stats.json").read_text())["anomalies"] == anomalies


def test_validate_data_without_a_report_says_where_it_looked(tmp_path):
    with pytest.raises(RuntimeError, match="wrote no report at .*/job/report.json"):
        validate_data.python_func(
            data=artifact(dsl.Dataset, SAMPLE_CSV),
            job_dir=artifact(dsl.Artifact, tmp_path / "job"),
            statistics=artifact(dsl.Artifact, tmp_path / "stats.json"),
            validated=artifact(dsl.Dataset, tmp_path / "validated.csv"),
        )


def test_validation_job_runs_the_module_on_the_validation_image(tmp_path):
    job_dir = dsl.Artifact(uri="gs://acme-root/end2end/run/validation-job-spec/job_dir")
    spec, base = validation_job_spec.python_func(
        data=dsl.Dataset(uri="gs://acme-shared/ingest/dt=2025-06-01/data.csv"),
        validation_image="europe-west4-docker.pkg.dev/acme/images/validation:0123abcd",
        machine_type="n1-standard-4", job_dir=job_dir)
    assert base == "gs://acme-root/end2end/run/validation-job-spec/job_dir"
    assert spec == [{
        "machine_spec": {"machine_type": "n1-standard-4"},
        "replica_count": 1,
        "container_spec": {
            "image_uri": "europe-west4-docker.pkg.dev/acme/images/validation:0123abcd",
            "command": ["python", "-m", "iris_preprocess.validate"],
            "args": ["--input", "gs://acme-shared/ingest/dt=2025-06-01/data.csv", "--output_dir", base, "--report_only"],
        },
    }]
    with pytest.raises(ValueError, match="validation_image is empty: set it to the validation container's image"):
        validation_job_spec.python_func(data=dsl.Dataset(uri="gs://a/b.csv"), validation_image="",
                                        machine_type="n1-standard-4", job_dir=job_dir)


def test_local_validation_names_a_missing_interpreter(tmp_path, monkeypatch):
    monkeypatch.setenv("DATAFLOW_PYTHON", str(tmp_path / "nope" / "python"))
    with pytest.raises(RuntimeError, match="DATAFLOW_PYTHON=.*nope/python.* is not an interpreter"):
        run_validation_locally.python_func(data=artifact(dsl.Dataset, SAMPLE_CSV),
                                           job_dir=artifact(dsl.Artifact, tmp_path / "job"))


def test_local_validation_reuses_a_run_only_for_the_same_inputs(tmp_path, monkeypatch):
    """The cache under test, with a validator that records its calls in place of TFDV (the
    pipeline runs exercise the real one): the same file and sources validate once; a changed
    schema or a changed file validate again."""
    source = tmp_path / "dataflow"
    (source / "iris_preprocess").mkdir(parents=True)
    (source / "iris_preprocess" / "validate.py").write_text("# validator\n")
    (source / "schema").mkdir()
    (source / "schema" / "iris.schema.pbtxt").write_text("feature { name: 'a' }\n")
    calls = tmp_path / "calls"
    validator = tmp_path / "python"
    validator.write_text(
        "#!/bin/sh\n"
        f"echo \"$@\" >> '{calls}'\n"
        'while [ "$1" != "--output_dir" ]; do shift; done\n'
        'mkdir -p "$2" && echo \'{"anomalies": []}\' > "$2/report.json" && echo stats > "$2/statistics.pb"\n'
    )
    validator.chmod(0o755)
    monkeypatch.setenv("DATAFLOW_PYTHON", str(validator))
    monkeypatch.setenv("DATAFLOW_PIPELINE_DIR", str(source))
    monkeypatch.setenv("VALIDATION_CACHE_DIR", str(tmp_path / "cache"))
    data = tmp_path / "data.csv"
    data.write_text("a\n1\n")

    def validate(n: int) -> Path:
        job = tmp_path / f"job-{n}"
        run_validation_locally.python_func(data=artifact(dsl.Dataset, data), job_dir=artifact(dsl.Artifact, job))
        return job

    def ran() -> int:
        return len(calls.read_text().splitlines())

    first = validate(1)
    second = validate(2)
    assert ran() == 1
    assert (second / "report.json").read_text() == (first / "report.json").read_text()
    assert (second / "statistics.pb").read_text() == "stats\n"
    (source / "schema" / "iris.schema.pbtxt").write_text("feature { name: 'b' }\n")
    validate(3)
    assert ran() == 2
    data.write_text("a\n2\n")
    validate(4)
    validate(5)
    assert ran() == 3
    monkeypatch.delenv("VALIDATION_CACHE_DIR")
    validate(6)
    assert ran() == 4


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
    # without a custom container, the prebuilt image it was given serves the model
    assert record["upload"]["serving_container_image_uri"] == "europe-docker.pkg.dev/vertex-ai/prediction/sklearn-cpu.1-5:latest"
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
                return SimpleNamespace(resource_name="projects/1/locations/europe-west4/models/77", version_id="3")

        deployed = ["111", "222"]

        class Endpoint:
            def __init__(self, **kwargs):
                fake.calls.append(("endpoint", kwargs))

            def list_models(self):
                return [SimpleNamespace(id=i) for i in deployed]

            def deploy(self, **kwargs):
                fake.calls.append(("deploy", kwargs))
                deployed.append("333")

            def undeploy(self, **kwargs):
                fake.calls.append(("undeploy", kwargs))
                deployed.remove(kwargs["deployed_model_id"])

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
    # what the monitoring step watches, and what the run row names
    assert record["deployed_model_ids"] == ["333"]
    assert record["model_version_id"] == "3"


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


def test_the_pipeline_validates_with_the_dags_preprocessing_package_and_schema():
    """The DAG's preprocess task and the pipeline's validation run modules of one package,
    assets/dataflow/iris_preprocess, whose default schema is the one committed file; the
    Dataflow tests (assets/dataflow/tests/test_validate.py) prove the module calls the
    preprocessing's own functions and gets the same anomalies from the same day."""
    sys.path.insert(0, str(ASSETS / "dags"))
    try:
        from mlops_ingest import preprocessing
    finally:
        sys.path.remove(str(ASSETS / "dags"))
    from components.validate_data import VALIDATION_COMMAND

    dataflow = ASSETS / "dataflow"
    assert preprocessing.DEFAULT_PIPELINE_DIR == dataflow
    assert preprocessing.Launch("DirectRunner", "py", str(dataflow), "features").command("in", "out")[1:3] == [
        "-m", "iris_preprocess.pipeline"]
    assert VALIDATION_COMMAND == ["python", "-m", "iris_preprocess.validate"]
    dockerfile = (ASSETS / "containers" / "validation" / "Dockerfile").read_text()
    assert json.loads(re.search(r"^ENTRYPOINT (\[.*\])$", dockerfile, re.M).group(1)) == VALIDATION_COMMAND
    assert "COPY dataflow/iris_preprocess ./iris_preprocess" in dockerfile
    assert "COPY dataflow/schema ./schema" in dockerfile
    # the one schema file both read by default, beside the package as in the image
    schema_module = (dataflow / "iris_preprocess" / "schema.py").read_text()
    assert 'SCHEMA_PATH = HERE.parent / "schema" / "iris.schema.pbtxt"' in schema_module
    assert (dataflow / "schema" / "iris.schema.pbtxt").is_file()
    source = run_validation_locally.component_spec.implementation.container.command[-1]
    assert '"-m", "iris_preprocess.validate"' in source and "DATAFLOW_PIPELINE_DIR" in source


def test_evaluate_logs_one_structured_evaluation_line_with_its_accuracy(tmp_path, capsys):
    """The platform dashboard's model-accuracy metric reads this line from Cloud Logging
    (jsonPayload.event="evaluation", jsonPayload.accuracy); __tests__/unit/web-serving.test.ts
    checks the metric's filter against this component's source."""
    import joblib
    import pandas as pd
    from kfp.dsl import ClassificationMetrics, Dataset, Metrics, Model
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler

    label = json.loads(SCHEMA_JSON)["label"]
    frame = pd.read_csv(SAMPLE_CSV)
    features = [c for c in frame.columns if c != label]
    model_dir = tmp_path / "model"
    model_dir.mkdir()
    joblib.dump(make_pipeline(StandardScaler(), LogisticRegression(max_iter=500)).fit(frame[features].to_numpy(), frame[label]),
                model_dir / "model.joblib")
    model = artifact(Model, model_dir)
    model.metadata["features"] = features
    metrics = artifact(Metrics, tmp_path / "metrics")
    accuracy = evaluate.python_func(test_data=artifact(Dataset, SAMPLE_CSV), model=model, schema_json=SCHEMA_JSON,
                                    metrics=metrics, confusion=artifact(ClassificationMetrics, tmp_path / "confusion"))
    lines = [json.loads(line) for line in capsys.readouterr().out.splitlines() if line.startswith("{")]
    assert [line for line in lines if line.get("event") == "evaluation"] == [
        {"event": "evaluation", "accuracy": accuracy, "f1_macro": metrics.metadata["f1_macro"], "test_rows": len(frame)}]
    assert 0.9 <= accuracy <= 1.0

