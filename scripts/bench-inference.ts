/**
 * Benchmark of the stream client against a bare @grpc/grpc-js client on the same protos, in
 * the same run, against the same loopback PredictionService: each simulated model latency
 * (instant and 20 ms by default) at each concurrency level (1 and 32). The bare client is what
 * a hand-written caller would do with the protos the aiplatform package ships (loaded with
 * @grpc/proto-loader): one Predict per instance, JSON to protobuf Value and back, N callers in
 * a loop. What the stream client adds over it (the client library, NDJSON in and out, ordered
 * results, retries) is the ratio of the two, not arithmetic on the simulated latency, which
 * this machine's timer wake-ups would blur.
 *
 * A third client splits what is left: the bare stub sending, on every call, what the client
 * library sends beyond the request (its `x-goog-api-client` and `x-goog-request-params` headers,
 * copied from what the server received from the library, and a deadline of the library's
 * default 60 s for Predict), as a careful hand-written client would. The stream client's ratio
 * to it is what the library's call path and the stream add over the same calls by hand.
 *
 * The server runs on a worker thread, as a real one runs elsewhere: on the same event loop it
 * would take CPU from the client and the figures would describe both (`--same-thread` shows
 * that case).
 *
 * Each setting runs --rounds rounds of the three clients back to back, in each of the six
 * orders in turn, so every client runs before and after every other equally often over six
 * rounds. A ratio is the median over rounds of two clients' ratio within a round: on a 2-core VM
 * one run of well under a second moves by a third from one try to the next, and the runs of a round
 * share the machine's state of that moment. Many short rounds beat a few long ones here: with
 * 6 rounds of 2,000 calls, the ratio of the bare client with the library's headers to the bare
 * client (which no change of ours moves) read 0.79x to 1.04x from one run to the next; 24 rounds
 * of 1,000 put the stream client at 0.85x and 0.86x in two runs. The table also shows the
 * quartiles of the per-round ratios, and each client's median round. The server forgets the
 * requests it recorded before each run, so its heap does not grow over the benchmark (it keeps
 * every request for the tests' assertions).
 *
 * Run: npm run bench:inference -- --requests 1000 --max-per-caller 50 --latency-ms 0,20 --concurrency 1,32 --rounds 24 --warmup 4000
 */
import { once } from 'node:events';
import * as path from 'node:path';
import { Readable, Writable } from 'node:stream';
import { isMainThread, parentPort, Worker } from 'node:worker_threads';
import * as grpc from '@grpc/grpc-js';
import * as protoLoader from '@grpc/proto-loader';
import { Command } from 'commander';
import { fromValue, toValue } from '../packages/vertex-client/src/protobuf-values';
import { startLoopbackVertex } from '../__tests__/grpc/support/servers';
import { PredictionServiceClient } from '../inference/lib/clients';
import { connect } from '../inference/lib/connection';
import { predict } from '../inference/lib/predict';
import { latencyStats, lineBatches, runStream, type LatencyStats } from '../inference/lib/stream';

const PROJECT = 'bench-project';
const ENDPOINT = `projects/${PROJECT}/locations/europe-west4/endpoints/1`;

type Client = 'stream' | 'bare' | 'bareHeaders';
const CLIENTS: readonly Client[] = ['stream', 'bare', 'bareHeaders'];
/** The six orders of the three clients: over six rounds each runs before each other three times. */
const ORDERS: readonly (readonly Client[])[] = [
  ['stream', 'bare', 'bareHeaders'],
  ['bareHeaders', 'bare', 'stream'],
  ['bare', 'bareHeaders', 'stream'],
  ['stream', 'bareHeaders', 'bare'],
  ['bareHeaders', 'stream', 'bare'],
  ['bare', 'stream', 'bareHeaders'],
];
/** The library's default timeout for Predict (its client config), which it sends as a deadline. */
const LIBRARY_TIMEOUT_MS = 60_000;

interface Run {
  readonly client: Client;
  readonly latencyMs: number;
  readonly concurrency: number;
  readonly total: number;
  readonly elapsedMs: number;
  readonly throughput: number;
  readonly latency?: LatencyStats;
}

