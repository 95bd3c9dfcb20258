import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { parse } from 'yaml';
import { Testing, type TerraformStack } from 'cdktf';
import { buildApp } from '../../src/main';

// azure-pipelines.yml and its step templates (ci/), checked offline: against Azure Pipelines'
// published schema (check-jsonschema's vendor.azure-pipelines, in its own venv made by
// scripts/ci-lint-setup.sh), and for what the pipeline promises: stages, identities, gates.
const root = path.resolve(__dirname, '..', '..');
const files = ['azure-pipelines.yml', ...fs.readdirSync(path.join(root, 'ci')).filter((f) => f.endsWith('.yml')).map((f) => `ci/${f}`)];
const docs: Record<string, any> = Object.fromEntries(files.map((f) => [f, parse(fs.readFileSync(path.join(root, f), 'utf8'))]));
const pipeline = docs['azure-pipelines.yml'];

/** Every step of a document, with the stage and job it sits in (templates: stage/job ''). */
function steps(doc: any): { stage: string; job: string; step: any }[] {
  const out: { stage: string; job: string; step: any }[] = [];
  const walkSteps = (list: any[], stage: string, job: string): void => {
    for (const s of list ?? []) {
      if (s && typeof s === 'object' && !('script' in s) && !('task' in s) && !('template' in s) && !('publish' in s) && !('download' in s) && !('checkout' in s)) {
        // `${{ if ... }}:` blocks hold steps too.
        for (const v of Object.values(s)) walkSteps(v as any[], stage, job);
      } else out.push({ stage, job, step: s });
    }
  };
  walkSteps(doc.steps, '', '');
  for (const stage of doc.stages ?? []) {
    for (const job of stage.jobs ?? []) {
      const name = job.job ?? job.deployment;
      walkSteps(job.steps, stage.stage, name);
      walkSteps(job.strategy?.runOnce?.deploy?.steps, stage.stage, name);
    }
  }
  return out;
}
const allSteps = files.flatMap((f) => steps(docs[f]).map((s) => ({ ...s, file: f })));
const scriptText = allSteps.filter((s) => typeof s.step.script === 'string').map((s) => s.step.script as string).join('\n');

test('every file validates against the Azure Pipelines schema', () => {
  const venv = execFileSync('bash', [path.join(root, 'scripts', 'ci-lint-setup.sh')], { cwd: root, encoding: 'utf8' }).trim().split('\n').pop() as string;
  for (const f of files) {
    const out = execFileSync(path.join(venv, 'bin', 'check-jsonschema'), ['--builtin-schema', 'vendor.azure-pipelines',
      '--data-transform', 'azure-pipelines', '--regex-variant', 'nonunicode', f], { cwd: root, encoding: 'utf8' });
    expect(`${f}: ${out.trim()}`).toBe(`${f}: ok -- validation done`);
  }
}, 180000);

test('the schema check catches a broken pipeline', () => {
  const venv = execFileSync('bash', [path.join(root, 'scripts', 'ci-lint-setup.sh')], { cwd: root, encoding: 'utf8' }).trim().split('\n').pop() as string;
  const bad = path.join(root, 'node_modules', '.cache', 'bad-azure-pipelines.yml');
  fs.mkdirSync(path.dirname(bad), { recursive: true });
  fs.writeFileSync(bad, 'stages:\n  - stage: Test\n    jobs:\n      - job: test\n        stepz:\n          - script: echo\n');
  expect(() => execFileSync(path.join(venv, 'bin', 'check-jsonschema'), ['--builtin-schema', 'vendor.azure-pipelines',
    '--data-transform', 'azure-pipelines', '--regex-variant', 'nonunicode', bad], { cwd: root, stdio: 'pipe' })).toThrow();
  fs.rmSync(bad);
}, 180000);

test('every template the pipeline uses exists', () => {
  const used = allSteps.filter((s) => s.step.template).map((s) => (s.file.startsWith('ci/') ? path.join('ci', s.step.template) : s.step.template));
  expect(used.length).toBeGreaterThan(5);
  for (const t of used) expect(fs.existsSync(path.join(root, t))).toBe(true);
});

