import { GrantLevel, isPublicPrincipal } from '../rules/roles';
import { dig, isExpression, ResourceNode, RuleContext } from './rule';


/** One grant of access, whatever resource form expresses it. */
export interface Grant {
  /** The role as written: `roles/x.y`, a custom role, an ACL role (`READER`), or a predefined ACL. */
  readonly role: unknown;
  readonly member: unknown;
  readonly level: GrantLevel;
  /** The attribute it came from, for messages: `member`, `policy_data`, `access[2]`, ... */
  readonly via: string;
}

export interface GrantsOf {
  readonly grants: readonly Grant[];
  /** Set when part of the resource grants access in a way that cannot be read at synth. */
  readonly unreadable?: string;
}

/** Predefined ACLs that open an object or bucket to everyone (or every Google account). */
const PUBLIC_PREDEFINED_ACLS = ['publicread', 'publicreadwrite', 'authenticatedread'];

function levelOf(type: string): GrantLevel {
  if (type.startsWith('google_project_iam_')) return 'project';
  if (type.startsWith('google_folder_iam_')) return 'folder';
  if (type.startsWith('google_organization_iam_')) return 'organization';
  if (type.startsWith('google_billing_account_iam_')) return 'billing-account';
  return 'resource';
}

function asList(v: unknown): unknown[] {
  if (v === undefined || v === null) return [];
  return Array.isArray(v) ? v : [v];
}

const IAM_TYPE = /_iam_(member|binding|policy)$/;
const ACL_ENTITY_TYPES = new Set([
  'google_storage_bucket_access_control',
  'google_storage_object_access_control',
  'google_storage_default_object_access_control',
]);
const ACL_LIST_TYPES = new Set(['google_storage_bucket_acl', 'google_storage_object_acl', 'google_storage_default_object_acl']);
const DATASET_ENTITY_FIELDS = ['user_by_email', 'group_by_email', 'domain', 'special_group', 'iam_member'];

/** Types that grant access through a list of principals of their own. */
const OTHER_GRANT_TYPES = new Set(['google_bigquery_dataset', 'google_bigquery_dataset_access', 'google_bigquery_row_access_policy', 'google_managed_kafka_acl']);

/** True when the resource type can grant access (the IAM rules apply to it). */
export function grantsAccess(type: string): boolean {
  return IAM_TYPE.test(type) || ACL_ENTITY_TYPES.has(type) || ACL_LIST_TYPES.has(type) || OTHER_GRANT_TYPES.has(type);
}

/** Every grant a resource makes, in every form the google provider has. */
export function grantsOf(node: ResourceNode, context: RuleContext): GrantsOf {
  const c = node.config;
  const level = levelOf(node.type);
  const grants: Grant[] = [];
  let unreadable: string | undefined;
  const predefined = (field: string) => {
    if (c[field] !== undefined) grants.push({ role: `predefinedAcl:${String(c[field])}`, member: `predefinedAcl:${String(c[field])}`, level, via: field });
  };
  predefined('predefined_acl');
  predefined('predefined_default_object_acl');
  if (/_iam_member$/.test(node.type)) {
    grants.push({ role: c.role, member: c.member, level, via: 'member' });
  } else if (/_iam_binding$/.test(node.type)) {
    if (!Array.isArray(c.members)) unreadable = `members is '${String(c.members)}', not a list of principals`;
    for (const m of asList(c.members)) grants.push({ role: c.role, member: m, level, via: 'members' });
  } else if (/_iam_policy$/.test(node.type)) {
    const policy = readPolicy(c.policy_data, context);
    if (policy === undefined) unreadable = `policy_data '${String(c.policy_data)}' is neither a JSON policy nor a google_iam_policy data source of this stack`;
    for (const [i, b] of (policy ?? []).entries()) {
      for (const m of asList(b.members)) grants.push({ role: b.role, member: m, level, via: `policy_data binding[${i}]` });
    }
  } else if (ACL_ENTITY_TYPES.has(node.type)) {
    grants.push({ role: c.role, member: c.entity, level, via: 'entity' });
  } else if (ACL_LIST_TYPES.has(node.type)) {
    for (const re of asList(c.role_entity)) {
      const [role, ...entity] = String(re).split(':');
      grants.push({ role, member: isExpression(re) ? re : entity.join(':'), level, via: 'role_entity' });
    }
    if (c.default_acl !== undefined) grants.push({ role: `predefinedAcl:${String(c.default_acl)}`, member: `predefinedAcl:${String(c.default_acl)}`, level, via: 'default_acl' });
  } else if (node.type === 'google_bigquery_row_access_policy') {
    for (const m of asList(c.grantees)) grants.push({ role: 'rowAccess', member: m, level, via: 'grantees' });
  } else if (node.type === 'google_managed_kafka_acl') {
    // Kafka's `User:*` is every authenticated client of the cluster.
    for (const [i, e] of asList(c.acl_entries).entries()) {
      const p = dig(e, 'principal');
      grants.push({ role: String(dig(e, 'operation') ?? 'ALL'), member: p === 'User:*' ? 'allAuthenticatedUsers' : p, level, via: `acl_entries[${i}].principal` });
    }
  } else if (node.type === 'google_bigquery_dataset' || node.type === 'google_bigquery_dataset_access') {
    const entries = node.type === 'google_bigquery_dataset' ? asList(c.access) : [c];
    for (const [i, a] of entries.entries()) {
      for (const f of DATASET_ENTITY_FIELDS) {
        const m = dig(a, f);
        if (m !== undefined) grants.push({ role: dig(a, 'role'), member: f === 'special_group' || f === 'iam_member' ? m : `${f}:${String(m)}`, level, via: node.type === 'google_bigquery_dataset' ? `access[${i}].${f}` : f });
      }
    }
  }
  return { grants, unreadable };
}

