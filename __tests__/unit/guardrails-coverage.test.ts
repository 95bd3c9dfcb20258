import * as child from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Testing, TerraformHclModule, TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import { DataGoogleIamPolicy } from '@cdktf/provider-google/lib/data-google-iam-policy';
import { GoogleProvider } from '@cdktf/provider-google/lib/provider';
import { ProjectIamMember } from '@cdktf/provider-google/lib/project-iam-member';
import { StorageBucket } from '@cdktf/provider-google/lib/storage-bucket';
import { CmekKey, CmekKeyring, EncryptedBucket, evaluate, Guardrails, GuardrailError, KEY_CLASSES, KeyClass } from '../../src';
import { PROVIDER_TABLE } from '../../src/guardrails/provider-table';
import { privilegedPath } from '../../src/library-made';
import { CMEK_INHERITED, keyClassOf } from '../../src/guardrails/rules/cmek-targets';
import { platformStack } from '../support/synth';

const ROOT = path.resolve(__dirname, '..', '..');

/** A stack with a key of every class and a provider in `region`; resources are added as raw JSON. */
function fixture(region: string | null = 'europe-west4') {
  const app = Testing.app({ stackTraces: false });
  const stack = new TerraformStack(app, 'test');
  new GoogleProvider(stack, 'google', { project: 'acme-ml-dev', region: region ?? undefined });
  const keyring = new CmekKeyring(stack, 'ring', { project: 'acme-ml-dev', location: 'europe-west4', name: 'ring' });
  const keys = Object.fromEntries(KEY_CLASSES.map((c) => [c, new CmekKey(stack, `key-${c}`, { keyring, keyClass: c })])) as Record<KeyClass, CmekKey>;
  /** Adds `config` as resource `type.id` through a stack-level override (no construct at all). */
  const raw = (type: string, id: string, config: Record<string, unknown>) => stack.addOverride(`resource.${type}.${id}`, config);
  const findings = (ruleId: string) => evaluate(stack).findings.filter((f) => f.ruleId === ruleId);
  return { app, stack, keyring, keys, raw, findings };
}

/** The reference a resource uses to point at the fixture's key of class `c`. */
function keyOf(f: ReturnType<typeof fixture>, c: KeyClass): string {
  return f.keys[c].keyName;
}

/** A nested config that sets `value` at every dot-path; plural leaves (`..._names`, `zones`) take a list. */
function configWith(paths: readonly string[], value: (leaf: string) => unknown): Record<string, unknown> {
  const root: Record<string, unknown> = {};
  for (const p of paths) {
    const segs = p.split('.');
    let cur = root;
    for (const s of segs.slice(0, -1)) cur = (cur[s] ??= {}) as Record<string, unknown>;
    const leaf = segs[segs.length - 1];
    cur[leaf] = value(leaf);
  }
  return root;
}
const plural = (leaf: string) => /s$/.test(leaf) && !/(address|class|access)$/.test(leaf);

