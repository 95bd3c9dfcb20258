"""Fixtures for the DAG tests: a throw-away Airflow home with a SQLite metadata database,
fake-gcs-server on loopback, and a small HTTP server for sources.

Airflow reads its configuration when it is first imported, so the environment is set here,
at conftest import, before any test module imports airflow.
"""

from __future__ import annotations

import atexit
import http.server
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
import uuid
from pathlib import Path

import pytest

DAGS_FOLDER = Path(__file__).resolve().parents[1]
REPO_ROOT = DAGS_FOLDER.parents[1]
SAMPLE_CSV = REPO_ROOT / "assets" / "sample-data" / "iris.csv"

_AIRFLOW_HOME = tempfile.mkdtemp(prefix="airflow-home-")
atexit.register(shutil.rmtree, _AIRFLOW_HOME, ignore_errors=True)
os.environ.update(
    {
        "AIRFLOW_HOME": _AIRFLOW_HOME,
        "AIRFLOW__CORE__DAGS_FOLDER": str(DAGS_FOLDER),
        "AIRFLOW__CORE__LOAD_EXAMPLES": "False",
        "AIRFLOW__DATABASE__SQL_ALCHEMY_CONN": f"sqlite:///{_AIRFLOW_HOME}/airflow.db",
        "AIRFLOW__CORE__EXECUTOR": "LocalExecutor",
        # no telemetry, no network from Airflow itself
        "SCARF_ANALYTICS": "false",
        "AIRFLOW__USAGE_DATA_COLLECTION__ENABLED": "False",
    }
)
for leaked in ("STORAGE_EMULATOR_HOST", "GOOGLE_APPLICATION_CREDENTIALS"):
    os.environ.pop(leaked, None)
if str(DAGS_FOLDER) not in sys.path:
    sys.path.insert(0, str(DAGS_FOLDER))


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="session")
def airflow_db():
    """A migrated SQLite metadata database in the temporary AIRFLOW_HOME."""
    from airflow.utils import db

    db.resetdb()
    yield Path(_AIRFLOW_HOME) / "airflow.db"
    shutil.rmtree(_AIRFLOW_HOME, ignore_errors=True)


@pytest.fixture(scope="session")
def execution_api(airflow_db):
    """One Task Execution API for the whole session. dag.test() runs every task in this process
    through Airflow's Task Execution API and builds that FastAPI app anew for each task (about
    1 s of CPU a task: most of a run's cost). A deployment builds it once per API server, and so
    do these tests: the same app, with the same per-run DAG bag override Airflow sets."""
    from airflow.sdk.execution_time import supervisor

    build = supervisor.in_process_api_server
    api = build()
    supervisor.in_process_api_server = lambda: api
    try:
        yield api
    finally:
        supervisor.in_process_api_server = build


def _fake_gcs_binary() -> str:
    explicit = os.environ.get("FAKE_GCS_SERVER_BIN")
    if explicit:
        return explicit
    built = subprocess.run(
        [str(REPO_ROOT / "scripts" / "fake-gcs.sh")], check=True, capture_output=True, text=True
    )
    return built.stdout.strip().splitlines()[-1]