/** Reads the bindings of a policy: literal JSON, or the google_iam_policy data source it names. */
function readPolicy(policyData: unknown, context: RuleContext): { role: unknown; members: unknown }[] | undefined {
  if (typeof policyData !== 'string') return undefined;
  const ds = /^\$\{data\.google_iam_policy\.([A-Za-z0-9_-]+)\.policy_data\}$/.exec(policyData);
  if (ds) {
    const config = context.data.google_iam_policy?.[ds[1]];
    return config ? (asList(config.binding) as { role: unknown; members: unknown }[]) : undefined;
  }
  if (isExpression(policyData)) return undefined;
  try {
    const parsed = JSON.parse(policyData) as { bindings?: { role: unknown; members: unknown }[] };
    return parsed.bindings ?? [];
  } catch {
    return undefined;
  }
}

export type PrincipalVerdict = 'public' | 'private' | 'unknown';

/** Judges a principal in every spelling the APIs accept: IAM members, ACL entities, BigQuery groups. */
export function judgePrincipal(member: unknown, context: RuleContext): PrincipalVerdict {
  if (typeof member !== 'string') return 'unknown';
  const resolved = context.resolveValue(member);
  if (typeof resolved === 'string' && !isExpression(resolved)) {
    const m = resolved.trim().toLowerCase();
    if (isPublicPrincipal(m)) return 'public';
    if (m.startsWith('predefinedacl:')) return PUBLIC_PREDEFINED_ACLS.includes(m.slice('predefinedacl:'.length)) ? 'public' : 'private';
    return 'private';
  }
  // Partly unresolved: a literal principal prefix, or an attribute of a service account this
  // stack creates, cannot turn out public.
  if (/^(serviceAccount|user|group|principal|domain):/.test(member)) return 'private';
  if (/^(serviceAccount:)?\$\{google_service_account\.[A-Za-z0-9_-]+\.(email|member)\}$/.test(member)) return 'private';
  return 'unknown';
}

/**
 * The literal role, or undefined when it cannot be known at synth. A custom role of this stack
 * stands for its name (`projects/<p>/roles/<id>`); the escalation rule judges its permissions
 * where it is defined.
 */
export function literalRole(role: unknown, context: RuleContext): string | undefined {
  const r = context.resolveValue(role);
  if (typeof r === 'string' && !isExpression(r)) return r;
  const custom = context.resolveReference(role);
  if (custom && (custom.type === 'google_project_iam_custom_role' || custom.type === 'google_organization_iam_custom_role')) {
    const parent = custom.type === 'google_project_iam_custom_role' ? `projects/${String(custom.config.project)}` : `organizations/${String(custom.config.org_id)}`;
    return `${parent}/roles/${String(custom.config.role_id)}`;
  }
  return undefined;
}
