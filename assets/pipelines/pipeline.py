"""The end2end Vertex AI pipeline: [read a Vertex AI dataset] -> validate (TFDV) -> preprocess
-> [tune] -> train -> evaluate -> validate the model -> deploy -> [monitor] -> record the run.

The data validation is TensorFlow Data Validation with the daily preprocessing's own module and
schema (assets/dataflow: iris_preprocess.validate, schema/iris.schema.pbtxt), run as a Vertex AI
custom job on the validation image (components/validate_data.py). Training runs as a Vertex AI
custom job on the platform's training container (Google Cloud Pipeline Components), with the
CMEK key, the pipeline's service account and a folder under the pipeline root; with
enable_tuning a hyperparameter tuning job on the tuning container runs first and the final
model trains with the best trial's values. Deployment runs only inside dsl.If(the model
validation's decision): accuracy above accuracy_threshold and not worse than the model in
service by more than max_accuracy_drop; the decision, parameters and metrics are recorded in
Vertex AI Experiments. After a deploy, with enable_monitoring, the endpoint's model monitoring
job is created or updated. Each run writes one row to metrics_table when that is set.

end2end_local is the same pipeline for kfp.local (no Vertex AI): its training step is a
lightweight component that runs the training container's own code (components/train.py), its
validation runs the same TFDV module in the Beam/TFDV venv (DATAFLOW_PYTHON); there is no
tuning job and no dataset branch locally.

The ingestion DAG's data contract (assets/dags/mlops_ingest/iris.schema.json) is embedded at
compile time as the default of the schema_json parameter (the columns the split and training
read); TFDV's schema file is generated from the same contract, and a test keeps it current.

data_uri is the CSV the DAG wrote (gs://SHARED_DATA_BUCKET/ingest/dt=YYYY-MM-DD/data.csv); the
pipeline-trigger function passes it from the object-finalized event. Locally it can be a path.
With dataset_id set the run reads that Vertex AI tabular dataset instead (and attaches
dataset_bigquery_source as its source when it has none).
"""

import copy
import functools
import json
from pathlib import Path

from google_cloud_pipeline_components.v1.custom_job import CustomTrainingJobOp
from google_cloud_pipeline_components.v1.hyperparameter_tuning_job import HyperparameterTuningJobRunOp
from kfp import dsl

from components.dataset_source import dataset_csv
from components.deploy import deploy
from components.evaluate import evaluate
from components.monitor import monitor_deployment
from components.preprocess import preprocess
from components.record_run import record_run
from components.runtime import BASE_IMAGE
from components.train import train
from components.training_job import (
    best_trial_hyperparameters,
    pass_hyperparameters,
    training_job_spec,
    tuning_job_spec,
)
from components.validate_data import run_validation_locally, validate_data, validation_job_spec
from components.validate_model import validate_model

PIPELINE_NAME = "end2end"
ASSETS = Path(__file__).resolve().parents[1]
SCHEMA_FILE = ASSETS / "dags" / "mlops_ingest" / "iris.schema.json"
SCHEMA_JSON = json.dumps(json.loads(SCHEMA_FILE.read_text(encoding="utf-8")), sort_keys=True)
MONITORING_FILE = ASSETS / "monitoring" / "iris.monitoring.json"
MONITORING_JSON = json.dumps(json.loads(MONITORING_FILE.read_text(encoding="utf-8")), sort_keys=True)
SEARCH_SPACE = json.loads((ASSETS / "containers" / "tuning" / "search_space.json").read_text(encoding="utf-8"))

# The validation runs as a custom job too; a copy of the op under its own name keeps the task
# names telling (validation-job, custom-training-job) instead of custom-training-job-2.
ValidationJobOp = copy.deepcopy(CustomTrainingJobOp)
ValidationJobOp.component_spec.name = ValidationJobOp.name = "validation-job"

# Vertex AI's prebuilt scikit-learn serving image, EU repository. It unpickles the model, so
# its scikit-learn minor version must be the training step's (components/runtime.py).
DEFAULT_SERVING_IMAGE = "europe-docker.pkg.dev/vertex-ai/prediction/sklearn-cpu.1-6:latest"


def _as_is(component):
    return component


@functools.cache
def _in_this_environment(component):
    """The component as end2end_local runs it: the same function and image, without
    packages_to_install (kfp included). A local run executes each step in the project's venv, whose lock pins
    the same versions (tests/test_components.py checks), so the install would only start pip
    once per step (about 0.6 s) or, were the pins to drift, change the caller's environment."""
    return dsl.component(component.python_func, base_image=BASE_IMAGE, install_kfp_package=False)


