import { Construct } from 'constructs';
import { ICmekKey } from '../constructs/cmek-key';
import { CmekRegistry } from '../constructs/cmek-registry';
import { EncryptedBucket, EncryptedBucketProps } from '../constructs/encrypted-bucket';
import { Grantee } from '../iam';
import { derivedBucketName, resourceName } from '../rules/names';
import { Layer, LayerProjectProps } from './layer';

export interface DataLayerProps extends LayerProjectProps {
  /** A `storage` class key for the buckets. */
  readonly storageKey: ICmekKey;
  /** An `artifact-registry` class key for the container registry. */
  readonly registryKey: ICmekKey;
  /** Principals granted read on the shared-data bucket. @default [] */
  readonly sharedDataReaders?: readonly Grantee[];
}

/**
 * Data: where the platform's data and artifacts live.
 *
 * Needs: a `storage` and an `artifact-registry` key.
 * Provides: the shared-data bucket (ingested CSVs; its new objects start training), the
 * pipeline-root bucket (every run's artifacts), the pipeline-storage bucket (compiled
 * pipelines) and the container registry. It grants nothing to workloads: each layer that uses
 * a bucket grants its own accounts what they need.
 */
export class DataLayer extends Layer {
  public readonly pipelineRootBucket: EncryptedBucket;
  public readonly pipelineStorageBucket: EncryptedBucket;
  public readonly sharedDataBucket: EncryptedBucket;
  public readonly registry: CmekRegistry;

  constructor(scope: Construct, id: string, props: DataLayerProps) {
    super(scope, id);
    const labels = { ...props.labels };
    const buckets = new Construct(this, 'buckets');
    const bucket = (purpose: string, extra: Partial<EncryptedBucketProps> = {}) =>
      new EncryptedBucket(buckets, purpose, {
        project: props.project,
        projectNumber: props.projectNumber,
        name: derivedBucketName(props.naming.prefix, props.naming.environment, purpose),
        encryptionKey: props.storageKey,
        labels: { ...labels, purpose },
        ...extra,
      });
    this.pipelineRootBucket = bucket('pipeline-root', {
      // Pipeline runs write many intermediate artifacts; old ones only cost money.
      lifecycleRules: [
        { action: 'Delete', daysSinceNoncurrent: 7 },
        { action: 'SetStorageClass', storageClass: 'NEARLINE', ageDays: 30 },
      ],
    });
    this.pipelineStorageBucket = bucket('pipeline-storage');
    this.sharedDataBucket = bucket('shared-data', {
      lifecycleRules: [
        { action: 'Delete', daysSinceNoncurrent: 30 },
        { action: 'SetStorageClass', storageClass: 'NEARLINE', ageDays: 90 },
      ],
    });
    for (const reader of props.sharedDataReaders ?? []) this.sharedDataBucket.grantRead(reader);

    this.registry = new CmekRegistry(this, 'registry', {
      project: props.project,
      projectNumber: props.projectNumber,
      repositoryId: resourceName(props.naming, 'containers'),
      encryptionKey: props.registryKey,
      labels,
    });
  }
}
