/**
 * Everything the web service reads from its environment, checked once at start-up. All
 * problems are reported together, each naming the variable, the value and what is accepted.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseResource } from '../../../inference/lib/connection';
import { requireProjectId, requireRegion } from '../../../packages/vertex-client/src/validation';

export interface RedisSettings {
  readonly host: string;
  readonly port: number;
  /** Memorystore AUTH string; Cloud Run injects it from Secret Manager. */
  readonly password?: string;
  /** In-transit encryption: Memorystore serves TLS with its own CA on port 6378. */
  readonly tls: boolean;
  /** PEM of the instance's server CA (Memorystore `serverCaCerts`), when tls is on. */
  readonly caCert?: string;
  /** Longest a cache read or write may take before the request goes on without it. */
  readonly timeoutMs: number;
}

export interface WebConfig {
  readonly host: string;
  readonly port: number;
  /** projects/<p>/locations/<r>/endpoints/<id> */
  readonly endpoint: string;
  readonly project: string;
  readonly region: string;
  readonly model: {
    /** Deadline of one Predict attempt. */
    readonly attemptTimeoutMs: number;
    /** Attempts in all, the first included. */
    readonly attempts: number;
    /** Wait before the first retry; doubles (with jitter) after each. */
    readonly backoffMs: number;
    /** Longest the model may take over all attempts; past it the answer is a 503. */
    readonly deadlineMs: number;
    /** Pins the model version in cache keys; otherwise the version the endpoint reports is used. */
    readonly version?: string;
  };
  /** Absent: no cache (every answer comes from the model). */
  readonly redis?: RedisSettings;
  readonly cache: { readonly ttlSeconds: number; readonly prefix: string };
  /** The data contract whose feature columns make the instance schema. */
  readonly schemaFile: string;
  /** How instances go to the model: `array` in the contract's column order (scikit-learn containers) or `object`. */
  readonly instanceFormat: 'array' | 'object';
  readonly maxInstances: number;
  readonly logLevel: string;
}

