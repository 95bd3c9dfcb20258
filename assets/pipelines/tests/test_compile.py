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


def test_deploy_runs_only_inside_the_accuracy_condition():
    pipeline = spec()
    root_tasks = pipeline["root"]["dag"]["tasks"]
    assert "deploy" not in root_tasks
    conditions = {name: task for name, task in root_tasks.items() if "triggerPolicy" in task}
    assert list(conditions) == ["condition-1"]
    condition = conditions["condition-1"]["triggerPolicy"]["condition"]
    assert condition == (
        "inputs.parameter_values['pipelinechannel--evaluate-Output'] > "
        "inputs.parameter_values['pipelinechannel--accuracy_threshold']"
    )
    branch = pipeline["components"]["comp-condition-1"]["dag"]["tasks"]
    assert list(branch) == ["deploy"]
    deploy_inputs = branch["deploy"]["inputs"]["parameters"]
    for wired in ("kms_key_name", "serving_service_account", "endpoint", "project", "location", "dry_run"):
        assert deploy_inputs[wired]["componentInputParameter"] == f"pipelinechannel--{wired}"


def test_no_step_is_served_from_the_execution_cache():
    """A re-run of a day sends the same data_uri: cached steps would neither retrain nor deploy."""
    pipeline = spec()
    dags = [pipeline["root"]["dag"]] + [c["dag"] for c in pipeline["components"].values() if "dag" in c]
    tasks = {name: task for dag in dags for name, task in dag["tasks"].items() if "componentRef" in task
             and not name.startswith("condition-")}
    assert set(tasks) == {"importer", "validate-data", "preprocess", "train", "evaluate", "deploy"}
    for name, task in tasks.items():
        assert task.get("cachingOptions", {}).get("enableCache") is not True, name


def test_pipeline_parameters_and_defaults():
    parameters = spec()["root"]["inputDefinitions"]["parameters"]
    required = {name for name, p in parameters.items() if not p.get("isOptional")}
    assert required == {"data_uri", "project", "endpoint", "kms_key_name", "serving_service_account"}
    assert parameters["location"]["defaultValue"] == "europe-west4"
    assert parameters["dry_run"]["defaultValue"] is False
    assert parameters["accuracy_threshold"]["parameterType"] == "NUMBER_DOUBLE"


def test_embedded_schema_is_the_dags_data_contract():
    embedded = json.loads(spec()["root"]["inputDefinitions"]["parameters"]["schema_json"]["defaultValue"])
    contract = json.loads((ASSETS / "dags" / "mlops_ingest" / "iris.schema.json").read_text())
    assert embedded == contract


def test_every_step_is_present_in_order():
    tasks = spec()["root"]["dag"]["tasks"]
    assert tasks["validate-data"]["dependentTasks"] == ["importer"]
    assert tasks["preprocess"]["dependentTasks"] == ["validate-data"]
    assert tasks["train"]["dependentTasks"] == ["preprocess"]
    assert sorted(tasks["evaluate"]["dependentTasks"]) == ["preprocess", "train"]
