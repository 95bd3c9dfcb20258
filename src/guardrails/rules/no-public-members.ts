import { PUBLIC_MEMBERS } from '../../rules/roles';
import { COMPLIANT, GuardrailRule, NOT_APPLICABLE, nonCompliant } from '../rule';

export const noPublicMembers: GuardrailRule = {
  id: 'VMC-IAM-2',
  description: 'Nothing is granted to allUsers or allAuthenticatedUsers.',
  control: 'No public data exposure',
  check(node) {
    if (!/_iam_(member|binding)$/.test(node.type)) return NOT_APPLICABLE;
    const members = [node.config.member, ...(Array.isArray(node.config.members) ? node.config.members : [])];
    const pub = members.find((m) => typeof m === 'string' && PUBLIC_MEMBERS.includes(m));
    return pub
      ? nonCompliant(`grants '${String(node.config.role)}' to '${pub}'`, 'grant to named user:, group: or serviceAccount: principals only')
      : COMPLIANT;
  },
};
