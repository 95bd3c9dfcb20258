import * as fs from 'fs';
import * as path from 'path';
import { z } from 'zod';
import { ConfigError } from './load';

/**
 * The CI/CD configuration: the Azure DevOps organisation, project and repository the
 * platform is built from, who approves deployments, and what the environment stacks need to
 * admit that organisation's pipelines through Workload Identity Federation. One for the app
 * (not per environment): embedded defaults, then the file in $VMLOPS_CICD_CONFIG (JSON/YAML).
 */
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

const check = <T>(ok: (v: T) => boolean, message: (v: T) => string) => (v: T, ctx: z.RefinementCtx) => {
  if (!ok(v)) ctx.addIssue({ code: 'custom', message: message(v) });
};
const uuid = (what: string, where: string) => z.string().superRefine(check((v) => UUID.test(v), (v) => `'${v}' is not ${what}: a lower-case GUID such as 0a1b2c3d-0000-4000-8000-00000000abcd (${where})`));
/** Azure DevOps refuses these in project, repository and group names. */
const azdoName = (what: string) => z.string().superRefine(check(
  (v) => v.length >= 1 && v.length <= 64 && !/[\\/:*?"<>|;#$*{},+=[\]]/.test(v) && !v.startsWith('_') && !v.endsWith('.') && v.trim() === v,
  (v) => `${what} '${v}' is not allowed: 1-64 characters, none of \\ / : * ? " < > | ; # $ { } , + = [ ], not starting with _ or ending with .`,
));

const approvalSchema = z.union([
  z.strictObject({ groupName: azdoName('approver group name') }),
  z.strictObject({ groupOriginId: uuid('a group origin id', 'Organization settings > Permissions, or `az devops security group list`') }),
]);

export const cicdConfigSchema = z.strictObject({
  organization: z.strictObject({
    url: z.string().superRefine(check(
      (v) => /^https:\/\/dev\.azure\.com\/[A-Za-z0-9][A-Za-z0-9-]{0,49}$/.test(v),
      (v) => `organization.url '${v}' is not an Azure DevOps organisation URL: write https://dev.azure.com/<organisation>, without a trailing slash`,
    )),
    /** The organisation's GUID: the OIDC issuer is https://vstoken.dev.azure.com/<id>. */
    id: uuid('the organisation id', 'it is the instanceId of https://dev.azure.com/<organisation>/_apis/connectionData'),
  }),
  project: z.strictObject({
    name: azdoName('project name'),
    /** Set to adopt an existing project (and pin the federation to it); unset, the stack creates it. */
    id: uuid('a project id', 'https://dev.azure.com/<organisation>/_apis/projects/<name> shows it').optional(),
    description: z.string().max(1000).optional(),
  }),
  repository: z.strictObject({
    name: azdoName('repository name'),
    /** Set to adopt an existing repository; unset, the stack creates an empty one. */
    id: uuid('a repository id', 'https://dev.azure.com/<organisation>/<project>/_apis/git/repositories/<name> shows it').optional(),
  }),
  pipeline: z.strictObject({
    name: azdoName('pipeline name'),
    yamlPath: z.string().superRefine(check((v) => /^[\w./-]+\.ya?ml$/.test(v) && !v.startsWith('/'), (v) => `pipeline.yamlPath '${v}' is not a repository-relative .yml path such as azure-pipelines.yml`)),
  }),
  /** The branch that deploys: only runs of it may impersonate the deployers. */
  deployBranch: z.string().superRefine(check((v) => /^refs\/heads\/[\w./-]+$/.test(v), (v) => `deployBranch '${v}' must be a full ref such as refs/heads/main`)),
  minimumReviewers: z.number().int().min(1, 'minimumReviewers must be at least 1: every change to main is reviewed').max(10),
  /** Who approves a deployment to each environment; prod must have approvers. */
  approvals: z.strictObject({
    dev: approvalSchema.optional(),
    staging: approvalSchema.optional(),
    prod: approvalSchema,
  }),
  /** Minutes an approval waits before the deployment fails. */
  approvalTimeoutMinutes: z.number().int().min(60).max(43200),
  /** Where the CI/CD stack keeps its own state (a bucket created at bootstrap). */
  stateBucket: z.string().superRefine(check((v) => /^[a-z0-9][a-z0-9._-]{1,61}[a-z0-9]$/.test(v), (v) => `stateBucket '${v}' is not a bucket name`)),
});

export type CicdConfig = z.infer<typeof cicdConfigSchema>;
export type ApprovalConfig = z.infer<typeof approvalSchema>;

export const DEFAULT_CICD_CONFIG: CicdConfig = {
  organization: { url: 'https://dev.azure.com/example-org', id: '0a1b2c3d-0000-4000-8000-00000000abcd' },
  project: { name: 'vertex-mlops', description: 'Vertex AI MLOps platform (vertex-mlops-cdktf)' },
  repository: { name: 'vertex-mlops' },
  pipeline: { name: 'vertex-mlops', yamlPath: 'azure-pipelines.yml' },
  deployBranch: 'refs/heads/main',
  minimumReviewers: 2,
  approvals: { staging: { groupName: 'vertex-mlops staging approvers' }, prod: { groupName: 'vertex-mlops production approvers' } },
  approvalTimeoutMinutes: 1440,
  stateBucket: 'example-mlops-tfstate-cicd',
};

/** Organisation name: the last segment of its URL. */
export function organizationName(cfg: Pick<CicdConfig, 'organization'>): string {
  return cfg.organization.url.replace(/\/+$/, '').split('/').pop() as string;
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
function deepMerge(base: unknown, override: unknown): unknown {
  if (!isPlainObject(base) || !isPlainObject(override)) return override === undefined ? base : override;
  const out: Record<string, unknown> = { ...base };
  for (const [k, v] of Object.entries(override)) out[k] = deepMerge(base[k], v);
  return out;
}

/** Validates a raw CI/CD config; every problem names its field. */
export function validateCicdConfig(raw: unknown, source = 'cicd'): { config?: CicdConfig; problems: string[] } {
  const result = cicdConfigSchema.safeParse(raw);
  if (result.success) return { config: result.data, problems: [] };
  return {
    problems: result.error.issues.map((issue) => {
      const field = issue.path.length ? issue.path.join('.') : '(root)';
      const approval = field.startsWith('approvals.') ? 'write { groupName: "<new group>" } or { groupOriginId: "<existing group GUID>" }' : undefined;
      const message = issue.code === 'unrecognized_keys'
        ? `unknown field(s) ${issue.keys.map((k) => `'${k}'`).join(', ')}: ${approval ?? 'remove them or fix the spelling'}`
        : issue.code === 'invalid_union' && approval ? approval : issue.message;
      return `${source}: ${field}: ${message}`;
    }),
  };
}

/** Defaults, then the file in `file` or $VMLOPS_CICD_CONFIG. Throws one ConfigError with every problem. */
export function loadCicdConfig(options: { file?: string; env?: NodeJS.ProcessEnv } = {}): CicdConfig {
  const env = options.env ?? process.env;
  const file = options.file ?? env.VMLOPS_CICD_CONFIG;
  let fromFile: unknown = {};
  if (file) {
    let text: string;
    try {
      text = fs.readFileSync(file, 'utf8');
    } catch (e) {
      throw new ConfigError([`cicd config file '${file}' cannot be read (${(e as NodeJS.ErrnoException).code}); check VMLOPS_CICD_CONFIG`]);
    }
    try {
      fromFile = /\.json$/i.test(path.extname(file)) ? JSON.parse(text) : (require('yaml') as typeof import('yaml')).parse(text) ?? {};
    } catch (e) {
      throw new ConfigError([`cicd config file '${file}' is not valid ${/\.json$/i.test(file) ? 'JSON' : 'YAML'}: ${(e as Error).message.split('\n')[0]}`]);
    }
  }
  const merged = deepMerge(DEFAULT_CICD_CONFIG, fromFile) as Record<string, any>;
  // An approval is one of two shapes: the file's replaces the default instead of merging into it.
  const fileApprovals = isPlainObject(fromFile) && isPlainObject(fromFile.approvals) ? fromFile.approvals : {};
  for (const [env, approval] of Object.entries(fileApprovals)) merged.approvals[env] = approval;
  const { config, problems } = validateCicdConfig(merged, file ? `cicd (${file})` : 'cicd');
  if (!config) throw new ConfigError(problems);
  return config;
}
