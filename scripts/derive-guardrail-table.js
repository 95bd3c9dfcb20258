#!/usr/bin/env node
// Derives the guardrails' coverage table from the real google provider schema, so the CMEK and
// location rules follow the provider we pin instead of a hand-kept list:
//   - cmek: every resource type with a customer-managed-key field, at any depth, and its paths;
//   - locations: every location-like attribute path, per resource type.
// Writes src/guardrails/provider-table.ts (committed).
//
// Usage:
//   node scripts/derive-guardrail-table.js              re-derive and write the table
//   node scripts/derive-guardrail-table.js --check      exit 1 when the committed table differs
//   node scripts/derive-guardrail-table.js --schema F   read `tofu providers schema -json` output from F
// Without --schema it runs the real engine (TOFU_BIN and TF_CLI_CONFIG_FILE from
// scripts/tf-toolchain.sh --print-env) in a temporary folder, offline.
'use strict';
const { execFileSync } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');

const ROOT = path.resolve(__dirname, '..');
const TABLE_FILE = path.join(ROOT, 'src', 'guardrails', 'provider-table.ts');
const PROVIDER = 'hashicorp/google';
const VERSION = '6.50.0';

// A leaf holding the name of a customer-managed key. Names seen in the schema; raw and
// RSA-wrapped customer-supplied keys (raw_key, *_raw, *_rsa) are not CMEK and not listed.
const CMEK_LEAF = new RegExp('^(' + [
  'kms_key_name', 'kms_key_names', 'kms_key', 'kms_key_self_link', 'default_kms_key_name', 'crypto_key_name',
  'encryption_key', 'encryption_key_name', '[a-z_]+_encryption_key_name', 'cmek_key_name', 'customer_managed_key',
  'customer_managed_encryption_key', 'boot_disk_kms_key', 'gce_pd_kms_key_name', 'gcp_kms_encryption_key',
  'control_plane_disk_encryption_key', 'gkeops_etcd_backup_encryption_key', 'kms_config', 'key_reference',
].join('|') + ')$');
// A generic leaf name that is a key only inside an encryption block (database_encryption.key_name).
const CMEK_LEAF_IN_ENCRYPTION_BLOCK = /^key_name$/;
const ENCRYPTION_BLOCK = /kms|crypto|encrypt|cmek|customer_managed/;
// Types whose key fields are not encryption at rest of what the type stores: the key service
// itself, DLP's transformation keys, a transcoder's stream encryption, secret values of
// connectors, keys of other clouds (AWS/Azure clusters), a CA's signing key, IAM on keys.
const CMEK_EXCLUDED_TYPES = /^google_(kms_|data_loss_prevention_|transcoder_|integration_connectors_|integrations_client|container_aws_|container_azure_|privateca_)|_iam_(member|binding|policy)$/;
// Blocks whose key fields are not this resource's encryption at rest: `source_*` names the key
// that decrypts what an image or disk is copied from, `customer_encryption` is a customer-supplied
// raw key, Cloud Build's `secret` decrypts build secrets, Kerberos' key decrypts its passwords,
// and a transfer's `metadata_options.kms_key` is an enum saying which key the copies keep.
const CMEK_EXCLUDED_SEGMENT = /^(source_.*|customer_encryption|secret|kerberos_config|metadata_options)$/;

// Location-like leaves: where data lives or runs. Names seen in the schema; names that only look
// alike (time_zone, managed_zone, *_uri, location_type, codes of a firewall rule) are left out.
const LOCATION_LEAF = new RegExp('^(' + [
  'location', 'locations', 'region', 'regions', 'zone', 'zones', 'location_id', 'alternative_location_id',
  'secondary_location', 'storage_location', 'storage_locations', 'node_location', 'node_locations',
  'replica_zone', 'replica_zones', 'distribution_policy_zones', 'data_locations', 'allowed_persistence_regions',
  'gce_zone', 'secondary_zone', 'preferred_zone', 'backup_region', 'trigger_region', 'worker_region',
  'worker_zone', 'auto_provisioning_locations', 'analytics_region', 'api_consumer_data_location',
  'cluster_location', 'vertex_location', 'preferred_location', 'producer_instance_location',
  'membership_location', 'data_affinity_regions', 'gcp_oracle_zone',
].join('|') + ')$');
// Where such a name is a filter, a condition or a routing target, not a place data is kept:
// access levels and firewall conditions, monitoring filters, DNS geo routing, probe regions,
// patch and policy selectors, SMS region lists, other clouds' regions.
const LOCATION_EXCLUDED_TYPES = /^google_(access_context_manager_|monitoring_|migration_center_|container_aws_|container_azure_|dns_record_set|os_config_|identity_platform_config|storage_control_|beyondcorp_application|compute_health_check)/;
// An IAM condition's `location` is where its expression was written, and Cloud Build's
// `artifacts.objects.location` a gs:// folder.
const LOCATION_EXCLUDED_SEGMENT = /^(filter|routing_policy|instance_filter|orchestration_scope|sms_region_config|expr|basic_sli|match|condition_config|egress_policy|artifacts|predicate|(include|exclude|included|excluded)_.*|.*condition|.*expression)$/;

function settable(attr) {
  return attr.required || attr.optional || !attr.computed;
}

