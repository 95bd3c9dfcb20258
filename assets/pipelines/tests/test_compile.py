"""The committed compiled pipeline and what it promises."""

from __future__ import annotations

import json

from conftest import ASSETS, PIPELINES

import compile as compile_module

COMPILED = PIPELINES / "compiled" / "end2end.json"


def spec() -> dict:
    return json.loads(COMPILED.read_text())


def test_committed_json_matches_a_fresh_compile():
    fresh = compile_module.render()
    assert COMPILED.read_text() == fresh, (
        "assets/pipelines/compiled/end2end.json is stale: run .venv/bin/python assets/pipelines/compile.py"
    )


def test_compile_is_deterministic():
    assert compile_module.render() == compile_module.render()


def test_deploy_runs_only_inside_the_model_validation_condition():
    pipeline = spec()
    root_tasks = pipeline["root"]["dag"]["tasks"]
    assert "deploy" not in root_tasks
    branches = pipeline["components"]["comp-condition-branches-7"]["dag"]["tasks"]
    assert {name: task["triggerPolicy"]["condition"] for name, task in branches.items()} == {
        "condition-9": "inputs.parameter_values['pipelinechannel--validate-model-Output'] == true",
        "condition-10": "!(inputs.parameter_values['pipelinechannel--validate-model-Output'] == true)",
    }
    branch = pipeline["components"]["comp-condition-9"]["dag"]["tasks"]
    assert sorted(branch) == ["condition-8", "deploy", "record-run"]
    deploy_inputs = branch["deploy"]["inputs"]["parameters"]
    for wired in ("kms_key_name", "serving_service_account", "endpoint", "project", "location", "dry_run",
                  "use_custom_prediction_container", "prediction_image", "serving_container_image"):
        assert deploy_inputs[wired]["componentInputParameter"] == f"pipelinechannel--{wired}"
    validate_inputs = root_tasks["validate-model"]["inputs"]["parameters"]
    assert validate_inputs["candidate_accuracy"]["taskOutputParameter"] == {
        "outputParameterKey": "Output", "producerTask": "evaluate"}
    for wired in ("accuracy_threshold", "max_accuracy_drop", "experiment_name", "baseline_model_uri"):
        assert validate_inputs[wired]["componentInputParameter"] == wired


def test_monitoring_runs_after_deploy_only_when_enabled_with_the_pipelines_key():
    pipeline = spec()
    branch = pipeline["components"]["comp-condition-9"]["dag"]["tasks"]
    assert branch["condition-8"]["triggerPolicy"]["condition"] == (
        "inputs.parameter_values['pipelinechannel--enable_monitoring'] == true")
    monitor = pipeline["components"]["comp-condition-8"]["dag"]["tasks"]["monitor-deployment"]
    artifacts = monitor["inputs"]["artifacts"]
    assert artifacts["deployment"] == {"componentInputArtifact": "pipelinechannel--deploy-deployment"}
    assert artifacts["training_data"] == {"componentInputArtifact": "pipelinechannel--preprocess-train_data"}
    assert branch["condition-8"]["dependentTasks"] == ["deploy"]
    parameters = monitor["inputs"]["parameters"]
    for wired, source in (("kms_key_name", "kms_key_name"), ("endpoint", "endpoint"),
                          ("alert_emails", "monitoring_alert_emails"),
                          ("notification_channels", "monitoring_notification_channels"),
                          ("monitoring_config_json", "monitoring_config_json")):
        assert parameters[wired]["componentInputParameter"] == f"pipelinechannel--{source}"
    defaults = pipeline["root"]["inputDefinitions"]["parameters"]
    assert json.loads(defaults["monitoring_config_json"]["defaultValue"]) == json.loads(
        (ASSETS / "monitoring" / "iris.monitoring.json").read_text())
    assert defaults["enable_monitoring"]["defaultValue"] is False


