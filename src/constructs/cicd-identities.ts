import { Construct } from 'constructs';
import { StorageBucketIamMember } from '@cdktf/provider-google/lib/storage-bucket-iam-member';
import { PlatformConstruct } from '../platform-construct';
import { AzureDevopsFederation, AzureDevopsFederationProps } from './azure-devops-federation';
import { ProjectServices } from './project-services';
import { libraryMade } from '../library-made';
import { WorkloadServiceAccount } from './workload-service-account';

/**
 * What the read-only planner holds on the project: predefined viewer-type roles only (no
 * primitive `roles/viewer`), enough for `tofu plan` to refresh every resource of the platform.
 * Roles that read data (objects, secrets' payloads, table rows) are not among them; the state
 * bucket is read through its own grant.
 */
export const PLANNER_PROJECT_ROLES = [
  'roles/aiplatform.viewer',
  'roles/bigquery.metadataViewer',
  'roles/cloudfunctions.viewer',
  'roles/cloudkms.viewer',
  'roles/cloudscheduler.viewer',
  'roles/composer.environmentAndStorageObjectViewer',
  'roles/compute.networkViewer',
  'roles/dns.reader',
  'roles/eventarc.viewer',
  'roles/iam.securityReviewer',
  'roles/iam.serviceAccountViewer',
  'roles/iam.workloadIdentityPoolViewer',
  'roles/logging.viewer',
  'roles/monitoring.viewer',
  'roles/orgpolicy.policyViewer',
  'roles/pubsub.viewer',
  'roles/run.viewer',
  'roles/secretmanager.viewer',
  'roles/serviceusage.serviceUsageViewer',
  'roles/storage.bucketViewer',
  'roles/workflows.viewer',
] as const;

export interface CicdIdentitiesProps extends Omit<AzureDevopsFederationProps, 'poolId' | 'providerId'> {
  readonly poolId: string;
  /** @default 'azure-pipelines' */
  readonly providerId?: string;
  readonly plannerAccountId: string;
  /** The account deployments run as; only runs of the deploy branch may impersonate it. */
  readonly deployer: WorkloadServiceAccount;
  /** The bucket holding this environment's Terraform state (created at bootstrap), which plans read. */
  readonly stateBucket: string;
}

/**
 * The keyless path from Azure Pipelines into one environment: the federation, a read-only
 * `planner` account that any run of the project (pull requests included) may impersonate to
 * plan, and the deployer, which only runs of the deploy branch may impersonate.
 */
export class CicdIdentities extends PlatformConstruct {
  public readonly federation: AzureDevopsFederation;
  public readonly planner: WorkloadServiceAccount;
  /** The token exchange (STS) and impersonation (IAM Credentials) APIs the federation runs on. */
  public readonly services: ProjectServices;

  constructor(scope: Construct, id: string, props: CicdIdentitiesProps) {
    super(scope, id);
    this.services = new ProjectServices(this, 'services', { project: props.project, services: ['iamcredentials.googleapis.com', 'sts.googleapis.com'] });
    this.federation = new AzureDevopsFederation(this, 'federation', props);
    this.planner = new WorkloadServiceAccount(this, 'planner', {
      project: props.project,
      accountId: props.plannerAccountId,
      displayName: 'CI/CD planner (read-only)',
      description: 'Plans pull requests from Azure Pipelines; read-only; managed by vertex-mlops-cdktf',
      projectRoles: PLANNER_PROJECT_ROLES,
    });
    new StorageBucketIamMember(this, 'planner-state-read', {
      bucket: props.stateBucket,
      role: 'roles/storage.objectViewer',
      member: this.planner.member,
    });
    this.federation.allow(this.planner, 'any-run');
    this.federation.allow(props.deployer, 'deploy-branch');
    libraryMade(this);
  }
}
