import { KeyClass } from '../../service-agents';
import { dig } from '../rule';

export interface CmekTarget {
  /** The class of key this type must use. */
  readonly keyClass: KeyClass;
  /** Where the key references sit in the resource's config. */
  readonly keys: (c: Record<string, unknown>) => unknown[];
  /**
   * A resource of this type that a Google service requires on another class's key (and says so
   * in its `key-class` label) must use a key of that class instead. Only the service-mandated
   * pairing listed here is accepted, never an arbitrary class.
   * @default - only `keyClass` is accepted
   */
  readonly sharedWith?: { readonly keyClass: KeyClass; readonly when: (c: Record<string, unknown>) => boolean; readonly reason: string };
}

/**
 * Every resource type the platform uses that can take a customer-managed key, the class of key
 * it must use, and where its key reference sits. A type missing here is not checked for CMEK,
 * so adding a CMEK-capable resource to a construct means adding a row.
 */
export const CMEK_TARGETS: Readonly<Record<string, CmekTarget>> = {
  google_storage_bucket: { keyClass: 'storage', keys: (c) => [dig(c, 'encryption', 'default_kms_key_name')] },
  google_artifact_registry_repository: {
    keyClass: 'artifact-registry',
    keys: (c) => [c.kms_key_name],
    sharedWith: {
      keyClass: 'functions',
      when: (c) => dig(c, 'labels', 'key-class') === 'functions',
      reason: "Cloud Functions refuses a function's image repository (build_config.docker_repository) on any key but the function's own",
    },
  },
  google_pubsub_topic: { keyClass: 'pubsub', keys: (c) => [c.kms_key_name] },
  google_secret_manager_secret: {
    keyClass: 'secret-manager',
    keys: (c) => {
      const replicas = dig(c, 'replication', 'user_managed', 'replicas');
      if (Array.isArray(replicas) && replicas.length > 0) {
        return replicas.map((r) => dig(r, 'customer_managed_encryption', 'kms_key_name'));
      }
      return [dig(c, 'replication', 'auto', 'customer_managed_encryption', 'kms_key_name')];
    },
  },
  google_composer_environment: { keyClass: 'composer', keys: (c) => [dig(c, 'config', 'encryption_config', 'kms_key_name')] },
  google_vertex_ai_endpoint: { keyClass: 'vertex-ai', keys: (c) => [dig(c, 'encryption_spec', 'kms_key_name')] },
  google_vertex_ai_dataset: { keyClass: 'vertex-ai', keys: (c) => [dig(c, 'encryption_spec', 'kms_key_name')] },
  google_vertex_ai_metadata_store: { keyClass: 'vertex-ai', keys: (c) => [dig(c, 'encryption_spec', 'kms_key_name')] },
  google_vertex_ai_tensorboard: { keyClass: 'vertex-ai', keys: (c) => [dig(c, 'encryption_spec', 'kms_key_name')] },
  google_workbench_instance: {
    keyClass: 'workbench',
    keys: (c) => [dig(c, 'gce_setup', 'boot_disk', 'kms_key'), dig(c, 'gce_setup', 'data_disks', 'kms_key')],
  },
  google_vertex_ai_featurestore: { keyClass: 'vertex-ai', keys: (c) => [dig(c, 'encryption_spec', 'kms_key_name')] },
  google_cloudfunctions2_function: { keyClass: 'functions', keys: (c) => [c.kms_key_name] },
  google_cloud_run_v2_service: { keyClass: 'functions', keys: (c) => [dig(c, 'template', 'encryption_key')] },
  google_workflows_workflow: { keyClass: 'functions', keys: (c) => [c.crypto_key_name] },
  // Eventarc's Google channel carries Cloud Storage events to the trigger function.
  google_eventarc_google_channel_config: { keyClass: 'functions', keys: (c) => [c.crypto_key_name] },
  google_bigquery_dataset: { keyClass: 'bigquery', keys: (c) => [dig(c, 'default_encryption_configuration', 'kms_key_name')] },
  google_bigquery_table: { keyClass: 'bigquery', keys: (c) => [dig(c, 'encryption_configuration', 'kms_key_name')] },
  google_logging_project_bucket_config: { keyClass: 'logging', keys: (c) => [dig(c, 'cmek_settings', 'kms_key_name')] },
};
