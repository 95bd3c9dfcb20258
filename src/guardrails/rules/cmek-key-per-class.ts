import { COMPLIANT, dig, GuardrailRule, NOT_APPLICABLE, nonCompliant } from '../rule';
import { CMEK_TARGETS } from './cmek-targets';

export const cmekKeyPerClass: GuardrailRule = {
  id: 'VMC-CMEK-2',
  description: "Each class of resource uses its own key, so revoking one class's key never takes down another.",
  control: 'Blast-radius limits on key compromise or revocation',
  check(node, context) {
    const target = CMEK_TARGETS[node.type];
    if (!target) return NOT_APPLICABLE;
    const refs = target.keys(node.config as Record<string, unknown>).filter((k): k is string => typeof k === 'string' && k.length > 0);
    if (refs.length === 0) return NOT_APPLICABLE; // VMC-CMEK-1 reports the missing key
    if (!target.keyClass) {
      return nonCompliant(`the platform has no key class for ${node.type}, so its key cannot be one of its own class`, 'add a key class for its service to KEY_CLASSES (with its service agents in KEY_CLASS_AGENTS and its type prefix in KEY_CLASS_BY_PREFIX), or waive VMC-CMEK-2 naming the key it uses');
    }
    const expected = target.sharedWith?.when(node.config as Record<string, unknown>) ? target.sharedWith.keyClass : target.keyClass;
    for (const ref of refs) {
      const external = context.externalKeys.get(ref);
      if (external !== undefined) {
        if (external !== expected) {
          return nonCompliant(`uses the imported key '${ref}' of class '${external}', not '${expected}'`, `pass a '${expected}' key (CmekKey.fromKeyName with keyClass '${expected}')`);
        }
        continue;
      }
      const key = context.resolveReference(ref);
      if (!key || key.type !== 'google_kms_crypto_key') {
        return nonCompliant(`its key '${ref}' is not a key of this stack, so its class cannot be checked`, `create the key with CmekKey (keyClass '${expected}'), or import it with CmekKey.fromKeyName and its keyClass`);
      }
      const keyClass = dig(key.config, 'labels', 'key-class');
      if (keyClass !== expected) {
        return nonCompliant(`uses key '${key.path}' of class '${String(keyClass)}', not '${expected}'`, `pass the '${expected}' CmekKey`);
      }
    }
    return COMPLIANT;
  },
};
