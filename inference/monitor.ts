/**
 * Model monitoring: creates a ModelDeploymentMonitoringJob (CMEK-encrypted) on an endpoint after
 * a deploy. Run: node -r ./scripts/ts-loader.js inference/monitor.ts --help
 */
import { readFileSync } from 'node:fs';
import { addConnectionOptions, collect, newProgram, runIfMain, type CliProgram } from './lib/cli';
import { processIo } from './lib/io';
import { runMonitor } from './lib/monitoring';

export function monitorProgram(): CliProgram {
  const cli = newProgram('monitor', 'Watch a Vertex AI endpoint for training-serving skew and prediction drift.');
  addConnectionOptions(cli.command)
    .option('--endpoint <name>', 'projects/<p>/locations/<region>/endpoints/<id>')
    .option('--deployed-model-id <id>', 'deployed model to watch (repeatable)', collect)
    .option('--training-data <gs-uri>', 'the gs:// CSV the model was trained on: the skew baseline')
    .option('--config <file>', 'thresholds per feature, sampling rate, interval', 'assets/monitoring/iris.monitoring.json')
    .option('--alert-email <address>', 'who gets the alerts (repeatable)', collect)
    .option('--notification-channel <name>', 'Cloud Monitoring channel, projects/<p>/notificationChannels/<id> (repeatable)', collect)
    .option('--kms-key <name>', 'Cloud KMS key for the job, in the endpoint region (or VERTEX_KMS_KEY_NAME)')
    .option('--display-name <name>', 'default: monitor-<endpoint id>')
    .addHelpText(
      'after',
      `
Prints {"name","state"} as JSON on stdout.
Exit codes: 0 created, 1 the call failed, 2 bad flags or config, 3 no credentials.

Example:
  monitor --endpoint projects/acme-dev/locations/europe-west4/endpoints/123 --deployed-model-id 456 \\
    --training-data gs://acme-dev-pipeline-root/run/preprocess/train_data --alert-email ml-oncall@acme.example \\
    --kms-key projects/acme-kms/locations/europe-west4/keyRings/vertex/cryptoKeys/vertex-ai`,
    )
    .action(async (opts) => {
      cli.exitCode = await runMonitor(opts, processIo(), (path) => readFileSync(path, 'utf8'));
    });
  return cli;
}

runIfMain(module, monitorProgram);
