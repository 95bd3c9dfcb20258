"""Data validation with TensorFlow Data Validation: the daily preprocessing's own code and schema.

The statistics and the schema check are iris_preprocess.validate (assets/dataflow), which calls
the functions the ingestion DAG's preprocessing runs, against the same committed schema
(assets/dataflow/schema/iris.schema.pbtxt). TFDV cannot live in the pipeline's Python
environment (requirements/dataflow.in says what conflicts), so the module runs in an
interpreter of its own:
  - on Vertex AI, as a custom job on the validation image (assets/containers/validation, built
    from requirements/dataflow.txt), whose spec validation_job_spec builds;
  - locally (kfp.local), in the Beam/TFDV venv: run_validation_locally starts DATAFLOW_PYTHON
    -m iris_preprocess.validate from DATAFLOW_PIPELINE_DIR, as the DAG's preprocess task does.
Both write statistics.pb and report.json into one folder; validate_data reads the report and
fails the run with every anomaly named, so no model is trained on drifted data.
"""

from typing import NamedTuple

from kfp import dsl
from kfp.dsl import Artifact, Dataset, Input, Output

from components.runtime import BASE_IMAGE

# The validation image's ENTRYPOINT (assets/containers/validation/Dockerfile); a test checks
# the two agree.
VALIDATION_COMMAND = ["python", "-m", "iris_preprocess.validate"]


@dsl.component(base_image=BASE_IMAGE)
def validation_job_spec(
    data: Input[Dataset],
    validation_image: str,
    machine_type: str,
    job_dir: Output[Artifact],
) -> NamedTuple("ValidationJobSpec", [("worker_pool_specs", list), ("base_output_directory", str)]):
    from collections import namedtuple

    if not validation_image:
        raise ValueError("validation parameters are invalid:\n  - validation_image is empty: set it to the "
                         "validation container's image (<region>-docker.pkg.dev/<project>/<repository>/"
                         "validation:<content tag>)")
    base = job_dir.uri.rstrip("/")
    spec = [{
        "machine_spec": {"machine_type": machine_type},
        "replica_count": 1,
        "container_spec": {
            "image_uri": validation_image,
            "command": ["python", "-m", "iris_preprocess.validate"],
            # the report, not the exit code, carries the anomalies: validate_data fails with it
            "args": ["--input", data.uri, "--output_dir", base, "--report_only"],
        },
    }]
    job_dir.metadata["worker_pool_specs"] = spec
    return namedtuple("ValidationJobSpec", ["worker_pool_specs", "base_output_directory"])(spec, base)


@dsl.component(base_image=BASE_IMAGE)
def run_validation_locally(data: Input[Dataset], job_dir: Output[Artifact]):
    """The local run's stand-in for the validation job: the same module, in the Beam/TFDV venv.

    With VALIDATION_CACHE_DIR set, a run whose inputs are byte for byte those of an earlier one
    (the data file's path and content, the validation package and schema sources, the
    interpreter and the distributions installed in its venv) reuses that run's folder instead of starting TFDV again, as Vertex AI's
    execution cache reuses a step whose inputs did not change. The tests set it per session."""
    import glob
    import hashlib
    import os
    import shutil
    import subprocess

    python = os.environ.get("DATAFLOW_PYTHON")
    source = os.environ.get("DATAFLOW_PIPELINE_DIR")
    if not python or not os.path.exists(python):
        raise RuntimeError(f"DATAFLOW_PYTHON={python!r} is not an interpreter: point it at the Beam/TFDV venv's "
                           "python (scripts/dataflow-setup.sh makes .venv-dataflow)")
    if not source or not os.path.isdir(os.path.join(source, "iris_preprocess")):
        raise RuntimeError(f"DATAFLOW_PIPELINE_DIR={source!r} holds no iris_preprocess package: point it at "
                           "assets/dataflow")
    cached = None
    cache_root = os.environ.get("VALIDATION_CACHE_DIR")
    if cache_root:
        key = hashlib.sha256()
        inputs = [data.path] + sorted(glob.glob(os.path.join(source, "iris_preprocess", "*.py"))
                                      + glob.glob(os.path.join(source, "schema", "*")))
        for path in inputs:
            with open(path, "rb") as handle:
                key.update(os.path.abspath(path).encode() + b"\0" + hashlib.sha256(handle.read()).digest())
        # the interpreter and what is installed beside it (its venv's distributions and versions)
        key.update(os.path.abspath(python).encode())
        venv = os.path.dirname(os.path.dirname(os.path.abspath(python)))
        for dist in sorted(glob.glob(os.path.join(venv, "lib", "python*", "site-packages", "*.dist-info"))):
            key.update(os.path.basename(dist).encode() + b"\0")
        cached = os.path.join(cache_root, key.hexdigest())
        if os.path.isdir(cached):
            shutil.copytree(cached, job_dir.path, dirs_exist_ok=True)
            print(f"validation: the inputs are those of an earlier run; reusing its results ({cached})")
            return
    done = subprocess.run(
        [python, "-m", "iris_preprocess.validate", "--input", data.path, "--output_dir", job_dir.path,
         "--report_only", "--runner", "DirectRunner"],
        cwd=source, capture_output=True, text=True,
    )
    if done.returncode != 0:
        tail = "\n".join(done.stderr.strip().splitlines()[-15:])
        raise RuntimeError(f"iris_preprocess.validate exited with code {done.returncode}:\n{tail}")
    if cached:
        staging = f"{cached}.{os.getpid()}.tmp"
        shutil.copytree(job_dir.path, staging)
        try:
            os.rename(staging, cached)
        except OSError:  # another run stored the same inputs first
            shutil.rmtree(staging, ignore_errors=True)


@dsl.component(base_image=BASE_IMAGE)
def validate_data(
    data: Input[Dataset],
    job_dir: Input[Artifact],
    statistics: Output[Artifact],
    validated: Output[Dataset],
) -> int:
    """Returns the row count; raises ValueError listing every anomaly TFDV found."""
    import json
    import os
    import shutil

    report_path = os.path.join(job_dir.path, "report.json")
    if not os.path.isfile(report_path):
        raise RuntimeError(f"the validation wrote no report at {job_dir.uri}/report.json: see its logs")
    with open(report_path, encoding="utf-8") as handle:
        report = json.load(handle)
    with open(statistics.path, "w", encoding="utf-8") as handle:
        json.dump(report, handle, indent=2, sort_keys=True)
    anomalies = report["anomalies"]
    statistics.metadata.update({"rows": report["rows"], "anomalies": len(anomalies),
                                "tfdv_statistics": job_dir.uri.rstrip("/") + "/statistics.pb"})
    if anomalies:
        raise ValueError(
            f"data validation failed for {data.uri} ({len(anomalies)} anomalies, schema {report['schema']}):\n  - "
            + "\n  - ".join(anomalies)
        )
    shutil.copyfile(data.path, validated.path)
    validated.metadata.update({"rows": report["rows"], "schema": report["schema"]})
    return report["rows"]
