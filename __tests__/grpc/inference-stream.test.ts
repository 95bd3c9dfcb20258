import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Readable, Writable } from 'node:stream';
import * as grpc from '@grpc/grpc-js';
import { fromValue } from '../../packages/vertex-client/src/protobuf-values';
import { EXIT } from '../../inference/lib/connection';
import { BufferStream, type Io } from '../../inference/lib/io';
import { backoffMs, latencyStats, runStream, runStreamCommand, type StreamFlags } from '../../inference/lib/stream';
import { runTsCli } from './support/cli';
import { startLoopbackVertex, type LoopbackVertex } from './support/servers';

const ENDPOINT = 'projects/acme-dev/locations/europe-west4/endpoints/42';
const FAST_RETRY = { maxAttempts: 4, initialBackoffMs: 5, maxBackoffMs: 20 };

interface ResultLine {
  index: number;
  line?: number;
  prediction?: { echo: { id: number }; length: number };
  error?: { code: string; message: string; attempts?: number };
}

describe('stream client against the loopback PredictionService', () => {
  let vertex: LoopbackVertex;
  let tmp: string;
  let io: Io & { stdout: BufferStream; stderr: BufferStream };

  const writeInput = (lines: string[]) => {
    const file = path.join(tmp, `in-${Math.random().toString(36).slice(2)}.jsonl`);
    fs.writeFileSync(file, `${lines.join('\n')}\n`);
    return file;
  };
  const flags = (extra: Partial<StreamFlags>): StreamFlags => ({
    project: 'acme-dev',
    region: 'europe-west4',
    endpoint: '42',
    apiEndpoint: vertex.address,
    insecure: true,
    initialBackoffMs: FAST_RETRY.initialBackoffMs,
    maxBackoffMs: FAST_RETRY.maxBackoffMs,
    maxAttempts: FAST_RETRY.maxAttempts,
    ...extra,
  });
  const results = () => io.stdout.lines.map((l) => JSON.parse(l) as ResultLine);
  const instances = (n: number) => Array.from({ length: n }, (_, i) => JSON.stringify({ id: i }));

  beforeAll(async () => {
    vertex = await startLoopbackVertex();
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'stream-test-'));
  });
  afterAll(async () => {
    await vertex.stop();
    fs.rmSync(tmp, { recursive: true, force: true });
  });
  beforeEach(() => {
    vertex.reset();
    vertex.prediction.endpoints.add(ENDPOINT);
    io = { stdout: new BufferStream(), stderr: new BufferStream() } as never;
  });

  test('results come out in input order although the server answers in random order', async () => {
    vertex.prediction.predict.latencyMs = () => Math.floor(Math.random() * 25);
    const code = await runStreamCommand(flags({ input: writeInput(instances(150)), concurrency: 16 }), io);

    expect(code).toBe(EXIT.OK);
    const out = results();
    expect(out.map((r) => r.index)).toEqual(Array.from({ length: 150 }, (_, i) => i));
    expect(out.map((r) => r.prediction?.echo.id)).toEqual(Array.from({ length: 150 }, (_, i) => i));
    // The server did see them concurrently and out of order, bounded by --concurrency.
    const arrival = vertex.prediction.predict.calls.map((c) => (fromValue(c.instances[0]) as { id: number }).id);
    expect(arrival).toHaveLength(150);
    expect(vertex.prediction.predict.maxInFlight).toBeGreaterThan(1);
    expect(vertex.prediction.predict.maxInFlight).toBeLessThanOrEqual(16);
  });

  test('UNAVAILABLE, RESOURCE_EXHAUSTED and DEADLINE_EXCEEDED are retried with backoff until the call succeeds', async () => {
    vertex.prediction.predict
      .fail(grpc.status.UNAVAILABLE, { times: 2, match: (r) => (fromValue(r.instances[0]) as { id: number }).id === 3 })
      .fail(grpc.status.RESOURCE_EXHAUSTED, { times: 1, match: (r) => (fromValue(r.instances[0]) as { id: number }).id === 7 })
      .fail(grpc.status.DEADLINE_EXCEEDED, { times: 1, match: (r) => (fromValue(r.instances[0]) as { id: number }).id === 9 });
    const code = await runStreamCommand(flags({ input: writeInput(instances(12)), concurrency: 4 }), io);

    expect(code).toBe(EXIT.OK);
    expect(results().every((r) => r.prediction)).toBe(true);
    expect(vertex.prediction.predict.calls).toHaveLength(12 + 4);
    expect(io.stderr.text).toMatch(/12 items, 12 ok, 0 failed, 4 retries/);
  });

  test('a failed item is reported in its place while the others succeed; exit code 1', async () => {
    const idOf = (r: Record<string, unknown>) => (fromValue((r.instances as unknown[])[0] as never) as { id: number }).id;
    vertex.prediction.predict
      .fail(grpc.status.INVALID_ARGUMENT, { times: 99, match: (r) => idOf(r) === 2, details: 'feature id out of range' })
      .fail(grpc.status.UNAVAILABLE, { times: 99, match: (r) => idOf(r) === 5 });
    const code = await runStreamCommand(flags({ input: writeInput(instances(8)), concurrency: 3 }), io);

    expect(code).toBe(EXIT.FAILED);
    const out = results();
    expect(out.map((r) => r.index)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    expect(out[2]).toEqual({ index: 2, line: 3, error: { code: 'INVALID_ARGUMENT', message: 'feature id out of range', attempts: 1 } });
    expect(out[5].error).toMatchObject({ code: 'UNAVAILABLE', attempts: FAST_RETRY.maxAttempts });
    expect(out.filter((r) => r.prediction)).toHaveLength(6);
    // Not retried: INVALID_ARGUMENT once; retried up to the limit: UNAVAILABLE.
    expect(vertex.prediction.predict.calls.filter((c) => idOf(c) === 2)).toHaveLength(1);
    expect(vertex.prediction.predict.calls.filter((c) => idOf(c) === 5)).toHaveLength(FAST_RETRY.maxAttempts);
    expect(io.stderr.text).toMatch(/8 items, 6 ok, 2 failed/);
  });

  test('a malformed JSON line is that item’s error with its line number; blank lines are skipped', async () => {
    const code = await runStreamCommand(flags({ input: writeInput(['{"id": 0}', '', '{"id": 1', '{"id": 2}']) }), io);
    expect(code).toBe(EXIT.FAILED);
    const out = results();
    expect(out).toHaveLength(3);
    expect(out[0].prediction?.echo).toEqual({ id: 0 });
    expect(out[1]).toMatchObject({ index: 1, line: 3, error: { code: 'INVALID_JSON' } });
    expect(out[1].error?.message).toMatch(/^line 3: /);
    expect(out[2].prediction?.echo).toEqual({ id: 2 });
    expect(vertex.prediction.predict.calls).toHaveLength(2);
  });

  test('the summary reports counts, throughput and latency percentiles', async () => {
    vertex.prediction.predict.latencyMs = 15;
    const code = await runStreamCommand(flags({ input: writeInput(instances(20)), concurrency: 5 }), io);
    expect(code).toBe(EXIT.OK);
    const summary = io.stderr.text;
    expect(summary).toMatch(/^stream: 20 items, 20 ok, 0 failed, 0 retries in \d+\.\d s \(\d+\.\d req\/s\)$/m);
    const m = /^latency ms: p50 ([\d.]+)\s+p90 ([\d.]+)\s+p99 ([\d.]+)\s+max ([\d.]+)$/m.exec(summary);
    expect(m).not.toBeNull();
    const [p50, p90, p99, max] = m!.slice(1).map(Number);
    expect(p50).toBeGreaterThanOrEqual(14);
    expect(p50).toBeLessThanOrEqual(p90);
    expect(p90).toBeLessThanOrEqual(p99);
    expect(p99).toBeLessThanOrEqual(max);
  });

  test('reads standard input when no --input is given and writes --output', async () => {
    const outFile = path.join(tmp, 'out.jsonl');
    const stdin = Readable.from([`${instances(3).join('\n')}\n`]);
    const code = await runStreamCommand(flags({ output: outFile }), { ...io, stdin });
    expect(code).toBe(EXIT.OK);
    expect(io.stdout.text).toBe('');
    const out = fs.readFileSync(outFile, 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    expect(out.map((r) => r.prediction.echo.id)).toEqual([0, 1, 2]);
  });

  test('an unknown endpoint fails every item with NOT_FOUND and says so', async () => {
    const code = await runStreamCommand(flags({ endpoint: '404', input: writeInput(instances(3)) }), io);
    expect(code).toBe(EXIT.FAILED);
    expect(results().map((r) => r.error?.code)).toEqual(['NOT_FOUND', 'NOT_FOUND', 'NOT_FOUND']);
    expect(io.stderr.text).toContain('every item failed; check the endpoint: projects/acme-dev/locations/europe-west4/endpoints/404');
  });

  test('a slow head item does not let the reorder buffer grow past its window', async () => {
    let active = 0;
    let maxActive = 0;
    let read = 0;
    let readWhileHeadPending = 0;
    const slowHead = new Promise<void>((resolve) => setTimeout(resolve, 150));
    const lines = (async function* () {
      for (let i = 0; i < 400; i++) {
        read += 1;
        yield JSON.stringify({ id: i });
      }
    })();
    const out = new BufferStream();
    const summary = await runStream({
      lines,
      output: out as unknown as NodeJS.WritableStream,
      concurrency: 2,
      predictOne: async (instance) => {
        active += 1;
        maxActive = Math.max(maxActive, active);
        if ((instance as { id: number }).id === 0) {
          await slowHead;
          readWhileHeadPending = read;
        }
        active -= 1;
        return instance;
      },
    });
    expect(summary.ok).toBe(400);
    expect(maxActive).toBeLessThanOrEqual(2);
    // Window = max(64, 16 x concurrency): reading stopped there until the head finished.
    expect(readWhileHeadPending).toBeGreaterThanOrEqual(64);
    expect(readWhileHeadPending).toBeLessThanOrEqual(66);
    expect(out.lines.map((l) => JSON.parse(l).index)).toEqual(Array.from({ length: 400 }, (_, i) => i));
  });

  test('an output that asks to wait for drain holds the calls: every result still comes out, in order', async () => {
    // A consumer that takes one line every 2 ms and buffers at most two: write() returns false
    // almost every time, so the stream must wait for 'drain' and keep its calls' slots meanwhile.
    const written: number[] = [];
    let waits = 0;
    const output = new Writable({
      highWaterMark: 2,
      objectMode: true,
      write(chunk: string, _enc, done) {
        written.push(JSON.parse(chunk).index);
        setTimeout(done, 2);
      },
    });
    const write = output.write.bind(output);
    let handed = 0;
    output.write = ((chunk: string) => {
      handed += 1;
      const ok = write(chunk);
      if (!ok) waits += 1;
      return ok;
    }) as typeof output.write;
    let active = 0;
    let maxActive = 0;
    let answered = 0;
    let maxWaiting = 0;
    const summary = await runStream({
      lines: Readable.from(instances(120).map((l) => [l])),
      output,
      concurrency: 8,
      predictOne: async (instance) => {
        active += 1;
        maxActive = Math.max(maxActive, active);
        await new Promise((r) => setImmediate(r));
        active -= 1;
        answered += 1;
        maxWaiting = Math.max(maxWaiting, answered - handed);
        return instance;
      },
    });
    await new Promise<void>((resolve) => output.end(resolve));
    expect(summary).toMatchObject({ total: 120, ok: 120, failed: 0 });
    expect(written).toEqual(Array.from({ length: 120 }, (_, i) => i));
    expect(waits).toBeGreaterThan(10);
    expect(maxActive).toBeLessThanOrEqual(8);
    // Answers not yet handed to the output: at most the 8 calls whose slots wait for 'drain'
    // (not the 128 of the reorder window).
    expect(maxWaiting).toBeLessThanOrEqual(9);
  });

  test('a predictOne that throws instead of rejecting fails its item, not the run', async () => {
    const out = new BufferStream();
    const summary = await runStream({
      lines: Readable.from([instances(3)]),
      output: out as unknown as NodeJS.WritableStream,
      concurrency: 2,
      retry: FAST_RETRY,
      predictOne: (instance) => {
        if ((instance as { id: number }).id === 1) throw Object.assign(new Error('bad instance'), { code: grpc.status.INVALID_ARGUMENT, details: 'bad instance' });
        return Promise.resolve(instance);
      },
    });
    expect(summary).toMatchObject({ total: 3, ok: 2, failed: 1, retries: 0 });
    expect(out.lines.map((l) => JSON.parse(l))).toEqual([
      { index: 0, prediction: { id: 0 } },
      { index: 1, line: 2, error: { code: 'INVALID_ARGUMENT', message: 'bad instance', attempts: 1 } },
      { index: 2, prediction: { id: 2 } },
    ]);
  });

  test('an error while recording a result stops reading and ends the run with it, after the calls in flight end', async () => {
    let inCall = 0;
    let calls = 0;
    const out = new BufferStream();
    const error = await runStream({
      lines: Readable.from([instances(6)]),
      output: out as unknown as NodeJS.WritableStream,
      concurrency: 3,
      progress: {
        seen: () => undefined,
        update: (ok) => {
          if (ok === 2) throw new Error('terminal went away');
        },
        stop: () => undefined,
      },
      predictOne: async (instance) => {
        calls += 1;
        inCall += 1;
        await new Promise((r) => setTimeout(r, 5));
        inCall -= 1;
        return instance;
      },
    }).catch((e) => e);
    expect(error).toBeInstanceOf(Error);
    expect(error.message).toBe('terminal went away');
    expect(inCall).toBe(0);
    // no line was sent after the error, and every call sent has its result written
    expect(calls).toBeLessThan(6);
    expect(out.lines.map((l) => JSON.parse(l).index)).toEqual(Array.from({ length: calls }, (_, i) => i));
  });

  test('an output that fails while the stream waits for drain ends the run with its error, without hanging', async () => {
    const output = new Writable({
      highWaterMark: 1,
      write(_chunk, _enc, done) {
        setTimeout(() => done(new Error('disk full')), 2);
      },
    });
    output.on('error', () => undefined);
    let calls = 0;
    const error = await runStream({
      // far more lines than the reorder window (64 at concurrency 2)
      lines: Readable.from([instances(300)]),
      output,
      concurrency: 2,
      predictOne: async (instance) => {
        calls += 1;
        return instance;
      },
    }).catch((e) => e);
    expect(error).toBeInstanceOf(Error);
    expect(error.message).toBe('disk full');
    expect(calls).toBeLessThan(300);
  });

  test('an error that cannot be printed fails its item, and the lines after it are still written', async () => {
    const out = new BufferStream();
    const summary = await runStream({
      lines: Readable.from([instances(200)]),
      output: out as unknown as NodeJS.WritableStream,
      concurrency: 4,
      retry: FAST_RETRY,
      // an object without a prototype: String() of it throws
      predictOne: (instance) => ((instance as { id: number }).id === 3 ? Promise.reject(Object.create(null)) : Promise.resolve(instance)),
    });
    expect(summary).toMatchObject({ total: 200, ok: 199, failed: 1 });
    const lines = out.lines.map((l) => JSON.parse(l));
    expect(lines.map((l) => l.index)).toEqual(Array.from({ length: 200 }, (_, i) => i));
    expect(lines[3]).toEqual({ index: 3, line: 4, error: { code: 'ERROR', message: 'an error that cannot be printed', attempts: 1 } });
  });

  test('a predictOne that returns a plain value is taken as its answer', async () => {
    const out = new BufferStream();
    const summary = await runStream({
      lines: Readable.from([instances(3)]),
      output: out as unknown as NodeJS.WritableStream,
      predictOne: ((instance: unknown) => instance) as never,
    });
    expect(summary).toMatchObject({ total: 3, ok: 3, failed: 0 });
    expect(out.lines.map((l) => JSON.parse(l))).toEqual([0, 1, 2].map((id) => ({ index: id, prediction: { id } })));
  });

  test.each([
    [{ input: '/nonexistent/in.jsonl' }, /--input \/nonexistent\/in.jsonl does not exist/],
    [{ output: '/nonexistent-dir/out.jsonl' }, /cannot write --output \/nonexistent-dir\/out.jsonl: ENOENT/],
    [{ parameters: '{oops' }, /--parameters is not valid JSON/],
    [{ region: 'asia-east1' }, /--region 'asia-east1' is not allowed/],
  ])('bad flags %o are a usage error (exit 2) with no request', async (extra, message) => {
    const error = await runStreamCommand(flags({ input: writeInput(instances(2)), ...extra }), io).catch((e) => e);
    expect(error.exitCode).toBe(EXIT.USAGE);
    expect(error.message).toMatch(message);
    expect(vertex.prediction.predict.calls).toHaveLength(0);
  });

  test('an input that fails mid-way still gets the results of the calls already sent', async () => {
    const out = new BufferStream();
    async function* failingInput() {
      yield JSON.stringify({ x: 1 });
      yield JSON.stringify({ x: 2 });
      await new Promise((r) => setTimeout(r, 5));
      throw new Error('input device went away');
    }
    let inCall = 0;
    const error = await runStream({
      predictOne: async (instance) => {
        inCall += 1;
        await new Promise((r) => setTimeout(r, 50));
        inCall -= 1;
        return instance;
      },
      lines: failingInput(),
      output: out as unknown as NodeJS.WritableStream,
      concurrency: 4,
    }).catch((e) => e);
    expect(error.message).toBe('input device went away');
    expect(inCall).toBe(0);
    expect(out.lines.map((l) => JSON.parse(l))).toEqual([
      { index: 0, prediction: { x: 1 } },
      { index: 1, prediction: { x: 2 } },
    ]);
  });

  test('--output naming the --input file is refused before it is truncated', async () => {
    const input = writeInput(instances(3));
    const before = fs.readFileSync(input, 'utf8');
    const error = await runStreamCommand(flags({ input, output: input }), io).catch((e) => e);
    expect(error.exitCode).toBe(EXIT.USAGE);
    expect(error.message).toMatch(/--output .* is the --input file; writing results there would erase the instances/);
    expect(fs.readFileSync(input, 'utf8')).toBe(before);
    expect(vertex.prediction.predict.calls).toHaveLength(0);
  });

  test('a progress bar is drawn on a terminal stderr, and not with --no-progress', async () => {
    const tty = Object.assign(new BufferStream(), { isTTY: true, columns: 120 });
    expect(await runStreamCommand(flags({ input: writeInput(instances(5)) }), { ...io, stderr: tty as never })).toBe(EXIT.OK);
    expect(tty.text).toMatch(/5\/5 \| ok 5 failed 0 \| [\d.]+ req\/s/);
    expect(tty.text).toMatch(/stream: 5 items, 5 ok/);

    const quiet = Object.assign(new BufferStream(), { isTTY: true, columns: 120 });
    expect(await runStreamCommand(flags({ input: writeInput(instances(5)), progress: false }), { ...io, stderr: quiet as never })).toBe(EXIT.OK);
    expect(quiet.text).not.toMatch(/\| ok \d+ failed/);
    expect(quiet.text).toMatch(/stream: 5 items, 5 ok/);
  });

  test('an input that fails mid-stream stops the progress bar: cursor back, no redraw timer left running', async () => {
    const tty = Object.assign(new BufferStream(), { isTTY: true, columns: 120 });
    const stdin = new Readable({ read() {} });
    stdin.push(`${instances(3).join('\n')}\n`);
    setTimeout(() => stdin.destroy(new Error('EIO: i/o error, read')), 50);
    const error = await runStreamCommand(flags({}), { ...io, stdin, stderr: tty as never }).catch((e) => e);
    expect(error.exitCode).toBe(EXIT.FAILED);
    expect(error.message).toMatch(/EIO/);
    const drawn = tty.text.length;
    expect(tty.text).toContain('\x1B[?25h');
    await new Promise((resolve) => setTimeout(resolve, 250));
    expect(tty.text).toHaveLength(drawn);
  });

  test('backoff is exponential with full jitter and capped', () => {
    const policy = { maxAttempts: 9, initialBackoffMs: 100, maxBackoffMs: 1000 };
    expect([1, 2, 3, 4, 5].map((n) => backoffMs(n, policy, () => 0.999))).toEqual([99, 199, 399, 799, 999]);
    expect(backoffMs(3, policy, () => 0)).toBe(0);
    expect(latencyStats([5, 1, 4, 2, 3, 10, 9, 8, 7, 6])).toMatchObject({ p50: 5, p90: 9, p99: 10, max: 10, mean: 5.5 });
  });

  test('as a command: NDJSON file in, NDJSON out, summary on stderr, exit 0', async () => {
    const input = writeInput(instances(5));
    const run = await runTsCli('inference/stream.ts', [
      '--project', 'acme-dev', '--region', 'europe-west4', '--endpoint', '42',
      '--api-endpoint', vertex.address, '--insecure', '--input', input, '--concurrency', '2',
    ]);
    expect(run.code).toBe(0);
    expect(run.stdout.trim().split('\n').map((l) => JSON.parse(l).prediction.echo.id)).toEqual([0, 1, 2, 3, 4]);
    expect(run.stderr).toMatch(/stream: 5 items, 5 ok, 0 failed/);
    expect(run.stderr).toMatch(/latency ms: p50/);
    // No progress bar: stderr is not a terminal.
    expect(run.stderr).not.toMatch(/req\/s \| ETA/);
  });
});
