import { loadConfig, type TriggerConfig } from './config';
import { classifyFailure, errorDetails, grpcCodeName, grpcCodeOf, TemplateError } from '../../../../packages/vertex-client/src/errors';
import { jsonLogger, type Logger } from './log';
import {
  buildCreatePipelineJobRequest,
  pipelineJobIdFor,
  resolveParameters,
  submitPipelineJob,
  type PipelineSource,
} from '../../../../packages/vertex-client/src/submission';
import { GcsTemplateReader, parsePipelineTemplate, type PipelineSpec, type TemplateReader } from '../../../../packages/vertex-client/src/template';
import { ConfigError, toLabelValue } from '../../../../packages/vertex-client/src/validation';
import { MESSAGE_PUBLISHED_EVENT_TYPE, parseTrainingRequest, trainingRequestJobId } from './training-request';
import { PipelineServiceClient, vertexClientOptions } from './vertex';

export const FINALIZED_EVENT_TYPE = 'google.cloud.storage.object.v1.finalized';

/** The fields of a CloudEvent this handler reads (the Functions Framework passes more). */
export interface StorageCloudEvent {
  readonly id?: string;
  readonly type?: string;
  readonly source?: string;
  readonly subject?: string;
  readonly data?: unknown;
}

/**
 * What happened to one event. Only `throw` makes Eventarc redeliver; every outcome here is
 * an acknowledgement.
 */
export type TriggerOutcome =
  | { readonly outcome: 'submitted' | 'duplicate'; readonly jobName: string }
  | { readonly outcome: 'ignored' | 'rejected'; readonly reason: string };

export interface TriggerDependencies {
  /** @default - read from the environment on the first event */
  readonly config?: TriggerConfig;
  /** @default - a client for the config's region */
  readonly pipelineClient?: PipelineServiceClient;
  /** @default - Cloud Storage, or STORAGE_EMULATOR_HOST */
  readonly templateReader?: TemplateReader;
  /** @default - JSON lines on stdout */
  readonly logger?: Logger;
  readonly env?: NodeJS.ProcessEnv;
}

interface ObjectRef {
  readonly bucket: string;
  readonly name: string;
  readonly generation: string;
}

/**
 * Builds the CloudEvent handler. Clients are created on the first event and reused, as an
 * instance serves many events. A configuration error is thrown on every event: the function
 * cannot work until it is redeployed, and failing loudly keeps the events for that redeploy.
 */
