/**
 * What every client shares: the regional endpoint, the loopback override for tests, the
 * credentials check, exit codes and the human wording of failures.
 */
import * as grpc from '@grpc/grpc-js';
import type { v1 } from '@google-cloud/aiplatform';
import { GoogleAuth, OAuth2Client } from 'google-auth-library';
import { isLoopbackHost, parseHostPort } from '../../packages/vertex-client/src/validation';
import { errorDetails, grpcCodeName, grpcCodeOf } from '../../packages/vertex-client/src/errors';
import { ConfigError, requireProjectId, requireRegion } from '../../packages/vertex-client/src/validation';

export type VertexClientOptions = NonNullable<ConstructorParameters<typeof v1.PredictionServiceClient>[0]>;

/** Exit codes shared by all clients; docs/inference.md lists them. */
export const EXIT = {
  OK: 0,
  /** The service answered with an error, a job failed, or some stream items failed. */
  FAILED: 1,
  /** Bad flags or input, found before any call. */
  USAGE: 2,
  /** No usable Google credentials. */
  AUTH: 3,
  /** Interrupted (Ctrl-C). */
  INTERRUPTED: 130,
} as const;

export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: number = EXIT.USAGE,
  ) {
    super(message);
    this.name = 'CliError';
  }
}

export const NO_CREDENTIALS_MESSAGE =
  'no Google credentials found: run `gcloud auth application-default login` or set GOOGLE_APPLICATION_CREDENTIALS';

export interface ConnectionFlags {
  readonly project?: string;
  readonly region?: string;
  /** host:port; also VERTEX_API_ENDPOINT. */
  readonly apiEndpoint?: string;
  /** Plaintext and no credentials; loopback endpoints only. Also VERTEX_API_INSECURE=true. */
  readonly insecure?: boolean;
}

export interface Connection {
  readonly project: string;
  readonly region: string;
  readonly clientOptions: VertexClientOptions;
  /** Where calls go, for messages. */
  readonly target: string;
}

const SCOPES = ['https://www.googleapis.com/auth/cloud-platform'];

/**
 * Resolves flags into client options. Vertex AI is regional: europe-* resources are served
 * only by `<region>-aiplatform.googleapis.com`. Credentials are checked here, before any call,
 * so a missing login is one clear message instead of a failed first request.
 */
export async function connect(flags: ConnectionFlags, env: NodeJS.ProcessEnv = process.env): Promise<Connection> {
  const project = asCliError(() => requireProjectId(flags.project, '--project'));
  const region = asCliError(() => requireRegion(flags.region, '--region'));
  const override = flags.apiEndpoint ?? env.VERTEX_API_ENDPOINT;
  const insecure = flags.insecure === true || env.VERTEX_API_INSECURE === 'true';
  if (!override) {
    if (insecure) throw new CliError('--insecure needs --api-endpoint (or VERTEX_API_ENDPOINT) pointing at a loopback server');
    const auth = await checkCredentials(project);
    const apiEndpoint = `${region}-aiplatform.googleapis.com`;
    return { project, region, target: apiEndpoint, clientOptions: { apiEndpoint, auth } };
  }
  const { host, port } = asCliError(() => parseHostPort(override, flags.apiEndpoint ? '--api-endpoint' : 'VERTEX_API_ENDPOINT'));
  const target = `${host}:${port}`;
  if (!insecure) {
    const auth = await checkCredentials(project);
    return { project, region, target, clientOptions: { apiEndpoint: host, port, auth } };
  }
  if (!isLoopbackHost(host)) {
    throw new CliError(`--insecure is only allowed for a loopback endpoint (127.0.0.1, localhost, ::1), not '${host}'`);
  }
  const authClient = new OAuth2Client();
  authClient.setCredentials({ access_token: 'loopback', expiry_date: Date.now() + 24 * 3600 * 1000 });
  return {
    project,
    region,
    target,
    clientOptions: { apiEndpoint: host, port, sslCreds: grpc.credentials.createInsecure(), authClient, fallback: false },
  };
}

/**
 * Finds Application Default Credentials or fails with the message people can act on.
 * `projectId`, when known, is handed to the library: otherwise, to fill in a project id the
 * clients never use, it runs `gcloud config config-helper` and asks the metadata server, which
 * off Google Cloud costs a second or more of start-up before the first call.
 */
export async function checkCredentials(projectId?: string): Promise<GoogleAuth> {
  const auth = new GoogleAuth({ scopes: SCOPES, projectId });
  try {
    await auth.getClient();
  } catch (err) {
    const message = (err as Error).message ?? String(err);
    if (/Could not load the default credentials/.test(message)) throw new CliError(NO_CREDENTIALS_MESSAGE, EXIT.AUTH);
    throw new CliError(`Google credentials could not be loaded: ${message}`, EXIT.AUTH);
  }
  return auth;
}

/**
 * A failed call in words: the status name, the server's message and, for the codes people
 * hit most, what to do about it.
 */
export function describeCallError(err: unknown, what: string, target: string): string {
  const code = grpcCodeOf(err);
  const details = errorDetails(err);
  switch (code) {
    case grpc.status.NOT_FOUND:
      return `${what} was not found (NOT_FOUND: ${details})`;
    case grpc.status.PERMISSION_DENIED:
      return `permission denied on ${what} (PERMISSION_DENIED: ${details})`;
    case grpc.status.UNAUTHENTICATED:
      return `the credentials were refused (UNAUTHENTICATED: ${details}); run \`gcloud auth application-default login\``;
    case grpc.status.UNAVAILABLE:
      return `${target} is unavailable (UNAVAILABLE: ${details})`;
    case undefined:
      return `${what}: ${details}`;
    default:
      return `${what}: ${grpcCodeName(code)}: ${details}`;
  }
}

export interface ResourceRef {
  readonly project?: string;
  readonly region?: string;
  readonly id: string;
}

/**
 * Accepts an id or a full `projects/<p>/locations/<r>/<collection>/<id>` name. The full name
 * fills in project and region; when flags give them too, they must agree.
 */
export function parseResource(value: string, collection: string, flag: string): ResourceRef {
  const full = new RegExp(`^projects/([^/]+)/locations/([^/]+)/${collection}/([^/]+)$`).exec(value);
  if (full) return { project: full[1], region: full[2], id: full[3] };
  if (!/^[A-Za-z0-9][A-Za-z0-9_@-]*$/.test(value)) {
    throw new CliError(`${flag} '${value}' is neither an id nor projects/<project>/locations/<region>/${collection}/<id>`);
  }
  return { id: value };
}

export function mergeLocation(
  ref: ResourceRef,
  flags: { project?: string; region?: string },
  flag: string,
  env: NodeJS.ProcessEnv = process.env,
): { project?: string; region?: string } {
  for (const key of ['project', 'region'] as const) {
    if (ref[key] && flags[key] && ref[key] !== flags[key]) {
      throw new CliError(`${flag} is in ${key} '${ref[key]}' but --${key} is '${flags[key]}'`);
    }
  }
  return {
    project: ref.project ?? flags.project ?? env.GOOGLE_CLOUD_PROJECT,
    region: ref.region ?? flags.region ?? env.GOOGLE_CLOUD_REGION,
  };
}

export function asCliError<T>(fn: () => T): T {
  try {
    return fn();
  } catch (err) {
    if (err instanceof ConfigError) throw new CliError(err.message);
    throw err;
  }
}

/** Parses JSON from a flag or file, naming where it came from when it is not JSON. */
export function parseJson(text: string, source: string): unknown {
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new CliError(`${source} is not valid JSON: ${(err as Error).message}`);
  }
}
