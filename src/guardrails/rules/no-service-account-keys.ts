import { GuardrailRule, NOT_APPLICABLE, nonCompliant } from '../rule';

/** Long-lived credentials that, once downloaded, work from anywhere until someone revokes them. */
const KEY_TYPES: Readonly<Record<string, string>> = {
  google_service_account_key: 'a service-account key',
  google_storage_hmac_key: 'an HMAC key (a service account\'s long-lived Cloud Storage credential)',
};

export const noServiceAccountKeys: GuardrailRule = {
  id: 'VMC-IAM-4',
  description: 'No service-account keys or HMAC keys: workloads use attached service accounts, CI uses Workload Identity Federation.',
  control: 'No long-lived credentials',
  check(node) {
    const what = KEY_TYPES[node.type];
    if (!what) return NOT_APPLICABLE;
    return nonCompliant(`creates ${what}, a long-lived credential that leaves the platform's control once downloaded`, 'run the workload as an attached service account, or authenticate CI with Workload Identity Federation');
  },
};
