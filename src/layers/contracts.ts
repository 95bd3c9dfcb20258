/**
 * The contracts between the infrastructure and the workloads it deploys, each in one place.
 * The layers set these names; the workloads read them; `__tests__/unit/contracts.test.ts` reads
 * the workloads' sources and fails when either side renames one.
 */

/**
 * Environment variables of the Composer environment that the ingestion DAG reads
 * (assets/dags/mlops_ingest/config.py and ingest_daily.py). The DAG falls back to an Airflow
 * Variable of the same name, so an operator can still override one from the Airflow UI.
 */
export const DAG_ENVIRONMENT = {
  /** Bare name of the bucket the DAG lands the day's CSV in. Required by the DAG. */
  sharedDataBucket: 'PIPELINE_SHARED_DATA_BUCKET',
  /** `https://` CSV URL or `gs://bucket/object` the DAG downloads. */
  sourceUri: 'INGEST_SOURCE_URI',
  /** Once-a-day cron the DAG schedules itself with (read at parse time). */
  schedule: 'INGEST_SCHEDULE',
  /** Bare name of the pipeline-root bucket, for DAGs that start pipeline runs. */
  pipelineRootBucket: 'PIPELINE_ROOT_BUCKET',
  /** Bare name of the pipeline-storage bucket (compiled pipelines). */
  pipelineStorageBucket: 'PIPELINE_STORAGE_BUCKET',
  /** `project.dataset.table` the `load_bigquery` task replaces the day's partition of (mlops_ingest/warehouse.py). */
  bigQueryTable: 'BIGQUERY_TABLE',
  /** The dataset's location, where the load job runs. */
  bigQueryLocation: 'BIGQUERY_LOCATION',
  /** `DataflowRunner` (or `DirectRunner`); unset, the `preprocess` task is skipped (mlops_ingest/preprocessing.py). */
  dataflowRunner: 'DATAFLOW_RUNNER',
  /** The folder holding the shipped Beam package (iris_preprocess, setup.py), as the workers see it. */
  dataflowPipelineDir: 'DATAFLOW_PIPELINE_DIR',
  /** `gs://bucket` the validated features are written under (`FEATURES_PREFIX/dt=DAY/data.csv`). */
  featuresLocation: 'FEATURES_LOCATION',
  dataflowProject: 'DATAFLOW_PROJECT',
  /** EU region of the jobs (the subnet's). */
  dataflowRegion: 'DATAFLOW_REGION',
  /** The Dataflow worker account's e-mail. */
  dataflowServiceAccount: 'DATAFLOW_SERVICE_ACCOUNT',
  dataflowTempLocation: 'DATAFLOW_TEMP_LOCATION',
  dataflowStagingLocation: 'DATAFLOW_STAGING_LOCATION',
  /** The `dataflow` key the jobs run on. */
  dataflowKmsKey: 'DATAFLOW_KMS_KEY',
  /** The subnet's self link (Private Google Access; workers get no public address). */
  dataflowSubnetwork: 'DATAFLOW_SUBNETWORK',
  /** `gs://` of the preprocessing's Flex Template spec (a launch's `containerSpecGcsPath`). */
  dataflowTemplate: 'DATAFLOW_TEMPLATE',
  /** The template's image, tagged by content: the workers' SDK container too (`sdkContainerImage`). */
  dataflowImage: 'DATAFLOW_IMAGE',
} as const;

/**
 * Parameters of the compiled Vertex AI pipeline (assets/pipelines) that the platform fills.
 * `VertexPipelineTrigger` also checks each against the compiled pipeline's inputs at synth.
 */
export const PIPELINE_PARAMETERS = {
  /** The new object's `gs://` URI, filled by the trigger function per event. */
  dataUri: 'data_uri',
  project: 'project',
  location: 'location',
  /** The endpoint the pipeline deploys to, `projects/.../endpoints/<id>`. */
  endpoint: 'endpoint',
  /** The `vertex-ai` key of the pipeline's jobs and models. */
  kmsKeyName: 'kms_key_name',
  /** The account deployed models serve as. */
  servingServiceAccount: 'serving_service_account',
  /** Deploy only above this evaluated accuracy. */
  accuracyThreshold: 'accuracy_threshold',
  machineType: 'machine_type',
  /** The account the pipeline's custom and tuning jobs run as. */
  pipelineServiceAccount: 'pipeline_service_account',
  /** Images of assets/containers in the platform registry, tagged by content. */
  trainingImage: 'training_image',
  tuningImage: 'tuning_image',
  predictionImage: 'prediction_image',
  /** The TFDV validation image (assets/containers/validation), also tagged by content. */
  validationImage: 'validation_image',
  /** `project.dataset.table` record_run appends the run's row to (the platform's `pipeline_runs`). */
  metricsTable: 'metrics_table',
  /** A Vertex AI tabular dataset to train from instead of `data_uri`; empty (the default) trains from the new CSV. */
  datasetId: 'dataset_id',
  /**
   * `bq://project.dataset.table` the run attaches as the dataset's source when it has none (google
   * provider 6.x cannot set it); a dataset backed by another source is refused, never re-pointed.
   */
  datasetBigquerySource: 'dataset_bigquery_source',
} as const;
