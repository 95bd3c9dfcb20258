"""Entrypoint of the tuning container: one trial of a Vertex AI hyperparameter tuning job.

Vertex AI starts one container per trial with the trial's values as `--NAME=VALUE` arguments
(NAME as in trainer.model.HYPERPARAMETERS) next to the fixed arguments of the job. The trial
trains with the training container's own code on part of the training split, scores the rest
(the validation rows; the test split stays untouched for the pipeline's evaluation), and
reports the score with Google's hypertune library under the metric id the study optimises
(--metric-id, default accuracy). That is how Vertex AI reads a trial's result.

AIP_MODEL_DIR, when set, receives the trial's model, so a trial can be inspected afterwards;
the pipeline trains its final model with the best trial's values on the whole split.
"""

from __future__ import annotations

import argparse
import json
import sys

from trainer import storage
from trainer.model import HYPERPARAMETERS
from trainer.task import UsageError, fit, resolve_hyperparameters, save

DEFAULT_METRIC = "accuracy"


def parse_args(argv: list[str]) -> tuple[argparse.Namespace, dict]:
    parser = argparse.ArgumentParser(prog="tuner.task", description=__doc__.splitlines()[0])
    parser.add_argument("--train-data", required=True, help="training split CSV: a path or gs:// URI")
    parser.add_argument("--scaler", help="scaler fitted by the preprocessing step (joblib)")
    parser.add_argument("--label", default="species")
    parser.add_argument("--model-type", default="logistic_regression", help=f"one of {sorted(HYPERPARAMETERS)}")
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--validation-fraction", type=float, default=0.25)
    parser.add_argument("--metric-id", default=DEFAULT_METRIC, help="the study's metric id (default: accuracy)")
    parser.add_argument("--model-dir", default=None, help="where the trial's model goes (default: $AIP_MODEL_DIR)")
    args, rest = parser.parse_known_args(argv)
    hyperparameters = {}
    for item in rest:
        name, sep, value = item.removeprefix("--").partition("=")
        if not item.startswith("--") or not sep:
            raise UsageError(f"trial argument {item!r} is not --NAME=VALUE")
        hyperparameters[name.replace("-", "_")] = value
    return args, hyperparameters


def score(args: argparse.Namespace, hyperparameters: dict) -> tuple[float, dict, object]:
    # the trial's arguments are checked before anything heavy is imported or read
    if not 0.0 < args.validation_fraction < 1.0:
        raise UsageError(f"--validation-fraction {args.validation_fraction} must be between 0 and 1 (exclusive)")
    resolve_hyperparameters(args.model_type, hyperparameters)

    import pandas as pd
    from sklearn.metrics import accuracy_score
    from sklearn.model_selection import train_test_split

    workdir = storage.scratch_dir()
    frame = pd.read_csv(storage.local_copy(args.train_data, workdir))
    if args.label not in frame.columns:
        raise UsageError(f"the training data has no label column {args.label!r}; its columns are {list(frame.columns)}")
    fit_rows, validation = train_test_split(
        frame, test_size=args.validation_fraction, random_state=args.seed, stratify=frame[args.label]
    )
    fit_csv = workdir / "fit.csv"
    fit_rows.to_csv(fit_csv, index=False)
    scaler = storage.local_copy(args.scaler, workdir) if args.scaler else None
    pipeline, metadata = fit(fit_csv, args.label, args.model_type, args.seed, hyperparameters, scaler)
    features = metadata["features"]
    value = float(accuracy_score(validation[args.label], pipeline.predict(validation[features].to_numpy())))
    return value, metadata, pipeline


def main(argv: list[str] | None = None) -> int:
    import os

    import hypertune

    try:
        args, hyperparameters = parse_args(sys.argv[1:] if argv is None else argv)
        value, metadata, pipeline = score(args, hyperparameters)
    except (UsageError, FileNotFoundError) as err:
        print(f"tuner: {err}", file=sys.stderr)
        return 2
    hypertune.HyperTune().report_hyperparameter_tuning_metric(
        hyperparameter_metric_tag=args.metric_id, metric_value=value, global_step=1
    )
    model_dir = args.model_dir or os.environ.get("AIP_MODEL_DIR")
    if model_dir:
        save(pipeline, {**metadata, args.metric_id: value}, model_dir)
    print(json.dumps({"metric_id": args.metric_id, "value": value,
                      "hyperparameters": metadata["hyperparameters"]}, sort_keys=True))
    return 0


if __name__ == "__main__":
    sys.exit(main())
