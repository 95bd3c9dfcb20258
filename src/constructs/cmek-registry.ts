import { Construct } from 'constructs';
import { TerraformResource } from 'cdktf';
import { ArtifactRegistryRepository } from '@cdktf/provider-google/lib/artifact-registry-repository';
import { ArtifactRegistryRepositoryIamBinding } from '@cdktf/provider-google/lib/artifact-registry-repository-iam-binding';
import { ArtifactRegistryRepositoryIamMember } from '@cdktf/provider-google/lib/artifact-registry-repository-iam-member';
import { applyIam, grant, Grantee, IamFactory, IamProps } from '../iam';
import { PlatformConstruct } from '../platform-construct';
import { libraryMade } from '../library-made';
import { CmekKey } from './cmek-key';

export interface CmekRegistryProps extends IamProps {
  /** Lowercase letters, digits and hyphens, starting with a letter. */
  readonly repositoryId: string;
  /** A key of class `keyClass` in the repository's region. */
  readonly encryptionKey: CmekKey;
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

/** An Artifact Registry Docker repository on its own key, with a cleanup policy. */
export class CmekRegistry extends PlatformConstruct {
  public readonly resource: ArtifactRegistryRepository;
  /** `<location>-docker.pkg.dev/<project>/<repository>`, the prefix of image references. */
  public readonly url: string;
  /** `projects/<p>/locations/<l>/repositories/<id>` */
  public readonly id: string;
  public readonly encryptionKey: CmekKey;
  public readonly location: string;
  private readonly iamFactory: IamFactory;

  constructor(scope: Construct, id: string, props: CmekRegistryProps) {
    super(scope, id);
    const who = `CmekRegistry '${this.node.path}'`;
    if (!/^[a-z]([a-z0-9-]{0,61}[a-z0-9])?$/.test(props.repositoryId)) {
      throw new Error(`${who}: repositoryId '${props.repositoryId}' is invalid; use lowercase letters, digits and hyphens, starting with a letter`);
    }
    const location = props.location ?? props.encryptionKey.location;
    const keyClass = props.keyClass ?? 'artifact-registry';
    if (keyClass !== 'artifact-registry' && keyClass !== 'functions') {
      throw new Error(`${who}: keyClass '${String(keyClass)}' is not allowed; use 'artifact-registry', or 'functions' for the repository of a function's build images`);
    }
    props.encryptionKey.assertUsableFor(keyClass, location, `${who} encryptionKey`);
    this.encryptionKey = props.encryptionKey;
    this.location = location;
    const keep = props.keepMostRecent ?? 10;
    const days = props.deleteUntaggedAfterDays ?? 30;
    if (!Number.isInteger(keep) || keep < 1) throw new Error(`${who}: keepMostRecent ${keep} must be a whole number of at least 1`);
    if (!Number.isInteger(days) || days < 1) throw new Error(`${who}: deleteUntaggedAfterDays ${days} must be a whole number of at least 1`);
    const project = props.encryptionKey.keyring.project;

    this.resource = new ArtifactRegistryRepository(this, 'Resource', {
      project,
      location,
      repositoryId: props.repositoryId,
      format: 'DOCKER',
      description: props.description ?? 'Container images of the MLOps platform',
      kmsKeyName: props.encryptionKey.id,
      dockerConfig: { immutableTags: props.immutableTags ?? true },
      cleanupPolicyDryRun: props.cleanupDryRun ?? false,
      cleanupPolicies: [
        { id: 'keep-most-recent', action: 'KEEP', mostRecentVersions: { keepCount: keep } },
        { id: 'delete-old-untagged', action: 'DELETE', condition: { tagState: 'UNTAGGED', olderThan: `${days * 86400}s` } },
      ],
      labels: keyClass === 'artifact-registry' ? (props.labels ? { ...props.labels } : undefined) : { ...props.labels, 'key-class': keyClass },
      dependsOn: props.encryptionKey.grants,
    });
    this.id = this.resource.id;
    this.url = `${location}-docker.pkg.dev/${project}/${props.repositoryId}`;
    this.iamFactory = {
      scope: this,
      binding: (iid, role, members, condition) =>
        new ArtifactRegistryRepositoryIamBinding(this, iid, {
          project, location, repository: this.resource.name, role, members, condition,
        }),
      member: (iid, role, member, condition) =>
        new ArtifactRegistryRepositoryIamMember(this, iid, {
          project, location, repository: this.resource.name, role, member, condition,
        }),
    };
    applyIam(props, this.iamFactory);
    libraryMade(this);
  }

  /** Pull images (`roles/artifactregistry.reader`). */
  public grantPull(grantee: Grantee): TerraformResource {
    return grant(this.iamFactory, 'roles/artifactregistry.reader', grantee);
  }

  /** Push and pull images (`roles/artifactregistry.writer`). */
  public grantPush(grantee: Grantee): TerraformResource {
    return grant(this.iamFactory, 'roles/artifactregistry.writer', grantee);
  }
}
