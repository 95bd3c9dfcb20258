import { EU_DUAL_REGIONS, EU_MULTI_REGIONS, EU_REGIONS, isEuLocation } from '../rules/eu-regions';

export type LocationVerdict = { readonly eu: true } | { readonly eu: false; readonly why: string };

/**
 * Judges one location value: a region, a zone of one (`europe-west4-a`), an EU multi- or
 * dual-region, or a resource name holding one (`projects/p/locations/europe-west4`).
 */
export function judgeLocation(value: string): LocationVerdict {
  let v = value.trim().toLowerCase();
  const named = /(?:^|\/)(?:locations|regions|zones)\/([^/]+)/.exec(v);
  if (named) v = named[1];
  if (isEuLocation(v)) return { eu: true };
  if (v === 'global') return { eu: false, why: "is 'global': the service may keep the data anywhere" };
  if (/^eur\d+$/.test(v)) return { eu: false, why: 'is a European dual-region that includes a region outside the EU (London or Zurich)' };
  return { eu: false, why: 'is outside the EU' };
}

export function euLocationFix(): string {
  return `use one of ${EU_REGIONS.join(', ')} (a zone of one, or the EU multi-/dual-regions ${[...EU_MULTI_REGIONS, ...EU_DUAL_REGIONS].map((m) => m.toUpperCase()).join(', ')})`;
}