describe('VMC-CMEK-1 over every CMEK-capable type of the provider', () => {
  const types = Object.keys(PROVIDER_TABLE.cmek);

  test('every type, with no key set, is reported (objects inherit their bucket\'s key)', () => {
    const f = fixture();
    types.forEach((t, i) => f.raw(t, `r${i}`, { name: 'x' }));
    const flagged = new Set(f.findings('VMC-CMEK-1').map((x) => x.type));
    expect(types.filter((t) => !flagged.has(t))).toEqual(Object.keys(CMEK_INHERITED));
    expect(flagged.size).toBe(types.length - 1);
  });

  test('every type, with every key field on a key of its class, passes both CMEK rules', () => {
    const f = fixture();
    types.forEach((t, i) => {
      const cls = keyClassOf(t) ?? 'storage';
      f.raw(t, `r${i}`, configWith(PROVIDER_TABLE.cmek[t], (leaf) => (plural(leaf) ? [keyOf(f, cls)] : keyOf(f, cls))));
    });
    expect(f.findings('VMC-CMEK-1')).toEqual([]);
    // Types whose service has no key class in the platform are told to get one, not passed.
    const noClass = f.findings('VMC-CMEK-2').map((x) => x.type).sort();
    expect(noClass).toEqual(types.filter((t) => keyClassOf(t) === undefined).sort());
    expect(noClass).toContain('google_sql_database_instance');
    expect(noClass).not.toContain('google_storage_bucket');
  });

  test('nested: a composer environment without a config block, and one replica of two without a key', () => {
    const f = fixture();
    f.raw('google_composer_environment', 'c', { name: 'c', region: 'europe-west4' });
    f.raw('google_secret_manager_secret', 's', {
      secret_id: 's',
      replication: { user_managed: { replicas: [
        { location: 'europe-west4', customer_managed_encryption: { kms_key_name: keyOf(f, 'secret-manager') } },
        { location: 'europe-west1' },
      ] } },
    });
    expect(f.findings('VMC-CMEK-1').map((x) => x.problem).sort()).toEqual([
      'google_composer_environment has no customer-managed key (set config.encryption_config.kms_key_name)',
      'google_secret_manager_secret has no customer-managed key in replication.user_managed.replicas.customer_managed_encryption.kms_key_name (#2)',
    ]);
  });

  test('compliant: a compute disk on a key; non-compliant: an instance whose attached disk has none', () => {
    const f = fixture();
    f.raw('google_compute_disk', 'd', { name: 'd', zone: 'europe-west4-a', disk_encryption_key: { kms_key_self_link: keyOf(f, 'storage') } });
    f.raw('google_compute_instance', 'i', {
      name: 'i', zone: 'europe-west4-a', machine_type: 'e2-small',
      instance_encryption_key: { kms_key_self_link: keyOf(f, 'storage') },
      boot_disk: { kms_key_self_link: keyOf(f, 'storage') }, attached_disk: [{ source: 'd' }],
    });
    expect(f.findings('VMC-CMEK-1').map((x) => `${x.type}: ${x.problem}`)).toEqual([
      'google_compute_instance: google_compute_instance has no customer-managed key in attached_disk.kms_key_self_link',
    ]);
  });

  test('an object may inherit its bucket\'s key, but one it names must be of the storage class', () => {
    const f = fixture();
    f.raw('google_storage_bucket_object', 'inherits', { bucket: 'b', name: 'o' });
    f.raw('google_storage_bucket_object', 'wrong', { bucket: 'b', name: 'p', kms_key_name: keyOf(f, 'pubsub') });
    expect(f.findings('VMC-CMEK-1')).toEqual([]);
    expect(f.findings('VMC-CMEK-2').map((x) => x.path)).toEqual(['test/resource.google_storage_bucket_object.wrong']);
  });
});

describe('VMC-CMEK-1: data-less views, and types whose pinned provider has no key field', () => {
  test('compliant: a logical view without a key, and a table on its key; non-compliant: a table, or a materialized view, without one', () => {
    const f = fixture();
    f.raw('google_bigquery_table', 'view', { dataset_id: 'd', table_id: 'v', view: { query: 'SELECT 1', use_legacy_sql: false } });
    f.raw('google_bigquery_table', 'table', { dataset_id: 'd', table_id: 't', encryption_configuration: { kms_key_name: keyOf(f, 'bigquery') } });
    f.raw('google_bigquery_table', 'bare', { dataset_id: 'd', table_id: 'b' });
    f.raw('google_bigquery_table', 'mv', { dataset_id: 'd', table_id: 'm', view: { query: 'SELECT 1' }, materialized_view: { query: 'SELECT 1' } });
    expect(f.findings('VMC-CMEK-1').map((x) => x.path).sort()).toEqual(['test/resource.google_bigquery_table.bare', 'test/resource.google_bigquery_table.mv']);
  });

  test('a view that names a key is still held to its class', () => {
    const f = fixture();
    f.raw('google_bigquery_table', 'view', { dataset_id: 'd', table_id: 'v', view: { query: 'SELECT 1' }, encryption_configuration: { kms_key_name: keyOf(f, 'storage') } });
    expect(f.findings('VMC-CMEK-2').map((x) => x.path)).toEqual(['test/resource.google_bigquery_table.view']);
  });

  test('non-compliant: a feature online store, whose key field the pinned provider lacks, names the missing field; a waiver with that reason passes', () => {
    const f = fixture();
    f.raw('google_vertex_ai_feature_online_store', 'fs', { name: 'fs', region: 'europe-west4', bigtable: { auto_scaling: { min_node_count: 1, max_node_count: 2 } } });
    expect(f.findings('VMC-CMEK-1').map((x) => x.problem)).toEqual([
      "google_vertex_ai_feature_online_store cannot be given a customer-managed key with the pinned provider: the Vertex AI API's FeatureOnlineStore.encryptionSpec (Bigtable online serving only) has no encryption_spec field in google 6.50.0 nor in google-beta 6.50.0",
    ]);
    // The pinned schema really has no such field: were it added, the type would appear in the derived table.
    expect(PROVIDER_TABLE.cmek).not.toHaveProperty('google_vertex_ai_feature_online_store');
    expect(PROVIDER_TABLE.types).toContain('google_vertex_ai_feature_online_store');
    Guardrails.waive(f.stack, 'VMC-CMEK-1', 'the pinned provider has no encryption_spec on google_vertex_ai_feature_online_store');
    const { findings, waived } = evaluate(f.stack);
    expect(findings.filter((x) => x.ruleId === 'VMC-CMEK-1')).toEqual([]);
    expect(waived.map((w) => `${w.ruleId} ${w.path}`)).toEqual(['VMC-CMEK-1 test/resource.google_vertex_ai_feature_online_store.fs']);
  });

  test('Dataflow jobs take the dataflow key class', () => {
    expect(keyClassOf('google_dataflow_job')).toBe('dataflow');
    expect(keyClassOf('google_dataflow_flex_template_job')).toBe('dataflow');
    expect(PROVIDER_TABLE.cmek.google_dataflow_job).toEqual(['kms_key_name']);
    const f = fixture();
    f.raw('google_dataflow_job', 'on-storage-key', { name: 'j', region: 'europe-west4', template_gcs_path: 'gs://t', temp_gcs_location: 'gs://x/tmp', kms_key_name: keyOf(f, 'storage') });
    f.raw('google_dataflow_job', 'on-dataflow-key', { name: 'k', region: 'europe-west4', template_gcs_path: 'gs://t', temp_gcs_location: 'gs://x/tmp', kms_key_name: keyOf(f, 'dataflow') });
    expect(f.findings('VMC-CMEK-2').map((x) => x.path)).toEqual(['test/resource.google_dataflow_job.on-storage-key']);
  });
});

