import { Construct, IConstruct } from 'constructs';
import { TerraformResource } from 'cdktf';
import { ArtifactRegistryRepository } from '@cdktf/provider-google/lib/artifact-registry-repository';
import { ArtifactRegistryRepositoryIamBinding } from '@cdktf/provider-google/lib/artifact-registry-repository-iam-binding';
import { ArtifactRegistryRepositoryIamMember } from '@cdktf/provider-google/lib/artifact-registry-repository-iam-member';
import { Grantee, IamProps, ResourceIam } from '../iam';
import { PlatformConstruct } from '../platform-construct';
import { libraryMade } from '../library-made';
import { assertEuRegion } from '../rules/locations';
import { resourceIdProblem } from '../rules/names';
import { ICmekKey } from './cmek-key';

/** The roles `CmekRegistry` grants on one repository; a project-level grant of them is refused. */
export const REGISTRY_ROLES = {
  /** `grantPull` */
  reader: 'roles/artifactregistry.reader',
  /** `grantPush` */
  writer: 'roles/artifactregistry.writer',
} as const;

/**
 * An Artifact Registry Docker repository, created here (`new CmekRegistry`) or elsewhere
 * (`CmekRegistry.fromRepository`).
 */
export interface IRegistry extends IConstruct {
  /** `projects/<p>/locations/<l>/repositories/<id>` */
  readonly repositoryName: string;
  readonly repositoryId: string;
  readonly project: string;
  readonly location: string;
  /** `<location>-docker.pkg.dev/<project>/<repository>`, the prefix of image references. */
  readonly url: string;
  /** The repository's key, when this stack knows it. */
  readonly encryptionKey?: ICmekKey;
  /** What a resource that needs the repository in place waits for. */
  readonly dependables: readonly TerraformResource[];
  /** Pull images (`roles/artifactregistry.reader`). */
  grantPull(grantee: Grantee): TerraformResource;
  /** Push and pull images (`roles/artifactregistry.writer`). */
  grantPush(grantee: Grantee): TerraformResource;
}

export interface RegistryImportOptions {
  readonly project: string;
  /** An EU region. */
  readonly location: string;
  readonly repositoryId: string;
  /** The repository's key, if a construct needs to check it (a function's image repository). @default - unknown */
  readonly encryptionKey?: ICmekKey;
}

export interface CmekRegistryProps extends IamProps {
  /** The project the repository is created in. */
  readonly project: string;
  /** The project's number: its Artifact Registry service agent is granted on the key. */
  readonly projectNumber: string;
  /** Lowercase letters, digits and hyphens, starting with a letter. */
  readonly repositoryId: string;
  /** A key of class `keyClass` in the repository's region. */
  readonly encryptionKey: ICmekKey;
  /**
   * The class of `encryptionKey`. Keep `artifact-registry` for images you build and push.
   * `functions` is for the one kind of repository that cannot have its own key: the repository
   * Cloud Functions builds a function's images into (`build_config.docker_repository`), which
   * Cloud Functions requires on the function's own key. Such a repository is labelled
   * `key-class: functions`, which is what lets the VMC-CMEK-2 guardrail accept that one pairing
   * (see `CMEK_TARGETS`).
   * @default 'artifact-registry'
   */
  readonly keyClass?: 'artifact-registry' | 'functions';
  /** @default - the key's location */
  readonly location?: string;
  /** @default - 'Container images of the MLOps platform' */
  readonly description?: string;
  /** Tags cannot be moved once pushed, so an image reference always means the same bytes. @default true */
  readonly immutableTags?: boolean;
  /** Versions kept regardless of age. @default 10 */
  readonly keepMostRecent?: number;
  /** Untagged versions older than this are deleted. @default 30 */
  readonly deleteUntaggedAfterDays?: number;
  /** Report what the cleanup policy would delete instead of deleting it. @default false */
  readonly cleanupDryRun?: boolean;
  /** @default {} */
  readonly labels?: Readonly<Record<string, string>>;
}

abstract class RegistryBase extends PlatformConstruct implements IRegistry {
  public abstract readonly repositoryName: string;
  public abstract readonly repositoryId: string;
  public abstract readonly project: string;
  public abstract readonly location: string;
  public abstract readonly url: string;
  public abstract readonly encryptionKey?: ICmekKey;
  public abstract readonly dependables: readonly TerraformResource[];
  protected readonly iam: ResourceIam;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    this.iam = new ResourceIam(this, {
      binding: (iid, role, members, condition) =>
        new ArtifactRegistryRepositoryIamBinding(this, iid, { project: this.project, location: this.location, repository: this.iamRepository, role, members, condition }),
      member: (iid, role, member, condition) =>
        new ArtifactRegistryRepositoryIamMember(this, iid, { project: this.project, location: this.location, repository: this.iamRepository, role, member, condition }),
    });
    libraryMade(this);
  }

  /** How the IAM resources name the repository. */
  protected abstract get iamRepository(): string;

  public grantPull(grantee: Grantee): TerraformResource {
    return this.iam.grant(REGISTRY_ROLES.reader, grantee);
  }

  public grantPush(grantee: Grantee): TerraformResource {
    return this.iam.grant(REGISTRY_ROLES.writer, grantee);
  }
}

