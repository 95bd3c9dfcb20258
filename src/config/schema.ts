import { z } from 'zod';
import { ENVIRONMENTS, isEuRegion, MAX_ROTATION_SECONDS, nonEuRegionMessage } from './types';
import { isPublicPrincipal } from '../access-rules';
import { ORG_POLICY_CONSTRAINTS } from '../constructs/project-org-policies';
import { memberIdCollisions, projectIamRoleProblem } from './access-checks';

const PRIMITIVE_ROLES = ['roles/owner', 'roles/editor', 'roles/viewer'];

/** Bucket purposes the stack derives names for; kept here so config errors can name them. */
export const BUCKET_PURPOSES = ['pipeline-root', 'pipeline-storage', 'shared-data', 'composer', 'functions-source'] as const;

export function derivedBucketName(prefix: string, environment: string, purpose: string): string {
  return `${prefix}-${environment}-${purpose}`;
}

/** Returns why GCS would reject `name`, or undefined. Mirrors the documented naming rules. */
export function bucketNameProblem(name: string): string | undefined {
  if (name.length < 3 || name.length > 63) return `is ${name.length} characters long; GCS accepts 3 to 63`;
  if (!/^[a-z0-9][a-z0-9._-]*[a-z0-9]$/.test(name)) {
    return 'must use lowercase letters, digits, "-", "_" and ".", and start and end with a letter or digit';
  }
  if (/^\d+\.\d+\.\d+\.\d+$/.test(name)) return 'looks like an IP address, which GCS rejects';
  if (name.startsWith('goog') || /g[o0]{2}gle/.test(name)) return 'contains "goog"/"google", which GCS reserves';
  return undefined;
}

/**
 * Returns why Cloud Scheduler would reject `timeZone`, or undefined. Terraform plans any string
 * and the API refuses an unknown zone only at apply, so a typo would surface mid-deploy.
 */
export function timeZoneProblem(timeZone: string): string | undefined {
  const fix = "use an IANA time zone name such as 'Europe/Amsterdam' or 'Etc/UTC'";
  if (!/^[A-Z][A-Za-z0-9_+-]*(\/[A-Z][A-Za-z0-9_+-]*)*$/.test(timeZone)) return `is not a time zone name; ${fix}`;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone });
  } catch {
    return `is not a known time zone; ${fix}`;
  }
  return undefined;
}

/** A superRefine check whose message can show the value received. */
function check<T>(ok: (v: T) => boolean, message: (v: T) => string) {
  return (v: T, ctx: z.RefinementCtx<T>) => {
    if (!ok(v)) ctx.addIssue({ code: 'custom', message: message(v) });
  };
}

const principal = z.string().superRefine((value, ctx) => {
  if (isPublicPrincipal(value)) {
    ctx.addIssue({
      code: 'custom',
      message: `'${value}' is public: this platform never grants access to everyone; name a user:, group:, serviceAccount: or domain: principal`,
    });
  } else if (!/^(user|group|serviceAccount|domain|principal|principalSet):\S+$/.test(value)) {
    ctx.addIssue({
      code: 'custom',
      message: `'${value}' is not an IAM principal; write it as 'user:alice@example.com', 'group:...', 'serviceAccount:...' or 'principal://...'`,
    });
  }
});

function roleProblem(value: string): string | undefined {
  if (PRIMITIVE_ROLES.includes(value)) {
    return `'${value}' is a primitive role, which grants far more than any workload needs; use a predefined role such as 'roles/storage.objectViewer'`;
  }
  if (!/^roles\/[a-zA-Z0-9]+\.[a-zA-Z0-9.]+$/.test(value)) {
    return `'${value}' is not a predefined role; write it as 'roles/<service>.<role>', e.g. 'roles/aiplatform.user'`;
  }
  return undefined;
}

const cron = z
  .string()
  .superRefine(check((v) => v.trim().split(/\s+/).length === 5, (v) => `'${v}' is not a 5-field cron expression; write it like '0 3 * * *' (03:00 daily)`));

const euRegion = z.string().superRefine(check(isEuRegion, (v) => nonEuRegionMessage(`region '${v}'`)));

const bucketName = z.string().superRefine((value, ctx) => {
  const problem = bucketNameProblem(value);
  if (problem) ctx.addIssue({ code: 'custom', message: `bucket name '${value}' ${problem}` });
});

