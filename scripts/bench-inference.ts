/**
 * Benchmark of the stream client: the real client library against the loopback
 * PredictionService with a fixed simulated model latency, at several concurrency levels.
 * Shows what the client adds per request (overhead at concurrency 1) and how far
 * concurrency hides the model latency (speedup).
 *
 * The server runs on a worker thread, as a real one runs elsewhere: on the same event loop it
 * would take CPU from the client and the figures would describe both (`--same-thread` shows
 * that case).
 *
 * Run: npm run bench:inference -- --requests 500 --latency-ms 20 --concurrency 1,32
 */
import { once } from 'node:events';
import { Writable } from 'node:stream';
import { isMainThread, parentPort, Worker } from 'node:worker_threads';
import { PredictionServiceClient } from '../inference/lib/clients';
import { Command } from 'commander';
import { startLoopbackVertex } from '../__tests__/grpc/support/servers';
import { connect } from '../inference/lib/connection';
import { predict } from '../inference/lib/predict';
import { runStream, type StreamSummary } from '../inference/lib/stream';

const PROJECT = 'bench-project';
const ENDPOINT = `projects/${PROJECT}/locations/europe-west4/endpoints/1`;

interface Row {
  readonly concurrency: number;
  readonly summary: StreamSummary;
}

async function main(): Promise<void> {
  const program = new Command('bench-inference')
    .description('Stream client throughput and latency against a loopback PredictionService with simulated latency.')
    .option('--requests <n>', 'requests per run', (v) => Number(v), 500)
    .option('--latency-ms <ms>', 'simulated model latency per request', (v) => Number(v), 20)
    .option('--concurrency <list>', 'comma-separated concurrency levels', '1,32')
    .option('--json', 'print the results as JSON')
    .option('--same-thread', 'run the server on the client thread')
    .parse();
  const opts = program.opts<{ requests: number; latencyMs: number; concurrency: string; json?: boolean; sameThread?: boolean }>();
  const levels = opts.concurrency.split(',').map((s) => Number(s.trim()));
  if (levels.some((c) => !Number.isInteger(c) || c < 1) || !(opts.requests > 0) || !(opts.latencyMs >= 0)) {
    throw new Error('--requests, --latency-ms and --concurrency must be positive numbers');
  }

  const server = opts.sameThread ? await serverHere() : await serverOnWorker();
  const conn = await connect({ project: PROJECT, region: 'europe-west4', apiEndpoint: server.address, insecure: true }, {}).catch(async (err) => {
    await server.stop();
    throw err;
  });
  const client = new PredictionServiceClient(conn.clientOptions);
  const sink = () => new Writable({ write: (_chunk, _enc, done) => done() });
  const instances = async function* (n: number) {
    for (let i = 0; i < n; i++) yield JSON.stringify({ id: i, features: [i % 7, i % 11, i % 13] });
  };
  const predictOne = async (instance: unknown) => (await predict(client, ENDPOINT, [instance])).predictions[0];

  try {
    // Warm-up: channel set-up, protobuf type caches, JIT.
    await runStream({ predictOne, lines: instances(50), output: sink(), concurrency: 8 });
    await server.setLatency(opts.latencyMs);
    const rows: Row[] = [];
    for (const concurrency of levels) {
      const summary = await runStream({ predictOne, lines: instances(opts.requests), output: sink(), concurrency });
      if (summary.failed > 0) throw new Error(`${summary.failed} requests failed at concurrency ${concurrency}`);
      rows.push({ concurrency, summary });
    }
    report(rows, opts.requests, opts.latencyMs, opts.json === true);
  } finally {
    await client.close();
    await server.stop();
  }
}

interface BenchServer {
  readonly address: string;
  setLatency(ms: number): Promise<void>;
  stop(): Promise<void>;
}

async function serverHere(): Promise<BenchServer> {
  const server = await startLoopbackVertex();
  server.prediction.endpoints.add(ENDPOINT);
  return {
    address: server.address,
    setLatency: async (ms) => {
      server.prediction.predict.latencyMs = ms;
    },
    stop: () => server.stop(),
  };
}

