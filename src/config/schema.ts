import { z } from 'zod';
import {
  bucketNameProblem, composerImageProblem, cronProblem, dailyCronProblem, derivedBucketName, emailProblem, euRegionProblem, EU_REGIONS,
  escalationRoleProblem, KMS_PROTECTION_LEVELS, ORG_POLICY_CONSTRAINTS, OrgPolicyName, principalProblem, projectIdProblem, projectNumberProblem,
  privateCidrProblem, roleProblem, rotationProblem, secretIdProblem, timeZoneProblem,
} from '../rules';
import { memberIdCollisions } from './access-checks';

/** The environments this platform ships a stack for. */
export const ENVIRONMENTS = ['dev', 'staging', 'prod'] as const;
export type EnvironmentName = (typeof ENVIRONMENTS)[number];

/** Bucket purposes the stack derives names for; kept here so config errors can name them. */
export const BUCKET_PURPOSES = ['pipeline-root', 'pipeline-storage', 'shared-data', 'composer', 'functions-source', 'container-source', 'dataflow', 'features'] as const;

/** A string field checked by one of the rules in src/rules; the rule's message names the value. */
function ruled(problem: (v: string) => string | undefined, subject?: string) {
  return z.string().superRefine((v, ctx) => {
    const p = problem(v);
    if (p) ctx.addIssue({ code: 'custom', message: subject ? `${subject} '${v}' ${p}` : p });
  });
}

const principal = ruled(principalProblem);
const euRegion = z.enum(EU_REGIONS, { error: (i) => euRegionProblem(String(i.input)) ?? `region '${String(i.input)}' is not a string` });

const rate = (what: string, example: string) => z.number().superRefine((v, ctx) => {
  if (!(v > 0 && v < 1)) ctx.addIssue({ code: 'custom', message: `${what} ${v} must be between 0 and 1 (exclusive), e.g. ${example}` });
});

/** A whole number in [min, max]; the loader puts the field's path before the message. */
function wholeNumber(min: number, max: number, example: number) {
  return z.number().superRefine((v, ctx) => {
    if (!Number.isInteger(v) || v < min || v > max) ctx.addIssue({ code: 'custom', message: `${v} must be a whole number from ${min} to ${max}, e.g. ${example}` });
  });
}

/**
 * One environment's configuration. The types (`EnvironmentConfig`) are inferred from this
 * schema, and every check calls a rule from src/rules, so config, constructs and guardrails
 * cannot disagree.
 */
