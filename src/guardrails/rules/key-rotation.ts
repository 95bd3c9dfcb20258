import { MAX_ROTATION_SECONDS } from '../../rules/rotation';
import { COMPLIANT, GuardrailRule, NOT_APPLICABLE, nonCompliant } from '../rule';

export const keyRotation: GuardrailRule = {
  id: 'VMC-KMS-1',
  description: 'Symmetric keys rotate at least every 90 days.',
  control: 'Key lifecycle (limits the data any one key version protects)',
  check(node) {
    if (node.type !== 'google_kms_crypto_key') return NOT_APPLICABLE;
    const period = node.config.rotation_period;
    const seconds = typeof period === 'string' && /^\d+(\.\d+)?s$/.test(period) ? parseFloat(period) : undefined;
    if (seconds === undefined) return nonCompliant('has no rotation period', `set rotationPeriod to at most '${MAX_ROTATION_SECONDS}s' (90 days)`);
    return seconds > MAX_ROTATION_SECONDS
      ? nonCompliant(`rotates every ${seconds}s (${(seconds / 86400).toFixed(1)} days)`, `set rotationPeriod to at most '${MAX_ROTATION_SECONDS}s' (90 days)`)
      : COMPLIANT;
  },
};
