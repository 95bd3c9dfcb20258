import { App } from 'cdktf';
import { loadCicdConfig } from './config/cicd';
import { ConfigError, loadConfigs } from './config/load';
import { GuardrailError } from './guardrails/pack';
import { CicdStack } from './stacks/cicd-stack';
import { MlopsPlatformStack } from './stacks/mlops-platform-stack';

/**
 * The cdktf app: one stack per environment, `mlops-<environment>`, and `mlops-cicd` (Azure DevOps).
 * VMLOPS_CONFIG (a JSON/YAML file), VMLOPS_<ENV>_<FIELD> variables and VMLOPS_ENVIRONMENTS
 * override the embedded defaults (VMLOPS_CICD_CONFIG for the CI/CD one); VMLOPS_BACKEND=local keeps state on disk (tests, offline).
 */
export function buildApp(env: NodeJS.ProcessEnv = process.env, outdir?: string): App {
  const backend = env.VMLOPS_BACKEND ?? 'gcs';
  if (backend !== 'gcs' && backend !== 'local') {
    throw new ConfigError([`VMLOPS_BACKEND: '${backend}' is unknown; use 'gcs' (remote state in the config's stateBucket) or 'local'`]);
  }
  const configs = loadConfigs({ env });
  const cicd = loadCicdConfig({ env });
  const app = new App({ outdir, skipValidation: false });
  for (const config of configs) {
    new MlopsPlatformStack(app, `mlops-${config.environment}`, { config, backend, cicd });
  }
  // The Azure DevOps side: applied by an organisation admin, never by the pipeline it protects.
  new CicdStack(app, 'mlops-cicd', { config: cicd, environments: configs, backend });
  return app;
}

/** Synthesizes every stack; a bad config or a guardrail finding prints every problem and exits 1. */
export function main(env: NodeJS.ProcessEnv = process.env): void {
  try {
    buildApp(env).synth();
  } catch (e) {
    if (e instanceof ConfigError || e instanceof GuardrailError) {
      process.stderr.write(`${e.message}\n`);
      process.exit(1);
    }
    throw e;
  }
}

if (require.main === module) main();