def _make_pipeline(on_vertex: bool):
    step = _as_is if on_vertex else _in_this_environment

    @dsl.pipeline(
        name=PIPELINE_NAME,
        description="Validate, preprocess, train (optionally tuned) and evaluate an iris classifier; "
        "deploy it when it beats the threshold and is not worse than the model in service.",
    )
    def pipeline(
        data_uri: str,
        project: str,
        endpoint: str,
        kms_key_name: str,
        serving_service_account: str,
        location: str = "europe-west4",
        accuracy_threshold: float = 0.9,
        max_accuracy_drop: float = 0.01,
        serving_container_image: str = DEFAULT_SERVING_IMAGE,
        use_custom_prediction_container: bool = False,
        prediction_image: str = "",
        pipeline_service_account: str = "",
        training_image: str = "",
        tuning_image: str = "",
        training_machine_type: str = "n1-standard-4",
        enable_tuning: bool = False,
        tuning_max_trials: int = 8,
        tuning_parallel_trials: int = 2,
        tuning_parameters: list = SEARCH_SPACE["parameters"]["logistic_regression"],
        hyperparameters: str = "{}",
        experiment_name: str = "end2end",
        baseline_model_uri: str = "",
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
        validation_image: str = "",
        validation_machine_type: str = "n1-standard-4",
        enable_monitoring: bool = False,
        monitoring_config_json: str = MONITORING_JSON,
        monitoring_alert_emails: list = [],
        monitoring_notification_channels: list = [],
        metrics_table: str = "",
        dataset_id: str = "",
        dataset_bigquery_source: str = "",
    ):
        # the data: a Vertex AI tabular dataset (BigQuery) when dataset_id is set, else data_uri.
        # Locally only data_uri: a dataset lives in Vertex AI, and kfp.local cannot select
        # between artifacts (dsl.OneOf) anyway.
        if on_vertex:
            with dsl.If(dataset_id != "", name="from-vertex-dataset"):
                from_dataset = dataset_csv(
                    dataset_id=dataset_id, project=project, location=location, schema_json=schema_json, dry_run=False,
                    dataset_bigquery_source=dataset_bigquery_source,
                ).set_display_name("read-vertex-dataset")
            with dsl.Else(name="from-data-uri"):
                source = dsl.importer(artifact_uri=data_uri, artifact_class=dsl.Dataset, reimport=False)
                source.set_display_name("import-csv")
            data = dsl.OneOf(from_dataset.outputs["data"], source.output)
            sources = [from_dataset, source]
        else:
            source = dsl.importer(artifact_uri=data_uri, artifact_class=dsl.Dataset, reimport=False)
            source.set_display_name("import-csv")
            data = source.output
            sources = [source]

        # TFDV statistics and the schema check: iris_preprocess.validate, the daily
        # preprocessing's code, in an interpreter that has TFDV (components/validate_data.py)
        if on_vertex:
            validation_spec = validation_job_spec(
                data=data, validation_image=validation_image, machine_type=validation_machine_type)
            validation_job = ValidationJobOp(
                display_name=f"{PIPELINE_NAME}-validation",
                project=project,
                location=location,
                worker_pool_specs=validation_spec.outputs["worker_pool_specs"],
                base_output_directory=validation_spec.outputs["base_output_directory"],
                service_account=pipeline_service_account,
                encryption_spec_key_name=kms_key_name,
                labels={"managed-by": "end2end-pipeline"},
            ).set_display_name("tfdv-validation-job")
            validation = validate_data(data=data, job_dir=validation_spec.outputs["job_dir"]).after(
                validation_job)
            validation_steps = [validation_spec, validation_job]
        else:
            validation_run = step(run_validation_locally)(data=data)
            validation = step(validate_data)(data=data, job_dir=validation_run.outputs["job_dir"])
            validation_steps = [validation_run]
        validation.set_display_name("validate-data")

        split = step(preprocess)(
            data=validation.outputs["validated"],
            schema_json=schema_json,
            test_fraction=test_fraction,
            seed=seed,
        )
        tasks = [*sources, *validation_steps, validation, split]

        if on_vertex:
            with dsl.If(enable_tuning == True, name="tuning-enabled"):  # noqa: E712 (a pipeline condition)
                tuning_spec = tuning_job_spec(
                    train_data=split.outputs["train_data"], scaler=split.outputs["scaler"], schema_json=schema_json,
                    model_type=model_type, seed=seed, tuning_image=tuning_image, machine_type=training_machine_type,
                )
                tuning = HyperparameterTuningJobRunOp(
                    display_name=f"{PIPELINE_NAME}-tuning",
                    project=project,
                    location=location,
                    base_output_directory=tuning_spec.outputs["base_output_directory"],
                    worker_pool_specs=tuning_spec.outputs["worker_pool_specs"],
                    study_spec_metrics=[SEARCH_SPACE["metric"]],
                    study_spec_parameters=tuning_parameters,
                    max_trial_count=tuning_max_trials,
                    parallel_trial_count=tuning_parallel_trials,
                    encryption_spec_key_name=kms_key_name,
                    service_account=pipeline_service_account,
                ).set_display_name("hyperparameter-tuning-job")
                best = best_trial_hyperparameters(
                    gcp_resources=tuning.outputs["gcp_resources"], metric_id=SEARCH_SPACE["metric"]["metric_id"]
                )
                tasks += [tuning_spec, tuning, best]
            with dsl.Else(name="tuning-disabled"):
                given = pass_hyperparameters(hyperparameters=hyperparameters)
                tasks.append(given)
            chosen = dsl.OneOf(best.output, given.output)

            job_spec = training_job_spec(
                train_data=split.outputs["train_data"], scaler=split.outputs["scaler"], schema_json=schema_json,
                model_type=model_type, seed=seed, hyperparameters=chosen, training_image=training_image,
                machine_type=training_machine_type,
            )
            job = CustomTrainingJobOp(
                display_name=f"{PIPELINE_NAME}-training",
                project=project,
                location=location,
                worker_pool_specs=job_spec.outputs["worker_pool_specs"],
                base_output_directory=job_spec.outputs["base_output_directory"],
                service_account=pipeline_service_account,
                encryption_spec_key_name=kms_key_name,
                labels={"managed-by": "end2end-pipeline"},
            ).set_display_name("training-job")
            trained = dsl.importer(
                artifact_uri=job_spec.outputs["model_uri"], artifact_class=dsl.Model, reimport=True,
                metadata={"framework": "scikit-learn"},
            ).after(job)
            trained.set_display_name("import-model")
            model = trained.output
            tasks += [job_spec, job, trained]
        else:
            training = step(train)(
                train_data=split.outputs["train_data"],
                scaler=split.outputs["scaler"],
                schema_json=schema_json,
                model_type=model_type,
                seed=seed,
                hyperparameters=hyperparameters,
            )
            model = training.outputs["model"]
            tasks.append(training)

        evaluation = step(evaluate)(test_data=split.outputs["test_data"], model=model, schema_json=schema_json)
        check = step(validate_model)(
            candidate=model,
            test_data=split.outputs["test_data"],
            candidate_accuracy=evaluation.outputs["Output"],
            schema_json=schema_json,
            project=project,
            location=location,
            endpoint=endpoint,
            kms_key_name=kms_key_name,
            accuracy_threshold=accuracy_threshold,
            max_accuracy_drop=max_accuracy_drop,
            experiment_name=experiment_name,
            run_name=dsl.PIPELINE_JOB_NAME_PLACEHOLDER,
            model_type=model_type,
            hyperparameters=hyperparameters,
            baseline_model_uri=baseline_model_uri,
            dry_run=dry_run,
        ).set_display_name("validate-model")
        tasks += [evaluation, check]

        # No step may come from Vertex AI's execution cache. A re-run of a day rewrites the same
        # data_uri, and the importer (reimport=False) hands on the same artifact, so every step
        # would be a cache hit: the new CSV would be neither validated nor trained on, and deploy,
        # which acts on the endpoint, would be skipped.
        for task in tasks:
            task.set_caching_options(False)

        run_row = dict(
            metrics_table=metrics_table,
            run_id=dsl.PIPELINE_JOB_NAME_PLACEHOLDER,
            data_uri=data_uri,
            model_type=model_type,
            accuracy=evaluation.outputs["Output"],
            accuracy_threshold=accuracy_threshold,
            decision=check.outputs["Output"],
            validation=check.outputs["validation"],
            dry_run=dry_run,
        )
        with dsl.If(check.outputs["Output"] == True, name="model-validated"):  # noqa: E712 (a pipeline condition)
            deployed = step(deploy)(
                model=model,
                project=project,
                location=location,
                endpoint=endpoint,
                kms_key_name=kms_key_name,
                serving_service_account=serving_service_account,
                serving_container_image=serving_container_image,
                use_custom_prediction_container=use_custom_prediction_container,
                prediction_image=prediction_image,
                model_display_name=model_display_name,
                parent_model=parent_model,
                machine_type=machine_type,
                min_replicas=min_replicas,
                max_replicas=max_replicas,
                dry_run=dry_run,
            ).set_display_name("deploy-model").set_caching_options(False)
            with dsl.If(enable_monitoring == True, name="monitoring-enabled"):  # noqa: E712 (a pipeline condition)
                step(monitor_deployment)(
                    deployment=deployed.outputs["deployment"],
                    training_data=split.outputs["train_data"],
                    project=project,
                    location=location,
                    endpoint=endpoint,
                    kms_key_name=kms_key_name,
                    monitoring_config_json=monitoring_config_json,
                    alert_emails=monitoring_alert_emails,
                    notification_channels=monitoring_notification_channels,
                    dry_run=dry_run,
                ).set_display_name("model-monitoring").set_caching_options(False)
            step(record_run)(**run_row, deployment=deployed.outputs["deployment"]).set_display_name(
                "record-run").set_caching_options(False)
        with dsl.Else(name="model-rejected"):
            step(record_run)(**run_row).set_display_name("record-run").set_caching_options(False)

    return pipeline


end2end = _make_pipeline(on_vertex=True)
end2end_local = _make_pipeline(on_vertex=False)
