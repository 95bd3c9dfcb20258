/**
 * Where data may live. Residency is the reason this library exists, so the lists are closed:
 * adding a location is a reviewed code change, not a config value. Only EU member states count:
 * europe-west2 (London) and europe-west6 (Zurich) are in Europe but not in the EU.
 *
 * The region list itself lives in packages/vertex-client (the function's bundle and the
 * command-line clients check against it too); this module adds what the library needs.
 */
import { EU_REGIONS } from '../../packages/vertex-client/src/eu-regions';

export { EU_REGIONS };
export type EuRegion = (typeof EU_REGIONS)[number];

/**
 * Multi-region locations inside the EU: `eu` (Cloud Storage, BigQuery, Artifact Registry) and
 * `europe` (Cloud KMS, Vertex AI). Both keep data in EU member states.
 */
export const EU_MULTI_REGIONS = ['eu', 'europe'] as const;

/**
 * Cloud Storage's predefined dual-regions inside the EU. EUR4 is Finland and the Netherlands;
 * EUR5, EUR7 and EUR8 pair an EU region with London or Zurich and are left out on purpose.
 */
export const EU_DUAL_REGIONS = ['eur4'] as const;

export const DEFAULT_REGION: EuRegion = 'europe-west4';

export function isEuRegion(value: string): value is EuRegion {
  return (EU_REGIONS as readonly string[]).includes(value);
}

/**
 * True for any EU location a resource may name: an EU region, a zone of one
 * (`europe-west4-a`), an EU multi-region or an EU dual-region. Case-insensitive, as Cloud
 * Storage writes locations in upper case.
 */
export function isEuLocation(value: string): boolean {
  const l = value.toLowerCase();
  return (EU_MULTI_REGIONS as readonly string[]).includes(l)
    || (EU_DUAL_REGIONS as readonly string[]).includes(l)
    || (EU_REGIONS as readonly string[]).some((r) => l === r || new RegExp(`^${r}-[a-z]$`).test(l));
}

/** The one wording of a location refused for residency; `subject` names the value, e.g. `region 'us-east1'`. */
export function nonEuRegionMessage(subject: string): string {
  return `${subject} is not allowed: data must stay in the EU; use one of ${EU_REGIONS.join(', ')}`;
}
