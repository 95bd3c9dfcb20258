import { Construct } from 'constructs';
import { compiledPipeline, packageAssets } from '../assets';
import { containerImageUri } from '../container-images';
import { BigQueryTable } from '../constructs/bigquery-table';
import { ICmekKey } from '../constructs/cmek-key';
import { CmekRegistry, IRegistry } from '../constructs/cmek-registry';
import { EncryptedBucket, IBucket } from '../constructs/encrypted-bucket';
import { EncryptedTopic } from '../constructs/encrypted-topic';
import { IEndpoint } from '../constructs/prediction-endpoint';
import { PipelineParameterValue, VertexPipelineTrigger } from '../constructs/vertex-pipeline-trigger';
import { VertexTensorboard } from '../constructs/vertex-tensorboard';
import { IServiceAccount } from '../constructs/workload-service-account';
import { derivedBucketName, resourceName } from '../rules/names';
import { PIPELINE_PARAMETERS } from './contracts';
import { apisOf, Layer, LayerProjectProps } from './layer';

export interface TrainingLayerProps extends LayerProjectProps {
  /** Region of the function and the pipeline runs; must be the keys' and the watched bucket's. */
  readonly region: string;
  /** A `functions` class key: the trigger function, its build images, Eventarc's channel. */
  readonly functionsKey: ICmekKey;
  /** A `vertex-ai` class key for every pipeline run and the models it makes. */
  readonly vertexKey: ICmekKey;
  /** A `storage` class key for the function's source bucket. */
  readonly storageKey: ICmekKey;
  /** A `pubsub` class key for the pipeline-events topic. */
  readonly pubsubKey: ICmekKey;
  /** The account pipeline runs execute as. */
  readonly pipelineAccount: IServiceAccount;
  /** The trigger function's identity. */
  readonly triggerAccount: IServiceAccount;
  /** The account Cloud Build builds the function as. */
  readonly buildAccount: IServiceAccount;
  /**
   * The account Cloud Build builds the platform's container images as (assets/containers,
   * scripts/container-build.sh): push on `registry` only, its logs, and read-write on the
   * source-staging bucket this layer creates for it. Needs `registry`.
   * @default - no image builds: no such account, no staging bucket
   */
  readonly imageBuildAccount?: IServiceAccount;
  /** The account deployed models serve as; the pipeline gets `actAs` on it. */
  readonly servingAccount: IServiceAccount;
  /** Root of every run (read-write for the pipeline). */
  readonly pipelineRootBucket: IBucket;
  /** Where the compiled pipeline is uploaded (read for the pipeline and the trigger). */
  readonly pipelineStorageBucket: IBucket;
  /** Whose new objects start a run (read for the pipeline and the trigger). */
  readonly sharedDataBucket: IBucket;
  /** The endpoint the pipeline deploys a good model to. */
  readonly endpoint: IEndpoint;
  /** Images the pipeline's custom jobs pull. @default - none */
  readonly registry?: IRegistry;
  /** The pipeline deploys only above this accuracy. */
  readonly accuracyThreshold: number;
  /** Machine type of the deployed model. */
  readonly machineType: string;
  /**
   * The table every run appends its row to (the pipeline's `metrics_table`, record_run). The
   * pipeline account gets `roles/bigquery.dataEditor` on this table only: record_run streams the
   * row (`tabledata.insertAll`), which runs no job, so no `bigquery.jobUser`.
   * @default - no run rows (`metrics_table` empty)
   */
  readonly runsTable?: BigQueryTable;
  /**
   * A Vertex AI tabular dataset every run trains from instead of the new CSV (the pipeline's
   * `dataset_id`): its name (`projects/.../datasets/<id>`) and the BigQuery table that is its
   * source, which the run attaches when the dataset has none (`dataset_bigquery_source`) and
   * reads as the pipeline account (granted read on that table only).
   * @default - train from the new CSV (`dataset_id` empty)
   */
  readonly trainingDataset?: { readonly datasetName: string; readonly sourceTable: BigQueryTable };
  /** @default - the one compiled pipeline this package ships */
  readonly pipelineTemplateFile?: string;
  /** @default - the function this package ships (assets/functions/pipeline-trigger) */
  readonly functionSourceDirectory?: string;
}

