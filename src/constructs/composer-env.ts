import * as fs from 'fs';
import * as path from 'path';
import { Construct } from 'constructs';
import { ITerraformDependable } from 'cdktf';
import { ComposerEnvironment } from '@cdktf/provider-google/lib/composer-environment';
import { ServiceAccountIamMember } from '@cdktf/provider-google/lib/service-account-iam-member';
import { StorageBucketObject } from '@cdktf/provider-google/lib/storage-bucket-object';
import { listTree } from '../files';
import { PlatformConstruct } from '../platform-construct';
import { libraryMade } from '../library-made';
import { composerImageProblem } from '../rules/composer';
import { assertEuRegion } from '../rules/locations';
import { resourceIdProblem } from '../rules/names';
import { serviceAgent } from '../service-agents';
import { ICmekKey } from './cmek-key';
import { IBucket } from './encrypted-bucket';
import { IServiceAccount } from './workload-service-account';

export type ComposerEnvironmentSize = 'ENVIRONMENT_SIZE_SMALL' | 'ENVIRONMENT_SIZE_MEDIUM' | 'ENVIRONMENT_SIZE_LARGE';

/**
 * Airflow settings every environment gets unless `airflowConfigOverrides` says otherwise.
 * DAGs reach the environment only through a reviewed deploy, so a new DAG runs on its schedule
 * without a manual unpause, and never back-fills the days before it was deployed (Airflow 3's
 * default too, stated here so an Airflow 2 image behaves the same).
 */
export const DEFAULT_AIRFLOW_CONFIG_OVERRIDES: Readonly<Record<string, string>> = {
  'core-dags_are_paused_at_creation': 'False',
  'scheduler-catchup_by_default': 'False',
};

/** Environment variables Cloud Composer sets itself and refuses in `env_variables`. */
const RESERVED_ENV_VARIABLES = [
  'AIRFLOW_HOME', 'C_FORCE_ROOT', 'CONTAINER_NAME', 'DAGS_FOLDER', 'GCP_PROJECT', 'GCS_BUCKET', 'GKE_CLUSTER_NAME',
  'SQL_DATABASE', 'SQL_INSTANCE', 'SQL_PASSWORD', 'SQL_PROJECT', 'SQL_REGION', 'SQL_USER',
];

export interface ComposerEnvProps {
  /** The project the environment is created in. */
  readonly project: string;
  /** The project's number: the Composer service agent and the agents of `KEY_CLASS_AGENTS.composer` derive from it. */
  readonly projectNumber: string;
  /** Environment name: lowercase letters, digits and hyphens, starting with a letter, at most 64. */
  readonly name: string;
  /**
   * A `composer` class key in the environment's region. Composer encrypts its database, Pub/Sub
   * topics, images and disks with it through the agents in `KEY_CLASS_AGENTS.composer`.
   */
  readonly encryptionKey: ICmekKey;
  /** The account the Airflow workers run as (it needs `roles/composer.worker`). */
  readonly serviceAccount: IServiceAccount;
  /**
   * The environment's bucket (DAGs, plugins, data, logs), created by you: Composer 3 then creates
   * none of its own. Composer does not change a custom bucket's encryption, so it keeps the
   * platform's storage key like every other bucket. It must be in the environment's region and
   * carry no retention policy.
   */
  readonly bucket: IBucket;
  /** A Cloud Composer 3 image, e.g. `composer-3-airflow-3.1.7` (latest build) or `...-build.4`. */
  readonly imageVersion: string;
  /** @default 'ENVIRONMENT_SIZE_SMALL' */
  readonly environmentSize?: ComposerEnvironmentSize;
  /** An EU region. @default - the key's location */
  readonly region?: string;
  /**
   * A folder of DAGs to upload into the bucket's `dags/` folder. Top-level `.py` files are DAG
   * files and their object names carry the content hash (`dags/<name>-<sha12>.py`), so a changed
   * DAG replaces its object and an unchanged one is left alone. Python packages beside them
   * (folders with an `__init__.py`, with their data files) keep their names, since DAGs import
   * them by name; `.airflowignore` is uploaded as is. Tests (`tests/`, `conftest.py`,
   * `test_*.py`) and caches are never uploaded.
   * @default - no DAGs are uploaded
   */
  readonly dagsDirectory?: string;
  /**
   * Environment variables of every Airflow component, e.g. the buckets a DAG writes to. Names
   * starting with `AIRFLOW__` are Airflow settings: use `airflowConfigOverrides`.
   * @default {}
   */
  readonly environmentVariables?: Readonly<Record<string, string>>;
  /**
   * Airflow Variables, defined as `AIRFLOW_VAR_<NAME>` environment variables. Such Variables
   * cannot be changed from the Airflow UI; prefer `environmentVariables` for settings a DAG reads
   * with a fallback to the environment.
   * @default {}
   */
  readonly airflowVariables?: Readonly<Record<string, string>>;
  /**
   * Airflow settings as `<section>-<key>`, merged over `DEFAULT_AIRFLOW_CONFIG_OVERRIDES`.
   * @default {}
   */
  readonly airflowConfigOverrides?: Readonly<Record<string, string>>;
  /** Extra PyPI packages, name to version specifier (e.g. `'==1.2.3'`). @default {} */
  readonly pypiPackages?: Readonly<Record<string, string>>;
  /**
   * Run Airflow without internet access (Composer 3 private IP). The ingestion DAG then cannot
   * reach an `https://` source unless a network attachment with Cloud NAT is added.
   * @default false
   */
  readonly privateEnvironment?: boolean;
  /** @default {} */
  readonly labels?: Readonly<Record<string, string>>;
  /** Resources (such as enabled APIs and the worker's project roles) the environment waits for. @default [] */
  readonly dependsOn?: ITerraformDependable[];
}

