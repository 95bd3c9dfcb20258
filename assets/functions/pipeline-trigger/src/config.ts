import {
  ConfigError,
  parseGcsUri,
  parseHostPort,
  requireGcsPrefix,
  requireKmsKey,
  requireProjectId,
  requireRegion,
  requireServiceAccount,
  requireValue,
} from '../../../../packages/vertex-client/src/validation';

export { isLoopbackHost, parseHostPort } from '../../../../packages/vertex-client/src/validation';

/** Everything the function reads from its environment, checked once per instance. */
export interface TriggerConfig {
  readonly projectId: string;
  readonly region: string;
  /** gs://<pipeline-storage-bucket>/<compiled>.json, or an Artifact Registry template URL. */
  readonly templateUri: string;
  readonly pipelineRoot: string;
  readonly kmsKeyName: string;
  readonly serviceAccount: string;
  readonly dataParameterName: string;
  readonly extraParameters: Readonly<Record<string, unknown>>;
  /** Test and emulator override of the Vertex AI endpoint; a loopback host means plaintext. */
  readonly vertexApiEndpoint?: { readonly host: string; readonly port: number };
  readonly storageEmulatorHost?: string;
}

export const DEFAULT_DATA_PARAMETER = 'data_uri';

export function loadConfig(env: NodeJS.ProcessEnv = process.env): TriggerConfig {
  const region = requireRegion(env.REGION, 'REGION');
  const templateUri = requireValue(env.PIPELINE_TEMPLATE_URI, 'PIPELINE_TEMPLATE_URI');
  if (templateUri.startsWith('gs://')) {
    parseGcsUri(templateUri, 'PIPELINE_TEMPLATE_URI', true);
  } else if (!/^https:\/\/[a-z0-9-]+-kfp\.pkg\.dev\/.+/.test(templateUri)) {
    throw new ConfigError(
      `PIPELINE_TEMPLATE_URI '${templateUri}' must be gs://<bucket>/<compiled pipeline>.json or an Artifact Registry template https://<region>-kfp.pkg.dev/...`,
    );
  }
  const dataParameterName = env.DATA_PARAMETER_NAME?.trim() || DEFAULT_DATA_PARAMETER;
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(dataParameterName)) {
    throw new ConfigError(`DATA_PARAMETER_NAME '${dataParameterName}' is not a pipeline parameter name`);
  }
  const extraParameters = parseExtraParameters(env.PIPELINE_PARAMETERS);
  if (dataParameterName in extraParameters) {
    throw new ConfigError(
      `PIPELINE_PARAMETERS sets '${dataParameterName}', which the function fills with the new object's URI (DATA_PARAMETER_NAME)`,
    );
  }
  return {
    projectId: requireProjectId(env.PROJECT_ID, 'PROJECT_ID'),
    region,
    templateUri,
    pipelineRoot: requireGcsPrefix(env.PIPELINE_ROOT, 'PIPELINE_ROOT'),
    kmsKeyName: requireKmsKey(env.KMS_KEY_NAME, 'KMS_KEY_NAME', region),
    serviceAccount: requireServiceAccount(env.PIPELINE_SERVICE_ACCOUNT, 'PIPELINE_SERVICE_ACCOUNT'),
    dataParameterName,
    extraParameters,
    vertexApiEndpoint: env.VERTEX_API_ENDPOINT ? parseHostPort(env.VERTEX_API_ENDPOINT, 'VERTEX_API_ENDPOINT') : undefined,
    storageEmulatorHost: env.STORAGE_EMULATOR_HOST?.trim() || undefined,
  };
}

function parseExtraParameters(raw: string | undefined): Record<string, unknown> {
  if (!raw?.trim()) return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch (err) {
    throw new ConfigError(`PIPELINE_PARAMETERS is not valid JSON: ${(err as Error).message}`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new ConfigError(`PIPELINE_PARAMETERS must be a JSON object of parameter name to value, got ${raw}`);
  }
  return parsed as Record<string, unknown>;
}
