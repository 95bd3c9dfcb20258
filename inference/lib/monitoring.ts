/**
 * Model monitoring: a ModelDeploymentMonitoringJob on the platform's endpoint, watching each
 * deployed model for training-serving skew (against the training split) and prediction drift,
 * with thresholds per feature, a request sampling rate, an analysis interval, alerts by e-mail
 * and to Cloud Monitoring notification channels, and the Vertex AI CMEK key.
 */
import type { protos } from '@google-cloud/aiplatform';
import { z } from 'zod';
import { parseGcsUri, requireKmsKey } from '../../packages/vertex-client/src/validation';
import { asCliError, CliError, connect, describeCallError, EXIT, parseJson, type ConnectionFlags } from './connection';
import type { Io } from './io';
import { JobServiceClient } from './clients';

type IMonitoringJob = protos.google.cloud.aiplatform.v1.IModelDeploymentMonitoringJob;

const threshold = z.number().gt(0, 'must be above 0').lte(1, 'must be at most 1');
const thresholds = z.record(z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'is not a feature name'), threshold);

/** What a monitoring config file holds (assets/monitoring/iris.monitoring.json). */
export const monitoringConfigSchema = z
  .object({
    description: z.string().optional(),
    targetField: z.string().min(1),
    skewThresholds: thresholds.default({}),
    driftThresholds: thresholds.default({}),
    samplingRate: z.number().gt(0, 'must be above 0').lte(1, 'must be at most 1 (all requests)'),
    monitorIntervalHours: z.number().int('must be whole hours').min(1, 'Vertex AI analyses at most hourly: use 1 or more').max(24 * 7),
  })
  .strict()
  .refine((c) => Object.keys(c.skewThresholds).length + Object.keys(c.driftThresholds).length > 0, {
    message: 'set skewThresholds or driftThresholds (feature name to threshold): there is nothing to monitor',
  });

export type MonitoringConfig = z.infer<typeof monitoringConfigSchema>;

/** Parses a config file's text; every problem names its field. */
export function parseMonitoringConfig(text: string, source: string): MonitoringConfig {
  const parsed = monitoringConfigSchema.safeParse(parseJson(text, source));
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `  - ${i.path.join('.') || '(file)'}: ${i.message}`);
    throw new CliError(`${source} is not a valid monitoring config:\n${problems.join('\n')}`);
  }
  return parsed.data;
}

export interface MonitoringJobInput {
  readonly displayName: string;
  readonly endpoint: string;
  readonly deployedModelIds: readonly string[];
  /** The CSV the model was trained on: the skew baseline. */
  readonly trainingDataUri: string;
  readonly config: MonitoringConfig;
  readonly alertEmails: readonly string[];
  readonly notificationChannels: readonly string[];
  readonly kmsKeyName: string;
  readonly labels?: Record<string, string>;
}

const asThresholds = (t: Record<string, number>) => Object.fromEntries(Object.entries(t).map(([name, value]) => [name, { value }]));

export function buildMonitoringJob(input: MonitoringJobInput): IMonitoringJob {
  const { config } = input;
  const skew = Object.keys(config.skewThresholds).length > 0;
  const drift = Object.keys(config.driftThresholds).length > 0;
  return {
    displayName: input.displayName,
    endpoint: input.endpoint,
    modelDeploymentMonitoringObjectiveConfigs: input.deployedModelIds.map((deployedModelId) => ({
      deployedModelId,
      objectiveConfig: {
        trainingDataset: { gcsSource: { uris: [input.trainingDataUri] }, dataFormat: 'csv', targetField: config.targetField },
        ...(skew ? { trainingPredictionSkewDetectionConfig: { skewThresholds: asThresholds(config.skewThresholds) } } : {}),
        ...(drift ? { predictionDriftDetectionConfig: { driftThresholds: asThresholds(config.driftThresholds) } } : {}),
      },
    })),
    modelDeploymentMonitoringScheduleConfig: { monitorInterval: { seconds: config.monitorIntervalHours * 3600 } },
    loggingSamplingStrategy: { randomSampleConfig: { sampleRate: config.samplingRate } },
    modelMonitoringAlertConfig: {
      emailAlertConfig: { userEmails: [...input.alertEmails] },
      notificationChannels: [...input.notificationChannels],
      enableLogging: true,
    },
    encryptionSpec: { kmsKeyName: input.kmsKeyName },
    labels: { 'created-by': 'inference-monitor', ...input.labels },
  };
}

