import { Construct } from 'constructs';
import { GcsBackend, LocalBackend, TerraformOutput, TerraformStack } from 'cdktf';
import { cicdNames } from '../cicd-names';
import { ApprovalConfig, CicdConfig } from '../config/cicd';
import { EnvironmentConfig } from '../config/types';
import { AzdoApproverGroup, IAzdoApproverGroup } from '../constructs/azdo-approver-group';
import { AzdoBranchPolicies } from '../constructs/azdo-branch-policies';
import { AzdoEnvironment } from '../constructs/azdo-environment';
import { AzdoPipeline } from '../constructs/azdo-pipeline';
import { AzdoProject, IAzdoProject } from '../constructs/azdo-project';
import { AzdoRepository, IAzdoRepository } from '../constructs/azdo-repository';
import { AzdoVariableGroup } from '../constructs/azdo-variable-group';
import { AzuredevopsProvider } from '../generated/azuredevops/provider';
import { Guardrails } from '../guardrails/pack';

export interface CicdStackProps {
  readonly config: CicdConfig;
  /** The environments the pipeline deploys, in order; each gets a variable group and an environment. */
  readonly environments: readonly EnvironmentConfig[];
  /** @default 'gcs' */
  readonly backend?: 'gcs' | 'local';
}

/**
 * The Azure DevOps side of the platform: the project and repository (created or adopted), the
 * pipeline on azure-pipelines.yml, the branch policies that protect the deploy branch, one
 * environment per platform environment with its checks, and the variable groups of plain values
 * the pipeline reads. An organisation administrator applies it (with a short-lived PAT in
 * AZDO_PERSONAL_ACCESS_TOKEN, never in the configuration); the pipeline never does, so it
 * cannot loosen its own protections.
 */
export class CicdStack extends TerraformStack {
  public readonly project: IAzdoProject;
  public readonly repository: IAzdoRepository;
  public readonly pipeline: AzdoPipeline;
  public readonly environments: Readonly<Record<string, AzdoEnvironment>>;
  public readonly variableGroups: Readonly<Record<string, AzdoVariableGroup>>;
  public readonly branchPolicies: AzdoBranchPolicies;

  constructor(scope: Construct, id: string, props: CicdStackProps) {
    super(scope, id);
    const cfg = props.config;
    // Authentication comes from the environment (AZDO_PERSONAL_ACCESS_TOKEN or OIDC variables):
    // nothing secret is written into the synthesized configuration.
    new AzuredevopsProvider(this, 'azuredevops', { orgServiceUrl: cfg.organization.url });
    if ((props.backend ?? 'gcs') === 'gcs') {
      new GcsBackend(this, { bucket: cfg.stateBucket, prefix: 'vertex-mlops/cicd' });
    } else {
      new LocalBackend(this, { path: `terraform.${id}.tfstate` });
    }

    this.project = cfg.project.id
      ? AzdoProject.fromProject(this, 'project', { projectId: cfg.project.id, projectName: cfg.project.name })
      : new AzdoProject(this, 'project', { name: cfg.project.name, description: cfg.project.description });
    this.repository = cfg.repository.id
      ? AzdoRepository.fromRepository(this, 'repository', { project: this.project, repositoryId: cfg.repository.id, repositoryName: cfg.repository.name })
      : new AzdoRepository(this, 'repository', { project: this.project, name: cfg.repository.name });

    const groups: Record<string, AzdoVariableGroup> = {};
    for (const env of props.environments) {
      const names = cicdNames({ prefix: env.namePrefix, environment: env.environment }, env.projectId);
      groups[env.environment] = new AzdoVariableGroup(this, `variables-${env.environment}`, {
        project: this.project,
        name: `vmlops-${env.environment}`,
        description: `What the pipeline needs to plan and deploy ${env.environment}; no secrets (keyless); managed by vertex-mlops-cdktf`,
        variables: {
          GCP_PROJECT_ID: env.projectId,
          GCP_PROJECT_NUMBER: env.projectNumber,
          GCP_REGION: env.region,
          WIF_POOL_ID: names.poolId,
          WIF_PROVIDER_ID: names.providerId,
          PLANNER_SERVICE_ACCOUNT: names.plannerEmail,
          DEPLOYER_SERVICE_ACCOUNT: names.deployerEmail,
          STATE_BUCKET: env.stateBucket,
        },
      });
    }
    this.variableGroups = groups;

    this.pipeline = new AzdoPipeline(this, 'pipeline', {
      repository: this.repository,
      name: cfg.pipeline.name,
      yamlPath: cfg.pipeline.yamlPath,
      branch: cfg.deployBranch,
      variableGroups: Object.values(groups),
    });
    this.pipeline.authorizeRepository();

    const approvers = (env: string, approval: ApprovalConfig | undefined): IAzdoApproverGroup | undefined => {
      if (!approval) return undefined;
      return 'groupOriginId' in approval
        ? AzdoApproverGroup.fromOriginId(this, `approvers-${env}`, approval.groupOriginId)
        : new AzdoApproverGroup(this, `approvers-${env}`, { displayName: approval.groupName, description: `Approve deployments of ${cfg.project.name} to ${env}` });
    };
    const environments: Record<string, AzdoEnvironment> = {};
    for (const env of props.environments) {
      environments[env.environment] = new AzdoEnvironment(this, `environment-${env.environment}`, {
        project: this.project,
        name: env.environment,
        description: `Google Cloud project ${env.projectId}`,
        deployBranch: cfg.deployBranch,
        approvers: approvers(env.environment, cfg.approvals[env.environment]),
        approvalTimeoutMinutes: cfg.approvalTimeoutMinutes,
      });
      this.pipeline.authorizeEnvironment(environments[env.environment]);
    }
    this.environments = environments;

    this.branchPolicies = new AzdoBranchPolicies(this, 'branch-policies', {
      repository: this.repository,
      branch: cfg.deployBranch,
      buildValidation: this.pipeline,
      minimumReviewers: cfg.minimumReviewers,
    });

    new TerraformOutput(this, 'project_id', { value: this.project.projectId, description: 'Azure DevOps project GUID: put it in the CI/CD config (project.id) to pin the federation to it' });
    new TerraformOutput(this, 'repository_id', { value: this.repository.repositoryId, description: 'Repository GUID' });
    new TerraformOutput(this, 'pipeline_id', { value: this.pipeline.pipelineId, description: 'Build definition id of the pipeline' });

    Guardrails.applyTo(this);
  }
}