export class WebConfigError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`invalid web service configuration (${problems.length} problem${problems.length === 1 ? '' : 's'}):\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'WebConfigError';
  }
}

/** The iris data contract the ingestion DAG writes and the pipeline trains on. */
export const DEFAULT_SCHEMA_FILE = path.resolve(__dirname, '..', '..', 'dags', 'mlops_ingest', 'iris.schema.json');

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

export function loadWebConfig(env: NodeJS.ProcessEnv = process.env): WebConfig {
  const problems: string[] = [];
  const int = (name: string, fallback: number, min: number, max: number, unit: string): number => {
    const raw = env[name]?.trim();
    if (!raw) return fallback;
    const value = Number(raw);
    if (!/^\d+$/.test(raw) || value < min || value > max) {
      problems.push(`${name} '${raw}' must be a whole number of ${unit} from ${min} to ${max}, e.g. ${name}=${fallback}`);
      return fallback;
    }
    return value;
  };
  const bool = (name: string): boolean => {
    const raw = env[name]?.trim().toLowerCase();
    if (!raw) return false;
    if (raw === 'true' || raw === '1') return true;
    if (raw === 'false' || raw === '0') return false;
    problems.push(`${name} '${env[name]}' must be true or false`);
    return false;
  };

  let endpoint = '';
  let project = '';
  let region = '';
  const rawEndpoint = env.VERTEX_ENDPOINT?.trim();
  if (!rawEndpoint) {
    problems.push('VERTEX_ENDPOINT is required: the endpoint to call, projects/<project>/locations/<region>/endpoints/<id>');
  } else {
    try {
      const ref = parseResource(rawEndpoint, 'endpoints', 'VERTEX_ENDPOINT');
      if (!ref.project || !ref.region) throw new Error(`VERTEX_ENDPOINT '${rawEndpoint}' must be the full name projects/<project>/locations/<region>/endpoints/<id>`);
      endpoint = rawEndpoint;
      project = requireProjectId(ref.project, 'VERTEX_ENDPOINT project');
      region = requireRegion(ref.region, 'VERTEX_ENDPOINT region');
    } catch (err) {
      problems.push((err as Error).message);
    }
  }

  const attemptTimeoutMs = int('MODEL_TIMEOUT_MS', 2000, 1, 600000, 'milliseconds');
  const model = {
    attemptTimeoutMs,
    attempts: int('MODEL_ATTEMPTS', 3, 1, 10, 'attempts'),
    backoffMs: int('MODEL_BACKOFF_MS', 50, 0, 60000, 'milliseconds'),
    deadlineMs: int('MODEL_DEADLINE_MS', 5000, 1, 600000, 'milliseconds'),
    version: env.MODEL_VERSION?.trim() || undefined,
  };
  if (model.deadlineMs < attemptTimeoutMs) {
    problems.push(`MODEL_DEADLINE_MS ${model.deadlineMs} is shorter than MODEL_TIMEOUT_MS ${attemptTimeoutMs}: the deadline covers all attempts, so make it at least one attempt long`);
  }

  let redis: RedisSettings | undefined;
  const redisHost = env.REDIS_HOST?.trim();
  const tls = bool('REDIS_TLS');
  if (redisHost) {
    // Cloud Run passes the instance's CA as REDIS_CA_CERT (it is public); a mounted file works too.
    let caCert: string | undefined = env.REDIS_CA_CERT?.trim() || undefined;
    if (caCert && !tls) problems.push('REDIS_CA_CERT is set but REDIS_TLS is not true: set REDIS_TLS=true to use it');
    const caFile = env.REDIS_CA_FILE?.trim();
    if (caFile) {
      try {
        caCert = fs.readFileSync(caFile, 'utf8');
      } catch (err) {
        problems.push(`REDIS_CA_FILE '${caFile}' cannot be read (${(err as NodeJS.ErrnoException).code ?? (err as Error).message}); mount the instance's server CA there`);
      }
      if (!tls) problems.push('REDIS_CA_FILE is set but REDIS_TLS is not true: set REDIS_TLS=true to use it');
    }
    redis = {
      host: redisHost,
      port: int('REDIS_PORT', tls ? 6378 : 6379, 1, 65535, 'port'),
      password: env.REDIS_AUTH || undefined,
      tls,
      caCert,
      timeoutMs: int('REDIS_TIMEOUT_MS', 100, 1, 10000, 'milliseconds'),
    };
  } else if (env.REDIS_AUTH || tls || env.REDIS_PORT) {
    problems.push('REDIS_AUTH, REDIS_TLS or REDIS_PORT is set but REDIS_HOST is not: set REDIS_HOST to the instance address, or unset them to run without a cache');
  }

  const prefix = env.CACHE_PREFIX?.trim() || 'vmlops:predict';
  if (!/^[A-Za-z0-9:_-]{1,64}$/.test(prefix)) problems.push(`CACHE_PREFIX '${prefix}' may hold only letters, digits, ':', '_' and '-' (at most 64)`);

  const format = env.INSTANCE_FORMAT?.trim() || 'array';
  if (format !== 'array' && format !== 'object') problems.push(`INSTANCE_FORMAT '${format}' must be array (feature values in the contract's column order) or object`);

  const logLevel = env.LOG_LEVEL?.trim().toLowerCase() || 'info';
  if (!LOG_LEVELS.includes(logLevel)) problems.push(`LOG_LEVEL '${env.LOG_LEVEL}' must be one of ${LOG_LEVELS.join(', ')}`);

  const config: WebConfig = {
    host: env.HOST?.trim() || '0.0.0.0',
    port: int('PORT', 8080, 0, 65535, 'port'),
    endpoint,
    project,
    region,
    model,
    redis,
    cache: { ttlSeconds: int('CACHE_TTL_SECONDS', 3600, 1, 30 * 86400, 'seconds'), prefix },
    schemaFile: env.INSTANCE_SCHEMA_FILE?.trim() || DEFAULT_SCHEMA_FILE,
    instanceFormat: format as 'array' | 'object',
    maxInstances: int('MAX_INSTANCES', 32, 1, 1000, 'instances'),
    logLevel,
  };
  if (problems.length > 0) throw new WebConfigError(problems);
  return config;
}
