import { App, Testing } from 'cdktf';
import { DEFAULT_CONFIGS, ENVIRONMENTS, EnvironmentConfig, EnvironmentName } from '../../src/config';
import { MlopsPlatformStack } from '../../src/stacks/mlops-platform-stack';

export type Tf = {
  resource: Record<string, Record<string, Record<string, any>>>;
  output?: Record<string, { value: string }>;
  terraform?: Record<string, any>;
  provider?: Record<string, any>;
  locals?: Record<string, any>;
};

export function platformStack(environment: EnvironmentName, patch: Partial<EnvironmentConfig> = {}): MlopsPlatformStack {
  const app: App = Testing.app({ stackTraces: false });
  return new MlopsPlatformStack(app, `mlops-${environment}`, {
    config: { ...DEFAULT_CONFIGS[environment], ...patch },
    backend: 'local',
  });
}

const cache = new Map<string, Tf>();
/** Synthesized JSON of one environment's stack from the embedded defaults (cached per test file). */
export function synthEnv(environment: EnvironmentName): Tf {
  if (!cache.has(environment)) cache.set(environment, JSON.parse(Testing.synth(platformStack(environment))));
  return cache.get(environment)!;
}

export const ALL_ENVIRONMENTS = ENVIRONMENTS;

/** Every resource of `type` as [logicalId, config]; empty when none. */
export function resources(tf: Tf, type: string): [string, Record<string, any>][] {
  return Object.entries(tf.resource[type] ?? {});
}

/** Resolves `${type.id.attr}` to the referenced resource's config. */
export function deref(tf: Tf, ref: string): { type: string; id: string; config: Record<string, any> } | undefined {
  const m = /^\$\{([a-z0-9_]+)\.([A-Za-z0-9_-]+)\.[a-z_]+\}$/.exec(ref);
  if (!m) return undefined;
  const config = tf.resource[m[1]]?.[m[2]];
  return config ? { type: m[1], id: m[2], config } : undefined;
}

export function pathOf(config: Record<string, any>): string {
  return config['//']?.metadata?.path ?? '(unknown)';
}
