export * from './types';
export * from './defaults';
export * from './load';
export { BUCKET_PURPOSES, environmentConfigSchema } from './schema';
