import { Construct } from 'constructs';
import { packageAssets } from '../assets';
import { ICmekKey } from '../constructs/cmek-key';
import { ComposerEnv, ComposerEnvironmentSize } from '../constructs/composer-env';
import { EncryptedBucket, IBucket } from '../constructs/encrypted-bucket';
import { EncryptedSecret } from '../constructs/encrypted-secret';
import { IServiceAccount } from '../constructs/workload-service-account';
import { derivedBucketName, resourceName } from '../rules/names';
import { DAG_ENVIRONMENT } from './contracts';
import { apisOf, Layer, LayerProjectProps } from './layer';

export interface IngestionLayerProps extends LayerProjectProps {
  /** A `composer` class key for the environment. */
  readonly composerKey: ICmekKey;
  /** A `storage` class key for the environment's own bucket (DAGs, logs). */
  readonly storageKey: ICmekKey;
  /** A `secret-manager` class key for the ingestion source's credentials. */
  readonly secretKey: ICmekKey;
  /** The account the Airflow workers run as. The layer grants it what the DAG needs. */
  readonly workerAccount: IServiceAccount;
  /** Where the DAG lands each day's CSV (it gets read and write). */
  readonly sharedDataBucket: IBucket;
  /** Named to DAGs that start pipeline runs. @default - not set */
  readonly pipelineRootBucket?: IBucket;
  /** Named to DAGs that read compiled pipelines. @default - not set */
  readonly pipelineStorageBucket?: IBucket;
  /** A Cloud Composer 3 image, e.g. `composer-3-airflow-3.1.7`. */
  readonly imageVersion: string;
  /** @default 'ENVIRONMENT_SIZE_SMALL' */
  readonly environmentSize?: ComposerEnvironmentSize;
  /** What the DAG downloads: an `https://` CSV URL or a `gs://bucket/object`. */
  readonly ingestSourceUri: string;
  /** Once-a-day cron of the DAG, `<minute> <hour> * * *`. */
  readonly ingestSchedule: string;
  /** @default - the DAGs this package ships (assets/dags) */
  readonly dagsDirectory?: string;
}

/**
 * Ingestion: Cloud Composer running the daily ingestion DAG.
 *
 * Needs: `composer`, `storage` and `secret-manager` keys, the worker account and the
 * shared-data bucket. Provides: the Composer environment with its own bucket and the DAGs
 * uploaded, the secret for the source's credentials (value added out of band), and the DAG's
 * environment (`DAG_ENVIRONMENT` names). Grants the worker `roles/composer.worker` and
 * `roles/logging.logWriter` on the project, read-write on the shared-data bucket and access to
 * the secret.
 */
export class IngestionLayer extends Layer {
  public readonly composer: ComposerEnv;
  public readonly composerBucket: EncryptedBucket;
  public readonly ingestSecret: EncryptedSecret;
  /** The variables the DAG reads, as set on the environment. */
  public readonly dagEnvironment: Readonly<Record<string, string>>;

  constructor(scope: Construct, id: string, props: IngestionLayerProps) {
    super(scope, id);
    const labels = { ...props.labels };
    const common = { project: props.project, projectNumber: props.projectNumber };
    const worker = props.workerAccount;
    worker.addProjectRole('roles/composer.worker');
    worker.addProjectRole('roles/logging.logWriter');

    // Composer's own bucket (DAGs, logs). Composer wants it STANDARD and without retention; old
    // task logs only cost money.
    this.composerBucket = new EncryptedBucket(new Construct(this, 'buckets'), 'composer', {
      ...common,
      name: derivedBucketName(props.naming.prefix, props.naming.environment, 'composer'),
      encryptionKey: props.storageKey,
      labels: { ...labels, purpose: 'composer' },
      lifecycleRules: [
        { action: 'Delete', daysSinceNoncurrent: 30 },
        { action: 'Delete', ageDays: 90, matchesPrefix: ['logs/'] },
      ],
    });
    props.sharedDataBucket.grantReadWrite(worker);

    this.ingestSecret = new EncryptedSecret(this, 'ingest-source-credentials', {
      ...common,
      secretId: resourceName(props.naming, 'ingest-source-credentials'),
      encryptionKey: props.secretKey,
      labels,
    });
    this.ingestSecret.grantAccess(worker);

    this.dagEnvironment = {
      [DAG_ENVIRONMENT.sharedDataBucket]: props.sharedDataBucket.bucketName,
      ...(props.pipelineRootBucket ? { [DAG_ENVIRONMENT.pipelineRootBucket]: props.pipelineRootBucket.bucketName } : {}),
      ...(props.pipelineStorageBucket ? { [DAG_ENVIRONMENT.pipelineStorageBucket]: props.pipelineStorageBucket.bucketName } : {}),
      [DAG_ENVIRONMENT.sourceUri]: props.ingestSourceUri,
      [DAG_ENVIRONMENT.schedule]: props.ingestSchedule,
    };
    this.composer = new ComposerEnv(this, 'composer', {
      ...common,
      name: resourceName(props.naming, 'composer'),
      encryptionKey: props.composerKey,
      serviceAccount: worker,
      bucket: this.composerBucket,
      imageVersion: props.imageVersion,
      environmentSize: props.environmentSize,
      dagsDirectory: props.dagsDirectory ?? packageAssets('dags'),
      // Plain variables: the DAG reads an Airflow Variable of the same name first, so an operator
      // can still override one from the Airflow UI (AIRFLOW_VAR_* variables would shadow it).
      environmentVariables: this.dagEnvironment,
      labels,
      dependsOn: apisOf(props, 'composer.googleapis.com'),
    });
  }
}
