import { Construct } from 'constructs';
import { IRegistry } from '../constructs/cmek-registry';
import { PlatformDeployer } from '../constructs/platform-deployer';
import { IServiceAccount, WorkloadServiceAccount } from '../constructs/workload-service-account';
import { Grantee } from '../iam';
import { accountId } from '../rules/names';
import { Layer, LayerProjectProps } from './layer';

export interface CicdIdentityLayerProps extends Omit<LayerProjectProps, 'projectNumber'> {
  /** The CI/CD system's principal (a Workload Identity Federation principal, or an account) that impersonates the deployer. */
  readonly cicdPrincipal: Grantee;
  /** Accounts the deployer deploys workloads as (it administers and acts as each, and no other). @default [] */
  readonly workloadAccounts?: readonly IServiceAccount[];
  /** Registries the deployer pushes images to. @default [] */
  readonly registries?: readonly IRegistry[];
}

/**
 * CI/CD identity: the account the pipeline deploys as, with no key anywhere, and not an owner.
 *
 * Needs: the CI/CD principal and the workload accounts it deploys. Provides: the `deployer`
 * account, impersonable by the CI/CD principal only, with the narrowed permissions of
 * `PlatformDeployer` (the services' admin roles, project IAM administration only for the roles
 * the platform grants, administration and `actAs` on the workload accounts only, key
 * administration without destruction) and push on the registries.
 */
export class CicdIdentityLayer extends Layer {
  public readonly deployer: WorkloadServiceAccount;
  public readonly permissions: PlatformDeployer;

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
    });
  }
}
