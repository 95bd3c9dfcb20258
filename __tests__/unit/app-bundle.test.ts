/**
 * The app as one bundled file (scripts/app-bundle.js): it writes what the loose modules write,
 * keeps token traces off unless asked, and is rebuilt exactly when a file it is made from changes.
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const root = path.resolve(__dirname, '..', '..');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { buildOptions, bundleFile, bundleKey, sourceFiles, tokenTraces } = require('../../scripts/app-bundle') as {
  buildOptions: (outfile: string) => Record<string, unknown>;
  bundleFile: () => string;
  bundleKey: (dir?: string) => string;
  sourceFiles: (dir: string) => string[];
  tokenTraces: unknown;
};
// eslint-disable-next-line @typescript-eslint/no-require-imports
const esbuild = require('esbuild') as typeof import('esbuild');

/** Every file under `dir` with its content, by relative path. */
function tree(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const rel of (fs.readdirSync(dir, { recursive: true }) as string[]).sort()) {
    const file = path.join(dir, rel);
    if (fs.statSync(file).isFile()) out[rel] = fs.readFileSync(file, 'latin1');
  }
  return out;
}

test('the bundled app writes byte for byte what the loose TypeScript modules write', () => {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'app-bundle-'));
  try {
    const env = { ...process.env, VMLOPS_BACKEND: 'local' };
    execFileSync(process.execPath, [path.join(root, 'scripts', 'synth.js')], { cwd: work, env: { ...env, CDKTF_OUTDIR: path.join(work, 'bundled') }, stdio: 'pipe' });
    execFileSync(process.execPath, ['-r', path.join(root, 'scripts', 'ts-loader.js'), '-e', "require('./scripts/token-traces').install(); require('./src/main.ts').main()"], {
      cwd: root, env: { ...env, CDKTF_OUTDIR: path.join(work, 'loose') }, stdio: 'pipe',
    });
    const bundled = tree(path.join(work, 'bundled'));
    expect(Object.keys(bundled)).toEqual(expect.arrayContaining(['manifest.json', path.join('stacks', 'mlops-dev', 'cdk.tf.json'), path.join('stacks', 'mlops-cicd', 'cdk.tf.json')]));
    expect(bundled).toEqual(tree(path.join(work, 'loose')));
    // the bundle that ran carries token-traces.js's replacement, undone by VMLOPS_TOKEN_TRACES=1
    const bundle = fs.readFileSync(bundleFile(), 'utf8');
    expect(bundle).toMatch(/if \(process\.env\.VMLOPS_TOKEN_TRACES !== "1"\) exports\d*\.captureStackTrace = function noTrace\(\) \{\s*return \[\];\s*\};/);
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}, 120000);

