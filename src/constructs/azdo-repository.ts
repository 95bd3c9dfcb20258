import { Construct } from 'constructs';
import { GitRepository } from '../generated/azuredevops/git-repository';
import { PlatformConstruct } from '../platform-construct';
import { libraryMade } from '../library-made';
import { IAzdoProject } from './azdo-project';

/** An Azure Repos Git repository, created here or adopted. */
export interface IAzdoRepository {
  readonly repositoryId: string;
  readonly repositoryName: string;
  readonly project: IAzdoProject;
}

export interface AzdoRepositoryProps {
  readonly project: IAzdoProject;
  readonly name: string;
}

/** A Git repository, created empty (push the platform's code into it). `fromRepository` adopts one. */
export class AzdoRepository extends PlatformConstruct implements IAzdoRepository {
  /** Adopts an existing repository by its GUID; nothing is created or changed. */
  public static fromRepository(scope: Construct, id: string, attrs: { project: IAzdoProject; repositoryId: string; repositoryName: string }): IAzdoRepository {
    if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(attrs.repositoryId)) {
      throw new Error(`AzdoRepository.fromRepository '${id}': repositoryId '${attrs.repositoryId}' is not a repository GUID`);
    }
    return new (class extends Construct implements IAzdoRepository {
      public readonly repositoryId = attrs.repositoryId;
      public readonly repositoryName = attrs.repositoryName;
      public readonly project = attrs.project;
    })(scope, id);
  }

  public readonly resource: GitRepository;
  public readonly repositoryId: string;
  public readonly repositoryName: string;
  public readonly project: IAzdoProject;

  constructor(scope: Construct, id: string, props: AzdoRepositoryProps) {
    super(scope, id);
    this.project = props.project;
    this.resource = new GitRepository(this, 'Resource', {
      projectId: props.project.projectId,
      name: props.name,
      // Uninitialized: the first push brings the history; no commit is invented here.
      initialization: { initType: 'Uninitialized' },
    });
    this.repositoryId = this.resource.id;
    this.repositoryName = props.name;
    libraryMade(this);
  }
}
