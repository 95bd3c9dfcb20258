import { euLocationFix, judgeLocation } from '../locations';
import { PROVIDER_TABLE } from '../provider-table';
import { COMPLIANT, couldNotValidate, GuardrailRule, instancesAt, NOT_APPLICABLE, nonCompliant } from '../rule';

/**
 * Types whose `location` is `global` by nature and which hold no data at rest: the value names
 * no place where anything is stored. Anything else at `global` fails.
 */
export const GLOBAL_OK: ReadonlySet<string> = new Set([
  'google_monitoring_alert_policy',
]);

/**
 * Types with no location field that Google runs at its edge worldwide: a global external load
 * balancer's parts terminate TLS, inspect and route visitors' requests at the point of presence
 * nearest each visitor. The provider's region says nothing about them, so they fail unless
 * waived (with the reason) or replaced by their regional counterparts. An external global
 * address is the balancer's anycast front; an internal one (a private service access range)
 * is configuration of a VPC and passes.
 */
export const GLOBAL_EDGE: ReadonlySet<string> = new Set([
  'google_compute_backend_service',
  'google_compute_global_address',
  'google_compute_global_forwarding_rule',
  'google_compute_managed_ssl_certificate',
  'google_compute_security_policy',
  'google_compute_ssl_certificate',
  'google_compute_ssl_policy',
  'google_compute_target_https_proxy',
  'google_compute_target_http_proxy',
  'google_compute_url_map',
]);

/** Types that do not take the provider's region when their location is left out. */
const NO_PROVIDER_DEFAULT: Readonly<Record<string, string>> = {
  google_pubsub_topic: 'without message_storage_policy, Pub/Sub keeps messages in whichever region is nearest the publisher, inside or outside the EU',
};

export const euLocation: GuardrailRule = {
  id: 'VMC-LOC-1',
  description: 'Every location-like value at any depth (location, region, zone, replica, persistence and data locations) is in the EU; a resource without one is judged by its provider\'s region.',
  control: 'Data residency (GDPR, customer contracts)',
  check(node, context) {
    if (GLOBAL_EDGE.has(node.type)) {
      const addressType = context.resolveValue(node.config.address_type);
      if (node.type === 'google_compute_global_address' && typeof addressType === 'string' && addressType.toUpperCase() === 'INTERNAL') return COMPLIANT;
      return nonCompliant(
        `${node.type} is global: Google runs it at the edge nearest each visitor, inside or outside the EU`,
        'use the regional counterpart (a regional external Application Load Balancer in an EU region), or waive VMC-LOC-1 with the reason (WEB_LOAD_BALANCER_RESIDENCY for a WebLoadBalancer)',
      );
    }
    const paths = PROVIDER_TABLE.locations[node.type];
    if (!paths) return NOT_APPLICABLE;
    let found = 0;
    for (const p of paths) {
      for (const raw of instancesAt(node.config, p.split('.'))) {
        found++;
        const value = context.resolveValue(raw);
        if (typeof value !== 'string' || value.includes('${')) {
          return couldNotValidate(`${p} '${String(raw)}' is only known at apply, so its residency cannot be checked`, `write the location literally (${euLocationFix()}), or waive VMC-LOC-1 with the reason`);
        }
        if (value.trim().toLowerCase() === 'global' && GLOBAL_OK.has(node.type)) continue;
        const verdict = judgeLocation(value);
        if (!verdict.eu) return nonCompliant(`${p} '${value}' ${verdict.why}`, euLocationFix());
      }
    }
    if (found > 0) return COMPLIANT;
    const why = NO_PROVIDER_DEFAULT[node.type];
    if (why) return nonCompliant(`sets none of ${paths.join(', ')}: ${why}`, `set ${paths[0]} to EU regions (${euLocationFix()})`);
    // Nothing set: the provider's region (or zone) decides where the resource goes.
    const provider = context.providerOf(node);
    const inherited = paths.some((p) => p === 'zone') && typeof provider?.zone === 'string' ? provider.zone : provider?.region;
    if (inherited === undefined) {
      return couldNotValidate(`${node.type} sets none of ${paths.join(', ')} and its provider has no region`, `set ${paths[0]} (${euLocationFix()}), or a region on the provider`);
    }
    const value = context.resolveValue(inherited);
    if (typeof value !== 'string' || value.includes('${')) {
      return couldNotValidate(`the provider's region '${String(inherited)}', which the resource inherits, is only known at apply`, 'set the provider region literally');
    }
    const verdict = judgeLocation(value);
    return verdict.eu ? COMPLIANT : nonCompliant(`sets no location, so it inherits the provider's '${value}', which ${verdict.why}`, `set ${paths[0]} or the provider's region: ${euLocationFix()}`);
  },
};
