import type { protos } from '@google-cloud/aiplatform';
import { JobServiceClient } from './clients';
import { grpcCodeOf } from '../../packages/vertex-client/src/errors';
import { parseGcsUri, requireKmsKey, requireRegion, requireServiceAccount } from '../../packages/vertex-client/src/validation';
import { asCliError, CliError, connect, describeCallError, EXIT, mergeLocation, parseResource, type ConnectionFlags } from './connection';
import type { Io } from './io';
import { RETRYABLE_CODES } from './stream';

type IBatchPredictionJob = protos.google.cloud.aiplatform.v1.IBatchPredictionJob;

export const TERMINAL_STATES: ReadonlySet<string> = new Set([
  'JOB_STATE_SUCCEEDED',
  'JOB_STATE_FAILED',
  'JOB_STATE_CANCELLED',
  'JOB_STATE_EXPIRED',
  'JOB_STATE_PARTIALLY_SUCCEEDED',
]);

export interface BatchJobInput {
  readonly displayName: string;
  /** projects/<p>/locations/<r>/models/<id>[@version] */
  readonly model: string;
  readonly inputUris: readonly string[];
  readonly instancesFormat: 'jsonl' | 'csv';
  readonly outputUriPrefix: string;
  readonly machineType: string;
  readonly startingReplicaCount: number;
  readonly maxReplicaCount: number;
  readonly kmsKeyName: string;
  readonly serviceAccount?: string;
  readonly labels?: Readonly<Record<string, string>>;
}

export function buildBatchPredictionJob(input: BatchJobInput): IBatchPredictionJob {
  return {
    displayName: input.displayName,
    model: input.model,
    inputConfig: { instancesFormat: input.instancesFormat, gcsSource: { uris: [...input.inputUris] } },
    outputConfig: { predictionsFormat: 'jsonl', gcsDestination: { outputUriPrefix: input.outputUriPrefix } },
    dedicatedResources: {
      machineSpec: { machineType: input.machineType },
      startingReplicaCount: input.startingReplicaCount,
      maxReplicaCount: input.maxReplicaCount,
    },
    encryptionSpec: { kmsKeyName: input.kmsKeyName },
    ...(input.serviceAccount ? { serviceAccount: input.serviceAccount } : {}),
    labels: { ...input.labels },
  };
}

export interface FollowOptions {
  readonly intervalMs: number;
  /** Called on every poll answer; `changed` when the state or counts moved. */
  readonly onUpdate?: (job: IBatchPredictionJob, changed: boolean) => void;
  /** Poll failures with a retryable code tolerated in a row. @default 5 */
  readonly maxPollFailures?: number;
  readonly signal?: AbortSignal;
}

/** Polls GetBatchPredictionJob until the job reaches a terminal state, and returns it. */
export async function followBatchJob(client: JobServiceClient, name: string, options: FollowOptions): Promise<IBatchPredictionJob> {
  let last = '';
  let failures = 0;
  for (;;) {
    if (options.signal?.aborted) throw new CliError(`stopped following ${name}; the job goes on`, EXIT.INTERRUPTED);
    let job: IBatchPredictionJob | undefined;
    try {
      [job] = await client.getBatchPredictionJob({ name });
      failures = 0;
    } catch (err) {
      const code = grpcCodeOf(err);
      failures += 1;
      if (code === undefined || !RETRYABLE_CODES.has(code) || failures > (options.maxPollFailures ?? 5)) throw err;
    }
    if (job) {
      const key = `${job.state}|${JSON.stringify(job.completionStats ?? {})}`;
      options.onUpdate?.(job, key !== last);
      last = key;
      if (TERMINAL_STATES.has(String(job.state))) return job;
    }
    await pause(options.intervalMs, options.signal);
  }
}

/**
 * Waits `ms`, or less when the signal aborts. The listener is removed when the timer fires:
 * a job followed for hours polls hundreds of times on the same signal. A signal that aborted
 * while the last poll was in flight has no abort event left to fire, so it is checked first.
 */