/** One setting's rounds: each client's median round, and the medians of the per-round ratios. */
interface Setting {
  readonly runs: Record<Client, Run>;
  /** stream / bare */
  readonly throughputRatio: number;
  /** The lower and upper quartiles of the per-round stream / bare ratios: how far one round moves. */
  readonly throughputRatioQuartiles: readonly [number, number];
  readonly p50Ratio: number;
  /** stream / bare with the library's headers and deadline */
  readonly headersRatio: number;
  readonly headersP50Ratio: number;
  /** bare with the library's headers and deadline / bare */
  readonly headersCost: number;
  /** Wall time per request, stream minus bare, per round (what it means at concurrency 1). */
  readonly addedMsPerRequest: number;
}

const instance = (i: number) => ({ id: i, features: [i % 7, i % 11, i % 13] });

/** The bare client: the PredictionService stub grpc-js makes from the shipped protos. */
function bareClient(address: string): {
  predictOne: (instance: unknown) => Promise<unknown>;
  /** The same call, sending these headers and a deadline `timeoutMs` from the call's start. */
  withHeaders: (headers: Readonly<Record<string, string>>, timeoutMs: number) => (instance: unknown) => Promise<unknown>;
  close: () => void;
} {
  const aiplatform = path.join(path.dirname(require.resolve('@google-cloud/aiplatform/package.json')), 'build', 'protos');
  const gax = path.resolve(path.dirname(require.resolve('google-gax')), '..', 'protos');
  const definition = protoLoader.loadSync('google/cloud/aiplatform/v1/prediction_service.proto', {
    keepCase: false, longs: String, enums: String, defaults: false, oneofs: true, includeDirs: [aiplatform, gax],
  });
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const Service = (grpc.loadPackageDefinition(definition) as any).google.cloud.aiplatform.v1.PredictionService as grpc.ServiceClientConstructor;
  const stub = new Service(address, grpc.credentials.createInsecure());
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const client = stub as any;
  /** The callback both calls end with: the first prediction, back to plain JSON. */
  const answer =
    (resolve: (value: unknown) => void, reject: (error: unknown) => void) =>
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    (err: grpc.ServiceError | null, response: any) =>
      err ? reject(err) : resolve((response.predictions ?? []).map(fromValue)[0]);
  return {
    predictOne: (value) => new Promise((resolve, reject) => client.Predict({ endpoint: ENDPOINT, instances: [toValue(value)] }, answer(resolve, reject))),
    withHeaders: (headers, timeoutMs) => (value) =>
      new Promise((resolve, reject) => {
        const metadata = new grpc.Metadata();
        for (const [key, v] of Object.entries(headers)) metadata.set(key, v);
        client.Predict({ endpoint: ENDPOINT, instances: [toValue(value)] }, metadata, { deadline: Date.now() + timeoutMs }, answer(resolve, reject));
      }),
    close: () => stub.close(),
  };
}

/** `concurrency` callers take the next instance until `total` are answered. */
async function runBare(predictOne: (instance: unknown) => Promise<unknown>, total: number, concurrency: number) {
  const latencies: number[] = [];
  let next = 0;
  const started = performance.now();
  const caller = async () => {
    while (next < total) {
      const value = instance(next++);
      const t0 = performance.now();
      await predictOne(value);
      latencies.push(performance.now() - t0);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, total) }, caller));
  const elapsedMs = performance.now() - started;
  return { total, elapsedMs, throughput: (total / elapsedMs) * 1000, latency: latencyStats(latencies) };
}

