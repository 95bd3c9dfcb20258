import { Construct } from 'constructs';
import { ICmekKey } from '../constructs/cmek-key';
import { BigQueryDataset } from '../constructs/bigquery-dataset';
import { BigQueryTable } from '../constructs/bigquery-table';
import { CmekRegistry } from '../constructs/cmek-registry';
import { EncryptedBucket, EncryptedBucketProps } from '../constructs/encrypted-bucket';
import { Grantee } from '../iam';
import { bigQuerySchemaOf, loadContract, loadRunRowsTable } from '../data-contract';
import { bigQueryName, derivedBucketName, resourceName } from '../rules/names';
import { Layer, LayerProjectProps } from './layer';

export interface DataLayerProps extends LayerProjectProps {
  /** A `storage` class key for the buckets. */
  readonly storageKey: ICmekKey;
  /** An `artifact-registry` class key for the container registry. */
  readonly registryKey: ICmekKey;
  /** Principals granted read on the shared-data bucket. @default [] */
  readonly sharedDataReaders?: readonly Grantee[];
  /** The BigQuery warehouse of the ingested data. @default - no warehouse */
  readonly warehouse?: WarehouseProps;
}

export interface WarehouseProps {
  /** A `bigquery` class key for the dataset and its tables. */
  readonly bigqueryKey: ICmekKey;
  /** Days each daily partition of the ingestion table is kept. */
  readonly partitionExpirationDays: number;
  /** The data contract whose columns the ingestion table has. @default - the ingestion DAG's (assets/dags/mlops_ingest/iris.schema.json) */
  readonly contractFile?: string;
  /** Principals granted read on the dataset. @default [] */
  readonly readers?: readonly Grantee[];
  /** The schema of the pipeline's run rows table. @default - record_run's (assets/looker/pipeline_runs.schema.json) */
  readonly runRowsFile?: string;
}

/**
 * Data: where the platform's data and artifacts live.
 *
 * Needs: a `storage` and an `artifact-registry` key (and a `bigquery` key with `warehouse`).
 * Provides: the shared-data bucket (ingested CSVs; its new objects start training), the features
 * bucket (validated, preprocessed features), with `warehouse` the BigQuery dataset and the
 * ingestion table (the contract's columns, one partition per day) and the pipeline's run rows
 * table (record_run's columns, one partition per day of `run_time`), the pipeline-root bucket
 * (every run's artifacts), the pipeline-storage bucket (compiled pipelines) and the container
 * registry. It grants nothing to workloads: each layer that uses
 * a bucket grants its own accounts what they need.
 */
export class DataLayer extends Layer {
  public readonly pipelineRootBucket: EncryptedBucket;
  public readonly pipelineStorageBucket: EncryptedBucket;
  public readonly sharedDataBucket: EncryptedBucket;
  /** Where the preprocessing writes the validated features training reads. */
  public readonly featuresBucket: EncryptedBucket;
  public readonly registry: CmekRegistry;
  /** The ingestion dataset, with `warehouse`. */
  public readonly dataset?: BigQueryDataset;
  /** The ingested rows, one partition per ingestion day, with `warehouse`. */
  public readonly ingestTable?: BigQueryTable;
  /** One row per pipeline run (the pipeline's `metrics_table`), partitioned by `run_time`, with `warehouse`. */
  public readonly runsTable?: BigQueryTable;

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
    // A bucket of its own, not a folder of shared-data: a new object there starts training, and
    // the preprocessing's workers need write access here only.
    this.featuresBucket = bucket('features', {
      lifecycleRules: [
        { action: 'Delete', daysSinceNoncurrent: 30 },
        { action: 'SetStorageClass', storageClass: 'NEARLINE', ageDays: 90 },
      ],
    });

    if (props.warehouse) {
      const w = props.warehouse;
      const contract = loadContract(w.contractFile);
      this.dataset = new BigQueryDataset(this, 'warehouse', {
        project: props.project,
        projectNumber: props.projectNumber,
        datasetId: bigQueryName(props.naming, 'ingest'),
        encryptionKey: w.bigqueryKey,
        description: `Ingested data of ${props.naming.prefix}-${props.naming.environment}; managed by vertex-mlops-cdktf`,
        defaultPartitionExpirationDays: w.partitionExpirationDays,
        labels,
      });
      for (const reader of w.readers ?? []) this.dataset.grantRead(reader);
      // Partitioned by ingestion time, so the DAG's load into TABLE$YYYYMMDD replaces one day.
      this.ingestTable = new BigQueryTable(this, `warehouse-${contract.name}`, {
        dataset: this.dataset,
        projectNumber: props.projectNumber,
        tableId: contract.name,
        schema: bigQuerySchemaOf(contract),
        encryptionKey: w.bigqueryKey,
        partitioning: { type: 'DAY', expirationDays: w.partitionExpirationDays },
        description: `Rows of the '${contract.name}' data contract, one partition per ingestion day`,
        labels,
      });
      const runs = loadRunRowsTable(w.runRowsFile);
      // Partitioned by the run's own time: record_run streams rows, which have no ingestion day to
      // replace, and the dashboards filter by run_time.
      this.runsTable = new BigQueryTable(this, `warehouse-${runs.table}`, {
        dataset: this.dataset,
        projectNumber: props.projectNumber,
        tableId: runs.table,
        schema: runs.schema,
        encryptionKey: w.bigqueryKey,
        partitioning: { type: 'DAY', field: 'run_time', expirationDays: w.partitionExpirationDays },
        description: 'One row per Vertex AI pipeline run (the record_run step), one partition per day of run_time',
        labels,
      });
    }

    this.registry = new CmekRegistry(this, 'registry', {
      project: props.project,
      projectNumber: props.projectNumber,
      repositoryId: resourceName(props.naming, 'containers'),
      encryptionKey: props.registryKey,
      labels,
    });
  }
}
