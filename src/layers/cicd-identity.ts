import { Construct } from 'constructs';
import { CicdIdentities } from '../constructs/cicd-identities';
import { IRegistry } from '../constructs/cmek-registry';
import { PlatformDeployer } from '../constructs/platform-deployer';
import { IServiceAccount, WorkloadServiceAccount } from '../constructs/workload-service-account';
import { Grantee } from '../iam';
import { cicdNames } from '../cicd-names';
import { accountId } from '../rules/names';
import { Layer, LayerProjectProps } from './layer';

/** Which Azure DevOps pipelines may plan and deploy through Workload Identity Federation. */
export interface AzureDevopsFederationSettings {
  /** The organisation's GUID (the OIDC issuer is https://vstoken.dev.azure.com/<id>). */
  readonly organizationId: string;
  readonly organizationName: string;
  readonly projectName: string;
  /** @default - the organisation id and the project name only */
  readonly azureDevopsProjectId?: string;
  /** @default 'refs/heads/main' */
  readonly deployBranch?: string;
  /** The bucket of this environment's Terraform state, which plans read. */
  readonly stateBucket: string;
}

export interface CicdIdentityLayerProps extends LayerProjectProps {
  /** The CI/CD system's principal (a Workload Identity Federation principal, or an account) that impersonates the deployer. */
  readonly cicdPrincipal: Grantee;
  /** Accounts the deployer deploys workloads as (it administers and acts as each, and no other). @default [] */
  readonly workloadAccounts?: readonly IServiceAccount[];
  /** Opt-in admin roles (DEPLOYER_OPTIONAL_ROLES) the deployer needs for this stack. @default [] */
  readonly optionalDeployerRoles?: readonly string[];
  /** Registries the deployer pushes images to. @default [] */
  readonly registries?: readonly IRegistry[];
  /**
   * Azure Pipelines of this organisation and project, keylessly: a read-only planner that any
   * run may impersonate and the deployer for runs of the deploy branch only.
   * @default - no federation: only `cicdPrincipal` impersonates the deployer
   */
  readonly azureDevops?: AzureDevopsFederationSettings;
}

/**
 * CI/CD identity: the account the pipeline deploys as, with no key anywhere, and not an owner.
 *
 * Needs: the CI/CD principal and the workload accounts it deploys. Provides: the `deployer`
 * account, impersonable by the CI/CD principal only, with the narrowed permissions of
 * `PlatformDeployer` (the services' admin roles, project IAM administration only for the roles
 * the platform grants, administration and `actAs` on the workload accounts only, key
 * administration without destruction) and push on the registries; with `azureDevops`, the
 * Workload Identity Federation pool and provider and the read-only `planner` (`federated`).
 */
export class CicdIdentityLayer extends Layer {
  public readonly deployer: WorkloadServiceAccount;
  public readonly permissions: PlatformDeployer;
  /** The federation and the planner, with `azureDevops`. */
  public readonly federated?: CicdIdentities;

  constructor(scope: Construct, id: string, props: CicdIdentityLayerProps) {
    super(scope, id);
    this.deployer = new WorkloadServiceAccount(new Construct(this, 'accounts'), 'deployer', {
      project: props.project,
      accountId: accountId(props.naming, 'deployer'),
      displayName: 'CI/CD deployer',
      description: `CI/CD deployer (${props.naming.environment}); managed by vertex-mlops-cdktf`,
    });
    for (const registry of props.registries ?? []) registry.grantPush(this.deployer);
    this.permissions = new PlatformDeployer(this, 'deployer', {
      project: props.project,
      account: this.deployer,
      managedAccounts: props.workloadAccounts ?? [],
      cicdPrincipal: props.cicdPrincipal,
      keyAdminRoleId: `${props.naming.prefix}_${props.naming.environment}_key_admin`.replace(/-/g, '_'),
      optionalRoles: props.optionalDeployerRoles,
    });

    if (props.azureDevops) {
      const names = cicdNames(props.naming, props.project);
      this.federated = new CicdIdentities(this, 'federated', {
        project: props.project,
        projectNumber: props.projectNumber,
        poolId: names.poolId,
        providerId: names.providerId,
        plannerAccountId: names.plannerAccountId,
        deployer: this.deployer,
        ...props.azureDevops,
      });
      // Plans refresh the registries, which only their reader role can see.
      for (const registry of props.registries ?? []) registry.grantPull(this.federated.planner);
    }
  }
}
