import * as fs from 'fs';
import * as path from 'path';
import { Construct } from 'constructs';
import { GcsBackend, LocalBackend, TerraformOutput, TerraformStack } from 'cdktf';
import { GoogleProvider } from '@cdktf/provider-google/lib/provider';
import { EnvironmentConfig } from '../config/types';
import { derivedBucketName } from '../config/schema';
import { BatchPredictionSchedule } from '../constructs/batch-prediction-schedule';
import { CmekKey } from '../constructs/cmek-key';
import { CmekKeyring } from '../constructs/cmek-keyring';
import { CmekRegistry } from '../constructs/cmek-registry';
import { ComposerEnv } from '../constructs/composer-env';
import { EncryptedBucket } from '../constructs/encrypted-bucket';
import { EncryptedSecret } from '../constructs/encrypted-secret';
import { EncryptedTopic } from '../constructs/encrypted-topic';
import { PlatformMonitoring } from '../constructs/platform-monitoring';
import { PredictionEndpoint } from '../constructs/prediction-endpoint';
import { ProjectIamGrants } from '../constructs/project-iam-grants';
import { ProjectServices } from '../constructs/project-services';
import { VertexPipelineTrigger } from '../constructs/vertex-pipeline-trigger';
import { WorkloadServiceAccount } from '../constructs/workload-service-account';
import { CicdIdentities } from '../constructs/cicd-identities';
import { cicdNames } from '../cicd-names';
import { CicdConfig, organizationName } from '../config/cicd';
import { Guardrails } from '../guardrails/pack';
import { accountId, Naming, resourceName } from '../naming';
import { KEY_CLASSES, KeyClass, PLATFORM_APIS } from '../service-agents';

/** The workload assets this package ships (package.json `files`), next to `src/` or `dist/src/`. */
function packageAssets(...parts: string[]): string {
  for (let dir = __dirname; ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, 'assets');
    if (fs.existsSync(path.join(dir, 'package.json')) && fs.existsSync(candidate)) return path.join(candidate, ...parts);
    if (path.dirname(dir) === dir) throw new Error(`MlopsPlatformStack: the package's assets/ folder was not found above '${__dirname}'`);
  }
}

/** The compiled pipeline: the one `.json` in assets/pipelines/compiled. */
function compiledPipeline(): string {
  const dir = packageAssets('pipelines', 'compiled');
  const found = fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => f.endsWith('.json')).sort() : [];
  if (found.length !== 1) {
    throw new Error(`MlopsPlatformStack: expected exactly one compiled pipeline (.json) in assets/pipelines/compiled, found ${found.length ? found.join(', ') : 'none'}; compile the pipeline (assets/pipelines/compile.py) or pass pipelineTemplateFile`);
  }
  return path.join(dir, found[0]);
}

export interface MlopsPlatformStackProps {
  readonly config: EnvironmentConfig;
  /**
   * The compiled Vertex AI pipeline the trigger submits.
   * @default - the one `.json` in the package's assets/pipelines/compiled
   */
  readonly pipelineTemplateFile?: string;
  /**
   * The Azure DevOps organisation and project whose pipelines plan (as a read-only planner)
   * and deploy (as the deployer) this environment, keylessly (Workload Identity Federation).
   * @default - no federation: the deployer is impersonated by `cicdPrincipal` only
   */
  readonly cicd?: CicdConfig;
  /**
   * Where Terraform keeps state. `local` is for tests and offline work; real environments keep
   * state in the config's `stateBucket`.
   * @default 'gcs'
   */
  readonly backend?: 'gcs' | 'local';
}

