/**
 * The organisation-policy constraints this construct sets on a project, each making Google
 * refuse at apply time (and on any later console click) what the guardrails refuse at synth.
 */
export const ORG_POLICY_CONSTRAINTS = {
  /** Listed services may only create resources on a customer-managed key. */
  restrictNonCmekServices: 'gcp.restrictNonCmekServices',
  /** CMEK keys must come from the platform's key project. */
  restrictCmekCryptoKeyProjects: 'gcp.restrictCmekCryptoKeyProjects',
  /** Resources may only be created in EU locations. */
  resourceLocations: 'gcp.resourceLocations',
  /** No service-account keys. */
  disableServiceAccountKeyCreation: 'iam.disableServiceAccountKeyCreation',
  /** No public buckets or objects. */
  publicAccessPrevention: 'storage.publicAccessPrevention',
  /** No object ACLs: bucket IAM only. */
  uniformBucketLevelAccess: 'storage.uniformBucketLevelAccess',
  /** IAM members only from the listed Workspace / Cloud Identity customers. */
  allowedPolicyMemberDomains: 'iam.allowedPolicyMemberDomains',
} as const;
export type OrgPolicyName = keyof typeof ORG_POLICY_CONSTRAINTS;