/** An Artifact Registry Docker repository on its own key, with a cleanup policy. */
export class CmekRegistry extends RegistryBase {
  /** A repository that already exists. It creates nothing; grants work on it. */
  public static fromRepository(scope: Construct, id: string, options: RegistryImportOptions): IRegistry {
    const who = `CmekRegistry.fromRepository '${id}'`;
    const problem = resourceIdProblem(options.repositoryId);
    if (problem) throw new Error(`${who}: repositoryId '${options.repositoryId}' ${problem}`);
    assertEuRegion(options.location, `${who}: location`);
    return new ImportedRegistry(scope, id, options);
  }

  public readonly resource: ArtifactRegistryRepository;
  public readonly url: string;
  public readonly repositoryName: string;
  public readonly repositoryId: string;
  public readonly project: string;
  public readonly encryptionKey: ICmekKey;
  public readonly location: string;
  public readonly dependables: readonly TerraformResource[];

  constructor(scope: Construct, id: string, props: CmekRegistryProps) {
    super(scope, id);
    const who = `CmekRegistry '${this.node.path}'`;
    if (resourceIdProblem(props.repositoryId)) {
      throw new Error(`${who}: repositoryId '${props.repositoryId}' is invalid; use lowercase letters, digits and hyphens, starting with a letter`);
    }
    const location = props.location ?? props.encryptionKey.location;
    assertEuRegion(location, `${who}: location`);
    const keyClass = props.keyClass ?? 'artifact-registry';
    if (keyClass !== 'artifact-registry' && keyClass !== 'functions') {
      throw new Error(`${who}: keyClass '${String(keyClass)}' is not allowed; use 'artifact-registry', or 'functions' for the repository of a function's build images`);
    }
    props.encryptionKey.assertUsableFor(keyClass, location, `${who} encryptionKey`);
    this.encryptionKey = props.encryptionKey;
    this.location = location;
    this.project = props.project;
    this.repositoryId = props.repositoryId;
    const keep = props.keepMostRecent ?? 10;
    const days = props.deleteUntaggedAfterDays ?? 30;
    if (!Number.isInteger(keep) || keep < 1) throw new Error(`${who}: keepMostRecent ${keep} must be a whole number of at least 1`);
    if (!Number.isInteger(days) || days < 1) throw new Error(`${who}: deleteUntaggedAfterDays ${days} must be a whole number of at least 1`);

    this.resource = new ArtifactRegistryRepository(this, 'Resource', {
      project: props.project,
      location,
      repositoryId: props.repositoryId,
      format: 'DOCKER',
      description: props.description ?? 'Container images of the MLOps platform',
      kmsKeyName: props.encryptionKey.keyName,
      dockerConfig: { immutableTags: props.immutableTags ?? true },
      cleanupPolicyDryRun: props.cleanupDryRun ?? false,
      cleanupPolicies: [
        { id: 'keep-most-recent', action: 'KEEP', mostRecentVersions: { keepCount: keep } },
        { id: 'delete-old-untagged', action: 'DELETE', condition: { tagState: 'UNTAGGED', olderThan: `${days * 86400}s` } },
      ],
      labels: keyClass === 'artifact-registry' ? (props.labels ? { ...props.labels } : undefined) : { ...props.labels, 'key-class': keyClass },
      dependsOn: props.encryptionKey.useFor(this, props.projectNumber),
    });
    this.repositoryName = this.resource.id;
    this.url = `${location}-docker.pkg.dev/${props.project}/${props.repositoryId}`;
    this.dependables = [this.resource];
    this.iam.apply(props);
    libraryMade(this);
  }

  protected get iamRepository(): string {
    return this.resource.name;
  }
}

class ImportedRegistry extends RegistryBase {
  public readonly repositoryName: string;
  public readonly repositoryId: string;
  public readonly project: string;
  public readonly location: string;
  public readonly url: string;
  public readonly encryptionKey?: ICmekKey;
  public readonly dependables: readonly TerraformResource[] = [];

  constructor(scope: Construct, id: string, o: RegistryImportOptions) {
    super(scope, id);
    this.repositoryId = o.repositoryId;
    this.project = o.project;
    this.location = o.location;
    this.encryptionKey = o.encryptionKey;
    this.repositoryName = `projects/${o.project}/locations/${o.location}/repositories/${o.repositoryId}`;
    this.url = `${o.location}-docker.pkg.dev/${o.project}/${o.repositoryId}`;
    libraryMade(this);
  }

  protected get iamRepository(): string {
    return this.repositoryId;
  }
}
