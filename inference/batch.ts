/**
 * Batch prediction: creates a BatchPredictionJob (CMEK-encrypted) and follows it to the end.
 * Run: node -r ./scripts/ts-loader.js inference/batch.ts --help
 */
import { addConnectionOptions, collect, newProgram, positiveInt, positiveNumber, runIfMain, type CliProgram } from './lib/cli';
import { processIo } from './lib/io';
import { runBatch } from './lib/batch';

export function batchProgram(): CliProgram {
  const cli = newProgram('batch', 'Run a Vertex AI batch prediction job from gs:// input and wait for it to finish.');
  addConnectionOptions(cli.command)
    .option('--model <id|name>', 'model id (optionally @version), or projects/<p>/locations/<r>/models/<id>')
    .option('--input <gs-uri>', 'gs:// JSON Lines or CSV file of instances (repeatable; wildcards allowed)', collect)
    .option('--instances-format <jsonl|csv>', 'default: from the input file extension')
    .option('--output <gs-prefix>', 'gs:// prefix the job writes its predictions under')
    .option('--machine-type <type>', 'machine type of the prediction nodes', 'n1-standard-4')
    .option('--starting-replica-count <n>', 'nodes at start', positiveInt('--starting-replica-count'), 1)
    .option('--max-replica-count <n>', 'nodes at most (default: the starting count)', positiveInt('--max-replica-count'))
    .option('--kms-key <name>', 'Cloud KMS key for the job, in the job region (or VERTEX_KMS_KEY_NAME)')
    .option('--service-account <email>', 'service account the job runs as')
    .option('--display-name <name>', 'default: batch-<model>-<timestamp>')
    .option('--job <id|name>', 'follow an existing job instead of creating one')
    .option('--poll-interval <seconds>', 'seconds between status reads', positiveNumber('--poll-interval'), 30)
    .option('--no-wait', 'print the job name and return without following it')
    .addHelpText(
      'after',
      `
Prints {"name","state","outputDirectory","completionStats"} as JSON on stdout when the job ends;
state changes go to stderr. Ctrl-C stops following (the job goes on) and prints how to resume.
Exit codes: 0 succeeded, 1 the job failed, was cancelled or expired, or a call failed,
2 bad flags or input, 3 no credentials, 130 interrupted.

Example:
  batch --project acme-dev --region europe-west4 --model 987654321 \\
    --input gs://acme-dev-shared-data/batch/instances.jsonl --output gs://acme-dev-shared-data/predictions \\
    --kms-key projects/acme-kms/locations/europe-west4/keyRings/vertex/cryptoKeys/vertex-ai`,
    )
    .action(async (opts) => {
      const abort = new AbortController();
      const onSigint = () => abort.abort();
      process.once('SIGINT', onSigint);
      try {
        cli.exitCode = await runBatch(opts, processIo(), process.env, abort.signal);
      } finally {
        process.off('SIGINT', onSigint);
      }
    });
  return cli;
}

runIfMain(module, batchProgram);
