import { isEscalationRole } from '../../rules/roles';
import { grantsAccess, grantsOf, literalRole } from '../iam-grants';
import { COMPLIANT, couldNotValidate, dig, GuardrailRule, NOT_APPLICABLE, nonCompliant, ResourceNode, RuleContext, Verdict } from '../rule';

/** Permissions that let a custom role's holder change who may do what, or act as someone else. */
const ESCALATION_PERMISSION = /(\.setIamPolicy$|^iam\.roles\.(create|update)$|^iam\.serviceAccounts\.(actAs|getAccessToken|getOpenIdToken|implicitDelegation|signBlob|signJwt|setIamPolicy)$|^iam\.serviceAccountKeys\.create$|^orgpolicy\.policy\.set$|^cloudkms\.cryptoKeys\.setIamPolicy$)/;

const CUSTOM_ROLE_TYPES = new Set(['google_project_iam_custom_role', 'google_organization_iam_custom_role']);

function customRole(node: ResourceNode, context: RuleContext): Verdict {
  const permissions = context.resolveValue(node.config.permissions);
  if (!Array.isArray(permissions)) return couldNotValidate(`permissions '${String(node.config.permissions)}' are only known at apply`, 'list the permissions literally');
  const bad = permissions.filter((p) => typeof p === 'string' && ESCALATION_PERMISSION.test(p));
  const unknown = permissions.filter((p) => typeof p !== 'string' || p.includes('${'));
  if (bad.length) {
    return nonCompliant(`the custom role holds ${bad.join(', ')}, with which its holder can grant itself more`, 'drop those permissions; IAM changes go through the platform deployer');
  }
  if (unknown.length) return couldNotValidate(`permissions ${unknown.map(String).join(', ')} are only known at apply`, 'list the permissions literally');
  return COMPLIANT;
}

export const noEscalationRoles: GuardrailRule = {
  id: 'VMC-IAM-3',
  description: 'No privilege-escalation roles (IAM, service-account, key or org-policy administration; token creation; project-wide actAs; custom roles with setIamPolicy-type permissions) except the deployer\'s documented path.',
  control: 'Least privilege; separation of duties',
  check(node, context) {
    if (CUSTOM_ROLE_TYPES.has(node.type)) return context.privilegedReason(node) !== undefined ? COMPLIANT : customRole(node, context);
    if (!grantsAccess(node.type)) return NOT_APPLICABLE;
    const { grants, unreadable } = grantsOf(node, context);
    if (unreadable) return couldNotValidate(unreadable, 'write the grants as literal google_*_iam_member resources (or a literal policy), or waive VMC-IAM-3 with a reason');
    for (const g of grants) {
      const role = literalRole(g.role, context);
      if (role === undefined) continue; // VMC-IAM-1 reports a role it cannot read
      if (!isEscalationRole(role, g.level)) continue;
      if (context.privilegedReason(node) !== undefined) {
        // Even the deployer administers project IAM only for the roles the platform grants.
        if (role === 'roles/resourcemanager.projectIamAdmin' && !String(dig(node.config, 'condition', 'expression') ?? '').includes('iam.googleapis.com/modifiedGrantsByRole')) {
          return nonCompliant(`grants '${role}' to the deployer without a condition on iam.googleapis.com/modifiedGrantsByRole`, 'limit it to the roles the platform grants (PlatformDeployer does)');
        }
        continue;
      }
      const where = g.level === 'resource' ? 'on a resource' : `at ${g.level} level`;
      return nonCompliant(
        `grants the privilege-escalation role '${role}' ${where} to '${String(g.member)}'`,
        role === 'roles/iam.serviceAccountUser'
          ? 'grant actAs on the one service account the workload runs as (WorkloadServiceAccount.grantUser)'
          : 'leave IAM, service-account and key administration to the platform deployer (docs/security.md); grant the narrowest predefined role the workload needs',
      );
    }
    return COMPLIANT;
  },
};
