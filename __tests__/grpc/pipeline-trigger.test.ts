import * as fs from 'node:fs';
import * as path from 'node:path';
import * as grpc from '@grpc/grpc-js';
import { PipelineServiceClient } from '../../inference/lib/clients';
import { loadConfig } from '../../assets/functions/pipeline-trigger/src/config';
import { createHandler, type StorageCloudEvent } from '../../assets/functions/pipeline-trigger/src/handler';
import type { LogEntry } from '../../assets/functions/pipeline-trigger/src/log';
import { fromStruct, fromValue } from '../../packages/vertex-client/src/protobuf-values';
import { pipelineJobIdFor } from '../../packages/vertex-client/src/submission';
import { EU_REGIONS as FUNCTION_EU_REGIONS } from '../../packages/vertex-client/src/validation';
import { vertexClientOptions } from '../../assets/functions/pipeline-trigger/src/vertex';
import { synthEnv } from '../support/synth';
import { startLoopbackGcs, type LoopbackGcs } from './support/gcs';
import { startLoopbackVertex, type LoopbackVertex } from './support/servers';

const SPEC_TEXT = fs.readFileSync(path.join(__dirname, 'fixtures', 'pipeline-spec.json'), 'utf8');
const TEMPLATE = 'gs://acme-dev-pipeline-storage/compiled/end2end.json';
const KEY = 'projects/acme-kms/locations/europe-west4/keyRings/vertex/cryptoKeys/vertex-ai';
const SA = 'pipeline-runner@acme-dev.iam.gserviceaccount.com';

function env(overrides: Record<string, string | undefined> = {}): NodeJS.ProcessEnv {
  return {
    PROJECT_ID: 'acme-dev',
    REGION: 'europe-west4',
    PIPELINE_TEMPLATE_URI: TEMPLATE,
    PIPELINE_ROOT: 'gs://acme-dev-pipeline-root/runs',
    KMS_KEY_NAME: KEY,
    PIPELINE_SERVICE_ACCOUNT: SA,
    ...overrides,
  };
}

function finalized(name: string, extra: Record<string, unknown> = {}): StorageCloudEvent {
  return {
    id: `evt-${name}`,
    type: 'google.cloud.storage.object.v1.finalized',
    source: '//storage.googleapis.com/projects/_/buckets/acme-dev-shared-data',
    subject: `objects/${name}`,
    data: { bucket: 'acme-dev-shared-data', name, generation: '1767225600123456', contentType: 'text/csv', size: '2048', ...extra },
  };
}

