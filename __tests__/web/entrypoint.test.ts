/**
 * The service's entry point as Cloud Run starts it: a process that reads its environment,
 * refuses a bad one with every problem named (no stack trace), and otherwise listens and
 * answers its probes.
 */
import { spawn, spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { startLoopbackVertex, type LoopbackVertex } from '../grpc/support/servers';
import { freePort } from './support/redis';
import { ENDPOINT } from './support/service';

const ROOT = path.resolve(__dirname, '..', '..');
const MAIN = path.join(ROOT, 'assets/web/src/main.ts');
// The children load the TypeScript through scripts/ts-loader.js (esbuild, cached by content), as
// __tests__/grpc/support/cli.ts does: ts-node would cost about 0.4 s more per start.
const TS_LOADER = path.join(ROOT, 'scripts', 'ts-loader.js');
const NODE_ARGS = ['-r', TS_LOADER, MAIN];

let vertex: LoopbackVertex;
beforeAll(async () => {
  vertex = await startLoopbackVertex();
  vertex.prediction.endpoints.add(ENDPOINT);
});
afterAll(() => vertex?.stop());

test('a bad environment stops start-up with every problem named and exit code 2', () => {
  const run = spawnSync(process.execPath, NODE_ARGS, {
    cwd: ROOT,
    encoding: 'utf8',
    env: { PATH: process.env.PATH, VERTEX_ENDPOINT: 'projects/p/locations/us-central1', MODEL_TIMEOUT_MS: 'soon', REDIS_TLS: 'yes' },
  });
  expect(run.status).toBe(2);
  expect(run.stderr).toBe(
    [
      'error: invalid web service configuration (3 problems):',
      "  - VERTEX_ENDPOINT 'projects/p/locations/us-central1' is neither an id nor projects/<project>/locations/<region>/endpoints/<id>",
      "  - MODEL_TIMEOUT_MS 'soon' must be a whole number of milliseconds from 1 to 600000, e.g. MODEL_TIMEOUT_MS=2000",
      "  - REDIS_TLS 'yes' must be true or false",
      '',
    ].join('\n'),
  );
});

test('a non-EU endpoint is refused before any call', () => {
  const run = spawnSync(process.execPath, NODE_ARGS, { cwd: ROOT, encoding: 'utf8', env: { PATH: process.env.PATH, VERTEX_ENDPOINT: 'projects/acme-web/locations/us-central1/endpoints/1' } });
  expect(run.status).toBe(2);
  expect(run.stderr).toMatch(/^error: invalid web service configuration \(1 problem\):\n  - VERTEX_ENDPOINT region 'us-central1' is not allowed: data must stay in the EU; use one of europe-central2, /);
});

test('with a good environment it listens on PORT, answers its probes and a prediction, and stops on SIGTERM', async () => {
  const port = await freePort();
  const child = spawn(process.execPath, NODE_ARGS, {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { PATH: process.env.PATH, HOST: '127.0.0.1', PORT: String(port), VERTEX_ENDPOINT: ENDPOINT, VERTEX_API_ENDPOINT: vertex.address, VERTEX_API_INSECURE: 'true' },
  });
  let stdout = '';
  child.stdout!.on('data', (c: Buffer) => (stdout += c.toString()));
  try {
    for (let i = 0; i < 300 && !stdout.includes('"event":"listening"'); i += 1) await new Promise((r) => setTimeout(r, 50));
    expect(await (await fetch(`http://127.0.0.1:${port}/healthz`)).json()).toEqual({ status: 'ok' });
    expect(await (await fetch(`http://127.0.0.1:${port}/readyz`)).json()).toEqual({ status: 'ready', cache: 'off', modelVersion: null });
    const answer = await fetch(`http://127.0.0.1:${port}/v1/predict`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ instances: [{ sepal_length: 5.1, sepal_width: 3.5, petal_length: 1.4, petal_width: 0.2 }] }),
    });
    expect(answer.status).toBe(200);
    expect(((await answer.json()) as { cache: string[] }).cache).toEqual(['bypass']);
    await new Promise((r) => setTimeout(r, 200));
    const lines = stdout.trim().split('\n').map((l) => JSON.parse(l));
    expect(lines.find((l) => l.event === 'cache_off')).toMatchObject({ severity: 'WARNING', message: 'REDIS_HOST is not set: every answer comes from the model' });
    expect(lines.find((l) => l.event === 'prediction')).toMatchObject({ severity: 'INFO', cache: 'bypass', instances: 1, hits: 0 });
  } finally {
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
  }
}, 60000);
