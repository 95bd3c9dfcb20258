import { Construct } from 'constructs';
import { CheckApproval } from '../generated/azuredevops/check-approval';
import { CheckBranchControl } from '../generated/azuredevops/check-branch-control';
import { CheckExclusiveLock } from '../generated/azuredevops/check-exclusive-lock';
import { Environment } from '../generated/azuredevops/environment';
import { PlatformConstruct } from '../platform-construct';
import { IAzdoApproverGroup } from './azdo-approver-group';
import { libraryMade } from '../library-made';
import { IAzdoProject } from './azdo-project';

export interface AzdoEnvironmentProps {
  readonly project: IAzdoProject;
  readonly name: string;
  /** The only branch whose runs may deploy here, e.g. `refs/heads/main`. */
  readonly deployBranch: string;
  /** @default - no approval: deployments wait only for the exclusive lock */
  readonly approvers?: IAzdoApproverGroup;
  /** Minutes an approval waits before the deployment fails. @default 1440 */
  readonly approvalTimeoutMinutes?: number;
  /** @default - none */
  readonly description?: string;
}

/**
 * A pipeline environment the deployment jobs run in, with its checks: only the deploy branch
 * (which must be protected by branch policies), one deployment at a time (exclusive lock),
 * and, with `approvers`, an approval by that group in which the person who queued the run
 * does not count.
 */
export class AzdoEnvironment extends PlatformConstruct {
  public readonly resource: Environment;
  public readonly environmentId: string;
  public readonly name: string;
  public readonly approval?: CheckApproval;
  public readonly exclusiveLock: CheckExclusiveLock;
  public readonly branchControl: CheckBranchControl;

  constructor(scope: Construct, id: string, props: AzdoEnvironmentProps) {
    super(scope, id);
    const who = `AzdoEnvironment '${this.node.path}'`;
    if (!/^refs\/heads\/[\w./-]+$/.test(props.deployBranch)) throw new Error(`${who}: deployBranch '${props.deployBranch}' must be a full ref such as refs/heads/main`);
    const timeout = props.approvalTimeoutMinutes ?? 1440;
    if (!Number.isInteger(timeout) || timeout < 1 || timeout > 43200) throw new Error(`${who}: approvalTimeoutMinutes ${timeout} is out of range: 1-43200 (30 days)`);
    this.name = props.name;
    this.resource = new Environment(this, 'Resource', { projectId: props.project.projectId, name: props.name, description: props.description });
    this.environmentId = this.resource.id;
    const target = { projectId: props.project.projectId, targetResourceId: this.resource.id, targetResourceType: 'environment' };
    this.exclusiveLock = new CheckExclusiveLock(this, 'exclusive-lock', { ...target, timeout: 43200 });
    this.branchControl = new CheckBranchControl(this, 'branch-control', {
      ...target,
      displayName: `Only ${props.deployBranch} deploys to ${props.name}`,
      allowedBranches: props.deployBranch,
      verifyBranchProtection: true,
      ignoreUnknownProtectionStatus: false,
    });
    if (props.approvers) {
      this.approval = new CheckApproval(this, 'approval', {
        ...target,
        approvers: [props.approvers.originId],
        minimumRequiredApprovers: 1,
        requesterCanApprove: false,
        instructions: `Read the plan summary of this run's ${props.name} plan job before approving.`,
        timeout,
      });
    }
    libraryMade(this);
  }
}
