/**
 * Submits the Vertex AI pipeline from the compiled template, locally or from CI, with the
 * same request the pipeline-trigger function sends.
 * Run: node -r ./scripts/ts-loader.js scripts/submit-pipeline.ts --help
 */
import { addConnectionOptions, collect, newProgram, positiveNumber, runIfMain, type CliProgram } from '../inference/lib/cli';
import { processIo } from '../inference/lib/io';
import { DEFAULT_TEMPLATE, runSubmitPipeline } from '../inference/lib/submit-pipeline';

export function submitPipelineProgram(): CliProgram {
  const cli = newProgram('submit-pipeline', 'Submit a Vertex AI PipelineJob from the compiled pipeline.');
  addConnectionOptions(cli.command)
    .option('--template <path|gs-uri|url>', `compiled pipeline JSON: a local file, gs://..., or https://<region>-kfp.pkg.dev/... (default: PIPELINE_TEMPLATE_URI or ${DEFAULT_TEMPLATE})`)
    .option('--pipeline-root <gs-prefix>', 'where runs write artifacts, in the pipeline-root bucket (or PIPELINE_ROOT)')
    .option('--kms-key <name>', 'Cloud KMS key for the job, in the job region (or KMS_KEY_NAME)')
    .option('--service-account <email>', 'service account the pipeline runs as (or PIPELINE_SERVICE_ACCOUNT)')
    .option('--param <key=value>', 'pipeline parameter, converted to its declared type (repeatable)', collect)
    .option('--label <key=value>', 'label on the job (repeatable)', collect)
    .option('--job-id <id>', 'job id (default: <pipeline name>-<UTC timestamp>); an existing id is not submitted twice')
    .option('--display-name <name>', 'default: the pipeline name')
    .option('--dry-run', 'print the request and stop: no credentials, no call')
    .option('--wait', 'follow the job until it ends; exit 1 unless it succeeded')
    .option('--poll-interval <seconds>', 'seconds between status reads with --wait', positiveNumber('--poll-interval'), 30)
    .addHelpText(
      'after',
      `
Prints {"name","outcome","state","consoleUrl"} as JSON on stdout.
Exit codes: 0 submitted (or already existed), 1 the service refused it or the run failed (--wait),
2 bad flags or template, 3 no credentials.

Example:
  submit-pipeline --project acme-dev --region europe-west4 \\
    --pipeline-root gs://acme-dev-pipeline-root/runs \\
    --kms-key projects/acme-kms/locations/europe-west4/keyRings/vertex/cryptoKeys/vertex-ai \\
    --service-account pipeline-runner@acme-dev.iam.gserviceaccount.com \\
    --param data_uri=gs://acme-dev-shared-data/ingest/2026-01-01/sales.csv`,
    )
    .action(async (opts) => {
      cli.exitCode = await runSubmitPipeline(opts, processIo());
    });
  return cli;
}

runIfMain(module, submitPipelineProgram);
