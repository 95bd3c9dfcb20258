"""The warehouse load and the Beam/TFDV preprocessing tasks of the ingestion DAG.

The preprocessing runs for real: dag.test() launches the Beam pipeline with the DirectRunner in
the Beam/TFDV venv (DATAFLOW_PYTHON, set by scripts/py-test.sh), reading and writing
fake-gcs-server on loopback. The BigQuery load is tested up to the client call: no BigQuery API
could be built here (docs/workloads.md says what failed), and a fake of it would test nothing.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import sys
from pathlib import Path

import grpc
import pytest

from test_ingest_dag import DAY, OBJECT, dag, dagbag, objects, run_all  # noqa: F401 (fixtures)

DATAFLOW_PYTHON = os.environ.get("DATAFLOW_PYTHON") or str(
    Path(__file__).resolve().parents[3] / ".venv-dataflow" / "bin" / "python"
)
FEATURES = "features/dt=2025-06-01/data.csv"
# the loopback gRPC servers of the Google APIs (one home, beside the pipeline's tests)
sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "pipelines" / "tests"))


@pytest.fixture
def beam(monkeypatch, tmp_path, metadata_server):
    """The DirectRunner reads the landed gs:// object from fake-gcs-server; the features go to a
    local FEATURES_LOCATION, because Beam's file sink finalizes gs:// output with the JSON API's
    batch endpoint, which fake-gcs-server does not serve ("Bad response: not multi-part").
    Its credentials come from the loopback metadata server, as a worker's would."""
    if not Path(DATAFLOW_PYTHON).exists():
        pytest.fail(f"{DATAFLOW_PYTHON} does not exist: run scripts/dataflow-setup.sh (scripts/py-test.sh does)")
    monkeypatch.setenv("DATAFLOW_RUNNER", "DirectRunner")
    monkeypatch.setenv("DATAFLOW_PYTHON", DATAFLOW_PYTHON)
    monkeypatch.setenv("FEATURES_LOCATION", str(tmp_path / "features-bucket"))
    for name, value in metadata_server.items():
        monkeypatch.setenv(name, value)
    return tmp_path / "features-bucket"


def test_without_settings_both_data_tasks_are_skipped(dag, gcs, shared_bucket, http_source, sample_csv, monkeypatch):
    monkeypatch.setenv("INGEST_SOURCE_URI", http_source("/iris.csv", sample_csv))
    state, tis = run_all(dag)
    assert state == "success", tis
    assert tis["load_bigquery"][0] == "skipped"
    assert tis["preprocess"][0] == "skipped"


def test_preprocess_runs_beam_with_tfdv_and_writes_the_features(dag, gcs, shared_bucket, http_source, sample_csv, monkeypatch, beam, metadata_server):
    monkeypatch.setenv("INGEST_SOURCE_URI", http_source("/iris.csv", sample_csv))

    state, tis = run_all(dag)

    assert state == "success", tis
    assert tis["preprocess"] == ("success", 1)
    assert (beam / FEATURES).read_bytes() == sample_csv
    assert (beam / "features/dt=2025-06-01/statistics.pb").stat().st_size > 0
    # Beam read the landed object as the worker's account, not anonymously after retries
    assert "/computeMetadata/v1/instance/service-accounts/default/token" in metadata_server.requests


def test_an_out_of_range_day_lands_but_fails_preprocessing_with_the_report(dag, gcs, shared_bucket, http_source, sample_csv, monkeypatch, beam, capsys):
    # the landing contract checks types and labels; value ranges are TFDV's
    drifted = sample_csv.replace(b"5.1,3.5,1.4,0.2,setosa", b"55.1,3.5,1.4,0.2,setosa", 1)
    monkeypatch.setenv("INGEST_SOURCE_URI", http_source("/iris.csv", drifted))

    state, tis = run_all(dag)

    assert state == "failed"
    # an anomaly is permanent: no retry is spent on it
    assert tis["preprocess"] == ("failed", 1)
    assert tis["verify_landing"] == ("success", 1)
    assert not (beam / FEATURES).exists()
    assert "Unexpectedly high value: 55.1>30" in (beam / "features/dt=2025-06-01/anomalies.pbtxt").read_text()


def test_an_unknown_runner_fails_naming_the_setting():
    from mlops_ingest import config, preprocessing

    with pytest.raises(config.ConfigError, match=r"DATAFLOW_RUNNER='SparkRunner' is not a runner this DAG launches"):
        preprocessing.resolve(lambda name: None, {"DATAFLOW_RUNNER": "SparkRunner"})


DATAFLOW_SETTINGS = {
    "DATAFLOW_RUNNER": "DataflowRunner", "DATAFLOW_PROJECT": "acme-ml-dev", "DATAFLOW_REGION": "europe-west4",
    "DATAFLOW_TEMPLATE": "gs://acme-dataflow/templates/iris-preprocess-0123456789ab.json",
    "DATAFLOW_IMAGE": "europe-west4-docker.pkg.dev/acme-ml-dev/mlops-dev-containers/dataflow:5cd6de6a1988ecb2",
    "DATAFLOW_SERVICE_ACCOUNT": "dataflow@acme-ml-dev.iam.gserviceaccount.com",
    "DATAFLOW_TEMP_LOCATION": "gs://acme-dataflow/temp", "DATAFLOW_STAGING_LOCATION": "gs://acme-dataflow/staging",
    "DATAFLOW_KMS_KEY": "projects/acme-ml-dev/locations/europe-west4/keyRings/mlops/cryptoKeys/dataflow",
    "DATAFLOW_SUBNETWORK": "regions/europe-west4/subnetworks/mlops-dev-dataflow",
}


