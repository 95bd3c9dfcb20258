import { Construct } from 'constructs';
import { TerraformResource } from 'cdktf';
import { ServiceAccount } from '@cdktf/provider-google/lib/service-account';
import { ServiceAccountIamBinding } from '@cdktf/provider-google/lib/service-account-iam-binding';
import { ServiceAccountIamMember } from '@cdktf/provider-google/lib/service-account-iam-member';
import { ProjectIamMember } from '@cdktf/provider-google/lib/project-iam-member';
import { applyIam, assertPredefinedRole, grant, Grantee, IamFactory, IamProps } from '../iam';
import { PlatformConstruct } from '../platform-construct';
import { libraryMade } from '../library-made';

/**
 * Roles that act on data in one bucket, secret, repository, key or topic. Granting them on the
 * project would reach every such resource, so `projectRoles` refuses them and the error points
 * at the resource's `grant*` method.
 */
export const RESOURCE_SCOPED_ROLES: Readonly<Record<string, string>> = {
  'roles/storage.objectViewer': 'EncryptedBucket.grantRead',
  'roles/storage.objectCreator': 'EncryptedBucket.grantWrite',
  'roles/storage.objectUser': 'EncryptedBucket.grantReadWrite',
  'roles/storage.objectAdmin': 'EncryptedBucket.grantReadWrite',
  'roles/secretmanager.secretAccessor': 'EncryptedSecret.grantAccess',
  'roles/artifactregistry.reader': 'CmekRegistry.grantPull',
  'roles/artifactregistry.writer': 'CmekRegistry.grantPush',
  'roles/cloudkms.cryptoKeyEncrypterDecrypter': 'CmekKey.grantEncryptDecrypt',
  'roles/pubsub.publisher': 'EncryptedTopic.grantPublish',
  'roles/iam.serviceAccountUser': 'WorkloadServiceAccount.grantUser',
  'roles/iam.serviceAccountTokenCreator': 'WorkloadServiceAccount.grantImpersonate',
};

export interface WorkloadServiceAccountProps extends IamProps {
  readonly project: string;
  /** 6-30 lowercase letters, digits or hyphens. */
  readonly accountId: string;
  readonly displayName: string;
  /** @default - none */
  readonly description?: string;
  /**
   * Predefined roles that only exist at project level (e.g. `roles/aiplatform.user`,
   * `roles/logging.logWriter`). Data roles are refused: grant them on the resource instead.
   * @default []
   */
  readonly projectRoles?: readonly string[];
}

/** A dedicated service account for one workload, holding predefined roles only. */
export class WorkloadServiceAccount extends PlatformConstruct {
  public readonly resource: ServiceAccount;
  public readonly email: string;
  /** `serviceAccount:<email>` */
  public readonly member: string;
  /** Stable key for grant ids on other resources. */
  public readonly grantKey: string;
  /** Fully qualified name, as Vertex AI and Cloud Functions expect it. */
  public readonly name: string;
  public readonly projectGrants: TerraformResource[] = [];
  private readonly project: string;
  private readonly iamFactory: IamFactory;

  constructor(scope: Construct, id: string, props: WorkloadServiceAccountProps) {
    super(scope, id);
    const who = `WorkloadServiceAccount '${this.node.path}'`;
    if (!/^[a-z][a-z0-9-]{4,28}[a-z0-9]$/.test(props.accountId)) {
      throw new Error(`${who}: accountId '${props.accountId}' is invalid; use 6-30 lowercase letters, digits or hyphens, starting with a letter`);
    }
    this.project = props.project;
    this.resource = new ServiceAccount(this, 'Resource', {
      project: props.project,
      accountId: props.accountId,
      displayName: props.displayName,
      description: props.description,
    });
    this.email = this.resource.email;
    this.member = `serviceAccount:${this.resource.email}`;
    this.name = this.resource.name;
    this.grantKey = props.accountId;
    this.iamFactory = {
      scope: this,
      binding: (iid, role, members, condition) =>
        new ServiceAccountIamBinding(this, iid, { serviceAccountId: this.resource.name, role, members, condition }),
      member: (iid, role, member, condition) =>
        new ServiceAccountIamMember(this, iid, { serviceAccountId: this.resource.name, role, member, condition }),
    };
    applyIam(props, this.iamFactory);
    (props.projectRoles ?? []).forEach((role) => this.addProjectRole(role));
    libraryMade(this);
  }

  /** Grants a project-level predefined role that has no narrower resource to bind on. */
  public addProjectRole(role: string): TerraformResource {
    const field = `${this.node.path} projectRoles`;
    assertPredefinedRole(role, field);
    const instead = RESOURCE_SCOPED_ROLES[role];
    if (instead) {
      throw new Error(`${field}: '${role}' would reach every resource of its kind in the project; bind it on the one resource with ${instead}(account)`);
    }
    const id = `project-${role.replace(/^roles\//, '')}`;
    const existing = this.node.tryFindChild(id);
    if (existing) return existing as TerraformResource;
    const created = new ProjectIamMember(this, id, { project: this.project, role, member: this.member });
    this.projectGrants.push(created);
    return libraryMade(created);
  }

  /** Lets `grantee` run workloads as this account (`roles/iam.serviceAccountUser`, actAs). */
  public grantUser(grantee: Grantee): TerraformResource {
    return grant(this.iamFactory, 'roles/iam.serviceAccountUser', grantee);
  }

  /** Lets `grantee` mint tokens for this account (`roles/iam.serviceAccountTokenCreator`). */
  public grantImpersonate(grantee: Grantee): TerraformResource {
    return grant(this.iamFactory, 'roles/iam.serviceAccountTokenCreator', grantee);
  }
}
