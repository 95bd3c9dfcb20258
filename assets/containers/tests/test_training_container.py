"""The training container's entrypoint as a local process: it trains on the sample data the
pipeline splits and writes the model where Vertex AI expects it (AIP_MODEL_DIR)."""

from __future__ import annotations

import json

import joblib
import pandas as pd

from containers_support import run_entrypoint


def test_writes_the_model_to_aip_model_dir(trained_model, split):
    assert sorted(p.name for p in trained_model.iterdir()) == ["metadata.json", "model.joblib"]
    metadata = json.loads((trained_model / "metadata.json").read_text())
    assert metadata["features"] == ["sepal_length", "sepal_width", "petal_length", "petal_width"]
    assert metadata["classes"] == ["setosa", "versicolor", "virginica"]
    assert metadata["train_rows"] == 120
    assert metadata["hyperparameters"] == {"C": 1.0, "max_iter": 1000}
    model = joblib.load(trained_model / "model.joblib")
    test = pd.read_csv(split / "test.csv")
    accuracy = (model.predict(test[metadata["features"]].to_numpy()) == test["species"]).mean()
    assert 0.8 < accuracy <= 1.0  # a real model on iris, not a constant


def test_writes_to_a_gs_model_dir(split, gcs_bucket, fake_gcs):
    done = run_entrypoint(
        "training", "trainer.task",
        ["--train-data", str(split / "train.csv"), "--model-type", "random_forest",
         "--hyperparameters", '{"n_estimators": 20}'],
        AIP_MODEL_DIR=f"gs://{gcs_bucket.name}/jobs/7/model/", STORAGE_EMULATOR_HOST=fake_gcs,
        GOOGLE_CLOUD_PROJECT="test", GCS_FUSE_ROOT=str(split / "no-fuse-here"),
    )
    assert done.returncode == 0, done.stderr
    names = sorted(blob.name for blob in gcs_bucket.list_blobs())
    assert names == ["jobs/7/model/metadata.json", "jobs/7/model/model.joblib"]
    metadata = json.loads(gcs_bucket.blob("jobs/7/model/metadata.json").download_as_text())
    assert metadata["model_type"] == "random_forest"
    assert metadata["hyperparameters"] == {"n_estimators": 20, "max_depth": 0}


def test_reads_gs_inputs_through_the_fuse_mount(split, tmp_path):
    """In a custom job Cloud Storage is mounted at /gcs: gs://B/P is read from /gcs/B/P."""
    fuse = tmp_path / "gcs"
    (fuse / "pipeline-root" / "run").mkdir(parents=True)
    (fuse / "pipeline-root" / "run" / "train.csv").write_bytes((split / "train.csv").read_bytes())
    done = run_entrypoint(
        "training", "trainer.task",
        ["--train-data", "gs://pipeline-root/run/train.csv", "--model-dir", "gs://pipeline-root/run/model"],
        GCS_FUSE_ROOT=str(fuse),
    )
    assert done.returncode == 0, done.stderr
    assert (fuse / "pipeline-root" / "run" / "model" / "model.joblib").is_file()


def test_without_a_model_dir_it_says_what_to_set(split):
    done = run_entrypoint("training", "trainer.task", ["--train-data", str(split / "train.csv")])
    assert done.returncode == 2
    assert done.stderr.strip() == (
        "trainer: no model directory: pass --model-dir or set AIP_MODEL_DIR (Vertex AI sets it)"
    )


def test_bad_hyperparameters_are_named(split, tmp_path):
    done = run_entrypoint(
        "training", "trainer.task",
        ["--train-data", str(split / "train.csv"), "--hyperparameters", '{"C": "strong", "depth": 3}'],
        AIP_MODEL_DIR=str(tmp_path / "model"), PYTHONPROFILEIMPORTTIME="1",
    )
    assert done.returncode == 2
    assert "hyperparameter(s) ['depth'] do not apply to logistic_regression; it takes ['C', 'max_iter']" in done.stderr
    assert "Traceback" not in done.stderr
    assert not (tmp_path / "model").exists()
    # it fails before importing scikit-learn or pandas (about a second), let alone reading the data
    imported = {line.rsplit("|", 1)[-1].strip() for line in done.stderr.splitlines() if line.startswith("import time:")}
    assert "trainer.model" in imported
    assert {"sklearn", "pandas"} & imported == set()
