import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

// Another team's view: the package as `npm pack` ships it, imported by name, type-checked
// against the shipped declarations and synthesized.
const root = path.resolve(__dirname, '..', '..');
const bin = (name: string) => path.join(root, 'node_modules', '.bin', name);
let work: string;
let packed: string[];

beforeAll(() => {
  execFileSync(bin('tsc'), ['-p', 'tsconfig.build.json'], { cwd: root, stdio: 'pipe' });
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'vmlops-consumer-'));
  const out = execFileSync('npm', ['pack', '--json', '--pack-destination', work], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] }).toString();
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
  fs.copyFileSync(path.join(root, 'examples', 'team-stack.ts'), path.join(work, 'team-stack.ts'));
}, 180000);

afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

test('the package ships compiled code and declarations, and no tests or sources', () => {
  expect(packed).toEqual(expect.arrayContaining(['package.json', 'README.md', 'LICENSE', 'dist/src/index.js', 'dist/src/index.d.ts']));
  expect(packed.filter((f) => /__tests__|\.test\.|^src\/|^examples\//.test(f))).toEqual([]);
});

test('a consumer stack type-checks against the shipped declarations', () => {
  fs.writeFileSync(path.join(work, 'tsconfig.json'), JSON.stringify({
    compilerOptions: { strict: true, module: 'commonjs', target: 'ES2022', moduleResolution: 'node', types: [], skipLibCheck: true, noEmit: true },
    files: ['team-stack.ts'],
  }));
  execFileSync(path.join(work, 'node_modules', 'typescript', 'bin', 'tsc'), ['-p', 'tsconfig.json'], { cwd: work, stdio: 'pipe' });
}, 120000);

test('a consumer stack composes EncryptedBucket and CmekRegistry and synthesizes', () => {
  // Transpile only (type-checking is the test above), then run with the consumer's node_modules.
  const { transformSync } = require('esbuild');
  const js = transformSync(fs.readFileSync(path.join(work, 'team-stack.ts'), 'utf8'), { loader: 'ts', format: 'cjs' }).code;
  fs.writeFileSync(path.join(work, 'team-stack.js'), js);
  execFileSync(process.execPath, ['team-stack.js'], { cwd: work, env: { ...process.env, CDKTF_OUTDIR: path.join(work, 'out') }, stdio: 'pipe' });
  const tf = JSON.parse(fs.readFileSync(path.join(work, 'out', 'stacks', 'fraud-team', 'cdk.tf.json'), 'utf8'));
  const [bucket] = Object.values<Record<string, any>>(tf.resource.google_storage_bucket);
  expect(bucket).toMatchObject({ name: 'acme-fraud-prod-features', location: 'EUROPE-WEST1', public_access_prevention: 'enforced' });
  const [repo] = Object.values<Record<string, any>>(tf.resource.google_artifact_registry_repository);
  expect(repo.kms_key_name).toMatch(/google_kms_crypto_key\.registry-key/);
  expect(Object.values<Record<string, any>>(tf.resource.google_storage_bucket_iam_member)[0].role).toBe('roles/storage.objectViewer');
}, 120000);

test('the README shows this example verbatim, so the documented code is the tested code', () => {
  const readme = fs.readFileSync(path.join(root, 'README.md'), 'utf8');
  expect(readme).toContain(fs.readFileSync(path.join(root, 'examples', 'team-stack.ts'), 'utf8').trim());
});

test('the generated Azure DevOps bindings ship too, importable by deep path, typed and at run time', () => {
  expect(packed).toEqual(expect.arrayContaining([
    'dist/src/generated/azuredevops/project/index.js', 'dist/src/generated/azuredevops/project/index.d.ts',
    'dist/src/generated/azuredevops/provider/index.js',
  ]));
  expect(packed.filter((f) => f.startsWith('dist/src/generated/') && f.endsWith('.json'))).toEqual([]);
  const src = `import { App, TerraformStack } from 'cdktf';
import { AzuredevopsProvider } from 'vertex-mlops-cdktf/generated/azuredevops/provider';
import { Project } from 'vertex-mlops-cdktf/generated/azuredevops/project';
declare const process: { env: Record<string, string | undefined> };
const app = new App({ outdir: process.env.CDKTF_OUTDIR });
const stack = new TerraformStack(app, 'azdo');
new AzuredevopsProvider(stack, 'azdo', { orgServiceUrl: 'https://dev.azure.com/acme' });
new Project(stack, 'project', { name: 'ml-platform' });
app.synth();
`;
  fs.writeFileSync(path.join(work, 'azdo-stack.ts'), src);
  fs.writeFileSync(path.join(work, 'tsconfig.azdo.json'), JSON.stringify({
    compilerOptions: { strict: true, module: 'commonjs', target: 'ES2022', moduleResolution: 'node', types: [], skipLibCheck: true, noEmit: true },
    files: ['azdo-stack.ts'],
  }));
  tscOrShow(['-p', 'tsconfig.azdo.json']);
  const { transformSync } = require('esbuild');
  fs.writeFileSync(path.join(work, 'azdo-stack.js'), transformSync(src, { loader: 'ts', format: 'cjs' }).code);
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
