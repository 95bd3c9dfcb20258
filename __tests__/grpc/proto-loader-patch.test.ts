/**
 * The @grpc/proto-loader patch (patches/README.md): a package definition builds each message's
 * and enum's descriptor on first read, not all of them up front, and what a read returns is
 * the descriptor the unpatched loader built eagerly.
 */
import * as protoLoader from '@grpc/proto-loader';
import * as protobuf from 'protobufjs';
import * as descriptor from 'protobufjs/ext/descriptor';
import { PROTO_LOAD_OPTIONS } from './support/servers';

/** A message's or enum's definition, as far as these tests read it. */
interface Described {
  readonly format: string;
  readonly type: { name: string; field: { name: string }[]; value: { name: string }[] };
  readonly fileDescriptorProtos: Buffer[];
}

function load(): protoLoader.PackageDefinition {
  return protoLoader.loadSync('google/cloud/aiplatform/v1/prediction_service.proto', PROTO_LOAD_OPTIONS);
}

describe('@grpc/proto-loader, patched', () => {
  // calls through to protobufjs; only counts the message descriptors built
  let toDescriptor: jest.SpyInstance;
  beforeEach(() => {
    toDescriptor = jest.spyOn(protobuf.Type.prototype, 'toDescriptor');
  });
  afterEach(() => jest.restoreAllMocks());

  test('loading a service builds no message descriptor; reading one builds that one', () => {
    const def = load();
    // prediction_service.proto and its imports: about two hundred messages, none described yet
    expect(Object.keys(def).length).toBeGreaterThan(150);
    expect(toDescriptor).toHaveBeenCalledTimes(0);

    const predictRequest = def['google.cloud.aiplatform.v1.PredictRequest'] as unknown as Described;
    expect(predictRequest.format).toBe('Protocol Buffer 3 DescriptorProto');
    expect(predictRequest.type.name).toBe('PredictRequest');
    expect(predictRequest.type.field.map((f) => f.name)).toEqual(['endpoint', 'instances', 'parameters', 'labels']);
    expect(toDescriptor).toHaveBeenCalledTimes(1);
    // read again: built once
    expect(predictRequest.type).toBe(predictRequest.type);
    expect(toDescriptor).toHaveBeenCalledTimes(1);
  });

  test('enums and the file descriptors read back whole', () => {
    const def = load();
    const nullValue = def['google.protobuf.NullValue'] as unknown as Described;
    expect(nullValue.format).toBe('Protocol Buffer 3 EnumDescriptorProto');
    expect(nullValue.type.value.map((v) => v.name)).toEqual(['NULL_VALUE']);

    const files = (def['google.cloud.aiplatform.v1.PredictRequest'] as unknown as Described).fileDescriptorProtos;
    // one list for the whole definition, each entry an encoded FileDescriptorProto
    expect(files).toBe((def['google.cloud.aiplatform.v1.PredictResponse'] as unknown as Described).fileDescriptorProtos);
    const names = files.map((buffer) => (descriptor.FileDescriptorProto.decode(buffer) as unknown as { name: string }).name);
    // protobufjs describes one file per package
    expect(names.sort()).toEqual(['google_api.proto', 'google_cloud_aiplatform_v1.proto', 'google_protobuf.proto', 'google_type.proto']);
    // keys as the unpatched loader sets them, so spreading or listing a definition is unchanged
    expect(Object.keys(nullValue).sort()).toEqual(['fileDescriptorProtos', 'format', 'type']);
  });

  test('the service definition serializes as before', () => {
    const def = load();
    const service = def['google.cloud.aiplatform.v1.PredictionService'] as protoLoader.ServiceDefinition;
    const predict = service.Predict;
    expect(predict.path).toBe('/google.cloud.aiplatform.v1.PredictionService/Predict');
    const bytes = predict.requestSerialize({ endpoint: 'projects/p/locations/europe-west4/endpoints/1' });
    expect(predict.requestDeserialize(bytes)).toEqual({ endpoint: 'projects/p/locations/europe-west4/endpoints/1' });
    expect(toDescriptor).toHaveBeenCalledTimes(0);
  });
});
