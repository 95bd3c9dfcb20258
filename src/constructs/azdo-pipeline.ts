import { Construct } from 'constructs';
import { Token } from 'cdktf';
import { BuildDefinition } from '../generated/azuredevops/build-definition';
import { PipelineAuthorization } from '../generated/azuredevops/pipeline-authorization';
import { PlatformConstruct } from '../platform-construct';
import { AzdoEnvironment } from './azdo-environment';
import { IAzdoRepository } from './azdo-repository';
import { libraryMade } from '../library-made';
import { AzdoVariableGroup } from './azdo-variable-group';

export interface AzdoPipelineProps {
  readonly repository: IAzdoRepository;
  readonly name: string;
  /** The pipeline's YAML in the repository, e.g. `azure-pipelines.yml`. */
  readonly yamlPath: string;
  /** The default branch, e.g. `refs/heads/main`. */
  readonly branch: string;
  /** @default [] */
  readonly variableGroups?: readonly AzdoVariableGroup[];
}

/**
 * A YAML pipeline (build definition) on the repository, with CI and pull-request triggers
 * as the YAML declares them; pull requests from forks do not run. Only this pipeline may use
 * the environments, variable groups and repository it is authorized for (`authorize*`): their
 * "open access" stays off.
 */
export class AzdoPipeline extends PlatformConstruct {
  public readonly resource: BuildDefinition;
  /** The build definition's id, as a string token. */
  public readonly pipelineId: string;
  private readonly repository: IAzdoRepository;

  constructor(scope: Construct, id: string, props: AzdoPipelineProps) {
    super(scope, id);
    const who = `AzdoPipeline '${this.node.path}'`;
    if (!/^[\w./-]+\.ya?ml$/.test(props.yamlPath)) throw new Error(`${who}: yamlPath '${props.yamlPath}' is not a repository-relative .yml path`);
    if (!/^refs\/heads\/[\w./-]+$/.test(props.branch)) throw new Error(`${who}: branch '${props.branch}' must be a full ref such as refs/heads/main`);
    this.repository = props.repository;
    const groups = props.variableGroups ?? [];
    this.resource = new BuildDefinition(this, 'Resource', {
      projectId: props.repository.project.projectId,
      name: props.name,
      path: '\\',
      repository: {
        repoType: 'TfsGit',
        repoId: props.repository.repositoryId,
        branchName: props.branch,
        ymlPath: props.yamlPath,
      },
      ciTrigger: { useYaml: true },
      pullRequestTrigger: { useYaml: true, forks: { enabled: false, shareSecrets: false } },
      variableGroups: groups.map((g) => Token.asNumber(g.variableGroupId)),
    });
    this.pipelineId = this.resource.id;
    for (const g of groups) this.authorize(`variablegroup-${g.node.id}`, 'variablegroup', g.variableGroupId);
    libraryMade(this);
  }

  /** Lets this pipeline deploy to `environment`. */
  public authorizeEnvironment(environment: AzdoEnvironment): PipelineAuthorization {
    return this.authorize(`environment-${environment.node.id}`, 'environment', environment.environmentId);
  }

  /** Lets this pipeline check out its repository (needed once "limit job authorization scope" is on). */
  public authorizeRepository(): PipelineAuthorization {
    return this.authorize('repository', 'repository', `${this.repository.project.projectId}.${this.repository.repositoryId}`);
  }

  private authorize(id: string, type: string, resourceId: string): PipelineAuthorization {
    return libraryMade(new PipelineAuthorization(this, `authorize-${id}`, {
      projectId: this.repository.project.projectId,
      type,
      resourceId,
      pipelineId: Token.asNumber(this.resource.id),
    }));
  }
}
