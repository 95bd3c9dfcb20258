import { Construct } from 'constructs';
import { ITerraformDependable } from 'cdktf';
import { WorkbenchInstance as WorkbenchInstanceResource } from '@cdktf/provider-google/lib/workbench-instance';
import { WorkbenchInstanceIamBinding } from '@cdktf/provider-google/lib/workbench-instance-iam-binding';
import { WorkbenchInstanceIamMember } from '@cdktf/provider-google/lib/workbench-instance-iam-member';
import { IamProps, ResourceIam } from '../iam';
import { libraryMade } from '../library-made';
import { PlatformConstruct } from '../platform-construct';
import { euLocationProblem } from '../rules/locations';
import { isUnresolved } from '../rules/tokens';
import { ICmekKey } from './cmek-key';
import { IServiceAccount } from './workload-service-account';

/**
 * `iam` on the instance is for operating it (start after an idle shutdown, stop, reset): access to
 * JupyterLab is `owner`'s alone, whatever the instance's IAM says.
 */
export interface WorkbenchInstanceProps extends IamProps {
  /** The project the instance is created in. */
  readonly project: string;
  /** The project's number: its Compute Engine and Notebooks agents are granted on the key. */
  readonly projectNumber: string;
  readonly name: string;
  /** An EU zone, e.g. `europe-west4-a`, in the key's region. */
  readonly zone: string;
  /** A `workbench` class key for the boot and data disks. */
  readonly encryptionKey: ICmekKey;
  /**
   * The account the instance runs as: one per user (or team), holding only what that user may
   * touch. Never the Compute Engine default account.
   */
  readonly serviceAccount: IServiceAccount;
  /** The only user who may open JupyterLab (single-user access), e.g. `ada@acme.example`. */
  readonly owner: string;
  /**
   * `projects/<p>/regions/<region>/subnetworks/<name>`, in `network`. Without a public IP the
   * instance reaches Google APIs through the subnet's Private Google Access.
   * @default - the project's `default` network (give one: a platform project may have none)
   */
  readonly subnet?: string;
  /** `projects/<p>/global/networks/<name>`, the network `subnet` is in. @default - the subnet's network */
  readonly network?: string;
  /** @default 'e2-standard-4' */
  readonly machineType?: string;
  /** Shut down after this much idle time, 10 minutes to 14 days. @default 3600 (1 hour) */
  readonly idleTimeoutSeconds?: number;
  /** Data disk size. @default 100 */
  readonly dataDiskSizeGb?: number;
  /** @default {} */
  readonly labels?: Readonly<Record<string, string>>;
  /** Resources (such as enabled APIs) the instance waits for. @default [] */
  readonly dependsOn?: ITerraformDependable[];
}

const SUBNET = /^projects\/[^/]+\/regions\/([^/]+)\/subnetworks\/[^/]+$/;

/**
 * A Vertex AI Workbench instance for one user: CMEK boot and data disks, no public IP, proxy
 * access for the owner only, shielded VM (secure boot, vTPM, integrity monitoring), idle
 * shutdown, root access and file downloads off, running as a user-scoped service account.
 */
export class WorkbenchInstance extends PlatformConstruct {
  public readonly resource: WorkbenchInstanceResource;

  constructor(scope: Construct, id: string, props: WorkbenchInstanceProps) {
    super(scope, id);
    const who = `WorkbenchInstance '${this.node.path}'`;
    const problems: string[] = [];
    const zoneProblem = euLocationProblem(props.zone, `${who}: zone`);
    if (zoneProblem) problems.push(zoneProblem);
    else if (!isUnresolved(props.zone) && !/^[a-z]+-[a-z]+\d+-[a-z]$/.test(props.zone)) {
      problems.push(`${who}: zone '${props.zone}' is not a zone; write it as <region>-<letter>, e.g. europe-west4-a`);
    }
    const region = props.zone.replace(/-[a-z]$/, '');
    if (!isUnresolved(props.zone) && !isUnresolved(props.encryptionKey.location) && props.encryptionKey.location !== region) {
      problems.push(`${who}: encryptionKey is in ${props.encryptionKey.location}, the instance in ${region}; Compute Engine needs the disk key in the disk's region`);
    }
    const subnet = props.subnet === undefined ? null : SUBNET.exec(props.subnet);
    if (props.subnet !== undefined && !isUnresolved(props.subnet) && !subnet) {
      problems.push(`${who}: subnet '${props.subnet}' must be projects/<p>/regions/<region>/subnetworks/<name>`);
    } else if (subnet && !isUnresolved(props.zone) && subnet[1] !== region) {
      problems.push(`${who}: subnet is in ${subnet[1]}, the instance in ${region}`);
    }
    if (!isUnresolved(props.owner) && !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(props.owner)) {
      problems.push(`${who}: owner '${props.owner}' is not an e-mail address (the one user who may open the instance)`);
    }
    const idle = props.idleTimeoutSeconds ?? 3600;
    if (idle < 600 || idle > 14 * 86400) {
      problems.push(`${who}: idleTimeoutSeconds ${idle} is out of range; use 600 (10 minutes) to 1209600 (14 days)`);
    }
    if (problems.length) throw new Error(problems.join('\n'));
    props.encryptionKey.assertUsableFor('workbench', undefined, `${who} encryptionKey`);

    const disk = { diskEncryption: 'CMEK', kmsKey: props.encryptionKey.keyName, diskType: 'PD_BALANCED' };
    this.resource = new WorkbenchInstanceResource(this, 'Resource', {
      project: props.project,
      name: props.name,
      location: props.zone,
      instanceOwners: [props.owner],
      disableProxyAccess: false,
      labels: props.labels ? { ...props.labels } : undefined,
      gceSetup: {
        machineType: props.machineType ?? 'e2-standard-4',
        disablePublicIp: true,
        serviceAccounts: [{ email: props.serviceAccount.email }],
        shieldedInstanceConfig: { enableSecureBoot: true, enableVtpm: true, enableIntegrityMonitoring: true },
        bootDisk: { ...disk, diskSizeGb: '150' },
        dataDisks: { ...disk, diskSizeGb: String(props.dataDiskSizeGb ?? 100) },
        networkInterfaces: props.subnet === undefined ? undefined : [{ network: props.network, subnet: props.subnet }],
        metadata: {
          'idle-timeout-seconds': String(idle),
          'notebook-disable-root': 'true',
          'notebook-disable-downloads': 'true',
          'notebook-disable-terminal': 'false',
          'report-event-health': 'true',
        },
      },
      dependsOn: [...props.encryptionKey.useFor(this, props.projectNumber), ...props.serviceAccount.projectGrants, ...(props.dependsOn ?? [])],
    });
    const iam = new ResourceIam(this, {
      binding: (iid, role, members, condition) =>
        new WorkbenchInstanceIamBinding(this, iid, { project: props.project, location: props.zone, name: this.resource.name, role, members, condition }),
      member: (iid, role, member, condition) =>
        new WorkbenchInstanceIamMember(this, iid, { project: props.project, location: props.zone, name: this.resource.name, role, member, condition }),
    });
    iam.apply(props);
    libraryMade(this);
  }
}