def test_dataflow_runner_needs_every_secure_setting_and_names_the_missing_ones():
    from mlops_ingest import config, preprocessing

    partial = {k: v for k, v in DATAFLOW_SETTINGS.items() if k not in ("DATAFLOW_KMS_KEY", "DATAFLOW_SUBNETWORK", "DATAFLOW_IMAGE")}
    with pytest.raises(config.ConfigError, match=r"needs DATAFLOW_IMAGE, DATAFLOW_KMS_KEY, DATAFLOW_SUBNETWORK: the stack sets them"):
        preprocessing.resolve(lambda name: None, partial)
    with pytest.raises(config.ConfigError, match=r"DATAFLOW_TEMPLATE='acme-dataflow/t.json' is not a template spec: set the gs://BUCKET/templates/NAME.json"):
        preprocessing.resolve(lambda name: None, {**DATAFLOW_SETTINGS, "DATAFLOW_TEMPLATE": "acme-dataflow/t.json"})


def test_the_flex_template_launch_body_is_built_from_the_settings():
    from mlops_ingest import preprocessing

    launch = preprocessing.resolve(lambda name: None, DATAFLOW_SETTINGS)
    body = launch.flex.body("gs://acme-shared/ingest/dt=2025-06-01/data.csv", "gs://acme-features/features/dt=2025-06-01/data.csv", "2025-06-01")
    assert body == EXPECTED_BODY
    with_machine = preprocessing.resolve(lambda name: "n2-standard-4" if name == "DATAFLOW_MACHINE_TYPE" else None, DATAFLOW_SETTINGS)
    assert with_machine.flex.body("gs://a/b.csv", "gs://c/d.csv", "2025-06-01")["launchParameter"]["environment"]["machineType"] == "n2-standard-4"


EXPECTED_BODY = {
    "launchParameter": {
        "jobName": "iris-preprocess-20250601",
        "containerSpecGcsPath": "gs://acme-dataflow/templates/iris-preprocess-0123456789ab.json",
        "parameters": {
            "input": "gs://acme-shared/ingest/dt=2025-06-01/data.csv",
            "features_output": "gs://acme-features/features/dt=2025-06-01/data.csv",
        },
        "environment": {
            "serviceAccountEmail": "dataflow@acme-ml-dev.iam.gserviceaccount.com",
            "tempLocation": "gs://acme-dataflow/temp",
            "stagingLocation": "gs://acme-dataflow/staging",
            "kmsKeyName": "projects/acme-ml-dev/locations/europe-west4/keyRings/mlops/cryptoKeys/dataflow",
            "subnetwork": "regions/europe-west4/subnetworks/mlops-dev-dataflow",
            "ipConfiguration": "WORKER_IP_PRIVATE",
            "sdkContainerImage": "europe-west4-docker.pkg.dev/acme-ml-dev/mlops-dev-containers/dataflow:5cd6de6a1988ecb2",
        },
    }
}


@contextlib.contextmanager
def dataflow_api(states):
    """The Dataflow API's FlexTemplatesService and JobsV1Beta3 as real gRPC servers on 127.0.0.1
    (assets/pipelines/tests/vertex_grpc.py reads their wire contract off the client library's
    transports); the job goes through `states`, one per GetJob."""
    from google.cloud import dataflow_v1beta3 as dataflow
    from google.cloud.dataflow_v1beta3.services.flex_templates_service.transports import FlexTemplatesServiceGrpcTransport
    from google.cloud.dataflow_v1beta3.services.jobs_v1_beta3.transports import JobsV1Beta3GrpcTransport
    from vertex_grpc import LoopbackService

    job = dict(id="2025-06-01_00_00_00-123", name="iris-preprocess-20250601", project_id="acme-ml-dev", location="europe-west4")
    pending = list(states)
    launch = LoopbackService(FlexTemplatesServiceGrpcTransport, "google.dataflow.v1beta3.FlexTemplatesService", {
        "LaunchFlexTemplate": lambda request: dataflow.LaunchFlexTemplateResponse(job=dataflow.Job(**job)),
    })
    jobs = LoopbackService(JobsV1Beta3GrpcTransport, "google.dataflow.v1beta3.JobsV1Beta3", {
        "GetJob": lambda request: dataflow.Job(**job, current_state=pending.pop(0)),
    })
    with launch, jobs:
        clients = (
            dataflow.FlexTemplatesServiceClient(transport=FlexTemplatesServiceGrpcTransport(channel=grpc.insecure_channel(launch.address))),
            dataflow.JobsV1Beta3Client(transport=JobsV1Beta3GrpcTransport(channel=grpc.insecure_channel(jobs.address))),
        )
        yield clients, launch, jobs