/**
 * Training: pipeline storage and the trigger that starts a Vertex AI pipeline run for every CSV
 * landing in the shared-data bucket.
 *
 * Needs: `functions`, `vertex-ai`, `storage` and `pubsub` keys; the pipeline, trigger, builder
 * and serving accounts; the pipeline-root, pipeline-storage and shared-data buckets; the
 * endpoint; optionally the image builder account, the run rows table and a training dataset.
 * Provides: the trigger function (with its source bucket and image repository), the uploaded
 * compiled pipeline, the pipeline-events topic, the image builder's source-staging
 * bucket (push on the registry, logs), and the pipeline parameters every run
 * gets (`PIPELINE_PARAMETERS` names). Grants the accounts what a run needs: project roles
 * (`aiplatform.user`, `logging.logWriter`; `eventarc.eventReceiver` for the trigger), bucket
 * access, write on the run rows table, publish on the topic, and `actAs` along trigger ->
 * pipeline -> serving.
 */
export class TrainingLayer extends Layer {
  public readonly trigger: VertexPipelineTrigger;
  public readonly functionSourceBucket: EncryptedBucket;
  public readonly functionImages: CmekRegistry;
  public readonly pipelineEventsTopic: EncryptedTopic;
  /** Training curves and Vertex AI Experiments' time series, on the `vertex-ai` key. */
  public readonly tensorboard: VertexTensorboard;
  /**
   * Where scripts/container-build.sh stages the build's source archive (`SOURCE_STAGING`
   * is `gs://<this bucket>/source`), on the storage key; with `imageBuildAccount` only.
   */
  public readonly containerSourceBucket?: EncryptedBucket;
  /** What every run gets besides the new object's URI. */
  public readonly pipelineParameters: Readonly<Record<string, PipelineParameterValue>>;