async function main(): Promise<void> {
  const program = new Command('bench-inference')
    .description('Stream client against a bare @grpc/grpc-js client: throughput and latency against a loopback PredictionService.')
    .option('--requests <n>', 'requests per run', (v) => Number(v), 1000)
    .option('--latency-ms <list>', 'comma-separated simulated model latencies per request', '0,20')
    .option('--concurrency <list>', 'comma-separated concurrency levels', '1,32')
    .option('--rounds <n>', 'rounds per setting, each running the three clients back to back in the next of the six orders; ratios are medians of the per-round ratios', (v) => Number(v), 24)
    .option('--max-per-caller <n>', 'at most this many calls per caller in a run (one caller against a 20 ms model makes 45 a second)', (v) => Number(v), 50)
    .option('--warmup <n>', 'requests per client before measuring, twice each at the highest concurrency, instant server', (v) => Number(v), 4000)
    .option('--json', 'print the results as JSON')
    .option('--same-thread', 'run the server on the client thread')
    .parse();
  const opts = program.opts<{ requests: number; maxPerCaller: number; warmup: number; latencyMs: string; concurrency: string; rounds: number; json?: boolean; sameThread?: boolean }>();
  const list = (flag: string, text: string, min: number) => {
    const values = text.split(',').map((s) => Number(s.trim()));
    if (values.some((v) => !Number.isFinite(v) || v < min)) throw new Error(`${flag} '${text}' must be a comma-separated list of numbers of at least ${min}`);
    return values;
  };
  const levels = list('--concurrency', opts.concurrency, 1);
  const latencies = list('--latency-ms', opts.latencyMs, 0);
  if (!Number.isInteger(opts.requests) || opts.requests < 1) throw new Error(`--requests '${opts.requests}' must be a whole number of at least 1`);
  if (!Number.isInteger(opts.warmup) || opts.warmup < 0) throw new Error(`--warmup '${opts.warmup}' must be a whole number of at least 0`);
  if (!Number.isInteger(opts.rounds) || opts.rounds < 1) throw new Error(`--rounds '${opts.rounds}' must be a whole number of at least 1`);
  if (!Number.isInteger(opts.maxPerCaller) || opts.maxPerCaller < 1) throw new Error(`--max-per-caller '${opts.maxPerCaller}' must be a whole number of at least 1`);

  const server = opts.sameThread ? await serverHere() : await serverOnWorker();
  const conn = await connect({ project: PROJECT, region: 'europe-west4', apiEndpoint: server.address, insecure: true }, {}).catch(async (err) => {
    await server.stop();
    throw err;
  });
  const client = new PredictionServiceClient(conn.clientOptions);
  const bare = bareClient(server.address);
  const sink = () => new Writable({ write: (_chunk, _enc, done) => done() });
  // The stream client reads NDJSON as its CLI does: bytes in 64 KiB chunks (a file read
  // stream's size), split into lines by lineBatches. The text is made before the run starts,
  // as a file would be there before the CLI starts.
  const instances = (n: number) => {
    const bytes = Buffer.from(`${Array.from({ length: n }, (_, i) => JSON.stringify(instance(i))).join('\n')}\n`);
    const chunks: Buffer[] = [];
    for (let at = 0; at < bytes.length; at += 64 * 1024) chunks.push(bytes.subarray(at, at + 64 * 1024));
    return lineBatches(Readable.from(chunks));
  };
  const predictOne = async (value: unknown) => (await predict(client, ENDPOINT, [value])).predictions[0];

  try {
    // Warm-up of both, not counted: channel set-up, protobuf type caches, the JIT and the heap
    // growing to its working size. Until then each round runs faster than the one before it
    // (rounds of 5,000 calls at concurrency 32 went from about 2,300 to 6,000 requests a second
    // over a process's first 15,000 calls), so a short warm-up gives the figures a trend that
    // favours whichever client runs later.
    const warmConcurrency = Math.max(...levels);
    await runStream({ predictOne, lines: instances(Math.max(1, opts.warmup)), output: sink(), concurrency: warmConcurrency });
    // What the library sent beyond the request, as the server received it.
    const sent = await server.lastHeaders();
    for (const header of ['x-goog-api-client', 'x-goog-request-params']) {
      if (!sent[header]) throw new Error(`the client library sent no ${header} header; the third client would not send what it sends`);
    }
    const bareHeaders = bare.withHeaders(sent, LIBRARY_TIMEOUT_MS);
    const run = async (which: Client, total: number, concurrency: number, latencyMs: number): Promise<Run> => {
      if (which === 'stream') {
        const s = await runStream({ predictOne, lines: instances(total), output: sink(), concurrency });
        if (s.failed > 0) throw new Error(`${s.failed} stream requests failed at concurrency ${concurrency}`);
        return { client: 'stream', latencyMs, concurrency, total: s.total, elapsedMs: s.elapsedMs, throughput: s.throughput, latency: s.latencyMs };
      }
      return { client: which, latencyMs, concurrency, ...(await runBare(which === 'bare' ? bare.predictOne : bareHeaders, total, concurrency)) };
    };
    // The third client's first calls, checked: the server got the headers the library sent.
    await run('bareHeaders', Math.max(1, opts.warmup), warmConcurrency, 0);
    const echoed = await server.lastHeaders();
    if (JSON.stringify(echoed) !== JSON.stringify(sent)) {
      throw new Error(`the bare client with the library's headers sent ${JSON.stringify(echoed)}, not ${JSON.stringify(sent)}`);
    }
    await run('bare', opts.warmup, warmConcurrency, 0);
    for (const which of CLIENTS) await run(which, opts.warmup, warmConcurrency, 0);
    const settings: Setting[] = [];
    for (const latencyMs of latencies) {
      await server.setLatency(latencyMs);
      for (const concurrency of levels) {
        const total = Math.min(opts.requests, opts.maxPerCaller * concurrency);
        const rounds: Record<Client, Run>[] = [];
        for (let round = 0; round < opts.rounds; round++) {
          // Each order in turn, so no client always runs on a warmer process or after the same one.
          const order = ORDERS[round % ORDERS.length];
          const pair: Partial<Record<Client, Run>> = {};
          for (const which of order) {
            await server.forget();
            pair[which] = await run(which, total, concurrency, latencyMs);
          }
          rounds.push(pair as Record<Client, Run>);
        }
        settings.push(summarize(rounds));
      }
    }
    report(settings, opts.requests, opts.maxPerCaller, opts.rounds, Object.keys(sent).sort(), opts.json === true);
  } finally {
    bare.close();
    await client.close();
    await server.stop();
  }
}

