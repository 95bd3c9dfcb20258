import { EU_REGIONS, isEuLocation } from '../../rules/eu-regions';
import { COMPLIANT, GuardrailRule, isExpression, NOT_APPLICABLE, nonCompliant } from '../rule';

/** Resource types whose `location` is legitimately `global` (they hold no data at rest). */
const GLOBAL_OK = new Set(['google_project_service']);

export const euLocation: GuardrailRule = {
  id: 'VMC-LOC-1',
  description: 'Every located resource is in the EU.',
  control: 'Data residency (GDPR, customer contracts)',
  check(node) {
    const found = (['location', 'region'] as const)
      .map((field) => ({ field, value: node.config[field] }))
      .filter((f): f is { field: 'location' | 'region'; value: string } => typeof f.value === 'string' && !isExpression(f.value));
    if (found.length === 0) return NOT_APPLICABLE;
    for (const { field, value } of found) {
      if (value.toLowerCase() === 'global' && GLOBAL_OK.has(node.type)) continue;
      if (!isEuLocation(value)) {
        return nonCompliant(`${field} '${value}' is outside the EU`, `use one of ${EU_REGIONS.join(', ')} (or the EU multi-region 'EU', or the dual-region 'EUR4')`);
      }
    }
    return COMPLIANT;
  },
};
