import { Construct } from 'constructs';
import { TerraformResource } from 'cdktf';
import { ComputeFirewall } from '@cdktf/provider-google/lib/compute-firewall';
import { StorageBucketObject } from '@cdktf/provider-google/lib/storage-bucket-object';
import { PlatformConstruct } from '../platform-construct';
import { libraryMade } from '../library-made';
import { assertEuRegion } from '../rules/locations';
import { ICmekKey } from './cmek-key';
import { IRegistry } from './cmek-registry';
import { EncryptedBucket } from './encrypted-bucket';
import { IPlatformNetwork } from './platform-network';
import { IServiceAccount } from './workload-service-account';

/** The project roles `DataflowEnvironment` grants; nothing else of Dataflow is project-wide. */
export const DATAFLOW_ROLES = {
  /** The worker account: what a Dataflow worker VM needs to run its work items. */
  worker: 'roles/dataflow.worker',
  /** `grantLaunch`: create, watch and cancel jobs (not `roles/dataflow.admin`, which adds storage and compute reads). */
  developer: 'roles/dataflow.developer',
} as const;

/**
 * The network tag Dataflow puts on every worker VM; worker-to-worker traffic (shuffle, the
 * batch data plane) is allowed between machines that carry it.
 */
export const DATAFLOW_WORKER_TAG = 'dataflow';

export interface DataflowEnvironmentProps {
  /** The project jobs run in. */
  readonly project: string;
  /** Its number: the Dataflow and Compute Engine agents are granted on `encryptionKey`. */
  readonly projectNumber: string;
  /** A `dataflow` class key: jobs are launched with it (`--dataflow_kms_key`). */
  readonly encryptionKey: ICmekKey;
  /** A `storage` class key for the staging and temp bucket. */
  readonly storageKey: ICmekKey;
  /** Name of the bucket created for staging (`staging/`) and temp files (`temp/`). */
  readonly bucketName: string;
  /** The account workers run as. It gets `roles/dataflow.worker` and read-write on the bucket, nothing else here. */
  readonly workerAccount: IServiceAccount;
  /**
   * Workers run in this network's subnet, without public addresses (Private Google Access);
   * worker-to-worker ports (12345-12346) are opened between Dataflow workers only.
   */
  readonly network: IPlatformNetwork;
  /** @default - the network's region */
  readonly region?: string;
  /** @default {} */
  readonly labels?: Readonly<Record<string, string>>;
}

/** One parameter of a Flex Template (the spec's `metadata.parameters[]`). */
export interface FlexTemplateParameter {
  /** The pipeline's argument name, without `--`. */
  readonly name: string;
  readonly label: string;
  readonly helpText: string;
  /** @default false */
  readonly isOptional?: boolean;
  /** Dataflow rejects a launch whose value matches none of them. @default - any value */
  readonly regexes?: readonly string[];
}

export interface FlexTemplateProps {
  /** `<registry url>/<image>:<tag>`: the launcher image, which the launch also names as the workers' SDK container. */
  readonly image: string;
  /** The registry `image` is in; the worker account (launcher VM and workers) gets pull on it. */
  readonly registry: IRegistry;
  /** Template name, e.g. `iris-preprocess`; the spec object is `templates/<name>-<sha12>.json`. */
  readonly name: string;
  readonly description: string;
  readonly parameters: readonly FlexTemplateParameter[];
}

/** What `addFlexTemplate` made. */
export interface FlexTemplate {
  readonly object: StorageBucketObject;
  /** `gs://<bucket>/templates/<name>-<sha12>.json`, a launch's `containerSpecGcsPath`. */
  readonly specPath: string;
  readonly image: string;
  /** The spec as written. */
  readonly spec: Readonly<Record<string, unknown>>;
}

/**
 * What a Dataflow job needs to keep the platform's promises, for a launcher (such as the
 * ingestion DAG) that starts jobs itself: a worker account of its own, a CMEK bucket for staging
 * and temp files, the `dataflow` key granted to the Dataflow and Compute Engine agents, and the
 * subnet with its worker firewall rule. `pipelineOptions` holds the values a launcher passes.
 */
export class DataflowEnvironment extends PlatformConstruct {
  public readonly bucket: EncryptedBucket;
  public readonly workerAccount: IServiceAccount;
  public readonly encryptionKey: ICmekKey;
  public readonly region: string;
  public readonly project: string;
  /** `gs://<bucket>/staging` */
  public readonly stagingLocation: string;
  /** `gs://<bucket>/temp` */
  public readonly tempLocation: string;
  /** The subnet's self link, as `--subnetwork` takes it. */
  public readonly subnetwork: string;
  public readonly workerFirewall: ComputeFirewall;
  /** The key's grants to the Dataflow and Compute Engine agents; a launch must wait for them. */
  public readonly keyGrants: readonly TerraformResource[];

