import { Construct } from 'constructs';
import { ProjectIamMember } from '@cdktf/provider-google/lib/project-iam-member';
import { assertPredefinedRole, assertPrivateMember, granteeKey } from '../iam';
import { isEscalationRole } from '../access-rules';
import { PlatformConstruct } from '../platform-construct';
import { libraryMade } from '../library-made';

export interface ProjectIamGrantsProps {
  readonly project: string;
  /** Role to members, added to whatever else holds the role (never authoritative). */
  readonly grants: Readonly<Record<string, readonly string[]>>;
}

/**
 * Additive project-level grants for people and systems outside the platform, such as a data
 * science group's `roles/aiplatform.viewer`. Primitive roles and public members are refused.
 */
export class ProjectIamGrants extends PlatformConstruct {
  public readonly members: ProjectIamMember[] = [];

  constructor(scope: Construct, id: string, props: ProjectIamGrantsProps) {
    super(scope, id);
    for (const [role, members] of Object.entries(props.grants)) {
      assertPredefinedRole(role, `${this.node.path} grants['${role}']`);
      if (isEscalationRole(role, 'project')) {
        throw new Error(`${this.node.path} grants['${role}']: '${role}' lets its holder grant itself more access; IAM, service-account and key administration stay with the platform deployer (docs/security.md)`);
      }
      for (const member of members) {
        assertPrivateMember(member, `${this.node.path} grants['${role}']`);
        this.members.push(
          new ProjectIamMember(this, `${role.replace(/^roles\//, '')}-${granteeKey(member)}`, { project: props.project, role, member }),
        );
      }
    }
    libraryMade(this);
  }
}
