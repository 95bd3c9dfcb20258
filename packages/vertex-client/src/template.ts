import { GoogleAuth } from 'google-auth-library';
import { TemplateError } from './errors';
import { parseGcsUri } from './validation';

/** The parts of a compiled KFP v2 pipeline (PipelineSpec IR) this code relies on. */
export interface PipelineSpec {
  readonly pipelineInfo: { readonly name: string; readonly [k: string]: unknown };
  readonly root: {
    readonly inputDefinitions?: {
      readonly parameters?: Record<string, { parameterType?: string; isOptional?: boolean; defaultValue?: unknown }>;
    };
    readonly [k: string]: unknown;
  };
  readonly schemaVersion: string;
  readonly [k: string]: unknown;
}

/**
 * Parses a compiled pipeline. Accepts the PipelineSpec itself (what `kfp.compiler` writes) or
 * the older PipelineJob wrapper `{ "pipelineSpec": {...}, "runtimeConfig": {...} }`, as the
 * Vertex AI SDK does.
 */
export function parsePipelineTemplate(text: string, source: string): PipelineSpec {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (err) {
    throw new TemplateError(`pipeline template ${source} is not valid JSON: ${(err as Error).message}`, true);
  }
  const spec = isObject(doc) && isObject(doc.pipelineSpec) ? doc.pipelineSpec : doc;
  if (!isObject(spec)) {
    throw new TemplateError(`pipeline template ${source} is not a JSON object`, true);
  }
  const missing = ['pipelineInfo', 'root', 'schemaVersion'].filter((k) => spec[k] === undefined);
  if (missing.length > 0) {
    throw new TemplateError(
      `pipeline template ${source} is not a compiled KFP pipeline: missing ${missing.join(', ')}`,
      true,
    );
  }
  const info = spec.pipelineInfo;
  if (!isObject(info) || typeof info.name !== 'string' || !info.name) {
    throw new TemplateError(`pipeline template ${source} has no pipelineInfo.name`, true);
  }
  return spec as unknown as PipelineSpec;
}

/** Reads a compiled template. A separate interface so tests and the CLI can read from elsewhere. */
export interface TemplateReader {
  read(uri: string): Promise<string>;
}

export interface GcsTemplateReaderOptions {
  /**
   * Base URL of a GCS emulator (STORAGE_EMULATOR_HOST), e.g. http://127.0.0.1:4443. Requests
   * to it carry no credentials.
   * @default - the real JSON API, authenticated with Application Default Credentials
   */
  readonly emulatorHost?: string;
  readonly auth?: GoogleAuth;
}

/**
 * One GET on the JSON API media endpoint: the function needs nothing else from Cloud Storage,
 * so it does not ship the Storage client library.
 */
export class GcsTemplateReader implements TemplateReader {
  private readonly baseUrl: string;
  private readonly auth?: GoogleAuth;

  constructor(options: GcsTemplateReaderOptions = {}) {
    if (options.emulatorHost) {
      const host = options.emulatorHost.replace(/\/+$/, '');
      this.baseUrl = /^https?:\/\//.test(host) ? host : `http://${host}`;
    } else {
      this.baseUrl = 'https://storage.googleapis.com';
      this.auth =
        options.auth ?? new GoogleAuth({ scopes: ['https://www.googleapis.com/auth/devstorage.read_only'] });
    }
  }

  async read(uri: string): Promise<string> {
    const { bucket, object } = parseGcsUri(uri, 'template URI', true);
    const url = `${this.baseUrl}/storage/v1/b/${encodeURIComponent(bucket)}/o/${encodeURIComponent(object)}?alt=media`;
    const headers: Record<string, string> = {};
    if (this.auth) {
      const client = await this.auth.getClient();
      const token = await client.getAccessToken();
      if (token.token) headers.authorization = `Bearer ${token.token}`;
    }
    let response: Response;
    try {
      response = await fetch(url, { headers });
    } catch (err) {
      throw new TemplateError(`could not reach Cloud Storage to read ${uri}: ${(err as Error).message}`, false);
    }
    if (response.ok) return response.text();
    const body = (await response.text().catch(() => '')).slice(0, 300);
    const status = response.status;
    // 408 and 429 and 5xx may pass; 404 (no such object) and 403 (no access) will not.
    const permanent = status >= 400 && status < 500 && status !== 408 && status !== 429;
    const reason =
      status === 404
        ? 'the object does not exist'
        : status === 403
          ? 'permission denied (grant the function roles/storage.objectViewer on the bucket)'
          : `HTTP ${status}`;
    throw new TemplateError(`cannot read pipeline template ${uri}: ${reason}${body ? ` (${body.trim()})` : ''}`, permanent, status);
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
