"""Training from a Vertex AI dataset (the DatasetService half against a real gRPC server on
127.0.0.1; BigQuery itself cannot be served here, see docs/workloads.md), and the run row the
dashboards read (built from the metrics; no BigQuery call is faked)."""

from __future__ import annotations

import json

import pytest
from google.cloud import aiplatform_v1 as v1
from google.cloud.aiplatform_v1.services.dataset_service.transports import DatasetServiceGrpcTransport
from google.protobuf import json_format, struct_pb2
from kfp import dsl

from components.dataset_source import dataset_csv
from components.record_run import RUN_COLUMNS, record_run
from pipeline import SCHEMA_JSON
from vertex_grpc import LoopbackService

TABULAR = "gs://google-cloud-aiplatform/schema/dataset/metadata/tabular_1.0.0.yaml"
NAME = "projects/acme-ml-dev/locations/europe-west4/datasets/555"


def dataset_service(metadata: dict | None, schema_uri: str = TABULAR, update=None):
    """metadata None: a dataset as Terraform creates it (no metadata). update(request) answers UpdateDataset."""
    def get(request):
        fields = {}
        if metadata is not None:
            fields["metadata"] = struct_pb2.Value()
            json_format.ParseDict(metadata, fields["metadata"])
        return v1.Dataset(name=request.name, display_name="iris", metadata_schema_uri=schema_uri, **fields,
                          encryption_spec=v1.EncryptionSpec(kms_key_name="projects/k/locations/europe-west4/keyRings/r/cryptoKeys/v"))

    handlers = {"GetDataset": get}
    if update:
        handlers["UpdateDataset"] = update
    return LoopbackService(DatasetServiceGrpcTransport, "google.cloud.aiplatform.v1.DatasetService", handlers)


def read(tmp_path, address, dataset_id="555", dataset_bigquery_source=""):
    data = dsl.Dataset(uri=str(tmp_path / "data.csv"))
    table = dataset_csv.python_func(dataset_id=dataset_id, project="acme-ml-dev", location="europe-west4",
                                    schema_json=SCHEMA_JSON, dry_run=True, data=data, api_endpoint=address,
                                    dataset_bigquery_source=dataset_bigquery_source)
    return table, data


INGEST = "bq://acme-ml-dev.mlops_dev_ingest.iris"


def stores_the_update(request):
    """Answers as the service does: the dataset with the fields the mask names replaced."""
    return v1.Dataset(name=request.dataset.name, display_name="iris", metadata_schema_uri=TABULAR,
                      metadata=request.dataset.metadata)


def test_a_dataset_without_a_source_gets_the_given_table_attached_then_read(tmp_path):
    with dataset_service(None, update=stores_the_update) as server:
        table, data = read(tmp_path, server.address, dataset_bigquery_source=INGEST)

    [update] = server.called("UpdateDataset")
    assert update.dataset.name == NAME
    assert list(update.update_mask.paths) == ["metadata"]
    assert v1.Dataset.to_dict(update.dataset)["metadata"] == {"inputConfig": {"bigquerySource": {"uri": INGEST}}}
    assert [r.name for r in server.called("GetDataset")] == [NAME]
    assert table == "acme-ml-dev.mlops_dev_ingest.iris"
    assert data.metadata["table"] == "acme-ml-dev.mlops_dev_ingest.iris"


def test_a_dataset_already_on_its_table_is_read_without_an_update(tmp_path):
    with dataset_service({"inputConfig": {"bigquerySource": {"uri": INGEST}}}, update=stores_the_update) as server:
        table, _ = read(tmp_path, server.address, dataset_bigquery_source=INGEST)

    assert server.called("UpdateDataset") == []
    assert table == "acme-ml-dev.mlops_dev_ingest.iris"


