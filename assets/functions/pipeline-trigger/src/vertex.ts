import * as grpc from '@grpc/grpc-js';
import { PipelineServiceClient } from '@google-cloud/aiplatform/build/src/v1/pipeline_service_client';
import { OAuth2Client } from 'google-auth-library';
import { isLoopbackHost } from './config';

/**
 * The one Vertex AI client the function calls, from its own module. The package root builds
 * every v1 and v1beta1 client on require: about 2 s more of cold start on each new instance
 * for a function that makes one kind of call. The class is the one the root exports as
 * `v1.PipelineServiceClient`.
 */
export { PipelineServiceClient };

export type VertexClientOptions = NonNullable<ConstructorParameters<typeof PipelineServiceClient>[0]>;

/**
 * Options for a Vertex AI client. Vertex AI is regional: the global endpoint serves no
 * europe-* resources, so the host is always `<region>-aiplatform.googleapis.com`.
 *
 * An override pointing at a loopback host (tests, emulators) gets a plaintext channel and a
 * placeholder token, so no credentials are looked up; any other override keeps TLS and ADC.
 */
export function vertexClientOptions(
  region: string,
  override?: { readonly host: string; readonly port: number },
): VertexClientOptions {
  if (!override) return { apiEndpoint: `${region}-aiplatform.googleapis.com` };
  if (!isLoopbackHost(override.host)) return { apiEndpoint: override.host, port: override.port };
  const authClient = new OAuth2Client();
  authClient.setCredentials({ access_token: 'loopback', expiry_date: Date.now() + 24 * 3600 * 1000 });
  return {
    apiEndpoint: override.host,
    port: override.port,
    sslCreds: grpc.credentials.createInsecure(),
    authClient,
    fallback: false,
  };
}
