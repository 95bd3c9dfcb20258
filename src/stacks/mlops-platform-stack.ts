import { Construct } from 'constructs';
import { GcsBackend, LocalBackend, TerraformOutput, TerraformStack } from 'cdktf';
import { GoogleProvider } from '@cdktf/provider-google/lib/provider';
import { EnvironmentConfig } from '../config/types';
import { derivedBucketName } from '../config/schema';
import { CmekKey } from '../constructs/cmek-key';
import { CmekKeyring } from '../constructs/cmek-keyring';
import { CmekRegistry } from '../constructs/cmek-registry';
import { EncryptedBucket } from '../constructs/encrypted-bucket';
import { EncryptedSecret } from '../constructs/encrypted-secret';
import { EncryptedTopic } from '../constructs/encrypted-topic';
import { ProjectIamGrants } from '../constructs/project-iam-grants';
import { ProjectServices } from '../constructs/project-services';
import { WorkloadServiceAccount } from '../constructs/workload-service-account';
import { Guardrails } from '../guardrails/pack';
import { accountId, Naming, resourceName } from '../naming';
import { KEY_CLASSES, KeyClass, PLATFORM_APIS } from '../service-agents';

export interface MlopsPlatformStackProps {
  readonly config: EnvironmentConfig;
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
  };
  public readonly ingestSecret: EncryptedSecret;
  public readonly pipelineEventsTopic: EncryptedTopic;

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

    this.registry = new CmekRegistry(this, 'registry', {
      repositoryId: resourceName(naming, 'containers'),
      encryptionKey: keys['artifact-registry'],
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
    this.accounts = { deployer, pipeline, composer, trigger, serving };

    deployer.grantImpersonate(cfg.cicdPrincipal);
    for (const workload of [pipeline, composer, trigger, serving]) workload.grantUser(deployer);
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

    const out = (name: string, value: string, description: string) => new TerraformOutput(this, name, { value, description });
    out('pipeline_root_bucket', this.pipelineRootBucket.bucketName, 'PIPELINE_ROOT_BUCKET: root of every pipeline run');
    out('pipeline_storage_bucket', this.pipelineStorageBucket.bucketName, 'PIPELINE_STORAGE_BUCKET: compiled pipelines');
    out('shared_data_bucket', this.sharedDataBucket.bucketName, 'PIPELINE_SHARED_DATA_BUCKET: ingested CSVs');
    out('registry_url', this.registry.url, 'Docker image prefix of the platform registry');
    for (const keyClass of KEY_CLASSES) out(`kms_key_${keyClass.replace(/-/g, '_')}`, keys[keyClass].id, `CMEK key for ${keyClass}`);
    for (const [name, sa] of Object.entries(this.accounts)) out(`service_account_${name}`, sa.email, `${name} service account`);

    Guardrails.applyTo(this);
  }
}
