import { Construct } from 'constructs';
import { IRegistry } from '../constructs/cmek-registry';
import { IServiceAccount, WorkloadServiceAccount } from '../constructs/workload-service-account';
import { Grantee } from '../iam';
import { accountId } from '../rules/names';
import { Layer, LayerProjectProps } from './layer';

/** Project roles the CI/CD deployer needs to create and manage every resource of the platform. */
export const DEPLOYER_PROJECT_ROLES = [
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

export interface CicdIdentityLayerProps extends Omit<LayerProjectProps, 'projectNumber'> {
  /** The CI/CD system's principal (a Workload Identity Federation principal, or an account) that impersonates the deployer. */
  readonly cicdPrincipal: Grantee;
  /** Accounts the deployer deploys workloads as (it gets `actAs` on each). @default [] */
  readonly workloadAccounts?: readonly IServiceAccount[];
  /** Registries the deployer pushes images to. @default [] */
  readonly registries?: readonly IRegistry[];
  /** @default DEPLOYER_PROJECT_ROLES */
  readonly projectRoles?: readonly string[];
}

/**
 * CI/CD identity: the account the pipeline deploys as, with no key anywhere.
 *
 * Needs: the CI/CD principal and the workload accounts it deploys. Provides: the `deployer`
 * account, impersonable by the CI/CD principal only, with the project roles a deploy needs,
 * `actAs` on each workload account and push on the registries.
 */
export class CicdIdentityLayer extends Layer {
  public readonly deployer: WorkloadServiceAccount;

  constructor(scope: Construct, id: string, props: CicdIdentityLayerProps) {
    super(scope, id);
    this.deployer = new WorkloadServiceAccount(new Construct(this, 'accounts'), 'deployer', {
      project: props.project,
      accountId: accountId(props.naming, 'deployer'),
      displayName: 'CI/CD deployer',
      description: `CI/CD deployer (${props.naming.environment}); managed by vertex-mlops-cdktf`,
      projectRoles: props.projectRoles ?? DEPLOYER_PROJECT_ROLES,
    });
    this.deployer.grantImpersonate(props.cicdPrincipal);
    for (const workload of props.workloadAccounts ?? []) workload.grantUser(this.deployer);
    for (const registry of props.registries ?? []) registry.grantPush(this.deployer);
  }
}