function pause(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise<void>((resolve) => {
    if (signal?.aborted) {
      resolve();
      return;
    }
    const onAbort = () => {
      clearTimeout(timer);
      resolve();
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

export function describeJob(job: IBatchPredictionJob): string {
  const stats = job.completionStats;
  const counts = stats ? ` (ok ${stats.successfulCount ?? 0}, failed ${stats.failedCount ?? 0}, pending ${stats.incompleteCount ?? 0})` : '';
  return `${String(job.state).replace(/^JOB_STATE_/, '')}${counts}`;
}

export interface BatchFlags extends ConnectionFlags {
  readonly model?: string;
  readonly input?: string[];
  readonly instancesFormat?: string;
  readonly output?: string;
  readonly machineType?: string;
  readonly startingReplicaCount?: number;
  readonly maxReplicaCount?: number;
  readonly kmsKey?: string;
  readonly serviceAccount?: string;
  readonly displayName?: string;
  /** Follow an existing job instead of creating one. */
  readonly job?: string;
  /** seconds */
  readonly pollInterval?: number;
  /** false with --no-wait */
  readonly wait?: boolean;
}

/** The `batch` command: creates (or attaches to) a job and follows it to the end. */
export async function runBatch(flags: BatchFlags, io: Io, env: NodeJS.ProcessEnv = process.env, signal?: AbortSignal): Promise<number> {
  let name: string | undefined;
  let create: ((project: string, region: string) => IBatchPredictionJob) | undefined;
  let where: { project?: string; region?: string };
  if (flags.job) {
    const ref = parseResource(flags.job, 'batchPredictionJobs', '--job');
    where = mergeLocation(ref, flags, '--job', env);
    name = `projects/${where.project}/locations/${where.region}/batchPredictionJobs/${ref.id}`;
  } else {
    if (!flags.model) throw new CliError('--model is required (a model id or projects/<p>/locations/<r>/models/<id>)');
    const ref = parseResource(flags.model, 'models', '--model');
    where = mergeLocation(ref, flags, '--model', env);
    const inputs = flags.input ?? [];
    if (inputs.length === 0) throw new CliError('--input is required: gs://<bucket>/<file>.jsonl or .csv');
    for (const uri of inputs) asCliError(() => parseGcsUri(uri, '--input', true));
    const format = flags.instancesFormat ?? inferFormat(inputs);
    if (format !== 'jsonl' && format !== 'csv') throw new CliError(`--instances-format '${format}' must be jsonl or csv`);
    if (!flags.output) throw new CliError('--output is required: a gs:// prefix for the predictions');
    asCliError(() => parseGcsUri(flags.output!, '--output', false));
    const machineType = flags.machineType ?? 'n1-standard-4';
    if (!/^[a-z][a-z0-9]*-[a-z0-9-]+$/.test(machineType)) throw new CliError(`--machine-type '${machineType}' is not a machine type (e.g. n1-standard-4)`);
    const starting = flags.startingReplicaCount ?? 1;
    const max = flags.maxReplicaCount ?? Math.max(starting, 1);
    if (max < starting) throw new CliError(`--max-replica-count ${max} is below --starting-replica-count ${starting}`);
    const region = asCliError(() => requireRegion(where.region, '--region'));
    // CMEK everywhere: without a key the job would fall back to Google-managed encryption.
    const kmsKeyName = asCliError(() => requireKmsKey(flags.kmsKey ?? env.VERTEX_KMS_KEY_NAME, '--kms-key', region));
    const serviceAccount = flags.serviceAccount ? asCliError(() => requireServiceAccount(flags.serviceAccount, '--service-account')) : undefined;
    create = (project, region) =>
      buildBatchPredictionJob({
        displayName: flags.displayName ?? `batch-${ref.id.replace(/@.*/, '')}-${new Date().toISOString().replace(/[-:.TZ]/g, '').slice(0, 14)}`,
        model: `projects/${project}/locations/${region}/models/${ref.id}`,
        inputUris: inputs,
        instancesFormat: format,
        outputUriPrefix: flags.output!.replace(/\/+$/, ''),
        machineType,
        startingReplicaCount: starting,
        maxReplicaCount: max,
        kmsKeyName,
        serviceAccount,
        labels: { 'created-by': 'inference-batch' },
      });
  }
  const conn = await connect({ ...flags, ...where }, env);
  const client = new JobServiceClient(conn.clientOptions);
  try {
    if (create) {
      const job = create(conn.project, conn.region);
      try {
        const [created] = await client.createBatchPredictionJob({ parent: `projects/${conn.project}/locations/${conn.region}`, batchPredictionJob: job });
        name = created.name ?? '';
      } catch (err) {
        throw new CliError(describeCallError(err, `creating a batch prediction job for model ${job.model}`, conn.target), EXIT.FAILED);
      }
      io.stderr.write(`created ${name}\n`);
    }
    if (flags.wait === false) {
      io.stdout.write(`${JSON.stringify({ name })}\n`);
      return EXIT.OK;
    }
    let job: IBatchPredictionJob;
    try {
      job = await followBatchJob(client, name!, {
        intervalMs: (flags.pollInterval ?? 30) * 1000,
        signal,
        onUpdate: (j, changed) => {
          if (changed) io.stderr.write(`${new Date().toISOString()} ${describeJob(j)}\n`);
        },
      });
    } catch (err) {
      if (err instanceof CliError) {
        io.stderr.write(`${err.message}; follow it again with --job ${name}\n`);
        throw err;
      }
      throw new CliError(describeCallError(err, `batch prediction job ${name}`, conn.target), EXIT.FAILED);
    }
    const state = String(job.state);
    const output = job.outputInfo?.gcsOutputDirectory || undefined;
    io.stdout.write(`${JSON.stringify({ name, state, outputDirectory: output, completionStats: job.completionStats ?? undefined })}\n`);
    if (state === 'JOB_STATE_SUCCEEDED') {
      io.stderr.write(`predictions are in ${output ?? '(no output directory reported)'}\n`);
      return EXIT.OK;
    }
    io.stderr.write(`batch prediction job ${name} ended ${state}${job.error?.message ? `: ${job.error.message}` : ''}\n`);
    return EXIT.FAILED;
  } finally {
    await client.close();
  }
}

function inferFormat(uris: readonly string[]): string {
  const formats = new Set(uris.map((u) => (/\.jsonl$/i.test(u) ? 'jsonl' : /\.csv$/i.test(u) ? 'csv' : '?')));
  if (formats.size === 1 && !formats.has('?')) return [...formats][0];
  throw new CliError(`cannot tell the format of ${uris.join(', ')} from the extension: pass --instances-format jsonl or csv`);
}
