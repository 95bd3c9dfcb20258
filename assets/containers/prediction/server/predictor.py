"""THE PLACE WHERE A TEAM PLUGS IN ITS OWN PREDICTION CODE.

The server (main.py) calls, in this order:
  - Predictor.load(model_dir): once at start-up, with a local folder holding every file the
    training step wrote (model.joblib and metadata.json here);
  - Predictor.predict(instances, parameters): per request, with the request's "instances"
    list and optional "parameters" object; returns one prediction per instance.

Raise InstanceError for an instance the model cannot take: the server answers 400 with its
message, which should name the instance (by index), what was wrong and what is expected.
Anything else that goes wrong is a 500.
"""

from __future__ import annotations

import json
import math
import os
from numbers import Real


class InstanceError(ValueError):
    """A request's instance the model cannot take; the message goes back to the caller."""


class Predictor:
    def load(self, model_dir: str) -> None:
        import joblib

        self.model = joblib.load(os.path.join(model_dir, "model.joblib"))
        metadata_path = os.path.join(model_dir, "metadata.json")
        metadata = {}
        if os.path.exists(metadata_path):
            with open(metadata_path, encoding="utf-8") as handle:
                metadata = json.load(handle)
        width = getattr(self.model, "n_features_in_", None)
        self.features = metadata.get("features") or [f"feature_{i}" for i in range(width or 0)]
        self.classes = [str(c) for c in getattr(self.model, "classes_", [])]

    def _row(self, index: int, instance) -> list[float]:
        expected = f"{len(self.features)} numbers ({', '.join(self.features)})"
        if isinstance(instance, dict):
            missing = [name for name in self.features if name not in instance]
            extra = sorted(set(instance) - set(self.features))
            if missing or extra:
                detail = "; ".join(
                    part for part in (f"missing {missing}" if missing else "", f"unknown {extra}" if extra else "")
                    if part
                )
                raise InstanceError(f"instances[{index}]: {detail}; expected the keys {self.features}")
            values = [instance[name] for name in self.features]
        elif isinstance(instance, list):
            if len(instance) != len(self.features):
                raise InstanceError(f"instances[{index}]: expected {expected}, got {len(instance)} value(s)")
            values = instance
        else:
            raise InstanceError(
                f"instances[{index}]: expected a list of {expected} or an object keyed by feature, "
                f"got {type(instance).__name__} {json.dumps(instance)[:80]}"
            )
        for name, value in zip(self.features, values):
            if isinstance(value, bool) or not isinstance(value, Real) or not math.isfinite(value):
                raise InstanceError(f"instances[{index}]: {name}={json.dumps(value)} is not a finite number")
        return [float(v) for v in values]

    def predict(self, instances: list, parameters: dict) -> list:
        import numpy as np

        rows = np.array([self._row(i, instance) for i, instance in enumerate(instances)], dtype=float)
        labels = [str(label) for label in self.model.predict(rows)]
        if not parameters.get("probabilities"):
            # Labels alone, as Vertex AI's prebuilt scikit-learn image answers: clients work
            # with either image.
            return labels
        probabilities = self.model.predict_proba(rows)
        return [
            {"label": label, "probabilities": {c: round(float(p), 6) for c, p in zip(self.classes, row)}}
            for label, row in zip(labels, probabilities)
        ]
