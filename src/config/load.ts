import * as fs from 'fs';
import * as path from 'path';
import { DEFAULT_CONFIGS } from './defaults';
import { environmentConfigSchema } from './schema';
import { ENVIRONMENTS, EnvironmentConfig, EnvironmentName } from './types';

/** Every problem found in a configuration, reported together. */
export class ConfigError extends Error {
  constructor(public readonly problems: readonly string[]) {
    super(`invalid configuration (${problems.length} problem${problems.length === 1 ? '' : 's'}):\n` +
      problems.map((p) => `  - ${p}`).join('\n'));
    this.name = 'ConfigError';
  }
}

export interface LoadConfigOptions {
  /** A JSON or YAML file keyed by environment, each a partial `EnvironmentConfig`. @default - $VMLOPS_CONFIG, else none */
  readonly file?: string;
  /** Environment variables to read overrides from. @default process.env */
  readonly env?: NodeJS.ProcessEnv;
  /** Which environments to load. @default - $VMLOPS_ENVIRONMENTS (comma-separated), else all */
  readonly environments?: readonly string[];
}

type Json = string | number | boolean | null | Json[] | { [k: string]: Json };

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function deepMerge(base: unknown, override: unknown): unknown {
  if (!isPlainObject(base) || !isPlainObject(override)) return override === undefined ? base : override;
  const out: Record<string, unknown> = { ...base };
  for (const [k, v] of Object.entries(override)) out[k] = deepMerge(base[k], v);
  return out;
}

const camel = (s: string) => s.toLowerCase().replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());

/**
 * `VMLOPS_<ENV>_<FIELD>` overrides one field, `__` separating nested fields:
 * `VMLOPS_PROD_PROJECT_ID=acme-ml-prod`, `VMLOPS_DEV_COMPOSER__IMAGE_VERSION=...`.
 * Values of fields that are not strings are parsed as JSON (`VMLOPS_DEV_LABELS='{"team":"ml"}'`).
 */
function envOverrides(environment: string, base: unknown, env: NodeJS.ProcessEnv, problems: string[]): Record<string, unknown> {
  const prefix = `VMLOPS_${environment.toUpperCase()}_`;
  let out: Record<string, unknown> = {};
  for (const [name, raw] of Object.entries(env)) {
    if (!name.startsWith(prefix) || raw === undefined) continue;
    const keys = name.slice(prefix.length).split('__').map(camel);
    let current: unknown = base;
    for (const k of keys) current = isPlainObject(current) ? current[k] : undefined;
    let value: unknown = raw;
    if (current !== undefined && typeof current !== 'string') {
      try {
        value = JSON.parse(raw) as Json;
      } catch {
        problems.push(`${name}: '${raw}' is not valid JSON, which this ${typeof current} field needs`);
        continue;
      }
    }
    const patch = keys.reduceRight<unknown>((acc, k) => ({ [k]: acc }), value);
    out = deepMerge(out, patch) as Record<string, unknown>;
  }
  return out;
}

function readFile(file: string, problems: string[]): Record<string, unknown> {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (e) {
    problems.push(`config file '${file}' cannot be read (${(e as NodeJS.ErrnoException).code}); check the path in --config or VMLOPS_CONFIG`);
    return {};
  }
  try {
    // The YAML parser loads only when a YAML file is given: synth without one stays lean.
    const parsed: unknown = /\.json$/i.test(path.extname(file)) ? JSON.parse(text) : (require('yaml') as typeof import('yaml')).parse(text);
    if (parsed == null) return {};
    if (!isPlainObject(parsed)) {
      problems.push(`config file '${file}' must hold a map keyed by environment (${ENVIRONMENTS.join(', ')})`);
      return {};
    }
    for (const key of Object.keys(parsed)) {
      if (!(ENVIRONMENTS as readonly string[]).includes(key)) {
        problems.push(`config file '${file}': unknown environment '${key}'; use one of ${ENVIRONMENTS.join(', ')}`);
      }
    }
    return parsed;
  } catch (e) {
    problems.push(`config file '${file}' is not valid ${/\.json$/i.test(file) ? 'JSON' : 'YAML'}: ${(e as Error).message.split('\n')[0]}`);
    return {};
  }
}

