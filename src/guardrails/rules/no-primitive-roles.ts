import { PRIMITIVE_ROLES } from '../../rules/roles';
import { grantsAccess, grantsOf, literalRole } from '../iam-grants';
import { COMPLIANT, couldNotValidate, GuardrailRule, NOT_APPLICABLE, nonCompliant } from '../rule';

export const noPrimitiveRoles: GuardrailRule = {
  id: 'VMC-IAM-1',
  description: 'No primitive roles (owner, editor, viewer) are granted, in any IAM form (member, binding, policy).',
  control: 'Least privilege',
  check(node, context) {
    if (!grantsAccess(node.type)) return NOT_APPLICABLE;
    const { grants, unreadable } = grantsOf(node, context);
    if (unreadable) return couldNotValidate(unreadable, 'write the grants as literal google_*_iam_member resources (or a literal policy), or waive VMC-IAM-1 with a reason');
    for (const g of grants) {
      if (typeof g.role === 'string' && g.role.startsWith('predefinedAcl:')) continue;
      const role = literalRole(g.role, context);
      if (role === undefined) {
        if (/^[A-Z]+$/.test(String(g.role))) continue; // ACL and dataset roles: READER, WRITER, OWNER
        return couldNotValidate(`the role '${String(g.role)}' (${g.via}) is only known at apply`, 'write the role as a literal predefined role');
      }
      if (PRIMITIVE_ROLES.includes(role.trim().toLowerCase())) {
        return nonCompliant(`grants the primitive role '${role}' (${g.via})`, "grant the narrowest predefined role instead, e.g. 'roles/storage.objectViewer'");
      }
    }
    return COMPLIANT;
  },
};
