import * as child from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { parse } from 'yaml';

// Checkov (pinned in requirements/checkov.txt, its own venv from scripts/checkov-setup.sh) over
// what we synthesize and over the real engine's plans, where references are resolved.
const root = path.resolve(__dirname, '..', '..');
const planDir = process.env.VMLOPS_PLAN_DIR;
const checkov = process.env.VMLOPS_CHECKOV ?? path.join(root, '.venv-checkov', 'bin', 'checkov');

interface Skip { check: string; resources: string; reason: string }
interface Failed { check_id: string; check_name: string; resource: string; file_path: string }
interface Report { check_type: string; results: { failed_checks: Failed[] }; summary: { passed: number; failed: number } }

const skips = parse(fs.readFileSync(path.join(root, 'security', 'checkov-skips.yaml'), 'utf8')) as Skip[];

/** One checkov process (asynchronous: jest's other suites run meanwhile). */
function run(args: string[]): Promise<Report[]> {
  if (!fs.existsSync(checkov)) throw new Error(`checkov is not installed at ${checkov}: run scripts/checkov-setup.sh (npm test does)`);
  return new Promise((resolve, reject) => {
    const c = child.spawn(checkov, [...args, '-o', 'json', '--quiet', '--skip-download', '--compact'], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    c.stdout.on('data', (d: Buffer) => out.push(d));
    c.stderr.on('data', (d: Buffer) => err.push(d));
    c.on('error', reject);
    c.on('close', (status) => {
      // Exit 1 means "some check failed", which the skips then explain; anything else is checkov failing.
      if (status !== 0 && status !== 1) return reject(new Error(`checkov exited ${status}: ${Buffer.concat(err).toString()}`));
      try {
        const parsed = JSON.parse(Buffer.concat(out).toString()) as Report | Report[];
        resolve(Array.isArray(parsed) ? parsed : [parsed]);
      } catch (e) {
        reject(e);
      }
    });
  });
}

/** `resource.buckets_shared-data_E3DD1A04` or `google_storage_bucket.buckets_shared-data_E3DD1A04` -> `buckets_shared-data`. */
function logicalName(resource: string): string {
  return resource.replace(/^[^.]+\./, '').replace(/_[0-9A-F]{8}$/, '');
}

function explain(reports: Report[]) {
  const used = new Set<Skip>();
  const unexplained: string[] = [];
  for (const f of reports.flatMap((r) => r.results.failed_checks)) {
    const skip = skips.find((s) => s.check === f.check_id && new RegExp(`^(${s.resources})$`).test(logicalName(f.resource)));
    if (skip) used.add(skip);
    else unexplained.push(`${f.check_id} ${f.resource} (${f.file_path}): ${f.check_name}`);
  }
  return { used, unexplained };
}

describe('checkov', () => {
  let synth: Report[];
  let plan: Report[];
  beforeAll(async () => {
    if (!planDir) throw new Error('VMLOPS_PLAN_DIR is not set: run through `npm test`, which synthesizes and plans every stack first');
    const plans = fs.readdirSync(planDir).filter((f) => f.endsWith('.plan.json')).map((f) => path.join(planDir, f));
    // One process for both frameworks: checkov's start-up (about 2 s of CPU) is paid once. Each
    // framework's runner reads only its own files: the synthesized JSON under -d, the plans from -f.
    const reports = await run(['-d', path.join(root, 'cdktf.out', 'stacks'), '--framework', 'terraform_json', 'terraform_plan', ...plans.flatMap((p) => ['-f', p])]);
    synth = reports.filter((r) => r.check_type === 'terraform_json');
    plan = reports.filter((r) => r.check_type === 'terraform_plan');
    const count = (rs: Report[]) => rs.reduce((a, r) => ({ passed: a.passed + r.summary.passed, failed: a.failed + r.summary.failed }), { passed: 0, failed: 0 });
    process.stdout.write(`checkov: synthesized JSON ${JSON.stringify(count(synth))}, plans ${JSON.stringify(count(plan))} (failures explained in security/checkov-skips.yaml)\n`);
  }, 300_000);

  test('every skip has a one-line reason', () => {
    for (const s of skips) {
      expect({ check: s.check, ok: /^CKV2?_GCP_\d+$/.test(s.check) && typeof s.reason === 'string' && s.reason.length > 20 && !s.reason.includes('\n') }).toEqual({ check: s.check, ok: true });
    }
  });

  test('ran over every stack and every plan', () => {
    expect(synth.map((r) => r.check_type)).toEqual(['terraform_json']);
    expect(plan.map((r) => r.check_type)).toEqual(['terraform_plan']);
    expect(synth[0].summary.passed).toBeGreaterThan(300);
    expect(plan[0].summary.passed).toBeGreaterThan(300);
    const planned = fs.readdirSync(planDir!).filter((f) => f.endsWith('.plan.json')).map((f) => `/${f}`).sort();
    expect(planned.length).toBeGreaterThanOrEqual(3);
    // checkov has no azuredevops checks, so the CI/CD stack's plan yields no results; every
    // environment's plan does.
    const environments = planned.filter((p) => p !== '/mlops-cicd.plan.json');
    expect(environments).toEqual(['/mlops-dev.plan.json', '/mlops-prod.plan.json', '/mlops-staging.plan.json']);
    expect([...new Set(plan[0].results.failed_checks.map((f) => `/${path.basename(f.file_path)}`))].sort()).toEqual(environments);
    // and the terraform_json runner read only the synthesized stacks (--quiet reports failures
    // only; every environment's stack has accepted findings), every environment's among them
    const synthFiles = synth[0].results.failed_checks.map((f) => f.file_path);
    expect([...new Set(synthFiles.map((f) => path.basename(f)))]).toEqual(['cdk.tf.json']);
    expect([...new Set(synthFiles.map((f) => path.basename(path.dirname(f))))]).toEqual(expect.arrayContaining(['mlops-dev', 'mlops-prod', 'mlops-staging']));
  });

  test('no finding on the synthesized JSON or the plans is left unexplained, and no skip is stale', () => {
    const { used, unexplained } = explain([...synth, ...plan]);
    expect(unexplained).toEqual([]);
    expect(skips.filter((s) => !used.has(s)).map((s) => `${s.check} ${s.resources}`)).toEqual([]);
  });
});
