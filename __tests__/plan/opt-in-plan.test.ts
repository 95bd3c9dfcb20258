import { execFile } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { promisify } from 'util';
import { createdByType, refs, synthesizedByType } from '../support/plan';

// Workbench and the web service's public load balancer are off in every shipped environment, so
// the default plans never hold them. Here the dev stack is synthesized with both switched on the
// way an operator would (environment variables over the embedded defaults) and planned by the
// real engine offline, like the others: one variant, so the engine starts once for both.
const root = path.resolve(__dirname, '..', '..');
const run = promisify(execFile);
const planDir = process.env.VMLOPS_PLAN_DIR;

interface Planned { address: string; type: string; values: Record<string, any> }
interface ConfigResource { address: string; type: string; expressions: Record<string, any>; depends_on?: string[] }

let work: string;
let plan: any;
let synth: { resource: Record<string, Record<string, unknown>> };
let planned: Planned[];
let config: Map<string, ConfigResource>;

beforeAll(async () => {
  if (!planDir) throw new Error('VMLOPS_PLAN_DIR is not set: run the plan tests through `npm test`, which builds the engine and plans every stack first');
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'opt-in-plan-'));
  await run(process.execPath, [path.join(root, 'scripts', 'synth.js')], {
    cwd: work,
    env: {
      ...process.env, VMLOPS_BACKEND: 'local', VMLOPS_ENVIRONMENTS: 'dev',
      VMLOPS_DEV_WORKBENCH__ENABLED: 'true', VMLOPS_DEV_WORKBENCH__OWNER: 'user:ada@example.com', VMLOPS_DEV_WORKBENCH__IDLE_SHUTDOWN_MINUTES: '90',
      VMLOPS_DEV_WEB__LOAD_BALANCER__DOMAIN: 'predict.example.com',
    },
  });
  await run('bash', [path.join(root, 'scripts', 'tf-plan.sh'), path.join(work, 'cdktf.out'), path.join(work, 'plans'), '--stack', 'mlops-dev'], { cwd: root, maxBuffer: 16 << 20 });
  plan = JSON.parse(fs.readFileSync(path.join(work, 'plans', 'mlops-dev.plan.json'), 'utf8'));
  synth = JSON.parse(fs.readFileSync(path.join(work, 'cdktf.out', 'stacks', 'mlops-dev', 'cdk.tf.json'), 'utf8'));
  planned = plan.planned_values.root_module.resources;
  config = new Map((plan.configuration.root_module.resources as ConfigResource[]).map((r) => [r.address, r]));
}, 300000);

afterAll(() => { if (work) fs.rmSync(work, { recursive: true, force: true }); });

test('creates every synthesized resource of the variant and nothing else, the instance and the load balancer among them', () => {
  const actual = createdByType(plan);
  expect(actual).toEqual(synthesizedByType(synth));
  expect(actual.google_workbench_instance).toBe(1);
  // the load balancer's parts, and its global address beside the private services range's
  const lb = ['google_compute_region_network_endpoint_group', 'google_compute_security_policy', 'google_compute_backend_service', 'google_compute_url_map', 'google_compute_managed_ssl_certificate', 'google_compute_ssl_policy', 'google_compute_target_https_proxy', 'google_compute_global_forwarding_rule'];
  expect(lb.map((t) => actual[t])).toEqual([1, 1, 1, 1, 1, 1, 1, 1]);
  expect(actual.google_compute_global_address).toBe(2);
});

test('the planned instance: CMEK disks, no public IP, shielded VM, idle shutdown after 90 minutes, in the EU, for its owner', () => {
  const [wb] = planned.filter((r) => r.type === 'google_workbench_instance');
  expect(wb.values.location).toBe('europe-west4-a');
  expect(wb.values.instance_owners).toEqual(['ada@example.com']);
  const [gce] = wb.values.gce_setup;
  expect(gce.disable_public_ip).toBe(true);
  expect(gce.shielded_instance_config).toEqual([{ enable_secure_boot: true, enable_vtpm: true, enable_integrity_monitoring: true }]);
  expect(gce.metadata['idle-timeout-seconds']).toBe('5400');
  expect([gce.boot_disk[0].disk_encryption, gce.data_disks[0].disk_encryption]).toEqual(['CMEK', 'CMEK']);
});

test('its disks use the workbench key, in the instance\'s region, after the key\'s grants to the Compute Engine and Notebooks agents', () => {
  const [wb] = [...config.values()].filter((r) => r.type === 'google_workbench_instance');
  const keys = [...new Set(refs(wb.expressions).filter((a) => /^google_kms_crypto_key\.[^.]+$/.test(a)))];
  expect(keys).toEqual([expect.stringMatching(/^google_kms_crypto_key\.keys_workbench_[0-9A-F]{8}$/)]);
  const key = planned.find((r) => r.address === keys[0])!;
  expect(key.values.labels['key-class']).toBe('workbench');
  const ring = refs(config.get(keys[0])!.expressions.key_ring).find((a) => /^google_kms_key_ring\.[^.]+$/.test(a))!;
  expect(planned.find((r) => r.address === ring)!.values.location).toBe('europe-west4');
  const grants = [...config.values()].filter((g) => g.type === 'google_kms_crypto_key_iam_member' && refs(g.expressions.crypto_key_id).includes(keys[0]));
  expect(grants.map((g) => planned.find((r) => r.address === g.address)!.values.member).sort()).toEqual([
    'serviceAccount:service-100000000001@compute-system.iam.gserviceaccount.com',
    'serviceAccount:service-100000000001@gcp-sa-notebooks.iam.gserviceaccount.com',
  ]);
  expect(wb.depends_on).toEqual(expect.arrayContaining(grants.map((g) => g.address)));
});
