/**
 * Benchmark of the web prediction service: autocannon against the service on 127.0.0.1, with a
 * real redis-server and the loopback PredictionService answering after a fixed model latency.
 *
 * - cold: every request asks a question never asked before, so each one goes to the model;
 * - warm: requests cycle through questions already cached, so none does.
 *
 * The service runs as its own process (`node assets/web/src/main.ts`, logs to /dev/null) as on
 * Cloud Run; the load generator and the model share this process. Latencies are taken from
 * each response at microsecond resolution (autocannon's own histogram rounds to whole ms).
 *
 * Run: npm run bench:web -- --duration 5 --latency-ms 20 --concurrency 1,64
 */
import { spawn } from 'node:child_process';
import * as path from 'node:path';
import autocannon from 'autocannon';
import { Command } from 'commander';
import { startLoopbackVertex } from '../__tests__/grpc/support/servers';
import { freePort, startRedis } from '../__tests__/web/support/redis';
import { ENDPOINT, irisPredictor } from '../__tests__/web/support/service';

const ROOT = path.resolve(__dirname, '..');

interface Row {
  readonly mode: 'cold' | 'warm';
  readonly concurrency: number;
  readonly requests: number;
  readonly rps: number;
  readonly p50: number;
  readonly p99: number;
  readonly errors: number;
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

/** The n-th distinct iris question: four values from 0.0 to 30.0. */
function question(n: number): string {
  const v = (k: number) => (Math.floor(n / 301 ** k) % 301) / 10;
  return JSON.stringify({ instances: [{ sepal_length: v(0), sepal_width: v(1), petal_length: v(2), petal_width: v(3) }] });
}

async function main(): Promise<void> {
  const opts = new Command('bench-web')
    .description('Web prediction service throughput and latency, cold and warm cache, against a loopback model.')
    .option('--duration <s>', 'seconds per run', (v) => Number(v), 5)
    .option('--latency-ms <ms>', 'simulated model latency', (v) => Number(v), 20)
    .option('--concurrency <list>', 'comma-separated connection counts', '1,64')
    .option('--json', 'print the results as JSON')
    .parse()
    .opts<{ duration: number; latencyMs: number; concurrency: string; json?: boolean }>();
  const levels = opts.concurrency.split(',').map((s) => Number(s.trim()));
  if (levels.some((c) => !Number.isInteger(c) || c < 1) || !(opts.duration > 0) || !(opts.latencyMs >= 0)) {
    throw new Error('--duration, --latency-ms and --concurrency must be positive numbers');
  }

  const [vertex, redis, port] = await Promise.all([startLoopbackVertex(), startRedis(), freePort()]);
  vertex.prediction.endpoints.add(ENDPOINT);
  vertex.prediction.predictor = irisPredictor;
  vertex.prediction.predict.latencyMs = opts.latencyMs;
  const service = spawn(process.execPath, ['-r', path.join(ROOT, 'scripts', 'ts-loader.js'), path.join(ROOT, 'assets/web/src/main.ts')], {
    cwd: ROOT,
    stdio: ['ignore', 'ignore', 'inherit'],
    env: {
      ...process.env,
      HOST: '127.0.0.1',
      PORT: String(port),
      VERTEX_ENDPOINT: ENDPOINT,
      VERTEX_API_ENDPOINT: vertex.address,
      VERTEX_API_INSECURE: 'true',
      REDIS_HOST: redis.host,
      REDIS_PORT: String(redis.port),
      REDIS_AUTH: redis.password,
      MODEL_TIMEOUT_MS: '5000',
      MODEL_DEADLINE_MS: '10000',
    },
  });
  const url = `http://127.0.0.1:${port}`;
  const rows: Row[] = [];
  try {
    for (let i = 0; ; i += 1) {
      const ready = await fetch(`${url}/readyz`).then((r) => r.json() as Promise<{ cache?: string }>).catch(() => undefined);
      if (ready?.cache === 'up') break;
      if (i > 300 || service.exitCode !== null) throw new Error('the service did not become ready with its cache up');
      await new Promise((r) => setTimeout(r, 100));
    }
    let next = 1_000_000;
    const WARM_SET = 100;
    const run = async (mode: 'cold' | 'warm', connections: number, duration: number): Promise<Row> => {
      const latencies: number[] = [];
      let errors = 0;
      let k = 0;
      // Without a callback autocannon returns its Instance (an event emitter) that is also a promise; the types know one side only.
      const instance = autocannon({
        url,
        connections,
        duration,
        requests: [
          {
            method: 'POST',
            path: '/v1/predict',
            headers: { 'content-type': 'application/json' },
            setupRequest: (req) => ({ ...req, body: mode === 'cold' ? question(next++) : question(k++ % WARM_SET) }),
          },
        ],
      }) as unknown as autocannon.Instance & Promise<autocannon.Result>;
      instance.on('response', (_client: unknown, statusCode: number, _bytes: number, responseTime: number) => {
        if (statusCode === 200) latencies.push(responseTime);
        else errors += 1;
      });
      const result = await instance;
      latencies.sort((a, b) => a - b);
      return { mode, concurrency: connections, requests: latencies.length, rps: latencies.length / duration, p50: percentile(latencies, 50), p99: percentile(latencies, 99), errors: errors + result.errors + result.timeouts };
    };

    // Warm-up: JIT, connections, and the warm set into the cache (the first answers also tell the service the model version).
    await run('cold', 8, 1);
    for (let n = 0; n < WARM_SET; n += 1) {
      await fetch(`${url}/v1/predict`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: question(n) });
    }
    await run('warm', 8, 1);
    for (const c of levels) {
      rows.push(await run('cold', c, opts.duration));
      rows.push(await run('warm', c, opts.duration));
    }
  } finally {
    service.kill('SIGTERM');
    await new Promise((r) => service.once('exit', r));
    await Promise.all([vertex.stop(), redis.stop()]);
  }

  if (opts.json) {
    process.stdout.write(`${JSON.stringify({ latencyMs: opts.latencyMs, duration: opts.duration, rows }, null, 2)}\n`);
    return;
  }
  const fmt = (n: number) => (n >= 100 ? n.toFixed(0) : n >= 10 ? n.toFixed(1) : n.toFixed(2));
  console.log(`web service, model latency ${opts.latencyMs} ms, ${opts.duration} s per run, Node ${process.version}, ${require('node:os').cpus().length} cores`);
  console.log('cache  conns     req/s   p50 ms   p99 ms  errors');
  for (const r of rows) {
    console.log(`${r.mode.padEnd(5)}  ${String(r.concurrency).padStart(5)}  ${fmt(r.rps).padStart(8)}  ${fmt(r.p50).padStart(7)}  ${fmt(r.p99).padStart(7)}  ${String(r.errors).padStart(6)}`);
  }
  console.log('');
  for (const c of levels) {
    const cold = rows.find((r) => r.mode === 'cold' && r.concurrency === c)!;
    const warm = rows.find((r) => r.mode === 'warm' && r.concurrency === c)!;
    console.log(`concurrency ${c}: warm/cold throughput ${fmt(warm.rps / cold.rps)}x (target >= 20x); cache-hit p99 ${fmt(warm.p99)} ms (target < 2 ms)`);
  }
}

main().catch((err: unknown) => {
  console.error(`error: ${(err as Error).message}`);
  process.exit(1);
});
