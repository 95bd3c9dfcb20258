import { COMPLIANT, GuardrailRule, NOT_APPLICABLE, nonCompliant } from '../rule';

export const bucketAccess: GuardrailRule = {
  id: 'VMC-GCS-1',
  description: 'Buckets use uniform bucket-level access and enforce public access prevention.',
  control: 'No public data exposure; one IAM model for every object',
  check(node) {
    if (node.type !== 'google_storage_bucket') return NOT_APPLICABLE;
    const problems: string[] = [];
    if (node.config.uniform_bucket_level_access !== true) problems.push('uniform bucket-level access is off');
    if (node.config.public_access_prevention !== 'enforced') {
      problems.push(`public_access_prevention is '${String(node.config.public_access_prevention ?? 'inherited')}'`);
    }
    return problems.length
      ? nonCompliant(problems.join(' and '), "set uniformBucketLevelAccess: true and publicAccessPrevention: 'enforced', or use EncryptedBucket")
      : COMPLIANT;
  },
};