test('the key follows the content of the files the bundle is made from, and only those', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'app-bundle-key-'));
  try {
    const write = (rel: string, text: string) => {
      fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
      fs.writeFileSync(path.join(dir, rel), text);
    };
    write('package-lock.json', '{}');
    write('tsconfig.json', '{}');
    write('scripts/app-bundle.js', '// a');
    write('src/main.ts', 'export const a = 1;');
    write('packages/client/src/index.ts', 'export const b = 2;');
    write('packages/client/node_modules/dep/index.js', 'x');
    write('docs/readme.md', 'text');
    expect(sourceFiles(dir)).toEqual(['node_modules/.package-lock.json', 'package-lock.json', 'packages/client/src/index.ts', 'scripts/app-bundle.js', 'scripts/token-traces.js', 'src/main.ts', 'tsconfig.json']);
    const first = bundleKey(dir);
    expect(bundleKey(dir)).toBe(first);
    write('docs/readme.md', 'other text');
    write('packages/client/node_modules/dep/index.js', 'y');
    expect(bundleKey(dir)).toBe(first);
    write('src/main.ts', 'export const a = 2;');
    const edited = bundleKey(dir);
    expect(edited).not.toBe(first);
    write('src/new.ts', '');
    expect(bundleKey(dir)).not.toBe(edited);
    write('src/main.ts', 'export const a = 1;');
    fs.rmSync(path.join(dir, 'src', 'new.ts'));
    expect(bundleKey(dir)).toBe(first);
    write('package-lock.json', '{"lockfileVersion":3}');
    const relocked = bundleKey(dir);
    expect(relocked).not.toBe(first);
    // what npm installed last, which an `npm ci` of another lock rewrites
    write('node_modules/.package-lock.json', '{"packages":{}}');
    expect(bundleKey(dir)).not.toBe(relocked);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('a source that does not compile stops the main command with esbuild\'s report and no stack', () => {
  // a checkout of its own: the three scripts, a broken src/main.ts, this checkout's node_modules
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'app-bundle-broken-'));
  try {
    fs.mkdirSync(path.join(dir, 'scripts'));
    for (const f of ['synth.js', 'app-bundle.js', 'token-traces.js']) fs.copyFileSync(path.join(root, 'scripts', f), path.join(dir, 'scripts', f));
    fs.mkdirSync(path.join(dir, 'src'));
    fs.writeFileSync(path.join(dir, 'src', 'main.ts'), 'export function main() {\n  const x = ;\n}\n');
    fs.symlinkSync(path.join(root, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
    let status = 0;
    let stderr = '';
    try {
      execFileSync(process.execPath, [path.join(dir, 'scripts', 'synth.js')], { cwd: dir, stdio: 'pipe', env: { ...process.env, VMLOPS_APP_BUNDLE_DIR: path.join(dir, 'bundles') } });
    } catch (e) {
      const err = e as { status: number; stderr: Buffer };
      status = err.status;
      stderr = err.stderr.toString();
    }
    expect(status).toBe(1);
    expect(stderr).toContain('the app did not build (scripts/app-bundle.js)');
    expect(stderr).toMatch(/src\/main\.ts:2:\d+:/);
    // esbuild's report, once
    expect(stderr.match(/Unexpected ";"/g)).toEqual(['Unexpected ";"']);
    expect(stderr).not.toMatch(/\n\s+at /);
    expect(fs.existsSync(path.join(dir, 'cdktf.out'))).toBe(false);
    expect(fs.readdirSync(path.join(dir, 'bundles')).filter((f) => !f.includes('.tmp.'))).toEqual([]);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}, 60000);

test('the key covers every project file the bundle is built from', async () => {
  const result = await esbuild.build({ ...buildOptions(path.join(os.tmpdir(), 'app-bundle-inputs.js')), write: false, metafile: true });
  const inputs = Object.keys(result.metafile!.inputs).filter((f) => !f.split('/').includes('node_modules'));
  expect(inputs).toEqual(expect.arrayContaining(['src/main.ts', 'src/assets.ts']));
  expect(inputs.filter((f) => !sourceFiles(root).includes(f))).toEqual([]);
  // src/assets.ts finds assets/ from its own folder in the bundle too
  const code = result.outputFiles!.find((f) => f.path.endsWith('.js'))!.text;
  expect(code).toContain(`var __dirname = ${JSON.stringify(path.join(root, 'src'))};`);
}, 60000);

test('cdktf records no token creation trace in the bundle unless VMLOPS_TOKEN_TRACES=1', async () => {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'app-bundle-traces-'));
  try {
    const outfile = path.join(work, 'traces.js');
    await esbuild.build({
      stdin: { contents: "process.stdout.write(String(require('cdktf/lib/tokens/private/stack-trace').captureStackTrace().length));", resolveDir: root, loader: 'js' },
      bundle: true, platform: 'node', format: 'cjs', outfile, plugins: [tokenTraces as import('esbuild').Plugin], logLevel: 'silent',
    });
    const frames = (env: NodeJS.ProcessEnv) => Number(execFileSync(process.execPath, [outfile], { env: { ...process.env, ...env }, encoding: 'utf8' }));
    expect(frames({ VMLOPS_TOKEN_TRACES: '' })).toBe(0);
    expect(frames({ VMLOPS_TOKEN_TRACES: '1' })).toBeGreaterThan(0);
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}, 60000);
