import { execFile, execFileSync } from 'child_process';
import * as fs from 'fs';
import * as http from 'http';
import { AddressInfo } from 'net';
import * as os from 'os';
import * as path from 'path';
import { promisify } from 'util';
import { changes, render, type PlanJson } from '../../scripts/plan-summary';

// The pull-request summary, rendered from real plans: the offline plans scripts/test.sh made
// (VMLOPS_PLAN_DIR) and one more the real engine makes here, against a state in which the
// shared-data bucket exists in another location and a dataset exists that the stack no longer has.
const root = path.resolve(__dirname, '..', '..');
// The children load the TypeScript through scripts/ts-loader.js (esbuild, cached by content), as
// __tests__/grpc/support/cli.ts does: ts-node would cost about 0.4 s more per start.
const TS_LOADER = path.join(root, 'scripts', 'ts-loader.js');
const planDir = process.env.VMLOPS_PLAN_DIR;
const run = promisify(execFile);

function need(): string {
  if (!planDir) throw new Error('VMLOPS_PLAN_DIR is not set: run these tests through `npm test`, which builds the engine and plans every stack first');
  return planDir;
}
const readJson = (f: string): any => JSON.parse(fs.readFileSync(f, 'utf8'));
const synthOf = (stack: string): any => readJson(path.join(root, 'cdktf.out', 'stacks', stack, 'cdk.tf.json'));

const BUCKET = 'google_storage_bucket.buckets_shared-data_E3DD1A04';

describe('the summary of the real mlops-dev plan (everything new)', () => {
  let plan: PlanJson;
  let md: string;
  beforeAll(() => {
    plan = readJson(path.join(need(), 'mlops-dev.plan.json'));
    md = render(plan, { stack: 'mlops-dev', synth: synthOf('mlops-dev') });
  });

  test('the headline counts every resource the engine will create, and nothing else', () => {
    const creates = (plan.resource_changes ?? []).filter((r) => r.change.actions.join() === 'create').length;
    expect(creates).toBeGreaterThan(100);
    expect(md.split('\n')[0]).toBe(`### Plan for \`mlops-dev\`: ${creates} to create, 0 to update, 0 to replace, 0 to delete`);
  });

  test('nothing is in bold when nothing that holds data is destroyed', () => {
    expect(md).not.toContain('**');
  });

  test('one row per construct, named by its construct path, with its count', () => {
    const rows = md.split('\n').filter((l) => l.startsWith('| ') && !l.startsWith('| construct') && !l.startsWith('| ---'));
    const byConstruct = new Map(rows.map((l) => { const cells = l.split('|').map((c) => c.trim()); return [cells[1], cells.slice(2, 6)]; }));
    const sharedData = plan.resource_changes!.filter((r) => synthOf('mlops-dev').resource[r.type]?.[r.address.split('.')[1]]?.['//']?.metadata?.path?.startsWith('mlops-dev/data/buckets/shared-data/'));
    expect(sharedData.length).toBeGreaterThan(1);
    expect(byConstruct.get('data/buckets/shared-data')).toEqual([String(sharedData.length), '', '', '']);
    expect([...byConstruct.keys()]).not.toContain('no longer in this stack');
    const total = [...byConstruct.values()].reduce((n, c) => n + Number(c[0] || 0), 0);
    expect(total).toBe(changes(plan).length);
  });
});

