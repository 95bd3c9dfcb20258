"""The end2end Vertex AI pipeline: validate -> preprocess -> train -> evaluate -> deploy.

Deployment runs only inside dsl.If(accuracy > accuracy_threshold). The data contract the
validation step enforces is the ingestion DAG's (assets/dags/mlops_ingest/iris.schema.json),
embedded at compile time as the default of the schema_json parameter: the DAG and the
pipeline cannot disagree about the CSV without the compiled JSON changing.

data_uri is the CSV the DAG wrote (gs://SHARED_DATA_BUCKET/ingest/dt=YYYY-MM-DD/data.csv); the
pipeline-trigger function passes it from the object-finalized event. Locally it can be a path.
"""

import json
from pathlib import Path

from kfp import dsl

from components.deploy import deploy
from components.evaluate import evaluate
from components.preprocess import preprocess
from components.train import train
from components.validate_data import validate_data

PIPELINE_NAME = "end2end"
SCHEMA_FILE = Path(__file__).resolve().parents[1] / "dags" / "mlops_ingest" / "iris.schema.json"
SCHEMA_JSON = json.dumps(json.loads(SCHEMA_FILE.read_text(encoding="utf-8")), sort_keys=True)

# Vertex AI's prebuilt scikit-learn serving image, EU repository. It unpickles the model, so
# its scikit-learn minor version must be the training step's (components/runtime.py).
DEFAULT_SERVING_IMAGE = "europe-docker.pkg.dev/vertex-ai/prediction/sklearn-cpu.1-6:latest"


@dsl.pipeline(
    name=PIPELINE_NAME,
    description="Validate, preprocess, train and evaluate an iris classifier; deploy it when accurate enough.",
)
def end2end(
    data_uri: str,
    project: str,
    endpoint: str,
    kms_key_name: str,
    serving_service_account: str,
    location: str = "europe-west4",
    accuracy_threshold: float = 0.9,
    serving_container_image: str = DEFAULT_SERVING_IMAGE,
    model_display_name: str = "iris-classifier",
    parent_model: str = "",
    machine_type: str = "n1-standard-2",
    min_replicas: int = 1,
    max_replicas: int = 2,
    model_type: str = "logistic_regression",
    test_fraction: float = 0.2,
    seed: int = 42,
    dry_run: bool = False,
    schema_json: str = SCHEMA_JSON,
):
    source = dsl.importer(artifact_uri=data_uri, artifact_class=dsl.Dataset, reimport=False)
    source.set_display_name("import-csv")

    validation = validate_data(data=source.output, schema_json=schema_json)
    validation.set_display_name("validate-data")

    split = preprocess(
        data=validation.outputs["validated"],
        schema_json=schema_json,
        test_fraction=test_fraction,
        seed=seed,
    )
    training = train(
        train_data=split.outputs["train_data"],
        scaler=split.outputs["scaler"],
        schema_json=schema_json,
        model_type=model_type,
        seed=seed,
    )
    evaluation = evaluate(
        test_data=split.outputs["test_data"],
        model=training.outputs["model"],
        schema_json=schema_json,
    )

    # No step may come from Vertex AI's execution cache. A re-run of a day rewrites the same
    # data_uri, and the importer (reimport=False) hands on the same artifact, so every step
    # would be a cache hit: the new CSV would be neither validated nor trained on, and deploy,
    # which acts on the endpoint, would be skipped.
    for task in (source, validation, split, training, evaluation):
        task.set_caching_options(False)

    with dsl.If(evaluation.outputs["Output"] > accuracy_threshold, name="accuracy-above-threshold"):
        deploy(
            model=training.outputs["model"],
            project=project,
            location=location,
            endpoint=endpoint,
            kms_key_name=kms_key_name,
            serving_service_account=serving_service_account,
            serving_container_image=serving_container_image,
            model_display_name=model_display_name,
            parent_model=parent_model,
            machine_type=machine_type,
            min_replicas=min_replicas,
            max_replicas=max_replicas,
            dry_run=dry_run,
        ).set_display_name("deploy-model").set_caching_options(False)
