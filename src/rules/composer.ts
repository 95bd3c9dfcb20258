import { isUnresolved } from './tokens';

/**
 * Cloud Composer 3 images: `composer-3-airflow-<major>[.<minor>[.<patch>]][-build.<n>]`. A short
 * form such as `composer-3-airflow-3` picks the latest matching build. ComposerEnv relies on
 * Composer 3 (custom bucket, private environment), so Composer 2 images are refused.
 */
export const COMPOSER_3_IMAGE = /^composer-3-airflow-\d+(\.\d+){0,2}(-build\.\d+)?$/;

/** Why `imageVersion` is not a Cloud Composer 3 image, or undefined. */
export function composerImageProblem(imageVersion: string): string | undefined {
  if (isUnresolved(imageVersion)) return undefined;
  return COMPOSER_3_IMAGE.test(imageVersion)
    ? undefined
    : `'${imageVersion}' is not a Cloud Composer 3 image; the platform runs on Composer 3 (custom bucket, private environment), so write it like 'composer-3-airflow-3.1.7'`;
}
