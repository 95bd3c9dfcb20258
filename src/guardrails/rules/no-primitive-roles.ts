import { PRIMITIVE_ROLES } from '../../rules/roles';
import { COMPLIANT, GuardrailRule, NOT_APPLICABLE, nonCompliant } from '../rule';

export const noPrimitiveRoles: GuardrailRule = {
  id: 'VMC-IAM-1',
  description: 'No primitive roles (owner, editor, viewer) are granted anywhere.',
  control: 'Least privilege',
  check(node) {
    if (!/_iam_(member|binding)$/.test(node.type)) return NOT_APPLICABLE;
    const role = node.config.role;
    return typeof role === 'string' && PRIMITIVE_ROLES.includes(role)
      ? nonCompliant(`grants the primitive role '${role}'`, "grant the narrowest predefined role instead, e.g. 'roles/storage.objectViewer'")
      : COMPLIANT;
  },
};
