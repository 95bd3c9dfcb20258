import { COMPLIANT, GuardrailRule, NOT_APPLICABLE, nonCompliant } from '../rule';
import { CMEK_TARGETS } from './cmek-targets';

export const cmekRequired: GuardrailRule = {
  id: 'VMC-CMEK-1',
  description: 'Every resource that can take a customer-managed key takes one; Google-managed keys are never the fallback.',
  control: 'Encryption at rest under customer control (key custody, crypto-shredding)',
  check(node) {
    const target = CMEK_TARGETS[node.type];
    if (!target) return NOT_APPLICABLE;
    const missing = target.keys(node.config as Record<string, unknown>).some((k) => typeof k !== 'string' || k.length === 0);
    return missing
      ? nonCompliant(`${node.type} has no customer-managed key`, `encrypt it with the '${target.keyClass}' CmekKey (the library's constructs take an encryptionKey prop)`)
      : COMPLIANT;
  },
};
