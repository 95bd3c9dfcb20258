/**
 * Local and CI submission of the Vertex AI pipeline: the same request the pipeline-trigger
 * function builds (one module for both), from a local compiled file, a gs:// object or a
 * template registry URL.
 */
import * as fs from 'node:fs';
import { PipelineServiceClient } from './clients';
import { classifyFailure, TemplateError } from '../../packages/vertex-client/src/errors';
import { fromStruct } from '../../packages/vertex-client/src/protobuf-values';
import {
  buildCreatePipelineJobRequest,
  resolveParameters,
  submitPipelineJob,
  timestampedJobId,
  type PipelineSource,
} from '../../packages/vertex-client/src/submission';
import { GcsTemplateReader, parsePipelineTemplate, type PipelineSpec, type TemplateReader } from '../../packages/vertex-client/src/template';
import {
  requireGcsPrefix,
  requireJobId,
  requireKmsKey,
  requireProjectId,
  requireRegion,
  requireServiceAccount,
} from '../../packages/vertex-client/src/validation';
import { asCliError, CliError, connect, describeCallError, EXIT, type ConnectionFlags } from './connection';
import type { Io } from './io';

export const DEFAULT_TEMPLATE = 'assets/pipelines/compiled/end2end.json';

const TERMINAL = new Set(['PIPELINE_STATE_SUCCEEDED', 'PIPELINE_STATE_FAILED', 'PIPELINE_STATE_CANCELLED']);

export interface SubmitFlags extends ConnectionFlags {
  /** Local path, gs:// URI, or https://<region>-kfp.pkg.dev/... template. */
  readonly template?: string;
  readonly pipelineRoot?: string;
  readonly kmsKey?: string;
  readonly serviceAccount?: string;
  readonly param?: string[];
  readonly label?: string[];
  readonly jobId?: string;
  readonly displayName?: string;
  readonly dryRun?: boolean;
  readonly wait?: boolean;
  /** seconds */
  readonly pollInterval?: number;
}

/** `key=value` pairs; a key given twice is a mistake worth stopping for. */
export function parsePairs(pairs: readonly string[], flag: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const pair of pairs) {
    const eq = pair.indexOf('=');
    if (eq <= 0) throw new CliError(`${flag} '${pair}' is not key=value`);
    const key = pair.slice(0, eq);
    if (key in out) throw new CliError(`${flag} '${key}' is given twice`);
    out[key] = pair.slice(eq + 1);
  }
  return out;
}

async function loadSource(template: string, reader: () => TemplateReader): Promise<{ source: PipelineSource; spec?: PipelineSpec }> {
  if (/^https:\/\/[a-z0-9-]+-kfp\.pkg\.dev\/.+/.test(template)) return { source: { templateUri: template } };
  if (template.startsWith('https://') || template.startsWith('http://')) {
    throw new CliError(`--template '${template}': only Artifact Registry templates (https://<region>-kfp.pkg.dev/...) are accepted as URLs`);
  }
  let text: string;
  if (template.startsWith('gs://')) {
    try {
      text = await reader().read(template);
    } catch (err) {
      throw new CliError((err as Error).message, err instanceof TemplateError && err.permanent ? EXIT.USAGE : EXIT.FAILED);
    }
  } else {
    try {
      text = fs.readFileSync(template, 'utf8');
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      throw new CliError(
        code === 'ENOENT'
          ? `--template ${template} does not exist${template === DEFAULT_TEMPLATE ? ' (compile the pipeline first, or pass --template)' : ''}`
          : `cannot read --template ${template}: ${code ?? (err as Error).message}`,
      );
    }
  }
  try {
    const spec = parsePipelineTemplate(text, template);
    return { source: { pipelineSpec: spec }, spec };
  } catch (err) {
    throw new CliError((err as Error).message);
  }
}

