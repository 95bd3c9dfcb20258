"""Daily ingestion of the training dataset into the shared-data bucket.

Once a day the DAG downloads the source CSV (INGEST_SOURCE_URI: https://, gs:// or file://;
by default the public iris CSV), checks it against the data contract
(mlops_ingest/iris.schema.json: columns, types, allowed labels, row-count bounds) and writes
it to gs://$PIPELINE_SHARED_DATA_BUCKET/ingest/dt=YYYY-MM-DD/data.csv. That object's
finalize event starts the training pipeline.

A source that breaks the contract, is missing (HTTP 404, no such object) or is misconfigured
fails the run at once, with a message naming each problem, and writes nothing. Network
trouble (timeouts, refused connections, 5xx) is retried with exponential backoff. Re-running
a day replaces that day's object; there is never more than one object per day.

After the landing is verified, two tasks run on the day's object: load_bigquery replaces that
day's partition of BIGQUERY_TABLE (mlops_ingest/warehouse.py) and preprocess runs the Beam/TFDV
preprocessing on DATAFLOW_RUNNER (mlops_ingest/preprocessing.py), which writes the features
training reads, or fails the run with TFDV's anomaly report. Each is skipped when its setting
is unset.

Settings (environment variable, else Airflow Variable, else default):
PIPELINE_SHARED_DATA_BUCKET (required), INGEST_SOURCE_URI, INGEST_OBJECT_PREFIX (ingest),
INGEST_MIN_ROWS / INGEST_MAX_ROWS (from the contract), INGEST_MAX_BYTES (256 MiB).
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import os
import re

import pendulum
from airflow.exceptions import AirflowFailException, AirflowSkipException
from airflow.sdk import dag, task

from mlops_ingest import config, contract, preprocessing, sink, source, warehouse

DAG_ID = "ingest_daily"
DEFAULT_SCHEDULE = "0 3 * * *"


def daily_schedule(value: str | None) -> str:
    """INGEST_SCHEDULE (set by the ComposerEnv construct from the platform config), at parse time.

    Only a once-a-day cron is accepted: the bucket holds one object per day, so a schedule that
    fires more often would overwrite the day's file under a running pipeline.
    """
    if not value:
        return DEFAULT_SCHEDULE
    if not re.fullmatch(r"\d{1,2} \d{1,2} \* \* \*", value.strip()):
        raise ValueError(
            f"INGEST_SCHEDULE '{value}' is not a once-a-day cron; write it as '<minute> <hour> * * *', e.g. '0 3 * * *'"
        )
    minute, hour = (int(part) for part in value.split()[:2])
    if minute > 59 or hour > 23:
        raise ValueError(f"INGEST_SCHEDULE '{value}' has minute {minute} / hour {hour} out of range; use 0-59 and 0-23")
    return value.strip()


SCHEDULE = daily_schedule(os.environ.get("INGEST_SCHEDULE"))


def _day(context: dict[str, Any]) -> str:
    # Airflow 3 allows runs without a logical date (manual triggers); fall back to run_after.
    moment = context.get("logical_date") or context["dag_run"].run_after
    return pendulum.instance(moment).in_timezone("UTC").strftime("%Y-%m-%d")


@dag(
    dag_id=DAG_ID,
    description="Download, contract-check and land the training CSV in the shared-data bucket",
    schedule=SCHEDULE,
    start_date=pendulum.datetime(2025, 1, 1, tz="UTC"),
    catchup=False,
    max_active_runs=1,
    dagrun_timeout=timedelta(hours=2),
    default_args={
        "owner": "mlops",
        "retries": 4,
        "retry_delay": timedelta(minutes=2),
        "retry_exponential_backoff": True,
        "max_retry_delay": timedelta(minutes=30),
        "execution_timeout": timedelta(minutes=30),
    },
    tags=["mlops", "ingestion"],
    doc_md=__doc__,
)
def ingest_daily():
    @task
    def ingest(**context: Any) -> dict[str, Any]:
        """Fetches the source, checks the contract, writes the day's object (or nothing)."""
        try:
            settings = config.resolve()
            raw = source.fetch(settings.source_uri, settings.max_bytes)
            checked = contract.check_csv(
                raw,
                settings.source_uri,
                contract.load_schema(),
                min_rows=settings.min_rows,
                max_rows=settings.max_rows,
            )
        except (config.ConfigError, source.SourceUnavailable, contract.ContractViolation) as err:
            raise AirflowFailException(str(err)) from err
        object_name = settings.object_name(_day(context))
        try:
            result = sink.publish(
                settings.bucket,
                object_name,
                checked,
                labels={"source-uri": settings.source_uri, "dag-run-id": context["run_id"]},
            )
        except sink.LandingFailed as err:
            raise AirflowFailException(str(err)) from err
        result["object_name"] = object_name
        result["bucket"] = settings.bucket
        print(f"wrote {result['rows']} rows to {result['uri']} (generation {result['generation']})")
        return result

    @task
    def verify_landing(written: dict[str, Any]) -> dict[str, Any]:
        """Reads the day's folder back: one object, the bytes this run wrote."""
        try:
            return sink.verify(written["bucket"], written["object_name"], written["sha256"])
        except sink.LandingFailed as err:
            raise AirflowFailException(str(err)) from err

    @task
    def load_bigquery(landed: dict[str, Any], **context: Any) -> dict[str, Any]:
        """Replaces the day's partition of BIGQUERY_TABLE with the landed CSV (WRITE_TRUNCATE)."""
        try:
            target = warehouse.resolve()
            if target is None:
                raise AirflowSkipException("BIGQUERY_TABLE is not set: no warehouse load")
            result = warehouse.load(target, landed["uri"], _day(context), contract.load_schema())
        except config.ConfigError as err:
            raise AirflowFailException(str(err)) from err
        print(f"loaded {result['rows']} rows into {result['table']} (job {result['job_id']})")
        return result

    @task
    def preprocess(landed: dict[str, Any], **context: Any) -> dict[str, Any]:
        """Runs the Beam/TFDV preprocessing (DATAFLOW_RUNNER) on the landed CSV."""
        try:
            launch = preprocessing.resolve()
            if launch is None:
                raise AirflowSkipException("DATAFLOW_RUNNER is not set: no preprocessing")
            features = launch.features_uri(landed["uri"], _day(context))
            result = preprocessing.run(launch, landed["uri"], features, _day(context))
        except (config.ConfigError, preprocessing.PreprocessingFailed) as err:
            raise AirflowFailException(str(err)) from err
        if "job_id" in result:
            print(f"Dataflow job {result['job_name']} ({result['job_id']}) wrote {result['features']}")
        else:
            print(f"preprocessed {result['rows']} rows into {result['features']}")
        return result

    landed = verify_landing(ingest())
    load_bigquery(landed)
    preprocess(landed)


ingest_daily()
