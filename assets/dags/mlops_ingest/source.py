"""Reads the raw source file from https://, http://, gs:// or file:// URIs.

Errors are split in two: SourceUnavailable (a 404, a missing object, a bad URI: retrying
cannot help, so the task fails at once) and any other exception (a timeout, a refused
connection, a 503: the task's retries with exponential backoff take it).
"""

from __future__ import annotations

import urllib.parse
import urllib.request
from pathlib import Path

HTTP_TIMEOUT_SECONDS = 60
_PERMANENT_HTTP_STATUS = {400, 401, 403, 404, 405, 410, 451}


class SourceUnavailable(RuntimeError):
    """The source cannot be read and retrying will not change that."""


def fetch(uri: str, max_bytes: int) -> bytes:
    scheme = urllib.parse.urlsplit(uri).scheme
    if scheme in ("http", "https"):
        data = _fetch_http(uri, max_bytes)
    elif scheme == "gs":
        data = _fetch_gcs(uri, max_bytes)
    elif scheme == "file":
        data = _fetch_file(uri, max_bytes)
    else:
        raise SourceUnavailable(
            f"source {uri!r} has unsupported scheme {scheme!r}: use https://, gs:// or file://"
        )
    if len(data) > max_bytes:
        raise SourceUnavailable(f"source {uri} is larger than INGEST_MAX_BYTES={max_bytes}")
    return data


def _fetch_http(uri: str, max_bytes: int) -> bytes:
    import requests

    try:
        response = requests.get(uri, timeout=HTTP_TIMEOUT_SECONDS, stream=True)
    except requests.exceptions.InvalidURL as err:
        raise SourceUnavailable(f"source {uri} is not a valid URL: {err}") from None
    with response:
        if response.status_code in _PERMANENT_HTTP_STATUS:
            raise SourceUnavailable(f"source {uri} answered HTTP {response.status_code} {response.reason}")
        response.raise_for_status()  # 5xx and the like: transient, retried
        chunks = []
        size = 0
        for chunk in response.iter_content(chunk_size=1 << 16):
            size += len(chunk)
            if size > max_bytes:
                raise SourceUnavailable(f"source {uri} is larger than INGEST_MAX_BYTES={max_bytes}")
            chunks.append(chunk)
        return b"".join(chunks)


def _fetch_gcs(uri: str, max_bytes: int) -> bytes:
    from google.api_core.exceptions import Forbidden, NotFound
    from google.cloud import storage

    parts = urllib.parse.urlsplit(uri)
    name = parts.path.lstrip("/")
    if not parts.netloc or not name:
        raise SourceUnavailable(f"source {uri!r} must look like gs://BUCKET/OBJECT")
    blob = storage.Client().bucket(parts.netloc).blob(name)
    try:
        blob.reload()
        if blob.size is not None and blob.size > max_bytes:
            raise SourceUnavailable(f"source {uri} is larger than INGEST_MAX_BYTES={max_bytes}")
        return blob.download_as_bytes()
    except NotFound:
        raise SourceUnavailable(f"source {uri} does not exist") from None
    except Forbidden as err:
        raise SourceUnavailable(f"source {uri} is not readable by this environment: {err.message}") from None


def _fetch_file(uri: str, max_bytes: int) -> bytes:
    path = Path(urllib.request.url2pathname(urllib.parse.urlsplit(uri).path))
    if not path.is_file():
        raise SourceUnavailable(f"source {uri} does not exist")
    if path.stat().st_size > max_bytes:
        raise SourceUnavailable(f"source {uri} is larger than INGEST_MAX_BYTES={max_bytes}")
    return path.read_bytes()
