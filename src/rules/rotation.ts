import { isUnresolved } from './tokens';

/** 90 days: the longest rotation period a key may have. */
export const MAX_ROTATION_SECONDS = 90 * 24 * 60 * 60;
/** One day: Cloud KMS's shortest rotation period. */
export const MIN_ROTATION_SECONDS = 24 * 60 * 60;

export type KmsProtectionLevel = 'SOFTWARE' | 'HSM';
export const KMS_PROTECTION_LEVELS: readonly KmsProtectionLevel[] = ['SOFTWARE', 'HSM'];

/** Why `seconds` is not an allowed rotation period, or undefined. */
export function rotationProblem(seconds: number): string | undefined {
  if (isUnresolved(seconds)) return undefined;
  if (Number.isInteger(seconds) && seconds >= MIN_ROTATION_SECONDS && seconds <= MAX_ROTATION_SECONDS) return undefined;
  return `rotation period ${seconds}s (${(seconds / 86400).toFixed(1)} days) is out of range: keys must rotate at least every 90 days (${MAX_ROTATION_SECONDS}s) and at most daily (${MIN_ROTATION_SECONDS}s)`;
}
