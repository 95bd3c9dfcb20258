import * as crypto from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { ENVIRONMENTS } from '../../src/config';
import { CMEK_INHERITED, CMEK_NOT_HELD, CMEK_TARGETS } from '../../src/guardrails/rules/cmek-targets';
import { createdByType, refs, synthesizedByType } from '../support/plan';

// Runs on plans the real OpenTofu engine and google provider made offline from the
// synthesized stacks (scripts/test.sh: tf-toolchain.sh, synth, tf-plan.sh).
const planDir = process.env.VMLOPS_PLAN_DIR;
const root = path.resolve(__dirname, '..', '..');

interface PlannedResource { address: string; type: string; name: string; values: Record<string, any> }
interface ConfigResource { address: string; type: string; expressions: Record<string, any>; depends_on?: string[] }
interface Plan {
  format_version: string;
  planned_values: { root_module: { resources: PlannedResource[] } };
  resource_changes: { address: string; type: string; change: { actions: string[] } }[];
  configuration: { root_module: { resources: ConfigResource[] } };
}

function load(env: string): { plan: Plan; synth: { resource: Record<string, Record<string, unknown>> } } {
  if (!planDir) throw new Error('VMLOPS_PLAN_DIR is not set: run the plan tests through `npm test`, which builds the engine and plans every stack first');
  const file = path.join(planDir, `mlops-${env}.plan.json`);
  if (!fs.existsSync(file)) throw new Error(`no plan at ${file}: scripts/tf-plan.sh did not produce one for mlops-${env}`);
  return {
    plan: JSON.parse(fs.readFileSync(file, 'utf8')),
    synth: JSON.parse(fs.readFileSync(path.join(root, 'cdktf.out', 'stacks', `mlops-${env}`, 'cdk.tf.json'), 'utf8')),
  };
}

/** The key addresses a CMEK-capable resource's key fields point at, read from its configuration. */
function keyRefs(r: ConfigResource): string[] {
  return [...new Set(refs(r.expressions).filter((a) => /^google_kms_crypto_key\.[^.]+$/.test(a)))];
}

