import { EnvironmentConfig, EnvironmentName } from './types';

const common = {
  region: 'europe-west4',
  namePrefix: 'mlops',
  kmsProtectionLevel: 'SOFTWARE',
  keyRotationSeconds: 90 * 24 * 60 * 60,
  sharedDataReaders: [],
  projectIam: {},
  enforcement: {
    orgPolicies: {
      restrictNonCmekServices: true,
      restrictCmekCryptoKeyProjects: true,
      resourceLocations: true,
      disableServiceAccountKeyCreation: true,
      publicAccessPrevention: true,
      uniformBucketLevelAccess: true,
      allowedPolicyMemberDomains: true,
    },
    allowedMemberCustomerIds: [],
    dataAccessAuditLogs: true,
    logBucket: true,
  },
  composer: {
    // Airflow 3: the ingestion DAG uses the airflow.sdk API (see requirements/python.in).
    imageVersion: 'composer-3-airflow-3.1.7',
    environmentSize: 'ENVIRONMENT_SIZE_SMALL',
    // The CSV the ingestion DAG's data contract describes (assets/dags/mlops_ingest/iris.schema.json).
    ingestSourceUri: 'https://raw.githubusercontent.com/mwaskom/seaborn-data/master/iris.csv',
    ingestSchedule: '0 3 * * *',
  },
  // Runs train from the CSV that started them; 'dataset' needs the tabular dataset's BigQuery source set first.
  pipeline: { accuracyThreshold: 0.9, trainFrom: 'csv' },
  network: { subnetRange: '10.20.0.0/24' },
  data: {
    partitionExpirationDays: 90,
    warehouseReaders: [],
    dataflowPreprocessing: true,
    // On in dev only: the pinned provider cannot put the online store on its key (a waived
    // VMC-CMEK-1, docs/security.md), and its Bigtable node is billed around the clock. The sync
    // runs an hour after the daily ingestion (03:00), once the day's partition is loaded.
    featureStore: { enabled: true, syncSchedule: '0 4 * * *' },
  },
  serving: {
    batchPredictionSchedule: '0 5 * * *',
    timeZone: 'Europe/Amsterdam',
    machineType: 'n1-standard-2',
    errorRateAlertThreshold: 0.05,
    latencyAlertThresholdMs: 1000,
  },
  // Off: an environment turns it on with an owner (VMLOPS_DEV_WORKBENCH__ENABLED=true, ...__OWNER=user:...).
  workbench: { enabled: false, machineType: 'e2-standard-4', idleShutdownMinutes: 60 },
} as const;

/**
 * Online serving is on in every environment: it is what a web team builds on, and staging
 * must match prod to test it. It is sized per environment: dev scales to zero on a
 * single-zone cache; prod keeps instances warm on a cache with a replica in another zone.
 * Who may call it comes from the web team's group; the public load balancer is opt-in.
 */
const web = {
  enabled: true,
  concurrency: 80,
  cacheTtlSeconds: 3600,
  invokers: ['group:mlops-web-frontend@example.com'],
  redisMemoryGb: 1,
} as const;

/**
 * The embedded defaults: example projects, so `synth` works on a fresh clone with no cloud
 * account. Real deployments override them (see `loadConfig`).
 */
export const DEFAULT_CONFIGS: Readonly<Record<EnvironmentName, EnvironmentConfig>> = {
  dev: {
    ...common,
    environment: 'dev',
    projectId: 'example-mlops-dev',
    projectNumber: '100000000001',
    labels: { environment: 'dev', 'managed-by': 'cdktf', platform: 'vertex-mlops' },
    notificationEmail: 'mlops-alerts-dev@example.com',
    // People, with their own short-lived logins: the bootstrap and break-glass path. Pipelines
    // come in through Workload Identity Federation (the CI/CD config), with no key anywhere.
    cicdPrincipal: 'group:mlops-platform-admins@example.com',
    stateBucket: 'example-mlops-tfstate-dev',
    web: { ...web, minInstances: 0, maxInstances: 3, redisTier: 'BASIC' },
  },
  staging: {
    ...common,
    environment: 'staging',
    projectId: 'example-mlops-staging',
    projectNumber: '100000000002',
    labels: { environment: 'staging', 'managed-by': 'cdktf', platform: 'vertex-mlops' },
    notificationEmail: 'mlops-alerts-staging@example.com',
    // People, with their own short-lived logins: the bootstrap and break-glass path. Pipelines
    // come in through Workload Identity Federation (the CI/CD config), with no key anywhere.
    cicdPrincipal: 'group:mlops-platform-admins@example.com',
    stateBucket: 'example-mlops-tfstate-staging',
    web: { ...web, minInstances: 1, maxInstances: 5, redisTier: 'BASIC' },
    data: { ...common.data, partitionExpirationDays: 180, featureStore: { ...common.data.featureStore, enabled: false } },
  },
  prod: {
    ...common,
    environment: 'prod',
    projectId: 'example-mlops-prod',
    projectNumber: '100000000003',
    kmsProtectionLevel: 'HSM',
    labels: { environment: 'prod', 'managed-by': 'cdktf', platform: 'vertex-mlops' },
    notificationEmail: 'mlops-alerts-prod@example.com',
    // People, with their own short-lived logins: the bootstrap and break-glass path. Pipelines
    // come in through Workload Identity Federation (the CI/CD config), with no key anywhere.
    cicdPrincipal: 'group:mlops-platform-admins@example.com',
    stateBucket: 'example-mlops-tfstate-prod',
    composer: { ...common.composer, environmentSize: 'ENVIRONMENT_SIZE_MEDIUM' },
    web: { ...web, minInstances: 2, maxInstances: 20, redisTier: 'STANDARD_HA' },
    // Two years of daily partitions: what audits of a deployed model's training data ask for.
    data: { ...common.data, partitionExpirationDays: 730, featureStore: { ...common.data.featureStore, enabled: false } },
  },
};
