import * as fs from 'node:fs';
import * as path from 'node:path';
import * as grpc from '@grpc/grpc-js';
import { PipelineServiceClient } from '../../inference/lib/clients';
import { createHandler, type StorageCloudEvent } from '../../assets/functions/pipeline-trigger/src/handler';
import type { LogEntry } from '../../assets/functions/pipeline-trigger/src/log';
import { fromValue } from '../../packages/vertex-client/src/protobuf-values';
import { vertexClientOptions } from '../../assets/functions/pipeline-trigger/src/vertex';
import { startLoopbackGcs, type LoopbackGcs } from './support/gcs';
import { startLoopbackVertex, type LoopbackVertex } from './support/servers';

const SPEC_TEXT = fs.readFileSync(path.join(__dirname, 'fixtures', 'pipeline-spec.json'), 'utf8');
const TOPIC = '//pubsub.googleapis.com/projects/acme-dev/topics/mlops-dev-training-requests';

function published(body: unknown, messageId = '11223344556677', raw?: string): StorageCloudEvent {
  const data = raw ?? Buffer.from(typeof body === 'string' ? body : JSON.stringify(body)).toString('base64');
  return {
    id: `evt-${messageId}`,
    type: 'google.cloud.pubsub.topic.v1.messagePublished',
    source: TOPIC,
    data: { message: { data, messageId, publishTime: '2026-01-01T10:00:00Z' }, subscription: 'projects/acme-dev/subscriptions/eventarc-sub' },
  };
}