  constructor(scope: Construct, id: string, props: DataflowEnvironmentProps) {
    super(scope, id);
    const who = `DataflowEnvironment '${this.node.path}'`;
    const region = props.region ?? props.network.region;
    assertEuRegion(region, `${who}: region`);
    if (region !== props.network.region) {
      throw new Error(`${who}: region '${region}' differs from the subnet's region '${props.network.region}'; workers must run in the subnet's region`);
    }
    props.encryptionKey.assertUsableFor('dataflow', region, `${who} encryptionKey`);
    this.project = props.project;
    this.region = region;
    this.encryptionKey = props.encryptionKey;
    this.workerAccount = props.workerAccount;
    this.keyGrants = props.encryptionKey.useFor(this, props.projectNumber);

    this.bucket = new EncryptedBucket(this, 'bucket', {
      project: props.project,
      projectNumber: props.projectNumber,
      name: props.bucketName,
      encryptionKey: props.storageKey,
      location: region,
      labels: { ...props.labels, purpose: 'dataflow' },
      // Temp files only matter while their job runs; staged packages are re-staged by the next launch.
      lifecycleRules: [
        { action: 'Delete', daysSinceNoncurrent: 1 },
        { action: 'Delete', ageDays: 7, matchesPrefix: ['temp/'] },
        { action: 'Delete', ageDays: 30, matchesPrefix: ['staging/'] },
      ],
    });
    props.workerAccount.addProjectRole(DATAFLOW_ROLES.worker);
    this.bucket.grantReadWrite(props.workerAccount);
    this.workerFirewall = props.network.allowIngressWithinSubnet('dataflow-workers', {
      protocol: 'tcp',
      ports: ['12345-12346'],
      targetTags: [DATAFLOW_WORKER_TAG],
    });
    this.stagingLocation = `${this.bucket.url}/staging`;
    this.tempLocation = `${this.bucket.url}/temp`;
    this.subnetwork = props.network.subnetworkSelfLink;
    libraryMade(this);
  }

  /**
   * Lets `launcher` start jobs that run as the worker account: `roles/dataflow.developer` on the
   * project (Dataflow has no narrower resource), actAs on the worker account only, and
   * read-write on the staging and temp bucket. Returns the grants.
   */
  public grantLaunch(launcher: IServiceAccount): TerraformResource[] {
    return [
      launcher.addProjectRole(DATAFLOW_ROLES.developer),
      this.workerAccount.grantUser(launcher),
      this.bucket.grantReadWrite(launcher),
    ];
  }

  /**
   * Writes a Python Flex Template spec for `image` into the bucket, named by its content, and
   * lets the worker account pull from the registry: the launcher VM and the workers run as it,
   * and both start `image`.
   */
  public addFlexTemplate(id: string, props: FlexTemplateProps): FlexTemplate {
    const who = `DataflowEnvironment '${this.node.path}' addFlexTemplate('${id}')`;
    if (!props.image.startsWith(`${props.registry.url}/`) || !/:[\w][\w.-]{0,127}$/.test(props.image)) {
      throw new Error(`${who}: image '${props.image}' is not a tagged image of the registry ${props.registry.url}; name it <registry url>/<image>:<tag>`);
    }
    if (!/^[a-z]([-a-z0-9]*[a-z0-9])?$/.test(props.name)) {
      throw new Error(`${who}: name '${props.name}' must be lowercase letters, digits and '-', starting with a letter (e.g. iris-preprocess)`);
    }
    const spec = {
      image: props.image,
      sdkInfo: { language: 'PYTHON' },
      metadata: {
        name: props.name,
        description: props.description,
        parameters: props.parameters.map((p) => ({
          name: p.name,
          label: p.label,
          helpText: p.helpText,
          isOptional: p.isOptional ?? false,
          ...(p.regexes ? { regexes: [...p.regexes] } : {}),
        })),
      },
    };
    const object = this.bucket.uploadContent(`template-${id}`, `${props.name}.json`, `${JSON.stringify(spec, null, 2)}\n`, { prefix: 'templates/' });
    props.registry.grantPull(this.workerAccount);
    return { object, specPath: `${this.bucket.url}/${object.nameInput}`, image: props.image, spec };
  }

  /** The Beam pipeline options of a job in this environment, by option name. */
  public get pipelineOptions(): Readonly<Record<string, string>> {
    return {
      project: this.project,
      region: this.region,
      service_account_email: this.workerAccount.email,
      temp_location: this.tempLocation,
      staging_location: this.stagingLocation,
      dataflow_kms_key: this.encryptionKey.keyName,
      subnetwork: this.subnetwork,
    };
  }
}