/** Validates one raw environment config; all problems come back at once, each naming its field. */
export function validateConfig(raw: unknown, source = 'config'): { config?: EnvironmentConfig; problems: string[] } {
  const result = environmentConfigSchema.safeParse(raw);
  if (result.success) return { config: result.data, problems: [] };
  const problems = result.error.issues.map((issue) => {
    const field = issue.path.length ? issue.path.join('.') : '(root)';
    let message = issue.message;
    if (issue.code === 'unrecognized_keys') {
      message = `unknown field(s) ${issue.keys.map((k) => `'${k}'`).join(', ')}: remove them or fix the spelling`;
    } else if (issue.code === 'invalid_type') {
      message = `expected ${issue.expected}, got ${JSON.stringify(issueInput(raw, issue.path))}`;
    }
    return `${source}: ${field}: ${message}`;
  });
  return { problems };
}

function issueInput(raw: unknown, p: readonly PropertyKey[]): unknown {
  let cur: unknown = raw;
  for (const k of p) cur = isPlainObject(cur) ? cur[k as string] : Array.isArray(cur) ? cur[k as number] : undefined;
  return cur;
}

/** VMLOPS_ variables that are not `VMLOPS_<ENV>_<FIELD>` overrides: the loader's own and the test suite's. */
const TOOL_VARIABLES = ['VMLOPS_CONFIG', 'VMLOPS_ENVIRONMENTS', 'VMLOPS_BACKEND', 'VMLOPS_CICD_CONFIG', 'VMLOPS_PLAN_DIR', 'VMLOPS_CHECKOV', 'VMLOPS_TOKEN_TRACES', 'VMLOPS_APP_BUNDLE_DIR'];

/**
 * A `VMLOPS_` variable that names no environment (`VMLOPS_PRD_PROJECT_ID`) would otherwise be
 * ignored, and the stack synthesized with the default it meant to replace.
 */
function unknownVariables(env: NodeJS.ProcessEnv): string[] {
  const problems: string[] = [];
  for (const name of Object.keys(env).sort()) {
    if (!name.startsWith('VMLOPS_') || TOOL_VARIABLES.includes(name)) continue;
    const prefix = /^VMLOPS_([A-Z0-9]+)_/.exec(name)?.[1];
    if (prefix && (ENVIRONMENTS as readonly string[]).includes(prefix.toLowerCase())) continue;
    problems.push(prefix
      ? `${name}: 'VMLOPS_${prefix}_' names no environment; per-environment overrides are VMLOPS_<ENV>_<FIELD> with <ENV> one of ${ENVIRONMENTS.map((e) => e.toUpperCase()).join(', ')}`
      : `${name}: unknown variable; the app reads ${TOOL_VARIABLES.slice(0, 4).join(', ')} and VMLOPS_<ENV>_<FIELD>`);
  }
  return problems;
}

/**
 * Loads every requested environment: embedded defaults, then the file, then environment
 * variables. Throws one `ConfigError` listing every problem of every environment.
 */
export function loadConfigs(options: LoadConfigOptions = {}): EnvironmentConfig[] {
  const env = options.env ?? process.env;
  const problems: string[] = [];
  const requested = options.environments ??
    (env.VMLOPS_ENVIRONMENTS !== undefined ? env.VMLOPS_ENVIRONMENTS.split(',').map((s) => s.trim()).filter(Boolean) : [...ENVIRONMENTS]);
  if (requested.length === 0) {
    problems.push(options.environments
      ? `environments: the list is empty; name at least one of ${ENVIRONMENTS.join(', ')}`
      : `VMLOPS_ENVIRONMENTS: '${env.VMLOPS_ENVIRONMENTS}' names no environment, so nothing would be synthesized; list at least one of ${ENVIRONMENTS.join(', ')} (comma-separated), or unset it for all`);
  }
  problems.push(...unknownVariables(env));
  for (const name of requested) {
    if (!(ENVIRONMENTS as readonly string[]).includes(name)) {
      problems.push(`VMLOPS_ENVIRONMENTS: unknown environment '${name}'; use one of ${ENVIRONMENTS.join(', ')}`);
    }
  }
  const file = options.file ?? env.VMLOPS_CONFIG;
  const fromFile = file ? readFile(file, problems) : {};
  const configs: EnvironmentConfig[] = [];
  for (const name of requested.filter((n): n is EnvironmentName => (ENVIRONMENTS as readonly string[]).includes(n))) {
    let merged = deepMerge(DEFAULT_CONFIGS[name], fromFile[name]);
    merged = deepMerge(merged, envOverrides(name, merged, env, problems));
    const { config, problems: found } = validateConfig(merged, name);
    problems.push(...found);
    if (config) configs.push(config);
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return configs;
}

/** Loads one environment. */
export function loadConfig(environment: string, options: Omit<LoadConfigOptions, 'environments'> = {}): EnvironmentConfig {
  return loadConfigs({ ...options, environments: [environment] })[0];
}