@pytest.fixture(scope="session")
def fake_gcs():
    """fake-gcs-server on 127.0.0.1 (in-memory), with STORAGE_EMULATOR_HOST pointing at it."""
    port = free_port()
    endpoint = f"http://127.0.0.1:{port}"
    log = tempfile.TemporaryFile()
    process = subprocess.Popen(
        [_fake_gcs_binary(), "-backend", "memory", "-scheme", "http", "-host", "127.0.0.1",
         "-port", str(port), "-public-host", f"127.0.0.1:{port}", "-log-level", "warn"],
        stdout=log,
        stderr=subprocess.STDOUT,
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
    previous = os.environ.get("STORAGE_EMULATOR_HOST")
    os.environ["STORAGE_EMULATOR_HOST"] = endpoint
    try:
        yield endpoint
    finally:
        if previous is None:
            os.environ.pop("STORAGE_EMULATOR_HOST", None)
        else:
            os.environ["STORAGE_EMULATOR_HOST"] = previous
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        log.close()


@pytest.fixture
def gcs(fake_gcs):
    from google.cloud import storage

    return storage.Client()


@pytest.fixture
def shared_bucket(gcs, monkeypatch):
    """A fresh, empty shared-data bucket, named by PIPELINE_SHARED_DATA_BUCKET."""
    name = f"shared-data-{uuid.uuid4().hex[:12]}"
    gcs.create_bucket(name)
    monkeypatch.setenv("PIPELINE_SHARED_DATA_BUCKET", name)
    return name


class _Routes(http.server.BaseHTTPRequestHandler):
    routes: dict[str, tuple[int, bytes]] = {}

    def do_GET(self):  # noqa: N802 (http.server API)
        status, body = self.routes.get(self.path, (404, b"not found"))
        self.send_response(status)
        self.send_header("Content-Type", "text/csv")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture
def http_source():
    """An HTTP server on 127.0.0.1: serve(path, body, status=200) returns the URL."""
    handler = type("Routes", (_Routes,), {"routes": {}})
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()

    def serve(path: str, body: bytes, status: int = 200) -> str:
        handler.routes[path] = (status, body)
        return f"http://127.0.0.1:{server.server_address[1]}{path}"

    serve.base = f"http://127.0.0.1:{server.server_address[1]}"
    try:
        yield serve
    finally:
        server.shutdown()
        server.server_close()


class _Metadata(http.server.BaseHTTPRequestHandler):
    """The few paths of the Compute Engine metadata server that google-auth reads for a
    worker's default credentials: the detection ping, the project id, the account and its token."""

    ANSWERS = {
        "/": ("text/plain", b""),
        "/computeMetadata/v1/project/project-id": ("text/plain", b"acme-ml-dev"),
        "/computeMetadata/v1/universe/universe-domain": ("text/plain", b"googleapis.com"),
        "/computeMetadata/v1/instance/service-accounts/default/": (
            "application/json",
            b'{"email": "dataflow@acme-ml-dev.iam.gserviceaccount.com", "aliases": ["default"],'
            b' "scopes": ["https://www.googleapis.com/auth/cloud-platform"]}',
        ),
        "/computeMetadata/v1/instance/service-accounts/default/token": (
            "application/json",
            b'{"access_token": "loopback-token", "expires_in": 3600, "token_type": "Bearer"}',
        ),
    }

    requests: list[str] = []

    def do_GET(self):  # noqa: N802 (http.server API)
        self.requests.append(self.path.split("?", 1)[0])
        answer = self.ANSWERS.get(self.path.split("?", 1)[0])
        if self.headers.get("Metadata-Flavor") != "Google" or answer is None:
            self.send_response(404 if answer is None else 403)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        content_type, body = answer
        self.send_response(200)
        self.send_header("Metadata-Flavor", "Google")
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


class _MetadataEnvironment(dict):
    def __init__(self, environment: dict, requests: list):
        super().__init__(environment)
        self.requests = requests


@pytest.fixture(scope="session")
def metadata_server():
    """A Compute Engine metadata server on 127.0.0.1, for processes that look up default
    credentials the way a Composer or Dataflow worker does. Without one, Beam's GCS client retries
    the lookup with exponential backoff (about 30 s of sleeping) before it goes on anonymously.
    Yields the environment that points google-auth at it; `.requests` lists the paths asked."""
    handler = type("Metadata", (_Metadata,), {"requests": []})
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    address = f"127.0.0.1:{server.server_address[1]}"
    try:
        yield _MetadataEnvironment({"GCE_METADATA_HOST": address, "GCE_METADATA_IP": address}, handler.requests)
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture
def closed_port() -> int:
    """A loopback port nothing listens on (connections are refused)."""
    return free_port()


@pytest.fixture
def sample_csv() -> bytes:
    return SAMPLE_CSV.read_bytes()
