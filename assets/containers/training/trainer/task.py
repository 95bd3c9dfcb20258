"""Entrypoint of the training container: `python -m trainer.task ARGS`.

Vertex AI runs it as a custom job and sets AIP_MODEL_DIR, the Cloud Storage folder the model
must land in (the job's base output directory + /model/); Model Registry uploads from there.
The pipeline's local run calls train_and_save() directly, as a lightweight component, so the
container and the local run train with the same code.

Inputs are the preprocessing step's outputs: the training split (CSV with the label column)
and, optionally, the scaler fitted on it. The saved model is one scikit-learn Pipeline
(scaler, estimator) in model.joblib, the layout both Vertex AI's prebuilt scikit-learn image
and the platform's prediction container load, plus metadata.json (features, classes).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

from trainer import storage
from trainer.model import HYPERPARAMETERS, build_estimator

MODEL_FILE = "model.joblib"
METADATA_FILE = "metadata.json"


class UsageError(ValueError):
    """A mistake in the job's arguments or environment: reported without a traceback."""


def resolve_hyperparameters(model_type: str, given: dict) -> dict:
    if model_type not in HYPERPARAMETERS:
        raise UsageError(f"--model-type {model_type!r} is not supported; use one of {sorted(HYPERPARAMETERS)}")
    known = HYPERPARAMETERS[model_type]
    unknown = sorted(set(given) - set(known))
    if unknown:
        raise UsageError(
            f"hyperparameter(s) {unknown} do not apply to {model_type}; it takes {sorted(known)}"
        )
    resolved = {}
    for name, (kind, default) in known.items():
        value = given.get(name, default)
        try:
            # A tuning study hands integer parameters back as floats (10.0).
            resolved[name] = int(float(value)) if kind is int and float(value).is_integer() else kind(value)
        except (TypeError, ValueError):
            raise UsageError(f"hyperparameter {name}={value!r} is not a {kind.__name__}") from None
    return resolved


def fit(train_csv: Path, label: str, model_type: str, seed: int, hyperparameters: dict,
        scaler_path: Path | None = None):
    """Fits the model on the training split. Returns (pipeline, metadata)."""
    import joblib
    import pandas as pd
    import sklearn
    from sklearn.pipeline import Pipeline
    from sklearn.preprocessing import StandardScaler

    params = resolve_hyperparameters(model_type, hyperparameters)
    frame = pd.read_csv(train_csv)
    if label not in frame.columns:
        raise UsageError(f"the training data has no label column {label!r}; its columns are {list(frame.columns)}")
    if scaler_path is not None:
        fitted = joblib.load(scaler_path)
        features, scaler = fitted["features"], fitted["scaler"]
    else:
        features = [c for c in frame.columns if c != label]
        scaler = StandardScaler().fit(frame[features].to_numpy())
    estimator = build_estimator(model_type, params, seed).fit(
        scaler.transform(frame[features].to_numpy()), frame[label]
    )
    pipeline = Pipeline([("scale", scaler), ("classify", estimator)])
    metadata = {
        "framework": "scikit-learn",
        "framework_version": sklearn.__version__,
        "model_type": model_type,
        "hyperparameters": params,
        "features": list(features),
        "label": label,
        "classes": [str(c) for c in estimator.classes_],
        "train_rows": len(frame),
    }
    return pipeline, metadata


def save(pipeline, metadata: dict, model_dir: str) -> None:
    import joblib

    staging = storage.scratch_dir()
    joblib.dump(pipeline, staging / MODEL_FILE)
    (staging / METADATA_FILE).write_text(json.dumps(metadata, indent=2, sort_keys=True), encoding="utf-8")
    storage.publish_dir(staging, model_dir)


def train_and_save(train_data: str, label: str, model_type: str, seed: int, hyperparameters: dict,
                   model_dir: str, scaler: str | None = None) -> dict:
    """What the container does: read, fit, write the model to model_dir. Returns the metadata."""
    workdir = storage.scratch_dir()
    train_csv = storage.local_copy(train_data, workdir)
    scaler_path = storage.local_copy(scaler, workdir) if scaler else None
    pipeline, metadata = fit(train_csv, label, model_type, seed, hyperparameters, scaler_path)
    save(pipeline, metadata, model_dir)
    return metadata


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="trainer.task", description=__doc__.splitlines()[0])
    parser.add_argument("--train-data", required=True, help="training split CSV: a path or gs:// URI")
    parser.add_argument("--scaler", help="scaler fitted by the preprocessing step (joblib); default: fit one here")
    parser.add_argument("--label", default="species", help="label column (default: species)")
    parser.add_argument("--model-type", default="logistic_regression", help=f"one of {sorted(HYPERPARAMETERS)}")
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--hyperparameters", default="{}", help='JSON object, e.g. {"C": 0.5}')
    parser.add_argument(
        "--model-dir", default=os.environ.get("AIP_MODEL_DIR"),
        help="where the model goes (default: $AIP_MODEL_DIR, which Vertex AI sets)",
    )
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(sys.argv[1:] if argv is None else argv)
    try:
        if not args.model_dir:
            raise UsageError("no model directory: pass --model-dir or set AIP_MODEL_DIR (Vertex AI sets it)")
        try:
            hyperparameters = json.loads(args.hyperparameters)
        except json.JSONDecodeError as err:
            raise UsageError(f"--hyperparameters {args.hyperparameters!r} is not JSON: {err.msg}") from None
        if not isinstance(hyperparameters, dict):
            raise UsageError(f"--hyperparameters must be a JSON object, got {args.hyperparameters!r}")
        # checked before anything heavy is imported or read, so a wrong argument fails at once
        resolve_hyperparameters(args.model_type, hyperparameters)
        metadata = train_and_save(args.train_data, args.label, args.model_type, args.seed, hyperparameters,
                                  args.model_dir, args.scaler)
    except (UsageError, FileNotFoundError) as err:
        print(f"trainer: {err}", file=sys.stderr)
        return 2
    print(json.dumps({"model_dir": args.model_dir, **metadata}, sort_keys=True))
    return 0


if __name__ == "__main__":
    sys.exit(main())
