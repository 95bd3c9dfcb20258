"""Container image and pinned packages shared by the components."""

# Composer 3 and the project's venv run Python 3.11 too.
BASE_IMAGE = "python:3.11-slim"

NUMPY = "numpy==2.4.6"
PANDAS = "pandas==3.1.1"
SCIKIT_LEARN = "scikit-learn==1.9.1"
AIPLATFORM = "google-cloud-aiplatform==2.7.0"

DATA_PACKAGES = [NUMPY, PANDAS]
ML_PACKAGES = [NUMPY, PANDAS, SCIKIT_LEARN]
DEPLOY_PACKAGES = [AIPLATFORM]
