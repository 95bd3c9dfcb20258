import { Construct } from 'constructs';
import { Lazy, TerraformStack } from 'cdktf';
import { ProjectIamCustomRole } from '@cdktf/provider-google/lib/project-iam-custom-role';
import { ProjectIamMember } from '@cdktf/provider-google/lib/project-iam-member';
import { ServiceAccountIamMember } from '@cdktf/provider-google/lib/service-account-iam-member';
import { Grantee } from '../iam';
import { PlatformConstruct } from '../platform-construct';
import { libraryMade, privilegedPath } from '../library-made';
import { escalationRoleProblem } from '../rules/roles';
import { IServiceAccount } from './workload-service-account';

/**
 * The project-level admin roles the deployer keeps, each with the platform resources it is for.
 * Each also lets the deployer set IAM on those resources (bucket, secret, repository grants),
 * which is how it keeps the platform's resource-level grants in step with the code.
 */
export const DEPLOYER_ADMIN_ROLES: Readonly<Record<string, string>> = {
  'roles/aiplatform.admin': 'the prediction endpoint and the pipeline and batch jobs it starts',
  'roles/artifactregistry.admin': 'the container registry and the function image repository, and their IAM',
  'roles/bigquery.admin': 'the ingestion dataset, its table and feature view, and dataset IAM',
  'roles/cloudbuild.builds.editor': 'submitting the container image builds (scripts/container-build.sh), which run as the image-builder account',
  'roles/cloudfunctions.admin': 'the pipeline-trigger function',
  'roles/cloudscheduler.admin': 'the batch prediction schedule',
  'roles/composer.admin': 'the Cloud Composer environment',
  'roles/compute.networkAdmin': "the platform VPC, its subnet and private service access, and the web load balancer's NEG, backend, URL map, proxy, certificate, address and forwarding rule",
  'roles/compute.securityAdmin': "the network's firewall rules, and the web load balancer's Cloud Armor and SSL policies",
  'roles/dns.admin': "the platform network's private zones for Google's domains",
  'roles/eventarc.admin': "the trigger's Eventarc trigger and the Google channel's key",
  'roles/logging.configWriter': 'the log bucket on the logging key and the sink into it',
  'roles/monitoring.admin': 'the alert policies and the notification channel',
  'roles/pubsub.admin': 'the pipeline-events topic and its IAM',
  'roles/redis.admin': "the web service's Memorystore cache",
  'roles/run.admin': "the function's Cloud Run service, the web service, and their invoker grants",
  'roles/secretmanager.admin': 'the ingest-credentials secret and its IAM',
  'roles/serviceusage.serviceUsageAdmin': 'enabling the platform APIs',
  'roles/servicenetworking.networksAdmin': 'the private service access connection of the platform VPC',
  'roles/storage.admin': 'the platform buckets, the uploaded DAGs, pipeline and function sources, and bucket IAM',
  'roles/workflows.admin': 'the batch prediction workflow',
  'roles/iam.serviceAccountCreator': 'creating the platform service accounts (administration is granted on each account, not the project)',
  'roles/iam.roleViewer': "reading the deployer's own key-administration role when it plans",
};

/**
 * What the deployer may do with keys: create and configure key rings and keys, and grant them to
 * service agents. Not destroy, restore or disable key versions: a destroyed version takes every
 * byte it encrypted with it, so that stays with a person holding roles/cloudkms.admin.
 */
export const DEPLOYER_KEY_PERMISSIONS = [
  'cloudkms.keyRings.create',
  'cloudkms.keyRings.get',
  'cloudkms.keyRings.list',
  'cloudkms.keyRings.getIamPolicy',
  'cloudkms.keyRings.setIamPolicy',
  'cloudkms.cryptoKeys.create',
  'cloudkms.cryptoKeys.get',
  'cloudkms.cryptoKeys.list',
  'cloudkms.cryptoKeys.update',
  'cloudkms.cryptoKeys.getIamPolicy',
  'cloudkms.cryptoKeys.setIamPolicy',
  'cloudkms.cryptoKeyVersions.get',
  'cloudkms.cryptoKeyVersions.list',
  'cloudkms.locations.get',
  'cloudkms.locations.list',
  'resourcemanager.projects.get',
] as const;