describe('VMC-LOC-1 over every location-like path of the provider', () => {
  const types = Object.keys(PROVIDER_TABLE.locations);

  test('every type with every location path in the US is reported; in the EU it passes', () => {
    const us = fixture();
    const eu = fixture();
    types.forEach((t, i) => {
      const paths = PROVIDER_TABLE.locations[t];
      const value = (place: string) => (leaf: string) => (plural(leaf) ? [place] : place);
      us.raw(t, `r${i}`, configWith(paths, value(paths.some((p) => /zone/.test(p)) ? 'us-central1-a' : 'us-central1')));
      eu.raw(t, `r${i}`, configWith(paths, value(paths.some((p) => /zone/.test(p)) ? 'europe-west4-a' : 'europe-west4')));
    });
    expect(new Set(us.findings('VMC-LOC-1').map((x) => x.type)).size).toBe(types.length);
    expect(eu.findings('VMC-LOC-1')).toEqual([]);
  });

  test('nested, zonal and replica locations are all checked', () => {
    const f = fixture();
    f.raw('google_secret_manager_secret', 's', { secret_id: 's', replication: { user_managed: { replicas: [{ location: 'europe-west4' }, { location: 'us-east1' }] } } });
    f.raw('google_compute_disk', 'd', { name: 'd', zone: 'us-central1-a' });
    f.raw('google_compute_region_disk', 'rd', { name: 'rd', region: 'europe-west4', replica_zones: ['europe-west4-a', 'asia-east1-b'] });
    f.raw('google_storage_bucket', 'b', { name: 'b', location: 'EU', custom_placement_config: { data_locations: ['EUROPE-WEST4', 'US-EAST1'] } });
    f.raw('google_pubsub_topic', 't', { name: 't', message_storage_policy: { allowed_persistence_regions: ['europe-west1', 'us-central1'] } });
    expect(Object.fromEntries(f.findings('VMC-LOC-1').map((x) => [x.type, x.problem]))).toEqual({
      google_secret_manager_secret: "replication.user_managed.replicas.location 'us-east1' is outside the EU",
      google_compute_disk: "zone 'us-central1-a' is outside the EU",
      google_compute_region_disk: "replica_zones 'asia-east1-b' is outside the EU",
      google_storage_bucket: "custom_placement_config.data_locations 'US-EAST1' is outside the EU",
      google_pubsub_topic: "message_storage_policy.allowed_persistence_regions 'us-central1' is outside the EU",
    });
  });

  test('EU multi- and dual-regions pass; European dual-regions with London or Zurich, and global, fail', () => {
    const f = fixture();
    for (const [id, location] of Object.entries({ eu: 'EU', eur4: 'EUR4', europe: 'europe', eur5: 'EUR5', eur8: 'eur8', global: 'global', us: 'US' })) {
      f.raw('google_storage_bucket', id, { name: id, location });
    }
    expect(f.findings('VMC-LOC-1').map((x) => `${x.path.split('.').pop()}: ${x.problem}`).sort()).toEqual([
      "eur5: location 'EUR5' is a European dual-region that includes a region outside the EU (London or Zurich)",
      "eur8: location 'eur8' is a European dual-region that includes a region outside the EU (London or Zurich)",
      "global: location 'global' is 'global': the service may keep the data anywhere",
      "us: location 'US' is outside the EU",
    ]);
  });

  test('a resource without a location is judged by its provider\'s region', () => {
    const us = fixture('us-central1');
    us.raw('google_cloudfunctions_function', 'fn', { name: 'fn', runtime: 'nodejs22' });
    expect(us.findings('VMC-LOC-1').map((x) => x.problem)).toEqual([
      "sets no location, so it inherits the provider's 'us-central1', which is outside the EU",
    ]);
    const eu = fixture('europe-west1');
    eu.raw('google_cloudfunctions_function', 'fn', { name: 'fn', runtime: 'nodejs22' });
    expect(eu.findings('VMC-LOC-1')).toEqual([]);
    const none = fixture(null);
    none.raw('google_cloudfunctions_function', 'fn', { name: 'fn', runtime: 'nodejs22' });
    expect(none.findings('VMC-LOC-1')[0].problem).toMatch(/^could not validate: google_cloudfunctions_function sets none of region and its provider has no region/);
  });

  test('a value known only at apply is reported as unverifiable; a reference to a literal is followed', () => {
    const f = fixture();
    f.stack.addOverride('variable.where', { type: 'string' });
    f.raw('google_storage_bucket', 'var', { name: 'v', location: '${var.where}' });
    f.raw('google_storage_bucket', 'ref', { name: 'r', location: f.keyring.resource.location });
    const problems = f.findings('VMC-LOC-1');
    expect(problems.map((x) => x.path)).toEqual(['test/resource.google_storage_bucket.var']);
    expect(problems[0].problem).toBe("could not validate: location '${var.where}' is only known at apply, so its residency cannot be checked");
  });
});