export const environmentConfigSchema = z
  .strictObject({
    environment: z.enum(ENVIRONMENTS, {
      error: (i) => `unknown environment '${String(i.input)}'; use one of ${ENVIRONMENTS.join(', ')}`,
    }),
    projectId: ruled(projectIdProblem, 'project id'),
    /** Decimal project number; service-agent e-mails derive from it, so a plan reads no API. */
    projectNumber: ruled(projectNumberProblem, 'project number'),
    region: euRegion,
    /** Short lowercase prefix of every resource name, e.g. `mlops`. */
    namePrefix: z.string().superRefine((v, ctx) => {
      if (!/^[a-z][a-z0-9-]{0,14}$/.test(v)) ctx.addIssue({ code: 'custom', message: `name prefix '${v}' is invalid: use 1-15 lowercase letters, digits or hyphens, starting with a letter` });
    }),
    labels: z.record(
      z.string().regex(/^[a-z][a-z0-9_-]{0,62}$/, 'label keys must be lowercase, start with a letter, at most 63 characters'),
      z.string().regex(/^[a-z0-9_-]{0,63}$/, 'label values must be lowercase letters, digits, "_" or "-", at most 63 characters'),
    ).readonly(),
    kmsProtectionLevel: z.enum(KMS_PROTECTION_LEVELS as ['SOFTWARE', 'HSM'], {
      error: (i) => `protection level '${String(i.input)}' is unknown; use SOFTWARE or HSM`,
    }),
    /** Key rotation period in seconds, at most 90 days. */
    keyRotationSeconds: z.number().int().superRefine((v, ctx) => {
      const p = rotationProblem(v);
      if (p) ctx.addIssue({ code: 'custom', message: p });
    }),
    notificationEmail: ruled((v) => (emailProblem(v) ? `'${v}' is not an e-mail address` : undefined)),
    /** Principal allowed to impersonate the deployer besides the federated pipelines: the bootstrap and break-glass path (people, not a keyed account). */
    cicdPrincipal: principal,
    /** Bucket that holds Terraform state (created out of band, before the first deploy). */
    stateBucket: ruled(bucketNameProblem, 'bucket name'),
    /** Principals granted read access to the shared-data bucket. */
    sharedDataReaders: z.array(principal).superRefine((members, ctx) => {
      for (const message of memberIdCollisions(members)) ctx.addIssue({ code: 'custom', message });
    }).readonly(),
    /** Additive project-level grants, role to members. Predefined roles only, and none that escalates. */
    projectIam: z.record(z.string(), z.array(principal).readonly()).superRefine((grants, ctx) => {
      for (const [role, members] of Object.entries(grants)) {
        const problem = roleProblem(role) ?? escalationRoleProblem(role);
        if (problem) ctx.addIssue({ code: 'custom', path: [role], message: problem });
        for (const message of memberIdCollisions(members)) ctx.addIssue({ code: 'custom', path: [role], message });
      }
    }).readonly(),
    /** What the stack makes Google enforce on the project (docs/security.md); every switch defaults to on. */
    enforcement: z.strictObject({
      /** Project org policies by constraint; false for one the organisation already sets above the project. */
      orgPolicies: z.strictObject(
        Object.fromEntries(Object.keys(ORG_POLICY_CONSTRAINTS).map((k) => [k, z.boolean().optional()])) as Record<OrgPolicyName, z.ZodOptional<z.ZodBoolean>>,
      ).readonly().optional(),
      /** Directory customer ids whose members may hold roles (`iam.allowedPolicyMemberDomains`); unset: the constraint is not set. */
      allowedMemberCustomerIds: z.array(z.string().regex(/^C[0-9a-z]{6,}$/i, "write a directory customer id like 'C03xgje4y' ('gcloud organizations list' shows it as DIRECTORY_CUSTOMER_ID)")).readonly().optional(),
      /** Data-access audit logs for the data-holding services. */
      dataAccessAuditLogs: z.boolean().optional(),
      /** The platform's logs in a log bucket on the logging key. */
      logBucket: z.boolean().optional(),
    }).readonly().optional(),
    composer: z.strictObject({
      // Checked here as well as in ComposerEnv, so a Composer 2 image is reported with every other
      // config problem instead of failing synth afterwards.
      imageVersion: ruled(composerImageProblem),
      environmentSize: z.enum(['ENVIRONMENT_SIZE_SMALL', 'ENVIRONMENT_SIZE_MEDIUM', 'ENVIRONMENT_SIZE_LARGE']),
      // What the ingestion DAG reads (assets/dags/mlops_ingest/source.py); BigQuery goes through a gs:// export.
      ingestSourceUri: ruled((v) => (/^(https:\/\/|gs:\/\/[^/\s]+\/)\S+$/.test(v) ? undefined : `'${v}' is not a source the ingestion DAG reads; use an https:// CSV URL or a gs://bucket/object (export BigQuery tables to gs:// first)`)),
      ingestSchedule: ruled(dailyCronProblem),
    }).readonly(),
    pipeline: z.strictObject({
      /** The pipeline deploys only when the evaluated accuracy is above this. */
      accuracyThreshold: rate('accuracy threshold', '0.9'),
      /**
       * What each run trains from: `csv`, the object that started it (`data_uri`); `dataset`, the
       * platform's Vertex AI tabular dataset (`dataset_id`), the ingestion table attached as its source by the first run.
       */
      trainFrom: z.enum(['csv', 'dataset'], { error: (i) => `'${String(i.input)}' is not a training source; use 'csv' (the new object) or 'dataset' (the Vertex AI tabular dataset)` }),
    }).readonly(),
    /** The platform network (`NetworkLayer`): Dataflow workers, and what the serving layer attaches. */
    network: z.strictObject({
      /** The EU subnet's primary range; Private Google Access is on, so workers need no public address. */
      subnetRange: ruled((v) => privateCidrProblem(v, 8, 29)),
      /** The block Google's producer networks take addresses from (private service access); unset: a /20 Google picks. */
      privateServiceRange: ruled((v) => privateCidrProblem(v, 16, 24)).optional(),
    }).readonly(),
    /** The data side (`DataLayer` warehouse, `FeaturesLayer`, Dataflow preprocessing). */
    data: z.strictObject({
      /** Days a partition of the ingestion table (by ingestion date) and of the run rows table (by run_time) is kept. */
      partitionExpirationDays: z.number().superRefine((v, ctx) => {
        if (!(Number.isInteger(v) && v >= 1 && v <= 3650)) {
          ctx.addIssue({ code: 'custom', message: `partition expiration ${v} days must be a whole number of days from 1 to 3650 (ten years), e.g. 90` });
        }
      }),
      /** Principals granted read on the BigQuery ingestion dataset (`roles/bigquery.dataViewer` there, never on the project). */
      warehouseReaders: z.array(principal).superRefine((members, ctx) => {
        for (const message of memberIdCollisions(members)) ctx.addIssue({ code: 'custom', message });
      }).readonly(),
      /** Run the ingestion DAG's preprocess task on Dataflow; false leaves DATAFLOW_RUNNER unset (the task is skipped). */
      dataflowPreprocessing: z.boolean(),
      featureStore: z.strictObject({
        /** A Vertex AI Feature Store (not Legacy) online store with a feature view of the ingestion table. */
        enabled: z.boolean(),
        /** When the feature view copies the table into the online store (5-field cron, UTC). */
        syncSchedule: ruled(cronProblem),
      }).readonly(),
    }).readonly(),
    serving: z.strictObject({
      /** Full VPC network name for a private endpoint; unset: a public endpoint (still IAM-protected). */
      privateNetwork: z
        .string()
        .regex(/^projects\/\d+\/global\/networks\/[a-z][a-z0-9-]*$/, "write the network as 'projects/<number>/global/networks/<name>'")
        .optional(),
      batchPredictionSchedule: ruled(cronProblem),
      timeZone: ruled(timeZoneProblem, 'time zone'),
      machineType: z.string().regex(/^[a-z0-9]+-[a-z0-9-]+$/, "write a machine type like 'n1-standard-2'"),
      errorRateAlertThreshold: z.number().superRefine((v, ctx) => {
        if (!(v > 0 && v < 1)) ctx.addIssue({ code: 'custom', message: `error-rate alert threshold ${v} must be a share between 0 and 1 (exclusive), e.g. 0.05 for 5%` });
      }).optional(),
      latencyAlertThresholdMs: z.number().superRefine((v, ctx) => {
        if (!(v > 0)) ctx.addIssue({ code: 'custom', message: `latency alert threshold ${v} ms must be positive` });
      }).optional(),
    }).readonly(),
    /** A Vertex AI Workbench instance for one data scientist (WorkbenchLayer); off unless `enabled`. */
    workbench: z.strictObject({
      enabled: z.boolean(),
      /** The one user who may open it: `user:<e-mail>`. Required when enabled. */
      owner: z.string().superRefine((v, ctx) => {
        if (!/^user:[^@\s]+@[^@\s]+\.[^@\s]+$/.test(v)) {
          ctx.addIssue({ code: 'custom', message: `owner '${v}' is not one user; a Workbench instance has a single owner: write it as 'user:ada@example.com'` });
        }
      }).optional(),
      machineType: z.string().regex(/^[a-z0-9]+-[a-z0-9-]+$/, "write a machine type like 'e2-standard-4'"),
      /** Shut down after this many idle minutes, 10 to 20160 (14 days). */
      idleShutdownMinutes: z.number().int().superRefine((v, ctx) => {
        if (v < 10 || v > 20160) ctx.addIssue({ code: 'custom', message: `idle shutdown ${v} minutes is out of range; use 10 to 20160 (14 days)` });
      }),
    }).readonly().optional(),
    /**
     * Online serving for websites (docs/web.md): the Cloud Run prediction service, its Redis
     * cache and, optionally, the public load balancer with Cloud Armor. Unset: none of it.
     */
    web: z.strictObject({
      enabled: z.boolean(),
      /** Instances kept warm; 0 lets the service scale to zero (the first request then waits for a cold start). */
      minInstances: wholeNumber(0, 100, 1),
      maxInstances: wholeNumber(1, 1000, 10),
      /** Requests one instance serves at once. */
      concurrency: wholeNumber(1, 1000, 80),
      /** How long a cached answer is served before the model is asked again. */
      cacheTtlSeconds: wholeNumber(1, 7 * 24 * 3600, 3600),
      /** Who may call the service (`roles/run.invoker`); never a public principal: a public website goes through `loadBalancer`. */
      invokers: z.array(principal).readonly(),
      /** `STANDARD_HA` keeps a replica in another zone with automatic failover. */
      redisTier: z.enum(['BASIC', 'STANDARD_HA'], { error: (i) => `'${String(i.input)}' is unknown; use BASIC or STANDARD_HA` }),
      redisMemoryGb: wholeNumber(1, 300, 1),
      /**
       * A global external Application Load Balancer with Cloud Armor in front of the service,
       * for a public website (docs/web.md). Unset: no load balancer.
       */
      loadBalancer: z.strictObject({
        /** The site's domain; a Google-managed certificate is issued for it once its DNS points at the balancer's address. */
        domain: z.string().superRefine((v, ctx) => {
          if (!/^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/.test(v)) ctx.addIssue({ code: 'custom', message: `'${v}' is not a domain name; write it like 'predict.example.com' (lowercase, no scheme or path)` });
        }),
        /** Requests one client address may make per minute before Cloud Armor answers 429 (default 600). */
        rateLimitPerMinute: wholeNumber(1, 1000000, 600).optional(),
      }).readonly().optional(),
    }).readonly().superRefine((web, ctx) => {
      if (web.maxInstances < web.minInstances) {
        ctx.addIssue({ code: 'custom', path: ['maxInstances'], message: `${web.maxInstances} is below web.minInstances ${web.minInstances}; raise maxInstances or lower minInstances` });
      }
      for (const message of memberIdCollisions(web.invokers)) ctx.addIssue({ code: 'custom', path: ['invokers'], message });
    }).optional(),
    /**
     * Looker (Google Cloud core) over the platform's BigQuery tables (docs/web.md). Costly: off
     * unless set with `enabled: true`.
     */
    looker: z.strictObject({
      enabled: z.boolean(),
      /** The OAuth client people sign in with (APIs & Services > Credentials). */
      oauthClientId: z.string().regex(/^[0-9]+-[a-z0-9]+\.apps\.googleusercontent\.com$/, "write the OAuth client id as shown in APIs & Services > Credentials, e.g. '123456789012-abc123.apps.googleusercontent.com'"),
      /** The Secret Manager secret (in the environment's project) whose latest version is the OAuth client's secret; never the secret itself. */
      oauthClientSecretId: z.string().superRefine((v, ctx) => {
        const p = secretIdProblem(v);
        if (p) ctx.addIssue({ code: 'custom', message: `secret id '${v}' ${p}; create the secret first and give its id, not its value` });
      }),
      edition: z.enum(['LOOKER_CORE_ENTERPRISE_ANNUAL', 'LOOKER_CORE_EMBED_ANNUAL'], {
        error: (i) => `'${String(i.input)}' cannot have a private IP; use LOOKER_CORE_ENTERPRISE_ANNUAL or LOOKER_CORE_EMBED_ANNUAL`,
      }).optional(),
      allowedEmailDomains: z.array(z.string().regex(/^([a-z0-9-]+\.)+[a-z]{2,}$/, "write a domain like 'example.com'")).readonly().optional(),
    }).readonly().optional(),
  })
  .superRefine((cfg, ctx) => {
    if (cfg.workbench?.enabled && cfg.workbench.owner === undefined) {
      ctx.addIssue({ code: 'custom', path: ['workbench', 'owner'], message: "workbench is enabled but has no owner; name the one user who may open it, e.g. 'user:ada@example.com'" });
    }
    // Bucket names derive from the prefix and environment; reject a prefix that makes any of them illegal.
    for (const purpose of BUCKET_PURPOSES) {
      const name = derivedBucketName(cfg.namePrefix, cfg.environment, purpose);
      const problem = bucketNameProblem(name);
      if (problem) {
        ctx.addIssue({
          code: 'custom',
          path: ['namePrefix'],
          message: `derived bucket name '${name}' ${problem}; choose a shorter or different namePrefix`,
        });
      }
    }
  })
  .readonly();
