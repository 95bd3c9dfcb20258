import { grantsAccess, grantsOf, judgePrincipal } from '../iam-grants';
import { COMPLIANT, couldNotValidate, GuardrailRule, NOT_APPLICABLE, nonCompliant } from '../rule';

export const noPublicMembers: GuardrailRule = {
  id: 'VMC-IAM-2',
  description: 'Nothing is granted to the public (allUsers, allAuthenticatedUsers, principalSet://goog/public:all, public ACLs), in any IAM or ACL form.',
  control: 'No public data exposure',
  check(node, context) {
    if (!grantsAccess(node.type)) return NOT_APPLICABLE;
    const { grants, unreadable } = grantsOf(node, context);
    if (unreadable) return couldNotValidate(unreadable, 'write the grants as literal google_*_iam_member resources (or a literal policy), or waive VMC-IAM-2 with a reason');
    for (const g of grants) {
      const verdict = judgePrincipal(g.member, context);
      if (verdict === 'public') {
        return nonCompliant(`grants '${String(g.role)}' to '${String(g.member)}' (${g.via}), which is everyone`, 'grant to named user:, group: or serviceAccount: principals only');
      }
      if (verdict === 'unknown') {
        return couldNotValidate(`the principal '${String(g.member)}' (${g.via}) is only known at apply`, 'name the principal literally (user:, group:, serviceAccount:) or pass the construct that owns it');
      }
    }
    return COMPLIANT;
  },
};
