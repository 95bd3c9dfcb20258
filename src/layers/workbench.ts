import { Construct } from 'constructs';
import { IBucket } from '../constructs/encrypted-bucket';
import { ICmekKey } from '../constructs/cmek-key';
import { ISubnetNetwork } from '../constructs/vpc-network';
import { WorkbenchInstance } from '../constructs/workbench-instance';
import { IServiceAccount, WorkloadServiceAccount } from '../constructs/workload-service-account';
import { accountId, resourceName } from '../rules/names';
import { apisOf, Layer, LayerProjectProps } from './layer';

/**
 * The project roles the CI/CD identities need on top of their own while a Workbench instance
 * exists: the deployer creates and updates it, the planner reads it when it plans.
 */
export const WORKBENCH_CICD_ROLES = {
  deployer: { 'roles/notebooks.admin': 'the Workbench instance (workbench.enabled)' },
  planner: ['roles/notebooks.viewer'],
} as const;

/** The project roles of a Workbench instance's account: run pipelines and experiments, write its logs. */
export const WORKBENCH_ACCOUNT_ROLES = ['roles/aiplatform.user', 'roles/logging.logWriter'] as const;

export interface WorkbenchLayerProps extends LayerProjectProps {
  /** EU region of the instance; the key must be in it. */
  readonly region: string;
  /** @default - `<region>-a` */
  readonly zone?: string;
  /** A `workbench` class key for the boot and data disks. */
  readonly workbenchKey: ICmekKey;
  /** The one user who may open JupyterLab: `user:<e-mail>`. */
  readonly owner: string;
  /**
   * The network and subnet the instance attaches to (no public IP: Google APIs through the
   * subnet's Private Google Access). `PlatformNetwork` is one.
   * @default - the project's `default` network
   */
  readonly network?: ISubnetNetwork;
  /** @default 'e2-standard-4' */
  readonly machineType?: string;
  /** @default 60 */
  readonly idleShutdownMinutes?: number;
  /** Buckets the data scientist reads (e.g. shared data, compiled pipelines, pipeline runs). @default [] */
  readonly readBuckets?: readonly IBucket[];
  /** The account pipeline runs execute as: the instance's account may submit runs as it. @default - runs cannot be submitted */
  readonly pipelineAccount?: IServiceAccount;
}

/**
 * Workbench: a Vertex AI Workbench instance for one data scientist, off unless a stack asks
 * for it. A layer of its own rather than part of training: it serves people, not the
 * automated path, and a team can take it (or leave it) without touching the pipeline.
 *
 * Needs: a `workbench` key, the owner (one user), the buckets to read, the pipeline account;
 * optionally the platform network. Provides: the instance (CMEK boot and data disks, no public
 * IP, shielded VM, idle shutdown, single-user access) and its own account (`account`), which
 * holds `aiplatform.user` and `logging.logWriter` on the project, read on the given buckets
 * and `actAs` on the pipeline account, and which only the owner may act as. The CI/CD
 * identities need `WORKBENCH_CICD_ROLES` while it exists.
 */
export class WorkbenchLayer extends Layer {
  public readonly instance: WorkbenchInstance;
  /** The instance's own account: one per instance, never shared with a workload. */
  public readonly account: WorkloadServiceAccount;

  constructor(scope: Construct, id: string, props: WorkbenchLayerProps) {
    super(scope, id);
    const who = `WorkbenchLayer '${this.node.path}'`;
    if (!/^user:[^@\s]+@[^@\s]+\.[^@\s]+$/.test(props.owner)) {
      throw new Error(`${who}: owner '${props.owner}' is not one user; a Workbench instance has a single owner: write it as 'user:ada@example.com'`);
    }
    const minutes = props.idleShutdownMinutes ?? 60;
    if (!Number.isInteger(minutes)) throw new Error(`${who}: idleShutdownMinutes ${minutes} must be a whole number of minutes`);

    this.account = new WorkloadServiceAccount(new Construct(this, 'accounts'), 'workbench', {
      project: props.project,
      accountId: accountId(props.naming, 'workbench'),
      displayName: 'Workbench instance',
      description: `Workbench instance of ${props.owner.slice('user:'.length)} (${props.naming.environment}); managed by vertex-mlops-cdktf`,
      projectRoles: WORKBENCH_ACCOUNT_ROLES,
    });
    // Single-user access: the owner opens JupyterLab as the instance's account.
    this.account.grantUser(props.owner);
    for (const bucket of props.readBuckets ?? []) bucket.grantRead(this.account);
    props.pipelineAccount?.grantUser(this.account);

    this.instance = new WorkbenchInstance(this, 'workbench', {
      project: props.project,
      projectNumber: props.projectNumber,
      name: resourceName(props.naming, 'workbench'),
      zone: props.zone ?? `${props.region}-a`,
      encryptionKey: props.workbenchKey,
      serviceAccount: this.account,
      owner: props.owner.slice('user:'.length),
      network: props.network?.networkName,
      subnet: props.network?.subnetworkName,
      machineType: props.machineType,
      idleTimeoutSeconds: minutes * 60,
      labels: props.labels,
      dependsOn: apisOf(props, 'notebooks.googleapis.com', 'compute.googleapis.com'),
    });
  }
}
