import * as fs from 'fs';
import * as path from 'path';
import { Construct } from 'constructs';
import { StorageBucketObject } from '@cdktf/provider-google/lib/storage-bucket-object';
import { packageAssets } from '../assets';
import { listTree } from '../files';
import { IBigQueryDataset } from '../constructs/bigquery-dataset';
import { BigQueryTable } from '../constructs/bigquery-table';
import { ICmekKey } from '../constructs/cmek-key';
import { IRegistry } from '../constructs/cmek-registry';
import { ComposerEnv, ComposerEnvironmentSize } from '../constructs/composer-env';
import { EncryptedBucket, IBucket } from '../constructs/encrypted-bucket';
import { EncryptedSecret } from '../constructs/encrypted-secret';
import { DataflowEnvironment, FlexTemplate, FlexTemplateParameter } from '../constructs/dataflow-environment';
import { containerImageUri } from '../container-images';
import { IPlatformNetwork } from '../constructs/platform-network';
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
  /** The table the DAG's `load_bigquery` task loads each day into. @default - none: the task is skipped */
  readonly warehouse?: {
    readonly dataset: IBigQueryDataset;
    /** Partitioned by ingestion day, with the contract's columns. */
    readonly table: BigQueryTable;
  };
  /** Dataflow for the DAG's `preprocess` task (Beam + TFDV). @default - none: the task is skipped */
  readonly preprocessing?: PreprocessingProps;
}

export interface PreprocessingProps {
  /** A `dataflow` class key for the jobs. */
  readonly dataflowKey: ICmekKey;
  /** The account Dataflow workers run as; the layer grants it what the job needs and no more. */
  readonly workerAccount: IServiceAccount;
  /** Workers run in its subnet without public addresses. */
  readonly network: IPlatformNetwork;
  /** Where the validated features are written (the worker gets read-write on it). */
  readonly featuresBucket: IBucket;
  /**
   * Holds the Flex Template image (assets/containers/dataflow, pushed by
   * scripts/container-build.sh under its content tag); the worker account gets pull on it.
   */
  readonly registry: IRegistry;
  /** Set `DATAFLOW_RUNNER=DataflowRunner`; false ships and grants everything but leaves the task skipped. @default true */
  readonly launch?: boolean;
  /** The Beam package (iris_preprocess, schema, setup.py). @default - the one this package ships (assets/dataflow) */
  readonly pipelineDirectory?: string;
}

/**
 * Where Cloud Composer mounts its bucket's `data/` folder on every Airflow worker; the Beam
 * package is shipped to `data/dataflow/`.
 */
export const COMPOSER_DATA_MOUNT = '/home/airflow/gcs/data';

/** The arguments of iris_preprocess/pipeline.py a launch passes, as the template declares them. */
export const PREPROCESS_TEMPLATE_PARAMETERS: readonly FlexTemplateParameter[] = [
  { name: 'input', label: "The day's CSV", helpText: 'gs:// URI of the landed CSV, e.g. gs://BUCKET/ingest/dt=2025-06-01/data.csv', regexes: ['^gs://[^\\n\\r]+$'] },
  { name: 'features_output', label: 'Features CSV', helpText: 'gs:// URI of the .csv training reads, e.g. gs://FEATURES/features/dt=2025-06-01/data.csv', regexes: ['^gs://[^\\n\\r]+\\.csv$'] },
  { name: 'statistics_output', label: 'TFDV statistics', helpText: 'gs:// URI of the statistics file; default statistics.pb beside the features', isOptional: true, regexes: ['^gs://[^\\n\\r]+$'] },
  { name: 'schema', label: 'TFDV schema', helpText: 'the schema (.pbtxt) to validate against; default the one in the image', isOptional: true },
];

/**
 * Ingestion: Cloud Composer running the daily ingestion DAG.
 *
 * Needs: `composer`, `storage` and `secret-manager` keys, the worker account and the
 * shared-data bucket. Provides: the Composer environment with its own bucket and the DAGs
 * uploaded, the secret for the source's credentials (value added out of band), and the DAG's
 * environment (`DAG_ENVIRONMENT` names). Grants the worker `roles/composer.worker` and
 * `roles/logging.logWriter` on the project, read-write on the shared-data bucket and access to
 * the secret.
 *
 * With `warehouse` (the `load_bigquery` task): `roles/bigquery.dataEditor` on the dataset and
 * `roles/bigquery.jobUser` on the project. With `preprocessing` (the `preprocess` task): a
 * `DataflowEnvironment` (worker account with `roles/dataflow.worker`, CMEK staging and temp
 * bucket, the subnet), the worker reads the shared-data bucket and writes the features bucket;
 * the Composer worker may launch jobs as the worker account only (`grantLaunch`); the Flex
 * Template spec (`iris-preprocess`, the `dataflow` image of the registry, which the worker account
 * may pull) is written to the Dataflow bucket; the Beam package is shipped to the Composer
 * bucket's `data/dataflow/` for the DirectRunner.
 */