export interface PlatformDeployerProps {
  readonly project: string;
  /** The deployer's own account. */
  readonly account: IServiceAccount;
  /** The platform's other accounts: the deployer administers and acts as these, and no other. */
  readonly managedAccounts: readonly IServiceAccount[];
  /** The CI principal that impersonates the deployer (Workload Identity Federation). */
  readonly cicdPrincipal: Grantee;
  /** Custom role id of the key-administration role, unique in the project (`[a-zA-Z0-9_.]{3,64}`). */
  readonly keyAdminRoleId: string;
  /**
   * Admin roles for optional parts of the platform, each with the resources it is for (for
   * example `WORKBENCH_CICD_ROLES.deployer`); escalation and primitive roles are refused.
   * @default {}
   */
  readonly additionalAdminRoles?: Readonly<Record<string, string>>;
}

/**
 * The CI/CD deployer's permissions, narrowed from owner-in-all-but-name: the admin roles of the
 * services the platform uses (DEPLOYER_ADMIN_ROLES); project IAM administration only under a
 * condition that limits the roles it may grant or revoke to those the platform itself grants on
 * the project (read from the stack at synth); service-account administration on the platform's
 * accounts only; key administration without key destruction. Changing the deployer's own
 * grants is not in that set, so it takes a project owner: the deployer cannot widen itself.
 */
export class PlatformDeployer extends PlatformConstruct {
  public readonly keyAdminRole: ProjectIamCustomRole;
  public readonly projectIamAdmin: ProjectIamMember;
  /** The roles the deployer may grant on the project, as the condition lists them. */
  public readonly grantableRoles: () => string[];

  constructor(scope: Construct, id: string, props: PlatformDeployerProps) {
    super(scope, id);
    const who = `PlatformDeployer '${this.node.path}'`;
    if (!/^[a-zA-Z0-9_.]{3,64}$/.test(props.keyAdminRoleId)) {
      throw new Error(`${who}: keyAdminRoleId '${props.keyAdminRoleId}' is invalid; use 3-64 letters, digits, '_' and '.'`);
    }
    const deployer = props.account;
    for (const role of Object.keys(DEPLOYER_ADMIN_ROLES)) deployer.addProjectRole(role);
    for (const role of Object.keys(props.additionalAdminRoles ?? {})) {
      const problem = escalationRoleProblem(role);
      if (problem) throw new Error(`${who}: additionalAdminRoles: ${problem}`);
      deployer.addProjectRole(role);
    }

    this.keyAdminRole = new ProjectIamCustomRole(this, 'key-admin-role', {
      project: props.project,
      roleId: props.keyAdminRoleId,
      title: 'Platform key administration (no destruction)',
      description: 'Creates and configures the platform key ring and keys and grants them to service agents; cannot destroy, restore or disable key versions.',
      permissions: [...DEPLOYER_KEY_PERMISSIONS],
    });
    new ProjectIamMember(this, 'key-admin', { project: props.project, role: this.keyAdminRole.name, member: deployer.member });

    const stack = TerraformStack.of(this);
    this.grantableRoles = () => {
      const roles = new Set<string>();
      for (const c of stack.node.findAll()) {
        if (!(c instanceof ProjectIamMember) || c.node.path.startsWith(`${deployer.node.path}/`) || c.node.path.startsWith(`${this.node.path}/`)) continue;
        const role = c.roleInput;
        if (typeof role === 'string' && role.startsWith('roles/')) roles.add(role);
      }
      return [...roles].sort();
    };
    this.projectIamAdmin = new ProjectIamMember(this, 'project-iam-admin', {
      project: props.project,
      role: 'roles/resourcemanager.projectIamAdmin',
      member: deployer.member,
      condition: {
        title: 'platform-project-roles-only',
        description: 'Grants and revokes only the project roles the platform itself grants (read from the stack at synth)',
        expression: Lazy.stringValue({
          produce: () => `api.getAttribute('iam.googleapis.com/modifiedGrantsByRole', []).hasOnly([${this.grantableRoles().map((r) => `'${r}'`).join(', ')}])`,
        }),
      },
    });

    for (const account of props.managedAccounts) {
      new ServiceAccountIamMember(this, `sa-admin-${account.grantKey}`, {
        serviceAccountId: account.name,
        role: 'roles/iam.serviceAccountAdmin',
        member: deployer.member,
      });
      account.grantUser(deployer);
    }
    deployer.grantImpersonate(props.cicdPrincipal);
    libraryMade(this);
    // The one documented privileged path (docs/security.md): CI impersonates the deployer, which
    // holds the administration the platform's own resources need and nothing wider.
    privilegedPath(this, 'platform deployer: narrowed administration of the platform resources');
    privilegedPath(deployer, 'platform deployer: CI impersonates it to deploy the platform');
  }
}
