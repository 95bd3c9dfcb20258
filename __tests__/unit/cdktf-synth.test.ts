/**
 * `npm run synth:cdktf` (scripts/cdktf-synth.js): the cdktf CLI's synth of the app, as people who
 * type the CLI get it, writes what the main command writes and prints nothing error-looking on a
 * machine whose TF_CLI_CONFIG_FILE names a missing file and which has no network. (The CLI-config
 * noise needs a `terraform` on PATH to appear at all, as on the project's machines; without one
 * that part of the check holds trivially, the rest does not.)
 */
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const root = path.resolve(__dirname, '..', '..');

test('the CLI path writes the main command\'s output, without [ERROR] blocks or a telemetry lookup', () => {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'cdktf-synth-'));
  try {
    // one environment (and mlops-cicd) is enough to compare the two paths, and half the work
    const env: NodeJS.ProcessEnv = { ...process.env, VMLOPS_ENVIRONMENTS: 'dev', TF_CLI_CONFIG_FILE: path.join(work, 'missing.tfrc'), CI: '1' };
    delete env.CHECKPOINT_DISABLE;
    delete env.CDKTF_OUTDIR;
    const cli = spawnSync(process.execPath, [path.join(root, 'scripts', 'cdktf-synth.js'), '--output', path.join(work, 'cli')], { cwd: root, env, encoding: 'utf8' });
    const printed = `${cli.stdout}${cli.stderr}`;
    expect({ status: cli.status, printed }).toEqual({ status: 0, printed: expect.stringContaining('mlops-dev') });
    expect(printed).not.toMatch(/\[ERROR\]|CLI configuration|getaddrinfo/);
    // a waiver's notice is still shown, as a notice
    expect(printed).toMatch(/^guardrails: waived \[VMC-CMEK-1\] mlops-dev\/features\/feature-store\//m);
    execFileSync(process.execPath, [path.join(root, 'scripts', 'synth.js')], { cwd: work, env: { ...process.env, VMLOPS_ENVIRONMENTS: 'dev', CDKTF_OUTDIR: path.join(work, 'app') }, stdio: 'pipe' });
    const stacks = (dir: string) => fs.readdirSync(path.join(work, dir, 'stacks')).sort();
    expect(stacks('cli')).toEqual(['mlops-cicd', 'mlops-dev']);
    expect(stacks('app')).toEqual(stacks('cli'));
    for (const stack of stacks('app')) {
      expect(fs.readFileSync(path.join(work, 'cli', 'stacks', stack, 'cdk.tf.json'), 'utf8')).toBe(fs.readFileSync(path.join(work, 'app', 'stacks', stack, 'cdk.tf.json'), 'utf8'));
    }
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}, 120000);
