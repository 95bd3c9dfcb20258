import { isUnresolved } from './tokens';

/**
 * Name rules of the resources the library creates. Each `*Problem` function returns why Google
 * would reject the value, or undefined; an unresolved token is never judged.
 */

/** Resource names: `<prefix>-<environment>-<purpose>`, never random. */
export interface Naming {
  readonly prefix: string;
  readonly environment: string;
}

export function resourceName(naming: Naming, purpose: string, maxLength = 63): string {
  const name = `${naming.prefix}-${naming.environment}-${purpose}`;
  if (name.length > maxLength) {
    throw new Error(`name '${name}' is ${name.length} characters, over the ${maxLength} this resource accepts; shorten the prefix or the purpose '${purpose}'`);
  }
  return name;
}

/** Service-account ids are at most 30 characters, so the environment is shortened and the purpose kept. */
export function accountId(naming: Naming, purpose: string): string {
  const env = { dev: 'd', staging: 's', prod: 'p' }[naming.environment] ?? naming.environment;
  const id = `${naming.prefix}-${env}-${purpose}`;
  const problem = accountIdProblem(id);
  if (problem) throw new Error(`service account id '${id}' ${problem}; shorten the prefix or the purpose '${purpose}'`);
  return id;
}

/** The bucket name the platform derives for `purpose`. */
export function derivedBucketName(prefix: string, environment: string, purpose: string): string {
  return `${prefix}-${environment}-${purpose}`;
}

/** Why Cloud Storage would reject `name` as a bucket name, or undefined. */
export function bucketNameProblem(name: string): string | undefined {
  if (isUnresolved(name)) return undefined;
  if (name.length < 3 || name.length > 63) return `is ${name.length} characters long; GCS accepts 3 to 63`;
  if (!/^[a-z0-9][a-z0-9._-]*[a-z0-9]$/.test(name)) {
    return 'must use lowercase letters, digits, "-", "_" and ".", and start and end with a letter or digit';
  }
  if (/^\d+\.\d+\.\d+\.\d+$/.test(name)) return 'looks like an IP address, which GCS rejects';
  if (name.startsWith('goog') || /g[o0]{2}gle/.test(name)) return 'contains "goog"/"google", which GCS reserves';
  return undefined;
}

/** Why IAM would reject `id` as a service-account id, or undefined. */
export function accountIdProblem(id: string): string | undefined {
  if (isUnresolved(id)) return undefined;
  return /^[a-z][a-z0-9-]{4,28}[a-z0-9]$/.test(id) ? undefined : 'is invalid: ids are 6-30 lowercase letters, digits or hyphens, starting with a letter';
}

/** Why `id` is not a project id, or undefined. */
export function projectIdProblem(id: string): string | undefined {
  if (isUnresolved(id)) return undefined;
  return /^[a-z][a-z0-9-]{4,28}[a-z0-9]$/.test(id) ? undefined : 'is malformed: use 6-30 lowercase letters, digits or hyphens, starting with a letter and not ending with a hyphen';
}

/** Why `value` is not a decimal project number, or undefined. */
export function projectNumberProblem(value: string): string | undefined {
  if (isUnresolved(value)) return undefined;
  return /^[1-9]\d{5,18}$/.test(value) ? undefined : "is malformed: it is the decimal number shown by 'gcloud projects describe <id> --format=value(projectNumber)'";
}

/**
 * Why `id` breaks the rule most Google resource ids share (Artifact Registry repositories,
 * Composer environments, functions, workflows): lowercase letters, digits and hyphens, starting
 * with a letter and not ending with a hyphen, at most `maxLength`. Undefined when it is fine.
 */
export function resourceIdProblem(id: string, maxLength = 63): string | undefined {
  if (isUnresolved(id)) return undefined;
  if (id.length === 0 || id.length > maxLength) return `is ${id.length} characters long; use 1 to ${maxLength}`;
  return /^[a-z]([a-z0-9-]*[a-z0-9])?$/.test(id) ? undefined : 'is invalid; use lowercase letters, digits and hyphens, starting with a letter and not ending with a hyphen';
}

/** Why Secret Manager would reject `id` as a secret id, or undefined. */
export function secretIdProblem(id: string): string | undefined {
  if (isUnresolved(id)) return undefined;
  return /^[A-Za-z0-9_-]{1,255}$/.test(id) ? undefined : "is invalid; use 1-255 letters, digits, '-' and '_'";
}

/** Why `value` is not an e-mail address, or undefined. */
export function emailProblem(value: string): string | undefined {
  if (isUnresolved(value)) return undefined;
  return /^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(value) ? undefined : "is not an e-mail address; write it like 'ml-oncall@example.com'";
}

/**
 * BigQuery dataset and table ids take letters, digits and underscores only: the platform's
 * `<prefix>-<environment>-<purpose>` with each hyphen written as an underscore.
 */
export function bigQueryName(naming: Naming, purpose: string): string {
  const id = `${naming.prefix}_${naming.environment}_${purpose}`.replace(/-/g, '_');
  const problem = bigQueryIdProblem(id);
  if (problem) throw new Error(`BigQuery id '${id}' ${problem}; shorten the prefix or the purpose '${purpose}'`);
  return id;
}

/** Why BigQuery would reject `id` as a dataset or table id, or undefined. */
export function bigQueryIdProblem(id: string): string | undefined {
  if (isUnresolved(id)) return undefined;
  return /^[A-Za-z0-9_]{1,1024}$/.test(id) ? undefined : 'is invalid: BigQuery ids take 1-1024 letters, digits and underscores (no hyphens)';
}
