import { Construct } from 'constructs';
import { TerraformResource } from 'cdktf';
import { IamWorkloadIdentityPool } from '@cdktf/provider-google/lib/iam-workload-identity-pool';
import { IamWorkloadIdentityPoolProvider } from '@cdktf/provider-google/lib/iam-workload-identity-pool-provider';
import { ServiceAccountIamMember } from '@cdktf/provider-google/lib/service-account-iam-member';
import { libraryMade, privilegedPath } from '../library-made';
import { PlatformConstruct } from '../platform-construct';

/** The issuer of every Azure DevOps OIDC token of an organisation. */
export const AZURE_DEVOPS_ISSUER_PREFIX = 'https://vstoken.dev.azure.com/';
/** The audience Azure DevOps puts in the tokens it issues to pipelines. */
export const AZURE_DEVOPS_AUDIENCE = 'api://AzureADTokenExchange';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** Who may impersonate an account through the federation. */
export type FederatedRuns =
  /** Any run of the organisation's project: pull requests included. For read-only accounts. */
  | 'any-run'
  /** Only runs of the deploy branch (the protected environments gate those). */
  | 'deploy-branch';

/** An account the federation can let pipelines impersonate. */
export interface IFederatedAccount {
  /** `projects/<project>/serviceAccounts/<email>` */
  readonly name: string;
  readonly grantKey: string;
}

export interface AzureDevopsFederationProps {
  readonly project: string;
  /** The project's number: principal sets are written with it. */
  readonly projectNumber: string;
  /** 4-32 lower-case letters, digits or hyphens, not starting with `gcp-`. */
  readonly poolId: string;
  /** @default 'azure-pipelines' */
  readonly providerId?: string;
  /** The Azure DevOps organisation's GUID (the issuer is https://vstoken.dev.azure.com/<id>). */
  readonly organizationId: string;
  /** The organisation's name, as in https://dev.azure.com/<name>. */
  readonly organizationName: string;
  /** The Azure DevOps project whose pipelines are admitted. */
  readonly projectName: string;
  /**
   * The project's GUID, when known (after the project exists): the condition then pins it too,
   * so a project deleted and re-created under the same name is not admitted.
   * @default - the organisation id and the project name only
   */
  readonly azureDevopsProjectId?: string;
  /** @default 'refs/heads/main' */
  readonly deployBranch?: string;
}

/**
 * Workload Identity Federation for Azure Pipelines: a pool and an OIDC provider that accept
 * the pipeline ID tokens Azure DevOps issues (System.OidcRequestUri), from one organisation and
 * one project only. No service-account key is needed or made anywhere.
 *
 * The token's claims are mapped to `google.subject` (sub, `p://<org>/<project>/<pipeline>`),
 * `attribute.organization_id`, `attribute.project_id`, `attribute.ref` (the run's branch or
 * pull-request ref) and `attribute.deploy_branch` (`yes` for runs of the deploy branch).
 * `allow(account, 'any-run')` admits every run that passes the condition, pull requests
 * included; `allow(account, 'deploy-branch')` only runs of the deploy branch, whose code is
 * reviewed and whose deployment jobs the environments' approvals gate.
 */
export class AzureDevopsFederation extends PlatformConstruct {
  public readonly pool: IamWorkloadIdentityPool;
  public readonly provider: IamWorkloadIdentityPoolProvider;
  /** `projects/<number>/locations/global/workloadIdentityPools/<pool>/providers/<provider>`: the credential configuration's audience, less `//iam.googleapis.com/`. */
  public readonly providerName: string;
  public readonly poolId: string;
  public readonly providerId: string;
  /** The CEL condition every token must meet. */
  public readonly attributeCondition: string;
  private readonly poolPrincipalBase: string;

