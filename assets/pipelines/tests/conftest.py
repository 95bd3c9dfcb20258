"""Fixtures for the pipeline tests: the pipelines folder on sys.path and kfp.local runs."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import pytest

PIPELINES = Path(__file__).resolve().parents[1]
ASSETS = PIPELINES.parent
SAMPLE_CSV = ASSETS / "sample-data" / "iris.csv"
if str(PIPELINES) not in sys.path:
    sys.path.insert(0, str(PIPELINES))

DEPLOY_ARGS = {
    "project": "acme-ml-dev",
    "location": "europe-west4",
    "endpoint": "projects/acme-ml-dev/locations/europe-west4/endpoints/1234567890",
    "kms_key_name": "projects/acme-kms-dev/locations/europe-west4/keyRings/ml/cryptoKeys/vertex",
    "serving_service_account": "serving@acme-ml-dev.iam.gserviceaccount.com",
}


class LocalRun:
    """Where one kfp.local pipeline run left its artifacts."""

    def __init__(self, root: Path):
        runs = sorted(path for path in root.iterdir() if path.is_dir() and path.name.startswith("end2end-"))
        assert len(runs) == 1, runs
        self.dir = runs[0]

    def ran(self, task: str) -> bool:
        return (self.dir / task / "executor_output.json").exists()

    def json(self, task: str, output: str):
        return json.loads((self.dir / task / output).read_text())

    def executor_output(self, task: str) -> dict:
        return json.loads((self.dir / task / "executor_output.json").read_text())


TRAINER_SOURCE = ASSETS / "containers" / "training"
DATAFLOW_DIR = ASSETS / "dataflow"
# The validate step runs TFDV in the Beam/TFDV venv, as the DAG's preprocess task does
# (scripts/py-test.sh sets DATAFLOW_PYTHON; scripts/dataflow-setup.sh makes the venv).
DATAFLOW_PYTHON = os.environ.get("DATAFLOW_PYTHON") or str(ASSETS.parent / ".venv-dataflow" / "bin" / "python")
# Components called in-process (python_func) import the trainer as the local run's do.
if str(TRAINER_SOURCE) not in sys.path:
    sys.path.append(str(TRAINER_SOURCE))


@pytest.fixture(scope="session")
def validation_cache(tmp_path_factory):
    """One TFDV validation per distinct input for the session (run_validation_locally's cache)."""
    return tmp_path_factory.mktemp("validation-cache")


@pytest.fixture
def run_end2end(tmp_path, monkeypatch, validation_cache):
    """Runs the end2end pipeline (its local variant) with kfp.local's SubprocessRunner in this
    venv, with the training container's code on PYTHONPATH as the local train step needs and
    the Beam/TFDV venv for the validation."""
    from kfp import local

    monkeypatch.setenv("PYTHONPATH", os.pathsep.join(filter(None, [str(TRAINER_SOURCE), os.environ.get("PYTHONPATH")])))
    if not Path(DATAFLOW_PYTHON).exists():
        pytest.fail(f"{DATAFLOW_PYTHON} does not exist: run scripts/dataflow-setup.sh (scripts/py-test.sh does)")
    monkeypatch.setenv("DATAFLOW_PYTHON", DATAFLOW_PYTHON)
    monkeypatch.setenv("DATAFLOW_PIPELINE_DIR", str(DATAFLOW_DIR))
    monkeypatch.setenv("VALIDATION_CACHE_DIR", str(validation_cache))

    def run(data: Path, raise_on_error: bool = True, **params):
        root = tmp_path / "pipeline-root"
        root.mkdir()
        local.init(
            runner=local.SubprocessRunner(use_venv=False),
            pipeline_root=str(root),
            raise_on_error=raise_on_error,
        )
        from pipeline import end2end_local

        end2end_local(data_uri=str(data), **{**DEPLOY_ARGS, "dry_run": True, **params})
        return LocalRun(root)

    return run
