"""The tuning container's entrypoint as a local process: one trial reports its metric the way
Vertex AI hyperparameter tuning reads it (the hypertune library's metric file)."""

from __future__ import annotations

import json

import pytest

from containers_support import run_entrypoint


def trial(split, tmp_path, *args, **env):
    metric_file = tmp_path / "hypertune" / "output.metrics"
    done = run_entrypoint(
        "tuning", "tuner.task",
        ["--train-data", str(split / "train.csv"), "--scaler", str(split / "scaler.joblib"), *args],
        CLOUD_ML_HP_METRIC_FILE=str(metric_file), CLOUD_ML_TRIAL_ID="3", **env,
    )
    return done, metric_file


@pytest.fixture(scope="module")
def c_half(split, tmp_path_factory):
    """One trial at C=0.5, read by the tests below (each trial is a process importing scikit-learn)."""
    return trial(split, tmp_path_factory.mktemp("c-half"), "--C=0.5")


def test_a_trial_reports_its_accuracy(c_half):
    done, metric_file = c_half
    assert done.returncode == 0, done.stderr
    reported = [json.loads(line) for line in metric_file.read_text().splitlines()]
    assert len(reported) == 1
    assert reported[0]["trial"] == "3"
    assert reported[0]["global_step"] == "1"
    value = float(reported[0]["accuracy"])
    assert 0.7 < value <= 1.0
    summary = json.loads(done.stdout)
    assert summary["hyperparameters"] == {"C": 0.5, "max_iter": 1000}
    assert summary["value"] == value


def test_trials_with_other_values_score_differently(split, tmp_path, c_half):
    """The trial's arguments reach the model: a near-zero C underfits."""
    strong, file_strong = trial(split, tmp_path, "--C=0.0001")
    normal, file_normal = c_half
    assert strong.returncode == normal.returncode == 0
    weak_fit = float(json.loads(file_strong.read_text())["accuracy"])
    good_fit = float(json.loads(file_normal.read_text())["accuracy"])
    assert weak_fit < good_fit


def test_metric_id_and_trial_model(split, tmp_path):
    done, metric_file = trial(split, tmp_path, "--metric-id", "val_accuracy", "--model-type", "random_forest",
                              "--n_estimators=10", "--max_depth=3", AIP_MODEL_DIR=str(tmp_path / "trial-model"))
    assert done.returncode == 0, done.stderr
    assert "val_accuracy" in json.loads(metric_file.read_text())
    metadata = json.loads((tmp_path / "trial-model" / "metadata.json").read_text())
    assert metadata["hyperparameters"] == {"n_estimators": 10, "max_depth": 3}


def test_an_unknown_hyperparameter_fails_the_trial_without_a_metric(split, tmp_path):
    done, metric_file = trial(split, tmp_path, "--learning_rate=0.1", PYTHONPROFILEIMPORTTIME="1")
    assert done.returncode == 2
    timings = [line for line in done.stderr.splitlines() if line.startswith("import time:")]
    errors = [line for line in done.stderr.splitlines() if not line.startswith("import time:")]
    assert errors == [
        "tuner: hyperparameter(s) ['learning_rate'] do not apply to logistic_regression; it takes ['C', 'max_iter']"
    ]
    assert not metric_file.exists()
    # the trial fails before importing scikit-learn or pandas, let alone reading the data
    imported = {line.rsplit("|", 1)[-1].strip() for line in timings}
    assert "trainer.model" in imported
    assert {"sklearn", "pandas"} & imported == set()