describe('VMC-LOC-2 no automatic replication', () => {
  test('compliant: user-managed EU replicas; non-compliant: automatic replication, even on a key', () => {
    const f = fixture();
    f.raw('google_secret_manager_secret', 'um', { secret_id: 'a', replication: { user_managed: { replicas: [{ location: 'europe-west4' }] } } });
    f.raw('google_secret_manager_secret', 'auto', { secret_id: 'b', replication: { auto: { customer_managed_encryption: { kms_key_name: keyOf(f, 'secret-manager') } } } });
    expect(f.findings('VMC-LOC-2').map((x) => x.path)).toEqual(['test/resource.google_secret_manager_secret.auto']);
  });
});

describe('VMC-IAM-2 public principals in every form and spelling', () => {
  test('members, bindings, policies, ACLs, predefined ACLs and dataset access blocks', () => {
    const f = fixture();
    new DataGoogleIamPolicy(f.stack, 'policy', { binding: [{ role: 'roles/storage.objectViewer', members: ['allAuthenticatedUsers'] }] });
    const cases: Record<string, [string, Record<string, unknown>]> = {
      member_spacing: ['google_storage_bucket_iam_member', { bucket: 'b', role: 'roles/storage.objectViewer', member: ' AllUsers ' }],
      binding_principal_set: ['google_pubsub_topic_iam_binding', { topic: 't', role: 'roles/pubsub.subscriber', members: ['group:a@example.com', 'principalSet://goog/public:all'] }],
      policy_json: ['google_storage_bucket_iam_policy', { bucket: 'b', policy_data: JSON.stringify({ bindings: [{ role: 'roles/storage.objectViewer', members: ['allUsers'] }] }) }],
      policy_data_source: ['google_storage_bucket_iam_policy', { bucket: 'c', policy_data: '${data.google_iam_policy.policy.policy_data}' }],
      bucket_acl: ['google_storage_bucket_acl', { bucket: 'b', role_entity: ['OWNER:user-a@example.com', 'READER:allUsers'] }],
      object_access_control: ['google_storage_object_access_control', { bucket: 'b', object: 'o', role: 'READER', entity: 'allAuthenticatedUsers' }],
      predefined_object_acl: ['google_storage_object_acl', { bucket: 'b', object: 'o', predefined_acl: 'publicRead' }],
      default_object_acl: ['google_storage_default_object_access_control', { bucket: 'b', role: 'READER', entity: 'allUsers' }],
      dataset_access_block: ['google_bigquery_dataset', { dataset_id: 'd', location: 'EU', default_encryption_configuration: { kms_key_name: keyOf(f, 'bigquery') }, access: [{ role: 'READER', special_group: 'allAuthenticatedUsers' }] }],
      dataset_access: ['google_bigquery_dataset_access', { dataset_id: 'd', role: 'READER', iam_member: 'allUsers' }],
      row_access: ['google_bigquery_row_access_policy', { dataset_id: 'd', table_id: 't', policy_id: 'p', filter_predicate: 'true', grantees: ['allAuthenticatedUsers'] }],
      kafka_acl: ['google_managed_kafka_acl', { acl_id: 'topic/t', cluster: 'c', location: 'europe-west4', acl_entries: [{ principal: 'User:*', permission_type: 'ALLOW', operation: 'READ', host: '*' }] }],
    };
    for (const [id, [type, config]] of Object.entries(cases)) f.raw(type, id, config);
    f.raw('google_storage_bucket_iam_member', 'private', { bucket: 'b', role: 'roles/storage.objectViewer', member: 'group:ml@example.com' });
    f.raw('google_storage_bucket_acl', 'private_acl', { bucket: 'b', role_entity: ['READER:group-ml@example.com'] });
    expect(f.findings('VMC-IAM-2').map((x) => x.path.split('.').pop()).sort()).toEqual(Object.keys(cases).sort());
  });

  test('a principal only known at apply is unverifiable', () => {
    const f = fixture();
    f.stack.addOverride('variable.who', { type: 'string' });
    f.raw('google_storage_bucket_iam_member', 'm', { bucket: 'b', role: 'roles/storage.objectViewer', member: '${var.who}' });
    expect(f.findings('VMC-IAM-2')[0].problem).toBe("could not validate: the principal '${var.who}' (member) is only known at apply");
  });
});

