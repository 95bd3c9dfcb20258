import { Construct } from 'constructs';
import { PlatformDashboard } from '../constructs/platform-dashboard';
import { PlatformMonitoring } from '../constructs/platform-monitoring';
import { IEndpoint } from '../constructs/prediction-endpoint';
import { resourceName } from '../rules/names';
import { apisOf, Layer, LayerProjectProps } from './layer';

export interface ObservabilityLayerProps extends Omit<LayerProjectProps, 'projectNumber'> {
  /** Where alerts are e-mailed (a group address outlives any one person). */
  readonly notificationEmail: string;
  /** Alert on every error the trigger function logs. @default - no function alert */
  readonly triggerFunction?: { readonly functionName: string };
  /** Alert on the endpoint's error rate and latency. @default - no endpoint alerts */
  readonly endpoint?: IEndpoint;
  /** Alert when a scheduled batch prediction fails. @default - no batch alert */
  readonly batchPrediction?: { readonly workflowName: string };
  /** @default 0.05 */
  readonly endpointErrorRateThreshold?: number;
  /** @default 1000 */
  readonly endpointLatencyThresholdMs?: number;
  /** Chart the web service's cache hit rate. @default - no cache chart */
  readonly webService?: { readonly serviceName: string };
}

/**
 * Observability: the platform's alerting and its dashboard.
 *
 * Needs: an e-mail address, and whichever of the trigger function, endpoint, batch prediction
 * and web service it should watch. Provides: one notification channel and an alert policy for
 * each silent failure (a failed pipeline run always; function errors, endpoint errors and
 * latency, failed batch runs when given), and, when the endpoint is given, the Cloud Monitoring
 * dashboard (`dashboard`) with its log-based metrics.
 */
export class ObservabilityLayer extends Layer {
  public readonly monitoring: PlatformMonitoring;
  public readonly dashboard?: PlatformDashboard;

  constructor(scope: Construct, id: string, props: ObservabilityLayerProps) {
    super(scope, id);
    this.monitoring = new PlatformMonitoring(this, 'monitoring', {
      project: props.project,
      displayNamePrefix: resourceName(props.naming, 'platform'),
      notificationEmail: props.notificationEmail,
      triggerFunction: props.triggerFunction,
      endpoint: props.endpoint,
      endpointErrorRateThreshold: props.endpointErrorRateThreshold,
      endpointLatencyThresholdMs: props.endpointLatencyThresholdMs,
      batchPrediction: props.batchPrediction,
      labels: props.labels ? { ...props.labels } : undefined,
      dependsOn: apisOf(props, 'monitoring.googleapis.com', 'logging.googleapis.com'),
    });
    if (props.endpoint) {
      this.dashboard = new PlatformDashboard(this, 'dashboard', {
        project: props.project,
        namePrefix: `${props.naming.prefix}-${props.naming.environment}`,
        endpoint: props.endpoint,
        webService: props.webService,
        triggerFunction: props.triggerFunction,
        batchPrediction: props.batchPrediction,
        dependsOn: apisOf(props, 'monitoring.googleapis.com', 'logging.googleapis.com'),
      });
    }
  }
}
