/**
 * A stream of online predictions: NDJSON instances in, NDJSON results out, in input order.
 * Run: node -r ./scripts/ts-loader.js inference/stream.ts --help
 */
import { addConnectionOptions, newProgram, positiveInt, positiveNumber, runIfMain, type CliProgram } from './lib/cli';
import { processIo } from './lib/io';
import { DEFAULT_RETRY, runStreamCommand } from './lib/stream';

export function streamProgram(): CliProgram {
  const cli = newProgram(
    'stream',
    'Send one prediction request per NDJSON line, concurrently, and write one result line per input line, in input order.',
  );
  addConnectionOptions(cli.command)
    .requiredOption('--endpoint <id|name>', 'endpoint id, or projects/<p>/locations/<r>/endpoints/<id>')
    .option('--input <path>', "NDJSON file of instances, one per line; '-' or absent: standard input")
    .option('--output <path>', 'write results here instead of standard output')
    .option('--concurrency <n>', 'requests in flight at most', positiveInt('--concurrency'), 8)
    .option('--max-attempts <n>', 'attempts per item, the first included', positiveInt('--max-attempts'), DEFAULT_RETRY.maxAttempts)
    .option('--initial-backoff-ms <ms>', 'first retry waits up to this', positiveInt('--initial-backoff-ms'), DEFAULT_RETRY.initialBackoffMs)
    .option('--max-backoff-ms <ms>', 'no retry waits longer than this', positiveInt('--max-backoff-ms'), DEFAULT_RETRY.maxBackoffMs)
    .option('--parameters <json>', 'prediction parameters as JSON, sent with every request')
    .option('--timeout <seconds>', 'deadline of each attempt', positiveNumber('--timeout'), 60)
    .option('--no-progress', 'no progress bar (there is none when stderr is not a terminal)')
    .addHelpText(
      'after',
      `
Output lines: {"index":N,"prediction":...} or {"index":N,"line":L,"error":{"code":...,"message":...}}.
Retried with exponential backoff and full jitter: UNAVAILABLE, RESOURCE_EXHAUSTED, DEADLINE_EXCEEDED.
A summary (counts, req/s, latency p50/p90/p99/max) goes to stderr.
Exit codes: 0 all ok, 1 some item failed, 2 bad flags or input, 3 no credentials.

Example:
  stream --project acme-dev --region europe-west4 --endpoint 1234567890 \\
    --input instances.jsonl --output predictions.jsonl --concurrency 32`,
    )
    .action(async (opts) => {
      cli.exitCode = await runStreamCommand(opts, processIo());
    });
  return cli;
}

runIfMain(module, streamProgram);