describe('VMC-IAM-1 primitive roles in every form', () => {
  test('a policy and a binding granting roles/owner', () => {
    const f = fixture();
    f.raw('google_project_iam_policy', 'p', { project: 'p', policy_data: JSON.stringify({ bindings: [{ role: 'roles/owner', members: ['user:a@example.com'] }] }) });
    f.raw('google_project_iam_binding', 'b', { project: 'p', role: 'roles/viewer', members: ['user:a@example.com'] });
    f.raw('google_project_iam_member', 'ok', { project: 'p', role: 'roles/aiplatform.user', member: 'user:a@example.com' });
    expect(f.findings('VMC-IAM-1').map((x) => x.problem).sort()).toEqual([
      "grants the primitive role 'roles/owner' (policy_data binding[0])",
      "grants the primitive role 'roles/viewer' (members)",
    ]);
  });
});

describe('VMC-IAM-3 privilege-escalation roles', () => {
  test('non-compliant: IAM, service-account and key administration, project-wide actAs and token creation', () => {
    const f = fixture();
    const roles = ['roles/resourcemanager.projectIamAdmin', 'roles/iam.serviceAccountAdmin', 'roles/iam.serviceAccountUser', 'roles/iam.serviceAccountTokenCreator', 'roles/cloudkms.admin', 'roles/iam.securityAdmin'];
    roles.forEach((role, i) => f.raw('google_project_iam_member', `p${i}`, { project: 'p', role, member: 'group:ops@example.com' }));
    f.raw('google_service_account_iam_member', 'sa_token', { service_account_id: 'projects/p/serviceAccounts/x@p.iam.gserviceaccount.com', role: 'roles/iam.serviceAccountTokenCreator', member: 'group:ops@example.com' });
    f.raw('google_kms_crypto_key_iam_member', 'key_admin', { crypto_key_id: keyOf(f, 'storage'), role: 'roles/cloudkms.admin', member: 'group:ops@example.com' });
    const found = f.findings('VMC-IAM-3').map((x) => x.path.split('.').pop()).sort();
    expect(found).toEqual(['key_admin', 'p0', 'p1', 'p2', 'p3', 'p4', 'p5', 'sa_token']);
  });

  test('compliant: actAs on one service account; custom roles without setIamPolicy-type permissions', () => {
    const f = fixture();
    f.raw('google_service_account_iam_member', 'act_as', { service_account_id: 'projects/p/serviceAccounts/x@p.iam.gserviceaccount.com', role: 'roles/iam.serviceAccountUser', member: 'group:ops@example.com' });
    f.raw('google_project_iam_custom_role', 'reader', { role_id: 'reader', title: 'r', permissions: ['storage.objects.get', 'storage.objects.list'] });
    expect(f.findings('VMC-IAM-3')).toEqual([]);
  });

  test('non-compliant: custom roles holding setIamPolicy, actAs or key creation', () => {
    const f = fixture();
    f.raw('google_project_iam_custom_role', 'setter', { role_id: 's', title: 's', permissions: ['storage.buckets.get', 'resourcemanager.projects.setIamPolicy'] });
    f.raw('google_organization_iam_custom_role', 'actor', { org_id: '1', role_id: 'a', title: 'a', permissions: ['iam.serviceAccounts.actAs', 'iam.serviceAccountKeys.create'] });
    expect(f.findings('VMC-IAM-3').map((x) => x.problem).sort()).toEqual([
      'the custom role holds iam.serviceAccounts.actAs, iam.serviceAccountKeys.create, with which its holder can grant itself more',
      'the custom role holds resourcemanager.projects.setIamPolicy, with which its holder can grant itself more',
    ]);
  });
});

