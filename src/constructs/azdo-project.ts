import { Construct } from 'constructs';
import { Project } from '../generated/azuredevops/project';
import { libraryMade } from '../library-made';
import { PlatformConstruct } from '../platform-construct';

/** An Azure DevOps project, created here or adopted. */
export interface IAzdoProject {
  /** The project's GUID (a token when the project is created in the same stack). */
  readonly projectId: string;
  readonly projectName: string;
}

export interface AzdoProjectProps {
  readonly name: string;
  /** @default - none */
  readonly description?: string;
}

/**
 * A private Git project with Azure Boards, Test Plans and Artifacts turned off: the platform
 * uses only Repos and Pipelines, and what is off cannot leak. `fromProject` adopts one.
 */
export class AzdoProject extends PlatformConstruct implements IAzdoProject {
  /** Adopts an existing project by its GUID and name; nothing is created or changed. */
  public static fromProject(scope: Construct, id: string, attrs: { projectId: string; projectName: string }): IAzdoProject {
    if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(attrs.projectId)) {
      throw new Error(`AzdoProject.fromProject '${id}': projectId '${attrs.projectId}' is not a project GUID`);
    }
    return new (class extends Construct implements IAzdoProject {
      public readonly projectId = attrs.projectId;
      public readonly projectName = attrs.projectName;
    })(scope, id);
  }

  public readonly resource: Project;
  public readonly projectId: string;
  public readonly projectName: string;

  constructor(scope: Construct, id: string, props: AzdoProjectProps) {
    super(scope, id);
    this.resource = new Project(this, 'Resource', {
      name: props.name,
      description: props.description,
      visibility: 'private',
      versionControl: 'Git',
      workItemTemplate: 'Basic',
      features: { boards: 'disabled', testplans: 'disabled', artifacts: 'disabled', repositories: 'enabled', pipelines: 'enabled' },
    });
    this.projectId = this.resource.id;
    this.projectName = props.name;
    libraryMade(this);
  }
}
