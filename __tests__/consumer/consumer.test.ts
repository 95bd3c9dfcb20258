import { execFileSync } from 'child_process';
import * as crypto from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

// Another team's view: the package as `npm pack` ships it, imported by name, type-checked
// against the shipped declarations and synthesized.
const root = path.resolve(__dirname, '..', '..');
const bin = (name: string) => path.join(root, 'node_modules', '.bin', name);
let work: string;
let packed: string[];
const EXAMPLES = ['team-stack.ts', 'central-keys-stack.ts'];
/** A stack of the generated Azure DevOps bindings, imported by deep path from the package. */
const AZDO_STACK = `import { App, TerraformStack } from 'cdktf';
import { AzuredevopsProvider } from 'vertex-mlops-cdktf/generated/azuredevops/provider';
import { Project } from 'vertex-mlops-cdktf/generated/azuredevops/project';
declare const process: { env: Record<string, string | undefined> };
const app = new App({ outdir: process.env.CDKTF_OUTDIR });
const stack = new TerraformStack(app, 'azdo');
new AzuredevopsProvider(stack, 'azdo', { orgServiceUrl: 'https://dev.azure.com/acme' });
new Project(stack, 'project', { name: 'ml-platform' });
app.synth();
`;

/** Transpiles one example (type-checking is its own test) and runs it with the consumer's node_modules. */
function runExample(example: string, outdir: string): void {
  const { transformSync } = require('esbuild');
  const js = transformSync(fs.readFileSync(path.join(work, example), 'utf8'), { loader: 'ts', format: 'cjs' }).code;
  const file = path.join(work, example.replace(/\.ts$/, '.js'));
  fs.writeFileSync(file, js);
  execFileSync(process.execPath, [file], { cwd: work, env: { ...process.env, CDKTF_OUTDIR: outdir }, stdio: 'pipe' });
}

/**
 * `tsc -p tsconfig.build.json` into dist/, as `npm run build` does before a publish. A warm run
 * whose sources and dist/ are byte for byte what the last build here left skips the compiler
 * (about 7 s of CPU): the key is every TypeScript and JSON file the build can read (src/,
 * packages/, the tsconfig files and package.json) and the lockfile (scripts/content-key.js),
 * plus every file of dist/, so an edit, another branch's build or a deleted dist/ all rebuild;
 * an edit to a test or a script does not.
 */
function buildDist(): void {
  const { contentKey, lastKey, recordKey } = require('../../scripts/content-key') as typeof import('../../scripts/content-key');
  const dist = path.join(root, 'dist');
  const distDigest = () => {
    const h = crypto.createHash('sha256');
    const walk = (dir: string): void => {
      if (!fs.existsSync(dir)) return;
      for (const e of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
        const file = path.join(dir, e.name);
        if (e.isDirectory()) walk(file);
        else h.update(path.relative(dist, file)).update('\0').update(fs.readFileSync(file)).update('\0');
      }
    };
    walk(dist);
    return h.digest('hex');
  };
  const sources = contentKey('consumer-build', ['.ts', '.tsx', '.json'], ['src/', 'packages/', 'tsconfig.json', 'tsconfig.build.json', 'package.json']);
  if (sources && fs.existsSync(path.join(dist, 'src', 'index.js')) && lastKey('consumer-build') === `${sources}-${distDigest()}`) return;
  execFileSync(bin('tsc'), ['-p', 'tsconfig.build.json'], { cwd: root, stdio: 'pipe' });
  if (sources) recordKey('consumer-build', `${sources}-${distDigest()}`);
}

beforeAll(() => {
  buildDist();
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'vmlops-consumer-'));
  // --ignore-scripts: `prepare` (patch-package over this checkout's node_modules) has nothing to do with what is packed
  const out = execFileSync('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', work], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] }).toString();
  const [info] = JSON.parse(out.slice(out.indexOf('[')));
  packed = info.files.map((f: { path: string }) => f.path);
  const pkgDir = path.join(work, 'node_modules', 'vertex-mlops-cdktf');
  fs.mkdirSync(pkgDir, { recursive: true });
  execFileSync('tar', ['-xzf', path.join(work, info.filename), '-C', pkgDir, '--strip-components=1']);
  // What `npm install vertex-mlops-cdktf` would bring: the package's declared dependencies
  // (and nothing else it might happen to find in this repository), plus the consumer's compiler.
  const declared = Object.keys(JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')).dependencies);
  for (const dep of [...declared, '@types/node', 'typescript']) {
    const target = path.join(work, 'node_modules', dep);
    fs.mkdirSync(path.dirname(target), { recursive: true });
    if (!fs.existsSync(target)) fs.symlinkSync(path.join(root, 'node_modules', dep), target);
  }
  for (const example of EXAMPLES) fs.copyFileSync(path.join(root, 'examples', example), path.join(work, example));
  fs.writeFileSync(path.join(work, 'azdo-stack.ts'), AZDO_STACK);
}, 180000);

afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

test('the package ships compiled code and declarations, and no tests or sources', () => {
  expect(packed).toEqual(expect.arrayContaining(['package.json', 'README.md', 'LICENSE', 'dist/src/index.js', 'dist/src/index.d.ts']));
  expect(packed.filter((f) => /__tests__|\.test\.|^src\/|^examples\//.test(f))).toEqual([]);
  // DataLayer reads the run rows' schema at synth; the rest of the LookML project is not the library's.
  expect(packed.filter((f) => f.startsWith('assets/looker/'))).toEqual(['assets/looker/pipeline_runs.schema.json']);
});

test('the consumer stacks and the Azure DevOps bindings type-check against the shipped declarations', () => {
  // one compiler run for all three (a tsc start costs about a second of CPU)
  fs.writeFileSync(path.join(work, 'tsconfig.json'), JSON.stringify({
    compilerOptions: { strict: true, module: 'commonjs', target: 'ES2022', moduleResolution: 'node', types: [], skipLibCheck: true, noEmit: true },
    files: [...EXAMPLES, 'azdo-stack.ts'],
  }));
  tscOrShow(['-p', 'tsconfig.json']);
}, 120000);

test('a consumer stack composes EncryptedBucket and CmekRegistry and synthesizes', () => {
  runExample('team-stack.ts', path.join(work, 'out'));
  const tf = JSON.parse(fs.readFileSync(path.join(work, 'out', 'stacks', 'fraud-team', 'cdk.tf.json'), 'utf8'));
  const [bucket] = Object.values<Record<string, any>>(tf.resource.google_storage_bucket);
  expect(bucket).toMatchObject({ name: 'acme-fraud-prod-features', location: 'EUROPE-WEST1', public_access_prevention: 'enforced' });
  const [repo] = Object.values<Record<string, any>>(tf.resource.google_artifact_registry_repository);
  expect(repo.kms_key_name).toMatch(/google_kms_crypto_key\.registry-key/);
  expect(Object.values<Record<string, any>>(tf.resource.google_storage_bucket_iam_member)[0].role).toBe('roles/storage.objectViewer');
}, 120000);

test.each(EXAMPLES)('the README shows %s verbatim, so the documented code is the tested code', (example) => {
  const readme = fs.readFileSync(path.join(root, 'README.md'), 'utf8');
  expect(readme).toContain(fs.readFileSync(path.join(root, 'examples', example), 'utf8').trim());
});

describe('keys in a central key project, an existing bucket and account, one layer alone', () => {
  const RING = 'projects/acme-security/locations/europe-west1/keyRings/risk-prod';
  let outdir: string;
  let tf: { resource: Record<string, Record<string, any>>; output: Record<string, { value: unknown; description: string }> };
  const all = (type: string) => Object.values<Record<string, any>>(tf.resource[type] ?? {});
  beforeAll(() => {
    outdir = path.join(work, 'out-central');
    // A full synth: a guardrail finding would abort it with the rule id and path.
    runExample('central-keys-stack.ts', outdir);
    tf = JSON.parse(fs.readFileSync(path.join(outdir, 'stacks', 'risk-team', 'cdk.tf.json'), 'utf8'));
  }, 120000);

  test('synthesizes through the guardrails, with no key, key ring, bucket or account created for what exists', () => {
    expect(tf.resource.google_kms_crypto_key).toBeUndefined();
    expect(tf.resource.google_kms_key_ring).toBeUndefined();
    expect(all('google_storage_bucket').map((b) => b.name)).toEqual(['acme-risk-prod-predictions']);
    expect(all('google_service_account').map((a) => a.account_id)).toEqual(['risk-batch']);
  });

  test('each resource is in its own project and on the central key of its class', () => {
    const [bucket] = all('google_storage_bucket');
    expect(bucket).toMatchObject({ project: 'acme-risk-prod', location: 'EUROPE-WEST1', encryption: { default_kms_key_name: `${RING}/cryptoKeys/storage` } });
    const [endpoint] = all('google_vertex_ai_endpoint');
    expect(endpoint).toMatchObject({ project: 'acme-risk-prod', location: 'europe-west1', encryption_spec: { kms_key_name: `${RING}/cryptoKeys/vertex-ai` } });
    const [workflow] = all('google_workflows_workflow');
    expect(workflow).toMatchObject({ project: 'acme-risk-prod', crypto_key_name: `${RING}/cryptoKeys/functions` });
  });

  test("the consuming project's service agents are granted on the central keys, and the grants are waited for", () => {
    const grants = all('google_kms_crypto_key_iam_member').map((g) => [g.crypto_key_id, g.member]).sort();
    expect(grants).toEqual([
      [`${RING}/cryptoKeys/storage`, 'serviceAccount:service-512345678901@gs-project-accounts.iam.gserviceaccount.com'],
      [`${RING}/cryptoKeys/vertex-ai`, 'serviceAccount:service-512345678901@gcp-sa-aiplatform.iam.gserviceaccount.com'],
    ]);
    const [bucket] = all('google_storage_bucket');
    expect(bucket.depends_on).toEqual([expect.stringMatching(/^google_kms_crypto_key_iam_member\.storage-key_agent-storage-512345678901_/)]);
  });

  test('where the key owners grant, the output lists exactly the grants to make', () => {
    const [name] = Object.keys(tf.output).filter((k) => k.includes('required_grants'));
    expect(tf.output[name].value).toEqual([
      'roles/cloudkms.cryptoKeyEncrypterDecrypter serviceAccount:service-512345678901@gcf-admin-robot.iam.gserviceaccount.com',
      'roles/cloudkms.cryptoKeyEncrypterDecrypter serviceAccount:service-512345678901@serverless-robot-prod.iam.gserviceaccount.com',
      'roles/cloudkms.cryptoKeyEncrypterDecrypter serviceAccount:service-512345678901@gcp-sa-artifactregistry.iam.gserviceaccount.com',
      'roles/cloudkms.cryptoKeyEncrypterDecrypter serviceAccount:service-512345678901@gcp-sa-eventarc.iam.gserviceaccount.com',
      'roles/cloudkms.cryptoKeyEncrypterDecrypter serviceAccount:service-512345678901@gs-project-accounts.iam.gserviceaccount.com',
      'roles/cloudkms.cryptoKeyEncrypterDecrypter serviceAccount:service-512345678901@gcp-sa-workflows.iam.gserviceaccount.com',
    ]);
  });

  test('the imported bucket and account get grants, nothing more', () => {
    const reads = all('google_storage_bucket_iam_member').filter((g) => g.bucket === 'acme-risk-prod-landing').map((g) => g.role);
    expect(reads).toEqual(['roles/storage.objectViewer']);
    const roles = all('google_project_iam_member').filter((g) => g.member === 'serviceAccount:risk-serving@acme-risk-prod.iam.gserviceaccount.com').map((g) => g.role).sort();
    expect(roles).toEqual(['roles/logging.logWriter', 'roles/monitoring.metricWriter']);
  });

  test('the real engine plans it offline: every resource created, nothing read', () => {
    const plans = path.join(work, 'plans-central');
    execFileSync('bash', [path.join(root, 'scripts', 'tf-plan.sh'), outdir, plans], { cwd: root, stdio: 'pipe', env: { ...process.env } });
    const plan = JSON.parse(fs.readFileSync(path.join(plans, 'risk-team.plan.json'), 'utf8'));
    const actions = [...new Set(plan.resource_changes.map((r: { change: { actions: string[] } }) => r.change.actions.join(',')))];
    expect(actions).toEqual(['create']);
    const synthesized = Object.values(tf.resource).reduce((n, byId) => n + Object.keys(byId).length, 0);
    expect(plan.resource_changes).toHaveLength(synthesized);
    expect(plan.planned_values.root_module.resources.filter((r: { mode: string }) => r.mode === 'data')).toEqual([]);
  }, 600000);
});

test('the generated Azure DevOps bindings ship too, importable by deep path, and synthesize', () => {
  expect(packed).toEqual(expect.arrayContaining([
    'dist/src/generated/azuredevops/project/index.js', 'dist/src/generated/azuredevops/project/index.d.ts',
    'dist/src/generated/azuredevops/provider/index.js',
  ]));
  expect(packed.filter((f) => f.startsWith('dist/src/generated/') && f.endsWith('.json'))).toEqual([]);
  // typed: the type-check test above compiles azdo-stack.ts with the examples
  const { transformSync } = require('esbuild');
  fs.writeFileSync(path.join(work, 'azdo-stack.js'), transformSync(AZDO_STACK, { loader: 'ts', format: 'cjs' }).code);
  execFileSync(process.execPath, ['azdo-stack.js'], { cwd: work, env: { ...process.env, CDKTF_OUTDIR: path.join(work, 'azdo-out') }, stdio: 'pipe' });
  const tf = JSON.parse(fs.readFileSync(path.join(work, 'azdo-out', 'stacks', 'azdo', 'cdk.tf.json'), 'utf8'));
  expect(tf.terraform.required_providers.azuredevops).toEqual({ source: 'microsoft/azuredevops', version: '1.16.0' });
  expect(Object.values<Record<string, unknown>>(tf.resource.azuredevops_project)[0]).toMatchObject({ name: 'ml-platform' });
}, 120000);

/** Runs the consumer's tsc; a failure shows the compiler's messages. */
function tscOrShow(args: string[]): void {
  try {
    execFileSync(path.join(work, 'node_modules', 'typescript', 'bin', 'tsc'), args, { cwd: work, stdio: 'pipe' });
  } catch (e) {
    throw new Error(`tsc ${args.join(' ')} failed:\n${(e as { stdout?: Buffer }).stdout?.toString() ?? ''}`);
  }
}