/** The `submit-pipeline` command; returns the exit code. */
export async function runSubmitPipeline(
  flags: SubmitFlags,
  io: Io,
  env: NodeJS.ProcessEnv = process.env,
  deps: { templateReader?: TemplateReader } = {},
): Promise<number> {
  const project = asCliError(() => requireProjectId(flags.project ?? env.GOOGLE_CLOUD_PROJECT, '--project'));
  const region = asCliError(() => requireRegion(flags.region ?? env.GOOGLE_CLOUD_REGION, '--region'));
  const pipelineRoot = asCliError(() => requireGcsPrefix(flags.pipelineRoot ?? env.PIPELINE_ROOT, '--pipeline-root'));
  const kmsKeyName = asCliError(() => requireKmsKey(flags.kmsKey ?? env.KMS_KEY_NAME, '--kms-key', region));
  const serviceAccount = asCliError(() => requireServiceAccount(flags.serviceAccount ?? env.PIPELINE_SERVICE_ACCOUNT, '--service-account'));
  const params = parsePairs(flags.param ?? [], '--param');
  const labels = parsePairs(flags.label ?? [], '--label');
  for (const [key, value] of Object.entries(labels)) {
    if (!/^[a-z][a-z0-9_-]{0,62}$/.test(key) || !/^[a-z0-9_-]{0,63}$/.test(value)) {
      throw new CliError(`--label '${key}=${value}': keys and values are lowercase letters, digits, _ and -, at most 63 characters`);
    }
  }
  if (flags.jobId !== undefined) asCliError(() => requireJobId(flags.jobId!, '--job-id'));

  const template = flags.template ?? env.PIPELINE_TEMPLATE_URI ?? DEFAULT_TEMPLATE;
  const reader = () => deps.templateReader ?? new GcsTemplateReader({ emulatorHost: env.STORAGE_EMULATOR_HOST });
  const { source, spec } = await loadSource(template, reader);
  const parameterValues = asCliError(() => resolveParameters(spec, params, template));
  const jobId = flags.jobId ?? timestampedJobId(spec?.pipelineInfo.name ?? template.split('/')[5] ?? 'pipeline');
  const request = buildCreatePipelineJobRequest({
    project,
    region,
    jobId,
    displayName: flags.displayName,
    source,
    pipelineRoot,
    kmsKeyName,
    serviceAccount,
    parameterValues,
    labels: { 'triggered-by': 'submit-pipeline', ...labels },
  });

  if (flags.dryRun) {
    const job = request.pipelineJob!;
    const readable = {
      ...request,
      pipelineJob: {
        ...job,
        pipelineSpec: job.pipelineSpec ? '(compiled spec from ' + template + ')' : undefined,
        runtimeConfig: { ...job.runtimeConfig, parameterValues: fromStruct({ fields: job.runtimeConfig?.parameterValues ?? {} }) },
      },
    };
    io.stdout.write(`${JSON.stringify(readable, null, 2)}\n`);
    return EXIT.OK;
  }

  const conn = await connect({ ...flags, project, region }, env);
  const client = new PipelineServiceClient(conn.clientOptions);
  try {
    let result;
    try {
      result = await submitPipelineJob(client, request);
    } catch (err) {
      throw new CliError(describeCallError(err, `submitting pipeline job ${jobId}`, conn.target), EXIT.FAILED);
    }
    const consoleUrl = `https://console.cloud.google.com/vertex-ai/locations/${region}/pipelines/runs/${jobId}?project=${project}`;
    if (result.outcome === 'duplicate') io.stderr.write(`pipeline job ${result.name} already exists; not submitted again\n`);
    else io.stderr.write(`submitted ${result.name}\n${consoleUrl}\n`);
    if (!flags.wait) {
      io.stdout.write(`${JSON.stringify({ name: result.name, outcome: result.outcome, state: result.state, consoleUrl })}\n`);
      return EXIT.OK;
    }
    const state = await waitForPipeline(client, result.name, (flags.pollInterval ?? 30) * 1000, io, conn.target);
    io.stdout.write(`${JSON.stringify({ name: result.name, outcome: result.outcome, state, consoleUrl })}\n`);
    return state === 'PIPELINE_STATE_SUCCEEDED' ? EXIT.OK : EXIT.FAILED;
  } finally {
    await client.close();
  }
}

async function waitForPipeline(client: PipelineServiceClient, name: string, intervalMs: number, io: Io, target: string): Promise<string> {
  let last = '';
  let failures = 0;
  for (;;) {
    try {
      const [job] = await client.getPipelineJob({ name });
      failures = 0;
      const state = String(job.state);
      if (state !== last) io.stderr.write(`${new Date().toISOString()} ${state.replace(/^PIPELINE_STATE_/, '')}\n`);
      last = state;
      if (TERMINAL.has(state)) {
        if (job.error?.message) io.stderr.write(`pipeline job ${name} ended ${state}: ${job.error.message}\n`);
        return state;
      }
    } catch (err) {
      failures += 1;
      if (classifyFailure(err) !== 'transient' || failures > 5) {
        throw new CliError(describeCallError(err, `pipeline job ${name}`, target), EXIT.FAILED);
      }
    }
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}
