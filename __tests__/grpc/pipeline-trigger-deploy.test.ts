/**
 * The function as Cloud Run functions runs it: the Functions Framework's HTTP server decoding
 * a binary-mode CloudEvent, configured only through environment variables; and the build
 * that `gcp-build` runs producing the file package.json's `main` names.
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Server } from 'node:http';
import * as grpc from '@grpc/grpc-js';
import { startLoopbackGcs, type LoopbackGcs } from './support/gcs';
import { startLoopbackVertex, type LoopbackVertex } from './support/servers';

const FUNCTION_DIR = path.resolve(__dirname, '..', '..', 'assets', 'functions', 'pipeline-trigger');

describe('pipeline-trigger through the Functions Framework', () => {
  let vertex: LoopbackVertex;
  let gcs: LoopbackGcs;
  let server: Server;
  let url: string;
  const saved = { ...process.env };

  beforeAll(async () => {
    [vertex, gcs] = await Promise.all([startLoopbackVertex(), startLoopbackGcs()]);
    gcs.objects.set('acme-dev-pipeline-storage/end2end.json', fs.readFileSync(path.join(__dirname, 'fixtures', 'pipeline-spec.json'), 'utf8'));
    Object.assign(process.env, {
      PROJECT_ID: 'acme-dev',
      REGION: 'europe-west4',
      PIPELINE_TEMPLATE_URI: 'gs://acme-dev-pipeline-storage/end2end.json',
      PIPELINE_ROOT: 'gs://acme-dev-pipeline-root',
      KMS_KEY_NAME: 'projects/acme-kms/locations/europe-west4/keyRings/vertex/cryptoKeys/vertex-ai',
      PIPELINE_SERVICE_ACCOUNT: 'pipeline-runner@acme-dev.iam.gserviceaccount.com',
      VERTEX_API_ENDPOINT: vertex.address,
      STORAGE_EMULATOR_HOST: gcs.url,
    });
    jest.spyOn(process.stdout, 'write').mockImplementation(() => true);
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    require('../../assets/functions/pipeline-trigger/src/index');
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { getTestServer } = require('@google-cloud/functions-framework/testing') as typeof import('@google-cloud/functions-framework/testing');
    server = getTestServer('onObjectFinalized');
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  });
  afterAll(async () => {
    jest.restoreAllMocks();
    process.env = saved;
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await Promise.all([vertex.stop(), gcs.stop()]);
  });

  const deliver = (name: string) =>
    fetch(url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'ce-id': `evt-${name}-${Math.random()}`,
        'ce-specversion': '1.0',
        'ce-type': 'google.cloud.storage.object.v1.finalized',
        'ce-source': '//storage.googleapis.com/projects/_/buckets/acme-dev-shared-data',
        'ce-subject': `objects/${name}`,
      },
      body: JSON.stringify({ bucket: 'acme-dev-shared-data', name, generation: '42' }),
    });

  test('a finalized CSV is acknowledged (2xx) after the job is created; redelivery creates nothing', async () => {
    const first = await deliver('daily.csv');
    expect(first.status).toBe(204);
    expect(vertex.pipelines.jobs.size).toBe(1);
    const second = await deliver('daily.csv');
    expect(second.status).toBe(204);
    expect(vertex.pipelines.jobs.size).toBe(1);
    expect(vertex.pipelines.create.calls[0].parent).toBe('projects/acme-dev/locations/europe-west4');
  });

  test('a transient server error is a 5xx, which makes Eventarc redeliver', async () => {
    const crashLog = jest.spyOn(console, 'error').mockImplementation(() => undefined);
    vertex.pipelines.create.fail(grpc.status.UNAVAILABLE);
    const response = await deliver('other.csv');
    expect(response.status).toBeGreaterThanOrEqual(500);
    expect(String(crashLog.mock.calls[0]?.[0])).toContain('injected UNAVAILABLE');
  });

  test('a non-CSV object is acknowledged without a call', async () => {
    const calls = vertex.pipelines.create.calls.length;
    const response = await deliver('notes.txt');
    expect(response.status).toBe(204);
    expect(vertex.pipelines.create.calls.length).toBe(calls);
  });
});

describe('pipeline-trigger bundle', () => {
  // What VertexPipelineTrigger uploads: the function and the shared client code in one file, npm
  // dependencies left to Cloud Build, nothing to compile in the cloud.
  const { bundleFunction } = require('../../src/function-bundle') as typeof import('../../src/function-bundle');
  const root = path.resolve(__dirname, '..', '..');

  test('holds index.js, the package.json naming it, and the lockfile; no build step is left', () => {
    const bundled = bundleFunction(FUNCTION_DIR, 'test');
    expect(path.basename(bundled.directory)).toBe('pipeline-trigger');
    expect(fs.readdirSync(bundled.directory).sort()).toEqual(['index.js', 'package-lock.json', 'package.json']);
    const pkg = JSON.parse(fs.readFileSync(path.join(bundled.directory, 'package.json'), 'utf8'));
    expect(pkg.main).toBe('index.js');
    expect(pkg.scripts ?? {}).not.toHaveProperty('gcp-build');
    expect(pkg.scripts ?? {}).not.toHaveProperty('build');
    expect(pkg.engines.node).toMatch(/22/);
    for (const range of Object.values<string>({ ...pkg.dependencies, ...pkg.devDependencies })) {
      expect(range).toMatch(/^\d+\.\d+\.\d+$/);
    }
    // The shared module is inside; npm packages are not.
    expect(bundled.inputs).toEqual(expect.arrayContaining(['src/index.ts', '../../../packages/vertex-client/src/submission.ts', '../../../packages/vertex-client/src/eu-regions.ts']));
    const code = fs.readFileSync(path.join(bundled.directory, 'index.js'), 'utf8');
    // npm packages stay out, each loaded from the function's node_modules: the one client
    // module it calls, not the aiplatform package root (every client, about 2 s of cold start).
    expect(code).toContain('require("@google-cloud/aiplatform/build/src/v1/pipeline_service_client")');
    expect(code).not.toContain('require("@google-cloud/aiplatform")');
    expect(code).not.toMatch(/require\("\.{1,2}\//);
    expect(bundleFunction(FUNCTION_DIR, 'test').directory).toBe(bundled.directory);
  });

  test('an edited source gives a new bundle; an unchanged one reuses the last without esbuild', () => {
    const dir = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'vmlops-fn-')), 'fn');
    fs.mkdirSync(path.join(dir, 'src'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: 'fn', version: '1.0.0', main: 'dist/index.js', scripts: { 'gcp-build': 'tsc' } }));
    fs.writeFileSync(path.join(dir, 'src', 'util.ts'), "export const greeting = 'hello';\n");
    fs.writeFileSync(path.join(dir, 'src', 'index.ts'), "import { greeting } from './util';\nconsole.log(greeting);\n");
    try {
      const first = bundleFunction(dir, 'test');
      expect(bundleFunction(dir, 'test').directory).toBe(first.directory);
      fs.writeFileSync(path.join(dir, 'src', 'util.ts'), "export const greeting = 'hallo';\n");
      const second = bundleFunction(dir, 'test');
      expect(second.directory).not.toBe(first.directory);
      expect(fs.readFileSync(path.join(second.directory, 'index.js'), 'utf8')).toContain('hallo');
      expect(JSON.parse(fs.readFileSync(path.join(second.directory, 'package.json'), 'utf8'))).toEqual({ name: 'fn', version: '1.0.0', main: 'index.js', scripts: {} });
    } finally {
      fs.rmSync(path.dirname(dir), { recursive: true, force: true });
    }
  });

  test('the bundle registers onObjectFinalized with the Functions Framework when Node loads it', () => {
    const bundled = bundleFunction(FUNCTION_DIR, 'test');
    // Placed under the repository so that its npm dependencies resolve as Cloud Build installs them.
    fs.mkdirSync(path.join(root, 'node_modules', '.cache'), { recursive: true });
    const dir = fs.mkdtempSync(path.join(root, 'node_modules', '.cache', 'pipeline-trigger-bundle-'));
    try {
      fs.copyFileSync(path.join(bundled.directory, 'index.js'), path.join(dir, 'index.js'));
      const out = execFileSync(process.execPath, ['-e', [
        `require(${JSON.stringify(path.join(dir, 'index.js'))});`,
        "const { getTestServer } = require('@google-cloud/functions-framework/testing');",
        "console.log(typeof getTestServer('onObjectFinalized').listen);",
      ].join('\n')], { cwd: root, stdio: 'pipe' }).toString().trim();
      expect(out).toBe('function');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
