/**
 * The one home of who may never be granted anything and which roles let their holder grant
 * itself more. Config, constructs and guardrails all read these, so they cannot disagree.
 */

/** Principals that mean everyone, lowercased: IAM members, ACL entities, BigQuery special groups. */
export const PUBLIC_PRINCIPALS: readonly string[] = ['allusers', 'allauthenticatedusers', 'principalset://goog/public:all'];

/**
 * True for a principal that means everyone, in any spelling the APIs accept or a config might
 * carry: any case, surrounding spaces, an ACL's `READER:allUsers`, IAM v2's
 * `principalSet://goog/public:all`.
 */
export function isPublicPrincipal(member: string): boolean {
  const m = member.trim().toLowerCase();
  return PUBLIC_PRINCIPALS.includes(m) || PUBLIC_PRINCIPALS.some((p) => m.endsWith(`:${p}`));
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

/** True when `role` granted at `level` lets its holder escalate. */
export function isEscalationRole(role: string, level: 'resource' | 'project' | 'folder' | 'organization' | 'billing-account'): boolean {
  return ESCALATION_ROLES.includes(role) || (PROJECT_LEVEL_ESCALATION_ROLES.includes(role) && level !== 'resource');
}
