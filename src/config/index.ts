export * from './types';
export * from './defaults';
export * from './load';
export { bucketNameProblem, derivedBucketName } from './schema';
