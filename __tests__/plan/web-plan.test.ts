/**
 * The real engine (OpenTofu and the google provider, offline) plans the web serving test stack
 * from a fresh synth; the opt-in public load balancer is planned with Workbench in
 * opt-in-plan.test.ts. The toolchain is built once and shared (npm test builds it before jest),
 * and the plan tier runs this (`npm run test:unit` leaves it out).
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { App } from 'cdktf';
import { build } from '../support/web-serving-stack';

const root = path.resolve(__dirname, '..', '..');

test('the real engine plans the stack offline: every resource created, nothing read', () => {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'vmlops-web-'));
  try {
    const app = new App({ outdir: path.join(work, 'out'), stackTraces: false });
    build(app);
    app.synth();
    // The toolchain is built once and shared (npm test builds it before jest); this only sets its environment.
    execFileSync('bash', ['-c', 'eval "$(bash scripts/tf-toolchain.sh --print-env)" && bash scripts/tf-plan.sh "$1" "$2"', 'plan', path.join(work, 'out'), path.join(work, 'plans')], { cwd: root, stdio: 'pipe' });
    const plan = JSON.parse(fs.readFileSync(path.join(work, 'plans', 'web-serving.plan.json'), 'utf8'));
    const actions = [...new Set(plan.resource_changes.map((r: { change: { actions: string[] } }) => r.change.actions.join(',')))];
    expect(actions).toEqual(['create']);
    const synthesized = Object.values(JSON.parse(fs.readFileSync(path.join(work, 'out', 'stacks', 'web-serving', 'cdk.tf.json'), 'utf8')).resource as Record<string, object>).reduce((n, byId) => n + Object.keys(byId).length, 0);
    expect(plan.resource_changes).toHaveLength(synthesized);
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}, 600000);