describe('VMC-IAM-3 the deployer\'s documented path', () => {
  test('project IAM admin on the deployer path still needs the modifiedGrantsByRole condition', () => {
    const f = fixture();
    const scope = new Construct(f.stack, 'deployer');
    new ProjectIamMember(scope, 'unconditioned', { project: 'p', role: 'roles/resourcemanager.projectIamAdmin', member: 'serviceAccount:d@p.iam.gserviceaccount.com' });
    new ProjectIamMember(scope, 'conditioned', {
      project: 'p', role: 'roles/resourcemanager.projectIamAdmin', member: 'serviceAccount:d@p.iam.gserviceaccount.com',
      condition: { title: 't', expression: "api.getAttribute('iam.googleapis.com/modifiedGrantsByRole', []).hasOnly(['roles/aiplatform.user'])" },
    });
    privilegedPath(scope, 'test: the deployer path');
    expect(f.findings('VMC-IAM-3').map((x) => `${x.path}: ${x.problem}`)).toEqual([
      "test/deployer/unconditioned: grants 'roles/resourcemanager.projectIamAdmin' to the deployer without a condition on iam.googleapis.com/modifiedGrantsByRole",
    ]);
  });

  test('the package does not export the marks, so a stack cannot bless its own resources', () => {
    const api = Object.keys(require('../../src') as Record<string, unknown>);
    expect(api.filter((k) => ['libraryMade', 'privilegedPath', 'isLibraryMade', 'privilegedReason'].includes(k))).toEqual([]);
  });
});

describe('VMC-IAM-4 no service-account keys', () => {
  test('non-compliant: a key and an HMAC key; compliant: the account alone', () => {
    const f = fixture();
    f.raw('google_service_account', 'sa', { account_id: 'sa' });
    f.raw('google_service_account_key', 'k', { service_account_id: '${google_service_account.sa.name}' });
    f.raw('google_storage_hmac_key', 'h', { service_account_email: '${google_service_account.sa.email}' });
    expect(f.findings('VMC-IAM-4').map((x) => x.type).sort()).toEqual(['google_service_account_key', 'google_storage_hmac_key']);
  });
});

describe('VMC-COV-1 nothing passes unseen', () => {
  test('compliant: a resource of the pinned schema with literal blocks', () => {
    const f = fixture();
    f.raw('google_pubsub_topic', 't', { name: 't', kms_key_name: keyOf(f, 'pubsub'), message_storage_policy: { allowed_persistence_regions: ['europe-west4'] } });
    expect(f.findings('VMC-COV-1')).toEqual([]);
  });

  test('non-compliant: a type the pinned provider does not have, a dynamic block, a module', () => {
    const f = fixture();
    f.stack.addOverride('variable.readers', { type: 'list(string)' });
    f.raw('google_vertex_ai_metadata_store', 'beta_only', { name: 'm', region: 'europe-west4' });
    f.raw('google_bigquery_dataset', 'dyn', {
      dataset_id: 'd', location: 'EU', default_encryption_configuration: { kms_key_name: keyOf(f, 'bigquery') },
      dynamic: { access: { for_each: '${var.readers}', content: { role: 'READER', special_group: '${access.value}' } } },
    });
    new TerraformHclModule(f.stack, 'vendor', { source: 'terraform-google-modules/cloud-storage/google', version: '9.0.0' });
    expect(Object.fromEntries(f.findings('VMC-COV-1').map((x) => [x.path.split(/[./]/).pop(), x.problem]))).toEqual({
      beta_only: 'could not validate: google_vertex_ai_metadata_store is not a resource type of the pinned hashicorp/google 6.50.0 schema (a google-beta-only type?), so its keys and locations are not covered',
      dyn: 'could not validate: dynamic block access is expanded only at plan, so its keys, locations and grants cannot be checked',
      vendor: "could not validate: module 'vendor' creates resources the pack cannot see at synth",
    });
  });
});

