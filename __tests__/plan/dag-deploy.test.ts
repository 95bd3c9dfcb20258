import { execFile } from 'child_process';
import * as crypto from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { promisify } from 'util';
import { render } from '../../scripts/plan-summary';

// DAG changes reach Composer with the same deploy as everything else: the DAG files are
// objects of the stack, named by their content hash. Here a copy of the package with one DAG
// changed is synthesized and planned by the real engine against a state that holds the object
// as the offline plan of the unchanged package created it.
const root = path.resolve(__dirname, '..', '..');
const run = promisify(execFile);
const planDir = process.env.VMLOPS_PLAN_DIR;
const DAG = 'google_storage_bucket_object.buckets_composer_dag-ingest_dailypy_60497747';
const sha12 = (b: Buffer | string): string => crypto.createHash('sha256').update(b).digest('hex').slice(0, 12);

let work: string;
let elsewhere: string;
let plan: any;
let before: any;

beforeAll(async () => {
  if (!planDir) throw new Error('VMLOPS_PLAN_DIR is not set: run these tests through `npm test`, which builds the engine and plans every stack first');
  const dev = JSON.parse(fs.readFileSync(path.join(planDir, 'mlops-dev.plan.json'), 'utf8'));
  before = dev.planned_values.root_module.resources.find((r: any) => r.address === DAG);
  expect(before).toBeDefined();

  work = fs.mkdtempSync(path.join(os.tmpdir(), 'dag-deploy-'));
  elsewhere = fs.mkdtempSync(path.join(os.tmpdir(), 'dag-deploy-elsewhere-'));
  const skip = (src: string): boolean => /(^|\/)(node_modules|__pycache__|\.pytest_cache)(\/|$)/.test(src);
  // inference/lib and the lockfile: the web image's content tag covers them.
  for (const entry of ['package.json', 'package-lock.json', 'src', 'assets', 'packages', 'inference', 'tsconfig.json', 'scripts/synth.js', 'scripts/app-bundle.js', 'scripts/token-traces.js']) {
    fs.cpSync(path.join(root, entry), path.join(work, entry), { recursive: true, filter: (src) => !skip(path.relative(root, src)) });
  }
  fs.symlinkSync(path.join(root, 'node_modules'), path.join(work, 'node_modules'));
  fs.appendFileSync(path.join(work, 'assets', 'dags', 'ingest_daily.py'), '\n# A reviewed change to the DAG.\n');
  await run(process.execPath, ['scripts/synth.js'], {
    cwd: work,
    // Its bundle is kept outside both checkouts (not among the main checkout's), and TMPDIR is
    // fresh, so the function bundles are not cached: the synth calls esbuild from inside a bundle
    // that has no node_modules beside it, which must load it from the checkout.
    env: { ...process.env, VMLOPS_BACKEND: 'local', VMLOPS_ENVIRONMENTS: 'dev', VMLOPS_APP_BUNDLE_DIR: path.join(elsewhere, 'bundles'), TMPDIR: elsewhere },
  });
  expect(fs.readdirSync(path.join(elsewhere, 'vertex-mlops-cdktf-functions')).length).toBeGreaterThan(0);

  const state = {
    version: 4, terraform_version: '1.12.6', serial: 1, lineage: '0c6b1d3e-2f4a-4b5c-8d7e-9f0a1b2c3d4e', outputs: {},
    resources: [{
      mode: 'managed', type: before.type, name: before.name, provider: 'provider["registry.opentofu.org/hashicorp/google"]',
      instances: [{ schema_version: before.schema_version, attributes: { ...before.values, id: `${before.values.bucket}-${before.values.name}` }, sensitive_attributes: [] }],
    }],
  };
  fs.mkdirSync(path.join(work, 'state'));
  fs.writeFileSync(path.join(work, 'state', 'mlops-dev.tfstate'), JSON.stringify(state));
  await run('bash', [path.join(root, 'scripts', 'tf-plan.sh'), path.join(work, 'cdktf.out'), path.join(work, 'plans'),
    '--stack', 'mlops-dev', '--state', path.join(work, 'state')], { cwd: root, maxBuffer: 16 << 20 });
  plan = JSON.parse(fs.readFileSync(path.join(work, 'plans', 'mlops-dev.plan.json'), 'utf8'));
}, 300000);

afterAll(() => {
  for (const dir of [work, elsewhere]) if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

test('the deployed DAG object is named by the content of the file in the repository', () => {
  expect(before.values.name).toBe(`dags/ingest_daily-${sha12(fs.readFileSync(path.join(root, 'assets', 'dags', 'ingest_daily.py')))}.py`);
});

test('a changed DAG file replaces its object with one named by the new content', () => {
  const rc = plan.resource_changes.find((r: any) => r.address === DAG);
  expect([...rc.change.actions].sort()).toEqual(['create', 'delete']);
  expect(rc.change.replace_paths).toEqual(expect.arrayContaining([['name']]));
  const changed = fs.readFileSync(path.join(work, 'assets', 'dags', 'ingest_daily.py'));
  expect(rc.change.after.name).toBe(`dags/ingest_daily-${sha12(changed)}.py`);
  expect(rc.change.after.name).not.toBe(before.values.name);
  expect(rc.change.before.name).toBe(before.values.name);
});

test('the reviewer sees it as a replacement, not among the destructive changes in bold', () => {
  const md = render(plan, { stack: 'mlops-dev', synth: JSON.parse(fs.readFileSync(path.join(work, 'cdktf.out', 'stacks', 'mlops-dev', 'cdk.tf.json'), 'utf8')) });
  expect(md).toContain(`- REPLACE \`${DAG}\``);
  expect(md).not.toContain('**');
  // The bucket's construct uploads the DAGs (ComposerEnv asks it to), so the row is the bucket's.
  expect(md).toMatch(/^\| ingestion\/buckets\/composer \| \d+ \|  \| 1 \|  \|$/m);
});
