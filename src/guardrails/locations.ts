import { EU_REGIONS } from '../config/types';

/**
 * EU locations that span more than one region. `EU` is the multi-region of Cloud Storage and
 * BigQuery, `europe` Artifact Registry's, and `EUR4` Cloud Storage's predefined dual-region
 * (Finland and the Netherlands). The other predefined European dual-regions pair an EU region
 * with London (EUR5, EUR7) or Zurich (EUR8), which are outside the EU.
 */
export const EU_MULTI_REGIONS = ['eu', 'europe', 'eur4'] as const;

export type LocationVerdict = { readonly eu: true } | { readonly eu: false; readonly why: string };

/**
 * Judges one location value: a region, a zone of one (`europe-west4-a`), an EU multi- or
 * dual-region, or a resource name holding one (`projects/p/locations/europe-west4`).
 */
export function judgeLocation(value: string): LocationVerdict {
  let v = value.trim().toLowerCase();
  const named = /(?:^|\/)(?:locations|regions|zones)\/([^/]+)/.exec(v);
  if (named) v = named[1];
  if ((EU_MULTI_REGIONS as readonly string[]).includes(v)) return { eu: true };
  if ((EU_REGIONS as readonly string[]).some((r) => v === r || new RegExp(`^${r}-[a-z]$`).test(v))) return { eu: true };
  if (v === 'global') return { eu: false, why: "is 'global': the service may keep the data anywhere" };
  if (/^eur\d+$/.test(v)) return { eu: false, why: 'is a European dual-region that includes a region outside the EU (London or Zurich)' };
  return { eu: false, why: 'is outside the EU' };
}

export function euLocationFix(): string {
  return `use one of ${EU_REGIONS.join(', ')} (a zone of one, or the EU multi-/dual-regions ${EU_MULTI_REGIONS.map((m) => m.toUpperCase()).join(', ')})`;
}
