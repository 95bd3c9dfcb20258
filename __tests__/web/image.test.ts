/**
 * The web image's contents, run as the image runs them: scripts/web-image.js stages the build
 * context, and its dist/main.js starts from a folder outside the repository (no node_modules to
 * fall back on), with the image's environment, against a real redis-server and the loopback
 * PredictionService. What passes here is what the Dockerfile copies.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { startLoopbackVertex, type LoopbackVertex } from '../grpc/support/servers';
import { freePort, startRedis, type TestRedis } from './support/redis';
import { ENDPOINT } from './support/service';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { stageWebImage } = require('../../scripts/web-image.js') as { stageWebImage: (out: string) => string };

const ROOT = path.resolve(__dirname, '..', '..');
let work: string;
let context: string;
let vertex: LoopbackVertex;
let redis: TestRedis;

beforeAll(async () => {
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'vmlops-web-image-'));
  context = stageWebImage(path.join(work, 'context'));
  vertex = await startLoopbackVertex();
  vertex.prediction.endpoints.add(ENDPOINT);
  redis = await startRedis();
}, 60000);
afterAll(async () => {
  await redis?.stop();
  vertex?.stop();
  fs.rmSync(work, { recursive: true, force: true });
});

function listing(dir: string): string[] {
  return fs.readdirSync(dir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).map((e) => path.relative(dir, path.join(e.parentPath, e.name))).sort();
}

test('the context holds the Dockerfile, its build config and exactly what the Dockerfile copies', () => {
  expect(listing(context)).toEqual(['Dockerfile', 'app/dist/main.js', 'app/public/app.js', 'app/public/index.html', 'app/public/style.css', 'app/schema/iris.schema.json', 'cloudbuild.yaml']);
  const dockerfile = fs.readFileSync(path.join(context, 'Dockerfile'), 'utf8');
  expect(dockerfile.match(/^COPY .*$/gm)).toEqual(['COPY app/dist ./dist', 'COPY app/public ./public', 'COPY app/schema ./schema']);
  expect(dockerfile).toMatch(/^USER 10001$/m);
  expect(dockerfile).toMatch(/^ENTRYPOINT \["node", "dist\/main\.js"\]$/m);
});

test('the base image runs the Node.js version the repository pins', () => {
  const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { devDependencies: Record<string, string> };
  const from = /^FROM node:(\S+)-bookworm-slim$/m.exec(fs.readFileSync(path.join(ROOT, 'assets/web/Dockerfile'), 'utf8'));
  expect(from?.[1]).toBe(pkg.devDependencies.node);
});

test('staging twice gives the same bytes', () => {
  const again = stageWebImage(path.join(work, 'again'));
  for (const rel of listing(context)) expect(fs.readFileSync(path.join(again, rel)).equals(fs.readFileSync(path.join(context, rel)))).toBe(true);
});

test('the bundle starts outside the repository with the image environment, caches in Redis and stops on SIGTERM', async () => {
  const app = path.join(context, 'app');
  const port = await freePort();
  const child: ChildProcess = spawn(process.execPath, ['dist/main.js'], {
    cwd: app,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      PATH: process.env.PATH,
      NODE_ENV: 'production',
      INSTANCE_SCHEMA_FILE: path.join(app, 'schema', 'iris.schema.json'),
      HOST: '127.0.0.1',
      PORT: String(port),
      VERTEX_ENDPOINT: ENDPOINT,
      VERTEX_API_ENDPOINT: vertex.address,
      VERTEX_API_INSECURE: 'true',
      REDIS_HOST: redis.host,
      REDIS_PORT: String(redis.port),
      REDIS_AUTH: redis.password,
    },
  });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (c: Buffer) => (stdout += c.toString()));
  child.stderr!.on('data', (c: Buffer) => (stderr += c.toString()));
  try {
    // Listening comes first; the Redis connection follows on its own (`cache_up`), so wait for both.
    for (let i = 0; i < 400 && !(stdout.includes('"event":"listening"') && stdout.includes('"event":"cache_up"')); i += 1) await new Promise((r) => setTimeout(r, 50));
    expect(stderr).toBe('');
    expect(await (await fetch(`http://127.0.0.1:${port}/readyz`)).json()).toEqual({ status: 'ready', cache: 'up', modelVersion: null });
    const page = await fetch(`http://127.0.0.1:${port}/`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<label for="f-sepal_length">Sepal length</label>');
    const ask = async () => {
      const res = await fetch(`http://127.0.0.1:${port}/v1/predict`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ instances: [{ sepal_length: 5.1, sepal_width: 3.5, petal_length: 1.4, petal_width: 0.2 }] }),
      });
      expect(res.status).toBe(200);
      return ((await res.json()) as { cache: string[] }).cache;
    };
    expect(await ask()).toEqual(['miss']);
    expect(await ask()).toEqual(['hit']);
  } finally {
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
  }
}, 90000);