/**
 * A Cloud Composer 3 environment on a customer-managed key, with a bucket of your own and its
 * DAGs uploaded from a folder. It grants the Composer service agent the
 * `roles/composer.ServiceAgentV2Ext` role on the worker account (Composer 3 binds the worker to
 * its Kubernetes service account with it) and lets the worker read and write the bucket.
 */
export class ComposerEnv extends PlatformConstruct {
  public readonly resource: ComposerEnvironment;
  public readonly environmentName: string;
  public readonly region: string;
  public readonly bucket: IBucket;
  /** `gs://<bucket>/dags`, the folder Airflow reads DAGs from. */
  public readonly dagsUri: string;
  /** The uploaded DAG files and their packages. */
  public readonly dagObjects: StorageBucketObject[] = [];
  /** The Airflow web UI. */
  public readonly airflowUri: string;

  constructor(scope: Construct, id: string, props: ComposerEnvProps) {
    super(scope, id);
    const who = `ComposerEnv '${this.node.path}'`;
    if (resourceIdProblem(props.name, 64)) {
      throw new Error(`${who}: name '${props.name}' is invalid; use up to 64 lowercase letters, digits and hyphens, starting with a letter and not ending with a hyphen`);
    }
    const region = props.region ?? props.encryptionKey.location;
    assertEuRegion(region, `${who}: region`);
    props.encryptionKey.assertUsableFor('composer', region, `${who} encryptionKey`);
    const imageProblem = composerImageProblem(props.imageVersion);
    if (imageProblem) throw new Error(`${who}: imageVersion: ${imageProblem}`);
    const bucketLocation = props.bucket.location;
    if (bucketLocation && bucketLocation.toLowerCase() !== region.toLowerCase()) {
      throw new Error(`${who}: bucket '${props.bucket.node.path}' is in '${bucketLocation}' but the environment is in '${region}'; Composer needs its bucket in the environment's region`);
    }
    if (props.bucket.retentionSeconds !== undefined) {
      throw new Error(`${who}: bucket '${props.bucket.node.path}' has a retention policy, which Composer refuses for its bucket (logs and DAGs are overwritten); use a bucket without retentionSeconds`);
    }
    const envVariables: Record<string, string> = {};
    for (const [name, value] of Object.entries(props.environmentVariables ?? {})) {
      checkEnvName(who, 'environmentVariables', name);
      envVariables[name] = value;
    }
    for (const [name, value] of Object.entries(props.airflowVariables ?? {})) {
      if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) {
        throw new Error(`${who}: airflowVariables key '${name}' is not usable as an environment variable; use letters, digits and '_'`);
      }
      const envName = `AIRFLOW_VAR_${name.toUpperCase()}`;
      if (envName in envVariables) {
        throw new Error(`${who}: airflowVariables['${name}'] and environmentVariables['${envName}'] set the same variable; keep it in one place`);
      }
      envVariables[envName] = value;
    }
    const overrides = { ...DEFAULT_AIRFLOW_CONFIG_OVERRIDES, ...props.airflowConfigOverrides };
    for (const key of Object.keys(overrides)) {
      if (!/^[a-z][a-z0-9_]*-[a-z][a-z0-9_]*$/.test(key)) {
        throw new Error(`${who}: airflowConfigOverrides key '${key}' is not '<section>-<key>'; write it like 'core-dags_are_paused_at_creation'`);
      }
    }