def test_every_run_writes_its_row_whatever_the_decision():
    pipeline = spec()
    deployed = pipeline["components"]["comp-condition-9"]["dag"]["tasks"]["record-run"]
    rejected = pipeline["components"]["comp-condition-10"]["dag"]["tasks"]["record-run-2"]
    assert deployed["inputs"]["artifacts"]["deployment"]["taskOutputArtifact"] == {
        "outputArtifactKey": "deployment", "producerTask": "deploy"}
    assert "deployment" not in rejected["inputs"].get("artifacts", {})
    for task in (deployed, rejected):
        parameters = task["inputs"]["parameters"]
        assert parameters["metrics_table"]["componentInputParameter"] == "pipelinechannel--metrics_table"
        assert parameters["accuracy"]["componentInputParameter"] == "pipelinechannel--evaluate-Output"
        assert parameters["decision"]["componentInputParameter"] == "pipelinechannel--validate-model-Output"
        assert parameters["run_id"]["runtimeValue"]["constant"] == "{{$.pipeline_job_name}}"
    assert pipeline["root"]["inputDefinitions"]["parameters"]["metrics_table"]["defaultValue"] == ""


def test_validation_is_a_cmek_custom_job_on_the_validation_image():
    pipeline = spec()
    tasks = pipeline["root"]["dag"]["tasks"]
    job = tasks["validation-job"]["inputs"]["parameters"]
    assert job["encryption_spec_key_name"] == {"componentInputParameter": "kms_key_name"}
    assert job["service_account"] == {"componentInputParameter": "pipeline_service_account"}
    for wired in ("worker_pool_specs", "base_output_directory"):
        assert job[wired]["taskOutputParameter"] == {"outputParameterKey": wired, "producerTask": "validation-job-spec"}
    spec_inputs = tasks["validation-job-spec"]["inputs"]["parameters"]
    assert spec_inputs["validation_image"] == {"componentInputParameter": "validation_image"}
    # the report is read only once the job has written it
    assert sorted(tasks["validate-data"]["dependentTasks"]) == ["condition-branches-1", "validation-job",
                                                                "validation-job-spec"]
    assert tasks["validate-data"]["inputs"]["artifacts"]["job_dir"]["taskOutputArtifact"] == {
        "outputArtifactKey": "job_dir", "producerTask": "validation-job-spec"}
    executor = pipeline["deploymentSpec"]["executors"]["exec-validation-job"]["container"]
    assert executor["image"].startswith("gcr.io/ml-pipeline/google-cloud-pipeline-components:2.22.0")


def test_a_vertex_dataset_replaces_data_uri_when_set():
    pipeline = spec()
    branches = pipeline["components"]["comp-condition-branches-1"]["dag"]["tasks"]
    assert branches["condition-2"]["triggerPolicy"]["condition"] == (
        "inputs.parameter_values['pipelinechannel--dataset_id'] != ''")
    assert branches["condition-3"]["triggerPolicy"]["condition"] == (
        "!(inputs.parameter_values['pipelinechannel--dataset_id'] != '')")
    read = pipeline["components"]["comp-condition-2"]["dag"]["tasks"]["dataset-csv"]["inputs"]["parameters"]
    assert read["dataset_id"] == {"componentInputParameter": "pipelinechannel--dataset_id"}
    assert read["dry_run"]["runtimeValue"]["constant"] is False
    assert list(pipeline["components"]["comp-condition-3"]["dag"]["tasks"]) == ["importer"]
    # whichever branch ran, its data is what validation reads
    selectors = pipeline["components"]["comp-condition-branches-1"]["dag"]["outputs"]["artifacts"][
        "pipelinechannel--condition-branches-1-oneof-1"]["artifactSelectors"]
    assert [(s["producerSubtask"], s["outputArtifactKey"]) for s in selectors] == [
        ("condition-2", "pipelinechannel--dataset-csv-data"), ("condition-3", "pipelinechannel--importer-artifact")]
    validate = pipeline["root"]["dag"]["tasks"]["validate-data"]["inputs"]["artifacts"]["data"]
    assert validate["taskOutputArtifact"]["producerTask"] == "condition-branches-1"
    assert pipeline["root"]["inputDefinitions"]["parameters"]["dataset_id"]["defaultValue"] == ""


def all_tasks(pipeline: dict) -> dict:
    dags = [pipeline["root"]["dag"]] + [c["dag"] for c in pipeline["components"].values() if "dag" in c]
    return {name: task for dag in dags for name, task in dag["tasks"].items() if not name.startswith("condition-")}