// Each project script or npm script the YAML runs, and the tests that exercise it. A script
// added to the YAML without a line here fails the first test; a line whose test no longer
// names the script fails the second.
const TESTED_BY: Record<string, string[]> = {
  'scripts/gcp-credentials.ts': ['__tests__/cicd/gcp-credentials.test.ts'],
  // The TypeScript loader the credential steps run gcp-credentials.ts through.
  'scripts/ts-loader.js': ['__tests__/cicd/gcp-credentials.test.ts', '__tests__/unit/app-bundle.test.ts'],
  'scripts/tf-toolchain.sh': ['scripts/test.sh', '__tests__/cicd/azdo-bindings.test.ts'],
  'scripts/py-setup.sh': ['scripts/py-test.sh'],
  // The suite itself: the same command the project's own CI runs on a clean clone.
  'npm test': ['.ci/run'],
  'npm run synth': ['scripts/test.sh', '__tests__/plan/dag-deploy.test.ts'],
  'npm run plan:summary': ['__tests__/plan/plan-summary.test.ts'],
  'npm run submit:pipeline': ['__tests__/grpc/submit-pipeline.test.ts'],
  'scripts/container-build.sh': ['assets/containers/tests/test_container_builds.py', '__tests__/unit/lifecycle-constructs.test.ts'],
};
/** What each npm script runs, to find it in its tests. */
const NPM_TARGET: Record<string, string> = {
  'npm test': 'npm ci && npm test',
  'npm run synth': 'scripts/synth.js', // also cdktf.json's app
  'npm run plan:summary': 'scripts/plan-summary.ts',
  'npm run submit:pipeline': 'submit-pipeline',
};

test('every script the YAML calls is listed with its tests', () => {
  const called = new Set<string>();
  for (const m of scriptText.matchAll(/\bscripts\/[\w.-]+\.(?:sh|ts|js|py)\b/g)) called.add(m[0]);
  for (const m of scriptText.matchAll(/\bnpm (?:run (?:-s )?([\w:-]+)|(test)\b)/g)) called.add(m[2] ? 'npm test' : `npm run ${m[1]}`);
  expect([...called].sort()).toEqual(Object.keys(TESTED_BY).sort());
});

test('every script the YAML calls exists and its tests exercise it', () => {
  const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
  for (const [script, tests] of Object.entries(TESTED_BY)) {
    if (script.startsWith('npm')) {
      const name = script === 'npm test' ? 'test' : script.replace('npm run ', '');
      expect(pkg.scripts[name]).toBeDefined();
    } else {
      expect(fs.existsSync(path.join(root, script))).toBe(true);
    }
    const needle = NPM_TARGET[script] ?? path.basename(script);
    for (const t of tests) {
      expect(fs.existsSync(path.join(root, t))).toBe(true);
      expect(`${t} mentions ${needle}: ${fs.readFileSync(path.join(root, t), 'utf8').includes(needle)}`).toBe(`${t} mentions ${needle}: true`);
    }
  }
  // scripts/test.sh is what `npm test` runs, and what CI runs.
  expect(pkg.scripts.test).toBe('bash scripts/test.sh');
  expect(pkg.scripts.synth).toBe('node scripts/synth.js');
  expect(JSON.parse(fs.readFileSync(path.join(root, 'cdktf.json'), 'utf8')).app).toBe('node scripts/synth.js');
});

