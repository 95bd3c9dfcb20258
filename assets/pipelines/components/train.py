"""Training, as a lightweight component: the local run's stand-in for the Vertex AI custom job.

On Vertex AI the pipeline trains in the training container (components/training_job.py). This
component runs the same code, trainer.task.train_and_save from assets/containers/training,
in-process: the local run (kfp.local) needs the trainer package on PYTHONPATH
(runtime.TRAINER_SOURCE). A test trains both ways and compares the models.

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
    hyperparameters: str,
    model: Output[Model],
):
    import json

    try:
        from trainer.task import train_and_save
    except ImportError as err:
        raise RuntimeError(
            "the trainer package is not importable: the local run needs assets/containers/training "
            "on PYTHONPATH (the training container's code)"
        ) from err

    metadata = train_and_save(
        train_data=train_data.path,
        label=json.loads(schema_json)["label"],
        model_type=model_type,
        seed=seed,
        hyperparameters=json.loads(hyperparameters or "{}"),
        model_dir=model.path,
        scaler=scaler.path,
    )
    model.metadata.update(metadata)
