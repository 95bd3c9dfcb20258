/**
 * Regions where data may live: the one list, which the library's rules (src/rules) re-export and
 * the Cloud Function and the command-line clients check against. It imports nothing, so the
 * function's bundle carries it as is. Only EU member states: europe-west2 (London) and
 * europe-west6 (Zurich) are in Europe but not in the EU; adding a region is a reviewed change.
 */
export const EU_REGIONS = [
  'europe-central2',
  'europe-north1',
  'europe-north2',
  'europe-southwest1',
  'europe-west1',
  'europe-west3',
  'europe-west4',
  'europe-west8',
  'europe-west9',
  'europe-west10',
  'europe-west12',
] as const;
