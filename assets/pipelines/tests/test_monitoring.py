"""The model-monitoring step against a real JobService gRPC server on 127.0.0.1 (the client
library's own transport contract and message types; tests/vertex_grpc.py): what it creates,
what it updates, and the bad parameters it refuses before calling anything."""

from __future__ import annotations

import json

import pytest
from google.cloud import aiplatform_v1 as v1
from google.cloud.aiplatform_v1.services.job_service.transports import JobServiceGrpcTransport
from google.longrunning import operations_pb2
from google.protobuf import any_pb2
from kfp import dsl

from conftest import ASSETS, DEPLOY_ARGS
from components.monitor import monitor_deployment
from vertex_grpc import LoopbackService

SERVICE = "google.cloud.aiplatform.v1.JobService"
PARENT = "projects/acme-ml-dev/locations/europe-west4"
TRAIN = "gs://acme-ml-dev-pipeline-root/end2end/run-1/preprocess/train_data"
CONFIG = (ASSETS / "monitoring" / "iris.monitoring.json").read_text()
EMAILS = ["ml-oncall@acme.example", "data@acme.example"]
CHANNELS = ["projects/acme-ml-dev/notificationChannels/42"]


def call(tmp_path, address="", **overrides):
    deployment = dsl.Artifact(uri=str(tmp_path / "deployment"), metadata={"deployed_model_ids": ["333"]})
    out = tmp_path / "monitoring.json"
    params = {
        "project": DEPLOY_ARGS["project"], "location": "europe-west4", "endpoint": DEPLOY_ARGS["endpoint"],
        "kms_key_name": DEPLOY_ARGS["kms_key_name"], "monitoring_config_json": CONFIG,
        "alert_emails": EMAILS, "notification_channels": CHANNELS, "dry_run": False, **overrides,
    }
    monitoring = dsl.Artifact(uri=str(out))
    monitor_deployment.python_func(deployment=deployment, training_data=dsl.Dataset(uri=TRAIN),
                                   monitoring=monitoring, api_endpoint=address, **params)
    return json.loads(out.read_text()), monitoring


def created(request):
    job = v1.ModelDeploymentMonitoringJob(request.model_deployment_monitoring_job)
    job.name = f"{request.parent}/modelDeploymentMonitoringJobs/9"
    job.state = v1.JobState.JOB_STATE_PENDING
    return job


def test_creates_the_job_with_cmek_thresholds_emails_and_the_endpoint(tmp_path):
    handlers = {
        "ListModelDeploymentMonitoringJobs": lambda r: v1.ListModelDeploymentMonitoringJobsResponse(),
        "CreateModelDeploymentMonitoringJob": created,
    }
    with LoopbackService(JobServiceGrpcTransport, SERVICE, handlers) as server:
        record, monitoring = call(tmp_path, server.address)

    [listed] = server.called("ListModelDeploymentMonitoringJobs")
    assert listed.parent == PARENT
    [request] = server.called("CreateModelDeploymentMonitoringJob")
    assert request.parent == PARENT
    job = request.model_deployment_monitoring_job
    assert job.encryption_spec.kms_key_name == "projects/acme-kms-dev/locations/europe-west4/keyRings/ml/cryptoKeys/vertex"
    assert job.endpoint == "projects/acme-ml-dev/locations/europe-west4/endpoints/1234567890"
    assert job.display_name == "monitor-1234567890"
    assert list(job.model_monitoring_alert_config.email_alert_config.user_emails) == EMAILS
    assert list(job.model_monitoring_alert_config.notification_channels) == CHANNELS
    assert job.model_monitoring_alert_config.enable_logging is True
    assert job.logging_sampling_strategy.random_sample_config.sample_rate == pytest.approx(0.8)
    assert job.model_deployment_monitoring_schedule_config.monitor_interval.total_seconds() == 3600
    [objective] = job.model_deployment_monitoring_objective_configs
    assert objective.deployed_model_id == "333"
    config = objective.objective_config
    assert list(config.training_dataset.gcs_source.uris) == [TRAIN]
    assert config.training_dataset.data_format == "csv"
    assert config.training_dataset.target_field == "species"
    skew = {k: round(v.value, 3) for k, v in config.training_prediction_skew_detection_config.skew_thresholds.items()}
    drift = {k: round(v.value, 3) for k, v in config.prediction_drift_detection_config.drift_thresholds.items()}
    assert skew == {"sepal_length": 0.3, "sepal_width": 0.3, "petal_length": 0.2, "petal_width": 0.2}
    assert drift == {"sepal_length": 0.3, "sepal_width": 0.3, "petal_length": 0.2, "petal_width": 0.2}
    assert dict(job.labels) == {"managed-by": "end2end-pipeline"}

    assert record["action"] == "created"
    assert record["name"] == f"{PARENT}/modelDeploymentMonitoringJobs/9"
    assert record["state"] == "JOB_STATE_PENDING"
    assert monitoring.metadata["monitoring_job"] == record["name"]


