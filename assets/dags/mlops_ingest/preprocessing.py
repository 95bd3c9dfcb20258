"""Launches the Beam preprocessing with TFDV (assets/dataflow) for the day the DAG landed.

The Beam pipeline does not run inside the Airflow worker's interpreter: TFDV pins pandas<2,
pyarrow<11 and tensorflow 2.16, which cannot live beside Airflow's and the providers' pins
(requirements/dataflow.in). The task starts DATAFLOW_PYTHON (an interpreter with
requirements/dataflow.txt installed) as a subprocess, as Airflow's Beam operator does. With
DataflowRunner that process only submits the job and waits: the work runs on Dataflow workers.

Settings (environment variable, else Airflow Variable; the stack sets them):
DATAFLOW_RUNNER (DirectRunner or DataflowRunner; unset: the task is skipped), DATAFLOW_PYTHON
(default: this interpreter), DATAFLOW_PIPELINE_DIR (the folder holding iris_preprocess;
default: the dataflow folder beside the DAGs), FEATURES_LOCATION (default: gs:// of the
shared-data bucket), FEATURES_PREFIX (default features), and for
DataflowRunner: DATAFLOW_PROJECT, DATAFLOW_REGION, DATAFLOW_SERVICE_ACCOUNT,
DATAFLOW_TEMP_LOCATION, DATAFLOW_STAGING_LOCATION, DATAFLOW_KMS_KEY, DATAFLOW_SUBNETWORK.
"""

from __future__ import annotations

import json
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Optional

from .config import ConfigError, airflow_variable, setting_lookup

RUNNERS = ("DirectRunner", "DataflowRunner")
# every one is needed for a job that keeps the platform's promises (CMEK, no public IPs, EU)
DATAFLOW_REQUIRED = {
    "DATAFLOW_PROJECT": "--project",
    "DATAFLOW_REGION": "--region",
    "DATAFLOW_SERVICE_ACCOUNT": "--service_account_email",
    "DATAFLOW_TEMP_LOCATION": "--temp_location",
    "DATAFLOW_STAGING_LOCATION": "--staging_location",
    "DATAFLOW_KMS_KEY": "--dataflow_kms_key",
    "DATAFLOW_SUBNETWORK": "--subnetwork",
}
EXIT_ANOMALIES = 3  # iris_preprocess.pipeline.EXIT_ANOMALIES
EXIT_USAGE = 64  # iris_preprocess.pipeline.EXIT_USAGE
DEFAULT_PIPELINE_DIR = Path(__file__).resolve().parents[2] / "dataflow"


class PreprocessingFailed(Exception):
    """The day's data broke the schema, or the job could not run; retrying cannot help."""


@dataclass(frozen=True)
class Launch:
    runner: str
    python: str
    pipeline_dir: str
    features_prefix: str
    # None: the shared-data bucket the day landed in
    features_location: Optional[str] = None
    beam_args: tuple[str, ...] = field(default=())

    def features_uri(self, landed_uri: str, day: str) -> str:
        base = self.features_location or "gs://" + landed_uri[len("gs://"):].split("/", 1)[0]
        return f"{base}/{self.features_prefix}/dt={day}/data.csv"

    def command(self, input_uri: str, features_uri: str) -> list[str]:
        return [
            self.python, "-m", "iris_preprocess.pipeline",
            "--input", input_uri, "--features_output", features_uri,
            "--runner", self.runner, *self.beam_args,
        ]


def resolve(variable: Callable[[str], Optional[str]] = airflow_variable, environ: Optional[dict] = None) -> Optional[Launch]:
    get = setting_lookup(variable, environ)

    runner = get("DATAFLOW_RUNNER")
    if runner is None:
        return None
    if runner not in RUNNERS:
        raise ConfigError(f"DATAFLOW_RUNNER={runner!r} is not a runner this DAG launches: use one of {list(RUNNERS)}")
    beam_args: list[str] = []
    if runner == "DataflowRunner":
        missing = [name for name in DATAFLOW_REQUIRED if get(name) is None]
        if missing:
            raise ConfigError(
                f"DATAFLOW_RUNNER=DataflowRunner needs {', '.join(missing)}: the stack sets them as "
                "Composer variables (worker account, CMEK key, temp/staging buckets, private subnet)"
            )
        for name, flag in DATAFLOW_REQUIRED.items():
            beam_args += [flag, get(name)]
        # workers get no external IP; the subnet's Private Google Access reaches the APIs
        beam_args += ["--no_use_public_ips", "--setup_file", "./setup.py"]
    return Launch(
        runner=runner,
        python=get("DATAFLOW_PYTHON") or sys.executable,
        pipeline_dir=get("DATAFLOW_PIPELINE_DIR") or str(DEFAULT_PIPELINE_DIR),
        features_prefix=(get("FEATURES_PREFIX") or "features").strip("/"),
        features_location=(get("FEATURES_LOCATION") or "").rstrip("/") or None,
        beam_args=tuple(beam_args),
    )


def run(launch: Launch, input_uri: str, features_uri: str, timeout: float = 3600) -> dict:
    if not Path(launch.pipeline_dir, "iris_preprocess").is_dir():
        raise ConfigError(f"DATAFLOW_PIPELINE_DIR={launch.pipeline_dir!r} holds no iris_preprocess package")
    try:
        done = subprocess.run(
            launch.command(input_uri, features_uri),
            cwd=launch.pipeline_dir, capture_output=True, text=True, timeout=timeout,
        )
    except FileNotFoundError:
        raise ConfigError(f"DATAFLOW_PYTHON={launch.python!r} does not exist: point it at the Beam/TFDV environment's python") from None
    sys.stderr.write(done.stderr[-20000:])
    if done.returncode == EXIT_ANOMALIES:
        report = "\n".join(line for line in done.stderr.splitlines() if line.startswith(("data validation", "  - ")))
        raise PreprocessingFailed(report)
    if done.returncode == EXIT_USAGE:
        raise ConfigError(done.stderr.strip().splitlines()[-1])
    if done.returncode != 0:
        # a failed Dataflow job or a crashed worker: the task's retries take it
        tail = "\n".join(done.stderr.strip().splitlines()[-15:])
        raise RuntimeError(f"preprocessing exited with code {done.returncode}:\n{tail}")
    return json.loads(done.stdout.strip().splitlines()[-1])
