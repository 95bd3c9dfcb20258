import { KeyClass } from '../../service-agents';
import { PROVIDER_TABLE } from '../provider-table';
import { dig, instancesAt } from '../rule';

/**
 * Which key class each Google service's resources use, by resource-type prefix. A CMEK-capable
 * type whose service is not listed has no class of its own in the platform: the key-class rule
 * asks for one (a new class in KEY_CLASSES with its service agents) instead of letting it borrow
 * another class's key.
 */
export const KEY_CLASS_BY_PREFIX: readonly (readonly [prefix: string, keyClass: KeyClass])[] = [
  ['google_storage_', 'storage'],
  ['google_artifact_registry_', 'artifact-registry'],
  ['google_composer_', 'composer'],
  ['google_vertex_ai_', 'vertex-ai'],
  ['google_notebooks_', 'vertex-ai'],
  // Workbench disks are Compute Engine disks of one user's VM: their own class, so revoking a
  // user's notebook never touches models or pipelines.
  ['google_workbench_', 'workbench'],
  ['google_colab_', 'vertex-ai'],
  ['google_pubsub_', 'pubsub'],
  ['google_secret_manager_', 'secret-manager'],
  ['google_bigquery_', 'bigquery'],
  ['google_dataflow_', 'dataflow'],
  ['google_cloudfunctions', 'functions'],
  // Cloud Run services of their own (the web service); a gen2 function's service is Google's and never in the plan.
  ['google_cloud_run_', 'cloud-run'],
  ['google_redis_', 'redis'],
  ['google_eventarc_', 'functions'],
  ['google_workflows_', 'functions'],
  ['google_logging_', 'logging'],
  ['google_looker_', 'looker'],
];

/** The key class a CMEK-capable type must use, or undefined when the platform has none for its service. */
export function keyClassOf(type: string): KeyClass | undefined {
  return KEY_CLASS_BY_PREFIX.find(([prefix]) => type.startsWith(prefix))?.[1];
}

export interface CmekTarget {
  /** The class of key this type must use; undefined when the platform has no class for its service. */
  readonly keyClass: KeyClass | undefined;
  /** The paths of its key fields, from the provider schema. */
  readonly paths: readonly string[];
  /** Every key reference the resource sets, in any of its key fields. */
  readonly keys: (c: Record<string, unknown>) => unknown[];
  /**
   * A resource of this type that a Google service requires on another class's key (and says so
   * in its `key-class` label) must use a key of that class instead. Only the service-mandated
   * pairing listed here is accepted, never an arbitrary class.
   * @default - only `keyClass` is accepted
   */
  readonly sharedWith?: { readonly keyClass: KeyClass; readonly when: (c: Record<string, unknown>) => boolean; readonly reason: string };
}

const SHARED_WITH: Readonly<Record<string, NonNullable<CmekTarget['sharedWith']>>> = {
  google_artifact_registry_repository: {
    keyClass: 'functions',
    when: (c) => dig(c, 'labels', 'key-class') === 'functions',
    reason: "Cloud Functions refuses a function's image repository (build_config.docker_repository) on any key but the function's own",
  },
};

/**
 * Types whose key field may stay unset because the data is encrypted with its container's key:
 * an object without kms_key_name is written with its bucket's default key, which the bucket's
 * own CMEK check demands.
 */
export const CMEK_INHERITED: Readonly<Record<string, string>> = {
  google_storage_bucket_object: "its bucket's default key (google_storage_bucket encryption.default_kms_key_name)",
};

/**
 * Forms of a CMEK-capable type that hold no data of their own, so a key has nothing to encrypt:
 * a logical view (`google_bigquery_table` with `view`) stores only its query, and reads tables
 * that carry their own keys. A key set on one is still checked for its class.
 */
/** Set in synthesized JSON (an object) or a plan (a non-empty block list). */
function present(v: unknown): boolean {
  return v !== undefined && v !== null && !(Array.isArray(v) && v.length === 0);
}

export const CMEK_NOT_HELD: Readonly<Record<string, { readonly when: (c: Record<string, unknown>) => boolean; readonly reason: string }>> = {
  google_bigquery_table: {
    when: (c) => present(c.view) && !present(c.materialized_view) && !present(c.external_data_configuration),
    reason: 'a logical view stores no rows; its query reads tables on their own keys',
  },
};

/**
 * Types whose Google API takes a customer-managed key but whose pinned provider (google and
 * google-beta 6.50.0) has no field for it. VMC-CMEK-1 reports them, so each use is a reviewed
 * waiver that names the missing field instead of an unencrypted resource passing unseen.
 */
export const CMEK_MISSING_IN_PROVIDER: Readonly<Record<string, string>> = {
  google_vertex_ai_feature_online_store:
    "the Vertex AI API's FeatureOnlineStore.encryptionSpec (Bigtable online serving only) has no encryption_spec field in google 6.50.0 nor in google-beta 6.50.0",
};

function keysAt(c: Record<string, unknown>, paths: readonly string[]): unknown[] {
  return paths.flatMap((p) => instancesAt(c, p.split('.')));
}

/**
 * Every resource type of the pinned google provider that can take a customer-managed key
 * (derived from its schema, src/guardrails/provider-table.ts), the class of key it must use,
 * and where its key references sit.
 */
export const CMEK_TARGETS: Readonly<Record<string, CmekTarget>> = Object.fromEntries(
  Object.entries(PROVIDER_TABLE.cmek).map(([type, paths]) => [
    type,
    { keyClass: keyClassOf(type), paths, keys: (c: Record<string, unknown>) => keysAt(c, paths), sharedWith: SHARED_WITH[type] },
  ]),
);
