import { TerraformResource } from 'cdktf';
import { Construct } from 'constructs';
import { isPublicPrincipal } from './access-rules';
import { libraryMade } from './library-made';

/**
 * The one IAM interface every construct takes, as in Cloud Foundation Fabric:
 * authoritative role to members, authoritative keyed bindings, and additive members.
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

/** How one resource type creates its IAM resources. */
export interface IamFactory {
  /** Where the IAM resources are created; `grant` returns an existing one instead of failing. */
  readonly scope: Construct;
  binding(id: string, role: string, members: string[], condition?: IamCondition): TerraformResource;
  member(id: string, role: string, member: string, condition?: IamCondition): TerraformResource;
}

export const PRIMITIVE_ROLES: readonly string[] = ['roles/owner', 'roles/editor', 'roles/viewer'];
export const PUBLIC_MEMBERS: readonly string[] = ['allUsers', 'allAuthenticatedUsers'];

/** Throws when `role` is primitive or not a predefined role. `field` names the prop for the error. */
export function assertPredefinedRole(role: string, field: string): void {
  if (PRIMITIVE_ROLES.includes(role)) {
    throw new Error(`${field}: '${role}' is a primitive role, which grants far more than any workload needs; use a predefined role such as 'roles/storage.objectViewer'`);
  }
  if (!/^roles\/[a-zA-Z0-9]+\.[a-zA-Z0-9.]+$/.test(role)) {
    throw new Error(`${field}: '${role}' is not a predefined role; write it as 'roles/<service>.<role>'`);
  }
}

/** Throws when `member` is public. Unresolved tokens (e-mails of accounts made in the same stack) pass. */
export function assertPrivateMember(member: string, field: string): void {
  if (isPublicPrincipal(member)) {
    throw new Error(`${field}: '${member}' is public; this platform never grants access to everyone. Name a user:, group: or serviceAccount: principal`);
  }
}

/** Creates the IAM resources `props` asks for, using `factory` for the resource type. */
export function applyIam(props: IamProps, factory: IamFactory): TerraformResource[] {
  const created: TerraformResource[] = [];
  const authoritative = new Set<string>();
  for (const [role, members] of Object.entries(props.iam ?? {})) {
    assertPredefinedRole(role, `iam['${role}']`);
    members.forEach((m) => assertPrivateMember(m, `iam['${role}']`));
    authoritative.add(role);
    created.push(factory.binding(`iam-${role.replace(/^roles\//, '')}`, role, [...members]));
  }
  for (const [key, b] of Object.entries(props.iamBindings ?? {})) {
    assertPredefinedRole(b.role, `iamBindings.${key}.role`);
    b.members.forEach((m) => assertPrivateMember(m, `iamBindings.${key}.members`));
    if (authoritative.has(b.role) && !b.condition) {
      throw new Error(`iamBindings.${key}: role '${b.role}' is already set authoritatively in iam; keep it in one place`);
    }
    created.push(factory.binding(`iam-binding-${key}`, b.role, [...b.members], b.condition));
  }
  for (const [key, b] of Object.entries(props.iamBindingsAdditive ?? {})) {
    assertPredefinedRole(b.role, `iamBindingsAdditive.${key}.role`);
    assertPrivateMember(b.member, `iamBindingsAdditive.${key}.member`);
    if (authoritative.has(b.role)) {
      throw new Error(`iamBindingsAdditive.${key}: role '${b.role}' is set authoritatively in iam, which would remove this member again on every apply; add the member to iam['${b.role}'] instead`);
    }
    created.push(factory.member(`iam-member-${key}`, b.role, b.member, b.condition));
  }
  return created;
}

/** Additive grant used by the `grant*` methods; ids are stable per role and member. */
export function grant(factory: IamFactory, role: string, grantee: Grantee): TerraformResource {
  const member = granteeMember(grantee);
  assertPredefinedRole(role, `${factory.scope.node.path} grant role`);
  assertPrivateMember(member, `${factory.scope.node.path} grant member`);
  const id = `grant-${role.replace(/^roles\//, '')}-${granteeKey(grantee)}`;
  const existing = factory.scope.node.tryFindChild(id);
  if (existing) return existing as TerraformResource;
  return libraryMade(factory.member(id, role, member));
}

/**
 * Who a `grant*` method grants to: an IAM member string (`group:ml@example.com`) or an object
 * with a stable key, such as a `WorkloadServiceAccount`, whose e-mail is only known at apply.
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
