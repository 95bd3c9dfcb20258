"""Helpers and fixtures of the container tests (conftest.py re-exports the fixtures): each
container's entrypoint runs as a local process with
only its own image's code on PYTHONPATH (what its Dockerfile copies), on the sample data the
pipeline's preprocessing step splits; fake-gcs-server on loopback plays Cloud Storage."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

import pytest

CONTAINERS = Path(__file__).resolve().parents[1]
ASSETS = CONTAINERS.parent
REPO_ROOT = ASSETS.parent
SAMPLE_CSV = ASSETS / "sample-data" / "iris.csv"
PIPELINES = ASSETS / "pipelines"

# What each Dockerfile copies into /app, relative to the build context (assets/containers).
IMAGE_CODE = {
    "training": ["training"],
    "tuning": ["training", "tuning"],
    "prediction": ["prediction"],
}

for path in (PIPELINES, CONTAINERS / "training", CONTAINERS / "tuning", CONTAINERS / "prediction",
             Path(__file__).resolve().parent):
    if str(path) not in sys.path:
        sys.path.insert(0, str(path))


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def image_env(image: str, **extra: str) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("AIP_", "CLOUD_ML_"))}
    env["PYTHONPATH"] = os.pathsep.join(str(CONTAINERS / part) for part in IMAGE_CODE[image])
    env.update(extra)
    return env


def run_entrypoint(image: str, module: str, args: list[str], **env: str) -> subprocess.CompletedProcess:
    """Runs an image's ENTRYPOINT module as a process, as the container would."""
    return subprocess.run(
        [sys.executable, "-m", module, *args], env=image_env(image, **env), capture_output=True, text=True,
        timeout=300,
    )


@pytest.fixture(scope="session")
def split(tmp_path_factory):
    """The pipeline's own preprocessing step on the sample data: train/test CSVs and the scaler."""
    from kfp import dsl

    from components.preprocess import preprocess
    from pipeline import SCHEMA_JSON

    out = tmp_path_factory.mktemp("split")
    preprocess.python_func(
        data=dsl.Dataset(uri=str(SAMPLE_CSV)),
        schema_json=SCHEMA_JSON,
        test_fraction=0.2,
        seed=42,
        train_data=dsl.Dataset(uri=str(out / "train.csv")),
        test_data=dsl.Dataset(uri=str(out / "test.csv")),
        scaler=dsl.Artifact(uri=str(out / "scaler.joblib")),
    )
    return out


@pytest.fixture(scope="session")
def trained_model(split, tmp_path_factory) -> Path:
    """The model the training container writes to AIP_MODEL_DIR for the pipeline's split."""
    model_dir = tmp_path_factory.mktemp("aip-model-dir") / "model"
    done = run_entrypoint(
        "training", "trainer.task",
        ["--train-data", str(split / "train.csv"), "--scaler", str(split / "scaler.joblib")],
        AIP_MODEL_DIR=str(model_dir),
    )
    assert done.returncode == 0, done.stderr
    return model_dir


def _fake_gcs_binary() -> str:
    explicit = os.environ.get("FAKE_GCS_SERVER_BIN")
    if explicit:
        return explicit
    built = subprocess.run([str(REPO_ROOT / "scripts" / "fake-gcs.sh")], check=True, capture_output=True, text=True)
    return built.stdout.strip().splitlines()[-1]


@pytest.fixture(scope="session")
def fake_gcs():
    """fake-gcs-server on 127.0.0.1 (in memory); returns the STORAGE_EMULATOR_HOST value."""
    port = free_port()
    endpoint = f"http://127.0.0.1:{port}"
    log = tempfile.TemporaryFile()
    process = subprocess.Popen(
        [_fake_gcs_binary(), "-backend", "memory", "-scheme", "http", "-host", "127.0.0.1",
         "-port", str(port), "-public-host", f"127.0.0.1:{port}", "-log-level", "warn"],
        stdout=log, stderr=subprocess.STDOUT,
    )
    deadline = time.monotonic() + 30
    while True:
        try:
            with urllib.request.urlopen(f"{endpoint}/storage/v1/b", timeout=1) as response:
                if response.status == 200:
                    break
        except OSError:
            pass
        if process.poll() is not None or time.monotonic() > deadline:
            process.kill()
            log.seek(0)
            raise RuntimeError(f"fake-gcs-server did not start on {endpoint}: {log.read().decode()}")
        time.sleep(0.1)
    try:
        yield endpoint
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        log.close()


@pytest.fixture
def gcs_bucket(fake_gcs, monkeypatch):
    """A fresh bucket on fake-gcs-server, with this process's client pointed at it."""
    import uuid

    from google.auth.credentials import AnonymousCredentials
    from google.cloud import storage

    monkeypatch.setenv("STORAGE_EMULATOR_HOST", fake_gcs)
    client = storage.Client(project="test", credentials=AnonymousCredentials())
    return client.create_bucket(f"models-{uuid.uuid4().hex[:12]}")
