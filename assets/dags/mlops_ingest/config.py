"""Run-time settings of the ingestion DAG.

Each setting is looked up, in order, as a plain environment variable (what the ComposerEnv
construct sets through the environment's env_variables), then as an Airflow Variable of the
same name (set in the UI or CLI, an AIRFLOW_VAR_<NAME> variable, or a secrets backend such as
Secret Manager), then its default. Airflow logs "Variable not found" for each setting left
unset everywhere; that line is harmless.
They are read when a task runs, never at DAG parse time: a Variable read at parse time costs a
metadata-database query on every parse.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Callable, Optional

# The public iris CSV used by seaborn's load_dataset; its columns and values are exactly the
# contract's, and assets/sample-data/iris.csv is byte-identical to it.
DEFAULT_SOURCE_URI = "https://raw.githubusercontent.com/mwaskom/seaborn-data/master/iris.csv"
DEFAULT_OBJECT_PREFIX = "ingest"
DEFAULT_MAX_BYTES = 256 * 1024 * 1024

SHARED_DATA_BUCKET = "PIPELINE_SHARED_DATA_BUCKET"
SOURCE_URI = "INGEST_SOURCE_URI"
OBJECT_PREFIX = "INGEST_OBJECT_PREFIX"
MIN_ROWS = "INGEST_MIN_ROWS"
MAX_ROWS = "INGEST_MAX_ROWS"
MAX_BYTES = "INGEST_MAX_BYTES"

ALL_SETTINGS = (SHARED_DATA_BUCKET, SOURCE_URI, OBJECT_PREFIX, MIN_ROWS, MAX_ROWS, MAX_BYTES)

Lookup = Callable[[str], Optional[str]]


class ConfigError(ValueError):
    """A setting is missing or malformed; retrying cannot help."""


@dataclass(frozen=True)
class IngestConfig:
    bucket: str
    source_uri: str
    object_prefix: str
    min_rows: Optional[int]
    max_rows: Optional[int]
    max_bytes: int

    def object_name(self, day: str) -> str:
        """The one object that holds a day's data: re-running the day overwrites it."""
        return f"{self.object_prefix}/dt={day}/data.csv"


def airflow_variable(name: str) -> Optional[str]:
    from airflow.sdk import Variable

    return Variable.get(name, default=None)


def setting_lookup(variable: Lookup = airflow_variable, environ: Optional[dict] = None) -> Lookup:
    """A setting by name: the environment variable if set and not blank, else the Airflow
    Variable; stripped, and None when neither holds a value. Every DAG task reads its settings
    through this, so they all mean the same by "unset"."""
    environ = os.environ if environ is None else environ

    def get(name: str) -> Optional[str]:
        value = environ.get(name)
        if value is None or str(value).strip() == "":
            value = variable(name)
        if value is None or str(value).strip() == "":
            return None
        return str(value).strip()

    return get


def resolve(variable: Lookup = airflow_variable, environ: Optional[dict] = None) -> IngestConfig:
    get = setting_lookup(variable, environ)

    bucket = get(SHARED_DATA_BUCKET)
    if not bucket:
        raise ConfigError(
            f"{SHARED_DATA_BUCKET} is not set: set the Airflow Variable or the environment "
            "variable of that name to the shared-data bucket name (for example 'acme-dev-shared-data')"
        )
    if bucket.startswith("gs://") or "/" in bucket:
        raise ConfigError(
            f"{SHARED_DATA_BUCKET}={bucket!r} must be a bare bucket name, without gs:// or a path"
        )
    prefix = (get(OBJECT_PREFIX) or DEFAULT_OBJECT_PREFIX).strip("/")
    return IngestConfig(
        bucket=bucket,
        source_uri=get(SOURCE_URI) or DEFAULT_SOURCE_URI,
        object_prefix=prefix,
        min_rows=_int(get, MIN_ROWS),
        max_rows=_int(get, MAX_ROWS),
        max_bytes=_int(get, MAX_BYTES) or DEFAULT_MAX_BYTES,
    )


def _int(get: Callable[[str], Optional[str]], name: str) -> Optional[int]:
    value = get(name)
    if value is None:
        return None
    try:
        number = int(value)
    except ValueError:
        raise ConfigError(f"{name}={value!r} is not an integer") from None
    if number < 0:
        raise ConfigError(f"{name}={value!r} must not be negative")
    return number