export interface MonitorFlags extends ConnectionFlags {
  readonly endpoint?: string;
  readonly deployedModelId?: string[];
  readonly trainingData?: string;
  readonly config?: string;
  readonly alertEmail?: string[];
  readonly notificationChannel?: string[];
  readonly kmsKey?: string;
  readonly displayName?: string;
}

const EMAIL = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;
const CHANNEL = /^projects\/[^/]+\/notificationChannels\/[^/]+$/;

/** The `monitor` command: creates the monitoring job and prints its name and state. */
export async function runMonitor(flags: MonitorFlags, io: Io, readFile: (path: string) => string, env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const match = /^projects\/([^/]+)\/locations\/([^/]+)\/endpoints\/([^/]+)$/.exec(flags.endpoint ?? '');
  if (!match) throw new CliError(`--endpoint '${flags.endpoint ?? ''}' must be projects/<p>/locations/<region>/endpoints/<id>`);
  const [, project, region, endpointId] = match;
  if (flags.region && flags.region !== region) throw new CliError(`--endpoint is in ${region} but --region is ${flags.region}: drop --region or make them agree`);
  const ids = flags.deployedModelId ?? [];
  if (ids.length === 0) throw new CliError('--deployed-model-id is required (repeatable): the deployed model(s) to watch, as the deploy step recorded them');
  for (const id of ids) if (!/^\d+$/.test(id)) throw new CliError(`--deployed-model-id '${id}' is not a deployed model id (digits)`);
  if (!flags.trainingData) throw new CliError('--training-data is required: the gs:// CSV the model was trained on (the skew baseline)');
  asCliError(() => parseGcsUri(flags.trainingData!, '--training-data', true));
  if (!flags.config) throw new CliError('--config is required: a monitoring config file such as assets/monitoring/iris.monitoring.json');
  let text: string;
  try {
    text = readFile(flags.config);
  } catch (err) {
    throw new CliError(`--config ${flags.config} cannot be read: ${(err as Error).message}`);
  }
  const config = parseMonitoringConfig(text, flags.config);
  const emails = flags.alertEmail ?? [];
  const channels = flags.notificationChannel ?? [];
  if (emails.length + channels.length === 0) throw new CliError('set --alert-email or --notification-channel: an alert nobody receives is not monitoring');
  for (const email of emails) if (!EMAIL.test(email)) throw new CliError(`--alert-email '${email}' is not an e-mail address`);
  for (const channel of channels) if (!CHANNEL.test(channel)) throw new CliError(`--notification-channel '${channel}' must be projects/<p>/notificationChannels/<id>`);
  // CMEK everywhere: without a key the job's logged requests would be Google-encrypted.
  const kmsKeyName = asCliError(() => requireKmsKey(flags.kmsKey ?? env.VERTEX_KMS_KEY_NAME, '--kms-key', region));

  const conn = await connect({ ...flags, project, region }, env);
  const job = buildMonitoringJob({
    displayName: flags.displayName ?? `monitor-${endpointId}`,
    endpoint: flags.endpoint!,
    deployedModelIds: ids,
    trainingDataUri: flags.trainingData,
    config,
    alertEmails: emails,
    notificationChannels: channels,
    kmsKeyName,
  });
  const client = new JobServiceClient(conn.clientOptions);
  try {
    const [created] = await client.createModelDeploymentMonitoringJob({ parent: `projects/${project}/locations/${region}`, modelDeploymentMonitoringJob: job });
    io.stdout.write(`${JSON.stringify({ name: created.name, state: created.state })}\n`);
    return EXIT.OK;
  } catch (err) {
    throw new CliError(describeCallError(err, `creating a model monitoring job for ${flags.endpoint}`, conn.target), EXIT.FAILED);
  } finally {
    await client.close();
  }
}
