"""Model monitoring after a deploy: creates, or updates, the endpoint's ModelDeploymentMonitoringJob.

The job watches the deployed model for training-serving skew (against the training split the
model was trained on) and prediction drift, with thresholds per feature, a request sampling
rate and an analysis interval from the monitoring config (assets/monitoring/iris.monitoring.json,
embedded at compile time as the default of monitoring_config_json), alerts by e-mail and to
Cloud Monitoring notification channels, and the Vertex AI CMEK key. Vertex AI allows one such
job per endpoint: when one exists it is updated (new deployed model, thresholds, recipients);
a job under another key cannot be re-keyed, and the step says so.

The request is the one inference/monitor.ts builds. dry_run=True validates and records the
request in the `monitoring` artifact without calling the API. api_endpoint is for tests: a
loopback address gets a plaintext channel without credentials.
"""

from kfp import dsl
from kfp.dsl import Artifact, Dataset, Input, Output

from components.runtime import BASE_IMAGE, DEPLOY_PACKAGES

@dsl.component(base_image=BASE_IMAGE, packages_to_install=DEPLOY_PACKAGES)
def monitor_deployment(
    deployment: Input[Artifact],
    training_data: Input[Dataset],
    project: str,
    location: str,
    endpoint: str,
    kms_key_name: str,
    monitoring_config_json: str,
    alert_emails: list,
    notification_channels: list,
    dry_run: bool,
    monitoring: Output[Artifact],
    api_endpoint: str = "",
):
    import json
    import re

    problems = []
    match = re.fullmatch(r"projects/([^/]+)/locations/([^/]+)/endpoints/([^/]+)", endpoint or "")
    if not match:
        problems.append(f"endpoint={endpoint!r} must be a resource name: projects/P/locations/L/endpoints/ID")
    elif match.group(2) != location:
        problems.append(f"endpoint {endpoint!r} is in {match.group(2)}, the pipeline runs in {location}")
    key = re.fullmatch(r"projects/[^/]+/locations/([^/]+)/keyRings/[^/]+/cryptoKeys/[^/]+", kms_key_name or "")
    if not key:
        problems.append(f"kms_key_name={kms_key_name!r} must be projects/P/locations/L/keyRings/R/cryptoKeys/K: "
                        "the job's logged requests are CMEK-encrypted, there is no unencrypted fallback")
    elif key.group(1) != location:
        problems.append(f"kms_key_name is in {key.group(1)}; the monitoring job needs a key in {location}")
    try:
        config = json.loads(monitoring_config_json)
    except json.JSONDecodeError as err:
        config = {}
        problems.append(f"monitoring_config_json is not JSON: {err.msg}")
    skew = config.get("skewThresholds", {})
    drift = config.get("driftThresholds", {})
    for field, thresholds in (("skewThresholds", skew), ("driftThresholds", drift)):
        for feature, value in thresholds.items():
            if not isinstance(value, (int, float)) or not 0 < value <= 1:
                problems.append(f"monitoring config {field}.{feature}={value!r} must be a number in (0, 1]")
    if config and not skew and not drift:
        problems.append("monitoring config sets neither skewThresholds nor driftThresholds: nothing to monitor")
    rate = config.get("samplingRate")
    if config and (not isinstance(rate, (int, float)) or not 0 < rate <= 1):
        problems.append(f"monitoring config samplingRate={rate!r} must be in (0, 1] (1 logs every request)")
    hours = config.get("monitorIntervalHours", 1)
    if not isinstance(hours, int) or not 1 <= hours <= 168:
        problems.append(f"monitoring config monitorIntervalHours={hours!r} must be whole hours from 1 to 168")
    if config and not config.get("targetField"):
        problems.append("monitoring config targetField is empty: name the label column of the training data")
    if not alert_emails and not notification_channels:
        problems.append("monitoring_alert_emails and monitoring_notification_channels are both empty: "
                        "an alert nobody receives is not monitoring")
    for email in alert_emails:
        if not re.fullmatch(r"[^@\s]+@[^@\s]+\.[^@\s]+", str(email)):
            problems.append(f"monitoring_alert_emails: {email!r} is not an e-mail address")
    for channel in notification_channels:
        if not re.fullmatch(r"projects/[^/]+/notificationChannels/[^/]+", str(channel)):
            problems.append(f"monitoring_notification_channels: {channel!r} must be projects/P/notificationChannels/ID")
    deployed_ids = [str(i) for i in deployment.metadata.get("deployed_model_ids", [])]
    if not dry_run and not deployed_ids:
        problems.append(f"the deploy step recorded no deployed model id in {deployment.uri}: nothing to watch")
    if problems:
        raise ValueError("monitoring parameters are invalid:\n  - " + "\n  - ".join(problems))

    from google.cloud import aiplatform_v1 as v1
    from google.protobuf import duration_pb2

    def thresholds(values):
        return {name: v1.ThresholdConfig(value=float(value)) for name, value in sorted(values.items())}

    objective = v1.ModelMonitoringObjectiveConfig(
        training_dataset=v1.ModelMonitoringObjectiveConfig.TrainingDataset(
            gcs_source=v1.GcsSource(uris=[training_data.uri]), data_format="csv",
            target_field=config["targetField"]),
    )
    if skew:
        objective.training_prediction_skew_detection_config = (
            v1.ModelMonitoringObjectiveConfig.TrainingPredictionSkewDetectionConfig(skew_thresholds=thresholds(skew)))
    if drift:
        objective.prediction_drift_detection_config = (
            v1.ModelMonitoringObjectiveConfig.PredictionDriftDetectionConfig(drift_thresholds=thresholds(drift)))
    endpoint_id = endpoint.rsplit("/", 1)[-1]
    job = v1.ModelDeploymentMonitoringJob(
        display_name=f"monitor-{endpoint_id}",
        endpoint=endpoint,
        model_deployment_monitoring_objective_configs=[
            v1.ModelDeploymentMonitoringObjectiveConfig(deployed_model_id=i, objective_config=objective)
            for i in deployed_ids
        ],
        model_deployment_monitoring_schedule_config=v1.ModelDeploymentMonitoringScheduleConfig(
            monitor_interval=duration_pb2.Duration(seconds=hours * 3600)),
        logging_sampling_strategy=v1.SamplingStrategy(
            random_sample_config=v1.SamplingStrategy.RandomSampleConfig(sample_rate=float(rate))),
        model_monitoring_alert_config=v1.ModelMonitoringAlertConfig(
            email_alert_config=v1.ModelMonitoringAlertConfig.EmailAlertConfig(user_emails=list(alert_emails)),
            notification_channels=list(notification_channels), enable_logging=True),
        encryption_spec=v1.EncryptionSpec(kms_key_name=kms_key_name),
        labels={"managed-by": "end2end-pipeline"},
    )
    parent = f"projects/{project}/locations/{location}"
    record = {"dry_run": dry_run, "parent": parent,
              "job": json.loads(v1.ModelDeploymentMonitoringJob.to_json(job, preserving_proto_field_name=True))}

    if not dry_run:
        from google.api_core.client_options import ClientOptions

        target = api_endpoint or f"{location}-aiplatform.googleapis.com"
        if re.match(r"(127\.0\.0\.1|localhost|\[::1\]):\d+$", target):
            import grpc
            from google.cloud.aiplatform_v1.services.job_service.transports import JobServiceGrpcTransport

            client = v1.JobServiceClient(transport=JobServiceGrpcTransport(channel=grpc.insecure_channel(target)))
        else:
            client = v1.JobServiceClient(client_options=ClientOptions(api_endpoint=target))
        existing = [j for j in client.list_model_deployment_monitoring_jobs(parent=parent) if j.endpoint == endpoint]
        if existing:
            current = existing[0]
            if current.encryption_spec.kms_key_name != kms_key_name:
                raise ValueError(
                    f"monitoring job {current.name} on {endpoint} is encrypted with "
                    f"{current.encryption_spec.kms_key_name or 'a Google-managed key'}, not kms_key_name={kms_key_name!r}: "
                    "a job cannot be re-keyed; delete it and re-run the pipeline")
            job.name = current.name
            # what a re-deploy changes; the endpoint and the key of a job cannot change
            operation = client.update_model_deployment_monitoring_job(
                model_deployment_monitoring_job=job,
                update_mask={"paths": ["model_deployment_monitoring_objective_configs",
                                       "model_deployment_monitoring_schedule_config", "logging_sampling_strategy",
                                       "model_monitoring_alert_config", "labels"]},
            )
            saved = operation.result(timeout=600)
            record["action"] = "updated"
        else:
            saved = client.create_model_deployment_monitoring_job(parent=parent, model_deployment_monitoring_job=job)
            record["action"] = "created"
        record["name"] = saved.name
        record["state"] = v1.JobState(saved.state).name

    with open(monitoring.path, "w", encoding="utf-8") as handle:
        json.dump(record, handle, indent=2, sort_keys=True)
    monitoring.metadata.update({"dry_run": dry_run, "endpoint": endpoint, "action": record.get("action", "none")})
    if "name" in record:
        monitoring.metadata["monitoring_job"] = record["name"]
