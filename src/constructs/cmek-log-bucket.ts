import { Construct } from 'constructs';
import { ITerraformDependable } from 'cdktf';
import { LoggingProjectBucketConfig } from '@cdktf/provider-google/lib/logging-project-bucket-config';
import { LoggingProjectSink } from '@cdktf/provider-google/lib/logging-project-sink';
import { assertEuRegion } from '../rules/locations';
import { PlatformConstruct } from '../platform-construct';
import { libraryMade } from '../library-made';
import { ICmekKey } from './cmek-key';

export interface CmekLogBucketProps {
  readonly project: string;
  /** The project's decimal number: Logging's service agent, granted on the key, derives from it. */
  readonly projectNumber: string;
  /** 3-100 letters, digits, '-' and '_'. */
  readonly bucketId: string;
  /** The 'logging' key; the bucket is in its location. */
  readonly encryptionKey: ICmekKey;
  /** @default 30 */
  readonly retentionDays?: number;
  /**
   * Which log entries the sink routes into the bucket (Logging query language).
   * @default - every entry of the project
   */
  readonly filter?: string;
  /** @default - 'Platform logs, on the logging key' */
  readonly description?: string;
  /** Resources (such as the Logging API) the bucket waits for, besides the key's grants. @default [] */
  readonly dependsOn?: ITerraformDependable[];
}

/**
 * A Cloud Logging bucket on the 'logging' CMEK key, in the key's EU region, and the sink that
 * routes the project's logs into it. Logging's service agent must hold the key before the bucket
 * is created (CmekKey grants it and the bucket waits for that grant).
 */
export class CmekLogBucket extends PlatformConstruct {
  public readonly bucket: LoggingProjectBucketConfig;
  public readonly sink: LoggingProjectSink;
  /** `logging.googleapis.com/projects/<p>/locations/<l>/buckets/<id>`, a sink destination. */
  public readonly destination: string;

  constructor(scope: Construct, id: string, props: CmekLogBucketProps) {
    super(scope, id);
    const who = `CmekLogBucket '${this.node.path}'`;
    if (!/^[A-Za-z0-9_-]{3,100}$/.test(props.bucketId) || props.bucketId.startsWith('_')) {
      throw new Error(`${who}: bucketId '${props.bucketId}' is invalid; use 3-100 letters, digits, '-' and '_', not starting with '_' (Google's own buckets do)`);
    }
    props.encryptionKey.assertUsableFor('logging', undefined, `${who} encryptionKey`);
    const location = props.encryptionKey.location;
    assertEuRegion(location, `${who}: location (the key's)`);
    const retention = props.retentionDays ?? 30;
    if (!Number.isInteger(retention) || retention < 1 || retention > 3650) {
      throw new Error(`${who}: retentionDays ${retention} is out of range; Cloud Logging keeps 1 to 3650 days`);
    }
    this.bucket = new LoggingProjectBucketConfig(this, 'Resource', {
      project: props.project,
      location,
      bucketId: props.bucketId,
      retentionDays: retention,
      description: props.description ?? 'Platform logs, on the logging key',
      cmekSettings: { kmsKeyName: props.encryptionKey.keyName },
      dependsOn: [...props.encryptionKey.useFor(this, props.projectNumber), ...(props.dependsOn ?? [])],
    });
    this.destination = `logging.googleapis.com/projects/${props.project}/locations/${location}/buckets/${props.bucketId}`;
    // A sink into a log bucket of its own project needs no grant to a writer identity.
    this.sink = new LoggingProjectSink(this, 'sink', {
      project: props.project,
      name: `${props.bucketId}-sink`,
      destination: this.destination,
      filter: props.filter,
      uniqueWriterIdentity: true,
      dependsOn: [this.bucket],
    });
    libraryMade(this);
  }
}
