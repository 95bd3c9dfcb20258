import { Construct } from 'constructs';
import { BatchPredictionSchedule } from '../constructs/batch-prediction-schedule';
import { ICmekKey } from '../constructs/cmek-key';
import { IRegistry } from '../constructs/cmek-registry';
import { IBucket } from '../constructs/encrypted-bucket';
import { PredictionEndpoint } from '../constructs/prediction-endpoint';
import { INetwork } from '../constructs/vpc-network';
import { IServiceAccount } from '../constructs/workload-service-account';
import { resourceName } from '../rules/names';
import { apisOf, Layer, LayerProjectProps } from './layer';

export interface ServingLayerProps extends LayerProjectProps {
  /** A `vertex-ai` class key for the endpoint and every batch prediction job. */
  readonly vertexKey: ICmekKey;
  /** A `functions` class key for the batch prediction workflow. */
  readonly functionsKey: ICmekKey;
  /** The account deployed models serve as. */
  readonly servingAccount: IServiceAccount;
  /** The account of the batch prediction schedule, workflow and jobs. */
  readonly batchAccount: IServiceAccount;
  /** Where model artifacts are (read for the serving account). @default - none */
  readonly modelBucket?: IBucket;
  /** Images serving containers are pulled from. @default - none */
  readonly registry?: IRegistry;
  /** Peer the endpoint with this VPC. @default - a public endpoint (still IAM-protected) */
  readonly network?: INetwork;
  /** Where batch inputs are read. */
  readonly batchInputBucket: IBucket;
  /** Where batch predictions are written. */
  readonly batchOutputBucket: IBucket;
  /** Cron of the scheduled batch prediction, in `timeZone`. */
  readonly batchSchedule: string;
  /** @default 'Etc/UTC' */
  readonly timeZone?: string;
  /** @default 'n1-standard-2' */
  readonly machineType?: string;
}

/**
 * Serving: the online endpoint and the scheduled batch prediction.
 *
 * Needs: `vertex-ai` and `functions` keys, the serving and batch accounts, the batch input and
 * output buckets. Provides: the endpoint (id fixed at synth, so the pipeline, clients and
 * alerts can name it) and the batch prediction schedule. Grants the serving account
 * `logging.logWriter` and `monitoring.metricWriter`, read on the model bucket and pull on the
 * registry.
 */
export class ServingLayer extends Layer {
  public readonly endpoint: PredictionEndpoint;
  public readonly batchPrediction: BatchPredictionSchedule;

  constructor(scope: Construct, id: string, props: ServingLayerProps) {
    super(scope, id);
    const labels = { ...props.labels };
    const common = { project: props.project, projectNumber: props.projectNumber };
    const serving = props.servingAccount;
    serving.addProjectRole('roles/logging.logWriter');
    serving.addProjectRole('roles/monitoring.metricWriter');
    props.modelBucket?.grantRead(serving);
    props.registry?.grantPull(serving);

    this.endpoint = new PredictionEndpoint(this, 'endpoint', {
      ...common,
      displayName: resourceName(props.naming, 'endpoint'),
      encryptionKey: props.vertexKey,
      servingAccount: serving,
      network: props.network,
      labels,
      dependsOn: apisOf(props, 'aiplatform.googleapis.com'),
    });
    this.batchPrediction = new BatchPredictionSchedule(this, 'batch-prediction', {
      ...common,
      name: resourceName(props.naming, 'batch-prediction'),
      encryptionKey: props.functionsKey,
      jobEncryptionKey: props.vertexKey,
      serviceAccount: props.batchAccount,
      endpoint: this.endpoint,
      inputBucket: props.batchInputBucket,
      outputBucket: props.batchOutputBucket,
      machineType: props.machineType,
      schedule: props.batchSchedule,
      timeZone: props.timeZone,
      labels,
      dependsOn: apisOf(props, 'workflows.googleapis.com', 'workflowexecutions.googleapis.com', 'cloudscheduler.googleapis.com'),
    });
  }
}
