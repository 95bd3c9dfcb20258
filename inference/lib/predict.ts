import * as fs from 'node:fs';
import type { v1 } from '@google-cloud/aiplatform';
import { fromValue, toValue } from '../../packages/vertex-client/src/protobuf-values';
import { CliError, connect, describeCallError, EXIT, mergeLocation, parseJson, parseResource, type ConnectionFlags } from './connection';
import type { Io } from './io';
import { PredictionServiceClient } from './prediction-client';

export interface PredictResult {
  readonly predictions: unknown[];
  readonly deployedModelId?: string;
  readonly model?: string;
  readonly modelVersionId?: string;
}

/** One Predict call. Instances and parameters are plain JSON. */
export async function predict(
  client: v1.PredictionServiceClient,
  endpoint: string,
  instances: readonly unknown[],
  options: { parameters?: unknown; timeoutMs?: number } = {},
): Promise<PredictResult> {
  const [response] = await client.predict(
    {
      endpoint,
      instances: instances.map(toValue),
      ...(options.parameters !== undefined ? { parameters: toValue(options.parameters) } : {}),
    },
    // The client's own config lists no retry codes for Predict (it is not idempotent), so the
    // library never retries it; the retries are the callers' (the stream's backoff, the web
    // service's deadline loop). `retry: null` says so, and spares the library a copy of its
    // retry and backoff settings on every call.
    options.timeoutMs ? { timeout: options.timeoutMs, retry: null } : { retry: null },
  );
  return {
    predictions: (response.predictions ?? []).map(fromValue),
    deployedModelId: response.deployedModelId || undefined,
    model: response.model || undefined,
    modelVersionId: response.modelVersionId || undefined,
  };
}

export interface EndpointFlags extends ConnectionFlags {
  readonly endpoint?: string;
}

/** An endpoint id or full name, with project and region, as the full resource name. */
export function resolveEndpoint(flags: EndpointFlags, env: NodeJS.ProcessEnv = process.env): { project?: string; region?: string; name: (project: string, region: string) => string } {
  if (!flags.endpoint) throw new CliError('--endpoint is required (an endpoint id or projects/<p>/locations/<r>/endpoints/<id>)');
  const ref = parseResource(flags.endpoint, 'endpoints', '--endpoint');
  const where = mergeLocation(ref, flags, '--endpoint', env);
  return { ...where, name: (project, region) => `projects/${project}/locations/${region}/endpoints/${ref.id}` };
}

/**
 * Instances from `--instance` (one JSON value each, repeatable) or `--instance-file`: a JSON
 * file holding the REST request body `{"instances": [...], "parameters": {...}}`, an array of
 * instances, or one instance.
 */
export function readInstances(flags: { instance?: string[]; instanceFile?: string }): { instances: unknown[]; parameters?: unknown } {
  const inline = flags.instance ?? [];
  if (inline.length > 0 && flags.instanceFile) throw new CliError('give --instance or --instance-file, not both');
  if (inline.length > 0) return { instances: inline.map((text, i) => parseJson(text, inline.length > 1 ? `--instance #${i + 1}` : '--instance')) };
  if (!flags.instanceFile) throw new CliError('an instance is required: --instance \'<json>\' or --instance-file <path>');
  let text: string;
  try {
    text = fs.readFileSync(flags.instanceFile, 'utf8');
  } catch (err) {
    throw new CliError(`cannot read --instance-file ${flags.instanceFile}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
  const doc = parseJson(text, `--instance-file ${flags.instanceFile}`);
  if (typeof doc === 'object' && doc !== null && !Array.isArray(doc) && Array.isArray((doc as { instances?: unknown }).instances)) {
    const body = doc as { instances: unknown[]; parameters?: unknown };
    if (body.instances.length === 0) throw new CliError(`--instance-file ${flags.instanceFile} has no instances`);
    return { instances: body.instances, parameters: body.parameters };
  }
  if (Array.isArray(doc)) {
    if (doc.length === 0) throw new CliError(`--instance-file ${flags.instanceFile} has no instances`);
    return { instances: doc };
  }
  return { instances: [doc] };
}

export interface PredictFlags extends EndpointFlags {
  readonly instance?: string[];
  readonly instanceFile?: string;
  readonly parameters?: string;
  /** seconds */
  readonly timeout?: number;
}

/** The `predict` command: prints the response as JSON on stdout; returns the exit code. */
export async function runPredict(flags: PredictFlags, io: Io, env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const endpoint = resolveEndpoint(flags, env);
  const { instances, parameters: fileParameters } = readInstances(flags);
  const parameters = flags.parameters !== undefined ? parseJson(flags.parameters, '--parameters') : fileParameters;
  const conn = await connect({ ...flags, ...endpoint }, env);
  const name = endpoint.name(conn.project, conn.region);
  const client = new PredictionServiceClient(conn.clientOptions);
  try {
    const result = await predict(client, name, instances, { parameters, timeoutMs: (flags.timeout ?? 60) * 1000 });
    io.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
    return EXIT.OK;
  } catch (err) {
    throw new CliError(describeCallError(err, `endpoint ${name}`, conn.target), EXIT.FAILED);
  } finally {
    await client.close();
  }
}