def test_no_step_is_served_from_the_execution_cache():
    """A re-run of a day sends the same data_uri: cached steps would neither retrain nor deploy."""
    tasks = all_tasks(spec())
    assert set(tasks) == {
        "dataset-csv", "importer", "validation-job-spec", "validation-job", "validate-data", "preprocess",
        "tuning-job-spec", "hyperparameter-tuning-job", "best-trial-hyperparameters", "pass-hyperparameters",
        "training-job-spec", "custom-training-job", "importer-2", "evaluate", "validate-model", "deploy",
        "monitor-deployment", "record-run", "record-run-2",
    }
    for name, task in tasks.items():
        assert task.get("cachingOptions", {}).get("enableCache") is not True, name


def test_training_is_a_cmek_custom_job_as_the_pipeline_account():
    tasks = spec()["root"]["dag"]["tasks"]
    job = tasks["custom-training-job"]["inputs"]["parameters"]
    assert job["encryption_spec_key_name"] == {"componentInputParameter": "kms_key_name"}
    assert job["service_account"] == {"componentInputParameter": "pipeline_service_account"}
    assert job["location"] == {"componentInputParameter": "location"}
    for wired in ("worker_pool_specs", "base_output_directory"):
        assert job[wired]["taskOutputParameter"] == {"outputParameterKey": wired, "producerTask": "training-job-spec"}
    # the model is read from the job's AIP_MODEL_DIR only once the job has finished
    assert sorted(tasks["importer-2"]["dependentTasks"]) == ["custom-training-job", "training-job-spec"]
    executor = spec()["deploymentSpec"]["executors"]["exec-custom-training-job"]["container"]
    assert executor["image"].startswith("gcr.io/ml-pipeline/google-cloud-pipeline-components:2.22.0")


def test_tuning_runs_only_when_enabled_and_feeds_the_training_job():
    pipeline = spec()
    branches = pipeline["components"]["comp-condition-branches-4"]["dag"]
    assert branches["tasks"]["condition-5"]["triggerPolicy"]["condition"] == (
        "inputs.parameter_values['pipelinechannel--enable_tuning'] == true")
    assert branches["tasks"]["condition-6"]["triggerPolicy"]["condition"] == (
        "!(inputs.parameter_values['pipelinechannel--enable_tuning'] == true)")
    selectors = branches["outputs"]["parameters"]["pipelinechannel--condition-branches-4-oneof-1"]["valueFromOneof"]
    assert [s["outputParameterKey"] for s in selectors["parameterSelectors"]] == [
        "pipelinechannel--best-trial-hyperparameters-Output", "pipelinechannel--pass-hyperparameters-Output"]
    tuning = pipeline["components"]["comp-condition-5"]["dag"]["tasks"]["hyperparameter-tuning-job"]["inputs"]["parameters"]
    assert tuning["encryption_spec_key_name"] == {"componentInputParameter": "pipelinechannel--kms_key_name"}
    assert tuning["service_account"] == {"componentInputParameter": "pipelinechannel--pipeline_service_account"}
    assert tuning["study_spec_metrics"]["runtimeValue"]["constant"] == [{"goal": "MAXIMIZE", "metric_id": "accuracy"}]
    hyperparameters = pipeline["root"]["dag"]["tasks"]["training-job-spec"]["inputs"]["parameters"]["hyperparameters"]
    assert hyperparameters["taskOutputParameter"]["producerTask"] == "condition-branches-4"


