"""Container image and pinned packages shared by the components."""

# Composer 3 and the project's venv run Python 3.11 too.
BASE_IMAGE = "python:3.11-slim"

NUMPY = "numpy==2.4.6"
PANDAS = "pandas==3.1.1"
# The serving image loads the pickled model: keep this minor version equal to the one of
# pipeline.DEFAULT_SERVING_IMAGE (sklearn-cpu.1-6, the newest prebuilt Vertex AI image).
SCIKIT_LEARN = "scikit-learn==1.6.1"
AIPLATFORM = "google-cloud-aiplatform==1.165.1"
# requirements/python.txt's, which google-cloud-aiplatform brings
BIGQUERY = "google-cloud-bigquery==3.47.0"

DATA_PACKAGES = [NUMPY, PANDAS]
ML_PACKAGES = [NUMPY, PANDAS, SCIKIT_LEARN]
DEPLOY_PACKAGES = [AIPLATFORM]
ML_AIPLATFORM_PACKAGES = [NUMPY, PANDAS, SCIKIT_LEARN, AIPLATFORM]
BIGQUERY_PACKAGES = [BIGQUERY]
DATASET_PACKAGES = [AIPLATFORM, BIGQUERY]

# Where the training container's code lives in this repository. The pipeline's local run puts it
# on PYTHONPATH and the lightweight train component imports it: the same trainer package the
# container image copies (assets/containers/training/Dockerfile).
TRAINER_SOURCE = "containers/training"
