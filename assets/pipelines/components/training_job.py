"""The Vertex AI side of training: the specs of the custom job and the hyperparameter tuning job
that run the platform's training and tuning containers, and the pick of the best trial.

The jobs themselves are Google Cloud Pipeline Components (CustomTrainingJobOp,
HyperparameterTuningJobRunOp). These small components turn the preprocessing step's artifacts
into their arguments: the containers read gs:// URIs through the /gcs mount of a custom job,
and the training container writes the model to AIP_MODEL_DIR, which Vertex AI sets to
<base_output_directory>/model/.
"""

from typing import NamedTuple

from kfp import dsl
from kfp.dsl import Artifact, Dataset, Input, Output

from components.runtime import BASE_IMAGE, DEPLOY_PACKAGES

# The training container's ENTRYPOINT (assets/containers/training/Dockerfile), spelled out in
# the job so the compiled pipeline shows which code trains; a test checks the two agree.
TRAINER_COMMAND = ["python", "-m", "trainer.task"]
TUNER_COMMAND = ["python", "-m", "tuner.task"]


@dsl.component(base_image=BASE_IMAGE)
def training_job_spec(
    train_data: Input[Dataset],
    scaler: Input[Artifact],
    schema_json: str,
    model_type: str,
    seed: int,
    hyperparameters: str,
    training_image: str,
    machine_type: str,
    job_dir: Output[Artifact],
) -> NamedTuple("TrainingJobSpec", [("worker_pool_specs", list), ("base_output_directory", str),
                                     ("model_uri", str)]):
    import json
    from collections import namedtuple

    problems = []
    if not training_image:
        problems.append("training_image is empty: set it to the training container's image "
                        "(<region>-docker.pkg.dev/<project>/<repository>/training:<content tag>)")
    try:
        json.loads(hyperparameters or "{}")
    except json.JSONDecodeError as err:
        problems.append(f"hyperparameters={hyperparameters!r} is not JSON: {err.msg}")
    if problems:
        raise ValueError("training job parameters are invalid:\n  - " + "\n  - ".join(problems))
    label = json.loads(schema_json)["label"]
    spec = [{
        "machine_spec": {"machine_type": machine_type},
        "replica_count": 1,
        "container_spec": {
            "image_uri": training_image,
            "command": ["python", "-m", "trainer.task"],
            "args": ["--train-data", train_data.uri, "--scaler", scaler.uri, "--label", label,
                     "--model-type", model_type, "--seed", str(seed),
                     "--hyperparameters", hyperparameters or "{}"],
        },
    }]
    # job_dir is only a place: KFP allocates its URI under the pipeline root, the job writes there.
    base = job_dir.uri.rstrip("/")
    job_dir.metadata["worker_pool_specs"] = spec
    return namedtuple("TrainingJobSpec", ["worker_pool_specs", "base_output_directory", "model_uri"])(
        spec, base, base + "/model"
    )


@dsl.component(base_image=BASE_IMAGE)
def tuning_job_spec(
    train_data: Input[Dataset],
    scaler: Input[Artifact],
    schema_json: str,
    model_type: str,
    seed: int,
    tuning_image: str,
    machine_type: str,
    job_dir: Output[Artifact],
) -> NamedTuple("TuningJobSpec", [("worker_pool_specs", list), ("base_output_directory", str)]):
    import json
    from collections import namedtuple

    if not tuning_image:
        raise ValueError("tuning parameters are invalid:\n  - tuning_image is empty: set it to the tuning "
                         "container's image (<region>-docker.pkg.dev/<project>/<repository>/tuning:<content tag>)")
    label = json.loads(schema_json)["label"]
    spec = [{
        "machine_spec": {"machine_type": machine_type},
        "replica_count": 1,
        "container_spec": {
            "image_uri": tuning_image,
            "command": ["python", "-m", "tuner.task"],
            "args": ["--train-data", train_data.uri, "--scaler", scaler.uri, "--label", label,
                     "--model-type", model_type, "--seed", str(seed), "--metric-id", "accuracy"],
        },
    }]
    job_dir.metadata["worker_pool_specs"] = spec
    return namedtuple("TuningJobSpec", ["worker_pool_specs", "base_output_directory"])(spec, job_dir.uri.rstrip("/"))


@dsl.component(base_image=BASE_IMAGE, packages_to_install=DEPLOY_PACKAGES)
def best_trial_hyperparameters(gcp_resources: str, metric_id: str) -> str:
    """The best trial's parameter values, as the JSON object the training container takes."""
    import json

    from google.cloud import aiplatform

    resources = json.loads(gcp_resources)["resources"]
    name = next(r["resourceUri"].split("v1/")[-1] for r in resources if r["resourceType"] == "HyperparameterTuningJob")
    job = aiplatform.HyperparameterTuningJob.get(resource_name=name)
    scored = [
        (next(m.value for m in t.final_measurement.metrics if m.metric_id == metric_id), t)
        for t in job.trials if t.final_measurement and t.final_measurement.metrics
    ]
    if not scored:
        raise RuntimeError(f"tuning job {name} has no trial that reported {metric_id!r}")
    _, best = max(scored, key=lambda pair: pair[0])
    values = {p.parameter_id: p.value for p in best.parameters}
    # Integer parameters come back as floats (10.0); the trainer converts by its declared types.
    return json.dumps(values, sort_keys=True)


@dsl.component(base_image=BASE_IMAGE)
def pass_hyperparameters(hyperparameters: str) -> str:
    """Without tuning the final model trains with the pipeline's own hyperparameters."""
    return hyperparameters or "{}"