def test_the_task_launches_the_template_in_the_eu_region_and_waits_for_the_job():
    from google.protobuf import json_format
    from mlops_ingest import preprocessing

    launch = preprocessing.resolve(lambda name: None, DATAFLOW_SETTINGS)
    with dataflow_api(["JOB_STATE_QUEUED", "JOB_STATE_RUNNING", "JOB_STATE_DONE"]) as (clients, api, jobs):
        result = preprocessing.run_flex(launch.flex, "gs://acme-shared/ingest/dt=2025-06-01/data.csv",
                                        "gs://acme-features/features/dt=2025-06-01/data.csv", "2025-06-01", clients=clients, poll_seconds=0)
    [request] = api.called("LaunchFlexTemplate")
    assert (request.project_id, request.location) == ("acme-ml-dev", "europe-west4")
    assert {"launchParameter": json_format.MessageToDict(request.launch_parameter._pb)} == EXPECTED_BODY
    assert [(r.job_id, r.location) for r in jobs.called("GetJob")] == [("2025-06-01_00_00_00-123", "europe-west4")] * 3
    assert result == {
        "input": "gs://acme-shared/ingest/dt=2025-06-01/data.csv",
        "features": "gs://acme-features/features/dt=2025-06-01/data.csv",
        "statistics": "gs://acme-features/features/dt=2025-06-01/statistics.pb",
        "job_id": "2025-06-01_00_00_00-123", "job_name": "iris-preprocess-20250601", "state": "JOB_STATE_DONE",
    }


def test_a_failed_job_fails_the_task_with_where_to_look():
    from mlops_ingest import preprocessing

    launch = preprocessing.resolve(lambda name: None, DATAFLOW_SETTINGS)
    with dataflow_api(["JOB_STATE_RUNNING", "JOB_STATE_FAILED"]) as (clients, _, _jobs):
        with pytest.raises(preprocessing.DataflowJobFailed) as failed:
            preprocessing.run_flex(launch.flex, "gs://acme-shared/ingest/dt=2025-06-01/data.csv",
                                   "gs://acme-features/features/dt=2025-06-01/data.csv", "2025-06-01", clients=clients, poll_seconds=0)
    assert str(failed.value) == (
        "Dataflow job iris-preprocess-20250601 (2025-06-01_00_00_00-123) ended JOB_STATE_FAILED; its logs: "
        "https://console.cloud.google.com/dataflow/jobs/europe-west4/2025-06-01_00_00_00-123?project=acme-ml-dev. "
        "If the day broke the schema, gs://acme-features/features/dt=2025-06-01/anomalies.pbtxt lists the anomalies."
    )


def test_the_dag_task_fails_at_once_naming_a_missing_dataflow_setting(dag, gcs, shared_bucket, http_source, sample_csv, monkeypatch):
    monkeypatch.setenv("INGEST_SOURCE_URI", http_source("/iris.csv", sample_csv))
    for name, value in DATAFLOW_SETTINGS.items():
        if name != "DATAFLOW_TEMPLATE":
            monkeypatch.setenv(name, value)
    state, tis = run_all(dag)
    assert state == "failed"
    assert tis["preprocess"] == ("failed", 1)


def test_load_replaces_the_day_partition_only():
    from google.cloud import bigquery
    from mlops_ingest import contract, warehouse

    target = warehouse.resolve(lambda name: None, {"BIGQUERY_TABLE": "acme-ml-dev.mlops_dev_ingest.iris"})
    assert target.partition("2025-06-01") == "acme-ml-dev.mlops_dev_ingest.iris$20250601"
    assert target.location == "europe-west4"
    job = warehouse.job_config(contract.load_schema())
    assert job.write_disposition == bigquery.WriteDisposition.WRITE_TRUNCATE
    assert job.create_disposition == bigquery.CreateDisposition.CREATE_NEVER
    assert job.skip_leading_rows == 1
    assert [(f.name, f.field_type, f.mode) for f in job.schema] == [
        ("sepal_length", "FLOAT64", "REQUIRED"), ("sepal_width", "FLOAT64", "REQUIRED"),
        ("petal_length", "FLOAT64", "REQUIRED"), ("petal_width", "FLOAT64", "REQUIRED"),
        ("species", "STRING", "REQUIRED"),
    ]


def test_a_malformed_table_setting_fails_the_run_at_once(dag, gcs, shared_bucket, http_source, sample_csv, monkeypatch):
    monkeypatch.setenv("INGEST_SOURCE_URI", http_source("/iris.csv", sample_csv))
    monkeypatch.setenv("BIGQUERY_TABLE", "iris")

    state, tis = run_all(dag)

    assert state == "failed"
    assert tis["load_bigquery"] == ("failed", 1)
    from mlops_ingest import config, warehouse

    with pytest.raises(config.ConfigError, match=r"BIGQUERY_TABLE='iris' is not a table id: write it as PROJECT.DATASET.TABLE"):
        warehouse.resolve(lambda name: None, {"BIGQUERY_TABLE": "iris"})
