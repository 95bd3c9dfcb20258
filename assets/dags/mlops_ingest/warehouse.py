"""Loads the day's landed CSV into that day's partition of the BigQuery table.

Idempotent by construction: the load job writes to the partition decorator TABLE$YYYYMMDD with
WRITE_TRUNCATE, so re-running a day replaces that partition and nothing else (never appends a
second copy). The table is partitioned by ingestion date (the BigQueryDataset construct creates
it with the contract's schema); the job states the same schema so a drifted table fails the
load instead of silently widening.

Settings (environment variable, else Airflow Variable): BIGQUERY_TABLE (project.dataset.table;
unset: the task is skipped, for a platform without the warehouse), BIGQUERY_LOCATION (EU
region of the dataset, default europe-west4).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Callable, Optional

from .config import ConfigError, airflow_variable, setting_lookup

TABLE = "BIGQUERY_TABLE"
LOCATION = "BIGQUERY_LOCATION"
DEFAULT_LOCATION = "europe-west4"

_TABLE_ID = re.compile(r"^([a-z][a-z0-9-]{4,28}[a-z0-9])\.([A-Za-z0-9_]{1,1024})\.([A-Za-z0-9_-]{1,1024})$")
_BQ_TYPES = {"float": "FLOAT64", "int": "INT64", "string": "STRING"}


@dataclass(frozen=True)
class LoadTarget:
    project: str
    dataset: str
    table: str
    location: str

    def partition(self, day: str) -> str:
        """project.dataset.table$YYYYMMDD: the one partition a day's load may replace."""
        return f"{self.project}.{self.dataset}.{self.table}${day.replace('-', '')}"


def resolve(variable: Callable[[str], Optional[str]] = airflow_variable, environ: Optional[dict] = None) -> Optional[LoadTarget]:
    get = setting_lookup(variable, environ)

    table = get(TABLE)
    if table is None:
        return None
    match = _TABLE_ID.match(table)
    if not match:
        raise ConfigError(
            f"{TABLE}={table!r} is not a table id: write it as PROJECT.DATASET.TABLE, e.g. 'acme-ml-dev.mlops_dev_ingest.iris'"
        )
    return LoadTarget(*match.groups(), location=get(LOCATION) or DEFAULT_LOCATION)


def schema_fields(contract: dict[str, Any]) -> list[dict[str, str]]:
    """The contract's columns as BigQuery fields: every column REQUIRED, as the contract says."""
    return [
        {"name": column["name"], "type": _BQ_TYPES[column["type"]], "mode": "REQUIRED"}
        for column in contract["columns"]
    ]


def job_config(contract: dict[str, Any]):
    from google.cloud import bigquery

    return bigquery.LoadJobConfig(
        source_format=bigquery.SourceFormat.CSV,
        skip_leading_rows=1,
        write_disposition=bigquery.WriteDisposition.WRITE_TRUNCATE,
        create_disposition=bigquery.CreateDisposition.CREATE_NEVER,
        schema=[bigquery.SchemaField(f["name"], f["type"], mode=f["mode"]) for f in schema_fields(contract)],
        time_partitioning=bigquery.TimePartitioning(type_=bigquery.TimePartitioningType.DAY),
    )


def load(target: LoadTarget, source_uri: str, day: str, contract: dict[str, Any]) -> dict[str, Any]:
    from google.api_core import exceptions
    from google.cloud import bigquery

    client = bigquery.Client(project=target.project, location=target.location)
    destination = target.partition(day)
    try:
        job = client.load_table_from_uri(source_uri, destination, job_config=job_config(contract))
        job.result()
    except exceptions.NotFound as err:
        raise ConfigError(
            f"{destination} cannot be loaded: {err.message}; check {TABLE} (the platform's ingestion table)"
        ) from err
    except exceptions.Forbidden as err:
        raise ConfigError(
            f"not allowed to load {destination}: grant the Composer worker account "
            "roles/bigquery.dataEditor on the dataset and roles/bigquery.jobUser on the project"
        ) from err
    return {"table": destination, "rows": int(job.output_rows or 0), "job_id": job.job_id}
