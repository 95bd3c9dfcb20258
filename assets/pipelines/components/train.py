"""Training: a scikit-learn classifier on the scaled training split.

The saved model is a Pipeline(scaler, classifier) in model.joblib inside the model artifact's
directory, the layout Vertex AI's scikit-learn serving containers load.
"""

from kfp import dsl
from kfp.dsl import Artifact, Dataset, Input, Model, Output

from components.runtime import BASE_IMAGE, ML_PACKAGES


@dsl.component(base_image=BASE_IMAGE, packages_to_install=ML_PACKAGES)
def train(
    train_data: Input[Dataset],
    scaler: Input[Artifact],
    schema_json: str,
    model_type: str,
    seed: int,
    model: Output[Model],
):
    import json
    import os

    import joblib
    import pandas as pd
    import sklearn
    from sklearn.ensemble import RandomForestClassifier
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import Pipeline

    classifiers = {
        "logistic_regression": lambda: LogisticRegression(max_iter=1000, random_state=seed),
        "random_forest": lambda: RandomForestClassifier(n_estimators=200, random_state=seed),
    }
    if model_type not in classifiers:
        raise ValueError(f"model_type={model_type!r} is not supported; use one of {sorted(classifiers)}")
    label = json.loads(schema_json)["label"]
    fitted_scaler = joblib.load(scaler.path)
    features = fitted_scaler["features"]
    frame = pd.read_csv(train_data.path)
    classifier = classifiers[model_type]().fit(
        fitted_scaler["scaler"].transform(frame[features].to_numpy()), frame[label]
    )
    pipeline = Pipeline([("scale", fitted_scaler["scaler"]), ("classify", classifier)])
    os.makedirs(model.path, exist_ok=True)
    joblib.dump(pipeline, os.path.join(model.path, "model.joblib"))
    model.metadata.update(
        {
            "framework": "scikit-learn",
            "framework_version": sklearn.__version__,
            "model_type": model_type,
            "features": features,
            "classes": [str(c) for c in classifier.classes_],
            "train_rows": len(frame),
        }
    )
