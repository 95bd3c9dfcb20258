"""The warehouse load and the Beam/TFDV preprocessing tasks of the ingestion DAG.

The preprocessing runs for real: dag.test() launches the Beam pipeline with the DirectRunner in
the Beam/TFDV venv (DATAFLOW_PYTHON, set by scripts/py-test.sh), reading and writing
fake-gcs-server on loopback. The BigQuery load is tested up to the client call: no BigQuery API
could be built here (docs/workloads.md says what failed), and a fake of it would test nothing.
"""

from __future__ import annotations

import datetime as dt
import os
import sys
from pathlib import Path

import pytest

from test_ingest_dag import DAY, OBJECT, dag, dagbag, objects, run_all  # noqa: F401 (fixtures)

DATAFLOW_PYTHON = os.environ.get("DATAFLOW_PYTHON") or str(
    Path(__file__).resolve().parents[3] / ".venv-dataflow" / "bin" / "python"
)
FEATURES = "features/dt=2025-06-01/data.csv"


@pytest.fixture
def beam(monkeypatch, tmp_path):
    """The DirectRunner reads the landed gs:// object from fake-gcs-server; the features go to a
    local FEATURES_LOCATION, because Beam's file sink finalizes gs:// output with the JSON API's
    batch endpoint, which fake-gcs-server does not serve ("Bad response: not multi-part")."""
    if not Path(DATAFLOW_PYTHON).exists():
        pytest.fail(f"{DATAFLOW_PYTHON} does not exist: run scripts/dataflow-setup.sh (scripts/py-test.sh does)")
    monkeypatch.setenv("DATAFLOW_RUNNER", "DirectRunner")
    monkeypatch.setenv("DATAFLOW_PYTHON", DATAFLOW_PYTHON)
    monkeypatch.setenv("FEATURES_LOCATION", str(tmp_path / "features-bucket"))
    return tmp_path / "features-bucket"


def test_without_settings_both_data_tasks_are_skipped(dag, gcs, shared_bucket, http_source, sample_csv, monkeypatch):
    monkeypatch.setenv("INGEST_SOURCE_URI", http_source("/iris.csv", sample_csv))
    state, tis = run_all(dag)
    assert state == "success", tis
    assert tis["load_bigquery"][0] == "skipped"
    assert tis["preprocess"][0] == "skipped"


def test_preprocess_runs_beam_with_tfdv_and_writes_the_features(dag, gcs, shared_bucket, http_source, sample_csv, monkeypatch, beam):
    monkeypatch.setenv("INGEST_SOURCE_URI", http_source("/iris.csv", sample_csv))

    state, tis = run_all(dag)

    assert state == "success", tis
    assert tis["preprocess"] == ("success", 1)
    assert (beam / FEATURES).read_bytes() == sample_csv
    assert (beam / "features/dt=2025-06-01/statistics.pb").stat().st_size > 0


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


def test_dataflow_runner_needs_every_secure_setting_and_passes_them():
    from mlops_ingest import config, preprocessing

    with pytest.raises(config.ConfigError, match=r"needs DATAFLOW_KMS_KEY, DATAFLOW_SUBNETWORK"):
        preprocessing.resolve(lambda name: None, {
            "DATAFLOW_RUNNER": "DataflowRunner", "DATAFLOW_PROJECT": "acme-ml-dev", "DATAFLOW_REGION": "europe-west4",
            "DATAFLOW_SERVICE_ACCOUNT": "dataflow@acme-ml-dev.iam.gserviceaccount.com",
            "DATAFLOW_TEMP_LOCATION": "gs://acme-dataflow/temp", "DATAFLOW_STAGING_LOCATION": "gs://acme-dataflow/staging",
        })
    launch = preprocessing.resolve(lambda name: None, {
        "DATAFLOW_RUNNER": "DataflowRunner", "DATAFLOW_PROJECT": "acme-ml-dev", "DATAFLOW_REGION": "europe-west4",
        "DATAFLOW_SERVICE_ACCOUNT": "dataflow@acme-ml-dev.iam.gserviceaccount.com",
        "DATAFLOW_TEMP_LOCATION": "gs://acme-dataflow/temp", "DATAFLOW_STAGING_LOCATION": "gs://acme-dataflow/staging",
        "DATAFLOW_KMS_KEY": "projects/acme-ml-dev/locations/europe-west4/keyRings/mlops/cryptoKeys/dataflow",
        "DATAFLOW_SUBNETWORK": "regions/europe-west4/subnetworks/mlops-dev-dataflow",
    })
    assert launch.features_uri("gs://acme-shared/ingest/dt=2025-06-01/data.csv", "2025-06-01") == (
        "gs://acme-shared/features/dt=2025-06-01/data.csv"
    )
    command = launch.command("gs://b/ingest/dt=2025-06-01/data.csv", "gs://b/features/dt=2025-06-01/data.csv")
    assert command[1:3] == ["-m", "iris_preprocess.pipeline"]
    flags = " ".join(command)
    assert "--runner DataflowRunner" in flags
    assert "--dataflow_kms_key projects/acme-ml-dev/locations/europe-west4/keyRings/mlops/cryptoKeys/dataflow" in flags
    assert "--no_use_public_ips" in flags
    assert "--subnetwork regions/europe-west4/subnetworks/mlops-dev-dataflow" in flags
    assert "--service_account_email dataflow@acme-ml-dev.iam.gserviceaccount.com" in flags


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
