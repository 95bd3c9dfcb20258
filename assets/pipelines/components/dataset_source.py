"""Training data from a Vertex AI tabular dataset (BigQuery-backed) instead of data_uri.

With dataset_id set, this step reads the dataset (Vertex AI DatasetService), takes its BigQuery
source (metadata.inputConfig.bigquerySource.uri, bq://PROJECT.DATASET.TABLE) and writes the
data contract's columns of that table as the CSV the rest of the pipeline takes: the TFDV
validation, the split and the training job see the same file as from data_uri, so the same
rules hold whichever the source. Google Cloud Pipeline Components 2.22 has no custom-job op that
takes a dataset (the custom job API has no dataset input; only the legacy training-pipeline ops
had one), so the dataset is read here, as the pipeline's service account, and the data stays in
the pipeline root (CMEK bucket).

dataset_bigquery_source (bq://PROJECT.DATASET.TABLE, in the pipeline's project) is the table the
dataset is to be backed by: Terraform creates the dataset (CMEK) but google provider 6.x cannot
set its source, so a dataset without one gets this source attached (DatasetService.UpdateDataset,
mask metadata) before it is read. A dataset already backed by anything else is refused, never
re-pointed: its data is someone's choice.

dry_run=True resolves the dataset and records the table and columns it would read, without
reading BigQuery. api_endpoint is for tests: a loopback address gets a plaintext channel.
"""

from kfp import dsl
from kfp.dsl import Dataset, Output

from components.runtime import BASE_IMAGE, DATASET_PACKAGES


