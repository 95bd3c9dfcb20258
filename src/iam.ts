import { TerraformResource } from 'cdktf';
import { IConstruct } from 'constructs';
import { libraryMade } from './library-made';
import { assertPredefinedRole, assertPrivateMember } from './rules/roles';

/**
 * The one IAM interface every construct with a resource policy takes, as in Cloud Foundation
 * Fabric: authoritative role to members, authoritative keyed bindings, and additive members.
 */
export interface IamProps {
  /**
   * Authoritative for each role named: members not listed lose that role on this resource.
   * @default - no authoritative bindings
   */
  readonly iam?: Readonly<Record<string, readonly string[]>>;
  /**
   * Authoritative bindings keyed by a stable name, for roles that need a condition.
   * @default - none
   */
  readonly iamBindings?: Readonly<Record<string, IamBinding>>;
  /**
   * Additive grants keyed by a stable name: other members of the role are left alone.
   * @default - none
   */
  readonly iamBindingsAdditive?: Readonly<Record<string, IamMemberBinding>>;
}

export interface IamCondition {
  readonly title: string;
  /** A CEL expression, e.g. `request.time < timestamp("2026-01-01T00:00:00Z")`. */
  readonly expression: string;
  /** @default - none */
  readonly description?: string;
}

export interface IamBinding {
  readonly role: string;
  readonly members: readonly string[];
  /** @default - unconditional */
  readonly condition?: IamCondition;
}

export interface IamMemberBinding {
  readonly role: string;
  readonly member: string;
  /** @default - unconditional */
  readonly condition?: IamCondition;
}

/** How one resource type creates its IAM resources; ids come from `IAM_IDS`. */
export interface IamFactory {
  binding(id: string, role: string, members: string[], condition?: IamCondition): TerraformResource;
  member(id: string, role: string, member: string, condition?: IamCondition): TerraformResource;
}

/**
 * Who a `grant*` method grants to: an IAM member string (`group:ml@example.com`) or an object
 * with a stable key, such as a service account, whose e-mail may only be known at apply.
 */
export type Grantee = string | { readonly member: string; readonly grantKey: string };

export function granteeMember(g: Grantee): string {
  return typeof g === 'string' ? g : g.member;
}

/** A construct-id-safe key that does not change when unrelated code changes. */
export function granteeKey(g: Grantee): string {
  if (typeof g !== 'string') return g.grantKey;
  if (g.includes('${')) {
    throw new Error(`grantee '${g}' holds an unresolved token, which would give an unstable construct id; pass the construct (e.g. the WorkloadServiceAccount) instead of its e-mail`);
  }
  return g.replace(/[^A-Za-z0-9]+/g, '-').replace(/-+$/, '');
}

const roleKey = (role: string) => role.replace(/^roles\//, '');

/**
 * The construct ids of IAM resources, one scheme for every path. Ids are public contract:
 * changing one replaces the grant, which briefly removes it.
 */
export const IAM_IDS = {
  /** `iam[role]` */
  authoritative: (role: string) => `iam-${roleKey(role)}`,
  /** `iamBindings[key]` */
  binding: (key: string) => `iam-binding-${key}`,
  /** `iamBindingsAdditive[key]` */
  member: (key: string) => `iam-member-${key}`,
  /** `grant*(grantee)` on a resource, and project grants to a named member */
  grant: (role: string, grantee: Grantee) => `grant-${roleKey(role)}-${granteeKey(grantee)}`,
  /** a project role of the construct's own identity (`WorkloadServiceAccount.addProjectRole`) */
  projectRole: (role: string) => `project-${roleKey(role)}`,
} as const;

/**
 * The IAM of one resource. `iam`, `iamBindings`, `iamBindingsAdditive` and the `grant*` methods
 * all go through it, so they share the id scheme and the checks: predefined roles only, no
 * public members, and no additive grant of a role that is set authoritatively (the next apply
 * would remove the member again), whichever path asks for it.
 */
export class ResourceIam {
  private readonly authoritative = new Map<string, string>();
  private readonly additive = new Map<string, TerraformResource>();

  constructor(private readonly scope: IConstruct, private readonly factory: IamFactory) {}

  /** Creates what `props` asks for. */
  public apply(props: IamProps): TerraformResource[] {
    const created: TerraformResource[] = [];
    for (const [role, members] of Object.entries(props.iam ?? {})) {
      assertPredefinedRole(role, `iam['${role}']`);
      members.forEach((m) => assertPrivateMember(m, `iam['${role}']`));
      this.authoritative.set(role, `iam['${role}']`);
      created.push(libraryMade(this.factory.binding(IAM_IDS.authoritative(role), role, [...members])));
    }
    for (const [key, b] of Object.entries(props.iamBindings ?? {})) {
      assertPredefinedRole(b.role, `iamBindings.${key}.role`);
      b.members.forEach((m) => assertPrivateMember(m, `iamBindings.${key}.members`));
      if (this.authoritative.has(b.role) && !b.condition) {
        throw new Error(`iamBindings.${key}: role '${b.role}' is already set authoritatively in ${this.authoritative.get(b.role)}; keep it in one place`);
      }
      if (!b.condition) this.authoritative.set(b.role, `iamBindings.${key}`);
      created.push(libraryMade(this.factory.binding(IAM_IDS.binding(key), b.role, [...b.members], b.condition)));
    }
    for (const [key, b] of Object.entries(props.iamBindingsAdditive ?? {})) {
      created.push(this.addMember(`iamBindingsAdditive.${key}`, IAM_IDS.member(key), b.role, b.member, b.condition));
    }
    return created;
  }

  /** An additive grant for a `grant*` method; asking twice returns the first. */
  public grant(role: string, grantee: Grantee): TerraformResource {
    return this.addMember(`${this.scope.node.path} grant`, IAM_IDS.grant(role, grantee), role, granteeMember(grantee));
  }

  private addMember(field: string, id: string, role: string, member: string, condition?: IamCondition): TerraformResource {
    assertPredefinedRole(role, `${field} role`);
    assertPrivateMember(member, `${field} member`);
    const where = this.authoritative.get(role);
    if (where) {
      throw new Error(`${field}: role '${role}' is set authoritatively in ${where} on '${this.scope.node.path}', which would remove this member again on every apply; add '${member}' there instead`);
    }
    const key = `${role}\0${member}\0${condition?.expression ?? ''}`;
    const existing = this.additive.get(key);
    if (existing) return existing;
    const created = libraryMade(this.factory.member(id, role, member, condition));
    this.additive.set(key, created);
    return created;
  }
}