describe('the stages', () => {
  const stages = pipeline.stages as any[];
  const stage = (name: string): any => stages.find((s) => s.stage === name);

  test('Test, Synth, Plan on pull requests, then dev -> staging -> prod on main', () => {
    expect(stages.map((s) => [s.stage, s.dependsOn ?? null])).toEqual([
      ['Test', null], ['Synth', 'Test'], ['Plan', 'Synth'], ['Deploy_dev', 'Synth'], ['Deploy_staging', 'Deploy_dev'], ['Deploy_prod', 'Deploy_staging'],
    ]);
    expect(stage('Plan').condition).toBe("and(succeeded(), eq(variables['Build.Reason'], 'PullRequest'))");
    for (const env of ['dev', 'staging', 'prod']) {
      expect(stage(`Deploy_${env}`).condition).toBe("and(succeeded(), eq(variables['Build.SourceBranch'], 'refs/heads/main'), ne(variables['Build.Reason'], 'PullRequest'))");
    }
    expect(pipeline.trigger.branches.include).toEqual(['main']);
    expect(pipeline.pr.branches.include).toEqual(['main']);
  });

  test('Test runs npm ci && npm test, with the caches, and publishes the results even when tests fail', () => {
    const job = stage('Test').jobs[0];
    expect(job.steps.map((s: any) => s.script ?? s.task ?? s.template)).toEqual(['ci/setup-steps.yml', 'npm ci && npm test', 'PublishTestResults@2']);
    expect(job.steps[2].condition).toBe('succeededOrFailed()');
    const caches = steps(docs['ci/setup-steps.yml']).filter((s) => s.step.task === 'Cache@2').map((s) => s.step.inputs.key.split(' | ')[0]);
    expect(caches.sort()).toEqual(['go', 'npm', 'pip', 'tf-toolchain']);
    const setup = steps(docs['ci/setup-steps.yml']).map((x) => x.step);
    const engine = setup.find((x) => x.inputs?.key?.startsWith('tf-toolchain'));
    const go = setup.find((x) => x.inputs?.key?.startsWith('go'));
    // The Go caches are GBs: only a rebuild of the engine needs them.
    expect(engine.inputs.cacheHitVar).toBe('TF_TOOLCHAIN_CACHE_HIT');
    expect(go.condition).toBe("and(succeeded(), ne(variables.TF_TOOLCHAIN_CACHE_HIT, 'true'))");
    expect(setup.find((x) => x.task === 'Cache@2' && x.inputs.key.startsWith('npm')).inputs.path).toBe('$(npm_config_cache)');
    expect(pipeline.variables).toEqual(expect.arrayContaining([
      { name: 'GOMODCACHE', value: '$(Pipeline.Workspace)/.cache/go/mod' }, { name: 'GOCACHE', value: '$(Pipeline.Workspace)/.cache/go/build' },
      { name: 'PIP_CACHE_DIR', value: '$(Pipeline.Workspace)/.cache/pip' }, { name: 'TF_TOOLCHAIN_CACHE', value: '$(Pipeline.Workspace)/.cache/tf-toolchain' },
    ]));
    expect(job.steps[1].env).toEqual({
      JEST_JUNIT_OUTPUT_DIR: '$(Common.TestResultsDirectory)/jest',
      PYTEST_ADDOPTS: '--junitxml=$(Common.TestResultsDirectory)/pytest/workloads.xml',
    });
  });

  test('the compiled training pipeline is checked fresh on every commit', () => {
    expect(stage('Test').jobs[1].steps[1].script).toContain('assets/pipelines/tests/test_compile.py');
  });

  test('Synth publishes cdktf.out', () => {
    expect(stage('Synth').jobs[0].steps.slice(1)).toEqual([
      { script: 'npm ci && npm run synth', displayName: 'npm ci && npm run synth' },
      { publish: 'cdktf.out', artifact: 'cdktf.out', displayName: 'Publish cdktf.out' },
    ]);
  });

  test('pull requests plan every environment as its planner, without a lock, and post the summary', () => {
    const jobs = stage('Plan').jobs;
    expect(jobs.map((j: any) => [j.job, j.variables, j.steps[0].parameters])).toEqual(['dev', 'staging', 'prod'].map((env) => [
      `plan_${env}`, [{ group: `vmlops-${env}` }],
      { environment: env, serviceAccount: '$(PLANNER_SERVICE_ACCOUNT)', lock: false, postToPullRequest: true },
    ]));
    expect(JSON.stringify(stage('Plan'))).not.toContain('DEPLOYER');
  });

  test('main deploys each environment from a deployment job that applies the plan its stage made', () => {
    for (const env of ['dev', 'staging', 'prod']) {
      const s = stage(`Deploy_${env}`);
      expect(s.variables).toEqual([{ group: `vmlops-${env}` }]);
      const [plan, apply] = s.jobs;
      expect(plan.steps[0].parameters).toEqual({ environment: env, serviceAccount: '$(DEPLOYER_SERVICE_ACCOUNT)', lock: true, postToPullRequest: false });
      expect(apply).toMatchObject({ deployment: 'apply', dependsOn: 'plan', environment: env });
      expect(apply.strategy.runOnce.deploy.steps[0]).toEqual({ template: 'ci/apply-steps.yml', parameters: { environment: env } });
    }
    const applySteps = steps(docs['ci/apply-steps.yml']).map((s) => s.step);
    expect(applySteps.filter((s) => s.download).map((s) => s.artifact)).toEqual(['cdktf.out', 'plan-${{ parameters.environment }}']);
    const applyScript = applySteps.find((s) => typeof s.script === 'string' && s.script.includes('tofu -chdir')).script as string;
    expect(applyScript).toContain('apply -input=false "$plan/plan.bin"');
    expect(applyScript).not.toMatch(/\bplan -/); // no second plan: exactly the reviewed file
    const planSteps = steps(docs['ci/plan-steps.yml']).map((s) => s.step);
    expect(planSteps.find((s) => s.publish)).toMatchObject({ artifact: 'plan-${{ parameters.environment }}' });
  });

  test('the training pipeline is submitted for each commit, in dev only, after the apply', () => {
    const submits = allSteps.filter((s) => typeof s.step.script === 'string' && s.step.script.includes('submit:pipeline'));
    expect(submits.map((s) => [s.stage, s.job])).toEqual([['Deploy_dev', 'apply']]);
    const deploySteps = stage('Deploy_dev').jobs[1].strategy.runOnce.deploy.steps;
    expect(deploySteps[deploySteps.length - 1].script).toContain('--job-id "end2end-$(Build.SourceVersion)"');
  });

  test('the submit step reads outputs the dev stack has', () => {
    // In this process (jest's transform cache), not in a child that loads the whole app again:
    // the same buildApp, the same embedded config, the same dev stack. The output folder's
    // prefix is one scripts/jest-tmp-cleanup.js removes after the file's tests.
    const app = buildApp({ VMLOPS_BACKEND: 'local' }, fs.mkdtempSync(path.join(os.tmpdir(), 'vmlops-pipelines-')));
    const stack = JSON.parse(Testing.synth(app.node.findChild('mlops-dev') as TerraformStack));
    const script = stage('Deploy_dev').jobs[1].strategy.runOnce.deploy.steps[1].script as string;
    const used = [...script.matchAll(/\$\(out (\w+)\)/g)].map((m) => m[1]);
    expect(used.sort()).toEqual(['kms_key_vertex_ai', 'pipeline_root_bucket', 'pipeline_template_uri', 'registry_url', 'service_account_pipeline']);
    for (const o of used) expect(Object.keys(stack.output)).toContain(o);
    // The image build of every deploy reads the image builder and its staging folder from the stack too.
    const build = steps(docs['ci/apply-steps.yml']).find((s) => String(s.step.script).includes('container-build.sh'))!.step.script as string;
    const buildOutputs = [...build.matchAll(/\$\(out (\w+)\)/g)].map((m) => m[1]).sort();
    expect(buildOutputs).toEqual(['container_source_staging', 'registry_url', 'service_account_image_build']);
    for (const o of buildOutputs) expect(Object.keys(stack.output)).toContain(o);
    expect(stack.output.container_source_staging.value).toMatch(/^gs:\/\/\$\{google_storage_bucket\.buckets_container-source_[0-9A-F]{8}\.name\}\/source$/);
  }, 120000);

  test('every deploy builds the changed container images after its apply, as the deployer, before dev submits the pipeline on them', () => {
    const applySteps = steps(docs['ci/apply-steps.yml']).map((s) => s.step);
    const applyAt = applySteps.findIndex((s) => String(s.script).includes('apply -input=false'));
    const buildAt = applySteps.findIndex((s) => String(s.script).includes('scripts/container-build.sh'));
    const credsAt = applySteps.findIndex((s) => String(s.script).includes('--service-account "$(DEPLOYER_SERVICE_ACCOUNT)"'));
    expect([credsAt >= 0, applyAt > credsAt, buildAt > applyAt]).toEqual([true, true, true]);
    const build = applySteps[buildAt];
    // No image list: the script builds every folder with a cloudbuild.yaml, skipping unchanged ones.
    expect(build.script).toContain('bash scripts/container-build.sh "$(GCP_PROJECT_ID)" "${registry##*/}" "$(out service_account_image_build)"\n');
    expect(build.script).toContain('SOURCE_STAGING="$(out container_source_staging)" REGION="$(GCP_REGION)"');
    expect(build.env).toEqual({ SYSTEM_ACCESSTOKEN: '$(System.AccessToken)', SYSTEM_OIDCREQUESTURI: '$(System.OidcRequestUri)', GOOGLE_CLOUD_PROJECT: '$(GCP_PROJECT_ID)' });
    // Only deployment jobs build: never a pull request's plan, never the planner.
    expect(allSteps.filter((s) => String(s.step.script).includes('container-build.sh "')).map((s) => s.file)).toEqual(['ci/apply-steps.yml']);
    // Dev submits after the template (apply, then build), naming the images by the same content tags.
    const deploySteps = stage('Deploy_dev').jobs[1].strategy.runOnce.deploy.steps;
    expect(deploySteps.map((s: any) => s.template ?? 'script')).toEqual(['ci/apply-steps.yml', 'script']);
    const submit = deploySteps[1];
    for (const image of ['training', 'tuning', 'prediction']) expect(submit.script).toContain(`--param "${image}_image=$(image ${image})"`);
    expect(submit.script).toContain('image() { echo "$registry/$1:$(bash scripts/container-build.sh --tag "$1")"; }');
    expect(submit.env).toEqual({ SYSTEM_ACCESSTOKEN: '$(System.AccessToken)', SYSTEM_OIDCREQUESTURI: '$(System.OidcRequestUri)', GOOGLE_CLOUD_PROJECT: '$(GCP_PROJECT_ID)' });
  });
});