@dsl.component(base_image=BASE_IMAGE, packages_to_install=DATASET_PACKAGES)
def dataset_csv(
    dataset_id: str,
    project: str,
    location: str,
    schema_json: str,
    dry_run: bool,
    data: Output[Dataset],
    api_endpoint: str = "",
    dataset_bigquery_source: str = "",
) -> str:
    """Returns the BigQuery table read (PROJECT.DATASET.TABLE)."""
    import csv
    import json
    import re

    if re.fullmatch(r"\d+", dataset_id or ""):
        name = f"projects/{project}/locations/{location}/datasets/{dataset_id}"
    else:
        match = re.fullmatch(r"projects/[^/]+/locations/([^/]+)/datasets/\d+", dataset_id or "")
        if not match:
            raise ValueError(f"dataset_id={dataset_id!r} must be a dataset number or "
                             "projects/P/locations/L/datasets/ID (or '' to train from data_uri)")
        if match.group(1) != location:
            raise ValueError(f"dataset_id {dataset_id!r} is in {match.group(1)}, the pipeline runs in {location}")
        name = dataset_id
    if dataset_bigquery_source:
        source = re.fullmatch(r"bq://([a-z][a-z0-9-]{4,28}[a-z0-9])\.([A-Za-z0-9_]{1,1024})\.([A-Za-z0-9_-]{1,1024})", dataset_bigquery_source)
        if not source:
            raise ValueError(f"dataset_bigquery_source={dataset_bigquery_source!r} must be bq://PROJECT.DATASET.TABLE "
                             "(or '' to read the dataset's own source)")
        if source.group(1) != project:
            raise ValueError(f"dataset_bigquery_source {dataset_bigquery_source!r} is in project {source.group(1)}, "
                             f"the pipeline runs in {project}: pass a table of {project}")

    from google.cloud import aiplatform_v1 as v1

    target = api_endpoint or f"{location}-aiplatform.googleapis.com"
    if re.match(r"(127\.0\.0\.1|localhost|\[::1\]):\d+$", target):
        import grpc
        from google.cloud.aiplatform_v1.services.dataset_service.transports import DatasetServiceGrpcTransport

        client = v1.DatasetServiceClient(transport=DatasetServiceGrpcTransport(channel=grpc.insecure_channel(target)))
    else:
        from google.api_core.client_options import ClientOptions

        client = v1.DatasetServiceClient(client_options=ClientOptions(api_endpoint=target))
    dataset = client.get_dataset(name=name)
    if not dataset.metadata_schema_uri.endswith("/tabular_1.0.0.yaml"):
        raise ValueError(f"dataset {name} is not a tabular dataset ({dataset.metadata_schema_uri}): "
                         "train from a tabular dataset or from data_uri")
    metadata = type(dataset).to_dict(dataset).get("metadata") or {}
    uri = metadata.get("inputConfig", {}).get("bigquerySource", {}).get("uri", "")
    if dataset_bigquery_source and metadata.get("inputConfig") and uri != dataset_bigquery_source:
        raise ValueError(f"dataset {name} is backed by {uri or json.dumps(metadata['inputConfig'])}, not by "
                         f"dataset_bigquery_source {dataset_bigquery_source}: the pipeline never re-points a dataset; "
                         "pass the dataset's own table, '' (read its source) or another dataset_id")
    if dataset_bigquery_source and not metadata.get("inputConfig"):
        from google.api_core import exceptions
        from google.protobuf import field_mask_pb2, json_format, struct_pb2

        value = struct_pb2.Value()
        json_format.ParseDict({"inputConfig": {"bigquerySource": {"uri": dataset_bigquery_source}}}, value)
        try:
            updated = client.update_dataset(dataset=v1.Dataset(name=name, metadata=value),
                                            update_mask=field_mask_pb2.FieldMask(paths=["metadata"]))
        except exceptions.GoogleAPICallError as err:
            # the documented updatable fields are display_name, description and labels: a service
            # that refuses metadata leaves the source to be set in the console
            raise ValueError(f"dataset {name}: Vertex AI refused to attach dataset_bigquery_source "
                             f"{dataset_bigquery_source} ({type(err).__name__}: {err.message}); "
                             "set the source in the console (Vertex AI > Datasets) or train from data_uri") from None
        metadata = type(updated).to_dict(updated).get("metadata") or {}
        uri = metadata.get("inputConfig", {}).get("bigquerySource", {}).get("uri", "")
        if uri != dataset_bigquery_source:
            raise ValueError(f"dataset {name}: attaching dataset_bigquery_source {dataset_bigquery_source} left its "
                             f"source at {uri or 'none'}; set the source in the console (Vertex AI > Datasets) "
                             "or train from data_uri")
    if not uri.startswith("bq://"):
        raise ValueError(f"dataset {name} has no BigQuery source (metadata.inputConfig: "
                         f"{json.dumps(metadata.get('inputConfig', {}))}): the pipeline trains from "
                         "BigQuery-backed datasets: set dataset_bigquery_source=bq://PROJECT.DATASET.TABLE to attach "
                         "one; for files in Cloud Storage pass data_uri")
    table = uri[len("bq://"):]
    columns = [column["name"] for column in json.loads(schema_json)["columns"]]
    record = {"dataset": name, "display_name": dataset.display_name, "table": table, "columns": columns,
              "encryption_spec_key_name": dataset.encryption_spec.kms_key_name}
    data.metadata.update(record)
    if dry_run:
        with open(data.path, "w", encoding="utf-8") as handle:
            json.dump({"dry_run": True, **record}, handle, indent=2, sort_keys=True)
        return table

    from google.cloud import bigquery

    bq = bigquery.Client(project=project, location=None)
    fields = {field.name: field for field in bq.get_table(table).schema}
    missing = [c for c in columns if c not in fields]
    if missing:
        raise ValueError(f"BigQuery table {table} (dataset {name}) lacks the contract's column(s) {missing}")
    rows = 0
    with open(data.path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(columns)
        for row in bq.list_rows(table, selected_fields=[fields[c] for c in columns]):
            writer.writerow(["" if row[c] is None else row[c] for c in columns])
            rows += 1
    data.metadata["rows"] = rows
    return table
