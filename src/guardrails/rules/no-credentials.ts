import { COMPLIANT, GuardrailRule, isExpression, nonCompliant } from '../rule';

/** Attributes that hold a credential wherever they appear (any provider, any nesting). */
const CREDENTIAL_KEYS = new Set([
  'personal_access_token', 'password', 'client_secret', 'client_certificate_password', 'secret_value',
  'private_key', 'access_token', 'oidc_token', 'credentials', 'service_account_key',
]);
/** Resources that exist only to hold a long-lived credential. */
const CREDENTIAL_TYPES: Readonly<Record<string, string>> = {
  google_service_account_key: 'a service-account key never expires; impersonate the account or use Workload Identity Federation',
  google_apikeys_key: 'an API key is a bearer secret; call the API as a service account instead',
};

function findCredential(value: unknown, at: string[]): string | undefined {
  if (Array.isArray(value)) {
    for (const [i, v] of value.entries()) {
      const found = findCredential(v, [...at, String(i)]);
      if (found) return found;
    }
    return undefined;
  }
  if (value === null || typeof value !== 'object') return undefined;
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
    if (CREDENTIAL_KEYS.has(k) && v !== null && v !== undefined && v !== '' && v !== false) return [...at, k].join('.');
    // Azure DevOps marks a secret variable with is_secret; its value would sit in the state.
    if (k === 'is_secret' && v === true) return [...at, k].join('.');
    const found = findCredential(v, [...at, k]);
    if (found) return found;
  }
  return undefined;
}

export const noCredentials: GuardrailRule = {
  id: 'VMC-SECRET-1',
  description: 'No credential (key, personal access token, password, secret variable) is written into a stack.',
  control: 'Keyless: no long-lived secrets',
  check(node) {
    if (node.type in CREDENTIAL_TYPES) return nonCompliant(`${node.type} creates a long-lived credential`, CREDENTIAL_TYPES[node.type]);
    const at = findCredential(node.config, []);
    if (!at) return COMPLIANT;
    const leaf = at.split('.').reduce<unknown>((v, k) => (v as Record<string, unknown>)?.[k], node.config);
    const what = isExpression(leaf) ? 'a credential (from an expression)' : 'a credential';
    return nonCompliant(`${node.type} sets ${at}: ${what} would be stored in the configuration and the state`,
      'authenticate through the environment (Workload Identity Federation, a short-lived token) and keep secrets in Secret Manager');
  },
};
