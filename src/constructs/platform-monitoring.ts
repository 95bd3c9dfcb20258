import { Construct } from 'constructs';
import { ITerraformDependable } from 'cdktf';
import { MonitoringAlertPolicy, MonitoringAlertPolicyConditions } from '@cdktf/provider-google/lib/monitoring-alert-policy';
import { MonitoringNotificationChannel } from '@cdktf/provider-google/lib/monitoring-notification-channel';
import { PlatformConstruct } from '../platform-construct';
import { libraryMade } from '../library-made';
import { emailProblem } from '../rules/names';
import { IEndpoint } from './prediction-endpoint';

/** Vertex AI logs every PipelineJob state change on this resource type. */
export const PIPELINE_FAILED_LOG_FILTER = 'resource.type="aiplatform.googleapis.com/PipelineJob" AND jsonPayload.state="PIPELINE_STATE_FAILED"';

export interface PlatformMonitoringProps {
  readonly project: string;
  /** Prefix of every display name, e.g. `mlops-dev`. */
  readonly displayNamePrefix: string;
  /** Where alerts are e-mailed. */
  readonly notificationEmail: string;
  /**
   * Alert when a Vertex AI pipeline run fails.
   * @default true
   */
  readonly alertOnPipelineFailure?: boolean;
  /**
   * Log filter of a failed pipeline run, narrowed to this project by Cloud Logging.
   * @default PIPELINE_FAILED_LOG_FILTER
   */
  readonly pipelineFailureFilter?: string;
  /** Alert on every error the pipeline trigger logs. @default - no function alert */
  readonly triggerFunction?: { readonly functionName: string };
  /** Alert on the endpoint's error rate and latency. @default - no endpoint alerts */
  readonly endpoint?: IEndpoint;
  /**
   * Share of online predictions that fail, over 5 minutes, above which the endpoint alerts.
   * @default 0.05
   */
  readonly endpointErrorRateThreshold?: number;
  /** 99th percentile online prediction latency, in milliseconds, above which the endpoint alerts. @default 1000 */
  readonly endpointLatencyThresholdMs?: number;
  /** Alert when a scheduled batch prediction run fails. @default - no batch alert */
  readonly batchPrediction?: { readonly workflowName: string };
  /** Least time between two notifications of one log-based alert. @default 300 */
  readonly notificationRateLimitSeconds?: number;
  /** An incident with no new matches closes after this long. @default 86400 */
  readonly autoCloseSeconds?: number;
  /** @default {} */
  readonly labels?: Readonly<Record<string, string>>;
  /** Resources (such as enabled APIs) to wait for. @default [] */
  readonly dependsOn?: ITerraformDependable[];
}

/**
 * The platform's alerting: one e-mail notification channel and an alert policy for each way the
 * platform fails without anyone noticing: a pipeline run fails, the trigger function logs an
 * error (an event it could not turn into a run), the endpoint returns errors or answers slowly,
 * a scheduled batch prediction fails. Every policy notifies the channel.
 */
export class PlatformMonitoring extends PlatformConstruct {
  public readonly channel: MonitoringNotificationChannel;
  /** The alert policies, keyed by what they watch. */
  public readonly policies: Readonly<Record<string, MonitoringAlertPolicy>>;