describe('pipeline-trigger function against loopback Vertex AI and GCS', () => {
  let vertex: LoopbackVertex;
  let gcs: LoopbackGcs;
  let client: PipelineServiceClient;
  let logs: LogEntry[];
  let handler: ReturnType<typeof createHandler>;

  beforeAll(async () => {
    [vertex, gcs] = await Promise.all([startLoopbackVertex(), startLoopbackGcs()]);
    client = new PipelineServiceClient(vertexClientOptions('europe-west4', { host: vertex.host, port: vertex.port }));
  });
  afterAll(async () => {
    await client.close();
    await Promise.all([vertex.stop(), gcs.stop()]);
  });
  beforeEach(() => {
    vertex.reset();
    gcs.requests.length = 0;
    gcs.objects.clear();
    gcs.objects.set('acme-dev-pipeline-storage/compiled/end2end.json', SPEC_TEXT);
    logs = [];
    handler = createHandler({
      env: env({ STORAGE_EMULATOR_HOST: gcs.url, PIPELINE_PARAMETERS: '{"accuracy_threshold": 0.9}' }),
      pipelineClient: client,
      logger: (e) => logs.push(e),
    });
  });

  test('happy path: submits one job with the template, root, CMEK key, service account and data URI', async () => {
    const result = await handler(finalized('ingest/2026-01-01/sales.csv'));

    const jobId = pipelineJobIdFor('acme-dev-shared-data', 'ingest/2026-01-01/sales.csv', '1767225600123456');
    expect(result).toEqual({ outcome: 'submitted', jobName: `projects/acme-dev/locations/europe-west4/pipelineJobs/${jobId}` });
    expect(vertex.pipelines.create.calls).toHaveLength(1);
    const req = vertex.pipelines.create.calls[0];
    expect(req.parent).toBe('projects/acme-dev/locations/europe-west4');
    expect(req.pipelineJobId).toBe(jobId);
    expect(jobId).toMatch(/^[a-z][a-z0-9-]{0,127}$/);
    const job = req.pipelineJob;
    expect(fromStruct(job.pipelineSpec)).toEqual(JSON.parse(SPEC_TEXT));
    expect(job.displayName).toBe('end2end');
    expect(job.runtimeConfig.gcsOutputDirectory).toBe('gs://acme-dev-pipeline-root/runs');
    expect(fromValue(job.runtimeConfig.parameterValues.data_uri)).toBe('gs://acme-dev-shared-data/ingest/2026-01-01/sales.csv');
    expect(fromValue(job.runtimeConfig.parameterValues.accuracy_threshold)).toBe(0.9);
    expect(job.encryptionSpec).toEqual({ kmsKeyName: KEY });
    expect(job.serviceAccount).toBe(SA);
    expect(job.labels).toEqual({ 'triggered-by': 'pipeline-trigger', 'source-bucket': 'acme-dev-shared-data' });
    // The template was read from the pipeline-storage bucket through the JSON API.
    expect(gcs.requests).toEqual(['/storage/v1/b/acme-dev-pipeline-storage/o/compiled%2Fend2end.json?alt=media']);
    expect(logs.at(-1)).toMatchObject({ severity: 'INFO', outcome: 'submitted', pipelineJobId: jobId });
  });

  test('a redelivered event is a duplicate: ALREADY_EXISTS from the server, still one job', async () => {
    const event = finalized('daily.csv');
    const first = await handler(event);
    const second = await handler(event);

    expect(first.outcome).toBe('submitted');
    expect(second).toEqual({ outcome: 'duplicate', jobName: (first as { jobName: string }).jobName });
    expect(vertex.pipelines.create.calls).toHaveLength(2);
    expect(vertex.pipelines.create.calls[1].pipelineJobId).toBe(vertex.pipelines.create.calls[0].pipelineJobId);
    expect(vertex.pipelines.jobs.size).toBe(1);
    expect(logs.at(-1)).toMatchObject({ severity: 'NOTICE', outcome: 'duplicate' });
    expect(String(logs.at(-1)?.message)).toContain('duplicate');
  });

  test('a new generation of the same object is a new run', async () => {
    await handler(finalized('daily.csv'));
    await handler(finalized('daily.csv', { generation: '1767225600999999' }));
    expect(vertex.pipelines.jobs.size).toBe(2);
  });

  test.each([
    ['a non-CSV object', finalized('ingest/readme.txt'), 'ignored', /not a CSV/],
    ['a folder placeholder', finalized('ingest/2026-01-01/'), 'ignored', /folder placeholder/],
    ['an event without data', { id: 'e1', type: 'google.cloud.storage.object.v1.finalized' }, 'rejected', /malformed event/],
    ['an event without generation', finalized('x.csv', { generation: undefined }), 'rejected', /missing or invalid generation/],
    ['an event without bucket and name', { id: 'e2', data: { generation: '1' } }, 'rejected', /bucket, name/],
    ['another event type', { ...finalized('x.csv'), type: 'google.cloud.storage.object.v1.deleted' }, 'ignored', /is not google.cloud.storage.object.v1.finalized/],
  ])('%s is acknowledged with a reason and makes no call', async (_label, event, outcome, reason) => {
    const result = await handler(event as StorageCloudEvent);
    expect(result).toMatchObject({ outcome });
    expect((result as { reason: string }).reason).toMatch(reason);
    expect(vertex.pipelines.create.calls).toHaveLength(0);
    expect(gcs.requests).toHaveLength(0);
    expect(logs).toHaveLength(1);
    expect(logs[0].message).toMatch(reason);
  });

  test('a missing template is logged with its reason and acknowledged, not retried', async () => {
    gcs.objects.clear();
    const result = await handler(finalized('daily.csv'));
    expect(result.outcome).toBe('rejected');
    expect((result as { reason: string }).reason).toMatch(/cannot read pipeline template gs:\/\/acme-dev-pipeline-storage\/compiled\/end2end.json: the object does not exist/);
    expect(vertex.pipelines.create.calls).toHaveLength(0);
    expect(logs.at(-1)).toMatchObject({ severity: 'ERROR', outcome: 'rejected' });
  });

  test('a template that is not a compiled pipeline is rejected with the reason', async () => {
    gcs.objects.set('acme-dev-pipeline-storage/compiled/end2end.json', '{"hello": "world"}');
    const result = await handler(finalized('daily.csv'));
    expect((result as { reason: string }).reason).toMatch(/not a compiled KFP pipeline: missing pipelineInfo, root, schemaVersion/);
    expect(vertex.pipelines.create.calls).toHaveLength(0);
  });

  test('a registry template the server cannot find (NOT_FOUND) is acknowledged and logged', async () => {
    const registryHandler = createHandler({
      env: env({ PIPELINE_TEMPLATE_URI: 'https://europe-west4-kfp.pkg.dev/acme-dev/pipelines/end2end/latest' }),
      pipelineClient: client,
      logger: (e) => logs.push(e),
    });
    vertex.pipelines.create.fail(grpc.status.NOT_FOUND, { details: 'Template end2end/latest not found' });
    const result = await registryHandler(finalized('daily.csv'));
    expect(result).toEqual({ outcome: 'rejected', reason: 'Template end2end/latest not found' });
    expect(vertex.pipelines.create.calls[0].pipelineJob.templateUri).toBe('https://europe-west4-kfp.pkg.dev/acme-dev/pipelines/end2end/latest');
    expect(vertex.pipelines.create.calls[0].pipelineJob.pipelineSpec).toBeUndefined();
    expect(logs.at(-1)).toMatchObject({ severity: 'ERROR', outcome: 'rejected', code: 'NOT_FOUND' });
  });

  test.each([
    ['UNAVAILABLE', grpc.status.UNAVAILABLE],
    ['INTERNAL', grpc.status.INTERNAL],
    ['DEADLINE_EXCEEDED', grpc.status.DEADLINE_EXCEEDED],
    ['RESOURCE_EXHAUSTED', grpc.status.RESOURCE_EXHAUSTED],
  ])('server error %s is thrown so Eventarc retries; the retry then submits', async (_name, code) => {
    vertex.pipelines.create.fail(code);
    await expect(handler(finalized('daily.csv'))).rejects.toMatchObject({ code });
    expect(logs.at(-1)).toMatchObject({ severity: 'WARNING', outcome: 'retry', code: grpc.status[code] });
    expect(vertex.pipelines.jobs.size).toBe(0);

    await expect(handler(finalized('daily.csv'))).resolves.toMatchObject({ outcome: 'submitted' });
    expect(vertex.pipelines.jobs.size).toBe(1);
  });

  test.each([
    ['INVALID_ARGUMENT', grpc.status.INVALID_ARGUMENT],
    ['PERMISSION_DENIED', grpc.status.PERMISSION_DENIED],
    ['FAILED_PRECONDITION', grpc.status.FAILED_PRECONDITION],
  ])('server error %s is permanent: logged and acknowledged', async (_name, code) => {
    vertex.pipelines.create.fail(code, { details: 'nope' });
    await expect(handler(finalized('daily.csv'))).resolves.toEqual({ outcome: 'rejected', reason: 'nope' });
    expect(logs.at(-1)).toMatchObject({ severity: 'ERROR', code: grpc.status[code] });
  });

  test('a pipeline without the data parameter is rejected before any call', async () => {
    const h = createHandler({
      env: env({ STORAGE_EMULATOR_HOST: gcs.url, DATA_PARAMETER_NAME: 'input_csv' }),
      pipelineClient: client,
      logger: (e) => logs.push(e),
    });
    const result = await h(finalized('daily.csv'));
    expect((result as { reason: string }).reason).toMatch(/'input_csv' is not an input of the pipeline.*data_uri, accuracy_threshold/);
    expect(vertex.pipelines.create.calls).toHaveLength(0);
  });

  test('the compiled end2end pipeline: submitted with the data URI and the parameters the deployment passes', async () => {
    const compiled = fs.readFileSync(path.join(__dirname, '..', '..', 'assets', 'pipelines', 'compiled', 'end2end.json'), 'utf8');
    gcs.objects.set('acme-dev-pipeline-storage/compiled/end2end.json', compiled);
    const declared = Object.entries(JSON.parse(compiled).root.inputDefinitions.parameters as Record<string, { isOptional?: boolean }>)
      .filter(([name, decl]) => !decl.isOptional && name !== 'data_uri')
      .map(([name]) => name);
    const withoutExtras = await handler(finalized('daily.csv'));
    // The default handler passes only accuracy_threshold: the other required inputs are named.
    expect((withoutExtras as { reason: string }).reason).toMatch(new RegExp(`needs a value for: ${declared.join(', ')}`));

    const extras = Object.fromEntries(declared.map((name) => [name, `value-of-${name}`]));
    const h = createHandler({
      env: env({ STORAGE_EMULATOR_HOST: gcs.url, PIPELINE_PARAMETERS: JSON.stringify(extras) }),
      pipelineClient: client,
      logger: (e) => logs.push(e),
    });
    await expect(h(finalized('daily.csv'))).resolves.toMatchObject({ outcome: 'submitted' });
    const job = vertex.pipelines.create.calls[0].pipelineJob;
    expect(fromStruct(job.pipelineSpec)).toEqual(JSON.parse(compiled));
    expect(fromValue(job.runtimeConfig.parameterValues.data_uri)).toBe('gs://acme-dev-shared-data/daily.csv');
  });

  test('the parameters the dev stack configures reach the run: metrics_table is the pipeline_runs table, dataset_id is empty', async () => {
    const compiled = fs.readFileSync(path.join(__dirname, '..', '..', 'assets', 'pipelines', 'compiled', 'end2end.json'), 'utf8');
    gcs.objects.set('acme-dev-pipeline-storage/compiled/end2end.json', compiled);
    const [fn] = Object.values<any>(synthEnv('dev').resource.google_cloudfunctions2_function);
    // Terraform fills the references at apply; stand-ins of the same form here.
    const configured = (fn.service_config.environment_variables.PIPELINE_PARAMETERS as string).replace(/\$\{google_bigquery_dataset\.[^}]+\}/g, 'mlops_dev_ingest')
      .replace(/\$\{google_bigquery_table\.[^}]+\}/g, 'pipeline_runs').replace(/\$\{[^}]+\}/g, 'filled-by-terraform');
    const h = createHandler({ env: env({ STORAGE_EMULATOR_HOST: gcs.url, PIPELINE_PARAMETERS: configured }), pipelineClient: client, logger: (e) => logs.push(e) });
    await expect(h(finalized('daily.csv'))).resolves.toMatchObject({ outcome: 'submitted' });
    const values = vertex.pipelines.create.calls[0].pipelineJob.runtimeConfig.parameterValues;
    expect(fromValue(values.metrics_table)).toBe('example-mlops-dev.mlops_dev_ingest.pipeline_runs');
    expect(fromValue(values.dataset_id)).toBe('');
    expect(fromValue(values.dataset_bigquery_source)).toBe('');
    expect(fromValue(values.data_uri)).toBe('gs://acme-dev-shared-data/daily.csv');
  });

  test('misconfiguration is thrown on every event, naming the variable', async () => {
    const h = createHandler({ env: env({ KMS_KEY_NAME: undefined }), pipelineClient: client, logger: (e) => logs.push(e) });
    await expect(h(finalized('daily.csv'))).rejects.toThrow('KMS_KEY_NAME is required but was not set');
    expect(logs[0]).toMatchObject({ severity: 'ERROR' });
  });
});