describe.each(ENVIRONMENTS)('the real engine\'s plan of mlops-%s', (env) => {
  let plan: Plan;
  let synth: { resource: Record<string, Record<string, unknown>> };
  let byAddress: Map<string, ConfigResource>;
  let planned: Map<string, PlannedResource>;
  beforeAll(() => {
    ({ plan, synth } = load(env));
    byAddress = new Map(plan.configuration.root_module.resources.map((r) => [r.address, r]));
    planned = new Map(plan.planned_values.root_module.resources.map((r) => [r.address, r]));
  });
  // A CMEK-capable resource that holds data of its own (not an object on its bucket's key, not a logical view), as the engine planned it.
  const needsKey = (x: ConfigResource) => Boolean(CMEK_TARGETS[x.type]) && !CMEK_INHERITED[x.type] && !CMEK_NOT_HELD[x.type]?.when(planned.get(x.address)?.values ?? {});

  test('creates every synthesized resource and nothing else, type by type', () => {
    expect(createdByType(plan)).toEqual(synthesizedByType(synth));
    expect(plan.resource_changes.length).toBeGreaterThan(50);
  });

  test('the preprocessing\'s Flex Template is planned: its content-named spec in the Dataflow bucket, pull on the registry for the Dataflow worker', () => {
    const objects = [...planned.values()].filter((r) => r.type === 'google_storage_bucket_object' && String(r.values.name).startsWith('templates/'));
    expect(objects.map((r) => r.values.name)).toEqual([expect.stringMatching(/^templates\/iris-preprocess-[0-9a-f]{12}\.json$/)]);
    const [object] = objects;
    const sha = crypto.createHash('sha256').update(object.values.content).digest('hex').slice(0, 12);
    expect(object.values.name).toBe(`templates/iris-preprocess-${sha}.json`);
    const spec = JSON.parse(object.values.content);
    expect([spec.sdkInfo.language, spec.image.replace(/:[0-9a-f]{16}$/, ':TAG')]).toEqual(['PYTHON', `europe-west4-docker.pkg.dev/example-mlops-${env}/mlops-${env}-containers/dataflow:TAG`]);
    expect(refs(byAddress.get(object.address)!.expressions.bucket).filter((a) => /^google_storage_bucket\.[^.]+$/.test(a))).toEqual([expect.stringMatching(/^google_storage_bucket\.dataflow_bucket_[0-9A-F]{8}$/)]);
    const pulls = [...planned.values()].filter((r) => r.type === 'google_artifact_registry_repository_iam_member' && /^registry_grant-artifactregistryreader-mlops-[a-z]-dataflow_/.test(r.name));
    expect(pulls.map((r) => [r.values.role, r.values.location])).toEqual([['roles/artifactregistry.reader', 'europe-west4']]);
  });

  test('online serving for websites is planned: the network, the cache, the service and the dashboard', () => {
    const types = [
      'google_compute_network', 'google_compute_subnetwork', 'google_compute_firewall', 'google_compute_global_address', 'google_service_networking_connection',
      'google_redis_instance', 'google_secret_manager_secret_version', 'google_cloud_run_v2_service', 'google_monitoring_dashboard', 'google_logging_metric',
    ];
    const planned = types.map((t) => [t, plan.resource_changes.filter((rc) => rc.type === t && rc.change.actions.join() === 'create').length]);
    // Five firewall rules: deny all ingress, deny all egress, allow egress to the subnet and the
    // private service range, allow HTTPS to Google's private APIs; plus Dataflow's worker-to-worker rule.
    expect(planned).toEqual(types.map((t, i) => [t, [1, 1, 5, 1, 1, 1, 1, 1, 1, 3][i]]));
  });

  test('the warehouse is planned: one dataset, the ingestion table, its feature view and pipeline_runs partitioned by run_time', () => {
    const types = ['google_bigquery_dataset', 'google_bigquery_table', 'google_bigquery_dataset_iam_member', 'google_bigquery_table_iam_member'];
    const counts = types.map((t) => [t, plan.resource_changes.filter((rc) => rc.type === t && rc.change.actions.join() === 'create').length]);
    expect(counts).toEqual([['google_bigquery_dataset', 1], ['google_bigquery_table', 3], ['google_bigquery_dataset_iam_member', 2], ['google_bigquery_table_iam_member', 1]]);
    const runs = [...planned.values()].filter((r) => r.type === 'google_bigquery_table' && r.values.table_id === 'pipeline_runs');
    expect(runs.map((r) => r.values.time_partitioning)).toEqual([[expect.objectContaining({ type: 'DAY', field: 'run_time', expiration_ms: expect.any(Number) })]]);
  });

  test('every CMEK reference resolves to a key ring in the resource\'s own location', () => {
    let checked = 0;
    for (const r of plan.configuration.root_module.resources.filter(needsKey)) {
      const keys = keyRefs(r);
      expect({ address: r.address, keys: keys.length > 0 }).toEqual({ address: r.address, keys: true });
      for (const keyAddr of keys) {
        const key = byAddress.get(keyAddr);
        const ringAddr = refs(key?.expressions.key_ring).find((a) => /^google_kms_key_ring\.[^.]+$/.test(a));
        expect({ key: keyAddr, ring: Boolean(ringAddr) }).toEqual({ key: keyAddr, ring: true });
        const ringLocation = String(planned.get(ringAddr!)!.values.location).toLowerCase();
        const values = planned.get(r.address)!.values;
        const location = String(values.location ?? values.region ?? ringLocation).toLowerCase();
        expect({ address: r.address, location }).toEqual({ address: r.address, location: ringLocation });
        checked++;
      }
    }
    expect(checked).toBeGreaterThanOrEqual(6);
  });

  test('every service-agent key grant is ordered before the resources that need the key', () => {
    const grantsOf = new Map<string, string[]>();
    for (const g of plan.configuration.root_module.resources.filter((x) => x.type === 'google_kms_crypto_key_iam_member')) {
      const key = refs(g.expressions.crypto_key_id).find((a) => /^google_kms_crypto_key\.[^.]+$/.test(a));
      const member = String(planned.get(g.address)?.values.member ?? '');
      if (key && /^serviceAccount:(service-|bq-)\d+@/.test(member)) grantsOf.set(key, [...(grantsOf.get(key) ?? []), g.address]);
    }
    let checked = 0;
    for (const r of plan.configuration.root_module.resources.filter(needsKey)) {
      for (const keyAddr of keyRefs(r)) {
        const grants = grantsOf.get(keyAddr) ?? [];
        expect({ key: keyAddr, grants: grants.length > 0 }).toEqual({ key: keyAddr, grants: true });
        expect({ address: r.address, depends_on: r.depends_on ?? [] }).toEqual({ address: r.address, depends_on: expect.arrayContaining(grants) });
        checked++;
      }
    }
    expect(checked).toBeGreaterThanOrEqual(6);
  });

  test('the plan read no data sources', () => {
    expect(plan.planned_values.root_module.resources.filter((r) => (r as unknown as { mode: string }).mode === 'data')).toEqual([]);
  });
});