export const environmentConfigSchema = z
  .strictObject({
    environment: z.enum(ENVIRONMENTS, {
      error: (i) => `unknown environment '${String(i.input)}'; use one of ${ENVIRONMENTS.join(', ')}`,
    }),
    projectId: z.string().superRefine(check((v) => /^[a-z][a-z0-9-]{4,28}[a-z0-9]$/.test(v), (v) => `project id '${v}' is malformed: use 6-30 lowercase letters, digits or hyphens, starting with a letter and not ending with a hyphen`)),
    projectNumber: z.string().superRefine(check((v) => /^[1-9]\d{5,18}$/.test(v), (v) => `project number '${v}' is malformed: it is the decimal number shown by 'gcloud projects describe <id> --format=value(projectNumber)'`)),
    region: euRegion,
    namePrefix: z.string().superRefine(check((v) => /^[a-z][a-z0-9-]{0,14}$/.test(v), (v) => `name prefix '${v}' is invalid: use 1-15 lowercase letters, digits or hyphens, starting with a letter`)),
    labels: z.record(
      z.string().regex(/^[a-z][a-z0-9_-]{0,62}$/, 'label keys must be lowercase, start with a letter, at most 63 characters'),
      z.string().regex(/^[a-z0-9_-]{0,63}$/, 'label values must be lowercase letters, digits, "_" or "-", at most 63 characters'),
    ),
    kmsProtectionLevel: z.enum(['SOFTWARE', 'HSM'], {
      error: (i) => `protection level '${String(i.input)}' is unknown; use SOFTWARE or HSM`,
    }),
    keyRotationSeconds: z
      .number()
      .int()
      .superRefine(check((v) => v >= 86400 && v <= MAX_ROTATION_SECONDS, (v) => `rotation period ${v}s (${(v / 86400).toFixed(1)} days) is out of range: keys must rotate at least every 90 days (${MAX_ROTATION_SECONDS}s) and at most daily (86400s)`)),
    notificationEmail: z.email({ error: (i) => `'${String(i.input)}' is not an e-mail address` }),
    cicdPrincipal: principal,
    stateBucket: bucketName,
    sharedDataReaders: z.array(principal).superRefine((members, ctx) => {
      for (const message of memberIdCollisions(members)) ctx.addIssue({ code: 'custom', message });
    }),
    projectIam: z.record(z.string(), z.array(principal)).superRefine((grants, ctx) => {
      for (const [role, members] of Object.entries(grants)) {
        const problem = roleProblem(role) ?? projectIamRoleProblem(role);
        if (problem) ctx.addIssue({ code: 'custom', path: [role], message: problem });
        for (const message of memberIdCollisions(members)) ctx.addIssue({ code: 'custom', path: [role], message });
      }
    }),
    // What Google enforces on the project (docs/security.md); every switch defaults to on.
    enforcement: z.strictObject({
      orgPolicies: z.strictObject(
        Object.fromEntries(Object.keys(ORG_POLICY_CONSTRAINTS).map((k) => [k, z.boolean().optional()])) as Record<keyof typeof ORG_POLICY_CONSTRAINTS, z.ZodOptional<z.ZodBoolean>>,
      ).optional(),
      allowedMemberCustomerIds: z.array(z.string().regex(/^C[0-9a-z]{6,}$/i, "write a directory customer id like 'C03xgje4y' ('gcloud organizations list' shows it as DIRECTORY_CUSTOMER_ID)")).optional(),
      dataAccessAuditLogs: z.boolean().optional(),
      logBucket: z.boolean().optional(),
    }).optional(),
    composer: z.strictObject({
      // ComposerEnv builds on Composer 3 only (custom bucket, private environment): a Composer 2
      // image would pass here and fail at synth, after every other problem had been reported.
      imageVersion: z.string().superRefine(check((v) => /^composer-3-airflow-\d+\.\d+\.\d+(-build\.\d+)?$/.test(v), (v) => `'${v}' is not a Cloud Composer 3 image version; the platform runs on Composer 3, so write it like 'composer-3-airflow-3.1.7'`)),
      environmentSize: z.enum(['ENVIRONMENT_SIZE_SMALL', 'ENVIRONMENT_SIZE_MEDIUM', 'ENVIRONMENT_SIZE_LARGE']),
      // What the ingestion DAG reads (assets/dags/mlops_ingest/source.py); BigQuery goes through a gs:// export.
      ingestSourceUri: z.string().superRefine(check((v) => /^(https:\/\/|gs:\/\/[^/\s]+\/)\S+$/.test(v), (v) => `'${v}' is not a source the ingestion DAG reads; use an https:// CSV URL or a gs://bucket/object (export BigQuery tables to gs:// first)`)),
      // The DAG lands one object per day, so it refuses any other cadence at parse time; say so here first.
      ingestSchedule: z.string().superRefine(check(
        (v) => /^(\d|[1-5]\d) (\d|1\d|2[0-3]) \* \* \*$/.test(v.trim()),
        (v) => `'${v}' is not a once-a-day cron; the ingestion DAG lands one file per day, so write '<minute> <hour> * * *', e.g. '0 3 * * *'`,
      )),
    }),
    pipeline: z.strictObject({
      accuracyThreshold: z.number().superRefine(check((v) => v > 0 && v < 1, (v) => `accuracy threshold ${v} must be between 0 and 1 (exclusive), e.g. 0.9`)),
    }),
    serving: z.strictObject({
      privateNetwork: z
        .string()
        .regex(/^projects\/\d+\/global\/networks\/[a-z][a-z0-9-]*$/, "write the network as 'projects/<number>/global/networks/<name>'")
        .optional(),
      batchPredictionSchedule: cron,
      timeZone: z.string().superRefine(check((v) => timeZoneProblem(v) === undefined, (v) => `time zone '${v}' ${timeZoneProblem(v)}`)),
      machineType: z.string().regex(/^[a-z0-9]+-[a-z0-9-]+$/, "write a machine type like 'n1-standard-2'"),
      errorRateAlertThreshold: z.number().superRefine(check((v) => v > 0 && v < 1, (v) => `error-rate alert threshold ${v} must be a share between 0 and 1 (exclusive), e.g. 0.05 for 5%`)).optional(),
      latencyAlertThresholdMs: z.number().superRefine(check((v) => v > 0, (v) => `latency alert threshold ${v} ms must be positive`)).optional(),
    }),
  })
  .superRefine((cfg, ctx) => {
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
  });
