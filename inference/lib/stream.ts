import { once } from 'node:events';
import * as fs from 'node:fs';
import { StringDecoder } from 'node:string_decoder';
import { PredictionServiceClient } from './clients';
import { errorDetails, grpcCodeName, grpcCodeOf, GrpcCode } from '../../packages/vertex-client/src/errors';
import { CliError, connect, describeCallError, EXIT, parseJson } from './connection';
import type { Io } from './io';
import { predict, resolveEndpoint, type EndpointFlags } from './predict';
import { createProgress, type Progress } from './progress';

/** Codes worth another attempt: the server was busy, throttled us, or ran out of time. */
export const RETRYABLE_CODES: ReadonlySet<number> = new Set([
  GrpcCode.UNAVAILABLE,
  GrpcCode.RESOURCE_EXHAUSTED,
  GrpcCode.DEADLINE_EXCEEDED,
]);

export interface RetryPolicy {
  /** Attempts in all, the first included. */
  readonly maxAttempts: number;
  readonly initialBackoffMs: number;
  readonly maxBackoffMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { maxAttempts: 5, initialBackoffMs: 200, maxBackoffMs: 10_000 };

/**
 * Exponential backoff with full jitter: attempt n waits a random time in
 * [0, min(max, initial * 2^(n-1))), which spreads a burst of clients that failed together.
 */
export function backoffMs(retry: number, policy: RetryPolicy, random: () => number = Math.random): number {
  return Math.floor(random() * Math.min(policy.maxBackoffMs, policy.initialBackoffMs * 2 ** (retry - 1)));
}

const WRITTEN: Promise<void> = Promise.resolve();

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export async function withRetry<T>(
  call: () => Promise<T>,
  policy: RetryPolicy,
): Promise<{ value: T; attempts: number } | { error: unknown; attempts: number }> {
  try {
    return { value: await call(), attempts: 1 };
  } catch (error) {
    return retryAfter(error, call, policy);
  }
}

/** The attempts after a failed first one, as `withRetry` makes them. */
async function retryAfter<T>(
  firstError: unknown,
  call: () => Promise<T>,
  policy: RetryPolicy,
): Promise<{ value: T; attempts: number } | { error: unknown; attempts: number }> {
  let error = firstError;
  for (let attempt = 1; ; attempt++) {
    const code = grpcCodeOf(error);
    if (attempt >= policy.maxAttempts || code === undefined || !RETRYABLE_CODES.has(code)) return { error, attempts: attempt };
    await sleep(backoffMs(attempt, policy));
    try {
      return { value: await call(), attempts: attempt + 1 };
    } catch (next) {
      error = next;
    }
  }
}

export interface LatencyStats {
  readonly p50: number;
  readonly p90: number;
  readonly p99: number;
  readonly max: number;
  readonly mean: number;
}

/** Nearest-rank percentiles, in milliseconds. */
export function latencyStats(samples: readonly number[]): LatencyStats | undefined {
  if (samples.length === 0) return undefined;
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = (p: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
  return {
    p50: rank(50),
    p90: rank(90),
    p99: rank(99),
    max: sorted[sorted.length - 1],
    mean: sorted.reduce((a, b) => a + b, 0) / sorted.length,
  };
}

export interface StreamSummary {
  readonly total: number;
  readonly ok: number;
  readonly failed: number;
  /** Attempts beyond the first, over all items. */
  readonly retries: number;
  readonly elapsedMs: number;
  /** Items finished per second of wall time. */
  readonly throughput: number;
  /** Per successful item, from its first attempt to its answer (backoff included). */
  readonly latencyMs?: LatencyStats;
}

export interface StreamOptions {
  /** One prediction for one instance; throws a gRPC-coded error on failure. */
  readonly predictOne: (instance: unknown) => Promise<unknown>;
  /**
   * NDJSON lines: one instance each, one line at a time or in batches (`lineBatches` reads a
   * stream so). Blank lines are skipped.
   */
  readonly lines: AsyncIterable<string | readonly string[]>;
  readonly output: NodeJS.WritableStream;
  /** @default 8 */
  readonly concurrency?: number;
  /** @default DEFAULT_RETRY */
  readonly retry?: RetryPolicy;
  readonly progress?: Progress;
}

type Outcome = { index: number; prediction: unknown } | { index: number; line: number; error: { code: string; message: string; attempts?: number } };

/**
 * Sends each line as one Predict call, at most `concurrency` at a time, and writes one result
 * line per input line in input order. Results that finish early wait in a window; when the
 * window is full (a slow head item), reading pauses, so memory stays bounded.
 */
export async function runStream(options: StreamOptions): Promise<StreamSummary> {
  const concurrency = options.concurrency ?? 8;
  const retry = options.retry ?? DEFAULT_RETRY;
  const window = Math.max(64, concurrency * 16);
  const progress = options.progress;
  const done = new Map<number, Outcome>();
  const latencies: number[] = [];
  /** Items sent whose result is not yet written (or waiting for 'drain' to be). */
  let inFlight = 0;
  let nextToWrite = 0;
  /** Set while the output has asked to wait for 'drain'; writing resumes after it. */
  let draining: Promise<void> | undefined;
  /**
   * An error the run cannot go on after (the output failed while the stream waited for 'drain')
   * or thrown while recording a result: reading stops, and the run ends with it once the calls
   * in flight end.
   */
  let fatal: { error: unknown } | undefined;
  let ok = 0;
  let failed = 0;
  let retries = 0;
  let count = 0;
  let lineNumber = 0;
  const started = performance.now();

  // Results are written in order as soon as the head one is done, in the same tick while the
  // output accepts them: a promise chain per line (as a writer loop awaiting each write would
  // make) delays every call's slot by several turns of the microtask queue, which at high
  // concurrency against a fast model is a tenth of the throughput. When the output asks to
  // wait, nothing is written until 'drain', and the calls that finish meanwhile keep their
  // slots until it, so a slow consumer still bounds memory.
  const flush = (): Promise<void> => {
    if (draining) return draining;
    while (done.has(nextToWrite)) {
      const outcome = done.get(nextToWrite)!;
      done.delete(nextToWrite);
      nextToWrite += 1;
      if (!options.output.write(`${JSON.stringify(outcome)}\n`)) {
        draining = once(options.output as NodeJS.EventEmitter, 'drain').then(() => {
          draining = undefined;
          return flush();
        });
        return draining;
      }
    }
    return WRITTEN;
  };

  // Waiting for a free slot with Promise.race over the calls in flight would add a reaction to
  // every one of them for each new item (32 per item at concurrency 32): a third of the
  // client's time at high concurrency. One waiter, woken when any slot frees, is enough.
  let wake: (() => void) | undefined;
  const slotFreed = () => new Promise<void>((resolve) => (wake = resolve));
  const release = () => {
    inFlight -= 1;
    const waiter = wake;
    wake = undefined;
    waiter?.();
  };

  const finish = (outcome: Outcome): void => {
    if ('error' in outcome) failed += 1;
    else ok += 1;
    done.set(outcome.index, outcome);
    let written = WRITTEN;
    try {
      written = flush();
      progress?.update(ok, failed);
    } catch (error) {
      fatal ??= { error };
    }
    if (written === WRITTEN) release();
    else
      written.then(release, (error) => {
        fatal ??= { error };
        release();
      });
  };

  const failure = (index: number, line: number, error: unknown, attempts: number): Outcome => {
    const code = grpcCodeOf(error);
    return { index, line, error: { code: code === undefined ? 'ERROR' : grpcCodeName(code), message: describe(error), attempts } };
  };

  // Each call is a plain promise with two reactions, not an async function per item: at
  // concurrency 32 against a fast model every promise and microtask turn per call shows in the
  // throughput. The retry loop starts only after a first attempt fails.
  const send = (index: number, line: number, text: string): void => {
    inFlight += 1;
    let instance: unknown;
    try {
      instance = JSON.parse(text);
    } catch (err) {
      finish({ index, line, error: { code: 'INVALID_JSON', message: `line ${line}: ${(err as Error).message}` } });
      return;
    }
    const t0 = performance.now();
    const call = () => options.predictOne(instance);
    let first: Promise<unknown>;
    try {
      // Promise.resolve returns a promise as it is, and makes one of a plain value.
      first = Promise.resolve(call());
    } catch (err) {
      first = Promise.reject(err);
    }
    first.then(
      (prediction) => {
        latencies.push(performance.now() - t0);
        finish({ index, prediction });
      },
      (error) => retryItem(index, line, t0, error, call),
    );
  };

  // The rare path: a first attempt failed. Whatever goes wrong in it still gives the item its
  // line (so the lines after it are written) and ends the run with that error once the other
  // calls end, instead of an unhandled rejection.
  const retryItem = async (index: number, line: number, t0: number, error: unknown, call: () => Promise<unknown>): Promise<void> => {
    let outcome: Outcome;
    try {
      const result = await retryAfter(error, call, retry);
      retries += result.attempts - 1;
      if ('value' in result) latencies.push(performance.now() - t0);
      outcome = 'value' in result ? { index, prediction: result.value } : failure(index, line, result.error, result.attempts);
    } catch (err) {
      fatal ??= { error: err };
      outcome = { index, line, error: { code: 'ERROR', message: describe(err) } };
    }
    finish(outcome);
  };

  try {
    for await (const item of options.lines) {
      // A batch's lines are taken without a turn of the async iterator each.
      for (const text of typeof item === 'string' ? [item] : item) {
        lineNumber += 1;
        if (text.trim() === '') continue;
        const index = count++;
        progress?.seen(count);
        while (!fatal && (inFlight >= concurrency || index - nextToWrite >= window)) await slotFreed();
        if (fatal) break;
        send(index, lineNumber, text);
      }
      if (fatal) break;
    }
  } finally {
    // Also when reading the input fails: the calls already sent finish and their results are
    // written before the error reaches the caller (which then closes the client).
    while (inFlight > 0) await slotFreed();
    await flush();
  }
  if (fatal) throw fatal.error;
  progress?.stop();
  const elapsedMs = performance.now() - started;
  return {
    total: count,
    ok,
    failed,
    retries,
    elapsedMs,
    throughput: elapsedMs > 0 ? (count / elapsedMs) * 1000 : 0,
    latencyMs: latencyStats(latencies),
  };
}

export function formatSummary(s: StreamSummary): string {
  const f = (n: number) => n.toFixed(1);
  const lines = [
    `stream: ${s.total} items, ${s.ok} ok, ${s.failed} failed, ${s.retries} retries in ${f(s.elapsedMs / 1000)} s (${f(s.throughput)} req/s)`,
  ];
  if (s.latencyMs) {
    const l = s.latencyMs;
    lines.push(`latency ms: p50 ${f(l.p50)}  p90 ${f(l.p90)}  p99 ${f(l.p99)}  max ${f(l.max)}`);
  }
  return lines.join('\n');
}

export interface StreamFlags extends EndpointFlags {
  /** A file, or '-' / absent for stdin. */
  readonly input?: string;
  /** A file; absent for stdout. */
  readonly output?: string;
  readonly concurrency?: number;
  readonly maxAttempts?: number;
  readonly initialBackoffMs?: number;
  readonly maxBackoffMs?: number;
  readonly parameters?: string;
  /** seconds, per attempt */
  readonly timeout?: number;
  /** false with --no-progress */
  readonly progress?: boolean;
}

/** The `stream` command; returns the exit code (1 when any item failed). */
export async function runStreamCommand(flags: StreamFlags, io: Io, env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const endpoint = resolveEndpoint(flags, env);
  const parameters = flags.parameters !== undefined ? parseJson(flags.parameters, '--parameters') : undefined;
  const fromFile = flags.input !== undefined && flags.input !== '-';
  if (fromFile && !fs.existsSync(flags.input!)) throw new CliError(`--input ${flags.input} does not exist`);
  if (!fromFile && !io.stdin) throw new CliError('no --input file and no standard input');
  // Opening --output truncates it, so the same file as --input would lose every instance unread.
  if (fromFile && flags.output !== undefined && fs.existsSync(flags.output) && sameFile(flags.input!, flags.output)) {
    throw new CliError(`--output ${flags.output} is the --input file; writing results there would erase the instances before they are read. Name another file`);
  }
  const conn = await connect({ ...flags, ...endpoint }, env);
  const output = flags.output ? openOutput(flags.output) : io.stdout;
  const name = endpoint.name(conn.project, conn.region);
  const client = new PredictionServiceClient(conn.clientOptions);
  const input = fromFile ? fs.createReadStream(flags.input!) : io.stdin!;
  const progress =
    flags.progress !== false && io.stderr.isTTY ? createProgress(io.stderr, fromFile ? await countLines(flags.input!) : undefined) : undefined;
  try {
    const summary = await runStream({
      predictOne: async (instance) => (await predict(client, name, [instance], { parameters, timeoutMs: (flags.timeout ?? 60) * 1000 })).predictions[0],
      lines: lineBatches(input),
      output,
      concurrency: flags.concurrency,
      retry: {
        maxAttempts: flags.maxAttempts ?? DEFAULT_RETRY.maxAttempts,
        initialBackoffMs: flags.initialBackoffMs ?? DEFAULT_RETRY.initialBackoffMs,
        maxBackoffMs: flags.maxBackoffMs ?? DEFAULT_RETRY.maxBackoffMs,
      },
      progress,
    });
    if (output !== io.stdout) await new Promise<void>((resolve) => output.end(resolve));
    io.stderr.write(`${formatSummary(summary)}\n`);
    if (summary.failed > 0 && summary.ok === 0 && summary.total > 0) {
      io.stderr.write(`every item failed; check the endpoint: ${name} at ${conn.target}\n`);
    }
    return summary.failed > 0 ? EXIT.FAILED : EXIT.OK;
  } catch (err) {
    throw new CliError(describeCallError(err, `stream to ${name}`, conn.target), EXIT.FAILED);
  } finally {
    // The bar's redraw timer keeps the process alive and its cursor stays hidden until stop().
    progress?.stop();
    await client.close();
  }
}

function sameFile(a: string, b: string): boolean {
  const sa = fs.statSync(a);
  const sb = fs.statSync(b);
  return sa.dev === sb.dev && sa.ino === sb.ino;
}

/** Opened up front so a bad path is a usage error before any request, not a crash later. */
function openOutput(file: string): fs.WriteStream {
  try {
    return fs.createWriteStream(file, { fd: fs.openSync(file, 'w') });
  } catch (err) {
    throw new CliError(`cannot write --output ${file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
}

async function countLines(file: string): Promise<number> {
  let n = 0;
  for await (const batch of lineBatches(fs.createReadStream(file))) {
    for (const line of batch) if (line.trim() !== '') n += 1;
  }
  return n;
}

/** An error's message for a result line; an error that cannot be printed does not stop the line. */
function describe(error: unknown): string {
  try {
    return errorDetails(error);
  } catch {
    return 'an error that cannot be printed';
  }
}

const LINE_BREAK = /\r\n|\r|\n/;

/**
 * The lines of a text stream, a batch per chunk read, split as `readline` splits them with
 * `crlfDelay: Infinity`: at `\n`, `\r\n` or a lone `\r` (a `\r` that ends one chunk and a `\n`
 * that starts the next are one break), the last line without a break included, UTF-8 decoded
 * across chunk boundaries. `readline`'s own iterator takes several promise turns per line: a
 * 1,000,000-line file took 235-264 ms through it and 98-131 ms through this.
 */
export async function* lineBatches(input: AsyncIterable<string | Buffer>): AsyncGenerator<string[]> {
  const decoder = new StringDecoder('utf8');
  let rest = '';
  let afterCR = false;
  for await (const chunk of input) {
    let text = typeof chunk === 'string' ? chunk : decoder.write(chunk);
    if (text === '') continue;
    if (afterCR && text.startsWith('\n')) text = text.slice(1);
    afterCR = text.endsWith('\r');
    text = rest + text;
    const lines = text.split(LINE_BREAK);
    rest = lines.pop()!;
    if (lines.length > 0) yield lines;
  }
  rest += decoder.end();
  if (rest !== '') yield [rest];
}
