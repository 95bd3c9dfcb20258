import { COMPLIANT, dig, GuardrailRule, NOT_APPLICABLE, nonCompliant } from '../rule';

export const keyPreventDestroy: GuardrailRule = {
  id: 'VMC-KMS-2',
  description: 'Keys carry prevent_destroy: destroying a key destroys every byte it encrypted.',
  control: 'Availability of encrypted data',
  check(node) {
    if (node.type !== 'google_kms_crypto_key' && node.type !== 'google_kms_key_ring') return NOT_APPLICABLE;
    return dig(node.config, 'lifecycle', 'prevent_destroy') === true
      ? COMPLIANT
      : nonCompliant('can be destroyed by a plan', 'set lifecycle.preventDestroy: true (CmekKey does by default)');
  },
};
