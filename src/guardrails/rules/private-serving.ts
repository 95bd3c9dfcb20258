import { COMPLIANT, GuardrailRule, isExpression, NOT_APPLICABLE, nonCompliant } from '../rule';

/**
 * Serving for websites stays private: a Cloud Run service takes traffic only from inside the
 * network or through a load balancer (where Cloud Armor sits), and a Redis cache demands AUTH
 * and TLS, so a reachable address alone reads no cached answer.
 */
export const privateServing: GuardrailRule = {
  id: 'VMC-NET-1',
  description: 'Cloud Run services take internal or load-balancer traffic only; Redis has AUTH and in-transit encryption on.',
  control: 'Network exposure (no direct internet path to serving; cache access needs a credential)',
  check(node) {
    if (node.type === 'google_cloud_run_v2_service') {
      const ingress = node.config.ingress;
      if (typeof ingress === 'string' && isExpression(ingress)) return COMPLIANT;
      if (ingress === 'INGRESS_TRAFFIC_INTERNAL_ONLY' || ingress === 'INGRESS_TRAFFIC_INTERNAL_LOAD_BALANCER') return COMPLIANT;
      return nonCompliant(`ingress is '${String(ingress ?? 'INGRESS_TRAFFIC_ALL (the default)')}'`, "set ingress to 'INGRESS_TRAFFIC_INTERNAL_LOAD_BALANCER' and put an external load balancer with Cloud Armor in front of a public site");
    }
    if (node.type === 'google_redis_instance') {
      const problems: string[] = [];
      if (node.config.auth_enabled !== true) problems.push('AUTH is off');
      if (node.config.transit_encryption_mode !== 'SERVER_AUTHENTICATION') problems.push(`transit_encryption_mode is '${String(node.config.transit_encryption_mode ?? 'DISABLED')}'`);
      if (node.config.connect_mode !== 'PRIVATE_SERVICE_ACCESS') problems.push(`connect_mode is '${String(node.config.connect_mode ?? 'DIRECT_PEERING')}'`);
      return problems.length === 0 ? COMPLIANT : nonCompliant(problems.join(', '), "set authEnabled: true, transitEncryptionMode: 'SERVER_AUTHENTICATION' and connectMode: 'PRIVATE_SERVICE_ACCESS' (MemorystoreRedis does)");
    }
    return NOT_APPLICABLE;
  },
};