interface BenchServer {
  readonly address: string;
  setLatency(ms: number): Promise<void>;
  /** Drops the requests and metadata the server recorded so far. */
  forget(): Promise<void>;
  /** The `x-goog-*` headers of the last Predict call the server received. */
  lastHeaders(): Promise<Record<string, string>>;
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
    forget: async () => {
      server.prediction.predict.calls.length = 0;
      server.prediction.predict.metadata.length = 0;
    },
    lastHeaders: async () => {
      const last = server.prediction.predict.metadata.at(-1)?.getMap() ?? {};
      return Object.fromEntries(Object.entries(last).filter(([k, v]) => k.startsWith('x-goog-') && typeof v === 'string')) as Record<string, string>;
    },
    stop: () => server.stop(),
  };
}

async function serverOnWorker(): Promise<BenchServer> {
  const worker = new Worker(`require(${JSON.stringify(path.join(__dirname, 'ts-loader.js'))}); require(${JSON.stringify(__filename)});`, { eval: true });
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
    forget: async () => {
      await ask({ type: 'forget' });
    },
    lastHeaders: async () => (await ask({ type: 'lastHeaders' })) as unknown as Record<string, string>,
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
    } else if (message.type === 'lastHeaders') {
      parentPort!.postMessage(await server!.lastHeaders());
    } else if (message.type === 'forget') {
      await server!.forget();
      parentPort!.postMessage({});
    } else if (message.type === 'stop') {
      await server?.stop();
      parentPort!.postMessage({});
    }
  });
}

/** The value at fraction `q` of the sorted values, interpolated between neighbours (0.5: the median). */
const quantile = (values: readonly number[], q: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (sorted.length - 1) * q;
  const below = Math.floor(at);
  return below === at ? sorted[at] : sorted[below] + (sorted[below + 1] - sorted[below]) * (at - below);
};
/** The middle value, or the mean of the two middle values of an even count. */
const median = (values: readonly number[]) => quantile(values, 0.5);

function summarize(rounds: readonly Record<Client, Run>[]): Setting {
  // Per client, the round with the median throughput (the lower middle one of an even count):
  // one slow round (a GC pause, the other thread's timer) moves no figure.
  const medianRound = (client: Client) => {
    const mine = rounds.map((r) => r[client]).sort((a, b) => a.throughput - b.throughput);
    return mine[Math.floor((mine.length - 1) / 2)];
  };
  const ratio = (a: Client, b: Client) => median(rounds.map((r) => r[a].throughput / r[b].throughput));
  const perRound = rounds.map((r) => r.stream.throughput / r.bare.throughput);
  const p50 = (a: Client, b: Client) => median(rounds.map((r) => (r[a].latency?.p50 ?? NaN) / (r[b].latency?.p50 ?? NaN)));
  return {
    runs: { stream: medianRound('stream'), bare: medianRound('bare'), bareHeaders: medianRound('bareHeaders') },
    throughputRatio: median(perRound),
    throughputRatioQuartiles: [quantile(perRound, 0.25), quantile(perRound, 0.75)],
    p50Ratio: p50('stream', 'bare'),
    headersRatio: ratio('stream', 'bareHeaders'),
    headersP50Ratio: p50('stream', 'bareHeaders'),
    headersCost: ratio('bareHeaders', 'bare'),
    addedMsPerRequest: median(rounds.map((r) => r.stream.elapsedMs / r.stream.total - r.bare.elapsedMs / r.bare.total)),
  };
}

