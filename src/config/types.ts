/** The environments this platform ships a stack for. */
export const ENVIRONMENTS = ['dev', 'staging', 'prod'] as const;
export type EnvironmentName = (typeof ENVIRONMENTS)[number];

/**
 * Regions where data may live. Residency is the reason this library exists, so the list is
 * closed: adding a region is a reviewed code change, not a config value. Only regions in EU
 * member states: europe-west2 (London) and europe-west6 (Zurich) are in Europe but not the EU.
 */
export const EU_REGIONS = [
  'europe-central2',
  'europe-north1',
  'europe-north2',
  'europe-southwest1',
  'europe-west1',
  'europe-west3',
  'europe-west4',
  'europe-west8',
  'europe-west9',
  'europe-west10',
  'europe-west12',
] as const;
export type EuRegion = (typeof EU_REGIONS)[number];

export function isEuRegion(value: string): value is EuRegion {
  return (EU_REGIONS as readonly string[]).includes(value);
}

/** The one wording of a region refused for residency; `subject` names the value, e.g. `region 'us-east1'`. */
export function nonEuRegionMessage(subject: string): string {
  return `${subject} is not allowed: data must stay in the EU; use one of ${EU_REGIONS.join(', ')}`;
}

/** Throws unless `value` is an EU region. `field` names the construct and prop, e.g. `ComposerEnv 'a/b': region`. */
export function assertEuRegion(value: string, field: string): asserts value is EuRegion {
  if (!isEuRegion(value)) throw new Error(nonEuRegionMessage(`${field} '${value}'`));
}

export const DEFAULT_REGION: EuRegion = 'europe-west4';

/** 90 days: the longest rotation period the guardrails accept. */
export const MAX_ROTATION_SECONDS = 90 * 24 * 60 * 60;

export type KmsProtectionLevel = 'SOFTWARE' | 'HSM';

export interface ComposerConfig {
  /** Cloud Composer 3 image, `composer-3-airflow-<x.y.z>[-build.<n>]`. */
  readonly imageVersion: string;
  readonly environmentSize: 'ENVIRONMENT_SIZE_SMALL' | 'ENVIRONMENT_SIZE_MEDIUM' | 'ENVIRONMENT_SIZE_LARGE';
  /** Source the ingestion DAG reads: an https:// CSV URL or a gs://bucket/object (BigQuery through a gs:// export). */
  readonly ingestSourceUri: string;
  /** Cron of the ingestion DAG. */
  readonly ingestSchedule: string;
}

export interface PipelineConfig {
  /** The pipeline deploys only when the evaluated accuracy is above this. */
  readonly accuracyThreshold: number;
}

export interface ServingConfig {
  /**
   * Full VPC network name (`projects/<number>/global/networks/<name>`) for a private endpoint.
   * @default - a public endpoint (still IAM-protected)
   */
  readonly privateNetwork?: string;
  /** Cron (in `timeZone`) of the scheduled batch prediction. */
  readonly batchPredictionSchedule: string;
  readonly timeZone: string;
  readonly machineType: string;
  /**
   * Share of failed online predictions over 5 minutes above which the endpoint alerts.
   * @default 0.05
   */
  readonly errorRateAlertThreshold?: number;
  /**
   * 99th percentile online prediction latency, in milliseconds, above which the endpoint alerts.
   * @default 1000
   */
  readonly latencyAlertThresholdMs?: number;
}

/** Everything one environment's stack is built from. */
export interface EnvironmentConfig {
  readonly environment: EnvironmentName;
  readonly projectId: string;
  /** Decimal project number; service-agent e-mails derive from it, so a plan reads no API. */
  readonly projectNumber: string;
  readonly region: EuRegion;
  /** Short lowercase prefix of every resource name, e.g. `mlops`. */
  readonly namePrefix: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly kmsProtectionLevel: KmsProtectionLevel;
  /** Key rotation period in seconds, at most 90 days. */
  readonly keyRotationSeconds: number;
  readonly notificationEmail: string;
  /** IAM principal of the CI/CD system, allowed to impersonate the deployer account. */
  readonly cicdPrincipal: string;
  /** Bucket that holds Terraform state (created out of band, before the first deploy). */
  readonly stateBucket: string;
  /** Principals granted read access to the shared-data bucket. */
  readonly sharedDataReaders: readonly string[];
  /** Additive project-level grants, role to members. Predefined roles only. */
  readonly projectIam: Readonly<Record<string, readonly string[]>>;
  readonly composer: ComposerConfig;
  readonly pipeline: PipelineConfig;
  readonly serving: ServingConfig;
  /** @default - every org policy on, data-access audit logs on, the CMEK log bucket on */
  readonly enforcement?: EnforcementConfig;
}

/** What the stack makes Google enforce on the project (docs/security.md). */
export interface EnforcementConfig {
  /**
   * Project org policies by constraint (`ORG_POLICY_CONSTRAINTS`); false for one the organisation
   * already sets above the project.
   * @default - every constraint on
   */
  readonly orgPolicies?: Readonly<Partial<Record<'restrictNonCmekServices' | 'restrictCmekCryptoKeyProjects' | 'resourceLocations' | 'disableServiceAccountKeyCreation' | 'publicAccessPrevention' | 'uniformBucketLevelAccess' | 'allowedPolicyMemberDomains', boolean>>>;
  /**
   * Directory customer ids whose members may hold roles (`iam.allowedPolicyMemberDomains`).
   * @default - the constraint is not set
   */
  readonly allowedMemberCustomerIds?: readonly string[];
  /** @default true */
  readonly dataAccessAuditLogs?: boolean;
  /** @default true */
  readonly logBucket?: boolean;
}
