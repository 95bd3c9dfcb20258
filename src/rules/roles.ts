import { isUnresolved } from './tokens';

/** Roles that grant far more than any workload needs; refused everywhere. */
export const PRIMITIVE_ROLES: readonly string[] = ['roles/owner', 'roles/editor', 'roles/viewer'];
/** Principals that mean everyone; refused everywhere. */
export const PUBLIC_MEMBERS: readonly string[] = ['allUsers', 'allAuthenticatedUsers'];

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
  if (PUBLIC_MEMBERS.includes(member)) {
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