  constructor(scope: Construct, id: string, props: AzureDevopsFederationProps) {
    super(scope, id);
    const who = `AzureDevopsFederation '${this.node.path}'`;
    const problems: string[] = [];
    const providerId = props.providerId ?? 'azure-pipelines';
    const deployBranch = props.deployBranch ?? 'refs/heads/main';
    if (!/^[a-z0-9-]{4,32}$/.test(props.poolId) || props.poolId.startsWith('gcp-')) problems.push(`poolId '${props.poolId}' is invalid: 4-32 lower-case letters, digits or hyphens, not starting with gcp-`);
    if (!/^[a-z0-9-]{4,32}$/.test(providerId) || providerId.startsWith('gcp-')) problems.push(`providerId '${providerId}' is invalid: 4-32 lower-case letters, digits or hyphens, not starting with gcp-`);
    if (!UUID.test(props.organizationId)) problems.push(`organizationId '${props.organizationId}' is not the organisation's GUID (the instanceId of https://dev.azure.com/<organisation>/_apis/connectionData)`);
    if (props.azureDevopsProjectId !== undefined && !UUID.test(props.azureDevopsProjectId)) problems.push(`azureDevopsProjectId '${props.azureDevopsProjectId}' is not a project GUID`);
    if (!/^[A-Za-z0-9][A-Za-z0-9-]{0,49}$/.test(props.organizationName)) problems.push(`organizationName '${props.organizationName}' is not an organisation name (the <name> of https://dev.azure.com/<name>)`);
    if (!/^[^'\\/]{1,64}$/.test(props.projectName)) problems.push(`projectName '${props.projectName}' is not an Azure DevOps project name`);
    if (!/^refs\/heads\/[\w./-]+$/.test(deployBranch)) problems.push(`deployBranch '${deployBranch}' must be a full ref such as refs/heads/main`);
    if (!/^\d{6,20}$/.test(props.projectNumber)) problems.push(`projectNumber '${props.projectNumber}' is not a project number`);
    if (problems.length > 0) throw new Error(`${who}:\n  ${problems.join('\n  ')}`);

    this.poolId = props.poolId;
    this.providerId = providerId;
    this.pool = new IamWorkloadIdentityPool(this, 'Resource', {
      project: props.project,
      workloadIdentityPoolId: props.poolId,
      displayName: 'Azure DevOps pipelines',
      description: `Azure Pipelines of ${props.organizationName}/${props.projectName}; managed by vertex-mlops-cdktf`,
    });
    const conditions = [
      `assertion.org_id == '${props.organizationId}'`,
      `assertion.sub.startsWith('p://${props.organizationName}/${props.projectName}/')`,
      ...(props.azureDevopsProjectId ? [`assertion.prj_id == '${props.azureDevopsProjectId}'`] : []),
    ];
    this.attributeCondition = conditions.join(' && ');
    this.provider = new IamWorkloadIdentityPoolProvider(this, 'provider', {
      project: props.project,
      workloadIdentityPoolId: this.pool.workloadIdentityPoolId,
      workloadIdentityPoolProviderId: providerId,
      displayName: 'Azure Pipelines OIDC',
      description: `ID tokens of ${props.organizationName}'s pipelines (System.OidcRequestUri)`,
      attributeMapping: {
        'google.subject': 'assertion.sub',
        'attribute.organization_id': 'assertion.org_id',
        'attribute.project_id': 'assertion.prj_id',
        'attribute.ref': 'assertion.rpo_ref',
        'attribute.deploy_branch': `assertion.rpo_ref == '${deployBranch}' ? 'yes' : 'no'`,
      },
      attributeCondition: this.attributeCondition,
      oidc: { issuerUri: `${AZURE_DEVOPS_ISSUER_PREFIX}${props.organizationId}`, allowedAudiences: [AZURE_DEVOPS_AUDIENCE] },
    });
    this.providerName = `projects/${props.projectNumber}/locations/global/workloadIdentityPools/${props.poolId}/providers/${providerId}`;
    this.poolPrincipalBase = `principalSet://iam.googleapis.com/projects/${props.projectNumber}/locations/global/workloadIdentityPools/${props.poolId}`;
    libraryMade(this);
  }

  /** The IAM principal set for `runs`. */
  public principalSet(runs: FederatedRuns): string {
    return runs === 'any-run' ? `${this.poolPrincipalBase}/*` : `${this.poolPrincipalBase}/attribute.deploy_branch/yes`;
  }

  /** Lets `runs` impersonate `account` (`roles/iam.workloadIdentityUser` on it). */
  public allow(account: IFederatedAccount, runs: FederatedRuns): TerraformResource {
    const grant = new ServiceAccountIamMember(this, `${runs}-${account.grantKey}`, {
      serviceAccountId: account.name,
      role: 'roles/iam.workloadIdentityUser',
      member: this.principalSet(runs),
      dependsOn: [this.provider],
    });
    // The documented keyless path (docs/cicd.md): pipelines of this organisation and project
    // become the planner (any run) or the deployer (deploy-branch runs), and nobody else.
    return libraryMade(privilegedPath(grant, `CI/CD: Azure Pipelines ${runs === 'any-run' ? 'runs impersonate the read-only planner' : 'runs of the deploy branch impersonate the deployer'} through Workload Identity Federation`));
  }
}
