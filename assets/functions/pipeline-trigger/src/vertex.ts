import * as grpc from '@grpc/grpc-js';
import { v1 } from '@google-cloud/aiplatform';
import { OAuth2Client } from 'google-auth-library';
import { isLoopbackHost } from './config';

export type VertexClientOptions = NonNullable<ConstructorParameters<typeof v1.PipelineServiceClient>[0]>;

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