function report(settings: readonly Setting[], requests: number, maxPerCaller: number, rounds: number, libraryHeaders: readonly string[], json: boolean): void {
  const pairs = settings.map(({ runs: { stream, bare, bareHeaders }, throughputRatio, throughputRatioQuartiles, p50Ratio, headersRatio, headersP50Ratio, headersCost, addedMsPerRequest }) => ({
    latencyMs: stream.latencyMs,
    concurrency: stream.concurrency,
    stream: figures(stream),
    bare: figures(bare),
    bareWithLibraryHeaders: figures(bareHeaders),
    throughputRatio: round(throughputRatio),
    throughputRatioQuartiles: throughputRatioQuartiles.map((q) => round(q)),
    p50Ratio: round(p50Ratio),
    // The stream client against the bare client sending the library's headers and deadline.
    throughputRatioToBareWithLibraryHeaders: round(headersRatio),
    p50RatioToBareWithLibraryHeaders: round(headersP50Ratio),
    // What the headers and deadline cost the bare client.
    bareWithLibraryHeadersRatio: round(headersCost),
    // Per request, what the stream client costs beyond the bare client (wall time at concurrency 1).
    addedMsPerRequest: stream.concurrency === 1 ? round(addedMsPerRequest) : null,
  }));
  if (json) {
    process.stdout.write(`${JSON.stringify({ requests, maxPerCaller, rounds, libraryHeaders, libraryTimeoutMs: LIBRARY_TIMEOUT_MS, node: process.version, results: pairs }, null, 2)}\n`);
    return;
  }
  const f = (n: number, w: number, d = 1) => n.toFixed(d).padStart(w);
  const lines = [
    `stream client vs bare @grpc/grpc-js client, loopback PredictionService: ${requests} requests per run (at most ${maxPerCaller} per caller), ${rounds} rounds, Node ${process.version}`,
    'req/s, p50 and p99: each client\'s median round; ratios: the median of the per-round ratios (middle half: their quartiles)',
    '',
    'server ms  conc   stream req/s  bare req/s  ratio  middle half   stream p50  bare p50  p50 ratio   stream p99  bare p99',
    ...pairs.map(
      (p) =>
        `${f(p.latencyMs, 9, 0)}  ${f(p.concurrency, 4, 0)}   ${f(p.stream.throughputPerSecond, 12)}  ${f(p.bare.throughputPerSecond, 10)}  ${f(p.throughputRatio, 4, 2)}x` +
        `  ${f(p.throughputRatioQuartiles[0], 4, 2)}-${p.throughputRatioQuartiles[1].toFixed(2)}x` +
        `   ${f(p.stream.p50Ms, 10, 2)}  ${f(p.bare.p50Ms, 8, 2)}  ${f(p.p50Ratio, 8, 2)}x   ${f(p.stream.p99Ms, 10, 2)}  ${f(p.bare.p99Ms, 8, 2)}`,
    ),
    '',
    `the bare client sending the library's headers (${libraryHeaders.join(', ')}) and a ${LIBRARY_TIMEOUT_MS / 1000} s deadline:`,
    'server ms  conc   its req/s  against bare   stream against it   stream p50 against it',
    ...pairs.map(
      (p) =>
        `${f(p.latencyMs, 9, 0)}  ${f(p.concurrency, 4, 0)}   ${f(p.bareWithLibraryHeaders.throughputPerSecond, 9)}  ${f(p.bareWithLibraryHeadersRatio, 11, 2)}x   ${f(p.throughputRatioToBareWithLibraryHeaders, 16, 2)}x   ${f(p.p50RatioToBareWithLibraryHeaders, 20, 2)}x`,
    ),
    '',
    ...pairs
      .filter((p) => p.addedMsPerRequest !== null)
      .map((p) => `stream client's added time per request at concurrency 1, ${p.latencyMs} ms server: ${p.addedMsPerRequest!.toFixed(3)} ms over the bare client`),
    'targets at the highest concurrency: throughput ratio >= 0.9x, p50 ratio <= 1.2x (against the bare client)',
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
}

function figures(r: Run) {
  return {
    throughputPerSecond: round(r.throughput),
    p50Ms: round(r.latency?.p50 ?? NaN, 3),
    p99Ms: round(r.latency?.p99 ?? NaN, 3),
    wallSeconds: round(r.elapsedMs / 1000, 3),
  };
}

const round = (n: number, digits = 2) => Math.round(n * 10 ** digits) / 10 ** digits;

if (isMainThread) {
  main().catch((err) => {
    process.stderr.write(`bench-inference: ${(err as Error).message}\n`);
    process.exitCode = 1;
  });
} else {
  serveOnThisThread();
}