  constructor(scope: Construct, id: string, props: TrainingLayerProps) {
    super(scope, id);
    const labels = { ...props.labels };
    const common = { project: props.project, projectNumber: props.projectNumber };
    const { pipelineAccount: pipeline, triggerAccount: trigger, buildAccount: builder, servingAccount: serving } = props;
    pipeline.addProjectRole('roles/aiplatform.user');
    pipeline.addProjectRole('roles/logging.logWriter');
    trigger.addProjectRole('roles/aiplatform.user');
    trigger.addProjectRole('roles/eventarc.eventReceiver');
    trigger.addProjectRole('roles/logging.logWriter');
    builder.addProjectRole('roles/logging.logWriter');
    // The trigger submits jobs that run as the pipeline account, which deploys models that serve as the serving account.
    pipeline.grantUser(trigger);
    serving.grantUser(pipeline);

    props.pipelineRootBucket.grantReadWrite(pipeline);
    props.pipelineStorageBucket.grantRead(pipeline);
    props.pipelineStorageBucket.grantRead(trigger);
    props.sharedDataBucket.grantRead(pipeline);
    props.sharedDataBucket.grantRead(trigger);
    props.registry?.grantPull(pipeline);
    props.runsTable?.grantWrite(pipeline);
    props.trainingDataset?.sourceTable.grantRead(pipeline);

    this.pipelineEventsTopic = new EncryptedTopic(this, 'pipeline-events', {
      ...common,
      name: resourceName(props.naming, 'pipeline-events'),
      encryptionKey: props.pubsubKey,
      labels,
    });
    this.pipelineEventsTopic.grantPublish(pipeline);
    this.pipelineEventsTopic.grantPublish(trigger);

    this.tensorboard = new VertexTensorboard(this, 'tensorboard', {
      ...common,
      displayName: resourceName(props.naming, 'tensorboard'),
      encryptionKey: props.vertexKey,
      region: props.region,
      labels,
      dependsOn: apisOf(props, 'aiplatform.googleapis.com'),
    });

    const buckets = new Construct(this, 'buckets');
    this.functionSourceBucket = new EncryptedBucket(buckets, 'functions-source', {
      ...common,
      name: derivedBucketName(props.naming.prefix, props.naming.environment, 'functions-source'),
      encryptionKey: props.storageKey,
      labels: { ...labels, purpose: 'functions-source' },
    });
    const images = props.imageBuildAccount;
    if (images) {
      if (!props.registry) throw new Error(`TrainingLayer '${this.node.path}': imageBuildAccount needs registry, the repository it pushes the images to; pass registry or leave imageBuildAccount out`);
      // Without a bucket of its own, gcloud stages the source in a <project>_cloudbuild bucket it
      // creates with Google-managed encryption.
      this.containerSourceBucket = new EncryptedBucket(buckets, 'container-source', {
        ...common,
        name: derivedBucketName(props.naming.prefix, props.naming.environment, 'container-source'),
        encryptionKey: props.storageKey,
        labels: { ...labels, purpose: 'container-source' },
        // A build reads its archive once; the images keep what matters.
        lifecycleRules: [{ action: 'Delete', ageDays: 30 }, { action: 'Delete', daysSinceNoncurrent: 30 }],
      });
      this.containerSourceBucket.grantReadWrite(images);
      props.registry.grantPush(images);
      images.addProjectRole('roles/logging.logWriter');
    }
    this.functionImages = new CmekRegistry(this, 'function-images', {
      ...common,
      repositoryId: resourceName(props.naming, 'function-images'),
      encryptionKey: props.functionsKey,
      keyClass: 'functions',
      description: 'Images Cloud Build builds from the platform\'s Cloud Functions',
      labels,
    });

    this.pipelineParameters = {
      [PIPELINE_PARAMETERS.project]: props.project,
      [PIPELINE_PARAMETERS.location]: props.region,
      [PIPELINE_PARAMETERS.endpoint]: props.endpoint.endpointName,
      [PIPELINE_PARAMETERS.kmsKeyName]: props.vertexKey.keyName,
      [PIPELINE_PARAMETERS.servingServiceAccount]: serving.email,
      [PIPELINE_PARAMETERS.accuracyThreshold]: props.accuracyThreshold,
      [PIPELINE_PARAMETERS.machineType]: props.machineType,
      [PIPELINE_PARAMETERS.pipelineServiceAccount]: pipeline.email,
      [PIPELINE_PARAMETERS.metricsTable]: props.runsTable?.qualifiedName ?? '',
      [PIPELINE_PARAMETERS.datasetId]: props.trainingDataset?.datasetName ?? '',
      [PIPELINE_PARAMETERS.datasetBigquerySource]: props.trainingDataset ? props.trainingDataset.sourceTable.bigQueryUri : '',
      ...(props.registry
        ? {
            [PIPELINE_PARAMETERS.trainingImage]: containerImageUri(props.registry.url, 'training'),
            [PIPELINE_PARAMETERS.tuningImage]: containerImageUri(props.registry.url, 'tuning'),
            [PIPELINE_PARAMETERS.predictionImage]: containerImageUri(props.registry.url, 'prediction'),
            [PIPELINE_PARAMETERS.validationImage]: containerImageUri(props.registry.url, 'validation'),
          }
        : {}),
    };
    this.trigger = new VertexPipelineTrigger(this, 'pipeline-trigger', {
      ...common,
      functionName: resourceName(props.naming, 'pipeline-trigger'),
      region: props.region,
      encryptionKey: props.functionsKey,
      imageRepository: this.functionImages,
      sourceBucket: this.functionSourceBucket,
      sourceDirectory: props.functionSourceDirectory ?? packageAssets('functions', 'pipeline-trigger'),
      watchedBucket: props.sharedDataBucket,
      serviceAccount: trigger,
      buildServiceAccount: builder,
      pipelineTemplateFile: props.pipelineTemplateFile ?? compiledPipeline(),
      pipelineTemplateBucket: props.pipelineStorageBucket,
      pipelineRootBucket: props.pipelineRootBucket,
      pipelineEncryptionKey: props.vertexKey,
      pipelineServiceAccount: pipeline,
      dataParameterName: PIPELINE_PARAMETERS.dataUri,
      pipelineParameters: this.pipelineParameters,
      labels,
      dependsOn: apisOf(props, 'cloudfunctions.googleapis.com', 'cloudbuild.googleapis.com', 'run.googleapis.com', 'eventarc.googleapis.com', 'pubsub.googleapis.com'),
    });
  }
}