describe('pipeline-trigger configuration', () => {
  test.each([
    [{ REGION: 'us-central1' }, /REGION 'us-central1' is not allowed: data must stay in the EU; use one of europe-central2/],
    [{ PROJECT_ID: undefined }, /PROJECT_ID is required/],
    [{ PIPELINE_TEMPLATE_URI: 's3://x/y.json' }, /PIPELINE_TEMPLATE_URI 's3:\/\/x\/y.json' must be gs:\/\//],
    [{ PIPELINE_TEMPLATE_URI: 'gs://bucket-only' }, /names a bucket or folder/],
    [{ PIPELINE_ROOT: '/tmp/root' }, /PIPELINE_ROOT '\/tmp\/root' is not a gs:\/\/ URI/],
    [{ KMS_KEY_NAME: 'projects/k/locations/europe-west1/keyRings/r/cryptoKeys/c' }, /is in location 'europe-west1' but Vertex AI needs a key in the job's region 'europe-west4'/],
    [{ KMS_KEY_NAME: 'my-key' }, /KMS_KEY_NAME 'my-key' is not a Cloud KMS key name/],
    [{ PIPELINE_SERVICE_ACCOUNT: 'someone@example.com' }, /PIPELINE_SERVICE_ACCOUNT 'someone@example.com' is not a service account/],
    [{ PIPELINE_PARAMETERS: '{not json' }, /PIPELINE_PARAMETERS is not valid JSON/],
    [{ PIPELINE_PARAMETERS: '[1]' }, /PIPELINE_PARAMETERS must be a JSON object/],
    [{ PIPELINE_PARAMETERS: '{"data_uri": "x"}' }, /PIPELINE_PARAMETERS sets 'data_uri'/],
    [{ VERTEX_API_ENDPOINT: 'localhost' }, /VERTEX_API_ENDPOINT 'localhost' is not host:port/],
  ])('%o is refused with a message naming the variable', (overrides, message) => {
    expect(() => loadConfig(env(overrides))).toThrow(message);
  });

  test('defaults: data parameter data_uri, no extra parameters, real endpoint', () => {
    const config = loadConfig(env());
    expect(config).toMatchObject({ dataParameterName: 'data_uri', extraParameters: {}, vertexApiEndpoint: undefined });
    expect(vertexClientOptions(config.region)).toEqual({ apiEndpoint: 'europe-west4-aiplatform.googleapis.com' });
  });

  test('job ids are deterministic, distinct per generation, and valid Vertex AI ids', () => {
    const a = pipelineJobIdFor('b', 'dir/Sales Data 2026.CSV', '1');
    expect(a).toBe(pipelineJobIdFor('b', 'dir/Sales Data 2026.CSV', '1'));
    expect(a).not.toBe(pipelineJobIdFor('b', 'dir/Sales Data 2026.CSV', '2'));
    expect(a).not.toBe(pipelineJobIdFor('c', 'dir/Sales Data 2026.CSV', '1'));
    expect(a).toMatch(/^trigger-sales-data-2026-[0-9a-f]{32}$/);
    const long = pipelineJobIdFor('b', `${'x'.repeat(500)}.csv`, '1');
    expect(long.length).toBeLessThanOrEqual(128);
    expect(pipelineJobIdFor('b', '___.csv', '1')).toMatch(/^trigger-[0-9a-f]{32}$/);
  });

  test('the function checks against the EU regions, and the library reads the same list', () => {
    expect([...FUNCTION_EU_REGIONS].sort()).toEqual([
      'europe-central2', 'europe-north1', 'europe-north2', 'europe-southwest1', 'europe-west1', 'europe-west10',
      'europe-west12', 'europe-west3', 'europe-west4', 'europe-west8', 'europe-west9',
    ]);
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    expect((require('../../src/rules') as { EU_REGIONS: unknown }).EU_REGIONS).toBe(FUNCTION_EU_REGIONS);
  });
});
