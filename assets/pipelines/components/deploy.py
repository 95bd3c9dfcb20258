"""Deployment: upload the model to Vertex AI Model Registry and deploy it to the platform's
endpoint.

The upload carries the Vertex AI CMEK key (encryption_spec_key_name), the deployed model runs
as the serving service account, and the new model takes all traffic; models it replaces are
undeployed so they stop costing money. The endpoint itself (and its own CMEK key) belongs to
the platform and is not created here.

dry_run=True validates the parameters exactly as a real run does, then writes the upload and
deploy requests it would have made to the `deployment` artifact instead of calling the API.
Local runs and tests use it: Vertex AI is not reachable from them.
"""

from kfp import dsl
from kfp.dsl import Artifact, Input, Model, Output

from components.runtime import BASE_IMAGE, DEPLOY_PACKAGES


@dsl.component(base_image=BASE_IMAGE, packages_to_install=DEPLOY_PACKAGES)
def deploy(
    model: Input[Model],
    project: str,
    location: str,
    endpoint: str,
    kms_key_name: str,
    serving_service_account: str,
    serving_container_image: str,
    use_custom_prediction_container: bool,
    prediction_image: str,
    model_display_name: str,
    parent_model: str,
    machine_type: str,
    min_replicas: int,
    max_replicas: int,
    dry_run: bool,
    deployment: Output[Artifact],
):
    import json
    import re

    problems = []
    if not project:
        problems.append("project is empty")
    match = re.fullmatch(r"projects/([^/]+)/locations/([^/]+)/endpoints/([^/]+)", endpoint or "")
    if not match:
        problems.append(
            f"endpoint={endpoint!r} must be a resource name: projects/P/locations/L/endpoints/ID"
        )
    elif match.group(2) != location:
        problems.append(f"endpoint {endpoint!r} is in {match.group(2)}, the pipeline deploys in {location}")
    key = re.fullmatch(r"projects/([^/]+)/locations/([^/]+)/keyRings/[^/]+/cryptoKeys/[^/]+", kms_key_name or "")
    if not key:
        problems.append(
            f"kms_key_name={kms_key_name!r} must be projects/P/locations/L/keyRings/R/cryptoKeys/K: "
            "models are CMEK-encrypted, there is no unencrypted fallback"
        )
    elif key.group(2) != location:
        problems.append(
            f"kms_key_name is in {key.group(2)}; Vertex AI needs a key in the model's region {location}"
        )
    if not re.fullmatch(r"[^@\s]+@[^@\s]+\.iam\.gserviceaccount\.com", serving_service_account or ""):
        problems.append(f"serving_service_account={serving_service_account!r} is not a service account e-mail")
    if use_custom_prediction_container and not prediction_image:
        problems.append("use_custom_prediction_container is set but prediction_image is empty: set it to the "
                        "prediction container's image (<region>-docker.pkg.dev/<project>/<repository>/prediction:<tag>)")
    if not use_custom_prediction_container and not serving_container_image:
        problems.append("serving_container_image is empty")
    if not 1 <= min_replicas <= max_replicas:
        problems.append(f"replicas: need 1 <= min_replicas ({min_replicas}) <= max_replicas ({max_replicas})")
    if problems:
        raise ValueError("deploy parameters are invalid:\n  - " + "\n  - ".join(problems))

    upload = {
        "display_name": model_display_name,
        "artifact_uri": model.uri,
        "serving_container_image_uri": serving_container_image,
        "encryption_spec_key_name": kms_key_name,
        "parent_model": parent_model or None,
        "labels": {"managed-by": "end2end-pipeline"},
    }
    if use_custom_prediction_container:
        # The platform's prediction container (assets/containers/prediction): Vertex AI sets
        # AIP_HTTP_PORT, AIP_HEALTH_ROUTE, AIP_PREDICT_ROUTE and AIP_STORAGE_URI from these.
        upload.update({
            "serving_container_image_uri": prediction_image,
            "serving_container_predict_route": "/predict",
            "serving_container_health_route": "/health",
            "serving_container_ports": [8080],
        })
    # The keyword arguments of Endpoint.deploy. The dry-run record is built from the same
    # dicts the real calls take, so it cannot drift from what a real run sends.
    deploy_request = {
        "deployed_model_display_name": model_display_name,
        "machine_type": machine_type,
        "min_replica_count": min_replicas,
        "max_replica_count": max_replicas,
        "service_account": serving_service_account,
        "traffic_percentage": 100,
    }
    record = {"dry_run": dry_run, "project": project, "location": location, "upload": upload,
              "deploy": {"endpoint": endpoint, **deploy_request, "undeploy_previous_models": True}}

    if not dry_run:
        from google.cloud import aiplatform

        aiplatform.init(project=project, location=location, encryption_spec_key_name=kms_key_name)
        uploaded = aiplatform.Model.upload(**upload, sync=True)
        target = aiplatform.Endpoint(endpoint_name=endpoint, project=project, location=location)
        previous = [m.id for m in target.list_models()]
        target.deploy(model=uploaded, **deploy_request, sync=True)
        for deployed_model_id in previous:
            target.undeploy(deployed_model_id=deployed_model_id, sync=True)
        record["model_resource_name"] = uploaded.resource_name
        record["model_version_id"] = uploaded.version_id
        record["undeployed"] = previous
        # what the monitoring step watches
        record["deployed_model_ids"] = [m.id for m in target.list_models() if m.id not in previous]

    with open(deployment.path, "w", encoding="utf-8") as handle:
        json.dump(record, handle, indent=2, sort_keys=True)
    deployment.metadata.update({"dry_run": dry_run, "endpoint": endpoint})
    for field in ("model_resource_name", "model_version_id", "deployed_model_ids"):
        if field in record:
            deployment.metadata[field] = record[field]