describe('a plan that replaces the shared-data bucket and deletes a dataset', () => {
  let work: string;
  let plan: PlanJson;
  let md: string;
  beforeAll(async () => {
    const dev = readJson(path.join(need(), 'mlops-dev.plan.json'));
    const bucket = dev.planned_values.root_module.resources.find((r: any) => r.address === BUCKET);
    expect(bucket).toBeDefined();
    work = fs.mkdtempSync(path.join(os.tmpdir(), 'plan-summary-'));
    const attributes = { ...bucket.values, id: bucket.values.name, location: 'EUROPE-WEST1', project: 'example-mlops-dev' };
    const provider = 'provider["registry.opentofu.org/hashicorp/google"]';
    const state = {
      version: 4, terraform_version: '1.12.6', serial: 1, lineage: '6f1c2e8a-3b7d-4e2f-9a10-5c4d3e2f1a0b', outputs: {},
      resources: [
        { mode: 'managed', type: 'google_storage_bucket', name: bucket.name, provider, instances: [{ schema_version: bucket.schema_version, attributes, sensitive_attributes: [] }] },
        { mode: 'managed', type: 'google_bigquery_dataset', name: 'legacy_archive', provider, instances: [{ schema_version: 0, attributes: {
          id: 'projects/example-mlops-dev/datasets/legacy_archive', dataset_id: 'legacy_archive', project: 'example-mlops-dev', location: 'EU',
        }, sensitive_attributes: [] }] },
      ],
    };
    fs.mkdirSync(path.join(work, 'state'));
    fs.writeFileSync(path.join(work, 'state', 'mlops-dev.tfstate'), JSON.stringify(state));
    await run('bash', [path.join(root, 'scripts', 'tf-plan.sh'), path.join(root, 'cdktf.out'), path.join(work, 'plans'),
      '--stack', 'mlops-dev', '--state', path.join(work, 'state')], { cwd: root, maxBuffer: 16 << 20 });
    plan = readJson(path.join(work, 'plans', 'mlops-dev.plan.json'));
    md = render(plan, { stack: 'mlops-dev', synth: synthOf('mlops-dev') });
  }, 300000);
  afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

  test('the engine plans the replacement, forced by the location', () => {
    const rc = plan.resource_changes!.find((r) => r.address === BUCKET)!;
    expect([...rc.change.actions].sort()).toEqual(['create', 'delete']);
    expect(rc.change.replace_paths).toEqual([['location']]);
  });

  test('the destructive changes stand first, in bold, deletion before replacement', () => {
    const lines = md.split('\n');
    expect(lines[0]).toMatch(/^### Plan for `mlops-dev`: \d+ to create, 0 to update, 1 to replace, 1 to delete$/);
    expect(lines.slice(1, 5)).toEqual([
      '',
      '- **DELETE dataset `google_bigquery_dataset.legacy_archive` (no longer in this stack)**',
      `- **REPLACE bucket \`${BUCKET}\` (data/buckets/shared-data), forced by \`location\`**`,
      '',
    ]);
  });

  test('the construct table counts the replacement on its construct', () => {
    expect(md).toMatch(/^\| data\/buckets\/shared-data \| \d+ \|  \| 1 \|  \|$/m);
  });

  test('the CLI renders the same file the pipeline posts', async () => {
    const planFile = path.join(work, 'plans', 'mlops-dev.plan.json');
    const { stdout } = await run(process.execPath, ['-r', TS_LOADER, 'scripts/plan-summary.ts', 'render',
      '--plan', planFile, '--stack', 'mlops-dev', '--synth', path.join(root, 'cdktf.out', 'stacks', 'mlops-dev', 'cdk.tf.json')], { cwd: root });
    expect(stdout).toBe(md);
  });
});

describe('plan-summary post', () => {
  let server: http.Server;
  let base: string;
  const seen: { method?: string; url?: string; auth?: string; body: string }[] = [];
  let status = 200;
  beforeAll(async () => {
    server = http.createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => { body += c.toString(); });
      req.on('end', () => {
        seen.push({ method: req.method, url: req.url, auth: req.headers.authorization, body });
        res.writeHead(status, { 'Content-Type': 'application/json' });
        res.end(JSON.stringify(status === 200 ? { id: 42 } : { message: 'TF401027: You need the Git \'PullRequestContribute\' permission' }));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/acme/`;
  });
  afterAll(async () => { await new Promise((resolve) => server.close(resolve)); });

  const env = (): NodeJS.ProcessEnv => ({
    ...process.env, SYSTEM_COLLECTIONURI: base, SYSTEM_TEAMPROJECTID: 'p-123', BUILD_REPOSITORY_ID: 'r-456',
    SYSTEM_PULLREQUEST_PULLREQUESTID: '17', SYSTEM_ACCESSTOKEN: 'job-access-token',
  });

  test('posts the markdown as a closed comment thread on the pull request, with the job token', async () => {
    const file = path.join(os.tmpdir(), `summary-${process.pid}.md`);
    fs.writeFileSync(file, '### Plan for `mlops-dev`: 1 to create\n');
    try {
      const { stdout } = await run(process.execPath, ['-r', TS_LOADER, 'scripts/plan-summary.ts', 'post', '--file', file], { cwd: root, env: env() });
      expect(stdout).toContain('posted');
    } finally {
      fs.rmSync(file, { force: true });
    }
    expect(seen).toHaveLength(1);
    expect(seen[0]).toMatchObject({ method: 'POST', url: '/acme/p-123/_apis/git/repositories/r-456/pullRequests/17/threads?api-version=7.1', auth: 'Bearer job-access-token' });
    expect(JSON.parse(seen[0].body)).toEqual({ comments: [{ parentCommentId: 0, content: '### Plan for `mlops-dev`: 1 to create\n', commentType: 1 }], status: 4 });
  });

  test('a refusal says which permission the build service needs', async () => {
    status = 403;
    const file = path.join(os.tmpdir(), `summary-${process.pid}-2.md`);
    fs.writeFileSync(file, 'x\n');
    try {
      await expect(run(process.execPath, ['-r', TS_LOADER, 'scripts/plan-summary.ts', 'post', '--file', file], { cwd: root, env: env() }))
        .rejects.toMatchObject({ code: 2, stderr: expect.stringContaining('HTTP 403 (the build service account needs "Contribute to pull requests" on the repository)') });
    } finally {
      fs.rmSync(file, { force: true });
    }
  });

  test('outside a pull-request build it names the missing variables', () => {
    expect(() => execFileSync(process.execPath, ['-r', TS_LOADER, 'scripts/plan-summary.ts', 'post', '--file', 'README.md'],
      { cwd: root, env: { PATH: process.env.PATH }, stdio: 'pipe' })).toThrow(/SYSTEM_COLLECTIONURI, SYSTEM_TEAMPROJECTID, BUILD_REPOSITORY_ID, SYSTEM_PULLREQUEST_PULLREQUESTID, SYSTEM_ACCESSTOKEN not set/);
  });

  test('a file that is not plan JSON is refused with the fix', () => {
    expect(() => render({} as PlanJson)).toThrow('this is not `tofu show -json` output of a plan');
  });
});