export class IngestionLayer extends Layer {
  public readonly composer: ComposerEnv;
  public readonly composerBucket: EncryptedBucket;
  public readonly ingestSecret: EncryptedSecret;
  /** The variables the DAG reads, as set on the environment. */
  public readonly dagEnvironment: Readonly<Record<string, string>>;
  /** The Dataflow setup of the `preprocess` task, with `preprocessing`. */
  public readonly dataflow?: DataflowEnvironment;
  /** The preprocessing's Flex Template (spec in the Dataflow bucket, image in the registry), with `preprocessing`. */
  public readonly flexTemplate?: FlexTemplate;
  /** The shipped Beam package's files in the Composer bucket, with `preprocessing`. */
  public readonly pipelineObjects: StorageBucketObject[] = [];

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

    const env: Record<string, string> = {};
    if (props.warehouse) {
      // load_bigquery: load jobs with WRITE_TRUNCATE on TABLE$YYYYMMDD need table data edits on
      // the dataset and the right to run jobs, which exists only on the project.
      props.warehouse.dataset.grantWrite(worker);
      worker.addProjectRole('roles/bigquery.jobUser');
      env[DAG_ENVIRONMENT.bigQueryTable] = props.warehouse.table.qualifiedName;
      if (props.warehouse.dataset.location) env[DAG_ENVIRONMENT.bigQueryLocation] = props.warehouse.dataset.location;
    }
    const pre = props.preprocessing;
    if (pre) {
      const dataflow = (this.dataflow = new DataflowEnvironment(this, 'dataflow', {
        ...common,
        encryptionKey: pre.dataflowKey,
        storageKey: props.storageKey,
        bucketName: derivedBucketName(props.naming.prefix, props.naming.environment, 'dataflow'),
        workerAccount: pre.workerAccount,
        network: pre.network,
        labels,
      }));
      // The job reads the landed day and writes features; that is all it touches.
      props.sharedDataBucket.grantRead(pre.workerAccount);
      pre.featuresBucket.grantReadWrite(pre.workerAccount);
      dataflow.grantLaunch(worker);
      // On Dataflow the task launches this template: its image holds Beam, TFDV and the package,
      // so neither Composer nor the workers (no route to PyPI) install anything.
      this.flexTemplate = dataflow.addFlexTemplate('preprocess', {
        image: containerImageUri(pre.registry.url, 'dataflow'),
        registry: pre.registry,
        name: 'iris-preprocess',
        description: "TFDV statistics and validation of one day's CSV against the data contract, then the features in contract order",
        parameters: PREPROCESS_TEMPLATE_PARAMETERS,
      });
      const dir = pre.pipelineDirectory ?? packageAssets('dataflow');
      this.shipPipeline(dir);
      const o = dataflow.pipelineOptions;
      Object.assign(env, {
        ...(pre.launch === false ? {} : { [DAG_ENVIRONMENT.dataflowRunner]: 'DataflowRunner' }),
        [DAG_ENVIRONMENT.dataflowPipelineDir]: `${COMPOSER_DATA_MOUNT}/dataflow`,
        [DAG_ENVIRONMENT.featuresLocation]: pre.featuresBucket.url,
        [DAG_ENVIRONMENT.dataflowProject]: o.project,
        [DAG_ENVIRONMENT.dataflowRegion]: o.region,
        [DAG_ENVIRONMENT.dataflowServiceAccount]: o.service_account_email,
        [DAG_ENVIRONMENT.dataflowTempLocation]: o.temp_location,
        [DAG_ENVIRONMENT.dataflowStagingLocation]: o.staging_location,
        [DAG_ENVIRONMENT.dataflowKmsKey]: o.dataflow_kms_key,
        [DAG_ENVIRONMENT.dataflowSubnetwork]: o.subnetwork,
        [DAG_ENVIRONMENT.dataflowTemplate]: this.flexTemplate.specPath,
        [DAG_ENVIRONMENT.dataflowImage]: this.flexTemplate.image,
      });
    }

    this.dagEnvironment = {
      ...env,
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
      // The DAG launches jobs on the dataflow key as soon as the environment runs.
      dependsOn: [...apisOf(props, 'composer.googleapis.com'), ...(this.dataflow?.keyGrants ?? [])],
    });
  }

  /**
   * Uploads the Beam package file by file under `data/dataflow/`, which Composer mounts on its
   * workers, so a DirectRunner `preprocess` can start it there (on Dataflow the template image
   * carries it). Tests and caches stay behind.
   */
  private shipPipeline(dir: string): void {
    if (!fs.existsSync(path.join(dir, 'setup.py'))) {
      throw new Error(`IngestionLayer '${this.node.path}': preprocessing.pipelineDirectory '${dir}' holds no setup.py; point it at the Beam package folder (assets/dataflow)`);
    }
    const skip = (name: string) => ['__pycache__', 'tests', 'conftest.py', 'pytest.ini', '.pytest_cache'].includes(name) || name.endsWith('.pyc') || name.startsWith('.');
    for (const rel of listTree(dir, skip)) {
      const relDir = path.posix.dirname(rel);
      this.pipelineObjects.push(this.composerBucket.uploadFile(
        `dataflow--${rel.replace(/\//g, '--')}`,
        path.join(dir, rel),
        { prefix: `data/dataflow/${relDir === '.' ? '' : `${relDir}/`}`, hashInName: false },
      ));
    }
  }
}
