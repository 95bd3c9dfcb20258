import * as fs from 'node:fs';
import * as path from 'node:path';
import * as grpc from '@grpc/grpc-js';
import { CliError, EXIT } from '../../inference/lib/connection';
import { runMonitor, type MonitorFlags } from '../../inference/lib/monitoring';
import { BufferStream, type Io } from '../../inference/lib/io';
import { startLoopbackVertex, type LoopbackVertex } from './support/servers';

const KEY = 'projects/acme-kms/locations/europe-west4/keyRings/vertex/cryptoKeys/vertex-ai';
const ENDPOINT = 'projects/acme-dev/locations/europe-west4/endpoints/1234567890';
const SHIPPED_CONFIG = path.join(__dirname, '..', '..', 'assets', 'monitoring', 'iris.monitoring.json');

describe('monitor client against the loopback JobService', () => {
  let vertex: LoopbackVertex;
  let io: Io & { stdout: BufferStream; stderr: BufferStream };
  const files: Record<string, string> = {};
  const read = (file: string) => {
    if (file in files) return files[file];
    return fs.readFileSync(file, 'utf8');
  };
  const flags = (extra: Partial<MonitorFlags> = {}): MonitorFlags => ({
    apiEndpoint: vertex.address,
    insecure: true,
    endpoint: ENDPOINT,
    deployedModelId: ['4567'],
    trainingData: 'gs://acme-dev-pipeline-root/end2end-1/preprocess/train_data',
    config: SHIPPED_CONFIG,
    alertEmail: ['ml-oncall@acme.example'],
    notificationChannel: ['projects/acme-dev/notificationChannels/987'],
    kmsKey: KEY,
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

  test('creates the job with per-feature skew and drift thresholds, sampling, interval, alerts and CMEK', async () => {
    expect(await runMonitor(flags(), io, read)).toBe(EXIT.OK);

    expect(vertex.jobs.createMonitoring.calls).toHaveLength(1);
    const request = vertex.jobs.createMonitoring.calls[0];
    expect(request.parent).toBe('projects/acme-dev/locations/europe-west4');
    const job = request.modelDeploymentMonitoringJob;
    expect(job.endpoint).toBe(ENDPOINT);
    expect(job.displayName).toBe('monitor-1234567890');
    expect(job.modelDeploymentMonitoringObjectiveConfigs).toHaveLength(1);
    const [objective] = job.modelDeploymentMonitoringObjectiveConfigs;
    expect(objective.deployedModelId).toBe('4567');
    expect(objective.objectiveConfig.trainingDataset).toMatchObject({
      gcsSource: { uris: ['gs://acme-dev-pipeline-root/end2end-1/preprocess/train_data'] },
      dataFormat: 'csv',
      targetField: 'species',
    });
    expect(objective.objectiveConfig.trainingPredictionSkewDetectionConfig.skewThresholds).toMatchObject({
      sepal_length: { value: 0.3 },
      sepal_width: { value: 0.3 },
      petal_length: { value: 0.2 },
      petal_width: { value: 0.2 },
    });
    expect(objective.objectiveConfig.predictionDriftDetectionConfig.driftThresholds.petal_width).toMatchObject({ value: 0.2 });
    expect(job.modelDeploymentMonitoringScheduleConfig.monitorInterval).toEqual({ seconds: '3600' });
    expect(job.loggingSamplingStrategy.randomSampleConfig.sampleRate).toBeCloseTo(0.8);
    expect(job.modelMonitoringAlertConfig).toMatchObject({
      emailAlertConfig: { userEmails: ['ml-oncall@acme.example'] },
      notificationChannels: ['projects/acme-dev/notificationChannels/987'],
      enableLogging: true,
    });
    expect(job.encryptionSpec).toEqual({ kmsKeyName: KEY });
    expect(JSON.parse(io.stdout.text)).toEqual({
      name: 'projects/acme-dev/locations/europe-west4/modelDeploymentMonitoringJobs/5001',
      state: 'JOB_STATE_PENDING',
    });
  });

  test('a config with only drift thresholds sends no skew objective', async () => {
    files['drift.json'] = JSON.stringify({ targetField: 'species', driftThresholds: { petal_length: 0.1 }, samplingRate: 1, monitorIntervalHours: 6 });
    expect(await runMonitor(flags({ config: 'drift.json', deployedModelId: ['1', '2'] }), io, read)).toBe(EXIT.OK);
    const job = vertex.jobs.createMonitoring.calls[0].modelDeploymentMonitoringJob;
    expect(job.modelDeploymentMonitoringObjectiveConfigs.map((o: { deployedModelId: string }) => o.deployedModelId)).toEqual(['1', '2']);
    expect(job.modelDeploymentMonitoringObjectiveConfigs[0].objectiveConfig.trainingPredictionSkewDetectionConfig).toBeUndefined();
    expect(job.modelDeploymentMonitoringScheduleConfig.monitorInterval).toEqual({ seconds: '21600' });
  });

  test('a bad config names every field and calls nothing', async () => {
    files['bad.json'] = JSON.stringify({ targetField: 'species', skewThresholds: { petal_length: 1.5 }, samplingRate: 0, monitorIntervalHours: 0.5 });
    const run = runMonitor(flags({ config: 'bad.json' }), io, read);
    await expect(run).rejects.toThrow(CliError);
    await expect(runMonitor(flags({ config: 'bad.json' }), io, read)).rejects.toThrow(
      'bad.json is not a valid monitoring config:\n' +
        '  - skewThresholds.petal_length: must be at most 1\n' +
        '  - samplingRate: must be above 0\n' +
        '  - monitorIntervalHours: must be whole hours',
    );
    expect(vertex.jobs.createMonitoring.calls).toHaveLength(0);
  });

  test.each([
    [{ kmsKey: undefined }, "--kms-key"],
    [{ kmsKey: 'projects/k/locations/us-central1/keyRings/r/cryptoKeys/k' }, 'us-central1'],
    [{ alertEmail: [], notificationChannel: [] }, 'set --alert-email or --notification-channel: an alert nobody receives is not monitoring'],
    [{ alertEmail: ['oncall'] }, "--alert-email 'oncall' is not an e-mail address"],
    [{ endpoint: '1234567890' }, "--endpoint '1234567890' must be projects/<p>/locations/<region>/endpoints/<id>"],
    [{ deployedModelId: [] }, '--deployed-model-id is required'],
    [{ trainingData: '/tmp/train.csv' }, '--training-data'],
  ])('rejects %j before any call', async (extra, message) => {
    await expect(runMonitor(flags(extra as Partial<MonitorFlags>), io, read, {})).rejects.toThrow(message);
    expect(vertex.jobs.createMonitoring.calls).toHaveLength(0);
  });

  test('a refused call is a failure that says what was being created', async () => {
    vertex.jobs.createMonitoring.fail(grpc.status.PERMISSION_DENIED, { details: 'aiplatform.modelDeploymentMonitoringJobs.create denied' });
    const err = await runMonitor(flags(), io, read).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CliError);
    expect((err as CliError).exitCode).toBe(EXIT.FAILED);
    expect((err as CliError).message).toContain(`creating a model monitoring job for ${ENDPOINT}`);
    expect((err as CliError).message).toContain('aiplatform.modelDeploymentMonitoringJobs.create denied');
  });
});
