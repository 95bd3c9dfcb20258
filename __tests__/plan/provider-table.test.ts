import * as fs from 'fs';
import { PROVIDER_TABLE } from '../../src/guardrails/provider-table';
import { keyClassOf } from '../../src/guardrails/rules/cmek-targets';

// The real engine's schema of the pinned google provider (scripts/tf-toolchain.sh builds both).
// eslint-disable-next-line @typescript-eslint/no-require-imports
const derivation = require('../../scripts/derive-guardrail-table.js') as {
  derive(schema: unknown): unknown;
  render(table: unknown): string;
  schemaFromEngine(): { provider_schemas: Record<string, { resource_schemas: Record<string, unknown> }> };
  TABLE_FILE: string;
};

describe('the guardrails\' coverage table, re-derived from the real google provider schema', () => {
  let schema: ReturnType<typeof derivation.schemaFromEngine>;
  beforeAll(() => {
    schema = derivation.schemaFromEngine();
  }, 120_000);

  test('the committed table is exactly what the pinned provider\'s schema gives', () => {
    const derived = derivation.render(derivation.derive(schema));
    const committed = fs.readFileSync(derivation.TABLE_FILE, 'utf8');
    // On a difference: node scripts/derive-guardrail-table.js, then review the diff.
    expect(committed === derived).toBe(true);
  });

  test('the table covers the provider it names, and the types the platform uses', () => {
    const [key] = Object.keys(schema.provider_schemas);
    expect(key).toBe('registry.opentofu.org/hashicorp/google');
    expect(Object.keys(schema.provider_schemas[key].resource_schemas).sort()).toEqual(PROVIDER_TABLE.types);
    expect(PROVIDER_TABLE.types.length).toBeGreaterThan(1000);
    expect(PROVIDER_TABLE.cmek.google_storage_bucket).toEqual(['encryption.default_kms_key_name']);
    expect(PROVIDER_TABLE.cmek.google_secret_manager_secret).toEqual([
      'replication.auto.customer_managed_encryption.kms_key_name',
      'replication.user_managed.replicas.customer_managed_encryption.kms_key_name',
    ]);
    expect(PROVIDER_TABLE.cmek.google_composer_environment).toEqual(['config.encryption_config.kms_key_name']);
    expect(PROVIDER_TABLE.cmek.google_cloud_run_v2_service).toEqual(['template.encryption_key']);
    expect(PROVIDER_TABLE.cmek.google_compute_disk).toEqual(['disk_encryption_key.kms_key_self_link']);
    expect(PROVIDER_TABLE.cmek.google_container_cluster).toContain('database_encryption.key_name');
    // The data side: the table and dataset take their keys; the feature online store has no key
    // field in this provider (CMEK_MISSING_IN_PROVIDER), though its location is checked.
    expect(PROVIDER_TABLE.cmek.google_bigquery_table).toEqual(['encryption_configuration.kms_key_name']);
    expect(PROVIDER_TABLE.cmek.google_vertex_ai_dataset).toEqual(['encryption_spec.kms_key_name']);
    expect(PROVIDER_TABLE.cmek.google_dataflow_job).toEqual(['kms_key_name']);
    expect(PROVIDER_TABLE.cmek).not.toHaveProperty('google_vertex_ai_feature_online_store');
    expect(PROVIDER_TABLE.locations.google_vertex_ai_feature_online_store).toEqual(['region']);
    expect(PROVIDER_TABLE.locations.google_bigquery_dataset).toEqual(['location']);
    expect(PROVIDER_TABLE.locations.google_storage_bucket).toEqual(['custom_placement_config.data_locations', 'location']);
    expect(PROVIDER_TABLE.locations.google_pubsub_topic).toEqual(['message_storage_policy.allowed_persistence_regions']);
    expect(PROVIDER_TABLE.locations.google_secret_manager_secret).toEqual(['replication.user_managed.replicas.location']);
    expect(PROVIDER_TABLE.locations.google_compute_region_disk).toEqual(['region', 'replica_zones']);
    expect(Object.keys(PROVIDER_TABLE.cmek).length).toBeGreaterThan(80);
    expect(Object.keys(PROVIDER_TABLE.locations).length).toBeGreaterThan(600);
  });

  test('the key classes of the CMEK types the platform uses', () => {
    const classes = Object.fromEntries(
      ['google_storage_bucket', 'google_artifact_registry_repository', 'google_pubsub_topic', 'google_secret_manager_secret', 'google_composer_environment',
        'google_vertex_ai_endpoint', 'google_cloudfunctions2_function', 'google_cloud_run_v2_service', 'google_workflows_workflow',
        'google_eventarc_google_channel_config', 'google_bigquery_dataset', 'google_bigquery_table', 'google_vertex_ai_dataset', 'google_dataflow_job',
        'google_logging_project_bucket_config', 'google_sql_database_instance'].map((t) => [t, keyClassOf(t)]),
    );
    expect(classes).toEqual({
      google_storage_bucket: 'storage', google_artifact_registry_repository: 'artifact-registry', google_pubsub_topic: 'pubsub',
      google_secret_manager_secret: 'secret-manager', google_composer_environment: 'composer', google_vertex_ai_endpoint: 'vertex-ai',
      google_cloudfunctions2_function: 'functions', google_cloud_run_v2_service: 'cloud-run', google_workflows_workflow: 'functions',
      google_eventarc_google_channel_config: 'functions', google_bigquery_dataset: 'bigquery', google_bigquery_table: 'bigquery',
      google_vertex_ai_dataset: 'vertex-ai', google_dataflow_job: 'dataflow', google_logging_project_bucket_config: 'logging',
      google_sql_database_instance: undefined,
    });
  });
});
