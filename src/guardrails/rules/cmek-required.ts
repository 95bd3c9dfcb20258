import { COMPLIANT, GuardrailRule, instancesAt, isExpression, NOT_APPLICABLE, nonCompliant } from '../rule';
import { CMEK_INHERITED, CMEK_MISSING_IN_PROVIDER, CMEK_NOT_HELD, CMEK_TARGETS } from './cmek-targets';

const ENCRYPTION_BLOCK = /kms|crypto|encrypt|cmek|customer_managed/;

function isSet(v: unknown): boolean {
  return (typeof v === 'string' && v.trim().length > 0) || (Array.isArray(v) && v.length > 0 && v.every(isSet));
}

/**
 * Where a key path must be set. A key field is demanded in every instance of the block that
 * holds it, up to the first encryption block: `config.encryption_config.kms_key_name` wherever
 * `config` is present (an absent `encryption_config` is the violation), `attached_disk.kms_key_self_link`
 * in every attached disk, `replication.auto...` only when automatic replication is chosen.
 * Paths under one parent are alternatives (`kms_key_name` or `kms_key_names`).
 */
function missingKeys(config: Record<string, unknown>, paths: readonly string[]): { missing: string[]; anyDemanded: boolean; anySet: boolean } {
  const groups = new Map<string, { anchor: string[]; rests: string[][] }>();
  for (const p of paths) {
    const segs = p.split('.');
    const blocks = segs.slice(0, -1);
    const firstEncryption = blocks.findIndex((s) => ENCRYPTION_BLOCK.test(s));
    const anchorLen = firstEncryption >= 0 ? firstEncryption : blocks.length;
    const key = blocks.join('.');
    const g = groups.get(key) ?? { anchor: segs.slice(0, anchorLen), rests: [] };
    g.rests.push(segs.slice(anchorLen));
    groups.set(key, g);
  }
  const missing: string[] = [];
  let anyDemanded = false;
  let anySet = false;
  for (const [parent, g] of groups) {
    const anchors = g.anchor.length ? instancesAt(config, g.anchor) : [config];
    for (const [i, a] of anchors.entries()) {
      if (a === null || typeof a !== 'object' || isExpression(a)) continue;
      anyDemanded = true;
      const values = g.rests.map((rest) => instancesAt(a, rest));
      if (values.some((vs) => vs.length > 0 && vs.every(isSet))) {
        anySet = true;
      } else {
        const leaf = g.rests.map((r) => r[r.length - 1]).join(' or ');
        missing.push(`${parent ? `${parent}.` : ''}${leaf}${anchors.length > 1 ? ` (#${i + 1})` : ''}`);
      }
    }
  }
  return { missing, anyDemanded, anySet };
}

export const cmekRequired: GuardrailRule = {
  id: 'VMC-CMEK-1',
  description: 'Every resource whose type can take a customer-managed key (per the pinned provider schema) sets every key field; Google-managed keys are never the fallback.',
  control: 'Encryption at rest under customer control (key custody, crypto-shredding)',
  check(node) {
    const unsupported = CMEK_MISSING_IN_PROVIDER[node.type];
    if (unsupported) {
      return nonCompliant(`${node.type} cannot be given a customer-managed key with the pinned provider: ${unsupported}`, 'waive VMC-CMEK-1 on it with this reason (and set the key once the provider has the field), or leave the resource out');
    }
    const target = CMEK_TARGETS[node.type];
    if (!target) return NOT_APPLICABLE;
    const { missing, anyDemanded, anySet } = missingKeys(node.config as Record<string, unknown>, target.paths);
    if (CMEK_INHERITED[node.type] && !anySet) return COMPLIANT;
    if (CMEK_NOT_HELD[node.type]?.when(node.config as Record<string, unknown>) && !anySet) return NOT_APPLICABLE;
    const fix = target.keyClass
      ? `encrypt it with the '${target.keyClass}' CmekKey (the library's constructs take an encryptionKey prop)`
      : 'encrypt it with a CmekKey of its own class (add the class to KEY_CLASSES with its service agents)';
    if (!anyDemanded) return nonCompliant(`${node.type} has no customer-managed key (set ${target.paths.join(' or ')})`, fix);
    return missing.length ? nonCompliant(`${node.type} has no customer-managed key in ${missing.join(', ')}`, fix) : COMPLIANT;
  },
};
