"""THE PLACE WHERE A TEAM PLUGS IN ITS OWN MODEL.

Replace build_estimator (and HYPERPARAMETERS) with your own: everything else in the training
and tuning containers (reading the data, the Vertex AI environment, writing the model where
Vertex AI expects it, reporting the tuning metric) stays as it is.

The contract:
  - build_estimator(model_type, hyperparameters, seed) returns an unfitted scikit-learn
    estimator (anything with fit/predict, and predict_proba for probabilities);
  - HYPERPARAMETERS[model_type] names each hyperparameter the tuning job may set, with its
    type and default; the tuning job passes them as --NAME=VALUE.
"""

from __future__ import annotations

# scikit-learn is imported where an estimator is built, not here: the entrypoints read
# HYPERPARAMETERS to check a job's arguments first, and a job with a wrong one then fails in
# a tenth of a second instead of after the second or so that importing scikit-learn takes.
HYPERPARAMETERS: dict[str, dict[str, tuple[type, object]]] = {
    "logistic_regression": {"C": (float, 1.0), "max_iter": (int, 1000)},
    "random_forest": {"n_estimators": (int, 200), "max_depth": (int, 0)},
}


def build_estimator(model_type: str, hyperparameters: dict, seed: int):
    from sklearn.ensemble import RandomForestClassifier
    from sklearn.linear_model import LogisticRegression

    if model_type == "logistic_regression":
        return LogisticRegression(
            C=float(hyperparameters["C"]), max_iter=int(hyperparameters["max_iter"]), random_state=seed
        )
    if model_type == "random_forest":
        depth = int(hyperparameters["max_depth"])
        return RandomForestClassifier(
            n_estimators=int(hyperparameters["n_estimators"]), max_depth=depth or None, random_state=seed
        )
    raise ValueError(f"model_type={model_type!r} is not supported; use one of {sorted(HYPERPARAMETERS)}")
