"""Runs the Beam preprocessing with TFDV (assets/dataflow) on the day the DAG landed.

The Beam pipeline never runs in the Airflow worker's interpreter: TFDV pins pandas<2,
pyarrow<11 and tensorflow 2.16, which cannot live beside Airflow's and the providers' pins
(requirements/dataflow.in).

- DataflowRunner (the stacks): the task launches the preprocessing's Dataflow Flex Template
  (DATAFLOW_TEMPLATE, built from assets/containers/dataflow) through the Dataflow API
  (google-cloud-dataflow-client; Airflow's DataflowHook needs the apache-beam provider, which
  cannot be installed beside Airflow's pins either) and polls the job until it ends. The template's image runs the pipeline on the launcher VM and is the workers'
  SDK container (DATAFLOW_IMAGE), so nothing is installed in Composer or on a worker.
- DirectRunner (local, tests): the task starts DATAFLOW_PYTHON (an interpreter with
  requirements/dataflow.txt) as a subprocess, as Airflow's Beam operator does.

Settings (environment variable, else Airflow Variable; the stack sets them):
DATAFLOW_RUNNER (DirectRunner or DataflowRunner; unset: the task is skipped), FEATURES_LOCATION
(default: gs:// of the shared-data bucket), FEATURES_PREFIX (default features); for
DirectRunner DATAFLOW_PYTHON (default: this interpreter) and DATAFLOW_PIPELINE_DIR (the folder
holding iris_preprocess; default: the dataflow folder beside the DAGs); for DataflowRunner every
name in DATAFLOW_REQUIRED, and DATAFLOW_MACHINE_TYPE (default: Dataflow's choice).
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Optional

from .config import ConfigError, airflow_variable, setting_lookup

RUNNERS = ("DirectRunner", "DataflowRunner")
# every one is needed for a job that keeps the platform's promises (CMEK, no public IPs, EU),
# with what it fills in the Flex Template launch
DATAFLOW_REQUIRED = {
    "DATAFLOW_PROJECT": "projectId",
    "DATAFLOW_REGION": "location",
    "DATAFLOW_TEMPLATE": "launchParameter.containerSpecGcsPath",
    "DATAFLOW_IMAGE": "environment.sdkContainerImage",
    "DATAFLOW_SERVICE_ACCOUNT": "environment.serviceAccountEmail",
    "DATAFLOW_TEMP_LOCATION": "environment.tempLocation",
    "DATAFLOW_STAGING_LOCATION": "environment.stagingLocation",
    "DATAFLOW_KMS_KEY": "environment.kmsKeyName",
    "DATAFLOW_SUBNETWORK": "environment.subnetwork",
}
EXIT_ANOMALIES = 3  # iris_preprocess.pipeline.EXIT_ANOMALIES
EXIT_USAGE = 64  # iris_preprocess.pipeline.EXIT_USAGE
DEFAULT_PIPELINE_DIR = Path(__file__).resolve().parents[2] / "dataflow"


class PreprocessingFailed(Exception):
    """The day's data broke the schema, or the job could not run; retrying cannot help."""


class DataflowJobFailed(RuntimeError):
    """The Dataflow job ended other than done: a broken day (the launcher's pipeline exits on
    anomalies), a crashed worker or an outage. The task's retries take it; the message says
    where to look."""


@dataclass(frozen=True)
class FlexTemplate:
    """Where and how a DataflowRunner launch runs, from the DATAFLOW_* settings."""

    project: str
    region: str
    template: str
    image: str
    service_account: str
    temp_location: str
    staging_location: str
    kms_key: str
    subnetwork: str
    machine_type: Optional[str] = None

    def job_name(self, day: str) -> str:
        # Dataflow job names: [a-z]([-a-z0-9]*[a-z0-9])?; re-running a day after its job ended is allowed
        return "iris-preprocess-" + re.sub(r"[^0-9]", "", day)

    def body(self, input_uri: str, features_uri: str, day: str) -> dict:
        """The flexTemplates.launch request body."""
        environment = {
            "serviceAccountEmail": self.service_account,
            "tempLocation": self.temp_location,
            "stagingLocation": self.staging_location,
            "kmsKeyName": self.kms_key,
            "subnetwork": self.subnetwork,
            # the subnet has Private Google Access; workers and the launcher get no public address
            "ipConfiguration": "WORKER_IP_PRIVATE",
            # the template's image holds Beam, TFDV and the package: workers install nothing
            "sdkContainerImage": self.image,
        }
        if self.machine_type:
            environment["machineType"] = self.machine_type
        return {
            "launchParameter": {
                "jobName": self.job_name(day),
                "containerSpecGcsPath": self.template,
                "parameters": {"input": input_uri, "features_output": features_uri},
                "environment": environment,
            }
        }


@dataclass(frozen=True)
class Launch:
    runner: str
    python: str
    pipeline_dir: str
    features_prefix: str
    # None: the shared-data bucket the day landed in
    features_location: Optional[str] = None
    # DataflowRunner: the Flex Template launch
    flex: Optional[FlexTemplate] = None

    def features_uri(self, landed_uri: str, day: str) -> str:
        base = self.features_location or "gs://" + landed_uri[len("gs://"):].split("/", 1)[0]
        return f"{base}/{self.features_prefix}/dt={day}/data.csv"

    def command(self, input_uri: str, features_uri: str) -> list[str]:
        return [
            self.python, "-m", "iris_preprocess.pipeline",
            "--input", input_uri, "--features_output", features_uri,
            "--runner", self.runner,
        ]


