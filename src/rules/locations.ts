import { isEuLocation, isEuRegion, nonEuRegionMessage } from './eu-regions';
import { isUnresolved } from './tokens';

/** Why `value` is not an EU region, or undefined (also for an unresolved token). */
export function euRegionProblem(value: string, subject = 'region'): string | undefined {
  if (isUnresolved(value) || isEuRegion(value)) return undefined;
  return nonEuRegionMessage(`${subject} '${value}'`);
}

/** Why `value` is not an EU location (region, zone, multi- or dual-region), or undefined. */
export function euLocationProblem(value: string, subject = 'location'): string | undefined {
  if (isUnresolved(value) || isEuLocation(value)) return undefined;
  return `${nonEuRegionMessage(`${subject} '${value}'`)} (or the EU multi-region 'EU', or the dual-region 'EUR4')`;
}

/**
 * Throws unless `value` is an EU region; skips unresolved tokens. `field` names the construct and
 * prop, e.g. `ComposerEnv 'a/b': region`.
 */
export function assertEuRegion(value: string, field: string): void {
  if (isUnresolved(value)) return;
  if (!isEuRegion(value)) throw new Error(nonEuRegionMessage(`${field} '${value}'`));
}
