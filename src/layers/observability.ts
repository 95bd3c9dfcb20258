import { Construct } from 'constructs';
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
}

/**
 * Observability: the platform's alerting.
 *
 * Needs: an e-mail address, and whichever of the trigger function, endpoint and batch
 * prediction it should watch. Provides: one notification channel and an alert policy for each
 * silent failure (a failed pipeline run always; function errors, endpoint errors and latency,
 * failed batch runs when given).
 */
export class ObservabilityLayer extends Layer {
  public readonly monitoring: PlatformMonitoring;

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
  }
}
