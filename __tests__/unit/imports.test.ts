import * as fs from 'fs';
import * as path from 'path';
import { buildSync } from 'esbuild';

const root = path.resolve(__dirname, '..', '..');
const DIRS = ['src', 'inference', 'assets/functions', 'packages', 'scripts', 'examples', '__tests__'];

function tsFiles(dir: string): string[] {
  const abs = path.join(root, dir);
  if (!fs.existsSync(abs)) return [];
  return fs.readdirSync(abs, { withFileTypes: true }).flatMap((e) => {
    if (e.name === 'node_modules' || e.name === 'dist') return [];
    const rel = path.join(dir, e.name);
    return e.isDirectory() ? tsFiles(rel) : /\.(ts|js)$/.test(e.name) ? [rel] : [];
  });
}

// The provider's root index loads ~1,470 resource modules: several times slower synth and tests.
test('nothing imports @cdktf/provider-google from its root; deep imports only', () => {
  const offenders = DIRS.flatMap(tsFiles).filter((f) => {
    const text = fs.readFileSync(path.join(root, f), 'utf8');
    return /from\s+['"]@cdktf\/provider-google['"]|require\(\s*['"]@cdktf\/provider-google['"]\s*\)/.test(text) && !f.endsWith('imports.test.ts') && !f.includes('bench');
  });
  expect(offenders).toEqual([]);
});

test('every provider import names one resource module', () => {
  const bad = DIRS.flatMap(tsFiles).flatMap((f) => {
    const text = fs.readFileSync(path.join(root, f), 'utf8');
    return [...text.matchAll(/from\s+['"](@cdktf\/provider-google\/[^'"]+)['"]/g)].map((m) => m[1]).filter((m) => !/^@cdktf\/provider-google\/lib\/[a-z0-9-]+$/.test(m)).map((m) => `${f}: ${m}`);
  });
  expect(bad).toEqual([]);
});

// Constructs, layers, rules and guardrails are the library; src/config is one app's way of
// filling them. A construct that read the config could not be used by another team's stack.
test('nothing of the library imports the app config (src/config)', () => {
  const library = ['src/constructs', 'src/layers', 'src/rules', 'src/guardrails', 'packages'].flatMap(tsFiles)
    .concat(['src/iam.ts', 'src/project-roles.ts', 'src/platform-construct.ts', 'src/service-agents.ts', 'src/function-bundle.ts', 'src/assets.ts']);
  const offenders = library.filter((f) => /from\s+['"](\.\.\/)+config(\/[a-z-]+)?['"]/.test(fs.readFileSync(path.join(root, f), 'utf8')));
  expect(offenders).toEqual([]);
});

// The package root of @google-cloud/aiplatform builds every v1 and v1beta1 client on require
// (about 1.7 s and 100 MiB per CLI start, and as much on each cold start of the trigger
// function or the web service); the code that runs loads only the service modules it calls.
const CLIENT_CODE = ['inference', 'scripts', 'packages', 'assets/functions', 'assets/web'];

test('no client, function or web code imports @google-cloud/aiplatform from its root (types only)', () => {
  const files = CLIENT_CODE.flatMap(tsFiles);
  expect(files).toEqual(expect.arrayContaining(['assets/functions/pipeline-trigger/src/handler.ts', 'assets/web/src/model.ts']));
  const offenders = files.filter((f) => {
    const text = fs.readFileSync(path.join(root, f), 'utf8');
    return /^\s*(import|export)\s+(?!type\b)[^;]*from\s+['"]@google-cloud\/aiplatform['"]|require\(\s*['"]@google-cloud\/aiplatform['"]\s*\)/m.test(text);
  });
  expect(offenders).toEqual([]);
});

// What the entry modules reach, not only what each file says: esbuild follows every import
// from the function's and the web service's entries (as the function's bundle does at synth)
// and lists the npm modules they load.
test('the trigger function and the web service reach one aiplatform client module each', () => {
  const reached = (entry: string) => {
    const { metafile } = buildSync({
      absWorkingDir: root, entryPoints: [entry], bundle: true, platform: 'node', packages: 'external', write: false, metafile: true, logLevel: 'silent',
    });
    const external = Object.values(metafile.inputs).flatMap((input) => input.imports.filter((i) => i.external).map((i) => i.path));
    return [...new Set(external.filter((p) => p.startsWith('@google-cloud/aiplatform')))].sort();
  };
  expect(reached('assets/functions/pipeline-trigger/src/index.ts')).toEqual(['@google-cloud/aiplatform/build/src/v1/pipeline_service_client']);
  expect(reached('assets/web/src/main.ts')).toEqual(['@google-cloud/aiplatform/build/src/v1/prediction_service_client']);
});
