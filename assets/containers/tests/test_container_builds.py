"""What Cloud Build gets: Dockerfiles that lint clean, build configs that push to the CMEK
registry by content tag, and image packages pinned to the venv the tests run in."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

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


def tag(image: str) -> str:
    done = subprocess.run(["bash", str(BUILD), "--tag", image], capture_output=True, text=True, check=True)
    return done.stdout.strip()


def test_content_tags_are_stable_and_differ_per_image():
    tags = {image: tag(image) for image in [*IMAGES, "web"]}
    assert all(re.fullmatch(r"[0-9a-f]{16}", t) for t in tags.values())
    assert len(set(tags.values())) == 4
    assert tags == {image: tag(image) for image in [*IMAGES, "web"]}


def test_the_tuning_tag_follows_the_training_code(tmp_path):
    """A copy of the build script and context: editing trainer/ changes training and tuning tags only."""
    root = tmp_path / "repo"
    (root / "scripts").mkdir(parents=True)
    shutil.copy(BUILD, root / "scripts" / "container-build.sh")
    shutil.copytree(CONTAINERS, root / "assets" / "containers", ignore=shutil.ignore_patterns("__pycache__", "tests"))

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
    assert "unknown image 'serving'; use training, tuning, prediction or web" in done.stderr