async function serverOnWorker(): Promise<BenchServer> {
  const worker = new Worker(`require('ts-node/register/transpile-only'); require(${JSON.stringify(__filename)});`, { eval: true });
  const ask = async (message: unknown) => {
    worker.postMessage(message);
    const [reply] = await once(worker, 'message');
    return reply as { address?: string };
  };
  const { address } = await ask({ type: 'start' });
  return {
    address: address!,
    setLatency: async (ms) => {
      await ask({ type: 'latency', ms });
    },
    stop: async () => {
      await ask({ type: 'stop' });
      await worker.terminate();
    },
  };
}

/** Worker side: the loopback server, driven by messages from the benchmark thread. */
function serveOnThisThread(): void {
  let server: BenchServer | undefined;
  parentPort!.on('message', async (message: { type: string; ms?: number }) => {
    if (message.type === 'start') {
      server = await serverHere();
      parentPort!.postMessage({ address: server.address });
    } else if (message.type === 'latency') {
      await server!.setLatency(message.ms ?? 0);
      parentPort!.postMessage({});
    } else if (message.type === 'stop') {
      await server?.stop();
      parentPort!.postMessage({});
    }
  });
}

function report(rows: readonly Row[], requests: number, latencyMs: number, json: boolean): void {
  const base = rows.find((r) => r.concurrency === 1) ?? rows[0];
  const perRequestMs = (r: Row) => r.summary.elapsedMs / r.summary.total;
  const overheadMs = base.concurrency === 1 ? perRequestMs(base) - latencyMs : undefined;
  const results = rows.map((r) => ({
    concurrency: r.concurrency,
    requests: r.summary.total,
    throughputPerSecond: round(r.summary.throughput),
    p50Ms: round(r.summary.latencyMs?.p50 ?? NaN),
    p99Ms: round(r.summary.latencyMs?.p99 ?? NaN),
    maxMs: round(r.summary.latencyMs?.max ?? NaN),
    wallSeconds: round(r.summary.elapsedMs / 1000),
    speedup: round(r.summary.throughput / base.summary.throughput),
  }));
  if (json) {
    process.stdout.write(`${JSON.stringify({ requests, simulatedLatencyMs: latencyMs, overheadPerRequestMs: overheadMs === undefined ? null : round(overheadMs), results }, null, 2)}\n`);
    return;
  }
  const lines = [
    `stream client vs loopback PredictionService: ${requests} requests, simulated latency ${latencyMs} ms, Node ${process.version}`,
    '',
    'concurrency  req/s     p50 ms  p99 ms  max ms  wall s  speedup',
    ...results.map(
      (r) =>
        `${String(r.concurrency).padStart(11)}  ${r.throughputPerSecond.toFixed(1).padStart(7)}  ${r.p50Ms.toFixed(1).padStart(6)}  ${r.p99Ms
          .toFixed(1)
          .padStart(6)}  ${r.maxMs.toFixed(1).padStart(6)}  ${r.wallSeconds.toFixed(2).padStart(6)}  ${r.speedup.toFixed(1).padStart(6)}x`,
    ),
    '',
  ];
  if (overheadMs !== undefined) {
    lines.push(`client overhead per request at concurrency 1: ${overheadMs.toFixed(2)} ms (wall time per request minus the ${latencyMs} ms simulated latency; includes timer granularity)`);
  }
  const top = results[results.length - 1];
  if (top.concurrency !== base.concurrency) {
    lines.push(`speedup at concurrency ${top.concurrency}: ${top.speedup.toFixed(1)}x (target >= 10x)`);
  }
  process.stdout.write(`${lines.join('\n')}\n`);
}

const round = (n: number) => Math.round(n * 100) / 100;

if (isMainThread) {
  main().catch((err) => {
    process.stderr.write(`bench-inference: ${(err as Error).message}\n`);
    process.exitCode = 1;
  });
} else {
  serveOnThisThread();
}
