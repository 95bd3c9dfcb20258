import { getEventListeners } from 'node:events';
import * as grpc from '@grpc/grpc-js';
import { CliError, EXIT } from '../../inference/lib/connection';
import { runBatch, type BatchFlags } from '../../inference/lib/batch';
import { BufferStream, type Io } from '../../inference/lib/io';
import { runTsCli } from './support/cli';
import { startLoopbackVertex, type LoopbackVertex } from './support/servers';

const KEY = 'projects/acme-kms/locations/europe-west4/keyRings/vertex/cryptoKeys/vertex-ai';

describe('batch client against the loopback JobService', () => {
  let vertex: LoopbackVertex;
  let io: Io & { stdout: BufferStream; stderr: BufferStream };
  const flags = (extra: Partial<BatchFlags> = {}): BatchFlags => ({
    project: 'acme-dev',
    region: 'europe-west4',
    apiEndpoint: vertex.address,
    insecure: true,
    model: '987654321',
    input: ['gs://acme-dev-shared-data/batch/instances.jsonl'],
    output: 'gs://acme-dev-shared-data/predictions/',
    kmsKey: KEY,
    pollInterval: 0.01,
    ...extra,
  });

  beforeAll(async () => {
    vertex = await startLoopbackVertex();
  });
  afterAll(() => vertex.stop());
  beforeEach(() => {
    vertex.reset();
    io = { stdout: new BufferStream(), stderr: new BufferStream() } as never;
  });

  test('creates the job with model, input, output, machine type and CMEK key, then polls it to SUCCEEDED', async () => {
    const code = await runBatch(flags({ machineType: 'n1-highmem-8', maxReplicaCount: 4, serviceAccount: 'batch@acme-dev.iam.gserviceaccount.com' }), io);

    expect(code).toBe(EXIT.OK);
    expect(vertex.jobs.create.calls).toHaveLength(1);
    const request = vertex.jobs.create.calls[0];
    expect(request.parent).toBe('projects/acme-dev/locations/europe-west4');
    const job = request.batchPredictionJob;
    expect(job.model).toBe('projects/acme-dev/locations/europe-west4/models/987654321');
    expect(job.inputConfig).toMatchObject({ instancesFormat: 'jsonl', gcsSource: { uris: ['gs://acme-dev-shared-data/batch/instances.jsonl'] } });
    expect(job.outputConfig).toMatchObject({ predictionsFormat: 'jsonl', gcsDestination: { outputUriPrefix: 'gs://acme-dev-shared-data/predictions' } });
    expect(job.dedicatedResources).toMatchObject({ machineSpec: { machineType: 'n1-highmem-8' }, startingReplicaCount: 1, maxReplicaCount: 4 });
    expect(job.encryptionSpec).toEqual({ kmsKeyName: KEY });
    expect(job.serviceAccount).toBe('batch@acme-dev.iam.gserviceaccount.com');
    expect(job.displayName).toMatch(/^batch-987654321-\d{14}$/);

    // PENDING -> RUNNING -> SUCCEEDED: three reads, each state reported once.
    expect(vertex.jobs.get.calls).toHaveLength(3);
    expect(io.stderr.text).toMatch(/PENDING\n.*RUNNING \(ok 40, failed 0, pending 60\)\n.*SUCCEEDED \(ok 100, failed 0, pending 0\)\n/);
    const printed = JSON.parse(io.stdout.text);
    expect(printed).toMatchObject({
      name: 'projects/acme-dev/locations/europe-west4/batchPredictionJobs/1001',
      state: 'JOB_STATE_SUCCEEDED',
      outputDirectory: 'gs://acme-dev-shared-data/predictions/prediction-987654321-2026_01_01T00_00_00_000Z',
      completionStats: { successfulCount: '100' },
    });
    expect(io.stderr.text).toContain('predictions are in gs://acme-dev-shared-data/predictions/prediction-987654321-2026_01_01T00_00_00_000Z');
  });

  test.each([
    ['JOB_STATE_FAILED', /ended JOB_STATE_FAILED: model server crashed/],
    ['JOB_STATE_CANCELLED', /ended JOB_STATE_CANCELLED/],
    ['JOB_STATE_EXPIRED', /ended JOB_STATE_EXPIRED/],
  ])('a job that ends %s exits non-zero with the reason', async (terminal, message) => {
    vertex.jobs.states = ['JOB_STATE_PENDING', 'JOB_STATE_RUNNING', terminal];
    const code = await runBatch(flags({ input: ['gs://acme-dev-shared-data/batch/instances.csv'] }), io);
    expect(code).toBe(EXIT.FAILED);
    expect(vertex.jobs.create.calls[0].batchPredictionJob.inputConfig.instancesFormat).toBe('csv');
    expect(io.stderr.text).toMatch(message);
    expect(JSON.parse(io.stdout.text).state).toBe(terminal);
  });

  test('a poll that meets UNAVAILABLE is tolerated; the job is still followed to the end', async () => {
    vertex.jobs.get.fail(grpc.status.UNAVAILABLE, { times: 2 });
    const code = await runBatch(flags(), io);
    expect(code).toBe(EXIT.OK);
    expect(vertex.jobs.get.calls).toHaveLength(5);
  });

  test('Ctrl-C while a poll is in flight stops following at once (exit 130), not after the next interval', async () => {
    vertex.jobs.states = ['JOB_STATE_RUNNING'];
    vertex.jobs.get.latencyMs = 200;
    const abort = new AbortController();
    setTimeout(() => abort.abort(), 50);
    const started = Date.now();
    const error = await runBatch(flags({ pollInterval: 60 }), io, {}, abort.signal).catch((e) => e);
    expect(error).toBeInstanceOf(CliError);
    expect(error.exitCode).toBe(EXIT.INTERRUPTED);
    expect(Date.now() - started).toBeLessThan(5000);
    expect(io.stderr.text).toContain('follow it again with --job projects/acme-dev/locations/europe-west4/batchPredictionJobs/1001');
  });

  test('following a long job leaves no abort listener behind per poll', async () => {
    vertex.jobs.states = [...Array(30).fill('JOB_STATE_RUNNING'), 'JOB_STATE_SUCCEEDED'];
    const abort = new AbortController();
    const code = await runBatch(flags({ pollInterval: 0.001 }), io, {}, abort.signal);
    expect(code).toBe(EXIT.OK);
    expect(vertex.jobs.get.calls).toHaveLength(31);
    expect(getEventListeners(abort.signal, 'abort')).toHaveLength(0);
  });

  test('--job follows an existing job without creating one; --no-wait only creates', async () => {
    await runBatch(flags({ wait: false }), io);
    expect(JSON.parse(io.stdout.text)).toEqual({ name: 'projects/acme-dev/locations/europe-west4/batchPredictionJobs/1001' });
    expect(vertex.jobs.get.calls).toHaveLength(0);

    io.stdout.chunks = [];
    const code = await runBatch({ apiEndpoint: vertex.address, insecure: true, job: 'projects/acme-dev/locations/europe-west4/batchPredictionJobs/1001', pollInterval: 0.01 }, io);
    expect(code).toBe(EXIT.OK);
    expect(vertex.jobs.create.calls).toHaveLength(1);
    expect(JSON.parse(io.stdout.text).state).toBe('JOB_STATE_SUCCEEDED');
  });

  test('an unknown job: NOT_FOUND named, exit 1', async () => {
    const error = await runBatch({ ...flags(), job: '555' }, io).catch((e) => e);
    expect(error).toBeInstanceOf(CliError);
    expect(error.exitCode).toBe(EXIT.FAILED);
    expect(error.message).toMatch(/batch prediction job projects\/acme-dev\/locations\/europe-west4\/batchPredictionJobs\/555 was not found/);
  });

  test('the server refusing the job (INVALID_ARGUMENT) exits 1 with its message', async () => {
    vertex.jobs.create.fail(grpc.status.INVALID_ARGUMENT, { details: 'Model does not support batch prediction.' });
    const error = await runBatch(flags(), io).catch((e) => e);
    expect(error.exitCode).toBe(EXIT.FAILED);
    expect(error.message).toBe(
      'creating a batch prediction job for model projects/acme-dev/locations/europe-west4/models/987654321: INVALID_ARGUMENT: Model does not support batch prediction.',
    );
  });

  test.each([
    [{ kmsKey: undefined }, /--kms-key is required/],
    [{ kmsKey: 'projects/k/locations/europe-west1/keyRings/r/cryptoKeys/c' }, /needs a key in the job's region 'europe-west4'/],
    [{ input: ['/local/file.jsonl'] }, /--input '\/local\/file.jsonl' is not a gs:\/\/ URI/],
    [{ input: ['gs://bkt/data.parquet'] }, /cannot tell the format .* pass --instances-format/],
    [{ output: undefined }, /--output is required/],
    [{ model: undefined }, /--model is required/],
    [{ machineType: 'big machine' }, /--machine-type 'big machine' is not a machine type/],
    [{ startingReplicaCount: 3, maxReplicaCount: 2 }, /--max-replica-count 2 is below --starting-replica-count 3/],
    [{ region: 'us-east4' }, /--region 'us-east4' is not allowed/],
  ])('bad flags %o are refused before any call (exit 2)', async (extra, message) => {
    const error = await runBatch(flags(extra as Partial<BatchFlags>), io, {}).catch((e) => e);
    expect(error).toBeInstanceOf(CliError);
    expect(error.exitCode).toBe(EXIT.USAGE);
    expect(error.message).toMatch(message);
    expect(vertex.jobs.create.calls).toHaveLength(0);
  });

  test('as a command: a FAILED job exits 1', async () => {
    vertex.jobs.states = ['JOB_STATE_RUNNING', 'JOB_STATE_FAILED'];
    const run = await runTsCli('inference/batch.ts', [
      '--project', 'acme-dev', '--region', 'europe-west4', '--api-endpoint', vertex.address, '--insecure',
      '--model', '987654321', '--input', 'gs://acme-dev-shared-data/batch/instances.jsonl',
      '--output', 'gs://acme-dev-shared-data/predictions', '--kms-key', KEY, '--poll-interval', '0.01',
    ]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('ended JOB_STATE_FAILED: model server crashed');
  });
});