/** Project roles the CI/CD deployer needs to create and manage every resource of the platform. */
const DEPLOYER_PROJECT_ROLES = [
  'roles/aiplatform.admin',
  'roles/artifactregistry.admin',
  'roles/cloudfunctions.admin',
  'roles/cloudkms.admin',
  'roles/cloudscheduler.admin',
  'roles/composer.admin',
  'roles/eventarc.admin',
  'roles/iam.serviceAccountAdmin',
  'roles/monitoring.admin',
  'roles/pubsub.admin',
  'roles/resourcemanager.projectIamAdmin',
  'roles/run.admin',
  'roles/secretmanager.admin',
  'roles/serviceusage.serviceUsageAdmin',
  'roles/storage.admin',
  'roles/workflows.admin',
] as const;

/**
 * One environment of the platform. It only composes constructs: a raw resource here is a
 * missing construct, and the guardrails (applied to this stack) fail synth on one.
 */
export class MlopsPlatformStack extends TerraformStack {
  public readonly config: EnvironmentConfig;
  public readonly keyring: CmekKeyring;
  public readonly keys: Readonly<Record<KeyClass, CmekKey>>;
  public readonly services: ProjectServices;
  public readonly pipelineRootBucket: EncryptedBucket;
  public readonly pipelineStorageBucket: EncryptedBucket;
  public readonly sharedDataBucket: EncryptedBucket;
  public readonly registry: CmekRegistry;
  public readonly accounts: {
    readonly deployer: WorkloadServiceAccount;
    readonly pipeline: WorkloadServiceAccount;
    readonly composer: WorkloadServiceAccount;
    readonly trigger: WorkloadServiceAccount;
    readonly serving: WorkloadServiceAccount;
    readonly batch: WorkloadServiceAccount;
    readonly functionBuild: WorkloadServiceAccount;
  };
  public readonly ingestSecret: EncryptedSecret;
  public readonly pipelineEventsTopic: EncryptedTopic;
  public readonly composerBucket: EncryptedBucket;
  public readonly functionSourceBucket: EncryptedBucket;
  public readonly functionImages: CmekRegistry;
  public readonly composer: ComposerEnv;
  public readonly endpoint: PredictionEndpoint;
  public readonly trigger: VertexPipelineTrigger;
  public readonly batchPrediction: BatchPredictionSchedule;
  public readonly monitoring: PlatformMonitoring;
  /** The federation and the planner, when `cicd` is given. */
  public readonly cicd?: CicdIdentities;

