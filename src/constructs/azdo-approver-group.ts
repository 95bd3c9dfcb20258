import { Construct } from 'constructs';
import { Group } from '../generated/azuredevops/group';
import { libraryMade } from '../library-made';
import { PlatformConstruct } from '../platform-construct';

/** A group whose members approve deployments, created here or adopted. */
export interface IAzdoApproverGroup {
  /** The group's origin id, which approval checks name. */
  readonly originId: string;
}

export interface AzdoApproverGroupProps {
  readonly displayName: string;
  /** @default - none */
  readonly description?: string;
}

/**
 * An organisation-level Azure DevOps group for deployment approvals; its members are managed
 * by the organisation's administrators, not by this stack. `fromOriginId` adopts a group.
 */
export class AzdoApproverGroup extends PlatformConstruct implements IAzdoApproverGroup {
  public static fromOriginId(scope: Construct, id: string, originId: string): IAzdoApproverGroup {
    if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(originId)) {
      throw new Error(`AzdoApproverGroup.fromOriginId '${id}': '${originId}' is not a group origin id (a GUID)`);
    }
    return new (class extends Construct implements IAzdoApproverGroup {
      public readonly originId = originId;
    })(scope, id);
  }

  public readonly resource: Group;
  public readonly originId: string;

  constructor(scope: Construct, id: string, props: AzdoApproverGroupProps) {
    super(scope, id);
    this.resource = new Group(this, 'Resource', { displayName: props.displayName, description: props.description });
    this.originId = this.resource.originId;
    libraryMade(this);
  }
}