    this.region = region;
    this.bucket = props.bucket;
    const project = props.project;
    const keyGrants = props.encryptionKey.useFor(this, props.projectNumber);
    // Composer 3 binds the worker account to the environment's Kubernetes service account; its
    // service agent needs this role on a worker account it did not create.
    const agentGrant = new ServiceAccountIamMember(this, 'composer-agent-v2ext', {
      serviceAccountId: props.serviceAccount.name,
      role: 'roles/composer.ServiceAgentV2Ext',
      member: serviceAgent('composer.googleapis.com', props.projectNumber),
    });
    // Composer adds no IAM of its own to a custom bucket.
    const bucketGrant = props.bucket.grantReadWrite(props.serviceAccount);

    if (props.dagsDirectory !== undefined) this.uploadDags(who, props.dagsDirectory);

    this.resource = new ComposerEnvironment(this, 'Resource', {
      name: props.name,
      project,
      region,
      labels: props.labels ? { ...props.labels } : undefined,
      storageConfig: { bucket: props.bucket.bucketName },
      config: {
        environmentSize: props.environmentSize ?? 'ENVIRONMENT_SIZE_SMALL',
        enablePrivateEnvironment: props.privateEnvironment ?? false,
        nodeConfig: { serviceAccount: props.serviceAccount.email },
        encryptionConfig: { kmsKeyName: props.encryptionKey.keyName },
        softwareConfig: {
          imageVersion: props.imageVersion,
          envVariables: Object.keys(envVariables).length ? envVariables : undefined,
          airflowConfigOverrides: overrides,
          pypiPackages: props.pypiPackages && Object.keys(props.pypiPackages).length ? { ...props.pypiPackages } : undefined,
        },
      },
      dependsOn: [
        ...(props.dependsOn ?? []),
        ...keyGrants,
        ...props.serviceAccount.projectGrants,
        agentGrant,
        bucketGrant,
        ...props.bucket.dependables,
      ],
      // Creating an environment takes 25 minutes or more.
      timeouts: { create: '120m', update: '120m', delete: '60m' },
    });
    this.environmentName = this.resource.name;
    this.dagsUri = `${props.bucket.url}/dags`;
    this.airflowUri = this.resource.config.airflowUri;
    libraryMade(this);
  }

  private uploadDags(who: string, dir: string): void {
    if (!fs.existsSync(dir) || !fs.statSync(dir).isDirectory()) {
      throw new Error(`${who}: dagsDirectory '${dir}' is not a folder; point it at the folder that holds the DAG files`);
    }
    const skip = (name: string) => name === '__pycache__' || name === 'tests' || name === 'conftest.py' || /^test_.*\.py$|_test\.py$|\.pyc$/.test(name) || (name.startsWith('.') && name !== '.airflowignore');
    const entries = fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name));
    let dagFiles = 0;
    for (const entry of entries) {
      if (skip(entry.name)) continue;
      const full = path.join(dir, entry.name);
      if (entry.isFile() && entry.name.endsWith('.py')) {
        this.dagObjects.push(this.bucket.uploadFile(`dag-${entry.name}`, full, { prefix: 'dags/' }));
        dagFiles++;
      } else if (entry.isFile() && entry.name === '.airflowignore') {
        this.dagObjects.push(this.bucket.uploadFile('dag-airflowignore', full, { prefix: 'dags/', hashInName: false }));
      } else if (entry.isDirectory() && fs.existsSync(path.join(full, '__init__.py'))) {
        for (const rel of listTree(full, skip)) {
          const relDir = path.posix.dirname(rel);
          this.dagObjects.push(this.bucket.uploadFile(
            `dag-${entry.name}--${rel.replace(/\//g, '--')}`,
            path.join(full, rel),
            { prefix: `dags/${entry.name}/${relDir === '.' ? '' : `${relDir}/`}`, hashInName: false },
          ));
        }
      }
    }
    if (dagFiles === 0) {
      throw new Error(`${who}: dagsDirectory '${dir}' holds no DAG file (a top-level .py); point it at the DAGs folder or leave it unset`);
    }
  }
}

function checkEnvName(who: string, prop: string, name: string): void {
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) {
    throw new Error(`${who}: ${prop} key '${name}' is not a valid environment variable name; use letters, digits and '_', not starting with a digit`);
  }
  if (name.startsWith('AIRFLOW__')) {
    throw new Error(`${who}: ${prop} key '${name}' is an Airflow setting, which Composer refuses as a variable; set it in airflowConfigOverrides as '<section>-<key>'`);
  }
  if (RESERVED_ENV_VARIABLES.includes(name)) {
    throw new Error(`${who}: ${prop} key '${name}' is set by Cloud Composer itself and cannot be overridden; choose another name`);
  }
}
