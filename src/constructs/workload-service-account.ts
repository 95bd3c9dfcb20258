import { Construct, IConstruct } from 'constructs';
import { TerraformResource } from 'cdktf';
import { ServiceAccount } from '@cdktf/provider-google/lib/service-account';
import { ServiceAccountIamBinding } from '@cdktf/provider-google/lib/service-account-iam-binding';
import { ServiceAccountIamMember } from '@cdktf/provider-google/lib/service-account-iam-member';
import { ProjectIamMember } from '@cdktf/provider-google/lib/project-iam-member';
import { Grantee, IAM_IDS, IamProps, ResourceIam } from '../iam';
import { PlatformConstruct } from '../platform-construct';
import { libraryMade } from '../library-made';
import { assertProjectRole, SERVICE_ACCOUNT_ROLES } from '../project-roles';
import { accountIdProblem } from '../rules/names';

/**
 * A service account, created here (`new WorkloadServiceAccount`) or elsewhere
 * (`WorkloadServiceAccount.fromEmail`). It is also a `Grantee`: pass it to any `grant*` method.
 */
export interface IServiceAccount extends IConstruct {
  readonly email: string;
  /** `serviceAccount:<email>` */
  readonly member: string;
  /** Stable key for grant ids on other resources. */
  readonly grantKey: string;
  /** `projects/<project>/serviceAccounts/<email>`, as Vertex AI, Cloud Build and IAM expect it. */
  readonly name: string;
  /** The project whose roles `addProjectRole` grants. */
  readonly project: string;
  /** The project-level grants made through `addProjectRole`; workloads wait for them. */
  readonly projectGrants: readonly TerraformResource[];
  /** Grants a project-level predefined role that has no narrower resource to bind on. */
  addProjectRole(role: string): TerraformResource;
  /** Lets `grantee` run workloads as this account (`roles/iam.serviceAccountUser`, actAs). */
  grantUser(grantee: Grantee): TerraformResource;
  /** Lets `grantee` mint tokens for this account (`roles/iam.serviceAccountTokenCreator`). */
  grantImpersonate(grantee: Grantee): TerraformResource;
}

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

export interface ServiceAccountImportOptions {
  /** Where `addProjectRole` grants. @default - the project in the e-mail's domain */
  readonly project?: string;
}

abstract class ServiceAccountBase extends PlatformConstruct implements IServiceAccount {
  public abstract readonly email: string;
  public abstract readonly member: string;
  public abstract readonly grantKey: string;
  public abstract readonly name: string;
  public abstract readonly project: string;
  public readonly projectGrants: TerraformResource[] = [];
  protected readonly iam: ResourceIam;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    this.iam = new ResourceIam(this, {
      binding: (iid, role, members, condition) => new ServiceAccountIamBinding(this, iid, { serviceAccountId: this.name, role, members, condition }),
      member: (iid, role, member, condition) => new ServiceAccountIamMember(this, iid, { serviceAccountId: this.name, role, member, condition }),
    });
    libraryMade(this);
  }

  public addProjectRole(role: string): TerraformResource {
    assertProjectRole(role, `${this.node.path} projectRoles`);
    const id = IAM_IDS.projectRole(role);
    const existing = this.node.tryFindChild(id);
    if (existing) return existing as TerraformResource;
    const created = new ProjectIamMember(this, id, { project: this.project, role, member: this.member });
    this.projectGrants.push(created);
    return libraryMade(created);
  }

  public grantUser(grantee: Grantee): TerraformResource {
    return this.iam.grant(SERVICE_ACCOUNT_ROLES.user, grantee);
  }

  public grantImpersonate(grantee: Grantee): TerraformResource {
    return this.iam.grant(SERVICE_ACCOUNT_ROLES.tokenCreator, grantee);
  }
}

/** A dedicated service account for one workload, holding predefined roles only. */
export class WorkloadServiceAccount extends ServiceAccountBase {
  /**
   * An account that already exists, by e-mail. It creates nothing itself; grants on it and its
   * project roles are created in this stack.
   */
  public static fromEmail(scope: Construct, id: string, email: string, options: ServiceAccountImportOptions = {}): IServiceAccount {
    const m = /^([a-z][a-z0-9-]{4,28}[a-z0-9])@([a-z][a-z0-9-]{4,28}[a-z0-9])\.iam\.gserviceaccount\.com$/.exec(email);
    if (!m && !options.project) {
      throw new Error(`WorkloadServiceAccount.fromEmail '${id}': '${email}' is not a user-managed service account e-mail ('<id>@<project>.iam.gserviceaccount.com'); pass options.project for any other account`);
    }
    return new ImportedServiceAccount(scope, id, email, options.project ?? m![2]);
  }

  public readonly resource: ServiceAccount;
  public readonly email: string;
  public readonly member: string;
  public readonly grantKey: string;
  public readonly name: string;
  public readonly project: string;

  constructor(scope: Construct, id: string, props: WorkloadServiceAccountProps) {
    super(scope, id);
    const who = `WorkloadServiceAccount '${this.node.path}'`;
    if (accountIdProblem(props.accountId)) {
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
    this.iam.apply(props);
    (props.projectRoles ?? []).forEach((role) => this.addProjectRole(role));
    libraryMade(this);
  }
}

class ImportedServiceAccount extends ServiceAccountBase {
  public readonly member: string;
  public readonly grantKey: string;
  public readonly name: string;

  constructor(scope: Construct, id: string, public readonly email: string, public readonly project: string) {
    super(scope, id);
    this.member = `serviceAccount:${email}`;
    this.grantKey = email.replace(/[^A-Za-z0-9]+/g, '-');
    this.name = `projects/${project}/serviceAccounts/${email}`;
    libraryMade(this);
  }
}