@pytest.mark.parametrize(("existing", "shown"), [
    ({"inputConfig": {"bigquerySource": {"uri": "bq://acme-ml-dev.other.iris_curated"}}}, "bq://acme-ml-dev.other.iris_curated"),
    ({"inputConfig": {"gcsSource": {"uri": ["gs://acme/iris.csv"]}}}, "gs://acme/iris.csv"),
])
def test_a_dataset_backed_by_another_source_is_refused_naming_both(tmp_path, existing, shown):
    with dataset_service(existing, update=stores_the_update) as server:
        with pytest.raises(ValueError) as err:
            read(tmp_path, server.address, dataset_bigquery_source=INGEST)

    assert server.called("UpdateDataset") == []
    message = str(err.value)
    assert f"dataset {NAME} is backed by " in message and shown in message
    assert f"not by dataset_bigquery_source {INGEST}: the pipeline never re-points a dataset" in message


def test_a_refused_update_names_the_dataset_and_the_way_out(tmp_path):
    def refuse(request):
        raise RuntimeError("metadata is not updatable")

    with dataset_service(None, update=refuse) as server:
        with pytest.raises(ValueError) as err:
            read(tmp_path, server.address, dataset_bigquery_source=INGEST)

    assert len(server.called("UpdateDataset")) == 1
    assert str(err.value).startswith(f"dataset {NAME}: Vertex AI refused to attach dataset_bigquery_source {INGEST} (")
    assert str(err.value).endswith("set the source in the console (Vertex AI > Datasets) or train from data_uri")


def test_an_update_that_leaves_no_source_is_not_taken_for_success(tmp_path):
    def ignore(request):
        return v1.Dataset(name=request.dataset.name, metadata_schema_uri=TABULAR)

    with dataset_service(None, update=ignore) as server:
        with pytest.raises(ValueError, match=f"attaching dataset_bigquery_source {INGEST} left its source at none"):
            read(tmp_path, server.address, dataset_bigquery_source=INGEST)


def test_without_a_source_to_attach_an_empty_dataset_says_how_to_attach_one(tmp_path):
    with dataset_service(None) as server:
        with pytest.raises(ValueError, match=r"has no BigQuery source .*set dataset_bigquery_source=bq://PROJECT.DATASET.TABLE"):
            read(tmp_path, server.address)


@pytest.mark.parametrize(("source", "message"), [
    ("acme-ml-dev.mlops_dev_ingest.iris", "dataset_bigquery_source='acme-ml-dev.mlops_dev_ingest.iris' must be bq://PROJECT.DATASET.TABLE"),
    ("bq://acme-ml-dev.iris", "dataset_bigquery_source='bq://acme-ml-dev.iris' must be bq://PROJECT.DATASET.TABLE"),
    ("bq://acme-ml-prod.mlops_prod_ingest.iris",
     "dataset_bigquery_source 'bq://acme-ml-prod.mlops_prod_ingest.iris' is in project acme-ml-prod, the pipeline runs in acme-ml-dev"),
])
def test_a_bad_source_names_the_field_before_any_call(tmp_path, source, message):
    with pytest.raises(ValueError) as err:
        read(tmp_path, "127.0.0.1:9", dataset_bigquery_source=source)
    assert message in str(err.value)


def test_a_bigquery_backed_dataset_resolves_to_its_table_and_the_contract_columns(tmp_path):
    with dataset_service({"inputConfig": {"bigquerySource": {"uri": "bq://acme-ml-dev.mlops_dev.iris"}}}) as server:
        table, data = read(tmp_path, server.address)

    assert [r.name for r in server.called("GetDataset")] == [NAME]
    assert table == "acme-ml-dev.mlops_dev.iris"
    assert data.metadata["columns"] == ["sepal_length", "sepal_width", "petal_length", "petal_width", "species"]
    assert data.metadata["dataset"] == NAME
    assert json.loads((tmp_path / "data.csv").read_text())["dry_run"] is True