describe('no way around the pack', () => {
  /** A guarded stack; `add` puts something non-compliant in it. */
  function guarded(add: (stack: TerraformStack, key: CmekKey) => void, appProps: ConstructorParameters<typeof App>[0] = {}) {
    const app = new App({ outdir: fs.mkdtempSync(path.join(os.tmpdir(), 'vmlops-guard-')), stackTraces: false, ...appProps });
    const stack = new TerraformStack(app, 'team');
    new GoogleProvider(stack, 'google', { project: 'acme-ml-dev', region: 'europe-west4' });
    const keyring = new CmekKeyring(stack, 'ring', { project: 'acme-ml-dev', location: 'europe-west4', name: 'ring' });
    const key = new CmekKey(stack, 'storage-key', { keyring, keyClass: 'storage' });
    add(stack, key);
    Guardrails.applyTo(stack);
    return { app, stack };
  }
  const usBucket = (stack: Construct, key: CmekKey) => new EncryptedBucket(stack, 'data', { project: 'acme-ml-dev', projectNumber: '123456789012', name: 'acme-data', encryptionKey: key }).resource.addOverride('location', 'US');

  test('an escape-hatch override on a library resource is seen, and fails synth', () => {
    const { app } = guarded((s, k) => usBucket(s, k));
    expect(() => app.synth()).toThrow(/\[VMC-LOC-1\] team\/data\/Resource \(google_storage_bucket\): location 'US' is outside the EU\. Fix: use one of europe-central2/);
  });

  test('CDKTF_CONTINUE_SYNTH_ON_ERROR_ANNOTATIONS and skipValidation do not turn it off', () => {
    const before = process.env.CDKTF_CONTINUE_SYNTH_ON_ERROR_ANNOTATIONS;
    process.env.CDKTF_CONTINUE_SYNTH_ON_ERROR_ANNOTATIONS = 'true';
    try {
      const { app, stack } = guarded((s, k) => usBucket(s, k), { skipValidation: true });
      expect(() => app.synth()).toThrow(GuardrailError);
      expect(fs.existsSync(path.join(app.outdir, 'stacks', 'team', 'cdk.tf.json'))).toBe(false);
      expect(() => Testing.synth(stack)).toThrow(GuardrailError);
    } finally {
      if (before === undefined) delete process.env.CDKTF_CONTINUE_SYNTH_ON_ERROR_ANNOTATIONS;
      else process.env.CDKTF_CONTINUE_SYNTH_ON_ERROR_ANNOTATIONS = before;
    }
  });

  test('HCL output is guarded too', () => {
    const { stack } = guarded((s, k) => usBucket(s, k));
    expect(() => stack.toHclTerraform()).toThrow(GuardrailError);
  });

  test('a raw resource in a subclass of a library construct, or added under one, is raw', () => {
    class TeamBucket extends EncryptedBucket {
      constructor(scope: Construct, id: string, key: CmekKey) {
        super(scope, id, { project: 'acme-ml-dev', projectNumber: '123456789012', name: 'acme-team', encryptionKey: key });
        new StorageBucket(this, 'sidecar', { name: 'acme-sidecar', location: 'EUROPE-WEST4', uniformBucketLevelAccess: true, publicAccessPrevention: 'enforced', encryption: { defaultKmsKeyName: key.keyName } });
      }
    }
    const { stack } = guarded((s, k) => {
      const team = new TeamBucket(s, 'team-bucket', k);
      new StorageBucket(k, 'under-key', { name: 'acme-under', location: 'EUROPE-WEST4', uniformBucketLevelAccess: true, publicAccessPrevention: 'enforced', encryption: { defaultKmsKeyName: k.keyName } });
      team.grantRead('group:ml@example.com');
    });
    const raw = evaluate(stack).findings.filter((x) => x.ruleId === 'VMC-RAW-1').map((x) => x.path).sort();
    // The subclass's own bucket and its grant (made by library code) are the library's; the extras are not.
    expect(raw).toEqual(['team/storage-key/under-key', 'team/team-bucket/sidecar']);
  });

  test('a stack-level override that adds a resource is raw', () => {
    const { stack } = guarded((s) => s.addOverride('resource.google_pubsub_topic.sneaky', { name: 'sneaky' }));
    expect(evaluate(stack).findings.filter((x) => x.path === 'team/resource.google_pubsub_topic.sneaky').map((x) => x.ruleId)).toEqual(['VMC-CMEK-1', 'VMC-LOC-1', 'VMC-RAW-1']);
  });

  /** What `run` writes to stderr, line by line (a synth prints each waived finding there). */
  const outputOf = (run: () => unknown): { stdout: string[]; stderr: string[] } => {
    const stdout = jest.spyOn(process.stdout, 'write').mockImplementation(() => true);
    const stderr = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
    try {
      run();
      return { stdout: stdout.mock.calls.map((c) => String(c[0])), stderr: stderr.mock.calls.map((c) => String(c[0])) };
    } finally {
      stdout.mockRestore();
      stderr.mockRestore();
    }
  };
  const stderrOf = (run: () => unknown): string[] => outputOf(run).stderr;
  /** A stack whose US bucket is waived with `reason`. */
  const waivedUsBucket = (reason: string) => guarded((s, k) => {
    usBucket(s, k);
    Guardrails.waive(s.node.findChild('data'), 'VMC-LOC-1', reason);
  }).app;

  test('a waiver with a reason lets it through, and says so in the output', () => {
    const app = waivedUsBucket('US replica agreed with the DPO, ticket SEC-42');
    expect(stderrOf(() => app.synth())).toEqual([
      "guardrails: waived [VMC-LOC-1] team/data/Resource: location 'US' is outside the EU (reason: US replica agreed with the DPO, ticket SEC-42)\n",
    ]);
    const tf = JSON.parse(fs.readFileSync(path.join(app.outdir, 'stacks', 'team', 'cdk.tf.json'), 'utf8'));
    expect(tf.locals.guardrail_waivers).toEqual([{ rule: 'VMC-LOC-1', path: 'team/data', reason: 'US replica agreed with the DPO, ticket SEC-42' }]);
  });

  test('under the cdktf CLI the notice goes to stdout, which the CLI shows as it is, not as [ERROR]', () => {
    const app = waivedUsBucket('US replica agreed with the DPO, ticket SEC-42');
    const before = process.env.CDKTF_CONTINUE_SYNTH_ON_ERROR_ANNOTATIONS;
    process.env.CDKTF_CONTINUE_SYNTH_ON_ERROR_ANNOTATIONS = 'true';
    try {
      expect(outputOf(() => app.synth())).toEqual({
        stdout: ["guardrails: waived [VMC-LOC-1] team/data/Resource: location 'US' is outside the EU (reason: US replica agreed with the DPO, ticket SEC-42)\n"],
        stderr: [],
      });
    } finally {
      if (before === undefined) delete process.env.CDKTF_CONTINUE_SYNTH_ON_ERROR_ANNOTATIONS;
      else process.env.CDKTF_CONTINUE_SYNTH_ON_ERROR_ANNOTATIONS = before;
    }
  });

  test('a team reason found inside the problem text is still printed', () => {
    const app = waivedUsBucket('outside the EU');
    expect(stderrOf(() => app.synth())).toEqual([
      "guardrails: waived [VMC-LOC-1] team/data/Resource: location 'US' is outside the EU (reason: outside the EU)\n",
    ]);
  });

  test("a library-made waiver whose reason is its problem says it once", () => {
    expect(stderrOf(() => Testing.synth(platformStack('dev')))).toEqual([
      "guardrails: waived [VMC-CMEK-1] mlops-dev/features/feature-store/Resource: google_vertex_ai_feature_online_store cannot be given a customer-managed key with the pinned provider: the Vertex AI API's FeatureOnlineStore.encryptionSpec (Bigtable online serving only) has no encryption_spec field in google 6.50.0 nor in google-beta 6.50.0\n",
    ]);
  });

  test('synth of a violating app exits non-zero with the rule, the path and the fix, and no stack trace', () => {
    // A team's own app, synthesized as `cdktf synth` runs it; the annotation switch is on.
    const r = child.spawnSync(process.execPath, ['-r', path.join(ROOT, 'scripts', 'ts-loader.js'), path.join(ROOT, '__tests__', 'support', 'violating-app.ts')], {
      cwd: ROOT,
      encoding: 'utf8',
      env: { ...process.env, CDKTF_OUTDIR: fs.mkdtempSync(path.join(os.tmpdir(), 'vmlops-guard-cli-')), CDKTF_CONTINUE_SYNTH_ON_ERROR_ANNOTATIONS: 'true' },
    });
    expect(r.status).not.toBe(0);
    expect(r.stderr).toContain("GuardrailError: guardrails: 2 findings in stack 'team'");
    expect(r.stderr).toContain("[VMC-RAW-1] team/data/public-read (google_storage_bucket_iam_member): google_storage_bucket_iam_member was added outside the library's constructs. Fix: use (or write) a construct for it");
    expect(r.stderr).toContain("[VMC-IAM-2] team/data/public-read (google_storage_bucket_iam_member): grants 'roles/storage.objectViewer' to 'allUsers' (member), which is everyone. Fix: grant to named user:, group: or serviceAccount: principals only.");
    expect(r.stderr).not.toMatch(/^\s+at /m);
  }, 60_000);
});