  constructor(scope: Construct, id: string, props: MlopsPlatformStackProps) {
    super(scope, id);
    const cfg = props.config;
    this.config = cfg;
    const naming: Naming = { prefix: cfg.namePrefix, environment: cfg.environment };
    const labels = { ...cfg.labels };
    const project = cfg.projectId;

    new GoogleProvider(this, 'google', { project, region: cfg.region });
    if ((props.backend ?? 'gcs') === 'gcs') {
      new GcsBackend(this, { bucket: cfg.stateBucket, prefix: `vertex-mlops/${cfg.environment}` });
    } else {
      new LocalBackend(this, { path: `terraform.${id}.tfstate` });
    }

    this.services = new ProjectServices(this, 'services', { project, services: PLATFORM_APIS });

    this.keyring = new CmekKeyring(this, 'keyring', {
      project,
      projectNumber: cfg.projectNumber,
      location: cfg.region,
      name: resourceName(naming, 'keyring'),
    });
    const keys = {} as Record<KeyClass, CmekKey>;
    const keyScope = new Construct(this, 'keys');
    for (const keyClass of KEY_CLASSES) {
      keys[keyClass] = new CmekKey(keyScope, keyClass, {
        keyring: this.keyring,
        keyClass,
        rotationSeconds: cfg.keyRotationSeconds,
        protectionLevel: cfg.kmsProtectionLevel,
        labels,
        dependsOn: this.services.services,
      });
    }
    this.keys = keys;

    const buckets = new Construct(this, 'buckets');
    const bucket = (purpose: string, extra: Partial<ConstructorParameters<typeof EncryptedBucket>[2]> = {}) =>
      new EncryptedBucket(buckets, purpose, {
        name: derivedBucketName(cfg.namePrefix, cfg.environment, purpose),
        encryptionKey: keys.storage,
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
    // Composer's own bucket (DAGs, logs). Composer wants it STANDARD and without retention; old
    // task logs only cost money.
    this.composerBucket = bucket('composer', {
      lifecycleRules: [
        { action: 'Delete', daysSinceNoncurrent: 30 },
        { action: 'Delete', ageDays: 90, matchesPrefix: ['logs/'] },
      ],
    });
    this.functionSourceBucket = bucket('functions-source');

    this.registry = new CmekRegistry(this, 'registry', {
      repositoryId: resourceName(naming, 'containers'),
      encryptionKey: keys['artifact-registry'],
      labels,
    });
    this.functionImages = new CmekRegistry(this, 'function-images', {
      repositoryId: resourceName(naming, 'function-images'),
      encryptionKey: keys.functions,
      keyClass: 'functions',
      description: 'Images Cloud Build builds from the platform\'s Cloud Functions',
      labels,
    });

    const accountScope = new Construct(this, 'accounts');
    const account = (purpose: string, displayName: string, projectRoles: readonly string[]) =>
      new WorkloadServiceAccount(accountScope, purpose, {
        project,
        accountId: accountId(naming, purpose),
        displayName,
        description: `${displayName} (${cfg.environment}); managed by vertex-mlops-cdktf`,
        projectRoles,
      });
    const deployer = account('deployer', 'CI/CD deployer', DEPLOYER_PROJECT_ROLES);
    const pipeline = account('pipeline', 'Vertex AI pipeline runner', ['roles/aiplatform.user', 'roles/logging.logWriter']);
    const composer = account('composer', 'Cloud Composer worker', ['roles/composer.worker', 'roles/logging.logWriter']);
    const trigger = account('trigger', 'Pipeline trigger function', [
      'roles/aiplatform.user',
      'roles/eventarc.eventReceiver',
      'roles/logging.logWriter',
    ]);
    const serving = account('serving', 'Prediction serving', ['roles/logging.logWriter', 'roles/monitoring.metricWriter']);
    // The batch prediction schedule grants its own roles (BatchPredictionSchedule).
    const batch = account('batch', 'Scheduled batch prediction', []);
    const functionBuild = account('fnbuild', 'Cloud Functions builder', ['roles/logging.logWriter']);
    this.accounts = { deployer, pipeline, composer, trigger, serving, batch, functionBuild };

    deployer.grantImpersonate(cfg.cicdPrincipal);
    for (const workload of [pipeline, composer, trigger, serving, batch, functionBuild]) workload.grantUser(deployer);
    // The trigger submits jobs that run as the pipeline account, which deploys models that serve as the serving account.
    pipeline.grantUser(trigger);
    serving.grantUser(pipeline);

    this.pipelineRootBucket.grantReadWrite(pipeline);
    this.pipelineRootBucket.grantRead(serving);
    this.pipelineStorageBucket.grantRead(pipeline);
    this.pipelineStorageBucket.grantRead(trigger);
    this.sharedDataBucket.grantRead(pipeline);
    this.sharedDataBucket.grantReadWrite(composer);
    this.sharedDataBucket.grantRead(trigger);
    for (const reader of cfg.sharedDataReaders) this.sharedDataBucket.grantRead(reader);
    this.registry.grantPull(pipeline);
    this.registry.grantPull(serving);
    this.registry.grantPush(deployer);

    this.ingestSecret = new EncryptedSecret(this, 'ingest-source-credentials', {
      secretId: resourceName(naming, 'ingest-source-credentials'),
      encryptionKey: keys['secret-manager'],
      labels,
    });
    this.ingestSecret.grantAccess(composer);

    this.pipelineEventsTopic = new EncryptedTopic(this, 'pipeline-events', {
      name: resourceName(naming, 'pipeline-events'),
      encryptionKey: keys.pubsub,
      labels,
    });
    this.pipelineEventsTopic.grantPublish(pipeline);
    this.pipelineEventsTopic.grantPublish(trigger);

    new ProjectIamGrants(this, 'project-iam', { project, grants: cfg.projectIam });

    // Resources on a key already wait for the APIs through the key's grants; these are the rest.
    const apis = (...names: (typeof PLATFORM_APIS)[number][]) => this.services.services.filter((s) => names.includes(s.serviceInput as (typeof PLATFORM_APIS)[number]));

    this.composer = new ComposerEnv(this, 'composer', {
      name: resourceName(naming, 'composer'),
      encryptionKey: keys.composer,
      serviceAccount: composer,
      bucket: this.composerBucket,
      imageVersion: cfg.composer.imageVersion,
      environmentSize: cfg.composer.environmentSize,
      dagsDirectory: packageAssets('dags'),
      // Plain variables: the DAG reads an Airflow Variable of the same name first, so an operator
      // can still override one from the Airflow UI (AIRFLOW_VAR_* variables would shadow it).
      environmentVariables: {
        PIPELINE_SHARED_DATA_BUCKET: this.sharedDataBucket.bucketName,
        PIPELINE_ROOT_BUCKET: this.pipelineRootBucket.bucketName,
        PIPELINE_STORAGE_BUCKET: this.pipelineStorageBucket.bucketName,
        INGEST_SOURCE_URI: cfg.composer.ingestSourceUri,
        INGEST_SCHEDULE: cfg.composer.ingestSchedule,
      },
      labels,
      dependsOn: apis('composer.googleapis.com'),
    });

    this.endpoint = new PredictionEndpoint(this, 'endpoint', {
      displayName: resourceName(naming, 'endpoint'),
      encryptionKey: keys['vertex-ai'],
      servingAccount: serving,
      privateNetwork: cfg.serving.privateNetwork,
      labels,
      dependsOn: apis('aiplatform.googleapis.com'),
    });

    this.trigger = new VertexPipelineTrigger(this, 'pipeline-trigger', {
      functionName: resourceName(naming, 'pipeline-trigger'),
      encryptionKey: keys.functions,
      imageRepository: this.functionImages,
      sourceBucket: this.functionSourceBucket,
      sourceDirectory: packageAssets('functions', 'pipeline-trigger'),
      watchedBucket: this.sharedDataBucket,
      serviceAccount: trigger,
      buildServiceAccount: functionBuild,
      pipelineTemplateFile: props.pipelineTemplateFile ?? compiledPipeline(),
      pipelineTemplateBucket: this.pipelineStorageBucket,
      pipelineRootBucket: this.pipelineRootBucket,
      pipelineEncryptionKey: keys['vertex-ai'],
      pipelineServiceAccount: pipeline,
      pipelineParameters: {
        project,
        location: cfg.region,
        endpoint: this.endpoint.endpointName,
        kms_key_name: keys['vertex-ai'].id,
        serving_service_account: serving.email,
        accuracy_threshold: cfg.pipeline.accuracyThreshold,
        machine_type: cfg.serving.machineType,
      },
      labels,
      dependsOn: apis('cloudfunctions.googleapis.com', 'cloudbuild.googleapis.com', 'run.googleapis.com', 'eventarc.googleapis.com', 'pubsub.googleapis.com'),
    });

    this.batchPrediction = new BatchPredictionSchedule(this, 'batch-prediction', {
      name: resourceName(naming, 'batch-prediction'),
      encryptionKey: keys.functions,
      jobEncryptionKey: keys['vertex-ai'],
      serviceAccount: batch,
      endpoint: this.endpoint,
      inputBucket: this.sharedDataBucket,
      outputBucket: this.pipelineRootBucket,
      machineType: cfg.serving.machineType,
      schedule: cfg.serving.batchPredictionSchedule,
      timeZone: cfg.serving.timeZone,
      labels,
      dependsOn: apis('workflows.googleapis.com', 'workflowexecutions.googleapis.com', 'cloudscheduler.googleapis.com'),
    });

    this.monitoring = new PlatformMonitoring(this, 'monitoring', {
      project,
      displayNamePrefix: resourceName(naming, 'platform'),
      notificationEmail: cfg.notificationEmail,
      triggerFunction: this.trigger,
      endpoint: this.endpoint,
      endpointErrorRateThreshold: cfg.serving.errorRateAlertThreshold,
      endpointLatencyThresholdMs: cfg.serving.latencyAlertThresholdMs,
      batchPrediction: this.batchPrediction,
      labels,
      dependsOn: apis('monitoring.googleapis.com', 'logging.googleapis.com'),
    });

    const out = (name: string, value: string, description: string) => new TerraformOutput(this, name, { value, description });
    out('pipeline_root_bucket', this.pipelineRootBucket.bucketName, 'PIPELINE_ROOT_BUCKET: root of every pipeline run');
    out('pipeline_storage_bucket', this.pipelineStorageBucket.bucketName, 'PIPELINE_STORAGE_BUCKET: compiled pipelines');
    out('shared_data_bucket', this.sharedDataBucket.bucketName, 'PIPELINE_SHARED_DATA_BUCKET: ingested CSVs');
    out('registry_url', this.registry.url, 'Docker image prefix of the platform registry');
    for (const keyClass of KEY_CLASSES) out(`kms_key_${keyClass.replace(/-/g, '_')}`, keys[keyClass].id, `CMEK key for ${keyClass}`);
    for (const [name, sa] of Object.entries(this.accounts)) out(`service_account_${name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`)}`, sa.email, `${name} service account`);
    out('composer_environment', this.composer.environmentName, 'Cloud Composer environment');
    out('composer_dags_uri', this.composer.dagsUri, 'Folder the Composer environment reads DAGs from');
    out('composer_airflow_uri', this.composer.airflowUri, 'Airflow web UI');
    out('pipeline_trigger_function', this.trigger.functionName, 'Cloud Function that submits the pipeline on new data');
    out('pipeline_template_uri', this.trigger.templateUri, 'Compiled pipeline the trigger submits');
    // What CI's per-commit `npm run submit:pipeline` needs besides the template and the root.
    out('pipeline_kms_key', this.keys['vertex-ai'].id, 'KMS_KEY_NAME: key of every PipelineJob');
    out('pipeline_service_account', this.accounts.pipeline.email, 'PIPELINE_SERVICE_ACCOUNT: account PipelineJobs run as');
    out('prediction_endpoint_id', this.endpoint.endpointId, 'Vertex AI endpoint id');
    out('prediction_endpoint', this.endpoint.endpointName, 'Vertex AI endpoint resource name');
    out('batch_prediction_workflow', this.batchPrediction.workflowName, 'Workflow that runs the scheduled batch prediction');

    if (props.cicd) {
      const names = cicdNames(naming, project);
      this.cicd = new CicdIdentities(this, 'cicd', {
        project,
        projectNumber: cfg.projectNumber,
        poolId: names.poolId,
        providerId: names.providerId,
        organizationId: props.cicd.organization.id,
        organizationName: organizationName(props.cicd),
        projectName: props.cicd.project.name,
        azureDevopsProjectId: props.cicd.project.id,
        deployBranch: props.cicd.deployBranch,
        plannerAccountId: names.plannerAccountId,
        deployer: this.accounts.deployer,
        stateBucket: cfg.stateBucket,
      });
      // Plans refresh the registries, which only their reader role can see.
      this.registry.grantPull(this.cicd.planner);
      this.functionImages.grantPull(this.cicd.planner);
      out('workload_identity_provider', this.cicd.federation.providerName, 'Audience of the pipelines\' credential configuration');
      out('planner_service_account', this.cicd.planner.email, 'Read-only account pull-request plans impersonate');
      out('deployer_service_account', this.accounts.deployer.email, 'Account deployments from the deploy branch impersonate');
    }

    Guardrails.applyTo(this);
  }
}