export function createHandler(deps: TriggerDependencies = {}): (event: StorageCloudEvent) => Promise<TriggerOutcome> {
  const log = deps.logger ?? jsonLogger;
  let state: { config: TriggerConfig; client: PipelineServiceClient; reader: TemplateReader } | undefined;

  const init = () => {
    if (state) return state;
    const config = deps.config ?? loadConfig(deps.env ?? process.env);
    state = {
      config,
      client: deps.pipelineClient ?? new PipelineServiceClient(vertexClientOptions(config.region, config.vertexApiEndpoint)),
      reader: deps.templateReader ?? new GcsTemplateReader({ emulatorHost: config.storageEmulatorHost }),
    };
    return state;
  };

  return async function onObjectFinalized(event: StorageCloudEvent): Promise<TriggerOutcome> {
    const eventFields = { eventId: event.id, eventType: event.type, subject: event.subject };
    let ctx: ReturnType<typeof init>;
    try {
      ctx = init();
    } catch (err) {
      log({ severity: 'ERROR', message: `pipeline trigger is misconfigured: ${(err as Error).message}`, ...eventFields });
      throw err;
    }

    // one function, two triggers: the shared-data bucket's finalize event and a message on the
    // training-requests topic; each maps to a job id that repeats only for a redelivery
    const isRequest = event.type === MESSAGE_PUBLISHED_EVENT_TYPE;
    const parsed = isRequest ? parseTrainingRequest(event, ctx.config.dataParameterName) : parseEvent(event);
    if ('reason' in parsed) {
      log({ severity: parsed.outcome === 'rejected' ? 'ERROR' : 'INFO', message: parsed.reason, ...eventFields, outcome: parsed.outcome });
      return parsed;
    }
    const object = parsed;
    const dataUri = `gs://${object.bucket}/${object.name}`;
    const jobId = 'messageId' in object ? trainingRequestJobId(object.topic, object.messageId) : pipelineJobIdFor(object.bucket, object.name, object.generation);
    const requested = 'messageId' in object ? object.parameters : {};
    const fields = {
      ...eventFields,
      object: dataUri,
      ...('messageId' in object ? { messageId: object.messageId } : { generation: object.generation }),
      pipelineJobId: jobId,
    };

    try {
      const { config } = ctx;
      let source: PipelineSource;
      let spec: PipelineSpec | undefined;
      if (config.templateUri.startsWith('gs://')) {
        spec = parsePipelineTemplate(await ctx.reader.read(config.templateUri), config.templateUri);
        source = { pipelineSpec: spec };
      } else {
        source = { templateUri: config.templateUri };
      }
      const parameterValues = resolveParameters(
        spec,
        { ...config.extraParameters, ...requested, [config.dataParameterName]: dataUri },
        config.templateUri,
      );
      const request = buildCreatePipelineJobRequest({
        project: config.projectId,
        region: config.region,
        jobId,
        source,
        pipelineRoot: config.pipelineRoot,
        kmsKeyName: config.kmsKeyName,
        serviceAccount: config.serviceAccount,
        parameterValues,
        labels: {
          'triggered-by': isRequest ? 'training-request' : 'pipeline-trigger',
          'source-bucket': toLabelValue(object.bucket),
        },
      });
      const result = await submitPipelineJob(ctx.client, request);
      if (result.outcome === 'duplicate') {
        log({ severity: 'NOTICE', message: `duplicate event: pipeline job ${jobId} already exists, not starting a second run`, ...fields, outcome: 'duplicate', jobName: result.name });
        return { outcome: 'duplicate', jobName: result.name };
      }
      log({ severity: 'INFO', message: `submitted pipeline job ${result.name} for ${dataUri}`, ...fields, outcome: 'submitted', jobName: result.name });
      return { outcome: 'submitted', jobName: result.name };
    } catch (err) {
      const kind = err instanceof ConfigError ? 'permanent' : classifyFailure(err);
      const code = err instanceof TemplateError || err instanceof ConfigError ? undefined : grpcCodeName(grpcCodeOf(err));
      const reason = errorDetails(err);
      if (kind === 'transient') {
        log({ severity: 'WARNING', message: `transient failure submitting pipeline for ${dataUri}, the event will be retried: ${reason}`, ...fields, outcome: 'retry', code });
        throw err;
      }
      log({ severity: 'ERROR', message: `cannot submit pipeline for ${dataUri}, not retrying: ${reason}`, ...fields, outcome: 'rejected', code });
      return { outcome: 'rejected', reason };
    }
  };
}

/** Checks the event; an event that can never lead to a run is acknowledged with a reason. */
export function parseEvent(event: StorageCloudEvent): ObjectRef | { outcome: 'ignored' | 'rejected'; reason: string } {
  if (event.type && event.type !== FINALIZED_EVENT_TYPE) {
    return { outcome: 'ignored', reason: `event type ${event.type} is not ${FINALIZED_EVENT_TYPE}` };
  }
  const data = event.data;
  if (typeof data !== 'object' || data === null) {
    return { outcome: 'rejected', reason: 'malformed event: no object metadata in the event data' };
  }
  const { bucket, name, generation } = data as Record<string, unknown>;
  const missing = [
    typeof bucket === 'string' && bucket ? undefined : 'bucket',
    typeof name === 'string' && name ? undefined : 'name',
    (typeof generation === 'string' && /^\d+$/.test(generation)) || (typeof generation === 'number' && Number.isInteger(generation))
      ? undefined
      : 'generation',
  ].filter((f): f is string => f !== undefined);
  if (missing.length > 0) {
    return { outcome: 'rejected', reason: `malformed event: missing or invalid ${missing.join(', ')}` };
  }
  const objectName = name as string;
  if (objectName.endsWith('/')) {
    return { outcome: 'ignored', reason: `gs://${bucket}/${objectName} is a folder placeholder, not a data file` };
  }
  if (!objectName.toLowerCase().endsWith('.csv')) {
    return { outcome: 'ignored', reason: `gs://${bucket}/${objectName} is not a CSV file` };
  }
  return { bucket: bucket as string, name: objectName, generation: String(generation) };
}