describe('credentials', () => {
  test('every Google credential comes from the job\'s OIDC token, and no key, PAT or secret appears anywhere', () => {
    const creds = allSteps.filter((s) => typeof s.step.script === 'string' && s.step.script.includes('gcp-credentials.ts write'));
    expect(creds.map((s) => s.file).sort()).toEqual(['ci/apply-steps.yml', 'ci/plan-steps.yml']);
    for (const f of files) {
      const text = fs.readFileSync(path.join(root, f), 'utf8');
      expect(text).not.toMatch(/DownloadSecureFile|secureFile|private_key|personal.?access.?token|AZDO_PERSONAL_ACCESS_TOKEN|GOOGLE_CREDENTIALS/i);
    }
  });

  test('System.AccessToken reaches only the steps that need it, through env, never on a command line', () => {
    for (const s of allSteps) {
      if (typeof s.step.script !== 'string') continue;
      expect(s.step.script).not.toContain('System.AccessToken');
      expect(s.step.script).not.toContain('SYSTEM_ACCESSTOKEN');
      if (s.step.env?.SYSTEM_ACCESSTOKEN) {
        expect(s.step.env.SYSTEM_ACCESSTOKEN).toBe('$(System.AccessToken)');
        expect(s.step.script).toMatch(/gcp-credentials\.ts|tofu|plan:summary -- post|container-build\.sh|submit:pipeline/);
      }
    }
  });

  test('the apply impersonates the deployer; pull-request plans pass the planner', () => {
    const apply = steps(docs['ci/apply-steps.yml']).find((s) => String(s.step.script).includes('gcp-credentials.ts write'))!;
    expect(apply.step.script).toContain('--service-account "$(DEPLOYER_SERVICE_ACCOUNT)"');
    const plan = steps(docs['ci/plan-steps.yml']).find((s) => String(s.step.script).includes('gcp-credentials.ts write'))!;
    expect(plan.step.script).toContain('--service-account "${{ parameters.serviceAccount }}"');
  });
});
