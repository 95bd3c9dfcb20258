import { Construct } from 'constructs';
import { AzdoApproverGroup, IAzdoApproverGroup } from '../constructs/azdo-approver-group';
import { AzdoBranchPolicies } from '../constructs/azdo-branch-policies';
import { AzdoEnvironment } from '../constructs/azdo-environment';
import { AzdoPipeline } from '../constructs/azdo-pipeline';
import { AzdoProject, IAzdoProject } from '../constructs/azdo-project';
import { AzdoRepository, IAzdoRepository } from '../constructs/azdo-repository';
import { AzdoVariableGroup } from '../constructs/azdo-variable-group';
import { Layer } from './layer';

/** Who approves deployments to one environment: a group to create, or an existing one. */
export type DeploymentApprovers = { readonly groupName: string } | { readonly groupOriginId: string };

/** One deployment target of the pipeline. */
export interface PipelineEnvironment {
  /** The Azure DevOps environment's name, which the YAML's deployment jobs name. */
  readonly name: string;
  /** @default - none */
  readonly description?: string;
  /** @default - no approval: only the branch control and the exclusive lock gate it */
  readonly approvers?: DeploymentApprovers;
  /** Plain values for the variable group `<variableGroupPrefix><name>`; no secrets. */
  readonly variables: Readonly<Record<string, string>>;
}

export interface AzureDevopsLayerProps {
  /** Adopted when `id` is given; created otherwise. */
  readonly project: { readonly name: string; readonly id?: string; readonly description?: string };
  /** Adopted when `id` is given; created (empty) otherwise. */
  readonly repository: { readonly name: string; readonly id?: string };
  readonly pipeline: { readonly name: string; readonly yamlPath: string };
  /** The protected branch that deploys, e.g. `refs/heads/main`. */
  readonly deployBranch: string;
  /** @default 2 */
  readonly minimumReviewers?: number;
  /** @default 1440 */
  readonly approvalTimeoutMinutes?: number;
  /** In deploy order. */
  readonly environments: readonly PipelineEnvironment[];
  /** @default 'vmlops-' */
  readonly variableGroupPrefix?: string;
}

/**
 * The Azure DevOps side of CI/CD: project and repository, the YAML pipeline with its triggers,
 * the branch policies that make the deploy branch protected, one environment (approvals,
 * exclusive lock, branch control) and one variable group per deployment target, and the
 * authorizations that let only this pipeline use them.
 *
 * Needs: names, the environments and their plain values. Provides: `project`, `repository`,
 * `pipeline`, `environments`, `variableGroups`, `branchPolicies`.
 */
export class AzureDevopsLayer extends Layer {
  public readonly project: IAzdoProject;
  public readonly repository: IAzdoRepository;
  public readonly pipeline: AzdoPipeline;
  public readonly environments: Readonly<Record<string, AzdoEnvironment>>;
  public readonly variableGroups: Readonly<Record<string, AzdoVariableGroup>>;
  public readonly branchPolicies: AzdoBranchPolicies;

  constructor(scope: Construct, id: string, props: AzureDevopsLayerProps) {
    super(scope, id);
    const prefix = props.variableGroupPrefix ?? 'vmlops-';
    this.project = props.project.id
      ? AzdoProject.fromProject(this, 'project', { projectId: props.project.id, projectName: props.project.name })
      : new AzdoProject(this, 'project', { name: props.project.name, description: props.project.description });
    this.repository = props.repository.id
      ? AzdoRepository.fromRepository(this, 'repository', { project: this.project, repositoryId: props.repository.id, repositoryName: props.repository.name })
      : new AzdoRepository(this, 'repository', { project: this.project, name: props.repository.name });

    const groups: Record<string, AzdoVariableGroup> = {};
    for (const env of props.environments) {
      groups[env.name] = new AzdoVariableGroup(this, `variables-${env.name}`, {
        project: this.project,
        name: `${prefix}${env.name}`,
        description: `What the pipeline needs to plan and deploy ${env.name}; no secrets (keyless); managed by vertex-mlops-cdktf`,
        variables: env.variables,
      });
    }
    this.variableGroups = groups;

    this.pipeline = new AzdoPipeline(this, 'pipeline', {
      repository: this.repository,
      name: props.pipeline.name,
      yamlPath: props.pipeline.yamlPath,
      branch: props.deployBranch,
      variableGroups: Object.values(groups),
    });
    this.pipeline.authorizeRepository();

    const approvers = (env: string, a: DeploymentApprovers | undefined): IAzdoApproverGroup | undefined => {
      if (!a) return undefined;
      return 'groupOriginId' in a
        ? AzdoApproverGroup.fromOriginId(this, `approvers-${env}`, a.groupOriginId)
        : new AzdoApproverGroup(this, `approvers-${env}`, { displayName: a.groupName, description: `Approve deployments of ${props.project.name} to ${env}` });
    };
    const environments: Record<string, AzdoEnvironment> = {};
    for (const env of props.environments) {
      environments[env.name] = new AzdoEnvironment(this, `environment-${env.name}`, {
        project: this.project,
        name: env.name,
        description: env.description,
        deployBranch: props.deployBranch,
        approvers: approvers(env.name, env.approvers),
        approvalTimeoutMinutes: props.approvalTimeoutMinutes,
      });
      this.pipeline.authorizeEnvironment(environments[env.name]);
    }
    this.environments = environments;

    this.branchPolicies = new AzdoBranchPolicies(this, 'branch-policies', {
      repository: this.repository,
      branch: props.deployBranch,
      buildValidation: this.pipeline,
      minimumReviewers: props.minimumReviewers,
    });
  }
}