/** Walks one resource schema and returns its CMEK paths and location paths (dot-separated). */
function pathsOf(type, block) {
  const cmek = [];
  const locations = [];
  const walk = (b, trail) => {
    for (const [name, attr] of Object.entries(b.attributes ?? {})) {
      if (!settable(attr)) continue;
      const p = [...trail, name];
      const inEncryptionBlock = trail.length > 0 && ENCRYPTION_BLOCK.test(trail[trail.length - 1]);
      if ((CMEK_LEAF.test(name) || (inEncryptionBlock && CMEK_LEAF_IN_ENCRYPTION_BLOCK.test(name))) && !trail.some((s) => CMEK_EXCLUDED_SEGMENT.test(s))) {
        cmek.push(p.join('.'));
      }
      if (LOCATION_LEAF.test(name) && !trail.some((s) => LOCATION_EXCLUDED_SEGMENT.test(s))) locations.push(p.join('.'));
    }
    for (const [name, nested] of Object.entries(b.block_types ?? {})) walk(nested.block, [...trail, name]);
  };
  walk(block, []);
  return {
    cmek: CMEK_EXCLUDED_TYPES.test(type) ? [] : cmek.sort(),
    locations: LOCATION_EXCLUDED_TYPES.test(type) ? [] : locations.sort(),
  };
}

/** The table from a `tofu providers schema -json` document. */
function derive(schema) {
  const key = Object.keys(schema.provider_schemas).find((k) => k.endsWith(`/${PROVIDER}`));
  if (!key) throw new Error(`the schema has no ${PROVIDER} provider (it has ${Object.keys(schema.provider_schemas).join(', ')})`);
  const resources = schema.provider_schemas[key].resource_schemas;
  const table = { provider: PROVIDER, version: VERSION, types: Object.keys(resources).sort(), cmek: {}, locations: {} };
  for (const type of Object.keys(resources).sort()) {
    const { cmek, locations } = pathsOf(type, resources[type].block);
    if (cmek.length) table.cmek[type] = cmek;
    if (locations.length) table.locations[type] = locations;
  }
  return table;
}

/** The committed TypeScript form: one line per type, so a provider upgrade reads as a small diff. */
function render(table) {
  const rows = (obj) => Object.entries(obj).map(([t, paths]) => `    ${t}: [${paths.map((p) => `'${p}'`).join(', ')}],`).join('\n');
  return `// Generated by scripts/derive-guardrail-table.js from the ${table.provider} ${table.version} provider schema.
// Do not edit: re-run the script after changing the pinned provider (a test fails until you do).

export interface ProviderTable {
  readonly provider: string;
  readonly version: string;
  /** Every resource type of the provider schema. */
  readonly types: readonly string[];
  /** Resource type to the paths of its customer-managed-key fields (\`a.b.c\`, blocks dot-separated). */
  readonly cmek: Readonly<Record<string, readonly string[]>>;
  /** Resource type to the paths of its location-like fields. */
  readonly locations: Readonly<Record<string, readonly string[]>>;
}

export const PROVIDER_TABLE: ProviderTable = {
  provider: '${table.provider}',
  version: '${table.version}',
  types: [
${table.types.map((t) => `    '${t}',`).join('\n')}
  ],
  cmek: {
${rows(table.cmek)}
  },
  locations: {
${rows(table.locations)}
  },
};
`;
}

/** Runs the real engine offline and returns the provider schema. */
function schemaFromEngine() {
  let env = { ...process.env };
  if (!env.TOFU_BIN || !env.TF_CLI_CONFIG_FILE) {
    const lines = execFileSync('bash', [path.join(__dirname, 'tf-toolchain.sh'), '--print-env'], { encoding: 'utf8' });
    env = JSON.parse(execFileSync('bash', ['-c', `${lines}\nnode -e 'process.stdout.write(JSON.stringify(process.env))'`], { encoding: 'utf8', env }));
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'guardrail-table-'));
  try {
    fs.writeFileSync(path.join(dir, 'main.tf.json'), JSON.stringify({ terraform: { required_providers: { google: { source: PROVIDER, version: VERSION } } } }));
    const run = (args) => execFileSync(env.TOFU_BIN, args, { cwd: dir, env: { ...env, CHECKPOINT_DISABLE: '1', TF_IN_AUTOMATION: '1' }, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024, stdio: ['ignore', 'pipe', 'pipe'] });
    run(['init', '-input=false', '-backend=false']);
    return JSON.parse(run(['providers', 'schema', '-json']));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

function main(argv) {
  const schemaArg = argv.indexOf('--schema');
  const schema = schemaArg >= 0 ? JSON.parse(fs.readFileSync(argv[schemaArg + 1], 'utf8')) : schemaFromEngine();
  const text = render(derive(schema));
  if (argv.includes('--check')) {
    const committed = fs.existsSync(TABLE_FILE) ? fs.readFileSync(TABLE_FILE, 'utf8') : '';
    if (committed === text) return 0;
    const a = new Set(committed.split('\n'));
    const b = new Set(text.split('\n'));
    const gone = [...a].filter((l) => !b.has(l)).slice(0, 20);
    const added = [...b].filter((l) => !a.has(l)).slice(0, 20);
    process.stderr.write(`src/guardrails/provider-table.ts is not what the provider schema gives; run node scripts/derive-guardrail-table.js\n${gone.map((l) => `- ${l}`).join('\n')}\n${added.map((l) => `+ ${l}`).join('\n')}\n`);
    return 1;
  }
  fs.writeFileSync(TABLE_FILE, text);
  process.stdout.write(`wrote ${path.relative(ROOT, TABLE_FILE)}\n`);
  return 0;
}

module.exports = { derive, render, schemaFromEngine, TABLE_FILE };
if (require.main === module) process.exit(main(process.argv.slice(2)));
