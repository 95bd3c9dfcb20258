"""One row per pipeline run in the BigQuery table the dashboards read (pipeline_runs).

The Looker project and the Cloud Monitoring dashboard chart these columns, so their names and
types are a contract (RUN_COLUMNS; docs/workloads.md lists them): add columns, never rename.
The table belongs to the platform (its dataset, CMEK key and partitioning are infrastructure);
this step only appends. metrics_table='' skips the step (it records that it skipped).
The insert id is the run id, so a retried step does not count a run twice (BigQuery's streaming
de-duplication is best effort, within minutes).
"""

from kfp import dsl
from kfp.dsl import Artifact, Input, Output

from components.runtime import BASE_IMAGE, BIGQUERY_PACKAGES

# name, BigQuery type, mode: the table's schema, as the platform creates it
RUN_COLUMNS = [
    ("run_id", "STRING", "REQUIRED"),
    ("run_time", "TIMESTAMP", "REQUIRED"),
    ("data_uri", "STRING", "NULLABLE"),
    ("model_type", "STRING", "NULLABLE"),
    ("accuracy", "FLOAT64", "REQUIRED"),
    ("accuracy_threshold", "FLOAT64", "REQUIRED"),
    ("decision", "BOOL", "REQUIRED"),
    ("reason", "STRING", "NULLABLE"),
    ("model_version", "STRING", "NULLABLE"),
]


@dsl.component(base_image=BASE_IMAGE, packages_to_install=BIGQUERY_PACKAGES)
def record_run(
    metrics_table: str,
    run_id: str,
    data_uri: str,
    model_type: str,
    accuracy: float,
    accuracy_threshold: float,
    decision: bool,
    validation: Input[Artifact],
    dry_run: bool,
    run_row: Output[Artifact],
    deployment: Input[Artifact] = None,
):
    import datetime
    import json
    import re

    meta = deployment.metadata if deployment is not None else {}
    version = ""
    if meta.get("model_resource_name"):
        version = meta["model_resource_name"] + (f"@{meta['model_version_id']}" if meta.get("model_version_id") else "")
    row = {
        "run_id": run_id,
        "run_time": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"),
        "data_uri": data_uri,
        "model_type": model_type,
        "accuracy": float(accuracy),
        "accuracy_threshold": float(accuracy_threshold),
        "decision": bool(decision),
        "reason": str(validation.metadata.get("reason", "")),
        "model_version": version,
    }
    record = {"table": metrics_table, "row": row, "dry_run": dry_run}
    if not metrics_table:
        record["skipped"] = "metrics_table is empty"
    elif not re.fullmatch(r"[a-z][a-z0-9-]{4,28}[a-z0-9]\.[A-Za-z0-9_]{1,1024}\.[A-Za-z0-9_$-]{1,1024}", metrics_table):
        raise ValueError(f"metrics_table={metrics_table!r} must be PROJECT.DATASET.TABLE, e.g. "
                         "acme-ml-dev.mlops_dev.pipeline_runs (or '' to write no row)")
    elif not dry_run:
        from google.cloud import bigquery

        errors = bigquery.Client(project=metrics_table.split(".")[0]).insert_rows_json(
            metrics_table, [row], row_ids=[run_id])
        if errors:
            raise RuntimeError(f"BigQuery refused the run row for {metrics_table}: {errors}")
        record["written"] = True
    with open(run_row.path, "w", encoding="utf-8") as handle:
        json.dump(record, handle, indent=2, sort_keys=True)
    run_row.metadata.update({"table": metrics_table, "written": bool(record.get("written"))})
