"""Evaluation: accuracy of the saved model on the held-out split.

It scores the very Pipeline that would be deployed, on raw test rows, so the number gates
what clients will get. The accuracy is the component's float return value (output "Output"),
which the pipeline compares with its threshold. It also prints the accuracy as one structured
log line ({"event": "evaluation", "accuracy": ...}) for the platform dashboard.

Why the unnamed "Output" and not a NamedTuple field called accuracy: kfp 2.17.0's local
orchestrator cannot resolve a named output inside a dsl.If condition (it logs "Could not
resolve parent input: evaluate-accuracy" and silently skips the branch); it resolves
"<task>-Output" channels. Vertex AI handles both; the return value keeps local runs honest.
"""

from kfp import dsl
from kfp.dsl import ClassificationMetrics, Dataset, Input, Metrics, Model, Output

from components.runtime import BASE_IMAGE, ML_PACKAGES


@dsl.component(base_image=BASE_IMAGE, packages_to_install=ML_PACKAGES)
def evaluate(
    test_data: Input[Dataset],
    model: Input[Model],
    schema_json: str,
    metrics: Output[Metrics],
    confusion: Output[ClassificationMetrics],
) -> float:
    import json
    import os

    import joblib
    import pandas as pd
    from sklearn.metrics import accuracy_score, confusion_matrix, f1_score

    label = json.loads(schema_json)["label"]
    pipeline = joblib.load(os.path.join(model.path, "model.joblib"))
    frame = pd.read_csv(test_data.path)
    features = model.metadata.get("features") or [c for c in frame.columns if c != label]
    # numpy, as the serving container hands the model JSON instances as arrays
    predicted = pipeline.predict(frame[features].to_numpy())
    accuracy = float(accuracy_score(frame[label], predicted))
    f1_macro = float(f1_score(frame[label], predicted, average="macro"))
    metrics.log_metric("accuracy", accuracy)
    metrics.log_metric("f1_macro", f1_macro)
    metrics.log_metric("test_rows", len(frame))
    # One JSON line on stdout: Vertex AI sends a job's JSON stdout to Cloud Logging as jsonPayload,
    # where the platform dashboard's model-accuracy metric (PlatformDashboard) picks it up.
    print(json.dumps({"event": "evaluation", "accuracy": accuracy, "f1_macro": f1_macro, "test_rows": len(frame)}), flush=True)
    classes = [str(c) for c in pipeline.classes_]
    confusion.log_confusion_matrix(
        classes, confusion_matrix(frame[label], predicted, labels=pipeline.classes_).tolist()
    )
    return accuracy