def test_an_existing_job_on_the_endpoint_is_updated_for_the_new_deployed_model(tmp_path):
    existing = v1.ModelDeploymentMonitoringJob(
        name=f"{PARENT}/modelDeploymentMonitoringJobs/5", endpoint=DEPLOY_ARGS["endpoint"],
        encryption_spec=v1.EncryptionSpec(kms_key_name=DEPLOY_ARGS["kms_key_name"]))
    other = v1.ModelDeploymentMonitoringJob(name=f"{PARENT}/modelDeploymentMonitoringJobs/6",
                                            endpoint=f"{PARENT}/endpoints/777")

    def update(request):
        job = v1.ModelDeploymentMonitoringJob(request.model_deployment_monitoring_job)
        job.state = v1.JobState.JOB_STATE_RUNNING
        response = any_pb2.Any()
        response.Pack(v1.ModelDeploymentMonitoringJob.pb(job))
        return operations_pb2.Operation(name=f"{job.name}/operations/1", done=True, response=response)

    handlers = {
        "ListModelDeploymentMonitoringJobs":
            lambda r: v1.ListModelDeploymentMonitoringJobsResponse(model_deployment_monitoring_jobs=[other, existing]),
        "UpdateModelDeploymentMonitoringJob": update,
    }
    with LoopbackService(JobServiceGrpcTransport, SERVICE, handlers) as server:
        record, _ = call(tmp_path, server.address)

    [request] = server.called("UpdateModelDeploymentMonitoringJob")
    job = request.model_deployment_monitoring_job
    assert job.name == f"{PARENT}/modelDeploymentMonitoringJobs/5"
    assert [o.deployed_model_id for o in job.model_deployment_monitoring_objective_configs] == ["333"]
    assert list(request.update_mask.paths) == [
        "model_deployment_monitoring_objective_configs", "model_deployment_monitoring_schedule_config",
        "logging_sampling_strategy", "model_monitoring_alert_config", "labels"]
    assert record == {**record, "action": "updated", "name": f"{PARENT}/modelDeploymentMonitoringJobs/5",
                      "state": "JOB_STATE_RUNNING"}


def test_a_job_under_another_key_is_not_silently_kept(tmp_path):
    existing = v1.ModelDeploymentMonitoringJob(name=f"{PARENT}/modelDeploymentMonitoringJobs/5",
                                               endpoint=DEPLOY_ARGS["endpoint"])
    handlers = {"ListModelDeploymentMonitoringJobs":
                lambda r: v1.ListModelDeploymentMonitoringJobsResponse(model_deployment_monitoring_jobs=[existing])}
    with LoopbackService(JobServiceGrpcTransport, SERVICE, handlers) as server:
        with pytest.raises(ValueError, match="is encrypted with a Google-managed key, not kms_key_name="):
            call(tmp_path, server.address)
    assert server.called("UpdateModelDeploymentMonitoringJob") == []


def test_dry_run_records_the_same_request_without_calling(tmp_path):
    record, monitoring = call(tmp_path, dry_run=True)
    assert "action" not in record and monitoring.metadata["action"] == "none"
    job = record["job"]
    assert job["encryption_spec"] == {"kms_key_name": DEPLOY_ARGS["kms_key_name"]}
    assert job["model_monitoring_alert_config"]["email_alert_config"]["user_emails"] == EMAILS


@pytest.mark.parametrize(
    ("override", "message"),
    [
        ({"kms_key_name": ""}, "there is no unencrypted fallback"),
        ({"kms_key_name": "projects/k/locations/us-central1/keyRings/r/cryptoKeys/k"},
         "kms_key_name is in us-central1; the monitoring job needs a key in europe-west4"),
        ({"alert_emails": [], "notification_channels": []}, "an alert nobody receives is not monitoring"),
        ({"alert_emails": ["oncall"]}, "monitoring_alert_emails: 'oncall' is not an e-mail address"),
        ({"notification_channels": ["42"]}, "monitoring_notification_channels: '42' must be projects/P/notificationChannels/ID"),
        ({"monitoring_config_json": '{"targetField": "species", "samplingRate": 0.5, "skewThresholds": {"x": 2}}'},
         "skewThresholds.x=2 must be a number in (0, 1]"),
        ({"monitoring_config_json": '{"targetField": "species", "samplingRate": 0, "driftThresholds": {"x": 0.1}}'},
         "samplingRate=0 must be in (0, 1]"),
        ({"endpoint": "1234"}, "endpoint='1234' must be a resource name"),
    ],
)
def test_bad_parameters_name_the_field_before_any_call(tmp_path, override, message):
    with pytest.raises(ValueError, match="monitoring parameters are invalid") as err:
        call(tmp_path, "127.0.0.1:9", **override)
    assert message in str(err.value)
