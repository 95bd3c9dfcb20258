import * as fs from 'fs';
import { Construct } from 'constructs';
import { ITerraformDependable, TerraformResource } from 'cdktf';
import { Cloudfunctions2Function } from '@cdktf/provider-google/lib/cloudfunctions2-function';
import { CloudRunV2ServiceIamMember } from '@cdktf/provider-google/lib/cloud-run-v2-service-iam-member';
import { EventarcGoogleChannelConfig } from '@cdktf/provider-google/lib/eventarc-google-channel-config';
import { ProjectIamMember } from '@cdktf/provider-google/lib/project-iam-member';
import { StorageBucketObject } from '@cdktf/provider-google/lib/storage-bucket-object';
import { bundleFunction } from '../function-bundle';
import { PlatformConstruct } from '../platform-construct';
import { libraryMade } from '../library-made';
import { assertEuRegion } from '../rules/locations';
import { resourceIdProblem } from '../rules/names';
import { serviceAgent } from '../service-agents';
import { ICmekKey } from './cmek-key';
import { IRegistry } from './cmek-registry';
import { IBucket } from './encrypted-bucket';
import { IServiceAccount } from './workload-service-account';

/** The Cloud Storage event the function handles. */
export const OBJECT_FINALIZED_EVENT = 'google.cloud.storage.object.v1.finalized';

/** A pipeline parameter value the function passes with every run (`PIPELINE_PARAMETERS`). */
export type PipelineParameterValue = string | number | boolean;

export interface VertexPipelineTriggerProps {
  /** The project the function is created in and the pipeline runs in. */
  readonly project: string;
  /** The project's number: its Cloud Functions, Eventarc, Vertex AI and Cloud Storage agents derive from it. */
  readonly projectNumber: string;
  /** Function name: lowercase letters, digits and hyphens, starting with a letter, at most 63. */
  readonly functionName: string;
  /** A `functions` class key: it encrypts the function, its source copy and its images. */
  readonly encryptionKey: ICmekKey;
  /**
   * Where Cloud Build puts the function's images. Cloud Functions requires this repository on
   * the function's own key, so it is a `CmekRegistry` with `keyClass: 'functions'` and
   * `encryptionKey` the same key as the function's.
   */
  readonly imageRepository: IRegistry;
  /** Bucket the zipped source is uploaded to (the function's builder reads it from there). */
  readonly sourceBucket: IBucket;
  /**
   * The function's folder (package.json, lockfile, TypeScript sources). At synth its entry
   * module is bundled with esbuild, with the code it shares with the command-line clients, into
   * one `index.js`; the archive holds that, the package.json and the lockfile, and Cloud Build
   * only installs the npm dependencies (see `bundleFunction`).
   */
  readonly sourceDirectory: string;
  /** The entry module, relative to `sourceDirectory`. @default 'src/index.ts' */
  readonly entryModule?: string;
  /** @default 'onObjectFinalized' */
  readonly entryPoint?: string;
  /** @default 'nodejs22' */
  readonly runtime?: string;
  /** The bucket whose finalized objects fire the function (the shared-data bucket). */
  readonly watchedBucket: IBucket;
  /**
   * The function's identity: it runs as this account and Eventarc delivers events as it. It
   * needs `roles/eventarc.eventReceiver` and `roles/aiplatform.user` on the project, read on the
   * template bucket and `actAs` on `pipelineServiceAccount`; the construct grants it
   * `roles/run.invoker` on the function's service.
   */
  readonly serviceAccount: IServiceAccount;
  /**
   * The account Cloud Build builds the function as. The construct lets it read the source
   * bucket and push to `imageRepository`; it needs `roles/logging.logWriter` on the project.
   */
  readonly buildServiceAccount: IServiceAccount;
  /** The compiled pipeline (KFP IR JSON), uploaded under `pipelines/` with its hash in the name. */
  readonly pipelineTemplateFile: string;
  /** Bucket the compiled pipeline is kept in (the pipeline-storage bucket). */
  readonly pipelineTemplateBucket: IBucket;
  /** `PIPELINE_ROOT` of every run is this bucket. */
  readonly pipelineRootBucket: IBucket;
  /** The `vertex-ai` key every PipelineJob is encrypted with (`KMS_KEY_NAME`). */
  readonly pipelineEncryptionKey: ICmekKey;
  /** The account pipeline runs execute as (`PIPELINE_SERVICE_ACCOUNT`). */
  readonly pipelineServiceAccount: IServiceAccount;
  /**
   * Values of pipeline parameters passed with every run (`PIPELINE_PARAMETERS`). Each name must
   * be an input of the compiled pipeline.
   * @default {}
   */
  readonly pipelineParameters?: Readonly<Record<string, PipelineParameterValue>>;
  /**
   * The pipeline input that receives the new object's `gs://` URI (`DATA_PARAMETER_NAME`).
   * @default 'data_uri'
   */
  readonly dataParameterName?: string;
  /** An EU region; also where the trigger listens (the watched bucket's region). @default - the key's location */
  readonly region?: string;
  /** @default 3 */
  readonly maxInstances?: number;
  /** @default 60 */
  readonly timeoutSeconds?: number;
  /** @default '256Mi' */
  readonly memory?: string;
  /**
   * Encrypt Eventarc's Google channel in the region with `encryptionKey`: the channel carries
   * the Cloud Storage events to the function. There is one channel per project and region, so
   * turn this off where another construct of the project configures it.
   * @default true
   */
  readonly encryptEventChannel?: boolean;
  /** @default {} */
  readonly labels?: Readonly<Record<string, string>>;
  /** Resources (such as enabled APIs) the function waits for. @default [] */
  readonly dependsOn?: ITerraformDependable[];
}

