/**
 * The google-gax patch (patches/README.md): a client's gRPC path and its long-running-operation
 * decoders share one protobufjs Root of the client's protos. Unpatched, each
 * `@google-cloud/aiplatform` client with long-running operations built the Root of all of v1 and
 * v1beta1 twice: once through @grpc/proto-loader for the gRPC stub, once for the decoders.
 * In a file of its own: google-gax caches Roots in static maps, per jest module registry.
 */
import * as grpc from '@grpc/grpc-js';
import * as protoLoader from '@grpc/proto-loader';
import * as gax from 'google-gax';
import * as protobuf from 'protobufjs';
import { JobServiceClient, PipelineServiceClient } from '../../inference/lib/clients';
import { PROTO_LOAD_OPTIONS } from './support/servers';

// The JSON every aiplatform client is built from (4 MB, v1 and v1beta1).
// eslint-disable-next-line @typescript-eslint/no-require-imports
const AIPLATFORM_PROTOS: object = require('@google-cloud/aiplatform/build/protos/protos.json');

// Clients that never connect: construction and initialize() load the protos and make the stub.
const OFFLINE = { apiEndpoint: '127.0.0.1', port: 1, sslCreds: grpc.credentials.createInsecure(), fallback: false } as const;

test('a Job and a Pipeline client build one Root of the aiplatform protos between them, not one per path', async () => {
  // Both of gax's caches empty, whatever ran before in this file (each module's own clear, so
  // that the unpatched gax, whose gRPC clear leaves the fallback cache alone, is measured too).
  gax.GrpcClient.clearProtoCache();
  gax.fallback.GrpcClient.clearProtoCache();
  // calls through to protobufjs; only counts the Roots built
  const fromJSON = jest.spyOn(protobuf.Root, 'fromJSON');
  const jobs = new JobServiceClient(OFFLINE);
  const pipelines = new PipelineServiceClient(OFFLINE);
  try {
    await Promise.all([jobs.initialize(), pipelines.initialize()]);
    const aiplatformRoots = fromJSON.mock.calls.filter(([json]) => json === AIPLATFORM_PROTOS);
    expect(aiplatformRoots).toHaveLength(1);
    // gax's own way to free its protos still frees the shared Root: the next client builds it again
    gax.GrpcClient.clearProtoCache();
    const again = new PipelineServiceClient(OFFLINE);
    await again.initialize();
    await again.close();
    expect(fromJSON.mock.calls.filter(([json]) => json === AIPLATFORM_PROTOS)).toHaveLength(2);
  } finally {
    fromJSON.mockRestore();
    await Promise.all([jobs.close(), pipelines.close()]);
  }
});

test("the long-running operations' decoders read what the service's own protos encode", async () => {
  const pipelines = new PipelineServiceClient(OFFLINE);
  try {
    await pipelines.initialize();
    // encoded from the .proto files by a loader of its own, not from the shared Root
    const def = protoLoader.loadSync('google/cloud/aiplatform/v1/pipeline_service.proto', PROTO_LOAD_OPTIONS);
    const response = def['google.cloud.aiplatform.v1.BatchCancelPipelineJobsResponse'] as protoLoader.MessageTypeDefinition<object, object>;
    const bytes = response.serialize({ pipelineJobs: [{ name: 'projects/p/locations/europe-west4/pipelineJobs/end2end-1', state: 'PIPELINE_STATE_CANCELLED' }] });
    const descriptor = (pipelines.descriptors.longrunning as Record<string, { responseDecoder: (b: Buffer) => unknown }>).batchCancelPipelineJobs;
    const decoded = descriptor.responseDecoder(bytes) as { pipelineJobs: { name: string; state: number }[] };
    expect(decoded.pipelineJobs.map((j) => j.name)).toEqual(['projects/p/locations/europe-west4/pipelineJobs/end2end-1']);
    // PIPELINE_STATE_CANCELLED
    expect(decoded.pipelineJobs[0].state).toBe(7);
  } finally {
    await pipelines.close();
  }
});
