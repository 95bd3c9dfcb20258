import { Construct, Node } from 'constructs';
import { GcsBackend, LocalBackend, TerraformElement, TerraformOutput, TerraformStack } from 'cdktf';
import { cicdNames } from '../cicd-names';
import { CicdConfig } from '../config/cicd';
import { EnvironmentConfig } from '../config/types';
import { AzuredevopsProvider } from '../generated/azuredevops/provider';
import { Guardrails } from '../guardrails/pack';
import { AzureDevopsLayer } from '../layers/azure-devops';
import { Layer } from '../layers/layer';

export interface CicdStackProps {
  readonly config: CicdConfig;
  /** The environments the pipeline deploys, in order; each gets a variable group and an environment. */
  readonly environments: readonly EnvironmentConfig[];
  /** @default 'gcs' */
  readonly backend?: 'gcs' | 'local';
}

/**
 * The Azure DevOps side of the platform: the CI/CD config wired to the `AzureDevopsLayer`, with
 * each environment's variable group filled from its config and the names its stack gives the
 * federation (`cicdNames`). An organisation administrator applies it (with a short-lived PAT in
 * AZDO_PERSONAL_ACCESS_TOKEN, never in the configuration); the pipeline never does, so it
 * cannot loosen its own protections.
 */
export class CicdStack extends TerraformStack {
  public readonly azureDevops: AzureDevopsLayer;

  constructor(scope: Construct, id: string, props: CicdStackProps) {
    super(scope, id);
    const cfg = props.config;
    // Authentication comes from the environment (AZDO_PERSONAL_ACCESS_TOKEN or OIDC variables):
    // nothing secret is written into the synthesized configuration.
    new AzuredevopsProvider(this, 'azuredevops', { orgServiceUrl: cfg.organization.url });
    if ((props.backend ?? 'gcs') === 'gcs') {
      new GcsBackend(this, { bucket: cfg.stateBucket, prefix: 'vertex-mlops/cicd' });
    } else {
      new LocalBackend(this, { path: `terraform.${id}.tfstate` });
    }

    this.azureDevops = new AzureDevopsLayer(this, 'azure-devops', {
      project: cfg.project,
      repository: cfg.repository,
      pipeline: cfg.pipeline,
      deployBranch: cfg.deployBranch,
      minimumReviewers: cfg.minimumReviewers,
      approvalTimeoutMinutes: cfg.approvalTimeoutMinutes,
      environments: props.environments.map((env) => {
        const names = cicdNames({ prefix: env.namePrefix, environment: env.environment }, env.projectId);
        return {
          name: env.environment,
          description: `Google Cloud project ${env.projectId}`,
          approvers: cfg.approvals[env.environment],
          variables: {
            GCP_PROJECT_ID: env.projectId,
            GCP_PROJECT_NUMBER: env.projectNumber,
            GCP_REGION: env.region,
            WIF_POOL_ID: names.poolId,
            WIF_PROVIDER_ID: names.providerId,
            PLANNER_SERVICE_ACCOUNT: names.plannerEmail,
            DEPLOYER_SERVICE_ACCOUNT: names.deployerEmail,
            STATE_BUCKET: env.stateBucket,
          },
        };
      }),
    });

    const layer = this.azureDevops;
    new TerraformOutput(this, 'project_id', { value: layer.project.projectId, description: 'Azure DevOps project GUID: put it in the CI/CD config (project.id) to pin the federation to it' });
    new TerraformOutput(this, 'repository_id', { value: layer.repository.repositoryId, description: 'Repository GUID' });
    new TerraformOutput(this, 'pipeline_id', { value: layer.pipeline.pipelineId, description: 'Build definition id of the pipeline' });

    Guardrails.applyTo(this);
  }

  /** Addresses leave the layer out, as in MlopsPlatformStack: `azuredevops_project.project_…`. */
  public allocateLogicalId(tfElement: TerraformElement | Node): string {
    const node = TerraformElement.isTerraformElement(tfElement) ? tfElement.node : tfElement;
    return super.allocateLogicalId({ scopes: node.scopes.filter((s): boolean => !Layer.isLayer(s)) } as unknown as Node);
  }
}
