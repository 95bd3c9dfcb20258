"""Model validation: the candidate against the model in service, and the run in Vertex AI
Experiments.

The candidate may deploy only when its accuracy on the held-out split is above the threshold
AND not worse than the model the endpoint serves, scored on the same rows, by more than
max_accuracy_drop. The component returns that decision (True/False, the unnamed "Output"
the deploy condition reads; see evaluate.py for why not a named output) and records the run's
parameters, metrics and decision in Vertex AI Experiments.

The serving model is found on the endpoint (its deployed model with the most traffic) and
loaded from its artifact folder; baseline_model_uri names one directly instead (a local run,
or a team that compares with a model of its choice). No model in service: the threshold alone
decides.

dry_run=True makes no API call: the Experiments calls it would make are written to the
`validation` artifact, built from the same dicts the real calls take.
"""

from kfp import dsl
from kfp.dsl import Artifact, Dataset, Input, Model, Output

from components.runtime import BASE_IMAGE, ML_AIPLATFORM_PACKAGES


@dsl.component(base_image=BASE_IMAGE, packages_to_install=ML_AIPLATFORM_PACKAGES)
def validate_model(
    candidate: Input[Model],
    test_data: Input[Dataset],
    candidate_accuracy: float,
    schema_json: str,
    project: str,
    location: str,
    endpoint: str,
    kms_key_name: str,
    accuracy_threshold: float,
    max_accuracy_drop: float,
    experiment_name: str,
    run_name: str,
    model_type: str,
    hyperparameters: str,
    baseline_model_uri: str,
    dry_run: bool,
    validation: Output[Artifact],
) -> bool:
    import json
    import os
    import re

    import joblib
    import pandas as pd

    problems = []
    if not 0.0 <= accuracy_threshold <= 1.0:
        problems.append(f"accuracy_threshold={accuracy_threshold} must be between 0 and 1")
    if not 0.0 <= max_accuracy_drop <= 1.0:
        problems.append(f"max_accuracy_drop={max_accuracy_drop} must be between 0 and 1 (0.01 = one point)")
    if not re.fullmatch(r"[a-z0-9][a-z0-9-]{0,127}", experiment_name or ""):
        problems.append(f"experiment_name={experiment_name!r} must be lowercase letters, digits and hyphens")
    if problems:
        raise ValueError("model validation parameters are invalid:\n  - " + "\n  - ".join(problems))

    def local(uri: str) -> str:
        # Vertex AI Pipelines mounts Cloud Storage at /gcs.
        return "/gcs/" + uri[len("gs://"):] if uri.startswith("gs://") else uri

    label = json.loads(schema_json)["label"]
    frame = pd.read_csv(test_data.path)

    baseline_uri, baseline_source = baseline_model_uri, "baseline_model_uri"
    if not baseline_uri and not dry_run:
        from google.cloud import aiplatform

        target = aiplatform.Endpoint(endpoint_name=endpoint, project=project, location=location)
        traffic = target.traffic_split or {}
        deployed = sorted(target.list_models(), key=lambda m: -traffic.get(m.id, 0))
        if deployed:
            baseline_uri = aiplatform.Model(model_name=deployed[0].model).uri
            baseline_source = f"endpoint {endpoint} (deployed model {deployed[0].id})"

    serving_accuracy = None
    if baseline_uri:
        baseline = joblib.load(os.path.join(local(baseline_uri), "model.joblib"))
        features = [c for c in frame.columns if c != label]
        serving_accuracy = float((baseline.predict(frame[features].to_numpy()) == frame[label]).mean())

    above_threshold = candidate_accuracy > accuracy_threshold
    not_worse = serving_accuracy is None or candidate_accuracy >= serving_accuracy - max_accuracy_drop
    decision = bool(above_threshold and not_worse)
    if not above_threshold:
        reason = f"accuracy {candidate_accuracy:.4f} is not above the threshold {accuracy_threshold}"
    elif not not_worse:
        reason = (f"accuracy {candidate_accuracy:.4f} is more than {max_accuracy_drop} below the serving "
                  f"model's {serving_accuracy:.4f}")
    else:
        reason = (f"accuracy {candidate_accuracy:.4f} is above the threshold {accuracy_threshold}"
                  + ("" if serving_accuracy is None else f" and within {max_accuracy_drop} of the serving model's {serving_accuracy:.4f}"))

    params = {"model_type": model_type, "hyperparameters": hyperparameters or "{}",
              "accuracy_threshold": accuracy_threshold, "max_accuracy_drop": max_accuracy_drop,
              "candidate_uri": candidate.uri, "baseline": baseline_uri or "none"}
    metrics = {"accuracy": candidate_accuracy, "deploy": 1.0 if decision else 0.0}
    if serving_accuracy is not None:
        metrics["serving_accuracy"] = serving_accuracy
        metrics["accuracy_delta"] = candidate_accuracy - serving_accuracy
    # Experiments run names: lowercase, digits, hyphens; the pipeline passes its job name.
    run = re.sub(r"[^a-z0-9-]", "-", (run_name or "run").lower())[:128].strip("-") or "run"
    # With the key in init, the SDK creates the region's default metadata store (where
    # Experiments lives) CMEK-encrypted when it does not exist yet: the store is only a
    # google-beta resource in Terraform, so its first user creates it, on the vertex-ai key.
    experiment = {"init": {"project": project, "location": location, "experiment": experiment_name,
                           "encryption_spec_key_name": kms_key_name},
                  "run": run, "params": params, "metrics": metrics}
    record = {"dry_run": dry_run, "decision": decision, "reason": reason, "serving_accuracy": serving_accuracy,
              "baseline_source": baseline_source if baseline_uri else "no model in service",
              "experiment": experiment}

    if not dry_run:
        from google.cloud import aiplatform

        aiplatform.init(**experiment["init"])
        aiplatform.start_run(run, resume=True)
        aiplatform.log_params(params)
        aiplatform.log_metrics(metrics)
        aiplatform.end_run()

    with open(validation.path, "w", encoding="utf-8") as handle:
        json.dump(record, handle, indent=2, sort_keys=True)
    validation.metadata.update({"decision": decision, "reason": reason})
    return decision
