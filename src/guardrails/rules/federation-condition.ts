import { COMPLIANT, GuardrailRule, NOT_APPLICABLE, nonCompliant } from '../rule';

export const federationCondition: GuardrailRule = {
  id: 'VMC-WIF-1',
  description: 'A workload identity provider admits only tokens that meet an attribute condition.',
  control: 'Least privilege: federated identities',
  check(node) {
    if (node.type !== 'google_iam_workload_identity_pool_provider') return NOT_APPLICABLE;
    const condition = node.config.attribute_condition;
    if (typeof condition !== 'string' || condition.trim() === '') {
      return nonCompliant('has no attribute_condition: every token of the issuer would be admitted, from any organisation or repository',
        "set attributeCondition, e.g. assertion.org_id == '<organisation GUID>' (AzureDevopsFederation does)");
    }
    return COMPLIANT;
  },
};