def test_search_space_is_what_the_pipeline_components_serialize():
    """search_space.json is written in the form GCPC's own helper produces for the SDK's specs."""
    from google.cloud.aiplatform import hyperparameter_tuning as hpt
    from google_cloud_pipeline_components.v1.hyperparameter_tuning_job import serialize_metrics, serialize_parameters

    from google.cloud.aiplatform_v1.types import StudySpec

    from pipeline import SEARCH_SPACE

    def as_protos(specs):  # the form Vertex AI parses either list into
        return [StudySpec.ParameterSpec(spec) for spec in specs]

    assert as_protos(SEARCH_SPACE["parameters"]["logistic_regression"]) == as_protos(serialize_parameters(
        {"C": hpt.DoubleParameterSpec(min=0.001, max=100.0, scale="log")}))
    assert as_protos(SEARCH_SPACE["parameters"]["random_forest"]) == as_protos(serialize_parameters({
        "n_estimators": hpt.IntegerParameterSpec(min=20, max=400, scale="linear"),
        "max_depth": hpt.IntegerParameterSpec(min=2, max=12, scale="linear"),
    }))
    assert as_protos(SEARCH_SPACE["parameters"]["logistic_regression"]) != as_protos(serialize_parameters(
        {"C": hpt.DoubleParameterSpec(min=0.001, max=100.0, scale="linear")}))
    assert [StudySpec.MetricSpec(SEARCH_SPACE["metric"])] == [
        StudySpec.MetricSpec(m) for m in serialize_metrics({"accuracy": "maximize"})]


def test_pipeline_parameters_and_defaults():
    parameters = spec()["root"]["inputDefinitions"]["parameters"]
    required = {name for name, p in parameters.items() if not p.get("isOptional")}
    assert required == {"data_uri", "project", "endpoint", "kms_key_name", "serving_service_account"}
    assert parameters["location"]["defaultValue"] == "europe-west4"
    assert parameters["dry_run"]["defaultValue"] is False
    assert parameters["accuracy_threshold"]["parameterType"] == "NUMBER_DOUBLE"
    # without a custom container, the model is served by Vertex AI's prebuilt scikit-learn image
    assert parameters["serving_container_image"]["defaultValue"] == "europe-docker.pkg.dev/vertex-ai/prediction/sklearn-cpu.1-6:latest"
    assert parameters["use_custom_prediction_container"]["defaultValue"] is False
    assert parameters["metrics_table"]["defaultValue"] == ""


def test_embedded_schema_is_the_dags_data_contract():
    embedded = json.loads(spec()["root"]["inputDefinitions"]["parameters"]["schema_json"]["defaultValue"])
    contract = json.loads((ASSETS / "dags" / "mlops_ingest" / "iris.schema.json").read_text())
    assert embedded == contract


def test_every_step_is_present_in_order():
    tasks = spec()["root"]["dag"]["tasks"]
    assert tasks["validation-job-spec"]["dependentTasks"] == ["condition-branches-1"]
    assert tasks["preprocess"]["dependentTasks"] == ["validate-data"]
    assert sorted(tasks["training-job-spec"]["dependentTasks"]) == ["condition-branches-4", "preprocess"]
    assert tasks["custom-training-job"]["dependentTasks"] == ["training-job-spec"]
    assert sorted(tasks["evaluate"]["dependentTasks"]) == ["importer-2", "preprocess"]
    assert sorted(tasks["validate-model"]["dependentTasks"]) == ["evaluate", "importer-2", "preprocess"]


def executors_installing(pipeline_func) -> dict[str, bool]:
    """Each Python step's executor of a compiled pipeline: does its command run pip?"""
    import tempfile
    from pathlib import Path

    from kfp import compiler

    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "pipeline.json"
        compiler.Compiler().compile(pipeline_func, str(out))
        executors = json.loads(out.read_text())["deploymentSpec"]["executors"]
    return {
        name: "pip install" in " ".join(executor["container"]["command"])
        for name, executor in executors.items()
        if "container" in executor and "kfp.dsl.executor_main" in " ".join(executor["container"]["command"])
    }


def test_vertex_steps_install_their_pins_and_local_steps_use_the_venv():
    import pipeline

    on_vertex = executors_installing(pipeline.end2end)
    local = executors_installing(pipeline.end2end_local)
    for name in ("exec-validate-data", "exec-preprocess", "exec-evaluate", "exec-validate-model", "exec-deploy",
                 "exec-record-run"):
        assert on_vertex[name] is True, name
        assert local[name] is False, name
    assert local["exec-train"] is False
    assert local["exec-run-validation-locally"] is False
    # no local step starts pip, whichever component it comes from
    assert [name for name, installs in local.items() if installs] == []