/**
 * The pipeline trigger: a Cloud Function (gen2) that submits a Vertex AI PipelineJob for every
 * CSV finalized in the watched bucket. Everything it stores is on the `functions` key: the
 * function, its build images, and Eventarc's channel. It uploads the source and the compiled
 * pipeline with their content hashes in their names, and grants what the path from a new object
 * to a submitted job needs: `roles/run.invoker` for the trigger account on the function's
 * service, and `roles/pubsub.publisher` on the project for the Cloud Storage service agent,
 * which publishes bucket events to the topic Eventarc creates (its name is unknown before the
 * trigger exists, so the grant cannot be narrower).
 */
export class VertexPipelineTrigger extends PlatformConstruct {
  public readonly resource: Cloudfunctions2Function;
  public readonly functionName: string;
  public readonly region: string;
  /** The uploaded compiled pipeline. */
  public readonly templateObject: StorageBucketObject;
  /** `gs://` URI of the uploaded compiled pipeline, as the function receives it. */
  public readonly templateUri: string;
  /** The uploaded source archive. */
  public readonly sourceObject: StorageBucketObject;
  /** The environment variables the function runs with. */
  public readonly environment: Readonly<Record<string, string>>;
  public readonly invokerGrant: TerraformResource;

  constructor(scope: Construct, id: string, props: VertexPipelineTriggerProps) {
    super(scope, id);
    const who = `VertexPipelineTrigger '${this.node.path}'`;
    if (resourceIdProblem(props.functionName, 63)) {
      throw new Error(`${who}: functionName '${props.functionName}' is invalid; use up to 63 lowercase letters, digits and hyphens, starting with a letter`);
    }
    const region = props.region ?? props.encryptionKey.location;
    assertEuRegion(region, `${who}: region`);
    props.encryptionKey.assertUsableFor('functions', region, `${who} encryptionKey`);
    props.pipelineEncryptionKey.assertUsableFor('vertex-ai', region, `${who} pipelineEncryptionKey`);
    if (props.imageRepository.encryptionKey && props.imageRepository.encryptionKey.keyName !== props.encryptionKey.keyName) {
      throw new Error(`${who}: imageRepository '${props.imageRepository.node.path}' is encrypted with '${props.imageRepository.encryptionKey.node.path}', not the function's key '${props.encryptionKey.node.path}'; Cloud Functions requires both on one key: create the repository with keyClass: 'functions' and this key`);
    }
    if (props.imageRepository.location !== region) {
      throw new Error(`${who}: imageRepository '${props.imageRepository.node.path}' is in '${props.imageRepository.location}' but the function is in '${region}'; put them in one region`);
    }
    const watchedLocation = props.watchedBucket.location;
    if (watchedLocation && watchedLocation.toLowerCase() !== region) {
      throw new Error(`${who}: watchedBucket '${props.watchedBucket.node.path}' is in '${watchedLocation}' but the function is in '${region}'; a Cloud Storage trigger listens in its bucket's region`);
    }
    const maxInstances = props.maxInstances ?? 3;
    if (!Number.isInteger(maxInstances) || maxInstances < 1 || maxInstances > 100) {
      throw new Error(`${who}: maxInstances ${maxInstances} must be a whole number from 1 to 100`);
    }
    const timeoutSeconds = props.timeoutSeconds ?? 60;
    if (!Number.isInteger(timeoutSeconds) || timeoutSeconds < 1 || timeoutSeconds > 540) {
      throw new Error(`${who}: timeoutSeconds ${timeoutSeconds} must be a whole number from 1 to 540 (an event-driven function's limit)`);
    }
    const dataParameterName = props.dataParameterName ?? 'data_uri';
    const parameters = { ...props.pipelineParameters };
    checkPipelineParameters(who, props.pipelineTemplateFile, dataParameterName, parameters);

    this.region = region;
    const project = props.project;
    const projectNumber = props.projectNumber;
    const keyGrants = props.encryptionKey.useFor(this, projectNumber);
    const pipelineKeyGrants = props.pipelineEncryptionKey.useFor(this, projectNumber);

    this.templateObject = props.pipelineTemplateBucket.uploadFile('pipeline-template', props.pipelineTemplateFile, { prefix: 'pipelines/' });
    this.templateUri = `${props.pipelineTemplateBucket.url}/${this.templateObject.name}`;
    const bundled = bundleFunction(props.sourceDirectory, who, props.entryModule);
    const source = props.sourceBucket.uploadDirectory('pipeline-trigger-source', bundled.directory, { prefix: 'functions/' });
    this.sourceObject = source.object;

    const buildGrants = [
      props.sourceBucket.grantRead(props.buildServiceAccount),
      props.imageRepository.grantPush(props.buildServiceAccount),
    ];
    const publisherGrant = new ProjectIamMember(this, 'storage-agent-publisher', {
      project,
      role: 'roles/pubsub.publisher',
      member: serviceAgent('storage.googleapis.com', projectNumber),
    });
    const channel = (props.encryptEventChannel ?? true)
      ? new EventarcGoogleChannelConfig(this, 'event-channel', {
        project,
        location: region,
        name: `projects/${project}/locations/${region}/googleChannelConfig`,
        cryptoKeyName: props.encryptionKey.keyName,
        dependsOn: [...(props.dependsOn ?? []), ...keyGrants],
      })
      : undefined;

    this.environment = {
      PROJECT_ID: project,
      REGION: region,
      PIPELINE_TEMPLATE_URI: this.templateUri,
      PIPELINE_ROOT: props.pipelineRootBucket.url,
      KMS_KEY_NAME: props.pipelineEncryptionKey.keyName,
      PIPELINE_SERVICE_ACCOUNT: props.pipelineServiceAccount.email,
      DATA_PARAMETER_NAME: dataParameterName,
      ...(Object.keys(parameters).length ? { PIPELINE_PARAMETERS: JSON.stringify(parameters) } : {}),
    };

    this.resource = new Cloudfunctions2Function(this, 'Resource', {
      project,
      location: region,
      name: props.functionName,
      description: 'Submits the Vertex AI pipeline for every CSV finalized in the shared-data bucket',
      kmsKeyName: props.encryptionKey.keyName,
      labels: props.labels ? { ...props.labels } : undefined,
      buildConfig: {
        runtime: props.runtime ?? 'nodejs22',
        entryPoint: props.entryPoint ?? 'onObjectFinalized',
        dockerRepository: props.imageRepository.repositoryName,
        serviceAccount: props.buildServiceAccount.name,
        source: { storageSource: { bucket: props.sourceBucket.bucketName, object: source.object.name } },
        // Base-image security patches are applied without a redeploy.
        automaticUpdatePolicy: {},
      },
      serviceConfig: {
        serviceAccountEmail: props.serviceAccount.email,
        ingressSettings: 'ALLOW_INTERNAL_ONLY',
        allTrafficOnLatestRevision: true,
        minInstanceCount: 0,
        maxInstanceCount: maxInstances,
        maxInstanceRequestConcurrency: 1,
        availableMemory: props.memory ?? '256Mi',
        timeoutSeconds,
        environmentVariables: { ...this.environment },
      },
      eventTrigger: {
        triggerRegion: region,
        eventType: OBJECT_FINALIZED_EVENT,
        eventFilters: [{ attribute: 'bucket', value: props.watchedBucket.bucketName }],
        // Eventarc redelivers an event the function fails on (a transient Vertex AI error); the
        // function makes a redelivered event a no-op once its job exists.
        retryPolicy: 'RETRY_POLICY_RETRY',
        serviceAccountEmail: props.serviceAccount.email,
      },
      dependsOn: [
        ...(props.dependsOn ?? []),
        ...keyGrants,
        // The runs it submits are encrypted with this key: its agent must be able to use it first.
        ...pipelineKeyGrants,
        ...props.serviceAccount.projectGrants,
        ...props.buildServiceAccount.projectGrants,
        ...buildGrants,
        publisherGrant,
        ...props.imageRepository.dependables,
        this.templateObject,
        ...(channel ? [channel] : []),
      ],
    });
    this.functionName = this.resource.name;
    // Eventarc calls the function's Cloud Run service as the trigger account.
    this.invokerGrant = new CloudRunV2ServiceIamMember(this, 'trigger-invoker', {
      project,
      location: region,
      name: this.resource.name,
      role: 'roles/run.invoker',
      member: props.serviceAccount.member,
    });
    libraryMade(this);
  }
}