def resolve(variable: Callable[[str], Optional[str]] = airflow_variable, environ: Optional[dict] = None) -> Optional[Launch]:
    get = setting_lookup(variable, environ)

    runner = get("DATAFLOW_RUNNER")
    if runner is None:
        return None
    if runner not in RUNNERS:
        raise ConfigError(f"DATAFLOW_RUNNER={runner!r} is not a runner this DAG launches: use one of {list(RUNNERS)}")
    flex = None
    if runner == "DataflowRunner":
        missing = [name for name in DATAFLOW_REQUIRED if get(name) is None]
        if missing:
            raise ConfigError(
                f"DATAFLOW_RUNNER=DataflowRunner needs {', '.join(missing)}: the stack sets them as "
                "Composer variables (Flex Template and its image, worker account, CMEK key, temp/staging buckets, private subnet)"
            )
        template = get("DATAFLOW_TEMPLATE")
        if not re.fullmatch(r"gs://[^/\s]+/\S+\.json", template):
            raise ConfigError(f"DATAFLOW_TEMPLATE={template!r} is not a template spec: set the gs://BUCKET/templates/NAME.json the stack writes")
        flex = FlexTemplate(
            project=get("DATAFLOW_PROJECT"), region=get("DATAFLOW_REGION"), template=template,
            image=get("DATAFLOW_IMAGE"), service_account=get("DATAFLOW_SERVICE_ACCOUNT"),
            temp_location=get("DATAFLOW_TEMP_LOCATION"), staging_location=get("DATAFLOW_STAGING_LOCATION"),
            kms_key=get("DATAFLOW_KMS_KEY"), subnetwork=get("DATAFLOW_SUBNETWORK"),
            machine_type=get("DATAFLOW_MACHINE_TYPE"),
        )
    return Launch(
        runner=runner,
        python=get("DATAFLOW_PYTHON") or sys.executable,
        pipeline_dir=get("DATAFLOW_PIPELINE_DIR") or str(DEFAULT_PIPELINE_DIR),
        features_prefix=(get("FEATURES_PREFIX") or "features").strip("/"),
        features_location=(get("FEATURES_LOCATION") or "").rstrip("/") or None,
        flex=flex,
    )


def run(launch: Launch, input_uri: str, features_uri: str, day: str = "", timeout: float = 3600) -> dict:
    if launch.flex is not None:
        return run_flex(launch.flex, input_uri, features_uri, day)
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


TERMINAL_FAILURES = ("JOB_STATE_FAILED", "JOB_STATE_CANCELLED", "JOB_STATE_DRAINED", "JOB_STATE_UPDATED")


def dataflow_clients():
    """The Dataflow API's launch and jobs clients (the worker's default credentials). Airflow's
    DataflowHook would need the apache-beam provider, and so Beam, beside Airflow's pins."""
    from google.cloud import dataflow_v1beta3 as dataflow

    return dataflow.FlexTemplatesServiceClient(), dataflow.JobsV1Beta3Client()


def run_flex(flex: FlexTemplate, input_uri: str, features_uri: str, day: str, clients=None,
             poll_seconds: float = 15, timeout: float = 3 * 3600) -> dict:
    """Launches the Flex Template and waits until the job is done; a job that ends otherwise
    fails with its state, where its logs are and where the anomalies would be."""
    import time

    from google.cloud import dataflow_v1beta3 as dataflow
    from google.protobuf import json_format

    launcher, jobs = clients or dataflow_clients()
    body = flex.body(input_uri, features_uri, day)
    parameter = dataflow.LaunchFlexTemplateParameter.pb()()
    json_format.ParseDict(body["launchParameter"], parameter)
    response = launcher.launch_flex_template(request=dataflow.LaunchFlexTemplateRequest(
        project_id=flex.project, location=flex.region, launch_parameter=parameter,
    ))
    job = response.job
    logs = f"https://console.cloud.google.com/dataflow/jobs/{flex.region}/{job.id}?project={flex.project}"
    print(f"launched Dataflow job {job.name} ({job.id}) in {flex.region}: {logs}")
    deadline = time.monotonic() + timeout
    while True:
        job = jobs.get_job(request=dataflow.GetJobRequest(
            project_id=flex.project, location=flex.region, job_id=job.id, view=dataflow.JobView.JOB_VIEW_SUMMARY,
        ))
        state = dataflow.JobState(job.current_state).name
        if state == "JOB_STATE_DONE":
            break
        if state in TERMINAL_FAILURES:
            raise DataflowJobFailed(
                f"Dataflow job {job.name} ({job.id}) ended {state}; its logs: {logs}. If the day broke the schema, "
                f"{features_uri.rsplit('/', 1)[0]}/anomalies.pbtxt lists the anomalies."
            )
        if time.monotonic() > deadline:
            raise DataflowJobFailed(f"Dataflow job {job.name} ({job.id}) is still {state} after {timeout:.0f} s; its logs: {logs}")
        time.sleep(poll_seconds)
    return {
        "input": input_uri,
        "features": features_uri,
        "statistics": features_uri.rsplit("/", 1)[0] + "/statistics.pb",
        "job_id": job.id,
        "job_name": job.name,
        "state": state,
    }
