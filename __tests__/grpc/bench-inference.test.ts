/**
 * `npm run bench:inference` in miniature: the three clients run against the loopback server and
 * the report has a figure for each setting. The figures themselves are the benchmark's business
 * (no speed is asserted here); what is checked is that every client ran every setting, that the
 * third client sends the headers the library sent, and that a bad flag is a one-line error.
 */
import * as path from 'node:path';
import { REPO_ROOT, runTsCli } from './support/cli';

const BENCH = path.join(REPO_ROOT, 'scripts', 'bench-inference.ts');

test('every client runs every setting, and the third sends the library\'s two headers', async () => {
  const run = await runTsCli(BENCH, ['--requests', '24', '--rounds', '1', '--warmup', '8', '--latency-ms', '0', '--concurrency', '1,3', '--json']);
  expect({ code: run.code, stderr: run.stderr }).toEqual({ code: 0, stderr: '' });
  const report = JSON.parse(run.stdout);
  expect(report).toMatchObject({ requests: 24, rounds: 1, maxPerCaller: 50, libraryTimeoutMs: 60000 });
  expect(report.libraryHeaders).toEqual(['x-goog-api-client', 'x-goog-request-params']);
  expect(report.results.map((r: { latencyMs: number; concurrency: number }) => [r.latencyMs, r.concurrency])).toEqual([
    [0, 1],
    [0, 3],
  ]);
  for (const r of report.results) {
    for (const client of ['stream', 'bare', 'bareWithLibraryHeaders']) {
      expect(r[client].throughputPerSecond).toBeGreaterThan(0);
      expect(r[client].p50Ms).toBeGreaterThan(0);
    }
    // one round: its ratio is the median and both quartiles
    expect(r.throughputRatioQuartiles).toEqual([r.throughputRatio, r.throughputRatio]);
    for (const ratio of ['throughputRatio', 'p50Ratio', 'throughputRatioToBareWithLibraryHeaders', 'bareWithLibraryHeadersRatio']) {
      expect(Number.isFinite(r[ratio]) && r[ratio] > 0).toBe(true);
    }
  }
  // the per-request cost is reported at concurrency 1 only
  expect(report.results.map((r: { addedMsPerRequest: number | null }) => typeof r.addedMsPerRequest)).toEqual(['number', 'object']);
});

test('a bad flag is one line naming it, exit 1, before any server starts', async () => {
  const run = await runTsCli(BENCH, ['--rounds', '0']);
  expect(run.code).toBe(1);
  expect(run.stderr).toBe("bench-inference: --rounds '0' must be a whole number of at least 1\n");
  expect(run.stdout).toBe('');
});