def test_a_dataset_in_cloud_storage_is_refused_with_the_way_out(tmp_path):
    with dataset_service({"inputConfig": {"gcsSource": {"uri": ["gs://acme/iris.csv"]}}}) as server:
        with pytest.raises(ValueError, match="has no BigQuery source .* for files in Cloud Storage pass data_uri"):
            read(tmp_path, server.address)


def test_a_dataset_that_is_not_tabular_is_refused(tmp_path):
    image = "gs://google-cloud-aiplatform/schema/dataset/metadata/image_1.0.0.yaml"
    with dataset_service({}, schema_uri=image) as server:
        with pytest.raises(ValueError, match="is not a tabular dataset"):
            read(tmp_path, server.address)


@pytest.mark.parametrize(("dataset_id", "message"), [
    ("iris", "dataset_id='iris' must be a dataset number or projects/P/locations/L/datasets/ID"),
    ("projects/p/locations/us-central1/datasets/1", "is in us-central1, the pipeline runs in europe-west4"),
])
def test_a_bad_dataset_id_names_the_field(tmp_path, dataset_id, message):
    with pytest.raises(ValueError) as err:
        read(tmp_path, "127.0.0.1:9", dataset_id=dataset_id)
    assert message in str(err.value)


def record(tmp_path, metrics_table="", deployment=None, **overrides):
    validation = dsl.Artifact(uri=str(tmp_path / "validation"),
                              metadata={"decision": True, "reason": "accuracy 0.9667 is above the threshold 0.9"})
    out = dsl.Artifact(uri=str(tmp_path / "run_row.json"))
    params = {"metrics_table": metrics_table, "run_id": "end2end-20250601000000", "model_type": "logistic_regression",
              "data_uri": "gs://acme-shared/ingest/dt=2025-06-01/data.csv", "accuracy": 0.9667,
              "accuracy_threshold": 0.9, "decision": True, "dry_run": True, **overrides}
    record_run.python_func(validation=validation, run_row=out, deployment=deployment, **params)
    return json.loads((tmp_path / "run_row.json").read_text()), out


def test_the_run_row_has_the_documented_columns_from_the_metrics(tmp_path):
    deployment = dsl.Artifact(uri="gs://x/deployment", metadata={
        "model_resource_name": "projects/1/locations/europe-west4/models/77", "model_version_id": "3"})
    written, _ = record(tmp_path, "acme-ml-dev.mlops_dev.pipeline_runs", deployment=deployment)

    row = written["row"]
    columns = ["run_id", "run_time", "data_uri", "model_type", "accuracy", "accuracy_threshold", "decision",
               "reason", "model_version"]
    assert sorted(row) == sorted(columns)
    assert [name for name, _, _ in RUN_COLUMNS] == columns
    assert row["run_id"] == "end2end-20250601000000"
    assert row["accuracy"] == 0.9667 and row["accuracy_threshold"] == 0.9 and row["decision"] is True
    assert row["reason"] == "accuracy 0.9667 is above the threshold 0.9"
    assert row["model_version"] == "projects/1/locations/europe-west4/models/77@3"
    assert row["run_time"].endswith("+00:00")
    assert written["table"] == "acme-ml-dev.mlops_dev.pipeline_runs" and "skipped" not in written


def test_a_rejected_model_has_no_version_in_its_row(tmp_path):
    written, _ = record(tmp_path, "acme-ml-dev.mlops_dev.pipeline_runs", decision=False)
    assert written["row"]["decision"] is False
    assert written["row"]["model_version"] == ""


def test_an_empty_metrics_table_skips_the_write(tmp_path):
    written, out = record(tmp_path, "", dry_run=False)
    assert written["skipped"] == "metrics_table is empty"
    assert out.metadata == {"table": "", "written": False}


def test_a_malformed_table_name_says_the_form(tmp_path):
    with pytest.raises(ValueError, match="metrics_table='pipeline_runs' must be PROJECT.DATASET.TABLE"):
        record(tmp_path, "pipeline_runs", dry_run=False)
