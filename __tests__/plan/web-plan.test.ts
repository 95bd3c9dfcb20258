/**
 * The real engine (OpenTofu and the google provider, offline) plans the web serving stacks:
 * the web serving test stack, and prod with the opt-in public load balancer. Each is planned
 * from a fresh synth; the toolchain is built once and shared (npm test builds it before jest),
 * and the plan tier runs them (`npm run test:unit` leaves them out).
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { App } from 'cdktf';
import { DEFAULT_CONFIGS } from '../../src/config';
import { MlopsPlatformStack } from '../../src/stacks/mlops-platform-stack';
import type { Tf } from '../support/synth';
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

test('the real engine plans prod with the load balancer offline: every resource created, nothing read', () => {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'vmlops-web-lb-'));
  try {
    const app = new App({ outdir: path.join(work, 'out'), stackTraces: false });
    new MlopsPlatformStack(app, 'mlops-prod', { backend: 'local', config: { ...DEFAULT_CONFIGS.prod, web: { ...DEFAULT_CONFIGS.prod.web!, loadBalancer: { domain: 'predict.example.com' } } } });
    app.synth();
    const synthesized = JSON.parse(fs.readFileSync(path.join(work, 'out', 'stacks', 'mlops-prod', 'cdk.tf.json'), 'utf8')) as Tf;
    // The toolchain is built once and shared (npm test builds it before jest); this only sets its environment.
    execFileSync('bash', ['-c', 'eval "$(bash scripts/tf-toolchain.sh --print-env)" && bash scripts/tf-plan.sh "$1" "$2"', 'plan', path.join(work, 'out'), path.join(work, 'plans')], { cwd: root, stdio: 'pipe' });
    const plan = JSON.parse(fs.readFileSync(path.join(work, 'plans', 'mlops-prod.plan.json'), 'utf8')) as { resource_changes: { type: string; change: { actions: string[] } }[] };
    expect([...new Set(plan.resource_changes.map((r) => r.change.actions.join(',')))]).toEqual(['create']);
    const count = (types: string[]) => types.map((t) => plan.resource_changes.filter((r) => r.type === t).length);
    const lb = ['google_compute_region_network_endpoint_group', 'google_compute_security_policy', 'google_compute_backend_service', 'google_compute_url_map', 'google_compute_managed_ssl_certificate', 'google_compute_ssl_policy', 'google_compute_target_https_proxy', 'google_compute_global_forwarding_rule'];
    expect(count(lb)).toEqual([1, 1, 1, 1, 1, 1, 1, 1]);
    expect(count(['google_compute_global_address'])).toEqual([2]);
    expect(plan.resource_changes).toHaveLength(Object.values(synthesized.resource).reduce((n, byId) => n + Object.keys(byId).length, 0));
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}, 600000);
