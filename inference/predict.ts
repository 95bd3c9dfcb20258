/**
 * One online prediction: `predict --endpoint <id> --instance '<json>'` prints the response.
 * Run: node -r ./scripts/ts-loader.js inference/predict.ts --help
 */
import { addConnectionOptions, collect, newProgram, positiveNumber, runIfMain, type CliProgram } from './lib/cli';
import { processIo } from './lib/io';
import { runPredict } from './lib/predict';

export function predictProgram(): CliProgram {
  const cli = newProgram('predict', 'Send one prediction request to a Vertex AI endpoint and print the response as JSON.');
  addConnectionOptions(cli.command)
    .requiredOption('--endpoint <id|name>', 'endpoint id, or projects/<p>/locations/<r>/endpoints/<id>')
    .option('--instance <json>', 'one instance as JSON (repeatable)', collect)
    .option('--instance-file <path>', 'JSON file: {"instances": [...], "parameters": {...}}, an array of instances, or one instance')
    .option('--parameters <json>', 'prediction parameters as JSON')
    .option('--timeout <seconds>', 'deadline of the call', positiveNumber('--timeout'), 60)
    .addHelpText(
      'after',
      `
Exit codes: 0 ok, 1 the service returned an error, 2 bad flags or input, 3 no credentials.

Example:
  predict --project acme-dev --region europe-west4 --endpoint 1234567890 \\
    --instance '{"feature_a": 1.5, "feature_b": "red"}'`,
    )
    .action(async (opts) => {
      cli.exitCode = await runPredict(opts, processIo());
    });
  return cli;
}

runIfMain(module, predictProgram);
