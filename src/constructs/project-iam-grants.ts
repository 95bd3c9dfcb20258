import { Construct } from 'constructs';
import { ProjectIamMember } from '@cdktf/provider-google/lib/project-iam-member';
import { IAM_IDS } from '../iam';
import { assertProjectRole } from '../project-roles';
import { assertPrivateMember } from '../rules/roles';
import { PlatformConstruct } from '../platform-construct';
import { libraryMade } from '../library-made';

export interface ProjectIamGrantsProps {
  readonly project: string;
  /** Role to members, added to whatever else holds the role (never authoritative). */
  readonly grants: Readonly<Record<string, readonly string[]>>;
}

/**
 * Additive project-level grants for people and systems outside the platform, such as a data
 * science group's `roles/aiplatform.viewer`. The same checks as every project-level grant
 * (`assertProjectRole`): predefined roles only, none that belongs on one resource, no public members.
 */
export class ProjectIamGrants extends PlatformConstruct {
  public readonly members: ProjectIamMember[] = [];

  constructor(scope: Construct, id: string, props: ProjectIamGrantsProps) {
    super(scope, id);
    for (const [role, members] of Object.entries(props.grants)) {
      assertProjectRole(role, `${this.node.path} grants['${role}']`);
      for (const member of members) {
        assertPrivateMember(member, `${this.node.path} grants['${role}']`);
        this.members.push(
          new ProjectIamMember(this, IAM_IDS.grant(role, member), { project: props.project, role, member }),
        );
      }
    }
    libraryMade(this);
  }
}