/**
 * Reads the compiled pipeline's inputs and refuses parameters it does not declare, so a renamed
 * pipeline input fails synth instead of every run.
 */
function checkPipelineParameters(who: string, file: string, dataParameterName: string, parameters: Record<string, PipelineParameterValue>): void {
  if (!fs.existsSync(file)) {
    throw new Error(`${who}: pipelineTemplateFile '${file}' does not exist; compile the pipeline first (it writes assets/pipelines/compiled/)`);
  }
  let spec: { root?: { inputDefinitions?: { parameters?: Record<string, unknown> } } };
  try {
    spec = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (e) {
    throw new Error(`${who}: pipelineTemplateFile '${file}' is not JSON (${(e as Error).message}); pass the compiled KFP pipeline`);
  }
  if (!spec.root) {
    throw new Error(`${who}: pipelineTemplateFile '${file}' has no 'root' component; pass a pipeline compiled by kfp (PipelineSpec IR)`);
  }
  const declared = Object.keys(spec.root.inputDefinitions?.parameters ?? {});
  const known = declared.length ? declared.join(', ') : 'none';
  if (!declared.includes(dataParameterName)) {
    throw new Error(`${who}: dataParameterName '${dataParameterName}' is not an input of the pipeline in '${file}' (its inputs: ${known})`);
  }
  for (const name of Object.keys(parameters)) {
    if (name === dataParameterName) {
      throw new Error(`${who}: pipelineParameters sets '${name}', which the function fills with the new object's URI; remove it`);
    }
    if (!declared.includes(name)) {
      throw new Error(`${who}: pipelineParameters['${name}'] is not an input of the pipeline in '${file}'; its inputs are: ${known}`);
    }
  }
}
