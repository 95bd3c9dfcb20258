"""Paths and gs:// URIs alike, the way a Vertex AI custom job sees Cloud Storage.

A custom job mounts Cloud Storage at /gcs (Cloud Storage FUSE), and Vertex AI hands the job
gs:// URIs (AIP_MODEL_DIR, the pipeline's artifact URIs). Where /gcs is mounted the URI maps
onto it; elsewhere (a laptop, the tests) the Cloud Storage client reads and writes it, so a
gs:// URI never silently becomes a local folder named "gs:".
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

FUSE_ROOT = Path(os.environ.get("GCS_FUSE_ROOT", "/gcs"))


def split_gs(uri: str) -> tuple[str, str]:
    bucket, _, name = uri[len("gs://"):].partition("/")
    if not bucket:
        raise ValueError(f"{uri!r} is not a gs://BUCKET/PATH URI")
    return bucket, name


def fuse_path(uri: str) -> Path | None:
    if not uri.startswith("gs://") or not FUSE_ROOT.is_dir():
        return None
    bucket, name = split_gs(uri)
    return FUSE_ROOT / bucket / name


def local_copy(uri: str, workdir: Path) -> Path:
    """A local path holding the file at uri (a path, or a gs:// object)."""
    if not uri.startswith("gs://"):
        return Path(uri)
    mounted = fuse_path(uri)
    if mounted is not None:
        return mounted
    from google.cloud import storage

    bucket, name = split_gs(uri)
    target = workdir / Path(name).name
    storage.Client().bucket(bucket).blob(name).download_to_filename(str(target))
    return target


def publish_dir(source: Path, uri: str) -> None:
    """Copies every file of source to the folder uri (a path, or a gs:// prefix)."""
    if not uri.startswith("gs://"):
        shutil.copytree(source, uri, dirs_exist_ok=True)
        return
    mounted = fuse_path(uri)
    if mounted is not None:
        shutil.copytree(source, mounted, dirs_exist_ok=True)
        return
    from google.cloud import storage

    bucket_name, prefix = split_gs(uri)
    bucket = storage.Client().bucket(bucket_name)
    for path in sorted(p for p in source.rglob("*") if p.is_file()):
        name = "/".join(part for part in (prefix.rstrip("/"), path.relative_to(source).as_posix()) if part)
        bucket.blob(name).upload_from_filename(str(path))


def scratch_dir() -> Path:
    return Path(tempfile.mkdtemp(prefix="trainer-"))
