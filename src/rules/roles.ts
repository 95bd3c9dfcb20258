import { isUnresolved } from './tokens';

/** Roles that grant far more than any workload needs; refused everywhere. */
export const PRIMITIVE_ROLES: readonly string[] = ['roles/owner', 'roles/editor', 'roles/viewer'];
/** Principals that mean everyone; refused everywhere, in any spelling (`isPublicPrincipal`). */
export const PUBLIC_MEMBERS: readonly string[] = ['allUsers', 'allAuthenticatedUsers', 'principalSet://goog/public:all'];

/**
 * True for a principal that means everyone, in any spelling the APIs accept or a config might
 * carry: any case, surrounding spaces, a prefix (`user:allUsers`, an ACL's `READER:allUsers`),
 * IAM's `principalSet://goog/public:all`.
 */
export function isPublicPrincipal(member: string): boolean {
  const m = member.trim().toLowerCase();
  return PUBLIC_MEMBERS.some((p) => m === p.toLowerCase() || m.endsWith(`:${p.toLowerCase()}`));
}

/**
 * Roles whose holder can give itself (or anyone) more access than it was granted: IAM
 * administration, service-account administration and impersonation, key administration, and
 * the power to lift the organisation policies that back the guardrails.
 */
export const ESCALATION_ROLES: readonly string[] = [
  'roles/resourcemanager.projectIamAdmin',
  'roles/resourcemanager.folderIamAdmin',
  'roles/resourcemanager.folderAdmin',
  'roles/resourcemanager.organizationAdmin',
  'roles/iam.securityAdmin',
  'roles/iam.roleAdmin',
  'roles/iam.organizationRoleAdmin',
  'roles/iam.denyAdmin',
  'roles/iam.serviceAccountAdmin',
  'roles/iam.serviceAccountKeyAdmin',
  'roles/iam.serviceAccountTokenCreator',
  'roles/iam.serviceAccountOpenIdTokenCreator',
  'roles/iam.workloadIdentityUser',
  'roles/iam.workloadIdentityPoolAdmin',
  'roles/cloudkms.admin',
  'roles/orgpolicy.policyAdmin',
];

/** Escalation only above a single resource: on one service account it is how a workload runs as it. */
export const PROJECT_LEVEL_ESCALATION_ROLES: readonly string[] = ['roles/iam.serviceAccountUser'];

/** Where a grant applies: a whole organisation, folder, project or billing account, or one resource. */
export type GrantLevel = 'organization' | 'folder' | 'project' | 'billing-account' | 'resource';

/** True when `role` granted at `level` lets its holder escalate. */
export function isEscalationRole(role: string, level: GrantLevel): boolean {
  return ESCALATION_ROLES.includes(role) || (PROJECT_LEVEL_ESCALATION_ROLES.includes(role) && level !== 'resource');
}

/** Why `role` may not be granted on a project by config or a construct, or undefined. */
export function escalationRoleProblem(role: string): string | undefined {
  if (!isEscalationRole(role, 'project')) return undefined;
  return `'${role}' lets its holder grant itself more access (IAM, service-account or key administration, impersonation); the platform grants no escalation role from config or a construct: grant the narrowest role the job needs, on the resource it is for (the deployer's own path is PlatformDeployer)`;
}

/** Why `role` may not be granted (primitive, or not a predefined role), or undefined. */
export function roleProblem(role: string): string | undefined {
  if (isUnresolved(role)) return undefined;
  if (PRIMITIVE_ROLES.includes(role)) {
    return `'${role}' is a primitive role, which grants far more than any workload needs; use a predefined role such as 'roles/storage.objectViewer'`;
  }
  if (!/^roles\/[a-zA-Z0-9]+\.[a-zA-Z0-9.]+$/.test(role)) {
    return `'${role}' is not a predefined role; write it as 'roles/<service>.<role>', e.g. 'roles/aiplatform.user'`;
  }
  return undefined;
}

/**
 * Why `member` may not be granted anything (public, or not an IAM principal), or undefined.
 * Unresolved tokens (e-mails of accounts made in the same stack) pass.
 */
export function principalProblem(member: string): string | undefined {
  if (isUnresolved(member)) return undefined;
  if (isPublicPrincipal(member)) {
    return `'${member}' is public: this platform never grants access to everyone; name a user:, group:, serviceAccount: or domain: principal`;
  }
  if (!/^(user|group|serviceAccount|domain|principal|principalSet):\S+$/.test(member)) {
    return `'${member}' is not an IAM principal; write it as 'user:alice@example.com', 'group:...', 'serviceAccount:...' or 'principal://...'`;
  }
  return undefined;
}

/** Throws when `role` may not be granted. `field` names the prop for the error. */
export function assertPredefinedRole(role: string, field: string): void {
  const problem = roleProblem(role);
  if (problem) throw new Error(`${field}: ${problem}`);
}

/** Throws when `member` may not be granted anything. `field` names the prop for the error. */
export function assertPrivateMember(member: string, field: string): void {
  const problem = principalProblem(member);
  if (problem) throw new Error(`${field}: ${problem}`);
}