  constructor(scope: Construct, id: string, props: PlatformMonitoringProps) {
    super(scope, id);
    const who = `PlatformMonitoring '${this.node.path}'`;
    if (emailProblem(props.notificationEmail)) {
      throw new Error(`${who}: notificationEmail '${props.notificationEmail}' is not an e-mail address; write it like 'ml-oncall@example.com' (a group address outlives any one person)`);
    }
    const errorRate = props.endpointErrorRateThreshold ?? 0.05;
    if (!(errorRate > 0 && errorRate < 1)) {
      throw new Error(`${who}: endpointErrorRateThreshold ${errorRate} must be a share between 0 and 1 (exclusive), e.g. 0.05 for 5%`);
    }
    const latencyMs = props.endpointLatencyThresholdMs ?? 1000;
    if (!(latencyMs > 0)) throw new Error(`${who}: endpointLatencyThresholdMs ${latencyMs} must be a positive number of milliseconds`);
    const rateLimit = props.notificationRateLimitSeconds ?? 300;
    if (!Number.isInteger(rateLimit) || rateLimit < 300) {
      throw new Error(`${who}: notificationRateLimitSeconds ${rateLimit} must be a whole number of at least 300 (Cloud Monitoring's minimum for log-based alerts)`);
    }
    const autoClose = props.autoCloseSeconds ?? 86400;
    if (!Number.isInteger(autoClose) || autoClose < 1800) {
      throw new Error(`${who}: autoCloseSeconds ${autoClose} must be a whole number of at least 1800`);
    }
    const prefix = props.displayNamePrefix;
    const userLabels = props.labels ? { ...props.labels } : undefined;
    const dependsOn = props.dependsOn ?? [];

    this.channel = new MonitoringNotificationChannel(this, 'email', {
      project: props.project,
      displayName: `${prefix} platform alerts`,
      type: 'email',
      labels: { email_address: props.notificationEmail },
      userLabels,
      dependsOn,
    });

    const policy = (key: string, displayName: string, severity: string, doc: string, conditions: MonitoringAlertPolicyConditions[], logBased: boolean) =>
      new MonitoringAlertPolicy(this, key, {
        project: props.project,
        displayName: `${prefix} ${displayName}`,
        combiner: 'OR',
        severity,
        notificationChannels: [this.channel.name],
        conditions,
        alertStrategy: logBased
          ? { notificationRateLimit: { period: `${rateLimit}s` }, autoClose: `${autoClose}s` }
          : { autoClose: `${autoClose}s` },
        documentation: { mimeType: 'text/markdown', content: doc },
        userLabels,
        dependsOn,
      });

    const policies: Record<string, MonitoringAlertPolicy> = {};
    if (props.alertOnPipelineFailure ?? true) {
      policies['pipeline-failed'] = policy('pipeline-failed', 'pipeline run failed', 'ERROR',
        'A Vertex AI pipeline run failed, so no model was trained or deployed from its data. Open the run in Vertex AI Pipelines (the log entry names it) to see the failed task.',
        [{ displayName: 'PipelineJob state FAILED', conditionMatchedLog: { filter: props.pipelineFailureFilter ?? PIPELINE_FAILED_LOG_FILTER } }],
        true);
    }
    if (props.triggerFunction) {
      const fn = props.triggerFunction;
      // A gen2 function logs as its Cloud Run service; older entries carry the function type.
      const filter = `severity>=ERROR AND ((resource.type="cloud_run_revision" AND resource.labels.service_name="${fn.functionName}") OR (resource.type="cloud_function" AND resource.labels.function_name="${fn.functionName}"))`;
      policies['trigger-errors'] = policy('trigger-errors', 'pipeline trigger error', 'ERROR',
        'The pipeline trigger function logged an error: a new object in the shared-data bucket did not start a pipeline run (bad configuration, a template that does not parse, or Vertex AI refusing the job). The log entry says which object and why.',
        [{ displayName: 'Trigger function logs an error', conditionMatchedLog: { filter } }],
        true);
    }
    if (props.endpoint) {
      const resourceFilter = `resource.type="aiplatform.googleapis.com/Endpoint" AND resource.labels.endpoint_id="${props.endpoint.endpointId}"`;
      const window = { alignmentPeriod: '300s', perSeriesAligner: 'ALIGN_DELTA', crossSeriesReducer: 'REDUCE_SUM' };
      policies['endpoint-errors'] = policy('endpoint-errors', 'endpoint error rate', 'ERROR',
        `More than ${errorRate * 100}% of online predictions on endpoint ${props.endpoint.endpointId} failed over 5 minutes.`,
        [{
          displayName: `Error rate above ${errorRate * 100}%`,
          conditionThreshold: {
            filter: `metric.type="aiplatform.googleapis.com/prediction/online/error_count" AND ${resourceFilter}`,
            denominatorFilter: `metric.type="aiplatform.googleapis.com/prediction/online/prediction_count" AND ${resourceFilter}`,
            aggregations: [window],
            denominatorAggregations: [window],
            comparison: 'COMPARISON_GT',
            thresholdValue: errorRate,
            duration: '300s',
            trigger: { count: 1 },
          },
        }],
        false);
      policies['endpoint-latency'] = policy('endpoint-latency', 'endpoint latency', 'WARNING',
        `The 99th percentile latency of online predictions on endpoint ${props.endpoint.endpointId} stayed above ${latencyMs} ms for 5 minutes.`,
        [{
          displayName: `p99 latency above ${latencyMs} ms`,
          conditionThreshold: {
            filter: `metric.type="aiplatform.googleapis.com/prediction/online/prediction_latencies" AND ${resourceFilter}`,
            aggregations: [{ alignmentPeriod: '300s', perSeriesAligner: 'ALIGN_PERCENTILE_99', crossSeriesReducer: 'REDUCE_MAX' }],
            comparison: 'COMPARISON_GT',
            thresholdValue: latencyMs,
            duration: '300s',
            trigger: { count: 1 },
          },
        }],
        false);
    }
    if (props.batchPrediction) {
      policies['batch-failed'] = policy('batch-failed', 'batch prediction failed', 'ERROR',
        'A scheduled batch prediction run failed: the workflow could not create the job, or the job ended failed, cancelled or expired. The workflow execution shows the error.',
        [{
          displayName: 'Workflow execution failed',
          conditionThreshold: {
            filter: `metric.type="workflows.googleapis.com/finished_execution_count" AND resource.type="workflows.googleapis.com/Workflow" AND resource.labels.workflow_id="${props.batchPrediction.workflowName}" AND metric.labels.status="FAILED"`,
            aggregations: [{ alignmentPeriod: '300s', perSeriesAligner: 'ALIGN_DELTA', crossSeriesReducer: 'REDUCE_SUM' }],
            comparison: 'COMPARISON_GT',
            thresholdValue: 0,
            duration: '0s',
            trigger: { count: 1 },
          },
        }],
        false);
    }
    this.policies = policies;
    libraryMade(this);
  }
}
