import { accountId, Naming, resourceName } from './rules/names';

/**
 * The one home of the names CI/CD shares between an environment's stack (which creates them)
 * and the CI/CD stack (which hands them to the pipeline in the environment's variable group).
 */
export interface CicdNames {
  readonly poolId: string;
  readonly providerId: string;
  readonly plannerAccountId: string;
  readonly deployerAccountId: string;
  readonly plannerEmail: string;
  readonly deployerEmail: string;
}

export function cicdNames(naming: Naming, projectId: string): CicdNames {
  const plannerAccountId = accountId(naming, 'planner');
  const deployerAccountId = accountId(naming, 'deployer');
  return {
    // Pool ids are 4-32 characters.
    poolId: resourceName(naming, 'azure-devops', 32),
    providerId: 'azure-pipelines',
    plannerAccountId,
    deployerAccountId,
    plannerEmail: `${plannerAccountId}@${projectId}.iam.gserviceaccount.com`,
    deployerEmail: `${deployerAccountId}@${projectId}.iam.gserviceaccount.com`,
  };
}
