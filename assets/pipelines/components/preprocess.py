"""Preprocessing: a stratified train/test split and a feature scaler fitted on the train split.

The scaler is fitted here, on training rows only (no test-set leakage), and travels to the
training step, which bundles it with the classifier into one scikit-learn Pipeline. The
deployed model therefore takes raw measurements, exactly as the ingested CSV holds them: no
scaling code has to be repeated at serving time.
"""

from kfp import dsl
from kfp.dsl import Artifact, Dataset, Input, Output

from components.runtime import BASE_IMAGE, ML_PACKAGES


@dsl.component(base_image=BASE_IMAGE, packages_to_install=ML_PACKAGES)
def preprocess(
    data: Input[Dataset],
    schema_json: str,
    test_fraction: float,
    seed: int,
    train_data: Output[Dataset],
    test_data: Output[Dataset],
    scaler: Output[Artifact],
):
    import json

    import joblib
    import pandas as pd
    from sklearn.model_selection import train_test_split
    from sklearn.preprocessing import StandardScaler

    if not 0.0 < test_fraction < 1.0:
        raise ValueError(f"test_fraction={test_fraction} must be between 0 and 1 (exclusive)")
    schema = json.loads(schema_json)
    label = schema["label"]
    features = [c["name"] for c in schema["columns"] if c["name"] != label]
    frame = pd.read_csv(data.path)
    train, test = train_test_split(
        frame[features + [label]], test_size=test_fraction, random_state=seed, stratify=frame[label]
    )
    train.to_csv(train_data.path, index=False)
    test.to_csv(test_data.path, index=False)
    fitted = StandardScaler().fit(train[features].to_numpy())
    joblib.dump({"features": features, "scaler": fitted}, scaler.path)
    train_data.metadata["rows"] = len(train)
    test_data.metadata["rows"] = len(test)
    scaler.metadata.update(
        {"features": features, "mean": [float(v) for v in fitted.mean_], "scale": [float(v) for v in fitted.scale_]}
    )
