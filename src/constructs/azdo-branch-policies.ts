import { Construct } from 'constructs';
import { Token } from 'cdktf';
import { BranchPolicyBuildValidation } from '../generated/azuredevops/branch-policy-build-validation';
import { BranchPolicyMinReviewers } from '../generated/azuredevops/branch-policy-min-reviewers';
import { PlatformConstruct } from '../platform-construct';
import { AzdoPipeline } from './azdo-pipeline';
import { libraryMade } from '../library-made';
import { IAzdoRepository } from './azdo-repository';

export interface AzdoBranchPoliciesProps {
  readonly repository: IAzdoRepository;
  /** The protected branch, e.g. `refs/heads/main`. */
  readonly branch: string;
  /** The pipeline every pull request must pass (its Plan stage posts the plan). */
  readonly buildValidation: AzdoPipeline;
  /** @default 2 */
  readonly minimumReviewers?: number;
}

/**
 * What makes a branch protected: changes arrive only by pull request, after the pipeline has
 * passed on it and enough reviewers (not the last pusher) approved; a new push resets votes.
 * The environments' branch-control checks insist on this protection.
 */
export class AzdoBranchPolicies extends PlatformConstruct {
  public readonly buildValidation: BranchPolicyBuildValidation;
  public readonly minimumReviewers: BranchPolicyMinReviewers;

  constructor(scope: Construct, id: string, props: AzdoBranchPoliciesProps) {
    super(scope, id);
    const reviewers = props.minimumReviewers ?? 2;
    if (!Number.isInteger(reviewers) || reviewers < 1 || reviewers > 10) {
      throw new Error(`AzdoBranchPolicies '${this.node.path}': minimumReviewers ${reviewers} is out of range: 1-10 (every change is reviewed)`);
    }
    const projectId = props.repository.project.projectId;
    const branchScope = [{ repositoryId: props.repository.repositoryId, repositoryRef: props.branch, matchType: 'Exact' }];
    this.buildValidation = new BranchPolicyBuildValidation(this, 'build-validation', {
      projectId,
      enabled: true,
      blocking: true,
      settings: {
        displayName: 'Tests and plan',
        buildDefinitionId: Token.asNumber(props.buildValidation.pipelineId),
        validDuration: 720,
        queueOnSourceUpdateOnly: false,
        manualQueueOnly: false,
        scope: branchScope,
      },
    });
    this.minimumReviewers = new BranchPolicyMinReviewers(this, 'minimum-reviewers', {
      projectId,
      enabled: true,
      blocking: true,
      settings: {
        reviewerCount: reviewers,
        submitterCanVote: false,
        lastPusherCannotApprove: true,
        allowCompletionWithRejectsOrWaits: false,
        onPushResetApprovedVotes: true,
        scope: branchScope,
      },
    });
    libraryMade(this);
  }
}
