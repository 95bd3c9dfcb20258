import { z } from 'zod';
import { environmentConfigSchema } from './schema';

export { ENVIRONMENTS, EnvironmentName } from './schema';

/** Everything one environment's stack is built from; inferred from `environmentConfigSchema`. */
export type EnvironmentConfig = z.output<typeof environmentConfigSchema>;
export type ComposerConfig = EnvironmentConfig['composer'];
export type PipelineConfig = EnvironmentConfig['pipeline'];
export type ServingConfig = EnvironmentConfig['serving'];
