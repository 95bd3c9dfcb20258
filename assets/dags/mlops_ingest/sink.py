"""Writes the checked CSV into the shared-data bucket and reads back what landed.

One object per day: the name depends only on the logical date, so re-running a day replaces
the object (a GCS upload is atomic: readers see the old or the new object, never a partial
one) and never adds a second one. Each upload finalizes an object, which fires the pipeline
trigger once more; that is what a re-run is for.

The client is google-cloud-storage with Application Default Credentials (the Composer
environment's service account). STORAGE_EMULATOR_HOST points it at fake-gcs-server in tests.
"""

from __future__ import annotations

import hashlib
from typing import Any

from .contract import CheckedCsv


class LandingFailed(Exception):
    """A failure that a retry cannot mend: a missing or forbidden bucket, or a day's folder that
    does not hold what this run wrote. The DAG fails the run at once on it."""


def sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def publish(bucket: str, object_name: str, checked: CheckedCsv, labels: dict[str, str]) -> dict[str, Any]:
    from google.api_core import exceptions
    from google.cloud import storage
    from google.cloud.storage.exceptions import InvalidResponse

    blob = storage.Client().bucket(bucket).blob(object_name)
    blob.metadata = {
        **labels,
        "rows": str(checked.rows),
        "sha256": sha256(checked.csv_text),
    }
    try:
        blob.upload_from_string(checked.csv_text.encode("utf-8"), content_type="text/csv")
    except (exceptions.GoogleAPICallError, InvalidResponse) as err:
        # Uploads report HTTP errors as api_core exceptions or, for media uploads, InvalidResponse.
        status = getattr(err, "code", None) or getattr(getattr(err, "response", None), "status_code", None)
        if status == 404:
            raise LandingFailed(
                f"bucket {bucket!r} does not exist: check PIPELINE_SHARED_DATA_BUCKET "
                "(the platform's shared-data bucket name, without gs://)"
            ) from err
        if status == 403:
            raise LandingFailed(
                f"not allowed to write gs://{bucket}/{object_name}: grant the Composer worker "
                "account roles/storage.objectUser on the bucket"
            ) from err
        raise
    return {
        "uri": f"gs://{bucket}/{object_name}",
        "rows": checked.rows,
        "sha256": sha256(checked.csv_text),
        "generation": blob.generation,
    }


def verify(bucket: str, object_name: str, expected_sha256: str) -> dict[str, Any]:
    """Re-reads the day's folder: exactly one object, and it is the one just written."""
    from google.cloud import storage

    client = storage.Client()
    folder = object_name.rsplit("/", 1)[0] + "/"
    names = sorted(blob.name for blob in client.list_blobs(bucket, prefix=folder))
    if names != [object_name]:
        raise LandingFailed(
            f"gs://{bucket}/{folder} should hold exactly {object_name!r}, found {names}"
        )
    text = client.bucket(bucket).blob(object_name).download_as_text()
    if sha256(text) != expected_sha256:
        raise LandingFailed(
            f"gs://{bucket}/{object_name} changed after it was written (sha256 {sha256(text)}, "
            f"expected {expected_sha256}): another run of the same day may have overwritten it"
        )
    return {"uri": f"gs://{bucket}/{object_name}", "rows": text.count("\n") - 1}