describe('pipeline-trigger: training requests on the Pub/Sub topic, against loopback Vertex AI', () => {
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
    gcs.objects.clear();
    gcs.objects.set('acme-dev-pipeline-storage/compiled/end2end.json', SPEC_TEXT);
    logs = [];
    handler = createHandler({
      env: {
        PROJECT_ID: 'acme-dev',
        REGION: 'europe-west4',
        PIPELINE_TEMPLATE_URI: 'gs://acme-dev-pipeline-storage/compiled/end2end.json',
        PIPELINE_ROOT: 'gs://acme-dev-pipeline-root/runs',
        KMS_KEY_NAME: 'projects/acme-kms/locations/europe-west4/keyRings/vertex/cryptoKeys/vertex-ai',
        PIPELINE_SERVICE_ACCOUNT: 'pipeline-runner@acme-dev.iam.gserviceaccount.com',
        PIPELINE_PARAMETERS: '{"accuracy_threshold": 0.9}',
        STORAGE_EMULATOR_HOST: gcs.url,
      },
      pipelineClient: client,
      logger: (e) => logs.push(e),
    });
  });

  test('happy path: a request submits one job on its data_uri, with its parameters over the defaults', async () => {
    const result = await handler(published({ data_uri: 'gs://acme-dev-shared-data/ingest/dt=2026-01-01/data.csv', parameters: { accuracy_threshold: 0.95 } }));

    expect(result).toMatchObject({ outcome: 'submitted' });
    expect(vertex.pipelines.create.calls).toHaveLength(1);
    const req = vertex.pipelines.create.calls[0];
    expect(req.pipelineJobId).toMatch(/^request-[0-9a-f]{32}$/);
    const job = req.pipelineJob;
    expect(fromValue(job.runtimeConfig.parameterValues.data_uri)).toBe('gs://acme-dev-shared-data/ingest/dt=2026-01-01/data.csv');
    expect(fromValue(job.runtimeConfig.parameterValues.accuracy_threshold)).toBe(0.95);
    expect(job.encryptionSpec).toEqual({ kmsKeyName: 'projects/acme-kms/locations/europe-west4/keyRings/vertex/cryptoKeys/vertex-ai' });
    expect(job.labels).toEqual({ 'triggered-by': 'training-request', 'source-bucket': 'acme-dev-shared-data' });
    expect(logs.at(-1)).toMatchObject({ severity: 'INFO', outcome: 'submitted', messageId: '11223344556677' });
  });

  test('a redelivered message is a duplicate: same job id, ALREADY_EXISTS, one job; a new message is a new run', async () => {
    const body = { data_uri: 'gs://acme-dev-shared-data/daily.csv' };
    const first = await handler(published(body));
    const second = await handler(published(body));
    expect(first.outcome).toBe('submitted');
    expect(second).toEqual({ outcome: 'duplicate', jobName: (first as { jobName: string }).jobName });
    expect(vertex.pipelines.jobs.size).toBe(1);
    expect(logs.at(-1)).toMatchObject({ severity: 'NOTICE', outcome: 'duplicate' });

    await expect(handler(published(body, '99887766'))).resolves.toMatchObject({ outcome: 'submitted' });
    expect(vertex.pipelines.jobs.size).toBe(2);
  });

  test.each([
    ['no message', { id: 'e1', type: 'google.cloud.pubsub.topic.v1.messagePublished', data: {} }, /carries no Pub\/Sub message/],
    ['a body that is not JSON', published('train please'), /the body is not JSON/],
    ['an array body', published([1, 2]), /must be a JSON object/],
    ['no data_uri', published({ parameters: {} }), /data_uri undefined must be a gs:\/\/ URI of a CSV object/],
    ['a data_uri that is not gs://', published({ data_uri: 'https://example.com/x.csv' }), /data_uri "https:\/\/example.com\/x.csv" must be a gs:\/\/ URI/],
    ['a data_uri that is not a CSV', published({ data_uri: 'gs://acme-dev-shared-data/readme.txt' }), /must be a gs:\/\/ URI of a CSV object/],
    ['an unknown field', published({ data_uri: 'gs://b-b/x.csv', model: 'x' }), /unknown field\(s\) model/],
    ['parameters setting the data', published({ data_uri: 'gs://b-b/x.csv', parameters: { data_uri: 'gs://b-b/y.csv' } }), /parameters sets 'data_uri'; give the data as data_uri/],
    ['an undeclared parameter', published({ data_uri: 'gs://b-b/x.csv', parameters: { epochs: 3 } }), /pipeline parameter 'epochs' is not an input/],
  ])('malformed: %s is acknowledged with a reason and starts nothing', async (_label, event, reason) => {
    const result = await handler(event as StorageCloudEvent);
    expect(result.outcome).toBe('rejected');
    expect((result as { reason: string }).reason).toMatch(reason);
    expect(vertex.pipelines.jobs.size).toBe(0);
    expect(logs.at(-1)).toMatchObject({ severity: 'ERROR', outcome: 'rejected' });
  });

  test('server error UNAVAILABLE is thrown so the message is redelivered; the redelivery submits once', async () => {
    vertex.pipelines.create.fail(grpc.status.UNAVAILABLE);
    const event = published({ data_uri: 'gs://acme-dev-shared-data/daily.csv' });
    await expect(handler(event)).rejects.toMatchObject({ code: grpc.status.UNAVAILABLE });
    expect(logs.at(-1)).toMatchObject({ severity: 'WARNING', outcome: 'retry', code: 'UNAVAILABLE' });
    expect(vertex.pipelines.jobs.size).toBe(0);

    await expect(handler(event)).resolves.toMatchObject({ outcome: 'submitted' });
    expect(vertex.pipelines.jobs.size).toBe(1);
  });

  test('server error PERMISSION_DENIED is permanent: logged and acknowledged', async () => {
    vertex.pipelines.create.fail(grpc.status.PERMISSION_DENIED, { details: 'caller lacks aiplatform.pipelineJobs.create' });
    await expect(handler(published({ data_uri: 'gs://acme-dev-shared-data/daily.csv' }))).resolves.toEqual({
      outcome: 'rejected',
      reason: 'caller lacks aiplatform.pipelineJobs.create',
    });
  });
});
