import { COMPLIANT, dig, GuardrailRule, NOT_APPLICABLE, nonCompliant } from '../rule';

export const noGlobalReplication: GuardrailRule = {
  id: 'VMC-LOC-2',
  description: 'No automatic (global) replication: Secret Manager\'s automatic replication stores the payload in regions Google picks, inside or outside the EU.',
  control: 'Data residency (GDPR, customer contracts)',
  check(node) {
    if (node.type !== 'google_secret_manager_secret') return NOT_APPLICABLE;
    const replication = dig(node.config, 'replication');
    if (dig(replication, 'auto') !== undefined || dig(replication, 'automatic') !== undefined) {
      return nonCompliant('uses automatic replication, which stores the secret in regions outside the EU', 'use user-managed replication with EU replicas (EncryptedSecret does: replicaLocations)');
    }
    return COMPLIANT;
  },
};
