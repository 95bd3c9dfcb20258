"""What Cloud Build gets: Dockerfiles that lint clean, build configs that push to the CMEK
registry by content tag, and image packages pinned to the venv the tests run in."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from containers_support import ASSETS as ASSETS_DIR
from containers_support import CONTAINERS, IMAGE_CODE, REPO_ROOT

IMAGES = ["training", "tuning", "prediction"]
# The web service (assets/web) is Node.js: its context is staged by scripts/web-image.js, so only
# the lint, the build config and the tag apply to it here (__tests__/web/image.test.ts runs it).
WEB = REPO_ROOT / "assets" / "web"
LOCK = REPO_ROOT / "requirements" / "python.txt"
BUILD = REPO_ROOT / "scripts" / "container-build.sh"


def hadolint() -> str:
    found = Path(sys.executable).parent / "hadolint"
    return str(found) if found.exists() else shutil.which("hadolint")


@pytest.mark.parametrize("image", IMAGES)
def test_dockerfile_lints_clean(image):
    done = subprocess.run([hadolint(), "--failure-threshold", "info", str(CONTAINERS / image / "Dockerfile")],
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr


def test_web_dockerfile_lints_clean():
    done = subprocess.run([hadolint(), "--failure-threshold", "info", str(WEB / "Dockerfile")], capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr


def test_web_cloudbuild_pushes_to_the_registry_by_content_tag():
    config = yaml.safe_load((WEB / "cloudbuild.yaml").read_text())
    ref = "${_REGION}-docker.pkg.dev/${PROJECT_ID}/${_REPOSITORY}/web:${_TAG}"
    assert config["images"] == [ref]
    [step] = config["steps"]
    assert step["args"][:3] == ["build", "--file=Dockerfile", f"--tag={ref}"]
    assert step["args"][-1] == "."
    assert config["options"]["logging"] == "CLOUD_LOGGING_ONLY"
    assert config["substitutions"]["_REGION"] == "europe-west4"


def test_hadolint_catches_what_it_should(tmp_path):
    bad = tmp_path / "Dockerfile"
    bad.write_text("FROM python:latest\nRUN pip install flask\nUSER root\n")
    done = subprocess.run([hadolint(), str(bad)], capture_output=True, text=True)
    assert done.returncode != 0
    assert "DL3007" in done.stdout and "DL3013" in done.stdout and "DL3002" in done.stdout


@pytest.mark.parametrize("image", IMAGES)
def test_dockerfile_runs_as_a_user_and_copies_only_its_code(image):
    text = (CONTAINERS / image / "Dockerfile").read_text()
    assert re.search(r"^USER 10001$", text, re.M)
    copied = re.findall(r"^COPY (\S+) ", text, re.M)
    assert copied[0] == f"{image}/requirements.txt"
    assert sorted({c.split("/")[0] for c in copied}) == sorted(IMAGE_CODE[image])


@pytest.mark.parametrize("image", IMAGES)
def test_image_pins_are_the_lock(image):
    locked = dict(line.lower().split("==") for line in LOCK.read_text().splitlines() if line and not line.startswith("#"))
    pins = [line for line in (CONTAINERS / image / "requirements.txt").read_text().splitlines()
            if line and not line.startswith("#")]
    assert pins, image
    for pin in pins:
        name, version = pin.lower().split("==")
        assert locked[name] == version, f"{image}: {pin} differs from requirements/python.txt ({locked.get(name)})"


@pytest.mark.parametrize("image", IMAGES)
def test_cloudbuild_pushes_to_the_registry_by_content_tag(image):
    config = yaml.safe_load((CONTAINERS / image / "cloudbuild.yaml").read_text())
    ref = f"${{_REGION}}-docker.pkg.dev/${{PROJECT_ID}}/${{_REPOSITORY}}/{image}:${{_TAG}}"
    assert config["images"] == [ref]
    [step] = config["steps"]
    assert step["args"][:3] == ["build", f"--file={image}/Dockerfile", f"--tag={ref}"]
    assert step["args"][-1] == "."
    assert config["options"]["logging"] == "CLOUD_LOGGING_ONLY"
    assert config["substitutions"]["_REGION"] == "europe-west4"
    # Filled in by container-build.sh with the environment's image-builder account.
    assert config["serviceAccount"] == "projects/PROJECT_ID/serviceAccounts/IMAGE_BUILDER"


def tag(image: str) -> str:
    done = subprocess.run(["bash", str(BUILD), "--tag", image], capture_output=True, text=True, check=True)
    return done.stdout.strip()


def test_content_tags_are_stable_and_differ_per_image():
    tags = {image: tag(image) for image in [*IMAGES, "validation", "dataflow", "web"]}
    assert all(re.fullmatch(r"[0-9a-f]{16}", t) for t in tags.values())
    assert len(set(tags.values())) == 6
    assert tags == {image: tag(image) for image in [*IMAGES, "validation", "dataflow", "web"]}


def test_the_tuning_tag_follows_the_training_code(tmp_path):
    """A copy of the build script and context: editing trainer/ changes training and tuning tags only."""
    root = copy_build_tree(tmp_path)

    def tags() -> dict:
        return {i: subprocess.run(["bash", str(root / "scripts" / "container-build.sh"), "--tag", i],
                                  capture_output=True, text=True, check=True).stdout.strip() for i in IMAGES}

    before = tags()
    model = root / "assets" / "containers" / "training" / "trainer" / "model.py"
    model.write_text(model.read_text() + "\n# a team's change\n")
    after = tags()
    assert after["training"] != before["training"]
    assert after["tuning"] != before["tuning"]
    assert after["prediction"] == before["prediction"]


def test_build_script_refuses_an_unknown_image():
    done = subprocess.run(["bash", str(BUILD), "--tag", "serving"], capture_output=True, text=True)
    assert done.returncode == 2
    assert "unknown image 'serving'; use one of " in done.stderr
    assert "dataflow, prediction, training, tuning, validation" in done.stderr


# gcloud is the boundary: there is no Cloud Build here. A stand-in on GCLOUD records what the
# script asks of it and answers `artifacts docker images describe` from a list of pushed refs.
GCLOUD_STAND_IN = """#!/usr/bin/env bash
printf '%s\\n' "$*" >> "$CALLS"
if [ "$1 $2 $3 $4" = "artifacts docker images describe" ]; then grep -qxF "$5" "$PUSHED"; exit $?; fi
if [ "$1 $2" = "builds submit" ]; then
  while [ $# -gt 0 ]; do [ "$1" = "--config" ] && cp "$2" "$CONFIGS/$(basename "$(dirname "$2")").yaml"; shift; done
fi
"""


def copy_build_tree(tmp_path: Path) -> Path:
    """A copy of the build script and every image folder under assets/containers, with the
    Dataflow package the validation and dataflow images copy (their context is assets)."""
    root = tmp_path / "repo"
    (root / "scripts").mkdir(parents=True)
    shutil.copy(BUILD, root / "scripts" / "container-build.sh")
    ignore = shutil.ignore_patterns("__pycache__", "tests", "*.egg-info")
    shutil.copytree(CONTAINERS, root / "assets" / "containers", ignore=ignore)
    shutil.copytree(ASSETS_DIR / "dataflow", root / "assets" / "dataflow", ignore=ignore)
    return root


@pytest.fixture
def repo(tmp_path):
    """A copy of the build script and every image folder, plus a web image with no image.conf."""
    root = copy_build_tree(tmp_path)
    web = root / "assets" / "web"
    (web / "node_modules" / "x").mkdir(parents=True)
    (web / "node_modules" / "x" / "cloudbuild.yaml").write_text("# a dependency's file: not an image\n")
    (web / "Dockerfile").write_text("FROM node:22-slim\n")
    (web / "cloudbuild.yaml").write_text((CONTAINERS / "prediction" / "cloudbuild.yaml").read_text().replace("prediction", "web"))
    gcloud = tmp_path / "gcloud"
    gcloud.write_text(GCLOUD_STAND_IN)
    gcloud.chmod(0o755)
    (tmp_path / "configs").mkdir()
    (tmp_path / "pushed").write_text("")
    env = {**os.environ, "GCLOUD": str(gcloud), "CALLS": str(tmp_path / "calls"), "PUSHED": str(tmp_path / "pushed"),
           "CONFIGS": str(tmp_path / "configs"), "SOURCE_STAGING": "gs://mlops-dev-container-source/source"}
    return root, tmp_path, env


def run_build(root, env, *args):
    return subprocess.run(["bash", str(root / "scripts" / "container-build.sh"), *args], capture_output=True, text=True, env=env)


def test_every_folder_with_a_cloudbuild_yaml_is_an_image(repo):
    root, _, env = repo
    assert run_build(root, env, "--list").stdout.split() == ["dataflow", "prediction", "training", "tuning", "validation", "web"]
    # Without image.conf the context is the folder itself and the tag covers all of it.
    web_tag = run_build(root, env, "--tag", "web").stdout.strip()
    (root / "assets" / "web" / "server.ts").write_text("export {};\n")
    assert re.fullmatch(r"[0-9a-f]{16}", web_tag) and run_build(root, env, "--tag", "web").stdout.strip() != web_tag


def test_builds_only_what_changed_as_the_image_builder(repo):
    root, tmp, env = repo
    registry = "europe-west4-docker.pkg.dev/acme-ml-dev/mlops-dev-containers"
    tags = {i: run_build(root, env, "--tag", i).stdout.strip() for i in ["dataflow", "prediction", "training", "tuning", "validation", "web"]}
    (tmp / "pushed").write_text(f"{registry}/training:{tags['training']}\n")
    done = run_build(root, env, "acme-ml-dev", "mlops-dev-containers", "mlops-d-imgbuild@acme-ml-dev.iam.gserviceaccount.com")
    assert done.returncode == 0, done.stderr
    assert f"{registry}/training:{tags['training']} exists (sources unchanged); not rebuilding" in done.stdout
    submits = [c for c in (tmp / "calls").read_text().splitlines() if c.startswith("builds submit")]
    assert [c.split()[2] for c in submits] == (
        [str(root / "assets")] + [str(root / "assets" / "containers")] * 2 + [str(root / "assets"), str(root / "assets" / "web")]
    )
    for call, image in zip(submits, ["dataflow", "prediction", "tuning", "validation", "web"], strict=True):
        assert f"--substitutions _REGION=europe-west4,_REPOSITORY=mlops-dev-containers,_TAG={tags[image]}" in call
        assert "--gcs-source-staging-dir gs://mlops-dev-container-source/source" in call
        assert "--project acme-ml-dev --region europe-west4" in call
        assert "--suppress-logs" in call
        config = yaml.safe_load((tmp / "configs" / f"{image}.yaml").read_text())
        assert config["serviceAccount"] == "projects/acme-ml-dev/serviceAccounts/mlops-d-imgbuild@acme-ml-dev.iam.gserviceaccount.com"
        assert config["options"]["logging"] == "CLOUD_LOGGING_ONLY"
    # The committed files keep the placeholder: the account is written into a copy only.
    assert "IMAGE_BUILDER" in (root / "assets" / "web" / "cloudbuild.yaml").read_text()


def test_refuses_a_build_that_would_run_as_a_default_account(repo):
    root, tmp, env = repo
    web = root / "assets" / "web" / "cloudbuild.yaml"
    web.write_text("\n".join(l for l in web.read_text().splitlines() if not l.startswith("serviceAccount:")) + "\n")
    done = run_build(root, env, "acme-ml-dev", "mlops-dev-containers", "mlops-d-imgbuild@acme-ml-dev.iam.gserviceaccount.com", "web")
    assert done.returncode == 2
    assert ("container-build: assets/web/cloudbuild.yaml has no line 'serviceAccount: projects/PROJECT_ID/serviceAccounts/IMAGE_BUILDER': "
            "builds run as the image-builder account, never a default one") in done.stderr
    bad = run_build(root, env, "acme-ml-dev", "mlops-dev-containers", "mlops-d-imgbuild")
    assert bad.returncode == 2
    assert "BUILD_SA 'mlops-d-imgbuild' is not a service-account e-mail" in bad.stderr
    assert not (tmp / "calls").exists()



# The TFDV validation image: built from the context assets (it copies the Dataflow package), on
# the Beam/TFDV lock, running the module the pipeline's validation job names.
DATAFLOW_LOCK = REPO_ROOT / "requirements" / "dataflow.txt"


def test_validation_dockerfile_lints_clean_and_copies_the_dataflow_package():
    dockerfile = CONTAINERS / "validation" / "Dockerfile"
    done = subprocess.run([hadolint(), "--failure-threshold", "info", str(dockerfile)], capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr
    text = dockerfile.read_text()
    assert re.search(r"^USER 10001$", text, re.M)
    assert re.findall(r"^COPY (\S+) (\S+)$", text, re.M) == [
        ("containers/validation/requirements.txt", "./requirements.txt"),
        ("dataflow/iris_preprocess", "./iris_preprocess"),
        ("dataflow/schema", "./schema"),
    ]
    assert re.search(r"^ENTRYPOINT (.*)$", text, re.M).group(1) == '["python", "-m", "iris_preprocess.validate"]'


@pytest.mark.parametrize("image_name", ["validation", "dataflow"])
def test_tfdv_image_pins_are_the_dataflow_lock(image_name):
    def pins(path):
        return {line.split("==")[0].lower(): line.split("==")[1]
                for line in path.read_text().splitlines() if line and not line.startswith("#")}

    image, lock = pins(CONTAINERS / image_name / "requirements.txt"), pins(DATAFLOW_LOCK)
    assert image["tensorflow-data-validation"] == "1.16.1" and image["apache-beam"] == "2.61.0"
    assert {name: lock.get(name) for name in image} == image
    # all of the lock but the test runner
    assert sorted(set(lock) - set(image)) == ["iniconfig", "pytest"]


def test_the_validation_tag_follows_the_dataflow_code(tmp_path):
    root = copy_build_tree(tmp_path)

    def tags() -> dict:
        return {i: subprocess.run(["bash", str(root / "scripts" / "container-build.sh"), "--tag", i],
                                  capture_output=True, text=True, check=True).stdout.strip()
                for i in ("training", "validation")}

    before = tags()
    assert before["validation"] == tag("validation")
    schema = root / "assets" / "dataflow" / "schema" / "iris.schema.pbtxt"
    schema.write_text(schema.read_text() + "\n")
    after = tags()
    assert after["validation"] != before["validation"]
    assert after["training"] == before["training"]


# The Dataflow Flex Template image: launcher and worker SDK container in one, so nothing is
# installed at launch or on a worker (neither has a route to PyPI).
def test_flex_template_dockerfile_lints_clean_and_is_launcher_and_worker():
    dockerfile = CONTAINERS / "dataflow" / "Dockerfile"
    done = subprocess.run([hadolint(), "--failure-threshold", "info", str(dockerfile)], capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr
    text = dockerfile.read_text()
    assert re.findall(r"^FROM (\S+)", text, re.M) == [
        "gcr.io/dataflow-templates-base/python311-template-launcher-base:flex_templates_base_image_release_20240628_RC00",
        "apache/beam_python3.11_sdk:2.61.0",
        "python:3.11-slim",
    ]
    assert re.findall(r"^COPY (.+)$", text, re.M) == [
        "--from=beam /opt/apache/beam /opt/apache/beam",
        "--from=launcher /opt/google/dataflow/python_template_launcher /opt/google/dataflow/python_template_launcher",
        "containers/dataflow/requirements.txt ./requirements.txt",
        "dataflow/iris_preprocess ./iris_preprocess",
        "dataflow/schema ./schema",
    ]
    assert "FLEX_TEMPLATE_PYTHON_PY_FILE=/template/iris_preprocess/pipeline.py" in text
    # either would make the launcher download packages at launch time
    assert not re.search(r"^\s*(ENV\s+)?FLEX_TEMPLATE_PYTHON_(REQUIREMENTS|SETUP)_FILE", text, re.M)
    assert re.search(r"^ENTRYPOINT (.*)$", text, re.M).group(1) == '["/opt/apache/beam/boot"]'
    # the SDK boot must be the Beam the image installs
    assert re.search(r"^apache-beam==2\.61\.0$", (CONTAINERS / "dataflow" / "requirements.txt").read_text(), re.M)


@pytest.mark.parametrize("image", ["validation", "dataflow"])
def test_tfdv_images_build_from_the_assets_context(image):
    """Both images copy the Dataflow package's code and schema, so Cloud Build gets assets/."""
    config = yaml.safe_load((CONTAINERS / image / "cloudbuild.yaml").read_text())
    ref = f"${{_REGION}}-docker.pkg.dev/${{PROJECT_ID}}/${{_REPOSITORY}}/{image}:${{_TAG}}"
    assert config["images"] == [ref]
    [step] = config["steps"]
    assert step["args"][:3] == ["build", f"--file=containers/{image}/Dockerfile", f"--tag={ref}"]
    assert config["options"]["logging"] == "CLOUD_LOGGING_ONLY"
    assert config["serviceAccount"] == "projects/PROJECT_ID/serviceAccounts/IMAGE_BUILDER"
    assert f"\ncontext=assets\nsources=containers/{image} dataflow/iris_preprocess dataflow/schema\n" in (
        CONTAINERS / image / "image.conf").read_text()
