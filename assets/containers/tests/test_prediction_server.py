"""The prediction container's entrypoint as a local process on 127.0.0.1: real HTTP requests
on Vertex AI's routes, with the model the training container wrote."""

from __future__ import annotations

import json
import subprocess
import sys
import time
import urllib.error
import urllib.request

import pandas as pd
import pytest

from containers_support import free_port, image_env

HEALTH, PREDICT = "/v1/health", "/v1/models/iris:predict"


class Server:
    def __init__(self, storage_uri: str, **env: str):
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.process = subprocess.Popen(
            [sys.executable, "-m", "server"],
            env=image_env("prediction", SERVER_HOST="127.0.0.1", AIP_HTTP_PORT=str(self.port),
                          AIP_HEALTH_ROUTE=HEALTH, AIP_PREDICT_ROUTE=PREDICT, AIP_STORAGE_URI=storage_uri, **env),
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
        )

    def wait_healthy(self, timeout: float = 60) -> int:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise AssertionError(f"server exited {self.process.returncode}: {self.process.stdout.read()}")
            try:
                with urllib.request.urlopen(self.base + HEALTH, timeout=1) as response:
                    return response.status
            except OSError:
                time.sleep(0.1)
        raise AssertionError("server did not become healthy")

    def post(self, body, raw: bytes | None = None) -> tuple[int, dict]:
        data = raw if raw is not None else json.dumps(body).encode()
        request = urllib.request.Request(self.base + PREDICT, data=data, headers={"Content-Type": "application/json"})
        try:
            with urllib.request.urlopen(request, timeout=10) as response:
                return response.status, json.loads(response.read())
        except urllib.error.HTTPError as err:
            return err.code, json.loads(err.read())

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


@pytest.fixture(scope="module")
def server(trained_model):
    running = Server(str(trained_model))
    running.wait_healthy()
    yield running
    running.stop()


def test_health_route_answers(server):
    with urllib.request.urlopen(server.base + HEALTH, timeout=5) as response:
        assert response.status == 200
        assert json.loads(response.read()) == {"status": "ok"}


def test_predicts_the_held_out_rows(server, split):
    test = pd.read_csv(split / "test.csv")
    features = ["sepal_length", "sepal_width", "petal_length", "petal_width"]
    status, body = server.post({"instances": test[features].values.tolist()})
    assert status == 200
    assert len(body["predictions"]) == len(test) == 30
    accuracy = (pd.Series(body["predictions"]) == test["species"]).mean()
    assert accuracy > 0.8


def test_instances_as_objects_and_probabilities(server):
    status, body = server.post({
        "instances": [{"sepal_length": 5.1, "sepal_width": 3.5, "petal_length": 1.4, "petal_width": 0.2}],
        "parameters": {"probabilities": True},
    })
    assert status == 200
    [prediction] = body["predictions"]
    assert prediction["label"] == "setosa"
    assert set(prediction["probabilities"]) == {"setosa", "versicolor", "virginica"}
    assert prediction["probabilities"]["setosa"] > 0.8
    assert abs(sum(prediction["probabilities"].values()) - 1.0) < 1e-4


@pytest.mark.parametrize(
    ("body", "error"),
    [
        ({"instances": [[5.1, 3.5, 1.4, 0.2], [5.1, 3.5, 1.4]]},
         "instances[1]: expected 4 numbers (sepal_length, sepal_width, petal_length, petal_width), got 3 value(s)"),
        ({"instances": [[5.1, "wide", 1.4, 0.2]]}, 'instances[0]: sepal_width="wide" is not a finite number'),
        ({"instances": [{"sepal_length": 5.1, "sepal_width": 3.5, "petal_length": 1.4, "petal_wdth": 0.2}]},
         "instances[0]: missing ['petal_width']; unknown ['petal_wdth']; expected the keys "
         "['sepal_length', 'sepal_width', 'petal_length', 'petal_width']"),
        ({"instances": ["5.1,3.5,1.4,0.2"]},
         "instances[0]: expected a list of 4 numbers (sepal_length, sepal_width, petal_length, petal_width) "
         'or an object keyed by feature, got str "5.1,3.5,1.4,0.2"'),
        ({"instances": []}, '"instances" must be a non-empty list, got list'),
        ({"rows": [[1, 2, 3, 4]]}, 'the request body must be an object with "instances": {"instances": [...]}'),
        ({"instances": [[5.1, 3.5, 1.4, 0.2]], "parameters": [1]}, '"parameters" must be an object, got list'),
    ],
    ids=["short", "not-a-number", "wrong-keys", "csv-string", "empty", "no-instances", "parameters"],
)
def test_malformed_instances_get_a_400_that_says_what_is_wrong(server, body, error):
    assert server.post(body) == (400, {"error": error})


def test_a_body_that_is_not_json(server):
    assert server.post(None, raw=b"sepal_length=5.1") == (
        400, {"error": 'the request body is not JSON: send {"instances": [...]}'}
    )


def test_loads_the_model_from_a_gs_storage_uri(trained_model, gcs_bucket, fake_gcs):
    for path in trained_model.iterdir():
        gcs_bucket.blob(f"models/iris/1/{path.name}").upload_from_filename(str(path))
    running = Server(f"gs://{gcs_bucket.name}/models/iris/1", STORAGE_EMULATOR_HOST=fake_gcs,
                     GOOGLE_CLOUD_PROJECT="test")
    try:
        assert running.wait_healthy() == 200
        assert running.post({"instances": [[6.7, 3.0, 5.2, 2.3]]}) == (200, {"predictions": ["virginica"]})
    finally:
        running.stop()


def test_no_model_at_the_storage_uri_stops_with_a_clear_message(tmp_path):
    done = subprocess.run(
        [sys.executable, "-m", "server"], capture_output=True, text=True, timeout=60,
        env=image_env("prediction", SERVER_HOST="127.0.0.1", AIP_HTTP_PORT=str(free_port()),
                      AIP_STORAGE_URI=str(tmp_path)),
    )
    assert done.returncode == 2
    assert done.stderr.strip() == f"prediction-server: AIP_STORAGE_URI={str(tmp_path)!r} holds no model.joblib"
