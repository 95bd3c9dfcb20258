"""The prediction server, on Vertex AI's custom container contract.

Vertex AI sets, and the server reads:
  AIP_HTTP_PORT      the port to listen on (default 8080)
  AIP_HEALTH_ROUTE   GET: 200 once the model is loaded (default /health)
  AIP_PREDICT_ROUTE  POST {"instances": [...], "parameters": {...}} -> {"predictions": [...]}
                     (default /predict)
  AIP_STORAGE_URI    the model's artifacts: a gs:// folder Vertex AI copied the model into
                     (a local folder works too, for tests and laptops)
The model is loaded before the server accepts a connection, so a health check never passes
for a server that cannot predict. SERVER_HOST (default 0.0.0.0, which Vertex AI needs) lets a
test bind to loopback only.
"""

from __future__ import annotations

import logging
import os
import sys
import tempfile
from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse

from server.predictor import InstanceError, Predictor

LOG = logging.getLogger("prediction-server")


class StartupError(RuntimeError):
    """The server cannot start (no model, a bad route): reported without a traceback."""


def fetch_model(storage_uri: str) -> str:
    """A local folder with the model's files: storage_uri itself, or a copy of the gs:// folder."""
    if not storage_uri:
        raise StartupError("AIP_STORAGE_URI is not set: Vertex AI sets it to the model's artifact folder; "
                           "set it to a gs:// folder or a local path")
    if not storage_uri.startswith("gs://"):
        if not Path(storage_uri, "model.joblib").is_file():
            raise StartupError(f"AIP_STORAGE_URI={storage_uri!r} holds no model.joblib")
        return storage_uri
    from google.cloud import storage

    bucket_name, _, prefix = storage_uri[len("gs://"):].partition("/")
    prefix = prefix.rstrip("/") + "/" if prefix.strip("/") else ""
    target = Path(tempfile.mkdtemp(prefix="model-"))
    blobs = [b for b in storage.Client().list_blobs(bucket_name, prefix=prefix) if not b.name.endswith("/")]
    for blob in blobs:
        path = target / blob.name[len(prefix):]
        path.parent.mkdir(parents=True, exist_ok=True)
        blob.download_to_filename(str(path))
    if not (target / "model.joblib").is_file():
        raise StartupError(f"AIP_STORAGE_URI={storage_uri!r} holds no model.joblib "
                           f"(found {sorted(b.name for b in blobs)[:5]})")
    return str(target)


def route(name: str, default: str) -> str:
    value = os.environ.get(name) or default
    if not value.startswith("/"):
        raise StartupError(f"{name}={value!r} must be a path starting with '/'")
    return value


def create_app(predictor: Predictor, health_route: str, predict_route: str):
    app = FastAPI(title="prediction-server", docs_url=None, redoc_url=None, openapi_url=None)

    def bad_request(message: str) -> JSONResponse:
        return JSONResponse(status_code=400, content={"error": message})

    @app.get(health_route)
    def health():
        return {"status": "ok"}

    @app.post(predict_route)
    async def predict(request: Request):
        try:
            body = await request.json()
        except ValueError:
            return bad_request('the request body is not JSON: send {"instances": [...]}')
        if not isinstance(body, dict) or "instances" not in body:
            return bad_request('the request body must be an object with "instances": {"instances": [...]}')
        instances, parameters = body["instances"], body.get("parameters") or {}
        if not isinstance(instances, list) or not instances:
            return bad_request(f'"instances" must be a non-empty list, got {type(instances).__name__}')
        if not isinstance(parameters, dict):
            return bad_request(f'"parameters" must be an object, got {type(parameters).__name__}')
        try:
            predictions = predictor.predict(instances, parameters)
        except InstanceError as err:
            return bad_request(str(err))
        return {"predictions": predictions}

    return app


def main() -> int:
    import uvicorn

    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    try:
        port_text = os.environ.get("AIP_HTTP_PORT", "8080")
        if not port_text.isdigit() or not 0 < int(port_text) < 65536:
            raise StartupError(f"AIP_HTTP_PORT={port_text!r} is not a port number (1-65535)")
        health_route = route("AIP_HEALTH_ROUTE", "/health")
        predict_route = route("AIP_PREDICT_ROUTE", "/predict")
        model_dir = fetch_model(os.environ.get("AIP_STORAGE_URI", ""))
        predictor = Predictor()
        predictor.load(model_dir)
    except StartupError as err:
        print(f"prediction-server: {err}", file=sys.stderr)
        return 2
    LOG.info("model loaded from %s; features %s", os.environ.get("AIP_STORAGE_URI"), predictor.features)
    app = create_app(predictor, health_route, predict_route)
    uvicorn.run(app, host=os.environ.get("SERVER_HOST", "0.0.0.0"), port=int(port_text), log_level="info")
    return 0


if __name__ == "__main__":
    sys.exit(main())
