import { createHash } from 'node:crypto';
import type { protos, v1 } from '@google-cloud/aiplatform';
import { classifyFailure, errorDetails, grpcCodeName, grpcCodeOf } from './errors';
import { toStruct, toValue } from './protobuf-values';
import type { PipelineSpec } from './template';
import { ConfigError, requireJobId, toLabelValue } from './validation';

type ICreatePipelineJobRequest = protos.google.cloud.aiplatform.v1.ICreatePipelineJobRequest;

/**
 * Where the pipeline comes from: a compiled spec sent inline, or a template in the Vertex AI
 * template registry (Artifact Registry, https://<region>-kfp.pkg.dev/...), the only kind of
 * `templateUri` the API downloads itself.
 */
export type PipelineSource = { readonly pipelineSpec: PipelineSpec } | { readonly templateUri: string };

export interface PipelineJobInput {
  readonly project: string;
  readonly region: string;
  /** @default - the server picks one */
  readonly jobId?: string;
  /** @default - pipelineInfo.name of the spec, or the job id */
  readonly displayName?: string;
  readonly source: PipelineSource;
  /** gs:// prefix under which the run writes its artifacts. */
  readonly pipelineRoot: string;
  readonly kmsKeyName: string;
  readonly serviceAccount: string;
  readonly parameterValues: Readonly<Record<string, unknown>>;
  readonly labels?: Readonly<Record<string, string>>;
}

export function buildCreatePipelineJobRequest(input: PipelineJobInput): ICreatePipelineJobRequest {
  const parent = `projects/${input.project}/locations/${input.region}`;
  const parameterValues: Record<string, protos.google.protobuf.IValue> = {};
  for (const [name, value] of Object.entries(input.parameterValues)) parameterValues[name] = toValue(value);
  const spec = 'pipelineSpec' in input.source ? input.source.pipelineSpec : undefined;
  const displayName = (input.displayName ?? spec?.pipelineInfo.name ?? input.jobId ?? 'pipeline').slice(0, 128);
  return {
    parent,
    pipelineJobId: input.jobId,
    pipelineJob: {
      displayName,
      ...(spec ? { pipelineSpec: toStruct(spec as unknown as Record<string, unknown>) } : {}),
      ...('templateUri' in input.source ? { templateUri: input.source.templateUri } : {}),
      runtimeConfig: { gcsOutputDirectory: input.pipelineRoot, parameterValues },
      encryptionSpec: { kmsKeyName: input.kmsKeyName },
      serviceAccount: input.serviceAccount,
      labels: { ...input.labels },
    },
  };
}

export interface SubmitResult {
  /** `duplicate`: a job with this id existed already (an event delivered twice). */
  readonly outcome: 'created' | 'duplicate';
  readonly name: string;
  readonly state?: string;
}

/**
 * Creates the job. ALREADY_EXISTS is success: with a deterministic job id it means this very
 * submission was made before. Other errors are rethrown for the caller to classify.
 */
export async function submitPipelineJob(
  client: v1.PipelineServiceClient,
  request: ICreatePipelineJobRequest,
): Promise<SubmitResult> {
  try {
    const [job] = await client.createPipelineJob(request);
    return { outcome: 'created', name: job.name ?? '', state: job.state ? String(job.state) : undefined };
  } catch (err) {
    if (classifyFailure(err) === 'duplicate' && request.pipelineJobId) {
      return { outcome: 'duplicate', name: `${request.parent}/pipelineJobs/${request.pipelineJobId}` };
    }
    throw err;
  }
}

/** One line for a log or a terminal: code name and the server's message. */
export function describeSubmitError(err: unknown): string {
  return `${grpcCodeName(grpcCodeOf(err))}: ${errorDetails(err)}`;
}

/**
 * A job id that is the same for every delivery of the same object version, so Vertex AI
 * itself refuses a second run (ALREADY_EXISTS). The readable part is only a hint; the hash
 * of bucket, name and generation carries the identity.
 */
export function pipelineJobIdFor(bucket: string, objectName: string, generation: string): string {
  const digest = createHash('sha256').update(`${bucket}\n${objectName}\n${generation}`).digest('hex').slice(0, 32);
  const base = objectName.split('/').pop() ?? '';
  const slug = base
    .toLowerCase()
    .replace(/\.csv$/, '')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40)
    .replace(/-+$/, '');
  return requireJobId(`trigger-${slug ? `${slug}-` : ''}${digest}`, 'derived job id');
}

/** A job id for manual runs: `<pipeline name>-<UTC timestamp>`, like the Vertex AI SDK's. */
export function timestampedJobId(pipelineName: string, now: Date = new Date()): string {
  const slug = toLabelValue(pipelineName).replace(/_/g, '-').replace(/^[^a-z]+/, '').slice(0, 100) || 'pipeline';
  const stamp = now.toISOString().replace(/[-:TZ]/g, '').replace(/\.\d+$/, '').slice(0, 14);
  return requireJobId(`${slug}-${stamp}`, 'generated job id');
}

/**
 * Checks parameter names against the pipeline's declared inputs and converts string values
 * (from flags) to the declared type. Vertex AI would refuse an undeclared name too, but only
 * after the round trip and with a less direct message.
 */
export function resolveParameters(
  spec: PipelineSpec | undefined,
  values: Readonly<Record<string, unknown>>,
  source: string,
): Record<string, unknown> {
  const declared = spec?.root.inputDefinitions?.parameters;
  if (!declared) return { ...values };
  const out: Record<string, unknown> = {};
  for (const [name, raw] of Object.entries(values)) {
    const decl = declared[name];
    if (!decl) {
      const known = Object.keys(declared);
      throw new ConfigError(
        `pipeline parameter '${name}' is not an input of the pipeline in ${source}; ` +
          (known.length ? `its inputs are: ${known.join(', ')}` : 'it takes no inputs'),
      );
    }
    out[name] = typeof raw === 'string' ? coerce(name, raw, decl.parameterType) : raw;
  }
  const missing = Object.entries(declared)
    .filter(([name, decl]) => !(name in out) && !decl.isOptional && decl.defaultValue === undefined)
    .map(([name]) => name);
  if (missing.length > 0) {
    throw new ConfigError(`pipeline in ${source} needs a value for: ${missing.join(', ')}`);
  }
  return out;
}

function coerce(name: string, raw: string, type: string | undefined): unknown {
  const fail = (what: string): never => {
    throw new ConfigError(`pipeline parameter '${name}' is declared ${type}: '${raw}' is not ${what}`);
  };
  switch (type) {
    case 'NUMBER_INTEGER':
      return /^-?\d+$/.test(raw.trim()) ? Number(raw) : fail('an integer');
    case 'NUMBER_DOUBLE': {
      const n = Number(raw);
      return raw.trim() !== '' && Number.isFinite(n) ? n : fail('a number');
    }
    case 'BOOLEAN':
      return raw === 'true' ? true : raw === 'false' ? false : fail('true or false');
    case 'LIST':
    case 'STRUCT': {
      let parsed: unknown;
      try {
        parsed = JSON.parse(raw);
      } catch {
        return fail(type === 'LIST' ? 'a JSON array' : 'a JSON object');
      }
      const ok = type === 'LIST' ? Array.isArray(parsed) : typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed);
      return ok ? parsed : fail(type === 'LIST' ? 'a JSON array' : 'a JSON object');
    }
    default:
      return raw;
  }
}
